package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/sarhad-osint/sarhad"
	"github.com/sarhad-osint/sarhad/actors"
	"github.com/sarhad-osint/sarhad/audit"
	"github.com/sarhad-osint/sarhad/auth"
	"github.com/sarhad-osint/sarhad/demo"
	"github.com/sarhad-osint/sarhad/extract"
	"github.com/sarhad-osint/sarhad/fusion"
	"github.com/sarhad-osint/sarhad/gazetteer"
	"github.com/sarhad-osint/sarhad/httpapi"
	"github.com/sarhad-osint/sarhad/importer"
	"github.com/sarhad-osint/sarhad/natsbus"
	"github.com/sarhad-osint/sarhad/sqlstore"
	"github.com/sarhad-osint/sarhad/tlpview"
)

// DefaultAddr is where `sarhad serve` listens without --addr.
const DefaultAddr = "127.0.0.1:8080"

// Server is `sarhad serve` as a value: the store, the message bus, the audit log and the HTTP
// server, started by Start and stopped in order by Close. End-to-end tests run it on
// 127.0.0.1:0 with a temporary data directory.
type Server struct {
	// Config names the store (DataDir or DB) and the log level.
	Config Config
	// Addr is the HOST:PORT to listen on; DefaultAddr when empty.
	Addr string
	// Demo loads the bundled incidents into an empty store and, when there are no users
	// yet, creates a demo admin and analyst.
	Demo bool
	// NATS is an external NATS URL; empty runs the embedded server under DataDir/nats.
	NATS string
	// NATSListen, with the embedded server, accepts NATS clients on this HOST:PORT.
	NATSListen string
	// AuditKeyFile holds the audit log's key; DataDir/audit.key when empty.
	AuditKeyFile string
	// HTTP configures cookies and proxies.
	HTTP httpapi.Config
	// Console receives what only the operator may read: first-start instructions and the
	// demo users' one-time credentials. It is never a log. os.Stdout when nil.
	Console io.Writer
	// Logger is the program's logger; a text logger on standard error when nil.
	Logger *slog.Logger

	rt       *Runtime
	http     *http.Server
	listener net.Listener
	served   chan error
	close    sync.Once
	closeErr error
	// background is closed when the work started in the background (the incorporator)
	// is done; nil when none was started.
	background chan struct{}
}

// Runtime is what a mounted surface (the web UI) may use: the services the API uses.
type Runtime struct {
	Store     *sqlstore.Store
	Views     *tlpview.Views
	Audit     *audit.Log
	Bus       *natsbus.Bus
	Resolvers importer.Resolvers
	Logger    *slog.Logger
}

// surfaces mount other HTTP surfaces (the web UI) on the server. A file of this package that
// provides one registers it in init with mountSurface.
var surfaces []func(srv *httpapi.Server, rt *Runtime) error

func mountSurface(f func(srv *httpapi.Server, rt *Runtime) error) { surfaces = append(surfaces, f) }

// openAuditLog opens the audit log of a store with the key file of cfg (created on first use).
func openAuditLog(st *sqlstore.Store, cfg Config, keyFile string) (*audit.Log, error) {
	if keyFile == "" {
		keyFile = filepath.Join(cfg.DataDir, audit.KeyFile)
	}
	key, _, err := audit.LoadOrCreateKey(keyFile)
	if err != nil {
		return nil, err
	}
	return audit.New(st, key), nil
}

