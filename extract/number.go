package extract

// numVal is a number read from the text: a figure, a range, or a number that is not said
// ("dozens"), with the hedge before it.
type numVal struct {
	start, end int // tokens
	lo, hi     int
	vague      bool // a number is implied but not given: unknown
	zero       bool // "no", "none": zero before a noun
	one        bool // a determiner: one before a singular noun
	digits     bool // written in digits
	hedge      int32
}

// maxCount bounds figures read as casualty counts; larger numbers are not counts of people
// in one attack (years, money, phone numbers).
const maxCount = 100_000

// parseCardinal reads a number phrase starting at token i: "at least 12", "twenty-five",
// "between 50 and 70", "a dozen", "two dozen", "dozens", "1,200", "10-12".
func (d *doc) parseCardinal(i, lim int) (numVal, bool) {
	var nv numVal
	nv.start = i
	j := i
	if e, v, ok := d.at(j, tabHedge); ok && e < lim {
		// A hedge only counts when a number follows it.
		if s, ok := d.simpleNumber(e, lim); ok && !s.one && !s.zero {
			nv.hedge = v
			j = e
		}
	}
	if e, _, ok := d.at(j, tabRangeStart); ok && e < lim {
		if a, ok := d.simpleNumber(e, lim); ok && !a.vague && !a.one && !a.zero {
			if je, _, ok := d.at(a.end, tabRangeJoin); ok && je < lim {
				if b, ok := d.simpleNumber(je, lim); ok && !b.vague && !b.one && !b.zero && b.lo > a.lo {
					nv.lo, nv.hi, nv.end, nv.digits = a.lo, b.lo, b.end, a.digits
					return nv, true
				}
			}
		}
	}
	s, ok := d.simpleNumber(j, lim)
	if !ok {
		return nv, false
	}
	s.start = i
	s.hedge = nv.hedge
	// "10-12", "10 to 12", "10 or 12"
	if !s.vague && !s.one && !s.zero && s.end < lim {
		k := s.end
		t := &d.toks[k]
		joinEnd := -1
		if t.kind == tPunct && (t.low == "-" || t.low == "\u2013") && k+1 < lim && d.toks[k+1].start == t.end {
			joinEnd = k + 1
		} else if e, _, ok := d.at(k, tabRangeJoin); ok && d.toks[k].low != "and" {
			joinEnd = e
		}
		if joinEnd > 0 && joinEnd < lim {
			if b, ok := d.simpleNumber(joinEnd, lim); ok && !b.vague && !b.one && !b.zero && b.lo > s.lo && b.lo <= s.lo*3+10 {
				s.hi = b.lo
				s.end = b.end
			}
		}
	}
	return s, true
}

// simpleNumber reads one number at token i: digits, number words, a dozen, a vague
// quantity, zero, or a determiner meaning one.
func (d *doc) simpleNumber(i, lim int) (numVal, bool) {
	nv := numVal{start: i}
	if i >= lim {
		return nv, false
	}
	t := &d.toks[i]
	if t.kind == tNum {
		if t.ord || t.num < 0 {
			return nv, false
		}
		nv.lo, nv.hi, nv.end, nv.digits = t.num, t.num, i+1, true
		// "2 dozen"
		if e, g, ok := d.at(i+1, tabGroup); ok && e <= lim {
			nv.lo *= int(g)
			nv.hi = nv.lo
			nv.end = e
		}
		return nv, true
	}
	if t.kind != tWord {
		return nv, false
	}
	if v, e, ok := d.wordNumber(i, lim); ok {
		nv.lo, nv.hi, nv.end = v, v, e
		return nv, true
	}
	if e, _, ok := d.at(i, tabVague); ok && e <= lim {
		nv.vague, nv.end = true, e
		return nv, true
	}
	if e, _, ok := d.at(i, tabZero); ok && e <= lim {
		nv.zero, nv.end = true, e
		return nv, true
	}
	if e, _, ok := d.at(i, tabOne); ok && e <= lim {
		// "a dozen", "a hundred"
		if ge, g, ok := d.at(e, tabGroup); ok && ge <= lim {
			nv.lo, nv.hi, nv.end = int(g), int(g), ge
			return nv, true
		}
		if se, sc, ok := d.at(e, tabScale); ok && se <= lim {
			nv.lo, nv.hi, nv.end = int(sc), int(sc), se
			return nv, true
		}
		nv.one, nv.lo, nv.hi, nv.end = true, 1, 1, e
		return nv, true
	}
	return nv, false
}

