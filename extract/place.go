package extract

import (
	"github.com/sarhad-osint/sarhad"
)

// placeMention is a place name in the text: a gazetteer name (entry ≥ 0) or an unknown
// locality named with a place word ("Karmo Wadh area").
type placeMention struct {
	start, end int   // tokens of the name
	entry      int32 // index into the place index, -1 when unknown
	kind       int32 // the place word after it (kindDistrict, kindTown, …), 0 when none
	kindEnd    int   // the token after the place word (or end)
	locative   bool  // after "in", "at", "near", "area of" …
	notLoc     bool  // where victims were taken, where someone comes from
	dateline   bool  // the "PESHAWAR:" of a news story
	country    bool  // Pakistan
}

// placeGroup is a run of place names that describe one location ("in Turbat city (Kech,
// Balochistan)", "in Mir Ali, North Waziristan").
type placeGroup struct {
	first, last int // indexes into d.places
	sent        int
}

func (d *doc) insideActor(i int) (int, bool) {
	if k := d.actorOf[i]; k >= 0 {
		return d.actors[k].end, true
	}
	return 0, false
}

// scanPlaces finds place names and groups them.
func (d *doc) scanPlaces() {
	toks := d.toks
	for si := range d.sents {
		s := &d.sents[si]
		for i := s.start; i < s.end; i++ {
			t := &toks[i]
			if t.kind != tWord || !(t.cap || t.upper) {
				continue
			}
			if e, ok := d.insideActor(i); ok {
				i = e - 1
				continue
			}
			if e, _, ok := d.at(i, tabCountry); ok && e <= s.end {
				d.places = append(d.places, placeMention{start: i, end: e, kindEnd: e, entry: -1, country: true})
				i = e - 1
				continue
			}
			if e, _, ok := d.at(i, tabForeign); ok && e <= s.end {
				i = e - 1
				continue
			}
			if m, ok := d.x.pix.find(d, i, s.end); ok {
				pm := placeMention{start: m.start, end: m.end, entry: m.entry, kindEnd: m.end}
				if d.placeContext(&pm, s, &d.x.pix.entries[m.entry]) {
					d.places = append(d.places, pm)
				}
				i = m.end - 1
				continue
			}
			if pm, ok := d.unknownLocality(i, s); ok {
				d.places = append(d.places, pm)
				i = pm.end - 1
			}
		}
	}
	d.groupPlaces()
}

// placeContext fills the context of a gazetteer name and reports whether it is a place
// here at all.
func (d *doc) placeContext(pm *placeMention, s *sentence, e *nameEntry) bool {
	toks := d.toks
	// A name inside an organisation or a building: "Quetta Shura", "Peshawar High Court".
	k := pm.end
	if k < s.end && toks[k].low == "'" {
		k++
		if k < s.end && toks[k].low == "s" {
			k++
		}
	}
	if k == pm.end && d.is(pm.end, tabOrgSuffix) {
		return false
	}
	// "Peshawar-bound", "Karachi-based": a direction or a seat, not the place of the event;
	// "the Quetta-Karachi highway": a road named after places.
	if pm.end+1 < s.end && toks[pm.end].joiner && toks[pm.end].start == toks[pm.end-1].end {
		k := pm.end + 1
		for n := 0; k < s.end && n < 3 && toks[k].cap && !d.is(k, tabOrgSuffix); n++ {
			k++
		}
		if d.is(k, tabOrgSuffix) {
			return false
		}
	}
	// The tail of a longer name the gazetteer lacks: "Badami Bagh", "Pak-Capital".
	if p := pm.start - 1; p > s.start && !s.headline {
		if toks[p].joiner && p-1 > s.start {
			p--
		}
		if t := &toks[p]; t.kind == tWord && t.cap && !d.is(p, tabNotPlace) && !d.is(p, tabMonth) && !d.is(p, tabWeekday) &&
			!d.is(p, tabLocative) && d.actorOf[p] < 0 && !d.placeEndsAt(p+1) {
			return false
		}
	}
	// A person's name: "Malik Kohat Khan".
	if pm.start > s.start && d.is(pm.start-1, tabNamePrefix) && toks[pm.start-1].cap {
		return false
	}
	if ke, kv, ok := d.at(pm.end, tabPlaceKind); ok && ke <= s.end {
		pm.kind, pm.kindEnd = kv, ke
	}
	pm.locative = d.locativeBefore(pm.start, s.start)
	if e.ambiguous && pm.kind == 0 && !(pm.locative && !s.headline) {
		return false
	}
	if e.ambiguous && pm.end-pm.start == 1 && !toks[pm.start].cap {
		return false
	}
	pm.notLoc = d.notLocative(pm.start, pm.kindEnd, s)
	// "PESHAWAR: …" at the start of a story.
	if pm.start == s.start && toks[pm.start].upper && pm.end < s.end && (toks[pm.end].low == ":" || toks[pm.end].low == ",") {
		pm.dateline = true
	}
	return true
}

