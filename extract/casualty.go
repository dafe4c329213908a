package extract

import (
	"sort"
	"strings"

	"github.com/sarhad-osint/sarhad"
	"github.com/sarhad-osint/sarhad/extract/lang"
)

// Casualty kinds.
const (
	casKilled int32 = iota
	casInjured
	casHostage
)

func casKind(k string) int32 {
	switch k {
	case lang.KindInjured:
		return casInjured
	case lang.KindHostage:
		return casHostage
	}
	return casKilled
}

// casPart is one counted phrase of a casualty statement; subset parts ("including four
// policemen") are part of the figures before them. Implied parts count one person that
// is named or described without a number ("Javed Qadri", "a passerby", "his driver").
type casPart struct {
	start, end int
	lo, hi     int
	known      bool
	cat        int32
	hedged     bool
	additive   bool
	subset     bool
	implied    bool
	bare       bool // a number without a noun ("killing three")
	// person marks one person named ('n') or described with a determiner ('r'): an
	// appositive after it names the same person ("Javed Qadri, a leader of …").
	person byte
}

// casGroup is one casualty statement: a verb or noun with the phrases it counts.
type casGroup struct {
	kind       int32
	parts      []casPart
	start, end int // tokens covering the statement
	verb       int // the verb's token (decides the event)
	toll       bool
	zero       bool
	self       bool // attackers who killed themselves
	conf       float64
}

// scanNPs parses the counted noun phrases of every sentence.
func (d *doc) scanNPs() {
	for _, s := range d.sents {
		for k := s.start; k < s.end; {
			if d.toks[k].kind == tPunct {
				k++
				continue
			}
			if p, ok := d.parseNP(k, s.end); ok {
				d.nps = append(d.nps, p)
				k = p.end
				continue
			}
			k++
		}
	}
}

// npStartingAt returns the index of the phrase that starts at token i, or -1.
func (d *doc) npStartingAt(i int) int {
	return d.npSearch(i, func(p *np) int { return p.start })
}

// npEndingAt returns the index of the phrase that ends just before token i, or -1.
func (d *doc) npEndingAt(i int) int {
	return d.npSearch(i, func(p *np) int { return p.end })
}

// npSearch finds the phrase whose key is i; phrases are in text order, so both their
// starts and their ends ascend.
func (d *doc) npSearch(i int, key func(*np) int) int {
	k := sort.Search(len(d.nps), func(k int) bool { return key(&d.nps[k]) >= i })
	if k < len(d.nps) && key(&d.nps[k]) == i {
		return k
	}
	return -1
}

func (d *doc) partOfNP(k int) casPart {
	x := &d.nps[k]
	lo, hi := x.value()
	p := casPart{start: x.start, end: x.end, lo: lo, hi: hi, known: x.known(), cat: x.cat,
		hedged: x.num.hedge != 0 || lo != hi, additive: x.additive, bare: !x.noun}
	if x.noun && lo == 1 && hi == 1 && x.cat != catMilitant {
		p.person = 'r' // "a tribal elder", "one person"
	}
	return p
}

func implied(start, end int, cat int32) casPart {
	return casPart{start: start, end: end, lo: 1, hi: 1, known: true, cat: cat, implied: true}
}

// listGap reads the words between two parts of a list ("," "and" "as well as"
// "including" "(" ")") from token i; it returns where the next part may start, whether a
// subset cue was crossed, and false when the gap is not a list separator.
func (d *doc) listGap(i, lim int) (int, bool, bool) {
	subset := false
	sep := false
	for n := 0; i < lim && n < 6; n++ {
		t := &d.toks[i]
		switch {
		case t.kind == tPunct && (t.low == "," || t.low == "(" || t.low == ")" || t.low == "&"):
			sep = true
			i++
			continue
		case t.low == "and" || t.low == "plus":
			sep = true
			i++
			continue
		}
		if e, _, ok := d.at(i, tabSubset); ok {
			subset, sep = true, true
			i = e
			continue
		}
		if t.low == "as" && i+2 < lim && d.toks[i+1].low == "well" && d.toks[i+2].low == "as" {
			sep = true
			i += 3
			continue
		}
		if (t.low == "along" || t.low == "together") && i+1 < lim && d.toks[i+1].low == "with" {
			sep = true
			i += 2
			continue
		}
		break
	}
	return i, subset, sep
}

