package web

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sarhad-osint/sarhad"
	"github.com/sarhad-osint/sarhad/tlpview"
)

// The fakes below stand for the server's services: an in-memory store of events and reports
// with the same visibility rule as the views (the event's marking and owner), a session that
// reads the user from a test header, and a recording decision service and auditor.

type fakeStore struct {
	mu        sync.Mutex
	events    []sarhad.Event
	reports   map[string][]sarhad.Report // by event id
	audit     []sarhad.AuditEntry
	decisions []sarhad.Decision
	submitted []sarhad.Report
}

func (s *fakeStore) visible(v sarhad.Viewer, e *sarhad.Event) bool {
	return v.CanSee(e.Marking, e.Owner)
}

func (s *fakeStore) EventDetail(_ context.Context, v sarhad.Viewer, id string) (sarhad.Event, []sarhad.Report, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, e := range s.events {
		if e.ID == id && s.visible(v, &e) {
			var reps []sarhad.Report
			for _, r := range s.reports[id] {
				if v.CanSee(r.Marking, r.Owner) {
					reps = append(reps, r)
				}
			}
			return e, reps, nil
		}
	}
	return sarhad.Event{}, nil, sarhad.Errorf(sarhad.ENOTFOUND, "Event %q not found.", id)
}

func matches(e *sarhad.Event, f sarhad.EventFilter) bool {
	switch {
	case !f.From.IsZero() && e.Date.Before(f.From),
		!f.To.IsZero() && f.To.Before(e.Date),
		f.Province != "" && e.Location.Province != f.Province,
		f.District != "" && e.Location.District != f.District,
		f.Actor != "" && e.Perpetrator != f.Actor,
		f.AttackType != "" && e.AttackType != f.AttackType:
		return false
	}
	return true
}

func (s *fakeStore) list(v sarhad.Viewer, f sarhad.EventFilter) []sarhad.Event {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []sarhad.Event
	for _, e := range s.events {
		if s.visible(v, &e) && matches(&e, f) {
			out = append(out, e)
		}
	}
	return out
}

