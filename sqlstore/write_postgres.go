package sqlstore

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/sarhad-osint/sarhad"
)

// writePostgres writes a batch in one transaction on a pgx connection taken from the pool:
// report, event and link rows travel by binary COPY, encoded here. A transaction-scoped
// advisory lock (per schema) serializes writers, which makes the duplicate and revision
// checks exact across nodes; while the transaction holds it, the planner looks keys up and
// reserves keys on other connections of the pool, in parallel with the writer.
func (s *Store) writePostgres(ctx context.Context, reports []sarhad.Report) (sarhad.ImportResult, error) {
	// Writers of this process queue here rather than on the advisory lock: a writer waiting
	// for the lock would hold a connection that the one holding it may need.
	select {
	case s.pgWriter <- struct{}{}:
	case <-ctx.Done():
		return sarhad.ImportResult{}, ctx.Err()
	}
	defer func() { <-s.pgWriter }()
	conn, err := s.wdb.Conn(ctx)
	if err != nil {
		return sarhad.ImportResult{}, fmt.Errorf("add reports: %w", err)
	}
	defer conn.Close()
	pl := newPlanner(s.now().UnixNano(), len(reports))
	err = conn.Raw(func(dc any) error {
		pc := dc.(*stdlib.Conn).Conn()
		tx, err := pc.Begin(ctx)
		if err != nil {
			return fmt.Errorf("add reports: begin: %w", err)
		}
		defer tx.Rollback(context.WithoutCancel(ctx))
		// The lock, and the insert triggers of the roll-up, of the links' check and of the
		// mixed events told to stand aside: finish adds the sums of the new events
		// (migration 0002), checks the events that links name (0001) and lists the mixed
		// ones (0022) for the whole batch at once.
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext('sarhad.sqlstore.write.' || current_schema())),
			set_config('sarhad.events_month_writer', 'on', true), set_config('sarhad.add_reports', 'on', true)`); err != nil {
			return fmt.Errorf("add reports: lock: %w", err)
		}
		w := pgTx{tx: tx, now: pl.now}
		var q pgQuerier = tx
		if len(reports) > pgChunk() {
			q = s.db
		}
		pl.lookup = func(ctx context.Context, keys []revKey) (map[revKey]*storedKey, error) { return pgStored(ctx, q, keys) }
		pl.claims = func(ctx context.Context, event int64) ([]byte, error) { return pgClaims(ctx, q, event) }
		pl.reportKeys = func(ctx context.Context, n int) ([]int64, error) { return pgReserve(ctx, q, "reports", n) }
		pl.eventKeys = func(ctx context.Context, _ []int64, _ []bool, n int) ([]int64, error) {
			return pgReserve(ctx, q, "events", n)
		}
		pl.rows = func(c *chunk) any { return pgRows(c, pl.now) }
		if err := pipeline(ctx, pl, w, reports, pgChunk()); err != nil {
			return err
		}
		if err := tx.Commit(ctx); err != nil {
			return fmt.Errorf("add reports: commit: %w", err)
		}
		return nil
	})
	if err != nil && ctx.Err() != nil {
		// pgx closes the connection when the context ends during a COPY, and the error
		// names the closed connection, not the cause.
		err = fmt.Errorf("add reports: %w (%v)", context.Cause(ctx), err)
	}
	if err != nil {
		return sarhad.ImportResult{}, err
	}
	return pl.res, nil
}

// pgQuerier runs the planner's queries: the writer's transaction (pgx) or the pool
// (database/sql).
type pgQuerier any

// pgTx writes the chunks of a batch in a pgx transaction: binary COPY for rows.
type pgTx struct {
	tx  pgx.Tx
	now int64
}

// pgRows encodes the COPY data of a chunk: reports, new events, links.
func pgRows(ch *chunk, now int64) *[3]copyBuf {
	var c [3]copyBuf
	for i, f := range ch.fresh {
		c[0].reportRow(ch, i, f, now)
	}
	for j, id := range ch.newEvents {
		c[1].eventRow(id, ch.current[j], now)
	}
	for i, f := range ch.fresh {
		c[2].linkRow(ch, i, f, now)
	}
	return &c
}

// write writes the rows of a chunk: reports, new events, links.
func (w pgTx) write(ctx context.Context, ch *chunk) error {
	if len(ch.fresh) == 0 {
		return nil
	}
	c := ch.rows.(*[3]copyBuf)
	if err := w.copy(ctx, "reports", reportCols, &c[0]); err != nil {
		return fmt.Errorf("add reports: insert reports: %w", err)
	}
	if len(ch.newEvents) > 0 {
		if err := w.copy(ctx, "events", seedEventCols, &c[1]); err != nil {
			return fmt.Errorf("add reports: insert events: %w", err)
		}
	}
	if err := w.copy(ctx, "event_reports", linkCols, &c[2]); err != nil {
		return fmt.Errorf("add reports: insert links: %w", err)
	}
	return nil
}

// finish adds the roll-up of the new events, checks the stored events that links name and
// lists the mixed events (what the insert triggers that stood aside would have done), then
// writes the revised events and sources.
func (w pgTx) finish(ctx context.Context, pl *planner) error {
	if err := w.exec(ctx, pgRollupSQL, pl.sums.columns()...); err != nil {
		return fmt.Errorf("add reports: roll-up: %w", err)
	}
	if err := w.checkEvents(ctx, pl.storedJoined()); err != nil {
		return fmt.Errorf("add reports: insert links: %w", err)
	}
	if len(pl.joined) > 0 {
		if err := w.exec(ctx, pgMixedSQL, pl.joined); err != nil {
			return fmt.Errorf("add reports: mixed events: %w", err)
		}
	}
	return pl.finish(ctx, w.revise, w.exec)
}

// pgMixedSQL is sqliteMixedSQL on PostgreSQL, for an array of events: each looked up by
// index (LATERAL … LIMIT 1 is not flattened into a join that could scan the tables).
const pgMixedSQL = `INSERT INTO event_mix (event_id)
	SELECT x FROM unnest($1::bigint[]) x, LATERAL (SELECT 1 FROM event_reports er
		JOIN reports r ON r.id = er.report_id
		JOIN events e ON e.id = er.event_id
		WHERE er.event_id = x AND (r.marking <> e.marking OR r.owner <> e.owner) LIMIT 1) m
	ON CONFLICT DO NOTHING`

// checkEvents checks that the stored events ids exist, and locks them as a foreign key
// would (FOR KEY SHARE), so that no concurrent transaction deletes them: the check of the
// trigger event_links_insert (migration 0001), which stands aside for AddReports. The
// events the batch creates need none: no other transaction can see them.
func (w pgTx) checkEvents(ctx context.Context, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	var missing *int64
	err := w.tx.QueryRow(ctx, `WITH locked AS (SELECT e.id FROM events e WHERE e.id = ANY ($1) FOR KEY SHARE OF e)
		SELECT min(x) FROM unnest($1::bigint[]) x WHERE x NOT IN (SELECT id FROM locked)`, ids).Scan(&missing)
	if err != nil {
		return err
	}
	if missing != nil {
		return &pgconn.PgError{Code: "23503", Message: fmt.Sprintf(
			"insert or update on table \"event_reports\" violates foreign key: event %d does not exist", *missing)}
	}
	return nil
}

// revise rewrites the reconciled fields of events in one statement (so that the statement
// triggers on events run once), from a JSON array of the new rows.
func (w pgTx) revise(ctx context.Context, ids []int64, rows [][]any) error {
	var b bytes.Buffer
	b.WriteByte('[')
	for i, id := range ids {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"id":%d`, id)
		for j, c := range eventFieldCols {
			b.WriteString(`,"` + c + `":`)
			var v []byte
			var err error
			switch x := rows[i][j].(type) {
			case nil:
				v = []byte("null")
			case string:
				if c == "claims" { // already JSON
					v = []byte(x)
				} else {
					v, err = json.Marshal(x)
				}
			default:
				v, err = json.Marshal(x)
			}
			if err != nil {
				return err
			}
			b.Write(v)
		}
		b.WriteByte('}')
	}
	b.WriteByte(']')
	return w.exec(ctx, pgReviseSQL, b.String())
}