// isName reports whether a capitalised word at i may be part of a person's name: not a
// place, an organisation, a date word or a common capitalised word.
func (d *doc) nameWord(i int) bool {
	t := &d.toks[i]
	if t.kind != tWord || !t.cap || t.upper && len(t.low) > 3 {
		return false
	}
	if d.is(i, tabNotPlace) && !d.is(i, tabNamePrefix) || d.is(i, tabMonth) || d.is(i, tabWeekday) ||
		d.is(i, tabVictim) || d.is(i, tabAttack) || d.is(i, tabTarget) || d.is(i, tabForeign) || d.is(i, tabCountry) {
		return false
	}
	if _, in := d.insideActor(i); in {
		return false
	}
	return !d.placeStart[i]
}

// nameAt reads a person's name starting at i ("Javed Qadri", "Dr. Muhammad Ismail"); it
// returns the token after it.
func (d *doc) nameAt(i, lim int) (int, bool) {
	k := i
	words := 0
	for k < lim && words < 5 {
		t := &d.toks[k]
		if t.kind == tPunct {
			if (t.joiner || t.low == ".") && words > 0 && k+1 < lim && d.toks[k+1].cap {
				k++
				continue
			}
			break
		}
		if !d.nameWord(k) {
			break
		}
		words++
		k++
	}
	if words == 0 || words == 1 && d.is(i, tabNamePrefix) {
		return i, false
	}
	return k, true
}

// antecedent finds the counted phrase a pronoun ("them") refers to: the last one with a
// noun before token i, in the sentence or the one before.
func (d *doc) antecedent(i int) (casPart, bool) {
	si := d.sentOf[i]
	floor := d.sents[max(0, si-1)].start
	for k := len(d.nps) - 1; k >= 0; k-- {
		x := &d.nps[k]
		if x.end > i {
			continue
		}
		if x.start < floor {
			break
		}
		if x.noun && x.known() && x.cat != catMilitant {
			return d.partOfNP(k), true
		}
	}
	return casPart{}, false
}

// partAt reads one part of a list at token i: a counted phrase, or (for the object of a
// verb, or after a list separator) a pronoun, a person's name, "his driver", "a
// passerby".
func (d *doc) partAt(i, lim int, object, afterSep bool) (casPart, bool) {
	if i >= lim {
		return casPart{}, false
	}
	if k := d.npStartingAt(i); k >= 0 {
		return d.partOfNP(k), true
	}
	if !object && !afterSep {
		return casPart{}, false
	}
	t := &d.toks[i]
	if object {
		switch t.low {
		case "them":
			if p, ok := d.antecedent(i); ok {
				p.start, p.end, p.implied = i, i+1, true
				return p, true
			}
			return casPart{}, false
		case "him", "her":
			return implied(i, i+1, catGeneric), true
		}
	}
	// A singular victim noun without a determiner after "and": "his driver and guard".
	if e, v, ok := d.at(i, tabVictim); ok && e <= lim && afterSep && !d.lt.victims[v].Plural {
		return implied(i, e, catValue(d.lt.victims[v].Category)), true
	}
	// "Hazara's driver"
	if t.cap {
		if ne, ok := d.nameAt(i, lim); ok && ne+2 < lim && d.toks[ne].joiner && d.toks[ne+1].low == "s" {
			if e, v, ok := d.at(ne+2, tabVictim); ok && e <= lim && !d.lt.victims[v].Plural {
				return implied(i, e, catValue(d.lt.victims[v].Category)), true
			}
		}
	}
	if !object {
		return d.namePart(i, lim)
	}
	// A title before a name or a singular victim noun: "pro-government elder Qalab Khan",
	// "former Naib Nazim Abdul Khaliq".
	if !d.is(i, tabOne) && t.kind == tWord && !d.stopWord(i) {
		for m := i; m < lim && m < i+5; m++ {
			tk := &d.toks[m]
			if tk.kind == tPunct {
				if tk.joiner || tk.low == "(" || tk.low == ")" {
					continue
				}
				break
			}
			if e, v, ok := d.at(m, tabVictim); ok && e <= lim {
				if d.lt.victims[v].Plural {
					break
				}
				end := e
				if ne, ok := d.nameAt(e, lim); ok {
					end = ne
				}
				p := implied(i, end, catValue(d.lt.victims[v].Category))
				p.person = 'r'
				return p, true
			}
			if m > i && tk.cap {
				if ne, ok := d.nameAt(m, lim); ok {
					p := implied(i, ne, catGeneric)
					p.person = 'n'
					return p, true
				}
			}
			if d.stopWord(m) || tk.low == "and" || tk.low == "or" || d.is(m, tabTarget) && !d.is(m, tabVictim) {
				break
			}
		}
	}
	// A determiner and a noun the tables lack: "a passerby", "the caretaker of the shrine".
	if e, _, ok := d.at(i, tabOne); ok && e < lim {
		m := e
		for m < lim && m < e+4 {
			tk := &d.toks[m]
			if tk.kind == tPunct {
				if tk.joiner {
					m++
					continue
				}
				break
			}
			if d.stopWord(m) || tk.low == "and" || tk.low == "or" || d.is(m, tabTarget) && !d.is(m, tabVictim) {
				break
			}
			m++
		}
		if m > e {
			last := d.toks[m-1].low
			if len(last) > 3 && last[len(last)-1] == 's' && last[len(last)-2] != 's' {
				return casPart{}, false // a plural: no count
			}
			p := implied(i, m, catGeneric)
			p.person = 'r'
			return p, true
		}
		return casPart{}, false
	}
	return d.namePart(i, lim)
}

