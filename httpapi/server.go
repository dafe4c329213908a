// Package httpapi is Sarhad's HTTP server: the JSON API v1 of INTERCHANGE.md, its OpenAPI
// document, CSV and GeoJSON exports, and the authentication every surface shares — API tokens
// (Authorization: Bearer), password sign-in with server-side sessions in a secure cookie,
// CSRF protection for cookie-authenticated writes, and a rate-limited login.
//
// # Mounting the web UI
//
// The UI package registers its routes on the same server, behind the same middleware:
//
//	srv := httpapi.New(cfg, deps)
//	srv.Handle("GET /{$}", home)              // sessions and CSRF are already handled
//	srv.Handle("POST /reports/new", form)     // a POST with a session cookie needs the CSRF token
//
// Inside a handler, httpapi.UserFrom(r.Context()) returns the signed-in user (false when
// none; redirect to the login page then), httpapi.ViewerFrom(r.Context()) the viewer to read
// with, and httpapi.CSRFToken(r) the token to put in every form (field csrf_token) or in the
// X-CSRF-Token header of htmx requests. srv.Login and srv.Logout sign a browser in and out
// (rate-limited, audited). Routes under /api/ answer 401 without credentials; the UI's own
// routes decide themselves.
package httpapi

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/sarhad-osint/sarhad"
	"github.com/sarhad-osint/sarhad/auth"
	"github.com/sarhad-osint/sarhad/importer"
	"github.com/sarhad-osint/sarhad/natsbus"
)

// Config configures the server.
type Config struct {
	// SecureCookies forces the Secure attribute (and the __Host- name) on the session
	// cookie. Without it the cookie is Secure only on requests that arrived over TLS (or,
	// with TrustProxy, with X-Forwarded-Proto: https).
	SecureCookies bool
	// TrustProxy makes the server believe X-Forwarded-For and X-Forwarded-Proto (set it only
	// behind a reverse proxy that overwrites them).
	TrustProxy bool
	// SessionTTL is how long a browser session lasts (default 12 hours).
	SessionTTL time.Duration
	// MaxBodyBytes bounds a request body (default 1 MiB).
	MaxBodyBytes int64
	// CacheBytes bounds the cache of encoded list and statistics responses (default 64 MiB;
	// negative disables it).
	CacheBytes int64
}

// Views are the per-viewer reads (tlpview.Views implements them).
type Views interface {
	// Generation changes whenever what any viewer may read changes; responses are cached
	// per (route, visibility class, query) until it does.
	Generation(ctx context.Context) (int64, error)
	EventDetail(ctx context.Context, v sarhad.Viewer, id string) (sarhad.Event, []sarhad.Report, error)
	Events(ctx context.Context, v sarhad.Viewer, f sarhad.EventFilter) ([]sarhad.Event, string, error)
	StreamEvents(ctx context.Context, v sarhad.Viewer, f sarhad.EventFilter, fn func(sarhad.Event) error) error
	Stats(ctx context.Context, v sarhad.Viewer, q sarhad.StatsQuery) (sarhad.Stats, error)
}

// Accounts is the store of users, credentials and shares (sqlstore implements it).
type Accounts interface {
	// UserByToken returns the user of an API token, given its hash, with the agencies that
	// share their TLP:AMBER records with the user's agency; ENOTFOUND when none.
	UserByToken(ctx context.Context, hash []byte) (sarhad.User, []string, error)
	// UserBySession is UserByToken for an unexpired session.
	UserBySession(ctx context.Context, hash []byte, now time.Time) (sarhad.User, []string, error)
	// UserByName returns a user and its password hash ("" when it has none); ENOTFOUND.
	UserByName(ctx context.Context, name string) (sarhad.User, string, error)
	CreateSession(ctx context.Context, userID int64, hash []byte, expires time.Time) error
	DeleteSession(ctx context.Context, hash []byte) error
	// Generations returns the write generation of the data (Views.Generation) and of the
	// accounts (users, tokens, agencies, shares), in one round trip: API-token look-ups are
	// cached until the accounts generation changes.
	Generations(ctx context.Context) (data, accounts int64, err error)
}

