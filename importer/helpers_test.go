package importer

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"strings"
	"testing"
	"time"

	"github.com/sarhad-osint/sarhad"
	"github.com/sarhad-osint/sarhad/internal/shareddata"
)

// The real research files, relative to the shared directory. They are read at test time
// and never committed (their terms forbid redistribution).
const (
	gtdZip   = "research-data/gtd_pakistan_1970-2015.csv.zip"
	acledCSV = "research-data/acled_balochistan_separatist_attacks_2020-2024.csv"
	pbcCSV   = "research-data/pbc_pakistan_suicide_attacks_1995-2016.csv"
	demoCSV  = "data/incidents-pk-2023-2025.csv"
)

// realFile returns the bytes of a shared data file (the CSV inside a zip), skipping the
// test when ../shared is absent.
func realFile(tb testing.TB, rel string) []byte {
	tb.Helper()
	p := shareddata.Path(tb, rel)
	if path.Ext(p) != ".zip" {
		b, err := os.ReadFile(p)
		if err != nil {
			tb.Fatal(err)
		}
		return b
	}
	zr, err := zip.OpenReader(p)
	if err != nil {
		tb.Fatal(err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		if strings.HasSuffix(f.Name, ".csv") {
			rc, err := f.Open()
			if err != nil {
				tb.Fatal(err)
			}
			defer rc.Close()
			b, err := io.ReadAll(rc)
			if err != nil {
				tb.Fatal(err)
			}
			return b
		}
	}
	tb.Fatalf("%s holds no CSV file", rel)
	return nil
}

// firstRecords returns the header and the first n records of a CSV file, cut at a record
// boundary (records may span lines), and each of those records alone with the header.
func firstRecords(tb testing.TB, data []byte, n int) (head []byte, single [][]byte) {
	tb.Helper()
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	if _, err := cr.Read(); err != nil {
		tb.Fatal(err)
	}
	hdrEnd := cr.InputOffset()
	prev := hdrEnd
	for i := 0; i < n; i++ {
		if _, err := cr.Read(); err != nil {
			break
		}
		off := cr.InputOffset()
		single = append(single, append(bytes.Clone(data[:hdrEnd]), data[prev:off]...))
		prev = off
	}
	return data[:prev], single
}

// readAll reads every row of r.
func readAll(tb testing.TB, r Reader) (reports []sarhad.Report, rejected []Row) {
	tb.Helper()
	for {
		row, err := r.Next()
		if errors.Is(err, io.EOF) {
			return reports, rejected
		}
		if err != nil {
			tb.Fatalf("Next: %v", err)
		}
		if row.Err != nil {
			rejected = append(rejected, row)
			continue
		}
		reports = append(reports, row.Report)
	}
}

// mustRead parses input of format f with the options, failing on a file-level error.
func mustRead(tb testing.TB, f Format, input string, opt Options) ([]sarhad.Report, []Row) {
	tb.Helper()
	r, err := NewReader(f, strings.NewReader(input), "test", opt)
	if err != nil {
		tb.Fatalf("NewReader(%s): %v", f, err)
	}
	return readAll(tb, r)
}

// fakePlaces is a tiny place resolver: a few provinces and districts by alias.
type fakePlaces struct{}

var fakeProvinces = map[string]string{
	"kpk": sarhad.ProvinceKP, "nwfp": sarhad.ProvinceKP, "north-west frontier province": sarhad.ProvinceKP,
	"khyber pakhtunkhwa": sarhad.ProvinceKP, "fata": sarhad.ProvinceKP,
	"federally administered tribal areas": sarhad.ProvinceKP,
	"baluchistan":                         sarhad.ProvinceBalochistan, "balochistan": sarhad.ProvinceBalochistan,
	"sindh": sarhad.ProvinceSindh, "punjab": sarhad.ProvincePunjab,
	"islamabad capital territory": sarhad.ProvinceICT,
}

var fakeDistricts = map[string]sarhad.Place{
	"peshawar": {ID: "kp_peshawar", Name: "Peshawar", Kind: sarhad.KindDistrict, Province: sarhad.ProvinceKP, District: "Peshawar", Precision: sarhad.GeoDistrict},
	"kech":     {ID: "bl_kech", Name: "Kech", Kind: sarhad.KindDistrict, Province: sarhad.ProvinceBalochistan, District: "Kech", Precision: sarhad.GeoDistrict},
	"quetta":   {ID: "bl_quetta", Name: "Quetta", Kind: sarhad.KindDistrict, Province: sarhad.ProvinceBalochistan, District: "Quetta", Precision: sarhad.GeoDistrict},
	"mir ali":  {ID: "town:1", Name: "Mir Ali", Kind: sarhad.KindTown, Province: sarhad.ProvinceKP, District: "North Waziristan", Precision: sarhad.GeoTown},
}

func (fakePlaces) ResolvePlace(name string) (sarhad.Place, bool) {
	p, ok := fakeDistricts[strings.ToLower(strings.TrimSpace(name))]
	return p, ok
}

func (fakePlaces) NearestPlace(lat, lon float64) (sarhad.Place, bool) { return sarhad.Place{}, false }

func (f fakePlaces) Locate(q sarhad.PlaceQuery) sarhad.Location {
	loc := sarhad.Location{Place: q.Locality, Lat: q.Lat, Lon: q.Lon, Precision: q.Precision}
	if p, ok := fakeProvinces[strings.ToLower(q.Province)]; ok {
		loc.Province = p
		if loc.Precision == "" {
			loc.Precision = sarhad.GeoProvince
		}
	}
	for _, n := range []string{q.District, q.Locality} {
		if p, ok := f.ResolvePlace(n); ok {
			loc.Province, loc.District, loc.PlaceID = p.Province, p.District, p.ID
			if loc.Precision == "" || p.Precision.Rank() < loc.Precision.Rank() {
				loc.Precision = p.Precision
			}
			break
		}
	}
	return loc
}

// fakeActors knows three groups by a few spellings and treats generic words as no one.
type fakeActors struct{}

var fakeActorList = map[string]sarhad.Actor{
	"tehrik-i-taliban pakistan": {ID: "ttp", Name: "Tehrik-i-Taliban Pakistan", Abbrev: "TTP"},
	"ttp":                       {ID: "ttp", Name: "Tehrik-i-Taliban Pakistan", Abbrev: "TTP"},
	"baloch liberation army":    {ID: "bla", Name: "Balochistan Liberation Army", Abbrev: "BLA"},
	"bla":                       {ID: "bla", Name: "Balochistan Liberation Army", Abbrev: "BLA"},
	"baloch liberation front":   {ID: "blf", Name: "Balochistan Liberation Front", Abbrev: "BLF"},
}

func (fakeActors) ResolveActor(name string) (sarhad.ActorMatch, bool) {
	a, ok := fakeActorList[strings.ToLower(strings.TrimSpace(name))]
	return sarhad.ActorMatch{Actor: a, Score: 1, Via: name}, ok
}

func (fakeActors) ActorByID(id string) (sarhad.Actor, bool) {
	for _, a := range fakeActorList {
		if a.ID == id {
			return a, true
		}
	}
	return sarhad.Actor{}, false
}

func (fakeActors) Related(a, b string) bool { return a == b }

var fakes = Resolvers{Places: fakePlaces{}, Actors: fakeActors{}}

// csvText builds a CSV file from a header and rows given as column → value maps; columns a
// row does not set get def.
func csvText(header []string, def string, rows ...map[string]string) string {
	var b strings.Builder
	w := csv.NewWriter(&b)
	_ = w.Write(header)
	for _, r := range rows {
		rec := make([]string, len(header))
		for i, h := range header {
			v, ok := r[h]
			if !ok {
				v = def
			}
			rec[i] = v
		}
		_ = w.Write(rec)
	}
	w.Flush()
	return b.String()
}

// fieldsOf flattens a report into named strings, so that a test case can list just the
// fields it is about.
func fieldsOf(r sarhad.Report) map[string]string {
	k := r.Killed
	coords := ""
	if r.Location.HasCoords() {
		coords = fmt.Sprintf("%g,%g", r.Location.Lat, r.Location.Lon)
	}
	reported := ""
	if !r.ReportedAt.IsZero() {
		reported = r.ReportedAt.Format(time.RFC3339)
	}
	return map[string]string{
		"id": r.ID, "date": r.Date.String(), "prec": string(r.Date.Precision()),
		"province": r.Location.Province, "district": r.Location.District, "place": r.Location.Place,
		"coords": coords, "geo": string(r.Location.Precision), "place_id": r.Location.PlaceID,
		"perp": r.Perpetrator, "raw": r.PerpetratorRaw, "attr": string(r.Attribution),
		"attack": string(r.AttackType), "target": string(r.TargetType),
		"killed":  fmt.Sprintf("%s/%s/%s/%s", k.Total, k.Security, k.Civilians, k.Militants),
		"injured": r.Injured.String(), "hostages": r.Hostages.String(), "nexus": string(r.CrossBorder),
		"marking": string(r.Marking), "owner": r.Owner, "dataset": r.Dataset, "source": r.Source,
		"rel": string(r.SourceReliability), "text": r.Text, "reported": reported,
	}
}

// rowCase is one row of a format table test: the row's fields and either the report
// fields it must produce or the rejection it must cause.
type rowCase struct {
	name string
	row  map[string]string
	want map[string]string
	// err is the exact rejection message, "" when the row must be accepted.
	err string
}

// runRowCases writes each case's row as the only data row of a file (line 2) and checks the
// result.
func runRowCases(t *testing.T, f Format, header []string, def string, opt Options, cases []rowCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			reports, rejected := mustRead(t, f, csvText(header, def, tc.row), opt)
			checkOne(t, reports, rejected, tc.want, tc.err)
		})
	}
}

