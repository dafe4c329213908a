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
// On SQLite, a grouping by any of year, month, province and district (with filters on dates,
// province and district only) groups by the leading columns of the covering index
// events_stats instead, which SQLite streams without sorting, and sums those finer groups
// here: a few thousand rows instead of a sort of every event. The index is then read in
// ranges of years, in parallel on as many read connections as CPUs.
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
	group := sq.By
	if s.dialect == SQLite {
		group = prefixFor(sq)
	}
	var parts [][2]int64
	if s.dialect == SQLite && len(group) > 0 && group[0] == sarhad.ByYear {
		var err error
		if parts, err = s.yearParts(ctx, sq.Filter); err != nil {
			return out, err
		}
	}
	if len(parts) <= 1 {
		var yr *[2]int64
		if len(parts) == 1 {
			yr = &parts[0]
		}
		rows, err := s.statsPart(ctx, v, sq, group, yr)
		if err != nil {
			return out, err
		}
		out.Rows = mergeStatsRows(rows)
		return out, nil
	}
	// Scan the parts of the index in parallel, on as many read connections as CPUs.
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

// yearParts splits the years a SQLite stats query covers into ranges that can be scanned in
// parallel (one range when there is one CPU). Events of unknown date have year 0, which
// only a query without a date range covers.
func (s *Store) yearParts(ctx context.Context, f sarhad.EventFilter) ([][2]int64, error) {
	var lo, hi int64
	if err := s.db.QueryRowContext(ctx, `SELECT coalesce(min(year), 0), coalesce(max(year), 0) FROM events`).Scan(&lo, &hi); err != nil {
		return nil, fmt.Errorf("stats: %w", err)
	}
	if !f.From.IsZero() {
		lo = max(lo, int64(f.From.Year))
	}
	if !f.To.IsZero() {
		hi = min(hi, int64(f.To.Year))
	}
	if lo > hi {
		return nil, nil
	}
	cpus := int64(runtime.GOMAXPROCS(0))
	if cpus == 1 || hi-lo < 2 {
		return [][2]int64{{lo, hi}}, nil
	}
	// Unknown years first, then about two ranges per CPU for an even load.
	var parts [][2]int64
	if lo == 0 {
		parts = append(parts, [2]int64{0, 0})
		if lo, _ = s.firstYear(ctx); lo == 0 {
			return parts, nil
		}
	}
	n := min(2*cpus, hi-lo+1)
	for i := range n {
		a, b := lo+(hi-lo+1)*i/n, lo+(hi-lo+1)*(i+1)/n-1
		parts = append(parts, [2]int64{a, b})
	}
	return parts, nil
}

// firstYear returns the first known year of any event, 0 when none is known.
func (s *Store) firstYear(ctx context.Context) (int64, error) {
	var y int64
	err := s.db.QueryRowContext(ctx, `SELECT coalesce(min(year), 0) FROM events WHERE year > 0`).Scan(&y)
	return y, err
}

// statsPart runs a stats query grouped by group, restricted to the years yr when not nil,
// and returns its rows with the keys of sq.By (to be merged).
func (s *Store) statsPart(ctx context.Context, v sarhad.Viewer, sq sarhad.StatsQuery, group []sarhad.StatsKey, yr *[2]int64) ([]sarhad.StatsRow, error) {
	cols := make([]string, len(group))
	for i, k := range group {
		cols[i] = "e." + statsColumn[k]
	}
	// pos[i] is the index in group of the key sq.By[i].
	pos := make([]int, len(sq.By))
	for i, k := range sq.By {
		pos[i] = slices.Index(group, k)
	}
	q := &query{}
	q.write("SELECT ")
	for _, c := range cols {
		q.write(c, ", ")
	}
	q.write(statsSums, " FROM events e")
	q.filter(sq.Filter)
	if yr != nil {
		q.where("e.year BETWEEN " + q.arg(yr[0]) + " AND " + q.arg(yr[1]))
	}
	if !q.visible(v, "e") {
		return nil, nil
	}
	if len(cols) > 0 {
		q.write(" GROUP BY ", strings.Join(cols, ", "))
	}
	vals := make([]any, len(group))
	for i, k := range group {
		if k == sarhad.ByYear {
			vals[i] = new(int64)
		} else {
			vals[i] = new(string)
		}
	}
	var sums [6]int64
	dest := append(vals, &sums[0], &sums[1], &sums[2], &sums[3], &sums[4], &sums[5])
	var out []sarhad.StatsRow
	err := s.queryRows(ctx, q, func(rows *sql.Rows) error {
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		if sums[0] == 0 {
			return nil // the one row of an ungrouped count over no events
		}
		row := sarhad.StatsRow{Keys: make([]string, len(sq.By)),
			Events: int(sums[0]), Killed: int(sums[1]), KilledSecurity: int(sums[2]),
			KilledCivilians: int(sums[3]), KilledMilitants: int(sums[4]), Injured: int(sums[5])}
		for i, k := range sq.By {
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
// statsPrefix that holds every key, when there is one and the filter uses only columns of
// the index; the keys themselves otherwise.
func prefixFor(sq sarhad.StatsQuery) []sarhad.StatsKey {
	f := sq.Filter
	if f.Actor != "" || f.AttackType != "" || f.TargetType != "" {
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