// Start opens everything and starts listening; it returns once the server accepts
// connections (see URL). Call Close to stop.
func (s *Server) Start(ctx context.Context) (err error) {
	start := time.Now()
	if s.Console == nil {
		s.Console = os.Stdout
	}
	if s.Logger == nil {
		lvl, _ := parseLevel(s.Config.LogLevel)
		s.Logger = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: lvl}))
	}
	if err := s.Config.Validate(); err != nil {
		return err
	}
	addr := s.Addr
	if addr == "" {
		addr = DefaultAddr
	}
	defer func() {
		if err != nil {
			s.Close()
		}
	}()
	rt := &Runtime{Logger: s.Logger,
		Resolvers: importer.Resolvers{Places: gazetteer.Default(), Actors: actors.Default()}}
	s.rt = rt
	upgrading := sqlstore.Upgrading(func(version int, name string) {
		s.Logger.Info("upgrading the store's schema", "store", s.Config.StoreName(), "migration", fmt.Sprintf("%04d_%s", version, name))
	})
	if rt.Store, err = sqlstore.Open(ctx, s.Config.DSN(), upgrading); err != nil {
		return openStoreError(s.Config.StoreName(), err)
	}
	if rt.Audit, err = openAuditLog(rt.Store, s.Config, s.AuditKeyFile); err != nil {
		return err
	}
	if rt.Bus, err = natsbus.Open(ctx, natsbus.Config{URL: s.NATS, StoreDir: filepath.Join(s.Config.DataDir, "nats"),
		Listen: s.NATSListen, Logger: s.Logger}); err != nil {
		return err
	}
	bus := rt.Bus
	rt.Audit.OnAppend = func(h audit.Head) {
		// The head goes to the stream as an outside witness of the audit log.
		go func() {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			if err := bus.PublishAuditHead(ctx, natsbus.AuditHead{Seq: h.Seq, Hash: h.Hash, At: time.Now().UTC()}); err != nil {
				s.Logger.Warn("Audit head not published.", "seq", h.Seq, "error", err)
			}
		}()
	}
	rt.Views = tlpview.New(rt.Store, reconciler())
	if s.Demo {
		if err := s.loadDemo(ctx); err != nil {
			return err
		}
	}
	if err := s.firstStart(ctx); err != nil {
		return err
	}

	reports, err := s.reportWriter(ctx)
	if err != nil {
		return err
	}
	api := httpapi.New(s.HTTP, httpapi.Deps{
		Views: rt.Views, Accounts: rt.Store, Admin: rt.Store, Reports: reports, Auditor: rt.Audit, Audits: rt.Store,
		Resolvers: rt.Resolvers, Extractor: extractor(rt.Resolvers), Bus: rt.Bus, Logger: s.Logger,
		Health: []httpapi.Check{{Name: "store", Fn: rt.Store.Ping}, {Name: "stream", Fn: rt.Bus.Ping}},
	})
	for _, mount := range surfaces {
		if err := mount(api, rt); err != nil {
			return err
		}
	}
	if s.listener, err = net.Listen("tcp", addr); err != nil {
		return fmt.Errorf("listen on %s: %w", addr, err)
	}
	s.http = &http.Server{
		Handler:           api,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       time.Minute,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(s.Logger.Handler(), slog.LevelWarn),
	}
	s.served = make(chan error, 1)
	go func() { s.served <- s.http.Serve(s.listener) }()
	store := "SQLite " + filepath.Join(s.Config.DataDir, "sarhad.db")
	if s.Config.DB != "" {
		store = "PostgreSQL"
	}
	stream := "embedded NATS JetStream"
	if !bus.Embedded {
		stream = "external NATS"
	}
	s.Logger.Info("Serving.", "url", s.URL(), "store", store, "stream", stream, "startup", time.Since(start).Round(time.Millisecond))
	return nil
}

// URL returns the server's base URL (after Start).
func (s *Server) URL() string {
	if s.listener == nil {
		return ""
	}
	return "http://" + s.listener.Addr().String()
}

// Runtime returns the running services (after Start).
func (s *Server) Runtime() *Runtime { return s.rt }

// Run starts the server and serves until ctx is done (SIGINT or SIGTERM from cmd/sarhad),
// then shuts down in order.
func (s *Server) Run(ctx context.Context) error {
	if err := s.Start(ctx); err != nil {
		return err
	}
	select {
	case <-ctx.Done():
	case err := <-s.served:
		if err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.Close()
			return fmt.Errorf("serve: %w", err)
		}
	}
	s.Logger.Info("Shutting down.")
	return s.Close()
}

