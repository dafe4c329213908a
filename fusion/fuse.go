package fusion

import (
	"fmt"
	"math"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/sarhad-osint/sarhad"
)

// Options configure an Engine. Every field may be left zero.
type Options struct {
	// Places gives points and containment of places (gazetteer.Default()); without it only
	// names and the reports' own coordinates are compared.
	Places Places
	// Actors resolves perpetrator names and relates factions (actors.Default()); without
	// it only equal names match.
	Actors sarhad.ActorResolver
	// Grades overrides source reliability and lists claimant outlets.
	Grades SourceGrades
	// Workers bounds the goroutines of a batch; 0 means GOMAXPROCS.
	Workers int
	// Progress, when set, is called from time to time with the reports scored so far.
	Progress func(done, total int)
}

// Engine fuses reports into events. It is safe for concurrent use; each Fuse call and each
// Index has its own state.
type Engine struct {
	opt Options
}

// New returns an engine with the given options.
func New(opt Options) *Engine {
	if opt.Grades.Actors == nil {
		opt.Grades.Actors = opt.Actors
	}
	return &Engine{opt: opt}
}

func (e *Engine) newModel() *model { return newModel(e.opt.Places, e.opt.Actors, e.opt.Grades) }

func (e *Engine) workers() int {
	if e.opt.Workers > 0 {
		return e.opt.Workers
	}
	return runtime.GOMAXPROCS(0)
}

// Constraints are analyst decisions that a batch must honour: reports that must share an
// event and reports that must not. Report IDs are matched against the batch; an ID that
// several reports share constrains each of them.
type Constraints struct {
	// Together lists groups of report IDs that must be in one event (merges, pins).
	Together [][]string
	// Apart lists pairs of report IDs that must be in different events (splits).
	Apart [][2]string
	// Pinned marks reports an analyst placed: their links say so.
	Pinned map[string]bool
}

// Result is the outcome of a batch.
type Result struct {
	// Events are the fused events, ordered by their first report in the input; their IDs
	// are "e-1", "e-2", ... in that order.
	Events []sarhad.Event
	// EventOf gives, for every input report, the index of its event in Events.
	EventOf []int
	// Pairs is the number of candidate pairs scored.
	Pairs int
}

// Fuse clusters reports into events and reconciles each event. Every report ends up in
// exactly one event. Reports without a date are not compared (each becomes its own event
// unless a constraint places it).
func (e *Engine) Fuse(reports []sarhad.Report, c Constraints) *Result {
	n := len(reports)
	m := e.newModel()
	feats := make([]feat, n)
	for i := range reports {
		feats[i] = m.prepare(&reports[i])
		m.count(&feats[i], 1)
	}
	m.freeze(feats)
	sigs := e.keywords(m, reports, feats)
	var cs cells
	for i := range feats {
		if feats[i].lo != noDay {
			cs.get(cellOf(&feats[i])).add(&feats[i], int32(i))
		}
	}
	cs.sortAll()

	edges := e.scorePairs(m, &cs, feats, sigs)
	together, apart, pinned := e.constraintIndex(reports, c)

	// Components of positive edges and constraints: clusters never cross them.
	uf := newUnionFind(n)
	for _, ed := range edges {
		if ed.w > 0 {
			uf.union(ed.a, ed.b)
		}
	}
	for _, g := range together {
		for _, x := range g[1:] {
			uf.union(g[0], x)
		}
	}
	comp := e.components(uf, edges, together, apart)
	label := make([]int32, n)
	for i := range label {
		label[i] = int32(i)
	}
	e.parallel(len(comp.nodes), func(k int) {
		nodes := comp.nodes[k]
		if len(nodes) == 1 {
			return
		}
		lab := agglomerate(len(nodes), comp.edges[k], comp.together[k], comp.apart[k])
		for i, l := range lab {
			label[nodes[i]] = nodes[l]
		}
	})

	// Events in the order of their first report; members and inner edges (for link scores
	// and reasons) in flat arrays cut per event.
	res := &Result{EventOf: make([]int, n), Pairs: len(edges)}
	eventOfLabel := make([]int32, n)
	for i := range eventOfLabel {
		eventOfLabel[i] = -1
	}
	events := 0
	size := make([]int32, 0, n/2+1)
	for i := 0; i < n; i++ {
		l := label[i]
		k := eventOfLabel[l]
		if k < 0 {
			k = int32(events)
			eventOfLabel[l] = k
			events++
			size = append(size, 0)
		}
		size[k]++
		res.EventOf[i] = int(k)
	}
	members := cut(size, func(fill func(k int32, v int32)) {
		for i := 0; i < n; i++ {
			fill(int32(res.EventOf[i]), int32(i))
		}
	})
	innerSize := make([]int32, events)
	for _, ed := range edges {
		if label[ed.a] == label[ed.b] {
			innerSize[eventOfLabel[label[ed.a]]]++
		}
	}
	inner := cut(innerSize, func(fill func(k int32, v edge)) {
		for _, ed := range edges {
			if label[ed.a] == label[ed.b] {
				fill(eventOfLabel[label[ed.a]], ed)
			}
		}
	})
	res.Events = make([]sarhad.Event, len(members))
	e.parallel(len(members), func(k int) {
		res.Events[k] = e.buildEvent(m, reports, feats, sigs, members[k], inner[k], pinned)
		res.Events[k].ID = "e-" + strconv.Itoa(k+1)
	})
	Incidents(res.Events, e.opt.Actors)
	return res
}

