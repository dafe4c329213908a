package gazetteer

import (
	"testing"

	"github.com/sarhad-osint/sarhad"
)

const (
	kp  = sarhad.ProvinceKP
	ba  = sarhad.ProvinceBalochistan
	pb  = sarhad.ProvincePunjab
	sd  = sarhad.ProvinceSindh
	ict = sarhad.ProvinceICT
	gb  = sarhad.ProvinceGB
	ajk = sarhad.ProvinceAJK

	town     = sarhad.GeoTown
	tehsil   = sarhad.GeoTehsil
	district = sarhad.GeoDistrict
	province = sarhad.GeoProvince
)

// TestResolvePlaceRealSpellings resolves names exactly as they are written in the GTD
// (provstate, city), ACLED (admin1, admin2, location) and Pakistan Body Count (Province,
// City) extracts, plus the forms the project's brief names.
func TestResolvePlaceRealSpellings(t *testing.T) {
	g := Default()
	tests := []struct {
		src, in    string
		prov, dist string
		prec       sarhad.GeoPrecision
		hist       bool
	}{
		// Provinces as the data sets write them.
		{"gtd provstate", "North-West Frontier Province", kp, "", province, true},
		{"gtd provstate", "Federally Administered Tribal Areas", kp, "", province, true},
		{"gtd provstate", "Khyber Pakhtunkhwa", kp, "", province, false},
		{"gtd provstate", "Balochistan", ba, "", province, false},
		{"gtd provstate", "Bolochistan", ba, "", province, false},
		{"gtd provstate", "SIndh", sd, "", province, false},
		{"gtd provstate", "Islamabad Capital Territory", ict, "", province, false},
		{"gtd provstate", "Gilgit-Baltistan", gb, "", province, false},
		{"gtd provstate", "Azad Kashmir", ajk, "", province, false},
		{"gtd provstate", "Punjab", pb, "", province, false},
		{"pbc Province", "KPK", kp, "", province, false},
		{"pbc Province", "FATA", kp, "", province, true},
		{"pbc Province", "Fata", kp, "", province, true},
		{"pbc Province", "Baluchistan", ba, "", province, false},
		{"pbc Province", "Capital", ict, "", province, false},
		{"pbc Province", "AJK", ajk, "", province, false},
		{"acled admin1", "Balochistan", ba, "", province, false},
		{"brief", "NWFP", kp, "", province, true},
		{"brief", "K-P", kp, "", province, false},
		{"brief", "Sind", sd, "", province, false},
		{"brief", "GB", gb, "", province, false},
		{"brief", "Northern Areas", gb, "", province, true},
		{"brief", "ICT", ict, "", province, false},
		{"brief", "Azad Jammu & Kashmir", ajk, "", province, false},
		// Cities resolve at town precision inside their district.
		{"gtd city", "Karachi", sd, "Karachi", town, false},
		{"gtd city", "Quetta", ba, "Quetta", town, false},
		{"gtd city", "Peshawar", kp, "Peshawar", town, false},
		{"gtd city", "Lahore", pb, "Lahore", town, false},
		{"gtd city", "Islamabad", ict, "Islamabad", town, false},
		{"gtd city", "Jamrud", kp, "Khyber", town, false},
		{"gtd city", "Landi Kotal", kp, "Khyber", town, false},
		{"gtd city", "Miran Shah", kp, "North Waziristan", town, false},
		{"gtd city", "Miranshah", kp, "North Waziristan", town, false},
		{"gtd city", "Rawalpindi", pb, "Rawalpindi", town, false},
		{"gtd city", "Hyderabad", sd, "Hyderabad", town, false},
		{"gtd city", "Bannu", kp, "Bannu", town, false},
		{"gtd city", "Dera Bugti", ba, "Dera Bugti", town, false},
		{"gtd city", "Khuzdar", ba, "Khuzdar", town, false},
		{"gtd city", "Turbat", ba, "Kech", town, false},
		{"gtd city", "Hangu", kp, "Hangu", town, false},
		{"gtd city", "Shabqadar", kp, "Charsadda", town, false},
		{"gtd city", "Chaman", ba, "Chaman", town, false},
		{"gtd city", "Badaber", kp, "Peshawar", town, false},
		{"gtd city", "Wana", kp, "Lower South Waziristan", town, false},
		{"gtd city", "Dera Murad Jamali", ba, "Nasirabad", town, false},
		{"gtd city", "Dera Ismail Khan", kp, "Dera Ismail Khan", town, false},
		{"gtd city", "Hayatabad", kp, "Peshawar", town, false},
		{"gtd city", "Mingora", kp, "Swat", town, false},
		{"gtd city", "Hub", ba, "Hub", town, false},
		{"gtd city", "Mattani", kp, "Peshawar", town, false},
		{"gtd city", "Khar", kp, "Bajaur", town, false},
		{"gtd city", "Darra Adam Khel", kp, "Kohat", town, false},
		{"gtd city", "Parachinar", kp, "Kurram", town, false},
		{"gtd city", "Pasni", ba, "Gwadar", town, false},
		{"gtd city", "Sariab", ba, "Quetta", town, false},
		{"gtd city", "Kuchlak", ba, "Quetta", town, false},
		{"gtd city", "Sadda", kp, "Kurram", town, false},
		{"gtd city", "Dera Allah Yar", ba, "Jaffarabad", town, false},
		{"gtd city", "Nawabshah", sd, "Shaheed Benazirabad", town, false},
		{"gtd city", "Akora Khattak", kp, "Nowshera", town, false},
		{"gtd city", "Dalbandin", ba, "Chagai", town, false},
		{"gtd city", "Jandola", kp, "Tank", town, false},
		{"gtd city", "Kalaya", kp, "Orakzai", town, false},
		{"gtd city", "Ghalanai", kp, "Mohmand", town, false},
		{"gtd city", "Mach", ba, "Kachhi", town, false},
		{"gtd city", "Sohbatpur", ba, "Sohbatpur", town, false},
		{"gtd city", "Surab", ba, "Surab", town, false},
		{"gtd city", "Duki", ba, "Duki", town, false},
		// Tehsils and areas.
		{"gtd city", "Bara", kp, "Khyber", tehsil, false},
		{"gtd city", "Safi", kp, "Mohmand", tehsil, false},
		{"gtd city", "Matta", kp, "Swat", tehsil, false},
		{"gtd city", "Kabal", kp, "Swat", tehsil, false},
		{"gtd city", "Mir Ali", kp, "North Waziristan", tehsil, false},
		{"gtd city", "Pir Koh", ba, "Dera Bugti", tehsil, false},
		{"gtd city", "Tump", ba, "Kech", tehsil, false},
		{"gtd city", "Mand", ba, "Kech", tehsil, false},
		{"gtd city", "Chattar", ba, "Nasirabad", tehsil, false},
		{"gtd city", "Wadh", ba, "Khuzdar", tehsil, false},
		{"gtd city", "North Nazimabad", sd, "Karachi Central", tehsil, false},
		{"gtd city", "Gadap", sd, "Malir", tehsil, false},
		{"gtd city", "Aka Khel district", kp, "Khyber", tehsil, false},
		{"acled location", "Zamuran", ba, "Kech", tehsil, false},
		{"acled location", "Jhal Jao", ba, "Awaran", tehsil, false},
		{"acled location", "Khad Koocha", ba, "Mastung", tehsil, false},
		{"acled location", "Shahrag", ba, "Harnai", tehsil, false},
		{"acled location", "Sangaan", ba, "Sibi", tehsil, false},
		{"acled location", "Mangochar", ba, "Kalat", tehsil, false},
		{"pbc City", "Tirah Valley", kp, "Khyber", tehsil, false},
		// Districts, with the data sets' suffixes and spellings.
		{"gtd city", "Mohmand district", kp, "Mohmand", district, false},
		{"gtd city", "Bajaur district", kp, "Bajaur", district, false},
		{"gtd city", "Orakzai district", kp, "Orakzai", district, false},
		{"gtd city", "Kurram district", kp, "Kurram", district, false},
		{"gtd city", "Khyber district", kp, "Khyber", district, false},
		{"gtd city", "South Waziristan district", kp, "South Waziristan", district, false},
		{"gtd city", "North Waziristan district", kp, "North Waziristan", district, false},
		{"gtd city", "Swat district", kp, "Swat", district, false},
		{"gtd city", "Bannu district", kp, "Bannu", district, false},
		{"gtd city", "Panjgur district", ba, "Panjgur", district, false},
		{"gtd city", "Kech district", ba, "Kech", district, false},
		{"gtd city", "Jaffarabad district", ba, "Jaffarabad", district, false},
		{"gtd city", "Bolan District", ba, "Kachhi", district, true},
		{"gtd city", "Nasirabad", ba, "Nasirabad", district, false},
		{"gtd city", "Dera Bugti district", ba, "Dera Bugti", district, false},
		{"acled admin2", "Las Bela", ba, "Lasbela", district, false},
		{"acled admin2", "Killa Abdullah", ba, "Killa Abdullah", town, false},
		{"acled admin2", "Kachhi", ba, "Kachhi", district, false},
		{"acled location", "Bolan", ba, "Kachhi", district, true},
		{"pbc City", "Swat", kp, "Swat", district, false},
		{"pbc City", "D.I Khan", kp, "Dera Ismail Khan", district, false},
		{"pbc City", "D. I Khan", kp, "Dera Ismail Khan", district, false},
		{"pbc City", "D.G Khan ", pb, "Dera Ghazi Khan", district, false},
		{"pbc City", "Bajaur Agency", kp, "Bajaur", district, true},
		{"pbc City", "Kuram Agency ", kp, "Kurram", district, true},
		{"pbc City", "KURRAM AGENCY", kp, "Kurram", district, true},
		{"pbc City", "Mohmand agency", kp, "Mohmand", district, true},
		{"pbc City", "Khyber Agency", kp, "Khyber", district, true},
		{"pbc City", "Orakzai Agency", kp, "Orakzai", district, true},
		{"pbc City", "North waziristan", kp, "North Waziristan", district, false},
		{"pbc City", "South waziristan", kp, "South Waziristan", district, false},
		{"pbc City", "Nowshehra", kp, "Nowshera", district, false},
		{"pbc City", "Sudhanoti", ajk, "Sudhnoti", district, false},
		{"pbc City", "Poonch", ajk, "Poonch", district, false},
		{"pbc City", "Lower Dir", kp, "Lower Dir", district, false},
		{"pbc City", "Upper Dir", kp, "Upper Dir", district, false},
		// PBC cities that are towns.
		{"pbc City", "Lakki marwat", kp, "Lakki Marwat", town, false},
		{"pbc City", "Tank", kp, "Tank", town, false},
		{"pbc City", "Lahore ", pb, "Lahore", town, false},
		{"pbc City", "karachi ", sd, "Karachi", town, false},
		{"pbc City", "Muzaffarabad", ajk, "Muzaffarabad", town, false},
		{"pbc City", "Fateh Jang", pb, "Attock", town, false},
		{"pbc City", "Taunsa", pb, "Taunsa", town, false},
		{"pbc City", "Shabqadar-Charsadda", kp, "Charsadda", town, false},
		{"pbc City", "Dara Adam khel", kp, "Kohat", town, false},
		{"pbc City", "Totalai", kp, "Buner", town, false},
		{"pbc City", "Wagah", pb, "Lahore", town, false},
		{"pbc Location", "Parachinar", kp, "Kurram", town, false},
		// Forms the brief names.
		{"brief", "D.I. Khan", kp, "Dera Ismail Khan", district, false},
		{"brief", "DI Khan", kp, "Dera Ismail Khan", district, false},
		{"brief", "DIK", kp, "Dera Ismail Khan", district, false},
		{"brief", "D.G. Khan", pb, "Dera Ghazi Khan", district, false},
		{"brief", "Dera Ghāzi Khān District", pb, "Dera Ghazi Khan", district, false},
		{"brief", "Chitral Upper", kp, "Upper Chitral", district, false},
		{"brief", "North Waziristan Agency", kp, "North Waziristan", district, true},
		{"brief", "South Waziristan Agency", kp, "South Waziristan", district, true},
		{"brief", "FR Peshawar", kp, "Peshawar", tehsil, true},
		{"brief", "FR Kohat", kp, "Kohat", tehsil, true},
		{"brief", "FR Bannu", kp, "Bannu", tehsil, true},
		{"brief", "FR Lakki", kp, "Lakki Marwat", tehsil, true},
		{"brief", "FR Tank", kp, "Tank", tehsil, true},
		{"brief", "FR D.I. Khan", kp, "Dera Ismail Khan", tehsil, true},
		{"brief", "Upper South Waziristan", kp, "Upper South Waziristan", district, false},
		{"brief", "Lower Kohistan", kp, "Lower Kohistan", district, false},
		{"brief", "Kolai Palas", kp, "Kolai Palas", district, false},
		{"brief", "Torghar", kp, "Torghar", district, false},
		{"brief", "Keamari", sd, "Keamari", district, false},
		{"brief", "Sherani", ba, "Sherani", district, false},
		{"brief", "Harnai", ba, "Harnai", town, false},
		{"brief", "Peshawar District", kp, "Peshawar", district, false},
		{"brief", "Karachi District", sd, "Karachi", district, false},
		{"brief", "Islamabad District", ict, "Islamabad", district, false},
		{"brief", "Quetta city", ba, "Quetta", town, false},
		{"brief", "Murree", pb, "Murree", town, false},
		{"brief", "Kot Addu District", pb, "Kot Addu", district, false},
		{"brief", "Gupis-Yasin", gb, "Gupis-Yasin", district, false},
		// Crossings.
		{"brief", "Torkham", kp, "Khyber", town, false},
		{"brief", "Angoor Adda", kp, "Lower South Waziristan", town, false},
		{"brief", "Chaman Border", ba, "Chaman", town, false},
		{"brief", "Taftan-Mirjaveh", ba, "Chagai", town, false},
	}
	if len(tests) < 100 {
		t.Fatalf("the table must have at least 100 rows, has %d", len(tests))
	}
	for _, tt := range tests {
		t.Run(tt.src+"/"+tt.in, func(t *testing.T) {
			p, ok := g.ResolvePlace(tt.in)
			if !ok {
				t.Fatalf("ResolvePlace(%q) found nothing", tt.in)
			}
			if p.Province != tt.prov || p.District != tt.dist || p.Precision != tt.prec || p.Historical != tt.hist {
				t.Errorf("ResolvePlace(%q) = %s %q/%q %s historical=%v, want %q/%q %s historical=%v",
					tt.in, p.ID, p.Province, p.District, p.Precision, p.Historical, tt.prov, tt.dist, tt.prec, tt.hist)
			}
		})
	}
}

