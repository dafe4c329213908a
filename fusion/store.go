package fusion

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"time"

	"github.com/sarhad-osint/sarhad"
)

// Stored is a report as an event store holds it: with its store key and the event and
// link it belongs to.
type Stored struct {
	Report sarhad.Report
	// Key is the store's identity of the report (unique, unlike Report.ID).
	Key int64
	// EventID is the report's event ("e-<n>"); Link is how it joined it.
	EventID string
	Link    sarhad.Link
	// Revises is set when the report is a revision of an earlier one; EventLinks, when
	// known (not 0), counts the reports linked to its event, earlier revisions included.
	Revises    bool
	EventLinks int
}

// EventWrite is one event to write: its reconciled fields and links (Event.Links, in the
// order of Keys, the store keys of its reports). An empty Event.ID asks the store for a new
// event; the store fills it in.
type EventWrite struct {
	Event sarhad.Event
	Keys  []int64
}

// Horizon is what a store can tell an incorporator of what changed since it last looked:
// the count of links moved to another event or removed, and the largest report key. When
// Tracked, every report stored later has a larger key, and while Moves stays the same no
// link has moved: a window read whole before needs only its reports above the key it had
// then. A store that cannot tell (Tracked false) is read whole window by window.
type Horizon struct {
	Moves, MaxKey int64
	Tracked       bool
}

// Change is what a fusion step writes, in one transaction.
type Change struct {
	// Moves, when not nil, receives the store's count of moved links (Horizon.Moves) as its
	// transaction read it before and after the change's writes (a store that keeps no count
	// leaves it).
	Moves *[2]int64
	// Events are rewritten (or created) with exactly the given reports.
	Events []EventWrite
	// Delete lists events left without reports.
	Delete []string
	// Decision, when set, is recorded (its ID is filled in), and Undone, when set, is
	// marked undone by it. When Result ≥ 0 the decision's Result is the ID of
	// Events[Result] as written (a new event gets its ID in the transaction).
	Decision *sarhad.Decision
	Undone   int64
	Result   int
}

// Store is what fusion needs of an event store (sqlstore implements it). Reports are head
// revisions only: a report's older revisions follow it.
type Store interface {
	// FusionSample returns up to n stored reports spread over the store, for the frequencies
	// that weight agreement.
	FusionSample(ctx context.Context, n int) ([]sarhad.Report, error)
	// FusionLookup returns the stored reports with the given content hashes.
	FusionLookup(ctx context.Context, hashes []string) ([]Stored, error)
	// FusionCandidates returns the stored reports of the given provinces ("" for reports
	// without one) dated (first day) from day from to day to (day numbers), and, when after
	// is positive, with a key above it, with Key, EventID and the whole Report (no Link).
	// It first calls held with each one's key and event: those the caller holds already
	// (held returns true) are not read nor returned.
	FusionCandidates(ctx context.Context, provinces []string, from, to int, after int64, held func(key int64, eventID string) bool) ([]Stored, error)
	// FusionHorizon returns what the store can tell of changes since an earlier look (see
	// Horizon).
	FusionHorizon(ctx context.Context) (Horizon, error)
	// EventReports returns the reports of events.
	EventReports(ctx context.Context, eventIDs []string) ([]Stored, error)
	// ReportsByID returns the stored reports with the given report IDs (several reports
	// may share one).
	ReportsByID(ctx context.Context, ids []string) ([]Stored, error)
	// StoredDecision returns one decision; ENOTFOUND when there is none.
	StoredDecision(ctx context.Context, id int64) (sarhad.Decision, error)
	// StreamFusion calls fn with every stored report.
	StreamFusion(ctx context.Context, fn func(Stored) error) error
	// ApplyFusion writes a change in one transaction and returns the IDs of the events
	// written, in order (new events get theirs).
	ApplyFusion(ctx context.Context, ch Change) ([]string, error)
	// ReplaceFusion replaces every event and link of the store with the given events (a
	// re-fusion), in one transaction. Events keep their IDs; those with none get new ones.
	ReplaceFusion(ctx context.Context, events []EventWrite) error
	// StoredDecisions returns the decisions about any of the given events ("" none: all).
	StoredDecisions(ctx context.Context, eventIDs []string) ([]sarhad.Decision, error)
	// SetTrackRecords stores the sources' corroborated and contradicted counts.
	SetTrackRecords(ctx context.Context, records []TrackRecord) error
	// SourceGrades returns the per-source reliability table.
	SourceGrades(ctx context.Context) (map[string]sarhad.Reliability, error)
}

