package gazetteer

import (
	"strings"

	"github.com/sarhad-osint/sarhad"
)

// fataID is the id of the former Federally Administered Tribal Areas.
const fataID = "PK-KP-FATA"

// minFuzzyLen is the shortest loose key that typing errors are forgiven in.
const minFuzzyLen = 6

// maxNameLen caps the input read by ResolvePlace: no place name is longer.
const maxNameLen = 200

// hintKind is the kind of place a name's own wording asks for ("… District", "… city").
type hintKind uint8

const (
	hintNone hintKind = iota
	hintTown
	hintTehsil
	hintDistrict
	hintDivision
	hintProvince
	hintCrossing
)

// kindWords are words that say what kind of place a name is; they are removed before the
// name is looked up again. A value of hintNone removes a generic word without a hint.
var kindWords = map[string]hintKind{
	"district": hintDistrict, "districts": hintDistrict, "distt": hintDistrict, "dist": hintDistrict,
	"zila": hintDistrict, "zilla": hintDistrict, "agency": hintDistrict, "tribal district": hintDistrict,
	"tribal area": hintDistrict, "frontier region": hintNone,
	"tehsil": hintTehsil, "tahsil": hintTehsil, "taluka": hintTehsil, "taluko": hintTehsil,
	"sub division": hintTehsil, "subdivision": hintTehsil, "sub tehsil": hintTehsil, "sub": hintTehsil,
	"city": hintTown, "town": hintTown, "village": hintTown, "bazaar": hintTown, "bazar": hintTown,
	"cantonment": hintTown, "cantt": hintTown, "cant": hintTown,
	"division": hintDivision, "province": hintProvince, "state": hintProvince,
	"border": hintCrossing, "crossing": hintCrossing, "border crossing": hintCrossing, "gate": hintCrossing,
	"area": hintNone, "areas": hintNone, "valley": hintNone, "region": hintNone, "pakistan": hintNone,
	"the": hintNone, "of": hintNone, "near": hintNone, "outskirts": hintNone, "suburbs": hintNone,
}

// historicalWords make the name a historical one when they are removed.
var historicalWords = map[string]bool{"agency": true, "frontier region": true, "fr": true, "tribal area": true}

// prefixWords may open a name: "District Swat", "FR Kohat", "City of Quetta".
var prefixWords = map[string]hintKind{
	"district": hintDistrict, "distt": hintDistrict, "zila": hintDistrict, "fr": hintNone, "frontier region": hintNone,
	"tehsil": hintTehsil, "city": hintTown, "town": hintTown, "village": hintTown, "the": hintNone, "of": hintNone,
	"near": hintNone, "province": hintProvince,
}

// directions are moved to the front: "Chitral Upper" → "upper chitral".
var directions = map[string]bool{"upper": true, "lower": true, "north": true, "south": true, "east": true, "west": true, "central": true}

// stripKind removes kind words from both ends of a key's tokens.
func stripKind(toks []string) (core []string, hint hintKind, hist bool) {
	core = toks
	for changed := true; changed && len(core) > 1; {
		changed = false
		for _, n := range []int{2, 1} {
			if len(core) > n {
				w := strings.Join(core[len(core)-n:], " ")
				if h, ok := kindWords[w]; ok {
					if hint == hintNone {
						hint = h
					}
					hist = hist || historicalWords[w]
					core = core[:len(core)-n]
					changed = true
					break
				}
			}
			if len(core) > n {
				w := strings.Join(core[:n], " ")
				if h, ok := prefixWords[w]; ok {
					if hint == hintNone {
						hint = h
					}
					hist = hist || historicalWords[w]
					core = core[n:]
					changed = true
					break
				}
			}
		}
	}
	return core, hint, hist
}

// swapDirection moves a trailing direction word to the front ("chitral upper" → "upper
// chitral"); it returns "" when there is none.
func swapDirection(toks []string) string {
	if len(toks) < 2 || !directions[toks[len(toks)-1]] {
		return ""
	}
	return toks[len(toks)-1] + " " + strings.Join(toks[:len(toks)-1], " ")
}

