package httpapi_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/sarhad-osint/sarhad"
	"github.com/sarhad-osint/sarhad/actors"
	"github.com/sarhad-osint/sarhad/audit"
	"github.com/sarhad-osint/sarhad/auth"
	"github.com/sarhad-osint/sarhad/gazetteer"
	"github.com/sarhad-osint/sarhad/httpapi"
	"github.com/sarhad-osint/sarhad/importer"
	"github.com/sarhad-osint/sarhad/sqlstore"
	"github.com/sarhad-osint/sarhad/sqlstore/storetest"
	"github.com/sarhad-osint/sarhad/tlpview"
)

// The harness runs the API against a fresh app (a real store, the per-viewer views, the audit
// log), PocketBase style: a scenario is one request by one principal with the status and the
// body it must get.

func TestMain(m *testing.M) {
	// Cheap hashes: the format and the checks are those of production.
	auth.DefaultParams = auth.Params{Time: 1, MemoryKiB: 64, Threads: 1, SaltLen: 16, KeyLen: 32}
	os.Exit(m.Run())
}

// Agencies of the fixture: ctd-kp shares its TLP:AMBER records with police-kp; fc-north
// shares with nobody and nobody shares with it.
const (
	ctd    = "ctd-kp"
	police = "police-kp"
	fc     = "fc-north"
)

var roles = []sarhad.Role{sarhad.RoleViewer, sarhad.RoleAnalyst, sarhad.RoleAdmin}

// fixture reports: one per marking owned by ctd-kp, a report revised from TLP:AMBER (6
// killed) to TLP:RED (7 killed), which makes its event mixed, and one report of each other
// agency. Each kills a distinct number, so statistics tell which events were counted.
var fixture = []sarhad.Report{
	{ID: "c-clear", Source: "CTD", Owner: ctd, Marking: sarhad.TLPClear, Date: sarhad.NewDate(2024, 1, 10), Killed: sarhad.Tally{Total: sarhad.Exact(1)},
		Location: sarhad.Location{Province: sarhad.ProvinceKP, District: "Peshawar", Lat: 34.0, Lon: 71.5}, Perpetrator: "Tehrik-i-Taliban Pakistan"},
	{ID: "c-green", Source: "CTD", Owner: ctd, Marking: sarhad.TLPGreen, Date: sarhad.NewDate(2024, 2, 10), Killed: sarhad.Tally{Total: sarhad.Exact(2)},
		Location: sarhad.Location{Province: sarhad.ProvinceKP, District: "Bannu"}},
	{ID: "c-amber", Source: "CTD", Owner: ctd, Marking: sarhad.TLPAmber, Date: sarhad.NewDate(2024, 3, 10), Killed: sarhad.Tally{Total: sarhad.Exact(3)},
		Location: sarhad.Location{Province: sarhad.ProvinceKP, District: "Bannu"}},
	{ID: "c-strict", Source: "CTD", Owner: ctd, Marking: sarhad.TLPAmberStrict, Date: sarhad.NewDate(2024, 4, 10), Killed: sarhad.Tally{Total: sarhad.Exact(4)},
		Location: sarhad.Location{Province: sarhad.ProvinceKP, District: "Khyber"}},
	{ID: "c-red", Source: "CTD", Owner: ctd, Marking: sarhad.TLPRed, Date: sarhad.NewDate(2024, 5, 10), Killed: sarhad.Tally{Total: sarhad.Exact(5)},
		Location: sarhad.Location{Province: sarhad.ProvinceBalochistan, District: "Quetta"}},
	{ID: "c-mix", Source: "CTD", Owner: ctd, Marking: sarhad.TLPAmber, Date: sarhad.NewDate(2024, 6, 10), Killed: sarhad.Tally{Total: sarhad.Exact(6)},
		Location: sarhad.Location{Province: sarhad.ProvinceKP, District: "Bannu"}},
	{ID: "p-red", Source: "Police", Owner: police, Marking: sarhad.TLPRed, Date: sarhad.NewDate(2024, 7, 10), Killed: sarhad.Tally{Total: sarhad.Exact(8)},
		Location: sarhad.Location{Province: sarhad.ProvinceKP, District: "Peshawar"}},
	{ID: "f-amber", Source: "FC", Owner: fc, Marking: sarhad.TLPAmber, Date: sarhad.NewDate(2024, 8, 10), Killed: sarhad.Tally{Total: sarhad.Exact(9)},
		Location: sarhad.Location{Province: sarhad.ProvinceBalochistan, District: "Quetta"}},
}

