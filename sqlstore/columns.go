package sqlstore

import (
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/sarhad-osint/sarhad"
)

// noDay is the day number stored for an unknown date: far before any real date, so that it
// sorts last in date-descending order and falls outside every date range.
const noDay = -1000000

// dayNumber returns the stored day number of d.
func dayNumber(d sarhad.Date) int64 {
	if d.IsZero() {
		return noDay
	}
	return int64(d.DayNumber())
}

// figureNames are the casualty figures in column order.
var figureNames = []string{"killed", "killed_security", "killed_civilians", "killed_militants", "injured", "hostages"}

// figureCols are the casualty columns of events (migration 0003): the best estimate of each
// figure (NULL when unknown), in figureNames order, then ranges, which holds the low and high
// estimates of the figures where they differ from the best (see appendRanges). Most reports
// give one number per figure, so ranges is mostly NULL: twelve low and high columns made
// every event row a quarter wider and its insert a fifth slower.
var figureCols = func() []string {
	var cols []string
	for _, n := range figureNames {
		cols = append(cols, n+"_best")
	}
	return append(cols, "ranges")
}()

func figures(t sarhad.Tally, injured, hostages sarhad.Count) [6]sarhad.Count {
	return [6]sarhad.Count{t.Total, t.Security, t.Civilians, t.Militants, injured, hostages}
}

// appendFigures appends the values of figureCols for f, each through v, to dst.
func appendFigures[T any](dst []T, v func(any) T, f *[6]sarhad.Count) []T {
	for _, c := range f {
		if c.Known {
			dst = append(dst, v(int64(c.Best)))
		} else {
			dst = append(dst, v(nil))
		}
	}
	if r := appendRanges(nil, f); r != nil {
		return append(dst, v(string(r)))
	}
	return append(dst, v(nil))
}

// appendRanges appends the ranges column of f to dst: a JSON array with, for each figure in
// figureNames order, [low, high] when the figure is known and low or high differs from its
// best estimate, else null, without trailing nulls. It appends nothing, and returns dst
// unchanged, when no figure has a range (the column is NULL). Example: [null,[28,84]].
func appendRanges(dst []byte, f *[6]sarhad.Count) []byte {
	last := -1
	for i, c := range f {
		if hasRange(c) {
			last = i
		}
	}
	if last < 0 {
		return dst
	}
	dst = append(dst, '[')
	for i, c := range f[:last+1] {
		if i > 0 {
			dst = append(dst, ',')
		}
		if !hasRange(c) {
			dst = append(dst, "null"...)
			continue
		}
		dst = append(dst, '[')
		dst = strconv.AppendInt(dst, int64(c.Low), 10)
		dst = append(dst, ',')
		dst = strconv.AppendInt(dst, int64(c.High), 10)
		dst = append(dst, ']')
	}
	return append(dst, ']')
}

func hasRange(c sarhad.Count) bool { return c.Known && (c.Low != c.Best || c.High != c.Best) }

// asAny is the identity: appenders of values that take a conversion make []any with it.
func asAny(x any) any { return x }

// figureScan receives the columns of figureCols.
type figureScan struct {
	best   [6]sql.NullInt64
	ranges sql.NullString
}

func (f *figureScan) dest() []any {
	d := make([]any, 0, len(figureCols))
	for i := range f.best {
		d = append(d, &f.best[i])
	}
	return append(d, &f.ranges)
}

// figures returns the killed tally, injured and hostages of the scanned columns.
func (f *figureScan) figures() (sarhad.Tally, sarhad.Count, sarhad.Count, error) {
	var c [6]sarhad.Count
	for i, b := range f.best {
		if b.Valid {
			c[i] = sarhad.Count{Low: int(b.Int64), Best: int(b.Int64), High: int(b.Int64), Known: true}
		}
	}
	if f.ranges.Valid {
		var rs []*[2]int
		if err := json.Unmarshal([]byte(f.ranges.String), &rs); err != nil || len(rs) > len(c) {
			return sarhad.Tally{}, sarhad.Count{}, sarhad.Count{}, fmt.Errorf("ranges %q: not an array of at most %d [low, high] pairs", f.ranges.String, len(c))
		}
		for i, r := range rs {
			if r != nil && c[i].Known {
				c[i].Low, c[i].High = r[0], r[1]
			}
		}
	}
	return sarhad.Tally{Total: c[0], Security: c[1], Civilians: c[2], Militants: c[3]}, c[4], c[5], nil
}

