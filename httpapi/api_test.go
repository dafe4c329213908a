package httpapi_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/sarhad-osint/sarhad"
)

// visible says which fixture reports (by id) each agency may see: TLP:CLEAR and TLP:GREEN
// everyone; TLP:AMBER the owner and the agencies it shares with (ctd-kp → police-kp);
// TLP:AMBER+STRICT and TLP:RED the owner only. c-mix has a TLP:AMBER revision police-kp may
// see and a TLP:RED one it may not.
var visible = map[string][]string{
	ctd:    {"c-clear", "c-green", "c-amber", "c-strict", "c-red", "c-mix"},
	police: {"c-clear", "c-green", "c-amber", "c-mix", "p-red"},
	fc:     {"c-clear", "c-green", "f-amber"},
}

// totals are each agency's event count and killed sum: c-mix counts 7 killed for ctd-kp (its
// TLP:RED revision) and 6 for police-kp (the TLP:AMBER revision it may see).
var totals = map[string][2]int{ctd: {6, 1 + 2 + 3 + 4 + 5 + 7}, police: {5, 1 + 2 + 3 + 6 + 8}, fc: {3, 1 + 2 + 9}}

var allReports = []string{"c-clear", "c-green", "c-amber", "c-strict", "c-red", "c-mix", "p-red", "f-amber"}

func quoted(ids []string) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = `"` + id + `"`
	}
	return out
}

func hidden(agency string) []string {
	var out []string
	for _, id := range allReports {
		if !slices.Contains(visible[agency], id) {
			out = append(out, id)
		}
	}
	return out
}

// statsTotal checks the single row of an ungrouped stats answer.
func statsTotal(events, killed int) func(*testing.T, *testApp, []byte) {
	return func(t *testing.T, _ *testApp, body []byte) {
		var rows []map[string]any
		if err := json.Unmarshal(body, &rows); err != nil || len(rows) != 1 {
			t.Fatalf("stats body %s: %v", body, err)
		}
		if rows[0]["events"] != float64(events) || rows[0]["killed"] != float64(killed) {
			t.Fatalf("stats %v, want %d events, %d killed", rows[0], events, killed)
		}
	}
}

// csvRows checks the number of data rows of a CSV export.
func csvRows(n int) func(*testing.T, *testApp, []byte) {
	return func(t *testing.T, _ *testApp, body []byte) {
		recs, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
		if err != nil || len(recs) != n+1 {
			t.Fatalf("CSV with %d records (%v), want %d rows and a header:\n%s", len(recs), err, n, body)
		}
	}
}

func geoFeatures(n int) func(*testing.T, *testApp, []byte) {
	return func(t *testing.T, _ *testApp, body []byte) {
		var fc struct {
			Type     string            `json:"type"`
			Features []json.RawMessage `json:"features"`
			Marking  string            `json:"marking"`
		}
		if err := json.Unmarshal(body, &fc); err != nil || fc.Type != "FeatureCollection" || len(fc.Features) != n {
			t.Fatalf("GeoJSON with %d features (%v), want %d:\n%s", len(fc.Features), err, n, body)
		}
	}
}

