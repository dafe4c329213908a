package sqlstore

import (
	"context"
	"fmt"
	"sort"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/sarhad-osint/sarhad"
)

// writePostgres writes a batch in one transaction on a pgx connection taken from the pool,
// so that report rows travel by COPY (events and seed links are derived from them in SQL).
// A transaction-scoped advisory lock (per schema) serializes
// writers, which makes the duplicate and revision checks exact across nodes.
func (s *Store) writePostgres(ctx context.Context, batch []pending) (sarhad.ImportResult, error) {
	conn, err := s.wdb.Conn(ctx)
	if err != nil {
		return sarhad.ImportResult{}, fmt.Errorf("add reports: %w", err)
	}
	defer conn.Close()
	var res sarhad.ImportResult
	err = conn.Raw(func(dc any) error {
		pc := dc.(*stdlib.Conn).Conn()
		tx, err := pc.Begin(ctx)
		if err != nil {
			return fmt.Errorf("add reports: begin: %w", err)
		}
		defer tx.Rollback(context.WithoutCancel(ctx))
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext('sarhad.sqlstore.write.' || current_schema()))`); err != nil {
			return fmt.Errorf("add reports: lock: %w", err)
		}
		if res, err = s.write(ctx, pgTx{tx}, batch); err != nil {
			return err
		}
		if err := tx.Commit(ctx); err != nil {
			return fmt.Errorf("add reports: commit: %w", err)
		}
		return nil
	})
	if err != nil {
		return sarhad.ImportResult{}, err
	}
	return res, nil
}

// pgTx implements writeTx on a pgx transaction: array parameters for look-ups, COPY for rows.
type pgTx struct{ tx pgx.Tx }

func (w pgTx) existingHashes(ctx context.Context, hashes [][]byte) (map[string]bool, error) {
	rows, err := w.tx.Query(ctx, `SELECT hash FROM reports WHERE hash = ANY($1)`, hashes)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	found := map[string]bool{}
	for rows.Next() {
		var h []byte
		if err := rows.Scan(&h); err != nil {
			return nil, err
		}
		found[string(h)] = true
	}
	return found, rows.Err()
}

func (w pgTx) heads(ctx context.Context, keys []revKey) (map[revKey]head, error) {
	exts, owners, srcs := make([]string, len(keys)), make([]string, len(keys)), make([]string, len(keys))
	for i, k := range keys {
		exts[i], owners[i], srcs[i] = k.ext, k.owner, k.source
	}
	rows, err := w.tx.Query(ctx, `SELECT DISTINCT ON (r.ext_id, r.owner, r.source) r.id, r.ext_id, r.owner, r.source, er.event_id
		FROM unnest($1::text[], $2::text[], $3::text[]) AS k (ext_id, owner, source)
		JOIN reports r ON r.ext_id = k.ext_id AND r.owner = k.owner AND r.source = k.source
		JOIN event_reports er ON er.report_id = r.id
		ORDER BY r.ext_id, r.owner, r.source, r.id DESC`, exts, owners, srcs)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	heads := map[revKey]head{}
	for rows.Next() {
		var h head
		var k revKey
		if err := rows.Scan(&h.report, &k.ext, &k.owner, &k.source, &h.event); err != nil {
			return nil, err
		}
		heads[k] = h
	}
	return heads, rows.Err()
}

func (w pgTx) reserve(ctx context.Context, table string, n int) ([]int64, error) {
	if n == 0 {
		return nil, nil
	}
	var ids []int64
	err := w.tx.QueryRow(ctx, `SELECT array_agg(nextval(q.seq)) FROM
		(SELECT pg_get_serial_sequence($1, 'id')::regclass AS seq OFFSET 0) q, generate_series(1, $2)`, table, n).Scan(&ids)
	if err != nil {
		return nil, fmt.Errorf("reserve %s keys: %w", table, err)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	return ids, nil
}

var pgEventsSQL, pgLinksSQL = deriveSQL(Postgres)

func (w pgTx) deriveEvents(ctx context.Context, p *plan) error {
	if err := w.exec(ctx, pgEventsSQL, p.now, p.seeds, p.eventIDs); err != nil {
		return err
	}
	return w.exec(ctx, pgLinksSQL, p.now, p.seeds, p.eventIDs)
}

func (w pgTx) insert(ctx context.Context, table string, cols []string, rows []any) error {
	if len(rows) == 0 {
		return nil
	}
	_, err := w.tx.CopyFrom(ctx, pgx.Identifier{table}, cols, &flatRows{vals: rows, n: len(cols), i: -1})
	return err
}

func (w pgTx) exec(ctx context.Context, query string, args ...any) error {
	_, err := w.tx.Exec(ctx, query, args...)
	return err
}

func (w pgTx) claims(ctx context.Context, event int64) ([]byte, error) {
	var b []byte
	err := w.tx.QueryRow(ctx, `SELECT claims::text FROM events WHERE id = $1`, event).Scan(&b)
	return b, err
}

// flatRows is a pgx.CopyFromSource over rows flattened into one slice.
type flatRows struct {
	vals []any
	n, i int
}

func (f *flatRows) Next() bool             { f.i++; return (f.i+1)*f.n <= len(f.vals) }
func (f *flatRows) Values() ([]any, error) { return f.vals[f.i*f.n : (f.i+1)*f.n], nil }
func (f *flatRows) Err() error             { return nil }
