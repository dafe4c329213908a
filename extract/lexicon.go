package extract

import (
	"strings"

	"github.com/sarhad-osint/sarhad/extract/lang"
)

// table names one list of the language data; a phrase may belong to several tables.
type table uint8

const (
	tabUnit table = iota
	tabTens
	tabScale
	tabGroup
	tabVague
	tabZero
	tabOne
	tabHedge
	tabRangeStart
	tabRangeJoin
	tabNumberAnd
	tabAdditive
	tabOrdinal
	tabSubset
	tabMonth
	tabWeekday
	tabRelDay
	tabRelPeriod
	tabDayUnit
	tabAgo
	tabDayPart
	tabDatePrefix
	tabDateline
	tabVictim
	tabModifier
	tabVerb
	tabAux
	tabToll
	tabTollInjured
	tabZeroCas
	tabSelfKill
	tabFoiled
	tabNotCounted
	tabNamePrefix
	tabAttack
	tabTarget
	tabTargetCue
	tabClaimed
	tabClaimPrefix
	tabDenied
	tabSuspected
	tabOfficial
	tabLabel
	tabNegation
	tabPerpCtx
	tabTargetCtx
	tabCross
	tabCrossTrigger
	tabCrossCountry
	tabCrossNeg
	tabForeign
	tabBorderWord
	tabPlaceKind
	tabLocative
	tabNotLocative
	tabNotPlace
	tabCountry
	tabSeparate
	tabBackground
	tabAggregate
	tabTemporal
	tabSubordinator
	tabReporting
	tabAbbrev
	tabPerpVerb
	tabGroupWord
	tabOrgSuffix
	tabContinuation
	tabAmbiguousPlace
	tabDescriptive
	tabTargetNear
	tabSpeakerBefore
	tabSpeakerAfter
	tabAmbiguousAbbrev
	tabOrigin
	tabTargetBefore
	tabTalibanNotAfter
	tabTalibanNotBefore
	numTables
)

// Values of some tables.
const (
	hedgeMin int32 = iota + 1
	hedgeApprox
	hedgeMax
)

const (
	catGeneric int32 = iota
	catSecurity
	catCivilian
	catMilitant
)

const (
	zeroKilled int32 = iota + 1
	zeroInjured
	zeroBoth
)

const (
	periodThisWeek int32 = iota + 1
	periodLastWeek
	periodThisMonth
	periodLastMonth
	periodThisYear
	periodLastYear
)

const (
	kindDistrict int32 = iota + 1
	kindTown
	kindTehsil
	kindArea
	kindProvince
	kindCountry
)

// tabVal is one table a phrase belongs to, with its value there.
type tabVal struct {
	tab table
	val int32
}

type trieNode struct {
	next map[string]int32
	ends []tabVal
}

// phraseTrie maps word sequences to table values. Keys are lower-case words.
type phraseTrie struct {
	nodes []trieNode
	// maxLen is the longest phrase in words.
	maxLen int
}

func newPhraseTrie() *phraseTrie { return &phraseTrie{nodes: []trieNode{{}}} }

// add inserts the words of phrase (split on spaces).
func (t *phraseTrie) add(words []string, tab table, val int32) {
	if len(words) == 0 {
		return
	}
	n := int32(0)
	for _, w := range words {
		nx, ok := t.nodes[n].next[w]
		if !ok {
			if t.nodes[n].next == nil {
				t.nodes[n].next = map[string]int32{}
			}
			t.nodes = append(t.nodes, trieNode{})
			nx = int32(len(t.nodes) - 1)
			t.nodes[n].next[w] = nx
		}
		n = nx
	}
	for i, e := range t.nodes[n].ends {
		if e.tab == tab {
			t.nodes[n].ends[i].val = val // a later entry replaces an earlier one
			return
		}
	}
	t.nodes[n].ends = append(t.nodes[n].ends, tabVal{tab, val})
	if len(words) > t.maxLen {
		t.maxLen = len(words)
	}
}

func (t *phraseTrie) addPhrase(p string, tab table, val int32) {
	t.add(strings.Fields(p), tab, val)
}

// match is a phrase of a table found at a token: tokens [start, end).
type match struct {
	tab table
	end int
	val int32
}

// langTables is the language data compiled for scanning.
type langTables struct {
	l       *lang.Language
	trie    *phraseTrie
	victims []lang.Victim
	verbs   []lang.Verb
	attacks []string // attack types by value
	targets []string // target types by value
	// attackRank is the priority of an attack type (lower wins).
	attackRank map[string]int
	abbrev     map[string]bool
	// auxWord holds the one-word auxiliaries, for walking back word by word.
	auxWord map[string]bool
}

