package importer

import (
	"maps"
	"regexp"
	"testing"
)

// acledExtract is the 16-column layout of the reduced ACLED extract in ../shared.
var acledExtract = []string{"event_date", "year", "event_type", "sub_event_type", "actor1", "actor2",
	"interaction", "admin1", "admin2", "location", "latitude", "longitude", "fatalities",
	"civilian_targeting", "notes", "month"}

// acledFull is the layout of a full ACLED export.
var acledFull = []string{"event_id_cnty", "event_date", "year", "time_precision", "disorder_type",
	"event_type", "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2",
	"inter2", "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
	"admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
	"fatalities", "tags", "timestamp"}

// acledRow is a synthetic ACLED row (an invented IED attack) with some fields changed.
func acledRow(change map[string]string) map[string]string {
	r := map[string]string{
		"event_id_cnty": "PAK90001", "event_date": "2023-03-03", "year": "2023", "time_precision": "1",
		"disorder_type": "Political violence", "event_type": "Explosions/Remote violence",
		"sub_event_type": "Remote explosive/landmine/IED", "actor1": "BLA: Baloch Liberation Army",
		"inter1": "2", "actor2": "Police Forces of Pakistan (2022-)", "inter2": "1",
		"interaction": "State forces-Rebel group", "iso": "586", "region": "Southern Asia", "country": "Pakistan",
		"admin1": "Balochistan", "admin2": "Kech", "admin3": "Turbat", "location": "Turbat",
		"latitude": "26.0", "longitude": "63.0", "geo_precision": "1", "source": "Synthetic Daily",
		"source_scale": "National", "fatalities": "3", "civilian_targeting": "", "month": "2023-03",
		"notes":     "On 3 March 2023, BLA militants detonated an IED targeting a police vehicle (SYNTHETIC test row). BLA claimed responsibility. 3 fatalities.",
		"timestamp": "1678000000",
	}
	maps.Copy(r, change)
	return r
}