// namePart reads one person named at token i ("Javed Qadri").
func (d *doc) namePart(i, lim int) (casPart, bool) {
	if !d.toks[i].cap {
		return casPart{}, false
	}
	ne, ok := d.nameAt(i, lim)
	if !ok {
		return casPart{}, false
	}
	p := implied(i, ne, catGeneric)
	p.person = 'n'
	return p, true
}

// appositive returns the end of ", a leader of the party," after a part ending at e: the
// token of the closing comma, or -1.
func (d *doc) appositive(e, lim int) int {
	if e >= lim || d.toks[e].low != "," && d.toks[e].low != "(" {
		return -1
	}
	closer := ","
	if d.toks[e].low == "(" {
		closer = ")"
	}
	for k := e + 1; k < lim && k < e+14; k++ {
		t := &d.toks[k]
		if t.low == closer {
			return k
		}
		if d.is(k, tabVerb) || t.kind == tPunct && !t.joiner && t.low != "." && t.low != "(" && t.low != ")" {
			return -1
		}
	}
	return -1
}

// chainForward reads a list of parts starting at token i (the object of a verb when
// object is set).
func (d *doc) chainForward(i, lim int, subset, object bool) ([]casPart, int) {
	p, ok := d.partAt(i, lim, object, false)
	if !ok {
		return nil, i
	}
	var parts []casPart
	end := i
	for {
		p.subset = p.subset || subset
		parts = append(parts, p)
		end = p.end
		if a := d.sameperson(p, end, lim); a != 0 {
			if a < 0 {
				break // the appositive runs on to the end: nothing more in the list
			}
			end = a
		}
		next, sub, sep := d.listGap(end, lim)
		if !sep && end < lim && d.toks[end].low == "of" && object {
			// "a tribal elder of the Bugti tribe and his son"
			for k := end + 1; k < lim && k < end+7; k++ {
				tk := &d.toks[k]
				if tk.kind == tPunct && !tk.joiner || d.is(k, tabVerb) {
					break
				}
				if tk.low == "and" {
					if q, ok := d.partAt(k+1, lim, object, true); ok && !d.is(k+1, tabVerb) {
						end = k
						next, sub, sep = k+1, false, true
						_ = q
					}
					break
				}
			}
		}
		if !sep || next >= lim || d.is(next, tabVerb) {
			// ", a leader of the party, and his driver"
			if c := d.appositive(end, lim); c > 0 && (p.implied || object) {
				n2, sub2, sep2 := d.listGap(c, lim)
				if sep2 && n2 < lim && n2 > c+1 && !d.is(n2, tabVerb) {
					if q, ok := d.partAt(n2, lim, object, true); ok {
						if sub2 {
							subset = true
						}
						p = q
						continue
					}
				}
			}
			break
		}
		q, ok := d.partAt(next, lim, object, true)
		if !ok {
			break
		}
		if sub {
			subset = true
		}
		p = q
	}
	return parts, end
}