// locativeBefore reports whether a locative word ("in", "at", "near", "area of") comes
// just before token i (allowing "the" between).
func (d *doc) locativeBefore(i, floor int) bool {
	j := i
	if j > floor && d.toks[j-1].low == "the" {
		j--
	}
	return j > floor && d.endingAt(j, tabLocative) >= 0
}

// notLocative reports a context that makes a place something else than where the event
// happened: where the wounded were taken, where someone is from.
func (d *doc) notLocative(start, end int, s *sentence) bool {
	c := d.clauses[d.clOf[start]]
	floor := c.start
	if start-floor > 8 {
		floor = start - 8
	}
	for k := floor; k < start; k++ {
		if e, _, ok := d.at(k, tabNotLocative); ok && e <= start {
			return true
		}
	}
	// "native of Swat", "belonging to the Swat valley": where someone is from.
	j := start
	if j > c.start && d.toks[j-1].low == "the" {
		j--
	}
	if d.endingAt(j, tabOrigin) >= 0 {
		return true
	}
	// "Peshawar's Lady Reading Hospital"
	for k := end; k < s.end && k < end+5; k++ {
		t := &d.toks[k]
		if d.is(k, tabNotLocative) && (t.cap || k == end) {
			return true
		}
		if t.kind == tWord && !t.cap && t.low != "s" {
			break
		}
		if t.kind == tPunct && !t.joiner {
			break
		}
	}
	return false
}

// unknownLocality reads a capitalised name that the gazetteer lacks, made a place by the
// place word after it ("Karmo Wadh area", "Pat Feeder area") or by "village of" before it.
func (d *doc) unknownLocality(i int, s *sentence) (placeMention, bool) {
	toks := d.toks
	if d.is(i, tabNotPlace) || d.is(i, tabMonth) || d.is(i, tabWeekday) {
		return placeMention{}, false
	}
	end := i
	for end < s.end && end < i+3 {
		t := &toks[end]
		if t.kind == tPunct && t.joiner && end > i && end+1 < s.end && toks[end+1].cap {
			end++
			continue
		}
		if t.kind != tWord || !(t.cap || t.upper) || d.is(end, tabNotPlace) || d.is(end, tabPlaceKind) {
			break
		}
		if _, ok := d.insideActor(end); ok {
			break
		}
		end++
	}
	if end == i {
		return placeMention{}, false
	}
	pm := placeMention{start: i, end: end, entry: -1, kindEnd: end}
	if ke, kv, ok := d.at(end, tabPlaceKind); ok && ke <= s.end && (kv == kindTown || kv == kindArea || kv == kindTehsil) {
		pm.kind, pm.kindEnd = kv, ke
	} else if end+1 < s.end && toks[end].low == "," && d.locativeBefore(i, s.start) && d.knownPlaceAt(end+1, s.end) {
		// "in Besham, Shangla district": a name before a known place, after "in".
	} else {
		// "village of X", "area of X"
		j := i
		if j > s.start && toks[j-1].low == "the" {
			j--
		}
		if j < s.start+2 || toks[j-1].low != "of" || !d.is(j-2, tabPlaceKind) {
			return placeMention{}, false
		}
	}
	if i == s.start && pm.kind == 0 {
		return placeMention{}, false
	}
	pm.locative = d.locativeBefore(i, s.start)
	pm.notLoc = d.notLocative(i, pm.kindEnd, s)
	return pm, true
}

