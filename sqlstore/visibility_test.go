package sqlstore

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/sarhad-osint/sarhad"
)

// visibilityViewers covers every rule of Viewer.CanSee: no agency, the owner, an agency the
// owner shares AMBER with, an outsider, and the command line.
var visibilityViewers = []struct {
	name string
	v    sarhad.Viewer
}{
	{"zero viewer", sarhad.Viewer{}},
	{"alpha", sarhad.Viewer{Agency: "alpha", Role: sarhad.RoleAnalyst}},
	{"alpha sharing with beta", sarhad.Viewer{Agency: "alpha", AmberFrom: []string{"beta"}}},
	{"beta", sarhad.Viewer{Agency: "beta"}},
	{"gamma sharing with alpha and system", sarhad.Viewer{Agency: "gamma", AmberFrom: []string{"alpha", sarhad.SystemAgency}}},
	{"name without agency", sarhad.Viewer{Name: "anonymous"}},
	{"system", sarhad.SystemViewer},
}

// visibilityReports returns one report per marking × owner.
func visibilityReports() []sarhad.Report {
	var out []sarhad.Report
	owners := []string{"alpha", "beta", sarhad.SystemAgency}
	for i, m := range sarhad.Markings {
		for j, o := range owners {
			out = append(out, sarhad.Report{
				ID: fmt.Sprintf("%s/%s", m, o), Marking: m, Owner: o, Source: "Dawn",
				Date:        sarhad.NewDate(2024, 1+i, 1+j),
				Location:    sarhad.Location{Province: sarhad.ProvinceKP, District: "Bannu"},
				Killed:      sarhad.Tally{Total: sarhad.Exact(1 + i*len(owners) + j)},
				Perpetrator: "Tehrik-i-Taliban Pakistan", Attribution: sarhad.AttrClaimed,
			})
		}
	}
	return out
}

func TestVisibility(t *testing.T) {
	forEachDialect(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		reports := visibilityReports()
		mustAdd(t, s, reports...)
		events := map[string]string{} // report id → event id
		for _, r := range reports {
			events[r.ID] = eventOf(t, s, r.ID, r.Source, r.Owner)
		}
		for _, vc := range visibilityViewers {
			t.Run(vc.name, func(t *testing.T) {
				v := vc.v
				var wantIDs []string
				wantKilled := 0
				for _, r := range reports {
					r := normalized(r)
					visible := v.CanSee(r.Marking, r.Owner)
					if visible {
						wantIDs = append(wantIDs, r.ID)
						wantKilled += r.Killed.Total.Best
					}
					got, err := s.Report(ctx, v, r.ID)
					switch {
					case visible && (err != nil || got.ID != r.ID):
						t.Errorf("Report(%s): %v, want it", r.ID, err)
					case !visible && (sarhad.ErrorCode(err) != sarhad.ENOTFOUND ||
						sarhad.ErrorMessage(err) != sarhad.ErrorMessage(reportNotFound(r.ID))):
						t.Errorf("Report(%s): %v, want the not-found error of a missing report", r.ID, err)
					}
					ev, err := s.Event(ctx, v, events[r.ID])
					switch {
					case visible && (err != nil || !slices.Equal(ev.ReportIDs(), []string{r.ID})):
						t.Errorf("Event of %s: %+v %v", r.ID, ev.Links, err)
					case !visible && (sarhad.ErrorCode(err) != sarhad.ENOTFOUND ||
						sarhad.ErrorMessage(err) != sarhad.ErrorMessage(eventNotFound(events[r.ID]))):
						t.Errorf("Event of %s: %v, want the not-found error of a missing event", r.ID, err)
					}
				}
				// Missing records answer the same way.
				if _, err := s.Report(ctx, v, "no-such-report"); sarhad.ErrorCode(err) != sarhad.ENOTFOUND {
					t.Errorf("missing report: %v", err)
				}
				if _, err := s.Event(ctx, v, "e-999999"); sarhad.ErrorCode(err) != sarhad.ENOTFOUND {
					t.Errorf("missing event: %v", err)
				}

				page, next, err := s.Events(ctx, v, sarhad.EventFilter{})
				if err != nil || next != "" {
					t.Fatalf("events: %v %q", err, next)
				}
				var gotIDs []string
				for _, e := range page {
					gotIDs = append(gotIDs, e.ReportIDs()...)
				}
				slices.Sort(gotIDs)
				slices.Sort(wantIDs)
				if !slices.Equal(gotIDs, wantIDs) {
					t.Errorf("Events lists %v, want %v", gotIDs, wantIDs)
				}
				var streamed []string
				if err := s.StreamReports(ctx, v, func(r sarhad.Report) error {
					streamed = append(streamed, r.ID)
					return nil
				}); err != nil {
					t.Fatal(err)
				}
				slices.Sort(streamed)
				if !slices.Equal(streamed, wantIDs) {
					t.Errorf("StreamReports gives %v, want %v", streamed, wantIDs)
				}
				for _, by := range [][]sarhad.StatsKey{nil, {sarhad.ByProvince}, {sarhad.ByMonth, sarhad.ByActor}} {
					st, err := s.Stats(ctx, v, sarhad.StatsQuery{By: by})
					if err != nil {
						t.Fatal(err)
					}
					n, k := 0, 0
					for _, r := range st.Rows {
						n += r.Events
						k += r.Killed
					}
					if n != len(wantIDs) || k != wantKilled {
						t.Errorf("Stats by %v counts %d events and %d killed, want %d and %d", by, n, k, len(wantIDs), wantKilled)
					}
				}
			})
		}
	})
}

