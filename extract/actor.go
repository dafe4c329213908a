package extract

import (
	"github.com/sarhad-osint/sarhad"
)

// actorMention is an organisation named in the text, or an official label for one
// ("Fitna al-Khawarij"); id is empty for a label that names no single actor ("Fitna
// al-Hindustan").
type actorMention struct {
	start, end int
	id, name   string
	kind       sarhad.ActorKind
	label      bool
	// domestic marks a bare "Taliban" read as the Pakistani Taliban; orig is what the
	// registry makes of the bare name, used for events before domestic_taliban.since.
	domestic bool
	orig     sarhad.Actor
}

// resolveActor resolves a name through the registry, with a cache.
func (x *Extractor) resolveActor(name string) (sarhad.ActorMatch, bool) {
	if x.actors == nil {
		return sarhad.ActorMatch{}, false
	}
	x.mu.RLock()
	h, ok := x.actorCache[name]
	x.mu.RUnlock()
	if ok {
		return h.m, h.ok
	}
	m, found := x.actors.ResolveActor(name)
	x.mu.Lock()
	if len(x.actorCache) >= maxCache {
		clear(x.actorCache)
	}
	x.actorCache[name] = actorHit{m, found}
	x.mu.Unlock()
	return m, found
}

func (d *doc) tokText(start, end int) string {
	return d.text[d.toks[start].start:d.toks[end-1].end]
}

// scanActors finds organisation names and official labels.
func (d *doc) scanActors() {
	x := d.x
	for si := range d.sents {
		s := d.sents[si]
		for i := s.start; i < s.end; i++ {
			t := &d.toks[i]
			if t.kind != tWord {
				continue
			}
			labelEnd := 0
			if e, _, ok := d.at(i, tabLabel); ok && e <= s.end {
				labelEnd = e
			}
			if m, ok := x.aix.find(d, i, s.end); ok {
				end := m.end
				if labelEnd > end {
					end = labelEnd
				}
				am := actorMention{start: i, end: end, label: labelEnd > 0}
				raw := d.tokText(i, m.end)
				if d.domesticTaliban(i, m.end) {
					if r, ok := x.resolveActor(raw); ok {
						am.domestic, am.orig = true, r.Actor
					}
					raw = d.lt.l.DomesticTaliban.ResolveAs
				}
				if r, ok := x.resolveActor(raw); ok {
					am.id, am.name, am.kind = r.Actor.ID, r.Actor.Name, r.Actor.Kind
				} else if a, ok := x.actors.ActorByID(x.aix.entries[m.entry].actorID); ok {
					am.id, am.name, am.kind = a.ID, a.Name, a.Kind
				}
				if am.id != "" {
					d.actors = append(d.actors, am)
				}
				i = end - 1
				continue
			}
			if labelEnd > 0 {
				am := actorMention{start: i, end: labelEnd, label: true}
				if r, ok := x.resolveActor(d.tokText(i, labelEnd)); ok {
					am.id, am.name, am.kind = r.Actor.ID, r.Actor.Name, r.Actor.Kind
				}
				d.actors = append(d.actors, am)
				i = labelEnd - 1
				continue
			}
			if am, ok := d.groupName(i, s.end); ok {
				d.actors = append(d.actors, am)
				i = am.end - 1
			}
		}
	}
}

// groupName tries a capitalised name of two to six words that contains a word such as
// "Lashkar", "Army" or "Front" on the registry's similarity matching, for spellings its
// aliases lack.
func (d *doc) groupName(i, lim int) (actorMention, bool) {
	if d.x.actors == nil {
		return actorMention{}, false
	}
	toks := d.toks
	if !toks[i].cap || d.is(i, tabNotPlace) && !d.is(i, tabGroupWord) {
		return actorMention{}, false
	}
	end := i
	words, group := 0, false
	conn := d.x.aix.connectors
	for end < lim && words < 6 {
		t := &toks[end]
		if t.kind == tPunct {
			if t.joiner && end+1 < lim {
				end++
				continue
			}
			break
		}
		if t.kind != tWord || !(t.cap || t.upper || conn[t.low]) {
			break
		}
		if d.is(end, tabGroupWord) {
			group = true
		}
		words++
		end++
	}
	for end > i && (toks[end-1].kind == tPunct || conn[toks[end-1].low]) {
		end--
	}
	if !group || words < 2 {
		return actorMention{}, false
	}
	r, ok := d.x.resolveActor(d.tokText(i, end))
	if !ok || r.Score < 0.9 {
		return actorMention{}, false
	}
	return actorMention{start: i, end: end, id: r.Actor.ID, name: r.Actor.Name, kind: r.Actor.Kind}, true
}

