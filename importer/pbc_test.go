package importer

import (
	"maps"
	"strings"
	"testing"
)

// pbcHeader is the layout of the Pakistan Body Count suicide-attack file.
var pbcHeader = []string{"S#", "Date", "Islamic Date", "Blast Day Type", "Holiday Type", "Time", "City",
	"Latitude", "Longitude", "Province", "Location", "Location Category", "Location Sensitivity",
	"Open/Closed Space", "Influencing Event/Event", "Target Type", "Targeted Sect if any", "Killed Min",
	"Killed Max", "Injured Min", "Injured Max", "No. of Suicide Blasts", "Explosive Weight (max)",
	"Hospital Names", "Temperature(C)", "Temperature(F)"}

// pbcRow is a synthetic PBC row (an invented attack) with some fields changed.
func pbcRow(change map[string]string) map[string]string {
	r := map[string]string{
		"S#": "9001", "Date": "Sunday-November 19-1995", "Blast Day Type": "Holiday", "Time": "N/A",
		"City": "Islamabad", "Latitude": "33.7", "Longitude": "73.1", "Province": "Capital",
		"Location": "SYNTHETIC embassy gate", "Location Category": "Foreign", "Location Sensitivity": "High",
		"Open/Closed Space": "Closed", "Target Type": "Foreigner", "Targeted Sect if any": "None",
		"Killed Min": "14", "Killed Max": "15", "Injured Min": "", "Injured Max": "60", "No. of Suicide Blasts": "2",
	}
	maps.Copy(r, change)
	return r
}

func pbcText(rows ...map[string]string) string { return csvText(pbcHeader, "", rows...) }

func TestPBC(t *testing.T) {
	cases := []rowCase{
		{name: "embassy attack", row: pbcRow(nil), want: map[string]string{
			"id": "pbc-9001", "date": "1995-11-19", "province": "Islamabad Capital Territory", "place": "Islamabad",
			"coords": "33.7,73.1", "geo": "town", "perp": "unknown", "attr": "unknown",
			"attack": "suicide bombing", "target": "foreign nationals", "killed": "14–15 (best 15)/?/?/?",
			"injured": "60", "hostages": "?", "dataset": "pbc", "source": "PBC", "rel": "C", "marking": "TLP:CLEAR",
			"text": "SYNTHETIC embassy gate",
		}},
		{name: "misspelt weekday", row: pbcRow(map[string]string{"Date": "Sturday-Nov-26-2016"}), want: map[string]string{"date": "2016-11-26"}},
		{name: "abbreviated month", row: pbcRow(map[string]string{"Date": "Thursday-Oct-22-2015"}), want: map[string]string{"date": "2015-10-22"}},
		{name: "min above max", row: pbcRow(map[string]string{"Killed Min": "11", "Killed Max": "10"}),
			want: map[string]string{"killed": "10–11 (best 11)/?/?/?"}},
		{name: "at least", row: pbcRow(map[string]string{"Injured Min": "40", "Injured Max": "40+"}), want: map[string]string{"injured": "40"}},
		{name: "URL in a count column", row: pbcRow(map[string]string{"Injured Min": "", "Injured Max": "http://example.org/synthetic-report"}),
			want: map[string]string{"injured": "?", "text": "SYNTHETIC embassy gate\n\nSources: http://example.org/synthetic-report"}},
		{name: "target from the location category", row: pbcRow(map[string]string{"Target Type": "", "Location Category": "Police"}),
			want: map[string]string{"target": "police"}},
		{name: "anti-militants have no canonical target", row: pbcRow(map[string]string{"Target Type": "Anti-Militants"}),
			want: map[string]string{"target": ""}},
		{name: "province code", row: pbcRow(map[string]string{"Province": "KPK", "City": "Peshawar"}),
			want: map[string]string{"province": "Khyber Pakhtunkhwa", "district": "Peshawar"}},
		{name: "no coordinates", row: pbcRow(map[string]string{"Latitude": "", "Longitude": "", "Province": "Baluchistan", "City": "Synthetic Town"}),
			want: map[string]string{"coords": "", "geo": "province", "province": "Balochistan"}},
		{name: "Windows-1252 text", row: pbcRow(map[string]string{"Location": "SYNTHETIC Peshawar\x92s bazaar"}),
			want: map[string]string{"text": "SYNTHETIC Peshawar’s bazaar"}},
		{name: "event text", row: pbcRow(map[string]string{"Influencing Event/Event": "SYNTHETIC procession"}),
			want: map[string]string{"text": "SYNTHETIC embassy gate\n\nSYNTHETIC procession"}},

		{name: "not a date", row: pbcRow(map[string]string{"Date": "Someday"}), err: `line 2: Date: "Someday" is not a date (Sunday-November 19-1995)`},
		{name: "no such day", row: pbcRow(map[string]string{"Date": "Monday-February 30-2015"}),
			err: `line 2: Date: "Monday-February 30-2015" is not a date (Sunday-November 19-1995)`},
		{name: "not a number", row: pbcRow(map[string]string{"Killed Max": "many"}), err: `line 2: Killed Max: "many" is not a number`},
		{name: "not a row number", row: pbcRow(map[string]string{"S#": "x"}), err: `line 2: S#: "x" is not a row number`},
		{name: "no date", row: pbcRow(map[string]string{"Date": ""}), err: `line 2: Date: "" is not a date (Sunday-November 19-1995)`},
	}
	runRowCases(t, FormatPBC, pbcHeader, "", Options{Resolvers: fakes}, cases)
}

// TestPBCShortAndFooter checks that a row short only of columns the importer does not
// read is accepted, that one short of a used column is rejected, and that the totals line
// at the end is skipped without a rejection.
func TestPBCShortAndFooter(t *testing.T) {
	full := pbcText(pbcRow(nil))
	header, row, _ := strings.Cut(full, "\n")
	fields := strings.Split(strings.TrimSpace(row), ",")
	input := header + "\n" +
		strings.Join(fields[:24], ",") + "\n" + // no temperatures: accepted
		strings.Join(fields[:18], ",") + "\n" + // no Killed Max and on: rejected
		strings.Repeat(",", 17) + "4916,6982,10876,17624,,,\n" // the totals line
	reports, rejected := mustRead(t, FormatPBC, input, Options{})
	if len(reports) != 1 || len(rejected) != 1 {
		t.Fatalf("%d reports, %d rejected; want 1 and 1", len(reports), len(rejected))
	}
	if got, want := rejected[0].Err.Error(), "line 3: row has 18 fields, the header has 26"; got != want {
		t.Errorf("error = %q, want %q", got, want)
	}
}

// TestUnterminatedQuote checks that a quote left open at the end of a file rejects the last
// row and ends the stream.
func TestUnterminatedQuote(t *testing.T) {
	input := pbcText(pbcRow(nil)) + "9002,\"Monday-June 29-2015,Lahore\n"
	r, err := NewReader(FormatPBC, strings.NewReader(input), "x.csv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(rowLines(t, r), "\n")
	want := "2 pbc-9001\n3 line 3: malformed CSV: extraneous or missing \" in quoted-field"
	if got != want {
		t.Errorf("rows:\n%s\nwant:\n%s", got, want)
	}
}