// Close stops the server in order: it stops accepting connections and drains the requests in
// flight (up to 10 s), then closes the message bus (flushing what it still has to publish),
// then the store. It is safe to call more than once.
func (s *Server) Close() error {
	s.close.Do(func() {
		var errs []error
		if s.http != nil {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			if err := s.http.Shutdown(ctx); err != nil {
				errs = append(errs, fmt.Errorf("drain requests: %w", err))
			}
			cancel()
		} else if s.listener != nil {
			s.listener.Close()
		}
		if s.rt != nil && s.rt.Bus != nil {
			if err := s.rt.Bus.Close(); err != nil {
				errs = append(errs, fmt.Errorf("close stream: %w", err))
			}
		}
		if s.background != nil {
			<-s.background
		}
		if s.rt != nil && s.rt.Store != nil {
			if err := s.rt.Store.Close(); err != nil {
				errs = append(errs, fmt.Errorf("close store: %w", err))
			}
		}
		s.closeErr = errors.Join(errs...)
	})
	return s.closeErr
}

// loadDemo imports the bundled incidents, as the system agency and TLP:CLEAR, into an empty
// store; a store holding any report is left alone.
func (s *Server) loadDemo(ctx context.Context) error {
	st := s.rt.Store
	empty, err := st.Empty(ctx)
	if err != nil || !empty {
		return err
	}
	rd, err := importer.NewReader(importer.FormatCSV, demo.Incidents(), demo.IncidentsName,
		importer.Options{Owner: sarhad.SystemAgency, Marking: sarhad.TLPClear, Resolvers: s.rt.Resolvers})
	if err != nil {
		return fmt.Errorf("demo data: %w", err)
	}
	var batch []sarhad.Report
	rejected := 0
	for {
		row, err := rd.Next()
		if errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return fmt.Errorf("demo data: %w", err)
		}
		if row.Err != nil {
			rejected++
			continue
		}
		batch = append(batch, row.Report)
	}
	res, err := st.AddReports(ctx, batch)
	if err != nil {
		return fmt.Errorf("demo data: %w", err)
	}
	if err := s.rt.Audit.Audit(ctx, ImportAuditEntry(demo.IncidentsName, "csv", sarhad.SystemAgency, sarhad.TLPClear, len(batch)+rejected, rejected, res)); err != nil {
		return err
	}
	s.Logger.Info("Demo data loaded.", "reports", res.Added, "events", res.Events, "rejected", rejected, "licence", demo.Licence)
	return nil
}

// ImportAuditEntry is the audit entry of an import batch from the command line (or the demo
// loader): file, format, owner, marking and counts.
func ImportAuditEntry(file, format, owner string, marking sarhad.Marking, rows, rejected int, res sarhad.ImportResult) sarhad.AuditEntry {
	d := map[string]string{
		"format": format, "rows": fmt.Sprint(rows), "added": fmt.Sprint(res.Added),
		"duplicates": fmt.Sprint(res.Duplicates), "rejected": fmt.Sprint(rejected), "events": fmt.Sprint(res.Events),
	}
	if owner != "" {
		d["owner"] = owner
	}
	if marking != "" {
		d["marking"] = string(marking)
	}
	return sarhad.AuditEntry{Actor: "cli", Agency: sarhad.SystemAgency, Action: sarhad.AuditImport,
		Object: "import:" + filepath.Base(file), Detail: d}
}

// demoAgency holds the demo users.
const demoAgency = "demo"

