package gazetteer

import (
	"encoding/json"
	"math"
	"testing"

	"github.com/sarhad-osint/sarhad"
)

// TestLocate combines real rows of the data sets (GTD provstate+city, ACLED
// admin1+admin2+location, PBC Province+City) and the cases the rules of Locate name.
func TestLocate(t *testing.T) {
	g := Default()
	tests := []struct {
		name           string
		q              sarhad.PlaceQuery
		prov, dist, pl string
		prec           sarhad.GeoPrecision
		placeID        string
		wantCoords     bool
	}{
		{"gtd NWFP Peshawar", sarhad.PlaceQuery{Province: "North-West Frontier Province", Locality: "Peshawar"},
			kp, "Peshawar", "Peshawar", town, "town:peshawar", true},
		{"gtd FATA Miranshah", sarhad.PlaceQuery{Province: "Federally Administered Tribal Areas", Locality: "Miranshah"},
			kp, "North Waziristan", "Miranshah", town, "town:miran-shah", true},
		{"gtd FATA Mohmand district", sarhad.PlaceQuery{Province: "Federally Administered Tribal Areas", Locality: "Mohmand district"},
			kp, "Mohmand", "", district, "kp_mohmand", false},
		{"gtd FATA Darra Adam Khel (a former FR)", sarhad.PlaceQuery{Province: "Federally Administered Tribal Areas", Locality: "Darra Adam Khel"},
			kp, "Kohat", "Darra Adam Khel", town, "locality:darra-adam-khel", false},
		{"gtd Sindh Karachi", sarhad.PlaceQuery{Province: "Sindh", Locality: "Karachi"},
			sd, "Karachi", "Karachi", town, "town:karachi", true},
		{"gtd Sindh North Nazimabad", sarhad.PlaceQuery{Province: "Sindh", Locality: "North Nazimabad"},
			sd, "Karachi Central", "North Nazimabad", tehsil, "tehsil:north-nazimabad-town", false},
		{"gtd SIndh Hyderabad", sarhad.PlaceQuery{Province: "SIndh", Locality: "Hyderabad"},
			sd, "Hyderabad", "Hyderabad", town, "town:hyderabad", true},
		{"gtd Balochistan Unknown", sarhad.PlaceQuery{Province: "Balochistan", Locality: "Unknown"},
			ba, "", "", province, "PK-BA", false},
		{"gtd Unknown Unknown", sarhad.PlaceQuery{Province: "Unknown", Locality: "Unknown"},
			"", "", "", sarhad.GeoUnknown, "", false},
		{"gtd ICT Islamabad", sarhad.PlaceQuery{Province: "Islamabad Capital Territory", Locality: "Islamabad"},
			ict, "Islamabad", "Islamabad", town, "town:islamabad", true},
		{"pbc Capital Islamabad", sarhad.PlaceQuery{Province: "Capital", Locality: "Islamabad "},
			ict, "Islamabad", "Islamabad", town, "town:islamabad", true},
		{"pbc KPK Bannu", sarhad.PlaceQuery{Province: "KPK", Locality: "Bannu"},
			kp, "Bannu", "Bannu", town, "town:bannu", true},
		{"pbc FATA Bajaur Agency", sarhad.PlaceQuery{Province: "FATA", Locality: "Bajaur Agency"},
			kp, "Bajaur", "", district, "kp_bajaur", false},
		{"pbc Fata Mohmand Agency", sarhad.PlaceQuery{Province: "Fata", Locality: "Mohmand Agency "},
			kp, "Mohmand", "", district, "kp_mohmand", false},
		{"pbc Baluchistan Quetta", sarhad.PlaceQuery{Province: "Baluchistan", Locality: "Quetta"},
			ba, "Quetta", "Quetta", town, "town:quetta", true},
		{"pbc AJK Muzaffarabad", sarhad.PlaceQuery{Province: "AJK", Locality: "Muzaffarabad"},
			ajk, "Muzaffarabad", "Muzaffarabad", town, "town:muzaffarabad", true},
		{"pbc Punjab Taunsa (post-2023 district)", sarhad.PlaceQuery{Province: "Punjab", Locality: "Taunsa"},
			pb, "Taunsa", "Taunsa", town, "town:taunsa", true},
		// A name that contradicts an explicit province stays text.
		{"pbc KPK D.G Khan", sarhad.PlaceQuery{Province: "KPK", Locality: "D.G Khan"},
			kp, "", "D.G Khan", province, "PK-KP", false},
		{"gtd Balochistan Karachi", sarhad.PlaceQuery{Province: "Balochistan", Locality: "Karachi"},
			ba, "", "Karachi", province, "PK-BA", false},
		// A historical province is as explicit as the current one: it lies inside Khyber
		// Pakhtunkhwa. A place elsewhere in the province resolves even when it was never
		// in FATA (sources label settled districts FATA); a place in another province does not
		// move the event (GTD files FATA rows whose village names fuzzily match places in
		// Sindh or Punjab).
		{"pbc FATA Upper Dir", sarhad.PlaceQuery{Province: "FATA", Locality: "Upper Dir"},
			kp, "Upper Dir", "", district, "kp_upper_dir", false},
		{"NWFP Quetta", sarhad.PlaceQuery{Province: "NWFP", Locality: "Quetta"},
			kp, "", "Quetta", province, "PK-KP", false},
		{"gtd FATA Qandharo with coordinates in Khyber", sarhad.PlaceQuery{Province: "Federally Administered Tribal Areas", Locality: "Qandharo", Lat: 34.567793, Lon: 71.480221},
			kp, "Bajaur", "Qandharo", district, "kp_bajaur", true},
		{"gtd FATA Siddiqabad with coordinates in Khyber", sarhad.PlaceQuery{Province: "Federally Administered Tribal Areas", Locality: "Siddiqabad", Lat: 34.856902, Lon: 71.429936},
			kp, "Bajaur", "Siddiqabad", district, "kp_bajaur", true},
		{"gtd NWFP Shakar Dara", sarhad.PlaceQuery{Province: "North-West Frontier Province", Locality: "Shakar Dara", Lat: 33.224323, Lon: 71.504183},
			kp, "Kohat", "Shakar Dara", district, "kp_kohat", true},
		{"FATA alone", sarhad.PlaceQuery{Province: "FATA"},
			kp, "", "", province, fataID, false},
		{"ICT alone fills its district", sarhad.PlaceQuery{Province: "ICT"},
			ict, "Islamabad", "", district, "is_islamabad", false},
		// ACLED rows: the district column is settled first.
		{"acled Loralai Duki (district carved out since)", sarhad.PlaceQuery{Province: "Balochistan", District: "Loralai", Locality: "Duki"},
			ba, "Duki", "Duki", town, "town:duki", true},
		{"acled Kech Zamuran", sarhad.PlaceQuery{Province: "Balochistan", District: "Kech", Locality: "Zamuran"},
			ba, "Kech", "Zamuran", tehsil, "tehsil:zamuran", false},
		{"acled Kech Nasirabad (a Kech village)", sarhad.PlaceQuery{Province: "Balochistan", District: "Kech", Locality: "Nasirabad"},
			ba, "Kech", "Nasirabad", district, "ba_kech", false},
		{"acled Las Bela Hub (post-2023 district)", sarhad.PlaceQuery{Province: "Balochistan", District: "Las Bela", Locality: "Hub"},
			ba, "Hub", "Hub", town, "town:hub", true},
		{"acled Kachhi Bolan", sarhad.PlaceQuery{Province: "Balochistan", District: "Kachhi", Locality: "Bolan"},
			ba, "Kachhi", "", district, "ba_kachhi", false},
		{"acled Lehri Lehri", sarhad.PlaceQuery{Province: "Balochistan", District: "Lehri", Locality: "Lehri"},
			ba, "Sibi", "Lehri", tehsil, "tehsil:lehri", false},
		{"acled Killa Abdullah Chaman", sarhad.PlaceQuery{Province: "Balochistan", District: "Killa Abdullah", Locality: "Chaman"},
			ba, "Chaman", "Chaman", town, "town:chaman", true},
		{"acled Jaffarabad Usta Mohammad", sarhad.PlaceQuery{Province: "Balochistan", District: "Jaffarabad", Locality: "Usta Mohammad"},
			ba, "Usta Muhammad", "Usta Mohammad", town, "town:usta-muhammad", true},
		{"acled Kech Sariab (not the Quetta one)", sarhad.PlaceQuery{Province: "Balochistan", District: "Kech", Locality: "Sariab"},
			ba, "Kech", "Sariab", district, "ba_kech", false},
		// Finer consistent answers win.
		{"Karachi + Orangi", sarhad.PlaceQuery{Province: "Sindh", District: "Karachi", Locality: "Orangi Town"},
			sd, "Karachi West", "Orangi Town", tehsil, "tehsil:orangi-town", false},
		{"South Waziristan + Wana", sarhad.PlaceQuery{District: "South Waziristan", Locality: "Wana"},
			kp, "Lower South Waziristan", "Wana", town, "town:wana", true},
		{"Chitral + Buni", sarhad.PlaceQuery{Province: "Khyber Pakhtunkhwa", District: "Chitral", Locality: "Buni"},
			kp, "Upper Chitral", "Buni", town, "town:buni", true},
		{"district contradicts locality", sarhad.PlaceQuery{District: "Mohmand", Locality: "Shabqadar"},
			kp, "Mohmand", "Shabqadar", district, "kp_mohmand", false},
		{"province context picks the Sindh Nasirabad", sarhad.PlaceQuery{Province: "Sindh", Locality: "Nasirabad"},
			sd, "Qambar Shahdadkot", "Nasirabad", town, "town:nasirabad", true},
		{"Punjab Sahiwal is the district's town", sarhad.PlaceQuery{Province: "Punjab", Locality: "Sahiwal"},
			pb, "Sahiwal", "Sahiwal", town, "town:sahiwal-sahiwal", true},
		// Coordinates.
		{"coordinates alone", sarhad.PlaceQuery{Lat: 34.0, Lon: 71.5},
			kp, "Peshawar", "", district, "kp_peshawar", true},
		{"coordinates fill an unknown village's district", sarhad.PlaceQuery{Province: "Khyber Pakhtunkhwa", Locality: "Some Village", Lat: 32.99, Lon: 70.6},
			kp, "Bannu", "Some Village", district, "kp_bannu", true},
		{"coordinates in another province do not move an explicit one", sarhad.PlaceQuery{Province: "Punjab", Lat: 34.0, Lon: 71.5},
			pb, "", "", province, "PK-PB", true},
		{"stated exact precision", sarhad.PlaceQuery{Province: "Sindh", Locality: "Karachi", Lat: 24.89, Lon: 67.03, Precision: sarhad.GeoExact},
			sd, "Karachi", "Karachi", sarhad.GeoExact, "town:karachi", true},
		{"stated town precision with coordinates only", sarhad.PlaceQuery{Lat: 33.0, Lon: 70.07, Precision: sarhad.GeoTown},
			kp, "North Waziristan", "", town, "town:miran-shah", true},
		{"NaN coordinates are dropped", sarhad.PlaceQuery{Province: "Sindh", Lat: math.NaN(), Lon: 67},
			sd, "", "", province, "PK-SD", false},
		{"coordinates outside Pakistan are kept but not used", sarhad.PlaceQuery{Lat: 51.5, Lon: -0.1},
			"", "", "", sarhad.GeoCountry, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := g.Locate(tt.q)
			if l.Province != tt.prov || l.District != tt.dist || l.Place != tt.pl || l.Precision != tt.prec || l.PlaceID != tt.placeID {
				t.Errorf("Locate(%+v) = %q/%q place %q %s id %q, want %q/%q place %q %s id %q",
					tt.q, l.Province, l.District, l.Place, l.Precision, l.PlaceID, tt.prov, tt.dist, tt.pl, tt.prec, tt.placeID)
			}
			if l.HasCoords() != tt.wantCoords {
				t.Errorf("Locate(%+v) coordinates %v,%v, want some: %v", tt.q, l.Lat, l.Lon, tt.wantCoords)
			}
			if _, err := json.Marshal(l); err != nil {
				t.Errorf("the location does not marshal: %v", err)
			}
		})
	}
}

