// Package e2e holds the end-to-end tests of the web UI: they start the whole program
// (`sarhad serve --demo`, app.Server) in-process on 127.0.0.1:0 with a temporary data
// directory, and drive it with headless Chromium (TestBrowser) and with plain HTTP
// (TestUIHidesWhatTheAPIHides). Run them with
//
//	go test ./web/e2e -v
//
// SARHAD_CHROMIUM names the browser (default: chromium in PATH); without one the browser test
// skips unless SARHAD_REQUIRE_CHROMIUM=1. SARHAD_BROWSER_OUT keeps the screenshots.
package e2e
