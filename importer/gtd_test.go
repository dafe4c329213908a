package importer

import (
	"errors"
	"io"
	"maps"
	"strings"
	"testing"

	"github.com/sarhad-osint/sarhad"
)

// gtdEventID is the first GTD column as R writes it: the UTF-8 byte-order mark read as
// Latin-1 and mangled by make.names, leaving one stray 0xEF byte before "..eventid".
const gtdEventID = "\xef..eventid"

// gtdHeader is the GTD layout of the R export: a row-index column, then the 137 GTD
// variables of the codebook.
var gtdHeader = []string{"", gtdEventID,
	"iyear", "imonth", "iday", "approxdate", "extended", "resolution", "country", "country_txt",
	"region", "region_txt", "provstate", "city", "latitude", "longitude", "specificity", "vicinity",
	"location", "summary", "crit1", "crit2", "crit3", "doubtterr", "alternative", "alternative_txt",
	"multiple", "success", "suicide", "attacktype1", "attacktype1_txt", "attacktype2",
	"attacktype2_txt", "attacktype3", "attacktype3_txt", "targtype1", "targtype1_txt", "targsubtype1",
	"targsubtype1_txt", "corp1", "target1", "natlty1", "natlty1_txt", "targtype2", "targtype2_txt",
	"targsubtype2", "targsubtype2_txt", "corp2", "target2", "natlty2", "natlty2_txt", "targtype3",
	"targtype3_txt", "targsubtype3", "targsubtype3_txt", "corp3", "target3", "natlty3", "natlty3_txt",
	"gname", "gsubname", "gname2", "gsubname2", "gname3", "ingroup", "ingroup2", "ingroup3",
	"gsubname3", "motive", "guncertain1", "guncertain2", "guncertain3", "nperps", "nperpcap",
	"claimed", "claimmode", "claimmode_txt", "claim2", "claimmode2", "claimmode2_txt", "claim3",
	"claimmode3", "claimmode3_txt", "compclaim", "weaptype1", "weaptype1_txt", "weapsubtype1",
	"weapsubtype1_txt", "weaptype2", "weaptype2_txt", "weapsubtype2", "weapsubtype2_txt", "weaptype3",
	"weaptype3_txt", "weapsubtype3", "weapsubtype3_txt", "weaptype4", "weaptype4_txt", "weapsubtype4",
	"weapsubtype4_txt", "weapdetail", "nkill", "nkillus", "nkillter", "nwound", "nwoundus",
	"nwoundte", "property", "propextent", "propextent_txt", "propvalue", "propcomment", "ishostkid",
	"nhostkid", "nhostkidus", "nhours", "ndays", "divert", "kidhijcountry", "ransom", "ransomamt",
	"ransomamtus", "ransompaid", "ransompaidus", "ransomnote", "hostkidoutcome", "hostkidoutcome_txt",
	"nreleased", "addnotes", "scite1", "scite2", "scite3", "dbsource", "INT_LOG", "INT_IDEO",
	"INT_MISC", "INT_ANY", "related",
}

// gtdRow is a synthetic GTD row (an invented police-post bombing) with some fields changed.
func gtdRow(change map[string]string) map[string]string {
	r := map[string]string{
		"": "1", gtdEventID: "201301050001", "iyear": "2013", "imonth": "1", "iday": "5", "approxdate": "",
		"country": "153", "country_txt": "Pakistan", "provstate": "Khyber Pakhtunkhwa", "city": "Peshawar",
		"latitude": "34.0", "longitude": "71.5", "specificity": "1", "vicinity": "0", "location": "",
		"summary": "01/05/2013: SYNTHETIC test row. An explosive device detonated near a police post.",
		"suicide": "0", "attacktype1": "3", "attacktype1_txt": "Bombing/Explosion",
		"targtype1": "3", "targtype1_txt": "Police", "targsubtype1": "24", "natlty1": "153",
		"gname": "Tehrik-i-Taliban Pakistan (TTP)", "guncertain1": "0", "claimed": "1",
		"weaptype1": "6", "weapsubtype1": "16", "nkill": "5", "nkillter": "1", "nwound": "12",
		"ishostkid": "0", "nhostkid": "NA", "INT_LOG": "0",
	}
	maps.Copy(r, change)
	return r
}

