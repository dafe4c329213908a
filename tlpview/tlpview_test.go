package tlpview

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/sarhad-osint/sarhad"
)

// The views are tested against the real store, on SQLite and PostgreSQL, by an oracle that
// applies the TLP rules report by report (sqlstore/views_test.go). These tests cover the parts
// that need no store: classes, cursors, the fallback, merging and the caches.

func TestClassOf(t *testing.T) {
	tests := []struct {
		name string
		a, b sarhad.Viewer
		same bool
	}{
		{"role does not matter", sarhad.Viewer{Agency: "x", Role: sarhad.RoleViewer}, sarhad.Viewer{Agency: "x", Role: sarhad.RoleAdmin}, true},
		{"share order does not matter", sarhad.Viewer{Agency: "x", AmberFrom: []string{"b", "a"}}, sarhad.Viewer{Agency: "x", AmberFrom: []string{"a", "b", "a"}}, true},
		{"own agency in shares does not matter", sarhad.Viewer{Agency: "x", AmberFrom: []string{"x"}}, sarhad.Viewer{Agency: "x"}, true},
		{"agency matters", sarhad.Viewer{Agency: "x"}, sarhad.Viewer{Agency: "y"}, false},
		{"shares matter", sarhad.Viewer{Agency: "x", AmberFrom: []string{"a"}}, sarhad.Viewer{Agency: "x"}, false},
		{"no injection through names", sarhad.Viewer{Agency: "x", AmberFrom: []string{"a,b"}}, sarhad.Viewer{Agency: "x", AmberFrom: []string{"a", "b"}}, false},
		{"all", sarhad.SystemViewer, sarhad.Viewer{All: true, Agency: "z"}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := ClassOf(tc.a) == ClassOf(tc.b); got != tc.same {
				t.Fatalf("%q vs %q", ClassOf(tc.a), ClassOf(tc.b))
			}
		})
	}
}

func TestCursor(t *testing.T) {
	for _, p := range []Position{{0, 1}, {-1000000, 7}, {20000, 123456789}} {
		got, err := DecodeCursor(EncodeCursor(p))
		if err != nil || got != p {
			t.Fatalf("%v: %v %v", p, got, err)
		}
	}
	for _, c := range []string{"", "x", "MTIz", "YS5i", "MS4yLjM"} {
		if _, err := DecodeCursor(c); sarhad.ErrorCode(err) != sarhad.EINVALID {
			t.Errorf("cursor %q: %v", c, err)
		}
	}
}

func TestFallback(t *testing.T) {
	at := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	rs := []sarhad.Report{
		{ID: "a", ReportedAt: at.Add(time.Hour), Killed: sarhad.Tally{Total: sarhad.Exact(3)}, Perpetrator: "TTP", Attribution: sarhad.AttrClaimed},
		{ID: "b", ReportedAt: at, Killed: sarhad.Tally{Total: sarhad.Exact(9)}, Perpetrator: "BLA", Attribution: sarhad.AttrSuspected},
	}
	e := Fallback(rs)
	if e.Killed.Total.Best != 3 || len(e.Claims) != 2 || e.Links[0].ReportID != "a" {
		t.Fatalf("fallback %+v", e)
	}
	if e := Fallback(nil); e.ID != "" || len(e.Links) != 0 {
		t.Fatalf("fallback of nothing %+v", e)
	}
}

// countingStore is a store of one pure and one mixed event that counts its calls.
type countingStore struct {
	gen                 int64
	statsCalls, mixCall int
}

func (c *countingStore) Generation(context.Context) (int64, error) { return c.gen, nil }
func (c *countingStore) DayOf(d sarhad.Date) int64 {
	if d.IsZero() {
		return -1000000
	}
	return int64(d.DayNumber())
}
func (c *countingStore) EventDetail(context.Context, string) (Detail, error) {
	return Detail{}, sarhad.Errorf(sarhad.ENOTFOUND, "no")
}
func (c *countingStore) ListEvents(_ context.Context, _ sarhad.Viewer, _ sarhad.EventFilter, after *Position, limit int, _ bool) ([]Placed, error) {
	p := Placed{Event: sarhad.Event{ID: "e-1", Date: sarhad.NewDate(2024, 1, 1)}, Pos: Position{Day: 19723, ID: 1}}
	if after != nil && !p.Pos.before(*after) {
		return nil, nil
	}
	return []Placed{p}, nil
}
func (c *countingStore) EventStats(context.Context, sarhad.Viewer, sarhad.StatsQuery, bool) (sarhad.Stats, error) {
	c.statsCalls++
	return sarhad.Stats{Rows: []sarhad.StatsRow{{Keys: []string{}, Events: 1, Killed: 2}}}, nil
}
func (c *countingStore) MixedEvents(_ context.Context, fn func(Detail) error) error {
	c.mixCall++
	r1 := sarhad.Report{ID: "r-1", Date: sarhad.NewDate(2024, 2, 1), Marking: sarhad.TLPGreen, Owner: "a", Killed: sarhad.Tally{Total: sarhad.Exact(5)}}
	r2 := sarhad.Report{ID: "r-2", Date: sarhad.NewDate(2024, 2, 1), Marking: sarhad.TLPRed, Owner: "b", Killed: sarhad.Tally{Total: sarhad.Exact(50)}}
	return fn(Detail{Event: sarhad.Event{ID: "e-2", Date: sarhad.NewDate(2024, 2, 1), Killed: sarhad.Tally{Total: sarhad.Exact(50)},
		Links: []sarhad.Link{{ReportID: "r-1"}, {ReportID: "r-2"}}},
		Pos: Position{Day: 19754, ID: 2}, Reports: []sarhad.Report{r1, r2}, Revises: []int{-1, -1}, Total: 2})
}