func (s *fakeStore) Events(_ context.Context, v sarhad.Viewer, f sarhad.EventFilter) ([]sarhad.Event, string, error) {
	all := s.list(v, f)
	start := 0
	if f.Cursor != "" {
		var err error
		if start, err = atoiCursor(f.Cursor); err != nil {
			return nil, "", sarhad.Errorf(sarhad.EINVALID, "bad cursor")
		}
	}
	if start > len(all) {
		start = len(all)
	}
	end := min(len(all), start+max(f.Limit, 1))
	next := ""
	if end < len(all) {
		next = "c" + itoa(end)
	}
	return all[start:end], next, nil
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

func atoiCursor(c string) (int, error) {
	var n int
	err := json.Unmarshal([]byte(strings.TrimPrefix(c, "c")), &n)
	return n, err
}

func (s *fakeStore) StreamEvents(_ context.Context, v sarhad.Viewer, f sarhad.EventFilter, fn func(sarhad.Event) error) error {
	for _, e := range s.list(v, f) {
		if err := fn(e); err != nil {
			return err
		}
	}
	return nil
}

func (s *fakeStore) Stats(_ context.Context, v sarhad.Viewer, q sarhad.StatsQuery) (sarhad.Stats, error) {
	var rows []sarhad.StatsRow
	for _, e := range s.list(v, q.Filter) {
		r := sarhad.StatsRow{Events: 1, Killed: e.Killed.Total.BestOr0(), KilledSecurity: e.Killed.Security.BestOr0(),
			KilledCivilians: e.Killed.Civilians.BestOr0(), KilledMilitants: e.Killed.Militants.BestOr0(), Injured: e.Injured.BestOr0()}
		for _, k := range q.By {
			r.Keys = append(r.Keys, tlpview.StatsKeyOf(&e, k))
		}
		rows = append(rows, r)
	}
	return sarhad.Stats{By: q.By, Rows: sarhad.MergeStatsRows(rows)}, nil
}

func (s *fakeStore) ParseReport(body []byte, agency string) (sarhad.Report, error) {
	var r sarhad.Report
	if err := json.Unmarshal(body, &r); err != nil {
		return r, err
	}
	r.Owner = agency
	return r, nil
}

func (s *fakeStore) SubmitReport(_ context.Context, v sarhad.Viewer, r sarhad.Report) (Submitted, error) {
	if !v.Role.Can(sarhad.RoleAnalyst) {
		return Submitted{}, sarhad.Errorf(sarhad.EFORBIDDEN, "no")
	}
	r.Normalize()
	if err := r.Validate(); err != nil {
		return Submitted{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.submitted = append(s.submitted, r)
	e := sarhad.EventFromReport(&r)
	e.ID = "e-new" + itoa(len(s.submitted))
	s.events = append([]sarhad.Event{e}, s.events...)
	s.reports[e.ID] = []sarhad.Report{r}
	return Submitted{ReportID: r.ID, EventID: e.ID, Created: true}, nil
}

func (s *fakeStore) EventHistory(ctx context.Context, v sarhad.Viewer, id string) ([]sarhad.AuditEntry, error) {
	if _, _, err := s.EventDetail(ctx, v, id); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []sarhad.AuditEntry
	for _, a := range s.audit {
		if a.Object == "event:"+id && (a.Marking == "" || v.CanSee(a.Marking, a.Owner)) {
			out = append(out, a)
		}
	}
	return out, nil
}

func (s *fakeStore) Audit(_ context.Context, e sarhad.AuditEntry) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	e.Seq = int64(len(s.audit) + 1)
	s.audit = append(s.audit, e)
	return nil
}

func (s *fakeStore) decide(kind sarhad.DecisionKind, v sarhad.Viewer, ev, other, report, why string) (sarhad.Decision, error) {
	if _, _, err := s.EventDetail(context.Background(), v, ev); err != nil {
		return sarhad.Decision{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	d := sarhad.Decision{ID: int64(len(s.decisions) + 1), Kind: kind, EventID: ev, OtherEventID: other, ReportID: report, By: v.Name, Why: why,
		At: time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC), Result: ev}
	s.decisions = append(s.decisions, d)
	return d, nil
}

func (s *fakeStore) Merge(_ context.Context, v sarhad.Viewer, keep, other, why string) (sarhad.Decision, error) {
	return s.decide(sarhad.DecisionMerge, v, keep, other, "", why)
}
func (s *fakeStore) Split(_ context.Context, v sarhad.Viewer, ev, report, why string) (sarhad.Decision, error) {
	return s.decide(sarhad.DecisionSplit, v, ev, "", report, why)
}
func (s *fakeStore) Pin(_ context.Context, v sarhad.Viewer, report, ev, why string) (sarhad.Decision, error) {
	return s.decide(sarhad.DecisionPin, v, ev, "", report, why)
}
func (s *fakeStore) Undo(context.Context, sarhad.Viewer, int64, string) (sarhad.Decision, error) {
	return sarhad.Decision{}, sarhad.Errorf(sarhad.ENOTIMPLEMENTED, "no")
}
func (s *fakeStore) Decisions(_ context.Context, v sarhad.Viewer, ev string) ([]sarhad.Decision, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []sarhad.Decision
	for _, d := range s.decisions {
		if d.EventID == ev {
			out = append(out, d)
		}
	}
	return out, nil
}

// fakeSession reads the user from the X-Test-User header; the CSRF token is "csrf-" plus
// the name (the real check runs in the API server's middleware, before the UI).
type fakeSession struct{ users map[string]sarhad.User }

func testUserOf(r *http.Request) string {
	if n := r.Header.Get("X-Test-User"); n != "" {
		return n
	}
	if c, err := r.Cookie("s"); err == nil {
		return c.Value
	}
	return ""
}

func (f fakeSession) Principal(r *http.Request) (sarhad.User, sarhad.Viewer, bool) {
	u, ok := f.users[testUserOf(r)]
	if !ok {
		return sarhad.User{}, sarhad.Viewer{}, false
	}
	return u, u.Viewer(nil), true
}

func (f fakeSession) CSRFToken(r *http.Request) string {
	if _, ok := f.users[testUserOf(r)]; ok {
		return "csrf-" + testUserOf(r)
	}
	return ""
}

func (f fakeSession) Login(w http.ResponseWriter, r *http.Request, name, password string) (sarhad.User, error) {
	if u, ok := f.users[name]; ok && password == "pw-"+name {
		http.SetCookie(w, &http.Cookie{Name: "s", Value: name, Path: "/"})
		return u, nil
	}
	return sarhad.User{}, sarhad.Errorf(sarhad.EUNAUTHORIZED, "Wrong user name or password.")
}

func (f fakeSession) Logout(w http.ResponseWriter, r *http.Request) error {
	http.SetCookie(w, &http.Cookie{Name: "s", Value: "", Path: "/", MaxAge: -1})
	return nil
}

// fakeExtractor returns one fixed draft with evidence over the text it is given.
type fakeExtractor struct{}

func (fakeExtractor) Extract(text string, day sarhad.Date) []sarhad.Report {
	i := strings.Index(text, "Bannu")
	if i < 0 {
		return nil
	}
	at := len([]rune(text[:i]))
	d := sarhad.Report{Date: day, Location: sarhad.Location{Province: sarhad.ProvinceKP, District: "Bannu"},
		AttackType: sarhad.AttackSuicide, Killed: sarhad.Tally{Total: sarhad.Exact(12)}, Perpetrator: sarhad.UnknownActor,
		Evidence: map[string]sarhad.Evidence{"district": {Start: at, End: at + 5, Snippet: "Bannu", Confidence: 0.9}}}
	if j := strings.Index(text, "Twelve"); j >= 0 {
		s := len([]rune(text[:j]))
		d.Evidence["killed.total"] = sarhad.Evidence{Start: s, End: s + 6, Snippet: "Twelve", Confidence: 0.8}
	}
	return []sarhad.Report{d}
}

// Test users: two agencies; ctd shares nothing with police.
var testUsers = map[string]sarhad.User{
	"vera":  {ID: 1, Name: "vera", Agency: "ctd", Role: sarhad.RoleViewer},
	"ali":   {ID: 2, Name: "ali", Agency: "ctd", Role: sarhad.RoleAnalyst},
	"adm":   {ID: 3, Name: "adm", Agency: "ctd", Role: sarhad.RoleAdmin},
	"pavel": {ID: 4, Name: "pavel", Agency: "police", Role: sarhad.RoleAnalyst},
	"pia":   {ID: 5, Name: "pia", Agency: "police", Role: sarhad.RoleViewer},
}

// testEvents are a small deterministic data set: a two-report CLEAR event, a RED event of
// ctd, an AMBER event of police, and two events of one day and district.
func testStore() *fakeStore {
	upd := time.Date(2025, 2, 1, 9, 0, 0, 0, time.UTC)
	r1 := sarhad.Report{ID: "r-1", Source: "Dawn", SourceReliability: sarhad.ReliabilityB, Marking: sarhad.TLPClear, Owner: "system",
		ReportedAt: time.Date(2025, 1, 14, 8, 0, 0, 0, time.UTC),
		Text:       "Twelve policemen were killed when a suicide bomber struck a police station in Bannu.",
		Date:       sarhad.NewDate(2025, 1, 13), Location: sarhad.Location{Province: sarhad.ProvinceKP, District: "Bannu"},
		AttackType: sarhad.AttackSuicide, Perpetrator: "Tehrik-i-Taliban Pakistan", Attribution: sarhad.AttrClaimed,
		Killed: sarhad.Tally{Total: sarhad.Exact(12), Security: sarhad.Exact(12)},
		Evidence: map[string]sarhad.Evidence{"killed.total": {Start: 0, End: 6, Snippet: "Twelve", Confidence: 0.9},
			"district": {Start: 78, End: 83, Snippet: "Bannu", Confidence: 0.95}}}
	r2 := sarhad.Report{ID: "r-2", Source: "ISPR", SourceReliability: sarhad.ReliabilityA, Marking: sarhad.TLPClear, Owner: "system",
		Date: sarhad.NewDate(2025, 1, 13), Location: sarhad.Location{Province: sarhad.ProvinceKP, District: "Bannu"},
		Killed: sarhad.Tally{Total: sarhad.Span(12, 13, 14)}, Perpetrator: "Hafiz Gul Bahadur Group", Attribution: sarhad.AttrDenied}
	e1 := sarhad.Event{ID: "e-1", Date: sarhad.NewDate(2025, 1, 13), Location: r1.Location, Perpetrator: r1.Perpetrator, Attribution: sarhad.AttrClaimed,
		AttackType: sarhad.AttackSuicide, TargetType: sarhad.TargetPolice, Killed: sarhad.Tally{Total: sarhad.Span(12, 13, 14), Security: sarhad.Exact(12)},
		Injured: sarhad.Exact(20), CrossBorder: sarhad.NexusUnknown, Credibility: 2, Marking: sarhad.TLPClear, Owner: "system", UpdatedAt: upd,
		Claims: []sarhad.Claim{{Actor: r1.Perpetrator, Status: sarhad.AttrClaimed, ReportID: "r-1"}, {Actor: r2.Perpetrator, Status: sarhad.AttrDenied, ReportID: "r-2"}},
		Links: []sarhad.Link{{ReportID: "r-1", Score: 1, Why: "first report of this event", Decision: sarhad.LinkSeed},
			{ReportID: "r-2", Score: 0.64, Why: "with r-1: same day; Bannu", Decision: sarhad.LinkAuto}},
		Provenance: []sarhad.FieldSource{{Field: "killed.total", ReportID: "r-2", Rule: "most reliable source"}}}
	red := sarhad.Report{ID: "r-red", Source: "CTD field post", Marking: sarhad.TLPRed, Owner: "ctd",
		Date: sarhad.NewDate(2025, 1, 20), Location: sarhad.Location{Province: sarhad.ProvinceBalochistan, District: "Kech"},
		AttackType: sarhad.AttackIED, Killed: sarhad.Tally{Total: sarhad.Exact(3)}, Perpetrator: sarhad.UnknownActor}
	e2 := sarhad.EventFromReport(&red)
	e2.ID, e2.UpdatedAt = "e-red", upd
	amber := sarhad.Report{ID: "r-amber", Source: "Police", Marking: sarhad.TLPAmber, Owner: "police",
		Date: sarhad.NewDate(2025, 1, 22), Location: sarhad.Location{Province: sarhad.ProvinceKP, District: "Peshawar"},
		AttackType: sarhad.AttackArmedAssault, Killed: sarhad.Tally{Total: sarhad.Exact(1)}, Perpetrator: sarhad.UnknownActor}
	e3 := sarhad.EventFromReport(&amber)
	e3.ID, e3.UpdatedAt = "e-amber", upd
	d1 := sarhad.Report{ID: "r-d1", Source: "Dawn", Marking: sarhad.TLPGreen, Owner: "system", Date: sarhad.NewDate(2024, 12, 5),
		Location: sarhad.Location{Province: sarhad.ProvinceKP, District: "North Waziristan"}, AttackType: sarhad.AttackAmbush,
		Killed: sarhad.Tally{Total: sarhad.Exact(4), Security: sarhad.Exact(4)}, Perpetrator: sarhad.UnknownActor}
	d2 := d1
	d2.ID, d2.Source, d2.Killed = "r-d2", "Express Tribune", sarhad.Tally{Total: sarhad.Exact(5)}
	e4, e5 := sarhad.EventFromReport(&d1), sarhad.EventFromReport(&d2)
	e4.ID, e5.ID, e4.UpdatedAt, e5.UpdatedAt = "e-4", "e-5", upd, upd
	return &fakeStore{
		events:  []sarhad.Event{e3, e2, e1, e4, e5},
		reports: map[string][]sarhad.Report{"e-1": {r1, r2}, "e-red": {red}, "e-amber": {amber}, "e-4": {d1}, "e-5": {d2}},
		audit: []sarhad.AuditEntry{{Seq: 1, Time: upd, Actor: "cli", Agency: "system", Action: sarhad.AuditImport, Object: "event:e-1"},
			{Seq: 2, Time: upd, Actor: "ali", Agency: "ctd", Action: sarhad.AuditReportAdd, Object: "event:e-red", Marking: sarhad.TLPRed, Owner: "ctd"}},
	}
}

// testUI returns the UI over a fresh fake store.
func testUI(t testing.TB) (*UI, *fakeStore) {
	t.Helper()
	st := testStore()
	u, err := New(Deps{Views: st, Session: fakeSession{testUsers}, Reports: st, History: st, Decisions: st, Auditor: st,
		Extractor: fakeExtractor{}, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Now: func() time.Time { return time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC) }})
	if err != nil {
		t.Fatal(err)
	}
	return u, st
}

// do sends one request as user ("" for anonymous) and returns the response and its body.
func do(t testing.TB, h http.Handler, user, method, target string, form url.Values, headers ...string) (*http.Response, string) {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req := httptest.NewRequest(method, target, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if user != "" {
		req.Header.Set("X-Test-User", user)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	res := rec.Result()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}