// groupPlaces joins place names separated only by commas, brackets, "of", "in", place
// words and the country into groups.
func (d *doc) groupPlaces() {
	for k := 0; k < len(d.places); k++ {
		g := placeGroup{first: k, last: k, sent: d.sentOf[d.places[k].start]}
		for k+1 < len(d.places) {
			a, b := &d.places[g.last], &d.places[k+1]
			if d.sentOf[b.start] != g.sent || !d.placeGap(a.kindEnd, b.start) {
				break
			}
			k++
			g.last = k
		}
		d.groups = append(d.groups, g)
	}
}

func (d *doc) placeGap(from, to int) bool {
	if to-from > 4 || to < from {
		return false
	}
	for k := from; k < to; k++ {
		t := &d.toks[k]
		switch t.low {
		case ",", "(", ")", "of", "in", "the", "-", "\u2013":
			continue
		}
		if d.is(k, tabPlaceKind) {
			continue
		}
		return false
	}
	return true
}

// query builds the place query of a group.
func (d *doc) query(g placeGroup) (sarhad.PlaceQuery, bool) {
	var q sarhad.PlaceQuery
	any := false
	for k := g.first; k <= g.last; k++ {
		m := &d.places[k]
		if m.country {
			continue
		}
		name := d.text[d.toks[m.start].start:d.toks[m.end-1].end]
		any = true
		if m.entry < 0 {
			if q.Locality == "" {
				q.Locality = name
			}
			continue
		}
		e := &d.x.pix.entries[m.entry]
		if e.placeOK && !e.place.Historical {
			name = e.place.Name // "Turbat City" is Turbat
		}
		switch {
		case m.kind == kindDistrict:
			if q.District == "" {
				q.District = name
			}
		case m.kind == kindProvince:
			if q.Province == "" {
				q.Province = name
			}
		case e.placeOK && e.place.Kind == sarhad.KindProvince:
			if q.Province == "" {
				q.Province = name
			}
		case e.placeOK && (e.place.Kind == sarhad.KindDistrict || e.place.Kind == sarhad.KindDivision):
			if q.District == "" {
				q.District = name
			}
		default:
			switch {
			case k > g.first && q.Locality != "" && e.placeOK && e.place.District != "" && e.place.Name == e.place.District && q.District == "":
				// "Duki city (Loralai, Balochistan)": a district's headquarters town after a
				// place stands for its district.
				q.District = e.place.District
			case q.Locality == "":
				q.Locality = name
			case q.District == "" && e.placeOK && e.place.District != "":
				q.District = e.place.District
			}
		}
	}
	return q, any
}

// locate resolves a query through the resolver, with a cache.
func (x *Extractor) locate(q sarhad.PlaceQuery) sarhad.Location {
	x.mu.RLock()
	l, ok := x.locateCache[q]
	x.mu.RUnlock()
	if ok {
		return l
	}
	l = x.places.Locate(q)
	x.mu.Lock()
	if len(x.locateCache) >= maxCache {
		clear(x.locateCache)
	}
	x.locateCache[q] = l
	x.mu.Unlock()
	return l
}

// sentenceHasContent reports whether a sentence tells of an attack or casualties.
func (d *doc) sentenceHasContent(si int) bool { return d.sentHas[si] }

