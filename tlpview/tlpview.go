// Package tlpview is the read side of Sarhad as each viewer may see it: events, event pages
// and statistics with TLP 2.0 enforced exactly, including on events fused from reports of
// several agencies or markings.
//
// # Pure and mixed events
//
// An event is pure when every one of its reports has the event's own marking and owner; the
// store flags the others as mixed (a trigger keeps the flag current whoever writes). A viewer
// sees a pure event whole or not at all, and the store filters pure events in SQL with the
// event's marking and owner. A mixed event is seen by whoever may see at least one of its
// reports; a viewer who may see only some of them sees the event recomputed from those
// (per-viewer reconciliation), never the stored values, which may rest on reports it may
// not see. Mixed events are rare (they need a fusion of reports across agencies or
// markings), so they are handled in Go: for each visibility class (agency and the agencies
// that share TLP:AMBER with it) the visible mixed events are loaded once per store
// generation, reconciled, and then filtered, paged and counted together with the SQL result
// of the pure ones. Lists, pages, exports and statistics therefore agree, and none of them
// reveals that an event exists to a viewer who may see none of its reports: such an event is
// simply absent (404 for a page, never 403).
//
// # Caches
//
// Statistics are cached per (visibility class, query) and the reconciled mixed events per
// visibility class; both are keyed by the store's write generation, which every change of an
// event or of a report-to-event link advances, so a cached answer is never older than the
// last write that committed before the request began.
package tlpview

import (
	"context"
	"encoding/base64"
	"slices"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/sync/singleflight"

	"github.com/sarhad-osint/sarhad"
)

// Page sizes of Events.
const (
	DefaultLimit = 100
	MaxLimit     = 1000
)

// Position is where an event sorts in a list: its day number (Store.DayOf of its date) and
// its numeric id. Lists run from the latest position down.
type Position struct{ Day, ID int64 }

func (p Position) before(o Position) bool { // p sorts after o in a descending list
	return p.Day < o.Day || p.Day == o.Day && p.ID < o.ID
}

// Placed is an event with its position.
type Placed struct {
	Event sarhad.Event
	Pos   Position
}

// Detail is an event as stored with its reports: all of them as the store returns it, the
// visible ones once restricted to a viewer.
type Detail struct {
	// Event holds the stored (fully reconciled) values; Event.Links are the links of
	// Reports, in the same order.
	Event sarhad.Event
	Pos   Position
	// Reports are the reports of the event, every revision included, in link order.
	Reports []sarhad.Report
	// Revises, from the store, gives for each report the index in Reports of the earlier
	// revision it supersedes, -1 when none.
	Revises []int
	// Current, once restricted, are the visible reports that no other visible report
	// supersedes: the input of a per-viewer reconciliation.
	Current []sarhad.Report
	// Total counts every report of the event, visible or not.
	Total int
}

// restrict returns what v may see of a full detail: the visible reports and their links, and
// the current ones among them; false when v may see none.
func restrict(d Detail, v sarhad.Viewer) (Detail, bool) {
	out := Detail{Event: d.Event, Pos: d.Pos, Total: d.Total}
	out.Event.Links = nil
	seen := make([]bool, len(d.Reports))
	for i := range d.Reports {
		r := &d.Reports[i]
		if !v.CanSee(r.Marking, r.Owner) {
			continue
		}
		seen[i] = true
		out.Reports = append(out.Reports, *r)
		if i < len(d.Event.Links) {
			out.Event.Links = append(out.Event.Links, d.Event.Links[i])
		}
	}
	if len(out.Reports) == 0 {
		return out, false
	}
	superseded := make([]bool, len(d.Reports))
	for i, j := range d.Revises {
		if j >= 0 && seen[i] {
			superseded[j] = true
		}
	}
	for i := range d.Reports {
		if seen[i] && !superseded[i] {
			out.Current = append(out.Current, d.Reports[i])
		}
	}
	return out, true
}

