package fusion

import (
	"math"
	"slices"
	"strconv"
	"sync"

	"github.com/sarhad-osint/sarhad"
)

// Index is incremental fusion: it holds reports already placed in events and places each
// new report at once — in the existing event it matches best, or in a new event. A report
// joins an event when it is a candidate of every report of the event (compatible place and
// dates, never a second row of one data set) and its mean log-odds with them is positive:
// the average-linkage rule of the batch, applied to one report. Events are not split or
// merged by Add; a batch re-fusion (or an analyst) does that.
//
// The index keeps a slim copy of each report (no text, only its keywords), about 300 bytes
// a report. It is safe for concurrent use.
type Index struct {
	e  *Engine
	mu sync.Mutex
	m  *model

	feats   []feat
	kws     []keywords
	slim    []slimReport
	eventOf []int32 // event index per report; -1 removed
	cs      cells

	events  []ixEvent
	eventIx map[string]int32
	byID    map[string][]int32

	// NewEventID names a new event; the default gives "e-1", "e-2", ... after the
	// highest numbered "e-<n>" ID loaded.
	NewEventID func() string
	next       int
	merges     []Merge
}

// ixEvent is an event of the index: its ID and report indices.
type ixEvent struct {
	id      string
	members []int32
}

// slimReport is what an index keeps of a report to explain a link.
type slimReport struct {
	id                          string
	date                        sarhad.Date
	province, district, place   string
	precision                   sarhad.GeoPrecision
	perpetrator, perpetratorRaw string
	attribution                 sarhad.Attribution
}

func slimOf(r *sarhad.Report) slimReport {
	return slimReport{r.ID, r.Date, r.Location.Province, r.Location.District, r.Location.Place, r.Location.Precision,
		r.Perpetrator, r.PerpetratorRaw, r.Attribution}
}

func (s *slimReport) report() sarhad.Report {
	return sarhad.Report{ID: s.id, Date: s.date, Perpetrator: s.perpetrator, PerpetratorRaw: s.perpetratorRaw,
		Attribution: s.attribution,
		Location:    sarhad.Location{Province: s.province, District: s.district, Place: s.place, Precision: s.precision}}
}

// NewIndex returns an empty index that matches as the engine does.
func (e *Engine) NewIndex() *Index {
	return &Index{e: e, m: e.newModel(), eventIx: map[string]int32{}, byID: map[string][]int32{}}
}

// Compact sorts what bulk loads left unsorted, so that the first adds do not pay for it.
func (ix *Index) Compact() {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	for _, cs := range [][]cell{ix.cs.dist, ix.cs.prov} {
		for i := range cs {
			if cs[i].unsorted {
				cs[i].sort()
			}
		}
	}
	if ix.cs.nowhere.unsorted {
		ix.cs.nowhere.sort()
	}
}

// Len returns the number of reports and events in the index.
func (ix *Index) Len() (reports, events int) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	n := 0
	for i := range ix.events {
		if len(ix.events[i].members) > 0 {
			n++
		}
	}
	return len(ix.byID), n
}

// Observe counts a report in the frequencies that weight agreement without indexing it: a
// sample of a store's reports gives an index the frequencies of the whole.
func (ix *Index) Observe(r *sarhad.Report) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	f := ix.m.prepare(r)
	ix.m.count(&f, 1)
	if r.Text != "" {
		ix.m.df.add(r.Text)
	}
}

// Load adds a report that already belongs to the event eventID, without matching it. It
// is meant for loading many reports: cells may be left to sort at their next query (see
// Compact).
func (ix *Index) Load(r sarhad.Report, eventID string) { ix.load(r, eventID, true) }

// load is Load; bulk=false keeps every cell sorted (a few reports at a time). It returns
// the report's position in the index.
func (ix *Index) load(r sarhad.Report, eventID string, bulk bool) int32 {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	return ix.insert(&r, ix.event(eventID), bulk)
}

// event returns the index of the event with the given ID, creating it.
func (ix *Index) event(id string) int32 {
	if k, ok := ix.eventIx[id]; ok {
		return k
	}
	k := int32(len(ix.events))
	ix.events = append(ix.events, ixEvent{id: id})
	ix.eventIx[id] = k
	if len(id) > 2 && id[:2] == "e-" {
		if n, err := strconv.Atoi(id[2:]); err == nil && n > ix.next {
			ix.next = n
		}
	}
	return k
}

