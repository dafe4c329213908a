package gazetteer

import (
	"fmt"
	"io/fs"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/sarhad-osint/sarhad"
	"github.com/sarhad-osint/sarhad/gazetteer/internal/csvtab"
)

// Load builds a gazetteer from the tables in fsys, laid out like the embedded data folder:
// provinces.csv, divisions.csv, districts.csv, tehsils.csv, towns.csv, crossings.csv
// (generated) and historical.csv, aliases.csv, localities.csv (hand-written).
func Load(fsys fs.FS) (*Gazetteer, error) {
	l := &loader{fsys: fsys, g: &Gazetteer{byID: map[string]int32{}, provNode: map[string]int32{}, distByKey: map[string]int32{}}}
	for _, step := range []func() error{l.country, l.provinces, l.divisions, l.districts, l.historical, l.ancestors,
		l.tehsils, l.towns, l.localities, l.crossings, l.aliases, l.index} {
		if err := step(); err != nil {
			return nil, err
		}
	}
	l.g.grid = buildGrid(l.g)
	return l.g, nil
}

type loader struct {
	fsys fs.FS
	g    *Gazetteer
	// names collects the names of each node before indexing.
	names map[int32][]nameEntry
	// hist holds the historical units until their successors are known.
	hist []histUnit
}

type nameEntry struct {
	name       string
	historical bool
}

type histUnit struct {
	node                 int32
	successors, overlaps []string
}

type row map[string]string

func (l *loader) read(name string) ([]row, error) {
	f, err := l.fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rows, err := csvtab.Read(f, name)
	if err != nil {
		return nil, err
	}
	out := make([]row, len(rows))
	for i, r := range rows {
		out[i] = r
	}
	return out, nil
}

