package synth

import "github.com/sarhad-osint/sarhad"

// district is a canonical district name with a weight: its rough share of the attacks in its
// province over 2000–2025 (relative within the province, not calibrated data).
type district struct {
	name   string
	weight float64
}

// province is a province with its share of attacks, an approximate centre for synthetic
// coordinates, and its districts.
type province struct {
	name      string
	weight    float64
	lat, lon  float64
	spread    float64 // degrees of jitter around the centre
	districts []district
}

// provinces are the provinces and territories with plausible weights: Khyber Pakhtunkhwa
// (with the former tribal areas) and Balochistan carry most of the violence, Karachi most
// of Sindh's.
var provinces = []province{
	{sarhad.ProvinceKP, 52, 33.6, 71.2, 1.2, []district{
		{"North Waziristan", 14}, {"South Waziristan", 6}, {"Lower South Waziristan", 2}, {"Upper South Waziristan", 2},
		{"Bannu", 8}, {"Dera Ismail Khan", 9}, {"Khyber", 8}, {"Peshawar", 10}, {"Bajaur", 5},
		{"Lakki Marwat", 5}, {"Kurram", 4}, {"Tank", 4}, {"Swat", 4}, {"Mohmand", 3}, {"Orakzai", 2},
		{"Kohat", 2}, {"Hangu", 2}, {"Charsadda", 2}, {"Mardan", 1.5}, {"Nowshera", 1.2}, {"Lower Dir", 1.5},
		{"Upper Dir", 1}, {"Karak", 0.8}, {"Buner", 0.5}, {"Shangla", 0.4}, {"Malakand", 0.6}, {"Swabi", 0.6},
		{"Abbottabad", 0.2}, {"Haripur", 0.2}, {"Mansehra", 0.3}, {"Battagram", 0.1}, {"Torghar", 0.1},
		{"Upper Kohistan", 0.1}, {"Lower Kohistan", 0.1}, {"Kolai-Palas", 0.05}, {"Lower Chitral", 0.3},
		{"Upper Chitral", 0.1},
	}},
	{sarhad.ProvinceBalochistan, 30, 28.5, 65.5, 1.8, []district{
		{"Quetta", 16}, {"Kech", 8}, {"Gwadar", 4}, {"Panjgur", 4}, {"Dera Bugti", 5}, {"Kohlu", 4},
		{"Mastung", 4}, {"Khuzdar", 4}, {"Awaran", 3}, {"Kalat", 3}, {"Noshki", 2}, {"Kachhi", 3},
		{"Nasirabad", 2}, {"Jaffarabad", 2}, {"Sibi", 2}, {"Zhob", 2}, {"Loralai", 1.5}, {"Pishin", 2},
		{"Killa Abdullah", 2}, {"Chaman", 1.5}, {"Chagai", 1}, {"Washuk", 1}, {"Kharan", 1}, {"Lasbela", 1.5},
		{"Hub", 1}, {"Harnai", 1.5}, {"Ziarat", 0.3}, {"Barkhan", 0.5}, {"Musakhel", 0.4}, {"Duki", 0.6},
		{"Killa Saifullah", 0.6}, {"Sherani", 0.3}, {"Jhal Magsi", 0.4}, {"Sohbatpur", 0.3}, {"Usta Muhammad", 0.3},
		{"Surab", 0.5},
	}},
	{sarhad.ProvinceSindh, 9, 25.4, 68.4, 1.2, []district{
		{"Karachi South", 3}, {"Karachi East", 3}, {"Karachi West", 4}, {"Karachi Central", 3}, {"Korangi", 2},
		{"Malir", 2}, {"Keamari", 2}, {"Hyderabad", 1.5}, {"Jamshoro", 0.5}, {"Thatta", 0.3}, {"Sujawal", 0.1},
		{"Badin", 0.2}, {"Tando Allahyar", 0.2}, {"Tando Muhammad Khan", 0.1}, {"Matiari", 0.1}, {"Dadu", 0.3},
		{"Larkana", 0.5}, {"Qambar Shahdadkot", 0.3}, {"Shikarpur", 0.8}, {"Jacobabad", 0.8}, {"Kashmore", 0.6},
		{"Sukkur", 0.6}, {"Khairpur", 0.4}, {"Ghotki", 0.3}, {"Naushahro Feroze", 0.1}, {"Shaheed Benazirabad", 0.2},
		{"Sanghar", 0.2}, {"Mirpur Khas", 0.1}, {"Umerkot", 0.05}, {"Tharparkar", 0.05},
	}},
	{sarhad.ProvincePunjab, 6.5, 31.2, 72.6, 1.6, []district{
		{"Lahore", 6}, {"Rawalpindi", 5}, {"Dera Ghazi Khan", 3}, {"Rajanpur", 1.5}, {"Multan", 1.5},
		{"Faisalabad", 1}, {"Mianwali", 1.2}, {"Bhakkar", 0.6}, {"Attock", 1}, {"Jhelum", 0.3}, {"Chakwal", 0.4},
		{"Sargodha", 0.6}, {"Khushab", 0.4}, {"Jhang", 0.6}, {"Bahawalpur", 0.5}, {"Bahawalnagar", 0.2},
		{"Rahim Yar Khan", 0.5}, {"Muzaffargarh", 0.4}, {"Layyah", 0.3}, {"Khanewal", 0.2}, {"Lodhran", 0.1},
		{"Vehari", 0.1}, {"Sahiwal", 0.2}, {"Okara", 0.1}, {"Pakpattan", 0.1}, {"Kasur", 0.2}, {"Sheikhupura", 0.2},
		{"Nankana Sahib", 0.1}, {"Gujranwala", 0.4}, {"Sialkot", 0.3}, {"Narowal", 0.1}, {"Gujrat", 0.2},
		{"Mandi Bahauddin", 0.1}, {"Hafizabad", 0.1}, {"Toba Tek Singh", 0.1}, {"Chiniot", 0.1},
		{"Talagang", 0.1}, {"Murree", 0.1}, {"Kot Addu", 0.1}, {"Taunsa", 0.3}, {"Wazirabad", 0.1},
	}},
	{sarhad.ProvinceICT, 1, 33.7, 73.05, 0.08, []district{{"Islamabad", 1}}},
	{sarhad.ProvinceGB, 0.8, 35.8, 74.8, 0.8, []district{
		{"Gilgit", 3}, {"Diamer", 4}, {"Skardu", 1}, {"Ghizer", 0.5}, {"Hunza", 0.3}, {"Nagar", 0.3},
		{"Astore", 0.5}, {"Ghanche", 0.3}, {"Shigar", 0.2}, {"Kharmang", 0.2},
	}},
	{sarhad.ProvinceAJK, 0.7, 34.0, 73.8, 0.5, []district{
		{"Muzaffarabad", 3}, {"Neelum", 1}, {"Jhelum Valley", 0.5}, {"Bagh", 1}, {"Haveli", 0.5},
		{"Poonch", 1.5}, {"Sudhnoti", 0.5}, {"Kotli", 1.5}, {"Mirpur", 1}, {"Bhimber", 0.8},
	}},
}

// places are localities that reports name, by kind of target.
var places = []string{
	"police station", "check post", "FC camp", "bazaar", "mosque", "imambargah", "bus stop",
	"railway station", "girls' school", "district courts", "levies post", "gas pipeline",
	"power pylon", "highway", "market", "army convoy route", "polio team route", "jirga hall",
}