// actorResult is the perpetrator of an event.
type actorResult struct {
	name, raw string
	status    sarhad.Attribution
	ev        evidence
	statusEv  evidence
}

// Ranks of attribution evidence.
const (
	rankPlain         = iota + 1
	rankDenied        // the group denied it
	rankOfficialPlain // named in an official's statement, role not said
	rankContext       // named as the doer ("BLA militants attacked")
	rankSuspected     // suspected, believed to be
	rankOfficial      // officials named it as the doer, or an official label
	rankClaimed       // it claimed the attack
)

// actorRole judges one mention: whether it names the doer, and how firmly.
func (d *doc) actorRole(mi int) (rank int, status sarhad.Attribution, cue evidence, target bool) {
	m := &d.actors[mi]
	s := d.sents[d.sentOf[m.start]]
	toks := d.toks
	// A description of another group: "Jamaat-ul-Ahrar, a faction of the TTP".
	if d.describes(mi) {
		return 0, "", evidence{}, true
	}
	// The victims' group: "an activist of ASWJ", "the office of the PPP".
	if d.endingAt(d.skipModifiersBack(m.start, s.start), tabTargetBefore) >= 0 {
		return 0, "", evidence{}, true
	}
	// A target: "the PPP office", "ANP workers", "the party's leader".
	k := m.end
	if k+1 < s.end && toks[k].joiner && toks[k+1].low == "s" {
		k += 2
	}
	for n := 0; k < s.end && n < 3; n++ {
		if d.is(k, tabTargetCtx) {
			return 0, "", evidence{}, true
		}
		// "the PPP party office", "a PML-N provincial minister": nouns of one phrase.
		t := &toks[k]
		if t.kind != tWord && !t.joiner || d.stopWord(k) || d.is(k, tabPerpVerb) || d.is(k, tabOne) || d.is(k, tabVictim) {
			break
		}
		k++
	}
	// A claim or a denial after the name.
	for k := m.end; k < s.end && k < m.end+16; k++ {
		if other := d.actorAt(k); other >= 0 && d.actors[other].id != m.id && !d.describes(other) {
			break
		}
		if d.is(k, tabClaimPrefix) {
			break // "… claimed by X": about the next name
		}
		if e, _, ok := d.at(k, tabClaimed); ok {
			if d.negatedBefore(k, m.end) {
				break
			}
			return rankClaimed, sarhad.AttrClaimed, d.span(k, e, 0.9), false
		}
		if e, _, ok := d.at(k, tabDenied); ok {
			if d.negatedBefore(k, m.end) {
				break
			}
			return rankDenied, sarhad.AttrDenied, d.span(k, e, 0.8), false
		}
	}
	// "claimed by the banned BLA", "denied by …"
	j := d.skipModifiersBack(m.start, s.start)
	// The group speaking for itself ("a spokesman for the BLF said its fighters carried out
	// the attack"): what it says it did is a claim.
	if d.endingAt(j, tabSpeakerBefore) >= 0 || d.is(m.end, tabSpeakerAfter) {
		for k := m.end; k < s.end; k++ {
			if d.is(k, tabPerpVerb) && !d.is(k, tabVictim) {
				if d.negatedBefore(k, m.end) {
					break
				}
				return rankClaimed, sarhad.AttrClaimed, d.span(m.start, k+1, 0.8), false
			}
		}
	}
	if st := d.endingAt(j, tabClaimPrefix); st >= 0 {
		return rankClaimed, sarhad.AttrClaimed, d.span(st, j, 0.9), false
	}
	// Suspicion just before the name ("sources suspected that the TTP was involved",
	// "believed to be the work of the TTP"), not across a semicolon.
	from := max(s.start, m.start-10)
	for k := m.start - 1; k >= from; k-- {
		if toks[k].low == ";" || toks[k].low == ":" {
			from = k + 1
			break
		}
	}
	for k := from; k < m.start; k++ {
		if e, _, ok := d.at(k, tabSuspected); ok && e <= m.start && !d.negatedBefore(k, from) {
			return rankSuspected, sarhad.AttrSuspected, d.span(k, e, 0.7), false
		}
	}
	for k := m.end; k < s.end && k < m.end+4; k++ {
		if e, _, ok := d.at(k, tabSuspected); ok {
			return rankSuspected, sarhad.AttrSuspected, d.span(k, e, 0.65), false
		}
		if toks[k].kind == tPunct && toks[k].low != "(" && toks[k].low != ")" && toks[k].low != "," {
			break
		}
	}
	official := d.officialIn(s)
	if m.label {
		ev := d.span(m.start, m.end, 0.8)
		return rankOfficial, sarhad.AttrOfficial, ev, false
	}
	// The doer: "by the BLA", "militants of the TTP", "BLA militants attacked".
	doer := false
	if st := d.endingAt(j, tabPerpCtx); st >= 0 {
		doer = true
	}
	for k := m.end; k < s.end && k < m.end+3; k++ {
		if d.is(k, tabPerpVerb) || d.is(k, tabVictim) && d.victimCat(k) == catMilitant {
			doer = true
			break
		}
		if toks[k].kind == tPunct && !toks[k].joiner && toks[k].low != ")" && toks[k].low != "(" {
			break
		}
	}
	if official.set {
		if doer {
			return rankOfficial, sarhad.AttrOfficial, official, false
		}
		return rankOfficialPlain, sarhad.AttrOfficial, official, false
	}
	if doer {
		return rankContext, sarhad.AttrSuspected, d.span(m.start, m.end, 0.5), false
	}
	return rankPlain, sarhad.AttrSuspected, d.span(m.start, m.end, 0.4), false
}