// withStoreGrades returns an engine that grades sources by the store's table, unless the
// engine has a table of its own.
func (e *Engine) withStoreGrades(ctx context.Context, st Store) *Engine {
	grades, err := st.SourceGrades(ctx)
	if err != nil || len(grades) == 0 || e.opt.Grades.reliability != nil {
		return e
	}
	opt := e.opt
	g := NewSourceGrades(grades, nil)
	g.Actors, g.claimants = opt.Grades.Actors, opt.Grades.claimants
	opt.Grades = g
	return New(opt)
}

// sampleSize is how many stored reports give an incremental index its frequencies.
const sampleSize = 20000

// Incorporator places newly stored reports into events at once, against the store's
// events: the path of `sarhad import` and of the HTTP API. It samples the store once for the
// frequencies that weight agreement and keeps an index of the stored reports it has met,
// brought up to date with the store's events at every call. It is safe for concurrent use
// (calls are serialised).
type Incorporator struct {
	merged int // events merged into others, in all
	// decided and wrote are the durations of the last Add's two halves: reading and
	// deciding, then writing.
	decided, wrote time.Duration
	e              *Engine
	st             Store
	sample         []sarhad.Report
	ix             *Index
	loaded         map[int64]loaded // by store key: the reports the index holds
	// read holds, for each province and day the index has read whole since the last move
	// of a link it did not make itself, the store's largest report key then; moves is the
	// store's count of moved links as of read (-1: unknown). See Horizon.
	read  map[provinceDay]int64
	moves int64
	mu    chan struct{}
}

// provinceDay is a cell of the incorporator's record of what it has read.
type provinceDay struct {
	province string
	day      int
}

// loaded is a stored report the incorporator's index holds: the event it holds it in, and
// its position in the index.
type loaded struct {
	event string
	at    int32
}

// NewIncorporator samples the store and returns an incorporator.
func (e *Engine) NewIncorporator(ctx context.Context, st Store) (*Incorporator, error) {
	sample, err := st.FusionSample(ctx, sampleSize)
	if err != nil {
		return nil, fmt.Errorf("fusion sample: %w", err)
	}
	e = e.withStoreGrades(ctx, st)
	inc := &Incorporator{e: e, st: st, sample: sample, mu: make(chan struct{}, 1)}
	inc.reset()
	return inc, nil
}

// reset starts the index afresh from the sample (after a failed write, the index may hold
// placements the store does not).
func (inc *Incorporator) reset() {
	inc.ix = inc.e.NewIndex()
	for i := range inc.sample {
		inc.ix.Observe(&inc.sample[i])
	}
	inc.loaded = map[int64]loaded{}
	inc.read, inc.moves = map[provinceDay]int64{}, -1
}

// sync forgets what the index read when a link moved that it did not move itself.
func (inc *Incorporator) sync(moves int64, tracked bool) {
	if !tracked || moves != inc.moves {
		clear(inc.read)
		inc.moves = moves
		if !tracked {
			inc.moves = -1
		}
	}
}

// readAfter returns the key above which the window's reports are still to be read: the
// smallest key the index saw when it read one of the window's days whole, or 0 when it has
// not read one of them.
func (inc *Incorporator) readAfter(provinces []string, from, to int) int64 {
	after := int64(math.MaxInt64)
	for _, p := range provinces {
		for d := from; d <= to; d++ {
			k, ok := inc.read[provinceDay{p, d}]
			if !ok {
				return 0
			}
			after = min(after, k)
		}
	}
	return after
}

// Placement says where a report went.
type Placement struct {
	ReportID string
	EventID  string
	Link     sarhad.Link
	// Joined is set when the report joined an existing event (its own new event was
	// removed).
	Joined bool
}

