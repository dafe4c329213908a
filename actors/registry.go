// Package actors is Sarhad's actor registry: the organisations proscribed in Pakistan, the
// related UN 1267 entities and the other groups that the research data sets and the press
// name, with their aliases, kinds, parent and alliance links and proscription dates. It
// resolves the free-text names that reports use ("banned TTP", "Tehreek-e-Taliban",
// "Fitna al-Khawarij", "BLA: Baloch Liberation Army") to canonical actors and implements
// sarhad.ActorResolver.
//
// The data ship embedded (data/actors.json, written by hand from the project's compilation
// of the NACTA list; see that file's rows). Default returns the registry built from it.
//
// Decisions on ambiguous names, kept in the data file's "ambiguous" and "labels" sections:
//
//   - "Taliban" alone is the Afghan Taliban (GTD's coding); "Taliban (Pakistan)",
//     "Pakistani Taliban" and every Tehrik-i-Taliban spelling are TTP.
//   - "TJP" is Tehreek-e-Jihad Pakistan (the armed group of 2023 onwards); Tehreek-e-Jafaria
//     Pakistan, banned in 2002 and renamed, resolves only by its full name.
//   - "Jundullah"/"Jundallah" alone is the Karachi-based, TTP-linked group of GTD's Pakistan
//     events; the Iran-focused Rigi group that NACTA lists needs "Jundollah",
//     "Jundullah (Iran)" or "Jundullah (Rigi group)".
//   - "Fitna al-Khawarij" and "Khawarij" (the state's label since July 2024) are TTP;
//     "Fitna al-Hindustan" names Baloch separatist groups collectively and resolves to no
//     actor (Resolve reports it as a collective label).
//   - Descriptions of perpetrators ("Unknown", "Gunmen", "Militants", "Tribal Group",
//     "Unaffiliated Individual(s)"), criminals ("Dacoits") and state forces are not actors.
//   - BLA factions that are not separately proscribed (Jeeyand, Azad; ACLED's Aslam Acho
//     and Bashir Zeb codings) resolve to BLA; separately proscribed wings and chapters
//     (Majeed Brigade, TTP Swat/Mohmand/Bajaur, Jamaat-ul-Ahrar) are actors of their own
//     with a parent link.
package actors

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/sarhad-osint/sarhad"
)

//go:embed data/actors.json
var embedded []byte

// Entry is a registry actor with the facts that sarhad.Actor does not carry.
type Entry struct {
	sarhad.Actor
	// ListRow is the actor's row (1-91) in the project's reconstruction of Pakistan's list of
	// proscribed organisations; 0 for actors not on it.
	ListRow int `json:"row"`
	// MemberOf lists the IDs of alliances the actor belongs to (BLA → BRAS); Related treats
	// them like a parent.
	MemberOf []string `json:"member_of,omitempty"`
	// Note says what the registry knows and decided about the actor.
	Note string `json:"note,omitempty"`
}

// Label is a name that is not an actor: a description of perpetrators, a collective term
// or a state actor.
type Label struct {
	Class Class    `json:"class"`
	Note  string   `json:"note"`
	Names []string `json:"names"`
}

// Ambiguous assigns a name that could mean several organisations to one of them.
type Ambiguous struct {
	Name string `json:"name"`
	ID   string `json:"id"`
	Note string `json:"note"`
}

// document is the shape of data/actors.json.
type document struct {
	AsOf        string      `json:"as_of"`
	Description string      `json:"description"`
	Actors      []Entry     `json:"actors"`
	Labels      []Label     `json:"labels"`
	Ambiguous   []Ambiguous `json:"ambiguous"`
}

// Registry holds the actors and resolves names to them. It is safe for concurrent use.
type Registry struct {
	asOf    string
	entries []Entry
	byID    map[string]int
	byName  map[string]int // lower-cased canonical name → index

	exact   map[string]keyRef // Normalize(name) → actor
	abbrevs map[string]keyRef // compact abbreviation ("iskp", "blaj") → actor
	labels  []labelKey
	// ancestors lists, per ID, the IDs above it through parents and alliances.
	ancestors map[string][]string
	targets   []target // names and long aliases for similarity matching

	mu         sync.RWMutex
	cache      map[string]Resolution
	cacheLimit int
}

// keyRef points a lookup key at an actor, with the name that produced the key.
type keyRef struct {
	idx  int
	via  string
	note string // set for names the data file marks ambiguous
}

// labelKey is a label's name: whole, or a prefix ("Military Forces of Pakistan*") or a
// suffix ("*tribesmen") of the key, matched on whole words.
type labelKey struct {
	key            string
	prefix, suffix bool
	label          *Label
}

var (
	defaultOnce sync.Once
	defaultReg  *Registry
	defaultErr  error
)

// Default returns the registry built from the embedded data. It panics if the embedded
// data are invalid, which the package's tests rule out.
func Default() *Registry {
	defaultOnce.Do(func() {
		defaultReg, defaultErr = Load(bytes.NewReader(embedded))
	})
	if defaultErr != nil {
		panic("actors: embedded registry: " + defaultErr.Error())
	}
	return defaultReg
}

