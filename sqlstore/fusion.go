package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"math"
	"math/bits"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/sarhad-osint/sarhad"
	"github.com/sarhad-osint/sarhad/fusion"
)

// The store side of fusion (package fusion's Store): the reports fusion reads, with their
// events and links, and the writes of its decisions. Only head revisions are read — reports
// that no later revision supersedes; when fusion moves a report, its earlier revisions move
// with it.

var _ fusion.Store = (*Store)(nil)

// headCond is the condition that report r is a head revision.
const headCond = "NOT EXISTS (SELECT 1 FROM reports n WHERE n.supersedes = r.id)"

// storedSelect selects a report (aliased r) with its link (aliased er), whether it revises
// another, and how many reports its event links.
var storedSelect = "SELECT " + reportSelect + `, er.event_id, er.score, er.why, er.decision, r.supersedes IS NOT NULL,
	(SELECT count(*) FROM event_reports x WHERE x.event_id = er.event_id)
	FROM reports r JOIN event_reports er ON er.report_id = r.id`

// extraScan scans a row into a scanner's destinations followed by more.
type extraScan struct {
	sc    interface{ Scan(...any) error }
	extra []any
}

func (e extraScan) Scan(dest ...any) error { return e.sc.Scan(append(dest, e.extra...)...) }

// scanStored reads a row selected with storedSelect.
func scanStored(sc interface{ Scan(...any) error }) (fusion.Stored, error) {
	var (
		ev, links   int64
		score       float64
		why, decide string
		revises     bool
	)
	sr, err := scanReport(extraScan{sc, []any{&ev, &score, &why, &decide, &revises, &links}})
	if err != nil {
		return fusion.Stored{}, err
	}
	return fusion.Stored{Report: sr.Report, Key: sr.pk, EventID: eventID(ev), Revises: revises, EventLinks: int(links),
		Link: sarhad.Link{ReportID: sr.Report.ID, Score: score, Why: why, Decision: sarhad.LinkDecision(decide)}}, nil
}

// stored runs q (built on storedSelect) and returns its rows.
func (s *Store) stored(ctx context.Context, q *query) ([]fusion.Stored, error) {
	var out []fusion.Stored
	err := s.queryPrepared(ctx, q, func(rows *sql.Rows) error {
		st, err := scanStored(rows)
		out = append(out, st)
		return err
	})
	return out, err
}

// Fusion's look-ups run once per new report with the same few statements: preparing them
// (parsing a select of fifty columns) would cost more than running them, so they are
// prepared once per database and kept.
var (
	stmtMu    sync.Mutex
	stmtCache = map[stmtKey]*sql.Stmt{}
)

type stmtKey struct {
	db *sql.DB
	q  string
}

// maxStmts bounds the cache; when full it starts over (statements dropped from it are not
// closed, as another goroutine may be using one; closing the database frees them).
const maxStmts = 256

// prepared returns the cached statement of query on db, preparing it on first use.
func prepared(ctx context.Context, db *sql.DB, query string) (*sql.Stmt, error) {
	k := stmtKey{db, query}
	stmtMu.Lock()
	st, ok := stmtCache[k]
	stmtMu.Unlock()
	if ok {
		return st, nil
	}
	st, err := db.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	stmtMu.Lock()
	defer stmtMu.Unlock()
	if old, ok := stmtCache[k]; ok {
		st.Close()
		return old, nil
	}
	if len(stmtCache) >= maxStmts {
		clear(stmtCache)
	}
	stmtCache[k] = st
	return st, nil
}

// fusionWrites are the statements fusion's writes run per event and link, and the count of
// moved links they read.
var fusionWrites = append([]string{updateFusionEventSQL, deleteEmptyEventSQL, fusionMovesSQL},
	slices.DeleteFunc(slices.Clone(linksSQLs), func(q string) bool { return q == "" })...)

// prepareWrites prepares fusion's write statements on the write pool; it runs before a
// transaction begins, as SQLite's writer has a single connection, which the transaction
// then holds.
func (s *Store) prepareWrites(ctx context.Context) error {
	for _, q := range fusionWrites {
		if _, err := prepared(ctx, s.wdb, q); err != nil {
			return err
		}
	}
	return nil
}

