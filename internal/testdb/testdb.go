// Package testdb gives tests a fresh database: a SQLite file in a temporary directory, or a
// new PostgreSQL schema of the database named by SARHAD_TEST_POSTGRES (default
// DefaultPostgres), dropped at the end of the test. PostgreSQL tests skip when the server is
// unreachable, unless SARHAD_REQUIRE_POSTGRES=1, in which case they fail. It imports no store
// package, so that the store's own tests and the helpers of other packages share it.
package testdb

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

	_ "github.com/jackc/pgx/v5/stdlib" // the pgx driver
)

// DefaultPostgres is the test database when SARHAD_TEST_POSTGRES is not set.
const DefaultPostgres = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

// DSN returns the DSN of a fresh database of the dialect ("sqlite" or "postgres").
func DSN(tb testing.TB, dialect string) string {
	tb.Helper()
	if dialect == "sqlite" {
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
			tb.Fatalf("PostgreSQL at %s is required (SARHAD_REQUIRE_POSTGRES=1) but unreachable: %v", redact(base), err)
		}
		tb.Skipf("PostgreSQL at %s is unreachable, skipping (set SARHAD_TEST_POSTGRES): %v", redact(base), err)
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

// redact hides the password of a DSN.
func redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "(unparsable DSN)"
	}
	return u.Redacted()
}
