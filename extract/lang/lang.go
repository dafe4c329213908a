// Package lang holds the language data of the extractor: number words, date words, month and
// weekday names, the vocabulary of casualties, attacks and targets, and the cue phrases of
// attribution, cross-border links and distractors. Each language is one embedded JSON file
// named by its code (en.json); adding Urdu is adding ur.json in the same shape, plus whatever
// word-order rules the extractor's scanner does not yet cover.
//
// Every phrase is written in lower case as words separated by single spaces; the extractor
// tokenises text the same way (punctuation such as hyphens and apostrophes becomes its own
// token and is ignored when phrases are matched), so "cross-border" is written
// "cross border" and "Fitna al-Khawarij" would be "fitna al khawarij".
package lang

import (
	"embed"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"sync"
)

//go:embed *.json
var files embed.FS

// Casualty categories of a victim noun.
const (
	CatSecurity = "security" // soldiers, police, levies, FC
	CatCivilian = "civilian" // civilians and people named by a civilian role
	CatMilitant = "militant" // militants, attackers, bombers
	CatGeneric  = "generic"  // people, persons, others: the category is not said
)

// Casualty kinds of a verb or noun.
const (
	KindKilled  = "killed"
	KindInjured = "injured"
	KindHostage = "hostage"
)

// Verb forms, which decide on which side of the word its victims are written.
const (
	// FormPast is a participle ("killed"): the victims follow when it is active ("killed
	// three soldiers") and precede when it is passive ("three soldiers were killed").
	FormPast = "past"
	// FormIng is a present participle ("killing"): the victims follow.
	FormIng = "ing"
	// FormIntrans is an intransitive verb or predicate adjective ("died", "dead"): the
	// victims precede.
	FormIntrans = "intrans"
	// FormNoun is a noun counted by a number just before it ("12 deaths").
	FormNoun = "noun"
)

// Victim is a noun that names people who can be killed, injured or taken hostage.
type Victim struct {
	Category string `json:"cat"`
	Plural   bool   `json:"pl,omitempty"`
}

// Verb is a word or phrase that says people were killed, injured or taken hostage.
type Verb struct {
	Kind string `json:"kind"`
	Form string `json:"form"`
}

// Hedge qualifies a number: "min" (at least, more than), "approx" (about, nearly),
// "max" (up to).
type Hedge = string

