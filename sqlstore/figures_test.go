package sqlstore

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/sarhad-osint/sarhad"
	"github.com/sarhad-osint/sarhad/internal/testdb"
)

// figureCases are casualty figures as reports give them; each must come back from the store
// as it went in (migration 0003: best estimates in columns, ranges apart).
var figureCases = []struct {
	name              string
	killed            sarhad.Tally
	injured, hostages sarhad.Count
}{
	{"none known", sarhad.Tally{}, sarhad.Count{}, sarhad.Count{}},
	{"exact figures", sarhad.Tally{Total: sarhad.Exact(28), Security: sarhad.Exact(0)}, sarhad.Exact(40), sarhad.Count{}},
	{"a range in the total", sarhad.Tally{Total: sarhad.Span(28, 40, 84)}, sarhad.Count{}, sarhad.Count{}},
	{"low only differs", sarhad.Tally{Total: sarhad.Span(12, 13, 13)}, sarhad.Count{}, sarhad.Count{}},
	{"high only differs", sarhad.Tally{Total: sarhad.Span(7, 7, 9)}, sarhad.Count{}, sarhad.Count{}},
	{"a range after exact figures", sarhad.Tally{Total: sarhad.Exact(5), Security: sarhad.Exact(3), Militants: sarhad.Span(1, 2, 3)}, sarhad.Exact(1), sarhad.Count{}},
	{"the last figure only", sarhad.Tally{}, sarhad.Count{}, sarhad.Span(10, 12, 30)},
	{"every figure a range", sarhad.Tally{Total: sarhad.Span(1, 2, 3), Security: sarhad.Span(0, 1, 2), Civilians: sarhad.Span(0, 1, 1),
		Militants: sarhad.Span(0, 0, 5)}, sarhad.Span(4, 5, 6), sarhad.Span(100, 150, 200)},
	{"a known zero with a range", sarhad.Tally{Total: sarhad.Span(0, 0, 2)}, sarhad.Count{}, sarhad.Count{}},
}

func TestFigureRanges(t *testing.T) {
	forEachDialect(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		for i, c := range figureCases {
			r := sarhad.Report{ID: fmt.Sprintf("f-%d", i), Source: "Dawn", Date: sarhad.NewDate(2024, 5, 1),
				Killed: c.killed, Injured: c.injured, Hostages: c.hostages}
			mustAdd(t, s, r)
			e, err := s.Event(ctx, sarhad.SystemViewer, eventOf(t, s, r.ID, "Dawn", sarhad.SystemAgency))
			if err != nil {
				t.Fatal(err)
			}
			if e.Killed != c.killed || e.Injured != c.injured || e.Hostages != c.hostages {
				t.Errorf("%s: stored killed %+v, injured %v, hostages %v; want %+v, %v, %v", c.name,
					e.Killed, e.Injured, e.Hostages, c.killed, c.injured, c.hostages)
			}
		}
		// A revision rewrites the event's figures (and its ranges) through the other path.
		for i, c := range figureCases {
			next := figureCases[(i+1)%len(figureCases)]
			r := sarhad.Report{ID: fmt.Sprintf("f-%d", i), Source: "Dawn", Date: sarhad.NewDate(2024, 5, 1),
				Killed: next.killed, Injured: next.injured, Hostages: next.hostages, Text: "revised"}
			mustAdd(t, s, r)
			e, err := s.Event(ctx, sarhad.SystemViewer, eventOf(t, s, r.ID, "Dawn", sarhad.SystemAgency))
			if err != nil {
				t.Fatal(err)
			}
			if e.Killed != next.killed || e.Injured != next.injured || e.Hostages != next.hostages {
				t.Errorf("%s revised to %s: stored killed %+v, injured %v, hostages %v", c.name, next.name,
					e.Killed, e.Injured, e.Hostages)
			}
		}
	})
}

// TestMigrationFigureRanges makes a store as the version before migration 0003 did, with
// events of every case in the twelve low and high columns, and checks that the migration
// keeps every figure.
func TestMigrationFigureRanges(t *testing.T) {
	for _, d := range dialects {
		t.Run(d, func(t *testing.T) {
			ctx := context.Background()
			dsn := testdb.DSN(t, d)
			skipMigration = func(v int) bool { return v == 3 }
			s, err := Open(ctx, dsn)
			skipMigration = nil
			if err != nil {
				t.Fatal(err)
			}
			cols := "id, marking, owner, updated_at, day"
			for _, n := range figureNames {
				cols += fmt.Sprintf(", %s_low, %s_best, %s_high", n, n, n)
			}
			for i, c := range figureCases {
				vals := fmt.Sprintf("%d, 'TLP:CLEAR', 'system', 0, 0", i+1)
				for _, f := range figures(c.killed, c.injured, c.hostages) {
					if f.Known {
						vals += fmt.Sprintf(", %d, %d, %d", f.Low, f.Best, f.High)
					} else {
						vals += ", NULL, NULL, NULL"
					}
				}
				mustExec(t, s, "INSERT INTO events ("+cols+") VALUES ("+vals+")")
			}
			s.Close()
			var upgraded []int
			if s, err = Open(ctx, dsn, Upgrading(func(v int, _ string) { upgraded = append(upgraded, v) })); err != nil {
				t.Fatalf("migrate: %v", err)
			}
			defer s.Close()
			if !slices.Equal(upgraded, []int{3}) {
				t.Errorf("Upgrading was told of migrations %v, want [3]", upgraded)
			}
			for i, c := range figureCases {
				e, err := s.Event(ctx, sarhad.SystemViewer, eventID(int64(i+1)))
				if err != nil {
					t.Fatal(err)
				}
				if e.Killed != c.killed || e.Injured != c.injured || e.Hostages != c.hostages {
					t.Errorf("%s: after the migration killed %+v, injured %v, hostages %v; want %+v, %v, %v", c.name,
						e.Killed, e.Injured, e.Hostages, c.killed, c.injured, c.hostages)
				}
			}
		})
	}
}

func TestRangesColumn(t *testing.T) {
	for _, c := range []struct {
		in   string
		want string // the error, or "" for none
	}{
		{`[null,[28,84]]`, ""},
		{`[[1, 2], null, null, null, null, null]`, ""}, // as PostgreSQL's json_build_array writes it
		{`[]`, ""},
		{`{"killed":[1,2]}`, `not an array`},
		{`[null,null,null,null,null,null,[1,2]]`, `at most 6`},
		{`[[1,"x"]]`, `not an array`},
	} {
		f := figureScan{}
		f.best[1].Int64, f.best[1].Valid = 40, true
		f.ranges.String, f.ranges.Valid = c.in, true
		_, _, _, err := f.figures()
		if (err == nil) != (c.want == "") || err != nil && !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want %q", c.in, err, c.want)
		}
	}
}
