package extract

import (
	"strings"

	"github.com/sarhad-osint/sarhad"
	"github.com/sarhad-osint/sarhad/gazetteer"
)

// PlaceNamer is implemented by place resolvers that can list the names they know, so that
// the extractor can find them in text. The gazetteer's names are read through its own
// methods; other resolvers (a test fake, a remote gazetteer) may implement this.
type PlaceNamer interface {
	PlaceNames() []string
}

// ActorLister is implemented by actor resolvers that can list their actors (the actors
// registry does), so that the extractor can find their names and aliases in text.
type ActorLister interface {
	All() []sarhad.Actor
}

// nameEntry is one name of a place or an organisation.
type nameEntry struct {
	name string
	// place is the resolution of the name on its own (placeOK false when it names several
	// places or none).
	place   sarhad.Place
	placeOK bool
	// actorID is set for organisation names; abbrev for abbreviations, which must be
	// written in capitals.
	actorID string
	abbrev  bool
	// ambiguous marks a place name that is also a common word.
	ambiguous bool
}

// nameIndex finds names in token sequences.
type nameIndex struct {
	trie    *phraseTrie
	entries []nameEntry
	// actor names skip connectors and fold spelling variants.
	actor      bool
	connectors map[string]bool
	folds      map[string]string
}

// placeNames lists the names a place resolver knows.
func placeNames(r sarhad.PlaceResolver) []string {
	switch g := r.(type) {
	case PlaceNamer:
		return g.PlaceNames()
	case *gazetteer.Gazetteer:
		var out []string
		for _, p := range g.Provinces() {
			out = append(out, p.Name)
			out = append(out, p.Aliases...)
			out = append(out, p.HistoricalNames...)
		}
		for _, d := range g.Districts() {
			out = append(out, d.Name)
			out = append(out, d.Aliases...)
			out = append(out, d.HistoricalNames...)
		}
		for _, t := range g.Tehsils() {
			out = append(out, t.Name)
			out = append(out, t.Aliases...)
		}
		for _, t := range g.Towns() {
			out = append(out, t.Name)
			out = append(out, t.Aliases...)
		}
		for _, c := range g.Crossings() {
			out = append(out, c.Name)
			out = append(out, c.AltNames...)
		}
		// Units that no longer exist but that sources name.
		out = append(out, "FATA", "Federally Administered Tribal Areas", "Federally Administered Tribal Area",
			"NWFP", "North-West Frontier Province", "North West Frontier Province", "Waziristan",
			"Khyber Agency", "Kurram Agency", "Orakzai Agency", "Bajaur Agency", "Mohmand Agency",
			"North Waziristan Agency", "South Waziristan Agency", "Frontier Region")
		return out
	}
	return nil
}

// nameWords splits a name into lower-case words as the tokenizer would, dropping
// punctuation.
func nameWords(name string) []string {
	low := asciiLower(name)
	toks := tokenize(name, low, nil)
	var w []string
	for _, t := range toks {
		if t.kind == tPunct {
			continue
		}
		w = append(w, t.low)
	}
	return w
}

// variants returns the word sequences under which a name is indexed: as written, with
// runs of initials joined ("d i khan" and "di khan"), and written as one word
// ("miranshah" for "Miran Shah").
func variants(w []string) [][]string {
	out := [][]string{w}
	var joined []string
	run := ""
	changed := false
	for _, x := range w {
		if len(x) == 1 {
			run += x
			continue
		}
		if run != "" {
			joined = append(joined, run)
			changed = changed || len(run) > 1
			run = ""
		}
		joined = append(joined, x)
	}
	if run != "" {
		joined = append(joined, run)
		changed = changed || len(run) > 1
	}
	if changed {
		out = append(out, joined)
	}
	if len(w) == 2 || len(w) == 3 {
		out = append(out, []string{strings.Join(w, "")})
	}
	return out
}

func (x *Extractor) buildPlaceIndex(names []string) *nameIndex {
	ix := &nameIndex{trie: newPhraseTrie()}
	ambiguous := map[string]bool{}
	for _, a := range x.lt.l.AmbiguousPlaces {
		ambiguous[a] = true
	}
	notPlace := map[string]bool{}
	for _, a := range x.lt.l.NotPlaceWords {
		notPlace[a] = true
	}
	seen := map[string]int32{}
	for _, n := range names {
		w := nameWords(n)
		if len(w) == 0 {
			continue
		}
		key := strings.Join(w, " ")
		if len(w) == 1 && (notPlace[key] || len(key) < 3) {
			continue
		}
		if _, ok := seen[key]; ok {
			continue
		}
		e := nameEntry{name: n, ambiguous: ambiguous[key]}
		e.place, e.placeOK = x.places.ResolvePlace(n)
		ix.entries = append(ix.entries, e)
		id := int32(len(ix.entries) - 1)
		seen[key] = id
		for _, v := range variants(w) {
			k := strings.Join(v, " ")
			if _, ok := seen[k]; ok && k != key {
				continue
			}
			seen[k] = id
			ix.trie.add(v, 0, id)
		}
	}
	return ix
}

