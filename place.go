package sarhad

import "math"

// GeoPrecision says how exactly a location is known, from a point to the country.
type GeoPrecision string

// Geo precisions, from most to least precise.
const (
	GeoExact    GeoPrecision = "exact"    // coordinates of the site itself
	GeoTown     GeoPrecision = "town"     // a town or village
	GeoTehsil   GeoPrecision = "tehsil"   // a tehsil / sub-division
	GeoDistrict GeoPrecision = "district" // somewhere in a district
	GeoProvince GeoPrecision = "province" // somewhere in a province
	GeoCountry  GeoPrecision = "country"  // somewhere in Pakistan
	GeoUnknown  GeoPrecision = ""
)

// Rank orders precisions: exact=0 … country=5, unknown=6.
func (p GeoPrecision) Rank() int {
	switch p {
	case GeoExact:
		return 0
	case GeoTown:
		return 1
	case GeoTehsil:
		return 2
	case GeoDistrict:
		return 3
	case GeoProvince:
		return 4
	case GeoCountry:
		return 5
	}
	return 6
}

// ParseGeoPrecision parses a precision name ("city" and "village" read as town).
func ParseGeoPrecision(s string) (GeoPrecision, bool) {
	switch foldKey(s) {
	case "":
		return GeoUnknown, true
	case "exact", "point", "site":
		return GeoExact, true
	case "town", "city", "village", "locality":
		return GeoTown, true
	case "tehsil", "subdistrict", "sub district":
		return GeoTehsil, true
	case "district", "agency":
		return GeoDistrict, true
	case "province", "region":
		return GeoProvince, true
	case "country", "national":
		return GeoCountry, true
	}
	return GeoUnknown, false
}

// Canonical province and territory names (INTERCHANGE.md).
const (
	ProvinceKP          = "Khyber Pakhtunkhwa"
	ProvinceBalochistan = "Balochistan"
	ProvincePunjab      = "Punjab"
	ProvinceSindh       = "Sindh"
	ProvinceICT         = "Islamabad Capital Territory"
	ProvinceGB          = "Gilgit-Baltistan"
	ProvinceAJK         = "Azad Jammu and Kashmir"
)

// Provinces lists the canonical provinces and territories.
var Provinces = []string{ProvinceKP, ProvinceBalochistan, ProvincePunjab, ProvinceSindh, ProvinceICT, ProvinceGB, ProvinceAJK}

// PlaceKind is the kind of a gazetteer entry.
type PlaceKind string

// Place kinds.
const (
	KindCountry  PlaceKind = "country"
	KindProvince PlaceKind = "province"
	KindDivision PlaceKind = "division"
	KindDistrict PlaceKind = "district"
	KindTehsil   PlaceKind = "tehsil"
	KindTown     PlaceKind = "town"
	KindCrossing PlaceKind = "crossing"
)

// Place is one gazetteer entry: a province, district, tehsil, town or border crossing with
// the canonical names of the units that contain it.
type Place struct {
	// ID is stable: "PK" for the country, "PK-KP" for provinces, "PK-KP-FATA" and
	// "kp_hist_<slug>" for historical regions, "kp_peshawar" for districts ("sd_karachi" is the
	// Karachi pseudo-district), "town:<slug>", "locality:<slug>", "tehsil:<slug>",
	// "crossing:<slug>"; divisions use the gazetteer's division ids.
	ID       string
	Name     string
	Kind     PlaceKind
	Province string // canonical province name; "" for the country
	District string // canonical current district name; "" above district level
	Lat, Lon float64
	// Precision is what resolving to this place tells about where an event happened.
	Precision GeoPrecision
	// Historical is true when the name that resolved was a former name (NWFP, FATA agency).
	Historical bool
}

// Location is where a report or event says something happened, resolved to canonical names.
type Location struct {
	Province string  `json:"province,omitempty"`
	District string  `json:"district,omitempty"`
	Place    string  `json:"place,omitempty"` // locality as given: town, road, installation
	Lat      float64 `json:"lat,omitempty"`
	Lon      float64 `json:"lon,omitempty"`
	// Precision is the finest level the location is known at.
	Precision GeoPrecision `json:"geo_precision,omitempty"`
	// PlaceID is the gazetteer id of the finest unit resolved ("" when none).
	PlaceID string `json:"place_id,omitempty"`
}

// HasCoords reports whether the location carries coordinates (Pakistan is never at 0,0).
func (l Location) HasCoords() bool { return l.Lat != 0 || l.Lon != 0 }

// PlaceQuery is what an importer or extractor knows about a location, as written: any field
// may be empty or misspelt. A PlaceResolver turns it into a Location.
type PlaceQuery struct {
	Province, District, Locality string
	Lat, Lon                     float64
	// Precision is a precision the source itself states for the coordinates, if any.
	Precision GeoPrecision
}

// PlaceResolver resolves free-text names and coordinates to canonical places. The gazetteer
// package implements it.
type PlaceResolver interface {
	// ResolvePlace resolves one free-text name ("D.I. Khan", "NWFP", "Mir Ali") to a place.
	ResolvePlace(name string) (Place, bool)
	// NearestPlace resolves coordinates to the nearest district headquarters or finer place.
	NearestPlace(lat, lon float64) (Place, bool)
	// Locate combines everything a source says into the most precise consistent Location.
	Locate(q PlaceQuery) Location
}

// DistanceKm returns the great-circle distance between two points in kilometres.
func DistanceKm(lat1, lon1, lat2, lon2 float64) float64 {
	const r = 6371.0
	rad := math.Pi / 180
	dlat := (lat2 - lat1) * rad
	dlon := (lon2 - lon1) * rad
	a := math.Sin(dlat/2)*math.Sin(dlat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dlon/2)*math.Sin(dlon/2)
	return 2 * r * math.Asin(math.Min(1, math.Sqrt(a)))
}
