package extract

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"io"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/sarhad-osint/sarhad/actors"
	"github.com/sarhad-osint/sarhad/gazetteer"
	"github.com/sarhad-osint/sarhad/internal/shareddata"
)

// The labelled research data is read at test time from ../shared and never committed.
const (
	acledFile = "research-data/acled_balochistan_separatist_attacks_2020-2024.csv"
	gtdFile   = "research-data/gtd_pakistan_1970-2015.csv.zip"
)

// labelled is one labelled text: a row of a data set.
type labelled map[string]string

var (
	extractorOnce sync.Once
	sharedX       *Extractor
)

// realExtractor returns the extractor over the real gazetteer and actor registry.
func realExtractor() *Extractor {
	extractorOnce.Do(func() { sharedX = New(gazetteer.Default(), actors.Default()) })
	return sharedX
}

// readCSV reads a CSV with a header into rows keyed by column name. A garbled byte-order
// mark in the first header ("ï..eventid", "\ufeffeventid") is cleaned.
func readCSV(tb testing.TB, r io.Reader) []labelled {
	tb.Helper()
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	head, err := cr.Read()
	if err != nil {
		tb.Fatalf("read header: %v", err)
	}
	for i, h := range head {
		h = strings.TrimPrefix(h, "\ufeff")
		if j := strings.Index(h, ".."); j >= 0 && j < 6 {
			h = h[j+2:]
		}
		head[i] = strings.TrimSpace(h)
	}
	var rows []labelled
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			tb.Fatalf("read row %d: %v", len(rows)+2, err)
		}
		row := labelled{}
		for i, v := range rec {
			if i < len(head) {
				row[head[i]] = v
			}
		}
		rows = append(rows, row)
	}
	return rows
}

// acledRows reads the ACLED notes with their labels (skipping when the data is absent).
func acledRows(tb testing.TB) []labelled {
	tb.Helper()
	f, err := os.Open(shareddata.Path(tb, acledFile))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	return readCSV(tb, f)
}

// gtdRows reads the GTD rows that have a summary. The archive is unpacked into a
// temporary directory.
func gtdRows(tb testing.TB) []labelled {
	tb.Helper()
	path := shareddata.Path(tb, gtdFile)
	zr, err := zip.OpenReader(path)
	if err != nil {
		tb.Fatalf("open %s: %v", gtdFile, err)
	}
	defer zr.Close()
	dir := tb.TempDir()
	var rows []labelled
	for _, zf := range zr.File {
		if !strings.HasSuffix(strings.ToLower(zf.Name), ".csv") {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			tb.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			tb.Fatal(err)
		}
		tmp := dir + "/gtd.csv"
		if err := os.WriteFile(tmp, b, 0o600); err != nil {
			tb.Fatal(err)
		}
		// The file is UTF-8 with a few stray Latin-1 bytes; csv does not care.
		for _, r := range readCSV(tb, bytes.NewReader(b)) {
			s := strings.TrimSpace(r["summary"])
			if s == "" || s == "NA" {
				continue
			}
			rows = append(rows, r)
		}
	}
	if len(rows) == 0 {
		tb.Fatalf("%s holds no rows with a summary", gtdFile)
	}
	return rows
}
