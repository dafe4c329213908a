package sqlstore

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"math/bits"
	"strings"
	"sync"

	"github.com/sarhad-osint/sarhad"
	"github.com/sarhad-osint/sarhad/sqlstore/internal/rawsqlite"
)

// SQLite limits a statement to 32,766 parameters; multi-row INSERTs (32 per event row) and
// IN lists stay well below. At 100 rows a statement, its fixed cost is already small next to
// binding and writing the rows.
const (
	sqliteRowsPerInsert = 100
	sqliteInList        = 500
)

// bulkWriter is the connection AddReports writes its batches on, opened on first use, and
// its prepared statements, kept across transactions. The connection is a rawsqlite.Conn,
// used through the database/sql/driver interfaces it implements: it binds values at a
// fraction of the driver's cost. mu guards all of it; the connection serves one batch at a
// time.
type bulkWriter struct {
	mu    sync.Mutex
	conn  *rawsqlite.Conn
	stmts map[string]driver.Stmt
	// inserts holds the multi-row INSERTs by shape, so that finding one builds no SQL.
	inserts map[insertShape]driver.Stmt
}

// insertShape identifies a multi-row INSERT of insert.
type insertShape struct {
	table string
	rows  int
	tail  string
}

// open opens the connection, unless it is open, on the SQLite file path with pragmas
// (c.mu is held).
func (c *bulkWriter) open(path string, pragmas []string) error {
	if c.conn != nil {
		return nil
	}
	conn, err := rawsqlite.Open(path, pragmas...)
	if err != nil {
		return err
	}
	c.conn, c.stmts, c.inserts = conn, map[string]driver.Stmt{}, map[insertShape]driver.Stmt{}
	return nil
}

// readStmts caches the statements of the writer's look-ups on the read pool.
type readStmts struct {
	sync.Mutex
	m map[string]*sql.Stmt
}

// close closes the cached statements.
func (c *readStmts) close() {
	c.Lock()
	defer c.Unlock()
	for _, st := range c.m {
		st.Close()
	}
	c.m = nil
}

// close finalizes the statements and closes the connection.
func (c *bulkWriter) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, st := range c.stmts {
		st.Close()
	}
	for _, st := range c.inserts {
		st.Close()
	}
	if c.conn != nil {
		c.conn.Close()
	}
	c.conn, c.stmts, c.inserts = nil, nil, nil
}

// writeSQLite writes a batch in one IMMEDIATE transaction on the bulk writer's connection
// (Store.bulk). While the transaction holds the write lock, nothing else can change the
// store, so the planner looks keys up on a read connection, in parallel with the writer.
func (s *Store) writeSQLite(ctx context.Context, reports []sarhad.Report) (sarhad.ImportResult, error) {
	conn, err := s.wdb.Conn(ctx)
	if err != nil {
		return sarhad.ImportResult{}, fmt.Errorf("add reports: %w", err)
	}
	defer conn.Close()
	pl := newPlanner(s.now().UnixNano(), len(reports))
	// The writer connection of the pool stays in hand, so that no other write of this
	// process starts meanwhile, but the batch is written on the bulk writer's connection.
	err = func() error {
		s.bulk.mu.Lock()
		defer s.bulk.mu.Unlock()
		if err := s.bulk.open(s.path, s.bulkPragmas); err != nil {
			return fmt.Errorf("add reports: %w", err)
		}
		w := &sqliteTx{bulk: &s.bulk, spare: &s.spareRows, now: pl.now}
		tx, err := s.bulk.conn.BeginTx(ctx, driver.TxOptions{})
		if err != nil {
			return fmt.Errorf("add reports: begin: %w", err)
		}
		done := false
		defer func() {
			if !done {
				tx.Rollback()
			}
		}()
		// The links' foreign key is checked at COMMIT (declared deferred, migration 0001),
		// which also spares the statement journal.
		if err := w.keys(ctx, pl); err != nil {
			return err
		}
		pl.rows = func(c *chunk) any {
			r := s.spareRows.get()
			r.reports = reportRows(r.reports[:0], c, asNamed, pl.now)
			r.events = eventRows(r.events[:0], c, asNamed, pl.now)
			r.links = revisionLinks(c, asNamed, pl.now)
			return r
		}
		pl.lookup, pl.claims = w.stored, w.claims
		if len(reports) > chunkSize {
			pl.lookup, pl.claims = s.storedSQLite, s.claimsSQLite
			// The per-row insert triggers of the roll-up and of the links stand aside
			// (migrations 0002 and 0022): finish does their work for the whole batch and
			// creates them again.
			if err := w.dropTriggers(ctx); err != nil {
				return fmt.Errorf("add reports: %w", err)
			}
		}
		if err := pipeline(ctx, pl, w, reports, chunkSize); err != nil {
			return err
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("add reports: commit: %w", err)
		}
		done = true
		return nil
	}()
	if err != nil {
		return sarhad.ImportResult{}, err
	}
	s.wroteSQLite()
	return pl.res, nil
}

