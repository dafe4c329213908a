package extract

import (
	"sort"

	"github.com/sarhad-osint/sarhad"
)

// clause is a run of tokens of one sentence between clause breaks (commas, brackets,
// dashes, semicolons) and subordinating words ("when", "which", "after").
type clause struct {
	start, end int
	sent       int
}

// Event segment kinds.
const (
	segMain       = iota
	segSeparate   // "in a separate incident …": an event of its own
	segBackground // an earlier attack, another time
	segAggregate  // figures over many attacks: no event
)

// eventSeg is one event of the text.
type eventSeg struct {
	kind    int
	content bool // it has figures or an attack of its own
}

func (d *doc) isClauseBreak(s string) bool {
	for _, b := range d.lt.l.ClauseBreaks {
		if s == b {
			return true
		}
	}
	return false
}

// splitClauses cuts every sentence into clauses.
func (d *doc) splitClauses() {
	d.clOf = growInts(d.clOf, len(d.toks))
	for si, s := range d.sents {
		cs := s.start
		for i := s.start; i < s.end; i++ {
			t := &d.toks[i]
			brk := false
			if t.kind == tPunct && d.isClauseBreak(t.low) {
				brk = true
			} else if i > cs && d.is(i, tabSubordinator) {
				brk = true
			}
			if brk && i > cs {
				d.clauses = append(d.clauses, clause{start: cs, end: i, sent: si})
				cs = i
			}
		}
		if cs < s.end {
			d.clauses = append(d.clauses, clause{start: cs, end: s.end, sent: si})
		}
	}
	for ci, c := range d.clauses {
		for i := c.start; i < c.end; i++ {
			d.clOf[i] = ci
		}
	}
}

// markers of a token range.
type markers struct {
	sep, bg, agg bool
	temporal     int // token of a temporal-distance marker, -1 if none
}

// markersIn finds the distractor markers that start in tokens [start, end). A period
// marker ("earlier this week", "last month") counts only at the start of its sentence:
// elsewhere it is most often the date of the event itself.
func (d *doc) markersIn(start, end int) markers {
	m := markers{temporal: -1}
	s := d.sents[d.sentOf[start]]
	for i := start; i < end; i++ {
		if e, _, ok := d.at(i, tabSeparate); ok && e <= s.end {
			m.sep = true
		}
		if e, _, ok := d.at(i, tabBackground); ok && e <= s.end {
			if !d.is(i, tabRelPeriod) || i <= s.start+1 {
				m.bg = true
			}
		}
		if e, _, ok := d.at(i, tabAggregate); ok && e <= s.end {
			m.agg = true
		}
		if e, _, ok := d.at(i, tabTemporal); ok && e <= s.end && m.temporal < 0 {
			m.temporal = i
		}
	}
	return m
}

// segment assigns every token to an event: the main one (0), separate incidents,
// background (earlier attacks) and aggregates.
func (d *doc) segment() {
	d.evOf = growInts(d.evOf, len(d.toks))
	for i := range d.evOf {
		d.evOf[i] = 0
	}
	d.events = append(d.events[:0], eventSeg{kind: segMain})
	// First pass without dates: which sentences and clauses are marked.
	d.assign(sarhad.Date{})
	// The main date, then a second pass that also moves clauses with other dates out.
	if dt, _, ok := d.bestDate(0); ok {
		for i := range d.evOf {
			d.evOf[i] = 0
		}
		d.events = append(d.events[:0], eventSeg{kind: segMain})
		d.assign(dt)
	}
	// Content of each event.
	for i := range d.cas {
		g := &d.cas[i]
		if ev := d.evOf[g.verb]; ev >= 0 {
			d.events[ev].content = true
		}
	}
	for _, k := range d.attacks {
		if ev := d.evOf[k.start]; ev >= 0 {
			d.events[ev].content = true
		}
	}
	for i := range d.events {
		if d.events[i].kind == segAggregate {
			d.events[i].content = false
		}
	}
}