// partEndingAt reads the part that ends just before token i: a counted phrase, or a
// singular victim noun with its determiner or owner ("his driver", "Hazara's guard").
func (d *doc) partEndingAt(i, floor int) (casPart, bool) {
	if k := d.npEndingAt(i); k >= 0 && d.nps[k].start >= floor {
		return d.partOfNP(k), true
	}
	st := d.endingAt(i, tabVictim)
	if st < floor || st < 0 {
		return d.nameEndingAt(i, floor)
	}
	_, v, _ := d.at(st, tabVictim)
	if d.lt.victims[v].Plural {
		return d.nameEndingAt(i, floor)
	}
	cat := catValue(d.lt.victims[v].Category)
	j := st
	for n := 0; j > floor && n < 6; n++ {
		t := &d.toks[j-1]
		if d.is(j-1, tabModifier) || t.joiner || t.low == "s" && j-2 >= floor && d.toks[j-2].joiner || d.nameWord(j-1) {
			j--
			continue
		}
		break
	}
	p := implied(j, i, cat)
	p.person = 'r' // "his driver", "a PML leader"
	return p, true
}

// chainBackward reads the list of parts that ends just before token i.
func (d *doc) chainBackward(i, floor int) ([]casPart, int) {
	p, ok := d.partEndingAt(i, floor)
	if !ok {
		// "two members of a peace committee were killed": a short phrase between.
		for g := i - 1; g > floor && g >= i-9; g-- {
			t := &d.toks[g]
			if t.kind == tPunct && t.low != "(" && t.low != ")" || t.kind == tNum || d.is(g, tabVerb) {
				break
			}
			// "of a peace committee", "escorting a polio team", "who were on patrol"
			if d.is(g, tabLocative) || strings.HasSuffix(t.low, "ing") && len(t.low) > 5 || t.low == "who" || t.low == "travelling" || t.low == "traveling" {
				if q, ok2 := d.partEndingAt(g, floor); ok2 {
					p, ok = q, true
					break
				}
			}
		}
	}
	if !ok {
		// "Two persons, identified as A and B, were killed": an appositive between.
		for c := i - 2; c > floor && c >= i-14; c-- {
			t := &d.toks[c]
			if d.is(c, tabVerb) {
				break
			}
			if t.low == "," || t.low == "(" {
				if q, ok2 := d.partEndingAt(c, floor); ok2 && !q.implied {
					p, ok = q, true
				}
				break
			}
		}
	}
	if !ok {
		return nil, i
	}
	parts := []casPart{p}
	start := p.start
	for {
		found := false
		for e := start - 1; e > floor && e >= start-6; e-- {
			next, sub, sep := d.listGap(e, start)
			if !sep || next != start {
				continue
			}
			q, ok := d.partEndingAt(e, floor)
			if !ok {
				if ne := e; ne > floor && d.nameWord(ne-1) {
					// "Tariq and four others": a name in the list.
					j := ne
					for j > floor && d.nameWord(j-1) {
						j--
					}
					if j < ne && d.toks[e].low == "and" {
						q, ok = implied(j, ne, catGeneric), true
					}
				}
			}
			if !ok {
				continue
			}
			if sub {
				for k := range parts {
					parts[k].subset = true
				}
			}
			found = true
			if q.end+1 == start && d.toks[q.end].low == "," && q.person != 0 && parts[0].person != 0 && q.person != parts[0].person {
				// "The driver, Naseem Khan, was killed": one person, said twice.
				parts[0].start = q.start
				start = q.start
				break
			}
			parts = append([]casPart{q}, parts...)
			start = q.start
			break
		}
		if !found {
			break
		}
	}
	return parts, start
}