// readScenarios are the read-only scenarios: every read route × every agency × every role ×
// every marking of the fixture, plus the anonymous and bad-token callers of every route.
func readScenarios(routes []string) []scenario {
	var out []scenario
	for _, r := range routes {
		out = append(out,
			scenario{name: "anonymous " + r, method: strings.Fields(r)[0], url: strings.Fields(r)[1], status: 401, has: []string{`"unauthorized"`}},
			scenario{name: "bad token " + r, method: strings.Fields(r)[0], url: strings.Fields(r)[1], as: "bad-token", status: 401})
	}
	out = append(out,
		scenario{name: "anonymous unknown api route", url: "/api/v1/nope", status: 401},
		scenario{name: "health without credentials", url: "/healthz", status: 200, has: []string{`"status":"ok"`}},
		scenario{name: "unknown api route", url: "/api/v1/nope", as: userName(ctd, sarhad.RoleViewer), status: 404},
		scenario{name: "openapi", url: "/api/v1/openapi.json", as: userName(fc, sarhad.RoleViewer), status: 200, has: []string{`"openapi": "3.1.0"`}},
		scenario{name: "bad filter", url: "/api/v1/events?province=Atlantis", as: userName(fc, sarhad.RoleViewer), status: 400},
		scenario{name: "bad limit", url: "/api/v1/events?limit=0", as: userName(fc, sarhad.RoleViewer), status: 400},
		scenario{name: "bad cursor", url: "/api/v1/events?cursor=xyz", as: userName(fc, sarhad.RoleViewer), status: 400},
		scenario{name: "bad stats key", url: "/api/v1/stats?by=colour", as: userName(fc, sarhad.RoleViewer), status: 400},
	)
	for _, ag := range []string{ctd, police, fc} {
		for _, role := range roles {
			u := userName(ag, role)
			n, killed := totals[ag][0], totals[ag][1]
			out = append(out,
				scenario{name: u + " lists", url: "/api/v1/events?limit=1000", as: u, status: 200,
					has: quoted(visible[ag]), hasNot: quoted(hidden(ag))},
				scenario{name: u + " stats", url: "/api/v1/stats", as: u, status: 200, check: statsTotal(n, killed)},
				scenario{name: u + " stats of Balochistan", url: "/api/v1/stats?by=province&province=Balochistan", as: u, status: 200,
					check: func(t *testing.T, _ *testApp, body []byte) {
						want := map[string]int{ctd: 1, police: 0, fc: 1}[ag]
						if got := strings.Count(string(body), `"events":1`); got != want {
							t.Fatalf("%d Balochistan rows, want %d: %s", got, want, body)
						}
					}},
				scenario{name: u + " csv", url: "/api/v1/events.csv", as: u, status: 200, check: csvRows(n),
					has: visible[ag], hasNot: hidden(ag)},
				scenario{name: u + " geojson", url: "/api/v1/events.geojson", as: u, status: 200, check: geoFeatures(n),
					has: quoted(visible[ag]), hasNot: quoted(hidden(ag))},
				scenario{name: u + " format=csv", url: "/api/v1/events?format=csv&province=kpk", as: u, status: 200,
					hasNot: append(hidden(ag), "c-red")},
				scenario{name: u + " me", url: "/api/v1/me", as: u, status: 200, has: []string{`"agency":"` + ag + `"`}},
			)
			for _, rid := range allReports {
				sc := scenario{name: u + " event of " + rid, url: "/api/v1/events/{" + rid + "}", as: u}
				if slices.Contains(visible[ag], rid) {
					sc.status, sc.has = 200, []string{`"` + rid + `"`}
				} else {
					// 404 with the same body as an event that does not exist: no existence leak.
					sc.status, sc.has, sc.hasNot = 404, []string{`"not_found"`}, []string{rid}
				}
				out = append(out, sc)
			}
			out = append(out, scenario{name: u + " event that does not exist", url: "/api/v1/events/e-999999", as: u, status: 404})
			// Admin routes by role.
			for _, route := range []string{"/api/v1/users", "/api/v1/shares"} {
				status := 403
				if role == sarhad.RoleAdmin {
					status = 200
				}
				out = append(out, scenario{name: u + " " + route, url: route, as: u, status: status})
			}
		}
	}
	// The mixed event: ctd-kp sees both revisions and 7 killed, police-kp only the TLP:AMBER
	// revision and values reconciled from it (6 killed), fc-north nothing.
	out = append(out,
		scenario{name: "mixed event, owner", url: "/api/v1/events/{c-mix}", as: userName(ctd, sarhad.RoleViewer), status: 200,
			has: []string{`"killed":{"total":{"low":7,"best":7,"high":7}`, `"TLP:RED"`, `"report_ids":["c-mix","c-mix"]`}},
		scenario{name: "mixed event, partner sees its part", url: "/api/v1/events/{c-mix}", as: userName(police, sarhad.RoleViewer), status: 200,
			has: []string{`"killed":{"total":{"low":6,"best":6,"high":6}`, `"report_ids":["c-mix"]`, `"marking":"TLP:AMBER"`}, hasNot: []string{"TLP:RED", `"best":7`, `"killed":7`}},
		scenario{name: "mixed event in the partner's list", url: "/api/v1/events?from=2024-06&to=2024-06", as: userName(police, sarhad.RoleViewer), status: 200,
			has: []string{`"best":6`}, hasNot: []string{"TLP:RED", `"best":7`}},
		scenario{name: "mixed event in the partner's stats", url: "/api/v1/stats?by=month&from=2024-06&to=2024-06", as: userName(police, sarhad.RoleViewer), status: 200,
			has: []string{`"month":"2024-06","events":1,"killed":6`}},
		scenario{name: "history of the mixed event, owner", url: "/api/v1/events/{c-mix}/audit", as: userName(ctd, sarhad.RoleViewer), status: 200,
			has: []string{`"killed":"6"`, `"killed":"7"`, `"actor":"analyst-of-ctd-kp"`}},
		scenario{name: "history of the mixed event, partner", url: "/api/v1/events/{c-mix}/audit", as: userName(police, sarhad.RoleViewer), status: 200,
			has: []string{`"killed":"6"`, `"agency":"ctd-kp"`}, hasNot: []string{`"killed":"7"`, "analyst-of"}},
		scenario{name: "history of a hidden event", url: "/api/v1/events/{c-red}/audit", as: userName(fc, sarhad.RoleViewer), status: 404},
		scenario{name: "mixed event in the owner's stats", url: "/api/v1/stats?by=month&from=2024-06&to=2024-06", as: userName(ctd, sarhad.RoleViewer), status: 200,
			has: []string{`"month":"2024-06","events":1,"killed":7`}},
	)
	return out
}

