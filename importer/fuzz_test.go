package importer

import (
	"bytes"
	"errors"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/sarhad-osint/sarhad"
	"github.com/sarhad-osint/sarhad/internal/shareddata"
)

// Fuzz tests: whatever the input, the reader must not panic, must end, and every row must
// be either a valid report or a rejection with its line number. Seeds are synthetic rows
// plus, when ../shared is present, the first 50 rows of the real file (read at test time,
// never committed). Run one for a while with, e.g.:
//
//	go test ./importer -run '^$' -fuzz '^FuzzGTD$' -fuzztime 20s

// realSeeds adds the header with the first n records of a real file as one seed and each
// record with the header as another; nothing when the shared data is absent.
func realSeeds(f *testing.F, rel string, n int) {
	if shareddata.Dir() == "" {
		return
	}
	head, single := firstRecords(f, realFile(f, rel), n)
	f.Add(head)
	for _, s := range single {
		f.Add(s)
	}
}

func FuzzGTD(f *testing.F) {
	f.Add([]byte(csvText(gtdHeader, "NA", gtdRow(nil), gtdRow(map[string]string{
		"summary": "two\nlines", "approxdate": "June 25-29, 2012", "nkill": "6.75", "suicide": "1"}))))
	f.Add([]byte(csvText(gtdHeader, "NA", gtdRow(map[string]string{"iday": "3x"}), gtdRow(map[string]string{"ishostkid": "1", "nhostkid": "-99"}))))
	f.Add([]byte("eventid,iyear,imonth,iday\n1,2013,1,1\n2,2013,0,5\n\"3,2013\n"))
	realSeeds(f, gtdZip, 50)
	f.Fuzz(func(t *testing.T, data []byte) { checkStream(t, FormatGTD, data) })
}

func FuzzACLED(f *testing.F) {
	f.Add([]byte(csvText(acledExtract, "", acledRow(nil), acledRow(map[string]string{"sub_event_type": "Suicide bomb", "fatalities": "0"}))))
	f.Add([]byte(csvText(acledFull, "", acledRow(nil), acledRow(map[string]string{"event_date": "3 March 2023", "time_precision": "2"}))))
	f.Add([]byte("event_date,event_type,sub_event_type,actor1,fatalities,notes\n2024-01-01,Battles,Armed clash,BLA: X,2,BLA claim\n"))
	realSeeds(f, acledCSV, 50)
	f.Fuzz(func(t *testing.T, data []byte) { checkStream(t, FormatACLED, data) })
}

func FuzzUCDP(f *testing.F) {
	b, err := os.ReadFile(ucdpFixture)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	header, rest, _ := bytes.Cut(b, []byte("\n"))
	for _, line := range bytes.Split(rest, []byte("\n")) {
		if len(line) > 0 {
			f.Add(append(append(bytes.Clone(header), '\n'), line...))
		}
	}
	f.Add([]byte("id,type_of_violence,date_start,date_end,best,low,high,deaths_a,deaths_b\n1,1,2014-01-01,2014-01-02,5,4,9,1,2\n"))
	f.Fuzz(func(t *testing.T, data []byte) { checkStream(t, FormatUCDP, data) })
}

func FuzzPBC(f *testing.F) {
	f.Add([]byte(pbcText(pbcRow(nil), pbcRow(map[string]string{"Date": "Sturday-Nov-26-2016", "Injured Max": "40+"}),
		map[string]string{"Killed Min": "4916", "Killed Max": "6982"})))
	f.Add([]byte("S#,Date,City,Province,Killed Min,Killed Max,Injured Min,Injured Max\n1,Friday-July 17-2015,Quetta,Balochistan,1,1,,http://x\n"))
	realSeeds(f, pbcCSV, 50)
	f.Fuzz(func(t *testing.T, data []byte) { checkStream(t, FormatPBC, data) })
}

func FuzzCSV(f *testing.F) {
	f.Add([]byte(csvText(ownHeader, "", ownRow(nil), ownRow(map[string]string{"killed_total": "10–14 (best 12)", "date_precision": "month"}))))
	f.Add([]byte("id,killed,lat,lon,marking\nr-1,3,34,71,red\nr-2,,,,\n"))
	realSeeds(f, demoCSV, 50)
	f.Fuzz(func(t *testing.T, data []byte) { checkStream(t, FormatCSV, data) })
}

func FuzzJSONL(f *testing.F) {
	f.Add([]byte(`{"id":"r-1","date":"2024-11","killed":{"low":1,"high":3},"perpetrator":"TTP"}` + "\n\n" + `{"id":"r-2","lat":30,"lon":67}`))
	f.Add([]byte("\uFEFF{\"id\":\"x\",\"marking\":\"red\"}\r\nnull\n[]\n{\"id\":\"\"}\n"))
	if shareddata.Dir() != "" { // the demo rows as interchange lines
		reports, _ := mustRead(f, FormatCSV, string(realFile(f, demoCSV)), Options{})
		var all bytes.Buffer
		for i, r := range reports[:min(50, len(reports))] {
			b, err := r.MarshalJSON()
			if err != nil {
				f.Fatal(err)
			}
			all.Write(b)
			all.WriteByte('\n')
			if i < 10 {
				f.Add(b)
			}
		}
		f.Add(all.Bytes())
	}
	f.Fuzz(func(t *testing.T, data []byte) { checkStream(t, FormatJSONL, data) })
}

// checkStream reads data to the end, with and without resolvers, and checks every row.
func checkStream(t *testing.T, format Format, data []byte) {
	for _, opt := range []Options{{}, {Resolvers: fakes, Marking: sarhad.TLPGreen, Owner: "fuzz"}} {
		r, err := NewReader(format, bytes.NewReader(data), "fuzz", opt)
		if err != nil {
			if sarhad.ErrorCode(err) != sarhad.EINVALID {
				t.Fatalf("NewReader error is not invalid input: %v", err)
			}
			continue
		}
		limit := bytes.Count(data, []byte("\n")) + 2
		last := 0
		for i := 0; ; i++ {
			if i > limit {
				t.Fatalf("more than %d rows from %d lines", i, limit-1)
			}
			row, err := r.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				if _, again := r.Next(); again == nil {
					t.Fatalf("Next returned a row after the error %v", err)
				}
				break
			}
			if row.Line <= last {
				t.Fatalf("row line %d does not follow line %d", row.Line, last)
			}
			last = row.Line
			if row.Err != nil {
				var re *RowError
				if !errors.As(row.Err, &re) || re.Line != row.Line || !strings.HasPrefix(re.Error(), "line ") {
					t.Fatalf("rejection without its line: %#v", row.Err)
				}
				continue
			}
			checkReport(t, row.Report)
		}
	}
}

// checkReport checks a report the reader accepted: valid, and readable again from its
// interchange JSON (so that an imported report can be exported and imported).
func checkReport(t *testing.T, rep sarhad.Report) {
	t.Helper()
	if err := rep.Validate(); err != nil {
		t.Fatalf("invalid report %s: %v", rep.ID, err)
	}
	if rep.Marking == "" || rep.Owner == "" || rep.Perpetrator == "" || rep.Attribution == "" || rep.CrossBorder == "" {
		t.Fatalf("report %s not normalised: %+v", rep.ID, rep)
	}
	b, err := rep.MarshalJSON()
	if err != nil {
		t.Fatalf("marshal %s: %v", rep.ID, err)
	}
	var back sarhad.Report
	if err := back.UnmarshalJSON(b); err != nil {
		t.Fatalf("report %s does not read back from %s: %v", rep.ID, b, err)
	}
}