// eventLocation chooses the place of event ei: the first group in a sentence about the
// attack that is written as a location ("in", "at", "near"), finer ones preferred.
func (d *doc) eventLocation(ei int) (sarhad.Location, evidence, bool) {
	if d.x.places == nil {
		return sarhad.Location{}, evidence{}, false
	}
	best, bestScore := -1, -1e9
	var dateline = -1
	firstContent := -1
	for gi, g := range d.groups {
		m := &d.places[g.first]
		if m.dateline && dateline < 0 {
			dateline = gi
		}
		if d.evOf[m.start] != ei || m.dateline || m.notLoc {
			continue
		}
		if q, ok := d.query(g); !ok || q == (sarhad.PlaceQuery{}) {
			continue
		}
		c := d.sentenceHasContent(g.sent)
		if c && firstContent < 0 {
			firstContent = g.sent
		}
		score := 0.0
		if m.locative {
			score += 3
		}
		if c {
			score += 2
		}
		if g.last > g.first {
			score++
		}
		if m.kind == kindDistrict || m.kind == kindTown || m.kind == kindArea || m.kind == kindTehsil {
			score += 0.5
		}
		// Finer places first: a town says more than its district.
		if q, ok := d.query(g); ok {
			switch d.x.locate(q).Precision {
			case sarhad.GeoExact, sarhad.GeoTown, sarhad.GeoTehsil:
				score += 1
			case sarhad.GeoDistrict:
				score += 0.5
			}
		}
		if d.sents[g.sent].headline {
			score -= 0.25
		}
		// Earlier sentences first; the headline counts like the lead.
		score -= 1.5 * float64(d.sentRank(g.sent))
		if score > bestScore {
			best, bestScore = gi, score
		}
	}
	if best >= 0 {
		g := d.groups[best]
		q, _ := d.query(g)
		loc := d.x.locate(q)
		if q.District == "" && (loc.Precision == sarhad.GeoTown || loc.Precision == sarhad.GeoTehsil || loc.District == "") {
			// A village named without its district: when the rest of the story (the headline,
			// the date line) names one district, and the village resolved elsewhere or not at
			// all, read it in that district (many villages share names).
			if cd := d.contextDistrict(ei, best, dateline); cd != "" && cd != loc.District {
				q2 := q
				q2.District = cd
				if l2 := d.x.locate(q2); l2.District == cd {
					loc = l2
					q = q2
				}
			}
		}
		conf := 0.85
		if !d.places[g.first].locative {
			conf = 0.6
		}
		if loc.Precision.Rank() >= sarhad.GeoProvince.Rank() {
			// Only a province (or nothing) resolved: a finer place elsewhere in the event?
			for gi, g2 := range d.groups {
				m := &d.places[g2.first]
				if gi == best || d.evOf[m.start] != ei || m.notLoc || m.dateline {
					continue
				}
				q2, ok := d.query(g2)
				if !ok {
					continue
				}
				if q2.Province == "" {
					q2.Province = q.Province
				}
				l2 := d.x.locate(q2)
				if l2.Precision.Rank() < loc.Precision.Rank() && (loc.Province == "" || l2.Province == loc.Province) {
					loc = l2
					g = g2
					conf = 0.6
					break
				}
			}
		}
		if loc.Precision == sarhad.GeoUnknown && loc.Province == "" && loc.District == "" && loc.Place == "" {
			return sarhad.Location{}, evidence{}, false
		}
		first, last := &d.places[g.first], &d.places[g.last]
		return loc, d.span(first.start, last.kindEnd, conf), true
	}
	if ei == 0 && dateline >= 0 {
		g := d.groups[dateline]
		q, _ := d.query(g)
		loc := d.x.locate(q)
		if loc.Province != "" || loc.District != "" {
			m := &d.places[g.first]
			return loc, d.span(m.start, m.end, 0.4), true
		}
	}
	return sarhad.Location{}, evidence{}, false
}

// sentRank is the position of a sentence among the body sentences: date lines and the
// headline do not count, so the headline and the lead both rank 0.
func (d *doc) sentRank(si int) int { return d.rank[si] }

// knownPlaceAt reports whether a gazetteer name of a district or province starts at i.
func (d *doc) knownPlaceAt(i, lim int) bool {
	m, ok := d.x.pix.find(d, i, lim)
	if !ok {
		return false
	}
	e := &d.x.pix.entries[m.entry]
	if !e.placeOK {
		return false
	}
	switch e.place.Kind {
	case sarhad.KindDistrict, sarhad.KindProvince, sarhad.KindDivision:
		return true
	}
	return d.is(m.end, tabPlaceKind)
}

// contextDistrict returns the one district that the other place groups of event ei and
// the story's date line name, or "" when they name none or several.
func (d *doc) contextDistrict(ei, skip, dateline int) string {
	found := ""
	for gi, g := range d.groups {
		m := &d.places[g.first]
		if gi == skip || m.notLoc || !(d.evOf[m.start] == ei || gi == dateline) {
			continue
		}
		q, ok := d.query(g)
		if !ok {
			continue
		}
		l := d.x.locate(q)
		if l.District == "" {
			continue
		}
		if found != "" && found != l.District {
			return ""
		}
		found = l.District
	}
	return found
}

// placeEndsAt reports whether a place mention found so far ends just before token i.
func (d *doc) placeEndsAt(i int) bool {
	n := len(d.places)
	return n > 0 && (d.places[n-1].end == i || d.places[n-1].kindEnd == i)
}
