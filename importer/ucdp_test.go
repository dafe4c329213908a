package importer

import (
	"encoding/csv"
	"maps"
	"os"
	"testing"

	"github.com/sarhad-osint/sarhad"
)

const ucdpFixture = "testdata/ucdp_ged_synthetic.csv"

// TestUCDPFixture reads the synthetic GED file and checks every event.
func TestUCDPFixture(t *testing.T) {
	f, err := os.Open(ucdpFixture)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := NewReader(FormatUCDP, f, ucdpFixture, Options{Resolvers: fakes})
	if err != nil {
		t.Fatal(err)
	}
	reports, rejected := readAll(t, r)
	if len(rejected) != 0 || len(reports) != 6 {
		t.Fatalf("%d reports, %d rejected (%v); want 6 and 0", len(reports), len(rejected), rejected)
	}
	want := map[string]map[string]string{
		"ucdp-900001": { // state-based: side B is the attacker, side A the security forces
			"date": "2014-06-15", "province": "Khyber Pakhtunkhwa", "district": "North Waziristan", "place": "Mir Ali",
			"geo": "town", "perp": "Tehrik-i-Taliban Pakistan", "raw": "TTP", "attr": "official",
			"attack": "", "target": "security forces", "killed": "4–7 (best 4)/3/1/5",
			"dataset": "ucdp", "source": "UCDP GED", "rel": "B", "marking": "TLP:CLEAR",
			"text": "SYNTHETIC: militants attack a security post\n\nDyad: Government of Pakistan - TTP\n\nLocation: SYNTHETIC: near the bazaar of Mir Ali\n\nSources: Synthetic Wire",
		},
		"ucdp-900002": { // one-sided by a group, dated over three days
			"date": "2014-06", "prec": "month", "district": "Peshawar", "geo": "district", "target": "civilians",
			"perp": "Tehrik-i-Taliban Pakistan", "killed": "7–10 (best 7)/?/7/0",
		},
		"ucdp-900003": { // two non-state groups: no attacker
			"date": "2014-07", "perp": "unknown", "raw": "", "attr": "unknown", "geo": "province",
			"killed": "0/?/0/4", "target": "",
		},
		"ucdp-900004": { // two states
			"date": "2014", "prec": "year", "perp": "unknown", "target": "security forces",
			"killed": "3/3/0/?", "geo": "province",
		},
		"ucdp-900005": { // one-sided by a state: the state is kept as written, not resolved
			"perp": "unknown", "raw": "Government of Pakistan", "attr": "unknown", "killed": "2/0/2/?",
		},
		"ucdp-900006": { // unclear event: suspected
			"attr": "suspected", "killed": "1–2 (best 2)/1/0/1",
		},
	}
	for _, rep := range reports {
		w, ok := want[rep.ID]
		if !ok {
			t.Errorf("unexpected report %s", rep.ID)
			continue
		}
		got := fieldsOf(rep)
		for k, v := range w {
			if got[k] != v {
				t.Errorf("%s: %s = %q, want %q", rep.ID, k, got[k], v)
			}
		}
	}
}

// ucdpRows returns the fixture's header and its first row as a column → value map.
func ucdpRows(t *testing.T) ([]string, map[string]string) {
	t.Helper()
	f, err := os.Open(ucdpFixture)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	row := map[string]string{}
	for i, c := range recs[0] {
		row[c] = recs[1][i]
	}
	return recs[0], row
}