func nullFloat(v float64, ok bool) any {
	if !ok {
		return nil
	}
	return v
}

// jsonValue marshals v for a JSON column; nil (SQL NULL) when v is empty.
func jsonValue[T any](v []T) (any, error) {
	if len(v) == 0 {
		return nil, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return string(b), nil
}

// decodeHash parses a report hash: 64 hex digits.
func decodeHash(s string) ([]byte, error) {
	b, err := hex.DecodeString(s)
	if err != nil || len(b) != 32 {
		return nil, sarhad.Errorf(sarhad.EINVALID, "hash %q is not a hex SHA-256", s)
	}
	return b, nil
}

// reportCols are the columns of reports in the order reportValues writes them: what SQL
// filters, joins and checks on, and the rest of the report in body (see body.go).
var reportCols = []string{"id", "ext_id", "owner", "source", "dataset", "hash", "marking", "day", "province",
	"created_at", "supersedes", "body"}

// reportValues appends the column values of a report (already normalized, with its decoded
// hash and its encoded body), each through v, to dst.
func reportValues[T any](dst []T, v func(any) T, id int64, r *sarhad.Report, hash, body []byte, supersedes any, created int64) []T {
	return append(dst, v(id), v(r.ID), v(r.Owner), v(r.Source), v(r.Dataset), v(hash), v(string(r.Marking)),
		v(dayNumber(r.Date)), v(r.Location.Province), v(created), v(supersedes), v(body))
}

// reportSelect is the select list that scanReport reads, for a table aliased r.
var reportSelect = strings.Join(prefixed("r.", reportCols), ", ")

func prefixed(p string, cols []string) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = p + c
	}
	return out
}

// scanReport reads a row selected with reportSelect.
func scanReport(sc interface{ Scan(...any) error }) (storedReport, error) {
	var (
		s          storedReport
		r          = &s.Report
		hash, body []byte
		mark       string
		day, cre   int64
		supersedes sql.NullInt64
	)
	if err := sc.Scan(&s.pk, &r.ID, &r.Owner, &r.Source, &r.Dataset, &hash, &mark, &day, &r.Location.Province,
		&cre, &supersedes, &body); err != nil {
		return s, err
	}
	if err := decodeBody(body, r); err != nil {
		return s, fmt.Errorf("report %s: %w", r.ID, err)
	}
	r.Hash = hex.EncodeToString(hash)
	r.Marking = sarhad.Marking(mark)
	s.created = time.Unix(0, cre).UTC()
	s.supersedes = supersedes.Int64
	return s, nil
}

// storedReport is a report with its storage metadata.
type storedReport struct {
	sarhad.Report
	pk         int64
	created    time.Time
	supersedes int64
}

// eventFieldCols are the event columns reconciled from reports: written when an event is
// created and rewritten when its report is revised.
var eventFieldCols = append(append([]string{
	"date_year", "date_month", "date_day", "date_precision",
	"province", "district", "place", "lat", "lon", "geo_precision", "place_id",
	"perpetrator", "attribution", "attack_type", "target_type",
}, figureCols...),
	"cross_border", "marking", "owner", "claims", "updated_at",
	"day", "year", "month_key", "week_key")

