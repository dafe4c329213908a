package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/sarhad-osint/sarhad"
)

// statsColumn is the events column of each grouping key.
var statsColumn = map[sarhad.StatsKey]string{
	sarhad.ByYear:       "year",
	sarhad.ByMonth:      "month_key",
	sarhad.ByWeek:       "week_key",
	sarhad.ByProvince:   "province",
	sarhad.ByDistrict:   "district",
	sarhad.ByActor:      "perpetrator",
	sarhad.ByAttackType: "attack_type",
	sarhad.ByTargetType: "target_type",
}

// statsSums are the value expressions of a stats row, in StatsValueColumns order: unknown
// figures count as 0.
const statsSums = `count(*), coalesce(sum(e.killed_best), 0), coalesce(sum(e.killed_security_best), 0),
	coalesce(sum(e.killed_civilians_best), 0), coalesce(sum(e.killed_militants_best), 0),
	coalesce(sum(e.injured_best), 0)`

// statsPrefix is the order of the leading grouping columns of the SQLite index events_stats.
var statsPrefix = []sarhad.StatsKey{sarhad.ByYear, sarhad.ByMonth, sarhad.ByProvince, sarhad.ByDistrict}

// Stats counts the events the viewer may see that match q.Filter, grouped by q.By, with the
// sums of the best estimates of killed (total, security forces, civilians, militants) and
// injured. Rows are sorted by their keys, compared byte-wise; unknown key values (no month,
// no district, no known actor, …) come out as "".
//
// A grouping by any of year, month and province, filtered by province and whole months only,
// reads the monthly roll-up events_month, which triggers keep (a few tens of thousands of
// rows for a million events).
//
// On SQLite, a grouping by any of year, month, province and district (with filters on dates,
// province and district only) groups by the leading columns of the covering index
// events_stats instead, which SQLite streams without sorting, and sums those finer groups
// here: a few thousand rows instead of a sort of every event. SQLite queries that read the
// whole index or table are split in ranges run in parallel on as many read connections as
// CPUs (PostgreSQL parallelizes its own scans).
func (s *Store) Stats(ctx context.Context, v sarhad.Viewer, sq sarhad.StatsQuery) (sarhad.Stats, error) {
	out := sarhad.Stats{By: sq.By}
	if err := validateFilter(sq.Filter); err != nil {
		return out, err
	}
	seen := map[sarhad.StatsKey]bool{}
	for _, k := range sq.By {
		if _, ok := statsColumn[k]; !ok {
			return out, sarhad.Errorf(sarhad.EINVALID, "unknown stats key %q", k)
		}
		if seen[k] {
			return out, sarhad.Errorf(sarhad.EINVALID, "stats key %q given twice", k)
		}
		seen[k] = true
	}
	if from, to, ok := rollupRange(sq); ok {
		rows, err := s.statsRollup(ctx, v, sq, from, to)
		if err != nil {
			return out, err
		}
		out.Rows = mergeStatsRows(rows)
		return out, nil
	}
	group := sq.By
	if s.dialect == SQLite {
		group = prefixFor(sq)
	}
	var parts []part
	if s.dialect == SQLite {
		var err error
		if parts, err = s.parts(ctx, sq.Filter, group); err != nil {
			return out, err
		}
	}
	if len(parts) <= 1 {
		var p *part
		if len(parts) == 1 {
			p = &parts[0]
		}
		rows, err := s.statsPart(ctx, v, sq, group, p)
		if err != nil {
			return out, err
		}
		out.Rows = mergeStatsRows(rows)
		return out, nil
	}
	// Scan the parts in parallel, on as many read connections as CPUs.
	results := make([][]sarhad.StatsRow, len(parts))
	errs := make([]error, len(parts))
	next := make(chan int, len(parts))
	for i := range parts {
		next <- i
	}
	close(next)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(parts)) {
		wg.Go(func() {
			for i := range next {
				results[i], errs[i] = s.statsPart(ctx, v, sq, group, &parts[i])
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return out, err
	}
	out.Rows = mergeStatsRows(slices.Concat(results...))
	return out, nil
}

// part is a range of values of an events column that one stats query covers.
type part struct {
	col    string
	lo, hi int64
}

// parts splits a SQLite stats query into parts that can be scanned in parallel, about two
// per CPU: ranges of years when it reads the index events_stats (grouped by its leading
// columns), ranges of keys when it reads the table. A query filtered by district reads
// few rows through the index events_district and is not split. Events of unknown date have
// year 0, which only a query without a date range covers. No parts: the query covers
// nothing; one part: no parallelism.
func (s *Store) parts(ctx context.Context, f sarhad.EventFilter, group []sarhad.StatsKey) ([]part, error) {
	if f.District != "" {
		return nil, nil
	}
	col := "id"
	if len(group) > 0 && group[0] == sarhad.ByYear {
		col = "year"
	}
	var lo, hi int64
	if err := s.db.QueryRowContext(ctx, `SELECT coalesce(min(`+col+`), 0), coalesce(max(`+col+`), 0) FROM events`).Scan(&lo, &hi); err != nil {
		return nil, fmt.Errorf("stats: %w", err)
	}
	var out []part
	if col == "year" {
		if !f.From.IsZero() {
			lo = max(lo, int64(f.From.Year))
		}
		if !f.To.IsZero() {
			hi = min(hi, int64(f.To.Year))
		}
		if lo > hi {
			return nil, nil
		}
		if lo == 0 && hi > 0 {
			out = append(out, part{col, 0, 0})
			if err := s.db.QueryRowContext(ctx, `SELECT min(year) FROM events WHERE year > 0`).Scan(&lo); err != nil {
				return nil, fmt.Errorf("stats: %w", err)
			}
		}
	}
	n := min(2*int64(runtime.GOMAXPROCS(0)), hi-lo+1)
	if n <= 1 {
		return append(out, part{col, lo, hi}), nil
	}
	for i := range n {
		out = append(out, part{col, lo + (hi-lo+1)*i/n, lo + (hi-lo+1)*(i+1)/n - 1})
	}
	return out, nil
}

// statsPart runs a stats query grouped by group, restricted to the part p when not nil, and
// returns its rows with the keys of sq.By (to be merged).
func (s *Store) statsPart(ctx context.Context, v sarhad.Viewer, sq sarhad.StatsQuery, group []sarhad.StatsKey, p *part) ([]sarhad.StatsRow, error) {
	cols := make([]string, len(group))
	for i, k := range group {
		cols[i] = "e." + statsColumn[k]
	}
	q := &query{}
	q.write("SELECT ")
	for _, c := range cols {
		q.write(c, ", ")
	}
	q.write(statsSums, " FROM events e")
	q.filter(sq.Filter)
	if p != nil {
		q.where("e." + p.col + " BETWEEN " + q.arg(p.lo) + " AND " + q.arg(p.hi))
	}
	if !q.visible(v, "e") {
		return nil, nil
	}
	if len(cols) > 0 {
		q.write(" GROUP BY ", strings.Join(cols, ", "))
	}
	return s.statsRows(ctx, q, sq.By, group)
}

// rollupColumn is the events_month column of each key it has.
var rollupColumn = map[sarhad.StatsKey]string{
	sarhad.ByYear:     "year",
	sarhad.ByMonth:    "month_key",
	sarhad.ByProvince: "province",
}

// rollupRange reports whether a stats query can read the monthly roll-up events_month: its
// keys are among year, month and province, it filters by province and dates only, and its
// dates are whole months. It returns the first and last month (YYYYMM) the dates cover, 0
// when open.
func rollupRange(sq sarhad.StatsQuery) (from, to int, ok bool) {
	for _, k := range sq.By {
		if _, ok := rollupColumn[k]; !ok {
			return 0, 0, false
		}
	}
	f := sq.Filter
	if f.District != "" || f.Actor != "" || f.AttackType != "" || f.TargetType != "" {
		return 0, 0, false
	}
	if !f.From.IsZero() {
		start := f.From.Start()
		if start.Day() != 1 {
			return 0, 0, false
		}
		from = start.Year()*100 + int(start.Month())
	}
	if !f.To.IsZero() {
		end := f.To.End()
		if end.AddDate(0, 0, 1).Day() != 1 {
			return 0, 0, false
		}
		to = end.Year()*100 + int(end.Month())
	}
	return from, to, true
}

// statsRollup answers a stats query from events_month. An event of known year but unknown
// month counts in January, where its first day is.
func (s *Store) statsRollup(ctx context.Context, v sarhad.Viewer, sq sarhad.StatsQuery, from, to int) ([]sarhad.StatsRow, error) {
	cols := make([]string, len(sq.By))
	for i, k := range sq.By {
		cols[i] = "e." + rollupColumn[k]
	}
	q := &query{}
	q.write("SELECT ")
	for _, c := range cols {
		q.write(c, ", ")
	}
	q.write(`CAST(sum(e.events) AS BIGINT), CAST(sum(e.killed) AS BIGINT), CAST(sum(e.killed_security) AS BIGINT),
		CAST(sum(e.killed_civilians) AS BIGINT), CAST(sum(e.killed_militants) AS BIGINT), CAST(sum(e.injured) AS BIGINT)
		FROM events_month e`)
	if sq.Filter.Province != "" {
		q.where("e.province = " + q.arg(sq.Filter.Province))
	}
	const month = "(e.year * 100 + CASE WHEN e.month = 0 THEN 1 ELSE e.month END)"
	if from > 0 || to > 0 {
		q.where("e.year > 0")
	}
	if from > 0 {
		q.where(month + " >= " + q.arg(int64(from)))
	}
	if to > 0 {
		q.where(month + " <= " + q.arg(int64(to)))
	}
	if !q.visible(v, "e") {
		return nil, nil
	}
	if len(cols) > 0 {
		q.write(" GROUP BY ", strings.Join(cols, ", "))
	}
	q.write(" HAVING sum(e.events) > 0")
	return s.statsRows(ctx, q, sq.By, sq.By)
}

// statsRows runs a stats query that selects the columns of group then the six sums, and
// returns its rows with the keys of by, a subset of group (to be merged).
func (s *Store) statsRows(ctx context.Context, q *query, by, group []sarhad.StatsKey) ([]sarhad.StatsRow, error) {
	// pos[i] is the index in group of the key by[i].
	pos := make([]int, len(by))
	for i, k := range by {
		pos[i] = slices.Index(group, k)
	}
	vals := make([]any, len(group))
	for i, k := range group {
		if k == sarhad.ByYear {
			vals[i] = new(int64)
		} else {
			vals[i] = new(string)
		}
	}
	var sums [6]sql.NullInt64
	dest := append(vals, &sums[0], &sums[1], &sums[2], &sums[3], &sums[4], &sums[5])
	var out []sarhad.StatsRow
	err := s.queryRows(ctx, q, func(rows *sql.Rows) error {
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		if sums[0].Int64 == 0 {
			return nil // the one row of an ungrouped count over no events
		}
		row := sarhad.StatsRow{Keys: make([]string, len(by)),
			Events: int(sums[0].Int64), Killed: int(sums[1].Int64), KilledSecurity: int(sums[2].Int64),
			KilledCivilians: int(sums[3].Int64), KilledMilitants: int(sums[4].Int64), Injured: int(sums[5].Int64)}
		for i, k := range by {
			row.Keys[i] = statsKey(k, vals[pos[i]])
		}
		out = append(out, row)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("stats: %w", err)
	}
	return out, nil
}

// prefixFor returns the SQL grouping of a stats query on SQLite: the shortest prefix of
// statsPrefix that holds every key, when there is one and the filter is on dates and
// province only (a district is better found through events_district); the keys themselves
// otherwise.
func prefixFor(sq sarhad.StatsQuery) []sarhad.StatsKey {
	f := sq.Filter
	if f.District != "" || f.Actor != "" || f.AttackType != "" || f.TargetType != "" {
		return sq.By
	}
	n := 0
	for _, k := range sq.By {
		i := slices.Index(statsPrefix, k)
		if i < 0 {
			return sq.By
		}
		n = max(n, i+1)
	}
	return statsPrefix[:n]
}

// statsKey formats a scanned value of key k: a year as YYYY, unknown values as "".
func statsKey(k sarhad.StatsKey, v any) string {
	if y, ok := v.(*int64); ok {
		if *y == 0 {
			return ""
		}
		return fmt.Sprintf("%04d", *y)
	}
	s := *v.(*string)
	if k == sarhad.ByActor && s == sarhad.UnknownActor {
		return ""
	}
	return s
}

// mergeStatsRows sorts rows by keys and sums the rows whose keys became equal when unknown
// values were blanked.
func mergeStatsRows(rows []sarhad.StatsRow) []sarhad.StatsRow {
	slices.SortFunc(rows, func(a, b sarhad.StatsRow) int { return slices.Compare(a.Keys, b.Keys) })
	out := rows[:0]
	for _, r := range rows {
		if n := len(out); n > 0 && slices.Equal(out[n-1].Keys, r.Keys) {
			p := &out[n-1]
			p.Events += r.Events
			p.Killed += r.Killed
			p.KilledSecurity += r.KilledSecurity
			p.KilledCivilians += r.KilledCivilians
			p.KilledMilitants += r.KilledMilitants
			p.Injured += r.Injured
			continue
		}
		out = append(out, r)
	}
	return out
}
