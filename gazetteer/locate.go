package gazetteer

import (
	"math"
	"strings"

	"github.com/sarhad-osint/sarhad"
)

// unknownWords are values that data sets put in a place field when they know nothing.
var unknownWords = map[string]bool{
	"unknown": true, "na": true, "n a": true, "none": true, "nil": true, "null": true, "not known": true,
	"not applicable": true, "unspecified": true, "various": true, "multiple": true, "9": true,
}

// clean trims a field, collapses its spaces and empties the values that mean "unknown".
func clean(s string) string {
	if len(s) > maxNameLen {
		s = strings.ToValidUTF8(s[:maxNameLen], "")
	}
	s = strings.Join(strings.Fields(s), " ")
	if k := Key(s); k == "" || unknownWords[k] {
		return ""
	}
	return s
}

// locator holds what Locate has settled so far; -1 is "not known".
type locator struct {
	g *Gazetteer
	// prov is the province node; provWeak is set when it came from something that is not a
	// province name ("Karachi" in the province column), so that an unambiguous place
	// elsewhere may override it.
	prov     int32
	provWeak bool
	// group is a unit above district level that the place must be in (FATA, Waziristan).
	group int32
	dist  int32
	place int32
}

// consistent reports whether node n may be where the event happened given what is settled.
func (l *locator) consistent(n int32) bool {
	g := l.g
	nd := &g.nodes[n]
	switch {
	case l.dist >= 0:
		if nd.dist < 0 { // a unit above district level: consistent if it holds the district
			return g.contains(n, l.dist)
		}
		return g.contains(l.dist, nd.dist) || g.contains(nd.dist, l.dist) || g.carvedFrom(nd.dist, l.dist)
	case l.group >= 0:
		return g.contains(l.group, n) || g.contains(n, l.group) || g.overlaps(l.group, n)
	case l.prov >= 0:
		return nd.prov == l.prov
	}
	return true
}

// carvedFrom reports whether district d (or the census district holding it) was carved out
// of district old or of a district holding old.
func (g *Gazetteer) carvedFrom(d, old int32) bool {
	for _, x := range append([]int32{d}, g.nodes[d].anc...) {
		for _, f := range g.nodes[x].formedFrom {
			if g.contains(f, old) || g.contains(old, f) {
				return true
			}
		}
	}
	return false
}

// overlaps reports whether a historical unit took in part of the district holding n.
func (g *Gazetteer) overlaps(unit, n int32) bool {
	d := g.nodes[n].dist
	for _, o := range g.nodes[unit].overlaps {
		if d >= 0 && (g.contains(o, d) || g.contains(d, o)) {
			return true
		}
	}
	return false
}

// choose picks among the places a text may mean: those consistent with what is settled;
// failing that, when nothing finer than a weak province is settled, an unambiguous place
// anywhere.
func (l *locator) choose(text string, defaultHint hintKind) (hit, bool) {
	hits, hint, _ := l.g.lookup(text)
	if hint == hintNone {
		hint = defaultHint
	}
	var ok []hit
	for _, h := range hits {
		if l.consistent(h.node) {
			ok = append(ok, h)
		}
	}
	if len(ok) > 0 {
		h, found, _ := l.g.pick(ok, hint)
		return h, found
	}
	// Outside the settled region (FATA) but inside its province: sources label settled
	// districts "FATA" too, so an unambiguous place elsewhere in the province is taken.
	if len(hits) > 0 && l.dist < 0 && l.group >= 0 && l.prov >= 0 {
		for _, h := range hits {
			if l.g.nodes[h.node].prov == l.prov {
				ok = append(ok, h)
			}
		}
		if h, found, amb := l.g.pick(ok, hint); found && !amb {
			return h, true
		}
	}
	if len(hits) > 0 && l.dist < 0 && (l.prov < 0 || l.provWeak) {
		if h, found, amb := l.g.pick(hits, hint); found && !amb {
			return h, true
		}
	}
	return hit{}, false
}

