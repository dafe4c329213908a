package fusion

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"os"
	"testing"

	"github.com/sarhad-osint/sarhad"
	"github.com/sarhad-osint/sarhad/actors"
	"github.com/sarhad-osint/sarhad/gazetteer"
	"github.com/sarhad-osint/sarhad/importer"
)

func readFmt(t *testing.T, f importer.Format, r io.Reader) []sarhad.Report {
	rd, err := importer.NewReader(f, r, "x", importer.Options{Resolvers: importer.Resolvers{Places: gazetteer.Default(), Actors: actors.Default()}})
	if err != nil {
		t.Fatal(err)
	}
	var out []sarhad.Report
	for {
		row, err := rd.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if row.Err == nil {
			out = append(out, row.Report)
		}
	}
	return out
}

func TestScratch2(t *testing.T) {
	zr, _ := zip.OpenReader("../../shared/research-data/gtd_pakistan_1970-2015.csv.zip")
	rc, _ := zr.File[0].Open()
	gtd := readFmt(t, importer.FormatGTD, rc)
	n := 0
	prec := map[string]int{}
	dd := map[string]int{}
	perp := map[string]int{}
	days := map[string]int{}
	for _, r := range gtd {
		if r.Date.Year < 2008 {
			continue
		}
		n++
		prec[string(r.Location.Precision)+"/"+string(r.Date.Precision())]++
		dd[r.Date.String()+r.Location.District]++
		perp[r.Perpetrator]++
		days[r.Date.String()]++
		if n < 4 {
			b, _ := r.MarshalJSON()
			fmt.Println(string(b))
		}
	}
	multi := 0
	for _, c := range dd {
		if c > 1 {
			multi += c
		}
	}
	fmt.Println(n, prec, "same day+district reports:", multi, "distinct days", len(days))
	fmt.Println(perp)
	f, _ := os.Open("../../shared/research-data/acled_balochistan_separatist_attacks_2020-2024.csv")
	ac := readFmt(t, importer.FormatACLED, f)
	prec = map[string]int{}
	for i, r := range ac {
		prec[string(r.Location.Precision)+"/"+string(r.Date.Precision())]++
		if i < 3 {
			b, _ := r.MarshalJSON()
			fmt.Println(string(b))
		}
	}
	fmt.Println(len(ac), prec)
}