func TestReadScenarios(t *testing.T) {
	forEachDialect(t, func(t *testing.T, newApp func() *testApp) {
		a := newApp()
		var routes []string
		for _, r := range a.srv.Routes() {
			if strings.HasPrefix(r.Path, "/api/") {
				routes = append(routes, r.Method+" "+strings.ReplaceAll(strings.ReplaceAll(r.Path, "{id}", "e-1"), "{with}", police))
			}
		}
		scenarios := readScenarios(routes)
		for _, sc := range scenarios {
			t.Run(sc.name, func(t *testing.T) { a.run(t, sc) })
		}
		t.Logf("%d read scenarios", len(scenarios))
		// Exports are audited, with their filter and count.
		var exports int
		for _, e := range a.auditActions(t) {
			if strings.HasPrefix(e, sarhad.AuditExport+" ") {
				exports++
			}
		}
		if exports != 3*3*3 {
			t.Errorf("%d exports audited, want 27", exports)
		}
	})
}

// TestNoExistenceLeak compares the answer for a hidden event with the answer for an event
// that does not exist: they differ only in the id.
func TestNoExistenceLeak(t *testing.T) {
	forEachDialect(t, func(t *testing.T, newApp func() *testApp) {
		a := newApp()
		as := userName(fc, sarhad.RoleAdmin)
		for _, rid := range hidden(fc) {
			hid := a.do(t, scenario{url: "/api/v1/events/{" + rid + "}", as: as})
			none := a.do(t, scenario{url: "/api/v1/events/e-999999", as: as})
			h := strings.ReplaceAll(hid.Body.String(), a.event[rid], "ID")
			n := strings.ReplaceAll(none.Body.String(), "e-999999", "ID")
			if hid.Code != none.Code || h != n {
				t.Fatalf("hidden %s answers %d %q, a missing event %d %q", rid, hid.Code, h, none.Code, n)
			}
		}
	})
}

