package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/sarhad-osint/sarhad"
	"github.com/sarhad-osint/sarhad/actors"
	"github.com/sarhad-osint/sarhad/fusion"
	"github.com/sarhad-osint/sarhad/gazetteer"
	"github.com/sarhad-osint/sarhad/importer"
)

// fusionReports are reports of two real days (written for these tests from public
// reporting): the Bajaur convention bombing of 30 July 2023, whose toll rose, and two
// attacks in Quetta on 10 January 2013, which must stay apart.
const fusionReports = `{"id":"baj-1","source":"Geo News","reported_at":"2023-07-30T11:40:00Z","date":"2023-07-30","place":"Khar","district":"Bajaur","attack_type":"suicide bombing","killed":39,"text":"A suicide blast ripped through a JUI-F workers' convention in Khar, Bajaur, killing 39.","marking":"TLP:GREEN"}
{"id":"qta-a1","source":"Dawn","reported_at":"2013-01-10T12:00:00Z","date":"2013-01-10","place":"Quetta","attack_type":"IED","target_type":"security forces","killed":12,"text":"A bomb targeted a Frontier Corps van at Bacha Khan Chowk in Quetta, killing 12.","marking":"TLP:GREEN"}
{"id":"baj-2","source":"Dawn","reported_at":"2023-07-30T17:20:00Z","date":"2023-07-30","district":"Bajaur","attack_type":"suicide bombing","killed":46,"text":"The toll of the suicide bombing at the JUI-F convention in Khar, Bajaur rose to 46.","marking":"TLP:GREEN"}
{"id":"qta-b1","source":"Dawn","reported_at":"2013-01-10T20:00:00Z","date":"2013-01-10","place":"Quetta","attack_type":"suicide bombing","target_type":"religious site","killed":81,"text":"Twin suicide blasts at a snooker hall on Alamdar Road in Quetta killed 81.","marking":"TLP:GREEN"}
{"id":"qta-a2","source":"Express Tribune","reported_at":"2013-01-10T14:00:00Z","date":"2013-01-10","district":"Quetta","attack_type":"IED","killed":11,"text":"Eleven killed as a bomb hit an FC vehicle at Bacha Khan Chowk, Quetta.","marking":"TLP:GREEN"}
{"id":"qta-b2","source":"Reuters","reported_at":"2013-01-11T08:00:00Z","date":"2013-01-10","place":"Quetta","attack_type":"suicide bombing","killed":86,"text":"Two suicide bombs tore through a snooker club on Alamdar Road in Quetta, killing 86.","marking":"TLP:RED","owner":"ctd"}
`

func readFusionReports(t *testing.T) []sarhad.Report {
	t.Helper()
	rd, err := importer.NewReader(importer.FormatJSONL, strings.NewReader(fusionReports), "test",
		importer.Options{Resolvers: importer.Resolvers{Places: gazetteer.Default(), Actors: actors.Default()}})
	if err != nil {
		t.Fatal(err)
	}
	var out []sarhad.Report
	for {
		row, err := rd.Next()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil || row.Err != nil {
			t.Fatal(err, row.Err)
		}
		out = append(out, row.Report)
	}
}

func fusionEngine() *fusion.Engine {
	return fusion.New(fusion.Options{Places: gazetteer.Default(), Actors: actors.Default()})
}

// fusionGroups returns the report ids of every stored event, each sorted, sorted.
func fusionGroups(t *testing.T, s *Store) [][]string {
	t.Helper()
	by := map[string][]string{}
	if err := s.StreamFusion(context.Background(), func(st fusion.Stored) error {
		by[st.EventID] = append(by[st.EventID], st.Report.ID)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	var out [][]string
	for _, g := range by {
		sort.Strings(g)
		out = append(out, g)
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0] < out[j][0] })
	return out
}

func storedEventOf(t *testing.T, s *Store, reportID string) string {
	t.Helper()
	got, err := s.ReportsByID(context.Background(), []string{reportID})
	if err != nil || len(got) != 1 {
		t.Fatalf("report %s: %v %v", reportID, got, err)
	}
	return got[0].EventID
}

