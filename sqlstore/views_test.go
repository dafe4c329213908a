package sqlstore

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/sarhad-osint/sarhad"
	"github.com/sarhad-osint/sarhad/tlpview"
)

func isMixed(tb testing.TB, s *Store, eventID string) bool {
	tb.Helper()
	pk, _ := parseEventID(eventID)
	var n int
	if err := s.db.QueryRow(`SELECT count(*) FROM event_mix WHERE event_id = $1`, pk).Scan(&n); err != nil {
		tb.Fatal(err)
	}
	return n > 0
}

// moveLinks moves every link of event from to event to and deletes from, as a fusion merge
// would.
func moveLinks(tb testing.TB, s *Store, to, from string) {
	tb.Helper()
	t, _ := parseEventID(to)
	f, _ := parseEventID(from)
	mustExec(tb, s, fmt.Sprintf(`UPDATE event_reports SET event_id = %d WHERE event_id = %d`, t, f))
	mustExec(tb, s, fmt.Sprintf(`DELETE FROM events WHERE id = %d`, f))
}

func TestEventMix(t *testing.T) {
	forEachDialect(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		gen := func() int64 {
			n, err := s.Generation(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		g0 := gen()
		a := sarhad.Report{ID: "a-1", Source: "CTD", Owner: "ctd-kp", Marking: sarhad.TLPAmber, Date: sarhad.NewDate(2024, 5, 1)}
		ea, res, err := s.AddReport(ctx, a)
		if err != nil || res.Added != 1 || res.Events != 1 {
			t.Fatalf("add: %v %+v", err, res)
		}
		if isMixed(t, s, ea) {
			t.Fatal("a one-report event is mixed")
		}
		if gen() == g0 {
			t.Fatal("the generation did not change with a write")
		}
		// The same report again: the same event, nothing written.
		if again, res, err := s.AddReport(ctx, a); err != nil || again != ea || res.Added != 0 || res.Duplicates != 1 {
			t.Fatalf("duplicate: %s %+v %v", again, res, err)
		}
		// A revision under another marking makes the event mixed (its old revision differs).
		rev := a
		rev.Marking, rev.Killed = sarhad.TLPRed, sarhad.Tally{Total: sarhad.Exact(4)}
		if er, _, err := s.AddReport(ctx, rev); err != nil || er != ea {
			t.Fatalf("revision: %s %v", er, err)
		}
		if !isMixed(t, s, ea) {
			t.Fatal("an event with reports of two markings is not mixed")
		}
		// A merge of another agency's event makes the target mixed; splitting it off again
		// makes both pure.
		b := sarhad.Report{ID: "b-1", Source: "Police", Owner: "police-kp", Marking: sarhad.TLPGreen, Date: sarhad.NewDate(2024, 5, 2)}
		c := sarhad.Report{ID: "c-1", Source: "Police", Owner: "police-kp", Marking: sarhad.TLPGreen, Date: sarhad.NewDate(2024, 5, 2), Text: "x"}
		eb, _, _ := s.AddReport(ctx, b)
		ec, _, _ := s.AddReport(ctx, c)
		moveLinks(t, s, eb, ec)
		if isMixed(t, s, eb) {
			t.Fatal("merging two events of one agency and marking made a mixed event")
		}
		d := sarhad.Report{ID: "d-1", Source: "FC", Owner: "fc-north", Marking: sarhad.TLPGreen}
		ed, _, _ := s.AddReport(ctx, d)
		dpk, _ := parseEventID(ed)
		moveLinks(t, s, eb, ed)
		if !isMixed(t, s, eb) {
			t.Fatal("merging another agency's report did not make the event mixed")
		}
		bpk, _ := parseEventID(eb)
		mustExec(t, s, fmt.Sprintf(`INSERT INTO events SELECT * FROM events WHERE id = %d ON CONFLICT DO NOTHING`, bpk)) // no-op
		mustExec(t, s, fmt.Sprintf(`DELETE FROM event_reports WHERE event_id = %d AND report_id = (SELECT id FROM reports WHERE ext_id = 'd-1')`, bpk))
		if isMixed(t, s, eb) {
			t.Fatal("removing the other agency's report left the event mixed")
		}
		_ = dpk
		// Changing an event's owner re-checks it.
		mustExec(t, s, fmt.Sprintf(`UPDATE events SET owner = 'fc-north' WHERE id = %d`, bpk))
		if !isMixed(t, s, eb) {
			t.Fatal("an event whose owner changed away from its reports' is not mixed")
		}
		mustExec(t, s, fmt.Sprintf(`UPDATE events SET owner = 'police-kp' WHERE id = %d`, bpk))
		if isMixed(t, s, eb) {
			t.Fatal("an event whose owner changed back is still mixed")
		}
		if empty, err := s.Empty(ctx); err != nil || empty {
			t.Fatalf("empty: %v %v", empty, err)
		}
	})
}

// viewers of the oracle test: agencies with and without shares, and a viewer without an
// agency (who sees nothing).
var oracleViewers = []sarhad.Viewer{
	{Name: "a", Agency: "ctd-kp"},
	{Name: "b", Agency: "police-kp", AmberFrom: []string{"ctd-kp"}},
	{Name: "c", Agency: "fc-north", AmberFrom: []string{"ctd-kp", "police-kp"}},
	{Name: "d", Agency: "outsider"},
	{Name: "e"},
	sarhad.SystemViewer,
}

var oracleAgencies = []string{"ctd-kp", "police-kp", "fc-north"}

// TestViewsOracle builds a store with events fused across agencies and markings (links moved
// as a fusion merge would), then checks the views of every viewer against an oracle that
// applies the TLP rules to every report in Go: lists (paged), event pages and statistics.
func TestViewsOracle(t *testing.T) {
	forEachDialect(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		rng := rand.New(rand.NewPCG(3, 4))
		provinces := []string{sarhad.ProvinceKP, sarhad.ProvinceBalochistan, sarhad.ProvincePunjab}
		var reports []sarhad.Report
		for i := range 160 {
			r := sarhad.Report{ID: fmt.Sprintf("r-%d", i), Source: "S" + fmt.Sprint(i%3),
				Owner: oracleAgencies[rng.IntN(3)], Marking: sarhad.Markings[rng.IntN(5)],
				Location:    sarhad.Location{Province: provinces[rng.IntN(3)]},
				Perpetrator: []string{"Tehrik-i-Taliban Pakistan", "Balochistan Liberation Army", ""}[rng.IntN(3)],
				AttackType:  sarhad.AttackTypes[rng.IntN(3)],
				Killed:      sarhad.Tally{Total: sarhad.Exact(rng.IntN(20))}, Injured: sarhad.Exact(rng.IntN(9))}
			if rng.IntN(10) > 0 { // some dates unknown, some month-only
				r.Date = sarhad.NewDate(2022+rng.IntN(3), 1+rng.IntN(12), rng.IntN(29))
			}
			reports = append(reports, r)
		}
		mustAdd(t, s, reports...)
		// Revisions under another marking.
		for i := 0; i < 160; i += 17 {
			rev := reports[i]
			rev.Marking = sarhad.Markings[(rev.Marking.Level()+2)%5]
			rev.Killed = sarhad.Tally{Total: sarhad.Exact(99)}
			mustAdd(t, s, rev)
		}
		// Merges: event k absorbs event k+1 for some k.
		for i := 1; i < 150; i += 7 {
			moveLinks(t, s, eventID(int64(i)), eventID(int64(i+1)))
		}
		var nMixed int
		s.db.QueryRow(`SELECT count(*) FROM event_mix`).Scan(&nMixed)
		if nMixed < 10 {
			t.Fatalf("only %d mixed events: the test does not test them", nMixed)
		}
		o := newOracle(t, s)
		views := tlpview.New(s, nil)
		filters := []sarhad.EventFilter{
			{},
			{Province: sarhad.ProvinceKP},
			{From: sarhad.NewDate(2023, 1, 1), To: sarhad.NewDate(2023, 12, 31)},
			{To: sarhad.NewDate(2022, 6, 30)},
			{Actor: sarhad.UnknownActor, AttackType: sarhad.AttackTypes[1]},
		}
		for _, v := range oracleViewers {
			t.Run(v.Name+v.Agency, func(t *testing.T) {
				for _, f := range filters {
					want := o.events(v, f)
					var got []string
					pf := f
					pf.Limit = 7
					for page := 0; ; page++ {
						evs, next, err := views.Events(ctx, v, pf)
						if err != nil {
							t.Fatal(err)
						}
						for _, e := range evs {
							got = append(got, o.describe(e))
						}
						if next == "" {
							break
						}
						if page > 100 {
							t.Fatal("paging does not end")
						}
						pf.Cursor = next
					}
					if !slices.Equal(got, want) {
						t.Fatalf("filter %+v: events differ (got %d, want %d)\n%s", f, len(got), len(want), diffLists(got, want))
					}
					for _, by := range [][]sarhad.StatsKey{nil, {sarhad.ByYear}, {sarhad.ByMonth, sarhad.ByProvince}, {sarhad.ByActor}} {
						st, err := views.Stats(ctx, v, sarhad.StatsQuery{By: by, Filter: f})
						if err != nil {
							t.Fatal(err)
						}
						if w := o.stats(v, f, by); !reflect.DeepEqual(st.Rows, w) && !(len(st.Rows) == 0 && len(w) == 0) {
							t.Fatalf("filter %+v by %v: stats differ\n got %+v\nwant %+v", f, by, st.Rows, w)
						}
					}
				}
				// Every event page: visible exactly when the oracle shows it, with its reports.
				for pk := int64(1); pk <= 170; pk++ {
					id := eventID(pk)
					e, reps, err := views.EventDetail(ctx, v, id)
					want, ok := o.view(v, pk)
					if !ok {
						if sarhad.ErrorCode(err) != sarhad.ENOTFOUND {
							t.Fatalf("%s: %v, want not found", id, err)
						}
						continue
					}
					if err != nil {
						t.Fatalf("%s: %v", id, err)
					}
					if o.describe(e) != o.describe(want.e) || len(reps) != len(want.visible) {
						t.Fatalf("%s: got %s with %d reports, want %s with %d", id, o.describe(e), len(reps), o.describe(want.e), len(want.visible))
					}
					for _, r := range reps {
						if !v.CanSee(r.Marking, r.Owner) {
							t.Fatalf("%s: report %s (%s of %s) leaked", id, r.ID, r.Marking, r.Owner)
						}
					}
				}
			})
		}
	})
}

