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
	"time"

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

// Stats counts the events the viewer may see that match q.Filter, grouped by q.By, with the
// sums of the best estimates of killed (total, security forces, civilians, militants) and
// injured. Rows are sorted by their keys, compared byte-wise; unknown key values (no month,
// no district, no known actor, …) come out as "".
//
// A grouping by any of year, month and province, filtered by province and dates only,
// reads the monthly roll-up events_month for the whole months of the date range (a few tens
// of thousands of rows for a million events), and the events themselves for the days of a
// month the range only partly covers, found through the index by day.
//
// Other queries group the events in SQL; on SQLite, those that read the whole table are
// split in ranges of keys run in parallel on as many read connections as CPUs (PostgreSQL
// parallelizes its own scans).
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
	if plan, ok := rollupPlan(sq); ok {
		var rows []sarhad.StatsRow
		if plan.months {
			var err error
			if rows, err = s.statsRollup(ctx, v, sq, plan.from, plan.to); err != nil {
				return out, err
			}
		}
		for _, f := range plan.days {
			edge := sq
			edge.Filter = f
			more, err := s.statsPart(ctx, v, edge, sq.By, nil)
			if err != nil {
				return out, err
			}
			rows = append(rows, more...)
		}
		out.Rows = sarhad.MergeStatsRows(rows)
		return out, nil
	}
	var parts []part
	if s.dialect == SQLite {
		var err error
		if parts, err = s.parts(ctx, sq.Filter); err != nil {
			return out, err
		}
	}
	if len(parts) <= 1 {
		var p *part
		if len(parts) == 1 {
			p = &parts[0]
		}
		rows, err := s.statsPart(ctx, v, sq, sq.By, p)
		if err != nil {
			return out, err
		}
		out.Rows = sarhad.MergeStatsRows(rows)
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
				results[i], errs[i] = s.statsPart(ctx, v, sq, sq.By, &parts[i])
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return out, err
	}
	out.Rows = sarhad.MergeStatsRows(slices.Concat(results...))
	return out, nil
}

// part is a range of keys of events that one stats query covers.
type part struct {
	lo, hi int64
}

// parts splits a SQLite stats query that reads the whole table into ranges of keys, about
// two per CPU, to be scanned in parallel. A query with a date range reads the index by day
// and is not split. No parts: the query covers nothing; one part: no parallelism.
func (s *Store) parts(ctx context.Context, f sarhad.EventFilter) ([]part, error) {
	if !f.From.IsZero() || !f.To.IsZero() {
		return nil, nil
	}
	var lo, hi int64
	if err := s.db.QueryRowContext(ctx, `SELECT coalesce(min(id), 0), coalesce(max(id), 0) FROM events`).Scan(&lo, &hi); err != nil {
		return nil, fmt.Errorf("stats: %w", err)
	}
	n := min(2*int64(runtime.GOMAXPROCS(0)), hi-lo+1)
	if n <= 1 {
		return []part{{lo, hi}}, nil
	}
	out := make([]part, 0, n)
	for i := range n {
		out = append(out, part{lo + (hi-lo+1)*i/n, lo + (hi-lo+1)*(i+1)/n - 1})
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
		q.where("e.id BETWEEN " + q.arg(p.lo) + " AND " + q.arg(p.hi))
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

// rollupQuery is how a stats query reads the roll-up: whole months from (YYYYMM, 0 when
// open) to to (0 when open) when months is set, and the days of days from the events.
type rollupQuery struct {
	months   bool
	from, to int
	days     []sarhad.EventFilter
}

// rollupPlan reports whether a stats query can read the monthly roll-up events_month: its
// keys are among year, month and province and it filters by province and dates only. The
// whole months of its date range come from the roll-up, the days before the first and after
// the last whole month from the events.
func rollupPlan(sq sarhad.StatsQuery) (rollupQuery, bool) {
	for _, k := range sq.By {
		if _, ok := rollupColumn[k]; !ok {
			return rollupQuery{}, false
		}
	}
	f := sq.Filter
	if f.District != "" || f.Actor != "" || f.AttackType != "" || f.TargetType != "" {
		return rollupQuery{}, false
	}
	yyyymm := func(t time.Time) int { return t.Year()*100 + int(t.Month()) }
	day := func(t time.Time) sarhad.Date { return sarhad.DateOf(t) }
	edge := func(a, b time.Time) sarhad.EventFilter {
		return sarhad.EventFilter{From: day(a), To: day(b), Province: f.Province}
	}
	rq := rollupQuery{months: true}
	var first, last time.Time // the first and last day of the whole months
	if !f.From.IsZero() {
		start := f.From.Start()
		first = time.Date(start.Year(), start.Month(), 1, 0, 0, 0, 0, time.UTC)
		if start.Day() != 1 {
			first = first.AddDate(0, 1, 0)
		}
	}
	if !f.To.IsZero() {
		end := f.To.End()
		last = time.Date(end.Year(), end.Month()+1, 0, 0, 0, 0, 0, time.UTC)
		if !end.Equal(last) {
			last = time.Date(end.Year(), end.Month(), 0, 0, 0, 0, 0, time.UTC)
		}
	}
	if !f.From.IsZero() && !f.To.IsZero() && first.After(last) {
		// No whole month: the events of the range.
		return rollupQuery{days: []sarhad.EventFilter{edge(f.From.Start(), f.To.End())}}, true
	}
	if !f.From.IsZero() {
		rq.from = yyyymm(first)
		if start := f.From.Start(); start.Before(first) {
			rq.days = append(rq.days, edge(start, first.AddDate(0, 0, -1)))
		}
	}
	if !f.To.IsZero() {
		rq.to = yyyymm(last)
		if end := f.To.End(); end.After(last) {
			rq.days = append(rq.days, edge(last.AddDate(0, 0, 1), end))
		}
	}
	return rq, true
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
