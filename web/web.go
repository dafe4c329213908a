// Package web is Sarhad's browser UI: server-rendered HTML pages (html/template) with htmx for
// partial updates, a Leaflet map drawn from vendored vector outlines (no tiles), and Chart.js
// charts, every asset embedded and cache-busted so that the UI works offline.
//
// The UI is a surface of the HTTP server: New takes the services it reads and writes through
// (the same per-viewer views, report writer and audit history as the JSON API, so that there
// is no second path to the data), and Mount registers its routes on the server's mux, behind
// the server's authentication and CSRF middleware. The package imports no other adapter; the
// app package adapts the API server to the interfaces below.
//
// Every page reads with the signed-in viewer and shows only what it may see: an event the
// viewer may not see answers 404 (never 403), lists and statistics count only visible events,
// and every record carries its TLP marking. Pages work without JavaScript for reading: filters
// are plain GET forms that htmx enhances, and the map's data is also a table.
package web

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/sarhad-osint/sarhad"
	"github.com/sarhad-osint/sarhad/actors"
	"github.com/sarhad-osint/sarhad/gazetteer"
)

// Views are the per-viewer reads of events and statistics (tlpview.Views implements them).
type Views interface {
	// EventDetail returns an event as v may see it with the reports v may see; ENOTFOUND
	// when v may see none of it.
	EventDetail(ctx context.Context, v sarhad.Viewer, id string) (sarhad.Event, []sarhad.Report, error)
	// Events returns a page of the events v may see and the cursor of the next page.
	Events(ctx context.Context, v sarhad.Viewer, f sarhad.EventFilter) ([]sarhad.Event, string, error)
	// StreamEvents calls fn with every event v may see that matches f.
	StreamEvents(ctx context.Context, v sarhad.Viewer, f sarhad.EventFilter, fn func(sarhad.Event) error) error
	// Stats computes statistics over the events v may see.
	Stats(ctx context.Context, v sarhad.Viewer, q sarhad.StatsQuery) (sarhad.Stats, error)
}

// Session is the sign-in mechanism of the server the UI is mounted on: server-side sessions
// in a cookie, with a CSRF token derived from the session.
type Session interface {
	// Principal returns the signed-in user of a request and the viewer to read with; false
	// when the request carries no valid credentials.
	Principal(r *http.Request) (sarhad.User, sarhad.Viewer, bool)
	// CSRFToken returns the token that unsafe requests of the request's session must carry
	// (form field csrf_token, header X-CSRF-Token); "" without a session.
	CSRFToken(r *http.Request) string
	// Login checks a name and password (rate-limited and audited) and on success sets the
	// session cookie on w. Failures are EUNAUTHORIZED or ETOOMANY errors with a message
	// safe to show.
	Login(w http.ResponseWriter, r *http.Request, name, password string) (sarhad.User, error)
	// Logout ends the request's session and clears the cookie.
	Logout(w http.ResponseWriter, r *http.Request) error
}

// Submitted is the outcome of saving a report.
type Submitted struct {
	ReportID, EventID string
	// Created is false when the same report was stored before (nothing was written).
	Created bool
}

// ReportWriter is the API's write path for one report: the same parsing, name resolution,
// validation, fusion, audit entry and bus announcement as POST /api/v1/reports.
type ReportWriter interface {
	// ParseReport reads one report in the interchange JSON format as agency's, resolving
	// its names; EINVALID errors name the field ("killed: ...").
	ParseReport(body []byte, agency string) (sarhad.Report, error)
	// SubmitReport stores a parsed report for v (an analyst or admin).
	SubmitReport(ctx context.Context, v sarhad.Viewer, rep sarhad.Report) (Submitted, error)
}

// History reads the audit history of an event as a viewer may see it.
type History interface {
	// EventHistory returns the audit entries about an event and its visible reports, oldest
	// first; ENOTFOUND when v may not see the event.
	EventHistory(ctx context.Context, v sarhad.Viewer, id string) ([]sarhad.AuditEntry, error)
}

// Extractor reads event drafts from a report's text (extract.Extractor implements it).
type Extractor interface {
	Extract(text string, reportDate sarhad.Date) []sarhad.Report
}

// Mux is where the UI registers its routes: the API server (httpapi.Server) whose middleware
// authenticates requests and checks CSRF tokens before the UI's handlers run.
type Mux interface {
	Handle(pattern string, h http.Handler)
}

// Deps are the services of the UI. Views, Session and Reports are required.
type Deps struct {
	Views   Views
	Session Session
	Reports ReportWriter
	// History, when set, shows the audit history on event pages.
	History History
	// Decisions, when set, enables the review queue and the split and merge actions.
	Decisions sarhad.DecisionService
	// Auditor records the analysts' decisions taken in the UI; required with Decisions.
	Auditor sarhad.Auditor
	// Extractor, when set, enables the paste-text box of the report form.
	Extractor Extractor
	// Places and Actors are the reference data of the filters and the map; the bundled
	// gazetteer and actor registry when nil.
	Places *gazetteer.Gazetteer
	Actors *actors.Registry
	// StatusOf maps an error code to its HTTP status (httpapi.StatusOf), so that pages and
	// the API answer alike.
	StatusOf func(code string) int
	// ReviewBand is the range [low, high) of link scores that fusion matched but an analyst
	// should check; DefaultReviewBand when zero.
	ReviewBand [2]float64
	Logger     *slog.Logger
	// Now is the clock; time.Now when nil.
	Now func() time.Time
}

// DefaultReviewBand is the score range of uncertain fusion matches: fusion links a report
// when the mean log-odds is positive (score above 0.5); below 0.8 the evidence is thin.
var DefaultReviewBand = [2]float64{0.5, 0.8}

// UI is the web application. Create it with New and register it with Mount.
type UI struct {
	d      Deps
	log    *slog.Logger
	tmpl   *templates
	assets *assets
	geo    *geography
	now    func() time.Time
}

// New returns the UI over its services. It parses the embedded templates and hashes the
// embedded assets once.
func New(d Deps) (*UI, error) {
	if d.Places == nil {
		d.Places = gazetteer.Default()
	}
	if d.Actors == nil {
		d.Actors = actors.Default()
	}
	if d.ReviewBand == [2]float64{} {
		d.ReviewBand = DefaultReviewBand
	}
	if d.StatusOf == nil {
		d.StatusOf = defaultStatus
	}
	u := &UI{d: d, log: d.Logger, now: d.Now}
	if u.log == nil {
		u.log = slog.Default()
	}
	if u.now == nil {
		u.now = time.Now
	}
	var err error
	if u.assets, err = loadAssets(); err != nil {
		return nil, err
	}
	if u.tmpl, err = parseTemplates(u.assets); err != nil {
		return nil, err
	}
	u.geo = newGeography(d.Places, d.Actors)
	return u, nil
}

// defaultStatus is the status of an error code when the server gives no table.
func defaultStatus(code string) int {
	switch code {
	case sarhad.EINVALID:
		return http.StatusBadRequest
	case sarhad.ENOTFOUND:
		return http.StatusNotFound
	case sarhad.EUNAUTHORIZED:
		return http.StatusUnauthorized
	case sarhad.EFORBIDDEN:
		return http.StatusForbidden
	case sarhad.ECONFLICT:
		return http.StatusConflict
	case sarhad.ETOOMANY:
		return http.StatusTooManyRequests
	}
	return http.StatusInternalServerError
}
