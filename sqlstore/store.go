package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/sarhad-osint/sarhad"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
	_ "modernc.org/sqlite"             // registers the "sqlite" database/sql driver
)

// Dialect names returned by Store.Dialect.
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

// Store is the event store: reports, events, the links between them and sources, in a SQLite
// file or a PostgreSQL database. It is safe for concurrent use.
type Store struct {
	dialect string
	// db serves reads: a pool of read connections on SQLite, the one pool on PostgreSQL.
	db *sql.DB
	// wdb serves writes: on SQLite a second *sql.DB with a single connection, so that writers
	// queue in Go instead of spinning on SQLITE_BUSY; on PostgreSQL the same pool as db.
	wdb *sql.DB
	// now is the clock, replaced in tests.
	now func() time.Time
	// SQLite only: the writer leaves checkpoints (copying the write-ahead log into the
	// database file) to a background goroutine, woken through checkpoint after each write,
	// so that imports do not wait for them.
	checkpoint chan struct{}
	stop       chan struct{}
	stopped    chan struct{}
	// bulk is the connection that AddReports writes on, with its statements; rstmts are the
	// statements of its look-ups on the read pool (write_sqlite.go).
	bulk bulkWriter
	// spareRows keeps the row buffers of the SQLite writer (see rowBuffers).
	spareRows rowBuffers
	rstmts    readStmts
	// SQLite only: AddReports writes on a connection of its own (bulk, opened on first use
	// on the file path with bulkPragmas), holding the pool's writer connection meanwhile.
	path        string
	bulkPragmas []string
	// pgWriter admits one PostgreSQL writer of this process at a time (write_postgres.go).
	pgWriter chan struct{}
}

// sqlitePragmas are applied to every SQLite connection (modernc.org/sqlite runs busy_timeout
// first, then the others in name order): wait rather than fail on a locked file, write-ahead
// log so that readers never block the writer, foreign keys on, fsync only at checkpoints
// (safe in WAL mode), a 64 MiB page cache per connection, temporary b-trees in memory, and
// a log truncated back to 64 MiB after checkpoints.
var sqlitePragmas = []string{
	"busy_timeout(10000)",
	"journal_mode(WAL)",
	"foreign_keys(ON)",
	"synchronous(NORMAL)",
	"cache_size(-65536)",
	"temp_store(MEMORY)",
	"journal_size_limit(67108864)",
}

// sqliteWriterPragmas are applied to the writer connection only. Checkpoints run in the
// background (Store.checkpointer); the writer checkpoints itself only when the log exceeds
// 20,000 pages (80 MiB), as a safety net should the background fall behind.
var sqliteWriterPragmas = []string{"wal_autocheckpoint(20000)"}

// Open opens the store named by dsn and brings its schema up to date.
//
// A dsn starting with postgres:// or postgresql:// opens a PostgreSQL database (a
// search_path parameter selects the schema, e.g. to isolate tests); anything else is the path
// of a SQLite file, optionally prefixed with "sqlite:" or "file:", whose directory is created
// when missing. Query parameters after a '?' in a SQLite path are passed to the driver after
// the store's own pragmas.
func Open(ctx context.Context, dsn string, opts ...Option) (*Store, error) {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	var s *Store
	var err error
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		s, err = openPostgres(dsn)
	} else {
		s, err = openSQLite(dsn)
	}
	if err != nil {
		return nil, err
	}
	s.now = time.Now
	if err := s.migrate(ctx, o.upgrading); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// An Option changes how Open opens a store.
type Option func(*options)

type options struct {
	upgrading func(version int, name string)
}

// Upgrading has Open call fn before it applies each migration to a store that an earlier
// version of the program made (not to a new store), so that a program can say why opening
// takes longer: some migrations rewrite a table (0003 takes about half a minute per million
// events on SQLite).
func Upgrading(fn func(version int, name string)) Option {
	return func(o *options) { o.upgrading = fn }
}

func openSQLite(dsn string) (*Store, error) {
	path := strings.TrimPrefix(dsn, "sqlite:")
	path = strings.TrimPrefix(path, "file:")
	path, extra, _ := strings.Cut(path, "?")
	if path == "" {
		return nil, fmt.Errorf("open sqlite store: empty path")
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return nil, fmt.Errorf("open sqlite store: %w", err)
	}
	q := url.Values{}
	for _, p := range sqlitePragmas {
		q.Add("_pragma", p)
	}
	params := q.Encode()
	if extra != "" {
		params += "&" + extra
	}
	w := url.Values{}
	for _, p := range sqliteWriterPragmas {
		w.Add("_pragma", p)
	}
	// The writer begins every transaction with BEGIN IMMEDIATE: it takes the write lock at
	// once, so that a read-then-write transaction can never fail to upgrade its lock.
	w.Set("_txlock", "immediate")
	wdb, err := sql.Open("sqlite", path+"?"+params+"&"+w.Encode())
	if err != nil {
		return nil, fmt.Errorf("open sqlite store: %w", err)
	}
	wdb.SetMaxOpenConns(1)
	wdb.SetMaxIdleConns(1)
	wdb.SetConnMaxIdleTime(0)
	wdb.SetConnMaxLifetime(0)
	// Open the writer first so that it creates the file and switches it to WAL before any
	// reader connects.
	if err := wdb.Ping(); err != nil {
		wdb.Close()
		return nil, fmt.Errorf("open sqlite store %s: %w", path, err)
	}
	rdb, err := sql.Open("sqlite", path+"?"+params)
	if err != nil {
		wdb.Close()
		return nil, fmt.Errorf("open sqlite store: %w", err)
	}
	n := max(4, 2*runtime.NumCPU())
	rdb.SetMaxOpenConns(n)
	rdb.SetMaxIdleConns(n)
	rdb.SetConnMaxIdleTime(5 * time.Minute)
	s := &Store{dialect: SQLite, db: rdb, wdb: wdb,
		checkpoint: make(chan struct{}, 1), stop: make(chan struct{}), stopped: make(chan struct{}),
		path: path, bulkPragmas: bulkPragmas(extra)}
	go s.checkpointer()
	return s, nil
}