// firstStart prints, on a store without users, how to create one; with Demo it creates a demo
// admin and analyst and prints their one-time credentials on the console only.
func (s *Server) firstStart(ctx context.Context) error {
	st := s.rt.Store
	n, err := st.CountUsers(ctx)
	if err != nil || n > 0 {
		return err
	}
	if !s.Demo {
		fmt.Fprintf(s.Console, `No users yet. Create one (it prints an API token; --password-file sets a password for the browser):

  sarhad user add --data-dir %s --name NAME --agency AGENCY --role admin

`, s.Config.DataDir)
		return nil
	}
	fmt.Fprintf(s.Console, "Demo users (shown once, not stored in clear; keep or discard):\n\n")
	for _, u := range []struct {
		name string
		role sarhad.Role
	}{{"demo-admin", sarhad.RoleAdmin}, {"demo-analyst", sarhad.RoleAnalyst}} {
		password := auth.NewAPIToken()[len(auth.APITokenPrefix):][:20]
		hash, err := auth.HashPassword(password, auth.DefaultParams)
		if err != nil {
			return err
		}
		token := auth.NewAPIToken()
		user, agencyNew, err := st.CreateUser(ctx, sarhad.User{Name: u.name, Agency: demoAgency, Role: u.role}, hash, auth.TokenHash(token))
		if err != nil {
			return err
		}
		if agencyNew {
			if err := s.rt.Audit.Audit(ctx, sarhad.AuditEntry{Actor: "cli", Agency: sarhad.SystemAgency, Action: sarhad.AuditAgencyAdd, Object: "agency:" + demoAgency}); err != nil {
				return err
			}
		}
		if err := s.rt.Audit.Audit(ctx, sarhad.AuditEntry{Actor: "cli", Agency: sarhad.SystemAgency, Action: sarhad.AuditUserAdd,
			Object: "user:" + user.Name, Detail: map[string]string{"agency": user.Agency, "role": string(user.Role), "browser_login": "yes"}}); err != nil {
			return err
		}
		fmt.Fprintf(s.Console, "  %-13s role %-8s agency %s\n    password  %s\n    API token %s\n\n", user.Name, user.Role, user.Agency, password, token)
	}
	return nil
}

func init() { register(serveCommand) }

func serveCommand(c *CLI) *cobra.Command {
	srv := &Server{}
	var cacheMB int64
	cmd := &cobra.Command{
		Use:   "serve [--addr HOST:PORT] [--demo]",
		Short: "Serve the API and the web application",
		Long: `Serves the JSON API v1 (and the web application) on --addr, over the store of --data-dir
(or --db), with an embedded NATS JetStream server under DATA_DIR/nats unless --nats names an
external one. --demo loads the bundled incidents (2023–2025, CC BY 4.0) into an empty store and,
when there are no users yet, creates a demo admin and analyst whose credentials are printed once.
SIGINT or SIGTERM shuts down gracefully: requests in flight finish, then the stream and the
store are closed.`,
		Example: `  sarhad serve --data-dir ./data --demo
  sarhad serve --db postgres://sarhad@db/sarhad --nats nats://nats:4222 --addr 0.0.0.0:8080 --secure-cookies --trust-proxy`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			srv.Config = c.cfg
			srv.Logger = c.logger
			srv.Console = c.Stdout
			if srv.NATS == "" {
				srv.NATS = c.Getenv("SARHAD_NATS")
			}
			if srv.AuditKeyFile == "" {
				srv.AuditKeyFile = c.Getenv("SARHAD_AUDIT_KEY_FILE")
			}
			srv.HTTP.CacheBytes = cacheMB << 20
			if cacheMB <= 0 {
				srv.HTTP.CacheBytes = -1
			}
			return srv.Run(cmd.Context())
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&srv.Addr, "addr", DefaultAddr, "HOST:PORT to listen on")
	fl.BoolVar(&srv.Demo, "demo", false, "load the bundled incidents into an empty store; create demo users when there are none")
	fl.StringVar(&srv.NATS, "nats", "", "external NATS URL (env SARHAD_NATS); default: embedded JetStream under the data directory")
	fl.StringVar(&srv.NATSListen, "nats-listen", "", "with the embedded NATS server, also accept NATS clients on HOST:PORT (e.g. 127.0.0.1:4222)")
	fl.StringVar(&srv.AuditKeyFile, "audit-key-file", "", "key file of the audit log (env SARHAD_AUDIT_KEY_FILE; default DATA_DIR/audit.key)")
	fl.BoolVar(&srv.HTTP.SecureCookies, "secure-cookies", false, "always mark the session cookie Secure (serve behind HTTPS)")
	fl.BoolVar(&srv.HTTP.TrustProxy, "trust-proxy", false, "trust X-Forwarded-For and X-Forwarded-Proto from a reverse proxy")
	fl.Int64Var(&cacheMB, "response-cache-mb", 64, "memory for cached list and statistics answers, per visibility class and query, kept until the next write (0 disables)")
	return cmd
}

