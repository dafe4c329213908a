package web

import (
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/sarhad-osint/sarhad/web/internal/browsertest"
)

// TestPreview screenshots every page over the fake data as the user SARHAD_PREVIEW ("vera",
// "ali", "pavel"), into SARHAD_BROWSER_OUT, for looking at the UI without a server:
//
//	SARHAD_PREVIEW=ali SARHAD_BROWSER_OUT=/some/dir go test ./web -run TestPreview -v
func TestPreview(t *testing.T) {
	if os.Getenv("SARHAD_PREVIEW") == "" {
		t.Skip("set SARHAD_PREVIEW=user to screenshot the pages over the fake data")
	}
	u, _ := testUI(t)
	h := u.Handler()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Test-User") == "" {
			r.Header.Set("X-Test-User", os.Getenv("SARHAD_PREVIEW"))
		}
		h.ServeHTTP(w, r)
	}))
	defer srv.Close()
	b := browsertest.New(t)
	for _, p := range []string{"/map", "/events", "/events/e-1", "/stats?month=2025-01", "/reports/new", "/review"} {
		b.Step(p, 10*time.Second, chromedp.Navigate(srv.URL+p))
		if p == "/map" {
			b.WaitJS("map ready", `document.getElementById("map").dataset.ready === "1"`, 5*time.Second)
		}
		time.Sleep(300 * time.Millisecond)
		t.Log(b.Screenshot("preview" + p))
	}
}
