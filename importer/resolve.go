package importer

import (
	"strings"

	"github.com/sarhad-osint/sarhad"
)

// locate turns what a row says about a place into a Location: through the place resolver
// when there is one, otherwise with the names as given.
func (r Resolvers) locate(q sarhad.PlaceQuery) sarhad.Location {
	if r.Places == nil {
		return sarhad.Location{Province: q.Province, District: q.District, Place: q.Locality,
			Lat: q.Lat, Lon: q.Lon, Precision: q.Precision}
	}
	loc := r.Places.Locate(q)
	if loc.Place == "" {
		loc.Place = q.Locality
	}
	return loc
}

// perpetrator resolves the perpetrator a source names. It returns the canonical actor name
// and whether the source names a group at all: a name that no spelling of resolves gives
// sarhad.UnknownActor with named true (the caller keeps the spelling in PerpetratorRaw).
// Without an actor resolver the name is kept as given.
func (r Resolvers) perpetrator(raw string) (canonical string, named bool) {
	if nonActor(raw) {
		return sarhad.UnknownActor, false
	}
	if r.Actors == nil {
		return raw, true
	}
	for _, c := range actorSpellings(raw) {
		if m, ok := r.Actors.ResolveActor(c); ok && m.Actor.Name != "" {
			return m.Actor.Name, true
		}
	}
	return sarhad.UnknownActor, true
}

// nonActor reports whether a perpetrator field names nobody: an unknown marker or a
// data-set placeholder ("Other", "Unidentified Armed Group (Pakistan)").
func nonActor(s string) bool {
	if isUnknown(s) {
		return true
	}
	l := strings.ToLower(s)
	return l == "other" || l == "unknown group" || strings.HasPrefix(l, "unidentified")
}

// actorSpellings lists the spellings of a data-set actor name worth trying, most specific
// first: the name as written; ACLED's "BLA: Baloch Liberation Army" as the long name and
// the abbreviation; GTD's "Tehrik-i-Taliban Pakistan (TTP)" and ACLED's
// "Baloch Separatists (Pakistan)" without the parenthesis, and the abbreviation inside it.
func actorSpellings(raw string) []string {
	out := []string{raw}
	add := func(s string) {
		s = strings.TrimSpace(s)
		if s == "" {
			return
		}
		for _, o := range out {
			if o == s {
				return
			}
		}
		out = append(out, s)
	}
	name, abbr := raw, ""
	if a, long, ok := strings.Cut(raw, ": "); ok && len(a) <= 12 && !strings.Contains(a, " ") {
		name, abbr = long, a
	}
	add(name)
	if i := strings.LastIndexByte(name, '('); i > 0 && strings.HasSuffix(name, ")") {
		inner := name[i+1 : len(name)-1]
		add(name[:i])
		if inner != "" && !strings.ContainsAny(inner, " 0123456789") && strings.ToUpper(inner) == inner {
			add(inner) // an abbreviation, not a country or a year range
		}
	}
	add(abbr)
	return out
}

// attribute sets a data set's attribution status, which describes the tie to a registry
// actor: a perpetrator that did not resolve (kept in PerpetratorRaw) stays unknown.
func attribute(rep *sarhad.Report, a sarhad.Attribution) {
	if rep.Perpetrator == "" || rep.Perpetrator == sarhad.UnknownActor {
		a = sarhad.AttrUnknown
	}
	rep.Attribution = a
}
