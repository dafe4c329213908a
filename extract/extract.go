// Package extract turns the text of a report (a news article, a field report, a data-set
// note) into drafts of sarhad.Report: the main event the text describes and any other
// events it mentions, each field with the evidence it was read from.
//
// # What is read
//
// Date (absolute in the usual formats; relative to the report date: "on Monday",
// "yesterday", "late last night", "earlier this week", "on the 5th"), place (town,
// district and province through a sarhad.PlaceResolver, with precision), perpetrator
// (through a sarhad.ActorResolver) with its attribution status (claimed, denied,
// suspected, official), attack type and target type (the canonical lists of
// INTERCHANGE.md), killed by category (security personnel, civilians, militants), injured,
// hostages and a cross-border nexus. Numbers may be digits or words ("at least eight", "two
// dozen", "over 50"), ranges ("between 50 and 70" gives low 50, best 50, high 70: the best
// estimate is the conservative low figure), or parts ("three soldiers and two civilians"
// gives security 3, civilians 2, total 5; "10 people including 4 policemen" gives total 10,
// security 4). Hedged figures ("at least", "over", "nearly") are taken as exact figures
// with a lower confidence, as conflict data sets code them. Vague quantities ("dozens",
// "scores") leave the count unknown.
//
// Attackers are never in Killed.Total (sarhad.Tally): militants and suicide bombers are
// counted in Killed.Militants. A suicide bombing that went off counts its bomber(s) as
// militants killed unless the text says otherwise.
//
// # Events in one text
//
// The main event comes first. Sentences and clauses that tell of other attacks ("in a
// separate incident", "last year's attack at the same place killed 30", "the attack came a
// day after …", a different date) do not feed the main event; when they carry figures or
// an attack of their own they come out as further drafts with their own evidence.
// Aggregate statements ("a series of attacks killed 74 people", "so far this year") feed
// no draft.
//
// # Evidence (JSON contract note)
//
// Report.Evidence maps a field name to where it was read. Field names are those of the
// report format: "date", "province", "district", "place", "perpetrator", "attribution",
// "attack_type", "target_type", "killed.total", "killed.security", "killed.civilians",
// "killed.militants", "injured", "hostages", "cross_border_nexus". Start and End are BYTE
// offsets into the UTF-8 text (End exclusive), so that text[Start:End] in Go, or
// bytes[start:end] in any language, is the Snippet. Confidence is in [0,1]. A field that was
// inferred rather than read (the report date used as the event date, a killed count of 0
// inferred from a text that reports only injuries) has an empty span (Start = End) and a
// low confidence.
//
// # Drafts
//
// Drafts have the ids "draft-1", "draft-2", … in order, the whole input as Text (the
// evidence offsets of every draft refer to it), ReportedAt set to the report date when one
// is given, and Perpetrator, Attribution and CrossBorder "unknown" unless the text says
// more. Source, Dataset, Marking and Owner are left to the caller (Report.Normalize fills
// the defaults). A count the text does not give stays unknown; it is not read as 0 (data
// sets such as ACLED and GTD code such reports as 0, see EVAL.md).
//
// # Language data
//
// Every word list (numbers, months, weekdays, relative dates, casualty words, attack and
// target words, attribution and distractor cues) lives in the lang sub-package as one
// JSON file per language; only English ("en") exists yet.
//
// An Extractor is safe for concurrent use.
package extract

import (
	"fmt"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/sarhad-osint/sarhad"
	"github.com/sarhad-osint/sarhad/extract/lang"
)

// Extractor reads events from text. Build it once with New and share it: it is safe for
// concurrent use.
type Extractor struct {
	places sarhad.PlaceResolver
	actors sarhad.ActorResolver
	lt     *langTables
	pix    *nameIndex
	aix    *nameIndex

	mu          sync.RWMutex
	locateCache map[sarhad.PlaceQuery]sarhad.Location
	actorCache  map[string]actorHit

	pool sync.Pool
}

// actorHit is a cached actor resolution.
type actorHit struct {
	m  sarhad.ActorMatch
	ok bool
}