// lookup finds the places a name may mean, with the kind its wording asks for and whether
// the wording itself is historical ("… Agency", "FR …").
func (g *Gazetteer) lookup(name string) (hits []hit, hint hintKind, hist bool) {
	if len(name) > maxNameLen {
		name = name[:maxNameLen]
	}
	k := Key(name)
	if k == "" {
		return nil, hintNone, false
	}
	toks := strings.Split(k, " ")
	core, hint, hist := stripKind(toks)
	coreKey := strings.Join(core, " ")
	variants := []string{}
	if coreKey != k {
		variants = append(variants, coreKey)
	}
	if s := swapDirection(core); s != "" {
		variants = append(variants, s)
	}
	// The whole name as written wins; a kind word only steers when the whole name is not a
	// place of that kind ("Quetta City" is a tehsil, but the city is meant; "Karachi
	// Division" and "Bajaur Agency" are names of their own).
	if ex := g.exact[k]; len(ex) > 0 {
		if hint == hintNone || g.anyKind(ex, hint) {
			return ex, hintNone, false
		}
		hits = append(hits, ex...)
	}
	for _, v := range variants {
		for _, h := range g.exact[v] {
			hits = addHit(hits, h)
		}
	}
	if len(hits) > 0 {
		return hits, hint, hist
	}
	for _, v := range append([]string{k}, variants...) {
		for _, h := range g.loose[looseKey(v)] {
			hits = addHit(hits, h)
		}
	}
	if len(hits) > 0 {
		return hits, hint, hist
	}
	if hs, h := g.phrase(core); len(hs) > 0 {
		if hint == hintNone {
			hint = h
		}
		return hs, hint, hist
	}
	return g.typo(looseKey(coreKey)), hint, hist
}

func (g *Gazetteer) anyKind(hs []hit, h hintKind) bool {
	for _, x := range hs {
		if g.kindOK(x.node, h) {
			return true
		}
	}
	return false
}

// exactOrLoose looks a key up in the exact index, then the loose one.
func (g *Gazetteer) exactOrLoose(k string) []hit {
	if hs := g.exact[k]; len(hs) > 0 {
		return hs
	}
	return g.loose[looseKey(k)]
}

// phrase reads a name made of a place and its context ("mir ali north waziristan",
// "shabqadar charsadda", "hub balochistan", "landi kotal bazaar"): the longest head that
// names a place which the rest contains, or whose rest is only generic words.
func (g *Gazetteer) phrase(toks []string) ([]hit, hintKind) {
	if len(toks) < 2 || len(toks) > 8 {
		return nil, hintNone
	}
	for i := len(toks) - 1; i >= 1; i-- {
		head := g.exactOrLoose(strings.Join(toks[:i], " "))
		if len(head) == 0 {
			continue
		}
		rest, hint, _ := stripKind(toks[i:])
		if len(rest) == 0 || allGeneric(toks[i:]) {
			return head, hint
		}
		if in := g.inside(head, g.exactOrLoose(strings.Join(rest, " "))); len(in) > 0 {
			return in, hintNone
		}
	}
	// The context first: "north waziristan mir ali".
	for i := 1; i < len(toks); i++ {
		if in := g.inside(g.exactOrLoose(strings.Join(toks[i:], " ")), g.exactOrLoose(strings.Join(toks[:i], " "))); len(in) > 0 {
			return in, hintNone
		}
	}
	return nil, hintNone
}

// inside keeps the places that one of the context places contains.
func (g *Gazetteer) inside(places, ctx []hit) []hit {
	var in []hit
	for _, h := range places {
		for _, c := range ctx {
			if c.node != h.node && g.contains(c.node, h.node) {
				in = addHit(in, h)
			}
		}
	}
	return in
}

// genericWords are words around a place name that name no place.
var genericWords = map[string]bool{
	"bazaar": true, "bazar": true, "market": true, "area": true, "areas": true, "village": true, "town": true, "city": true,
	"road": true, "chowk": true, "valley": true, "cantonment": true, "cantt": true, "near": true, "outskirts": true,
	"suburbs": true, "district": true, "tehsil": true, "agency": true, "border": true, "region": true, "pakistan": true,
	"the": true, "of": true, "in": true, "at": true, "and": true, "main": true, "center": true, "centre": true,
}