// insert files a report under event k (bulk: as part of a load); the caller holds ix.mu.
func (ix *Index) insert(r *sarhad.Report, k int32, bulk bool) int32 {
	f := ix.m.prepare(r)
	ix.m.count(&f, 1)
	if r.Text != "" {
		var buf [256]uint32 // the text is read once: counted, then its keywords chosen
		ws := ix.m.df.addWords(buf[:0], r.Text)
		f.text = int32(len(ix.kws))
		ix.kws = append(ix.kws, ix.m.df.keywordsOfWords(ws, false)) // its rare words may match a later text
	}
	idx := int32(len(ix.feats))
	ix.feats = append(ix.feats, f)
	ix.slim = append(ix.slim, slimOf(r))
	ix.eventOf = append(ix.eventOf, k)
	ix.events[k].members = append(ix.events[k].members, idx)
	ix.byID[r.ID] = append(ix.byID[r.ID], idx)
	if f.lo != noDay {
		ix.cs.get(cellOf(&f)).insert(&f, idx, bulk)
	}
	return idx
}

// Match returns the event r would join and the link that says why; eventID is "" when r
// would start a new event. It does not change the index.
func (ix *Index) Match(r *sarhad.Report) (eventID string, link sarhad.Link) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	k, link, _ := ix.match(r)
	if k < 0 {
		return "", link
	}
	return ix.events[k].id, link
}

// match finds the best event for r, and the events r links: compatible with every one of
// their reports, with a positive mean log-odds: the only events a merge around r may take
// (a report without a place, or dated only to a year, is compatible with a thousand events
// of a busy store, and a merge was tried with each). The caller holds ix.mu.
func (ix *Index) match(r *sarhad.Report) (int32, sarhad.Link, []int32) {
	m := ix.m
	f := m.prepare(r)
	var kw *keywords
	if r.Text != "" {
		k := m.df.keywordsOf(r.Text, false)
		kw = &k
	}
	type acc struct {
		sum   float64
		n     int
		dead  bool
		best  int32
		bestW float64
	}
	cand := map[int32]*acc{}
	m.everyCandidate(&ix.cs, ix.feats, &f, nil, func(j int32) {
		k := ix.eventOf[j]
		if k < 0 {
			return
		}
		a := cand[k]
		if a == nil {
			a = &acc{best: -1, bestW: math.Inf(-1)}
			cand[k] = a
		}
		if a.dead {
			return
		}
		fj := &ix.feats[j]
		w := m.pairScore(&f, fj, kw, ix.kwOf(fj), nil, nil, nil)
		if math.IsInf(w, -1) {
			a.dead = true
			return
		}
		a.sum += w
		a.n++
		if w > a.bestW {
			a.best, a.bestW = j, w
		}
	})
	bestK, bestAvg := int32(-1), 0.0
	var bestAcc *acc
	var near []int32
	for k, a := range cand {
		if a.dead {
			continue
		}
		if a.n != len(ix.events[k].members) {
			continue
		}
		avg := a.sum / float64(a.n)
		if avg > 0 {
			near = append(near, k)
		}
		if avg > bestAvg || avg == bestAvg && bestK >= 0 && k < bestK {
			bestK, bestAvg, bestAcc = k, avg, a
		}
	}
	slices.Sort(near)
	link := sarhad.Link{ReportID: r.ID}
	if bestK < 0 {
		link.Score, link.Why, link.Decision = 1, "first report of this event", sarhad.LinkSeed
		return -1, link, near
	}
	other := ix.slim[bestAcc.best].report()
	var x explain
	fj := &ix.feats[bestAcc.best]
	m.pairScore(&f, fj, kw, ix.kwOf(fj), r, &other, &x)
	link.Score = math.Round(logistic(bestAvg)*1000) / 1000
	link.Why = "with " + other.ID + ": " + x.String()
	link.Decision = sarhad.LinkAuto
	return bestK, link, near
}

func (ix *Index) kwOf(f *feat) *keywords {
	if f.text < 0 {
		return nil
	}
	return &ix.kws[f.text]
}

// Add places r: in the event it matches best, or in a new event named by NewEventID. It
// returns the event's ID, the link, and whether the event is new.
func (ix *Index) Add(r sarhad.Report) (eventID string, link sarhad.Link, created bool) {
	eventID, link, created, _ = ix.add(r)
	return eventID, link, created
}