// Store is what the views need of the event store. sqlstore implements it.
type Store interface {
	// Generation returns a number that changes whenever an event or a link between a report
	// and an event changes.
	Generation(ctx context.Context) (int64, error)
	// DayOf returns the day number the store sorts and filters a date by.
	DayOf(d sarhad.Date) int64
	// EventDetail returns the event with the public id and all its reports; ENOTFOUND when
	// it does not exist.
	EventDetail(ctx context.Context, id string) (Detail, error)
	// ListEvents returns up to limit events that the viewer may see by the event's own
	// marking and owner and that match f (Limit and Cursor ignored), positioned strictly after
	// after when it is not nil, latest first, with links to the visible reports. With
	// exceptMixed, mixed events are left out.
	ListEvents(ctx context.Context, v sarhad.Viewer, f sarhad.EventFilter, after *Position, limit int, exceptMixed bool) ([]Placed, error)
	// EventStats is Stats over the events ListEvents would return.
	EventStats(ctx context.Context, v sarhad.Viewer, q sarhad.StatsQuery, exceptMixed bool) (sarhad.Stats, error)
	// MixedEvents calls fn with the full detail of every mixed event.
	MixedEvents(ctx context.Context, fn func(Detail) error) error
}

// Reconciler recomputes an event from some of its reports (fusion's reconciliation). The
// views set the result's ID, Links and Incident themselves.
type Reconciler func(reports []sarhad.Report) sarhad.Event

// Views answers reads for viewers. It is safe for concurrent use.
type Views struct {
	store     Store
	reconcile Reconciler
	noDay     int64

	mu    sync.Mutex
	stats map[string]statsEntry
	mixed map[string]mixedEntry
	// all holds every mixed event, unrestricted, at one generation: loaded once per write and
	// restricted per class in memory.
	all    mixedEntry
	flight singleflight.Group
	// maxEntries bounds each cache; a full cache is emptied.
	maxEntries int
}

type statsEntry struct {
	gen   int64
	stats sarhad.Stats
}

type mixedEntry struct {
	gen     int64
	events  []Placed // reconciled for the class, latest first
	details []Detail // every mixed event, unrestricted (the all entry)
}

// New returns the views over store. reconcile recomputes an event from a subset of its
// reports; nil uses Fallback.
func New(store Store, reconcile Reconciler) *Views {
	if reconcile == nil {
		reconcile = Fallback
	}
	return &Views{store: store, reconcile: reconcile, noDay: store.DayOf(sarhad.Date{}),
		stats: map[string]statsEntry{}, mixed: map[string]mixedEntry{}, maxEntries: 4096}
}

// Generation returns the store's write generation: answers computed at one generation hold
// until it changes.
func (vw *Views) Generation(ctx context.Context) (int64, error) { return vw.store.Generation(ctx) }

// Fallback is the reconciliation used until fusion provides one: the single-report event of
// the most recent report (latest ReportedAt, then latest stored), with the claims of all of
// them. Its credibility is 6 (cannot be judged) unless fusion says better.
func Fallback(reports []sarhad.Report) sarhad.Event {
	if len(reports) == 0 {
		return sarhad.Event{}
	}
	latest := 0
	for i := range reports {
		if !reports[i].ReportedAt.Before(reports[latest].ReportedAt) {
			latest = i
		}
	}
	e := sarhad.EventFromReport(&reports[latest])
	e.Claims = nil
	for i := range reports {
		if p := reports[i].Perpetrator; p != "" && p != sarhad.UnknownActor {
			e.Claims = append(e.Claims, sarhad.Claim{Actor: p, Status: reports[i].Attribution, ReportID: reports[i].ID})
		}
	}
	return e
}

// ClassOf returns the visibility class of a viewer: viewers of one class see exactly the
// same records. Role does not matter for reading.
func ClassOf(v sarhad.Viewer) string {
	if v.All {
		return "*"
	}
	if v.Agency == "" {
		return ""
	}
	from := make([]string, 0, len(v.AmberFrom))
	for _, a := range v.AmberFrom {
		if a != "" && a != v.Agency {
			from = append(from, a)
		}
	}
	slices.Sort(from)
	from = slices.Compact(from)
	var b strings.Builder
	b.WriteString(strconv.Quote(v.Agency))
	for _, a := range from {
		b.WriteByte(',')
		b.WriteString(strconv.Quote(a))
	}
	return b.String()
}

