package actors

import (
	"strings"

	"github.com/sarhad-osint/sarhad"
	"github.com/sarhad-osint/sarhad/strsim"
)

// Class says what kind of thing a name turned out to be.
type Class string

// Classes of resolved names.
const (
	ClassActor      Class = "actor"      // a registry actor
	ClassGeneric    Class = "generic"    // a description: "unknown", "gunmen", "militants"
	ClassCriminal   Class = "criminal"   // "dacoits", "bandits": criminals, not an organisation
	ClassCollective Class = "collective" // several groups at once: "Fitna al-Hindustan", "Baloch separatists"
	ClassState      Class = "state"      // state forces, civilians (ACLED's actor2 values)
	ClassUnresolved Class = "unresolved" // nothing close enough
)

func validClass(c Class) bool {
	switch c {
	case ClassGeneric, ClassCriminal, ClassCollective, ClassState:
		return true
	}
	return false
}

// Resolution is the full answer for a name: an actor match, or why there is none.
type Resolution struct {
	Class Class
	// Match is set when Class is ClassActor.
	Match sarhad.ActorMatch
	// Note explains a label, or the decision behind an ambiguous name.
	Note string
}

// Resolution thresholds, calibrated on the package's table tests: a similarity match needs
// a score of MatchThreshold, every significant word of each name must have a counterpart in
// the other scoring TokenThreshold (Jaro-Winkler), and the best actor must lead every
// unrelated runner-up by AmbiguityMargin.
const (
	MatchThreshold  = 0.90
	TokenThreshold  = 0.85
	AmbiguityMargin = 0.02
)

const (
	minFuzzyLen  = 5   // keys shorter than this match only exactly
	maxNameBytes = 256 // longer inputs are not names
	maxCached    = 1 << 16
	weakWeight   = 0.3
)

// weakWords may be missing from one of two names without making them different groups.
var weakWords = setOf("pakistan", "pakistani", "pak")

// ResolveActor returns the actor that name denotes, or false when the name is empty, a
// generic description, a collective label, criminals, state forces, or not close enough to
// any actor. Abbreviations match exactly only. Results are cached per distinct string. The
// returned actor's Aliases slice is shared with the registry and must not be modified.
func (reg *Registry) ResolveActor(name string) (sarhad.ActorMatch, bool) {
	r := reg.Resolve(name)
	return r.Match, r.Class == ClassActor
}

// Resolve returns the full resolution of name: the matched actor, or the class of a
// non-actor name with its note. It is safe for concurrent use and caches its answers.
func (reg *Registry) Resolve(name string) Resolution {
	reg.mu.RLock()
	r, ok := reg.cache[name]
	reg.mu.RUnlock()
	if ok {
		return r
	}
	r = reg.resolve(name)
	reg.mu.Lock()
	if len(reg.cache) >= reg.cacheLimit {
		clear(reg.cache)
	}
	reg.cache[name] = r
	reg.mu.Unlock()
	return r
}

func (reg *Registry) resolve(raw string) Resolution {
	raw = strings.TrimSpace(raw)
	if len(raw) > maxNameBytes {
		return Resolution{Class: ClassUnresolved, Note: "too long for a name"}
	}
	cands := candidates(raw)
	if len(cands.names) == 0 && len(cands.abbrevs) == 0 {
		return Resolution{Class: ClassGeneric, Note: "no name given"}
	}
	// 1. Exact names and aliases, whole name first, then with qualifiers stripped.
	for _, k := range cands.names {
		if ref, ok := reg.exact[k]; ok {
			return reg.matched(ref, 1)
		}
	}
	// 2. Labels that are not actors.
	for _, k := range cands.names {
		if l := reg.label(k); l != nil {
			return Resolution{Class: l.Class, Note: l.Note}
		}
	}
	// 3. Abbreviations, exactly: "(TTP)", "BLA-J:", "IS-KP".
	for _, k := range cands.abbrevs {
		if ref, ok := reg.exact[k]; ok {
			return reg.matched(ref, 1)
		}
		if ref, ok := reg.abbrevs[compact(k)]; ok {
			return reg.matched(ref, 1)
		}
	}
	// 4. Similarity, on the name without its qualifiers.
	if len(cands.names) > 0 {
		if r, ok := reg.similar(cands.names[len(cands.names)-1]); ok {
			return r
		}
	}
	return Resolution{Class: ClassUnresolved}
}

func (reg *Registry) matched(ref keyRef, score float64) Resolution {
	via := ref.via
	if score == 1 {
		via = "alias: " + via
	}
	if ref.note != "" {
		via += " (ambiguous: " + ref.note + ")"
	}
	return Resolution{
		Class: ClassActor,
		Match: sarhad.ActorMatch{Actor: reg.entries[ref.idx].Actor, Score: score, Via: via},
		Note:  ref.note,
	}
}

func (reg *Registry) label(key string) *Label {
	for _, l := range reg.labels {
		if key == l.key || l.prefix && strings.HasPrefix(key, l.key+" ") || l.suffix && strings.HasSuffix(key, " "+l.key) {
			return l.label
		}
	}
	return nil
}

// nameCandidates are the keys to try for a raw name, most specific first.
type nameCandidates struct {
	names   []string // full-name keys; the last is the most stripped
	abbrevs []string // keys of parts written as abbreviations
}