func compileLang(l *lang.Language) *langTables {
	lt := &langTables{l: l, trie: newPhraseTrie(), attackRank: map[string]int{}, abbrev: map[string]bool{}, auxWord: map[string]bool{}}
	for _, a := range l.Auxiliaries {
		if !strings.Contains(a, " ") {
			lt.auxWord[a] = true
		}
	}
	t := lt.trie
	for _, m := range []struct {
		m   map[string]int
		tab table
	}{
		{l.Units, tabUnit}, {l.Tens, tabTens}, {l.Scales, tabScale}, {l.Groups, tabGroup}, {l.Ordinals, tabOrdinal},
		{l.Months, tabMonth}, {l.Weekdays, tabWeekday}, {l.RelativeDays, tabRelDay}, {l.DayUnits, tabDayUnit},
	} {
		for p, v := range m.m {
			t.addPhrase(p, m.tab, int32(v))
		}
	}
	for _, list := range []struct {
		l   []string
		tab table
	}{
		{l.Vague, tabVague}, {l.Zero, tabZero}, {l.One, tabOne}, {l.RangeStart, tabRangeStart},
		{l.RangeJoin, tabRangeJoin}, {l.NumberAnd, tabNumberAnd}, {l.Additive, tabAdditive}, {l.Subset, tabSubset},
		{l.Ago, tabAgo}, {l.DayParts, tabDayPart}, {l.DatePrefixes, tabDatePrefix}, {l.Datelines, tabDateline},
		{l.Auxiliaries, tabAux}, {l.Toll, tabToll}, {l.TollInjured, tabTollInjured}, {l.SelfKill, tabSelfKill},
		{l.Foiled, tabFoiled}, {l.NotCounted, tabNotCounted}, {l.NamePrefixes, tabNamePrefix},
		{l.TargetCues, tabTargetCue}, {l.TargetNear, tabTargetNear}, {l.Claimed, tabClaimed},
		{l.ClaimPrefix, tabClaimPrefix}, {l.Denied, tabDenied}, {l.Suspected, tabSuspected},
		{l.Official, tabOfficial}, {l.Labels, tabLabel}, {l.Negations, tabNegation}, {l.Perpetrator, tabPerpCtx},
		{l.TargetOf, tabTargetCtx}, {l.CrossBorder, tabCross}, {l.CrossTriggers, tabCrossTrigger},
		{l.CrossCountries, tabCrossCountry}, {l.CrossNegations, tabCrossNeg}, {l.ForeignPlaceWords, tabForeign},
		{l.BorderGateWords, tabBorderWord}, {l.Locatives, tabLocative}, {l.NotLocative, tabNotLocative},
		{l.NotPlaceWords, tabNotPlace}, {l.Country, tabCountry}, {l.Separate, tabSeparate},
		{l.Background, tabBackground}, {l.Aggregate, tabAggregate}, {l.Temporal, tabTemporal},
		{l.Subordinators, tabSubordinator}, {l.Reporting, tabReporting}, {l.PerpVerbs, tabPerpVerb},
		{l.GroupWords, tabGroupWord}, {l.OrgSuffixes, tabOrgSuffix}, {l.Continuation, tabContinuation},
		{l.AmbiguousPlaces, tabAmbiguousPlace}, {l.Descriptive, tabDescriptive}, {l.Abbreviations, tabAbbrev},
		{l.SpeakerBefore, tabSpeakerBefore}, {l.SpeakerAfter, tabSpeakerAfter},
		{l.AmbiguousAbbrevs, tabAmbiguousAbbrev}, {l.Origin, tabOrigin}, {l.TargetBefore, tabTargetBefore},
		{l.DomesticTaliban.NotAfter, tabTalibanNotAfter}, {l.DomesticTaliban.NotBefore, tabTalibanNotBefore},
	} {
		for _, p := range list.l {
			t.addPhrase(p, list.tab, 1)
		}
	}
	hedges := map[string]int32{"min": hedgeMin, "approx": hedgeApprox, "max": hedgeMax}
	for p, h := range l.Hedges {
		t.addPhrase(p, tabHedge, hedges[h])
	}
	periods := map[string]int32{"this_week": periodThisWeek, "last_week": periodLastWeek, "this_month": periodThisMonth,
		"last_month": periodLastMonth, "this_year": periodThisYear, "last_year": periodLastYear}
	for p, v := range l.RelativePeriods {
		t.addPhrase(p, tabRelPeriod, periods[v])
	}
	for p, v := range l.Victims {
		lt.victims = append(lt.victims, v)
		t.addPhrase(p, tabVictim, int32(len(lt.victims)-1))
	}
	for p, c := range l.Modifiers {
		t.addPhrase(p, tabModifier, catValue(c))
	}
	for p, v := range l.Verbs {
		lt.verbs = append(lt.verbs, v)
		t.addPhrase(p, tabVerb, int32(len(lt.verbs)-1))
	}
	zeroes := map[string]int32{lang.KindKilled: zeroKilled, lang.KindInjured: zeroInjured, "both": zeroBoth}
	for p, v := range l.Zeroes {
		t.addPhrase(p, tabZeroCas, zeroes[v])
	}
	for i, a := range l.AttackPriority {
		lt.attackRank[a] = i
	}
	typeIndex := func(list *[]string, s string) int32 {
		for i, x := range *list {
			if x == s {
				return int32(i)
			}
		}
		*list = append(*list, s)
		return int32(len(*list) - 1)
	}
	for p, a := range l.Attacks {
		t.addPhrase(p, tabAttack, typeIndex(&lt.attacks, a))
	}
	for p, a := range l.Targets {
		t.addPhrase(p, tabTarget, typeIndex(&lt.targets, a))
	}
	placeKinds := map[string]int32{"district": kindDistrict, "town": kindTown, "tehsil": kindTehsil, "area": kindArea,
		"province": kindProvince, "country": kindCountry}
	for p, k := range l.PlaceKinds {
		t.addPhrase(p, tabPlaceKind, placeKinds[k])
	}
	for _, a := range l.Abbreviations {
		lt.abbrev[a] = true
	}
	return lt
}