func allGeneric(toks []string) bool {
	for _, t := range toks {
		if !genericWords[t] {
			return false
		}
	}
	return true
}

// typo finds the places whose loose key is one typing error away (two for names of 10
// letters or more); names shorter than minFuzzyLen are never guessed. It is the last resort,
// and it errs ("Maidan" would be "Mardan" were Maidan not listed).
func (g *Gazetteer) typo(lk string) []hit {
	if len(lk) < minFuzzyLen {
		return nil
	}
	maxD := 1
	if len(lk) >= 10 {
		maxD = 2
	}
	best := maxD + 1
	var hits []hit
	for _, e := range g.fuzzy[lk[0]] {
		if abs(len(e.key)-len(lk)) > maxD {
			continue
		}
		d := editDistance(lk, e.key, maxD)
		if d > maxD || d > best {
			continue
		}
		if d < best {
			best, hits = d, nil
		}
		for _, h := range e.hits {
			hits = addHit(hits, h)
		}
	}
	return hits
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// editDistance is the optimal-string-alignment distance of a and b, or max+1 once it
// exceeds max.
func editDistance(a, b string, max int) int {
	if len(a) > 64 || len(b) > 64 {
		if a == b {
			return 0
		}
		return max + 1
	}
	var rows [3][65]int
	prev2, prev, cur := &rows[0], &rows[1], &rows[2]
	for j := 0; j <= len(b); j++ {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin > max {
			return max + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

// kindOK reports whether a node is of the kind a hint asks for.
func (g *Gazetteer) kindOK(n int32, h hintKind) bool {
	nd := &g.nodes[n]
	switch h {
	case hintTown:
		return nd.place.Kind == sarhad.KindTown
	case hintTehsil:
		return nd.place.Kind == sarhad.KindTehsil
	case hintDistrict:
		// A historical group of districts ("Kohistan District") counts as a district.
		return nd.place.Kind == sarhad.KindDistrict || nd.place.Kind == sarhad.KindDivision && !g.isDivision(n)
	case hintDivision:
		return nd.place.Kind == sarhad.KindDivision
	case hintProvince:
		return nd.place.Kind == sarhad.KindProvince
	case hintCrossing:
		return nd.place.Kind == sarhad.KindCrossing
	}
	return true
}

// isDivision tells a real division from a historical group of districts.
func (g *Gazetteer) isDivision(n int32) bool {
	id := g.nodes[n].place.ID
	return strings.Contains(id, "_div_")
}

// contains reports whether node outer contains node inner (or is it).
func (g *Gazetteer) contains(outer, inner int32) bool {
	if outer == inner || g.nodes[outer].rank == rankCountry {
		return true
	}
	for _, a := range g.nodes[inner].anc {
		if a == outer {
			return true
		}
	}
	return false
}

// pick chooses the place a name means among its candidates (see the package comment);
// ambiguous is true when the answer is a unit holding several candidates.
func (g *Gazetteer) pick(hits []hit, hint hintKind) (best hit, ok, ambiguous bool) {
	if len(hits) == 0 {
		return hit{}, false, false
	}
	cands := hits
	if hint != hintNone {
		var f []hit
		for _, h := range hits {
			if g.kindOK(h.node, hint) {
				f = append(f, h)
			}
		}
		if len(f) > 0 {
			cands = f
		}
	}
	if hint != hintTehsil && len(cands) > 1 {
		// A tehsil named like its own district never hides the district or its town.
		var f []hit
		for _, h := range cands {
			nd := &g.nodes[h.node]
			if nd.tehsilOfSameName && hasNode(cands, nd.dist) {
				continue
			}
			f = append(f, h)
		}
		cands = f
	}
	if len(cands) > 1 && hint != hintDistrict {
		// An unverified new district named like a place of its parent yields to the place.
		var f []hit
		for _, h := range cands {
			if !g.nodes[h.node].unverified {
				f = append(f, h)
			}
		}
		if len(f) > 0 {
			cands = f
		}
	}
	if len(cands) == 1 {
		return cands[0], true, false
	}
	// One chain: the finest.
	if f, ok := g.finest(cands); ok && g.chain(cands, f) {
		return f, true, false
	}
	// Anchor on the district named so.
	var anchor int32 = -1
	for _, h := range cands {
		if g.nodes[h.node].place.Kind != sarhad.KindDistrict {
			continue
		}
		if anchor < 0 || g.contains(anchor, h.node) {
			anchor = h.node
		} else if !g.contains(h.node, anchor) {
			anchor = -1 // two unrelated districts: no anchor
			break
		}
	}
	if anchor >= 0 {
		var sub []hit
		for _, h := range cands {
			if g.contains(anchor, h.node) {
				sub = append(sub, h)
			}
		}
		if f, ok := g.finest(sub); ok {
			return f, true, false
		}
		return hitOf(sub, anchor), true, true
	}
	// All inside one district: the finest there, else the district.
	d := g.nodes[cands[0].node].dist
	same := d >= 0
	for _, h := range cands[1:] {
		if g.nodes[h.node].dist != d {
			same = false
			break
		}
	}
	if same {
		if f, ok := g.finest(cands); ok {
			return f, true, false
		}
		return hit{node: d}, true, true
	}
	// The smallest unit holding them all.
	if lca, ok := g.lca(cands); ok {
		return hit{node: lca}, true, true
	}
	return hit{}, false, true
}

func hasNode(hs []hit, n int32) bool {
	for _, h := range hs {
		if h.node == n {
			return true
		}
	}
	return false
}

func hitOf(hs []hit, n int32) hit {
	for _, h := range hs {
		if h.node == n {
			return h
		}
	}
	return hit{node: n}
}

// finest returns the candidate of lowest rank when it is the only one of that rank.
func (g *Gazetteer) finest(hs []hit) (hit, bool) {
	if len(hs) == 0 {
		return hit{}, false
	}
	best, n := hs[0], 1
	for _, h := range hs[1:] {
		switch r, br := g.nodes[h.node].rank, g.nodes[best.node].rank; {
		case r < br:
			best, n = h, 1
		case r == br:
			n++
		}
	}
	return best, n == 1
}

// chain reports whether every candidate contains f, or is a coarser place beside it in its
// district (the tehsil or crossing named after a town).
func (g *Gazetteer) chain(hs []hit, f hit) bool {
	fd := g.nodes[f.node].dist
	for _, h := range hs {
		nd := &g.nodes[h.node]
		if !g.contains(h.node, f.node) && !(fd >= 0 && nd.dist == fd && nd.rank <= rankFine && nd.rank > g.nodes[f.node].rank) {
			return false
		}
	}
	return true
}

// lca returns the finest unit that contains every candidate.
func (g *Gazetteer) lca(hs []hit) (int32, bool) {
	first := hs[0].node
	for _, a := range append([]int32{first}, g.nodes[first].anc...) {
		all := true
		for _, h := range hs[1:] {
			if !g.contains(a, h.node) {
				all = false
				break
			}
		}
		if all {
			return a, true
		}
	}
	return 0, false
}

// ResolvePlace resolves one free-text name ("D.I. Khan", "NWFP", "Mir Ali", "Khyber Agency",
// "Chitral Upper") to a place: a province, district, tehsil, town or border crossing with
// its precision and the canonical province and district that contain it. Historical is set
// when the name is a former one. It returns false when no place fits, or when the name fits
// places in different provinces.
func (g *Gazetteer) ResolvePlace(name string) (sarhad.Place, bool) {
	hits, hint, hist := g.lookup(name)
	h, ok, _ := g.pick(hits, hint)
	if !ok {
		return sarhad.Place{}, false
	}
	p := g.nodes[h.node].place
	p.Historical = h.historical || hist && g.nodes[h.node].rank >= rankTehsil
	return p, true
}

// Candidates returns every place a name may mean, before any choice among them (for a
// reviewer, or an extractor that has context of its own).
func (g *Gazetteer) Candidates(name string) []sarhad.Place {
	hits, _, hist := g.lookup(name)
	out := make([]sarhad.Place, 0, len(hits))
	for _, h := range hits {
		p := g.nodes[h.node].place
		p.Historical = h.historical || hist
		out = append(out, p)
	}
	return out
}