// txStmt returns one of fusionWrites in tx: prepared by prepareWrites, else prepared in tx
// for this use only.
func (s *Store) txStmt(ctx context.Context, tx *sql.Tx, query string) (*sql.Stmt, error) {
	stmtMu.Lock()
	st, ok := stmtCache[stmtKey{s.wdb, query}]
	stmtMu.Unlock()
	if !ok {
		return tx.PrepareContext(ctx, query)
	}
	return tx.StmtContext(ctx, st), nil
}

// txExec runs one of fusionWrites in tx.
func (s *Store) txExec(ctx context.Context, tx *sql.Tx, query string, args ...any) (sql.Result, error) {
	st, err := s.txStmt(ctx, tx, query)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(ctx, args...)
}

// txQueryInt reads one integer with one of fusionWrites in tx.
func (s *Store) txQueryInt(ctx context.Context, tx *sql.Tx, query string, args ...any) (int64, error) {
	st, err := s.txStmt(ctx, tx, query)
	if err != nil {
		return 0, err
	}
	var n int64
	err = st.QueryRowContext(ctx, args...).Scan(&n)
	return n, err
}

// queryPrepared runs q through a cached prepared statement. Fusion reads what it is about to
// write, so on SQLite its reads run on the writer's connection: its page cache stays valid
// across writes, while a read connection must drop its whole cache at its first read after
// every write by another connection; on PostgreSQL the pool is one.
func (s *Store) queryPrepared(ctx context.Context, q *query, fn func(*sql.Rows) error) error {
	st, err := prepared(ctx, s.wdb, q.String())
	if err != nil {
		return err
	}
	rows, err := st.QueryContext(ctx, q.args...)
	return eachSQLRow(rows, err, fn)
}

// inList appends the values as parameters and returns "(…)".
//
// The list is padded to a power of two by repeating its last value (which changes nothing
// for IN), so that the statements of any length are few, prepared once and cached.
func (q *query) inList(vals []any) string {
	n := len(vals)
	if n > 1 {
		n = 1 << bits.Len(uint(n-1))
	}
	ps := make([]string, n)
	for i := range ps {
		ps[i] = q.arg(vals[min(i, len(vals)-1)])
	}
	return "(" + strings.Join(ps, ", ") + ")"
}

// inChunk is the largest IN list fusion's reads send in one statement.
const inChunk = 500

// storedIn returns the head reports whose column col is in vals, a chunk at a time.
func (s *Store) storedIn(ctx context.Context, col string, vals []any, order string) ([]fusion.Stored, error) {
	var out []fusion.Stored
	err := inChunks(vals, inChunk, func(chunk []any) error {
		q := &query{}
		q.write(storedSelect)
		q.where(col + " IN " + q.inList(chunk))
		q.where(headCond)
		q.write(order)
		got, err := s.stored(ctx, q)
		out = append(out, got...)
		return err
	})
	return out, err
}