// writeScenarios run each on a fresh app.
var writeScenarios = []scenario{
	{name: "anonymous post", method: "POST", url: "/api/v1/reports", body: `{"id":"w-1"}`, status: 401},
	{name: "viewer may not post", method: "POST", url: "/api/v1/reports", body: `{"id":"w-1"}`, as: userName(ctd, sarhad.RoleViewer), status: 403},
	{name: "analyst posts", method: "POST", url: "/api/v1/reports", body: `{"id":"w-1","district":"D.I. Khan","perpetrator":"TTP","date":"2025-01-02","killed":3}`,
		as: userName(police, sarhad.RoleAnalyst), status: 201, has: []string{`"report_id":"w-1"`, `"event_id":"e-`},
		check: func(t *testing.T, a *testApp, body []byte) {
			var res struct {
				EventID string `json:"event_id"`
			}
			json.Unmarshal(body, &res)
			// Default marking TLP:AMBER, owner police-kp: ctd-kp (not shared with) cannot see it.
			a.run(t, scenario{url: "/api/v1/events/" + res.EventID, as: userName(police, sarhad.RoleViewer), status: 200,
				has: []string{`"TLP:AMBER"`, `"owner":"police-kp"`, `"district":"Dera Ismail Khan"`, `"perpetrator":"Tehrik-i-Taliban Pakistan"`}})
			a.run(t, scenario{url: "/api/v1/events/" + res.EventID, as: userName(ctd, sarhad.RoleAdmin), status: 404})
			if acts := a.auditActions(t); !slices.Contains(acts, sarhad.AuditReportAdd+" report:w-1") {
				t.Fatalf("not audited: %v", acts)
			}
		}},
	{name: "admin posts red", method: "POST", url: "/api/v1/reports", body: `{"id":"w-2","marking":"TLP:RED","date":"2025-01-03"}`,
		as: userName(fc, sarhad.RoleAdmin), status: 201,
		check: func(t *testing.T, a *testApp, body []byte) {
			a.run(t, scenario{url: "/api/v1/stats", as: userName(fc, sarhad.RoleViewer), status: 200, check: statsTotal(totals[fc][0]+1, totals[fc][1])})
			a.run(t, scenario{url: "/api/v1/stats", as: userName(police, sarhad.RoleViewer), status: 200, check: statsTotal(totals[police][0], totals[police][1])})
		}},
	{name: "owner and hash in the body are ignored", method: "POST", url: "/api/v1/reports",
		body: `{"id":"c-red","source":"CTD","owner":"ctd-kp","marking":"TLP:RED","date":"2024-05-10","killed":5,"province":"Balochistan","district":"Quetta"}`,
		as:   userName(police, sarhad.RoleAnalyst), status: 201,
		check: func(t *testing.T, a *testApp, body []byte) {
			// The same content under another owner is another report: it must not land in, or
			// reveal, ctd-kp's event.
			if strings.Contains(string(body), `"`+a.event["c-red"]+`"`) {
				t.Fatalf("posting ctd-kp's content revealed its event: %s", body)
			}
		}},
	{name: "the same report twice", method: "POST", url: "/api/v1/reports", body: `{"id":"w-9","source":"Police","date":"2024-07-10","killed":8,"district":"Peshawar"}`,
		as: userName(police, sarhad.RoleAnalyst), status: 201,
		check: func(t *testing.T, a *testApp, first []byte) {
			a.run(t, scenario{method: "POST", url: "/api/v1/reports", body: `{"id":"w-9","source":"Police","date":"2024-07-10","killed":8,"district":"Peshawar"}`,
				as: userName(police, sarhad.RoleAnalyst), status: 200, check: func(t *testing.T, _ *testApp, again []byte) {
					if !bytes.Equal(first, again) {
						t.Fatalf("first %s, again %s", first, again)
					}
				}})
		}},
	{name: "a revision joins the event", method: "POST", url: "/api/v1/reports", body: `{"id":"p-red","source":"Police","marking":"RED","date":"2024-07-10","killed":9}`,
		as: userName(police, sarhad.RoleAnalyst), status: 201, has: []string{`"event_id":"{p-red}"`}},
	{name: "invalid report", method: "POST", url: "/api/v1/reports", body: `{"id":"w-3","killed":-1}`, as: userName(ctd, sarhad.RoleAnalyst), status: 400, has: []string{"killed"}},
	{name: "no id", method: "POST", url: "/api/v1/reports", body: `{"source":"x"}`, as: userName(ctd, sarhad.RoleAnalyst), status: 400, has: []string{"id"}},
	{name: "not json", method: "POST", url: "/api/v1/reports", body: `{"id":`, as: userName(ctd, sarhad.RoleAnalyst), status: 400},
	{name: "bad marking", method: "POST", url: "/api/v1/reports", body: `{"id":"w-4","marking":"TLP:PURPLE"}`, as: userName(ctd, sarhad.RoleAnalyst), status: 400, has: []string{"marking"}},
	{name: "cookie post without CSRF", method: "POST", url: "/api/v1/reports", body: `{"id":"w-5"}`, as: "cookie-nocsrf:" + userName(ctd, sarhad.RoleAnalyst), status: 403, has: []string{"CSRF"}},
	{name: "cookie post with CSRF", method: "POST", url: "/api/v1/reports", body: `{"id":"w-6"}`, as: "cookie:" + userName(ctd, sarhad.RoleAnalyst), status: 201},
	{name: "cookie post cross-site", method: "POST", url: "/api/v1/reports", body: `{"id":"w-7"}`, as: "cookie:" + userName(ctd, sarhad.RoleAnalyst),
		headers: map[string]string{"Sec-Fetch-Site": "cross-site"}, status: 403},
	{name: "cookie get needs no CSRF", url: "/api/v1/events", as: "cookie-nocsrf:" + userName(fc, sarhad.RoleViewer), status: 200, hasNot: []string{`"c-red"`}},
	{name: "cookie viewer may not post", method: "POST", url: "/api/v1/reports", body: `{"id":"w-8"}`, as: "cookie:" + userName(ctd, sarhad.RoleViewer), status: 403},
	{name: "logout without CSRF", method: "POST", url: "/auth/logout", as: "cookie-nocsrf:" + userName(ctd, sarhad.RoleViewer), status: 403},
	{name: "logout", method: "POST", url: "/auth/logout", as: "cookie:" + userName(ctd, sarhad.RoleViewer), status: 204},
	{name: "wrong password", method: "POST", url: "/auth/login", body: `{"name":"ctd-kp-viewer","password":"wrong wrong wrong"}`, status: 401,
		check: func(t *testing.T, a *testApp, _ []byte) {
			if acts := a.auditActions(t); !slices.Contains(acts, sarhad.AuditLoginFailed+" user:ctd-kp-viewer") {
				t.Fatalf("failed login not audited: %v", acts)
			}
		}},
	{name: "unknown user", method: "POST", url: "/auth/login", body: `{"name":"nobody","password":"wrong wrong wrong"}`, status: 401},
	{name: "json login", method: "POST", url: "/auth/login", body: `{"name":"CTD-KP-VIEWER","password":"correct horse battery"}`, status: 200,
		has: []string{`"csrf_token"`, `"agency":"ctd-kp"`}},
	{name: "cross-site login", method: "POST", url: "/auth/login", body: `{"name":"ctd-kp-viewer","password":"correct horse battery"}`,
		headers: map[string]string{"Sec-Fetch-Site": "cross-site"}, status: 403},
	{name: "viewer may not create users", method: "POST", url: "/api/v1/users", body: `{"name":"x","agency":"y","role":"admin"}`, as: userName(ctd, sarhad.RoleAnalyst), status: 403},
	{name: "admin may not create users of another agency", method: "POST", url: "/api/v1/users", body: `{"name":"mole","agency":"ctd-kp","role":"admin"}`,
		as: userName(fc, sarhad.RoleAdmin), status: 403},
	{name: "admin lists its agency's users", url: "/api/v1/users", as: userName(fc, sarhad.RoleAdmin), status: 200,
		has: []string{"fc-north-viewer"}, hasNot: []string{"ctd-kp-viewer"}},
	{name: "admin creates a user", method: "POST", url: "/api/v1/users", body: `{"name":"newbie","agency":"ctd-kp","role":"viewer"}`, as: userName(ctd, sarhad.RoleAdmin), status: 201,
		has: []string{`"token":"sarhad_`},
		check: func(t *testing.T, a *testApp, body []byte) {
			var res struct{ Token string }
			json.Unmarshal(body, &res)
			a.tokens["newbie"] = res.Token
			a.run(t, scenario{url: "/api/v1/stats", as: "newbie", status: 200, check: statsTotal(totals[ctd][0], totals[ctd][1])})
			acts := a.auditActions(t)
			for _, want := range []string{"user.add user:newbie", "token.add user:newbie"} {
				if !slices.Contains(acts, want) {
					t.Errorf("%q not audited: %v", want, acts)
				}
			}
		}},
	{name: "user exists", method: "POST", url: "/api/v1/users", body: `{"name":"CTD-KP-viewer","agency":"ctd-kp","role":"viewer"}`, as: userName(ctd, sarhad.RoleAdmin), status: 409},
	{name: "share and unshare", method: "POST", url: "/api/v1/shares", body: `{"with":"fc-north"}`, as: userName(ctd, sarhad.RoleAdmin), status: 204,
		check: func(t *testing.T, a *testApp, _ []byte) {
			fcv := userName(fc, sarhad.RoleViewer)
			a.run(t, scenario{url: "/api/v1/events/{c-amber}", as: fcv, status: 200})
			a.run(t, scenario{url: "/api/v1/events/{c-strict}", as: fcv, status: 404})
			a.run(t, scenario{url: "/api/v1/events/{c-mix}", as: fcv, status: 200, has: []string{`"best":6`}, hasNot: []string{"TLP:RED"}})
			a.run(t, scenario{url: "/api/v1/stats", as: fcv, status: 200, check: statsTotal(5, 1+2+3+6+9)})
			a.run(t, scenario{method: "DELETE", url: "/api/v1/shares/fc-north", as: userName(ctd, sarhad.RoleAdmin), status: 204})
			a.run(t, scenario{url: "/api/v1/events/{c-amber}", as: fcv, status: 404})
			a.run(t, scenario{url: "/api/v1/stats", as: fcv, status: 200, check: statsTotal(totals[fc][0], totals[fc][1])})
			acts := a.auditActions(t)
			if !slices.Contains(acts, "share.add share:ctd-kp>fc-north") || !slices.Contains(acts, "share.revoke share:ctd-kp>fc-north") {
				t.Fatalf("shares not audited: %v", acts)
			}
		}},
	{name: "share with an unknown agency", method: "POST", url: "/api/v1/shares", body: `{"with":"nobody"}`, as: userName(ctd, sarhad.RoleAdmin), status: 404},
	{name: "analyst may not share", method: "POST", url: "/api/v1/shares", body: `{"with":"fc-north"}`, as: userName(ctd, sarhad.RoleAnalyst), status: 403},
	{name: "unshare what is not shared", method: "DELETE", url: "/api/v1/shares/fc-north", as: userName(ctd, sarhad.RoleAdmin), status: 404},
}

