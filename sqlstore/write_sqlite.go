package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/sarhad-osint/sarhad"
)

// SQLite limits a statement to 32,766 parameters; multi-row INSERTs (47 per report row) and
// IN lists stay well below. At 100 rows a statement, its fixed cost is already small next to
// binding and writing the rows.
const (
	sqliteRowsPerInsert = 100
	sqliteInList        = 500
)

// writeSQLite writes a batch in one IMMEDIATE transaction on the writer connection.
func (s *Store) writeSQLite(ctx context.Context, batch []pending) (sarhad.ImportResult, error) {
	tx, err := s.wdb.BeginTx(ctx, nil)
	if err != nil {
		return sarhad.ImportResult{}, fmt.Errorf("add reports: begin: %w", err)
	}
	defer tx.Rollback()
	// Foreign keys are checked at COMMIT rather than after each statement, which also spares
	// the statement journal (the pragma switches itself off at the end of the transaction).
	if _, err := tx.ExecContext(ctx, `PRAGMA defer_foreign_keys = ON`); err != nil {
		return sarhad.ImportResult{}, fmt.Errorf("add reports: %w", err)
	}
	w := &sqliteTx{tx: tx, stmts: map[string]*sql.Stmt{}}
	defer w.close()
	res, err := s.write(ctx, w, batch)
	if err != nil {
		return sarhad.ImportResult{}, err
	}
	if err := tx.Commit(); err != nil {
		return sarhad.ImportResult{}, fmt.Errorf("add reports: commit: %w", err)
	}
	s.wroteSQLite()
	return res, nil
}

// sqliteTx implements writeTx with multi-row statements prepared once per transaction.
type sqliteTx struct {
	tx    *sql.Tx
	stmts map[string]*sql.Stmt
}

func (w *sqliteTx) close() {
	for _, st := range w.stmts {
		st.Close()
	}
}

// stmt returns the prepared statement for query, preparing it on first use.
func (w *sqliteTx) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	if st, ok := w.stmts[query]; ok {
		return st, nil
	}
	st, err := w.tx.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	w.stmts[query] = st
	return st, nil
}

// placeholders returns "(?, ?, …), (…)" for rows rows of n columns.
func placeholders(rows, n int) string {
	one := "(" + strings.Repeat("?, ", n-1) + "?)"
	return strings.Repeat(one+", ", rows-1) + one
}

// inChunks calls fn with successive slices of at most size elements of vals.
func inChunks(vals []any, size int, fn func([]any) error) error {
	for len(vals) > 0 {
		n := min(size, len(vals))
		if err := fn(vals[:n]); err != nil {
			return err
		}
		vals = vals[n:]
	}
	return nil
}

// query runs a query with an IN list of len(in) values appended at the end.
func (w *sqliteTx) queryIn(ctx context.Context, prefix string, in []any, row func(*sql.Rows) error) error {
	return inChunks(in, sqliteInList, func(chunk []any) error {
		st, err := w.stmt(ctx, prefix+"("+strings.TrimSuffix(strings.Repeat("?, ", len(chunk)), ", ")+")")
		if err != nil {
			return err
		}
		rows, err := st.QueryContext(ctx, chunk...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			if err := row(rows); err != nil {
				return err
			}
		}
		return rows.Err()
	})
}

func (w *sqliteTx) existingHashes(ctx context.Context, hashes [][]byte) (map[string]bool, error) {
	in := make([]any, len(hashes))
	for i, h := range hashes {
		in[i] = h
	}
	found := map[string]bool{}
	err := w.queryIn(ctx, `SELECT hash FROM reports WHERE hash IN `, in, func(rows *sql.Rows) error {
		var h []byte
		if err := rows.Scan(&h); err != nil {
			return err
		}
		found[string(h)] = true
		return nil
	})
	return found, err
}

func (w *sqliteTx) heads(ctx context.Context, keys []revKey) (map[revKey]head, error) {
	want := make(map[revKey]bool, len(keys))
	seen := make(map[string]bool, len(keys))
	var in []any
	for _, k := range keys {
		want[k] = true
		if !seen[k.ext] {
			seen[k.ext] = true
			in = append(in, k.ext)
		}
	}
	heads := map[revKey]head{}
	err := w.queryIn(ctx, `SELECT r.id, r.ext_id, r.owner, r.source, er.event_id
		FROM reports r JOIN event_reports er ON er.report_id = r.id WHERE r.ext_id IN `, in,
		func(rows *sql.Rows) error {
			var h head
			var k revKey
			if err := rows.Scan(&h.report, &k.ext, &k.owner, &k.source, &h.event); err != nil {
				return err
			}
			if want[k] && h.report > heads[k].report {
				heads[k] = h
			}
			return nil
		})
	return heads, err
}

func (w *sqliteTx) reserve(ctx context.Context, table string, n int) ([]int64, error) {
	if n == 0 {
		return nil, nil
	}
	// The transaction holds the write lock, so the next n keys after the largest ever used
	// (AUTOINCREMENT keeps it in sqlite_sequence: keys of deleted rows are never reused).
	var last int64
	err := w.tx.QueryRowContext(ctx, `SELECT max(
		coalesce((SELECT seq FROM sqlite_sequence WHERE name = $1), 0),
		coalesce((SELECT max(id) FROM `+table+`), 0))`, table).Scan(&last)
	if err != nil {
		return nil, fmt.Errorf("reserve %s keys: %w", table, err)
	}
	ids := make([]int64, n)
	for i := range ids {
		ids[i] = last + 1 + int64(i)
	}
	return ids, nil
}

func (w *sqliteTx) insert(ctx context.Context, table string, cols []string, rows []any) error {
	n := len(cols)
	// OR FAIL: a failing row stops the statement without undoing the rows before it, so
	// SQLite needs no statement journal; the whole transaction is rolled back anyway.
	head := "INSERT OR FAIL INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES "
	return inChunks(rows, sqliteRowsPerInsert*n, func(chunk []any) error {
		st, err := w.stmt(ctx, head+placeholders(len(chunk)/n, n))
		if err != nil {
			return err
		}
		_, err = st.ExecContext(ctx, chunk...)
		return err
	})
}

func (w *sqliteTx) exec(ctx context.Context, query string, args ...any) error {
	_, err := w.tx.ExecContext(ctx, query, args...)
	return err
}

func (w *sqliteTx) claims(ctx context.Context, event int64) ([]byte, error) {
	var b []byte
	err := w.tx.QueryRowContext(ctx, `SELECT claims FROM events WHERE id = $1`, event).Scan(&b)
	return b, err
}

var sqliteEventsSQL, sqliteLinksSQL = deriveSQL(SQLite)

func (w *sqliteTx) deriveEvents(ctx context.Context, p *plan) error {
	m := len(p.reportIDs)
	first, lo, hi := p.eventSlots[0], p.reportIDs[0], p.reportIDs[m-1]
	if p.eventSlots[m-1]-first != int64(m-1) || hi-lo != int64(m-1) {
		return fmt.Errorf("reserved keys are not contiguous")
	}
	if err := w.exec(ctx, sqliteEventsSQL, p.now, first, lo, hi); err != nil {
		return err
	}
	return w.exec(ctx, sqliteLinksSQL, p.now, first, lo, hi)
}