// Language is the data of one language.
type Language struct {
	Code string `json:"code"`
	Name string `json:"name"`

	// Numbers.
	Units      map[string]int   `json:"units"`       // zero … nineteen
	Tens       map[string]int   `json:"tens"`        // twenty … ninety
	Scales     map[string]int   `json:"scales"`      // hundred, thousand
	Groups     map[string]int   `json:"groups"`      // dozen: 12, score: 20 ("two dozen")
	Vague      []string         `json:"vague"`       // several, dozens, scores: a number that is not said
	Zero       []string         `json:"zero"`        // no, none: zero before a noun
	One        []string         `json:"one"`         // a, an, another: one before a singular noun
	Hedges     map[string]Hedge `json:"hedges"`      // at least: min
	RangeStart []string         `json:"range_start"` // between, from
	RangeJoin  []string         `json:"range_join"`  // and, to, or
	NumberAnd  []string         `json:"number_and"`  // "and" inside "one hundred and twenty"
	Additive   []string         `json:"additive"`    // more, additional: "two more soldiers"
	Ordinals   map[string]int   `json:"ordinals"`    // first … thirty first
	OrdSuffix  []string         `json:"ordinal_suffixes"`
	Subset     []string         `json:"subset"` // including, among them: the list that follows is part of the one before

	// Dates.
	Months          map[string]int    `json:"months"`
	Weekdays        map[string]int    `json:"weekdays"`      // ISO: monday 1 … sunday 7
	RelativeDays    map[string]int    `json:"relative_days"` // today 0, yesterday -1
	RelativePeriods map[string]string `json:"relative_periods"`
	DayUnits        map[string]int    `json:"day_units"` // day 1, week 7
	Ago             []string          `json:"ago"`       // "ago", "earlier" after "two days"
	DayParts        []string          `json:"day_parts"` // morning, night: "Monday night"
	DatePrefixes    []string          `json:"date_prefixes"`
	Datelines       []string          `json:"datelines"` // published, updated: a line giving the report date

	// Casualties.
	Victims      map[string]Victim `json:"victims"`
	Modifiers    map[string]string `json:"category_modifiers"` // police, civilian: set the category of a noun after them
	Verbs        map[string]Verb   `json:"verbs"`
	Auxiliaries  []string          `json:"auxiliaries"` // were, have been, reportedly: between a subject and its verb
	Toll         []string          `json:"toll"`        // death toll
	TollInjured  []string          `json:"toll_injured"`
	Zeroes       map[string]string `json:"zero_casualties"` // no casualties: killed|injured|both
	SelfKill     []string          `json:"self_kill"`       // blew himself up
	Foiled       []string          `json:"foiled"`          // arrested, defused: an attack that did not go off
	NotCounted   []string          `json:"not_counted"`     // words after a number that make it no count ("year old")
	NamePrefixes []string          `json:"name_prefixes"`   // Mr, Malik: titles before a person's name

	// Attack and target types.
	AttackPriority []string          `json:"attack_priority"`
	Attacks        map[string]string `json:"attacks"`
	Targets        map[string]string `json:"targets"`
	TargetCues     []string          `json:"target_cues"` // on, targeting: the target follows
	TargetNear     []string          `json:"target_near"` // near, outside: a weaker sign of the target

	// Attribution.
	Claimed     []string `json:"claimed"`
	ClaimPrefix []string `json:"claim_prefix"` // "claimed by", "responsibility was claimed by": the actor follows
	Denied      []string `json:"denied"`
	Suspected   []string `json:"suspected"`
	Official    []string `json:"official"`     // police said, ISPR: an official source
	Labels      []string `json:"labels"`       // official labels: fitna al khawarij
	Negations   []string `json:"negations"`    // no group, not: negate a claim cue
	Perpetrator []string `json:"perp_context"` // by, militants of: an actor named as doer
	TargetOf    []string `json:"target_context"`
	// Descriptive phrases make an organisation named after another one a description of it:
	// "Jamaat-ul-Ahrar, a faction of the TTP".
	Descriptive []string `json:"descriptive"`
	// Speakers mark a group speaking for itself ("a spokesman for X", "X said in a
	// statement"): what it then says it did is a claim.
	SpeakerBefore []string `json:"speaker_before"`
	SpeakerAfter  []string `json:"speaker_after"`
	// AmbiguousAbbrevs are organisation abbreviations that are also titles or words
	// ("ssp", "dig", "pac"): a mention counts only as the named doer.
	AmbiguousAbbrevs []string `json:"ambiguous_abbreviations"`
	// TargetBefore before a group's name makes the group the victims' affiliation: "an
	// activist of ASWJ", "the office of the PPP".
	TargetBefore []string `json:"target_before"`
	// DomesticTaliban says how the English-language press of Pakistan uses a bare
	// "Taliban": for attacks in Pakistan since the TTP was formed it means the Pakistani
	// Taliban, unless "Afghan" or a word of government comes with it.
	DomesticTaliban struct {
		Words     []string `json:"words"`      // the bare name: taliban
		ResolveAs string   `json:"resolve_as"` // the name to resolve instead: pakistani taliban
		Since     string   `json:"since"`      // YYYY-MM: from when
		NotAfter  []string `json:"not_after"`  // afghan: the Afghan Taliban
		NotBefore []string `json:"not_before"` // government, regime
	} `json:"domestic_taliban"`
	// PerpVerbs are verbs whose subject is the doer: "BLA militants attacked".
	PerpVerbs []string `json:"perp_verbs"`
	// GroupWords make a capitalised name worth resolving as an organisation ("Lashkar",
	// "Liberation", "Army").
	GroupWords []string `json:"group_words"`
	// NameConnectors are the izafat and article words that transliterations write in
	// several ways or leave out ("e", "i", "ul", "al"); NameFolds maps spelling variants of
	// words in organisation names to one form ("tehreek": "tehrik").
	NameConnectors []string          `json:"name_connectors"`
	NameFolds      map[string]string `json:"name_folds"`

	// Cross-border.
	CrossBorder       []string `json:"cross_border"`         // phrases that state a link on their own
	CrossTriggers     []string `json:"cross_triggers"`       // infiltrated, crossed, handlers
	CrossCountries    []string `json:"cross_countries"`      // afghanistan, iran
	CrossWindow       int      `json:"cross_window"`         // tokens between a trigger and a country
	CrossNegations    []string `json:"cross_negations"`      // "denied that"
	ForeignPlaceWords []string `json:"foreign_place_words"`  // afghanistan, iran, india: not places in Pakistan
	BorderGateWords   []string `json:"border_context_words"` // border

	// Places.
	PlaceKinds    map[string]string `json:"place_kinds"`     // district: district, city: town
	Locatives     []string          `json:"locatives"`       // in, at, near
	NotLocative   []string          `json:"not_locative"`    // hospital, shifted to: where the wounded were taken
	Origin        []string          `json:"origin"`          // native of: where someone is from (just before the place)
	NotPlaceWords []string          `json:"not_place_words"` // capitalised words that are never a locality
	// AmbiguousPlaces are place names that are also common words ("Tank", "Hub"): they count
	// as places only with a place word after them or a locative before them.
	AmbiguousPlaces []string `json:"ambiguous_places"`
	// OrgSuffixes after a place name make it part of an organisation or a building, not a
	// place of the event ("Quetta Shura", "Peshawar High Court").
	OrgSuffixes []string `json:"org_suffixes"`
	Country     []string `json:"country"` // pakistan

	// Distractors and segmentation.
	Separate   []string `json:"separate"`   // in a separate incident
	Background []string `json:"background"` // last year, earlier this month
	Aggregate  []string `json:"aggregate"`  // a series of attacks
	Temporal   []string `json:"temporal"`   // days after: the rest of the sentence tells of another time
	// Continuation opens a sentence that goes on about what the sentence before told ("Of
	// these", "They").
	Continuation  []string `json:"continuation"`
	ClauseBreaks  []string `json:"clause_breaks"`
	Subordinators []string `json:"subordinators"` // when, after: clause starts
	Reporting     []string `json:"reporting"`     // said, told: a quote or report follows
	Abbreviations []string `json:"abbreviations"` // mr, dr, lt: a full stop after them ends no sentence
}

