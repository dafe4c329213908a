package rawsqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	_ "modernc.org/sqlite" // creates the test's files
)

// open returns a connection to a new database file with a table t.
func open(t *testing.T, pragmas ...string) *Conn {
	t.Helper()
	path := filepath.Join(t.TempDir(), "t.db")
	// Open does not create files: the store's file always exists when it opens one.
	if _, err := Open(path); err == nil {
		t.Fatal("Open created a missing file")
	}
	db, err := sql.Open("sqlite", path)
	if err == nil {
		err = db.Ping()
		db.Close()
	}
	if err != nil {
		t.Fatal(err)
	}
	c, err := Open(path, pragmas...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	if err := c.Exec(`CREATE TABLE t (i INTEGER, r REAL, s TEXT, b BLOB)`); err != nil {
		t.Fatal(err)
	}
	return c
}

// query returns all rows of query with args.
func query(t *testing.T, c *Conn, q string, args ...any) [][]driver.Value {
	t.Helper()
	st, err := c.PrepareContext(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	rows, err := st.(driver.StmtQueryContext).QueryContext(context.Background(), named(args))
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out [][]driver.Value
	for {
		row := make([]driver.Value, len(rows.Columns()))
		if err := rows.Next(row); errors.Is(err, io.EOF) {
			return out
		} else if err != nil {
			t.Fatal(err)
		}
		out = append(out, row)
	}
}

func named(args []any) []driver.NamedValue {
	nv := make([]driver.NamedValue, len(args))
	for i, a := range args {
		nv[i] = driver.NamedValue{Ordinal: i + 1, Value: a}
	}
	return nv
}

// mustExec runs q with args, failing the test on an error.
func mustExec(t *testing.T, c *Conn, q string, args ...any) {
	t.Helper()
	if err := exec(c, q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

func exec(c *Conn, q string, args ...any) error {
	st, err := c.PrepareContext(context.Background(), q)
	if err != nil {
		return err
	}
	defer st.Close()
	_, err = st.(driver.StmtExecContext).ExecContext(context.Background(), named(args))
	return err
}

// An empty text or blob is empty, not NULL, even in the first statement of a connection,
// before the connection has a buffer of values.
func TestEmptyFirst(t *testing.T) {
	c := open(t)
	if err := exec(c, `INSERT INTO t (s, b) VALUES (?, ?)`, "", []byte{}); err != nil {
		t.Fatal(err)
	}
	got := query(t, c, `SELECT typeof(s), typeof(b) FROM t`)
	if want := [][]driver.Value{{"text", "blob"}}; !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestValuesRoundTrip(t *testing.T) {
	c := open(t)
	cases := []struct {
		name string
		in   []any
		want []driver.Value
	}{
		{"all types", []any{int64(-7), 2.5, "Dera Ismail Khan", []byte{0, 1, 2}}, []driver.Value{int64(-7), 2.5, "Dera Ismail Khan", []byte{0, 1, 2}}},
		{"nulls", []any{nil, nil, nil, []byte(nil)}, []driver.Value{nil, nil, nil, nil}},
		{"empty text and blob", []any{int64(0), 0.0, "", []byte{}}, []driver.Value{int64(0), 0.0, "", []byte{}}},
		{"bool", []any{true, false, "خیبر پختونخوا", []byte("x")}, []driver.Value{int64(1), 0.0, "خیبر پختونخوا", []byte("x")}},
		{"text with NUL", []any{int64(1), 1.0, "a\x00b", []byte("a\x00b")}, []driver.Value{int64(1), 1.0, "a\x00b", []byte("a\x00b")}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if err := exec(c, `DELETE FROM t`); err != nil {
				t.Fatal(err)
			}
			if err := exec(c, `INSERT INTO t VALUES (?, ?, ?, ?)`, tc.in...); err != nil {
				t.Fatal(err)
			}
			got := query(t, c, `SELECT i, r, s, b FROM t`)
			if len(got) != 1 || !reflect.DeepEqual(got[0], tc.want) {
				t.Errorf("got %#v, want %#v", got, tc.want)
			}
		})
	}
}

// Numbered parameters bind by their number, whatever the order in which they appear.
func TestNumberedParameters(t *testing.T) {
	c := open(t)
	if err := exec(c, `INSERT INTO t (s, i, r) VALUES ($2 || $1, $3, $2)`, "b", "a", int64(3)); err != nil {
		t.Fatal(err)
	}
	if err := exec(c, `INSERT INTO t (s, i) VALUES (?2, ?1)`, int64(4), "c"); err != nil {
		t.Fatal(err)
	}
	got := query(t, c, `SELECT s, i FROM t ORDER BY i`)
	want := [][]driver.Value{{"ab", int64(3)}, {"c", int64(4)}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

// The values of a statement are copied into the connection's buffer, which the next
// statement reuses: a statement executed again binds its new values, and a large value
// grows the buffer.
func TestBufferReuse(t *testing.T) {
	c := open(t)
	ins, err := c.PrepareContext(context.Background(), `INSERT INTO t (i, s, b) VALUES (?, ?, ?)`)
	if err != nil {
		t.Fatal(err)
	}
	defer ins.Close()
	big := strings.Repeat("x", 200<<10)
	texts := []string{"one", big, "three", "", big + "y"}
	for i, s := range texts {
		if _, err := ins.(driver.StmtExecContext).ExecContext(context.Background(), named([]any{int64(i), s, []byte(s)})); err != nil {
			t.Fatal(err)
		}
		// Another statement in between uses the buffer.
		if err := exec(c, `UPDATE t SET r = length(?) WHERE i = ?`, strings.Repeat("z", i), int64(i)); err != nil {
			t.Fatal(err)
		}
	}
	got := query(t, c, `SELECT i, s, b, r FROM t ORDER BY i`)
	if len(got) != len(texts) {
		t.Fatalf("%d rows, want %d", len(got), len(texts))
	}
	for i, s := range texts {
		if got[i][1] != s || string(got[i][2].([]byte)) != s || got[i][3] != float64(i) {
			t.Errorf("row %d: text %d bytes, blob %d bytes, r %v", i, len(got[i][1].(string)), len(got[i][2].([]byte)), got[i][3])
		}
	}
}

func TestErrors(t *testing.T) {
	c := open(t)
	if err := exec(c, `CREATE UNIQUE INDEX t_i ON t (i)`); err != nil {
		t.Fatal(err)
	}
	if err := exec(c, `INSERT INTO t (i) VALUES (1)`); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, query string
		args        []any
		want        string
	}{
		{"constraint", `INSERT INTO t (i) VALUES (?)`, []any{int64(1)}, "UNIQUE constraint failed: t.i (2067)"},
		{"syntax", `INSERT INTO nowhere VALUES (1)`, nil, "no such table: nowhere"},
		{"two statements", `SELECT 1; SELECT 2`, nil, "more than one statement"},
		{"named parameter", `SELECT :name`, nil, "named parameters are not supported"},
		{"missing argument", `SELECT ?, ?`, []any{int64(1)}, "missing argument 2"},
		{"unsupported type", `SELECT ?`, []any{int32(1)}, "unsupported type int32"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := exec(c, tc.query, tc.args...)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
	var e *Error
	if err := exec(c, `INSERT INTO t (i) VALUES (1)`); !errors.As(err, &e) || e.Code != 2067 {
		t.Errorf("error %#v, want SQLITE_CONSTRAINT_UNIQUE (2067)", err)
	}
	// The connection still works after errors.
	if err := exec(c, `INSERT INTO t (i) VALUES (2)`); err != nil {
		t.Fatal(err)
	}
}

func TestTransactions(t *testing.T) {
	c := open(t, "foreign_keys(ON)")
	if got := query(t, c, `PRAGMA foreign_keys`); got[0][0] != int64(1) {
		t.Fatalf("foreign_keys %v: the pragma was not applied", got[0][0])
	}
	for _, q := range []string{
		`CREATE TABLE p (id INTEGER PRIMARY KEY)`,
		`CREATE TABLE ch (p INTEGER REFERENCES p (id) DEFERRABLE INITIALLY DEFERRED)`,
	} {
		if err := exec(c, q); err != nil {
			t.Fatal(err)
		}
	}
	count := func() int64 { return query(t, c, `SELECT count(*) FROM t`)[0][0].(int64) }
	begin := func() driver.Tx {
		t.Helper()
		tx, err := c.BeginTx(context.Background(), driver.TxOptions{})
		if err != nil {
			t.Fatal(err)
		}
		return tx
	}
	// A row inserted and rolled back, then one inserted and committed.
	for _, commit := range []bool{false, true} {
		tx := begin()
		mustExec(t, c, `INSERT INTO t (i) VALUES (1)`)
		if n := count(); n != 1 {
			t.Fatalf("%d rows in the transaction, want 1", n)
		}
		end, want := tx.Rollback, int64(0)
		if commit {
			end, want = tx.Commit, 1
		}
		if err := end(); err != nil {
			t.Fatal(err)
		}
		if n := count(); n != want {
			t.Errorf("%d rows after the transaction (commit %v), want %d", n, commit, want)
		}
	}

	// A deferred foreign key fails the commit; the transaction stays open to roll back.
	tx := begin()
	mustExec(t, c, `INSERT INTO ch VALUES (9)`)
	if err := tx.Commit(); err == nil || !strings.Contains(err.Error(), "FOREIGN KEY constraint failed") {
		t.Errorf("commit: %v, want a foreign key error", err)
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	if n := query(t, c, `SELECT count(*) FROM ch`)[0][0]; n != int64(0) {
		t.Errorf("%v rows in ch after the failed commit", n)
	}
	// Rollback after SQLite rolled back on its own is no error.
	tx = begin()
	mustExec(t, c, `ROLLBACK`)
	if err := tx.Rollback(); err != nil {
		t.Errorf("rollback of a transaction SQLite ended: %v", err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := c.BeginTx(ctx, driver.TxOptions{}); !errors.Is(err, context.Canceled) {
		t.Errorf("begin with a cancelled context: %v", err)
	}
	st, _ := c.PrepareContext(context.Background(), `INSERT INTO t (i) VALUES (5)`)
	defer st.Close()
	if _, err := st.(driver.StmtExecContext).ExecContext(ctx, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("exec with a cancelled context: %v", err)
	}
}

// Rows closed early leave the statement ready to run again.
func TestRowsClosedEarly(t *testing.T) {
	c := open(t)
	for i := range 3 {
		mustExec(t, c, `INSERT INTO t (i) VALUES (?)`, int64(i))
	}
	st, _ := c.PrepareContext(context.Background(), `SELECT i FROM t ORDER BY i`)
	defer st.Close()
	for range 2 {
		rows, err := st.(driver.StmtQueryContext).QueryContext(context.Background(), nil)
		if err != nil {
			t.Fatal(err)
		}
		if got := rows.Columns(); !reflect.DeepEqual(got, []string{"i"}) {
			t.Errorf("columns %v", got)
		}
		row := make([]driver.Value, 1)
		if err := rows.Next(row); err != nil || row[0] != int64(0) {
			t.Fatalf("first row %v, %v", row, err)
		}
		rows.Close()
		if err := rows.Next(row); err != io.EOF {
			t.Errorf("Next after Close: %v", err)
		}
	}
}
