package sqlstore

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/sarhad-osint/sarhad"
)

// refStats is the reference implementation of Stats over events computed in memory.
func refStats(events []refEvent, v sarhad.Viewer, q sarhad.StatsQuery) []sarhad.StatsRow {
	groups := map[string]*sarhad.StatsRow{}
	var order []string
	for _, r := range events {
		e := &r.e
		if !v.CanSee(e.Marking, e.Owner) || !matches(e, q.Filter) {
			continue
		}
		keys := make([]string, len(q.By))
		for i, k := range q.By {
			switch k {
			case sarhad.ByYear:
				keys[i] = e.Date.YearKey()
			case sarhad.ByMonth:
				keys[i] = e.Date.MonthKey()
			case sarhad.ByWeek:
				keys[i] = e.Date.WeekKey()
			case sarhad.ByProvince:
				keys[i] = e.Location.Province
			case sarhad.ByDistrict:
				keys[i] = e.Location.District
			case sarhad.ByActor:
				if e.Perpetrator != sarhad.UnknownActor {
					keys[i] = e.Perpetrator
				}
			case sarhad.ByAttackType:
				keys[i] = string(e.AttackType)
			case sarhad.ByTargetType:
				keys[i] = string(e.TargetType)
			}
		}
		id := strings.Join(keys, "\x00")
		g, ok := groups[id]
		if !ok {
			g = &sarhad.StatsRow{Keys: keys}
			groups[id] = g
			order = append(order, id)
		}
		g.Events++
		g.Killed += e.Killed.Total.BestOr0()
		g.KilledSecurity += e.Killed.Security.BestOr0()
		g.KilledCivilians += e.Killed.Civilians.BestOr0()
		g.KilledMilitants += e.Killed.Militants.BestOr0()
		g.Injured += e.Injured.BestOr0()
	}
	rows := make([]sarhad.StatsRow, 0, len(order))
	for _, id := range order {
		rows = append(rows, *groups[id])
	}
	slices.SortFunc(rows, func(a, b sarhad.StatsRow) int { return slices.Compare(a.Keys, b.Keys) })
	return rows
}

func TestStats(t *testing.T) {
	// Every key alone, every pair, and a few longer groupings.
	var groupings [][]sarhad.StatsKey
	groupings = append(groupings, nil)
	for i, a := range sarhad.StatsKeys {
		groupings = append(groupings, []sarhad.StatsKey{a})
		for _, b := range sarhad.StatsKeys[i+1:] {
			groupings = append(groupings, []sarhad.StatsKey{a, b}, []sarhad.StatsKey{b, a})
		}
	}
	groupings = append(groupings,
		[]sarhad.StatsKey{sarhad.ByYear, sarhad.ByMonth, sarhad.ByProvince, sarhad.ByDistrict},
		[]sarhad.StatsKey{sarhad.ByDistrict, sarhad.ByActor, sarhad.ByAttackType, sarhad.ByTargetType},
		sarhad.StatsKeys)
	filters := []struct {
		name string
		f    sarhad.EventFilter
	}{
		{"all", sarhad.EventFilter{}},
		{"2008–2012", sarhad.EventFilter{From: sarhad.NewDate(2008, 1, 1), To: sarhad.NewDate(2012, 12, 31)}},
		{"March 2008 to 2012", sarhad.EventFilter{From: sarhad.NewDate(2008, 3, 0), To: sarhad.NewDate(2012, 0, 0)}},
		{"mid-March 2008 to mid-June 2012", sarhad.EventFilter{From: sarhad.NewDate(2008, 3, 15), To: sarhad.NewDate(2012, 6, 10)}},
		{"since 2010", sarhad.EventFilter{From: sarhad.NewDate(2010, 1, 1)}},
		{"until January 2010, Sindh", sarhad.EventFilter{To: sarhad.NewDate(2010, 1, 31), Province: sarhad.ProvinceSindh}},
		{"Balochistan", sarhad.EventFilter{Province: sarhad.ProvinceBalochistan}},
		{"Quetta since 2010", sarhad.EventFilter{District: "Quetta", From: sarhad.NewDate(2010, 0, 0)}},
		{"TTP", sarhad.EventFilter{Actor: "Tehrik-i-Taliban Pakistan"}},
		{"IED on police", sarhad.EventFilter{AttackType: sarhad.AttackIED, TargetType: sarhad.TargetPolice}},
	}
	viewers := []sarhad.Viewer{sarhad.SystemViewer, {Agency: "fc-north", AmberFrom: []string{sarhad.SystemAgency}}}
	forEachDialect(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		events := mustSynth(t, s, 2500)
		for _, fc := range filters {
			t.Run(fc.name, func(t *testing.T) {
				for _, by := range groupings {
					for _, v := range viewers {
						q := sarhad.StatsQuery{By: by, Filter: fc.f}
						got, err := s.Stats(ctx, v, q)
						if err != nil {
							t.Fatal(err)
						}
						want := refStats(events, v, q)
						if !reflect.DeepEqual(got.By, by) || !sameRows(got.Rows, want) {
							t.Errorf("by %v, viewer %q: %d rows, want %d: %s", by, v.Agency, len(got.Rows), len(want), rowDiff(got.Rows, want))
						}
					}
				}
			})
		}
		t.Run("unknown values", func(t *testing.T) {
			st, err := s.Stats(ctx, sarhad.SystemViewer, sarhad.StatsQuery{By: []sarhad.StatsKey{sarhad.ByYear, sarhad.ByMonth, sarhad.ByWeek}})
			if err != nil {
				t.Fatal(err)
			}
			if len(st.Rows) == 0 || !slices.Equal(st.Rows[0].Keys, []string{"", "", ""}) {
				t.Errorf("the first row is %v, want the events of unknown date", st.Rows[0])
			}
			var w2021 bool
			for _, r := range st.Rows {
				if slices.Equal(r.Keys, []string{"2021", "2021-01", "2020-W53"}) && r.Injured >= 9 {
					w2021 = true
				}
			}
			if !w2021 {
				t.Error("2021-01-03 is not in ISO week 2020-W53")
			}
		})
		t.Run("bad keys", func(t *testing.T) {
			for _, by := range [][]sarhad.StatsKey{{"weekday"}, {sarhad.ByYear, sarhad.ByYear}} {
				if _, err := s.Stats(ctx, sarhad.SystemViewer, sarhad.StatsQuery{By: by}); sarhad.ErrorCode(err) != sarhad.EINVALID {
					t.Errorf("by %v: %v, want EINVALID", by, err)
				}
			}
		})
		t.Run("nothing visible", func(t *testing.T) {
			st, err := s.Stats(ctx, sarhad.Viewer{}, sarhad.StatsQuery{By: []sarhad.StatsKey{sarhad.ByYear}})
			if err != nil || len(st.Rows) != 0 {
				t.Errorf("the zero viewer gets %v %v", st.Rows, err)
			}
			st, err = s.Stats(ctx, sarhad.SystemViewer, sarhad.StatsQuery{Filter: sarhad.EventFilter{District: "Atlantis"}})
			if err != nil || len(st.Rows) != 0 {
				t.Errorf("an empty selection gives %v %v", st.Rows, err)
			}
		})
	})
}

