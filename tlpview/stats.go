package tlpview

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/sarhad-osint/sarhad"
)

// Stats counts the events the viewer may see that match q.Filter, as each is visible to the
// viewer (reconciled from the visible reports where it sees only some), grouped by q.By. The
// answer is cached per visibility class and query until the next write.
func (vw *Views) Stats(ctx context.Context, v sarhad.Viewer, q sarhad.StatsQuery) (sarhad.Stats, error) {
	out := sarhad.Stats{By: q.By}
	if !v.All && v.Agency == "" {
		return out, nil
	}
	if err := validateFilter(q.Filter); err != nil {
		return out, err
	}
	gen, err := vw.store.Generation(ctx)
	if err != nil {
		return out, err
	}
	key := ClassOf(v) + "\x00" + statsQueryKey(q)
	vw.mu.Lock()
	if e, ok := vw.stats[key]; ok && e.gen == gen {
		vw.mu.Unlock()
		return copyStats(e.stats), nil
	}
	vw.mu.Unlock()
	val, err := vw.once(ctx, "stats\x00"+key+"\x00"+strconv.FormatInt(gen, 10), func() (any, error) {
		s, err := vw.computeStats(ctx, v, q, gen)
		if err != nil {
			return nil, err
		}
		vw.mu.Lock()
		if len(vw.stats) >= vw.maxEntries {
			clear(vw.stats)
		}
		vw.stats[key] = statsEntry{gen: gen, stats: s}
		vw.mu.Unlock()
		return s, nil
	})
	if err != nil {
		return out, err
	}
	return copyStats(val.(sarhad.Stats)), nil
}

func (vw *Views) computeStats(ctx context.Context, v sarhad.Viewer, q sarhad.StatsQuery, gen int64) (sarhad.Stats, error) {
	s, err := vw.store.EventStats(ctx, v, q, !v.All)
	if err != nil || v.All {
		return s, err
	}
	mixed, err := vw.mixedFor(ctx, v, gen)
	if err != nil {
		return s, err
	}
	rows := s.Rows
	for i := range mixed {
		p := &mixed[i]
		if !vw.matches(&p.Event, p.Pos.Day, q.Filter) {
			continue
		}
		rows = append(rows, statsRowOf(&p.Event, q.By))
	}
	s.Rows = sarhad.MergeStatsRows(rows)
	return s, nil
}

// statsRowOf is the one-event row of e under keys by, valued like the store's SQL: unknown
// figures count 0, unknown keys are "".
func statsRowOf(e *sarhad.Event, by []sarhad.StatsKey) sarhad.StatsRow {
	r := sarhad.StatsRow{Keys: make([]string, len(by)), Events: 1,
		Killed: e.Killed.Total.BestOr0(), KilledSecurity: e.Killed.Security.BestOr0(),
		KilledCivilians: e.Killed.Civilians.BestOr0(), KilledMilitants: e.Killed.Militants.BestOr0(),
		Injured: e.Injured.BestOr0()}
	for i, k := range by {
		r.Keys[i] = StatsKeyOf(e, k)
	}
	return r
}

// StatsKeyOf returns the value of grouping key k for e, as the store groups it.
func StatsKeyOf(e *sarhad.Event, k sarhad.StatsKey) string {
	switch k {
	case sarhad.ByYear:
		return e.Date.YearKey()
	case sarhad.ByMonth:
		return e.Date.MonthKey()
	case sarhad.ByWeek:
		return e.Date.WeekKey()
	case sarhad.ByProvince:
		return e.Location.Province
	case sarhad.ByDistrict:
		return e.Location.District
	case sarhad.ByActor:
		if e.Perpetrator == sarhad.UnknownActor {
			return ""
		}
		return e.Perpetrator
	case sarhad.ByAttackType:
		return string(e.AttackType)
	case sarhad.ByTargetType:
		return string(e.TargetType)
	}
	return ""
}

// statsQueryKey is a canonical string of a stats query (Limit and Cursor ignored).
func statsQueryKey(q sarhad.StatsQuery) string {
	var b strings.Builder
	for _, k := range q.By {
		b.WriteString(string(k))
		b.WriteByte(',')
	}
	f := q.Filter
	for _, s := range []string{f.From.String(), f.To.String(), f.Province, f.District, f.Actor, string(f.AttackType), string(f.TargetType)} {
		b.WriteByte(0)
		b.WriteString(s)
	}
	return b.String()
}

// copyStats returns a copy that a caller may modify without touching the cache.
func copyStats(s sarhad.Stats) sarhad.Stats {
	rows := make([]sarhad.StatsRow, len(s.Rows))
	for i, r := range s.Rows {
		r.Keys = slices.Clone(r.Keys)
		rows[i] = r
	}
	s.Rows = rows
	s.By = slices.Clone(s.By)
	return s
}