// FusionSample returns up to n of the latest stored head reports.
func (s *Store) FusionSample(ctx context.Context, n int) ([]sarhad.Report, error) {
	q := &query{}
	q.write("SELECT ", reportSelect, " FROM reports r")
	q.where(headCond)
	q.write(" ORDER BY r.id DESC LIMIT ", strconv.Itoa(n))
	var out []sarhad.Report
	err := s.queryRows(ctx, q, func(rows *sql.Rows) error {
		sr, err := scanReport(rows)
		out = append(out, sr.Report)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("fusion sample: %w", err)
	}
	return out, nil
}

// lookupWindow is how many of the newest reports FusionLookup reads at least: the reports
// it is asked about were just added (reports has no index on the hash, which would slow
// every import).
const lookupWindow = 16384

// FusionLookup returns the stored head reports with the given content hashes among the
// newest reports (at least the newest lookupWindow, four times as many as hashes asked):
// fusion asks about the reports it has just added. Older reports are not found.
func (s *Store) FusionLookup(ctx context.Context, hashes []string) ([]fusion.Stored, error) {
	want := make(map[string]bool, len(hashes))
	for _, h := range hashes {
		b, err := decodeHash(h)
		if err != nil {
			return nil, err
		}
		want[string(b)] = true
	}
	limit := max(lookupWindow, 4*len(hashes))
	var ids []any
	cursor, read := int64(math.MaxInt64), 0
	chunk := max(16, 2*len(hashes)) // the newest rows first, then ever more
	for len(want) > 0 && read < limit {
		q := &query{}
		// The limit is written out, not bound: SQLite plans with a bound limit's value and
		// so would compile the statement again whenever it changes. Its values are few.
		q.write("SELECT r.id, r.hash FROM reports r WHERE r.id < ", q.arg(cursor), " ORDER BY r.id DESC LIMIT ", strconv.Itoa(chunk))
		chunk = min(2*chunk, 4096)
		n := 0
		err := s.queryPrepared(ctx, q, func(rows *sql.Rows) error {
			var id int64
			var h []byte
			if err := rows.Scan(&id, &h); err != nil {
				return err
			}
			n++
			cursor = id
			if want[string(h)] {
				delete(want, string(h))
				ids = append(ids, id)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("fusion lookup: %w", err)
		}
		if n == 0 {
			break
		}
		read += n
	}
	out, err := s.storedIn(ctx, "r.id", ids, " ORDER BY r.id")
	if err != nil {
		return nil, fmt.Errorf("fusion lookup: %w", err)
	}
	return out, nil
}

// FusionCandidates returns the stored head reports of the given provinces dated (first day)
// from day from to day to, whole, except those that held accepts (the caller holds them).
//
// The first query reads only the fusion index, the partial index of revisions and the links,
// no report row: the rows of a window are scattered over the reports table, a page each, so
// reading them is most of the cost, and only the reports the caller does not hold are read.
func (s *Store) FusionCandidates(ctx context.Context, provinces []string, from, to int, after int64, held func(key int64, eventID string) bool) ([]fusion.Stored, error) {
	vals := make([]any, len(provinces))
	for i, p := range provinces {
		vals[i] = p
	}
	q := &query{}
	q.write("SELECT r.id, er.event_id FROM reports r JOIN event_reports er ON er.report_id = r.id")
	if after > 0 {
		// The reports stored after a key: a short range of the table's keys, not of the
		// fusion index (the unary + keeps SQLite from using it for the other terms).
		q.where("r.id > " + q.arg(after))
		q.where("+r.province IN " + q.inList(vals))
		q.where("+r.day BETWEEN " + q.arg(int64(from)) + " AND " + q.arg(int64(to)))
	} else {
		q.where("r.province IN " + q.inList(vals))
		q.where("r.day BETWEEN " + q.arg(int64(from)) + " AND " + q.arg(int64(to)))
	}
	q.where(headCond)
	var whole []any
	events := map[int64]int64{} // of the reports to read whole
	err := s.queryPrepared(ctx, q, func(rows *sql.Rows) error {
		var key, ev int64
		if err := rows.Scan(&key, &ev); err != nil {
			return err
		}
		if !held(key, eventID(ev)) {
			whole = append(whole, key)
			events[key] = ev
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("fusion candidates: %w", err)
	}
	// The others come whole, by key, in key order: the first query found them heads and
	// their events, and fusion needs of them only the report and its event.
	slices.SortFunc(whole, func(a, b any) int { return cmp.Compare(a.(int64), b.(int64)) })
	var out []fusion.Stored
	err = inChunks(whole, inChunk, func(chunk []any) error {
		q := &query{}
		q.write("SELECT ", reportSelect, " FROM reports r")
		q.where("r.id IN " + q.inList(chunk))
		q.write(" ORDER BY r.id")
		return s.queryPrepared(ctx, q, func(rows *sql.Rows) error {
			sr, err := scanReport(rows)
			if err != nil {
				return err
			}
			out = append(out, fusion.Stored{Report: sr.Report, Key: sr.pk, EventID: eventID(events[sr.pk])})
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("fusion candidates: %w", err)
	}
	return out, nil
}

// FusionHorizon returns the count of moved links and the largest report key (fusion.Horizon).
// It is tracked on SQLite only: PostgreSQL assigns keys at insert, not at commit, so a
// report with a smaller key than one already seen may still appear (migration 0011).
func (s *Store) FusionHorizon(ctx context.Context) (fusion.Horizon, error) {
	if s.dialect != SQLite {
		return fusion.Horizon{}, nil
	}
	var h fusion.Horizon
	q := &query{}
	q.write("SELECT (SELECT n FROM fusion_moves WHERE id = 1), coalesce((SELECT max(id) FROM reports), 0)")
	err := s.queryPrepared(ctx, q, func(rows *sql.Rows) error { return rows.Scan(&h.Moves, &h.MaxKey) })
	if err != nil {
		return h, fmt.Errorf("fusion horizon: %w", err)
	}
	h.Tracked = true
	return h, nil
}

// fusionMovesSQL reads the count of moved links in a transaction (see FusionHorizon).
const fusionMovesSQL = `SELECT n FROM fusion_moves WHERE id = 1`

// EventReports returns the head reports of the given events.
func (s *Store) EventReports(ctx context.Context, ids []string) ([]fusion.Stored, error) {
	var vals []any
	for _, id := range ids {
		if pk, ok := parseEventID(id); ok {
			vals = append(vals, pk)
		}
	}
	out, err := s.storedIn(ctx, "er.event_id", vals, " ORDER BY er.event_id, r.id")
	if err != nil {
		return nil, fmt.Errorf("event reports: %w", err)
	}
	return out, nil
}

// ReportsByID returns the head reports with the given producer ids.
func (s *Store) ReportsByID(ctx context.Context, ids []string) ([]fusion.Stored, error) {
	vals := make([]any, len(ids))
	for i, id := range ids {
		vals[i] = id
	}
	out, err := s.storedIn(ctx, "r.ext_id", vals, " ORDER BY r.id")
	if err != nil {
		return nil, fmt.Errorf("reports by id: %w", err)
	}
	return out, nil
}

// StreamFusion calls fn with every stored head report, in key order, a chunk at a time.
func (s *Store) StreamFusion(ctx context.Context, fn func(fusion.Stored) error) error {
	var last int64
	for {
		q := &query{}
		q.write(storedSelect)
		q.where("r.id > " + q.arg(last))
		q.where(headCond)
		q.write(" ORDER BY r.id LIMIT ", strconv.Itoa(streamChunk))
		chunk, err := s.stored(ctx, q)
		if err != nil {
			return fmt.Errorf("stream reports: %w", err)
		}
		for i := range chunk {
			if err := fn(chunk[i]); err != nil {
				return err
			}
		}
		if len(chunk) < streamChunk {
			return nil
		}
		last = chunk[len(chunk)-1].Key
	}
}

// EventCount returns the number of stored events.
func (s *Store) EventCount(ctx context.Context) (int, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM events`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count events: %w", err)
	}
	return n, nil
}

// SourceGrades returns the graded sources' reliability.
func (s *Store) SourceGrades(ctx context.Context) (map[string]sarhad.Reliability, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT name, reliability FROM sources WHERE reliability <> ''`)
	if err != nil {
		return nil, fmt.Errorf("source grades: %w", err)
	}
	defer rows.Close()
	out := map[string]sarhad.Reliability{}
	for rows.Next() {
		var name, rel string
		if err := rows.Scan(&name, &rel); err != nil {
			return nil, fmt.Errorf("source grades: %w", err)
		}
		out[name] = sarhad.Reliability(rel)
	}
	return out, rows.Err()
}

// Sources returns every source with its grade and track record, by name.
func (s *Store) Sources(ctx context.Context) ([]sarhad.Source, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT name, reliability, corroborated, contradicted FROM sources ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("sources: %w", err)
	}
	defer rows.Close()
	var out []sarhad.Source
	for rows.Next() {
		var src sarhad.Source
		var rel string
		if err := rows.Scan(&src.Name, &rel, &src.Corroborated, &src.Contradicted); err != nil {
			return nil, fmt.Errorf("sources: %w", err)
		}
		src.Reliability = sarhad.Reliability(rel)
		out = append(out, src)
	}
	return out, rows.Err()
}

// SetTrackRecords stores the sources' corroborated and contradicted counts; sources not
// listed keep theirs.
func (s *Store) SetTrackRecords(ctx context.Context, records []fusion.TrackRecord) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		for _, r := range records {
			if _, err := tx.ExecContext(ctx, `INSERT INTO sources (name, corroborated, contradicted) VALUES ($1, $2, $3)
				ON CONFLICT (name) DO UPDATE SET corroborated = excluded.corroborated, contradicted = excluded.contradicted`,
				r.Source, r.Corroborated, r.Contradicted); err != nil {
				return fmt.Errorf("track record of %s: %w", r.Source, err)
			}
		}
		return nil
	})
}

// inTx runs fn in a write transaction (IMMEDIATE on SQLite's writer connection).
func (s *Store) inTx(ctx context.Context, fn func(*sql.Tx) error) error {
	if err := s.prepareWrites(ctx); err != nil {
		return fmt.Errorf("prepare: %w", err)
	}
	tx, err := s.wdb.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	if s.dialect == SQLite {
		s.wroteSQLite()
	}
	return nil
}

// fusionEventCols are the event columns fusion rewrites: the reconciled fields, credibility,
// incident and provenance.
var fusionEventCols = append(append([]string{}, eventFieldCols...), "credibility", "incident", "provenance")

func fusionEventValues(e *sarhad.Event, now int64) ([]any, error) {
	vals, err := eventFieldValues(nil, e, now)
	if err != nil {
		return nil, err
	}
	prov, err := jsonValue(e.Provenance)
	if err != nil {
		return nil, err
	}
	return append(vals, int64(e.Credibility), e.Incident, prov), nil
}

var (
	insertFusionEventSQL = "INSERT INTO events (" + strings.Join(fusionEventCols, ", ") + ") VALUES (" +
		placeholdersN(len(fusionEventCols), 1) + ") RETURNING id"
	insertFusionEventIDSQL = "INSERT INTO events (id, " + strings.Join(fusionEventCols, ", ") + ") VALUES (" +
		placeholdersN(len(fusionEventCols)+1, 1) + ")"
	updateFusionEventSQL = updateEventByIDSQL(fusionEventCols)
)

// placeholdersN returns "$from, …" for n parameters.
// updateEventByIDSQL returns "UPDATE events SET c1 = $1, … WHERE id = $n+1" for the columns.
func updateEventByIDSQL(cols []string) string {
	var b strings.Builder
	b.WriteString("UPDATE events SET ")
	for i, c := range cols {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s = $%d", c, i+1)
	}
	fmt.Fprintf(&b, " WHERE id = $%d", len(cols)+1)
	return b.String()
}

func placeholdersN(n, from int) string {
	ps := make([]string, n)
	for i := range ps {
		ps[i] = "$" + strconv.Itoa(from+i)
	}
	return strings.Join(ps, ", ")
}

// linksSQL returns the statement that links n reports (and their earlier revisions) to the
// event $1 at time $2: per report, $3+5i is its key, then score, why, decision and who decided;
// a row whose key is NULL links nothing (see linksSize). Links that already say so are left
// alone. One statement for all the links of an event, not one per link: each statement fires
// the links' statement triggers once (the check that links name events, and on PostgreSQL the
// mixed-events and generation triggers), which on PostgreSQL cost more than the row work.
func linksSQL(n int) string {
	if n < len(linksSQLs) {
		return linksSQLs[n]
	}
	return buildLinksSQL(n)
}

// linksSize is the length of the statement that writes n links: n up to 8, then the next
// power of two, the rest of its rows NULL. So the statements are few and stay prepared: an
// event of nine or more reports, rewritten at each new report, would otherwise compile its
// statement every time (0.7 ms of the 1 ms it took to write such an event).
func linksSize(n int) int {
	if n <= 8 {
		return n
	}
	return min(1<<bits.Len(uint(n-1)), maxLinksPerStatement)
}

// linksSQLs are the statements of linksSQL for the sizes up to 128, built once; fusionWrites
// prepares them.
var linksSQLs = func() []string {
	out := make([]string, 129)
	for n := 1; n < len(out); n++ {
		if linksSize(n) == n {
			out[n] = buildLinksSQL(n)
		}
	}
	return out
}()

// maxLinksPerStatement bounds the parameters of one linksSQL statement (5 a link), under
// SQLite's and PostgreSQL's limits; a power of two (see linksSize).
const maxLinksPerStatement = 1024

func buildLinksSQL(n int) string {
	var b strings.Builder
	b.WriteString(`WITH RECURSIVE v (k, score, why, decision, who) AS (VALUES `)
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		p := 3 + 5*i
		fmt.Fprintf(&b, "(CAST($%d AS BIGINT), CAST($%d AS DOUBLE PRECISION), CAST($%d AS TEXT), CAST($%d AS TEXT), CAST($%d AS TEXT))", p, p+1, p+2, p+3, p+4)
	}
	b.WriteString(`),
	chain (id, k) AS (SELECT k, k FROM v
		UNION ALL SELECT r.supersedes, chain.k FROM reports r JOIN chain ON r.id = chain.id WHERE r.supersedes IS NOT NULL)
	UPDATE event_reports SET event_id = $1, score = v.score, why = v.why, decision = v.decision, decided_by = v.who, decided_at = $2
	FROM chain JOIN v ON v.k = chain.k
	WHERE event_reports.report_id = chain.id
	AND (event_reports.event_id <> $1 OR event_reports.score <> v.score OR event_reports.why <> v.why OR event_reports.decision <> v.decision)`)
	return b.String()
}

// fingerprint identifies the written content of an event (all of fusionEventCols but
// updated_at) or of a link, to skip rewriting what did not change.
func fingerprint(vals []any, skip int) uint64 {
	h := fnv.New64a()
	for i, v := range vals {
		if i != skip {
			fmt.Fprintf(h, "%v\x00", v)
		}
	}
	return h.Sum64()
}

var updatedAtCol = slices.Index(fusionEventCols, "updated_at")

func linkFingerprint(event int64, score float64, why, decision string) uint64 {
	return fingerprint([]any{event, score, why, decision}, -1)
}

// unchanged holds the fingerprints of stored events and links (by key), so that a re-fusion
// writes only what it changes.
type unchanged struct {
	events map[int64]uint64
	links  map[int64]uint64
}

// loadUnchanged reads the fingerprints of every stored event and link.
func (s *Store) loadUnchanged(ctx context.Context, tx *sql.Tx) (*unchanged, error) {
	u := &unchanged{events: map[int64]uint64{}, links: map[int64]uint64{}}
	rows, err := tx.QueryContext(ctx, "SELECT "+eventSelect+" FROM events e")
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		e, pk, _, err := scanEvent(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		vals, err := fusionEventValues(&e, 0)
		if err != nil {
			rows.Close()
			return nil, err
		}
		u.events[pk] = fingerprint(vals, updatedAtCol)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = tx.QueryContext(ctx, "SELECT report_id, event_id, score, why, decision FROM event_reports")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var rid, ev int64
		var score float64
		var why, decision string
		if err := rows.Scan(&rid, &ev, &score, &why, &decision); err != nil {
			return nil, err
		}
		u.links[rid] = linkFingerprint(ev, score, why, decision)
	}
	return u, rows.Err()
}

// writeEvent writes one event and its links in tx and returns its ID; with u, what did not
// change is not written.
func (s *Store) writeEvent(ctx context.Context, tx *sql.Tx, w *fusion.EventWrite, by string, now int64, u *unchanged) (string, error) {
	e := &w.Event
	vals, err := fusionEventValues(e, now)
	if err != nil {
		return "", err
	}
	var pk int64
	if e.ID != "" && u != nil {
		if p, ok := parseEventID(e.ID); ok {
			if fp, ok := u.events[p]; ok && fp == fingerprint(vals, updatedAtCol) {
				pk = p
			}
		}
	}
	switch {
	case pk != 0: // unchanged
	case e.ID == "":
		if err := tx.QueryRowContext(ctx, insertFusionEventSQL, vals...).Scan(&pk); err != nil {
			return "", fmt.Errorf("new event: %w", err)
		}
	default:
		var ok bool
		if pk, ok = parseEventID(e.ID); !ok {
			return "", sarhad.Errorf(sarhad.EINVALID, "event id %q is not e-<n>", e.ID)
		}
		res, err := s.txExec(ctx, tx, updateFusionEventSQL, append(vals, pk)...)
		if err != nil {
			return "", fmt.Errorf("event %s: %w", e.ID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 { // an ID the store no longer has: keep it
			if _, err := tx.ExecContext(ctx, insertFusionEventIDSQL, append([]any{pk}, vals...)...); err != nil {
				return "", fmt.Errorf("event %s: %w", e.ID, err)
			}
		}
	}
	var args []any
	flush := func() error {
		if len(args) == 0 {
			return nil
		}
		n := len(args) / 5
		for range linksSize(n) - n {
			args = append(args, nil, 0.0, "", "", "")
		}
		if _, err := s.txExec(ctx, tx, linksSQL(linksSize(n)), append([]any{pk, now}, args...)...); err != nil {
			return fmt.Errorf("link %d reports to %s: %w", n, eventID(pk), err)
		}
		args = args[:0]
		return nil
	}
	for i, key := range w.Keys {
		l := e.Links[i]
		if u != nil && u.links[key] == linkFingerprint(pk, l.Score, l.Why, string(l.Decision)) {
			continue
		}
		who := sarhad.SystemAgency
		if l.Decision == sarhad.LinkPinned && by != "" {
			who = by
		}
		args = append(args, key, l.Score, l.Why, string(l.Decision), who)
		if len(args) == 5*maxLinksPerStatement {
			if err := flush(); err != nil {
				return "", err
			}
		}
	}
	if err := flush(); err != nil {
		return "", err
	}
	return eventID(pk), nil
}

// deleteEmptyEventSQL removes an event that no link names any more.
const deleteEmptyEventSQL = `DELETE FROM events WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM event_reports WHERE event_id = $1)`

// ApplyFusion writes a fusion change in one transaction.
func (s *Store) ApplyFusion(ctx context.Context, ch fusion.Change) ([]string, error) {
	now := s.now().UnixNano()
	var out []string
	by := ""
	if ch.Decision != nil {
		by = ch.Decision.By
	}
	counted := ch.Moves != nil && s.dialect == SQLite
	var moves [2]int64
	count := func(tx *sql.Tx, i int) error {
		if !counted {
			return nil
		}
		var err error
		if moves[i], err = s.txQueryInt(ctx, tx, fusionMovesSQL); err != nil {
			return fmt.Errorf("count moved links: %w", err)
		}
		return nil
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if err := count(tx, 0); err != nil {
			return err
		}
		for i := range ch.Events {
			id, err := s.writeEvent(ctx, tx, &ch.Events[i], by, now, nil)
			if err != nil {
				return err
			}
			out = append(out, id)
		}
		for _, id := range ch.Delete {
			if pk, ok := parseEventID(id); ok {
				if _, err := s.txExec(ctx, tx, deleteEmptyEventSQL, pk); err != nil {
					return fmt.Errorf("delete event %s: %w", id, err)
				}
			}
		}
		if d := ch.Decision; d != nil {
			if ch.Result >= 0 && ch.Result < len(out) {
				d.Result = out[ch.Result]
			}
			if err := insertDecision(ctx, tx, d); err != nil {
				return err
			}
			if ch.Undone > 0 {
				if _, err := tx.ExecContext(ctx, `UPDATE decisions SET undone_by = $1 WHERE id = $2`, d.ID, ch.Undone); err != nil {
					return fmt.Errorf("undo decision %d: %w", ch.Undone, err)
				}
			}
		}
		return count(tx, 1)
	})
	if err != nil {
		return nil, fmt.Errorf("apply fusion: %w", err)
	}
	if counted {
		*ch.Moves = moves
	}
	return out, nil
}

// ReplaceFusion writes the events of a re-fusion in one transaction: every event is rewritten
// with its reports, links that changed are updated, and events left without reports are
// deleted.
func (s *Store) ReplaceFusion(ctx context.Context, events []fusion.EventWrite) error {
	now := s.now().UnixNano()
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		u, err := s.loadUnchanged(ctx, tx)
		if err != nil {
			return fmt.Errorf("read stored events: %w", err)
		}
		for i := range events {
			if _, err := s.writeEvent(ctx, tx, &events[i], "", now, u); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM events WHERE NOT EXISTS (SELECT 1 FROM event_reports er WHERE er.event_id = events.id)`); err != nil {
			return fmt.Errorf("delete empty events: %w", err)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("replace fusion: %w", err)
	}
	return nil
}

// decisionCols are the columns of decisions after id.
const decisionCols = "kind, event_id, other_event_id, report_id, together, apart, undoes, undone_by, result, decided_by, why, decided_at"

func insertDecision(ctx context.Context, tx *sql.Tx, d *sarhad.Decision) error {
	together, err := jsonValue(d.Together)
	if err != nil {
		return err
	}
	apart, err := jsonValue(d.Apart)
	if err != nil {
		return err
	}
	err = tx.QueryRowContext(ctx, `INSERT INTO decisions (`+decisionCols+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
		string(d.Kind), d.EventID, d.OtherEventID, d.ReportID, together, apart, d.Undoes, d.UndoneBy, d.Result, d.By, d.Why, d.At.UnixNano()).Scan(&d.ID)
	if err != nil {
		return fmt.Errorf("record decision: %w", err)
	}
	return nil
}

func scanDecision(sc interface{ Scan(...any) error }) (sarhad.Decision, error) {
	var (
		d             sarhad.Decision
		kind          string
		together, apt sql.NullString
		at            int64
	)
	if err := sc.Scan(&d.ID, &kind, &d.EventID, &d.OtherEventID, &d.ReportID, &together, &apt, &d.Undoes, &d.UndoneBy,
		&d.Result, &d.By, &d.Why, &at); err != nil {
		return d, err
	}
	d.Kind = sarhad.DecisionKind(kind)
	d.At = time.Unix(0, at).UTC()
	if together.Valid {
		if err := json.Unmarshal([]byte(together.String), &d.Together); err != nil {
			return d, fmt.Errorf("decision %d: %w", d.ID, err)
		}
	}
	if apt.Valid {
		if err := json.Unmarshal([]byte(apt.String), &d.Apart); err != nil {
			return d, fmt.Errorf("decision %d: %w", d.ID, err)
		}
	}
	return d, nil
}

// StoredDecisions returns the decisions that name any of the given events (as the event
// kept, merged, left or produced), all of them for nil, oldest first.
func (s *Store) StoredDecisions(ctx context.Context, eventIDs []string) ([]sarhad.Decision, error) {
	q := &query{}
	q.write("SELECT id, ", decisionCols, " FROM decisions")
	if eventIDs != nil {
		if len(eventIDs) == 0 {
			return nil, nil
		}
		vals := make([]any, len(eventIDs))
		for i, id := range eventIDs {
			vals[i] = id
		}
		in := q.inList(vals)
		q.where("(event_id IN " + in + " OR other_event_id IN " + in + " OR result IN " + in + ")")
	}
	q.write(" ORDER BY decided_at, id")
	var out []sarhad.Decision
	err := s.queryRows(ctx, q, func(rows *sql.Rows) error {
		d, err := scanDecision(rows)
		out = append(out, d)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("decisions: %w", err)
	}
	return out, nil
}

// StoredDecision returns one decision; ENOTFOUND when there is none.
func (s *Store) StoredDecision(ctx context.Context, id int64) (sarhad.Decision, error) {
	d, err := scanDecision(s.db.QueryRowContext(ctx, `SELECT id, `+decisionCols+` FROM decisions WHERE id = $1`, id))
	if err == sql.ErrNoRows {
		return d, sarhad.Errorf(sarhad.ENOTFOUND, "Decision %d not found.", id)
	} else if err != nil {
		return d, fmt.Errorf("decision %d: %w", id, err)
	}
	return d, nil
}
