package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/sarhad-osint/sarhad"
)

// pending is a report of a batch, normalized, hashed and encoded, before it is written.
type pending struct {
	r    sarhad.Report
	hash []byte
	body []byte
}

func (p *pending) key() revKey { return revKey{p.r.Owner, p.r.Source, p.r.ID} }

// revKey identifies a report across its revisions: the same producer id from the same
// source and owner.
type revKey struct{ owner, source, ext string }

// storedKey is what the store holds of a revKey: the hashes of all its revisions, and the
// latest revision (the head) with the event it belongs to.
type storedKey struct {
	hashes      [][]byte
	head, event int64
}

// scanRevision scans a row of a look-up by key (id, ext_id, owner, source, hash, event) and
// adds the revision to out when want is nil or holds its key.
func scanRevision(out map[revKey]*storedKey, want map[revKey]bool, scan func(...any) error) error {
	var (
		id, event int64
		k         revKey
		hash      []byte
	)
	if err := scan(&id, &k.ext, &k.owner, &k.source, &hash, &event); err != nil {
		return err
	}
	if want != nil && !want[k] {
		return nil
	}
	sk := out[k]
	if sk == nil {
		sk = &storedKey{}
		out[k] = sk
	}
	sk.hashes = append(sk.hashes, hash)
	if id > sk.head {
		sk.head, sk.event = id, event
	}
	return nil
}

// has reports whether one of the stored revisions has the hash h.
func (k *storedKey) has(h []byte) bool {
	for _, x := range k.hashes {
		if string(x) == string(h) {
			return true
		}
	}
	return false
}

// AddReports writes a batch of reports in one transaction: all of it or nothing.
//
// Each report is normalized (Report.Normalize, canonical marking) and validated; one invalid
// report rejects the batch with EINVALID. Its Hash is computed when empty. A report whose
// hash is stored already, or repeated earlier in the batch, is skipped and counted as a
// duplicate. A report with the same owner, source and id as a stored one but another hash is
// a revision: it is stored with supersedes pointing to the previous revision, linked to the
// same event, and the event's reconciled fields are rewritten from it (the newest revision
// wins). Any other report becomes a new event of its own (sarhad.EventFromReport) with a
// seed link. The sources named are created, or their reliability updated when the batch
// grades them.
//
// Duplicates are found through the (owner, source, id) of each report, compared with the
// hashes of that key's stored revisions: the content hash covers the id, owner and source,
// so that equal content always has an equal key. (A caller that sets Hash itself must keep
// to that: a report is only a duplicate of a stored one of the same owner, source and id.)
//
// The batch is written as a pipeline: while the database writes a chunk of it, another
// goroutine prepares the next (normalizes, validates, hashes and encodes it, looks its keys
// up on another connection and builds its rows). Memory and time depend on the batch only,
// never on the size of the store; batches of 5,000–20,000 reports are the fastest.
func (s *Store) AddReports(ctx context.Context, reports []sarhad.Report) (sarhad.ImportResult, error) {
	if len(reports) == 0 {
		return sarhad.ImportResult{}, nil
	}
	if s.dialect == Postgres {
		return s.writePostgres(ctx, reports)
	}
	return s.writeSQLite(ctx, reports)
}

// chunkSize is how many reports a chunk of the write pipeline holds on SQLite. PostgreSQL's
// chunks are two and a half times larger (pgChunk): each of its statements has a fixed cost
// (statement triggers, transition tables), and 5,000 reports a chunk measured fastest there,
// 2,000 on SQLite.
var chunkSize = 2000

// pgChunk is the chunk size of PostgreSQL's pipeline.
func pgChunk() int { return chunkSize * 5 / 2 }

// chunkWriter writes the chunks of a batch in its transaction.
type chunkWriter interface {
	// write writes the rows of a chunk.
	write(ctx context.Context, c *chunk) error
	// finish writes what follows the chunks: the roll-up of the new events, the events that
	// revisions rewrite, the sources.
	finish(ctx context.Context, pl *planner) error
}