func list(s string) []string {
	if s == "" {
		return nil
	}
	var out []string
	for _, p := range strings.Split(s, ";") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func float(s string) float64 {
	f, _ := strconv.ParseFloat(s, 64)
	return f
}

// add appends a node and registers its id.
func (l *loader) add(n node, names ...nameEntry) (int32, error) {
	g := l.g
	if _, dup := g.byID[n.place.ID]; dup || n.place.ID == "" {
		return 0, fmt.Errorf("place id %q is empty or used twice", n.place.ID)
	}
	n.hasCoords = n.place.Lat != 0 || n.place.Lon != 0
	n.key = Key(n.place.Name)
	i := int32(len(g.nodes))
	g.nodes = append(g.nodes, n)
	g.byID[n.place.ID] = i
	if l.names == nil {
		l.names = map[int32][]nameEntry{}
	}
	l.names[i] = append([]nameEntry{{name: n.place.Name}}, names...)
	return i, nil
}

func names(aliases []string, historical bool) []nameEntry {
	out := make([]nameEntry, len(aliases))
	for i, a := range aliases {
		out[i] = nameEntry{a, historical}
	}
	return out
}

func (l *loader) node(id, what string) (int32, error) {
	i, ok := l.g.byID[id]
	if !ok {
		return 0, fmt.Errorf("%s: unknown place id %q", what, id)
	}
	return i, nil
}

// country adds Pakistan itself, the place of "somewhere in Pakistan".
func (l *loader) country() error {
	_, err := l.add(node{place: sarhad.Place{ID: countryID, Name: "Pakistan", Kind: sarhad.KindCountry, Precision: sarhad.GeoCountry},
		rank: rankCountry, dist: -1, prov: -1}, names([]string{"Islamic Republic of Pakistan", "Pakistan (country)"}, false)...)
	return err
}

func (l *loader) provinces() error {
	rows, err := l.read("provinces.csv")
	if err != nil {
		return err
	}
	g := l.g
	for _, r := range rows {
		if !slices.Contains(sarhad.Provinces, r["name"]) {
			return fmt.Errorf("provinces.csv: %q is not a canonical province", r["name"])
		}
		p := Province{ID: r["id"], Name: r["name"], Kind: r["kind"], ISO3166: r["iso3166_2"], GeoNamesAdmin1: r["geonames_admin1"],
			Capital: r["capital"], Lat: float(r["lat"]), Lon: float(r["lon"]), Aliases: list(r["aliases"]), HistoricalNames: list(r["historical_names"])}
		i, err := l.add(node{place: sarhad.Place{ID: p.ID, Name: p.Name, Kind: sarhad.KindProvince, Province: p.Name, Lat: p.Lat, Lon: p.Lon,
			Precision: sarhad.GeoProvince}, rank: rankProvince, dist: -1},
			append(names(p.Aliases, false), names(p.HistoricalNames, true)...)...)
		if err != nil {
			return err
		}
		g.nodes[i].prov = i
		g.provNode[p.Name] = i
		g.provinces = append(g.provinces, p)
	}
	if len(g.provinces) != len(sarhad.Provinces) {
		return fmt.Errorf("provinces.csv: %d provinces, want %d", len(g.provinces), len(sarhad.Provinces))
	}
	sort.Slice(g.provinces, func(i, j int) bool {
		return slices.Index(sarhad.Provinces, g.provinces[i].Name) < slices.Index(sarhad.Provinces, g.provinces[j].Name)
	})
	return nil
}

func (l *loader) divisions() error {
	rows, err := l.read("divisions.csv")
	if err != nil {
		return err
	}
	g := l.g
	for _, r := range rows {
		p, err := l.node(r["province_id"], "divisions.csv")
		if err != nil {
			return err
		}
		d := Division{ID: r["id"], Name: r["name"], ProvinceID: r["province_id"], Districts: list(r["districts"])}
		pp := g.nodes[p].place
		if _, err := l.add(node{place: sarhad.Place{ID: d.ID, Name: d.Name, Kind: sarhad.KindDivision, Province: pp.Province,
			Precision: sarhad.GeoProvince}, rank: rankGroup, dist: -1, prov: p, anc: []int32{p}},
			nameEntry{name: d.Name + " Division"}); err != nil {
			return err
		}
		g.divisions = append(g.divisions, d)
	}
	return nil
}

func (l *loader) districts() error {
	rows, err := l.read("districts.csv")
	if err != nil {
		return err
	}
	g := l.g
	for _, r := range rows {
		p, err := l.node(r["province_id"], "districts.csv "+r["id"])
		if err != nil {
			return err
		}
		d := District{ID: r["id"], Name: r["name"], Province: g.nodes[p].place.Name, ProvinceID: r["province_id"], DivisionID: r["division_id"],
			Status: r["status"], Parent: r["parent_id"], Members: list(r["members"]), FormerFATA: r["former_fata"] == "true",
			FormedFrom: list(r["formed_from"]), HQ: r["hq"], Lat: float(r["lat"]), Lon: float(r["lon"]), CoordQuality: r["coord_quality"],
			ErrorKm: float(r["est_error_km"]), GeoNamesAdmin2: list(r["geonames_admin2"]), Aliases: list(r["aliases"]),
			HistoricalNames: list(r["historical_names"]), Unverified: r["unverified"] == "true", Note: r["note"]}
		rank := int8(rankDistrict)
		switch d.Status {
		case StatusPost2023:
			rank = rankChild
		case StatusPseudo:
			rank = rankPseudo
		case StatusCensus2023:
		default:
			return fmt.Errorf("districts.csv %s: unknown status %q", d.ID, d.Status)
		}
		pl := sarhad.Place{ID: d.ID, Name: d.Name, Kind: sarhad.KindDistrict, Province: d.Province, District: d.Name, Precision: sarhad.GeoDistrict}
		if d.CoordQuality != "parent-hq" { // a parent's HQ may lie outside the unit: no point
			pl.Lat, pl.Lon = d.Lat, d.Lon
		}
		i, err := l.add(node{place: pl, rank: rank, prov: p, unverified: d.Unverified},
			append(names(d.Aliases, false), names(d.HistoricalNames, true)...)...)
		if err != nil {
			return err
		}
		g.nodes[i].dist = i
		g.distByKey[Key(d.Name)] = i
		g.distByKey[Key(d.ID)] = i
		g.districts = append(g.districts, d)
	}
	sort.Slice(g.districts, func(i, j int) bool { return g.districts[i].ID < g.districts[j].ID })
	for i := range g.districts {
		d := &g.districts[i]
		if d.Parent != "" {
			pi, err := l.node(d.Parent, "districts.csv parent of "+d.ID)
			if err != nil {
				return err
			}
			pd := &g.districts[g.districtIndex(pi)]
			pd.Children = append(pd.Children, d.ID)
		}
	}
	return nil
}

func (l *loader) historical() error {
	rows, err := l.read("historical.csv")
	if err != nil {
		return err
	}
	g := l.g
	for _, r := range rows {
		p, err := l.node(r["province_id"], "historical.csv "+r["id"])
		if err != nil {
			return err
		}
		kind, rank := sarhad.KindDivision, int8(rankGroup)
		if r["kind"] == string(sarhad.KindProvince) {
			kind, rank = sarhad.KindProvince, rankProvince
		}
		hn := list(r["historical_names"])
		nameHist := slices.ContainsFunc(hn, func(s string) bool { return Key(s) == Key(r["name"]) })
		pp := g.nodes[p].place
		i, err := l.add(node{place: sarhad.Place{ID: r["id"], Name: r["name"], Kind: kind, Province: pp.Province,
			Precision: sarhad.GeoProvince}, rank: rank, dist: -1, prov: p, anc: []int32{p}},
			append(names(list(r["aliases"]), false), names(hn, true)...)...)
		if err != nil {
			return err
		}
		if nameHist {
			l.names[i][0].historical = true
		}
		l.hist = append(l.hist, histUnit{node: i, successors: list(r["successors"]), overlaps: list(r["overlaps"])})
	}
	return nil
}

// ancestors fills the containers of every division, district and historical unit.
func (l *loader) ancestors() error {
	g := l.g
	extra := map[int32][]int32{} // district → historical units and pseudo-districts holding it
	for _, h := range l.hist {
		for _, s := range h.successors {
			si, err := l.node(s, "historical.csv successor")
			if err != nil {
				return err
			}
			extra[si] = append(extra[si], h.node)
		}
		for _, o := range h.overlaps {
			oi, err := l.node(o, "historical.csv overlap")
			if err != nil {
				return err
			}
			g.nodes[h.node].overlaps = append(g.nodes[h.node].overlaps, oi)
		}
	}
	for _, d := range g.districts {
		di := g.byID[d.ID]
		for _, m := range d.Members {
			mi, err := l.node(m, "districts.csv member of "+d.ID)
			if err != nil {
				return err
			}
			extra[mi] = append(extra[mi], di)
		}
		for _, f := range d.FormedFrom {
			fi, err := l.node(f, "districts.csv formed_from of "+d.ID)
			if err != nil {
				return err
			}
			g.nodes[di].formedFrom = append(g.nodes[di].formedFrom, fi)
		}
	}
	var walk func(id string) ([]int32, error)
	done := map[string][]int32{}
	walk = func(id string) ([]int32, error) {
		if a, ok := done[id]; ok {
			return a, nil
		}
		d := g.districts[g.districtIndex(g.byID[id])]
		di := g.byID[id]
		var anc []int32
		if d.Parent != "" {
			pa, err := walk(d.Parent)
			if err != nil {
				return nil, err
			}
			anc = append(anc, g.byID[d.Parent])
			anc = append(anc, pa...)
		}
		if d.DivisionID != "" {
			dv, err := l.node(d.DivisionID, "districts.csv division of "+id)
			if err != nil {
				return nil, err
			}
			anc = append(anc, dv)
		}
		anc = append(anc, g.nodes[di].prov)
		for _, x := range extra[di] {
			anc = append(anc, x)
			if g.nodes[x].place.Kind == sarhad.KindDistrict {
				xa, err := walk(g.nodes[x].place.ID)
				if err != nil {
					return nil, err
				}
				anc = append(anc, xa...)
			} else {
				anc = append(anc, g.nodes[x].anc...)
			}
		}
		anc = l.sortAnc(anc)
		done[id] = anc
		return anc, nil
	}
	for _, d := range g.districts {
		anc, err := walk(d.ID)
		if err != nil {
			return err
		}
		g.nodes[g.byID[d.ID]].anc = anc
	}
	return nil
}

// sortAnc removes duplicates and orders containers from fine to coarse.
func (l *loader) sortAnc(anc []int32) []int32 {
	slices.Sort(anc)
	anc = slices.Compact(anc)
	sort.SliceStable(anc, func(i, j int) bool { return l.g.nodes[anc[i]].rank < l.g.nodes[anc[j]].rank })
	return anc
}

// inDistrict returns a node template for a place inside district id.
func (l *loader) inDistrict(id, what string) (node, error) {
	di, err := l.node(id, what)
	if err != nil {
		return node{}, err
	}
	dn := l.g.nodes[di]
	if dn.place.Kind != sarhad.KindDistrict {
		return node{}, fmt.Errorf("%s: %q is not a district", what, id)
	}
	return node{place: sarhad.Place{Province: dn.place.Province, District: dn.place.District}, dist: di, prov: dn.prov,
		anc: append([]int32{di}, dn.anc...)}, nil
}

func (l *loader) tehsils() error {
	rows, err := l.read("tehsils.csv")
	if err != nil {
		return err
	}
	g := l.g
	fata, err := l.node(fataID, "tehsils.csv")
	if err != nil {
		return err
	}
	for _, r := range rows {
		n, err := l.inDistrict(r["district_id"], "tehsils.csv "+r["id"])
		if err != nil {
			return err
		}
		t := Tehsil{ID: r["id"], Name: r["name"], Aliases: list(r["aliases"]), DistrictID: r["district_id"], District: n.place.District,
			Province: n.place.Province, Lat: float(r["lat"]), Lon: float(r["lon"]), Historical: r["historical"] == "true"}
		n.place.ID, n.place.Name, n.place.Kind, n.place.Precision = t.ID, t.Name, sarhad.KindTehsil, sarhad.GeoTehsil
		n.place.Lat, n.place.Lon = t.Lat, t.Lon
		n.rank = rankTehsil
		n.tehsilOfSameName = Key(t.Name) == Key(n.place.District) || Key(t.Name) == Key(n.place.District)+" city"
		if t.Historical {
			n.anc = l.sortAnc(append(n.anc, fata))
		}
		ns := names(t.Aliases, false)
		for j := range ns {
			// "FR Lakki" is a former name; "Bettani", its sub-division today, is not.
			ns[j].historical = t.Historical && strings.HasPrefix(Key(ns[j].name), "fr ")
		}
		i, err := l.add(n, ns...)
		if err != nil {
			return err
		}
		l.names[i][0].historical = t.Historical
		g.tehsils = append(g.tehsils, t)
	}
	return nil
}

func (l *loader) towns() error {
	rows, err := l.read("towns.csv")
	if err != nil {
		return err
	}
	for _, r := range rows {
		n, err := l.inDistrict(r["district_id"], "towns.csv "+r["id"])
		if err != nil {
			return err
		}
		t := Town{ID: r["id"], Name: r["name"], Aliases: list(r["aliases"]), DistrictID: r["district_id"], District: n.place.District,
			Province: n.place.Province, Lat: float(r["lat"]), Lon: float(r["lon"]), HasCoords: true, Source: "geonames",
			Assignment: r["assignment"], Precision: sarhad.GeoTown}
		if err := l.addTown(n, t); err != nil {
			return err
		}
	}
	return nil
}

func (l *loader) addTown(n node, t Town) error {
	n.place.ID, n.place.Name, n.place.Kind, n.place.Precision = t.ID, t.Name, sarhad.KindTown, t.Precision
	n.place.Lat, n.place.Lon = t.Lat, t.Lon
	n.rank = rankTown
	if _, err := l.add(n, names(t.Aliases, false)...); err != nil {
		return err
	}
	l.g.towns = append(l.g.towns, t)
	return nil
}

func (l *loader) localities() error {
	rows, err := l.read("localities.csv")
	if err != nil {
		return err
	}
	for _, r := range rows {
		id := "locality:" + Slug(r["name"])
		n, err := l.inDistrict(r["district_id"], "localities.csv "+r["name"])
		if err != nil {
			return err
		}
		prec := sarhad.GeoTown
		switch r["precision"] {
		case "", "town":
		case "tehsil":
			prec = sarhad.GeoTehsil
		default:
			return fmt.Errorf("localities.csv %s: precision %q is not town or tehsil", r["name"], r["precision"])
		}
		if _, dup := l.g.byID[id]; dup {
			id += "-" + strings.ReplaceAll(r["district_id"][strings.IndexByte(r["district_id"], '_')+1:], "_", "-")
		}
		t := Town{ID: id, Name: r["name"], Aliases: list(r["aliases"]), DistrictID: r["district_id"], District: n.place.District,
			Province: n.place.Province, Source: "manual", Assignment: "manual", Precision: prec}
		if err := l.addTown(n, t); err != nil {
			return err
		}
	}
	sort.Slice(l.g.towns, func(i, j int) bool { return l.g.towns[i].ID < l.g.towns[j].ID })
	return nil
}

func (l *loader) crossings() error {
	rows, err := l.read("crossings.csv")
	if err != nil {
		return err
	}
	for _, r := range rows {
		n, err := l.inDistrict(r["district_id"], "crossings.csv "+r["id"])
		if err != nil {
			return err
		}
		c := Crossing{ID: r["id"], Name: r["name"], AltNames: list(r["alt_names"]), Border: r["border"], DistrictID: r["district_id"],
			District: n.place.District, Province: n.place.Province, OtherSide: r["other_side"], Lat: float(r["lat"]), Lon: float(r["lon"]),
			CoordQuality: r["coord_quality"], ErrorKm: float(r["est_error_km"]), StatusNote: r["status_note"], Source: r["source"]}
		c.HasCoords = c.Lat != 0 || c.Lon != 0
		n.place.ID, n.place.Name, n.place.Kind, n.place.Precision = c.ID, c.Name, sarhad.KindCrossing, sarhad.GeoTown
		n.place.Lat, n.place.Lon = c.Lat, c.Lon
		n.rank = rankCrossing
		if _, err := l.add(n, names(c.AltNames, false)...); err != nil {
			return err
		}
		l.g.crossings = append(l.g.crossings, c)
	}
	return nil
}

func (l *loader) aliases() error {
	rows, err := l.read("aliases.csv")
	if err != nil {
		return err
	}
	for _, r := range rows {
		i, err := l.node(r["target_id"], "aliases.csv "+r["alias"])
		if err != nil {
			return err
		}
		l.names[i] = append(l.names[i], nameEntry{name: r["alias"], historical: r["historical"] == "true"})
	}
	return nil
}

// index builds the exact, loose and fuzzy name indexes.
func (l *loader) index() error {
	g := l.g
	g.exact = map[string][]hit{}
	for i := range g.nodes {
		for _, ne := range l.names[int32(i)] {
			k := Key(ne.name)
			if k == "" {
				continue
			}
			g.exact[k] = addHit(g.exact[k], hit{node: int32(i), historical: ne.historical})
		}
	}
	g.loose = map[string][]hit{}
	for k, hs := range g.exact {
		lk := looseKey(k)
		for _, h := range hs {
			g.loose[lk] = addHit(g.loose[lk], h)
		}
	}
	g.single = map[int32]int32{}
	count := map[int32]int{}
	for _, d := range g.districts {
		if n := g.byID[d.ID]; d.Status != StatusPseudo {
			count[g.nodes[n].prov]++
			g.single[g.nodes[n].prov] = n
		}
	}
	for p, c := range count {
		if c != 1 {
			delete(g.single, p)
		}
	}
	for lk, hs := range g.loose {
		if len(lk) >= minFuzzyLen {
			g.fuzzy[lk[0]] = append(g.fuzzy[lk[0]], fuzzyEntry{key: lk, hits: hs})
		}
	}
	for b := range g.fuzzy {
		sort.Slice(g.fuzzy[b], func(i, j int) bool { return g.fuzzy[b][i].key < g.fuzzy[b][j].key })
	}
	return nil
}

// addHit adds h to hs; a node reached by a current and a former name counts as current.
func addHit(hs []hit, h hit) []hit {
	for i := range hs {
		if hs[i].node == h.node {
			hs[i].historical = hs[i].historical && h.historical
			return hs
		}
	}
	return append(hs, h)
}