func TestGTD(t *testing.T) {
	cases := []rowCase{
		{name: "claimed bombing", row: gtdRow(nil), want: map[string]string{
			"id": "gtd-201301050001", "date": "2013-01-05", "prec": "day",
			"province": "Khyber Pakhtunkhwa", "district": "Peshawar", "place": "Peshawar", "coords": "34,71.5", "geo": "town",
			"perp": "Tehrik-i-Taliban Pakistan", "raw": "Tehrik-i-Taliban Pakistan (TTP)", "attr": "claimed",
			"attack": "IED", "target": "police", "killed": "4/?/?/1", "injured": "12", "hostages": "0",
			"nexus": "unknown", "marking": "TLP:CLEAR", "owner": "system",
			"dataset": "gtd", "source": "GTD", "rel": "B",
			"text": "01/05/2013: SYNTHETIC test row. An explosive device detonated near a police post.",
		}},
		{name: "suicide without nkillter counts the bomber out", row: gtdRow(map[string]string{
			"suicide": "1", "nkill": "10", "nkillter": "NA", "weapsubtype1": "13"}),
			want: map[string]string{"attack": "suicide bombing", "killed": "9–10 (best 9)/?/?/?"}},
		{name: "suicide assault with explosives", row: gtdRow(map[string]string{
			"suicide": "1", "attacktype1": "1", "weaptype1": "6"}), want: map[string]string{"attack": "suicide bombing"}},
		{name: "fractional deaths of linked attacks", row: gtdRow(map[string]string{"nkill": "6.75", "nkillter": "0", "nwound": "0.5"}),
			want: map[string]string{"killed": "6–7 (best 7)/?/?/0", "injured": "0–1 (best 1)"}},
		{name: "nkill unknown", row: gtdRow(map[string]string{"nkill": "NA", "nkillter": "2"}),
			want: map[string]string{"killed": "?/?/?/2"}},
		{name: "day unknown", row: gtdRow(map[string]string{"iday": "0"}), want: map[string]string{"date": "2013-01", "prec": "month"}},
		{name: "month unknown", row: gtdRow(map[string]string{"imonth": "0", "iday": "0"}), want: map[string]string{"date": "2013", "prec": "year"}},
		{name: "approxdate range in a month", row: gtdRow(map[string]string{"iday": "27", "approxdate": "January 25-29, 2013"}),
			want: map[string]string{"date": "2013-01"}},
		{name: "approxdate range over a year end", row: gtdRow(map[string]string{"iday": "1", "approxdate": "December 25, 2012 - January 8, 2013"}),
			want: map[string]string{"date": "2013"}},
		{name: "approxdate month only", row: gtdRow(map[string]string{"iday": "1", "approxdate": "January 2013"}),
			want: map[string]string{"date": "2013-01"}},
		{name: "approxdate single day keeps the coded day", row: gtdRow(map[string]string{"approxdate": "2013-01-04 00:00:00"}),
			want: map[string]string{"date": "2013-01-05"}},
		{name: "approxdate unreadable is ignored", row: gtdRow(map[string]string{"approxdate": "early in the month"}),
			want: map[string]string{"date": "2013-01-05"}},
		{name: "unknown group", row: gtdRow(map[string]string{"gname": "Unknown", "claimed": "0"}),
			want: map[string]string{"perp": "unknown", "raw": "", "attr": "unknown"}},
		{name: "group not in the registry keeps its spelling", row: gtdRow(map[string]string{"gname": "Synthetic Front"}),
			want: map[string]string{"perp": "unknown", "raw": "Synthetic Front", "attr": "unknown"}},
		{name: "uncertain attribution", row: gtdRow(map[string]string{"claimed": "0", "guncertain1": "1"}),
			want: map[string]string{"attr": "suspected"}},
		{name: "attributed, unclaimed", row: gtdRow(map[string]string{"claimed": "-9"}), want: map[string]string{"attr": "official"}},
		{name: "hostages of unknown number", row: gtdRow(map[string]string{"ishostkid": "1", "nhostkid": "-99", "attacktype1": "6"}),
			want: map[string]string{"hostages": "?", "attack": "hostage-taking"}},
		{name: "hostages counted", row: gtdRow(map[string]string{"ishostkid": "1", "nhostkid": "4"}), want: map[string]string{"hostages": "4"}},
		{name: "unknown whether hostages", row: gtdRow(map[string]string{"ishostkid": "-9"}), want: map[string]string{"hostages": "?"}},
		{name: "vicinity of a town", row: gtdRow(map[string]string{"vicinity": "1"}), want: map[string]string{"geo": "tehsil"}},
		{name: "province centroid", row: gtdRow(map[string]string{"specificity": "4", "city": "Unknown"}),
			want: map[string]string{"geo": "province", "place": "", "district": ""}},
		{name: "no coordinates", row: gtdRow(map[string]string{"specificity": "5", "latitude": "NA", "longitude": "NA", "provstate": "Unknown", "city": "Unknown"}),
			want: map[string]string{"geo": "country", "coords": "", "province": ""}},
		{name: "old province name", row: gtdRow(map[string]string{"provstate": "North-West Frontier Province"}),
			want: map[string]string{"province": "Khyber Pakhtunkhwa"}},
		{name: "foreign business", row: gtdRow(map[string]string{"targtype1": "1", "targsubtype1": "12", "natlty1": "44"}),
			want: map[string]string{"target": "foreign nationals"}},
		{name: "rocket", row: gtdRow(map[string]string{"weapsubtype1": "11"}), want: map[string]string{"attack": "rocket/mortar"}},
		{name: "grenade", row: gtdRow(map[string]string{"weapsubtype1": "7"}), want: map[string]string{"attack": "other"}},
		{name: "unknown attack type", row: gtdRow(map[string]string{"attacktype1": "9"}), want: map[string]string{"attack": ""}},
		{name: "election target", row: gtdRow(map[string]string{"targtype1": "2", "targsubtype1": "19"}),
			want: map[string]string{"target": "political gathering"}},
		{name: "militia target has no canonical type", row: gtdRow(map[string]string{"targtype1": "17"}), want: map[string]string{"target": ""}},

		{name: "bad day", row: gtdRow(map[string]string{"iday": "3x"}), err: `line 2: iday: "3x" is not a day`},
		{name: "no such day", row: gtdRow(map[string]string{"imonth": "2", "iday": "30"}), err: `line 2: iday: 30 is not a day of 2013-02`},
		{name: "bad month", row: gtdRow(map[string]string{"imonth": "13"}), err: `line 2: imonth: "13" is not a month`},
		{name: "no year", row: gtdRow(map[string]string{"iyear": "NA"}), err: `line 2: iyear: is missing`},
		{name: "negative count", row: gtdRow(map[string]string{"nwound": "-5"}), err: `line 2: nwound: "-5" is negative`},
		{name: "unparseable count", row: gtdRow(map[string]string{"nkill": "five"}), err: `line 2: nkill: "five" is not a number`},
		{name: "not a code", row: gtdRow(map[string]string{"attacktype1": "3.5"}), err: `line 2: attacktype1: "3.5" is not a code number`},
		{name: "more perpetrators dead than dead", row: gtdRow(map[string]string{"nkill": "1", "nkillter": "3"}),
			err: `line 2: nkillter: 3 perpetrators killed exceed nkill 1`},
		{name: "latitude out of range", row: gtdRow(map[string]string{"latitude": "340"}), err: `line 2: latitude: 340 is out of range (-90 to 90)`},
		{name: "no event id", row: gtdRow(map[string]string{gtdEventID: ""}), err: `line 2: eventid: "" is not a GTD event id`},
	}
	runRowCases(t, FormatGTD, gtdHeader, "NA", Options{Resolvers: fakes}, cases)
}