// keywords computes the keyword signatures of the reports that have text, in parallel,
// and sets feat.text: a first pass counts document frequencies, a second picks keywords.
func (e *Engine) keywords(m *model, reports []sarhad.Report, feats []feat) []keywords {
	k := 0
	for i := range reports {
		if reports[i].Text != "" {
			feats[i].text = int32(k)
			k++
		}
	}
	if k == 0 {
		return nil
	}
	m.df.prepare(k)
	// Pass 1 counts document frequencies and keeps each chunk's distinct word hashes, so
	// that pass 2 does not read the texts again.
	chunks := (len(reports) + 1023) / 1024
	words := make([][]uint32, chunks)
	ends := make([][]int32, chunks)
	e.parallel(chunks, func(chunk int) {
		var ws []uint32
		var es []int32
		for i := chunk * 1024; i < min(len(reports), (chunk+1)*1024); i++ {
			if reports[i].Text != "" {
				ws = m.df.addWords(ws, reports[i].Text)
				es = append(es, int32(len(ws)))
			}
		}
		words[chunk], ends[chunk] = ws, es
	})
	m.df.freeze()
	sigs := make([]keywords, k)
	e.parallel(chunks, func(chunk int) {
		start, n := int32(0), 0
		for i := chunk * 1024; i < min(len(reports), (chunk+1)*1024); i++ {
			if t := feats[i].text; t >= 0 {
				end := ends[chunk][n]
				sigs[t] = m.df.keywordsOfWords(words[chunk][start:end], true)
				start = end
				n++
			}
		}
		words[chunk], ends[chunk] = nil, nil
	})
	return sigs
}

func sigPtr(sigs []keywords, f *feat) *keywords {
	if f.text < 0 {
		return nil
	}
	return &sigs[f.text]
}

// scorePairs scores every candidate pair once, in parallel, and returns the finite ones.
func (e *Engine) scorePairs(m *model, cs *cells, feats []feat, sigs []keywords) []edge {
	n := len(feats)
	const chunk = 4096
	chunks := (n + chunk - 1) / chunk
	parts := make([][]edge, chunks)
	var done atomic.Int64
	e.parallel(chunks, func(k int) {
		var buf []cellRef
		out := make([]edge, 0, chunk*12)
		for i := k * chunk; i < min(n, (k+1)*chunk); i++ {
			fi := &feats[i]
			si := sigPtr(sigs, fi)
			buf = m.candidates(cs, feats, fi, int32(i), buf, func(j int32) {
				fj := &feats[j]
				w := m.pairScore(fi, fj, si, sigPtr(sigs, fj), nil, nil, nil)
				if !math.IsInf(w, -1) {
					a, b := int32(i), j
					if a > b {
						a, b = b, a
					}
					out = append(out, edge{a, b, float32(w)})
				}
			})
		}
		parts[k] = out
		if p := e.opt.Progress; p != nil {
			p(int(done.Add(int64(min(n, (k+1)*chunk)-k*chunk))), n)
		}
	})
	total := 0
	for _, p := range parts {
		total += len(p)
	}
	edges := make([]edge, 0, total)
	for _, p := range parts {
		edges = append(edges, p...)
	}
	return edges
}