// TestResolvePlaceIDs pins the ids and kinds of places other packages rely on.
func TestResolvePlaceIDs(t *testing.T) {
	g := Default()
	tests := []struct {
		in, id string
		kind   sarhad.PlaceKind
	}{
		{"FATA", fataID, sarhad.KindProvince},
		{"Federally Administered Tribal Areas", fataID, sarhad.KindProvince},
		{"Khyber Pakhtunkhwa", "PK-KP", sarhad.KindProvince},
		{"Peshawar", "town:peshawar", sarhad.KindTown},
		{"Peshawar District", "kp_peshawar", sarhad.KindDistrict},
		{"Karachi", "town:karachi", sarhad.KindTown},
		{"Karachi Division", "sd_karachi", sarhad.KindDistrict},
		{"Jamrud", "town:jamrud", sarhad.KindTown},
		{"Jamrud tehsil", "tehsil:jamrud", sarhad.KindTehsil},
		{"Torkham", "crossing:torkham", sarhad.KindCrossing},
		{"Malakand Division", "kp_div_malakand", sarhad.KindDivision},
		{"Kohistan", "kp_hist_kohistan", sarhad.KindDivision},
		{"Hunza-Nagar", "gb_hist_hunza_nagar", sarhad.KindDivision},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			p, ok := g.ResolvePlace(tt.in)
			if !ok || p.ID != tt.id || p.Kind != tt.kind {
				t.Errorf("ResolvePlace(%q) = %q %s (%v), want %q %s", tt.in, p.ID, p.Kind, ok, tt.id, tt.kind)
			}
			if q, ok := g.Place(tt.id); !ok || q.ID != tt.id {
				t.Errorf("Place(%q) = %v, %v", tt.id, q, ok)
			}
		})
	}
}