// view turns a restricted detail into what its viewer may see: the stored event when every
// report is visible, else the event reconciled from the visible current reports.
func (vw *Views) view(d Detail) Placed {
	if len(d.Reports) == d.Total {
		return Placed{Event: d.Event, Pos: d.Pos}
	}
	e := vw.reconcile(d.Current)
	e.ID, e.Incident, e.UpdatedAt = d.Event.ID, d.Event.Incident, d.Event.UpdatedAt
	e.Links = d.Event.Links // the store gives the links of the visible reports only
	visible := make(map[string]bool, len(d.Reports))
	for _, r := range d.Reports {
		visible[r.ID] = true
	}
	e.Claims = slices.DeleteFunc(e.Claims, func(c sarhad.Claim) bool { return !visible[c.ReportID] })
	e.Provenance = slices.DeleteFunc(e.Provenance, func(p sarhad.FieldSource) bool { return p.ReportID != "" && !visible[p.ReportID] })
	// The partial view carries the most restrictive marking of what it shows.
	e.Marking, e.Owner = d.Current[0].Marking, d.Current[0].Owner
	for _, r := range d.Current[1:] {
		if r.Marking.Level() > e.Marking.Level() {
			e.Marking, e.Owner = r.Marking, r.Owner
		}
	}
	return Placed{Event: e, Pos: Position{Day: vw.store.DayOf(e.Date), ID: d.Pos.ID}}
}

// EventDetail returns the event with the public id as the viewer may see it, with the
// reports of it the viewer may see; ENOTFOUND when there is none of it to see.
func (vw *Views) EventDetail(ctx context.Context, v sarhad.Viewer, id string) (sarhad.Event, []sarhad.Report, error) {
	notFound := sarhad.Errorf(sarhad.ENOTFOUND, "Event %q not found.", id)
	if !v.All && v.Agency == "" {
		return sarhad.Event{}, nil, notFound
	}
	full, err := vw.store.EventDetail(ctx, id)
	if err != nil {
		return sarhad.Event{}, nil, err
	}
	d, ok := restrict(full, v)
	if !ok {
		// The same answer as for an event that does not exist.
		return sarhad.Event{}, nil, notFound
	}
	return vw.view(d).Event, d.Reports, nil
}

// Event implements sarhad.EventService.
func (vw *Views) Event(ctx context.Context, v sarhad.Viewer, id string) (sarhad.Event, error) {
	e, _, err := vw.EventDetail(ctx, v, id)
	return e, err
}

// mixedFor returns the class's visible mixed events, reconciled, latest first.
func (vw *Views) mixedFor(ctx context.Context, v sarhad.Viewer, gen int64) ([]Placed, error) {
	class := ClassOf(v)
	vw.mu.Lock()
	if m, ok := vw.mixed[class]; ok && m.gen == gen {
		vw.mu.Unlock()
		return m.events, nil
	}
	vw.mu.Unlock()
	val, err := vw.once(ctx, "mixed\x00"+class+"\x00"+strconv.FormatInt(gen, 10), func() (any, error) {
		all, err := vw.allMixed(ctx, gen)
		if err != nil {
			return nil, err
		}
		var out []Placed
		for _, full := range all {
			if d, ok := restrict(full, v); ok {
				out = append(out, vw.view(d))
			}
		}
		slices.SortFunc(out, func(a, b Placed) int {
			switch {
			case b.Pos.before(a.Pos):
				return -1
			case a.Pos.before(b.Pos):
				return 1
			}
			return 0
		})
		vw.mu.Lock()
		if len(vw.mixed) >= vw.maxEntries {
			clear(vw.mixed)
		}
		vw.mixed[class] = mixedEntry{gen: gen, events: out}
		vw.mu.Unlock()
		return out, nil
	})
	if err != nil {
		return nil, err
	}
	return val.([]Placed), nil
}

// allMixed returns every mixed event, unrestricted, at generation gen (loaded once per
// generation for all classes).
func (vw *Views) allMixed(ctx context.Context, gen int64) ([]Detail, error) {
	vw.mu.Lock()
	if vw.all.gen == gen && vw.all.details != nil {
		d := vw.all.details
		vw.mu.Unlock()
		return d, nil
	}
	vw.mu.Unlock()
	val, err := vw.once(ctx, "all-mixed\x00"+strconv.FormatInt(gen, 10), func() (any, error) {
		details := []Detail{}
		err := vw.store.MixedEvents(ctx, func(d Detail) error {
			details = append(details, d)
			return nil
		})
		if err != nil {
			return nil, err
		}
		vw.mu.Lock()
		vw.all = mixedEntry{gen: gen, details: details}
		vw.mu.Unlock()
		return details, nil
	})
	if err != nil {
		return nil, err
	}
	return val.([]Detail), nil
}

// once runs f for key unless a run for key is in flight, in which case it waits for that
// run's result (a burst of identical requests costs one computation).
func (vw *Views) once(_ context.Context, key string, f func() (any, error)) (any, error) {
	v, err, _ := vw.flight.Do(key, f)
	return v, err
}