var (
	mu    sync.Mutex
	cache = map[string]*Language{}
)

// Get returns the language with the given code ("en"), loaded from the embedded files and
// validated; false when there is none.
func Get(code string) (*Language, bool) {
	mu.Lock()
	defer mu.Unlock()
	if l, ok := cache[code]; ok {
		return l, true
	}
	b, err := files.ReadFile(code + ".json")
	if err != nil {
		return nil, false
	}
	l, err := Parse(b)
	if err != nil {
		panic(fmt.Sprintf("lang: embedded %s.json: %v", code, err))
	}
	cache[code] = l
	return l, true
}

// English returns the English data. It panics if the embedded file is invalid, which the
// package's tests rule out.
func English() *Language {
	l, ok := Get("en")
	if !ok {
		panic("lang: en.json is missing")
	}
	return l
}

// Codes lists the codes of the embedded languages.
func Codes() []string {
	ents, _ := files.ReadDir(".")
	var out []string
	for _, e := range ents {
		if n, ok := strings.CutSuffix(e.Name(), ".json"); ok {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}

// Parse reads and validates one language file.
func Parse(b []byte) (*Language, error) {
	var l Language
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&l); err != nil {
		return nil, fmt.Errorf("decode: %w", err)
	}
	if err := l.Validate(); err != nil {
		return nil, err
	}
	return &l, nil
}

// Validate checks the tables: phrases in the normal form (lower case, single spaces), known
// categories, kinds, forms, attack and target types, and months and weekdays in range.
func (l *Language) Validate() error {
	if l.Code == "" {
		return fmt.Errorf("code is empty")
	}
	var errs []string
	bad := func(f string, a ...any) { errs = append(errs, fmt.Sprintf(f, a...)) }
	checkPhrase := func(table, p string) {
		if p == "" || p != strings.ToLower(p) || strings.Join(strings.Fields(p), " ") != p {
			bad("%s: phrase %q is not lower case with single spaces", table, p)
		}
		for _, r := range p {
			if r == '-' || r == '\'' || r == '.' || r == ',' {
				bad("%s: phrase %q has punctuation (write words separated by spaces)", table, p)
				break
			}
		}
	}
	lists := map[string][]string{
		"vague": l.Vague, "zero": l.Zero, "one": l.One, "range_start": l.RangeStart, "range_join": l.RangeJoin,
		"number_and": l.NumberAnd, "additive": l.Additive, "subset": l.Subset, "ago": l.Ago,
		"day_parts": l.DayParts, "date_prefixes": l.DatePrefixes, "datelines": l.Datelines,
		"auxiliaries": l.Auxiliaries, "toll": l.Toll, "toll_injured": l.TollInjured, "self_kill": l.SelfKill,
		"foiled": l.Foiled, "not_counted": l.NotCounted, "name_prefixes": l.NamePrefixes,
		"target_cues": l.TargetCues, "target_near": l.TargetNear, "claimed": l.Claimed, "claim_prefix": l.ClaimPrefix, "denied": l.Denied,
		"suspected": l.Suspected, "official": l.Official, "labels": l.Labels, "negations": l.Negations,
		"perp_context": l.Perpetrator, "target_context": l.TargetOf, "cross_border": l.CrossBorder,
		"cross_triggers": l.CrossTriggers, "cross_countries": l.CrossCountries, "cross_negations": l.CrossNegations,
		"foreign_place_words": l.ForeignPlaceWords, "border_context_words": l.BorderGateWords,
		"locatives": l.Locatives, "not_locative": l.NotLocative, "origin": l.Origin, "not_place_words": l.NotPlaceWords,
		"country": l.Country, "separate": l.Separate, "background": l.Background, "aggregate": l.Aggregate,
		"temporal": l.Temporal, "continuation": l.Continuation, "subordinators": l.Subordinators, "reporting": l.Reporting,
		"abbreviations": l.Abbreviations, "perp_verbs": l.PerpVerbs, "target_before": l.TargetBefore, "ambiguous_abbreviations": l.AmbiguousAbbrevs, "speaker_before": l.SpeakerBefore, "speaker_after": l.SpeakerAfter, "descriptive": l.Descriptive, "group_words": l.GroupWords,
		"name_connectors": l.NameConnectors, "ambiguous_places": l.AmbiguousPlaces, "org_suffixes": l.OrgSuffixes,
	}
	for name, list := range lists {
		if len(list) == 0 {
			bad("%s is empty", name)
		}
		for _, p := range list {
			checkPhrase(name, p)
		}
	}
	for _, p := range l.ClauseBreaks {
		if p == "" {
			bad("clause_breaks: empty entry")
		}
	}
	maps := map[string]map[string]int{
		"units": l.Units, "tens": l.Tens, "scales": l.Scales, "groups": l.Groups, "ordinals": l.Ordinals,
		"months": l.Months, "weekdays": l.Weekdays, "relative_days": l.RelativeDays, "day_units": l.DayUnits,
	}
	for name, m := range maps {
		if len(m) == 0 {
			bad("%s is empty", name)
		}
		for p := range m {
			checkPhrase(name, p)
		}
	}
	for p, v := range l.Months {
		if v < 1 || v > 12 {
			bad("months: %q → %d", p, v)
		}
	}
	for p, v := range l.Weekdays {
		if v < 1 || v > 7 {
			bad("weekdays: %q → %d", p, v)
		}
	}
	for p, v := range l.Hedges {
		checkPhrase("hedges", p)
		if v != "min" && v != "approx" && v != "max" {
			bad("hedges: %q → %q (want min, approx or max)", p, v)
		}
	}
	periods := map[string]bool{"this_week": true, "last_week": true, "this_month": true, "last_month": true, "this_year": true, "last_year": true}
	for p, v := range l.RelativePeriods {
		checkPhrase("relative_periods", p)
		if !periods[v] {
			bad("relative_periods: %q → %q", p, v)
		}
	}
	cats := map[string]bool{CatSecurity: true, CatCivilian: true, CatMilitant: true, CatGeneric: true}
	for p, v := range l.Victims {
		checkPhrase("victims", p)
		if !cats[v.Category] {
			bad("victims: %q has category %q", p, v.Category)
		}
	}
	for p, v := range l.Modifiers {
		checkPhrase("category_modifiers", p)
		if !cats[v] {
			bad("category_modifiers: %q has category %q", p, v)
		}
	}
	kinds := map[string]bool{KindKilled: true, KindInjured: true, KindHostage: true}
	forms := map[string]bool{FormPast: true, FormIng: true, FormIntrans: true, FormNoun: true}
	for p, v := range l.Verbs {
		checkPhrase("verbs", p)
		if !kinds[v.Kind] || !forms[v.Form] {
			bad("verbs: %q has kind %q form %q", p, v.Kind, v.Form)
		}
	}
	for p, v := range l.Zeroes {
		checkPhrase("zero_casualties", p)
		if v != KindKilled && v != KindInjured && v != "both" {
			bad("zero_casualties: %q → %q", p, v)
		}
	}
	attackTypes := map[string]bool{}
	for _, t := range l.AttackPriority {
		attackTypes[t] = true
	}
	for _, t := range []string{"suicide bombing", "IED", "armed assault", "ambush", "targeted killing", "hijacking",
		"hostage-taking", "rocket/mortar", "cross-border raid", "arson/sabotage"} {
		if !attackTypes[t] {
			bad("attack_priority lacks %q", t)
		}
	}
	for p, t := range l.Attacks {
		checkPhrase("attacks", p)
		if !attackTypes[t] {
			bad("attacks: %q → unknown type %q", p, t)
		}
	}
	targetTypes := map[string]bool{"security forces": true, "police": true, "civilians": true, "religious site": true,
		"political gathering": true, "foreign nationals": true, "infrastructure": true, "transport": true,
		"education": true, "government": true}
	for p, t := range l.Targets {
		checkPhrase("targets", p)
		if !targetTypes[t] {
			bad("targets: %q → unknown type %q", p, t)
		}
	}
	for p, v := range l.NameFolds {
		checkPhrase("name_folds", p)
		checkPhrase("name_folds", v)
	}
	for p, k := range l.PlaceKinds {
		checkPhrase("place_kinds", p)
		switch k {
		case "province", "district", "tehsil", "town", "area", "country":
		default:
			bad("place_kinds: %q → %q", p, k)
		}
	}
	if dt := l.DomesticTaliban; len(dt.Words) > 0 {
		if dt.ResolveAs == "" || len(dt.Since) != 7 {
			bad("domestic_taliban: resolve_as and since (YYYY-MM) are required")
		}
		for _, w := range append(append(append([]string{}, dt.Words...), dt.NotAfter...), dt.NotBefore...) {
			checkPhrase("domestic_taliban", w)
		}
	}
	if l.CrossWindow <= 0 {
		bad("cross_window must be positive")
	}
	if len(errs) > 0 {
		sort.Strings(errs)
		return fmt.Errorf("language %q: %s", l.Code, strings.Join(errs, "; "))
	}
	return nil
}