// TestVisibilityOfLinks moves a report into another owner's event, as fusion will, and checks
// that a viewer sees only the links and claims of the reports it may see.
func TestVisibilityOfLinks(t *testing.T) {
	forEachDialect(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		public := sarhad.Report{ID: "pub", Marking: sarhad.TLPGreen, Owner: "alpha", Source: "Dawn",
			Perpetrator: "Balochistan Liberation Army", Attribution: sarhad.AttrClaimed}
		secret := sarhad.Report{ID: "sec", Marking: sarhad.TLPRed, Owner: "beta", Source: "Field",
			Perpetrator: "Balochistan Liberation Front", Attribution: sarhad.AttrSuspected}
		mustAdd(t, s, public, secret)
		ev := eventOf(t, s, "pub", "Dawn", "alpha")
		pk, _ := parseEventID(ev)
		mustExec(t, s, fmt.Sprintf(`UPDATE event_reports SET event_id = %d, decision = 'pinned'
			WHERE report_id = (SELECT id FROM reports WHERE ext_id = 'sec')`, pk))
		mustExec(t, s, fmt.Sprintf(`UPDATE events SET claims = '[{"actor":"Balochistan Liberation Army","status":"claimed","report_id":"pub"},{"actor":"Balochistan Liberation Front","status":"suspected","report_id":"sec"}]',
			provenance = '[{"field":"perpetrator","report_id":"sec"},{"field":"killed","rule":"max"}]' WHERE id = %d`, pk))

		tests := []struct {
			name   string
			v      sarhad.Viewer
			links  []string
			claims int
			prov   int
		}{
			{"outsider", sarhad.Viewer{Agency: "gamma"}, []string{"pub"}, 1, 1},
			{"owner of the secret report", sarhad.Viewer{Agency: "beta"}, []string{"pub", "sec"}, 2, 2},
			{"system", sarhad.SystemViewer, []string{"pub", "sec"}, 2, 2},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				e, err := s.Event(ctx, tt.v, ev)
				if err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(e.ReportIDs(), tt.links) || len(e.Claims) != tt.claims || len(e.Provenance) != tt.prov {
					t.Errorf("links %v, %d claims, %d provenance; want %v, %d, %d",
						e.ReportIDs(), len(e.Claims), len(e.Provenance), tt.links, tt.claims, tt.prov)
				}
				page, _, err := s.Events(ctx, tt.v, sarhad.EventFilter{})
				if err != nil {
					t.Fatal(err)
				}
				for _, p := range page {
					if p.ID == ev && !slices.Equal(p.ReportIDs(), tt.links) {
						t.Errorf("Events gives links %v, want %v", p.ReportIDs(), tt.links)
					}
				}
			})
		}
	})
}