// matches is the Go form of the store's filter, applied to a reconciled event at position day.
func (vw *Views) matches(e *sarhad.Event, day int64, f sarhad.EventFilter) bool {
	if !f.From.IsZero() && day < vw.store.DayOf(sarhad.DateOf(f.From.Start())) {
		return false
	}
	if !f.To.IsZero() && (day <= vw.noDay || day > vw.store.DayOf(sarhad.DateOf(f.To.End()))) {
		return false
	}
	perp := e.Perpetrator
	if perp == "" {
		perp = sarhad.UnknownActor
	}
	return (f.Province == "" || e.Location.Province == f.Province) &&
		(f.District == "" || e.Location.District == f.District) &&
		(f.Actor == "" || perp == f.Actor) &&
		(f.AttackType == "" || e.AttackType == f.AttackType) &&
		(f.TargetType == "" || e.TargetType == f.TargetType)
}

func validateFilter(f sarhad.EventFilter) error {
	if err := f.From.Validate(); err != nil {
		return sarhad.Errorf(sarhad.EINVALID, "from: %s", sarhad.ErrorMessage(err))
	}
	if err := f.To.Validate(); err != nil {
		return sarhad.Errorf(sarhad.EINVALID, "to: %s", sarhad.ErrorMessage(err))
	}
	return nil
}

// Events returns a page of the events the viewer may see that match f, latest first, and the
// cursor of the next page ("" after the last).
func (vw *Views) Events(ctx context.Context, v sarhad.Viewer, f sarhad.EventFilter) ([]sarhad.Event, string, error) {
	if !v.All && v.Agency == "" {
		return nil, "", nil
	}
	if err := validateFilter(f); err != nil {
		return nil, "", err
	}
	limit := f.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	limit = min(limit, MaxLimit)
	var after *Position
	if f.Cursor != "" {
		p, err := DecodeCursor(f.Cursor)
		if err != nil {
			return nil, "", err
		}
		after = &p
	}
	var mixed []Placed
	if !v.All {
		gen, err := vw.store.Generation(ctx)
		if err != nil {
			return nil, "", err
		}
		all, err := vw.mixedFor(ctx, v, gen)
		if err != nil {
			return nil, "", err
		}
		for _, p := range all {
			if (after == nil || p.Pos.before(*after)) && vw.matches(&p.Event, p.Pos.Day, f) {
				mixed = append(mixed, p)
				if len(mixed) > limit {
					break
				}
			}
		}
	}
	pure, err := vw.store.ListEvents(ctx, v, f, after, limit+1, !v.All)
	if err != nil {
		return nil, "", err
	}
	// Merge the two descending lists.
	out := make([]sarhad.Event, 0, min(limit, len(pure)+len(mixed)))
	var last Position
	i, j := 0, 0
	for len(out) < limit && (i < len(pure) || j < len(mixed)) {
		var p Placed
		if j >= len(mixed) || i < len(pure) && mixed[j].Pos.before(pure[i].Pos) {
			p, i = pure[i], i+1
		} else {
			p, j = mixed[j], j+1
		}
		out = append(out, p.Event)
		last = p.Pos
	}
	next := ""
	if i < len(pure) || j < len(mixed) {
		next = EncodeCursor(last)
	}
	return out, next, nil
}

// StreamEvents calls fn with every event the viewer may see that matches f (Limit and Cursor
// ignored), in the order of Events, a page at a time; it stops at fn's first error.
func (vw *Views) StreamEvents(ctx context.Context, v sarhad.Viewer, f sarhad.EventFilter, fn func(sarhad.Event) error) error {
	return sarhad.EachEvent(f, MaxLimit, func(f sarhad.EventFilter) ([]sarhad.Event, string, error) {
		return vw.Events(ctx, v, f)
	}, fn)
}

// EncodeCursor returns the opaque cursor of a position: base64url("<day>.<id>").
func EncodeCursor(p Position) string {
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatInt(p.Day, 10) + "." + strconv.FormatInt(p.ID, 10)))
}

// DecodeCursor parses a cursor of EncodeCursor.
func DecodeCursor(c string) (Position, error) {
	bad := sarhad.Errorf(sarhad.EINVALID, "cursor %q is not a cursor this server returned", c)
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return Position{}, bad
	}
	d, i, ok := strings.Cut(string(b), ".")
	if !ok {
		return Position{}, bad
	}
	var p Position
	if p.Day, err = strconv.ParseInt(d, 10, 64); err != nil {
		return Position{}, bad
	}
	if p.ID, err = strconv.ParseInt(i, 10, 64); err != nil {
		return Position{}, bad
	}
	return p, nil
}