func TestUCDPRows(t *testing.T) {
	header, base := ucdpRows(t)
	with := func(change map[string]string) map[string]string {
		r := maps.Clone(base)
		maps.Copy(r, change)
		return r
	}
	cases := []rowCase{
		{name: "no end date", row: with(map[string]string{"date_end": ""}), want: map[string]string{"date": "2014-06-15"}},
		{name: "date precision caps the date", row: with(map[string]string{"date_prec": "4"}), want: map[string]string{"date": "2014-06"}},
		{name: "no best estimate", row: with(map[string]string{"best": "", "low": "", "high": ""}), want: map[string]string{"killed": "?/?/?/?"}},
		{name: "low above best", row: with(map[string]string{"low": "10"}), err: "line 2: low: 10 is above best 9"},
		{name: "high below best", row: with(map[string]string{"high": "8"}), err: "line 2: high: 8 is below best 9"},
		{name: "end before start", row: with(map[string]string{"date_end": "2014-06-14"}), err: "line 2: date_end: 2014-06-14 is before date_start 2014-06-15"},
		{name: "bad start", row: with(map[string]string{"date_start": "15/06/2014"}), err: `line 2: date_start: "15/06/2014" is not a date (YYYY-MM-DD)`},
		{name: "bad type", row: with(map[string]string{"type_of_violence": "4"}), err: `line 2: type_of_violence: "4" is not 1, 2 or 3`},
		{name: "bad id", row: with(map[string]string{"id": "x1"}), err: `line 2: id: "x1" is not a UCDP event id`},
		{name: "negative deaths", row: with(map[string]string{"deaths_b": "-2"}), err: `line 2: deaths_b: "-2" is negative`},
		{name: "attackers above best", row: with(map[string]string{"deaths_b": "20", "high": "30"}), err: "line 2: best: 9 is below the attackers' deaths 20"},
		{name: "bad date precision", row: with(map[string]string{"date_prec": "9"}), err: `line 2: date_prec: "9" is not 1 to 5`},
	}
	runRowCases(t, FormatUCDP, header, "", Options{}, cases)
}

// TestMarkingAndOwner checks the marking rules: the data-set default, an option applied
// to rows without a marking, and that a row's own marking is never lowered.
func TestMarkingAndOwner(t *testing.T) {
	tests := []struct {
		name   string
		format Format
		input  string
		opt    Options
		want   sarhad.Marking
		owner  string
	}{
		{"data set default", FormatPBC, pbcText(pbcRow(nil)), Options{}, sarhad.TLPClear, "system"},
		{"data set with option", FormatPBC, pbcText(pbcRow(nil)), Options{Marking: sarhad.TLPGreen, Owner: "ctd-kp"}, sarhad.TLPGreen, "ctd-kp"},
		{"csv default", FormatCSV, "id\nr-1\n", Options{}, sarhad.TLPAmber, "system"},
		{"csv row marking", FormatCSV, "id,marking,owner\nr-1,red,fc\n", Options{}, sarhad.TLPRed, "fc"},
		{"csv row marking is not lowered", FormatCSV, "id,marking\nr-1,TLP:RED\n", Options{Marking: sarhad.TLPClear}, sarhad.TLPRed, "system"},
		{"csv row marking is raised", FormatCSV, "id,marking\nr-1,clear\n", Options{Marking: sarhad.TLPAmber, Owner: "ctd-kp"}, sarhad.TLPAmber, "ctd-kp"},
		{"jsonl row marking", FormatJSONL, `{"id":"r-1","marking":"TLP:GREEN","owner":"fc"}`, Options{}, sarhad.TLPGreen, "fc"},
		{"jsonl default", FormatJSONL, `{"id":"r-1"}`, Options{}, sarhad.TLPAmber, "system"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reports, rejected := mustRead(t, tt.format, tt.input, tt.opt)
			if len(reports) != 1 || len(rejected) != 0 {
				t.Fatalf("%d reports, %d rejected %v", len(reports), len(rejected), rejected)
			}
			if reports[0].Marking != tt.want || reports[0].Owner != tt.owner {
				t.Errorf("marking, owner = %s, %s; want %s, %s", reports[0].Marking, reports[0].Owner, tt.want, tt.owner)
			}
		})
	}
	if _, err := NewReader(FormatCSV, nil, "x", Options{Marking: "TLP:BLUE"}); err == nil {
		t.Error("NewReader accepted the marking TLP:BLUE")
	}
}