// add is Add, also returning the report's position in the index.
func (ix *Index) add(r sarhad.Report) (eventID string, link sarhad.Link, created bool, at int32) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	k, link, near := ix.match(&r)
	if k < 0 {
		var id string
		if ix.NewEventID != nil {
			id = ix.NewEventID()
		} else {
			id = "e-" + strconv.Itoa(ix.next+1)
		}
		k = ix.event(id)
		created = true
	}
	at = ix.insert(&r, k, false)
	if !created {
		ix.mergeNear(k, near)
	}
	return ix.events[k].id, link, created, at
}

// Merge records that the index merged an event into another: a new report showed that
// they describe one attack.
type Merge struct{ Kept, Gone string }

// TakeMerges returns the merges made since the last call, oldest first.
func (ix *Index) TakeMerges() []Merge {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	out := ix.merges
	ix.merges = nil
	return out
}

// mergeNear continues the average-linkage agglomeration around a report that joined event
// k: k absorbs the event among near (the other events the report links) whose reports have,
// with k's, the highest positive mean log-odds, every pair compatible. Without it, an event
// whose first reports did not match each other would stay split though a later report links
// them. The caller holds ix.mu.
func (ix *Index) mergeNear(k int32, near []int32) {
	best, bestAvg := int32(-1), 0.0
	for _, o := range near {
		if o == k || len(ix.events[o].members) == 0 {
			continue
		}
		sum, n, ok := 0.0, 0, true
		for _, a := range ix.events[k].members {
			fa := &ix.feats[a]
			for _, b := range ix.events[o].members {
				fb := &ix.feats[b]
				w := ix.m.pairScore(fa, fb, ix.kwOf(fa), ix.kwOf(fb), nil, nil, nil)
				if math.IsInf(w, -1) {
					ok = false
					break
				}
				sum += w
				n++
			}
			if !ok {
				break
			}
		}
		if ok && n > 0 && sum/float64(n) > bestAvg {
			best, bestAvg = o, sum/float64(n)
		}
	}
	if best < 0 {
		return
	}
	for _, i := range ix.events[best].members {
		ix.eventOf[i] = k
	}
	ix.events[k].members = append(ix.events[k].members, ix.events[best].members...)
	ix.events[best].members = nil
	ix.merges = append(ix.merges, Merge{Kept: ix.events[k].id, Gone: ix.events[best].id})
}

// Move puts the reports with the given ID into the event eventID (creating it), as an
// analyst's pin or merge does. It reports whether a report had the ID.
func (ix *Index) Move(reportID, eventID string) bool {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	idxs := ix.byID[reportID]
	if len(idxs) == 0 {
		return false
	}
	for _, i := range idxs {
		ix.moveAt(i, eventID)
	}
	return true
}

// moveAt puts the report at position i into the event eventID (creating it); the caller
// holds ix.mu.
func (ix *Index) moveAt(i int32, eventID string) {
	k := ix.event(eventID)
	ix.detach(i)
	ix.eventOf[i] = k
	ix.events[k].members = append(ix.events[k].members, i)
}

// relink is moveAt under the index's lock: the incorporator moves a report it loaded, by
// the position load returned (report IDs need not be unique across sources).
func (ix *Index) relink(i int32, eventID string) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.moveAt(i, eventID)
}

// Remove takes the reports with the given ID out of the index.
func (ix *Index) Remove(reportID string) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	for _, i := range ix.byID[reportID] {
		ix.detach(i)
		ix.eventOf[i] = -1
		f := &ix.feats[i]
		ix.m.count(f, -1)
		if f.lo != noDay {
			if c := ix.cs.peek(cellOf(f)); c != nil {
				c.remove(f, i)
			}
		}
	}
	delete(ix.byID, reportID)
}

// detach removes report i from its event's members; the caller holds ix.mu.
func (ix *Index) detach(i int32) {
	k := ix.eventOf[i]
	if k < 0 {
		return
	}
	ms := ix.events[k].members
	for j, x := range ms {
		if x == i {
			ix.events[k].members = append(ms[:j:j], ms[j+1:]...)
			break
		}
	}
}

// EventOf returns the event of the report with the given ID, "" when unknown.
func (ix *Index) EventOf(reportID string) string {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	for _, i := range ix.byID[reportID] {
		if k := ix.eventOf[i]; k >= 0 {
			return ix.events[k].id
		}
	}
	return ""
}

// Members returns the report IDs of an event.
func (ix *Index) Members(eventID string) []string {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	k, ok := ix.eventIx[eventID]
	if !ok {
		return nil
	}
	var out []string
	for _, i := range ix.events[k].members {
		out = append(out, ix.slim[i].id)
	}
	return out
}