// keys sets the key allocation of a batch: report keys follow the largest ever used (the
// transaction holds the write lock; AUTOINCREMENT keeps it in sqlite_sequence, so keys of
// deleted rows are never reused), and each report has an event key in the same position
// after the largest event key, used when it starts an event, so that SQL derives the seed
// links (sqliteSeedLinksSQL); the slots of revisions stay unused.
func (w *sqliteTx) keys(ctx context.Context, pl *planner) error {
	last, err := w.lastKey(ctx, "reports")
	if err != nil {
		return err
	}
	lastEvent, err := w.lastKey(ctx, "events")
	if err != nil {
		return err
	}
	w.report0, w.event0 = last+1, lastEvent+1
	next := w.report0
	pl.reportKeys = func(_ context.Context, n int) ([]int64, error) {
		ids := make([]int64, n)
		for i := range ids {
			ids[i] = next + int64(i)
		}
		next += int64(n)
		return ids, nil
	}
	pl.eventKeys = func(_ context.Context, reports []int64, seed []bool, n int) ([]int64, error) {
		keys := make([]int64, 0, n)
		for i, id := range reports {
			if seed[i] {
				keys = append(keys, w.event0+id-w.report0)
			}
		}
		return keys, nil
	}
	return nil
}

// sqliteRows are the rows of a chunk, as the driver takes them: reports, new events, the
// links of revisions.
type sqliteRows struct{ reports, events, links []driver.NamedValue }

// rowBuffers keeps the row buffers of chunks written, for the planner to fill again: they
// are most of what a batch allocates (2 KB a report), and allocation is what sets the pace
// of the garbage collector, whose marking takes one of the cores that the planner and the
// writer share.
type rowBuffers struct {
	mu    sync.Mutex
	spare []*sqliteRows
}

// get returns buffers to fill: kept ones if there are, else new ones.
func (b *rowBuffers) get() *sqliteRows {
	b.mu.Lock()
	defer b.mu.Unlock()
	if n := len(b.spare); n > 0 {
		r := b.spare[n-1]
		b.spare = b.spare[:n-1]
		return r
	}
	return &sqliteRows{}
}

// put keeps r (written) for reuse. The pipeline has at most three chunks' rows in hand, so
// three are kept; the values are cleared, so that kept buffers hold no report.
func (b *rowBuffers) put(r *sqliteRows) {
	clear(r.reports)
	clear(r.events)
	r.links = nil
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.spare) < 3 {
		b.spare = append(b.spare, r)
	}
}

// asNamed makes a value a driver argument (its ordinal is set by insert).
func asNamed(x any) driver.NamedValue { return driver.NamedValue{Value: x} }

// named returns the values of rows as driver arguments.
func named(rows []any) []driver.NamedValue {
	out := make([]driver.NamedValue, len(rows))
	for i, v := range rows {
		out[i].Value = v
	}
	return out
}

// write writes the rows of a chunk: reports, new events, links (seed links derived in SQL
// from the reports).
func (w *sqliteTx) write(ctx context.Context, c *chunk) error {
	if len(c.fresh) == 0 {
		return nil
	}
	rows := c.rows.(*sqliteRows)
	defer w.spare.put(rows)
	if err := w.insert(ctx, "reports", reportCols, rows.reports, ""); err != nil {
		return fmt.Errorf("add reports: insert reports: %w", err)
	}
	if len(c.newEvents) > 0 {
		if err := w.insert(ctx, "events", seedEventCols, rows.events, ""); err != nil {
			return fmt.Errorf("add reports: insert events: %w", err)
		}
		m := len(c.reportIDs)
		if err := w.exec(ctx, sqliteSeedLinksSQL, w.now, w.event0, w.report0, c.reportIDs[0], c.reportIDs[m-1]); err != nil {
			return fmt.Errorf("add reports: insert links: %w", err)
		}
	}
	if err := w.insert(ctx, "event_reports", linkCols, rows.links, ""); err != nil {
		return fmt.Errorf("add reports: insert links: %w", err)
	}
	return nil
}

