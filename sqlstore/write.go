package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/sarhad-osint/sarhad"
)

// pending is a report of a batch, normalized and hashed, before it is written.
type pending struct {
	r    sarhad.Report
	hash []byte
}

func (p *pending) key() revKey { return revKey{p.r.Owner, p.r.Source, p.r.ID} }

// revKey identifies a report across its revisions: the same producer id from the same
// source and owner.
type revKey struct{ owner, source, ext string }

// head is the latest stored revision of a report and the event it belongs to.
type head struct{ report, event int64 }

// writeTx is what the dialect-independent write plan needs from a write transaction.
type writeTx interface {
	// existingHashes returns which of hashes are stored already (keys are string(hash)).
	existingHashes(ctx context.Context, hashes [][]byte) (map[string]bool, error)
	// heads returns the latest stored revision, with its event, of each key that has one.
	heads(ctx context.Context, keys []revKey) (map[revKey]head, error)
	// reserve returns n new primary keys of table, ascending.
	reserve(ctx context.Context, table string, n int) ([]int64, error)
	// insert writes rows (len(cols) values each, flattened) into table.
	insert(ctx context.Context, table string, cols []string, rows []any) error
	// deriveEvents inserts the new events of a plan and their seed links, derived in SQL
	// from the plan's reports, already inserted.
	deriveEvents(ctx context.Context, p *plan) error
	// exec runs one statement.
	exec(ctx context.Context, query string, args ...any) error
	// claims returns the claims JSON of an event (nil when none).
	claims(ctx context.Context, event int64) ([]byte, error)
}

// AddReports writes a batch of reports in one transaction: all of it or nothing.
//
// Each report is normalized (Report.Normalize, canonical marking) and validated; one invalid
// report rejects the batch with EINVALID. Its Hash is computed when empty. A report whose hash
// is stored already, or repeated earlier in the batch, is skipped and counted as a duplicate.
// A report with the same owner, source and id as a stored one but another hash is a revision:
// it is stored with supersedes pointing to the previous revision, linked to the same event,
// and the event's reconciled fields are rewritten from it (the newest revision wins). Any
// other report becomes a new event of its own (sarhad.EventFromReport) with a seed link.
// The sources named are created, or their reliability updated when the batch grades them.
//
// Memory and time depend on the batch only, never on the size of the store; batches of
// 5,000–20,000 reports are the fastest.
func (s *Store) AddReports(ctx context.Context, reports []sarhad.Report) (sarhad.ImportResult, error) {
	batch, dups, err := prepare(reports)
	if err != nil {
		return sarhad.ImportResult{}, err
	}
	res := sarhad.ImportResult{Duplicates: dups}
	if len(batch) == 0 {
		return res, nil
	}
	var r sarhad.ImportResult
	if s.dialect == Postgres {
		r, err = s.writePostgres(ctx, batch)
	} else {
		r, err = s.writeSQLite(ctx, batch)
	}
	if err != nil {
		return sarhad.ImportResult{}, err
	}
	return res.Add(r), nil
}