func TestRestrict(t *testing.T) {
	mk := func(id string, m sarhad.Marking, owner string) sarhad.Report {
		return sarhad.Report{ID: id, Marking: m, Owner: owner}
	}
	// r-1 is revised by r-2 (hidden from b) and r-3 (visible to all).
	full := Detail{Event: sarhad.Event{Links: []sarhad.Link{{ReportID: "r-1"}, {ReportID: "r-2"}, {ReportID: "r-3"}}},
		Reports: []sarhad.Report{mk("r-1", sarhad.TLPGreen, "a"), mk("r-2", sarhad.TLPRed, "a"), mk("r-4", sarhad.TLPGreen, "a")},
		Revises: []int{-1, 0, -1}, Total: 3}
	ids := func(rs []sarhad.Report) (out []string) {
		for _, r := range rs {
			out = append(out, r.ID)
		}
		return out
	}
	d, ok := restrict(full, sarhad.Viewer{Agency: "b"})
	if !ok || !slices.Equal(ids(d.Reports), []string{"r-1", "r-4"}) || !slices.Equal(ids(d.Current), []string{"r-1", "r-4"}) ||
		len(d.Event.Links) != 2 || d.Event.Links[1].ReportID != "r-3" {
		t.Fatalf("b: %+v", d)
	}
	d, _ = restrict(full, sarhad.Viewer{Agency: "a"})
	if !slices.Equal(ids(d.Current), []string{"r-2", "r-4"}) {
		t.Fatalf("a: the superseded revision is current: %v", ids(d.Current))
	}
	if _, ok := restrict(Detail{Reports: []sarhad.Report{mk("x", sarhad.TLPRed, "a")}, Revises: []int{-1}, Total: 1}, sarhad.Viewer{Agency: "b"}); ok {
		t.Fatal("b may see a's red report")
	}
}

func TestCaches(t *testing.T) {
	ctx := context.Background()
	st := &countingStore{gen: 1}
	vw := New(st, nil)
	a, b := sarhad.Viewer{Agency: "a"}, sarhad.Viewer{Agency: "b"}
	q := sarhad.StatsQuery{}
	for range 3 {
		s, err := vw.Stats(ctx, a, q)
		if err != nil || s.Rows[0].Events != 2 || s.Rows[0].Killed != 7 {
			t.Fatalf("stats of a: %+v %v", s, err)
		}
	}
	if st.statsCalls != 1 || st.mixCall != 1 {
		t.Fatalf("cached stats computed %d times, mixed %d", st.statsCalls, st.mixCall)
	}
	s, _ := vw.Stats(ctx, b, q)
	if s.Rows[0].Killed != 52 || st.statsCalls != 2 {
		t.Fatalf("another class shares a's answer: %+v (%d calls)", s, st.statsCalls)
	}
	// A caller may change its answer without touching the cache.
	s.Rows[0].Killed = -1
	if s, _ := vw.Stats(ctx, b, q); s.Rows[0].Killed != 52 {
		t.Fatal("the cache was modified through an answer")
	}
	st.gen++
	vw.Stats(ctx, a, q)
	if st.statsCalls != 3 {
		t.Fatal("a new generation did not recompute")
	}
	// Lists merge the pure and the mixed events by position and page across both.
	evs, next, err := vw.Events(ctx, a, sarhad.EventFilter{Limit: 1})
	if err != nil || len(evs) != 1 || evs[0].ID != "e-2" || evs[0].Killed.Total.Best != 5 || next == "" {
		t.Fatalf("page 1: %+v %q %v", evs, next, err)
	}
	evs, next, err = vw.Events(ctx, a, sarhad.EventFilter{Limit: 1, Cursor: next})
	if err != nil || len(evs) != 1 || evs[0].ID != "e-1" || next != "" {
		t.Fatalf("page 2: %+v %q %v", evs, next, err)
	}
	// Nobody without an agency sees anything.
	if evs, _, _ := vw.Events(ctx, sarhad.Viewer{}, sarhad.EventFilter{}); len(evs) != 0 {
		t.Fatal("a viewer without agency sees events")
	}
}
