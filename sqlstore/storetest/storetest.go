// Package storetest opens fresh sqlstore stores for tests of other packages (the HTTP API,
// the web UI): SQLite in a temporary directory, PostgreSQL in a new schema of the database
// named by SARHAD_TEST_POSTGRES (default postgres://postgres@127.0.0.1:5432/test), dropped
// at the end of the test. PostgreSQL tests skip when the server is unreachable, unless
// SARHAD_REQUIRE_POSTGRES=1, in which case they fail.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/sarhad-osint/sarhad/sqlstore"
)

// Dialects are the store dialects tests run on.
var Dialects = []string{sqlstore.SQLite, sqlstore.Postgres}

// DefaultPostgres is the test database when SARHAD_TEST_POSTGRES is not set.
const DefaultPostgres = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

// Open returns a fresh, empty store of the dialect, closed at the end of the test.
func Open(tb testing.TB, dialect string) *sqlstore.Store {
	tb.Helper()
	s, err := sqlstore.Open(context.Background(), DSN(tb, dialect))
	if err != nil {
		tb.Fatalf("open %s store: %v", dialect, err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

// DSN returns the DSN of a fresh database of the dialect: a file in a temporary directory, or
// a new PostgreSQL schema dropped at the end of the test.
func DSN(tb testing.TB, dialect string) string {
	tb.Helper()
	if dialect == sqlstore.SQLite {
		return filepath.Join(tb.TempDir(), "data", "sarhad.db")
	}
	base := os.Getenv("SARHAD_TEST_POSTGRES")
	if base == "" {
		base = DefaultPostgres
	}
	admin, err := sql.Open("pgx", base)
	if err == nil {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		err = admin.PingContext(ctx)
		cancel()
	}
	if err != nil {
		if admin != nil {
			admin.Close()
		}
		if os.Getenv("SARHAD_REQUIRE_POSTGRES") == "1" {
			tb.Fatalf("PostgreSQL is required (SARHAD_REQUIRE_POSTGRES=1) but unreachable: %v", err)
		}
		tb.Skipf("PostgreSQL is unreachable, skipping (set SARHAD_TEST_POSTGRES): %v", err)
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := "sarhad_test_" + hex.EncodeToString(b)
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		admin.Close()
		tb.Fatalf("create schema: %v", err)
	}
	tb.Cleanup(func() {
		defer admin.Close()
		if _, err := admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`); err != nil {
			tb.Errorf("drop schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatalf("SARHAD_TEST_POSTGRES: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
