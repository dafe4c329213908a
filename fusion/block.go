package fusion

import (
	"slices"
	"sort"
)

// Blocking: reports are compared only with reports that could describe the same attack, found
// through cells. A report is filed in one cell — its district, else its province (a report
// that names only the province), else the cell of reports without a place — under its days.
// A report probes, within the date window, its own cell, the districts the gazetteer finds
// compatible with its own (nested and carved-out districts), the neighbouring districts when
// its district came from coordinates, the province-only cell of its province, and the
// no-place cell. So a report naming only a province meets every report of that province, and
// every report meets the few without a place.

// cellRef names a cell: kind and id.
type cellRef struct {
	kind int8 // cellDistrict, cellProvince, cellNowhere
	id   int32
}

const (
	cellDistrict = iota
	cellProvince
	cellNowhere
)

// cellOf returns the cell a feature is filed in.
func cellOf(f *feat) cellRef {
	switch {
	case f.dist >= 0:
		return cellRef{cellDistrict, f.dist}
	case f.prov >= 0:
		return cellRef{cellProvince, f.prov}
	}
	return cellRef{cellNowhere, 0}
}

// probes reports whether a report with features f looks into cell c.
func (m *model) probes(f *feat, c cellRef) bool {
	switch c.kind {
	case cellNowhere:
		return true
	case cellProvince:
		return f.prov == c.id
	}
	if f.dist < 0 {
		return false
	}
	if f.dist == c.id {
		return true
	}
	d := &m.distInfo[f.dist]
	return slices.Contains(d.compat, c.id) || f.ownPoint && slices.Contains(d.near, c.id)
}

// cellsOf appends the cells a report probes.
func (m *model) cellsOf(dst []cellRef, f *feat) []cellRef {
	dst = append(dst, cellOf(f))
	if f.dist >= 0 {
		d := &m.distInfo[f.dist]
		for _, c := range d.compat {
			dst = append(dst, cellRef{cellDistrict, c})
		}
		if f.ownPoint {
			for _, c := range d.near {
				dst = append(dst, cellRef{cellDistrict, c})
			}
		}
		if f.prov >= 0 {
			dst = append(dst, cellRef{cellProvince, f.prov})
		}
	}
	if f.dist >= 0 || f.prov >= 0 {
		dst = append(dst, cellRef{cellNowhere, 0})
	}
	return dst
}

// dayEntry is a report dated to the day; spanEntry one dated to a month or a year.
type dayEntry struct{ day, idx int32 }

type spanEntry struct{ lo, hi, idx int32 }

// cell holds the reports filed under one place, by date.
type cell struct {
	days  []dayEntry  // sorted by day, then idx, unless unsorted
	spans []spanEntry // sorted by lo, then idx, unless unsorted
	// unsorted is set when entries were appended out of order (a bulk load); the next
	// query sorts them.
	unsorted bool
}

// maxSpan is the longest date interval (a leap year).
const maxSpan = 366

func (c *cell) add(f *feat, idx int32) {
	if f.lo == f.hi {
		c.days = append(c.days, dayEntry{f.lo, idx})
	} else {
		c.spans = append(c.spans, spanEntry{f.lo, f.hi, idx})
	}
}

// insert adds an entry keeping the order (for the incremental index). In a bulk load an
// entry that would have to be moved into a large cell is appended instead, and the cell
// sorted once, at its next query (or Index.Compact).
func (c *cell) insert(f *feat, idx int32, bulk bool) {
	if bulk && (c.unsorted || len(c.days)+len(c.spans) > 1024 && !c.appends(f, idx)) {
		c.add(f, idx)
		c.unsorted = true
		return
	}
	if c.unsorted {
		c.sort()
	}
	if f.lo == f.hi {
		e := dayEntry{f.lo, idx}
		i := sort.Search(len(c.days), func(i int) bool {
			d := c.days[i]
			return d.day > e.day || d.day == e.day && d.idx > e.idx
		})
		c.days = slices.Insert(c.days, i, e)
		return
	}
	e := spanEntry{f.lo, f.hi, idx}
	i := sort.Search(len(c.spans), func(i int) bool {
		s := c.spans[i]
		return s.lo > e.lo || s.lo == e.lo && s.idx > e.idx
	})
	c.spans = slices.Insert(c.spans, i, e)
}

// appends reports whether an entry for f sorts last in the cell.
func (c *cell) appends(f *feat, idx int32) bool {
	if f.lo == f.hi {
		n := len(c.days)
		return n == 0 || c.days[n-1].day < f.lo || c.days[n-1].day == f.lo && c.days[n-1].idx < idx
	}
	n := len(c.spans)
	return n == 0 || c.spans[n-1].lo < f.lo || c.spans[n-1].lo == f.lo && c.spans[n-1].idx < idx
}

// remove deletes the entry of idx (for the incremental index).
func (c *cell) remove(f *feat, idx int32) {
	if c.unsorted {
		c.sort()
	}
	if f.lo == f.hi {
		i := sort.Search(len(c.days), func(i int) bool {
			d := c.days[i]
			return d.day > f.lo || d.day == f.lo && d.idx >= idx
		})
		if i < len(c.days) && c.days[i].idx == idx {
			c.days = slices.Delete(c.days, i, i+1)
		}
		return
	}
	for i, s := range c.spans {
		if s.idx == idx {
			c.spans = slices.Delete(c.spans, i, i+1)
			return
		}
	}
}