// prepare normalizes, validates and hashes a batch and drops the reports repeated within it.
// Large batches are prepared on every CPU.
func prepare(reports []sarhad.Report) ([]pending, int, error) {
	all := make([]pending, len(reports))
	workers := min(runtime.GOMAXPROCS(0), 1+len(reports)/2000)
	size := (len(reports) + workers - 1) / workers
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := w*size, min((w+1)*size, len(reports))
		wg.Go(func() {
			for i := lo; i < hi; i++ {
				if err := prepareOne(&all[i], &reports[i], i); err != nil {
					errs[w] = err // the first bad report of this part
					return
				}
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, 0, err
		}
	}
	batch := all[:0]
	seen := make(map[[32]byte]struct{}, len(all))
	for i := range all {
		h := [32]byte(all[i].hash)
		if _, ok := seen[h]; ok {
			continue
		}
		seen[h] = struct{}{}
		batch = append(batch, all[i])
	}
	return batch, len(all) - len(batch), nil
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

// plan is a batch ready to be written: every row, and what the dialects that derive rows in
// SQL need to know.
type plan struct {
	now int64
	// reports holds the rows of reports (len(reportCols) values each), in key order; their
	// keys are reportIDs.
	reports   []any
	reportIDs []int64
	// eventSlots holds one reserved event key per report: a report that starts an event
	// gives it the key in its slot (revisions leave theirs unused), so that the key of the
	// event of reportIDs[i] is eventSlots[i].
	eventSlots []int64
	// eventIDs are the keys of the new events and seeds the keys of the reports that start
	// them, in report order.
	eventIDs []int64
	seeds    []int64
	// revisionLinks holds the rows of event_reports (len(linkCols) values each) of the
	// revisions; seed links are derived in SQL.
	revisionLinks []any
	// stale are the events that revisions rewrite (stored ones, and new ones a later report
	// of the batch revises), with their new fields, in the order of their first revision.
	stale map[int64]*sarhad.Event
	order []int64
	// sources are the sources named, with the grade the batch gives them.
	sources map[string]sarhad.Reliability
}

// write plans and writes a prepared batch inside tx.
func (s *Store) write(ctx context.Context, tx writeTx, batch []pending) (sarhad.ImportResult, error) {
	var res sarhad.ImportResult
	hashes := make([][]byte, len(batch))
	for i := range batch {
		hashes[i] = batch[i].hash
	}
	stored, err := tx.existingHashes(ctx, hashes)
	if err != nil {
		return res, fmt.Errorf("add reports: look up hashes: %w", err)
	}
	fresh := batch[:0:0]
	for i := range batch {
		if stored[string(batch[i].hash)] {
			res.Duplicates++
			continue
		}
		fresh = append(fresh, batch[i])
	}
	if len(fresh) == 0 {
		return res, nil
	}
	p, err := s.plan(ctx, tx, fresh)
	if err != nil {
		return res, err
	}
	if err := tx.insert(ctx, "reports", reportCols, p.reports); err != nil {
		return res, fmt.Errorf("add reports: insert reports: %w", err)
	}
	if len(p.eventIDs) > 0 {
		if err := tx.deriveEvents(ctx, p); err != nil {
			return res, fmt.Errorf("add reports: insert events: %w", err)
		}
	}
	if err := tx.insert(ctx, "event_reports", linkCols, p.revisionLinks); err != nil {
		return res, fmt.Errorf("add reports: insert links: %w", err)
	}
	for _, id := range p.order {
		vals, err := eventFieldValues(nil, p.stale[id], p.now)
		if err != nil {
			return res, fmt.Errorf("add reports: %w", err)
		}
		if err := tx.exec(ctx, updateEventSQL, append(vals, id)...); err != nil {
			return res, fmt.Errorf("add reports: revise event %s: %w", eventID(id), err)
		}
	}
	names := make([]string, 0, len(p.sources))
	for name := range p.sources {
		names = append(names, name)
	}
	sort.Strings(names) // a fixed lock order for concurrent PostgreSQL writers
	for _, name := range names {
		if err := tx.exec(ctx, upsertSourceSQL, name, string(p.sources[name])); err != nil {
			return res, fmt.Errorf("add reports: source %s: %w", name, err)
		}
	}
	res.Added = len(fresh)
	res.Events = len(p.eventIDs)
	return res, nil
}

// plan assigns keys to the new reports and events of fresh (reports not stored yet), finds
// the revisions, and builds the rows.
func (s *Store) plan(ctx context.Context, tx writeTx, fresh []pending) (*plan, error) {
	// Find the previous revision of every report, stored or earlier in the batch.
	seen := make(map[revKey]bool, len(fresh))
	keys := make([]revKey, 0, len(fresh))
	for i := range fresh {
		if k := fresh[i].key(); !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	heads, err := tx.heads(ctx, keys)
	if err != nil {
		return nil, fmt.Errorf("add reports: look up revisions: %w", err)
	}
	p := &plan{
		now:     s.now().UnixNano(),
		reports: make([]any, 0, len(fresh)*len(reportCols)),
		stale:   map[int64]*sarhad.Event{},
		sources: map[string]sarhad.Reliability{},
	}
	if p.reportIDs, err = tx.reserve(ctx, "reports", len(fresh)); err != nil {
		return nil, fmt.Errorf("add reports: %w", err)
	}
	if p.eventSlots, err = tx.reserve(ctx, "events", len(fresh)); err != nil {
		return nil, fmt.Errorf("add reports: %w", err)
	}
	seedOf := map[int64]*sarhad.Report{} // new event key → the report that starts it
	for i := range fresh {
		r := &fresh[i].r
		id := p.reportIDs[i]
		k := fresh[i].key()
		var supersedes any
		if h, ok := heads[k]; ok {
			supersedes = h.report
			p.revisionLinks = append(p.revisionLinks, id, h.event, 1.0, "revision of report "+r.ID, string(sarhad.LinkAuto), sarhad.SystemAgency, p.now)
			e, ok := p.stale[h.event]
			if !ok {
				if seed, ok := seedOf[h.event]; ok {
					ev := sarhad.EventFromReport(seed)
					e = &ev
				} else if e, err = storedClaims(ctx, tx, h.event); err != nil {
					return nil, err
				}
				p.stale[h.event] = e
				p.order = append(p.order, h.event)
			}
			revise(e, r)
			heads[k] = head{report: id, event: h.event}
		} else {
			eid := p.eventSlots[i]
			seedOf[eid] = r
			p.eventIDs = append(p.eventIDs, eid)
			p.seeds = append(p.seeds, id)
			heads[k] = head{report: id, event: eid}
		}
		if p.reports, err = reportValues(p.reports, id, r, fresh[i].hash, supersedes, p.now); err != nil {
			return nil, err
		}
		if r.Source != "" {
			if _, ok := p.sources[r.Source]; !ok {
				p.sources[r.Source] = ""
			}
			if r.SourceReliability != "" {
				p.sources[r.Source] = r.SourceReliability
			}
		}
	}
	return p, nil
}

// storedClaims returns a stored event with only its claims, to be revised.
func storedClaims(ctx context.Context, tx writeTx, event int64) (*sarhad.Event, error) {
	e := &sarhad.Event{}
	b, err := tx.claims(ctx, event)
	if err != nil {
		return nil, fmt.Errorf("add reports: revise event %s: %w", eventID(event), err)
	}
	if err := unmarshalJSON(b, &e.Claims); err != nil {
		return nil, fmt.Errorf("add reports: revise event %s: claims: %w", eventID(event), err)
	}
	return e, nil
}

// whySeed is the reason of a seed link (as sarhad.EventFromReport gives it).
const whySeed = "first report of this event"

// deriveSQL returns the statements that insert the new events of a batch and their seed
// links, derived from the batch's reports, already inserted. Parameter $1 is the time; the
// others say which reports start events and the keys of those events: on SQLite, where keys
// are reserved contiguously, the event of report r has the key $2 + r.id - $3 and the
// seeds are the reports from $3 to $4 that supersede none; on PostgreSQL, two arrays ($2
// the reports, $3 their events) list them. The derivation is that of sarhad.EventFromReport
// and of Date's key methods, in each dialect's functions; the round-trip and stats tests
// compare them with the Go code.
func deriveSQL(dialect string) (events, links string) {
	insert := "INSERT OR FAIL INTO "
	claims := `json_array(json_object('actor', r.perpetrator, 'status', r.attribution, 'report_id', r.ext_id))`
	month := `printf('%04d-%02d', r.date_year, r.date_month)`
	week := `strftime('%G-W%V', printf('%04d-%02d-%02d', r.date_year, r.date_month, r.date_day))`
	event, report := "$2 + r.id - $3", "r.id"
	seeds := "FROM reports r WHERE r.id BETWEEN $3 AND $4 AND r.supersedes IS NULL ORDER BY r.id"
	linkSeeds := seeds
	if dialect == Postgres {
		insert = "INSERT INTO "
		claims = `jsonb_build_array(jsonb_build_object('actor', r.perpetrator, 'status', r.attribution, 'report_id', r.ext_id))`
		month = `to_char(make_date(r.date_year, r.date_month, 1), 'YYYY-MM')`
		week = `to_char(make_date(r.date_year, r.date_month, r.date_day), 'IYYY-"W"IW')`
		event, report = "m.event_id", "m.report_id"
		linkSeeds = "FROM unnest($2::bigint[], $3::bigint[]) AS m (report_id, event_id) ORDER BY m.report_id"
		seeds = "FROM unnest($2::bigint[], $3::bigint[]) AS m (report_id, event_id) JOIN reports r ON r.id = m.report_id ORDER BY m.report_id"
	}
	events = insert + `events (` + strings.Join(eventCols, ", ") + `)
	SELECT ` + event + `,
		r.date_year, r.date_month, r.date_day, r.date_precision,
		r.province, r.district, r.place, r.lat, r.lon, r.geo_precision, r.place_id,
		r.perpetrator, r.attribution, r.attack_type, r.target_type, ` + strings.Join(prefixed("r.", figureCols), ", ") + `,
		r.cross_border, r.marking, r.owner,
		CASE WHEN r.perpetrator NOT IN ('', '` + sarhad.UnknownActor + `') THEN ` + claims + ` END,
		$1, r.day, r.date_year,
		CASE WHEN r.date_month > 0 THEN ` + month + ` ELSE '' END,
		CASE WHEN r.date_day > 0 THEN ` + week + ` ELSE '' END,
		6, '', NULL
	` + seeds
	links = insert + `event_reports (` + strings.Join(linkCols, ", ") + `)
	SELECT ` + report + `, ` + event + `, 1.0, '` + whySeed + `', '` + string(sarhad.LinkSeed) + `', '` + sarhad.SystemAgency + `', $1
	` + linkSeeds
	return events, links
}

// linkCols are the columns of event_reports.
var linkCols = []string{"report_id", "event_id", "score", "why", "decision", "decided_by", "decided_at"}

var updateEventSQL = func() string {
	var b strings.Builder
	b.WriteString("UPDATE events SET ")
	for i, c := range eventFieldCols {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s = $%d", c, i+1)
	}
	fmt.Fprintf(&b, " WHERE id = $%d", len(eventFieldCols)+1)
	return b.String()
}()

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
	h, err := decodeHash(ReportHash(r))
	if err != nil {
		return "", res, err
	}
	var pk int64
	err = s.db.QueryRowContext(ctx, `SELECT er.event_id FROM reports r JOIN event_reports er ON er.report_id = r.id
		WHERE r.hash = $1`, h).Scan(&pk)
	if err != nil {
		return "", res, fmt.Errorf("add report %s: find its event: %w", r.ID, err)
	}
	return eventID(pk), res, nil
}
