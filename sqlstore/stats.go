package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

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
// here: a few thousand rows instead of a sort of every event.
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
	// pos[i] is the index in group of the key sq.By[i].
	pos := make([]int, len(sq.By))
	for i, k := range sq.By {
		pos[i] = slices.Index(group, k)
	}
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
	if s.dialect == SQLite && len(group) > 0 && group[0] == sarhad.ByYear {
		// Let the index skip the years outside the date range.
		if !sq.Filter.From.IsZero() {
			q.where("e.year >= " + q.arg(int64(sq.Filter.From.Year)))
		}
		if !sq.Filter.To.IsZero() {
			q.where("e.year <= " + q.arg(int64(sq.Filter.To.Year)))
		}
	}
	if !q.visible(v, "e") {
		return out, nil
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
		out.Rows = append(out.Rows, row)
		return nil
	})
	if err != nil {
		return out, fmt.Errorf("stats: %w", err)
	}
	out.Rows = mergeStatsRows(out.Rows)
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