// scanCasualties finds the casualty statements of every sentence. A subject is looked for
// only after the previous statement of the sentence.
func (d *doc) scanCasualties() {
	for si := range d.sents {
		s := d.sents[si]
		floor := s.start
		for v := s.start; v < s.end; v++ {
			if g, ok := d.specialCasualty(v, s.end, floor); ok {
				d.cas = append(d.cas, g)
				v = g.end - 1
				if g.end > floor {
					floor = g.end
				}
				continue
			}
			e, val, ok := d.at(v, tabVerb)
			if !ok || e > s.end {
				continue
			}
			verb := d.lt.verbs[val]
			if d.insideNP(v) {
				continue
			}
			g := casGroup{kind: casKind(verb.Kind), start: v, end: e, verb: v, conf: 0.8}
			prev := ""
			if v > s.start {
				prev = d.toks[v-1].low
			}
			// "the injured", "those killed": a noun, not a statement.
			if (prev == "the" || prev == "those" || prev == "of") && verb.Form != lang.FormIng {
				continue
			}
			switch verb.Form {
			case lang.FormIng, lang.FormPast:
				// Adjective before a noun: "injured persons were shifted".
				if verb.Form == lang.FormPast && d.is(e, tabVictim) {
					continue
				}
				k := e
				if k < s.end && d.toks[k].low == "of" && verb.Form == lang.FormIng {
					k++
				}
				parts, end := d.chainForward(k, s.end, false, true)
				if len(parts) > 0 {
					g.parts, g.end = parts, end
					break
				}
				if verb.Form == lang.FormIng {
					continue
				}
				fallthrough
			case lang.FormIntrans:
				j := d.skipAuxBack(v, floor)
				parts, start := d.chainBackward(j, floor)
				if len(parts) == 0 {
					// "Iqbal Raad was killed": one person, singular verb.
					if !d.singularAux(j, v) {
						continue
					}
					parts, start = []casPart{implied(j, v, catGeneric)}, j
					g.conf = 0.55
				}
				g.parts, g.start = parts, start
				// ", including two children"
				k := e
				for k < s.end && (d.toks[k].low == "," || d.toks[k].low == "(") {
					k++
				}
				if se, _, ok := d.at(k, tabSubset); ok {
					sub, end := d.chainForward(se, s.end, true, false)
					if len(sub) > 0 {
						g.parts = append(g.parts, sub...)
						g.end = end
					}
				}
			case lang.FormNoun:
				k := d.npEndingAt(v)
				if k >= 0 && d.nps[k].start >= floor {
					g.parts, g.start = []casPart{d.partOfNP(k)}, d.nps[k].start
					g.conf = 0.7
					break
				}
				// "bodies of three soldiers"
				if e < s.end && d.toks[e].low == "of" {
					parts, end := d.chainForward(e+1, s.end, false, false)
					if len(parts) > 0 {
						g.parts, g.end = parts, end
						g.conf = 0.6
						break
					}
				}
				continue
			}
			d.cas = append(d.cas, g)
			if g.end > floor {
				floor = g.end
			}
			v = g.end - 1
		}
	}
}

// singularAux reports a singular auxiliary ("was", "is", "has been") between j and v.
func (d *doc) singularAux(j, v int) bool {
	if j == 0 || d.toks[j-1].kind == tPunct && d.toks[j-1].low != "," {
		return false
	}
	for k := j; k < v; k++ {
		switch d.toks[k].low {
		case "was", "is", "has":
			return true
		}
	}
	return false
}

// insideNP reports whether token i is inside a counted phrase (not at its start).
func (d *doc) insideNP(i int) bool {
	k := sort.Search(len(d.nps), func(k int) bool { return d.nps[k].end > i })
	return k < len(d.nps) && d.nps[k].start < i
}

// skipAuxBack walks back from token v over auxiliaries, adverbs, commas and a first verb
// ("shot and killed") to where the subject of a passive verb ends.
func (d *doc) skipAuxBack(v, floor int) int {
	j := v
	for j > floor {
		t := &d.toks[j-1]
		if d.lt.auxWord[t.low] {
			j--
			continue
		}
		if st := d.endingAt(j, tabAux); st >= 0 && st >= floor {
			j = st
			continue
		}
		if t.kind == tPunct && (t.low == "," || t.low == ")") {
			j--
			continue
		}
		if t.kind == tWord && len(t.low) > 4 && strings.HasSuffix(t.low, "ly") && !d.is(j-1, tabVictim) {
			j--
			continue
		}
		// "shot and killed", "abducted and killed"
		if t.low == "and" && j-2 >= floor {
			p := &d.toks[j-2]
			if p.kind == tWord && (d.is(j-2, tabVerb) || strings.HasSuffix(p.low, "ed") || p.low == "shot" || p.low == "hit") &&
				!d.is(j-2, tabVictim) {
				j -= 2
				continue
			}
		}
		break
	}
	return j
}

