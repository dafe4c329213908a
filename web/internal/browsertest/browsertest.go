// Package browsertest drives Debian's Chromium headless with chromedp for the browser tests of
// the web UI: a fresh profile per test, the flags of a closed network, screenshots and the
// page's HTML on failure, script errors and CSP violations collected from the console, and
// the one scenario of issue 5 that both the UI's tests (over fakes) and the end-to-end tests
// (over the whole program) run.
//
// The browser is found through SARHAD_CHROMIUM or `chromium` in PATH and never downloaded;
// without one the tests skip, unless SARHAD_REQUIRE_CHROMIUM=1 (CI) makes that a failure.
// SARHAD_BROWSER_OUT keeps the screenshots in a directory of one's choice.
package browsertest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Browser is a headless Debian Chromium driven by chromedp, with one tab.
type Browser struct {
	// Ctx runs actions in the browser's one tab.
	Ctx context.Context
	t   testing.TB
	out string

	mu       sync.Mutex
	problems []string
}

// chromiumPath finds the browser: SARHAD_CHROMIUM, else `chromium` in PATH. The tests never
// download a browser of their own.
func chromiumPath() string {
	if p := os.Getenv("SARHAD_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// New starts Chromium headless with a fresh profile, or skips the test when there
// is none, unless SARHAD_REQUIRE_CHROMIUM=1 (CI), which makes that a failure. Screenshots and
// pages saved by Fail go to a directory the test prints.
func New(t testing.TB) *Browser {
	t.Helper()
	path := chromiumPath()
	if path == "" {
		if os.Getenv("SARHAD_REQUIRE_CHROMIUM") == "1" {
			t.Fatal("Chromium not found (set SARHAD_CHROMIUM or install Debian's chromium) and SARHAD_REQUIRE_CHROMIUM=1")
		}
		t.Skip("Chromium not found: install Debian's chromium or set SARHAD_CHROMIUM to run the browser tests")
	}
	out := os.Getenv("SARHAD_BROWSER_OUT")
	if out == "" {
		out = t.TempDir()
	}
	profile := t.TempDir()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.UserDataDir(profile),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("no-proxy-server", true),
		chromedp.Flag("lang", "en-GB"),
		chromedp.WindowSize(1280, 900),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil { // starts the browser
		t.Fatalf("start Chromium (%s): %v", path, err)
	}
	b := &Browser{Ctx: ctx, t: t, out: out}
	// Script errors and the browser's own complaints (a content security policy violation is
	// one) are problems of the page; failed loads are left to the steps that expect them.
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.IsException() || m.Type == "error" && m.Source != "network" {
				b.mu.Lock()
				b.problems = append(b.problems, m.String())
				b.mu.Unlock()
			}
		}
	}()
	return b
}

// Problems returns the script errors and browser complaints seen so far.
func (b *Browser) Problems() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.problems...)
}

// Step runs actions with a time limit; on failure it saves a screenshot and the page's HTML
// and fails the test.
func (b *Browser) Step(name string, limit time.Duration, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.Ctx, limit)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		b.Fail(name, err)
	}
}

// Eval evaluates a JavaScript expression and returns its value as T, failing the test (with
// a screenshot) on an error.
func Eval[T any](b *Browser, name, expr string) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.Ctx, 10*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		b.Fail(name, err)
	}
	return v
}

// WaitJS waits until a JavaScript expression is true. Errors while the page navigates (the
// document is replaced under the evaluation) are retried until the limit.
func (b *Browser) WaitJS(name, expr string, limit time.Duration) {
	b.t.Helper()
	deadline := time.Now().Add(limit)
	var last error
	for time.Now().Before(deadline) {
		ctx, cancel := context.WithTimeout(b.Ctx, 2*time.Second)
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool]("!!("+expr+")"))
		cancel()
		if err == nil && ok {
			return
		}
		last = err
		time.Sleep(50 * time.Millisecond)
	}
	if last == nil {
		last = fmt.Errorf("still false after %v: %s", limit, expr)
	}
	b.Fail(name, last)
}

// Screenshot saves a full-page PNG of the current page under the output directory and
// returns its path.
func (b *Browser) Screenshot(name string) string {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.Ctx, 15*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Logf("screenshot %s: %v", name, err)
		return ""
	}
	p := filepath.Join(b.out, safeName(name)+".png")
	if err := os.WriteFile(p, png, 0o644); err != nil {
		b.t.Logf("screenshot %s: %v", name, err)
	}
	return p
}

