package app_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sarhad-osint/sarhad/app"
	"github.com/sarhad-osint/sarhad/internal/shareddata"
)

// result is what one in-process run of the CLI produced.
type result struct {
	code           int
	stdout, stderr string
}

// MustRun runs `sarhad args...` in-process with the given standard input.
func MustRun(tb testing.TB, stdin string, args ...string) result {
	tb.Helper()
	var out, errb bytes.Buffer
	c := &app.CLI{
		Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb,
		Getenv: func(k string) string {
			if k == "SARHAD_DB" || k == "SARHAD_DATA_DIR" {
				return "" // tests choose their store explicitly
			}
			return os.Getenv(k)
		},
	}
	code := c.Run(context.Background(), args)
	return result{code, out.String(), errb.String()}
}

// statsJSON runs `sarhad stats --format json` and decodes the rows.
func statsJSON(tb testing.TB, args ...string) []map[string]any {
	tb.Helper()
	r := MustRun(tb, "", append([]string{"stats", "--format", "json"}, args...)...)
	if r.code != 0 {
		tb.Fatalf("stats failed (%d): %s", r.code, r.stderr)
	}
	var rows []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &rows); err != nil {
		tb.Fatalf("stats JSON: %v\n%s", err, r.stdout)
	}
	return rows
}

func totalEvents(tb testing.TB, dir string, extra ...string) int {
	tb.Helper()
	rows := statsJSON(tb, append([]string{"--data-dir", dir}, extra...)...)
	if len(rows) != 1 {
		tb.Fatalf("want one total row, got %v", rows)
	}
	return int(rows[0]["events"].(float64))
}

// gtdFile unzips the GTD extract from ../shared into a temporary directory.
func gtdFile(tb testing.TB) string {
	tb.Helper()
	zr, err := zip.OpenReader(shareddata.Path(tb, "research-data/gtd_pakistan_1970-2015.csv.zip"))
	if err != nil {
		tb.Fatal(err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		if !strings.HasSuffix(f.Name, ".csv") {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			tb.Fatal(err)
		}
		defer rc.Close()
		p := filepath.Join(tb.TempDir(), "gtd.csv")
		w, err := os.Create(p)
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := io.Copy(w, rc); err != nil {
			tb.Fatal(err)
		}
		w.Close()
		return p
	}
	tb.Fatal("no CSV in the GTD zip")
	return ""
}

func TestVersion(t *testing.T) {
	r := MustRun(t, "", "version")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "sarhad ") {
		t.Fatalf("version: %+v", r)
	}
}

func TestBadArgumentsExitNonZeroWithOneLine(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"unknown command", []string{"frobnicate"}, "unknown command"},
		{"unknown flag", []string{"stats", "--bogus"}, "unknown flag"},
		{"bad key", []string{"stats", "--data-dir", dir, "--by", "colour"}, "unknown stats key"},
		{"bad date", []string{"stats", "--data-dir", dir, "--from", "2024-13-01"}, "--from"},
		{"reversed range", []string{"stats", "--data-dir", dir, "--from", "2024-02-01", "--to", "2024-01-01"}, "before"},
		{"bad format", []string{"import", "--data-dir", dir, "--format", "xml", "f"}, "format"},
		{"missing file", []string{"import", "--data-dir", dir, "--format", "csv", filepath.Join(dir, "nope.csv")}, "nope.csv"},
		{"bad province", []string{"stats", "--data-dir", dir, "--province", "Atlantis"}, "Atlantis"},
		{"bad db", []string{"stats", "--db", "mysql://x"}, "postgres://"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := MustRun(t, "", tt.args...)
			if r.code == 0 {
				t.Fatalf("exit 0, want non-zero; stdout %q", r.stdout)
			}
			lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
			if len(lines) != 1 || !strings.Contains(lines[0], tt.want) {
				t.Fatalf("stderr = %q, want one line mentioning %q", r.stderr, tt.want)
			}
		})
	}
}

const goodCSV = `id,date,province,district,city_or_place,perpetrator,attribution,attack_type,target_type,killed_total,injured
t-1,2024-03-16,Balochistan,Noshki,Noshki,BLA,claimed,IED,transport,5,35
t-2,2024-03-17,KPK,D.I. Khan,,unknown,unknown,armed assault,police,2,
t-3,2024-04-01,NWFP,Peshawar,Peshawar,TTP,official,suicide bombing,police,10,20
`

func TestImportCSVThenStats(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(t.TempDir(), "r.csv")
	os.WriteFile(f, []byte(goodCSV), 0o644)
	r := MustRun(t, "", "import", "--data-dir", dir, "--format", "csv", f)
	if r.code != 0 || !strings.Contains(r.stdout, "3 imported") {
		t.Fatalf("import: %+v", r)
	}
	rows := statsJSON(t, "--data-dir", dir, "--by", "province")
	got := map[string]int{}
	for _, row := range rows {
		got[row["province"].(string)] = int(row["events"].(float64))
	}
	if got["Khyber Pakhtunkhwa"] != 2 || got["Balochistan"] != 1 || len(got) != 2 {
		t.Fatalf("by province = %v", got)
	}
	// Filters take any spelling.
	if n := totalEvents(t, dir, "--district", "DI Khan"); n != 1 {
		t.Fatalf("--district 'DI Khan' = %d events", n)
	}
	if n := totalEvents(t, dir, "--actor", "Tehreek-e-Taliban"); n != 1 {
		t.Fatalf("--actor = %d events", n)
	}
	for _, format := range []string{"table", "csv"} {
		r := MustRun(t, "", "stats", "--data-dir", dir, "--by", "month,province", "--format", format)
		if r.code != 0 || !strings.Contains(r.stdout, "2024-03") || !strings.Contains(r.stdout, "killed_security") {
			t.Fatalf("%s output: %+v", format, r)
		}
	}
}