// specialCasualty reads the statements that are not a verb with its phrases: a death toll,
// "no casualties", "among the dead were …", a bomber who blew himself up.
func (d *doc) specialCasualty(v, lim, floor int) (casGroup, bool) {
	if e, _, ok := d.at(v, tabToll); ok && e <= lim {
		return d.tollGroup(v, e, lim, casKilled)
	}
	if e, _, ok := d.at(v, tabTollInjured); ok && e <= lim {
		return d.tollGroup(v, e, lim, casInjured)
	}
	if e, val, ok := d.at(v, tabZeroCas); ok && e <= lim {
		g := casGroup{kind: casKilled, start: v, end: e, verb: v, zero: true, conf: 0.8}
		switch val {
		case zeroInjured:
			g.kind = casInjured
		case zeroBoth:
			g.kind = -1 // both
		}
		return g, true
	}
	if e, _, ok := d.at(v, tabSelfKill); ok && e <= lim {
		g := casGroup{kind: casKilled, start: v, end: e, verb: v, self: true, conf: 0.7}
		j := d.skipAuxBack(v, floor)
		if parts, start := d.chainBackward(j, floor); len(parts) > 0 && parts[len(parts)-1].cat == catMilitant {
			g.parts, g.start = parts, start
		}
		return g, true
	}
	switch d.toks[v].low {
	case "took", "taking", "take", "takes", "held", "holding", "hold", "holds", "kept", "keeping":
		// "took over 200 passengers hostage"
		if parts, end := d.chainForward(v+1, lim, false, true); len(parts) > 0 && end < lim {
			switch d.toks[end].low {
			case "hostage", "hostages", "captive", "captives":
				return casGroup{kind: casHostage, parts: parts, start: v, end: end + 1, verb: v, conf: 0.8}, true
			}
		}
	}
	if e, _, ok := d.at(v, tabSubset); ok && e <= lim && (v == floor || d.toks[v].cap) {
		// "Among the dead were two soldiers": the kind is in the cue.
		kind := int32(-2)
		for k := v; k < e; k++ {
			if _, val, ok := d.at(k, tabVerb); ok {
				kind = casKind(d.lt.verbs[val].Kind)
			}
			if d.toks[k].low == "victims" {
				kind = casKilled
			}
		}
		if kind >= 0 {
			k := e
			for k < lim && d.is(k, tabAux) {
				k, _, _ = d.at(k, tabAux)
			}
			if parts, end := d.chainForward(k, lim, true, false); len(parts) > 0 {
				return casGroup{kind: kind, parts: parts, start: v, end: end, verb: v, conf: 0.7}, true
			}
		}
	}
	return casGroup{}, false
}

// tollGroup reads "the death toll rose to 12".
func (d *doc) tollGroup(v, e, lim int, kind int32) (casGroup, bool) {
	for k := e; k < lim && k < e+25; k++ {
		t := &d.toks[k]
		if t.kind == tPunct && !t.joiner {
			break
		}
		if idx := d.npStartingAt(k); idx >= 0 {
			p := &d.nps[idx]
			if p.num.vague || p.num.one {
				continue
			}
			return casGroup{kind: kind, parts: []casPart{d.partOfNP(idx)}, start: v, end: p.end, verb: v, toll: true, conf: 0.8}, true
		}
	}
	return casGroup{}, false
}

// casTotals are the figures of one event.
type casTotals struct {
	killed   sarhad.Tally
	injured  sarhad.Count
	hostages sarhad.Count

	evTotal, evSecurity, evCivilians, evMilitants, evInjured, evHostages evidence
}

// acc accumulates one figure: the largest value seen, and the statement it came from.
type acc struct {
	lo, hi int
	set    bool
	ev     evidence
}

func (a *acc) max(lo, hi int, ev evidence) {
	if !a.set || lo > a.lo || lo == a.lo && hi > a.hi {
		a.lo, a.hi, a.set, a.ev = lo, hi, true, ev
	}
}

func (a *acc) add(lo, hi int, ev evidence) {
	if !a.set {
		a.lo, a.hi, a.set, a.ev = lo, hi, true, ev
		return
	}
	a.lo += lo
	a.hi += hi
	if ev.conf < a.ev.conf {
		a.ev.conf = ev.conf
	}
}

func (a *acc) count() sarhad.Count {
	if !a.set {
		return sarhad.Count{}
	}
	if a.hi < a.lo {
		a.hi = a.lo
	}
	return sarhad.Span(a.lo, a.lo, a.hi)
}

