package gazetteer

import (
	"encoding/csv"
	"encoding/json"
	"math"
	"math/rand/v2"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/sarhad-osint/sarhad"
	"github.com/sarhad-osint/sarhad/internal/shareddata"
)

// These tests check the shipped gazetteer against the shared reference folder, including
// the geometry-derived tables that may be used to test but never shipped. They skip when
// ../shared is absent.

func readSharedCSV(t *testing.T, rel string) []map[string]string {
	t.Helper()
	f, err := os.Open(shareddata.Path(t, rel))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", rel, err)
	}
	var rows []map[string]string
	for _, rec := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = rec[i]
		}
		rows = append(rows, m)
	}
	return rows
}

// provinceOfSharedID maps the shared province ids to canonical names.
func provinceOfSharedID(g *Gazetteer, id string) string {
	if p, ok := g.Place(id); ok {
		return p.Province
	}
	return ""
}

// TestSharedAliases resolves every alias of the shared alias table and checks that it lands
// on the unit the table names (or, for a city name, on a place inside it). Run with -v for
// the figure and the failures.
func TestSharedAliases(t *testing.T) {
	g := Default()
	rows := readSharedCSV(t, "gazetteer/pak_admin_aliases.csv")
	// Deliberate departures from the shared table, each with its reason.
	deliberate := map[string]string{
		"PaK": `folds to "pak", which texts use for Pakistan`,
	}
	ok, fail := 0, []string{}
	for _, r := range rows {
		alias, target := r["alias"], r["target_id"]
		if why, skip := deliberate[alias]; skip {
			t.Logf("not resolved on purpose: %q (%s)", alias, why)
			fail = append(fail, alias+" (deliberate)")
			continue
		}
		p, found := g.ResolvePlace(alias)
		good := false
		if found {
			switch r["level"] {
			case "adm1":
				good = p.Province == provinceOfSharedID(g, target)
			case "region":
				fata, _ := g.Place(fataID)
				good = g.Contains(fata, p) || p.ID == fataID
			default: // adm2, adm2-post2023, division
				tp, known := g.Place(target)
				good = known && (g.Contains(tp, p) || r["ambiguous"] == "True" && g.Contains(p, tp))
			}
		}
		if good {
			ok++
			continue
		}
		fail = append(fail, alias+" → "+p.ID+" (want "+target+")")
	}
	share := 100 * float64(ok) / float64(len(rows))
	t.Logf("shared aliases: %d of %d resolve to their unit (%.1f%%); failures:\n  %s", ok, len(rows), share, strings.Join(fail, "\n  "))
	if share < 98 {
		t.Errorf("only %.1f%% of the shared aliases resolve to their unit, want ≥ 98%%", share)
	}
}

// agreesWith reports whether our district id matches the shared point-in-polygon district:
// the same, or a post-2023 child of it, or the Karachi pseudo-district holding it.
func agreesWith(g *Gazetteer, ours, theirs string) (exact, compatible bool) {
	if ours == theirs {
		return true, true
	}
	o, ok1 := g.Place(ours)
	th, ok2 := g.Place(theirs)
	return false, ok1 && ok2 && (g.Contains(th, o) || g.Contains(o, th))
}

// TestTownDistrictAgreement compares, for the 570 GeoNames towns of the shared table, our
// town→district mapping (GeoNames admin-2 crosswalk + overrides) and our NearestPlace
// district with the shared point-in-polygon district. The nearest-place figure is
// leave-one-out: the town's own point is left out, else every town would find itself.
func TestTownDistrictAgreement(t *testing.T) {
	g := Default()
	rows := readSharedCSV(t, "gazetteer/pak_places_geonames.csv")
	byPoint := map[[2]float64]Town{}
	for _, tw := range g.Towns() {
		if tw.Source == "geonames" {
			byPoint[[2]float64{tw.Lat, tw.Lon}] = tw
		}
	}
	var n, mapExact, mapCompat, nearExact, nearCompat, missing int
	var mapFail, nearFail []string
	for _, r := range rows {
		lat, _ := strconv.ParseFloat(r["lat"], 64)
		lon, _ := strconv.ParseFloat(r["lon"], 64)
		tw, found := byPoint[[2]float64{lat, lon}]
		if !found {
			missing++ // a duplicate we dropped
			continue
		}
		n++
		e, c := agreesWith(g, tw.DistrictID, r["district_id"])
		if e {
			mapExact++
		}
		if c {
			mapCompat++
		} else {
			mapFail = append(mapFail, tw.Name+": "+tw.DistrictID+" ("+tw.Assignment+") vs "+r["district_id"])
		}
		d, _, ok := g.nearestDistrictExcluding(lat, lon, g.byID[tw.ID])
		if !ok {
			nearFail = append(nearFail, tw.Name+": none")
			continue
		}
		e, c = agreesWith(g, d.ID, r["district_id"])
		if e {
			nearExact++
		}
		if c {
			nearCompat++
		} else {
			nearFail = append(nearFail, tw.Name+": "+d.ID+" vs "+r["district_id"])
		}
	}
	sort.Strings(mapFail)
	t.Logf("town→district mapping vs point-in-polygon: %d towns (%d duplicates not shipped); same district %.1f%%, same or nested (post-2023 child, Karachi) %.1f%%; disagreements:\n  %s",
		n, missing, pct(mapExact, n), pct(mapCompat, n), strings.Join(mapFail, "\n  "))
	t.Logf("NearestPlace district (leave-one-out) vs point-in-polygon: same %.1f%%, same or nested %.1f%% (%d disagreements)",
		pct(nearExact, n), pct(nearCompat, n), len(nearFail))
	if pct(mapCompat, n) < 97 {
		t.Errorf("town→district agreement %.1f%%, want ≥ 97%%", pct(mapCompat, n))
	}
}