// oracle knows every stored event and report and applies the TLP rules in Go.
type oracle struct {
	s       *Store
	events_ map[int64]sarhad.Event // stored, all links
	order   []int64
	links   map[int64][]int64 // event → report pks in link order
	reports map[int64]storedReport
}

func newOracle(t *testing.T, s *Store) *oracle {
	ctx := context.Background()
	o := &oracle{s: s, events_: map[int64]sarhad.Event{}, links: map[int64][]int64{}, reports: map[int64]storedReport{}}
	err := s.StreamEvents(ctx, sarhad.SystemViewer, sarhad.EventFilter{}, func(e sarhad.Event) error {
		pk, _ := parseEventID(e.ID)
		o.events_[pk] = e
		o.order = append(o.order, pk)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	rows, err := s.db.Query(`SELECT ` + reportSelect + ` FROM reports r ORDER BY r.id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		sr, err := scanReport(rows)
		if err != nil {
			t.Fatal(err)
		}
		o.reports[sr.pk] = sr
	}
	rows.Close()
	rows, err = s.db.Query(`SELECT event_id, report_id FROM event_reports ORDER BY event_id, report_id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var e, r int64
		rows.Scan(&e, &r)
		o.links[e] = append(o.links[e], r)
	}
	rows.Close()
	return o
}

type oracleView struct {
	e       sarhad.Event
	day     int64
	visible []sarhad.Report
}

// view is what v may see of event pk: the stored event when it sees every report, else the
// fallback reconciliation of the visible reports that no visible report supersedes.
func (o *oracle) view(v sarhad.Viewer, pk int64) (oracleView, bool) {
	e, ok := o.events_[pk]
	if !ok {
		return oracleView{}, false
	}
	var vis []storedReport
	for _, rpk := range o.links[pk] {
		if r := o.reports[rpk]; v.CanSee(r.Marking, r.Owner) {
			vis = append(vis, r)
		}
	}
	if len(vis) == 0 {
		return oracleView{}, false
	}
	out := oracleView{}
	for _, r := range vis {
		out.visible = append(out.visible, r.Report)
	}
	if len(vis) == len(o.links[pk]) {
		out.e = e
	} else {
		var current []sarhad.Report
		for _, r := range vis {
			superseded := false
			for _, x := range vis {
				superseded = superseded || x.supersedes == r.pk
			}
			if !superseded {
				current = append(current, r.Report)
			}
		}
		out.e = tlpview.Fallback(current)
		out.e.ID, out.e.Links = e.ID, nil
		// A partial view is labelled with the most restrictive marking it shows.
		for _, r := range current {
			if r.Marking.Level() > out.e.Marking.Level() {
				out.e.Marking = r.Marking
			}
		}
		for _, r := range vis {
			out.e.Links = append(out.e.Links, sarhad.Link{ReportID: r.ID})
		}
	}
	out.day = dayNumber(out.e.Date)
	return out, true
}

func (o *oracle) describe(e sarhad.Event) string {
	return fmt.Sprintf("%s[%s %s %s %s %s k%v i%v %v]", e.ID, e.Date, e.Location.Province, e.Perpetrator, e.AttackType,
		e.Marking, e.Killed.Total, e.Injured, strings.Join(e.ReportIDs(), ","))
}

func (o *oracle) matches(e sarhad.Event, f sarhad.EventFilter) bool {
	start := e.Date.Start()
	if !f.From.IsZero() && (e.Date.IsZero() || start.Before(f.From.Start())) {
		return false
	}
	if !f.To.IsZero() && (e.Date.IsZero() || start.After(f.To.End())) {
		return false
	}
	perp := e.Perpetrator
	if perp == "" {
		perp = sarhad.UnknownActor
	}
	return (f.Province == "" || f.Province == e.Location.Province) && (f.Actor == "" || f.Actor == perp) &&
		(f.AttackType == "" || f.AttackType == e.AttackType)
}

// events lists what v may see under f, latest first.
func (o *oracle) events(v sarhad.Viewer, f sarhad.EventFilter) []string {
	type item struct {
		ov oracleView
		pk int64
	}
	var items []item
	for _, pk := range o.order {
		if ov, ok := o.view(v, pk); ok && o.matches(ov.e, f) {
			items = append(items, item{ov, pk})
		}
	}
	slices.SortFunc(items, func(a, b item) int {
		if a.ov.day != b.ov.day {
			return int(b.ov.day - a.ov.day)
		}
		return int(b.pk - a.pk)
	})
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = o.describe(it.ov.e)
	}
	return out
}

func (o *oracle) stats(v sarhad.Viewer, f sarhad.EventFilter, by []sarhad.StatsKey) []sarhad.StatsRow {
	groups := map[string]*sarhad.StatsRow{}
	for _, pk := range o.order {
		ov, ok := o.view(v, pk)
		if !ok || !o.matches(ov.e, f) {
			continue
		}
		e := ov.e
		var keys []string
		for _, k := range by {
			var val string
			switch k {
			case sarhad.ByYear:
				val = e.Date.YearKey()
			case sarhad.ByMonth:
				val = e.Date.MonthKey()
			case sarhad.ByProvince:
				val = e.Location.Province
			case sarhad.ByActor:
				if e.Perpetrator != sarhad.UnknownActor {
					val = e.Perpetrator
				}
			}
			keys = append(keys, val)
		}
		key := strings.Join(keys, "\x00")
		g := groups[key]
		if g == nil {
			g = &sarhad.StatsRow{Keys: keys}
			if g.Keys == nil {
				g.Keys = []string{}
			}
			groups[key] = g
		}
		g.Events++
		g.Killed += e.Killed.Total.BestOr0()
		g.KilledSecurity += e.Killed.Security.BestOr0()
		g.KilledCivilians += e.Killed.Civilians.BestOr0()
		g.KilledMilitants += e.Killed.Militants.BestOr0()
		g.Injured += e.Injured.BestOr0()
	}
	var out []sarhad.StatsRow
	for _, g := range groups {
		out = append(out, *g)
	}
	slices.SortFunc(out, func(a, b sarhad.StatsRow) int { return slices.Compare(a.Keys, b.Keys) })
	return out
}

// diffLists describes the first differences of two lists.
func diffLists(got, want []string) string {
	var b strings.Builder
	in := func(l []string, x string) bool { return slices.Contains(l, x) }
	n := 0
	for _, g := range got {
		if !in(want, g) && n < 6 {
			fmt.Fprintf(&b, "  unexpected %s\n", g)
			n++
		}
	}
	for _, w := range want {
		if !in(got, w) && n < 12 {
			fmt.Fprintf(&b, "  missing    %s\n", w)
			n++
		}
	}
	if n == 0 {
		b.WriteString("  same items, different order\n")
	}
	return b.String()
}
