package fusion_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sarhad-osint/sarhad"
	"github.com/sarhad-osint/sarhad/actors"
	"github.com/sarhad-osint/sarhad/fusion"
	"github.com/sarhad-osint/sarhad/gazetteer"
)

// bannu returns a district-level report of a fictitious attack in Bannu (or another
// district) on 1 March 2024.
func bannu(id string, change func(*sarhad.Report)) sarhad.Report {
	return rep(id, "Dawn", "B", change)
}

func TestClustering(t *testing.T) {
	kp := func(r *sarhad.Report) {
		r.Location = sarhad.Location{Province: sarhad.ProvinceKP, Precision: sarhad.GeoProvince}
	}
	tests := []struct {
		name    string
		reports []sarhad.Report
		c       fusion.Constraints
		want    [][]string
	}{
		{
			name: "a chain does not glue incompatible reports",
			reports: []sarhad.Report{
				bannu("a", func(r *sarhad.Report) { r.AttackType = sarhad.AttackIED; r.Killed.Total = sarhad.Exact(7) }),
				bannu("b", func(r *sarhad.Report) {
					kp(r)
					r.Source = "Geo"
					r.AttackType = sarhad.AttackIED
					r.Killed.Total = sarhad.Exact(7)
				}),
				bannu("c", func(r *sarhad.Report) {
					r.Source = "APP"
					r.Location.District = "Mardan"
					r.AttackType = sarhad.AttackIED
					r.Killed.Total = sarhad.Exact(7)
				}),
			},
			want: [][]string{{"a", "b"}, {"c"}},
		},
		{
			name: "two rows of one data set never share an event",
			reports: []sarhad.Report{
				bannu("gtd-1", func(r *sarhad.Report) { r.Dataset, r.Source = "gtd", "GTD" }),
				bannu("gtd-2", func(r *sarhad.Report) { r.Dataset, r.Source = "gtd", "GTD" }),
				bannu("n-1", func(r *sarhad.Report) { r.Source = "Geo" }),
			},
			want: [][]string{{"gtd-1", "n-1"}, {"gtd-2"}},
		},
		{
			name: "different data sets may share an event",
			reports: []sarhad.Report{
				bannu("gtd-1", func(r *sarhad.Report) { r.Dataset, r.Source = "gtd", "GTD"; r.Killed.Total = sarhad.Exact(4) }),
				bannu("acled-1", func(r *sarhad.Report) { r.Dataset, r.Source = "acled", "ACLED"; r.Killed.Total = sarhad.Exact(4) }),
			},
			want: [][]string{{"acled-1", "gtd-1"}},
		},
		{
			name: "an analyst's together holds across districts",
			reports: []sarhad.Report{
				bannu("a", nil),
				bannu("b", func(r *sarhad.Report) { r.Location.District = "Mardan" }),
			},
			c:    fusion.Constraints{Together: [][]string{{"a", "b"}}},
			want: [][]string{{"a", "b"}},
		},
		{
			name: "an analyst's apart holds for twins",
			reports: []sarhad.Report{
				bannu("a", func(r *sarhad.Report) { r.Killed.Total = sarhad.Exact(9) }),
				bannu("b", func(r *sarhad.Report) { r.Source = "Geo"; r.Killed.Total = sarhad.Exact(9) }),
				bannu("c", func(r *sarhad.Report) { r.Source = "APP"; r.Killed.Total = sarhad.Exact(9) }),
			},
			c:    fusion.Constraints{Apart: [][2]string{{"a", "b"}}},
			want: [][]string{{"a", "c"}, {"b"}},
		},
		{
			name: "reports without a date stand alone",
			reports: []sarhad.Report{
				bannu("a", nil),
				bannu("b", func(r *sarhad.Report) { r.Date = sarhad.Date{} }),
			},
			want: [][]string{{"a"}, {"b"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := engine().Fuse(tt.reports, tt.c)
			if got := groups(r); !slices.EqualFunc(got, tt.want, slices.Equal[[]string]) {
				t.Errorf("events = %v, want %v", got, tt.want)
			}
			seen := map[string]int{}
			for _, e := range r.Events {
				for _, id := range e.ReportIDs() {
					seen[id]++
				}
			}
			for _, rp := range tt.reports {
				if seen[rp.ID] != 1 {
					t.Errorf("%s is in %d events", rp.ID, seen[rp.ID])
				}
			}
		})
	}
}

func TestConstraintsFrom(t *testing.T) {
	t0 := time.Date(2024, 5, 1, 9, 0, 0, 0, time.UTC)
	ds := []sarhad.Decision{
		{ID: 1, Kind: sarhad.DecisionMerge, Together: []string{"a", "b", "c"}, At: t0},
		{ID: 2, Kind: sarhad.DecisionSplit, ReportID: "c", Apart: [][2]string{{"c", "a"}, {"c", "b"}}, At: t0.Add(time.Hour)},
		{ID: 3, Kind: sarhad.DecisionPin, Together: []string{"d", "e"}, At: t0.Add(2 * time.Hour), UndoneBy: 4},
		{ID: 4, Kind: sarhad.DecisionUndo, Undoes: 3, At: t0.Add(3 * time.Hour)},
	}
	c := fusion.ConstraintsFrom(ds)
	if len(c.Together) != 1 || !slices.Equal(c.Together[0], []string{"a", "b"}) {
		t.Errorf("together = %v, want [[a b]] (the split took c out, the pin was undone)", c.Together)
	}
	if len(c.Apart) != 2 {
		t.Errorf("apart = %v, want c apart from a and b", c.Apart)
	}
	if !c.Pinned["a"] || !c.Pinned["c"] || c.Pinned["d"] {
		t.Errorf("pinned = %v", c.Pinned)
	}
	r := engine().Fuse([]sarhad.Report{bannu("a", nil), bannu("b", func(r *sarhad.Report) { r.Location.District = "Kohat" }),
		bannu("c", func(r *sarhad.Report) { r.Source = "Geo" })}, c)
	if got := groups(r); !slices.EqualFunc(got, [][]string{{"a", "b"}, {"c"}}, slices.Equal[[]string]) {
		t.Errorf("events = %v", got)
	}
	if l := r.Events[0].Links; l[0].Decision != sarhad.LinkSeed && l[0].Decision != sarhad.LinkPinned || l[1].Decision != sarhad.LinkPinned {
		t.Errorf("links = %+v, want the merged reports pinned", l)
	}
}

func TestIndex(t *testing.T) {
	reports := readReports(t, bajaurAndQuetta)
	batch := groups(engine().Fuse(reports, fusion.Constraints{}))
	ix := engine().NewIndex()
	var ids []string
	for _, r := range reports {
		id, link, created := ix.Add(r)
		if created != (link.Decision == sarhad.LinkSeed) || link.ReportID != r.ID || link.Why == "" {
			t.Errorf("%s: link %+v created %v", r.ID, link, created)
		}
		ids = append(ids, id)
	}
	byEvent := map[string][]string{}
	for i, id := range ids {
		byEvent[id] = append(byEvent[id], reports[i].ID)
	}
	var got [][]string
	for _, g := range byEvent {
		slices.Sort(g)
		got = append(got, g)
	}
	slices.SortFunc(got, func(a, b []string) int { return strings.Compare(a[0], b[0]) })
	if !slices.EqualFunc(got, batch, slices.Equal[[]string]) {
		t.Errorf("incremental %v, batch %v", got, batch)
	}
	// Moves and removals keep the index consistent.
	ev := ix.EventOf("baj-1")
	ix.Move("qta-a1", ev)
	if ix.EventOf("qta-a1") != ev || !slices.Contains(ix.Members(ev), "qta-a1") {
		t.Errorf("move: %s in %s, members %v", "qta-a1", ix.EventOf("qta-a1"), ix.Members(ev))
	}
	ix.Remove("qta-a1")
	if ix.EventOf("qta-a1") != "" || slices.Contains(ix.Members(ev), "qta-a1") {
		t.Error("remove left the report in the index")
	}
	if n, _ := ix.Len(); n != len(reports)-1 {
		t.Errorf("index holds %d reports, want %d", n, len(reports)-1)
	}
}

var bajaurAndQuetta = `{"id":"baj-1","source":"Geo News","reported_at":"2023-07-30T11:40:00Z","date":"2023-07-30","place":"Khar","district":"Bajaur","attack_type":"suicide bombing","killed":39,"text":"A suicide blast ripped through a JUI-F workers' convention in Khar, Bajaur, killing 39."}
{"id":"qta-a1","source":"Dawn","reported_at":"2013-01-10T12:00:00Z","date":"2013-01-10","place":"Quetta","attack_type":"IED","target_type":"security forces","killed":12,"text":"A bomb targeted a Frontier Corps van at Bacha Khan Chowk in Quetta, killing 12."}
{"id":"baj-2","source":"Dawn","reported_at":"2023-07-30T17:20:00Z","date":"2023-07-30","district":"Bajaur","attack_type":"suicide bombing","killed":46,"text":"The toll of the suicide bombing at the JUI-F convention in Khar, Bajaur rose to 46."}
{"id":"qta-b1","source":"Dawn","reported_at":"2013-01-10T20:00:00Z","date":"2013-01-10","place":"Quetta","attack_type":"suicide bombing","target_type":"religious site","killed":81,"text":"Twin suicide blasts at a snooker hall on Alamdar Road in Quetta killed 81."}
{"id":"qta-a2","source":"Express Tribune","reported_at":"2013-01-10T14:00:00Z","date":"2013-01-10","district":"Quetta","attack_type":"IED","killed":11,"text":"Eleven killed as a bomb hit an FC vehicle at Bacha Khan Chowk, Quetta."}
{"id":"qta-b2","source":"Reuters","reported_at":"2013-01-11T08:00:00Z","date":"2013-01-10","place":"Quetta","attack_type":"suicide bombing","killed":86,"text":"Two suicide bombs tore through a snooker club on Alamdar Road in Quetta, killing 86."}
`

func TestFuseStream(t *testing.T) {
	in := bajaurAndQuetta + "\n" + `{"id":"baj-2","source":"Dawn","reported_at":"2023-07-30T19:00:00Z","date":"2023-07-30","district":"Bajaur","killed":48}` + "\n"
	var out bytes.Buffer
	sum, err := engine().FuseStream(strings.NewReader(in), &out, resolvers)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Reports != 6 || sum.Revised != 1 {
		t.Errorf("summary %+v", sum)
	}
	ids := countIDs(t, &out)
	if len(ids) != 6 {
		t.Errorf("ids = %v", ids)
	}
	for id, n := range ids {
		if n != 1 {
			t.Errorf("%s in %d events", id, n)
		}
	}

	for _, bad := range []string{`{"id":"x","date":"2024-13-01"}`, `not json`, `{"date":"2024-01-01"}`} {
		out.Reset()
		if _, err := engine().FuseStream(strings.NewReader(bad+"\n"), &out, resolvers); sarhad.ErrorCode(err) != sarhad.EINVALID || out.Len() != 0 {
			t.Errorf("%s: err %v, output %q", bad, err, out.String())
		}
	}
}

// FuzzFuseStream feeds arbitrary bytes to the stateless fuse: it must not panic, and when it
// succeeds every report ID read is in exactly one event. Run with, e.g.,
// go test ./fusion -run XXX -fuzz FuzzFuseStream -fuzztime 20s.
func FuzzFuseStream(f *testing.F) {
	for _, line := range strings.Split(bajaurAndQuetta, "\n") {
		f.Add([]byte(line))
	}
	f.Add([]byte(bajaurAndQuetta))
	f.Add([]byte(`{"id":"a","date":"2024-02","province":"KPK","killed":{"low":1,"high":9},"perpetrator":"TTP","attribution":"denied"}` + "\n" +
		`{"id":"b","date":"2024-02-03","lat":34.0,"lon":71.5,"dataset":"gtd"}`))
	f.Add([]byte(`{"id":"a","date":"1900-01-01","lat":-90,"lon":180}` + "\n" + `{"id":"b","date":"2200-12-31","lat":90,"lon":-180}`))
	f.Add([]byte(`{"id":"a"}` + "\n" + `{"id":"a","text":"Twin blasts"}`))
	eng := engine()
	f.Fuzz(func(t *testing.T, data []byte) {
		var out bytes.Buffer
		sum, err := eng.FuseStream(bytes.NewReader(data), &out, resolvers)
		if err != nil {
			return
		}
		ids := countIDs(t, &out)
		if len(ids) != sum.Reports {
			t.Fatalf("%d ids in events, %d reports read", len(ids), sum.Reports)
		}
		for id, n := range ids {
			if n != 1 {
				t.Fatalf("%q in %d events", id, n)
			}
		}
	})
}

// countIDs reads event lines and counts the events each report ID is in.
func countIDs(t *testing.T, out *bytes.Buffer) map[string]int {
	t.Helper()
	ids := map[string]int{}
	sc := bufio.NewScanner(out)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var e sarhad.Event
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatalf("unreadable event %q: %v", sc.Text(), err)
		}
		for _, id := range e.ReportIDs() {
			ids[id]++
		}
	}
	return ids
}

