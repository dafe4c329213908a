package sarhad

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"
)

// FuzzReportFast checks decodeReportFast against encoding/json: whatever the fast path
// accepts, encoding/json accepts too and decodes to the same value.
func FuzzReportFast(f *testing.F) {
	for _, s := range reportFastSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var fast reportJSON
		if !decodeReportFast(b, &fast) {
			return
		}
		var std reportJSON
		if err := json.Unmarshal(b, &std); err != nil {
			t.Fatalf("%q: the fast path accepted what encoding/json rejects: %v", b, err)
		}
		if !reflect.DeepEqual(fast, std) {
			t.Fatalf("%q:\nfast %+v\nstd  %+v", b, fast, std)
		}
	})
}

// reportFastSeeds are reports as Sarhad writes them, and cases at the edges of what the fast
// path takes.
func reportFastSeeds(tb testing.TB) [][]byte {
	seeds := [][]byte{
		[]byte(`{"id":"r-1"}`),
		[]byte(` {"id" : "r-1" , "lat": -33.5e2, "lon": 0, "killed": {"total": 3, "security": null}} `),
		[]byte(`{"id":"r-1","killed":{"low":1,"best":2,"high":3},"injured":null,"hostages":4}`),
		[]byte(`{"id":"r-1","province":null,"lat":null}`),
		[]byte(`{"id":"r\u00e9-1"}`),
		[]byte(`{"ID":"r-1"}`),
		[]byte(`{"id":"r-1","lat":01}`),
		[]byte(`{"id":"r-1","lat":1e400}`),
		[]byte(`{"id":"r-1"} x`),
		[]byte(`{"id":"r-1","id":"r-2"}`),
		[]byte("{\"id\":\"\xff\"}"),
		[]byte(`{"id":"r-1","killed":{"total":{"low":1,"best":2,"high":3}}}`),
		[]byte(`{"id":"r-1","text":"Peshawar – 28 killed","evidence":{"date":{"start":0,"end":4}}}`),
		[]byte(`{}`),
		[]byte(`null`),
	}
	// Reports as Sarhad writes them (MarshalJSON), in the shapes of the data sets.
	for _, r := range []Report{
		{ID: "gtd-201301010001", Source: "GTD", SourceReliability: "B", Dataset: "gtd", Date: NewDate(2013, 1, 1),
			Text:       "01/01/2013: Assailants detonated an explosive device near a police station in Quetta city, Balochistan.",
			Location:   Location{Province: "Balochistan", District: "Quetta", Place: "Quetta", Lat: 30.18, Lon: 66.99, Precision: GeoTown},
			AttackType: AttackIED, TargetType: TargetPolice, Perpetrator: "Unknown", Attribution: AttrUnknown,
			Killed: Tally{Total: Exact(3), Security: Exact(2)}, Injured: Exact(11), Marking: TLPClear, Owner: "system"},
		{ID: "acled-PAK12345", Source: "Dawn", SourceReliability: "C", Dataset: "acled", Date: NewDate(2024, 11, 9),
			Text:     "On 9 November 2024, a suicide bomber blew himself up at Quetta railway station — at least 26 killed.",
			Location: Location{Province: "Balochistan", District: "Quetta"}, Perpetrator: "Balochistan Liberation Army",
			PerpetratorRaw: "BLA-Jeeyand", Attribution: AttrClaimed, Killed: Tally{Total: Span(26, 26, 32)}, Hostages: Span(0, 2, 5),
			CrossBorder: NexusYes, Marking: TLPAmber, Owner: "ctd-balochistan", ReportedAt: time.Date(2024, 11, 9, 10, 0, 0, 0, time.UTC)},
		{ID: "n-7#2", Source: "روزنامہ جنگ", Date: NewDate(2023, 1, 30), Text: "پشاور پولیس لائنز مسجد دھماکہ",
			Location: Location{Province: "Khyber Pakhtunkhwa", District: "Peshawar", Lat: 34.0, Lon: 71.5, Precision: GeoDistrict}},
	} {
		b, err := json.Marshal(r)
		if err != nil {
			tb.Fatal(err)
		}
		seeds = append(seeds, b)
	}
	return seeds
}

// TestReportFast checks that the fast path takes the common form, and decodes it as
// encoding/json does.
func TestReportFast(t *testing.T) {
	taken := 0
	for _, s := range reportFastSeeds(t) {
		var fast, std reportJSON
		ok := decodeReportFast(s, &fast)
		if err := json.Unmarshal(s, &std); ok && (err != nil || !reflect.DeepEqual(fast, std)) {
			t.Errorf("%s: fast %+v, encoding/json %+v (%v)", s, fast, std, err)
		}
		if ok {
			taken++
		}
	}
	if taken < 5 {
		t.Errorf("the fast path took %d of the seeds", taken)
	}
	for _, s := range []string{
		`{"id":"r-1","source":"Dawn","date":"2024-05-01","lat":34.01,"lon":71.57,"killed":{"total":28,"security":3},"injured":40,"hostages":null}`,
	} {
		var w reportJSON
		if !decodeReportFast([]byte(s), &w) {
			t.Errorf("the fast path left %s to encoding/json", s)
		}
	}
}