// settle records a resolved place at its level.
func (l *locator) settle(n int32) {
	g := l.g
	nd := &g.nodes[n]
	switch {
	case nd.rank <= rankFine:
		l.place = n
		l.settleDistrict(nd.dist)
	case nd.place.Kind == sarhad.KindDistrict:
		l.settleDistrict(n)
	case nd.rank == rankGroup:
		if l.dist < 0 && (l.group < 0 || g.contains(l.group, n)) {
			l.group = n
		}
	case nd.prov < 0: // Pakistan: nothing finer
	default: // a province, or FATA
		if nd.place.ID == fataID && l.dist < 0 && l.group < 0 {
			l.group = n
		}
		if l.prov < 0 || l.provWeak {
			l.prov, l.provWeak = nd.prov, false
		}
	}
}

// settleDistrict keeps the finer of the settled district and d, or d when d was carved out
// of the settled one.
func (l *locator) settleDistrict(d int32) {
	g := l.g
	if l.dist < 0 || g.contains(l.dist, d) || g.carvedFrom(d, l.dist) {
		l.dist = d
	}
	if l.group >= 0 && g.contains(l.group, d) {
		l.group = -1
	}
	l.prov, l.provWeak = g.nodes[l.dist].prov, false
}

// Locate combines what a source says about where something happened (province, district,
// locality, coordinates, the precision it states for them) into the most precise
// consistent canonical Location. The rules:
//
//   - Each text resolves inside what the coarser ones settled: the district inside the
//     province, the locality inside the district (or inside a district carved out of it
//     since: "Loralai" + "Duki" is Duki); the finer consistent answer wins ("Karachi" +
//     "Orangi" is Karachi West, "South Waziristan" + "Wana" is Lower South Waziristan).
//   - A name that contradicts an explicit province or district does not move the event:
//     the explicit unit stays and the name is kept in Place ("Balochistan" + "Karachi" is
//     Balochistan, province precision, Place "Karachi"). Historical province names (NWFP,
//     FATA) count as explicit: they lie wholly inside Khyber Pakhtunkhwa. Only when the
//     province is missing or not a province name may an unambiguous name elsewhere set the
//     province.
//   - A locality that resolves to no place is kept as written in Place; the district then
//     comes from the coordinates (the district of the nearest known point, if consistent
//     with the province), else the location stays at the settled level.
//   - Place is the locality as written when it is finer than a district or unresolved; ""
//     when the locality only named a district or province. PlaceID is the finest unit
//     resolved (a town, tehsil, crossing, district, FATA, or province).
//   - Coordinates are kept as given when valid (never NaN, never 0,0). Without coordinates,
//     a resolved town, tehsil or crossing lends its point. District and province levels get
//     no point: District(name) gives the HQ for a map.
//   - Precision is the level resolved (town, tehsil, district, province; country when
//     something was given but nothing resolved), made finer by the source's stated precision
//     when coordinates are given. Coordinates alone give district precision unless the
//     source states a finer one.
//   - A province with a single district (Islamabad Capital Territory) fills that district.
func (g *Gazetteer) Locate(q sarhad.PlaceQuery) sarhad.Location {
	l := &locator{g: g, prov: -1, group: -1, dist: -1, place: -1}
	province, district, locality := clean(q.Province), clean(q.District), clean(q.Locality)
	lat, lon := q.Lat, q.Lon
	hasCoords := !math.IsNaN(lat) && !math.IsNaN(lon) && !math.IsInf(lat, 0) && !math.IsInf(lon, 0) &&
		lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180 && (lat != 0 || lon != 0)
	given := province != "" || district != "" || locality != "" || hasCoords

	if province != "" {
		h, ok, hits, _ := g.provinceHit(province)
		if ok {
			nd := &g.nodes[h.node]
			// A historical province name pins the province as firmly as the current one: NWFP
			// is Khyber Pakhtunkhwa renamed, and FATA and the Frontier Regions lie wholly
			// inside it today. A place name elsewhere does not move such an event.
			l.prov, l.provWeak = nd.prov, false
			if nd.place.ID == fataID {
				l.group = h.node
			}
		} else if h, ok, amb := g.pick(hits, hintNone); ok && !amb && g.nodes[h.node].prov >= 0 {
			// Not a province name ("Karachi" in the province column): its province, weakly.
			l.prov, l.provWeak = g.nodes[h.node].prov, true
		}
	}
	if district != "" {
		if h, ok := l.choose(district, hintDistrict); ok {
			nd := &g.nodes[h.node]
			switch {
			case nd.place.Kind == sarhad.KindDistrict:
				l.settleDistrict(h.node)
			case nd.dist >= 0: // a town or tehsil in the district column: its district
				l.settleDistrict(nd.dist)
			default:
				l.settle(h.node)
			}
		}
	}
	if locality != "" {
		if h, ok := l.choose(locality, hintNone); ok {
			l.settle(h.node)
			if g.nodes[h.node].rank > rankFine {
				locality = "" // it only named a district or province
			}
		}
	}

	// Coordinates fill the district when the texts did not.
	coordsTown := int32(-1)
	if hasCoords && l.dist < 0 && l.place < 0 && InPakistanBox(lat, lon) {
		if p, _, ok := g.NearestDistrict(lat, lon); ok {
			if d := g.byID[p.ID]; l.consistent(d) {
				l.settleDistrict(d)
			}
		}
		if locality == "" && (q.Precision == sarhad.GeoExact || q.Precision == sarhad.GeoTown) {
			if p, ok := g.NearestPlace(lat, lon); ok && p.Kind == sarhad.KindTown {
				if t := g.byID[p.ID]; l.dist >= 0 && g.contains(l.dist, t) {
					coordsTown = t
				}
			}
		}
	}
	// A province of one district is that district.
	if l.dist < 0 && l.group < 0 && l.prov >= 0 {
		if d, ok := g.onlyDistrict(l.prov); ok {
			l.settleDistrict(d)
		}
	}

	var loc sarhad.Location
	prec := sarhad.GeoUnknown
	if given {
		prec = sarhad.GeoCountry
	}
	switch {
	case l.place >= 0:
		p := g.nodes[l.place].place
		loc.PlaceID, prec = p.ID, p.Precision
		if !hasCoords && g.nodes[l.place].hasCoords {
			loc.Lat, loc.Lon = p.Lat, p.Lon
		}
	case coordsTown >= 0:
		loc.PlaceID, prec = g.nodes[coordsTown].place.ID, sarhad.GeoTown
	case l.dist >= 0:
		loc.PlaceID, prec = g.nodes[l.dist].place.ID, sarhad.GeoDistrict
	case l.group >= 0:
		loc.PlaceID, prec = g.nodes[l.group].place.ID, sarhad.GeoProvince
	case l.prov >= 0:
		loc.PlaceID, prec = g.nodes[l.prov].place.ID, sarhad.GeoProvince
	}
	if l.dist >= 0 {
		loc.District = g.nodes[l.dist].place.District
		l.prov = g.nodes[l.dist].prov
	}
	if l.prov >= 0 {
		loc.Province = g.nodes[l.prov].place.Province
	}
	if hasCoords {
		loc.Lat, loc.Lon = lat, lon
		if q.Precision != sarhad.GeoUnknown && q.Precision.Rank() < prec.Rank() {
			prec = q.Precision
		}
	}
	loc.Precision = prec
	loc.Place = locality
	return loc
}

// onlyDistrict returns the district of a province that has exactly one.
func (g *Gazetteer) onlyDistrict(prov int32) (int32, bool) {
	d, ok := g.single[prov]
	return d, ok
}