// pgReviseSQL rewrites the reconciled fields of the events of a JSON array of rows of events.
var pgReviseSQL = `UPDATE events e SET (` + strings.Join(eventFieldCols, ", ") + `) = (` +
	strings.Join(prefixed("v.", eventFieldCols), ", ") + `)
	FROM jsonb_populate_recordset(NULL::events, $1::jsonb) v WHERE e.id = v.id`

// pgRollupSQL adds rows of events_month given as arrays (rollup.columns), in key order.
const pgRollupSQL = `INSERT INTO events_month (year, month, month_key, province, marking, owner,
		events, killed, killed_security, killed_civilians, killed_militants, injured)
	SELECT * FROM unnest($1::int[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[],
		$7::bigint[], $8::bigint[], $9::bigint[], $10::bigint[], $11::bigint[], $12::bigint[])` + rollupConflict

func (w pgTx) copy(ctx context.Context, table string, cols []string, c *copyBuf) error {
	c.finish()
	_, err := w.tx.Conn().PgConn().CopyFrom(ctx, bytes.NewReader(c.b),
		"COPY "+table+" ("+strings.Join(cols, ", ")+") FROM STDIN (FORMAT binary)")
	return err
}

// pgStoredSQL selects the stored revisions of keys given as three arrays, with their events.
const pgStoredSQL = `SELECT r.id, r.ext_id, r.owner, r.source, r.hash, er.event_id
	FROM unnest($1::text[], $2::text[], $3::text[]) AS k (ext_id, owner, source)
	JOIN reports r ON r.ext_id = k.ext_id AND r.owner = k.owner AND r.source = k.source
	JOIN event_reports er ON er.report_id = r.id`