// eventCasualties adds up the casualty statements of event ei.
func (d *doc) eventCasualties(ei int) casTotals {
	var ct casTotals
	var total, sec, civ, mil, inj, host acc
	var zeroKill, zeroInj evidence
	anyKill, anyInj := false, false
	for gi := range d.cas {
		g := &d.cas[gi]
		if d.evOf[g.verb] != ei {
			continue
		}
		ev := d.span(g.start, g.end, g.conf)
		if g.zero {
			if g.kind == casKilled || g.kind == -1 {
				zeroKill = ev
			}
			if g.kind == casInjured || g.kind == -1 {
				zeroInj = ev
			}
			continue
		}
		if g.self {
			n := 1
			if len(g.parts) > 0 && g.parts[0].known && g.parts[0].lo > 0 {
				n = g.parts[0].lo
			}
			mil.max(n, n, ev)
			anyKill = true
			continue
		}
		d.appositiveBreakdown(g.parts)
		// Sums of this statement.
		var head, headMil, subMil acc
		var cats [4]acc
		var subCats [4]acc
		hasGenericHead := false
		vague := false
		for _, x := range g.parts {
			if !x.known {
				vague = true
				continue
			}
			lo, hi := x.lo, x.hi
			pev := d.span(x.start, x.end, g.conf)
			if x.hedged {
				pev.conf -= 0.1
			}
			if x.implied {
				pev.conf -= 0.15
			}
			if x.subset {
				subCats[x.cat].add(lo, hi, pev)
				if x.cat == catMilitant {
					subMil.add(lo, hi, pev)
				}
				continue
			}
			cats[x.cat].add(lo, hi, pev)
			if x.cat == catMilitant {
				headMil.add(lo, hi, pev)
				continue
			}
			if x.cat == catGeneric {
				hasGenericHead = true
			}
			if x.additive && g.kind == casKilled {
				// "two more soldiers died": on top of what was said before.
				switch x.cat {
				case catSecurity:
					sec.add(lo, hi, pev)
				case catCivilian:
					civ.add(lo, hi, pev)
				}
				if total.set {
					total.add(lo, hi, pev)
				} else {
					total.max(lo, hi, pev)
				}
				cats[x.cat] = acc{}
				continue
			}
			head.add(lo, hi, ev)
		}
		if g.kind == casKilled {
			anyKill = true
		}
		if vague && !head.set && !headMil.set {
			continue
		}
		switch g.kind {
		case casKilled:
			anyKill = true
			if head.set {
				lo, hi := head.lo, head.hi
				if hasGenericHead && subMil.set {
					lo -= subMil.lo
					hi -= subMil.hi
					if lo < 0 {
						lo = 0
					}
				}
				e := ev
				if g.toll {
					e.conf = 0.75
				}
				total.max(lo, hi, e)
			}
			for c := catSecurity; c <= catMilitant; c++ {
				a := cats[c]
				if !a.set {
					a = subCats[c]
				}
				if !a.set {
					continue
				}
				switch c {
				case catSecurity:
					sec.max(a.lo, a.hi, a.ev)
				case catCivilian:
					civ.max(a.lo, a.hi, a.ev)
				case catMilitant:
					mil.max(a.lo, a.hi, a.ev)
				}
			}
		case casInjured:
			anyInj = true
			all := head
			if headMil.set {
				all.add(headMil.lo, headMil.hi, headMil.ev)
			}
			if all.set {
				inj.max(all.lo, all.hi, ev)
			}
		case casHostage:
			all := head
			if headMil.set {
				all.add(headMil.lo, headMil.hi, headMil.ev)
			}
			if all.set {
				host.max(all.lo, all.hi, ev)
			}
		}
	}
	// The total is at least the sum of the categories.
	if sec.set || civ.set {
		lo, hi := sec.lo+civ.lo, sec.hi+civ.hi
		ev := sec.ev
		if !sec.set || civ.set && civ.ev.start < ev.start {
			ev = civ.ev
		}
		if sec.set && civ.set {
			// Spans of both parts.
			a, b := sec.ev, civ.ev
			if b.start < a.start {
				a, b = b, a
			}
			ev = evidence{start: a.start, end: max(a.end, b.end), conf: min(a.conf, b.conf), set: true}
			if b.start-a.end > 200 {
				ev = a
			}
		}
		if !total.set || lo > total.lo {
			total.max(lo, hi, ev)
		}
	}
	if !total.set && (anyKill || mil.set) && zeroKill.set {
		total.max(0, 0, zeroKill)
	}
	if !total.set && mil.set && !sec.set && !civ.set {
		// Only attackers died: nobody else, as far as the text says.
		total.max(0, 0, d.inferred(0.4))
	}
	if !total.set && !anyKill && zeroKill.set {
		total.max(0, 0, zeroKill)
	}
	if !total.set && !anyKill && anyInj {
		// A text that reports injuries and no deaths: no one was killed.
		total.max(0, 0, d.inferred(0.4))
	}
	if !total.set && !anyKill && !anyInj && !host.set && d.hasAttack(ei) {
		// An attack told with no casualty statement at all: no deaths reported. Data-set
		// coders (ACLED, GTD) code this 0; the figure is marked inferred, with low
		// confidence, so that fusion lets any stated figure override it. A vague statement
		// ("several were killed") is a casualty statement and leaves the count unknown.
		total.max(0, 0, d.inferred(0.3))
	}
	if !inj.set && zeroInj.set {
		inj.max(0, 0, zeroInj)
	}
	ct.killed.Total = total.count()
	ct.killed.Security = sec.count()
	ct.killed.Civilians = civ.count()
	ct.killed.Militants = mil.count()
	ct.injured = inj.count()
	ct.hostages = host.count()
	// An unset figure has an unset evidence.
	ct.evTotal, ct.evSecurity, ct.evCivilians = total.ev, sec.ev, civ.ev
	ct.evMilitants, ct.evInjured, ct.evHostages = mil.ev, inj.ev, host.ev
	// Keep the tally consistent: categories never exceed the total.
	if t := ct.killed.Total; t.Known && ct.killed.Security.Known && ct.killed.Civilians.Known &&
		ct.killed.Security.Low+ct.killed.Civilians.Low > t.High {
		ct.killed.Total = ct.killed.Security.Add(ct.killed.Civilians)
	}
	return ct
}

