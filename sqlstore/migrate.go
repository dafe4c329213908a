package sqlstore

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"sort"
	"strconv"

	"github.com/sarhad-osint/sarhad"
)

// Migrations are embedded SQL files, one directory per dialect, named NNNN_name.sql. Each is
// applied once, in version order, in its own transaction, and recorded in schema_migrations
// with the SHA-256 of its text. They are forward-only; gaps in the numbering are allowed. A
// store that recorded a migration this program does not have, or has with other text, was
// made by another version of the program: opening it fails with an error that says so,
// rather than with whatever SQL error the difference would cause later. Version ranges are reserved so
// that parallel work does not collide: 0001–0009 core store, 0010–0019 fusion,
// 0020–0029 web, auth and audit.
//
//go:embed migrations
var migrationFS embed.FS

type migration struct {
	version int
	name    string
	sql     string
}

// checksum is the hex SHA-256 of the migration's text.
func (m migration) checksum() string {
	h := sha256.Sum256([]byte(m.sql))
	return hex.EncodeToString(h[:])
}

var migrationName = regexp.MustCompile(`^([0-9]{4})_([a-z0-9_]+)\.sql$`)

// loadMigrations returns the migrations of a dialect in version order.
func loadMigrations(dialect string) ([]migration, error) {
	dir := path.Join("migrations", dialect)
	entries, err := fs.ReadDir(migrationFS, dir)
	if err != nil {
		return nil, fmt.Errorf("read migrations: %w", err)
	}
	var ms []migration
	seen := map[int]string{}
	for _, e := range entries {
		m := migrationName.FindStringSubmatch(e.Name())
		if m == nil || e.IsDir() {
			return nil, fmt.Errorf("migration %s/%s: name is not NNNN_name.sql", dialect, e.Name())
		}
		v, _ := strconv.Atoi(m[1])
		if v == 0 {
			return nil, fmt.Errorf("migration %s/%s: version 0 is not allowed", dialect, e.Name())
		}
		if other, ok := seen[v]; ok {
			return nil, fmt.Errorf("migrations %s/%s and %s share version %d", dialect, other, e.Name(), v)
		}
		seen[v] = e.Name()
		b, err := fs.ReadFile(migrationFS, path.Join(dir, e.Name()))
		if err != nil {
			return nil, fmt.Errorf("read migration: %w", err)
		}
		ms = append(ms, migration{version: v, name: m[2], sql: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	return ms, nil
}

// migrate applies the migrations the database has not seen yet. On PostgreSQL an advisory
// lock (per schema) keeps several nodes starting at once from racing; on SQLite every
// migration transaction takes the write lock at BEGIN.
func (s *Store) migrate(ctx context.Context, upgrading func(version int, name string)) error {
	ms, err := loadMigrations(s.dialect)
	if err != nil {
		return err
	}
	if skipMigration != nil { // tests: a store made by an earlier version
		ms = slices.DeleteFunc(ms, func(m migration) bool { return skipMigration(m.version) })
	}
	conn, err := s.wdb.Conn(ctx)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer conn.Close()
	create := `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		name       TEXT    NOT NULL,
		checksum   TEXT    NOT NULL,
		applied_at BIGINT  NOT NULL)`
	if s.dialect == Postgres {
		const lock = `SELECT pg_advisory_lock(hashtext('sarhad.sqlstore.migrate.' || current_schema()))`
		if _, err := conn.ExecContext(ctx, lock); err != nil {
			return fmt.Errorf("migrate: lock: %w", err)
		}
		defer conn.ExecContext(context.WithoutCancel(ctx),
			`SELECT pg_advisory_unlock(hashtext('sarhad.sqlstore.migrate.' || current_schema()))`)
	}
	if _, err := conn.ExecContext(ctx, create); err != nil {
		return fmt.Errorf("migrate: create schema_migrations: %w", err)
	}
	applied, err := checkApplied(ctx, conn, ms)
	if err != nil {
		return err
	}
	for _, m := range ms {
		if upgrading != nil && len(applied) > 0 && !applied[m.version] {
			upgrading(m.version, m.name)
		}
		if err := s.apply(ctx, conn, m); err != nil {
			return err
		}
	}
	return nil
}

// skipMigration, when set (by tests only), names migrations that Open leaves out, to make a
// store as an earlier version of the program made it.
var skipMigration func(version int) bool

// checkApplied checks that every migration the store recorded is one of ms, unchanged, and
// returns the versions recorded.
func checkApplied(ctx context.Context, conn *sql.Conn, ms []migration) (map[int]bool, error) {
	known := make(map[int]migration, len(ms))
	for _, m := range ms {
		known[m.version] = m
	}
	rows, err := conn.QueryContext(ctx, `SELECT version, name, checksum FROM schema_migrations ORDER BY version`)
	if err != nil {
		// A schema_migrations table without checksums: a store of an early pre-release.
		var n int
		if conn.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations`).Scan(&n) == nil && n > 0 {
			return nil, sarhad.Errorf(sarhad.EINVALID, "this store was made by an early pre-release of Sarhad whose schema this version cannot read or convert: make a new store (a new --data-dir or database) and import the data again")
		}
		return nil, fmt.Errorf("migrate: read schema_migrations: %w", err)
	}
	defer rows.Close()
	applied := map[int]bool{}
	for rows.Next() {
		var (
			v              int
			name, checksum string
		)
		if err := rows.Scan(&v, &name, &checksum); err != nil {
			return nil, fmt.Errorf("migrate: read schema_migrations: %w", err)
		}
		m, ok := known[v]
		switch {
		case !ok:
			return nil, sarhad.Errorf(sarhad.EINVALID, "this store has migration %04d_%s, which this version of Sarhad does not know: it was made by a newer or an incompatible pre-release version; use that version, or make a new store and import the data again", v, name)
		case m.name != name || m.checksum() != checksum:
			return nil, sarhad.Errorf(sarhad.EINVALID, "this store applied migration %04d_%s in another form than this version of Sarhad has (a pre-release changed it): make a new store (a new --data-dir or database) and import the data again", v, name)
		}
		applied[v] = true
	}
	return applied, rows.Err()
}

func (s *Store) apply(ctx context.Context, conn *sql.Conn, m migration) error {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migrate %04d: %w", m.version, err)
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = $1`, m.version).Scan(&n); err != nil {
		return fmt.Errorf("migrate %04d: %w", m.version, err)
	}
	if n > 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return fmt.Errorf("migrate %04d_%s: %w", m.version, m.name, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES ($1, $2, $3, $4)`,
		m.version, m.name, m.checksum(), s.now().UnixNano()); err != nil {
		return fmt.Errorf("migrate %04d: record: %w", m.version, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("migrate %04d: commit: %w", m.version, err)
	}
	return nil
}

// SchemaVersion returns the highest migration version applied to the database.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	var v sql.NullInt64
	if err := s.db.QueryRowContext(ctx, `SELECT max(version) FROM schema_migrations`).Scan(&v); err != nil {
		return 0, fmt.Errorf("schema version: %w", err)
	}
	return int(v.Int64), nil
}