// Load reads a registry in the format of data/actors.json and validates it: unique IDs and
// canonical names, known kinds, well-formed dates, parents and alliances that exist without
// cycles, and no name that two actors claim unless the "ambiguous" section assigns it.
func Load(r io.Reader) (*Registry, error) {
	var doc document
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("decode actor registry: %w", err)
	}
	return build(doc)
}

var dateRE = regexp.MustCompile(`^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$`)

func build(doc document) (*Registry, error) {
	reg := &Registry{
		asOf:    doc.AsOf,
		entries: doc.Actors,
		byID:    make(map[string]int, len(doc.Actors)),
		byName:  make(map[string]int, len(doc.Actors)),
		exact:   make(map[string]keyRef),
		abbrevs: make(map[string]keyRef),
		cache:   make(map[string]Resolution),

		cacheLimit: maxCached,
	}
	var errs []string
	bad := func(format string, args ...any) { errs = append(errs, fmt.Sprintf(format, args...)) }
	for i := range reg.entries {
		e := &reg.entries[i]
		switch {
		case e.ID == "" || e.Name == "":
			bad("actor %d has no id or name", i)
		case !validKind(e.Kind):
			bad("%s: unknown kind %q", e.ID, e.Kind)
		case e.Proscribed != "" && !dateRE.MatchString(e.Proscribed):
			bad("%s: proscription date %q is not YYYY, YYYY-MM or YYYY-MM-DD", e.ID, e.Proscribed)
		}
		if _, dup := reg.byID[e.ID]; dup {
			bad("duplicate id %q", e.ID)
		}
		reg.byID[e.ID] = i
		if _, dup := reg.byName[strings.ToLower(e.Name)]; dup {
			bad("duplicate canonical name %q", e.Name)
		}
		reg.byName[strings.ToLower(e.Name)] = i
		e.Aliases = slices.Clip(e.Aliases)
	}
	for _, e := range reg.entries {
		for _, p := range append([]string{e.Parent}, e.MemberOf...) {
			if _, ok := reg.byID[p]; p != "" && !ok {
				bad("%s: unknown parent or alliance %q", e.ID, p)
			}
		}
	}
	if len(errs) == 0 {
		reg.ancestors = make(map[string][]string, len(reg.entries))
		for _, e := range reg.entries {
			if reg.cyclic(e.ID) {
				bad("%s: parent links form a cycle", e.ID)
			}
			reg.ancestors[e.ID] = reg.ancestorsOf(e.ID)
		}
	}
	overrides := make(map[string]Ambiguous)
	for _, a := range doc.Ambiguous {
		if _, ok := reg.byID[a.ID]; !ok {
			bad("ambiguous %q: unknown id %q", a.Name, a.ID)
		}
		overrides[Normalize(a.Name)] = a
	}
	reg.indexNames(overrides, bad)
	for i := range doc.Labels {
		l := &doc.Labels[i]
		if !validClass(l.Class) {
			bad("label class %q is not generic, criminal, collective or state", l.Class)
		}
		for _, n := range l.Names {
			lk := labelKey{prefix: strings.HasSuffix(n, "*"), suffix: strings.HasPrefix(n, "*"), label: l}
			lk.key = Normalize(strings.Trim(n, "*"))
			if ref, ok := reg.exact[lk.key]; ok && !lk.prefix && !lk.suffix {
				bad("label %q is also a name of %s", n, reg.entries[ref.idx].ID)
			}
			reg.labels = append(reg.labels, lk)
		}
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("invalid actor registry: %s", strings.Join(errs, "; "))
	}
	return reg, nil
}

// indexNames builds the exact, abbreviation and similarity indexes.
func (reg *Registry) indexNames(overrides map[string]Ambiguous, bad func(string, ...any)) {
	add := func(m map[string]keyRef, key string, idx int, via string) {
		if key == "" {
			return
		}
		if a, ok := overrides[key]; ok {
			m[key] = keyRef{idx: reg.byID[a.ID], via: a.Name, note: a.Note}
			return
		}
		if old, ok := m[key]; ok && old.idx != idx {
			bad("name %q of %s is also %q of %s", via, reg.entries[idx].ID, old.via, reg.entries[old.idx].ID)
			return
		}
		if _, ok := m[key]; !ok {
			m[key] = keyRef{idx: idx, via: via}
		}
	}
	for i, e := range reg.entries {
		names := append([]string{e.Name}, e.Aliases...)
		if e.Abbrev != "" {
			names = append(names, e.Abbrev)
		}
		for _, n := range names {
			k := Normalize(n)
			add(reg.exact, k, i, n)
			if isAbbrev(n) {
				add(reg.abbrevs, compact(k), i, n)
				continue
			}
			if len(k) >= minFuzzyLen {
				reg.targets = append(reg.targets, target{key: k, idx: i, via: n})
			}
		}
	}
	for k, a := range overrides {
		if _, ok := reg.exact[k]; !ok {
			add(reg.exact, k, reg.byID[a.ID], a.Name)
		}
	}
}

