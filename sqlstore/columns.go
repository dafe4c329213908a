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

// countCols expands a casualty figure name to its three columns.
func countCols(name string) []string {
	return []string{name + "_low", name + "_best", name + "_high"}
}

// figureNames are the casualty figures in column order.
var figureNames = []string{"killed", "killed_security", "killed_civilians", "killed_militants", "injured", "hostages"}

var figureCols = func() []string {
	var cols []string
	for _, n := range figureNames {
		cols = append(cols, countCols(n)...)
	}
	return cols
}()

func figures(t sarhad.Tally, injured, hostages sarhad.Count) [6]sarhad.Count {
	return [6]sarhad.Count{t.Total, t.Security, t.Civilians, t.Militants, injured, hostages}
}

func appendCount(dst []any, c sarhad.Count) []any { return appendCountOf(dst, asAny, c) }

// appendCountOf appends the three columns of a figure, each through v, to dst.
func appendCountOf[T any](dst []T, v func(any) T, c sarhad.Count) []T {
	if !c.Known {
		return append(dst, v(nil), v(nil), v(nil))
	}
	return append(dst, v(int64(c.Low)), v(int64(c.Best)), v(int64(c.High)))
}

// asAny is the identity: appenders of values that take a conversion make []any with it.
func asAny(x any) any { return x }

// countScan receives the three columns of a figure.
type countScan struct{ low, best, high sql.NullInt64 }

func (c *countScan) dest() []any { return []any{&c.low, &c.best, &c.high} }

func (c *countScan) count() sarhad.Count {
	if !c.best.Valid {
		return sarhad.Count{}
	}
	return sarhad.Count{Low: int(c.low.Int64), Best: int(c.best.Int64), High: int(c.high.Int64), Known: true}
}

// figuresOf returns the killed tally, injured and hostages of scanned figure columns.
func figuresOf(f *[6]countScan) (sarhad.Tally, sarhad.Count, sarhad.Count) {
	return sarhad.Tally{Total: f[0].count(), Security: f[1].count(), Civilians: f[2].count(), Militants: f[3].count()},
		f[4].count(), f[5].count()
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
	for _, c := range figures(e.Killed, e.Injured, e.Hostages) {
		dst = appendCount(dst, c)
	}
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
		figs                           [6]countScan
	)
	dest := []any{&pk, &day, &year, &month, &dd,
		&e.Location.Province, &e.Location.District, &e.Location.Place, &lat, &lon, &geoPrec, &e.Location.PlaceID,
		&e.Perpetrator, &attr, &attack, &target}
	for i := range figs {
		dest = append(dest, figs[i].dest()...)
	}
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
	e.Killed, e.Injured, e.Hostages = figuresOf(&figs)
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