// pipeline plans the chunks of reports (chunkSize each) with pl on a goroutine of its own
// and writes them with w as they come: planning a chunk (Go, and look-ups on another
// connection) overlaps writing the one before (the database). Batches of one chunk run
// without the goroutine.
func pipeline(ctx context.Context, pl *planner, w chunkWriter, reports []sarhad.Report, chunkSize int) error {
	if len(reports) <= chunkSize {
		c, err := pl.plan(ctx, reports, 0)
		if err != nil {
			return err
		}
		if err := w.write(ctx, c); err != nil {
			return err
		}
		return w.finish(ctx, pl)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	chunks := make(chan *chunk, 1)
	planned := make(chan error, 1)
	go func() {
		defer close(chunks)
		// Small chunks first, doubling up to chunkSize: the writer starts soon, and, as it
		// writes a chunk in more time than the planner plans one of the same size, the next
		// (twice as large) is mostly ready when it is done.
		for lo, size := 0, max(1, chunkSize/32); lo < len(reports); lo, size = lo+size, min(2*size, chunkSize) {
			c, err := pl.plan(ctx, reports[lo:min(lo+size, len(reports))], lo)
			if err != nil {
				planned <- err
				return
			}
			select {
			case chunks <- c:
			case <-ctx.Done():
				planned <- ctx.Err()
				return
			}
		}
		planned <- nil
	}()
	for c := range chunks {
		if err := w.write(ctx, c); err != nil {
			cancel()
			for range chunks { // let the planner end
			}
			return err
		}
	}
	if err := <-planned; err != nil {
		return err
	}
	return w.finish(ctx, pl)
}

// planner decides, chunk after chunk, what becomes of each report of a batch: a duplicate,
// a revision of a stored report or of an earlier one of the batch, or a new event. It looks
// keys up once (the transaction that writes holds the write lock, so the store cannot
// change meanwhile but for the batch itself, which the planner follows) and assigns keys.
type planner struct {
	now int64
	// lookup returns what the store holds of keys; claims the claims JSON of an event.
	lookup func(ctx context.Context, keys []revKey) (map[revKey]*storedKey, error)
	claims func(ctx context.Context, event int64) ([]byte, error)
	// reportKeys returns n new report keys, ascending, after all those returned before;
	// eventKeys the keys of the new events of reports (seed says which reports start one).
	reportKeys func(ctx context.Context, n int) ([]int64, error)
	eventKeys  func(ctx context.Context, reports []int64, seed []bool, n int) ([]int64, error)
	// rows builds the rows of a planned chunk for the writer, on the planner's goroutine.
	rows func(c *chunk) any

	seen  map[[32]byte]bool     // hashes met in the batch
	known map[revKey]*storedKey // keys looked up (nil: not stored)
	heads map[revKey]head       // the latest revision of each key of the batch
	// written holds, for each new event of an earlier chunk, the report it was written from.
	written map[int64]*sarhad.Report
	// stale are the stored events (and new events of earlier chunks) that revisions rewrite,
	// with their new fields, in the order of their first revision.
	stale map[int64]*sarhad.Event
	order []int64
	// joined are the events that the batch links reports to other than by seed links (the
	// revisions), in order: only they can become mixed (see mixedSQL).
	joined     []int64
	joinedSeen map[int64]bool
	// sums are the roll-up sums of the new events written.
	sums rollup
	// sources are the sources named, with the grade the batch gives them.
	sources map[string]sarhad.Reliability
	res     sarhad.ImportResult
}

// head is the latest revision of a key: a stored report (chunk nil) or a report of the
// batch, with its event; slot is the index of that event in its chunk's newEvents when the
// chunk makes it (-1 otherwise).
type head struct {
	report, event int64
	chunk         *chunk
	slot          int
}

// newPlanner returns the planner of a batch of n reports.
func newPlanner(now int64, n int) *planner {
	return &planner{now: now, seen: make(map[[32]byte]bool, n), known: make(map[revKey]*storedKey, n),
		heads: make(map[revKey]head, n), written: make(map[int64]*sarhad.Report, n), stale: map[int64]*sarhad.Event{},
		sums: rollup{}, sources: map[string]sarhad.Reliability{}, joinedSeen: map[int64]bool{}}
}

// chunk is a planned part of a batch: the reports to store and the rows to write.
type chunk struct {
	// fresh are the reports to store, in batch order; reportIDs their keys (ascending).
	fresh     []*pending
	reportIDs []int64
	// supersedes[i] is the key of the revision fresh[i] revises (0 for none); event[i] the
	// key of its event; seed[i] is set when fresh[i] starts a new event.
	supersedes []int64
	event      []int64
	seed       []bool
	// newEvents are the keys of the events the chunk starts, and current[j] the report whose
	// fields event newEvents[j] takes: its newest revision in the chunk.
	newEvents []int64
	current   []*sarhad.Report
	// rows holds rows built by the planner for the writer (dialect-specific).
	rows any
}

// plan prepares the reports in (at offset in the batch) and plans them.
func (pl *planner) plan(ctx context.Context, in []sarhad.Report, offset int) (*chunk, error) {
	all := make([]pending, len(in))
	var buf []byte
	for i := range in {
		p := &all[i]
		if err := prepareOne(p, &in[i], offset+i); err != nil {
			return nil, err
		}
		if cap(buf)-len(buf) < 1024 {
			buf = make([]byte, 0, 64<<10)
		}
		start := len(buf)
		var err error
		if buf, err = appendBody(buf, &p.r); err != nil {
			return nil, err
		}
		p.body = buf[start:len(buf):len(buf)]
	}
	// Repeats within the batch, then the keys to look up.
	var want []revKey
	asked := make(map[revKey]bool, len(in))
	batch := make([]*pending, 0, len(all))
	for i := range all {
		p := &all[i]
		h := [32]byte(p.hash)
		if pl.seen[h] {
			pl.res.Duplicates++
			continue
		}
		pl.seen[h] = true
		batch = append(batch, p)
		if k := p.key(); !asked[k] {
			if _, ok := pl.known[k]; !ok {
				asked[k] = true
				want = append(want, k)
			}
		}
	}
	if len(want) > 0 {
		found, err := pl.lookup(ctx, want)
		if err != nil {
			return nil, fmt.Errorf("add reports: look up stored reports: %w", err)
		}
		for _, k := range want {
			pl.known[k] = found[k]
		}
	}
	c := &chunk{fresh: batch[:0]}
	for _, p := range batch {
		if sk := pl.known[p.key()]; sk != nil && sk.has(p.hash) {
			pl.res.Duplicates++
			continue
		}
		c.fresh = append(c.fresh, p)
	}
	n := len(c.fresh)
	if n == 0 {
		return c, nil
	}
	c.supersedes, c.event, c.seed = make([]int64, n), make([]int64, n), make([]bool, n)
	newEvents := 0
	for i, f := range c.fresh {
		k := f.key()
		if _, ok := pl.heads[k]; ok || pl.known[k] != nil {
			continue
		}
		pl.heads[k] = head{} // claimed; set below
		c.seed[i] = true
		newEvents++
	}
	var err error
	if c.reportIDs, err = pl.reportKeys(ctx, n); err != nil {
		return nil, fmt.Errorf("add reports: %w", err)
	}
	if c.newEvents, err = pl.eventKeys(ctx, c.reportIDs, c.seed, newEvents); err != nil {
		return nil, fmt.Errorf("add reports: %w", err)
	}
	c.current = make([]*sarhad.Report, len(c.newEvents))
	next := 0
	for i, f := range c.fresh {
		r := &f.r
		k := f.key()
		h := pl.heads[k]
		switch {
		case c.seed[i]:
			h = head{event: c.newEvents[next], chunk: c, slot: next}
			next++
		case h.event == 0: // the first of the batch to revise a stored report
			sk := pl.known[k]
			h = head{report: sk.head, event: sk.event, slot: -1}
		}
		c.supersedes[i], c.event[i] = h.report, h.event
		if !c.seed[i] && !pl.joinedSeen[h.event] {
			pl.joinedSeen[h.event] = true
			pl.joined = append(pl.joined, h.event)
		}
		if h.chunk == c {
			c.current[h.slot] = r
		} else {
			e, ok := pl.stale[h.event]
			if !ok {
				if w := pl.written[h.event]; w != nil {
					ev := sarhad.EventFromReport(w)
					e = &ev
				} else if e, err = pl.storedClaims(ctx, h.event); err != nil {
					return nil, err
				}
				pl.stale[h.event] = e
				pl.order = append(pl.order, h.event)
			}
			revise(e, r)
		}
		h.report = c.reportIDs[i]
		pl.heads[k] = h
		if r.Source != "" {
			if _, ok := pl.sources[r.Source]; !ok {
				pl.sources[r.Source] = ""
			}
			if r.SourceReliability != "" {
				pl.sources[r.Source] = r.SourceReliability
			}
		}
	}
	for j, id := range c.newEvents {
		pl.written[id] = c.current[j]
		pl.sums.add(c.current[j])
	}
	pl.res.Added += n
	pl.res.Events += len(c.newEvents)
	if pl.rows != nil {
		c.rows = pl.rows(c)
	}
	return c, nil
}

// storedClaims returns a stored event with only its claims, to be revised.
func (pl *planner) storedClaims(ctx context.Context, event int64) (*sarhad.Event, error) {
	e := &sarhad.Event{}
	b, err := pl.claims(ctx, event)
	if err != nil {
		return nil, fmt.Errorf("add reports: revise event %s: %w", eventID(event), err)
	}
	if err := unmarshalJSON(b, &e.Claims); err != nil {
		return nil, fmt.Errorf("add reports: revise event %s: claims: %w", eventID(event), err)
	}
	return e, nil
}

// prepareOne normalizes, validates and hashes the report at index i of a batch into p.
func prepareOne(p *pending, in *sarhad.Report, i int) error {
	p.r = *in
	r := &p.r
	r.Normalize()
	m, ok := sarhad.ParseMarking(string(r.Marking))
	if !ok {
		return sarhad.Errorf(sarhad.EINVALID, "report %d (%s): marking %q is not a TLP 2.0 label", i+1, r.ID, r.Marking)
	}
	r.Marking = m
	if err := r.Validate(); err != nil {
		return sarhad.Errorf(sarhad.EINVALID, "report %d (%s): %s", i+1, r.ID, sarhad.ErrorMessage(err))
	}
	for _, c := range figures(r.Killed, r.Injured, r.Hostages) {
		if c.Known && c.High > math.MaxInt32 { // the columns are 32-bit on PostgreSQL
			return sarhad.Errorf(sarhad.EINVALID, "report %d (%s): casualty figure %d is out of range", i+1, r.ID, c.High)
		}
	}
	if r.Hash == "" {
		r.Hash = r.ComputeHash()
	}
	r.Hash = strings.ToLower(r.Hash)
	h, err := decodeHash(r.Hash)
	if err != nil {
		return sarhad.Errorf(sarhad.EINVALID, "report %d (%s): %s", i+1, r.ID, sarhad.ErrorMessage(err))
	}
	p.hash = h
	return nil
}

// reportRows appends to rows the rows of reports of a chunk (len(reportCols) values each),
// each value through v.
func reportRows[T any](rows []T, c *chunk, v func(any) T, now int64) []T {
	for i, f := range c.fresh {
		var sup any
		if c.supersedes[i] != 0 {
			sup = c.supersedes[i]
		}
		rows = reportValues(rows, v, c.reportIDs[i], &f.r, f.hash, f.body, sup, now)
	}
	return rows
}

// eventRows appends to rows the rows of the new events of a chunk (len(seedEventCols)
// values each), each value through v.
func eventRows[T any](rows []T, c *chunk, v func(any) T, now int64) []T {
	for j, id := range c.newEvents {
		rows = appendSeedEvent(rows, v, id, c.current[j], now)
	}
	return rows
}

// revisionLinks returns the rows of event_reports (len(linkCols) values each) of the reports
// of a chunk that revise another, each value through v.
func revisionLinks[T any](c *chunk, v func(any) T, now int64) []T {
	var rows []T
	for i, f := range c.fresh {
		if !c.seed[i] {
			rows = append(rows, v(c.reportIDs[i]), v(c.event[i]), v(1.0), v("revision of report "+f.r.ID),
				v(string(sarhad.LinkAuto)), v(sarhad.SystemAgency), v(now))
		}
	}
	return rows
}

// finish writes, after the chunks, the events that revisions rewrite (with revise: their
// keys and, for each, the values of eventFieldCols) and the sources; the roll-up of the new
// events must be written before (the update trigger moves their sums).
func (pl *planner) finish(ctx context.Context, revise func(ctx context.Context, ids []int64, rows [][]any) error,
	exec func(ctx context.Context, query string, args ...any) error) error {
	if len(pl.order) > 0 {
		rows := make([][]any, len(pl.order))
		for i, id := range pl.order {
			vals, err := eventFieldValues(nil, pl.stale[id], pl.now)
			if err != nil {
				return fmt.Errorf("add reports: %w", err)
			}
			rows[i] = vals
		}
		if err := revise(ctx, pl.order, rows); err != nil {
			return fmt.Errorf("add reports: revise events: %w", err)
		}
	}
	names := make([]string, 0, len(pl.sources))
	for name := range pl.sources {
		names = append(names, name)
	}
	sort.Strings(names) // a fixed lock order for concurrent PostgreSQL writers
	for _, name := range names {
		if err := exec(ctx, upsertSourceSQL, name, string(pl.sources[name])); err != nil {
			return fmt.Errorf("add reports: source %s: %w", name, err)
		}
	}
	return nil
}

// storedJoined returns the events of joined that the batch did not create.
func (pl *planner) storedJoined() []int64 {
	var out []int64
	for _, id := range pl.joined {
		if _, ok := pl.written[id]; !ok {
			out = append(out, id)
		}
	}
	return out
}

// sqliteMixedSQL lists in event_mix the events of an IN list that a report of another
// marking or owner joins. AddReports runs it for the events its revisions join
// (planner.joined) in place of the per-link trigger, which stands aside for its batches
// (migration 0022): a seed link joins its report to the event made from it, of the same
// marking and owner, unless a later revision of the same chunk gave the event its fields,
// and that revision's link puts the event in joined. (pgMixedSQL is the same on PostgreSQL.)
const sqliteMixedSQL = `INSERT OR IGNORE INTO event_mix (event_id)
	SELECT DISTINCT er.event_id FROM event_reports er
	JOIN reports r ON r.id = er.report_id
	JOIN events e ON e.id = er.event_id
	WHERE (r.marking <> e.marking OR r.owner <> e.owner) AND er.event_id IN `

// whySeed is the reason of a seed link (as sarhad.EventFromReport gives it).
const whySeed = "first report of this event"

// seedEventCols are the columns of events that AddReports writes: id and eventFieldCols;
// the others (credibility 6, no incident, no provenance) take their defaults.
var seedEventCols = append([]string{"id"}, eventFieldCols...)

// appendSeedEvent appends the values of seedEventCols, each through v, for the event of key
// id that sarhad.EventFromReport makes of r: the values eventFieldValues gives that event. It
// is the fast path of AddReports.
func appendSeedEvent[T any](dst []T, v func(any) T, id int64, r *sarhad.Report, now int64) []T {
	l := &r.Location
	has := l.HasCoords()
	d := r.Date
	dst = append(dst, v(id),
		v(int64(d.Year)), v(int64(d.Month)), v(int64(d.Day)), v(precisionName(d)),
		v(l.Province), v(l.District), v(l.Place), v(nullFloat(l.Lat, has)), v(nullFloat(l.Lon, has)),
		v(string(l.Precision)), v(l.PlaceID),
		v(r.Perpetrator), v(string(r.Attribution)), v(string(r.AttackType)), v(string(r.TargetType)))
	f := figures(r.Killed, r.Injured, r.Hostages)
	dst = appendFigures(dst, v, &f)
	return append(dst, v(string(r.CrossBorder)), v(string(r.Marking)), v(r.Owner), v(seedClaims(r)), v(now),
		v(dayNumber(d)), v(int64(d.Year)), v(monthKey(d)), v(weekKey(d)))
}

// precisionName is string(d.Precision()).
func precisionName(d sarhad.Date) string { return string(d.Precision()) }

// monthKey is d.MonthKey(), without fmt.
func monthKey(d sarhad.Date) string {
	if d.Month == 0 {
		return ""
	}
	var b [7]byte
	put4(b[:4], d.Year)
	b[4] = '-'
	put2(b[5:], d.Month)
	return string(b[:])
}

// weekKey is d.WeekKey(), without fmt.
func weekKey(d sarhad.Date) string {
	if d.Day == 0 {
		return ""
	}
	y, w := d.Start().ISOWeek()
	var b [8]byte
	put4(b[:4], y)
	b[4], b[5] = '-', 'W'
	put2(b[6:], w)
	return string(b[:])
}

func put4(b []byte, n int) {
	if n < 0 || n > 9999 {
		copy(b, fmt.Sprintf("%04d", n))
		return
	}
	b[0], b[1], b[2], b[3] = byte('0'+n/1000), byte('0'+n/100%10), byte('0'+n/10%10), byte('0'+n%10)
}

func put2(b []byte, n int) { b[0], b[1] = byte('0'+n/10%10), byte('0'+n%10) }

// seedClaims is the claims JSON of the event sarhad.EventFromReport makes of r (nil when it
// has none), as encoding/json writes it.
func seedClaims(r *sarhad.Report) any {
	if r.Perpetrator == "" || r.Perpetrator == sarhad.UnknownActor {
		return nil
	}
	if !plainJSON(r.Perpetrator) || !plainJSON(string(r.Attribution)) || !plainJSON(r.ID) {
		v, _ := jsonValue([]sarhad.Claim{{Actor: r.Perpetrator, Status: r.Attribution, ReportID: r.ID}})
		return v
	}
	var b strings.Builder
	b.Grow(48 + len(r.Perpetrator) + len(r.Attribution) + len(r.ID))
	b.WriteString(`[{"actor":"`)
	b.WriteString(r.Perpetrator)
	b.WriteString(`","status":"`)
	b.WriteString(string(r.Attribution))
	b.WriteString(`","report_id":"`)
	b.WriteString(r.ID)
	b.WriteString(`"}]`)
	return b.String()
}

// plainJSON reports whether encoding/json writes s between quotes unchanged.
func plainJSON(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' || c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// rollup sums the events AddReports inserts per row of events_month, which it then adds in
// one statement: the roll-up's insert trigger leaves these events alone (see migration
// 0002).
type rollup map[rollupKey]*[6]int64

type rollupKey struct {
	year, month           int
	province, mark, owner string
}

func (m rollup) add(r *sarhad.Report) {
	k := rollupKey{r.Date.Year, r.Date.Month, r.Location.Province, string(r.Marking), r.Owner}
	v := m[k]
	if v == nil {
		v = new([6]int64)
		m[k] = v
	}
	v[0]++
	for i, c := range [5]sarhad.Count{r.Killed.Total, r.Killed.Security, r.Killed.Civilians, r.Killed.Militants, r.Injured} {
		v[i+1] += int64(c.BestOr0())
	}
}

// rollupCols are the columns of events_month.
var rollupCols = []string{"year", "month", "month_key", "province", "marking", "owner",
	"events", "killed", "killed_security", "killed_civilians", "killed_militants", "injured"}

// rows returns the rows of events_month to add, in key order.
func (m rollup) rows() []any {
	keys := make([]rollupKey, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b rollupKey) int {
		switch {
		case a.year != b.year:
			return a.year - b.year
		case a.month != b.month:
			return a.month - b.month
		case a.province != b.province:
			return strings.Compare(a.province, b.province)
		case a.mark != b.mark:
			return strings.Compare(a.mark, b.mark)
		}
		return strings.Compare(a.owner, b.owner)
	})
	rows := make([]any, 0, len(keys)*len(rollupCols))
	for _, k := range keys {
		v := m[k]
		rows = append(rows, int64(k.year), int64(k.month), monthKey(sarhad.Date{Year: k.year, Month: k.month}),
			k.province, k.mark, k.owner, v[0], v[1], v[2], v[3], v[4], v[5])
	}
	return rows
}

// columns returns the rows of events_month to add as one array per column, in key order.
func (m rollup) columns() []any {
	rows := m.rows()
	n := len(rollupCols)
	var (
		ints  [2][]int64
		texts [4][]string
		sums  [6][]int64
	)
	for i := 0; i < len(rows); i += n {
		r := rows[i : i+n]
		ints[0], ints[1] = append(ints[0], r[0].(int64)), append(ints[1], r[1].(int64))
		for j := range texts {
			texts[j] = append(texts[j], r[2+j].(string))
		}
		for j := range sums {
			sums[j] = append(sums[j], r[6+j].(int64))
		}
	}
	out := []any{ints[0], ints[1]}
	for _, t := range texts {
		out = append(out, t)
	}
	for _, s := range sums {
		out = append(out, s)
	}
	return out
}

// rollupConflict follows an INSERT of rows of events_month: it adds them to the rows of the
// same keys.
const rollupConflict = ` ON CONFLICT (year, month, province, marking, owner) DO UPDATE SET
	events = events_month.events + excluded.events, killed = events_month.killed + excluded.killed,
	killed_security = events_month.killed_security + excluded.killed_security,
	killed_civilians = events_month.killed_civilians + excluded.killed_civilians,
	killed_militants = events_month.killed_militants + excluded.killed_militants,
	injured = events_month.injured + excluded.injured`

// linkCols are the columns of event_reports.
var linkCols = []string{"report_id", "event_id", "score", "why", "decision", "decided_by", "decided_at"}

// updateEventSQL rewrites the reconciled fields of an event from a revision.
var updateEventSQL = updateEventByIDSQL(eventFieldCols)

const upsertSourceSQL = `INSERT INTO sources (name, reliability) VALUES ($1, $2)
	ON CONFLICT (name) DO UPDATE SET reliability = excluded.reliability
	WHERE excluded.reliability <> '' AND excluded.reliability <> sources.reliability`

// revise rewrites the reconciled fields of e from r, a new revision of one of its reports:
// every field takes r's value, and r's claims replace those of its earlier revisions.
func revise(e *sarhad.Event, r *sarhad.Report) {
	n := sarhad.EventFromReport(r)
	claims := e.Claims[:0:0]
	for _, c := range e.Claims {
		if c.ReportID != r.ID {
			claims = append(claims, c)
		}
	}
	e.Date, e.Location = n.Date, n.Location
	e.Perpetrator, e.Attribution, e.Claims = n.Perpetrator, n.Attribution, append(claims, n.Claims...)
	e.AttackType, e.TargetType = n.AttackType, n.TargetType
	e.Killed, e.Injured, e.Hostages = n.Killed, n.Injured, n.Hostages
	e.CrossBorder = n.CrossBorder
	e.Marking, e.Owner = n.Marking, n.Owner
}

// unmarshalJSON decodes a JSON column; an empty (NULL) value leaves v untouched.
func unmarshalJSON(b []byte, v any) error {
	if len(b) == 0 {
		return nil
	}
	return json.Unmarshal(b, v)
}

// ReportHash returns the hash AddReports gives r: its Hash when set (lower-cased), else the
// hash of its normalized content.
func ReportHash(r sarhad.Report) string {
	var p pending
	if err := prepareOne(&p, &r, 0); err != nil {
		if r.Hash != "" {
			return strings.ToLower(r.Hash)
		}
		r.Normalize()
		return r.ComputeHash()
	}
	return p.r.Hash
}

// AddReport adds one report, as AddReports does, and returns the public id of the event it
// belongs to: a new event, the event of the report it revises, or, for a duplicate, the
// event of the stored copy.
func (s *Store) AddReport(ctx context.Context, r sarhad.Report) (string, sarhad.ImportResult, error) {
	res, err := s.AddReports(ctx, []sarhad.Report{r})
	if err != nil {
		return "", res, err
	}
	var p pending
	if err := prepareOne(&p, &r, 0); err != nil {
		return "", res, err
	}
	var pk int64
	err = s.db.QueryRowContext(ctx, `SELECT er.event_id FROM reports r JOIN event_reports er ON er.report_id = r.id
		WHERE r.ext_id = $1 AND r.owner = $2 AND r.source = $3 AND r.hash = $4`, p.r.ID, p.r.Owner, p.r.Source, p.hash).Scan(&pk)
	if err != nil {
		return "", res, fmt.Errorf("add report %s: find its event: %w", r.ID, err)
	}
	return eventID(pk), res, nil
}