func (reg *Registry) cyclic(id string) bool {
	seen := map[string]bool{}
	for id != "" {
		if seen[id] {
			return true
		}
		seen[id] = true
		id = reg.entries[reg.byID[id]].Parent
	}
	return false
}

// isAbbrev reports whether an alias is written as an abbreviation ("TTP", "LeJ-A",
// "ISIS-K", "BLA-Jeeyand"): one word with two or more capitals. Abbreviations match only
// exactly, never by similarity, so that "BLA" never becomes "BLF".
func isAbbrev(name string) bool {
	name = strings.TrimSpace(name)
	if strings.ContainsAny(name, " \t") {
		return false
	}
	upper := 0
	for _, r := range name {
		if r >= 'A' && r <= 'Z' {
			upper++
		}
	}
	return upper >= 2 || len(name) <= 3
}

// compact drops the spaces of a key: "is kp" → "iskp".
func compact(key string) string { return strings.ReplaceAll(key, " ", "") }

func validKind(k sarhad.ActorKind) bool {
	switch k {
	case sarhad.ActorMilitant, sarhad.ActorSeparatist, sarhad.ActorSectarian, sarhad.ActorPolitical,
		sarhad.ActorCharity, sarhad.ActorCriminal, sarhad.ActorOther:
		return true
	}
	return false
}

// AsOf returns the date of the registry's data (YYYY-MM).
func (reg *Registry) AsOf() string { return reg.asOf }

// All returns every actor in registry order: the proscribed list's rows first, then the
// other groups. The slices inside are shared with the registry and must not be modified.
func (reg *Registry) All() []sarhad.Actor {
	out := make([]sarhad.Actor, len(reg.entries))
	for i, e := range reg.entries {
		out[i] = e.Actor
	}
	return out
}

// Entries returns every actor with its list row, alliances and note, in registry order.
func (reg *Registry) Entries() []Entry { return slices.Clone(reg.entries) }

// Entry returns the full entry of the actor with the given ID.
func (reg *Registry) Entry(id string) (Entry, bool) {
	i, ok := reg.byID[id]
	if !ok {
		return Entry{}, false
	}
	return reg.entries[i], true
}

// ActorByID returns the actor with the given ID.
func (reg *Registry) ActorByID(id string) (sarhad.Actor, bool) {
	e, ok := reg.Entry(id)
	return e.Actor, ok
}

// ActorByName returns the actor whose canonical name is name, ignoring case. It does not
// resolve aliases; ResolveActor does.
func (reg *Registry) ActorByName(name string) (sarhad.Actor, bool) {
	i, ok := reg.byName[strings.ToLower(strings.TrimSpace(name))]
	if !ok {
		return sarhad.Actor{}, false
	}
	return reg.entries[i].Actor, true
}

// id returns the ID for an ID or a canonical name.
func (reg *Registry) id(s string) (string, bool) {
	if _, ok := reg.byID[s]; ok {
		return s, true
	}
	if a, ok := reg.ActorByName(s); ok {
		return a.ID, true
	}
	return "", false
}

// Related reports whether a and b (IDs or canonical names) are the same actor or one is an
// ancestor of the other through parent links and alliance membership, followed up to the
// root: JuA and TTP, Majeed Brigade and BLA, ISKP and Islamic State, FIF and LeT, BLA and
// the BRAS alliance. Siblings are not related (JuA and TTP Swat; BLA and BLF, though both
// belong to BRAS). Unknown names are related to nothing.
func (reg *Registry) Related(a, b string) bool {
	ia, ok1 := reg.id(a)
	ib, ok2 := reg.id(b)
	if !ok1 || !ok2 {
		return false
	}
	return ia == ib || slices.Contains(reg.ancestors[ib], ia) || slices.Contains(reg.ancestors[ia], ib)
}

// ancestorsOf lists the IDs reachable from id through parents and alliances.
func (reg *Registry) ancestorsOf(id string) []string {
	var out []string
	seen := map[string]bool{id: true}
	var walk func(string)
	walk = func(x string) {
		e := reg.entries[reg.byID[x]]
		for _, up := range append([]string{e.Parent}, e.MemberOf...) {
			if up != "" && !seen[up] {
				seen[up] = true
				out = append(out, up)
				walk(up)
			}
		}
	}
	walk(id)
	return out
}

// Root returns the ID at the top of id's parent chain (id itself for a top-level actor), or
// "" for an unknown ID. Alliances are not followed.
func (reg *Registry) Root(id string) string {
	i, ok := reg.byID[id]
	if !ok {
		return ""
	}
	for reg.entries[i].Parent != "" {
		i = reg.byID[reg.entries[i].Parent]
	}
	return reg.entries[i].ID
}

var _ sarhad.ActorResolver = (*Registry)(nil)
