package sqlstore

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/sarhad-osint/sarhad"
	"github.com/sarhad-osint/sarhad/internal/synth"
)

// refEvent is an event as the tests compute it from the reports they add.
type refEvent struct {
	e      sarhad.Event
	report string
	pk     int64
}

// mustSynth adds n synthetic reports spread over 2000–2025 (no revisions, so that each
// report is one event) plus a few with unknown values, and returns the events they make.
func mustSynth(tb testing.TB, s *Store, n int) []refEvent {
	tb.Helper()
	reports := synth.New(synth.Config{Seed: 42, Shuffled: true}).Batch(n)
	reports = append(reports,
		sarhad.Report{ID: "unknown-everything", Marking: sarhad.TLPClear},
		sarhad.Report{ID: "year-only", Date: sarhad.NewDate(2010, 0, 0), Marking: sarhad.TLPClear,
			Killed: sarhad.Tally{Total: sarhad.Exact(4)}, Location: sarhad.Location{Province: sarhad.ProvinceSindh}},
		sarhad.Report{ID: "month-only", Date: sarhad.NewDate(2010, 1, 0), Marking: sarhad.TLPGreen,
			Killed: sarhad.Tally{Security: sarhad.Exact(2), Civilians: sarhad.Exact(1)}},
		sarhad.Report{ID: "new-year", Date: sarhad.NewDate(2010, 1, 1), Marking: sarhad.TLPGreen},
		sarhad.Report{ID: "iso-week-of-last-year", Date: sarhad.NewDate(2021, 1, 3), Marking: sarhad.TLPGreen, Injured: sarhad.Exact(9)},
	)
	for i := range 40 { // ties in the listing order, across pages and batches
		reports = append(reports, sarhad.Report{ID: fmt.Sprintf("same-day-%02d", i), Date: sarhad.NewDate(2015, 6, 1),
			Marking: sarhad.Markings[i%len(sarhad.Markings)], Owner: []string{"ctd-kp", "fc-north"}[i%2]})
	}
	for i := 0; i < len(reports); i += 700 {
		mustAdd(tb, s, reports[i:min(i+700, len(reports))]...)
	}
	pks := map[string]int64{}
	rows, err := s.db.Query(`SELECT r.ext_id, er.event_id FROM reports r JOIN event_reports er ON er.report_id = r.id`)
	if err != nil {
		tb.Fatal(err)
	}
	for rows.Next() {
		var id string
		var pk int64
		rows.Scan(&id, &pk)
		pks[id] = pk
	}
	rows.Close()
	out := make([]refEvent, len(reports))
	for i := range reports {
		r := normalized(reports[i])
		out[i] = refEvent{e: sarhad.EventFromReport(&r), report: r.ID, pk: pks[r.ID]}
		out[i].e.ID = eventID(out[i].pk)
	}
	return out
}

// matches is the reference semantics of EventFilter.
func matches(e *sarhad.Event, f sarhad.EventFilter) bool {
	day := e.Date.Start()
	if !f.From.IsZero() && (e.Date.IsZero() || day.Before(f.From.Start())) {
		return false
	}
	if !f.To.IsZero() && (e.Date.IsZero() || day.After(f.To.End())) {
		return false
	}
	return (f.Province == "" || e.Location.Province == f.Province) &&
		(f.District == "" || e.Location.District == f.District) &&
		(f.Actor == "" || e.Perpetrator == f.Actor) &&
		(f.AttackType == "" || e.AttackType == f.AttackType) &&
		(f.TargetType == "" || e.TargetType == f.TargetType)
}

// expected returns the report ids of the events v may see that match f, in listing order.
func expected(events []refEvent, v sarhad.Viewer, f sarhad.EventFilter) []string {
	var sel []refEvent
	for _, r := range events {
		if v.CanSee(r.e.Marking, r.e.Owner) && matches(&r.e, f) {
			sel = append(sel, r)
		}
	}
	slices.SortFunc(sel, func(a, b refEvent) int {
		return cmp.Or(-cmp.Compare(dayNumber(a.e.Date), dayNumber(b.e.Date)), -cmp.Compare(a.pk, b.pk))
	})
	ids := make([]string, len(sel))
	for i, r := range sel {
		ids[i] = r.report
	}
	return ids
}