// checkOne checks that exactly one row was read, with the wanted fields or error.
func checkOne(t *testing.T, reports []sarhad.Report, rejected []Row, want map[string]string, wantErr string) {
	t.Helper()
	if wantErr != "" {
		if len(rejected) != 1 || len(reports) != 0 {
			t.Fatalf("got %d reports, %d rejected; want the row rejected with %q", len(reports), len(rejected), wantErr)
		}
		if got := rejected[0].Err.Error(); got != wantErr {
			t.Errorf("error = %q\n want %q", got, wantErr)
		}
		if sarhad.ErrorCode(rejected[0].Err) != sarhad.EINVALID {
			t.Errorf("error code = %q, want invalid", sarhad.ErrorCode(rejected[0].Err))
		}
		return
	}
	if len(rejected) != 0 {
		t.Fatalf("row rejected: %v", rejected[0].Err)
	}
	if len(reports) != 1 {
		t.Fatalf("got %d reports, want 1", len(reports))
	}
	if err := reports[0].Validate(); err != nil {
		t.Errorf("report does not validate: %v", err)
	}
	got := fieldsOf(reports[0])
	for k, w := range want {
		g, ok := got[k]
		if !ok {
			t.Fatalf("test asks for unknown field %q", k)
		}
		if g != w {
			t.Errorf("%s = %q, want %q", k, g, w)
		}
	}
}

// rowLines reads every row of r as "LINE ID" or "LINE ERROR".
func rowLines(t *testing.T, r Reader) []string {
	t.Helper()
	var got []string
	for {
		row, err := r.Next()
		if errors.Is(err, io.EOF) {
			return got
		}
		if err != nil {
			t.Fatal(err)
		}
		if row.Err != nil {
			got = append(got, fmt.Sprintf("%d %v", row.Line, row.Err))
		} else {
			got = append(got, fmt.Sprintf("%d %s", row.Line, row.Report.ID))
		}
	}
}