func TestFusionIncorporate(t *testing.T) {
	forEachDialect(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		reports := readFusionReports(t)
		inc, err := fusionEngine().NewIncorporator(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range reports { // one at a time, as the API adds them
			mustAdd(t, s, r)
			ps, err := inc.Add(ctx, []string{ReportHash(r)})
			if err != nil {
				t.Fatal(err)
			}
			if len(ps) != 1 || ps[0].ReportID != r.ID {
				t.Fatalf("%s: placements %+v", r.ID, ps)
			}
		}
		want := [][]string{{"baj-1", "baj-2"}, {"qta-a1", "qta-a2"}, {"qta-b1", "qta-b2"}}
		if got := fusionGroups(t, s); !slices.EqualFunc(got, want, slices.Equal[[]string]) {
			t.Errorf("events %v, want %v", got, want)
		}
		if n := counts(t, s)["events"]; n != 3 {
			t.Errorf("%d events stored, want 3", n)
		}
		e, err := s.Event(ctx, sarhad.SystemViewer, storedEventOf(t, s, "baj-1"))
		if err != nil {
			t.Fatal(err)
		}
		if e.Killed.Total != sarhad.Span(39, 46, 46) || len(e.Links) != 2 || !strings.Contains(e.Links[1].Why, "rising toll") {
			t.Errorf("reconciled event: killed %v, links %+v", e.Killed.Total, e.Links)
		}
		// The RED report made its event mixed; the trigger-kept list knows it.
		var mixed int
		if err := s.db.QueryRow(`SELECT count(*) FROM event_mix`).Scan(&mixed); err != nil || mixed != 1 {
			t.Errorf("%d mixed events (%v), want 1", mixed, err)
		}

		// A revision of a fused report: its event is reconciled from all its reports again.
		rev := reports[2]
		rev.Killed.Total = sarhad.Exact(54)
		rev.ReportedAt = rev.ReportedAt.Add(3600e9)
		mustAdd(t, s, rev)
		if _, err := inc.Add(ctx, []string{ReportHash(rev)}); err != nil {
			t.Fatal(err)
		}
		e, err = s.Event(ctx, sarhad.SystemViewer, storedEventOf(t, s, "baj-1"))
		if err != nil {
			t.Fatal(err)
		}
		if e.Killed.Total != sarhad.Span(39, 54, 54) || len(e.Links) != 3 { // both revisions of baj-2 are linked
			t.Errorf("after a revision: killed %v, %d links", e.Killed.Total, len(e.Links))
		}
	})
}

// The incorporator reads a window it has read whole again only for what changed: reports
// stored since by another path (an import without fusion) are found, and events the store
// changed under it (a re-fusion renumbering one) are followed.
func TestFusionIncorporatorWindows(t *testing.T) {
	forEachDialect(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		byID := map[string]sarhad.Report{}
		for _, r := range readFusionReports(t) {
			byID[r.ID] = r
		}
		inc, err := fusionEngine().NewIncorporator(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		place := func(r sarhad.Report) {
			t.Helper()
			mustAdd(t, s, r)
			if _, err := inc.Add(ctx, []string{ReportHash(r)}); err != nil {
				t.Fatal(err)
			}
		}
		again := func(r sarhad.Report, id, source string) sarhad.Report {
			r.ID, r.Source, r.ReportedAt, r.Hash = id, source, r.ReportedAt.Add(time.Hour), ""
			return r
		}
		place(byID["qta-a1"])
		mustAdd(t, s, byID["qta-a2"]) // stored, not placed
		place(again(byID["qta-a2"], "qta-a3", "AFP"))
		want := [][]string{{"qta-a1", "qta-a2", "qta-a3"}}
		if got := fusionGroups(t, s); !slices.EqualFunc(got, want, slices.Equal[[]string]) {
			t.Fatalf("after a report stored without fusion: events %v, want %v", got, want)
		}

		// Renumber the event as a re-fusion may: its reports move to a new event.
		old := storedEventOf(t, s, "qta-a1")
		members, err := s.EventReports(ctx, []string{old})
		if err != nil {
			t.Fatal(err)
		}
		w := fusion.EventWrite{}
		var rs []sarhad.Report
		for _, m := range members {
			rs = append(rs, m.Report)
			w.Keys = append(w.Keys, m.Key)
		}
		w.Event = fusion.Reconcile(rs, fusion.NewSourceGrades(nil, nil))
		if _, err := s.ApplyFusion(ctx, fusion.Change{Events: []fusion.EventWrite{w}, Delete: []string{old}, Result: -1}); err != nil {
			t.Fatal(err)
		}
		renamed := storedEventOf(t, s, "qta-a1")
		if renamed == old {
			t.Fatal("the event was not renumbered")
		}
		place(again(byID["qta-a2"], "qta-a4", "BBC Urdu"))
		if got := storedEventOf(t, s, "qta-a4"); got != renamed {
			t.Errorf("qta-a4 in %s, want %s (its reports' event since the renumbering; %s before)", got, renamed, old)
		}
		want = [][]string{{"qta-a1", "qta-a2", "qta-a3", "qta-a4"}}
		if got := fusionGroups(t, s); !slices.EqualFunc(got, want, slices.Equal[[]string]) {
			t.Errorf("after the renumbering: events %v, want %v", got, want)
		}
	})
}

