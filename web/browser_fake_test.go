package web

import (
	"net/http/httptest"
	"testing"

	"github.com/sarhad-osint/sarhad/web/internal/browsertest"
)

// TestBrowserFake runs the browser scenario over the fake services: the pages, htmx, the map
// script and the forms as a browser sees them, without the server (the end-to-end test of
// package web_test runs the same scenario on the real program).
func TestBrowserFake(t *testing.T) {
	b := browsertest.New(t)
	u, _ := testUI(t)
	srv := httptest.NewServer(u.Handler())
	defer srv.Close()
	browsertest.RunFlow(t, b, srv.URL, browsertest.Flow{
		Analyst: browsertest.Account{Name: "ali", Password: "pw-ali"}, Viewer: browsertest.Account{Name: "pia", Password: "pw-pia"}, MinPoints: 3, Province: "Khyber Pakhtunkhwa",
		Text: "Twelve policemen were killed in Bannu on Monday.", ReportedAt: "2026-01-06T08:00", District: "Bannu", Date: "2026-01-06",
		After: "2026-01-01",
	})
}
