package importer

import (
	"bytes"
	"testing"

	"github.com/sarhad-osint/sarhad"
)

// TestRealData parses the whole of each real file in ../shared (skipped when absent) and
// checks the row counts the data sets' documentation gives, that no row is rejected and
// that ids are unique. Each file is read with and without resolvers.
func TestRealData(t *testing.T) {
	tests := []struct {
		name    string
		format  Format
		file    string
		reports int
		// byYear lists expected report counts for some years.
		byYear map[int]int
	}{
		{"gtd", FormatGTD, gtdZip, 12768, map[int]int{2013: 2213, 2014: 2147, 1970: 1}},
		{"acled", FormatACLED, acledCSV, 1705, map[int]int{2020: -1}},
		{"pbc", FormatPBC, pbcCSV, 475, map[int]int{1995: 1}},
		{"demo csv", FormatCSV, demoCSV, 139, map[int]int{2023: 40, 2024: 43, 2025: 56}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := realFile(t, tt.file)
			for _, res := range []struct {
				name string
				r    Resolvers
			}{{"raw names", Resolvers{}}, {"fake resolvers", fakes}} {
				r, err := NewReader(tt.format, bytes.NewReader(data), tt.file, Options{Resolvers: res.r})
				if err != nil {
					t.Fatal(err)
				}
				reports, rejected := readAll(t, r)
				for i, row := range rejected {
					if i < 10 {
						t.Errorf("%s: rejected: %v", res.name, row.Err)
					}
				}
				if len(reports) != tt.reports || len(rejected) != 0 {
					t.Errorf("%s: %d reports, %d rejected; want %d and 0", res.name, len(reports), len(rejected), tt.reports)
				}
				ids := make(map[string]bool, len(reports))
				years := map[int]int{}
				for _, rep := range reports {
					if ids[rep.ID] {
						t.Errorf("%s: duplicate id %s", res.name, rep.ID)
					}
					ids[rep.ID] = true
					years[rep.Date.Year]++
					if err := rep.Validate(); err != nil {
						t.Errorf("%s: %s: %v", res.name, rep.ID, err)
					}
				}
				for y, want := range tt.byYear {
					if want >= 0 && years[y] != want {
						t.Errorf("%s: %d reports dated %d, want %d", res.name, years[y], y, want)
					}
				}
			}
		})
	}
}

// TestRealDataSummary logs how the real files map, for reading with -v; it asserts only
// coarse facts that the mapping must keep.
func TestRealDataSummary(t *testing.T) {
	for _, tt := range []struct {
		format Format
		file   string
	}{{FormatGTD, gtdZip}, {FormatACLED, acledCSV}, {FormatPBC, pbcCSV}} {
		data := realFile(t, tt.file)
		r, err := NewReader(tt.format, bytes.NewReader(data), tt.file, Options{Resolvers: fakes})
		if err != nil {
			t.Fatal(err)
		}
		reports, _ := readAll(t, r)
		count := func(key func(*sarhad.Report) string) map[string]int {
			m := map[string]int{}
			for i := range reports {
				m[key(&reports[i])]++
			}
			return m
		}
		attack := count(func(r *sarhad.Report) string { return string(r.AttackType) })
		target := count(func(r *sarhad.Report) string { return string(r.TargetType) })
		attr := count(func(r *sarhad.Report) string { return string(r.Attribution) })
		prec := count(func(r *sarhad.Report) string { return string(r.Date.Precision()) })
		geo := count(func(r *sarhad.Report) string { return string(r.Location.Precision) })
		perp := count(func(r *sarhad.Report) string { return r.Perpetrator })
		killed := 0
		for _, r := range reports {
			killed += r.Killed.Total.BestOr0()
		}
		t.Logf("%s: attack %v\n target %v\n attribution %v\n date precision %v\n geo %v\n perpetrators %v\n killed (best) %d",
			tt.format, attack, target, attr, prec, geo, perp, killed)
		if tt.format == FormatPBC && attack[string(sarhad.AttackSuicide)] != len(reports) {
			t.Errorf("pbc: %d of %d reports are suicide bombings", attack[string(sarhad.AttackSuicide)], len(reports))
		}
		if n := attack[""] + target[""]; n == 2*len(reports) {
			t.Errorf("%s: no attack or target type mapped", tt.format)
		}
	}
}
