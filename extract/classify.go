package extract

import (
	"sort"

	"github.com/sarhad-osint/sarhad"
)

// kwMention is a keyword of the attack, target or cross-border vocabulary.
type kwMention struct {
	start, end int
	val        int32
}

// scanKeywords finds the attack words, target words and cross-border cues.
func (d *doc) scanKeywords() {
	var attackEnd, targetEnd, crossEnd int
	for i := range d.toks {
		if d.toks[i].kind == tPunct {
			continue
		}
		if e, v, ok := d.at(i, tabAttack); ok && i >= attackEnd {
			d.attacks = append(d.attacks, kwMention{start: i, end: e, val: v})
			attackEnd = e
		}
		if e, v, ok := d.at(i, tabTarget); ok && i >= targetEnd {
			if _, in := d.insideActor(i); !in {
				d.targets = append(d.targets, kwMention{start: i, end: e, val: v})
				targetEnd = e
			}
		}
		if i < crossEnd {
			continue
		}
		if e, _, ok := d.at(i, tabCross); ok {
			d.cross = append(d.cross, kwMention{start: i, end: e})
			crossEnd = e
			continue
		}
		if e, _, ok := d.at(i, tabCrossTrigger); ok {
			s := d.sents[d.sentOf[i]]
			for k := e; k < s.end && k < e+d.lt.l.CrossWindow; k++ {
				if ce, _, ok := d.at(k, tabCrossCountry); ok && ce <= s.end {
					d.cross = append(d.cross, kwMention{start: i, end: ce})
					crossEnd = ce
					break
				}
			}
		}
	}
}

// weakAttack lists the attack types whose words say little on their own ("attacked",
// "fire"): they give a lower confidence.
func (d *doc) attackConf(m kwMention) float64 {
	w := d.toks[m.start].low
	switch w {
	case "attacked", "fire", "assault", "clash", "clashes", "clashed", "fired", "firing", "shot", "destroyed",
		"burnt", "burned", "planted", "detonated", "exploded", "went", "explosion", "explosions", "blast", "blasts",
		"explosive", "explosives", "shells", "attack", "attacks", "targeted", "terrorist", "militant", "raid",
		"gunmen", "gunman", "armed", "hurled", "lobbed":
		return 0.5
	}
	return 0.8
}

// eventAttackType picks the attack type of event ei: the most specific type (suicide
// bombing before IED before armed assault, see attack_priority) among the words of the
// first sentence that names the attack with a telling word; a suicide bombing named
// anywhere in the event wins. Weak words ("attacked", "explosions") decide only when no
// sentence has a telling one.
func (d *doc) eventAttackType(ei int) (sarhad.AttackType, evidence, bool) {
	best, bestRank := -1, 1<<30
	firstStrong := -1
	suicide := -1
	rank := func(m kwMention) int {
		r, ok := d.lt.attackRank[d.lt.attacks[m.val]]
		if !ok {
			r = len(d.lt.attackRank)
		}
		return r
	}
	for i, m := range d.attacks {
		if d.evOf[m.start] != ei {
			continue
		}
		if d.lt.attacks[m.val] == string(sarhad.AttackSuicide) && suicide < 0 {
			suicide = i
		}
		if firstStrong < 0 && d.attackConf(m) >= 0.8 {
			firstStrong = d.sentOf[m.start]
		}
	}
	for i, m := range d.attacks {
		if d.evOf[m.start] != ei || firstStrong >= 0 && d.sentOf[m.start] != firstStrong {
			continue
		}
		if r := rank(m); r < bestRank {
			best, bestRank = i, r
		}
	}
	if suicide >= 0 {
		best = suicide
	}
	if best < 0 {
		return "", evidence{}, false
	}
	m := d.attacks[best]
	t, ok := sarhad.ParseAttackType(d.lt.attacks[m.val])
	if !ok {
		return "", evidence{}, false
	}
	return t, d.span(m.start, m.end, d.attackConf(m)), true
}