// TestDeterministic fuses the same reports with one and with four workers and in two runs:
// the events must be byte for byte the same.
func TestDeterministic(t *testing.T) {
	reports := readReports(t, bajaurAndQuetta)
	for i := range 3 { // more reports: shifted copies
		for _, r := range readReports(t, bajaurAndQuetta) {
			r.ID += "-" + string(rune('a'+i))
			r.Source = []string{"Geo", "APP", "Dawn"}[i]
			reports = append(reports, r)
		}
	}
	out := func(workers int) string {
		r := fusion.New(fusion.Options{Places: gazetteer.Default(), Actors: actors.Default(), Workers: workers}).Fuse(reports, fusion.Constraints{})
		b, err := json.Marshal(r.Events)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	one := out(1)
	if four := out(4); four != one {
		t.Errorf("four workers differ from one:\n%s\n%s", one, four)
	}
	if again := out(1); again != one {
		t.Error("a second run differs")
	}
}

// TestFamiliesSymmetric checks that type families do not depend on the argument order.
func TestFamiliesSymmetric(t *testing.T) {
	for _, a := range sarhad.TargetTypes {
		for _, b := range sarhad.TargetTypes {
			if fusion.TargetFamily(a, b) != fusion.TargetFamily(b, a) {
				t.Errorf("targets %s, %s", a, b)
			}
		}
	}
	for _, a := range sarhad.AttackTypes {
		for _, b := range sarhad.AttackTypes {
			if fusion.AttackFamily(a, b) != fusion.AttackFamily(b, a) {
				t.Errorf("attacks %s, %s", a, b)
			}
		}
	}
}