// finish does, when the triggers stood aside, what they would have done: adds the roll-up
// of the new events, lists the events that revisions make mixed and counts the change of
// the links in store_generation, then creates the triggers again; then it writes the
// revised events and sources.
func (w *sqliteTx) finish(ctx context.Context, pl *planner) error {
	if w.triggers != nil {
		if err := w.insert(ctx, "events_month", rollupCols, named(pl.sums.rows()), rollupConflict); err != nil {
			return fmt.Errorf("add reports: roll-up: %w", err)
		}
		ids := make([]any, len(pl.joined))
		for i, id := range pl.joined {
			ids[i] = id
		}
		err := inSizes(ids, 1, sqliteInList, func(in []any) error {
			return w.exec(ctx, sqliteMixedSQL+"("+strings.TrimSuffix(strings.Repeat("?, ", len(in)), ", ")+")", in...)
		})
		if err != nil {
			return fmt.Errorf("add reports: mixed events: %w", err)
		}
		if pl.res.Added > 0 {
			if err := w.exec(ctx, `UPDATE store_generation SET n = n + 1 WHERE id = 1`); err != nil {
				return fmt.Errorf("add reports: generation: %w", err)
			}
		}
		for _, t := range w.triggers {
			if err := w.exec(ctx, t); err != nil {
				return fmt.Errorf("add reports: create trigger again: %w", err)
			}
		}
		w.triggers = nil
	}
	return pl.finish(ctx, w.revise, w.exec)
}

// revise rewrites the reconciled fields of events, one statement each.
func (w *sqliteTx) revise(ctx context.Context, ids []int64, rows [][]any) error {
	for i, id := range ids {
		if err := w.exec(ctx, updateEventSQL, append(rows[i], id)...); err != nil {
			return fmt.Errorf("event %s: %w", eventID(id), err)
		}
	}
	return nil
}

// standAside are the per-row insert triggers that stand aside for AddReports' batches of
// more than one chunk (see finish): the roll-up's (migration 0002), and the links' that list
// mixed events and count changes (0022).
var standAside = []string{"events_month_insert", "event_mix_link_insert", "generation_link_insert"}

// dropTriggers drops the triggers of standAside in the writer's transaction and keeps their
// text, for finish to create them again. No other connection ever sees the store without
// them.
func (w *sqliteTx) dropTriggers(ctx context.Context) error {
	for _, name := range standAside {
		var text string
		err := w.query(ctx, `SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?`, []any{name},
			func(v []driver.Value) error { return scanValues(v, []any{&text}) })
		if err != nil {
			return err
		}
		if text == "" {
			return fmt.Errorf("the trigger %s is missing", name)
		}
		if err := w.exec(ctx, `DROP TRIGGER `+name); err != nil {
			return err
		}
		w.triggers = append(w.triggers, text)
	}
	return nil
}

// sqliteSeedLinksSQL inserts the seed links of the reports from $4 to $5: those that revise
// none start the events of keys $2 + (report key - $3) (see keys).
var sqliteSeedLinksSQL = `INSERT OR FAIL INTO event_reports (` + strings.Join(linkCols, ", ") + `)
	SELECT r.id, $2 + r.id - $3, 1.0, '` + whySeed + `', '` + string(sarhad.LinkSeed) + `', '` + sarhad.SystemAgency + `', $1
	FROM reports r WHERE r.id BETWEEN $4 AND $5 AND r.supersedes IS NULL ORDER BY r.id`

// storedSQLite looks keys up on the read pool (see writeSQLite).
func (s *Store) storedSQLite(ctx context.Context, keys []revKey) (map[revKey]*storedKey, error) {
	return storedByExtID(keys, func(in []any, row func(scan func(...any) error) error) error {
		return inSizes(in, 1, sqliteInList, func(chunk []any) error {
			st, err := s.readStmt(ctx, storedSQL+"("+strings.TrimSuffix(strings.Repeat("?, ", len(chunk)), ", ")+")")
			if err != nil {
				return err
			}
			rows, err := st.QueryContext(ctx, chunk...)
			if err != nil {
				return err
			}
			defer rows.Close()
			return eachRow(rows, row)
		})
	})
}