// Add places the stored reports with the given content hashes (those just added): each
// that still stands alone in the event the store created for it joins the existing event it
// matches best, or keeps its own. The events it joins are reconciled again. It returns where
// each report went.
func (inc *Incorporator) Add(ctx context.Context, hashes []string) ([]Placement, error) {
	select {
	case inc.mu <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-inc.mu }()
	start := time.Now()
	inc.decided, inc.wrote = 0, 0
	defer func() {
		if inc.decided == 0 {
			inc.decided = time.Since(start)
		} else {
			inc.wrote = time.Since(start) - inc.decided
		}
	}()
	news, err := inc.st.FusionLookup(ctx, hashes)
	if err != nil {
		return nil, fmt.Errorf("fusion: look up new reports: %w", err)
	}
	// Only reports alone in a seed event are placed; revisions and reports already fused
	// keep their events, which are reconciled again (the store rewrote them from the
	// revision alone).
	var fresh []Stored
	revised := map[string]bool{}
	for _, s := range news {
		switch {
		case s.Link.Decision == sarhad.LinkSeed && !s.Revises:
			fresh = append(fresh, s)
		case s.Revises && s.EventLinks != 2: // a revision of a report not alone in its event
			revised[s.EventID] = true
		}
	}
	if len(fresh) == 0 && len(revised) == 0 {
		return nil, nil
	}
	if slices.ContainsFunc(fresh, func(s Stored) bool { return s.EventLinks == 0 }) {
		sizes, err := inc.eventSizes(ctx, fresh)
		if err != nil {
			return nil, err
		}
		for i := range fresh {
			fresh[i].EventLinks = sizes[fresh[i].EventID]
		}
	}
	fresh = slices.DeleteFunc(fresh, func(s Stored) bool { return s.EventLinks != 1 })

	// Candidates: the stored reports of the new reports' provinces within the window.
	provs := map[string]bool{"": true}
	from, to := math.MaxInt, math.MinInt
	for _, s := range fresh {
		provs[s.Report.Location.Province] = true
		if d := s.Report.Date; !d.IsZero() {
			from = min(from, d.DayNumber()-window)
			to = max(to, int(d.End().Unix()/86400)+window)
		}
	}
	ix := inc.ix
	isFresh := map[int64]bool{}
	for _, s := range fresh {
		isFresh[s.Key] = true
	}
	// The candidates the index holds are brought up to date with the store's events (a
	// decision or a re-fusion may have moved them); the others are read and loaded.
	held := func(key int64, eventID string) bool {
		l, ok := inc.loaded[key]
		switch {
		case isFresh[key]:
			return true
		case ok && l.event != eventID:
			ix.relink(l.at, eventID)
			inc.loaded[key] = loaded{eventID, l.at}
		}
		return ok
	}
	if from <= to {
		ps := make([]string, 0, len(provs))
		for p := range provs {
			ps = append(ps, p)
		}
		sort.Strings(ps)
		// A window read whole before, with no link moved since by anyone else, needs only
		// the reports stored after it was read.
		hz, err := inc.st.FusionHorizon(ctx)
		if err != nil {
			return nil, fmt.Errorf("fusion: %w", err)
		}
		inc.sync(hz.Moves, hz.Tracked)
		after := inc.readAfter(ps, from, to)
		cands, err := inc.st.FusionCandidates(ctx, ps, from, to, after, held)
		if err != nil {
			return nil, fmt.Errorf("fusion: candidates: %w", err)
		}
		for _, c := range cands {
			inc.loaded[c.Key] = loaded{c.EventID, ix.load(c.Report, c.EventID, false)}
		}
		if hz.Tracked {
			for _, p := range ps {
				for d := from; d <= to; d++ {
					inc.read[provinceDay{p, d}] = hz.MaxKey
				}
			}
		}
	}
	var own string
	ix.NewEventID = func() string { return own }
	var out []Placement
	moved := map[string][]Stored{} // target event → reports that join it
	var deleted []string
	for _, s := range fresh {
		own = s.EventID
		id, link, created, at := ix.add(s.Report)
		p := Placement{ReportID: s.Report.ID, EventID: id, Link: link, Joined: !created}
		out = append(out, p)
		inc.loaded[s.Key] = loaded{id, at}
		if created {
			continue
		}
		s.Link = link
		moved[id] = append(moved[id], s)
		deleted = append(deleted, s.EventID)
	}
	// Events the index merged because a new report linked them.
	into := map[string]string{} // gone → kept
	for _, mg := range ix.TakeMerges() {
		into[mg.Gone] = mg.Kept
		inc.merged++
	}
	final := func(id string) string {
		for n := 0; n < len(into); n++ {
			k, ok := into[id]
			if !ok {
				break
			}
			id = k
		}
		return id
	}
	if len(moved) == 0 && len(revised) == 0 && len(into) == 0 {
		return out, nil
	}
	for i := range out {
		out[i].EventID = final(out[i].EventID)
	}
	affected := map[string]bool{}
	for id := range moved {
		affected[id] = true
	}
	for id := range revised {
		affected[id] = true
	}
	for gone, kept := range into {
		affected[gone], affected[kept] = true, true
		deleted = append(deleted, gone)
	}
	query := make([]string, 0, len(affected))
	for id := range affected {
		query = append(query, id)
	}
	sort.Strings(query)
	members, err := inc.st.EventReports(ctx, query)
	if err != nil {
		return nil, fmt.Errorf("fusion: event reports: %w", err)
	}
	movedKey := map[int64]bool{}
	for _, ss := range moved {
		for _, s := range ss {
			movedKey[s.Key] = true
		}
	}
	byEvent := map[string][]Stored{}
	for _, s := range members {
		if !movedKey[s.Key] {
			byEvent[final(s.EventID)] = append(byEvent[final(s.EventID)], s)
		}
	}
	for id, ss := range moved {
		byEvent[final(id)] = append(byEvent[final(id)], ss...)
	}
	ch := Change{Delete: deleted, Result: -1}
	for _, id := range query {
		if _, gone := into[id]; gone || len(byEvent[id]) == 0 {
			continue
		}
		ch.Events = append(ch.Events, inc.e.rewrite(id, byEvent[id]))
	}
	moves := [2]int64{-1, -1}
	ch.Moves = &moves
	inc.decided = time.Since(start)
	if _, err := inc.st.ApplyFusion(ctx, ch); err != nil {
		inc.reset()
		return nil, fmt.Errorf("fusion: write: %w", err)
	}
	// The change's own moves are in the index; moves made by others before it are not.
	if moves[0] >= 0 {
		inc.sync(moves[0], true)
		inc.moves = moves[1]
	}
	return out, nil
}