// candidates splits ACLED's "ABBR: Name" prefix and parenthesised parts ("Name (ABBR)",
// "Name (Pakistan)") off a raw name.
func candidates(raw string) nameCandidates {
	var c nameCandidates
	addName := func(s string) {
		if k := Normalize(s); k != "" && !contains(c.names, k) {
			c.names = append(c.names, k)
		}
	}
	addAbbrev := func(s string) {
		if k := Normalize(s); k != "" && !contains(c.abbrevs, k) {
			c.abbrevs = append(c.abbrevs, k)
		}
	}
	addName(raw)
	name := raw
	if before, after, ok := strings.Cut(raw, ":"); ok && !strings.ContainsAny(strings.TrimSpace(before), " \t") && len(before) <= 12 {
		addAbbrev(before)
		name = after
		addName(name)
	}
	if strings.Contains(name, "(") {
		outside, inside := splitParens(name)
		for _, in := range inside {
			if isAbbrev(in) {
				addAbbrev(in)
			}
		}
		addName(outside)
	}
	if len(c.names) > 0 && len(c.names[0]) <= 12 && strings.Count(c.names[0], " ") <= 2 {
		addAbbrev(raw)
	}
	return c
}

// splitParens returns s without its parenthesised parts, and those parts.
func splitParens(s string) (outside string, inside []string) {
	var b strings.Builder
	for {
		open := strings.IndexByte(s, '(')
		if open < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:open])
		b.WriteByte(' ')
		end := strings.IndexByte(s[open:], ')')
		if end < 0 {
			inside = append(inside, s[open+1:])
			break
		}
		inside = append(inside, s[open+1:open+end])
		s = s[open+end+1:]
	}
	return b.String(), inside
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// target is a name or long alias that similarity matching compares against.
type target struct {
	key string
	idx int
	via string
}

// similar finds the actor whose name is most similar to key, if it is similar enough and
// clearly ahead of any unrelated runner-up.
func (reg *Registry) similar(key string) (Resolution, bool) {
	if len(key) < minFuzzyLen || strsim.CountTokens(key) > 12 {
		return Resolution{}, false
	}
	best, second := -1, -1
	var bestScore, secondScore float64
	for i, t := range reg.targets {
		s := NameSimilarity(key, t.key)
		if s < MatchThreshold-AmbiguityMargin {
			continue
		}
		switch {
		case best < 0 || s > bestScore:
			if best >= 0 && reg.targets[best].idx != t.idx {
				second, secondScore = best, bestScore
			}
			best, bestScore = i, s
		case reg.targets[best].idx != t.idx && (second < 0 || s > secondScore):
			second, secondScore = i, s
		}
	}
	if best < 0 || bestScore < MatchThreshold {
		return Resolution{}, false
	}
	b := reg.targets[best]
	if second >= 0 && bestScore-secondScore < AmbiguityMargin {
		s := reg.targets[second]
		if !reg.Related(reg.entries[b.idx].ID, reg.entries[s.idx].ID) {
			return Resolution{}, false
		}
	}
	r := reg.matched(keyRef{idx: b.idx, via: b.via}, bestScore)
	r.Match.Via = "similar to: " + b.via
	return r, true
}

// NameSimilarity scores two normalised keys (see Normalize) in [0,1] for the registry's
// similarity matching: 0 unless every word of each has a counterpart in the other with a
// Jaro-Winkler similarity of at least TokenThreshold (a missing "pakistan" is forgiven);
// otherwise mostly the symmetric Monge-Elkan similarity of the words, with a little
// whole-string Jaro-Winkler, and a penalty of OrderPenalty when the words come in another
// order ("United Baloch Army" and "Balochistan United Army" are different groups).
func NameSimilarity(a, b string) float64 {
	if a == b {
		return 1
	}
	ab, inOrder, ok := coverage(a, b)
	if !ok {
		return 0
	}
	ba, _, ok := coverage(b, a)
	if !ok {
		return 0
	}
	s := 0.85*(ab+ba)/2 + 0.15*strsim.JaroWinkler(a, b)
	if !inOrder {
		s *= OrderPenalty
	}
	return s
}

// OrderPenalty multiplies the similarity of names whose words match in another order.
const OrderPenalty = 0.9

// coverage is the weighted mean best match of a's words in b; inOrder reports whether
// a's significant words find their best matches in b in the same order; ok is false if a
// significant word of a has no counterpart.
func coverage(a, b string) (score float64, inOrder, ok bool) {
	sum, weight := 0.0, 0.0
	inOrder = true
	lastPos := -1
	for tok, rest := cutToken(a); tok != ""; tok, rest = cutToken(rest) {
		s, pos := bestMatch(tok, b)
		w := 1.0
		if weakWords[tok] {
			w = weakWeight
		} else {
			if s < TokenThreshold {
				return 0, false, false
			}
			if pos < lastPos {
				inOrder = false
			}
			lastPos = pos
		}
		sum += w * s
		weight += w
	}
	if weight == 0 {
		return 0, false, false
	}
	return sum / weight, inOrder, true
}

// bestMatch returns the best Jaro-Winkler similarity of tok to a word of s and that word's
// position.
func bestMatch(tok, s string) (best float64, pos int) {
	pos = -1
	i := 0
	for w, rest := cutToken(s); w != ""; w, rest = cutToken(rest) {
		if v := strsim.JaroWinkler(tok, w); v > best {
			best, pos = v, i
		}
		i++
	}
	return best, pos
}
