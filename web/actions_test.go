package web

import (
	"net/url"
	"strings"
	"testing"

	"github.com/sarhad-osint/sarhad"
)

// TestReportSave runs the report form: validation messages at their fields, a saved report
// that leads to its event with the notice, evidence kept only for values the analyst left
// as extraction read them, and the marking chosen.
func TestReportSave(t *testing.T) {
	text := "Twelve policemen were killed in Bannu on Monday."
	for _, c := range []struct {
		name   string
		form   url.Values
		status int
		want   []string
		check  func(t *testing.T, r sarhad.Report)
	}{
		{name: "bad fields stay in the form", form: url.Values{"marking": {"TLP:GREEN"}, "date": {"2025-02-30"}, "killed_total": {"many"}, "lat": {"31"}, "source": {"Dawn"}},
			status: 422, want: []string{`id="e-killed_total"`, "A number, a range", "Give both latitude and longitude", `value="Dawn"`, `value="TLP:GREEN" checked`}},
		{name: "invalid date is filed under its field", form: url.Values{"marking": {"TLP:GREEN"}, "date": {"2025-02-30"}},
			status: 422, want: []string{`id="e-date"`, "day 30 is not in 2025-02"}},
		{name: "no marking", form: url.Values{"marking": {""}, "date": {"2025-02-03"}}, status: 422, want: []string{"Choose a TLP 2.0 marking."}},
		{name: "saved", form: url.Values{"marking": {"TLP:RED"}, "date": {"2025-02-03"}, "province": {"Khyber Pakhtunkhwa"}, "district": {"Bannu"},
			"attack_type": {"IED"}, "killed_total": {"3-4-6"}, "injured": {"2"}, "source": {"Dawn"}, "source_reliability": {"B"}, "reported_at": {"2025-02-03T10:30"}},
			status: 303, check: func(t *testing.T, r sarhad.Report) {
				if r.Marking != sarhad.TLPRed || r.Owner != "ctd" || r.Killed.Total != sarhad.Span(3, 4, 6) || r.Injured != sarhad.Exact(2) ||
					r.Date != sarhad.NewDate(2025, 2, 3) || r.AttackType != sarhad.AttackIED || !strings.HasPrefix(r.ID, "ui-ctd-20250301-120000-") ||
					r.ReportedAt.Format("15:04") != "10:30" || r.SourceReliability != "B" {
					t.Errorf("saved %+v", r)
				}
			}},
		{name: "evidence kept for untouched values only", form: url.Values{"marking": {"TLP:AMBER"}, "id": {"r-x"}, "text": {text}, "district": {"Bannu"}, "killed_total": {"11"},
			"evidence": {`{"district":{"start":32,"end":37,"snippet":"Bannu","confidence":0.9,"value":"Bannu"},"killed_total":{"start":0,"end":6,"snippet":"Twelve","confidence":0.8,"value":"12"}}`}},
			status: 303, check: func(t *testing.T, r sarhad.Report) {
				if _, ok := r.Evidence["district"]; !ok || len(r.Evidence) != 1 || r.ID != "r-x" {
					t.Errorf("evidence %+v", r.Evidence)
				}
			}},
		{name: "evidence dropped when the text changed", form: url.Values{"marking": {"TLP:AMBER"}, "text": {"Eleven " + text}, "district": {"Bannu"},
			"evidence": {`{"district":{"start":32,"end":37,"snippet":"Bannu","confidence":0.9,"value":"Bannu"}}`}},
			status: 303, check: func(t *testing.T, r sarhad.Report) {
				if len(r.Evidence) != 0 {
					t.Errorf("evidence %+v", r.Evidence)
				}
			}},
	} {
		t.Run(c.name, func(t *testing.T) {
			u, st := testUI(t)
			res, body := do(t, u.Handler(), "ali", "POST", "/reports/new", c.form)
			if res.StatusCode != c.status {
				t.Fatalf("status %d\n%s", res.StatusCode, body)
			}
			for _, w := range c.want {
				if !strings.Contains(body, w) {
					t.Errorf("page lacks %q", w)
				}
			}
			if c.check == nil {
				if len(st.submitted) != 0 {
					t.Errorf("a report was saved")
				}
				return
			}
			if len(st.submitted) != 1 {
				t.Fatalf("%d reports saved", len(st.submitted))
			}
			loc := res.Header.Get("Location")
			if !strings.HasPrefix(loc, "/events/e-new1?added=") {
				t.Errorf("Location %q", loc)
			}
			c.check(t, st.submitted[0])
			// The event page of the report greets it.
			if res, body := do(t, u.Handler(), "ali", "GET", loc, nil); res.StatusCode != 200 || !strings.Contains(body, "was saved; it starts this new event") {
				t.Errorf("event page after saving: %d", res.StatusCode)
			}
		})
	}
	t.Run("htmx save redirects the browser", func(t *testing.T) {
		u, _ := testUI(t)
		res, _ := do(t, u.Handler(), "ali", "POST", "/reports/new", url.Values{"marking": {"TLP:CLEAR"}, "date": {"2025-02-03"}}, "HX-Request", "true")
		if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("HX-Redirect"), "/events/") {
			t.Errorf("%d %q", res.StatusCode, res.Header.Get("HX-Redirect"))
		}
	})
	t.Run("extraction without text", func(t *testing.T) {
		u, _ := testUI(t)
		res, body := do(t, u.Handler(), "ali", "POST", "/reports/extract", url.Values{"text": {" "}})
		if res.StatusCode != 422 || !strings.Contains(body, "Paste the text of a report first.") {
			t.Errorf("%d", res.StatusCode)
		}
	})
	t.Run("extraction finding nothing", func(t *testing.T) {
		u, _ := testUI(t)
		_, body := do(t, u.Handler(), "ali", "POST", "/reports/extract", url.Values{"text": {"A quiet day."}})
		if !strings.Contains(body, "No attack was found") {
			t.Error("no message")
		}
	})
}