// TestGTDRawNames checks that without resolvers names stay as the file writes them.
func TestGTDRawNames(t *testing.T) {
	reports, rejected := mustRead(t, FormatGTD, csvText(gtdHeader, "NA", gtdRow(map[string]string{"provstate": "North-West Frontier Province"})), Options{})
	checkOne(t, reports, rejected, map[string]string{
		"province": "North-West Frontier Province", "perp": "Tehrik-i-Taliban Pakistan (TTP)",
		"raw": "Tehrik-i-Taliban Pakistan (TTP)", "attr": "claimed", "geo": "town",
	}, "")
}

// TestGTDStream checks physical line numbers across quoted newlines, that reading goes on
// after rejected rows (including malformed CSV), and the file-level errors.
func TestGTDStream(t *testing.T) {
	var b strings.Builder
	b.WriteString(csvText(gtdHeader, "NA",
		gtdRow(map[string]string{"summary": "line one\nline two\nline three"}), // lines 2–4
		gtdRow(map[string]string{gtdEventID: "201301050002", "iday": "3x"}),    // line 5
		gtdRow(map[string]string{gtdEventID: "201301050003"}),                  // line 6
	))
	b.WriteString("\n")                                                                                                            // a blank line 7 is skipped
	b.WriteString(strings.Repeat(",", len(gtdHeader)-1) + "\n")                                                                    // line 8: only commas, skipped
	b.WriteString("1,201301050004,2013,1,5" + strings.Repeat(",", 140) + "\n")                                                     // line 9: too many fields
	b.WriteString("1,2013010\"50005,2013\n")                                                                                       // line 10: a bare quote
	b.WriteString(csvText(gtdHeader, "NA", gtdRow(map[string]string{gtdEventID: "201301050006"}))[len(csvText(gtdHeader, "NA")):]) // line 11

	r, err := NewReader(FormatGTD, strings.NewReader(b.String()), "synthetic.csv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := rowLines(t, r)
	want := []string{
		"2 gtd-201301050001",
		`5 line 5: iday: "3x" is not a day`,
		"6 gtd-201301050003",
		"9 line 9: row has 145 fields, the header has 138",
		`10 line 10: malformed CSV: bare " in non-quoted-field`,
		"11 gtd-201301050006",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if _, err := r.Next(); !errors.Is(err, io.EOF) {
		t.Errorf("Next after EOF = %v, want io.EOF", err)
	}
}

func TestCSVFileErrors(t *testing.T) {
	tests := []struct {
		name   string
		format Format
		input  string
		want   string
	}{
		{"empty", FormatGTD, "", "x.csv is empty: a gtd file starts with a header row"},
		{"wrong format", FormatGTD, "event_date,actor1\n2024-01-01,X\n", "x.csv: the header lacks the gtd column(s) eventid, iyear, imonth, iday; is --format gtd right?"},
		{"acled without fatalities", FormatACLED, "event_date,event_type,sub_event_type,actor1\n", "x.csv: the header lacks the acled column(s) fatalities; is --format acled right?"},
		{"broken header", FormatPBC, "S#,\"Date\n", `x.csv: the header row is not valid CSV (line 1: extraneous or missing " in quoted-field)`},
		{"csv without id", FormatCSV, "date,province\n", "x.csv: the header lacks the csv column(s) id; is --format csv right?"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewReader(tt.format, strings.NewReader(tt.input), "x.csv", Options{})
			if err == nil || err.Error() != tt.want {
				t.Errorf("NewReader error = %v\n want %s", err, tt.want)
			}
			if sarhad.ErrorCode(err) != sarhad.EINVALID {
				t.Errorf("code = %q, want invalid", sarhad.ErrorCode(err))
			}
		})
	}
}

func TestNormName(t *testing.T) {
	for in, want := range map[string]string{
		"\xef..eventid": "eventid", "ï..eventid": "eventid", "\uFEFFeventid": "eventid", "Killed Min": "killed_min",
		"S#": "s", "Open/Closed Space": "open_closed_space", "INT_LOG": "int_log", "": "", "Temperature(C)": "temperature_c",
	} {
		if got := normName(decodeField(in)); got != want {
			t.Errorf("normName(%q) = %q, want %q", in, got, want)
		}
	}
}