// TestResolvePlaceRejects lists names that must not resolve.
func TestResolvePlaceRejects(t *testing.T) {
	g := Default()
	for _, in := range []string{"", "   ", "Unknown", "Kabul", "Kandahar", "New Delhi", "Tehran", "Pak", "xyzzy", "....", "Noorabad", "Fatehpur"} {
		if p, ok := g.ResolvePlace(in); ok && in != "Unknown" {
			t.Errorf("ResolvePlace(%q) = %s %q/%q, want nothing", in, p.ID, p.Province, p.District)
		} else if ok {
			t.Errorf("ResolvePlace(%q) = %s, want nothing", in, p.ID)
		}
	}
}

// TestResolveAmbiguous: names that fit places in one province resolve to the unit that
// holds them all.
func TestResolveAmbiguous(t *testing.T) {
	g := Default()
	tests := []struct{ in, id string }{
		{"Dasht", "PK-BA"},         // tehsils of Kech and of Mastung
		{"Kamra (Rawalpindi)", ""}, // a real name, pinned below
		{"Dir", "town:dir"},        // the town of Dir (Upper Dir), not the old district
		{"Dir District", "kp_hist_dir"},
	}
	for _, tt := range tests {
		if tt.id == "" {
			continue
		}
		p, ok := g.ResolvePlace(tt.in)
		if !ok || p.ID != tt.id {
			t.Errorf("ResolvePlace(%q) = %q (%v), want %q", tt.in, p.ID, ok, tt.id)
		}
	}
	if p, _ := g.ResolvePlace("Kamra"); p.District != "Attock" {
		t.Errorf("ResolvePlace(Kamra) = %q, want the Attock town", p.ID)
	}
}

