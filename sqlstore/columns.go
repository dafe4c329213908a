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

func appendCount(dst []any, c sarhad.Count) []any {
	if !c.Known {
		return append(dst, nil, nil, nil)
	}
	return append(dst, int64(c.Low), int64(c.Best), int64(c.High))
}

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

func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UnixNano()
}

func timeOf(ns sql.NullInt64) time.Time {
	if !ns.Valid {
		return time.Time{}
	}
	return time.Unix(0, ns.Int64).UTC()
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

// reportCols are the columns of reports in the order reportValues writes them.
var reportCols = append(append([]string{
	"id", "ext_id", "hash", "source", "reliability", "dataset", "reported_at", "text",
	"date_year", "date_month", "date_day", "date_precision", "day",
	"province", "district", "place", "lat", "lon", "geo_precision", "place_id",
	"perpetrator", "perpetrator_raw", "attribution", "attack_type", "target_type",
}, figureCols...),
	"cross_border", "marking", "owner", "evidence", "created_at", "supersedes")

// reportValues appends the column values of a report (already normalized, with its decoded
// hash) to dst.
func reportValues(dst []any, id int64, r *sarhad.Report, hash []byte, supersedes any, created int64) ([]any, error) {
	var evidence any
	if len(r.Evidence) > 0 {
		b, err := json.Marshal(r.Evidence)
		if err != nil {
			return nil, sarhad.Errorf(sarhad.EINVALID, "report %s: evidence: %v", r.ID, err)
		}
		evidence = string(b)
	}
	l := r.Location
	has := l.HasCoords()
	dst = append(dst,
		id, r.ID, hash, r.Source, string(r.SourceReliability), r.Dataset, nullTime(r.ReportedAt), r.Text,
		int64(r.Date.Year), int64(r.Date.Month), int64(r.Date.Day), string(r.Date.Precision()), dayNumber(r.Date),
		l.Province, l.District, l.Place, nullFloat(l.Lat, has), nullFloat(l.Lon, has), string(l.Precision), l.PlaceID,
		r.Perpetrator, r.PerpetratorRaw, string(r.Attribution), string(r.AttackType), string(r.TargetType))
	for _, c := range figures(r.Killed, r.Injured, r.Hostages) {
		dst = appendCount(dst, c)
	}
	return append(dst, string(r.CrossBorder), string(r.Marking), r.Owner, evidence, created, supersedes), nil
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
		s                             storedReport
		r                             = &s.Report
		hash                          []byte
		rel, datePrec, geoPrec, attr  string
		attack, target, nexus, mark   string
		reportedAt, supersedes        sql.NullInt64
		lat, lon                      sql.NullFloat64
		evidence                      sql.NullString
		year, month, day, dayNum, cre int64
		figs                          [6]countScan
	)
	dest := []any{&s.pk, &r.ID, &hash, &r.Source, &rel, &r.Dataset, &reportedAt, &r.Text,
		&year, &month, &day, &datePrec, &dayNum,
		&r.Location.Province, &r.Location.District, &r.Location.Place, &lat, &lon, &geoPrec, &r.Location.PlaceID,
		&r.Perpetrator, &r.PerpetratorRaw, &attr, &attack, &target}
	for i := range figs {
		dest = append(dest, figs[i].dest()...)
	}
	dest = append(dest, &nexus, &mark, &r.Owner, &evidence, &cre, &supersedes)
	if err := sc.Scan(dest...); err != nil {
		return s, err
	}
	r.Hash = hex.EncodeToString(hash)
	r.SourceReliability = sarhad.Reliability(rel)
	r.ReportedAt = timeOf(reportedAt)
	r.Date = sarhad.Date{Year: int(year), Month: int(month), Day: int(day)}
	r.Location.Lat, r.Location.Lon = lat.Float64, lon.Float64
	r.Location.Precision = sarhad.GeoPrecision(geoPrec)
	r.Attribution = sarhad.Attribution(attr)
	r.AttackType = sarhad.AttackType(attack)
	r.TargetType = sarhad.TargetType(target)
	r.Killed, r.Injured, r.Hostages = figuresOf(&figs)
	r.CrossBorder = sarhad.Nexus(nexus)
	r.Marking = sarhad.Marking(mark)
	if evidence.Valid {
		if err := json.Unmarshal([]byte(evidence.String), &r.Evidence); err != nil {
			return s, fmt.Errorf("report %s: evidence: %w", r.ID, err)
		}
	}
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

// eventCols are the columns of events that AddReports writes.
var eventCols = append(append([]string{"id"}, eventFieldCols...), "credibility", "incident", "provenance")

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