func sameRows(a, b []sarhad.StatsRow) bool {
	if len(a) == 0 && len(b) == 0 {
		return true
	}
	return reflect.DeepEqual(a, b)
}

func rowDiff(got, want []sarhad.StatsRow) string {
	for i := range max(len(got), len(want)) {
		var g, w any = "(none)", "(none)"
		if i < len(got) {
			g = got[i]
		}
		if i < len(want) {
			w = want[i]
		}
		if !reflect.DeepEqual(g, w) {
			return fmt.Sprintf("row %d is %+v, want %+v", i, g, w)
		}
	}
	return "same rows"
}

// TestRollupFollowsWrites checks that the triggers keep events_month equal to the events
// through inserts, revisions, and the updates and deletions fusion will make.
func TestRollupFollowsWrites(t *testing.T) {
	forEachDialect(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		events := mustSynth(t, s, 300)
		checkRollup(t, s, "after import")
		v2 := events[5]
		r, err := s.Report(ctx, sarhad.SystemViewer, v2.report)
		if err != nil {
			t.Fatal(err)
		}
		r.Hash, r.Killed, r.Location.Province, r.Marking = "", sarhad.Tally{Total: sarhad.Exact(77)}, sarhad.ProvinceGB, sarhad.TLPRed
		mustAdd(t, s, r)
		checkRollup(t, s, "after a revision")
		mustExec(t, s, `UPDATE events SET province = 'Punjab', killed_best = coalesce(killed_best, 0) + 1, marking = 'TLP:GREEN'
			WHERE id IN (SELECT id FROM events ORDER BY id LIMIT 40)`)
		checkRollup(t, s, "after updates")
		mustExec(t, s, `UPDATE events SET date_year = 2011, year = 2011, date_month = 5, month_key = '2011-05' WHERE id % 7 = 0`)
		checkRollup(t, s, "after moving dates")
		mustExec(t, s, `DELETE FROM event_reports WHERE event_id IN (SELECT id FROM events WHERE id % 5 = 0)`)
		mustExec(t, s, `DELETE FROM events WHERE id % 5 = 0`)
		checkRollup(t, s, "after deletions")
	})
}

// checkRollup compares events_month with the events it sums.
func checkRollup(t *testing.T, s *Store, when string) {
	t.Helper()
	const agg = `count(*), coalesce(sum(killed_best), 0), coalesce(sum(killed_security_best), 0),
		coalesce(sum(killed_civilians_best), 0), coalesce(sum(killed_militants_best), 0), coalesce(sum(injured_best), 0)`
	read := func(q string) map[string]string {
		rows, err := s.db.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		out := map[string]string{}
		for rows.Next() {
			var k [6]string
			var v [6]int64
			if err := rows.Scan(&k[0], &k[1], &k[2], &k[3], &k[4], &k[5], &v[0], &v[1], &v[2], &v[3], &v[4], &v[5]); err != nil {
				t.Fatal(err)
			}
			if v[0] != 0 {
				out[strings.Join(k[:], "|")] = fmt.Sprint(v)
			}
		}
		return out
	}
	want := read(`SELECT CAST(year AS TEXT), CAST(date_month AS TEXT), month_key, province, marking, owner, ` + agg + `
		FROM events GROUP BY year, date_month, month_key, province, marking, owner`)
	got := read(`SELECT CAST(year AS TEXT), CAST(month AS TEXT), month_key, province, marking, owner,
		events, killed, killed_security, killed_civilians, killed_militants, injured FROM events_month`)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s: events_month has %d groups, the events %d", when, len(got), len(want))
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%s: %s: %s, want %s", when, k, got[k], v)
				break
			}
		}
	}
}