// wordNumber reads a number written in words: "seven", "twenty-five", "one hundred and
// twenty", "two dozen", "three thousand".
func (d *doc) wordNumber(i, lim int) (int, int, bool) {
	total, cur := 0, 0
	any := false
	k := i
	lastScale := false
	for k < lim {
		if e, v, ok := d.at(k, tabTens); ok && e <= lim {
			cur += int(v)
			any, lastScale = true, false
			k = e
			// "twenty-five", "twenty five"
			n := k
			if n < lim && d.toks[n].joiner {
				n++
			}
			if e2, u, ok := d.at(n, tabUnit); ok && e2 <= lim && u > 0 && u < 10 {
				cur += int(u)
				k = e2
			}
			continue
		}
		if e, v, ok := d.at(k, tabUnit); ok && e <= lim {
			if any && !lastScale {
				break // "two three" is not one number
			}
			cur += int(v)
			any, lastScale = true, false
			k = e
			continue
		}
		if any {
			if e, v, ok := d.at(k, tabScale); ok && e <= lim {
				if cur == 0 {
					cur = 1
				}
				cur *= int(v)
				if v >= 1000 {
					total += cur
					cur = 0
				}
				k = e
				lastScale = true
				continue
			}
			if e, v, ok := d.at(k, tabGroup); ok && e <= lim {
				cur *= int(v)
				k = e
				lastScale = false
				continue
			}
			if lastScale {
				if e, _, ok := d.at(k, tabNumberAnd); ok && e < lim {
					if d.is(e, tabUnit) || d.is(e, tabTens) {
						k = e
						lastScale = true // allow the unit after "and"
						continue
					}
				}
			}
		}
		break
	}
	if !any {
		return 0, 0, false
	}
	return total + cur, k, true
}

// np is a counted noun phrase: "at least 12 soldiers", "a policeman", "five Chinese
// engineers", "two more", or a bare number.
type np struct {
	start, end int // tokens
	num        numVal
	cat        int32
	noun       bool // a noun was found (a victim noun, or unknown words after a number)
	additive   bool // "two more soldiers", "another policeman"
}

// known reports whether the phrase gives a figure.
func (p *np) known() bool { return !p.num.vague }

// value returns the low and high figures.
func (p *np) value() (lo, hi int) {
	if p.num.zero {
		return 0, 0
	}
	return p.num.lo, p.num.hi
}

// stopWord reports a word that ends a noun phrase: a verb, an auxiliary, a preposition, a
// conjunction, a date word.
func (d *doc) stopWord(m int) bool {
	return d.is(m, tabVerb) || d.is(m, tabAux) || d.is(m, tabLocative) || d.is(m, tabSubordinator) ||
		d.is(m, tabReporting) || d.is(m, tabRangeJoin) || d.is(m, tabSubset) || d.is(m, tabMonth) ||
		d.is(m, tabWeekday) || d.is(m, tabNotCounted) || d.is(m, tabDayUnit) || d.is(m, tabHedge) ||
		d.is(m, tabRelDay) || d.toks[m].kind == tNum
}