// fusingWriter stores a report and lets fusion place it at once: it joins the existing event
// it matches best, or keeps the event of its own the store made for it. Its incorporator
// is built in the background (sampling the store takes a quarter of a second on 100,000
// events), so that serving starts at once; the first report waits for it.
type fusingWriter struct {
	st    *sqlstore.Store
	ready chan struct{} // closed when inc or err is set
	inc   *fusion.Incorporator
	err   error
}

// incorporator waits for the incorporator.
func (w *fusingWriter) incorporator(ctx context.Context) (*fusion.Incorporator, error) {
	select {
	case <-w.ready:
		return w.inc, w.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// AddReport implements httpapi.ReportStore.
func (w *fusingWriter) AddReport(ctx context.Context, r sarhad.Report) (string, sarhad.ImportResult, error) {
	inc, err := w.incorporator(ctx)
	if err != nil {
		return "", sarhad.ImportResult{}, fmt.Errorf("fusion: %w", err)
	}
	id, res, err := w.st.AddReport(ctx, r)
	if err != nil || res.Added == 0 {
		return id, res, err
	}
	placed, err := inc.Add(ctx, []string{sqlstore.ReportHash(r)})
	if err != nil {
		return id, res, fmt.Errorf("fuse report %s: %w", r.ID, err)
	}
	for _, p := range placed {
		if p.ReportID == r.ID {
			id = p.EventID
			if p.Joined {
				res.Events = 0
			}
		}
	}
	return id, res, nil
}

// reportWriter is how the API stores reports: through fusion's incorporator when the store
// supports fusion, else each report is its own event until a `sarhad fuse` run. Close waits
// for the incorporator to be built before it closes the store.
func (s *Server) reportWriter(ctx context.Context) (httpapi.ReportStore, error) {
	fs, ok := any(s.rt.Store).(fusion.Store)
	if !ok {
		return s.rt.Store, nil
	}
	w := &fusingWriter{st: s.rt.Store, ready: make(chan struct{})}
	s.background = w.ready
	ctx = context.WithoutCancel(ctx)
	go func() {
		defer close(w.ready)
		eng := fusion.New(fusion.Options{Places: gazetteer.Default(), Actors: actors.Default()})
		w.inc, w.err = eng.NewIncorporator(ctx, fs)
		if w.err != nil {
			s.Logger.Error("Fusion is not ready: reports cannot be stored.", "error", w.err)
		}
	}()
	return w, nil
}

// reconciler recomputes an event from the reports of it a viewer may see: fusion's
// reconciliation, with the actor registry to recognise claimant outlets and factions.
func reconciler() tlpview.Reconciler {
	grades := fusion.SourceGrades{Actors: actors.Default()}
	return func(reports []sarhad.Report) sarhad.Event { return fusion.Reconcile(reports, grades) }
}

// extractor reads event drafts from the text of posted reports.
func extractor(res importer.Resolvers) httpapi.Extractor { return extract.New(res.Places, res.Actors) }
