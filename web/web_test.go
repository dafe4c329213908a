package web

import (
	"flag"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/sarhad-osint/sarhad"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// TestRoutes is the scenario table of the UI: one row per route × role, with what the page
// must and must not show.
func TestRoutes(t *testing.T) {
	form := func(kv ...string) url.Values {
		v := url.Values{}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v
	}
	for _, c := range []struct {
		name, user, method, path string
		form                     url.Values
		status                   int
		want, not                []string
		location                 string
		htmx                     bool
	}{
		{name: "anonymous map goes to sign-in", method: "GET", path: "/map?province=Sindh", status: 303, location: "/login?next=%2Fmap%3Fprovince%3DSindh"},
		{name: "anonymous root goes to sign-in", method: "GET", path: "/", status: 303, location: "/login?next=%2F"},
		{name: "anonymous event goes to sign-in", method: "GET", path: "/events/e-red", status: 303},
		{name: "anonymous post is refused", method: "POST", path: "/reports/new", form: form("source", "x"), status: 401},
		{name: "login page", method: "GET", path: "/login?next=/stats", status: 200, want: []string{`name="password"`, `value="/stats"`, `autocomplete="current-password"`}},
		{name: "login page of a signed-in user redirects", user: "vera", method: "GET", path: "/login?next=/stats", status: 303, location: "/stats"},
		{name: "login with a foreign next stays home", method: "POST", path: "/login", form: form("name", "ali", "password", "pw-ali", "next", "//evil.example/"), status: 303, location: "/"},
		{name: "login", method: "POST", path: "/login", form: form("name", "ali", "password", "pw-ali", "next", "/events"), status: 303, location: "/events"},
		{name: "bad login", method: "POST", path: "/login", form: form("name", "ali", "password", "nope"), status: 401, want: []string{"Wrong user name or password.", `value="ali"`}},
		{name: "logout", user: "ali", method: "POST", path: "/logout", form: form(), status: 303, location: "/login"},
		{name: "viewer map", user: "vera", method: "GET", path: "/", status: 200, want: []string{`id="map"`, "Bannu", "North Waziristan", `id="crossings"`, "Torkham"}, not: []string{"New report", "/review"}},
		{name: "viewer map filtered", user: "vera", method: "GET", path: "/map?province=Balochistan", status: 200, want: []string{"Kech"}, not: []string{">Bannu<"}},
		{name: "map fragment for htmx", user: "vera", method: "GET", path: "/map?district=Bannu", htmx: true, status: 200, want: []string{`<section id="map-results"`}, not: []string{"<html", `id="map"`}},
		{name: "bad filter is reported, not fatal", user: "vera", method: "GET", path: "/map?from=2025-13&district=Atlantis", status: 200, want: []string{"From:", "Atlantis", "not a known district"}},
		{name: "viewer events", user: "vera", method: "GET", path: "/events", status: 200, want: []string{"/events/e-1", "TLP:CLEAR", "/api/v1/events.csv?", "/api/v1/events.geojson?"}},
		{name: "events paged", user: "vera", method: "GET", path: "/events?cursor=c1", status: 200, want: []string{"First page"}},
		{name: "bad cursor restarts", user: "vera", method: "GET", path: "/events?cursor=zzz", status: 200, want: []string{"page link was not valid"}},
		{name: "viewer event page", user: "vera", method: "GET", path: "/events/e-1", status: 200,
			want: []string{"TLP:CLEAR", "0.64", "with r-1: same day; Bannu", "most reliable source", "Hafiz Gul Bahadur Group", "denied", `<mark class="ev"`, "Audit history", "import"},
			not:  []string{"Split into its own event"}},
		{name: "analyst event page can split", user: "ali", method: "GET", path: "/events/e-1", status: 200, want: []string{"Split into its own event", `name="csrf_token" value="csrf-ali"`}},
		{name: "unknown event is 404", user: "vera", method: "GET", path: "/events/e-404", status: 404, want: []string{"Not found"}},
		{name: "viewer stats", user: "vera", method: "GET", path: "/stats", status: 200, want: []string{"2025-01", "Overview", `id="chart-data"`, "By province", "Tehrik-i-Taliban Pakistan"}},
		{name: "stats of a chosen month", user: "vera", method: "GET", path: "/stats?month=2024-12", status: 200, want: []string{"North Waziristan"}},
		{name: "viewer has no report form", user: "vera", method: "GET", path: "/reports/new", status: 403, want: []string{"does not allow"}},
		{name: "viewer cannot post a report", user: "vera", method: "POST", path: "/reports/new", form: form("source", "x"), status: 403},
		{name: "viewer has no review queue", user: "vera", method: "GET", path: "/review", status: 403},
		{name: "viewer cannot decide", user: "vera", method: "POST", path: "/review/merge", form: form("event", "e-4", "other", "e-5", "why", "x"), status: 403},
		{name: "analyst report form", user: "ali", method: "GET", path: "/reports/new", status: 200,
			want: []string{`name="marking"`, "TLP:AMBER&#43;STRICT", `value="TLP:AMBER" checked`, "Read the fields from the text", `for="f-killed_total"`}},
		{name: "analyst review queue", user: "ali", method: "GET", path: "/review", status: 200,
			want: []string{"Uncertain matches (1)", "r-2", "0.64", "Possible duplicates (1)", "Merge e-5 into e-4"}},
		{name: "admin review queue", user: "adm", method: "GET", path: "/review", status: 200},
		{name: "asset", method: "GET", path: "/static/x/app.css", status: 200, want: []string{"TLP 2.0"}},
		{name: "unknown asset", method: "GET", path: "/static/x/nope.js", status: 404},
	} {
		t.Run(c.name, func(t *testing.T) {
			u, _ := testUI(t)
			res, body := do(t, u.Handler(), c.user, c.method, c.path, c.form, htmxHeader(c.htmx)...)
			if res.StatusCode != c.status {
				t.Fatalf("status %d, want %d\n%s", res.StatusCode, c.status, body)
			}
			if c.location != "" && res.Header.Get("Location") != c.location {
				t.Errorf("Location %q, want %q", res.Header.Get("Location"), c.location)
			}
			for _, w := range c.want {
				if !strings.Contains(body, w) {
					t.Errorf("page lacks %q", w)
				}
			}
			for _, n := range c.not {
				if strings.Contains(body, n) {
					t.Errorf("page shows %q", n)
				}
			}
			if !strings.HasPrefix(c.path, "/static/") && res.Header.Get("Cache-Control") != "no-store" {
				t.Errorf("page Cache-Control %q", res.Header.Get("Cache-Control"))
			}
		})
	}
}

// TestTLP checks that every page shows each user exactly the events the views give it: a
// TLP:RED event of ctd only to ctd, a TLP:AMBER event of police only to police, a hidden
// event a 404 like one that does not exist, and counts without what is hidden.
func TestTLP(t *testing.T) {
	u, _ := testUI(t)
	h := u.Handler()
	for _, c := range []struct {
		user       string
		see, hide  []string
		mapTotal   string
		districts  []string
		noDistrict []string
	}{
		{"vera", []string{"e-1", "e-red", "e-4"}, []string{"e-amber"}, "<strong id=\"map-total\">4</strong>", []string{"Kech"}, []string{"Peshawar"}},
		{"pavel", []string{"e-1", "e-amber", "e-4"}, []string{"e-red"}, "<strong id=\"map-total\">4</strong>", []string{"Peshawar"}, []string{"Kech"}},
	} {
		_, list := do(t, h, c.user, "GET", "/events", nil)
		_, mp := do(t, h, c.user, "GET", "/map", nil)
		_, stats := do(t, h, c.user, "GET", "/stats?month=2025-01", nil)
		for _, id := range c.see {
			if res, body := do(t, h, c.user, "GET", "/events/"+id, nil); res.StatusCode != 200 || !strings.Contains(body, "TLP:") {
				t.Errorf("%s: event %s: %d", c.user, id, res.StatusCode)
			}
			if !strings.Contains(list, `"/events/`+id+`"`) {
				t.Errorf("%s: list lacks %s", c.user, id)
			}
		}
		for _, id := range c.hide {
			res, body := do(t, h, c.user, "GET", "/events/"+id, nil)
			_, missing := do(t, h, c.user, "GET", "/events/e-does-not-exist", nil)
			if res.StatusCode != 404 || body != missing {
				t.Errorf("%s: hidden event %s answers %d, unlike a missing one", c.user, id, res.StatusCode)
			}
			if strings.Contains(list, id) {
				t.Errorf("%s: list shows hidden %s", c.user, id)
			}
		}
		if !strings.Contains(mp, c.mapTotal) {
			t.Errorf("%s: map total, want %s", c.user, c.mapTotal)
		}
		for _, d := range c.districts {
			if !strings.Contains(mp, ">"+d+"</a>") || !strings.Contains(stats, ">"+d+"</a>") {
				t.Errorf("%s: map or stats lack %s", c.user, d)
			}
		}
		for _, d := range c.noDistrict {
			if strings.Contains(mp, ">"+d+"</a>") || strings.Contains(stats, ">"+d+"</a>") {
				t.Errorf("%s: map or stats show hidden %s", c.user, d)
			}
		}
	}
	// The audit history shows an entry about a marked record only to who may see it.
	_, body := do(t, h, "ali", "GET", "/events/e-red", nil)
	if !strings.Contains(body, "report.add") {
		t.Error("ctd does not see the history of its own event")
	}
}

var mainRE = regexp.MustCompile(`(?s)<main id="main" tabindex="-1">.*</main>`)

// TestGolden compares rendered fragments with testdata/*.golden.html (go test -update
// rewrites them): the map's data, the event page, the list and the report form after an
// extraction.
func TestGolden(t *testing.T) {
	for _, c := range []struct {
		name, user, method, path string
		form                     url.Values
		htmx                     bool
	}{
		{"map-results", "vera", "GET", "/map?province=Khyber+Pakhtunkhwa&size=killed", nil, true},
		{"event-results", "pavel", "GET", "/events?from=2025-01", nil, true},
		{"event-page", "vera", "GET", "/events/e-1", nil, false},
		{"stats-page", "vera", "GET", "/stats?month=2025-01", nil, false},
		{"review-page", "ali", "GET", "/review", nil, false},
		{"report-extract", "ali", "POST", "/reports/extract", url.Values{"text": {"Twelve policemen were killed in Bannu on Monday."}, "reported_at": {"2025-03-04T08:00"}, "source": {"Dawn"}}, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			u, _ := testUI(t)
			res, body := do(t, u.Handler(), c.user, c.method, c.path, c.form, htmxHeader(c.htmx)...)
			if res.StatusCode != 200 {
				t.Fatalf("status %d\n%s", res.StatusCode, body)
			}
			if !c.htmx {
				body = mainRE.FindString(body)
			}
			golden(t, c.name, body)
		})
	}
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	p := filepath.Join("testdata", name+".golden.html")
	if *update {
		os.MkdirAll("testdata", 0o755)
		if err := os.WriteFile(p, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs from %s (run go test -update after checking):\n%s", name, p, firstDiff(string(want), got))
	}
}

func firstDiff(a, b string) string {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(la) || i < len(lb); i++ {
		var x, y string
		if i < len(la) {
			x = la[i]
		}
		if i < len(lb) {
			y = lb[i]
		}
		if x != y {
			return "line " + itoa(i+1) + ":\n  want: " + x + "\n  got:  " + y
		}
	}
	return ""
}

func TestHighlight(t *testing.T) {
	for _, c := range []struct {
		name, text string
		ev         map[string]sarhad.Evidence
		want       string
	}{
		{"none", "a <b> & c", nil, "a &lt;b&gt; &amp; c"},
		{"one span in characters", "Zwölf in Bannu", map[string]sarhad.Evidence{"district": {Start: 9, End: 14, Snippet: "Bannu", Confidence: 0.9}},
			`Zwölf in <mark class="ev" id="ev-district" data-fields="district" title="district (confidence 0.90)">Bannu<span class="ev-label">district</span></mark>`},
		{"overlapping spans join", "twelve policemen", map[string]sarhad.Evidence{
			"killed.total": {Start: 0, End: 6, Confidence: 0.8}, "killed.security": {Start: 0, End: 16, Confidence: 0.7}},
			`<mark class="ev" id="ev-killed-security" data-fields="killed.security, killed.total" title="killed.security, killed.total (confidence 0.70)">twelve policemen<span class="ev-label">killed.security, killed.total</span></mark>`},
		{"inferred and out of range are skipped", "abc", map[string]sarhad.Evidence{
			"injured": {Inferred: true}, "date": {Start: 2, End: 9}}, "abc"},
		{"markup in the text is escaped inside marks", "<script>", map[string]sarhad.Evidence{"place": {Start: 0, End: 8}},
			`<mark class="ev" id="ev-place" data-fields="place" title="place (confidence 0.00)">&lt;script&gt;<span class="ev-label">place</span></mark>`},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := string(highlight(c.text, c.ev)); got != c.want {
				t.Errorf("got  %s\nwant %s", got, c.want)
			}
		})
	}
}