// pgStored looks keys up through q.
func pgStored(ctx context.Context, q pgQuerier, keys []revKey) (map[revKey]*storedKey, error) {
	exts, owners, srcs := make([]string, len(keys)), make([]string, len(keys)), make([]string, len(keys))
	for i, k := range keys {
		exts[i], owners[i], srcs[i] = k.ext, k.owner, k.source
	}
	out := map[revKey]*storedKey{}
	err := pgQuery(ctx, q, pgStoredSQL, []any{exts, owners, srcs}, func(scan func(...any) error) error {
		return scanRevision(out, nil, scan)
	})
	return out, err
}

// pgReserve returns n new keys of table, ascending, through q.
func pgReserve(ctx context.Context, q pgQuerier, table string, n int) ([]int64, error) {
	if n == 0 {
		return nil, nil
	}
	const reserve = `SELECT nextval(q.seq) FROM
		(SELECT pg_get_serial_sequence($1, 'id')::regclass AS seq OFFSET 0) q, generate_series(1, $2)`
	ids := make([]int64, 0, n)
	err := pgQuery(ctx, q, reserve, []any{table, n}, func(scan func(...any) error) error {
		var id int64
		err := scan(&id)
		ids = append(ids, id)
		return err
	})
	if err == nil && len(ids) != n {
		err = fmt.Errorf("%d keys, want %d", len(ids), n)
	}
	if err != nil {
		return nil, fmt.Errorf("reserve %s keys: %w", table, err)
	}
	slices.Sort(ids)
	return ids, nil
}

// pgClaims reads the claims of an event through q.
func pgClaims(ctx context.Context, q pgQuerier, event int64) ([]byte, error) {
	var b []byte
	err := pgQuery(ctx, q, `SELECT claims::text FROM events WHERE id = $1`, []any{event}, func(scan func(...any) error) error {
		return scan(&b)
	})
	return b, err
}