// Fail saves a screenshot and the HTML of the page and stops the test.
func (b *Browser) Fail(step string, err error) {
	b.t.Helper()
	shot := b.Screenshot("fail-" + step)
	ctx, cancel := context.WithTimeout(b.Ctx, 5*time.Second)
	defer cancel()
	html, herr := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.outerHTML`))
	page := filepath.Join(b.out, "fail-"+safeName(step)+".html")
	if herr == nil {
		os.WriteFile(page, []byte(html), 0o644)
	}
	url, _ := chromedp.Run(ctx, chromedp.Location())
	b.t.Fatalf("browser step %q failed at %s: %v\n  screenshot: %s\n  page HTML:  %s", step, url, err, shot, page)
}

func safeName(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
			return r
		}
		return '-'
	}, s)
}

// Account is a user a browser flow signs in as.
type Account struct{ Name, Password string }

// Flow describes the browser scenario of issue 5 over some data: sign in as Analyst, filter
// the map by Province, open an event, enter a report from Text, find it on the map and in the
// list, and as Viewer (of another agency) find it nowhere.
type Flow struct {
	Analyst, Viewer Account
	// MinPoints is the least number of district points the unfiltered map must show.
	MinPoints int
	Province  string
	// Text is pasted into the report form with ReportedAt; extraction must read District
	// from it, and Date when set.
	Text, ReportedAt, District, Date string
	// After is a date after every event of the data: the map from it shows only the new one.
	After string
}

// RunFlow runs the scenario in b against the UI at base.
func RunFlow(t *testing.T, b *Browser, base string, f Flow) {
	t.Helper()
	signIn := func(a Account) {
		b.Step("open as "+a.Name, 15*time.Second,
			chromedp.Navigate(base+"/"),
			chromedp.WaitVisible(`#password`),
			chromedp.SendKeys(`#name`, a.Name),
			chromedp.SendKeys(`#password`, a.Password),
			chromedp.Submit(`#password`),
		)
		b.WaitJS("signed in as "+a.Name, `!!document.querySelector(".who .user") && document.querySelector(".who .user").textContent === "`+a.Name+`"`, 10*time.Second)
	}
	points := `+document.getElementById("map").dataset.points`
	mapReady := `!!document.getElementById("map") && document.getElementById("map").dataset.ready === "1"`

	// 1. Sign in: the map is the home page.
	signIn(f.Analyst)
	b.WaitJS("map drawn", mapReady, 10*time.Second)
	all := Eval[int](b, "points", points)
	if all < f.MinPoints {
		b.Fail("points", fmt.Errorf("the map shows %d district points, want at least %d", all, f.MinPoints))
	}
	t.Log("screenshot: ", b.Screenshot("1-map"))

	// 2. Filter the map: htmx swaps the results in and pushes the URL; the script redraws.
	b.Step("filter the map", 10*time.Second,
		chromedp.SetValue(`select[name="province"]`, f.Province),
		chromedp.Click(`form.filters button[type="submit"]`),
	)
	b.WaitJS("filtered", `new URLSearchParams(location.search).get("province") === "`+f.Province+`" && [...document.querySelectorAll("#map-data tbody tr[data-lat]")].every(r => r.children[1].textContent === "`+f.Province+`")`, 10*time.Second)
	rows := Eval[int](b, "rows", `document.querySelectorAll("#map-data tbody tr[data-lat]").length`)
	b.WaitJS("points redrawn", fmt.Sprintf(`%s === %d`, points, rows), 5*time.Second)
	if rows == 0 || rows >= all {
		b.Fail("filtered points", fmt.Errorf("%s has %d of %d points", f.Province, rows, all))
	}
	if n := Eval[int](b, "circles", `document.querySelectorAll("#map path.event-point").length`); n != rows {
		t.Errorf("%d circles drawn for %d rows", n, rows)
	}
	b.Step("size by killed", 5*time.Second, chromedp.Click(`input[name="size"][value="killed"]`))
	b.WaitJS("sized by killed", `document.getElementById("map-results").dataset.size === "killed" && new URLSearchParams(location.search).get("size") === "killed"`, 5*time.Second)
	t.Log("screenshot: ", b.Screenshot("2-map-filtered"))

	// 3. Open an event from the filtered list.
	b.Step("open the list", 10*time.Second, chromedp.Click(`#map-results .summary a`))
	b.WaitJS("list", `location.pathname === "/events" && document.querySelectorAll("#events-table tbody a").length > 0`, 10*time.Second)
	b.Step("open an event", 10*time.Second, chromedp.Click(`#events-table tbody tr:first-child a`))
	b.WaitJS("event page", `location.pathname.startsWith("/events/") && !!document.querySelector("#h-reports") && !!document.querySelector(".record-head .tlp")`, 10*time.Second)
	if m := Eval[string](b, "marking", `document.querySelector(".record-head .tlp").textContent`); !strings.HasPrefix(m, "TLP:") {
		t.Errorf("event marked %q", m)
	}
	t.Log("screenshot: ", b.Screenshot("3-event"))

	// 4. Enter a report: paste the text, read the fields from it, correct one, mark it
	// TLP:RED, save.
	b.Step("report form", 10*time.Second,
		chromedp.Navigate(base+"/reports/new"),
		chromedp.WaitVisible(`#f-text`),
		chromedp.SendKeys(`#f-source`, "Dawn"),
		chromedp.SetValue(`#f-reported_at`, f.ReportedAt),
		chromedp.SetValue(`#f-text`, f.Text),
		chromedp.Click(`button[formaction="/reports/extract"]`),
	)
	b.WaitJS("draft", `!!document.querySelector("#highlighted mark.ev") && document.getElementById("f-district").value === "`+f.District+`"`, 10*time.Second)
	if d := Eval[string](b, "date", `document.getElementById("f-date").value`); f.Date != "" && d != f.Date {
		t.Errorf("extracted date %q, want %s", d, f.Date)
	}
	t.Log("screenshot: ", b.Screenshot("4-draft"))
	b.Step("save", 10*time.Second,
		chromedp.SetValue(`#f-injured`, "9"),
		chromedp.Click(`input[name="marking"][value="TLP:RED"]`),
		chromedp.Click(`button.primary`),
	)
	b.WaitJS("saved", `location.pathname.startsWith("/events/") && !!document.querySelector(".notice") && document.querySelector(".notice").textContent.includes("was saved")`, 15*time.Second)
	eventPath := Eval[string](b, "event", `location.pathname`)
	if m := Eval[string](b, "marking", `document.querySelector(".record-head .tlp").textContent`); m != "TLP:RED" {
		t.Errorf("the new event is marked %q", m)
	}
	if n := Eval[int](b, "evidence", `document.querySelectorAll("blockquote.text mark.ev").length`); n == 0 {
		t.Error("the saved report shows no evidence")
	}
	t.Log("screenshot: ", b.Screenshot("5-saved"))

	// 5. See it on the map and in the list.
	b.Step("map after", 10*time.Second, chromedp.Navigate(base+"/map?from="+f.After))
	b.WaitJS("new point", mapReady+` && `+points+` === 1 && document.querySelector("#map-data tbody th").textContent.includes("`+f.District+`")`, 10*time.Second)
	t.Log("screenshot: ", b.Screenshot("6-map-new-report"))
	b.Step("list after", 10*time.Second, chromedp.Navigate(base+"/events?from="+f.After))
	b.WaitJS("in the list", `!!document.querySelector('#events-table a[href="`+eventPath+`"]')`, 10*time.Second)

	// 6. Another agency's viewer sees none of it, and no form to enter reports.
	b.Step("sign out", 10*time.Second, chromedp.Click(`.who button`))
	b.WaitJS("signed out", `location.pathname === "/login"`, 10*time.Second)
	signIn(f.Viewer)
	b.Step("viewer's map after", 10*time.Second, chromedp.Navigate(base+"/map?from="+f.After))
	b.WaitJS("no point", mapReady+` && `+points+` === 0`, 10*time.Second)
	if Eval[bool](b, "nav", `!!document.querySelector('a[href="/reports/new"]')`) {
		t.Error("a viewer is offered the report form")
	}
	b.Step("hidden event", 10*time.Second, chromedp.Navigate(base+eventPath))
	b.WaitJS("404", `document.querySelector("h1").textContent === "Not found"`, 5*time.Second)
	for _, p := range b.Problems() {
		t.Errorf("browser console: %s", p)
	}
}