// appositiveBreakdown marks the parts after the first as a breakdown of it when they add
// up to it: "Fourteen military personnel, 11 French and three Pakistani, were killed"; and
// names before a count of them as its breakdown: "A and B, two preachers, were killed".
func (d *doc) appositiveBreakdown(parts []casPart) {
	if n := len(parts); n >= 2 && !parts[n-1].subset && parts[n-1].known && parts[n-1].person == 0 {
		names := 0
		for _, p := range parts[:n-1] {
			if p.person != 'n' || p.subset {
				names = -1
				break
			}
			names++
		}
		if names == parts[n-1].lo {
			for k := range parts[:n-1] {
				parts[k].subset = true
			}
			return
		}
	}
	if len(parts) < 3 || parts[0].subset || !parts[0].known {
		return
	}
	sum := 0
	for _, p := range parts[1:] {
		if p.subset || !p.known {
			return
		}
		sum += p.lo
	}
	if sum == parts[0].lo {
		for k := range parts[1:] {
			parts[k+1].subset = true
		}
	}
}

// sameperson skips an appositive that names again the person of part p: "Javed Qadri, a
// leader of the group," or "a tribal elder, Malik Khan,". It returns the token of the
// closing comma, -1 when the appositive runs to the end of the clause, 0 when there is
// none.
func (d *doc) sameperson(p casPart, end, lim int) int {
	if p.person == 0 || end+1 >= lim || d.toks[end].low != "," {
		return 0
	}
	next := end + 1
	appositive := false
	switch p.person {
	case 'n': // a name, then "a leader of …"
		if d.is(next, tabOne) {
			k := d.npStartingAt(next)
			appositive = k < 0 || d.nps[k].num.one
		}
	case 'r': // a role, then a name
		appositive = d.toks[next].cap && d.nameWord(next)
	}
	if !appositive {
		return 0
	}
	for k := next; k < lim && k < next+16; k++ {
		t := &d.toks[k]
		if t.low == "," {
			return k
		}
		if d.is(k, tabVerb) || t.kind == tPunct && !t.joiner && t.low != "(" && t.low != ")" && t.low != "." {
			return -1
		}
	}
	return -1
}

// nameEndingAt reads a person's name that ends just before token i, with a rank or role
// before it: "Constable Ahmed Ali", "Naik Bilal Khan". A name of one word needs the rank;
// a name of two words or more stands alone.
func (d *doc) nameEndingAt(i, floor int) (casPart, bool) {
	j := i
	for j > floor && i-j < 4 && d.nameWord(j-1) {
		j--
	}
	words := i - j
	if words == 0 {
		return casPart{}, false
	}
	cat := catGeneric
	if j > floor {
		if st := d.endingAt(j, tabVictim); st >= floor && st >= 0 {
			if _, v, _ := d.at(st, tabVictim); !d.lt.victims[v].Plural {
				cat, j = catValue(d.lt.victims[v].Category), st
				words++
			}
		}
	}
	if words < 2 || j == floor && d.sents[d.sentOf[j]].start == j && i-j < 2 {
		return casPart{}, false
	}
	p := implied(j, i, cat)
	p.person = 'n'
	return p, true
}

// hasAttack reports whether event ei is told with an attack word of its own.
func (d *doc) hasAttack(ei int) bool {
	for _, k := range d.attacks {
		if d.evOf[k.start] == ei {
			return true
		}
	}
	return false
}
