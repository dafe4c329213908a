package web

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Browser is a headless Debian Chromium driven by chromedp, for the browser tests of this
// package (and of package web_test, which sees it through this export).
type Browser struct {
	// Ctx runs actions in the browser's one tab.
	Ctx context.Context
	t   testing.TB
	out string
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

// NewTestBrowser starts Chromium headless with a fresh profile, or skips the test when there
// is none, unless SARHAD_REQUIRE_CHROMIUM=1 (CI), which makes that a failure. Screenshots and
// pages saved by Fail go to a directory the test prints.
func NewTestBrowser(t testing.TB) *Browser {
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
	return &Browser{Ctx: ctx, t: t, out: out}
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

// WaitJS waits until a JavaScript expression is true.
func (b *Browser) WaitJS(name, expr string, limit time.Duration) {
	b.t.Helper()
	b.Step(name, limit+time.Second, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(limit), chromedp.WithPollingInterval(50*time.Millisecond))(ctx, t)
		return err
	}))
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
