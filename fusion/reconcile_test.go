package fusion_test

import (
	"testing"
	"time"

	"github.com/sarhad-osint/sarhad"
	"github.com/sarhad-osint/sarhad/actors"
	"github.com/sarhad-osint/sarhad/fusion"
)

func at(h int) time.Time { return time.Date(2024, 3, 1, h, 0, 0, 0, time.UTC) }

// rep builds a report of a fictitious attack with the fields a test changes.
func rep(id, source string, grade sarhad.Reliability, change func(*sarhad.Report)) sarhad.Report {
	r := sarhad.Report{ID: id, Source: source, SourceReliability: grade, Date: sarhad.NewDate(2024, 3, 1),
		Location:    sarhad.Location{Province: sarhad.ProvinceKP, District: "Bannu", Precision: sarhad.GeoDistrict},
		Perpetrator: sarhad.UnknownActor, Attribution: sarhad.AttrUnknown, CrossBorder: sarhad.NexusUnknown,
		Marking: sarhad.TLPGreen, Owner: "ctd"}
	if change != nil {
		change(&r)
	}
	return r
}

func TestReconcile(t *testing.T) {
	grades := fusion.SourceGrades{Actors: actors.Default()}
	tests := []struct {
		name    string
		reports []sarhad.Report
		grades  fusion.SourceGrades
		check   func(t *testing.T, e sarhad.Event)
	}{
		{
			name: "best is the latest figure of the most reliable tier; low and high span the sources",
			reports: []sarhad.Report{
				rep("a", "Reuters", "A", func(r *sarhad.Report) { r.Killed.Total = sarhad.Exact(8); r.ReportedAt = at(1) }),
				rep("b", "Dawn", "B", func(r *sarhad.Report) { r.Killed.Total = sarhad.Exact(12); r.ReportedAt = at(9) }),
				rep("c", "Local", "D", func(r *sarhad.Report) { r.Killed.Total = sarhad.Exact(20); r.ReportedAt = at(12) }),
			},
			check: func(t *testing.T, e sarhad.Event) {
				if e.Killed.Total != sarhad.Span(8, 12, 20) {
					t.Errorf("killed = %v, want 8–20 best 12", e.Killed.Total)
				}
			},
		},
		{
			name: "a source's later figure replaces its earlier one",
			reports: []sarhad.Report{
				rep("a", "Dawn", "B", func(r *sarhad.Report) { r.Killed.Total = sarhad.Exact(3); r.ReportedAt = at(1) }),
				rep("b", "Dawn", "B", func(r *sarhad.Report) { r.Killed.Total = sarhad.Exact(7); r.ReportedAt = at(5) }),
				rep("c", "Geo", "C", func(r *sarhad.Report) { r.Killed.Total = sarhad.Exact(6); r.ReportedAt = at(6) }),
			},
			check: func(t *testing.T, e sarhad.Event) {
				if e.Killed.Total != sarhad.Span(6, 7, 7) {
					t.Errorf("killed = %v, want 6–7 best 7", e.Killed.Total)
				}
			},
		},
		{
			name: "a claim never sets best, only widens high",
			reports: []sarhad.Report{
				rep("a", "ISPR", "B", func(r *sarhad.Report) { r.Killed.Total = sarhad.Exact(5) }),
				rep("b", "BLA", "", func(r *sarhad.Report) {
					r.Killed.Total = sarhad.Exact(90)
					r.Perpetrator, r.Attribution = "Balochistan Liberation Army", sarhad.AttrClaimed
				}),
			},
			check: func(t *testing.T, e sarhad.Event) {
				if e.Killed.Total != sarhad.Span(5, 5, 90) {
					t.Errorf("killed = %v, want 5–90 best 5", e.Killed.Total)
				}
			},
		},
		{
			name: "a figure only a claim gives stays unknown",
			reports: []sarhad.Report{
				rep("a", "Dawn", "B", nil),
				rep("b", "TTP spokesman", "", func(r *sarhad.Report) {
					r.Killed.Total = sarhad.Exact(40)
					r.Perpetrator, r.Attribution = "Tehrik-i-Taliban Pakistan", sarhad.AttrClaimed
				}),
			},
			check: func(t *testing.T, e sarhad.Event) {
				if e.Killed.Total.Known {
					t.Errorf("killed = %v, want unknown", e.Killed.Total)
				}
				if e.Perpetrator != "Tehrik-i-Taliban Pakistan" || e.Attribution != sarhad.AttrClaimed {
					t.Errorf("headline = %s %s", e.Perpetrator, e.Attribution)
				}
			},
		},
		{
			name: "a listed claimant outlet is a claim whatever its name",
			grades: func() fusion.SourceGrades {
				g := fusion.NewSourceGrades(nil, map[string]string{"Umar Media": "TTP"})
				g.Actors = actors.Default()
				return g
			}(),
			reports: []sarhad.Report{
				rep("a", "Dawn", "B", func(r *sarhad.Report) { r.Killed.Total = sarhad.Exact(2) }),
				rep("b", "Umar Media", "", func(r *sarhad.Report) {
					r.Killed.Total = sarhad.Exact(30)
					r.Perpetrator, r.Attribution = "TTP", sarhad.AttrClaimed
				}),
			},
			check: func(t *testing.T, e sarhad.Event) {
				if e.Killed.Total != sarhad.Span(2, 2, 30) {
					t.Errorf("killed = %v, want 2–30 best 2", e.Killed.Total)
				}
			},
		},
		{
			name:   "a grade table overrides the reports' grades",
			grades: fusion.NewSourceGrades(map[string]sarhad.Reliability{"local stringer": "A"}, nil),
			reports: []sarhad.Report{
				rep("a", "Dawn", "B", func(r *sarhad.Report) { r.Killed.Total = sarhad.Exact(4) }),
				rep("b", "Local Stringer", "E", func(r *sarhad.Report) { r.Killed.Total = sarhad.Exact(6) }),
			},
			check: func(t *testing.T, e sarhad.Event) {
				if e.Killed.Total.Best != 6 {
					t.Errorf("killed = %v, want best 6 (the stringer is graded A)", e.Killed.Total)
				}
			},
		},
		{
			name: "claim and denial are both kept; a faction's claim heads its parent's denial",
			reports: []sarhad.Report{
				rep("a", "Reuters", "A", func(r *sarhad.Report) { r.Perpetrator, r.Attribution = "Jamaat-ul-Ahrar", sarhad.AttrClaimed }),
				rep("b", "The News", "B", func(r *sarhad.Report) { r.Perpetrator, r.Attribution = "Tehrik-i-Taliban Pakistan", sarhad.AttrDenied }),
				rep("c", "Dawn", "B", func(r *sarhad.Report) {
					r.Perpetrator, r.Attribution = "Tehrik-i-Taliban Pakistan", sarhad.AttrSuspected
				}),
			},
			check: func(t *testing.T, e sarhad.Event) {
				if e.Perpetrator != "Jamaat-ul-Ahrar" || e.Attribution != sarhad.AttrClaimed {
					t.Errorf("headline = %s %s", e.Perpetrator, e.Attribution)
				}
				if len(e.Claims) != 3 {
					t.Errorf("claims = %+v, want all three statements", e.Claims)
				}
			},
		},
		{
			name: "only a denial: no perpetrator",
			reports: []sarhad.Report{
				rep("a", "Dawn", "B", nil),
				rep("b", "The News", "B", func(r *sarhad.Report) { r.Perpetrator, r.Attribution = "Tehrik-i-Taliban Pakistan", sarhad.AttrDenied }),
			},
			check: func(t *testing.T, e sarhad.Event) {
				if e.Perpetrator != sarhad.UnknownActor || len(e.Claims) != 1 {
					t.Errorf("headline = %s, claims %+v", e.Perpetrator, e.Claims)
				}
			},
		},
		{
			name: "official attribution over suspicion; a group that claims and denies is suspected",
			reports: []sarhad.Report{
				rep("a", "Dawn", "B", func(r *sarhad.Report) { r.Perpetrator, r.Attribution = "Hafiz Gul Bahadur Group", sarhad.AttrClaimed }),
				rep("b", "Geo", "C", func(r *sarhad.Report) { r.Perpetrator, r.Attribution = "Hafiz Gul Bahadur Group", sarhad.AttrDenied }),
				rep("c", "ISPR", "B", func(r *sarhad.Report) {
					r.Perpetrator, r.Attribution = "Tehrik-i-Taliban Pakistan", sarhad.AttrOfficial
				}),
			},
			check: func(t *testing.T, e sarhad.Event) {
				if e.Perpetrator != "Tehrik-i-Taliban Pakistan" || e.Attribution != sarhad.AttrOfficial {
					t.Errorf("headline = %s %s", e.Perpetrator, e.Attribution)
				}
			},
		},
		{
			name: "date and place at the most precise level sources support",
			reports: []sarhad.Report{
				rep("a", "Dawn", "B", func(r *sarhad.Report) {
					r.Date = sarhad.NewDate(2024, 3, 0)
					r.Location = sarhad.Location{Province: sarhad.ProvinceKP, Precision: sarhad.GeoProvince}
				}),
				rep("b", "Geo", "C", func(r *sarhad.Report) {
					r.Location = sarhad.Location{Province: sarhad.ProvinceKP, District: "Bannu", Place: "Domel", Lat: 32.9, Lon: 70.6, Precision: sarhad.GeoTown}
				}),
				rep("c", "Reuters", "A", func(r *sarhad.Report) { r.Date = sarhad.NewDate(2024, 3, 2) }),
			},
			check: func(t *testing.T, e sarhad.Event) {
				if e.Date != sarhad.NewDate(2024, 3, 2) {
					t.Errorf("date = %s, want 2024-03-02 (the A source outweighs the C source)", e.Date)
				}
				if e.Location.Place != "Domel" || e.Location.Precision != sarhad.GeoTown {
					t.Errorf("place = %+v, want the town", e.Location)
				}
			},
		},
		{
			name: "cross-border nexus from a credible source only",
			reports: []sarhad.Report{
				rep("a", "social media", "E", func(r *sarhad.Report) { r.CrossBorder = sarhad.NexusYes }),
				rep("b", "Dawn", "B", nil),
			},
			check: func(t *testing.T, e sarhad.Event) {
				if e.CrossBorder != sarhad.NexusUnknown {
					t.Errorf("nexus = %s, want unknown (only an E source says yes)", e.CrossBorder)
				}
			},
		},
		{
			name: "two rows of one source are not corroboration",
			reports: []sarhad.Report{
				rep("a", "Dawn", "B", nil),
				rep("b", "Dawn", "B", nil),
			},
			check: func(t *testing.T, e sarhad.Event) {
				if e.Credibility != 3 {
					t.Errorf("credibility = %d, want 3", e.Credibility)
				}
			},
		},
		{
			name: "a syndicated copy is not independent",
			reports: []sarhad.Report{
				rep("a", "APP", "C", func(r *sarhad.Report) {
					r.Text = "BANNU: Two policemen were martyred when unidentified motorcyclists opened fire on a police mobile near the Domel bazaar on Friday, police said."
				}),
				rep("b", "Pakistan Today", "C", func(r *sarhad.Report) {
					r.Text = "Two policemen were martyred when unidentified motorcyclists opened fire on a police mobile near the Domel bazaar on Friday, police said. (APP)"
				}),
			},
			check: func(t *testing.T, e sarhad.Event) {
				if e.Credibility != 3 {
					t.Errorf("credibility = %d, want 3 (one origin)", e.Credibility)
				}
			},
		},
		{
			name: "two independent sources corroborate",
			reports: []sarhad.Report{
				rep("a", "Dawn", "B", nil),
				rep("b", "Geo", "C", nil),
			},
			check: func(t *testing.T, e sarhad.Event) {
				if e.Credibility != 2 {
					t.Errorf("credibility = %d, want 2", e.Credibility)
				}
			},
		},
		{
			name: "marking is the most restrictive, owner that of its report",
			reports: []sarhad.Report{
				rep("a", "Dawn", "B", nil),
				rep("b", "Field", "B", func(r *sarhad.Report) { r.Marking, r.Owner = sarhad.TLPRed, "fc" }),
			},
			check: func(t *testing.T, e sarhad.Event) {
				if e.Marking != sarhad.TLPRed || e.Owner != "fc" {
					t.Errorf("marking %s owner %s", e.Marking, e.Owner)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := tt.grades
			if g.Actors == nil {
				g.Actors = grades.Actors
			}
			e := fusion.Reconcile(tt.reports, g)
			if len(e.Links) != len(tt.reports) || e.Links[0].Decision != sarhad.LinkSeed {
				t.Errorf("links = %+v", e.Links)
			}
			if err := e.Killed.Validate(); err != nil {
				t.Errorf("reconciled tally invalid: %v", err)
			}
			tt.check(t, e)
		})
	}
}

// TestReconcileEvent checks the viewer's recomputation: only the given reports count, and
// the stored event's identity and links are kept.
func TestReconcileEvent(t *testing.T) {
	all := []sarhad.Report{
		rep("a", "Dawn", "B", func(r *sarhad.Report) { r.Killed.Total = sarhad.Exact(3) }),
		rep("b", "Field", "A", func(r *sarhad.Report) { r.Killed.Total = sarhad.Exact(9); r.Marking = sarhad.TLPRed }),
	}
	stored := fusion.Reconcile(all, fusion.SourceGrades{})
	stored.ID, stored.Incident = "e-7", "i-x"
	stored.Links[1].Why = "with a: same day"
	seen := fusion.ReconcileEvent(stored, all[:1], fusion.SourceGrades{})
	if seen.ID != "e-7" || seen.Incident != "i-x" || len(seen.Links) != 1 || seen.Links[0].ReportID != "a" {
		t.Errorf("event = %s %s links %+v", seen.ID, seen.Incident, seen.Links)
	}
	if seen.Killed.Total != sarhad.Exact(3) || seen.Marking != sarhad.TLPGreen {
		t.Errorf("killed %v marking %s, want 3 and the visible report's marking", seen.Killed.Total, seen.Marking)
	}
}

func TestSuggestedGrade(t *testing.T) {
	tests := []struct {
		corr, contra int
		want         sarhad.Reliability
	}{
		{3, 0, "F"},
		{200, 1, "A"},
		{40, 0, "B"},
		{180, 10, "B"},
		{80, 20, "C"},
		{60, 20, "D"},
		{20, 20, "E"},
	}
	for _, tt := range tests {
		if got := (fusion.TrackRecord{Corroborated: tt.corr, Contradicted: tt.contra}).SuggestedGrade(); got != tt.want {
			t.Errorf("%d/%d: %s, want %s", tt.corr, tt.contra, got, tt.want)
		}
	}
}

func TestTrackRecords(t *testing.T) {
	reps := []sarhad.Report{
		rep("a", "Dawn", "B", func(r *sarhad.Report) { r.Killed.Total = sarhad.Exact(10) }),
		rep("b", "Geo", "C", func(r *sarhad.Report) { r.Killed.Total = sarhad.Exact(11) }),
		rep("c", "Rumour Mill", "E", func(r *sarhad.Report) { r.Killed.Total = sarhad.Exact(60); r.Date = sarhad.NewDate(2024, 3, 5) }),
		rep("d", "Dawn", "B", nil),
	}
	e1 := fusion.Reconcile(reps[:3], fusion.SourceGrades{})
	e2 := fusion.Reconcile(reps[3:], fusion.SourceGrades{})
	byID := map[string]sarhad.Report{}
	for _, r := range reps {
		byID[r.ID] = r
	}
	got := fusion.TrackRecords([]sarhad.Event{e1, e2}, func(id string) (sarhad.Report, bool) { r, ok := byID[id]; return r, ok }, fusion.SourceGrades{})
	want := map[string][2]int{"Dawn": {1, 0}, "Geo": {1, 0}, "Rumour Mill": {0, 1}}
	if len(got) != len(want) {
		t.Fatalf("records = %+v", got)
	}
	for _, tr := range got {
		if w := want[tr.Source]; tr.Corroborated != w[0] || tr.Contradicted != w[1] {
			t.Errorf("%s: %d/%d, want %d/%d", tr.Source, tr.Corroborated, tr.Contradicted, w[0], w[1])
		}
	}
}

// TestReconcileInferredZeroNeverOutweighsAStatedToll: an early text that mentions no deaths
// is extracted as an inferred 0 killed; a later, less reliable report stating 12 killed sets
// the toll. Alone, the inferred 0 is the figure.
func TestReconcileInferredZeroNeverOutweighsAStatedToll(t *testing.T) {
	inferred := sarhad.Report{ID: "r-1", Source: "Dawn", SourceReliability: sarhad.ReliabilityA,
		ReportedAt: time.Date(2024, 5, 8, 9, 0, 0, 0, time.UTC), Date: sarhad.NewDate(2024, 5, 8),
		Killed:   sarhad.Tally{Total: sarhad.Exact(0)},
		Evidence: map[string]sarhad.Evidence{"killed.total": {Confidence: 0.3, Inferred: true}}}
	stated := sarhad.Report{ID: "r-2", Source: "local stringer", SourceReliability: sarhad.ReliabilityC,
		ReportedAt: time.Date(2024, 5, 8, 8, 0, 0, 0, time.UTC), Date: sarhad.NewDate(2024, 5, 8),
		Killed: sarhad.Tally{Total: sarhad.Exact(12)}}
	e := fusion.Reconcile([]sarhad.Report{inferred, stated}, fusion.SourceGrades{})
	if e.Killed.Total != sarhad.Exact(12) {
		t.Fatalf("killed = %v, want exactly 12 from the stated report", e.Killed.Total)
	}
	e = fusion.Reconcile([]sarhad.Report{inferred}, fusion.SourceGrades{})
	if e.Killed.Total != sarhad.Exact(0) {
		t.Fatalf("alone, the inferred figure is the figure: %v", e.Killed.Total)
	}
}