func TestSafeNext(t *testing.T) {
	for in, want := range map[string]string{
		"": "/", "/events?x=1": "/events?x=1", "//evil": "/", "/\\evil": "/", "https://evil": "/", "/login": "/", "/a\r\nb": "/",
	} {
		if got := safeNext(in); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseCount(t *testing.T) {
	for _, c := range []struct {
		in   string
		want string
		ok   bool
	}{{"", "<nil>", true}, {"12", "12", true}, {"10-14", "map[best:10 high:14 low:10]", true}, {"10-12-14", "map[best:12 high:14 low:10]", true},
		{"14-10", "map[best:14 high:10 low:14]", false}, {"x", "<nil>", false}, {"-3", "3", true}, {"1-2-3-4", "<nil>", false}} {
		got, ok := parseCount(c.in)
		if ok != c.ok || (ok && fmtAny(got) != c.want) {
			t.Errorf("parseCount(%q) = %v, %v", c.in, got, ok)
		}
	}
}

func fmtAny(v any) string {
	if v == nil {
		return "<nil>"
	}
	if m, ok := v.(map[string]int); ok {
		return "map[best:" + itoa(m["best"]) + " high:" + itoa(m["high"]) + " low:" + itoa(m["low"]) + "]"
	}
	return itoa(v.(int))
}

// TestStatic checks the cache-busting: every asset the templates name is embedded, a current
// hash is cached for a year, and any other hash is revalidated.
func TestStatic(t *testing.T) {
	u, _ := testUI(t)
	h := u.Handler()
	for _, name := range []string{"app.css", "app.js", "vendor/htmx/htmx.min.js", "vendor/leaflet/leaflet.js", "vendor/leaflet/leaflet.css",
		"vendor/chartjs/chart.umd.min.js", "map/pakistan.geojson", "vendor/LICENSES.md"} {
		link := u.assets.url(name)
		res, body := do(t, h, "", "GET", link, nil)
		if res.StatusCode != 200 || len(body) == 0 || !strings.Contains(res.Header.Get("Cache-Control"), "immutable") {
			t.Errorf("%s: %d %q", link, res.StatusCode, res.Header.Get("Cache-Control"))
		}
		if res, _ := do(t, h, "", "GET", "/static/000000000000/"+name, nil); res.Header.Get("Cache-Control") != "no-cache" {
			t.Errorf("%s with an old hash: %q", name, res.Header.Get("Cache-Control"))
		}
		if res, _ := do(t, h, "", "GET", link, nil, "If-None-Match", res.Header.Get("ETag")); res.StatusCode != http.StatusNotModified {
			t.Errorf("%s: revalidation %d", name, res.StatusCode)
		}
	}
	// Pages load nothing from another origin and no inline script.
	_, page := do(t, h, "vera", "GET", "/stats", nil)
	if strings.Contains(page, "http://") || strings.Contains(page, "https://") {
		t.Error("a page names another origin")
	}
	if regexp.MustCompile(`<script>|<script src="[^/]|\son[a-z]+="`).MatchString(page) {
		t.Error("a page has inline script")
	}
}

// htmxHeader returns the header htmx sends, or none.
func htmxHeader(on bool) []string {
	if on {
		return []string{"HX-Request", "true"}
	}
	return nil
}

// TestHistoryRestore checks that htmx's history restore (back button) gets a whole page, while
// its ordinary requests get the fragment.
func TestHistoryRestore(t *testing.T) {
	u, _ := testUI(t)
	_, frag := do(t, u.Handler(), "vera", "GET", "/events", nil, "HX-Request", "true")
	_, page := do(t, u.Handler(), "vera", "GET", "/events", nil, "HX-Request", "true", "HX-History-Restore-Request", "true")
	if strings.Contains(frag, "<html") || !strings.Contains(page, "<html") {
		t.Error("fragment or page mixed up")
	}
}