// readStmt returns a statement of the writer's look-ups on the read pool, prepared once (the
// look-ups use a few IN list lengths only, see inSizes).
func (s *Store) readStmt(ctx context.Context, query string) (*sql.Stmt, error) {
	s.rstmts.Lock()
	defer s.rstmts.Unlock()
	if st, ok := s.rstmts.m[query]; ok {
		return st, nil
	}
	st, err := s.db.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if s.rstmts.m == nil {
		s.rstmts.m = map[string]*sql.Stmt{}
	}
	s.rstmts.m[query] = st
	return st, nil
}

// claimsSQLite reads the claims of an event on the read pool (see writeSQLite).
func (s *Store) claimsSQLite(ctx context.Context, event int64) ([]byte, error) {
	var b []byte
	err := s.db.QueryRowContext(ctx, `SELECT claims FROM events WHERE id = $1`, event).Scan(&b)
	return b, err
}

// sqliteTx is the writer's open transaction, on the bulk writer's connection.
type sqliteTx struct {
	bulk  *bulkWriter
	spare *rowBuffers
	args  []driver.NamedValue
	now   int64
	// report0 and event0 are the first report and event keys of the batch; see keys.
	report0, event0 int64
	// triggers are the texts of the triggers dropped for the batch (see dropTriggers).
	triggers []string
}

// stmt returns the prepared statement of query, preparing it on first use.
func (w *sqliteTx) stmt(ctx context.Context, query string) (driver.Stmt, error) {
	if st, ok := w.bulk.stmts[query]; ok {
		return st, nil
	}
	st, err := w.bulk.conn.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	w.bulk.stmts[query] = st
	return st, nil
}

// named converts args for the driver, in a slice reused from call to call.
func (w *sqliteTx) named(args []any) ([]driver.NamedValue, error) {
	w.args = w.args[:0]
	for i, a := range args {
		switch a.(type) {
		case nil, int64, float64, string, []byte, bool:
		default:
			v, err := driver.DefaultParameterConverter.ConvertValue(a)
			if err != nil {
				return nil, fmt.Errorf("argument %d: %w", i+1, err)
			}
			a = v
		}
		w.args = append(w.args, driver.NamedValue{Ordinal: i + 1, Value: a})
	}
	return w.args, nil
}

// prepared returns the statement of query and args as driver arguments.
func (w *sqliteTx) prepared(ctx context.Context, query string, args []any) (driver.Stmt, []driver.NamedValue, error) {
	st, err := w.stmt(ctx, query)
	if err != nil {
		return nil, nil, err
	}
	nv, err := w.named(args)
	return st, nv, err
}

func (w *sqliteTx) exec(ctx context.Context, query string, args ...any) error {
	st, nv, err := w.prepared(ctx, query, args)
	if err != nil {
		return err
	}
	_, err = st.(driver.StmtExecContext).ExecContext(ctx, nv)
	return err
}

