package gazetteer

import (
	"math"

	"github.com/sarhad-osint/sarhad"
)

// Nearest-place parameters.
const (
	// TownRadiusKm is how close a point must be to a town's GeoNames point for NearestPlace to
	// answer with the town (town precision). 10 km covers the built-up area of all but the
	// largest cities without reaching the next town in most districts.
	TownRadiusKm = 10
	// MaxNearestKm is how far the nearest known point (town or district HQ) may be: a point
	// farther from all of them is not treated as in Pakistan. The emptiest parts of Chagai and
	// Kharan are up to about 120 km from a known point.
	MaxNearestKm = 150
)

// The bounding area of Pakistan (with AJK and Gilgit-Baltistan) used by NearestPlace.
const (
	MinLat, MaxLat = 23.5, 37.2
	MinLon, MaxLon = 60.8, 77.9
)

// InPakistanBox reports whether a point lies in Pakistan's bounding area. It is a box:
// points of Afghanistan, Iran and India near the border are inside it.
func InPakistanBox(lat, lon float64) bool {
	return lat >= MinLat && lat <= MaxLat && lon >= MinLon && lon <= MaxLon
}

const cellDeg = 0.25

// grid is a uniform grid over the bounding area holding the points of the towns (GeoNames
// points) and of the district HQs, in compressed rows: the points of cell c are
// pts[start[c]:start[c+1]].
type grid struct {
	rows, cols int
	start      []int32
	pts        []gridPt
}

type gridPt struct {
	lat, lon float64
	node     int32 // the town, or the district of an HQ point
	dist     int32 // the district the point lies in
	town     bool
}

func buildGrid(g *Gazetteer) grid {
	gr := grid{rows: int(math.Ceil((MaxLat - MinLat) / cellDeg)), cols: int(math.Ceil((MaxLon - MinLon) / cellDeg))}
	var pts []gridPt
	for i := range g.nodes {
		n := &g.nodes[i]
		if !n.hasCoords || !InPakistanBox(n.place.Lat, n.place.Lon) {
			continue
		}
		switch {
		case n.place.Kind == sarhad.KindTown:
			pts = append(pts, gridPt{lat: n.place.Lat, lon: n.place.Lon, node: int32(i), dist: n.dist, town: true})
		case n.place.Kind == sarhad.KindDistrict && n.rank != rankPseudo:
			d := g.districts[g.districtIndex(int32(i))]
			if d.CoordQuality == "parent-hq" {
				continue
			}
			pts = append(pts, gridPt{lat: n.place.Lat, lon: n.place.Lon, node: int32(i), dist: int32(i)})
		}
	}
	counts := make([]int32, gr.rows*gr.cols+1)
	for _, p := range pts {
		counts[gr.cell(p.lat, p.lon)+1]++
	}
	for c := 1; c < len(counts); c++ {
		counts[c] += counts[c-1]
	}
	gr.start = counts
	gr.pts = make([]gridPt, len(pts))
	fill := make([]int32, gr.rows*gr.cols)
	for _, p := range pts {
		c := gr.cell(p.lat, p.lon)
		gr.pts[gr.start[c]+fill[c]] = p
		fill[c]++
	}
	return gr
}

func (gr *grid) rowCol(lat, lon float64) (int, int) {
	r := int((lat - MinLat) / cellDeg)
	c := int((lon - MinLon) / cellDeg)
	return min(max(r, 0), gr.rows-1), min(max(c, 0), gr.cols-1)
}

func (gr *grid) cell(lat, lon float64) int {
	r, c := gr.rowCol(lat, lon)
	return r*gr.cols + c
}