// maxCache bounds each resolution cache; a full cache is emptied (the resolvers have
// their own caches, this one only saves the calls).
const maxCache = 50_000

// New returns an extractor that resolves places through places and organisations through
// actors, with the English language data. Either resolver may be nil: the fields that need
// it are then left empty.
func New(places sarhad.PlaceResolver, actors sarhad.ActorResolver) *Extractor {
	x, err := NewLang(places, actors, "en")
	if err != nil {
		panic(err)
	}
	return x
}

// NewLang is New with the language data of the given code (see package lang).
func NewLang(places sarhad.PlaceResolver, actors sarhad.ActorResolver, code string) (*Extractor, error) {
	l, ok := lang.Get(code)
	if !ok {
		return nil, sarhad.Errorf(sarhad.EINVALID, "no language data for %q (have %v)", code, lang.Codes())
	}
	x := &Extractor{
		places:      places,
		actors:      actors,
		lt:          compileLang(l),
		locateCache: map[sarhad.PlaceQuery]sarhad.Location{},
		actorCache:  map[string]actorHit{},
	}
	if places != nil {
		x.pix = x.buildPlaceIndex(placeNames(places))
	} else {
		x.pix = &nameIndex{trie: newPhraseTrie()}
	}
	var list []sarhad.Actor
	if al, ok := actors.(ActorLister); ok && actors != nil {
		list = al.All()
	}
	x.aix = x.buildActorIndex(list)
	x.pool.New = func() any { return new(doc) }
	return x, nil
}

// Extract reads the events that text describes and returns them as report drafts, the
// main event first. reportDate is the date the text was published or received (the zero
// Date when unknown): relative dates ("yesterday", "on Monday") are resolved against it.
// Without it they are resolved against a date line of the text ("Published …") when there
// is one, and left out otherwise. A text that describes no attack yields no draft.
func (x *Extractor) Extract(text string, reportDate sarhad.Date) []sarhad.Report {
	d := x.pool.Get().(*doc)
	defer func() {
		d.reset()
		x.pool.Put(d)
	}()
	d.init(x, text, reportDate)
	d.analyse()
	return d.drafts()
}

// doc is the working state of one extraction. It is reused through a pool.
type doc struct {
	x    *Extractor
	lt   *langTables
	text string
	low  string

	reportDate sarhad.Date
	anchor     sarhad.Date // report date, else the text's date line
	anchorEv   evidence

	toks    []token
	sents   []sentence
	sentOf  []int
	clauses []clause
	clOf    []int
	mOff    []int
	matches []match

	nps     []np
	dates   []dateMention
	places  []placeMention
	groups  []placeGroup
	actors  []actorMention
	cas     []casGroup
	attacks []kwMention
	targets []kwMention
	cross   []kwMention

	// evOf is the event of each token: 0 the main event, >0 another, -1 none.
	evOf   []int
	events []eventSeg

	// Per-token and per-sentence indexes, built once so that look-ups are O(1).
	actorOf    []int  // the actor mention covering each token, -1 if none
	placeStart []bool // a place mention starts at the token
	casOf      []bool // the token is inside a casualty statement
	targetAt   []int  // the target mention starting at the token, -1 if none
	sentHas    []bool // the sentence tells of an attack or casualties
	clauseHas  []bool // the clause tells of an attack or casualties
	rank       []int  // rank of each sentence among the body sentences
}

func (d *doc) reset() {
	d.x, d.lt = nil, nil
	d.text, d.low = "", ""
	d.toks = d.toks[:0]
	d.sents = d.sents[:0]
	d.sentOf = d.sentOf[:0]
	d.clauses = d.clauses[:0]
	d.clOf = d.clOf[:0]
	d.matches = d.matches[:0]
	d.nps = d.nps[:0]
	d.dates = d.dates[:0]
	d.places = d.places[:0]
	d.groups = d.groups[:0]
	d.actors = d.actors[:0]
	d.cas = d.cas[:0]
	d.attacks = d.attacks[:0]
	d.targets = d.targets[:0]
	d.cross = d.cross[:0]
	d.evOf = d.evOf[:0]
	d.events = d.events[:0]
	d.actorOf, d.placeStart, d.casOf = d.actorOf[:0], d.placeStart[:0], d.casOf[:0]
	d.targetAt, d.sentHas, d.clauseHas, d.rank = d.targetAt[:0], d.sentHas[:0], d.clauseHas[:0], d.rank[:0]
	d.anchor, d.reportDate = sarhad.Date{}, sarhad.Date{}
	d.anchorEv = evidence{}
}