// parallel runs fn(0..n-1) on the engine's workers.
func (e *Engine) parallel(n int, fn func(int)) {
	w := min(e.workers(), n)
	if w <= 1 {
		for i := 0; i < n; i++ {
			fn(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range w {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				fn(i)
			}
		}()
	}
	wg.Wait()
}

// constraintIndex maps constraints from IDs to report indices.
func (e *Engine) constraintIndex(reports []sarhad.Report, c Constraints) (together [][]int32, apart [][2]int32, pinned []bool) {
	if len(c.Together) == 0 && len(c.Apart) == 0 && len(c.Pinned) == 0 {
		return nil, nil, nil
	}
	byID := map[string][]int32{}
	for i := range reports {
		byID[reports[i].ID] = append(byID[reports[i].ID], int32(i))
	}
	for _, g := range c.Together {
		var idx []int32
		for _, id := range g {
			idx = append(idx, byID[id]...)
		}
		if len(idx) > 1 {
			together = append(together, idx)
		}
	}
	for _, p := range c.Apart {
		for _, a := range byID[p[0]] {
			for _, b := range byID[p[1]] {
				if a != b {
					apart = append(apart, [2]int32{a, b})
				}
			}
		}
	}
	pinned = make([]bool, len(reports))
	for id, ok := range c.Pinned {
		if ok {
			for _, i := range byID[id] {
				pinned[i] = true
			}
		}
	}
	return together, apart, pinned
}

// componentSet is the work of the clustering stage, one entry per component.
type componentSet struct {
	nodes    [][]int32 // global indices
	edges    [][]edge  // local indices
	together [][][]int32
	apart    [][][2]int32
}

// components splits the batch into components and localises edges and constraints.
func (e *Engine) components(uf *unionFind, edges []edge, together [][]int32, apart [][2]int32) componentSet {
	n := len(uf.parent)
	compOf := make([]int32, n)
	local := make([]int32, n)
	var cs componentSet
	root := make(map[int32]int32)
	for i := 0; i < n; i++ {
		r := uf.find(int32(i))
		k, ok := root[r]
		if !ok {
			k = int32(len(cs.nodes))
			root[r] = k
			cs.nodes = append(cs.nodes, nil)
		}
		compOf[i] = k
		local[i] = int32(len(cs.nodes[k]))
		cs.nodes[k] = append(cs.nodes[k], int32(i))
	}
	cs.edges = make([][]edge, len(cs.nodes))
	for _, ed := range edges {
		k := compOf[ed.a]
		if k != compOf[ed.b] || len(cs.nodes[k]) < 2 {
			continue
		}
		cs.edges[k] = append(cs.edges[k], edge{local[ed.a], local[ed.b], ed.w})
	}
	cs.together = make([][][]int32, len(cs.nodes))
	for _, g := range together {
		k := compOf[g[0]]
		lg := make([]int32, len(g))
		for i, x := range g {
			lg[i] = local[x]
		}
		cs.together[k] = append(cs.together[k], lg)
	}
	cs.apart = make([][][2]int32, len(cs.nodes))
	for _, p := range apart {
		if k := compOf[p[0]]; k == compOf[p[1]] {
			cs.apart[k] = append(cs.apart[k], [2]int32{local[p[0]], local[p[1]]})
		}
	}
	return cs
}

// buildEvent reconciles one cluster and writes its links: the seed (the earliest report,
// else the first) scores 1; every other report scores the logistic of its mean log-odds
// with the rest of the event and gives the reason of its best pair.
func (e *Engine) buildEvent(m *model, reports []sarhad.Report, feats []feat, sigs []keywords, ms []int32, inner []edge, pinned []bool) sarhad.Event {
	items := make([]recItem, len(ms))
	for i, x := range ms {
		f := &feats[x]
		items[i] = recItem{r: &reports[x], grade: f.grade, claimant: f.claimant, source: f.source}
	}
	ev := reconcile(items, e.opt.Actors)
	seed := 0
	for i, x := range ms {
		a, b := reports[x].ReportedAt, reports[ms[seed]].ReportedAt
		if !a.IsZero() && (b.IsZero() || a.Before(b)) {
			seed = i
		}
	}
	pos := make(map[int32]int, len(ms))
	for i, x := range ms {
		pos[x] = i
	}
	sum := make([]float64, len(ms))
	cnt := make([]int, len(ms))
	best := make([]int, len(ms))
	bestW := make([]float64, len(ms))
	for i := range best {
		best[i], bestW[i] = -1, math.Inf(-1)
	}
	for _, ed := range inner {
		a, b := pos[ed.a], pos[ed.b]
		w := float64(ed.w)
		sum[a] += w
		sum[b] += w
		cnt[a]++
		cnt[b]++
		if w > bestW[a] {
			best[a], bestW[a] = b, w
		}
		if w > bestW[b] {
			best[b], bestW[b] = a, w
		}
	}
	ev.Links = make([]sarhad.Link, len(ms))
	for i, x := range ms {
		l := sarhad.Link{ReportID: reports[x].ID, Decision: sarhad.LinkAuto}
		switch {
		case i == seed:
			l.Score, l.Why, l.Decision = 1, "first report of this event", sarhad.LinkSeed
		case best[i] >= 0:
			l.Score = math.Round(logistic(sum[i]/float64(cnt[i]))*1000) / 1000
			y := ms[best[i]]
			var x2 explain
			m.pairScore(&feats[x], &feats[y], sigPtr(sigs, &feats[x]), sigPtr(sigs, &feats[y]), &reports[x], &reports[y], &x2)
			l.Why = "with " + reports[y].ID + ": " + x2.String()
		default:
			l.Why = "placed by an analyst"
		}
		if pinned != nil && pinned[x] {
			l.Decision = sarhad.LinkPinned
			if i != seed {
				l.Why = "pinned by an analyst; " + l.Why
			}
		}
		ev.Links[i] = l
	}
	return ev
}

// Incidents groups events into incidents: three or more events claimed by one group (or
// its factions) on the same day in different districts of one province are one coordinated
// operation, such as the BLA's "Operation Herof" of 26 August 2024. An event keeps an
// Incident it already has. Incident IDs read "i-<date>-<actor>".
func Incidents(events []sarhad.Event, actors sarhad.ActorResolver) {
	type key struct {
		day      string
		province string
		actor    string
	}
	groups := map[key][]int{}
	var order []key
	for i := range events {
		ev := &events[i]
		if ev.Incident != "" || ev.Attribution != sarhad.AttrClaimed || ev.Date.Precision() != sarhad.PrecisionDay ||
			ev.Location.District == "" || ev.Perpetrator == "" || ev.Perpetrator == sarhad.UnknownActor {
			continue
		}
		actor := ev.Perpetrator
		if actors != nil {
			if a, ok := actors.ResolveActor(actor); ok {
				actor = a.Actor.ID
				if r, ok := actors.(interface{ Root(string) string }); ok {
					if root := r.Root(actor); root != "" {
						actor = root
					}
				}
			}
		}
		k := key{ev.Date.String(), ev.Location.Province, actor}
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], i)
	}
	for _, k := range order {
		g := groups[k]
		districts := map[string]bool{}
		for _, i := range g {
			districts[events[i].Location.District] = true
		}
		if len(districts) < 3 {
			continue
		}
		id := fmt.Sprintf("i-%s-%s", k.day, slug(k.actor))
		for _, i := range g {
			events[i].Incident = id
		}
	}
}