// bulkPragmas are the pragmas of the bulk writer's connection: the writer's, then those of
// extra (a DSN's query parameters), whose other parameters concern the driver only.
func bulkPragmas(extra string) []string {
	p := append(slices.Clone(sqlitePragmas), sqliteWriterPragmas...)
	q, _ := url.ParseQuery(extra)
	return append(p, q["_pragma"]...)
}

// checkpointEvery is the least time between two background checkpoints. Each checkpoint
// ends with fsyncs of the log and the database file, and a write that meets them waits
// milliseconds instead of a fraction of one: after every small write (a report posted, a
// fusion decision) they would cost more than the writes, and every 250 ms they set the p99 of
// incremental fusion (1.85–1.89 ms, against 1.45–1.64 ms once a second: fusion/BENCHMARK.md).
// The log grows by at most a second of writes (the writer checkpoints itself past 80 MiB).
const checkpointEvery = time.Second

// checkpointer copies the write-ahead log into the database file after writes, on a read
// connection: a PASSIVE checkpoint blocks neither readers nor the writer. Writes made while
// it waits are copied by the next checkpoint.
func (s *Store) checkpointer() {
	defer close(s.stopped)
	for {
		select {
		case <-s.stop:
			return
		case <-s.checkpoint:
			if _, err := s.db.Exec(`PRAGMA wal_checkpoint(PASSIVE)`); err != nil {
				slog.Warn("SQLite checkpoint failed; the writer will checkpoint instead.", "error", err)
			}
		}
		select {
		case <-s.stop:
			return
		case <-time.After(checkpointEvery):
		}
	}
}

// wroteSQLite wakes the checkpointer after a write.
func (s *Store) wroteSQLite() {
	select {
	case s.checkpoint <- struct{}{}:
	default: // a checkpoint is pending already
	}
}

func openPostgres(dsn string) (*Store, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("open postgres store: %w", err)
	}
	db.SetMaxOpenConns(max(8, 4*runtime.NumCPU()))
	db.SetMaxIdleConns(max(4, 2*runtime.NumCPU()))
	db.SetConnMaxIdleTime(5 * time.Minute)
	db.SetConnMaxLifetime(time.Hour)
	if err := db.Ping(); err != nil {
		db.Close()
		return nil, fmt.Errorf("open postgres store: %w", err)
	}
	return &Store{dialect: Postgres, db: db, wdb: db, pgWriter: make(chan struct{}, 1)}, nil
}

// Close closes the store's connections.
func (s *Store) Close() error {
	if s.stop != nil {
		close(s.stop)
		<-s.stopped
	}
	s.bulk.close()
	s.rstmts.close()
	err := s.db.Close()
	if s.wdb != s.db {
		err = errors.Join(err, s.wdb.Close())
	}
	return err
}

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.db.PingContext(ctx); err != nil {
		return fmt.Errorf("ping store: %w", err)
	}
	return nil
}

// Dialect returns SQLite or Postgres.
func (s *Store) Dialect() string { return s.dialect }

// Optimize refreshes the query planner's statistics, and on PostgreSQL the visibility map
// that index-only scans rely on. Run it after a large import; it is cheap to run often.
func (s *Store) Optimize(ctx context.Context) error {
	var stmts []string
	if s.dialect == Postgres {
		stmts = []string{`VACUUM (ANALYZE) sources, reports, events, event_reports`}
	} else {
		// A bounded analysis reads a sample of each index: fast on any size of store.
		stmts = []string{`PRAGMA analysis_limit = 1000`, `ANALYZE`}
	}
	conn, err := s.wdb.Conn(ctx)
	if err != nil {
		return fmt.Errorf("optimize: %w", err)
	}
	defer conn.Close()
	for _, q := range stmts {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("optimize: %w", err)
		}
	}
	return nil
}

// Empty reports whether the store holds no report.
func (s *Store) Empty(ctx context.Context) (bool, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM reports LIMIT 1) r`).Scan(&n); err != nil {
		return false, fmt.Errorf("empty: %w", err)
	}
	return n == 0, nil
}

// DayOf returns the day number the store sorts and filters the date d by: days since
// 1970-01-01 of the first day d covers, and a number below every real day when d is
// unknown.
func (s *Store) DayOf(d sarhad.Date) int64 { return dayNumber(d) }