func (d *doc) init(x *Extractor, text string, reportDate sarhad.Date) {
	d.x, d.lt = x, x.lt
	d.text = text
	d.low = asciiLower(text)
	if reportDate.Validate() == nil && reportDate.Precision() == sarhad.PrecisionDay {
		d.reportDate = reportDate
	}
	d.toks = tokenize(text, d.low, d.toks[:0])
	d.indexMatches()
	d.splitSentences()
	d.sentOf = growInts(d.sentOf, len(d.toks))
	for si, s := range d.sents {
		for i := s.start; i < s.end; i++ {
			d.sentOf[i] = si
		}
	}
	d.splitClauses()
}

func growInts(s []int, n int) []int {
	if cap(s) < n {
		return make([]int, n)
	}
	return s[:n]
}

// analyse runs the scanners and the segmentation.
func (d *doc) analyse() {
	d.markDatelines()
	d.scanDates()
	d.resolveAnchor()
	d.resolveDates()
	d.scanActors()
	d.indexActors()
	d.scanPlaces()
	d.placeStart = growBools(d.placeStart, len(d.toks))
	for _, p := range d.places {
		d.placeStart[p.start] = true
	}
	d.scanNPs()
	d.scanCasualties()
	d.scanKeywords()
	d.indexContent()
	d.segment()
}

func growBools(s []bool, n int) []bool {
	if cap(s) < n {
		return make([]bool, n)
	}
	s = s[:n]
	clear(s)
	return s
}

func fillInts(s []int, n, v int) []int {
	s = growInts(s, n)
	for i := range s {
		s[i] = v
	}
	return s
}

// indexActors marks the tokens of every organisation mention, and ranks the sentences.
func (d *doc) indexActors() {
	d.actorOf = fillInts(d.actorOf, len(d.toks), -1)
	for k, a := range d.actors {
		for i := a.start; i < a.end; i++ {
			d.actorOf[i] = k
		}
	}
	d.rank = growInts(d.rank, len(d.sents))
	r := 0
	for si, s := range d.sents {
		d.rank[si] = r
		if !s.dateline && !s.headline {
			r++
		}
	}
}

// indexContent marks casualty statements, target words and the sentences
// and clauses that tell of an attack.
func (d *doc) indexContent() {
	n := len(d.toks)
	d.casOf = growBools(d.casOf, n)
	d.sentHas = growBools(d.sentHas, len(d.sents))
	d.clauseHas = growBools(d.clauseHas, len(d.clauses))
	for _, g := range d.cas {
		for i := g.start; i < g.end; i++ {
			d.casOf[i] = true
		}
		d.sentHas[d.sentOf[g.verb]] = true
		d.clauseHas[d.clOf[g.verb]] = true
	}
	for _, a := range d.attacks {
		d.sentHas[d.sentOf[a.start]] = true
		d.clauseHas[d.clOf[a.start]] = true
	}
	d.targetAt = fillInts(d.targetAt, n, -1)
	for k, m := range d.targets {
		d.targetAt[m.start] = k
	}
}

// evidence is a field's source span in tokens, turned into sarhad.Evidence at the end.
type evidence struct {
	start, end int // byte offsets
	conf       float64
	set        bool
}

func (d *doc) span(startTok, endTok int, conf float64) evidence {
	if startTok < 0 || endTok <= startTok || endTok > len(d.toks) {
		return evidence{conf: conf, set: true}
	}
	return evidence{start: d.toks[startTok].start, end: d.toks[endTok-1].end, conf: conf, set: true}
}