// LastTimes returns how long the last Add took to read and decide, and to write.
func (inc *Incorporator) LastTimes() (decide, write time.Duration) {
	inc.mu <- struct{}{}
	defer func() { <-inc.mu }()
	return inc.decided, inc.wrote
}

// Merged returns how many events the incorporator has merged into others since it was
// made (a new report showed that two events describe one attack).
func (inc *Incorporator) Merged() int {
	inc.mu <- struct{}{}
	defer func() { <-inc.mu }()
	return inc.merged
}

// eventSizes counts the reports of the events of the given reports.
func (inc *Incorporator) eventSizes(ctx context.Context, ss []Stored) (map[string]int, error) {
	ids := make([]string, 0, len(ss))
	for _, s := range ss {
		ids = append(ids, s.EventID)
	}
	all, err := inc.st.EventReports(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("fusion: event reports: %w", err)
	}
	sizes := map[string]int{}
	for _, s := range all {
		sizes[s.EventID]++
	}
	return sizes, nil
}

// rewrite reconciles an event from its stored reports, keeping their links (the seed
// first).
func (e *Engine) rewrite(id string, ss []Stored) EventWrite {
	sort.SliceStable(ss, func(i, j int) bool {
		return ss[i].Link.Decision == sarhad.LinkSeed && ss[j].Link.Decision != sarhad.LinkSeed
	})
	reports := make([]sarhad.Report, len(ss))
	keys := make([]int64, len(ss))
	for i := range ss {
		reports[i], keys[i] = ss[i].Report, ss[i].Key
	}
	ev := Reconcile(reports, e.opt.Grades)
	ev.ID = id
	for i := range ss {
		l := ss[i].Link
		l.ReportID = reports[i].ID
		if i == 0 && l.Decision != sarhad.LinkPinned {
			l.Score, l.Why, l.Decision = 1, "first report of this event", sarhad.LinkSeed
		} else if l.Decision == sarhad.LinkSeed {
			l.Decision = sarhad.LinkAuto
		}
		ev.Links[i] = l
	}
	return EventWrite{Event: ev, Keys: keys}
}