func (x *Extractor) buildActorIndex(actors []sarhad.Actor) *nameIndex {
	ix := &nameIndex{trie: newPhraseTrie(), actor: true, connectors: map[string]bool{}, folds: x.lt.l.NameFolds}
	for _, c := range x.lt.l.NameConnectors {
		ix.connectors[c] = true
	}
	seen := map[string]bool{}
	add := func(name, id string, abbrev bool) {
		w := ix.actorWords(name)
		if len(w) == 0 {
			return
		}
		key := strings.Join(w, " ")
		if seen[key] {
			return
		}
		seen[key] = true
		ix.entries = append(ix.entries, nameEntry{name: name, actorID: id, abbrev: abbrev})
		ix.trie.add(w, 0, int32(len(ix.entries)-1))
	}
	for _, a := range actors {
		add(a.Name, a.ID, false)
		if a.Abbrev != "" {
			add(a.Abbrev, a.ID, true)
		}
		for _, al := range a.Aliases {
			add(al, a.ID, isAbbrevName(al))
		}
	}
	return ix
}

// isAbbrevName reports whether an alias is an abbreviation: one word with two or more
// capitals, or a short all-capital name ("TTP", "LeJ", "IS-K", "BLA-AA").
func isAbbrevName(s string) bool {
	if strings.ContainsAny(s, " ") {
		return false
	}
	upper := 0
	for _, r := range s {
		if r >= 'A' && r <= 'Z' {
			upper++
		}
	}
	return upper >= 2
}

// actorWords returns the index words of an organisation name: connectors dropped,
// spelling variants folded.
func (ix *nameIndex) actorWords(name string) []string {
	var out []string
	for _, w := range nameWords(name) {
		if ix.connectors[w] {
			continue
		}
		out = append(out, ix.fold(w))
	}
	return out
}

func (ix *nameIndex) fold(w string) string {
	if f, ok := ix.folds[w]; ok {
		return f
	}
	return w
}

// nameMatch is a name found in the text: tokens [start, end).
type nameMatch struct {
	start, end int
	entry      int32
}

// find returns the longest name that starts at token i, if any. The first word must be
// capitalised; abbreviations must be written with capitals.
func (ix *nameIndex) find(d *doc, i, lim int) (nameMatch, bool) {
	toks := d.toks
	if i >= lim || toks[i].kind != tWord {
		return nameMatch{}, false
	}
	if !(toks[i].cap || toks[i].upper) {
		// "al-Qaeda", "al Qaeda": a lower-case connector before a capital.
		if !ix.actor || !ix.connectors[toks[i].low] {
			return nameMatch{}, false
		}
		n := i + 1
		for n < lim && toks[n].joiner {
			n++
		}
		if n >= lim || !toks[n].cap {
			return nameMatch{}, false
		}
	}
	// "pro-Taliban", "anti-Taliban": about a group, not the group.
	if ix.actor && i >= 2 && toks[i-1].joiner && (toks[i-2].low == "pro" || toks[i-2].low == "anti") {
		return nameMatch{}, false
	}
	t := ix.trie
	n := int32(0)
	best := nameMatch{entry: -1}
	for j := i; j < lim; j++ {
		tk := &toks[j]
		if tk.kind == tPunct {
			if j > i && (tk.joiner || tk.low == "." && len(toks[j-1].low) == 1 && tk.start == toks[j-1].end) {
				continue
			}
			break
		}
		w := tk.low
		if ix.actor {
			if j > i && ix.connectors[w] {
				continue
			}
			w = ix.fold(w)
		}
		nx, ok := t.nodes[n].next[w]
		if !ok {
			break
		}
		n = nx
		for _, e := range t.nodes[n].ends {
			best = nameMatch{start: i, end: j + 1, entry: e.val}
		}
	}
	if best.entry < 0 {
		return best, false
	}
	e := &ix.entries[best.entry]
	if e.abbrev {
		// Abbreviations: every word of the match written with at least two capitals or in
		// capitals ("TTP", "LeJ"), so that "is" or "Is" is not the Islamic State.
		for j := best.start; j < best.end; j++ {
			tk := &toks[j]
			if tk.kind != tWord {
				continue
			}
			if !tk.upper && capitals(d.text[tk.start:tk.end]) < 2 && len(tk.low) > 1 {
				return best, false
			}
		}
	}
	return best, true
}

func capitals(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= 'A' && s[i] <= 'Z' {
			n++
		}
	}
	return n
}