func (c *cell) sort() {
	c.unsorted = false
	slices.SortFunc(c.days, func(a, b dayEntry) int {
		if a.day != b.day {
			return int(a.day - b.day)
		}
		return int(a.idx - b.idx)
	})
	slices.SortFunc(c.spans, func(a, b spanEntry) int {
		if a.lo != b.lo {
			return int(a.lo - b.lo)
		}
		return int(a.idx - b.idx)
	})
}

// each calls fn with every report of the cell whose dates come within the window of
// [lo, hi].
func (c *cell) each(lo, hi int32, fn func(idx int32)) {
	if c.unsorted {
		c.sort()
	}
	from, to := lo-window, hi+window
	i := sort.Search(len(c.days), func(i int) bool { return c.days[i].day >= from })
	for ; i < len(c.days) && c.days[i].day <= to; i++ {
		fn(c.days[i].idx)
	}
	if len(c.spans) == 0 {
		return
	}
	j := sort.Search(len(c.spans), func(j int) bool { return c.spans[j].lo >= from-maxSpan })
	for ; j < len(c.spans) && c.spans[j].lo <= to; j++ {
		if c.spans[j].hi >= from {
			fn(c.spans[j].idx)
		}
	}
}

// cells is the set of cells of one fusion run or index.
type cells struct {
	dist    []cell
	prov    []cell
	nowhere cell
}

func (cs *cells) get(c cellRef) *cell {
	switch c.kind {
	case cellDistrict:
		for int(c.id) >= len(cs.dist) {
			cs.dist = append(cs.dist, cell{})
		}
		return &cs.dist[c.id]
	case cellProvince:
		for int(c.id) >= len(cs.prov) {
			cs.prov = append(cs.prov, cell{})
		}
		return &cs.prov[c.id]
	}
	return &cs.nowhere
}

// peek returns the cell without growing the set; nil when absent.
func (cs *cells) peek(c cellRef) *cell {
	switch c.kind {
	case cellDistrict:
		if int(c.id) < len(cs.dist) {
			return &cs.dist[c.id]
		}
		return nil
	case cellProvince:
		if int(c.id) < len(cs.prov) {
			return &cs.prov[c.id]
		}
		return nil
	}
	return &cs.nowhere
}

func (cs *cells) sortAll() {
	for i := range cs.dist {
		cs.dist[i].sort()
	}
	for i := range cs.prov {
		cs.prov[i].sort()
	}
	cs.nowhere.sort()
}

// everyCandidate calls fn once for every filed report that forms a candidate pair with a
// report with features f that is not filed: those f probes and those that would probe f (a
// district report meets a report naming only its province, and one placed by coordinates
// in a neighbouring district, from their side). The incremental index needs this; a batch,
// which files every report, finds each pair from the side that probes.
func (m *model) everyCandidate(cs *cells, feats []feat, f *feat, buf []cellRef, fn func(j int32)) []cellRef {
	if f.lo == noDay {
		return buf
	}
	buf = m.cellsOf(buf[:0], f)
	own := cellOf(f)
	mine := len(buf)
	switch own.kind { // cells whose reports may probe f's cell
	case cellDistrict:
		for _, c := range m.distInfo[own.id].near {
			buf = append(buf, cellRef{cellDistrict, c})
		}
	case cellProvince:
		for d := range m.distInfo {
			if m.distInfo[d].prov == own.id {
				buf = append(buf, cellRef{cellDistrict, int32(d)})
			}
		}
	case cellNowhere:
		for d := range m.distInfo {
			buf = append(buf, cellRef{cellDistrict, int32(d)})
		}
		for p := range cs.prov {
			buf = append(buf, cellRef{cellProvince, int32(p)})
		}
	}
	for i, c := range buf {
		if i >= mine && slices.Contains(buf[:mine], c) {
			continue // probed already
		}
		cl := cs.peek(c)
		if cl == nil {
			continue
		}
		reverse := i >= mine
		cl.each(f.lo, f.hi, func(j int32) {
			if !reverse || m.probes(&feats[j], own) {
				fn(j)
			}
		})
	}
	return buf
}

// candidates calls fn once for every report that the report with features f (at index
// self, -1 when not filed) should be compared with. When self ≥ 0, a pair that both
// reports would find is reported only from the lower index, so that a batch sees each pair
// once. buf is scratch space.
func (m *model) candidates(cs *cells, feats []feat, f *feat, self int32, buf []cellRef, fn func(j int32)) []cellRef {
	if f.lo == noDay {
		return buf
	}
	buf = m.cellsOf(buf[:0], f)
	own := cellOf(f)
	for _, c := range buf {
		cl := cs.peek(c)
		if cl == nil {
			continue
		}
		cl.each(f.lo, f.hi, func(j int32) {
			if j == self {
				return
			}
			if self >= 0 && j < self && m.probes(&feats[j], own) {
				return // found from j's side
			}
			fn(j)
		})
	}
	return buf
}
