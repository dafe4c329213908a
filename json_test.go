package sarhad_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/sarhad-osint/sarhad"
)

func TestReportJSONRoundTrip(t *testing.T) {
	in := `{"id": "r-17", "source": "Dawn", "source_reliability": "B",
 "reported_at": "2024-11-09T13:05:00Z", "text": "optional free text",
 "date": "2024-11-09", "province": "Balochistan", "district": "Quetta",
 "place": "Quetta railway station", "lat": 30.1920, "lon": 67.0060,
 "perpetrator": "BLA", "attribution": "claimed",
 "attack_type": "suicide bombing", "target_type": "transport",
 "killed": {"total": 26, "security": 14, "civilians": 12, "militants": 1},
 "injured": 62, "hostages": 0, "cross_border_nexus": "unknown"}`
	var r sarhad.Report
	if err := json.Unmarshal([]byte(in), &r); err != nil {
		t.Fatal(err)
	}
	if r.ID != "r-17" || r.Date != sarhad.NewDate(2024, 11, 9) || r.Killed.Total != sarhad.Exact(26) ||
		r.Killed.Security != sarhad.Exact(14) || r.Injured != sarhad.Exact(62) || r.Hostages != sarhad.Exact(0) ||
		r.AttackType != sarhad.AttackSuicide || r.Attribution != sarhad.AttrClaimed || r.Location.Lat != 30.192 {
		t.Fatalf("parsed wrongly: %+v", r)
	}
	out, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var back sarhad.Report
	if err := json.Unmarshal(out, &back); err != nil {
		t.Fatal(err)
	}
	if back.ComputeHash() != r.ComputeHash() {
		t.Fatalf("round trip changed the content:\n%s", out)
	}
}

func TestReportJSONVariants(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		wantErr string
		check   func(sarhad.Report) bool
	}{
		{"only id", `{"id":"x"}`, "", func(r sarhad.Report) bool { return r.ID == "x" && !r.Killed.Total.Known }},
		{"bare killed", `{"id":"x","killed":7}`, "", func(r sarhad.Report) bool { return r.Killed.Total == sarhad.Exact(7) }},
		{"null fields", `{"id":"x","killed":null,"date":null,"lat":null,"lon":null}`, "", func(r sarhad.Report) bool { return r.Date.IsZero() }},
		{"range", `{"id":"x","killed":{"total":{"low":50,"high":70}}}`, "", func(r sarhad.Report) bool {
			return r.Killed.Total == sarhad.Span(50, 50, 70)
		}},
		{"month date", `{"id":"x","date":"2024-11"}`, "", func(r sarhad.Report) bool { return r.Date.Precision() == sarhad.PrecisionMonth }},
		{"negative", `{"id":"x","injured":-1}`, "injured", nil},
		{"bad date", `{"id":"x","date":"2024-13-01"}`, "month", nil},
		{"bad marking", `{"id":"x","marking":"TLP:PURPLE"}`, "marking", nil},
		{"bad category", `{"id":"x","killed":{"aliens":2}}`, "category", nil},
		{"not object", `[1,2]`, "report", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var r sarhad.Report
			err := json.Unmarshal([]byte(tt.in), &r)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one mentioning %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !tt.check(r) {
				t.Fatalf("unexpected %+v", r)
			}
		})
	}
}

func TestEventJSONHasRanges(t *testing.T) {
	r := sarhad.Report{ID: "r-1", Killed: sarhad.Tally{Total: sarhad.Exact(26)}, Injured: sarhad.Exact(3)}
	r.Normalize()
	e := sarhad.EventFromReport(&r)
	e.ID = "e-5"
	b, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for _, want := range []string{`"report_ids":["r-1"]`, `"total":{"low":26,"best":26,"high":26}`, `"injured":{"low":3,"best":3,"high":3}`, `"match_explanations":[`, `"security":null`} {
		if !strings.Contains(s, want) {
			t.Errorf("event JSON lacks %s:\n%s", want, s)
		}
	}
	var back sarhad.Event
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back.Killed.Total != sarhad.Exact(26) || back.ReportIDs()[0] != "r-1" {
		t.Fatalf("round trip: %+v", back)
	}
}

func TestViewerCanSee(t *testing.T) {
	a := sarhad.Viewer{Agency: "ctd-kp", Role: sarhad.RoleViewer, AmberFrom: []string{"fc-south"}}
	tests := []struct {
		m     sarhad.Marking
		owner string
		want  bool
	}{
		{sarhad.TLPClear, "x", true}, {sarhad.TLPGreen, "x", true},
		{sarhad.TLPAmber, "ctd-kp", true}, {sarhad.TLPAmber, "fc-south", true}, {sarhad.TLPAmber, "x", false},
		{sarhad.TLPAmberStrict, "fc-south", false}, {sarhad.TLPAmberStrict, "ctd-kp", true},
		{sarhad.TLPRed, "fc-south", false}, {sarhad.TLPRed, "ctd-kp", true}, {"TLP:BOGUS", "x", false},
	}
	for _, tt := range tests {
		if got := a.CanSee(tt.m, tt.owner); got != tt.want {
			t.Errorf("CanSee(%s, %s) = %v", tt.m, tt.owner, got)
		}
	}
	if (sarhad.Viewer{}).CanSee(sarhad.TLPClear, "x") {
		t.Error("anonymous viewer sees TLP:CLEAR")
	}
}

func TestStatsJSON(t *testing.T) {
	s := sarhad.Stats{By: []sarhad.StatsKey{sarhad.ByMonth, sarhad.ByProvince}, Rows: []sarhad.StatsRow{
		{Keys: []string{"2024-01", "Balochistan"}, Events: 3, Killed: 10, Injured: 2},
	}}
	b, _ := json.Marshal(s)
	want := `[{"month":"2024-01","province":"Balochistan","events":3,"killed":10,"killed_security":0,"killed_civilians":0,"killed_militants":0,"injured":2}]`
	if string(b) != want {
		t.Fatalf("got %s", b)
	}
}

func TestDateKeys(t *testing.T) {
	d, err := sarhad.ParseDate("2013-12-30")
	if err != nil {
		t.Fatal(err)
	}
	if d.WeekKey() != "2014-W01" || d.MonthKey() != "2013-12" || d.YearKey() != "2013" {
		t.Fatal(d.WeekKey(), d.MonthKey())
	}
	if sarhad.DateFromDayNumber(d.DayNumber()) != d {
		t.Fatal("day number round trip")
	}
}