// query runs a query and calls fn with each row (valid until fn returns).
func (w *sqliteTx) query(ctx context.Context, query string, args []any, fn func([]driver.Value) error) error {
	st, nv, err := w.prepared(ctx, query, args)
	if err != nil {
		return err
	}
	rows, err := st.(driver.StmtQueryContext).QueryContext(ctx, nv)
	if err != nil {
		return err
	}
	defer rows.Close()
	dest := make([]driver.Value, len(rows.Columns()))
	for {
		if err := rows.Next(dest); errors.Is(err, io.EOF) {
			return nil
		} else if err != nil {
			return err
		}
		if err := fn(dest); err != nil {
			return err
		}
	}
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

// insert writes rows (len(cols) values each) into table with multi-row INSERT OR FAIL
// statements, followed by tail. A failing row stops the statement without undoing the rows
// before it, so SQLite needs no statement journal; the whole transaction is rolled back
// anyway.
func (w *sqliteTx) insert(ctx context.Context, table string, cols []string, rows []driver.NamedValue, tail string) error {
	n := len(cols)
	return inSizes(rows, n, sqliteRowsPerInsert, func(chunk []driver.NamedValue) error {
		shape := insertShape{table, len(chunk) / n, tail}
		st, ok := w.bulk.inserts[shape]
		if !ok {
			q := "INSERT OR FAIL INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES " + placeholders(shape.rows, n) + tail
			var err error
			if st, err = w.bulk.conn.PrepareContext(ctx, q); err != nil {
				return err
			}
			w.bulk.inserts[shape] = st
		}
		for i := range chunk {
			chunk[i].Ordinal = i + 1
		}
		_, err := st.(driver.StmtExecContext).ExecContext(ctx, chunk)
		return err
	})
}

// inSizes calls fn with successive slices of vals of size values each (one row, or one
// element of an IN list), at most max of them, and fewer only in powers of two: the
// statements that the writer prepares and keeps stay few.
func inSizes[T any](vals []T, size, max int, fn func([]T) error) error {
	for len(vals) > 0 {
		k := min(max, len(vals)/size)
		if k < max {
			k = 1 << (bits.Len(uint(k)) - 1)
		}
		if err := fn(vals[:k*size]); err != nil {
			return err
		}
		vals = vals[k*size:]
	}
	return nil
}

func (w *sqliteTx) stored(ctx context.Context, keys []revKey) (map[revKey]*storedKey, error) {
	return storedByExtID(keys, func(in []any, row func(scan func(...any) error) error) error {
		return inSizes(in, 1, sqliteInList, func(chunk []any) error {
			q := storedSQL + "(" + strings.TrimSuffix(strings.Repeat("?, ", len(chunk)), ", ") + ")"
			return w.query(ctx, q, chunk, func(vals []driver.Value) error {
				return row(func(dest ...any) error { return scanValues(vals, dest) })
			})
		})
	})
}

// scanValues copies a driver row into dest (pointers to int64, string or []byte).
func scanValues(vals []driver.Value, dest []any) error {
	for i, d := range dest {
		switch d := d.(type) {
		case *int64:
			v, ok := vals[i].(int64)
			if !ok {
				return fmt.Errorf("column %d is %T, not an integer", i, vals[i])
			}
			*d = v
		case *string:
			switch v := vals[i].(type) {
			case string:
				*d = v
			case []byte:
				*d = string(v)
			default:
				return fmt.Errorf("column %d is %T, not text", i, vals[i])
			}
		case *[]byte:
			switch v := vals[i].(type) {
			case []byte:
				*d = append([]byte(nil), v...)
			case string:
				*d = []byte(v)
			case nil:
				*d = nil
			default:
				return fmt.Errorf("column %d is %T, not a blob", i, vals[i])
			}
		default:
			return fmt.Errorf("cannot scan into %T", d)
		}
	}
	return nil
}

// eachRow calls row with the scanner of each row of rows (database/sql or pgx), then
// returns the error that ended them.
func eachRow(rows interface {
	Next() bool
	Scan(...any) error
	Err() error
}, row func(scan func(...any) error) error) error {
	for rows.Next() {
		if err := row(rows.Scan); err != nil {
			return err
		}
	}
	return rows.Err()
}

// storedSQL selects the stored revisions of reports by producer id, with their events; an
// IN list follows.
const storedSQL = `SELECT r.id, r.ext_id, r.owner, r.source, r.hash, er.event_id
	FROM reports r JOIN event_reports er ON er.report_id = r.id WHERE r.ext_id IN `

// storedByExtID collects the stored revisions of keys from a query by producer id
// (storedSQL), run by query with the distinct ids.
func storedByExtID(keys []revKey, query func(in []any, row func(scan func(...any) error) error) error) (map[revKey]*storedKey, error) {
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
	out := map[revKey]*storedKey{}
	err := query(in, func(scan func(...any) error) error { return scanRevision(out, want, scan) })
	return out, err
}

func (w *sqliteTx) lastKey(ctx context.Context, table string) (int64, error) {
	var last int64
	err := w.query(ctx, `SELECT max(
		coalesce((SELECT seq FROM sqlite_sequence WHERE name = '`+table+`'), 0),
		coalesce((SELECT max(id) FROM `+table+`), 0))`, nil, func(v []driver.Value) error {
		return scanValues(v, []any{&last})
	})
	if err != nil {
		return 0, fmt.Errorf("reserve %s keys: %w", table, err)
	}
	return last, nil
}

func (w *sqliteTx) claims(ctx context.Context, event int64) ([]byte, error) {
	var b []byte
	err := w.query(ctx, `SELECT claims FROM events WHERE id = ?`, []any{event}, func(v []driver.Value) error {
		return scanValues(v, []any{&b})
	})
	return b, err
}