func slug(s string) string {
	b := []byte(sarhad.FoldKey(s))
	for i, c := range b {
		if c == ' ' {
			b[i] = '-'
		}
	}
	return string(b)
}

// cut lays out groups of the given sizes in one array: fill is called with a function that
// appends v to group k, in order.
func cut[T any](size []int32, fill func(func(k int32, v T))) [][]T {
	flat := make([]T, sum32(size))
	off := make([]int32, len(size))
	o := int32(0)
	for k, c := range size {
		off[k] = o
		o += c
	}
	fill(func(k int32, v T) {
		flat[off[k]] = v
		off[k]++
	})
	out := make([][]T, len(size))
	o = 0
	for k, c := range size {
		out[k] = flat[o : o+c : o+c]
		o += c
	}
	return out
}

func sum32(xs []int32) int {
	s := 0
	for _, x := range xs {
		s += int(x)
	}
	return s
}

// unionFind is a disjoint-set forest over report indices.
type unionFind struct{ parent []int32 }

func newUnionFind(n int) *unionFind {
	p := make([]int32, n)
	for i := range p {
		p[i] = int32(i)
	}
	return &unionFind{p}
}

func (u *unionFind) find(i int32) int32 {
	for u.parent[i] != i {
		u.parent[i] = u.parent[u.parent[i]]
		i = u.parent[i]
	}
	return i
}

func (u *unionFind) union(a, b int32) {
	ra, rb := u.find(a), u.find(b)
	if ra != rb {
		if ra < rb {
			u.parent[rb] = ra
		} else {
			u.parent[ra] = rb
		}
	}
}