// assign runs one pass of the segmentation; mainDate (when known) moves clauses that tell
// of another day out of the main event.
func (d *doc) assign(mainDate sarhad.Date) {
	cur := 0
	lastBg := -1 // the background event of the previous sentence
	prevPara := -1
	newEvent := func(kind int) int {
		d.events = append(d.events, eventSeg{kind: kind})
		return len(d.events) - 1
	}
	setRange := func(start, end, ev int) {
		for i := start; i < end; i++ {
			d.evOf[i] = ev
		}
	}
	for si := range d.sents {
		s := &d.sents[si]
		if s.dateline {
			setRange(s.start, s.end, -1)
			continue
		}
		if s.para != prevPara && d.events[cur].kind == segSeparate {
			cur = 0
		}
		prevPara = s.para
		// The first clause (or the first few tokens) decides for the whole sentence.
		firstEnd := s.end
		for ci := d.clOf[s.start]; ci < len(d.clauses) && d.clauses[ci].sent == si; ci++ {
			c := d.clauses[ci]
			if c.end-s.start >= 4 {
				firstEnd = c.end
				break
			}
		}
		head := d.markersIn(s.start, firstEnd)
		headDate := d.otherDate(s.start, firstEnd, mainDate)
		continues := false
		for k := s.start; k < s.end && k < s.start+3 && lastBg >= 0; k++ {
			if d.is(k, tabContinuation) {
				continues = true
				break
			}
		}
		switch {
		case continues:
			setRange(s.start, s.end, lastBg)
			continue
		case head.sep && !s.headline:
			cur = newEvent(segSeparate)
			setRange(s.start, s.end, cur)
			lastBg = -1
		case (head.bg || head.agg || headDate) && !s.headline:
			kind := segBackground
			if head.agg {
				kind = segAggregate // figures over many attacks are never one event
			}
			ev := lastBg
			if ev < 0 || d.events[ev].kind != kind {
				ev = newEvent(kind)
			}
			setRange(s.start, s.end, ev)
			lastBg = ev
			continue
		default:
			setRange(s.start, s.end, cur)
			lastBg = -1
		}
		// Later clauses with markers of their own.
		bgOfSentence := -1
		for ci := d.clOf[s.start]; ci < len(d.clauses) && d.clauses[ci].sent == si; ci++ {
			c := d.clauses[ci]
			if c.start < firstEnd {
				continue
			}
			m := d.markersIn(c.start, c.end)
			other := d.otherDate(c.start, c.end, mainDate)
			if m.temporal >= 0 {
				if bgOfSentence < 0 {
					bgOfSentence = newEvent(segBackground)
				}
				setRange(m.temporal, s.end, bgOfSentence)
				break
			}
			if m.sep {
				ev := newEvent(segSeparate)
				setRange(c.start, c.end, ev)
				continue
			}
			if m.bg || m.agg || other {
				if bgOfSentence < 0 {
					kind := segBackground
					if m.agg {
						kind = segAggregate
					}
					bgOfSentence = newEvent(kind)
				}
				setRange(c.start, c.end, bgOfSentence)
			}
		}
		// A temporal marker in the first clause ("… a day after militants killed …").
		if head.temporal >= 0 && head.temporal > s.start {
			ev := newEvent(segBackground)
			setRange(head.temporal, s.end, ev)
		}
	}
}

// otherDate reports whether tokens [start, end) hold a date before mainDate: an earlier
// event. Later dates are most often when the event was reported or its toll updated ("the
// toll rose to 26 on Sunday"), so they move nothing.
func (d *doc) otherDate(start, end int, mainDate sarhad.Date) bool {
	if mainDate.IsZero() {
		return false
	}
	// Dates are in text order.
	for i := sort.Search(len(d.dates), func(i int) bool { return d.dates[i].start >= start }); i < len(d.dates); i++ {
		m := &d.dates[i]
		if m.start >= end {
			break
		}
		if m.ok && !sameTime(m.date, mainDate) && m.date.End().Before(mainDate.Start()) {
			return true
		}
	}
	return false
}

// bestDate is the date of event ei as the text gives it (no fallbacks).
func (d *doc) bestDate(ei int) (sarhad.Date, evidence, bool) {
	best := d.pickDate(ei)
	if best < 0 {
		return sarhad.Date{}, evidence{}, false
	}
	return d.dates[best].date, evidence{}, true
}
