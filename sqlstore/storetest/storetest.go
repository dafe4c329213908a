// Package storetest opens fresh sqlstore stores for tests of other packages (the HTTP API,
// the web UI): SQLite in a temporary directory, PostgreSQL in a new schema of the database
// named by SARHAD_TEST_POSTGRES (default postgres://postgres@127.0.0.1:5432/test), dropped
// at the end of the test. PostgreSQL tests skip when the server is unreachable, unless
// SARHAD_REQUIRE_POSTGRES=1, in which case they fail.
package storetest

import (
	"context"
	"testing"

	"github.com/sarhad-osint/sarhad/internal/testdb"
	"github.com/sarhad-osint/sarhad/sqlstore"
)

// Dialects are the store dialects tests run on.
var Dialects = []string{sqlstore.SQLite, sqlstore.Postgres}

// Open returns a fresh, empty store of the dialect, closed at the end of the test.
func Open(tb testing.TB, dialect string) *sqlstore.Store {
	tb.Helper()
	s, err := sqlstore.Open(context.Background(), testdb.DSN(tb, dialect))
	if err != nil {
		tb.Fatalf("open %s store: %v", dialect, err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}