// An event of many reports is written through the padded link statements (linksSize): 20
// reports of one attack, placed one at a time, end in one event with 20 links.
func TestFusionLargeEvent(t *testing.T) {
	forEachDialect(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		base := readFusionReports(t)[0] // baj-1
		inc, err := fusionEngine().NewIncorporator(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		for i := range 20 {
			r := base
			r.ID, r.Source = fmt.Sprintf("baj-%02d", i), fmt.Sprintf("Outlet %02d", i)
			r.ReportedAt = r.ReportedAt.Add(time.Duration(i) * time.Hour)
			r.Hash = ""
			mustAdd(t, s, r)
			if _, err := inc.Add(ctx, []string{ReportHash(r)}); err != nil {
				t.Fatal(err)
			}
			want = append(want, r.ID)
		}
		if got := fusionGroups(t, s); len(got) != 1 || !slices.Equal(got[0], want) {
			t.Fatalf("events %v, want one of %v", got, want)
		}
		e, err := s.Event(ctx, sarhad.SystemViewer, storedEventOf(t, s, "baj-00"))
		if err != nil {
			t.Fatal(err)
		}
		if len(e.Links) != 20 {
			t.Errorf("%d links, want 20", len(e.Links))
		}
		if n := counts(t, s)["events"]; n != 1 {
			t.Errorf("%d events stored, want 1", n)
		}
	})
}

func TestFusionRefuseAndDecisions(t *testing.T) {
	forEachDialect(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		mustAdd(t, s, readFusionReports(t)...)
		eng := fusionEngine()
		res, err := eng.Refuse(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		if res.Reports != 6 || res.Events != 3 {
			t.Errorf("re-fusion %+v", res)
		}
		if n := counts(t, s)["events"]; n != 3 {
			t.Errorf("%d events after re-fusion, want 3", n)
		}
		srcs, err := s.Sources(ctx)
		if err != nil {
			t.Fatal(err)
		}
		corroborated := 0
		for _, src := range srcs {
			corroborated += src.Corroborated
		}
		if corroborated != 6 {
			t.Errorf("sources %+v: %d reports corroborated, want 6", srcs, corroborated)
		}

		dec := eng.NewDecider(s)
		analyst := sarhad.Viewer{Name: "analyst-1", Agency: "ctd", Role: sarhad.RoleAnalyst, All: true}
		m, err := dec.Merge(ctx, analyst, storedEventOf(t, s, "qta-a1"), storedEventOf(t, s, "qta-b1"), "one operation")
		if err != nil {
			t.Fatal(err)
		}
		sp, err := dec.Split(ctx, analyst, storedEventOf(t, s, "baj-1"), "baj-2", "another convention")
		if err != nil {
			t.Fatal(err)
		}
		if sp.Result == "" || sp.Result != storedEventOf(t, s, "baj-2") {
			t.Errorf("split result %q, report in %q", sp.Result, storedEventOf(t, s, "baj-2"))
		}
		want := [][]string{{"baj-1"}, {"baj-2"}, {"qta-a1", "qta-a2", "qta-b1", "qta-b2"}}
		if got := fusionGroups(t, s); !slices.EqualFunc(got, want, slices.Equal[[]string]) {
			t.Fatalf("after decisions: %v, want %v", got, want)
		}
		kept := storedEventOf(t, s, "qta-a1")
		if _, err := eng.Refuse(ctx, s); err != nil {
			t.Fatal(err)
		}
		if got := fusionGroups(t, s); !slices.EqualFunc(got, want, slices.Equal[[]string]) {
			t.Errorf("re-fusion lost the decisions: %v, want %v", got, want)
		}
		if storedEventOf(t, s, "qta-a1") != kept {
			t.Errorf("re-fusion renamed the merged event %s to %s", kept, storedEventOf(t, s, "qta-a1"))
		}
		e, err := s.Event(ctx, sarhad.SystemViewer, kept)
		if err != nil {
			t.Fatal(err)
		}
		pinned := 0
		for _, l := range e.Links {
			if l.Decision == sarhad.LinkPinned {
				pinned++
			}
		}
		if pinned != 4 {
			t.Errorf("merged event links %+v, want 4 pinned", e.Links)
		}
		if _, err := dec.Undo(ctx, analyst, m.ID, "two attacks after all"); err != nil {
			t.Fatal(err)
		}
		want = [][]string{{"baj-1"}, {"baj-2"}, {"qta-a1", "qta-a2"}, {"qta-b1", "qta-b2"}}
		if got := fusionGroups(t, s); !slices.EqualFunc(got, want, slices.Equal[[]string]) {
			t.Errorf("after undo: %v, want %v", got, want)
		}
		if _, err := dec.Pin(ctx, analyst, "baj-2", storedEventOf(t, s, "baj-1"), "the same rally"); err != nil {
			t.Fatal(err)
		}
		if storedEventOf(t, s, "baj-2") != storedEventOf(t, s, "baj-1") {
			t.Error("pin did not move the report")
		}
		ds, err := dec.Decisions(ctx, sarhad.SystemViewer, "")
		if err != nil {
			t.Fatal(err)
		}
		kinds := ""
		for _, d := range ds {
			kinds += string(d.Kind) + " "
			if d.By != "analyst-1" || d.Why == "" || d.At.IsZero() {
				t.Errorf("decision %+v", d)
			}
		}
		if kinds != "merge split undo pin " || ds[0].UndoneBy != ds[2].ID {
			t.Errorf("decisions %s, merge undone by %d", kinds, ds[0].UndoneBy)
		}
		if n := counts(t, s)["events"]; n != 3 {
			t.Errorf("%d events at the end, want 3 (no event left empty)", n)
		}
	})
}
