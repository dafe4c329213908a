package gazetteer

import (
	"github.com/sarhad-osint/sarhad"
)

// nodeOf finds the node of a place: by ID, else by its district, else by its province.
func (g *Gazetteer) nodeOf(p sarhad.Place) (int32, bool) {
	if i, ok := g.byID[p.ID]; ok {
		return i, true
	}
	if p.District != "" {
		if i, ok := g.districtNode(p.District); ok {
			return i, true
		}
	}
	if p.Province != "" {
		if i, ok := g.provNode[p.Province]; ok {
			return i, true
		}
	}
	return 0, false
}

// Contains reports whether place outer contains place inner (or is it): a province contains
// its divisions, districts, tehsils, towns and crossings; a district its post-2023 children;
// the Karachi pseudo-district its seven districts; FATA its seven merged districts; a
// historical unit (Kohistan, Dir, Hunza-Nagar) its successors. Places are matched by ID, or
// by district then province name when the ID is empty. A report naming only a province is
// thus compatible with every district in it.
func (g *Gazetteer) Contains(outer, inner sarhad.Place) bool {
	o, ok1 := g.nodeOf(outer)
	i, ok2 := g.nodeOf(inner)
	return ok1 && ok2 && g.contains(o, i)
}

// Compatible reports whether two places may be where the same event happened: one contains
// the other, or they lie in districts of which one contains the other (Karachi city and a
// neighbourhood of Karachi West), or one is a historical unit that took in part of the other's district (FATA and
// the districts that absorbed the Frontier Regions), or one district was carved out of the
// other (an older source files a place of Duki under Loralai).
func (g *Gazetteer) Compatible(a, b sarhad.Place) bool {
	x, ok1 := g.nodeOf(a)
	y, ok2 := g.nodeOf(b)
	if !ok1 || !ok2 {
		return false
	}
	if g.contains(x, y) || g.contains(y, x) || g.overlaps(x, y) || g.overlaps(y, x) {
		return true
	}
	// Places in nested districts (Karachi city in the Karachi pseudo-district, a town of
	// Karachi West), or in a district and one carved out of it.
	dx, dy := g.nodes[x].dist, g.nodes[y].dist
	return dx >= 0 && dy >= 0 && (g.contains(dx, dy) || g.contains(dy, dx) || g.carvedFrom(dx, dy) || g.carvedFrom(dy, dx))
}

// PlaceOf returns the finest place a location names: its PlaceID, else its district, else
// its province.
func (g *Gazetteer) PlaceOf(l sarhad.Location) (sarhad.Place, bool) {
	i, ok := g.nodeOf(sarhad.Place{ID: l.PlaceID, District: l.District, Province: l.Province})
	if !ok {
		return sarhad.Place{}, false
	}
	return g.nodes[i].place, true
}

// LocationsCompatible reports whether two locations may be the same place (see Compatible);
// a location that names nothing the gazetteer knows is compatible with none.
func (g *Gazetteer) LocationsCompatible(a, b sarhad.Location) bool {
	pa, ok1 := g.PlaceOf(a)
	pb, ok2 := g.PlaceOf(b)
	return ok1 && ok2 && g.Compatible(pa, pb)
}

// Point returns a representative point of a location: its own coordinates, else the point
// of its place (town, tehsil, crossing), else its district's HQ, else its province's
// capital; false when it has none.
func (g *Gazetteer) Point(l sarhad.Location) (lat, lon float64, ok bool) {
	if l.HasCoords() {
		return l.Lat, l.Lon, true
	}
	i, found := g.nodeOf(sarhad.Place{ID: l.PlaceID, District: l.District, Province: l.Province})
	if !found {
		return 0, 0, false
	}
	for _, n := range append([]int32{i}, g.nodes[i].anc...) {
		if nd := &g.nodes[n]; nd.hasCoords {
			return nd.place.Lat, nd.place.Lon, true
		}
	}
	return 0, 0, false
}

// DistanceKm returns the great-circle distance in km between the representative points of
// two locations (see Point); false when either has none. Mind the precisions: two
// district-level locations are compared by their HQs.
func (g *Gazetteer) DistanceKm(a, b sarhad.Location) (float64, bool) {
	alat, alon, ok1 := g.Point(a)
	blat, blon, ok2 := g.Point(b)
	if !ok1 || !ok2 {
		return 0, false
	}
	return sarhad.DistanceKm(alat, alon, blat, blon), true
}

// PlaceDistanceKm returns the distance in km between the points of two places; false when
// either has no point.
func PlaceDistanceKm(a, b sarhad.Place) (float64, bool) {
	if a.Lat == 0 && a.Lon == 0 || b.Lat == 0 && b.Lon == 0 {
		return 0, false
	}
	return sarhad.DistanceKm(a.Lat, a.Lon, b.Lat, b.Lon), true
}
