package importer

import (
	"strings"
	"testing"
)

func TestJSONL(t *testing.T) {
	// The INTERCHANGE.md example report, with names in other spellings.
	const example = `{"id": "r-17", "source": "Dawn", "source_reliability": "B",
 "reported_at": "2024-11-09T13:05:00Z", "text": "optional free text",
 "date": "2024-11-09", "province": "Baluchistan", "district": "Quetta",
 "place": "Quetta railway station", "lat": 30.1920, "lon": 67.0060,
 "perpetrator": "BLA", "attribution": "claimed",
 "attack_type": "suicide bombing", "target_type": "transport",
 "killed": {"total": 26, "security": 14, "civilians": 12, "militants": 1},
 "injured": 62, "hostages": 0, "cross_border_nexus": "unknown", "hash": "stale"}`
	tests := []struct {
		name string
		line string
		want map[string]string
		err  string
	}{
		{name: "interchange example", line: strings.ReplaceAll(example, "\n", ""), want: map[string]string{
			"id": "r-17", "source": "Dawn", "rel": "B", "reported": "2024-11-09T13:05:00Z", "text": "optional free text",
			"date": "2024-11-09", "province": "Balochistan", "district": "Quetta", "place": "Quetta railway station",
			"coords": "30.192,67.006", "perp": "Balochistan Liberation Army", "raw": "BLA", "attr": "claimed",
			"attack": "suicide bombing", "target": "transport", "killed": "26/14/12/1", "injured": "62", "hostages": "0",
			"nexus": "unknown", "marking": "TLP:AMBER", "owner": "system",
		}},
		{name: "only an id", line: `{"id":"r-1"}`, want: map[string]string{"perp": "unknown", "attr": "unknown", "killed": "?/?/?/?"}},
		{name: "range", line: `{"id":"r-1","killed":{"low":3,"high":5}}`, want: map[string]string{"killed": "3–5 (best 3)/?/?/?"}},
		{name: "raw spelling kept", line: `{"id":"r-1","perpetrator":"TTP","perpetrator_raw":"Tehreek-e-Taliban"}`,
			want: map[string]string{"perp": "Tehrik-i-Taliban Pakistan", "raw": "Tehreek-e-Taliban"}},
		{name: "not JSON", line: `{"id": "r-1",`, err: "line 1: report is not a JSON object of the report format: unexpected end of JSON input"},
		{name: "no id", line: `{"date":"2024-01-01"}`, err: "line 1: id: is missing"},
		{name: "bad attack type", line: `{"id":"r-1","attack_type":"drone"}`, err: `line 1: attack_type "drone" is not a canonical attack type`},
		{name: "negative count", line: `{"id":"r-1","injured":-2}`, err: `line 1: injured: -2 is not a non-negative integer or a {low, best, high} object`},
		{name: "split above total", line: `{"id":"r-1","killed":{"total":2,"security":3,"civilians":1}}`,
			err: "line 1: killed: security 3 + civilians 1 exceed total 2"},
		{name: "bad coordinates", line: `{"id":"r-1","lat":95,"lon":70}`, err: "line 1: coordinates 95,70 are out of range"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reports, rejected := mustRead(t, FormatJSONL, tt.line+"\n", Options{Resolvers: fakes})
			checkOne(t, reports, rejected, tt.want, tt.err)
			if len(reports) == 1 && reports[0].Hash != "" {
				t.Errorf("hash %q kept; the store must compute it", reports[0].Hash)
			}
		})
	}
}

// TestJSONLStream checks physical line numbers with blank lines, CRLF and a byte-order
// mark, reading on after bad lines, an over-long line and a last line without a newline.
func TestJSONLStream(t *testing.T) {
	input := "\uFEFF{\"id\":\"r-1\"}\r\n" + // 1
		"\r\n" + // 2: blank
		"not json\n" + // 3
		`{"id":"r-4"}` + "\n" + // 4
		`{"id":"` + strings.Repeat("x", maxLine) + `"}` + "\n" + // 5: too long
		`{"id":"r-6"}` // 6, no newline
	r, err := NewReader(FormatJSONL, strings.NewReader(input), "x.jsonl", Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := rowLines(t, r)
	want := []string{
		"1 r-1",
		"3 line 3: report is not a JSON object of the report format: invalid character 'o' in literal null (expecting 'u')",
		"4 r-4",
		"5 line 5: line is longer than 8 MiB",
		"6 r-6",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestParseFormat(t *testing.T) {
	for _, f := range Formats() {
		if g, err := ParseFormat(strings.ToUpper(string(f))); err != nil || g != f {
			t.Errorf("ParseFormat(%q) = %q, %v", f, g, err)
		}
	}
	if _, err := ParseFormat("xlsx"); err == nil || err.Error() != `format "xlsx" is not one of gtd, acled, ucdp, pbc, csv, jsonl` {
		t.Errorf("ParseFormat(xlsx) error = %v", err)
	}
	if _, err := NewReader("xlsx", strings.NewReader(""), "x", Options{}); err == nil {
		t.Error("NewReader accepted format xlsx")
	}
}