// TestNearestDistrictInsidePolygons samples points inside every district polygon of the
// shared geometry (test data only) and checks which district NearestPlace puts them in,
// and that no point of Pakistan is too far from every known point.
func TestNearestDistrictInsidePolygons(t *testing.T) {
	g := Default()
	b, err := os.ReadFile(shareddata.Path(t, "gazetteer/pak_adm2_districts.geojson"))
	if err != nil {
		t.Fatal(err)
	}
	var fc struct {
		Features []struct {
			Properties struct {
				ID string `json:"id"`
			} `json:"properties"`
			Geometry struct {
				Type        string          `json:"type"`
				Coordinates json.RawMessage `json:"coordinates"`
			} `json:"geometry"`
		} `json:"features"`
	}
	if err := json.Unmarshal(b, &fc); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	const perDistrict = 40
	var n, exact, compat, outOfReach int
	maxKm := 0.0
	perDist := map[string]int{}
	for _, f := range fc.Features {
		var polys [][][][2]float64
		switch f.Geometry.Type {
		case "Polygon":
			var p [][][2]float64
			if err := json.Unmarshal(f.Geometry.Coordinates, &p); err != nil {
				t.Fatal(err)
			}
			polys = append(polys, p)
		case "MultiPolygon":
			if err := json.Unmarshal(f.Geometry.Coordinates, &polys); err != nil {
				t.Fatal(err)
			}
		}
		minLon, minLat, maxLon, maxLat := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
		for _, p := range polys {
			for _, c := range p[0] {
				minLon, maxLon = math.Min(minLon, c[0]), math.Max(maxLon, c[0])
				minLat, maxLat = math.Min(minLat, c[1]), math.Max(maxLat, c[1])
			}
		}
		got := 0
		for tries := 0; got < perDistrict && tries < perDistrict*200; tries++ {
			lon := minLon + rng.Float64()*(maxLon-minLon)
			lat := minLat + rng.Float64()*(maxLat-minLat)
			if !inMultiPolygon(polys, lon, lat) {
				continue
			}
			got++
			n++
			d, km, ok := g.NearestDistrict(lat, lon)
			if !ok {
				outOfReach++
				continue
			}
			maxKm = math.Max(maxKm, km)
			e, c := agreesWith(g, d.ID, f.Properties.ID)
			if e {
				exact++
			}
			if c {
				compat++
				perDist[f.Properties.ID]++
			}
		}
	}
	var worst []string
	for _, f := range fc.Features {
		if c := perDist[f.Properties.ID]; c < perDistrict/2 {
			worst = append(worst, f.Properties.ID+" "+strconv.Itoa(100*c/perDistrict)+"%")
		}
	}
	t.Logf("%d random points inside the 156 district polygons: NearestPlace's district is the polygon's for %.1f%% (same or nested %.1f%%); farthest known point %.0f km; out of reach %d; districts below 50%%: %s",
		n, pct(exact, n), pct(compat, n), maxKm, outOfReach, strings.Join(worst, ", "))
	if outOfReach > 0 {
		t.Errorf("%d points inside Pakistan are farther than MaxNearestKm from every known point", outOfReach)
	}
}

// inMultiPolygon is an even-odd point-in-polygon test over polygons with holes.
func inMultiPolygon(polys [][][][2]float64, x, y float64) bool {
	for _, p := range polys {
		in := false
		for _, ring := range p {
			if inRing(ring, x, y) {
				in = !in
			}
		}
		if in {
			return true
		}
	}
	return false
}

func inRing(ring [][2]float64, x, y float64) bool {
	in := false
	for i, j := 0, len(ring)-1; i < len(ring); j, i = i, i+1 {
		xi, yi, xj, yj := ring[i][0], ring[i][1], ring[j][0], ring[j][1]
		if (yi > y) != (yj > y) && x < (xj-xi)*(y-yi)/(yj-yi)+xi {
			in = !in
		}
	}
	return in
}

// TestSharedDistrictRoster checks that every district of the shared roster and every
// post-2023 unit is shipped, under its shared id, name and province.
func TestSharedDistrictRoster(t *testing.T) {
	g := Default()
	for _, rel := range []string{"gazetteer/pak_districts.csv", "gazetteer/pak_districts_post2023.csv"} {
		for _, r := range readSharedCSV(t, rel) {
			d, ok := g.District(r["id"])
			if !ok {
				t.Errorf("%s: district %s missing", rel, r["id"])
				continue
			}
			want := r["province"]
			if want == "Azad Jammu & Kashmir" {
				want = sarhad.ProvinceAJK
			}
			if d.Name != r["name"] || d.Province != want {
				t.Errorf("%s: %s is %q in %q, want %q in %q", rel, r["id"], d.Name, d.Province, r["name"], want)
			}
		}
	}
}
