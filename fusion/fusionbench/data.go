// Package fusionbench measures fusion on multi-source reports built from real events: rows
// of the GTD (2008–2015) and ACLED (Balochistan 2020–2024) extracts in the shared research
// data, each turned into one to six reports by a seeded, documented noise model
// (BENCHMARK.md in the parent directory). It scores any clustering against the true events
// with pairwise and B-cubed precision, recall and F1, and offers the naive
// same-day-same-place rule as a baseline. Nothing here is committed data: the research files
// are read at run time and never copied.
package fusionbench

import (
	"archive/zip"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/sarhad-osint/sarhad"
	"github.com/sarhad-osint/sarhad/importer"
)

// Files of the shared research data, relative to the shared directory.
const (
	GTDFile   = "research-data/gtd_pakistan_1970-2015.csv.zip"
	ACLEDFile = "research-data/acled_balochistan_separatist_attacks_2020-2024.csv"
	PBCFile   = "research-data/pbc_pakistan_suicide_attacks_1995-2016.csv"
	// AliasFile lists spellings of provinces and districts (compiled facts, usable).
	AliasFile = "gazetteer/pak_admin_aliases.csv"
)

// ReadFile reads one data set file of the shared directory through the importer: format
// gtd (the zip is opened), acled or pbc. Rejected rows are skipped.
func ReadFile(shared, rel string, f importer.Format, res importer.Resolvers) ([]sarhad.Report, error) {
	path := filepath.Join(shared, rel)
	var r io.Reader
	if strings.HasSuffix(path, ".zip") {
		zr, err := zip.OpenReader(path)
		if err != nil {
			return nil, err
		}
		defer zr.Close()
		for _, zf := range zr.File {
			if strings.HasSuffix(zf.Name, ".csv") {
				rc, err := zf.Open()
				if err != nil {
					return nil, err
				}
				defer rc.Close()
				r = rc
				break
			}
		}
		if r == nil {
			return nil, fmt.Errorf("%s holds no CSV file", rel)
		}
	} else {
		fh, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		defer fh.Close()
		r = fh
	}
	rd, err := importer.NewReader(f, r, filepath.Base(path), importer.Options{Resolvers: res})
	if err != nil {
		return nil, err
	}
	var out []sarhad.Report
	for {
		row, err := rd.Next()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		if row.Err == nil {
			out = append(out, row.Report)
		}
	}
}

// Events returns the true events of the benchmark: GTD rows dated 2008–2015 and every ACLED
// row, resolved through res.
func Events(shared string, res importer.Resolvers) ([]sarhad.Report, error) {
	gtd, err := ReadFile(shared, GTDFile, importer.FormatGTD, res)
	if err != nil {
		return nil, fmt.Errorf("read GTD: %w", err)
	}
	var out []sarhad.Report
	for _, r := range gtd {
		if r.Date.Year >= 2008 && r.Date.Year <= 2015 {
			out = append(out, r)
		}
	}
	acled, err := ReadFile(shared, ACLEDFile, importer.FormatACLED, res)
	if err != nil {
		return nil, fmt.Errorf("read ACLED: %w", err)
	}
	return append(out, acled...), nil
}

// Aliases holds other spellings of canonical province and district names.
type Aliases map[string][]string

// ReadAliases reads the shared alias table (unambiguous province and district aliases); an
// absent file gives no aliases.
func ReadAliases(shared string) Aliases {
	out := Aliases{}
	f, err := os.Open(filepath.Join(shared, AliasFile))
	if err != nil {
		return out
	}
	defer f.Close()
	rd := csv.NewReader(f)
	head, err := rd.Read()
	if err != nil {
		return out
	}
	col := map[string]int{}
	for i, h := range head {
		col[h] = i
	}
	for {
		rec, err := rd.Read()
		if err != nil {
			break
		}
		if rec[col["kind"]] != "alias" || rec[col["ambiguous"]] == "True" {
			continue
		}
		target := rec[col["target_name"]]
		if target == "Azad Jammu & Kashmir" {
			target = sarhad.ProvinceAJK
		}
		out[target] = append(out[target], rec[col["alias"]])
	}
	return out
}
