package extract

import (
	"os"
	"testing"

	"github.com/sarhad-osint/sarhad"
	"github.com/sarhad-osint/sarhad/internal/shareddata"
)

// FuzzExtract checks that no input makes the extractor panic and that every draft keeps
// the contract: evidence spans inside the text that quote it, confidences in [0,1], and a
// report that validates. It is seeded with the news cases and, when ../shared is there,
// with real ACLED notes and GTD summaries read at test time (never stored in testdata).
//
//	go test ./extract/ -run '^$' -fuzz FuzzExtract -fuzztime 30s
func FuzzExtract(f *testing.F) {
	for _, c := range newsCases {
		f.Add(c.text, c.reportDate)
	}
	for _, s := range []string{"", " ", "\xff\xfe", "1/2/3", "killed killed killed", "99999999999999999999 soldiers were killed",
		"between 5 and", "On the 31st", "Published\n", "(((", "Khawarij Khawarij claimed", "no one", "a a a a a killed"} {
		f.Add(s, "2024-02-29")
	}
	if shareddata.Dir() != "" {
		if _, err := os.Stat(shareddata.Path(f, acledFile)); err == nil {
			for i, r := range acledRows(f) {
				if i%40 == 0 {
					f.Add(r["notes"], "")
				}
			}
		}
		if _, err := os.Stat(shareddata.Path(f, gtdFile)); err == nil {
			for i, r := range gtdRows(f) {
				if i%250 == 0 {
					f.Add(r["summary"], r["iyear"]+"-01-15")
				}
			}
		}
	}
	x := realExtractor()
	f.Fuzz(func(t *testing.T, text, reportDate string) {
		rd, err := sarhad.ParseDate(reportDate)
		if err != nil {
			rd = sarhad.Date{}
		}
		for _, r := range x.Extract(text, rd) {
			for field, e := range r.Evidence {
				if e.Inferred {
					if e.Start != 0 || e.End != 0 || e.Snippet != "" {
						t.Fatalf("%s: inferred evidence with a span %+v", field, e)
					}
					continue
				}
				if spanText(text, e.Start, e.End) != e.Snippet {
					t.Fatalf("%s: snippet %q is not the text's", field, e.Snippet)
				}
				if e.Confidence < 0 || e.Confidence > 1 {
					t.Fatalf("%s: confidence %v", field, e.Confidence)
				}
			}
			r.Normalize()
			if err := r.Validate(); err != nil {
				t.Fatalf("draft does not validate: %v", err)
			}
		}
	})
}