func (d *doc) inferred(conf float64) evidence { return evidence{conf: conf, set: true} }

func (d *doc) toEvidence(e evidence) sarhad.Evidence {
	s, t := e.start, e.end
	if s < 0 || t > len(d.text) || s > t {
		s, t = 0, 0
	}
	c := e.conf
	if c < 0 {
		c = 0
	}
	if c > 1 {
		c = 1
	}
	if !e.set || e.start == e.end {
		return sarhad.Evidence{Confidence: round2(c), Inferred: true}
	}
	// The contract counts characters, not bytes: convert the byte offsets to code points.
	rs := utf8.RuneCountInString(d.text[:s])
	rt := rs + utf8.RuneCountInString(d.text[s:t])
	return sarhad.Evidence{Start: rs, End: rt, Snippet: d.text[s:t], Confidence: round2(c)}
}

func round2(f float64) float64 { return float64(int(f*100+0.5)) / 100 }

// drafts builds the reports of the events found.
func (d *doc) drafts() []sarhad.Report {
	var out []sarhad.Report
	for ei := range d.events {
		ev := &d.events[ei]
		if !ev.content {
			continue
		}
		r := d.buildReport(ei)
		r.ID = fmt.Sprintf("draft-%d", len(out)+1)
		out = append(out, r)
	}
	return out
}

// buildReport assembles one event's draft from what the scanners found in its tokens.
func (d *doc) buildReport(ei int) sarhad.Report {
	r := sarhad.Report{
		Text:        d.text,
		Perpetrator: sarhad.UnknownActor,
		Attribution: sarhad.AttrUnknown,
		CrossBorder: sarhad.NexusUnknown,
		Evidence:    map[string]sarhad.Evidence{},
	}
	if !d.reportDate.IsZero() {
		r.ReportedAt = time.Date(d.reportDate.Year, time.Month(d.reportDate.Month), d.reportDate.Day, 0, 0, 0, 0, time.UTC)
	}
	put := func(field string, e evidence) {
		if e.set {
			r.Evidence[field] = d.toEvidence(e)
		}
	}
	if dt, e, ok := d.eventDate(ei); ok {
		r.Date = dt
		put("date", e)
	}
	if loc, e, ok := d.eventLocation(ei); ok {
		r.Location = loc
		if loc.Province != "" {
			put("province", e)
		}
		if loc.District != "" {
			put("district", e)
		}
		if loc.Place != "" {
			put("place", e)
		}
	}
	if a, ok := d.eventActor(ei); ok {
		r.Perpetrator = a.name
		r.PerpetratorRaw = a.raw
		r.Attribution = a.status
		if a.name != sarhad.UnknownActor {
			put("perpetrator", a.ev)
		}
		put("attribution", a.statusEv)
	}
	var attackEv evidence
	if t, e, ok := d.eventAttackType(ei); ok {
		r.AttackType = t
		attackEv = e
		put("attack_type", e)
	}
	ct := d.eventCasualties(ei)
	if r.AttackType == sarhad.AttackSuicide && !ct.killed.Militants.Known && !d.foiled(ei) {
		// A suicide bombing that went off killed its bomber(s).
		ct.killed.Militants = sarhad.Exact(d.bombers(ei))
		ct.evMilitants = attackEv
		ct.evMilitants.conf = 0.5
	}
	r.Killed = ct.killed
	r.Injured = ct.injured
	r.Hostages = ct.hostages
	put("killed.total", ct.evTotal)
	put("killed.security", ct.evSecurity)
	put("killed.civilians", ct.evCivilians)
	put("killed.militants", ct.evMilitants)
	put("injured", ct.evInjured)
	put("hostages", ct.evHostages)
	if t, e, ok := d.eventTargetType(ei, &ct); ok {
		r.TargetType = t
		put("target_type", e)
	}
	if e, ok := d.eventCrossBorder(ei); ok {
		r.CrossBorder = sarhad.NexusYes
		put("cross_border_nexus", e)
	}
	if len(r.Evidence) == 0 {
		r.Evidence = nil
	}
	return r
}
