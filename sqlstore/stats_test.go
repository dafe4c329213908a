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