func (d *doc) victimCat(k int) int32 {
	if _, v, ok := d.at(k, tabVictim); ok {
		return catValue(d.lt.victims[v].Category)
	}
	return -1
}

// skipModifiersBack walks back over "the", "banned", "outlawed" before a name.
func (d *doc) skipModifiersBack(i, floor int) int {
	for n := 0; i > floor && n < 3; n++ {
		switch d.toks[i-1].low {
		case "the", "banned", "outlawed", "proscribed", "defunct", "militant", "terrorist", "separatist", "a", "an":
			i--
			continue
		}
		break
	}
	return i
}

// negatedBefore reports a negation ("no group", "not", "yet to") between from and a cue
// at k.
func (d *doc) negatedBefore(k, from int) bool {
	for j := max(from, k-4); j < k; j++ {
		if e, _, ok := d.at(j, tabNegation); ok && e <= k {
			return true
		}
	}
	return false
}

// actorAt returns the mention that starts at token k, or -1.
func (d *doc) actorAt(k int) int {
	if a := d.actorOf[k]; a >= 0 && d.actors[a].start == k {
		return a
	}
	return -1
}

// officialIn returns an official-source cue of a sentence ("police said", "ISPR").
func (d *doc) officialIn(s sentence) evidence {
	for k := s.start; k < s.end; k++ {
		if e, _, ok := d.at(k, tabOfficial); ok && e <= s.end {
			return d.span(k, e, 0.7)
		}
	}
	return evidence{}
}