// mixRevision revises c-mix under TLP:RED.
func mixRevision() sarhad.Report {
	r := fixture[5]
	r.Marking, r.Killed = sarhad.TLPRed, sarhad.Tally{Total: sarhad.Exact(7)}
	return r
}

// testApp is a running app with the fixture loaded.
type testApp struct {
	t      testing.TB
	srv    *httpapi.Server
	store  *sqlstore.Store
	log    *audit.Log
	tokens map[string]string // user name → API token
	event  map[string]string // report id → event id
}

var (
	testPassword = "correct horse battery"
	testKey      = audit.Key(strings.Repeat("k", 32))
)

// userName is the fixture user of an agency and role, e.g. "ctd-kp-analyst".
func userName(agency string, role sarhad.Role) string { return agency + "-" + string(role) }

func newTestApp(t testing.TB, dialect string) *testApp {
	t.Helper()
	ctx := context.Background()
	st := storetest.Open(t, dialect)
	a := &testApp{t: t, store: st, log: audit.New(st, testKey), tokens: map[string]string{}, event: map[string]string{}}
	hash, err := auth.HashPassword(testPassword, auth.DefaultParams)
	if err != nil {
		t.Fatal(err)
	}
	for _, ag := range []string{ctd, police, fc} {
		for _, r := range roles {
			tok := auth.NewAPIToken()
			if _, _, err := st.CreateUser(ctx, sarhad.User{Name: userName(ag, r), Agency: ag, Role: r}, hash, auth.TokenHash(tok)); err != nil {
				t.Fatal(err)
			}
			a.tokens[userName(ag, r)] = tok
		}
	}
	if err := st.AddShare(ctx, sarhad.Share{From: ctd, To: police, CreatedBy: "test"}); err != nil {
		t.Fatal(err)
	}
	for _, r := range append(fixture, mixRevision()) {
		id, _, err := st.AddReport(ctx, r)
		if err != nil {
			t.Fatal(err)
		}
		a.event[r.ID] = id
		if err := a.log.Audit(ctx, sarhad.AuditEntry{Actor: "analyst-of-" + r.Owner, Agency: r.Owner, Action: sarhad.AuditReportAdd,
			Object: "report:" + r.ID, Marking: r.Marking, Owner: r.Owner, Detail: map[string]string{"killed": r.Killed.Total.String()}}); err != nil {
			t.Fatal(err)
		}
	}
	a.srv = httpapi.New(httpapi.Config{}, httpapi.Deps{
		Views: tlpview.New(st, nil), Accounts: st, Admin: st, Reports: st, Auditor: a.log, Audits: st,
		Resolvers: importer.Resolvers{Places: gazetteer.Default(), Actors: actors.Default()},
		Health:    []httpapi.Check{{Name: "store", Fn: st.Ping}},
		Logger:    slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	return a
}

// cookieSession signs user in and returns the session cookie and the CSRF token.
func (a *testApp) cookieSession(user string) (*http.Cookie, string) {
	a.t.Helper()
	form := url.Values{"name": {user}, "password": {testPassword}}
	req := httptest.NewRequest("POST", "/auth/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.RemoteAddr = "192.0.2.1:1234"
	w := httptest.NewRecorder()
	a.srv.ServeHTTP(w, req)
	if w.Code != 200 {
		a.t.Fatalf("login %s: %d %s", user, w.Code, w.Body)
	}
	var body struct {
		CSRF string `json:"csrf_token"`
	}
	json.Unmarshal(w.Body.Bytes(), &body)
	for _, c := range w.Result().Cookies() {
		if c.Name == "sarhad_session" {
			return c, body.CSRF
		}
	}
	a.t.Fatal("no session cookie")
	return nil, ""
}

// scenario is one request and what must come back.
type scenario struct {
	name   string
	method string
	// url may name fixture events as {c-red} (the event of report c-red).
	url  string
	body string
	// as is the principal: "" anonymous, a user name (API token), "cookie:USER" (session
	// cookie with its CSRF token), "cookie-nocsrf:USER" (session cookie without it), or
	// "bad-token".
	as      string
	status  int
	has     []string // substrings the body must contain
	hasNot  []string // substrings it must not contain
	check   func(t *testing.T, a *testApp, body []byte)
	headers map[string]string
	// from is the client address (default 192.0.2.10).
	from string
}

// doFrom runs a scenario's request from address ip.
func (a *testApp) doFrom(t *testing.T, sc scenario, ip string) *httptest.ResponseRecorder {
	sc.from = ip
	return a.do(t, sc)
}

// do runs the request of a scenario.
func (a *testApp) do(t *testing.T, sc scenario) *httptest.ResponseRecorder {
	t.Helper()
	u := sc.url
	for rid, eid := range a.event {
		u = strings.ReplaceAll(u, "{"+rid+"}", eid)
	}
	method := sc.method
	if method == "" {
		method = "GET"
	}
	var body io.Reader
	if sc.body != "" {
		body = strings.NewReader(sc.body)
	}
	req := httptest.NewRequest(method, u, body)
	req.RemoteAddr = "192.0.2.10:5555"
	if sc.from != "" {
		req.RemoteAddr = sc.from + ":5555"
	}
	if sc.body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range sc.headers {
		req.Header.Set(k, v)
	}
	switch kind, user, _ := strings.Cut(sc.as, ":"); {
	case sc.as == "":
	case sc.as == "bad-token":
		req.Header.Set("Authorization", "Bearer "+auth.NewAPIToken())
	case kind == "cookie" || kind == "cookie-nocsrf":
		c, csrf := a.cookieSession(user)
		req.AddCookie(c)
		if kind == "cookie" {
			req.Header.Set("X-CSRF-Token", csrf)
		}
	default:
		tok, ok := a.tokens[sc.as]
		if !ok {
			t.Fatalf("no user %q", sc.as)
		}
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	w := httptest.NewRecorder()
	a.srv.ServeHTTP(w, req)
	return w
}

// run runs a scenario and checks its outcome.
func (a *testApp) run(t *testing.T, sc scenario) {
	t.Helper()
	w := a.do(t, sc)
	body := w.Body.Bytes()
	if w.Code != sc.status {
		t.Fatalf("%s %s as %q: status %d, want %d\n%s", sc.method, sc.url, sc.as, w.Code, sc.status, body)
	}
	for _, s := range sc.has {
		if !strings.Contains(string(body), a.expand(s)) {
			t.Errorf("body lacks %q:\n%s", a.expand(s), body)
		}
	}
	for _, s := range sc.hasNot {
		if strings.Contains(string(body), a.expand(s)) {
			t.Errorf("body has %q:\n%s", a.expand(s), body)
		}
	}
	if sc.check != nil {
		sc.check(t, a, body)
	}
}

func (a *testApp) expand(s string) string {
	for rid, eid := range a.event {
		s = strings.ReplaceAll(s, "{"+rid+"}", eid)
	}
	return s
}

// forEachDialect runs fn with a fresh app per store dialect.
func forEachDialect(t *testing.T, fn func(t *testing.T, newApp func() *testApp)) {
	for _, d := range storetest.Dialects {
		t.Run(d, func(t *testing.T) {
			fn(t, func() *testApp { return newTestApp(t, d) })
		})
	}
}

// auditActions returns the actions of the audit log, in order.
func (a *testApp) auditActions(t *testing.T) []string {
	t.Helper()
	var out []string
	err := a.store.StreamAudit(context.Background(), func(e sarhad.AuditEntry) error {
		out = append(out, e.Action+" "+e.Object)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