// pgQuery runs a query through q and calls row with each row's scanner.
func pgQuery(ctx context.Context, q pgQuerier, query string, args []any, row func(scan func(...any) error) error) error {
	switch q := q.(type) {
	case pgx.Tx:
		rows, err := q.Query(ctx, query, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		return eachRow(rows, row)
	case *sql.DB:
		rows, err := q.QueryContext(ctx, query, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		return eachRow(rows, row)
	}
	return fmt.Errorf("query through %T", q)
}

func (w pgTx) exec(ctx context.Context, query string, args ...any) error {
	_, err := w.tx.Exec(ctx, query, args...)
	return err
}

// copyBuf builds the data of a binary COPY (the PostgreSQL COPY BINARY format): a header,
// then per row the number of fields and each field as a 32-bit length (-1 for NULL) and its
// bytes in the type's binary form, then a trailer.
type copyBuf struct{ b []byte }

var copyHeader = []byte("PGCOPY\n\xff\r\n\x00\x00\x00\x00\x00\x00\x00\x00\x00")

func (c *copyBuf) row(fields int) {
	if len(c.b) == 0 {
		c.b = append(c.b, copyHeader...)
	}
	c.b = binary.BigEndian.AppendUint16(c.b, uint16(fields))
}

func (c *copyBuf) finish() {
	if len(c.b) == 0 {
		c.b = append(c.b, copyHeader...)
	}
	c.b = binary.BigEndian.AppendUint16(c.b, 0xffff)
}

func (c *copyBuf) null() { c.b = binary.BigEndian.AppendUint32(c.b, 0xffffffff) }

func (c *copyBuf) int4(v int) {
	c.b = binary.BigEndian.AppendUint32(c.b, 4)
	c.b = binary.BigEndian.AppendUint32(c.b, uint32(int32(v)))
}

func (c *copyBuf) int8(v int64) {
	c.b = binary.BigEndian.AppendUint32(c.b, 8)
	c.b = binary.BigEndian.AppendUint64(c.b, uint64(v))
}

func (c *copyBuf) float8(v float64) {
	c.b = binary.BigEndian.AppendUint32(c.b, 8)
	c.b = binary.BigEndian.AppendUint64(c.b, math.Float64bits(v))
}

func (c *copyBuf) text(s string) {
	c.b = binary.BigEndian.AppendUint32(c.b, uint32(len(s)))
	c.b = append(c.b, s...)
}

func (c *copyBuf) bytea(b []byte) {
	c.b = binary.BigEndian.AppendUint32(c.b, uint32(len(b)))
	c.b = append(c.b, b...)
}

// jsonb writes a JSON text as jsonb (version byte 1, then the text); nil as NULL.
func (c *copyBuf) jsonb(v any) {
	s, ok := v.(string)
	if !ok {
		c.null()
		return
	}
	c.b = binary.BigEndian.AppendUint32(c.b, uint32(len(s)+1))
	c.b = append(c.b, 1)
	c.b = append(c.b, s...)
}

// reportRow writes the row of reports (reportCols) of ch.fresh[i].
func (c *copyBuf) reportRow(ch *chunk, i int, f *pending, now int64) {
	r := &f.r
	c.row(len(reportCols))
	c.int8(ch.reportIDs[i])
	c.text(r.ID)
	c.text(r.Owner)
	c.text(r.Source)
	c.text(r.Dataset)
	c.bytea(f.hash)
	c.text(string(r.Marking))
	c.int4(int(dayNumber(r.Date)))
	c.text(r.Location.Province)
	c.int8(now)
	if ch.supersedes[i] != 0 {
		c.int8(ch.supersedes[i])
	} else {
		c.null()
	}
	c.bytea(f.body)
}

// eventRow writes the row of events (seedEventCols) that appendSeedEvent gives.
func (c *copyBuf) eventRow(id int64, r *sarhad.Report, now int64) {
	l := &r.Location
	d := r.Date
	c.row(len(seedEventCols))
	c.int8(id)
	c.int4(d.Year)
	c.int4(d.Month)
	c.int4(d.Day)
	c.text(precisionName(d))
	c.text(l.Province)
	c.text(l.District)
	c.text(l.Place)
	if l.HasCoords() {
		c.float8(l.Lat)
		c.float8(l.Lon)
	} else {
		c.null()
		c.null()
	}
	c.text(string(l.Precision))
	c.text(l.PlaceID)
	c.text(r.Perpetrator)
	c.text(string(r.Attribution))
	c.text(string(r.AttackType))
	c.text(string(r.TargetType))
	f := figures(r.Killed, r.Injured, r.Hostages)
	for _, n := range f {
		if n.Known {
			c.int4(n.Best)
		} else {
			c.null()
		}
	}
	if rs := appendRanges(nil, &f); rs != nil {
		c.bytea(rs) // text in binary COPY is its bytes, as bytea
	} else {
		c.null()
	}
	c.text(string(r.CrossBorder))
	c.text(string(r.Marking))
	c.text(r.Owner)
	c.jsonb(seedClaims(r))
	c.int8(now)
	c.int4(int(dayNumber(d)))
	c.int4(d.Year)
	c.text(monthKey(d))
	c.text(weekKey(d))
}

// linkRow writes the row of event_reports (linkCols) of ch.fresh[i].
func (c *copyBuf) linkRow(ch *chunk, i int, f *pending, now int64) {
	c.row(len(linkCols))
	c.int8(ch.reportIDs[i])
	c.int8(ch.event[i])
	c.float8(1)
	if ch.seed[i] {
		c.text(whySeed)
		c.text(string(sarhad.LinkSeed))
	} else {
		c.text("revision of report " + f.r.ID)
		c.text(string(sarhad.LinkAuto))
	}
	c.text(sarhad.SystemAgency)
	c.int8(now)
}