func TestWriteScenarios(t *testing.T) {
	forEachDialect(t, func(t *testing.T, newApp func() *testApp) {
		for _, sc := range writeScenarios {
			t.Run(sc.name, func(t *testing.T) {
				a := newApp()
				a.run(t, sc)
				// Whatever happened, the audit log still verifies.
				res, err := a.log.Verify(context.Background())
				if err != nil || res.Problem != nil {
					t.Fatalf("audit log: %+v %v", res, err)
				}
			})
		}
	})
}

// TestLoginRateLimit: per account, five failures throttle the account from any address (even
// with the right password); per address, twenty attempts throttle the address.
func TestLoginRateLimit(t *testing.T) {
	a := newTestApp(t, "sqlite")
	login := func(name, password, ip string) int {
		req := scenario{method: "POST", url: "/auth/login", body: fmt.Sprintf(`{"name":%q,"password":%q}`, name, password)}
		w := a.doFrom(t, req, ip)
		return w.Code
	}
	for i := range 5 {
		if c := login("ctd-kp-viewer", "wrong password!", fmt.Sprintf("10.0.0.%d", i)); c != 401 {
			t.Fatalf("attempt %d: %d", i+1, c)
		}
	}
	if c := login("ctd-kp-viewer", testPassword, "10.9.9.9"); c != 429 {
		t.Fatalf("sixth attempt with the right password from a new address: %d, want 429", c)
	}
	if c := login("fc-north-viewer", testPassword, "10.9.9.9"); c != 200 {
		t.Fatalf("another account: %d", c)
	}
	for i := range 19 {
		if c := login(fmt.Sprintf("user%d", i), "wrong password!", "10.1.1.1"); c != 401 {
			t.Fatalf("spray attempt %d: %d", i+1, c)
		}
	}
	if c := login("police-kp-viewer", testPassword, "10.1.1.1"); c != 200 {
		t.Fatalf("20th attempt from one address: %d", c)
	}
	if c := login("police-kp-admin", testPassword, "10.1.1.1"); c != 429 {
		t.Fatalf("21st attempt from one address: %d, want 429", c)
	}
	w := a.doFrom(t, scenario{method: "POST", url: "/auth/login", body: `{"name":"x","password":"y"}`}, "10.1.1.1")
	if w.Header().Get("Retry-After") == "" {
		t.Fatal("429 without Retry-After")
	}
}