// eventFieldValues appends the values of eventFieldCols for e.
func eventFieldValues(dst []any, e *sarhad.Event, updated int64) ([]any, error) {
	claims, err := jsonValue(e.Claims)
	if err != nil {
		return nil, fmt.Errorf("event claims: %w", err)
	}
	l := e.Location
	has := l.HasCoords()
	dst = append(dst,
		int64(e.Date.Year), int64(e.Date.Month), int64(e.Date.Day), string(e.Date.Precision()),
		l.Province, l.District, l.Place, nullFloat(l.Lat, has), nullFloat(l.Lon, has), string(l.Precision), l.PlaceID,
		e.Perpetrator, string(e.Attribution), string(e.AttackType), string(e.TargetType))
	f := figures(e.Killed, e.Injured, e.Hostages)
	dst = appendFigures(dst, asAny, &f)
	return append(dst, string(e.CrossBorder), string(e.Marking), e.Owner, claims, updated,
		dayNumber(e.Date), int64(e.Date.Year), e.Date.MonthKey(), e.Date.WeekKey()), nil
}

// eventSelect is the select list that scanEvent reads, for a table aliased e.
var eventSelect = "e.id, e.day, " + strings.Join(prefixed("e.", append(append([]string{
	"date_year", "date_month", "date_day",
	"province", "district", "place", "lat", "lon", "geo_precision", "place_id",
	"perpetrator", "attribution", "attack_type", "target_type",
}, figureCols...),
	"cross_border", "credibility", "marking", "owner", "incident", "claims", "provenance", "updated_at")), ", ")

// scanEvent reads a row selected with eventSelect; it returns the event's primary key and
// day number too.
func scanEvent(sc interface{ Scan(...any) error }) (e sarhad.Event, pk, day int64, err error) {
	var (
		year, month, dd, cred, updated int64
		geoPrec, attr, attack, target  string
		nexus, mark                    string
		lat, lon                       sql.NullFloat64
		claims, prov                   sql.NullString
		figs                           figureScan
	)
	dest := []any{&pk, &day, &year, &month, &dd,
		&e.Location.Province, &e.Location.District, &e.Location.Place, &lat, &lon, &geoPrec, &e.Location.PlaceID,
		&e.Perpetrator, &attr, &attack, &target}
	dest = append(dest, figs.dest()...)
	dest = append(dest, &nexus, &cred, &mark, &e.Owner, &e.Incident, &claims, &prov, &updated)
	if err = sc.Scan(dest...); err != nil {
		return e, 0, 0, err
	}
	e.ID = eventID(pk)
	e.Date = sarhad.Date{Year: int(year), Month: int(month), Day: int(dd)}
	e.Location.Lat, e.Location.Lon = lat.Float64, lon.Float64
	e.Location.Precision = sarhad.GeoPrecision(geoPrec)
	e.Attribution = sarhad.Attribution(attr)
	e.AttackType = sarhad.AttackType(attack)
	e.TargetType = sarhad.TargetType(target)
	if e.Killed, e.Injured, e.Hostages, err = figs.figures(); err != nil {
		return e, 0, 0, fmt.Errorf("event %s: %w", e.ID, err)
	}
	e.CrossBorder = sarhad.Nexus(nexus)
	e.Credibility = int(cred)
	e.Marking = sarhad.Marking(mark)
	e.UpdatedAt = time.Unix(0, updated).UTC()
	if claims.Valid {
		if err = json.Unmarshal([]byte(claims.String), &e.Claims); err != nil {
			return e, 0, 0, fmt.Errorf("event %s: claims: %w", e.ID, err)
		}
	}
	if prov.Valid {
		if err = json.Unmarshal([]byte(prov.String), &e.Provenance); err != nil {
			return e, 0, 0, fmt.Errorf("event %s: provenance: %w", e.ID, err)
		}
	}
	return e, pk, day, nil
}

// eventID returns the public id of the event with primary key pk.
func eventID(pk int64) string { return "e-" + strconv.FormatInt(pk, 10) }

// parseEventID returns the primary key of a public event id; false when id is not one.
func parseEventID(id string) (int64, bool) {
	n, ok := strings.CutPrefix(id, "e-")
	if !ok || n == "" || n[0] == '0' || n[0] == '+' {
		return 0, false
	}
	pk, err := strconv.ParseInt(n, 10, 64)
	if err != nil || pk <= 0 {
		return 0, false
	}
	return pk, true
}