// RefuseResult summarises a re-fusion of a store.
type RefuseResult struct {
	Reports, Events, Kept, Pairs int
	Sources                      int
	Elapsed                      time.Duration
}

// Refuse fuses every stored report again, honouring the standing analyst decisions, and
// replaces the store's events: an event keeps its ID when most of its reports stay
// together (each old event gives its ID to the new event holding most of its reports, the
// largest first). It also stores every source's track record.
func (e *Engine) Refuse(ctx context.Context, st Store) (RefuseResult, error) {
	start := time.Now()
	var res RefuseResult
	var (
		reports []sarhad.Report
		keys    []int64
		old     []string // the events the reports are in
	)
	if err := st.StreamFusion(ctx, func(s Stored) error {
		reports = append(reports, s.Report)
		keys = append(keys, s.Key)
		old = append(old, s.EventID)
		return nil
	}); err != nil {
		return res, fmt.Errorf("fusion: read reports: %w", err)
	}
	decisions, err := st.StoredDecisions(ctx, nil)
	if err != nil {
		return res, fmt.Errorf("fusion: read decisions: %w", err)
	}
	e = e.withStoreGrades(ctx, st)
	r := e.Fuse(reports, ConstraintsFrom(decisions))
	res.Reports, res.Events, res.Pairs = len(reports), len(r.Events), r.Pairs

	ids := keepIDs(old, r)
	writes := make([]EventWrite, len(r.Events))
	pos := make([]int, len(reports)) // position of report i in its event's links
	seen := make([]int, len(r.Events))
	for i, k := range r.EventOf {
		pos[i] = seen[k]
		seen[k]++
	}
	for k := range r.Events {
		ev := r.Events[k]
		ev.ID = ids[k]
		if ev.ID != "" {
			res.Kept++
		}
		writes[k] = EventWrite{Event: ev, Keys: make([]int64, len(ev.Links))}
	}
	for i, k := range r.EventOf {
		writes[k].Keys[pos[i]] = keys[i]
	}
	if err := st.ReplaceFusion(ctx, writes); err != nil {
		return res, fmt.Errorf("fusion: write events: %w", err)
	}
	byID := make(map[string]int, len(reports))
	for i := range reports {
		byID[reports[i].ID] = i
	}
	records := TrackRecords(r.Events, func(id string) (sarhad.Report, bool) {
		i, ok := byID[id]
		if !ok {
			return sarhad.Report{}, false
		}
		return reports[i], true
	}, e.opt.Grades)
	if err := st.SetTrackRecords(ctx, records); err != nil {
		return res, fmt.Errorf("fusion: track records: %w", err)
	}
	res.Sources = len(records)
	res.Elapsed = time.Since(start)
	return res, nil
}

// keepIDs gives each new event the ID of the old event holding most of its reports (old[i]
// is report i's), each old ID used once, the largest overlaps first; "" for events that get
// a new ID.
func keepIDs(old []string, r *Result) []string {
	type pair struct {
		k     int
		old   string
		count int
	}
	counts := map[[2]string]int{}
	var pairs []pair
	for i, k := range r.EventOf {
		if old[i] == "" {
			continue
		}
		key := [2]string{strconv.Itoa(k), old[i]}
		if counts[key] == 0 {
			pairs = append(pairs, pair{k: k, old: old[i]})
		}
		counts[key]++
	}
	for i := range pairs {
		pairs[i].count = counts[[2]string{strconv.Itoa(pairs[i].k), pairs[i].old}]
	}
	sort.SliceStable(pairs, func(i, j int) bool {
		if pairs[i].count != pairs[j].count {
			return pairs[i].count > pairs[j].count
		}
		if pairs[i].k != pairs[j].k {
			return pairs[i].k < pairs[j].k
		}
		return pairs[i].old < pairs[j].old
	})
	ids := make([]string, len(r.Events))
	used := map[string]bool{}
	for _, p := range pairs {
		if ids[p.k] == "" && !used[p.old] {
			ids[p.k] = p.old
			used[p.old] = true
		}
	}
	return ids
}