// TestUnverifiedDistricts: the 2026 units resolve when named as districts only.
func TestUnverifiedDistricts(t *testing.T) {
	g := Default()
	for _, tt := range []struct{ in, id string }{
		{"Tump", "tehsil:tump"}, {"Tump District", "ba_tump"}, {"Quetta East", "ba_quetta_east"}, {"Wadh", "tehsil:wadh"},
	} {
		if p, ok := g.ResolvePlace(tt.in); !ok || p.ID != tt.id {
			t.Errorf("ResolvePlace(%q) = %q, want %q", tt.in, p.ID, tt.id)
		}
	}
}

// TestCountry: "Pakistan" is the country, which contains every place.
func TestCountry(t *testing.T) {
	g := Default()
	p, ok := g.ResolvePlace("Pakistan")
	if !ok || p.ID != "PK" || p.Kind != sarhad.KindCountry || p.Precision != sarhad.GeoCountry {
		t.Fatalf("ResolvePlace(Pakistan) = %+v, %v", p, ok)
	}
	q, _ := g.ResolvePlace("Mir Ali")
	if !g.Contains(p, q) || g.Contains(q, p) {
		t.Error("Contains(Pakistan, Mir Ali)")
	}
	if l := g.Locate(sarhad.PlaceQuery{Locality: "Pakistan"}); l.Precision != sarhad.GeoCountry || l.Province != "" || l.Place != "" {
		t.Errorf("Locate(Pakistan) = %+v", l)
	}
}
