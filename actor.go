package sarhad

// UnknownActor is the canonical name used when no perpetrator is named.
const UnknownActor = "unknown"

// ActorKind classifies an organisation.
type ActorKind string

// Actor kinds.
const (
	ActorMilitant   ActorKind = "militant"   // jihadist / Islamist armed group
	ActorSeparatist ActorKind = "separatist" // ethno-nationalist armed group
	ActorSectarian  ActorKind = "sectarian"  // sectarian armed group
	ActorPolitical  ActorKind = "political"  // party, movement or student body
	ActorCharity    ActorKind = "charity"    // trust or welfare front
	ActorCriminal   ActorKind = "criminal"   // gangs, dacoits
	ActorOther      ActorKind = "other"
)

// Actor is an organisation: a militant group, a proscribed organisation, or another group
// that appears in the data. Sarhad keeps no records on private persons.
type Actor struct {
	// ID is a stable slug, e.g. "ttp", "bla", "iskp".
	ID string `json:"id"`
	// Name is the canonical name (INTERCHANGE.md), e.g. "Tehrik-i-Taliban Pakistan".
	Name string `json:"name"`
	// Abbrev is the usual abbreviation, e.g. "TTP".
	Abbrev string `json:"abbrev,omitempty"`
	// Aliases are other names, transliterations and official labels.
	Aliases []string  `json:"aliases,omitempty"`
	Kind    ActorKind `json:"kind,omitempty"`
	// Parent is the ID of the parent organisation for factions and affiliates.
	Parent string `json:"parent,omitempty"`
	// Proscribed is the date of proscription in Pakistan (YYYY, YYYY-MM or YYYY-MM-DD), ""
	// when not proscribed; ProscribedNote qualifies uncertain or changed listings.
	Proscribed     string `json:"proscribed,omitempty"`
	ProscribedNote string `json:"proscribed_note,omitempty"`
	// UN1267 is true for entities on the UN ISIL/Al-Qaida sanctions list.
	UN1267 bool `json:"un1267,omitempty"`
}

// ActorMatch is the result of resolving a name to an actor.
type ActorMatch struct {
	Actor Actor
	// Score is the similarity in [0,1]; 1 for an exact alias match.
	Score float64
	// Via is the alias or rule that matched, for explanations.
	Via string
}

// ActorResolver maps free-text names to registry actors. The actors package implements it.
type ActorResolver interface {
	// ResolveActor returns the best match for name, or false when nothing is close enough
	// or the name is a generic term ("gunmen", "unknown", "militants").
	ResolveActor(name string) (ActorMatch, bool)
	// ActorByID returns the actor with the given ID.
	ActorByID(id string) (Actor, bool)
	// Related reports whether two actor IDs are the same or linked as parent and affiliate,
	// so that a claim by a faction is compatible with a report naming its parent.
	Related(a, b string) bool
}
