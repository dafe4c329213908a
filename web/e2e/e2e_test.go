package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/sarhad-osint/sarhad/app"
	"github.com/sarhad-osint/sarhad/auth"
	"github.com/sarhad-osint/sarhad/web/internal/browsertest"
)

func TestMain(m *testing.M) {
	// Cheap password hashes: the tests sign in many times; the parameters are stored in the
	// hash, so verification is cheap too.
	auth.DefaultParams = auth.Params{Time: 1, MemoryKiB: 64, Threads: 1, SaltLen: 16, KeyLen: 32}
	os.Exit(m.Run())
}

// account is a user of the end-to-end tests with a password and an API token.
type account struct{ name, agency, role, password, token string }

// startApp runs `sarhad serve --demo` in-process on 127.0.0.1:0 with a temporary data
// directory and the given users (created first, as `sarhad user add --password-file`).
func startApp(t *testing.T, users ...*account) *app.Server {
	t.Helper()
	dir := t.TempDir()
	for _, u := range users {
		pw := filepath.Join(dir, "pw-"+u.name)
		if err := os.WriteFile(pw, []byte(u.password+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		var out, errb bytes.Buffer
		c := &app.CLI{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}
		if code := c.Run(context.Background(), []string{"user", "add", "--data-dir", dir, "--name", u.name, "--agency", u.agency,
			"--role", u.role, "--password-file", pw}); code != 0 {
			t.Fatalf("user add %s: %s", u.name, errb.String())
		}
		u.token = strings.TrimSpace(out.String())
	}
	srv := &app.Server{Config: app.Config{DataDir: dir, LogLevel: "warn"}, Addr: "127.0.0.1:0", Demo: true,
		Console: io.Discard, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if err := srv.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return srv
}

var (
	amina = &account{name: "amina", agency: "ctd-kp", role: "analyst", password: "amina's long password"}
	bilal = &account{name: "bilal", agency: "police-kp", role: "viewer", password: "bilal's long password"}
)

// TestBrowser drives the whole program in headless Chromium as an analyst does: sign in,
// filter the map, open an event, enter a report from pasted text (the real extractor reads
// it), find it on the map and in the list; then, as another agency's viewer, find that
// TLP:RED report nowhere. Screenshots of each step (and of a failure, with the page's HTML)
// go to SARHAD_BROWSER_OUT or a temporary directory; -v prints where.
func TestBrowser(t *testing.T) {
	started := time.Now()
	b := browsertest.New(t)
	srv := startApp(t, amina, bilal)
	t.Logf("browser and program (demo data) started in %v", time.Since(started).Round(time.Millisecond))
	browsertest.RunFlow(t, b, srv.URL(), browsertest.Flow{
		Analyst: browsertest.Account{Name: amina.name, Password: amina.password}, Viewer: browsertest.Account{Name: bilal.name, Password: bilal.password},
		MinPoints: 20, Province: "Balochistan",
		Text:       "Twelve policemen were killed when a suicide bomber struck a police station in Bannu on Monday, officials said.",
		ReportedAt: "2026-01-06T08:00", District: "Bannu", Date: "2026-01-05", After: "2026-01-01",
	})
	// The dashboard of the demo data, as the viewer sees it.
	b.Step("dashboard", 10*time.Second, chromedp.Navigate(srv.URL()+"/stats"))
	b.WaitJS("charts", `!!document.querySelector("#overview") && !!Chart.getChart("chart-trend")`, 10*time.Second)
	t.Log("screenshot: ", b.Screenshot("7-stats"))
	for _, p := range b.Problems() {
		t.Errorf("browser console: %s", p)
	}
	t.Logf("browser test took %v", time.Since(started).Round(time.Millisecond))
}

// client is a browser-like HTTP client: a cookie jar for the UI's session.
func client(t *testing.T) *http.Client {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func get(t *testing.T, c *http.Client, target, token string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", target, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

var mapTotal = regexp.MustCompile(`<strong id="map-total">([0-9,]+)</strong>`)

// TestUIHidesWhatTheAPIHides runs the real server and checks, for users of two agencies,
// that the UI's pages agree with the API on every event and count: a TLP:RED report of one
// agency is a 404 on both for the other, and the map's total equals the API's statistics.
func TestUIHidesWhatTheAPIHides(t *testing.T) {
	srv := startApp(t, amina, bilal)
	base := srv.URL()
	// amina posts a TLP:RED report through the API.
	req, _ := http.NewRequest("POST", base+"/api/v1/reports", strings.NewReader(
		`{"id":"r-red","source":"CTD","date":"2026-02-02","district":"Kurram","attack_type":"IED","killed":3,"marking":"TLP:RED"}`))
	req.Header.Set("Authorization", "Bearer "+amina.token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var created struct {
		EventID string `json:"event_id"`
	}
	json.NewDecoder(res.Body).Decode(&created)
	res.Body.Close()
	if res.StatusCode != 201 {
		t.Fatalf("post: %d", res.StatusCode)
	}
	for _, c := range []struct {
		who  *account
		sees bool
	}{{amina, true}, {bilal, false}} {
		hc := client(t)
		res, err := hc.PostForm(base+"/login", url.Values{"name": {c.who.name}, "password": {c.who.password}})
		if err != nil || res.StatusCode != 303 {
			t.Fatalf("%s: sign in: %v %v", c.who.name, res.StatusCode, err)
		}
		res.Body.Close()
		apiCode, _ := get(t, hc, base+"/api/v1/events/"+created.EventID, c.who.token)
		uiCode, uiBody := get(t, hc, base+"/events/"+created.EventID, "")
		_, missing := get(t, hc, base+"/events/e-999999", "")
		want := 404
		if c.sees {
			want = 200
		}
		if apiCode != want || uiCode != want {
			t.Errorf("%s: event answers API %d, UI %d, want %d", c.who.name, apiCode, uiCode, want)
		}
		if !c.sees && uiBody != missing {
			t.Errorf("%s: the hidden event's page differs from a missing one's", c.who.name)
		}
		for _, filter := range []string{"", "from=2026-01-01", "district=Kurram"} {
			_, stats := get(t, hc, base+"/api/v1/stats?by=year&"+filter, c.who.token)
			var rows []struct{ Events int }
			json.Unmarshal([]byte(stats), &rows)
			apiTotal := 0
			for _, r := range rows {
				apiTotal += r.Events
			}
			_, page := get(t, hc, base+"/map?"+filter, "")
			m := mapTotal.FindStringSubmatch(page)
			if m == nil || strings.ReplaceAll(m[1], ",", "") != fmt.Sprint(apiTotal) {
				t.Errorf("%s, %q: map total %v, API %d", c.who.name, filter, m, apiTotal)
			}
		}
		_, list := get(t, hc, base+"/events?district=Kurram&from=2026-01-01", "")
		if strings.Contains(list, "/events/"+created.EventID+`"`) != c.sees {
			t.Errorf("%s: list shows the event: %v", c.who.name, !c.sees)
		}
	}
}
