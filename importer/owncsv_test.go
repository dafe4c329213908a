package importer

import (
	"maps"
	"testing"
)

// ownHeader is the layout of the project's demo incidents file plus the optional columns.
var ownHeader = []string{"id", "date", "date_precision", "province", "district", "city_or_place",
	"latitude", "longitude", "geo_precision", "perpetrator", "attribution", "attack_type",
	"target_type", "killed_total", "killed_security", "killed_civilians", "killed_militants",
	"injured", "hostages", "cross_border_nexus", "sources", "source_reliability", "reported_at", "text", "marking"}

// ownRow is a synthetic row of the project's CSV with some fields changed.
func ownRow(change map[string]string) map[string]string {
	r := map[string]string{
		"id": "pk-2024-11-09-synthetic", "date": "2024-11-09", "date_precision": "day",
		"province": "Balochistan", "district": "Quetta", "city_or_place": "SYNTHETIC station",
		"latitude": "30.19", "longitude": "67.01", "geo_precision": "town", "perpetrator": "BLA",
		"attribution": "claimed", "attack_type": "suicide bombing", "target_type": "transport",
		"killed_total": "26", "killed_security": "14", "killed_civilians": "12", "killed_militants": "1",
		"injured": "62", "hostages": "", "cross_border_nexus": "unknown",
		"sources": "https://www.example.org/a | https://news.example.com/b",
	}
	maps.Copy(r, change)
	return r
}

func TestOwnCSV(t *testing.T) {
	cases := []rowCase{
		{name: "demo layout", row: ownRow(nil), want: map[string]string{
			"id": "pk-2024-11-09-synthetic", "date": "2024-11-09", "province": "Balochistan", "district": "Quetta",
			"place": "SYNTHETIC station", "coords": "30.19,67.01", "geo": "town",
			"perp": "Balochistan Liberation Army", "raw": "BLA", "attr": "claimed",
			"attack": "suicide bombing", "target": "transport", "killed": "26/14/12/1", "injured": "62", "hostages": "?",
			"nexus": "unknown", "marking": "TLP:AMBER", "owner": "system", "dataset": "", "source": "example.org", "rel": "",
			"text": "Sources: https://www.example.org/a | https://news.example.com/b",
		}},
		{name: "month precision drops the first of the month", row: ownRow(map[string]string{"date": "2024-11-01", "date_precision": "month"}),
			want: map[string]string{"date": "2024-11", "prec": "month"}},
		{name: "unknown perpetrator", row: ownRow(map[string]string{"perpetrator": "unknown", "attribution": "unknown"}),
			want: map[string]string{"perp": "unknown", "raw": "", "attr": "unknown"}},
		{name: "ranges", row: ownRow(map[string]string{"killed_total": "26-30", "injured": "55–62 (best 60)"}),
			want: map[string]string{"killed": "26–30 (best 30)/14/12/1", "injured": "55–62 (best 60)"}},
		{name: "split only", row: ownRow(map[string]string{"killed_total": ""}), want: map[string]string{"killed": "26/14/12/1"}},
		{name: "own text and grade", row: ownRow(map[string]string{"text": "A SYNTHETIC note.", "source_reliability": "b",
			"reported_at": "2024-11-09T13:05:00+05:00", "marking": "amber+strict"}),
			want: map[string]string{"text": "A SYNTHETIC note.\n\nSources: https://www.example.org/a | https://news.example.com/b",
				"rel": "B", "reported": "2024-11-09T08:05:00Z", "marking": "TLP:AMBER+STRICT"}},

		{name: "bad attack type", row: ownRow(map[string]string{"attack_type": "drone"}), err: `line 2: attack_type: "drone" is not a canonical attack type`},
		{name: "bad target type", row: ownRow(map[string]string{"target_type": "cattle"}), err: `line 2: target_type: "cattle" is not a canonical target type`},
		{name: "bad attribution", row: ownRow(map[string]string{"attribution": "rumoured"}),
			err: `line 2: attribution: "rumoured" is not one of claimed, official, suspected, denied, unknown`},
		{name: "bad date", row: ownRow(map[string]string{"date": "2024-13-01"}), err: `line 2: date: "2024-13-01" is not YYYY-MM-DD, YYYY-MM or YYYY`},
		{name: "bad precision", row: ownRow(map[string]string{"date_precision": "week"}), err: `line 2: date_precision: "week" is not day, month or year`},
		{name: "negative", row: ownRow(map[string]string{"injured": "-3"}), err: `line 2: injured: "-3" is negative`},
		{name: "unparseable", row: ownRow(map[string]string{"hostages": "some"}), err: `line 2: hostages: "some" is not a number`},
		{name: "bad range", row: ownRow(map[string]string{"killed_total": "30-26"}), err: `line 2: killed_total: "30-26" is not a range low–high with low ≤ best ≤ high`},
		{name: "split above total", row: ownRow(map[string]string{"killed_total": "20"}), err: `line 2: killed: security 14 + civilians 12 exceed total 20`},
		{name: "no id", row: ownRow(map[string]string{"id": ""}), err: `line 2: id: is missing`},
		{name: "bad geo precision", row: ownRow(map[string]string{"geo_precision": "street"}),
			err: `line 2: geo_precision: "street" is not one of exact, town, tehsil, district, province, country`},
		{name: "bad grade", row: ownRow(map[string]string{"source_reliability": "Z"}), err: `line 2: source_reliability: "Z" is not a grade A–F`},
		{name: "bad time", row: ownRow(map[string]string{"reported_at": "noon"}), err: `line 2: reported_at: "noon" is not an RFC 3339 time`},
		{name: "bad marking", row: ownRow(map[string]string{"marking": "secret"}), err: `line 2: marking: "secret" is not a TLP 2.0 label`},
		{name: "bad nexus", row: ownRow(map[string]string{"cross_border_nexus": "maybe"}), err: `line 2: cross_border_nexus: "maybe" is not yes, no or unknown`},
		{name: "bad latitude", row: ownRow(map[string]string{"latitude": "north"}), err: `line 2: latitude: "north" is not a latitude`},
	}
	runRowCases(t, FormatCSV, ownHeader, "", Options{Resolvers: fakes}, cases)

	// The JSON report field names work as column names, in any order.
	jsonHeader := []string{"killed", "place", "lon", "lat", "id", "date", "source", "dataset", "cross_border_nexus", "perpetrator_raw", "perpetrator"}
	runRowCases(t, FormatCSV, jsonHeader, "", Options{}, []rowCase{{name: "json names", row: map[string]string{
		"id": "r-1", "date": "2024-11", "place": "SYNTHETIC bazaar", "lat": "34.01", "lon": "71.57", "killed": "3",
		"source": "Synthetic Times", "dataset": "synthetic", "cross_border_nexus": "yes",
		"perpetrator": "TTP", "perpetrator_raw": "Tehreek-e-Taliban",
	}, want: map[string]string{
		"id": "r-1", "date": "2024-11", "place": "SYNTHETIC bazaar", "coords": "34.01,71.57", "killed": "3/?/?/?",
		"source": "Synthetic Times", "dataset": "synthetic", "nexus": "yes", "perp": "TTP", "raw": "Tehreek-e-Taliban",
	}}})
}