func TestACLED(t *testing.T) {
	cases := []rowCase{
		{name: "claimed IED on police", row: acledRow(nil), want: map[string]string{
			"id": "acled-5c42cfbddab12b47", "date": "2023-03-03", "prec": "day",
			"province": "Balochistan", "district": "Kech", "place": "Turbat", "coords": "26,63",
			"perp": "Balochistan Liberation Army", "raw": "BLA: Baloch Liberation Army", "attr": "claimed",
			"attack": "IED", "target": "police", "killed": "3/?/?/?", "injured": "?", "hostages": "?",
			"nexus": "unknown", "marking": "TLP:CLEAR", "dataset": "acled", "source": "ACLED", "rel": "B",
			"text": "On 3 March 2023, BLA militants detonated an IED targeting a police vehicle (SYNTHETIC test row). BLA claimed responsibility. 3 fatalities.",
		}},
		{name: "claim after the name", row: acledRow(map[string]string{"notes": "BLA militants fired at a post. BLA claim two soldiers were killed."}),
			want: map[string]string{"attr": "claimed"}},
		{name: "claimed by", row: acledRow(map[string]string{"notes": "Two soldiers were killed, as claimed by BLA."}),
			want: map[string]string{"attr": "claimed"}},
		{name: "passive claim about a victim is no claim", row: acledRow(map[string]string{
			"notes": "BLA militants shot dead a man claimed to have been an informant."}),
			want: map[string]string{"attr": "official", "attack": "IED"}},
		{name: "another group's claim", row: acledRow(map[string]string{"notes": "BLA militants fired at a post. BLF claim two soldiers were killed."}),
			want: map[string]string{"attr": "official"}},
		{name: "suspected", row: acledRow(map[string]string{"notes": "An IED went off; suspected BLA militants planted it."}),
			want: map[string]string{"attr": "suspected"}},
		{name: "generic separatists name no group", row: acledRow(map[string]string{"actor1": "Baloch Separatists (Pakistan)",
			"notes": "Unidentified assailants (coded as Baloch Separatists) planted an IED."}),
			want: map[string]string{"perp": "unknown", "raw": "Baloch Separatists (Pakistan)", "attr": "unknown"}},
		{name: "frontier corps are security forces", row: acledRow(map[string]string{"actor2": "Police Forces of Pakistan (2022-) Frontier Corps"}),
			want: map[string]string{"target": "security forces"}},
		{name: "levies are security forces", row: acledRow(map[string]string{"actor2": "Police Forces of Pakistan (2018-2022) Balochistan Levies"}),
			want: map[string]string{"target": "security forces"}},
		{name: "military", row: acledRow(map[string]string{"actor2": "Military Forces of Pakistan (2018-2022)"}),
			want: map[string]string{"target": "security forces"}},
		{name: "foreign civilians", row: acledRow(map[string]string{"actor2": "Civilians (China)"}),
			want: map[string]string{"target": "foreign nationals"}},
		{name: "militia has no canonical target", row: acledRow(map[string]string{"actor2": "Militia (Pro-Government)"}),
			want: map[string]string{"target": ""}},
		{name: "armed clash", row: acledRow(map[string]string{"event_type": "Battles", "sub_event_type": "Armed clash",
			"fatalities": "4", "notes": "BLF militants attacked a check post."}),
			want: map[string]string{"attack": "armed assault", "killed": "0–4 (best 4)/?/?/?"}},
		{name: "ambush", row: acledRow(map[string]string{"event_type": "Battles", "sub_event_type": "Armed clash",
			"notes": "BLA militants ambushed a convoy."}), want: map[string]string{"attack": "ambush"}},
		{name: "suicide bomb counts the bomber out", row: acledRow(map[string]string{"sub_event_type": "Suicide bomb", "fatalities": "5"}),
			want: map[string]string{"attack": "suicide bombing", "killed": "4–5 (best 4)/?/?/?"}},
		{name: "shelling", row: acledRow(map[string]string{"sub_event_type": "Shelling/artillery/missile attack"}),
			want: map[string]string{"attack": "rocket/mortar"}},
		{name: "grenade", row: acledRow(map[string]string{"sub_event_type": "Grenade"}), want: map[string]string{"attack": "other"}},
		{name: "targeted killing of a civilian", row: acledRow(map[string]string{"event_type": "Violence against civilians",
			"sub_event_type": "Attack", "actor2": "Civilians (Pakistan)", "civilian_targeting": "Civilian targeting",
			"fatalities": "1", "notes": "BLF militants shot dead a man."}),
			want: map[string]string{"attack": "targeted killing", "target": "civilians", "killed": "1/?/1/?"}},
		{name: "abduction", row: acledRow(map[string]string{"event_type": "Violence against civilians",
			"sub_event_type": "Abduction/forced disappearance", "fatalities": "0"}),
			want: map[string]string{"attack": "hostage-taking", "killed": "0/0/0/0"}},
		{name: "infrastructure from the notes", row: acledRow(map[string]string{"actor2": "", "interaction": "Rebel group only",
			"fatalities": "0", "notes": "BLA militants blew up a mobile tower."}), want: map[string]string{"target": "infrastructure"}},
		{name: "week precision from the notes", row: acledRow(map[string]string{"time_precision": "", "notes": "Around 7 March 2023 (week of), BLA militants planted an IED."}),
			want: map[string]string{"date": "2023-03", "prec": "month"}},
		{name: "older date format", row: acledRow(map[string]string{"event_date": "3 March 2023"}), want: map[string]string{"date": "2023-03-03"}},

		{name: "negative fatalities", row: acledRow(map[string]string{"fatalities": "-1"}), err: `line 2: fatalities: "-1" is negative`},
		{name: "unparseable fatalities", row: acledRow(map[string]string{"fatalities": "3 or 4"}), err: `line 2: fatalities: "3 or 4" is not a number`},
		{name: "no such date", row: acledRow(map[string]string{"event_date": "2023-02-30"}),
			err: `line 2: event_date: "2023-02-30" is not a date (YYYY-MM-DD or 2 January 2020)`},
	}
	runRowCases(t, FormatACLED, acledExtract, "", Options{Resolvers: fakes}, cases)

	full := []rowCase{
		{name: "full export", row: acledRow(map[string]string{"assoc_actor_2": "", "time_precision": "2", "geo_precision": "2"}), want: map[string]string{
			"id": "acled-PAK90001", "date": "2023-03", "geo": "tehsil", "reported": "2023-03-05T07:06:40Z",
			"text": "On 3 March 2023, BLA militants detonated an IED targeting a police vehicle (SYNTHETIC test row). BLA claimed responsibility. 3 fatalities.\n\nSources: Synthetic Daily",
		}},
		{name: "teachers", row: acledRow(map[string]string{"actor2": "Civilians (Pakistan)", "assoc_actor_2": "Teachers (Pakistan)"}),
			want: map[string]string{"target": "education"}},
		{name: "geo precision 3", row: acledRow(map[string]string{"geo_precision": "3", "admin2": "Awaran", "location": "Awaran"}), want: map[string]string{"geo": "province"}},
		{name: "bad time precision", row: acledRow(map[string]string{"time_precision": "7"}), err: `line 2: time_precision: "7" is not 1, 2 or 3`},
		{name: "bad geo precision", row: acledRow(map[string]string{"geo_precision": "0"}), err: `line 2: geo_precision: "0" is not 1, 2 or 3`},
		{name: "bad timestamp", row: acledRow(map[string]string{"timestamp": "yesterday"}), err: `line 2: timestamp: "yesterday" is not a Unix time`},
	}
	runRowCases(t, FormatACLED, acledFull, "", Options{Resolvers: fakes}, full)
}

// TestACLEDContentID checks the ids of rows without event_id_cnty: stable, the same for
// reordered columns, different for different rows.
func TestACLEDContentID(t *testing.T) {
	row := acledRow(nil)
	reversed := make([]string, len(acledExtract))
	for i, c := range acledExtract {
		reversed[len(reversed)-1-i] = c
	}
	a, _ := mustRead(t, FormatACLED, csvText(acledExtract, "", row, acledRow(map[string]string{"fatalities": "4"})), Options{})
	b, _ := mustRead(t, FormatACLED, csvText(reversed, "", row), Options{})
	if len(a) != 2 || len(b) != 1 {
		t.Fatalf("got %d and %d reports", len(a), len(b))
	}
	if !regexp.MustCompile(`^acled-[0-9a-f]{16}$`).MatchString(a[0].ID) {
		t.Errorf("id %q is not acled-<16 hex digits>", a[0].ID)
	}
	if a[0].ID != b[0].ID {
		t.Errorf("reordered columns changed the id: %s vs %s", a[0].ID, b[0].ID)
	}
	if a[0].ID == a[1].ID {
		t.Errorf("different rows share the id %s", a[0].ID)
	}
}