func catValue(c string) int32 {
	switch c {
	case lang.CatSecurity:
		return catSecurity
	case lang.CatCivilian:
		return catCivilian
	case lang.CatMilitant:
		return catMilitant
	}
	return catGeneric
}

// indexMatches finds, at every token, the longest phrase of every table that starts there.
func (d *doc) indexMatches() {
	t := d.lt.trie
	toks := d.toks
	d.mOff = grow(d.mOff, len(toks)+1)
	d.matches = d.matches[:0]
	for i := range toks {
		d.mOff[i] = len(d.matches)
		if toks[i].kind == tPunct {
			continue
		}
		n := int32(0)
		first := len(d.matches)
		for j := i; j < len(toks); j++ {
			tk := &toks[j]
			if tk.kind == tPunct {
				if tk.joiner && j > i {
					continue
				}
				break
			}
			nx, ok := t.nodes[n].next[tk.low]
			if !ok {
				break
			}
			n = nx
			for _, e := range t.nodes[n].ends {
				// Keep the longest match per table: replace a shorter one found earlier.
				replaced := false
				for k := first; k < len(d.matches); k++ {
					if d.matches[k].tab == e.tab {
						d.matches[k].end = j + 1
						d.matches[k].val = e.val
						replaced = true
						break
					}
				}
				if !replaced {
					d.matches = append(d.matches, match{tab: e.tab, end: j + 1, val: e.val})
				}
			}
		}
	}
	d.mOff[len(toks)] = len(d.matches)
}

func grow(s []int, n int) []int {
	if cap(s) < n {
		return make([]int, n)
	}
	return s[:n]
}

// at returns the longest phrase of table tab that starts at token i.
func (d *doc) at(i int, tab table) (end int, val int32, ok bool) {
	if i < 0 || i >= len(d.toks) {
		return 0, 0, false
	}
	for _, m := range d.matches[d.mOff[i]:d.mOff[i+1]] {
		if m.tab == tab {
			return m.end, m.val, true
		}
	}
	return 0, 0, false
}

// is reports whether a phrase of table tab starts at token i.
func (d *doc) is(i int, tab table) bool {
	_, _, ok := d.at(i, tab)
	return ok
}

// endingAt returns the start of the longest phrase of table tab that ends just before
// token end, or -1.
func (d *doc) endingAt(end int, tab table) int {
	for k := max(0, end-d.lt.trie.maxLen-2); k < end; k++ {
		if e, _, ok := d.at(k, tab); ok && e == end {
			return k
		}
	}
	return -1
}

// isAbbrev reports whether a lower-case word is an abbreviation after which a full stop
// does not end a sentence.
func (d *doc) isAbbrev(w string) bool { return d.lt.abbrev[w] }