// parseNP reads a counted noun phrase at token i, not beyond lim.
func (d *doc) parseNP(i, lim int) (np, bool) {
	p := np{start: i}
	// A number glued to a preceding word or number is part of something else ("F-16", "2/3").
	if i > 0 && d.toks[i].kind == tNum {
		prev := &d.toks[i-1]
		if prev.end == d.toks[i].start && (prev.low == "/" || prev.low == "-" || prev.low == "." || prev.low == ":" || prev.kind != tPunct) {
			return p, false
		}
	}
	nv, ok := d.parseCardinal(i, lim)
	if !ok {
		return p, false
	}
	if nv.lo > maxCount || nv.hi > maxCount {
		return p, false
	}
	p.num = nv
	k := nv.end
	// A number followed by a date or a unit is no count: "5 August", "12-year-old", "10 km".
	if k < lim {
		n := k
		if d.toks[n].joiner && n+1 < lim {
			n++
		}
		if d.is(n, tabNotCounted) || d.is(n, tabMonth) && nv.digits || d.is(n, tabDayUnit) {
			return p, false
		}
		if nt := &d.toks[k]; nt.kind == tPunct && (nt.low == "/" || nt.low == ":" || nt.low == "%") {
			return p, false
		}
		if nt := &d.toks[k]; nt.low == "." && k+1 < lim && d.toks[k+1].kind == tNum && d.toks[k+1].start == nt.end {
			return p, false
		}
	}
	// "no one", "nobody", "none": zero on their own.
	if nv.zero && (nv.end-nv.start > 1 || d.toks[nv.start].low != "no") {
		p.cat, p.noun, p.end = catGeneric, true, k
		return p, true
	}
	// Partitives: "two of them", "one of the attackers", "two of Khan's companions".
	if k < lim && d.toks[k].low == "of" {
		if nv.vague || nv.one || nv.zero {
			return p, false
		}
		return d.partitive(p, k+1, lim)
	}
	if nv.digits && nv.lo == nv.hi && nv.lo >= 1900 && nv.lo <= 2100 {
		// A year, unless a victim noun follows at once.
		if _, _, ok := d.at(k, tabVictim); !ok {
			return p, false
		}
	}
	mod := int32(-1)
	m := k
	steps := 0
	unknown := 0 // words that are neither victim nouns nor modifiers
	for m < lim && steps < 6 {
		t := &d.toks[m]
		if t.kind == tPunct {
			if t.joiner && m+1 < lim && d.toks[m+1].kind == tWord {
				m++
				continue
			}
			break
		}
		if e, v, ok := d.at(m, tabVictim); ok && e <= lim {
			vic := d.lt.victims[v]
			// Compound nouns: "levies personnel", "FC soldiers": take the last noun.
			if _, _, ok2 := d.at(e, tabVictim); ok2 && !d.is(m, tabVerb) {
				if c, ok3 := d.modifierCat(m); ok3 {
					mod = c
				}
				m = e
				steps++
				continue
			}
			p.noun = true
			p.cat = catValue(vic.Category)
			if p.cat == catGeneric && mod >= 0 {
				p.cat = mod
			}
			if nv.one && vic.Plural {
				// "the soldiers": no count; but "a personnel", "one militants" are one.
				if w := d.toks[nv.start].low; w != "a" && w != "an" && w != "one" {
					return p, false
				}
			}
			p.end = e
			return p, true
		}
		if e, v, ok := d.at(m, tabModifier); ok && e <= lim {
			mod = v
			m = e
			steps++
			continue
		}
		if e, _, ok := d.at(m, tabAdditive); ok && e <= lim {
			p.additive = true
			m = e
			steps++
			continue
		}
		if d.stopWord(m) || t.low == "and" || t.low == "or" {
			break
		}
		m++
		steps++
		unknown++
	}
	// No victim noun.
	if nv.one || nv.zero {
		return p, false
	}
	if mod >= 0 && m > k && unknown == 0 {
		// "two police", "three FC": the modifier is the noun.
		p.cat = mod
		p.noun = true
		p.end = m
		return p, true
	}
	if unknown > 0 && unknown <= 3 && m-k <= 4 {
		// A noun the tables lack after a number: "five Shiite scholars", "2 nurses".
		p.cat = catGeneric
		if mod >= 0 {
			p.cat = mod
		}
		p.noun = true
		p.end = m
		return p, true
	}
	if nv.vague {
		return p, false
	}
	if nv.digits && nv.lo == nv.hi {
		t := &d.toks[nv.start]
		// "at around 1600": a time of day, not a count.
		if t.end-t.start == 4 && nv.lo/100 <= 23 && nv.lo%100 <= 59 {
			return p, false
		}
		// "Nasir (35)": an age.
		if i > 0 && d.toks[i-1].low == "(" && k < lim && d.toks[k].low == ")" {
			return p, false
		}
	}
	p.end = k
	if p.additive {
		// "two more", "three others"
		if e, _, ok := d.at(k, tabAdditive); ok {
			p.end = e
		}
	}
	p.cat = catGeneric
	return p, true
}

// partitive reads what follows "N of": "them", "whom", or a determiner and a victim noun.
func (d *doc) partitive(p np, k, lim int) (np, bool) {
	if k >= lim {
		return p, false
	}
	switch d.toks[k].low {
	case "them", "those", "these", "us":
		p.cat, p.noun, p.end = catGeneric, true, k+1
		return p, true
	}
	// "the attackers", "his family members", "Khan's companions"
	for m, steps := k, 0; m < lim && steps < 6; m, steps = m+1, steps+1 {
		if e, v, ok := d.at(m, tabVictim); ok && e <= lim {
			p.cat, p.noun, p.end = catValue(d.lt.victims[v].Category), true, e
			if p.cat == catGeneric {
				for j := k; j < m; j++ {
					if c, ok := d.modifierCat(j); ok {
						p.cat = c
					}
				}
			}
			return p, true
		}
		t := &d.toks[m]
		if t.kind == tPunct && !t.joiner || d.stopWord(m) && !d.is(m, tabModifier) {
			return p, false
		}
	}
	return p, false
}

// modifierCat returns the category a word sets as a modifier, if any.
func (d *doc) modifierCat(i int) (int32, bool) {
	if _, v, ok := d.at(i, tabModifier); ok {
		return v, true
	}
	if _, v, ok := d.at(i, tabVictim); ok {
		c := catValue(d.lt.victims[v].Category)
		if c != catGeneric {
			return c, true
		}
	}
	return 0, false
}