// nearest finds the nearest point of any kind and the nearest town point within townDeg
// (in equirectangular degrees, longitudes scaled by cos(lat)), ignoring the point of node
// skip (-1: none); -1 when none.
func (gr *grid) nearest(lat, lon, maxDeg, townDeg float64, skip int32) (all, town int) {
	all, town = -1, -1
	bestAll, bestTown := maxDeg*maxDeg, townDeg*townDeg
	k := math.Cos(lat * math.Pi / 180)
	r0, c0 := gr.rowCol(lat, lon)
	maxRing := int(maxDeg/(cellDeg*k)) + 2
	for ring := 0; ring <= maxRing; ring++ {
		// Points outside the rings searched so far are at least (ring-1) cells away.
		if ring > 0 {
			bound := float64(ring-1) * cellDeg * k
			if b2 := bound * bound; b2 > bestAll && b2 > bestTown {
				break
			}
		}
		for r := r0 - ring; r <= r0+ring; r++ {
			if r < 0 || r >= gr.rows {
				continue
			}
			step := 2 * ring // inner rows of the ring: only its two edge cells
			if r == r0-ring || r == r0+ring || ring == 0 {
				step = 1
			}
			for c := c0 - ring; c <= c0+ring; c += step {
				if c < 0 || c >= gr.cols {
					continue
				}
				cell := r*gr.cols + c
				for i := gr.start[cell]; i < gr.start[cell+1]; i++ {
					p := &gr.pts[i]
					if p.node == skip {
						continue
					}
					dy, dx := p.lat-lat, (p.lon-lon)*k
					d2 := dy*dy + dx*dx
					if d2 < bestAll {
						bestAll, all = d2, int(i)
					}
					if p.town && d2 < bestTown {
						bestTown, town = d2, int(i)
					}
				}
			}
		}
	}
	return all, town
}

// kmPerDeg is the length of a degree of latitude.
const kmPerDeg = 111.195

// NearestPlace resolves coordinates to a place: the nearest town (town precision) when its
// GeoNames point is within TownRadiusKm, otherwise the district of the nearest known point
// (a town or a district HQ), at district precision, with the district HQ's point. Without
// polygons the district is a nearest-neighbour estimate, wrong near district boundaries. It
// returns false for invalid coordinates, outside Pakistan's bounding area, and farther than
// MaxNearestKm from every known point.
func (g *Gazetteer) NearestPlace(lat, lon float64) (sarhad.Place, bool) {
	if !InPakistanBox(lat, lon) { // also false for NaN
		return sarhad.Place{}, false
	}
	all, town := g.grid.nearest(lat, lon, MaxNearestKm/kmPerDeg, TownRadiusKm/kmPerDeg, -1)
	if town >= 0 {
		p := &g.grid.pts[town]
		if sarhad.DistanceKm(lat, lon, p.lat, p.lon) <= TownRadiusKm {
			return g.nodes[p.node].place, true
		}
	}
	if all < 0 {
		return sarhad.Place{}, false
	}
	p := &g.grid.pts[all]
	if sarhad.DistanceKm(lat, lon, p.lat, p.lon) > MaxNearestKm {
		return sarhad.Place{}, false
	}
	return g.nodes[p.dist].place, true
}

// NearestDistrict returns the district that NearestPlace places a point in, and the
// distance in km to the nearest known point it was judged by.
func (g *Gazetteer) NearestDistrict(lat, lon float64) (sarhad.Place, float64, bool) {
	return g.nearestDistrictExcluding(lat, lon, -1)
}

func (g *Gazetteer) nearestDistrictExcluding(lat, lon float64, skip int32) (sarhad.Place, float64, bool) {
	if !InPakistanBox(lat, lon) {
		return sarhad.Place{}, 0, false
	}
	all, _ := g.grid.nearest(lat, lon, MaxNearestKm/kmPerDeg, 0, skip)
	if all < 0 {
		return sarhad.Place{}, 0, false
	}
	p := &g.grid.pts[all]
	km := sarhad.DistanceKm(lat, lon, p.lat, p.lon)
	if km > MaxNearestKm {
		return sarhad.Place{}, 0, false
	}
	return g.nodes[p.dist].place, km, true
}
