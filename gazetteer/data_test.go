package gazetteer

import (
	"slices"
	"sync"
	"testing"

	"github.com/sarhad-osint/sarhad"
)

// TestTables checks the embedded tables: what they must hold and that they agree.
func TestTables(t *testing.T) {
	g := Default()
	provs := g.Provinces()
	if len(provs) != 7 {
		t.Fatalf("%d provinces, want 7", len(provs))
	}
	for i, p := range provs {
		if p.Name != sarhad.Provinces[i] || p.Lat == 0 || p.Lon == 0 {
			t.Errorf("province %d = %q at %v,%v", i, p.Name, p.Lat, p.Lon)
		}
	}
	status := map[string]int{}
	perProv := map[string]int{}
	for _, d := range g.Districts() {
		status[d.Status]++
		if d.Status == StatusCensus2023 {
			perProv[d.Province]++
		}
		if !slices.Contains(sarhad.Provinces, d.Province) {
			t.Errorf("district %s in %q", d.ID, d.Province)
		}
		if d.Lat == 0 || d.Lon == 0 || d.CoordQuality == "" {
			t.Errorf("district %s has no HQ point", d.ID)
		}
		if d.Status == StatusPost2023 && d.Parent == "" {
			t.Errorf("post-2023 district %s has no parent", d.ID)
		}
		if _, ok := g.ResolvePlace(d.Name); !ok {
			t.Errorf("district %s: its name %q does not resolve", d.ID, d.Name)
		}
		for _, a := range append(slices.Clone(d.Aliases), d.HistoricalNames...) {
			if p, ok := g.ResolvePlace(a); !ok || !g.Compatible(p, sarhad.Place{ID: d.ID}) {
				t.Errorf("district %s: alias %q resolves to %q", d.ID, a, p.ID)
			}
		}
	}
	if status[StatusCensus2023] != 156 || status[StatusPost2023] != 24 || status[StatusPseudo] != 1 {
		t.Errorf("districts by status %v, want 156 census2023, 24 post2023, 1 pseudo", status)
	}
	want := map[string]int{sarhad.ProvincePunjab: 36, sarhad.ProvinceKP: 35, sarhad.ProvinceBalochistan: 34, sarhad.ProvinceSindh: 30,
		sarhad.ProvinceAJK: 10, sarhad.ProvinceGB: 10, sarhad.ProvinceICT: 1}
	for p, n := range want {
		if perProv[p] != n {
			t.Errorf("%s has %d census districts, want %d", p, perProv[p], n)
		}
	}
	towns, geo := g.Towns(), 0
	for _, tw := range towns {
		if tw.Source == "geonames" {
			geo++
			if !tw.HasCoords || !InPakistanBox(tw.Lat, tw.Lon) {
				t.Errorf("town %s at %v,%v", tw.ID, tw.Lat, tw.Lon)
			}
		}
		if tw.DistrictID == "" || tw.Province == "" {
			t.Errorf("town %s has no district", tw.ID)
		}
	}
	if geo < 500 {
		t.Errorf("%d GeoNames towns, want ≥ 500", geo)
	}
	if n := len(g.Tehsils()); n < 500 {
		t.Errorf("%d tehsils, want ≥ 500", n)
	}
	xs := g.Crossings()
	borders := map[string]int{}
	for _, x := range xs {
		borders[x.Border]++
		if x.District == "" || x.HasCoords != (x.CoordQuality != "missing") {
			t.Errorf("crossing %s: district %q, coordinates %v (%s)", x.ID, x.District, x.HasCoords, x.CoordQuality)
		}
	}
	if len(xs) != 16 || borders["PK-AF"] != 11 || borders["PK-IR"] != 5 {
		t.Errorf("crossings %d by border %v, want 16 = 11 PK-AF + 5 PK-IR", len(xs), borders)
	}
	if len(g.Divisions()) != 37 {
		t.Errorf("%d divisions, want 37", len(g.Divisions()))
	}
	for _, tt := range []struct{ name, census string }{
		{"Lower South Waziristan", "South Waziristan"}, {"Hub", "Lasbela"}, {"Murree", "Rawalpindi"}, {"Kech", "Kech"}, {"Nowhere", ""},
	} {
		if got := g.CensusDistrict(tt.name); got != tt.census {
			t.Errorf("CensusDistrict(%q) = %q, want %q", tt.name, got, tt.census)
		}
	}
	if ds := g.DistrictsIn("KPK"); len(ds) != 35+6 {
		t.Errorf("DistrictsIn(KPK) = %d districts, want 35 census + 6 post-2023", len(ds))
	}
	if d, ok := g.District("Khyber Agency"); !ok || d.ID != "kp_khyber" || !d.FormerFATA {
		t.Errorf("District(Khyber Agency) = %+v", d)
	}
	if p, ok := g.ResolveProvince("North-West Frontier Province"); !ok || p != sarhad.ProvinceKP {
		t.Errorf("ResolveProvince(NWFP) = %q", p)
	}
	if _, ok := g.ResolveProvince("Peshawar"); ok {
		t.Error("ResolveProvince(Peshawar) is not a province")
	}
}

// TestDefaultConcurrent builds the default gazetteer from many goroutines at once.
func TestDefaultConcurrent(t *testing.T) {
	var wg sync.WaitGroup
	got := make([]*Gazetteer, 8)
	for i := range got {
		wg.Go(func() {
			got[i] = Default()
			got[i].ResolvePlace("Quetta")
		})
	}
	wg.Wait()
	for _, g := range got {
		if g != got[0] || g == nil {
			t.Fatal("Default returned different gazetteers")
		}
	}
}

// TestLoadErrors: Load reports broken tables instead of panicking.
func TestLoadErrors(t *testing.T) {
	if _, err := Load(emptyFS{}); err == nil {
		t.Error("Load of an empty folder succeeded")
	}
}