func TestEventsPagination(t *testing.T) {
	forEachDialect(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		events := mustSynth(t, s, 600)
		tests := []struct {
			name  string
			v     sarhad.Viewer
			f     sarhad.EventFilter
			limit int
		}{
			{"everything by 7", sarhad.SystemViewer, sarhad.EventFilter{}, 7},
			{"everything by the default", sarhad.SystemViewer, sarhad.EventFilter{}, 0},
			{"an agency by 50", sarhad.Viewer{Agency: "ctd-kp", AmberFrom: []string{"fc-north"}}, sarhad.EventFilter{}, 50},
			{"a province by 13", sarhad.SystemViewer, sarhad.EventFilter{Province: sarhad.ProvinceBalochistan}, 13},
			{"a decade by 1", sarhad.Viewer{Agency: "police-sindh"}, sarhad.EventFilter{From: sarhad.NewDate(2010, 0, 0), To: sarhad.NewDate(2019, 0, 0)}, 1},
			{"over the maximum", sarhad.SystemViewer, sarhad.EventFilter{}, 5000},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				want := expected(events, tt.v, tt.f)
				var got []string
				f := tt.f
				f.Limit = tt.limit
				pages := 0
				for {
					page, next, err := s.Events(ctx, tt.v, f)
					if err != nil {
						t.Fatal(err)
					}
					pages++
					size := cmp.Or(tt.limit, DefaultLimit)
					if len(page) > min(size, MaxLimit) || (next != "" && len(page) != min(size, MaxLimit)) {
						t.Fatalf("page %d has %d events (limit %d, next %q)", pages, len(page), tt.limit, next)
					}
					for _, e := range page {
						got = append(got, e.ReportIDs()...)
					}
					if next == "" {
						break
					}
					f.Cursor = next
				}
				if !slices.Equal(got, want) {
					t.Errorf("pages walk %d events, want %d (first difference at %d)", len(got), len(want), firstDiff(got, want))
				}
				var streamed []string
				if err := s.StreamEvents(ctx, tt.v, tt.f, func(e sarhad.Event) error {
					streamed = append(streamed, e.ReportIDs()...)
					return nil
				}); err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(streamed, want) {
					t.Errorf("StreamEvents gives %d events, want %d", len(streamed), len(want))
				}
			})
		}
		t.Run("bad cursor", func(t *testing.T) {
			for _, c := range []string{"!!", "bm90LWEtY3Vyc29y", "MTIz"} {
				if _, _, err := s.Events(ctx, sarhad.SystemViewer, sarhad.EventFilter{Cursor: c}); sarhad.ErrorCode(err) != sarhad.EINVALID {
					t.Errorf("cursor %q: %v, want EINVALID", c, err)
				}
			}
		})
		t.Run("bad event ids", func(t *testing.T) {
			for _, id := range []string{"", "e-", "e-0", "e-01", "e--1", "e-x", "17", "e-99999999999999999999"} {
				if _, err := s.Event(ctx, sarhad.SystemViewer, id); sarhad.ErrorCode(err) != sarhad.ENOTFOUND {
					t.Errorf("Event(%q): %v, want ENOTFOUND", id, err)
				}
			}
		})
	})
}

func firstDiff(a, b []string) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

func TestEventsFilters(t *testing.T) {
	forEachDialect(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		events := mustSynth(t, s, 1500)
		tests := []struct {
			name string
			f    sarhad.EventFilter
		}{
			{"from a day", sarhad.EventFilter{From: sarhad.NewDate(2020, 6, 15)}},
			{"to a day", sarhad.EventFilter{To: sarhad.NewDate(2003, 2, 28)}},
			{"one day", sarhad.EventFilter{From: sarhad.NewDate(2010, 1, 1), To: sarhad.NewDate(2010, 1, 1)}},
			{"to a month, inclusive", sarhad.EventFilter{From: sarhad.NewDate(2010, 1, 0), To: sarhad.NewDate(2010, 1, 0)}},
			{"a year", sarhad.EventFilter{From: sarhad.NewDate(2013, 0, 0), To: sarhad.NewDate(2013, 0, 0)}},
			{"province", sarhad.EventFilter{Province: sarhad.ProvinceSindh}},
			{"district", sarhad.EventFilter{District: "Quetta"}},
			{"actor", sarhad.EventFilter{Actor: "Balochistan Liberation Army"}},
			{"unknown actor", sarhad.EventFilter{Actor: sarhad.UnknownActor}},
			{"attack type", sarhad.EventFilter{AttackType: sarhad.AttackSuicide}},
			{"target type", sarhad.EventFilter{TargetType: sarhad.TargetPolice}},
			{"everything at once", sarhad.EventFilter{From: sarhad.NewDate(2008, 0, 0), To: sarhad.NewDate(2015, 0, 0),
				Province: sarhad.ProvinceKP, Actor: "Tehrik-i-Taliban Pakistan", AttackType: sarhad.AttackIED}},
			{"nothing matches", sarhad.EventFilter{District: "Atlantis"}},
		}
		viewers := []sarhad.Viewer{sarhad.SystemViewer, {Agency: "ctd-balochistan"}}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				for _, v := range viewers {
					want := expected(events, v, tt.f)
					var got []string
					if err := s.StreamEvents(ctx, v, tt.f, func(e sarhad.Event) error {
						got = append(got, e.ReportIDs()...)
						return nil
					}); err != nil {
						t.Fatal(err)
					}
					if !slices.Equal(got, want) {
						t.Errorf("viewer %s: %d events, want %d (first difference at %d)", v.Agency, len(got), len(want), firstDiff(got, want))
					}
				}
			})
		}
		if _, _, err := s.Events(ctx, sarhad.SystemViewer, sarhad.EventFilter{From: sarhad.Date{Year: 2020, Month: 13}}); sarhad.ErrorCode(err) != sarhad.EINVALID {
			t.Errorf("an invalid date: %v, want EINVALID", err)
		}
	})
}