// eventTargetType picks the target type of event ei: a target word after "on",
// "targeting", "at" and the like first, then the victims' category, then any target word.
func (d *doc) eventTargetType(ei int, ct *casTotals) (sarhad.TargetType, evidence, bool) {
	best, bestScore := -1, -1e9
	for i, m := range d.targets {
		if d.evOf[m.start] != ei {
			continue
		}
		s := d.sents[d.sentOf[m.start]]
		// "police said", "according to police": a source, not a target.
		if d.isSource(m, s) {
			continue
		}
		score := 1.0
		for k := max(s.start, m.start-3); k < m.start; k++ {
			if e, _, ok := d.at(k, tabTargetCue); ok && e <= m.start {
				score += 3
				break
			}
			if e, _, ok := d.at(k, tabTargetNear); ok && e <= m.start {
				score += 1.5
				break
			}
		}
		if d.inCasualty(m.start) {
			score += 2.5 // the victims say much of who was attacked
		}
		if d.compoundHead(m) >= 0 {
			continue // "Army Public School": the school is the target
		}
		score -= 0.5 * float64(d.sentRank(d.sentOf[m.start]))
		if score > bestScore {
			best, bestScore = i, score
		}
	}
	if best >= 0 {
		m := d.targets[best]
		t, ok := sarhad.ParseTargetType(d.lt.targets[m.val])
		if ok {
			conf := 0.5
			if bestScore >= 3 {
				conf = 0.7
			}
			return t, d.span(m.start, m.end, conf), true
		}
	}
	switch {
	case ct.killed.Security.Known && ct.killed.Security.Best > 0:
		return sarhad.TargetSecurity, ct.evSecurity, true
	case ct.killed.Civilians.Known && ct.killed.Civilians.Best > 0:
		return sarhad.TargetCivilians, ct.evCivilians, true
	}
	return "", evidence{}, false
}

// isSource reports a target word used as a source of information: "police said".
func (d *doc) isSource(m kwMention, s sentence) bool {
	for k := m.end; k < s.end && k < m.end+3; k++ {
		if d.is(k, tabReporting) {
			return true
		}
		if d.toks[k].kind == tPunct {
			break
		}
	}
	if m.start >= 2 && d.toks[m.start-1].low == "to" && d.toks[m.start-2].low == "according" {
		return true
	}
	return false
}

// inCasualty reports whether token i is inside a casualty statement.
func (d *doc) inCasualty(i int) bool { return d.casOf[i] }

// eventCrossBorder finds a statement of a cross-border link in event ei.
func (d *doc) eventCrossBorder(ei int) (evidence, bool) {
	for _, m := range d.cross {
		if d.evOf[m.start] != ei {
			continue
		}
		s := d.sents[d.sentOf[m.start]]
		neg := false
		for k := s.start; k < s.end; k++ {
			if d.is(k, tabCrossNeg) {
				neg = true
				break
			}
		}
		if neg {
			continue
		}
		return d.span(m.start, m.end, 0.7), true
	}
	return evidence{}, false
}

// foiled reports whether event ei's attack did not go off (a bomber arrested, a device
// defused).
func (d *doc) foiled(ei int) bool {
	for i := range d.matches {
		if d.matches[i].tab != tabFoiled {
			continue
		}
		// The token of a match: the one whose match range holds it.
		k := sort.Search(len(d.toks), func(k int) bool { return d.mOff[k+1] > i })
		if k < len(d.toks) && d.evOf[k] == ei {
			return true
		}
	}
	return false
}

// bombers returns how many suicide bombers event ei names ("two suicide bombers"), 1 when
// it names no number.
func (d *doc) bombers(ei int) int {
	for k := range d.nps {
		p := &d.nps[k]
		if d.evOf[p.start] != ei || p.cat != catMilitant || !p.noun || p.num.vague {
			continue
		}
		for j := p.start; j < p.end; j++ {
			if d.toks[j].low == "suicide" {
				if lo, _ := p.value(); lo > 0 && lo < 20 {
					return lo
				}
			}
		}
	}
	return 1
}

// compoundHead returns the index of a target word that heads a name or compound the target
// word m begins ("Army Public School", "FC camp"), or -1.
func (d *doc) compoundHead(m kwMention) int {
	k := m.end
	for n := 0; k < len(d.toks) && n < 4; n++ {
		t := &d.toks[k]
		if t.kind != tWord || !(t.cap || t.upper) && n > 0 {
			break
		}
		if i := d.targetAt[k]; i >= 0 && d.targets[i].val != m.val {
			return i
		}
		k++
	}
	return -1
}