// Admin is the store side of user and share management.
type Admin interface {
	// CreateUser creates a user with an API token (and a password when passwordHash is set),
	// and its agency when new (agencyCreated); ECONFLICT when the name is taken.
	CreateUser(ctx context.Context, u sarhad.User, passwordHash string, tokenHash []byte) (user sarhad.User, agencyCreated bool, err error)
	Users(ctx context.Context) ([]sarhad.User, error)
	AddShare(ctx context.Context, s sarhad.Share) error
	RemoveShare(ctx context.Context, from, to string) error
	Shares(ctx context.Context) ([]sarhad.Share, error)
}

// AuditReader reads audit entries by object (sqlstore implements it).
type AuditReader interface {
	// AuditEntries returns the entries about any of objects, oldest first.
	AuditEntries(ctx context.Context, objects []string) ([]sarhad.AuditEntry, error)
}

// ReportStore stores one report and puts it in an event.
type ReportStore interface {
	// AddReport stores r (complete and normalized) and returns the public id of its event.
	// res.Added is 0 when the same content was stored before (nothing was written), and
	// res.Events is 1 when the report started a new event.
	AddReport(ctx context.Context, r sarhad.Report) (eventID string, res sarhad.ImportResult, err error)
}

// Extractor reads event drafts from a report's text (extract.Extractor implements it).
type Extractor interface {
	Extract(text string, reportDate sarhad.Date) []sarhad.Report
}

// Publisher announces changes on the message bus (natsbus.Bus implements it).
type Publisher interface {
	PublishReport(ctx context.Context, m natsbus.ReportAdded) error
	PublishEvent(ctx context.Context, m natsbus.EventChanged) error
}

// Check is one named health check of /healthz.
type Check struct {
	Name string
	Fn   func(context.Context) error
}

// Deps are the services the server calls. Views, Accounts, Reports and Auditor are required.
type Deps struct {
	Views    Views
	Accounts Accounts
	Admin    Admin
	Reports  ReportStore
	Auditor  sarhad.Auditor
	// Audits, when set, serves the audit history of events.
	Audits AuditReader
	// Resolvers resolve the names of posted reports and of filters.
	Resolvers importer.Resolvers
	// Extractor, when set, fills the fields a posted report with text lacks.
	Extractor Extractor
	// Bus, when set, is told of every new report and event change.
	Bus Publisher
	// Health are the checks of /healthz (the store, the stream).
	Health []Check
	Logger *slog.Logger
	// Now is the clock; time.Now when nil.
	Now func() time.Time
}

// Server is the HTTP server of Sarhad. It is an http.Handler.
type Server struct {
	cfg     Config
	deps    Deps
	log     *slog.Logger
	mux     *http.ServeMux
	handler http.Handler
	guard   *auth.LoginGuard
	cop     *http.CrossOriginProtection
	cache   *respCache
	tokens  *tokenCache
	now     func() time.Time
}

// New returns a server with the API routes registered.
func New(cfg Config, deps Deps) *Server {
	if cfg.SessionTTL <= 0 {
		cfg.SessionTTL = 12 * time.Hour
	}
	if cfg.MaxBodyBytes <= 0 {
		cfg.MaxBodyBytes = 1 << 20
	}
	if cfg.CacheBytes == 0 {
		cfg.CacheBytes = 64 << 20
	}
	s := &Server{cfg: cfg, deps: deps, log: deps.Logger, mux: http.NewServeMux(), guard: auth.NewLoginGuard(),
		cop: http.NewCrossOriginProtection(), now: deps.Now, cache: newRespCache(cfg.CacheBytes), tokens: &tokenCache{m: map[string]tokenEntry{}}}
	if s.log == nil {
		s.log = slog.Default()
	}
	if s.now == nil {
		s.now = time.Now
	}
	s.cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { s.Error(w, r, errCrossOrigin) }))
	s.routes()
	s.handler = s.recover(s.secureHeaders(s.requestID(s.authenticate(s.protect(s.apiGate(s.mux))))))
	return s
}

// ServeHTTP serves a request through the middleware and the routes.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Handle registers a route (a Go 1.22 pattern such as "GET /events/{id}") of another
// surface, the web UI, behind the server's middleware: the request carries the user, the
// viewer and the CSRF token, and unsafe cookie-authenticated requests have passed the CSRF
// check before h runs. Patterns under /api/ are reserved for the API.
func (s *Server) Handle(pattern string, h http.Handler) { s.mux.Handle(pattern, h) }

// HandleFunc is Handle for a function.
func (s *Server) HandleFunc(pattern string, h func(http.ResponseWriter, *http.Request)) {
	s.mux.HandleFunc(pattern, h)
}