func TestKey(t *testing.T) {
	tests := []struct{ in, want string }{
		{"D.I. Khan", "di khan"},
		{"D. I. Khan", "di khan"},
		{"DI Khan", "di khan"},
		{"D.I.Khan", "di khan"},
		{"N.W.F.P.", "nwfp"},
		{"Dera Ghāzi Khān District", "dera ghazi khan district"},
		{"Khairpur Mir’s", "khairpur mirs"},
		{"AJ&K", "aj and k"},
		{"Azad Jammu & Kashmir", "azad jammu and kashmir"},
		{"  Kuram   Agency ", "kuram agency"},
		{"Gilgit–Baltistan", "gilgit baltistan"},
		{"Shabqadar-Charsadda", "shabqadar charsadda"},
		{"Łódź", "lodz"},
		{"کراچی", "کراچی"},
		{"", ""},
		{"...", ""},
	}
	for _, tt := range tests {
		if got := Key(tt.in); got != tt.want {
			t.Errorf("Key(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := Slug("Miran Shah"); got != "miran-shah" {
		t.Errorf("Slug = %q", got)
	}
}

func TestContainsAndCompatible(t *testing.T) {
	g := Default()
	place := func(name string) sarhad.Place {
		t.Helper()
		p, ok := g.ResolvePlace(name)
		if !ok {
			t.Fatalf("ResolvePlace(%q) failed", name)
		}
		return p
	}
	kpPlace, _ := g.Place("PK-KP")
	fata, _ := g.Place(fataID)
	tests := []struct {
		name                 string
		outer, inner         sarhad.Place
		contains, compatible bool
	}{
		{"a province contains its districts", kpPlace, place("Bannu District"), true, true},
		{"and their towns", kpPlace, place("Miran Shah"), true, true},
		{"not another province's", kpPlace, place("Quetta"), false, false},
		{"a district contains its town", place("North Waziristan"), place("Miran Shah"), true, true},
		{"FATA contains the merged districts", fata, place("Kurram"), true, true},
		{"FATA overlaps the FR districts", fata, place("Kohat District"), false, true},
		{"FATA is not Swat", fata, place("Swat"), false, false},
		{"a parent contains its post-2023 child", place("South Waziristan"), place("Lower South Waziristan"), true, true},
		{"a child is compatible with its parent", place("Upper South Waziristan"), place("South Waziristan"), false, true},
		{"Karachi holds Karachi West", place("Karachi District"), place("Karachi West"), true, true},
		{"Karachi city and Orangi", place("Karachi"), place("Orangi"), false, true},
		{"Kohistan holds Kolai Palas", place("Kohistan"), place("Kolai Palas"), true, true},
		{"Loralai and Duki (carved out)", place("Loralai District"), place("Duki District"), false, true},
		{"a place by names only", sarhad.Place{Province: ba}, sarhad.Place{District: "Kech"}, true, true},
		{"unknown places", sarhad.Place{ID: "nowhere"}, kpPlace, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := g.Contains(tt.outer, tt.inner); got != tt.contains {
				t.Errorf("Contains(%s, %s) = %v", tt.outer.ID, tt.inner.ID, got)
			}
			if got := g.Compatible(tt.outer, tt.inner); got != tt.compatible {
				t.Errorf("Compatible(%s, %s) = %v", tt.outer.ID, tt.inner.ID, got)
			}
			if g.Compatible(tt.outer, tt.inner) != g.Compatible(tt.inner, tt.outer) {
				t.Errorf("Compatible is not symmetric for %s, %s", tt.outer.ID, tt.inner.ID)
			}
		})
	}
	a := sarhad.Location{Province: kp, District: "Khyber", PlaceID: "town:landi-kotal"}
	b := sarhad.Location{Province: kp}
	if !g.LocationsCompatible(a, b) || g.LocationsCompatible(a, sarhad.Location{Province: ba}) {
		t.Error("LocationsCompatible")
	}
	if km, ok := g.DistanceKm(sarhad.Location{PlaceID: "town:peshawar"}, sarhad.Location{District: "Khyber"}); !ok || km < 30 || km > 50 {
		t.Errorf("DistanceKm(Peshawar, Khyber HQ) = %v, %v", km, ok)
	}
	if _, ok := g.DistanceKm(sarhad.Location{}, b); ok {
		t.Error("DistanceKm of an empty location")
	}
}

func TestNearestPlace(t *testing.T) {
	g := Default()
	tests := []struct {
		name     string
		lat, lon float64
		ok       bool
		id       string
		prec     sarhad.GeoPrecision
	}{
		{"Peshawar city", 34.0, 71.58, true, "town:peshawar", town},
		{"Miran Shah", 33.0, 70.07, true, "town:miran-shah", town},
		{"between towns: the district", 34.9, 73.4, true, "", district},
		{"Chagai desert", 28.5, 63.0, true, "ba_chagai", district},
		{"0,0", 0, 0, false, "", ""},
		{"Tajikistan", 38.5, 70, false, "", ""},
		{"Arabian Sea", 22.5, 65, false, "", ""},
		{"NaN", math.NaN(), 70, false, "", ""},
		{"Inf", 30, math.Inf(1), false, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, ok := g.NearestPlace(tt.lat, tt.lon)
			if ok != tt.ok || ok && (tt.id != "" && p.ID != tt.id || p.Precision != tt.prec) {
				t.Errorf("NearestPlace(%v,%v) = %s %s %v, want %s %s %v", tt.lat, tt.lon, p.ID, p.Precision, ok, tt.id, tt.prec, tt.ok)
			}
		})
	}
}