// eventActor chooses the perpetrator of event ei: a group that claimed it, else one
// officials named, else one named as the doer or suspected, else one that denied it.
func (d *doc) eventActor(ei int) (actorResult, bool) {
	best, bestRank := -1, 0
	var bestStatus sarhad.Attribution
	var bestCue evidence
	labelOnly := -1
	for mi := range d.actors {
		m := &d.actors[mi]
		if d.evOf[m.start] != ei {
			continue
		}
		rank, status, cue, target := d.actorRole(mi)
		if target || rank == 0 {
			continue
		}
		if (rank == rankPlain || rank == rankOfficialPlain) && !d.sentenceHasContent(d.sentOf[m.start]) {
			continue // a group merely named, away from the attack, is not said to have done it
		}
		if m.id == "" {
			if labelOnly < 0 {
				labelOnly = mi
			}
			continue
		}
		if rank < rankContext && d.ambiguousAbbrev(m) {
			continue // "the police SSP": a title, unless the text makes it the doer
		}
		switch m.kind {
		case sarhad.ActorMilitant, sarhad.ActorSeparatist, sarhad.ActorSectarian, sarhad.ActorCriminal, "":
		default:
			// Parties, charities, movements: only when the text says they did it or suspects
			// them, never for a mere mention or a "by" (they are more often the target).
			if rank < rankSuspected {
				continue
			}
		}
		if rank > bestRank {
			best, bestRank, bestStatus, bestCue = mi, rank, status, cue
		}
	}
	if best >= 0 {
		m := &d.actors[best]
		if m.domestic && m.orig.ID != "" {
			// Before the Pakistani Taliban existed, a bare "Taliban" is what the registry says.
			if since, err := sarhad.ParseDate(d.lt.l.DomesticTaliban.Since); err == nil {
				if dt, _, ok := d.bestDate(ei); ok && dt.Before(since) {
					mm := *m
					mm.id, mm.name, mm.kind = m.orig.ID, m.orig.Name, m.orig.Kind
					m = &mm
				}
			}
		}
		conf := 0.45
		switch bestRank {
		case rankClaimed:
			conf = 0.9
		case rankOfficial:
			conf = 0.8
		case rankContext:
			conf = 0.7
		case rankSuspected:
			conf = 0.65
		case rankDenied:
			conf = 0.6
		case rankOfficialPlain:
			conf = 0.55
		}
		return actorResult{
			name: m.name, raw: d.tokText(m.start, m.end), status: bestStatus,
			ev: d.span(m.start, m.end, conf), statusEv: bestCue,
		}, true
	}
	if labelOnly >= 0 {
		// A label for several groups ("Fitna al-Hindustan"): who is unknown, but officials
		// attributed it.
		m := &d.actors[labelOnly]
		return actorResult{name: sarhad.UnknownActor, raw: d.tokText(m.start, m.end), status: sarhad.AttrOfficial,
			statusEv: d.span(m.start, m.end, 0.6)}, true
	}
	return actorResult{}, false
}

// describes reports whether mention mi describes the group named just before it ("X, a
// faction of the TTP", "X, an offshoot of Y").
func (d *doc) describes(mi int) bool {
	m := &d.actors[mi]
	floor := d.sents[d.sentOf[m.start]].start
	j := d.skipModifiersBack(m.start, floor)
	st := d.endingAt(j, tabDescriptive)
	if st < 0 {
		return false
	}
	for k := st - 1; k >= floor && k >= st-3; k-- {
		t := &d.toks[k]
		if t.low == "," || t.low == "(" || t.low == "a" || t.low == "an" || t.low == "the" || t.low == "is" || t.low == "was" {
			continue
		}
		for oi := range d.actors {
			if oi != mi && d.actors[oi].end == k+1 {
				return true
			}
		}
		return false
	}
	return false
}

// ambiguousAbbrev reports an abbreviation that is also a common title or word ("SSP" is a
// police rank as well as Sipah-e-Sahaba Pakistan).
func (d *doc) ambiguousAbbrev(m *actorMention) bool {
	return m.end-m.start == 1 && d.is(m.start, tabAmbiguousAbbrev)
}

// domesticTaliban reports a bare "Taliban" (tokens [i, end)) that the English-language
// press of Pakistan uses for the Pakistani Taliban: not "Afghan Taliban", not the Taliban
// government. Whether the event is recent enough is checked when the draft is built.
func (d *doc) domesticTaliban(i, end int) bool {
	dt := &d.lt.l.DomesticTaliban
	if end-i != 1 || len(dt.Words) == 0 {
		return false
	}
	bare := false
	for _, w := range dt.Words {
		if d.toks[i].low == w {
			bare = true
		}
	}
	if !bare {
		return false
	}
	j := i
	if j > 0 && d.toks[j-1].low == "the" {
		j--
	}
	if d.endingAt(j, tabTalibanNotAfter) >= 0 || d.endingAt(i, tabTalibanNotAfter) >= 0 {
		return false
	}
	if d.is(end, tabTalibanNotBefore) {
		return false
	}
	return true
}