// TestDecisions runs the review actions: each calls the decision service as the analyst and
// appends an audit entry that carries the event's marking; a hidden event is a 404 and
// nothing is decided.
func TestDecisions(t *testing.T) {
	for _, c := range []struct {
		name, user, path string
		form             url.Values
		status           int
		action           string
		kind             sarhad.DecisionKind
		location         string
	}{
		{"accept pins", "ali", "/review/accept", url.Values{"event": {"e-1"}, "report": {"r-2"}}, 303, sarhad.AuditPin, sarhad.DecisionPin, "/review?decided=1"},
		{"reject splits, audited as a rejection", "ali", "/review/reject", url.Values{"event": {"e-1"}, "report": {"r-2"}, "why": {"another attack"}}, 303, sarhad.AuditReject, sarhad.DecisionSplit, "/review?decided=1"},
		{"split from the event page", "ali", "/review/split", url.Values{"event": {"e-1"}, "report": {"r-2"}, "why": {"another attack"}}, 303, sarhad.AuditSplit, sarhad.DecisionSplit, "/events/e-1?decided=1"},
		{"merge", "ali", "/review/merge", url.Values{"event": {"e-4"}, "other": {"e-5"}, "why": {"one ambush"}}, 303, sarhad.AuditMerge, sarhad.DecisionMerge, "/review?decided=1"},
		{"a reason is required", "ali", "/review/reject", url.Values{"event": {"e-1"}, "report": {"r-2"}}, 400, "", "", ""},
		{"hidden event is not found", "pavel", "/review/merge", url.Values{"event": {"e-red"}, "other": {"e-1"}, "why": {"x"}}, 404, "", "", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			u, st := testUI(t)
			n := len(st.audit)
			res, body := do(t, u.Handler(), c.user, "POST", c.path, c.form)
			if res.StatusCode != c.status {
				t.Fatalf("status %d\n%s", res.StatusCode, body)
			}
			if c.action == "" {
				if len(st.decisions) != 0 || len(st.audit) != n {
					t.Error("something was decided")
				}
				return
			}
			if res.Header.Get("Location") != c.location {
				t.Errorf("Location %q", res.Header.Get("Location"))
			}
			if len(st.decisions) != 1 || st.decisions[0].Kind != c.kind || st.decisions[0].By != c.user {
				t.Fatalf("decisions %+v", st.decisions)
			}
			a := st.audit[len(st.audit)-1]
			if len(st.audit) != n+1 || a.Action != c.action || a.Actor != c.user || a.Agency != "ctd" || a.Marking == "" || a.Object != "event:"+c.form.Get("event") || a.Detail["via"] != "ui" {
				t.Errorf("audit %+v", a)
			}
		})
	}
}