func TestImportStdinAndRejectedRows(t *testing.T) {
	dir := t.TempDir()
	in := goodCSV + "t-4,2024-02-30,Sindh,Karachi,,,,,,1,\n"
	r := MustRun(t, in, "import", "--data-dir", dir, "--format", "csv", "-")
	if r.code != app.ExitRejected {
		t.Fatalf("exit %d, want %d: %+v", r.code, app.ExitRejected, r)
	}
	if !strings.Contains(r.stderr, "stdin:5:") || !strings.Contains(r.stdout, "3 imported") || !strings.Contains(r.stdout, "1 rejected") {
		t.Fatalf("rejected row not reported with its line: %+v", r)
	}
}

func TestStrictImportWritesNothing(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(t.TempDir(), "bad.csv")
	os.WriteFile(f, []byte(goodCSV+"t-4,2024-03-18,Sindh,Karachi,,,,,,-3,\n"), 0o644)
	r := MustRun(t, "", "import", "--data-dir", dir, "--format", "csv", "--strict", "--batch", "1", f)
	if r.code == 0 {
		t.Fatalf("strict import of a bad file succeeded: %+v", r)
	}
	if !strings.Contains(r.stderr, "bad.csv:5:") || !strings.Contains(r.stderr, "nothing was written") {
		t.Fatalf("error does not name the line: %q", r.stderr)
	}
	if n := totalEvents(t, dir); n != 0 {
		t.Fatalf("strict import left %d events in the store", n)
	}
	// The same file without the bad row imports fully under --strict.
	os.WriteFile(f, []byte(goodCSV), 0o644)
	if r := MustRun(t, "", "import", "--data-dir", dir, "--format", "csv", "--strict", f); r.code != 0 {
		t.Fatalf("strict import of a good file: %+v", r)
	}
	if n := totalEvents(t, dir); n != 3 {
		t.Fatalf("events = %d, want 3", n)
	}
}

// TestRealDataSets checks the counts issue 2 asks for on the real data sets.
func TestRealDataSets(t *testing.T) {
	if testing.Short() {
		t.Skip("imports the full research data sets")
	}
	gtd := gtdFile(t)
	acled := shareddata.Path(t, "research-data/acled_balochistan_separatist_attacks_2020-2024.csv")
	pbc := shareddata.Path(t, "research-data/pbc_pakistan_suicide_attacks_1995-2016.csv")

	t.Run("gtd", func(t *testing.T) {
		dir := t.TempDir()
		r := MustRun(t, "", "import", "--data-dir", dir, "--format", "gtd", gtd)
		if r.code != 0 {
			t.Fatalf("import: %+v", r)
		}
		if n := totalEvents(t, dir); n != 12768 {
			t.Fatalf("GTD events = %d, want 12,768", n)
		}
		if n := totalEvents(t, dir, "--from", "2013-01-01", "--to", "2013-12-31"); n != 2213 {
			t.Fatalf("GTD 2013 events = %d, want 2,213", n)
		}
		r = MustRun(t, "", "import", "--data-dir", dir, "--format", "gtd", gtd)
		if r.code != 0 || !strings.Contains(r.stdout, " 0 imported, 12,768 duplicates skipped") {
			t.Fatalf("second import: %+v", r)
		}
		if n := totalEvents(t, dir); n != 12768 {
			t.Fatalf("after re-import events = %d, want 12,768", n)
		}
		byProvince := map[string]int{}
		for _, row := range statsJSON(t, "--data-dir", dir, "--by", "province") {
			byProvince[row["province"].(string)] = int(row["events"].(float64))
		}
		for p := range byProvince {
			switch p {
			case "Khyber Pakhtunkhwa", "Balochistan", "Punjab", "Sindh", "Islamabad Capital Territory",
				"Gilgit-Baltistan", "Azad Jammu and Kashmir", "":
			default:
				t.Errorf("non-canonical province %q (%d events)", p, byProvince[p])
			}
		}
		// GTD files 2,072 FATA and 867 NWFP events besides 2,737 under Khyber Pakhtunkhwa.
		if kp := byProvince["Khyber Pakhtunkhwa"]; kp < 2737+2072+867 {
			t.Errorf("Khyber Pakhtunkhwa has %d events; NWFP and FATA did not all resolve to it", kp)
		}
		t.Logf("GTD by province: %v", byProvince)
	})
	for _, tc := range []struct {
		format, file string
		want         int
	}{{"acled", acled, 1705}, {"pbc", pbc, 475}} {
		t.Run(tc.format, func(t *testing.T) {
			dir := t.TempDir()
			if r := MustRun(t, "", "import", "--data-dir", dir, "--format", tc.format, tc.file); r.code != 0 {
				t.Fatalf("import: %+v", r)
			}
			if n := totalEvents(t, dir); n != tc.want {
				t.Fatalf("%s events = %d, want %d", tc.format, n, tc.want)
			}
		})
	}
}
