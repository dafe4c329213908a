package importer

import (
	"bytes"
	"os"
	"testing"

	"github.com/sarhad-osint/sarhad/internal/shareddata"
)

// BenchmarkParse measures parsing alone (no resolvers, no store) per format, in rows per
// second. gtd, acled and pbc read the real files of ../shared; ucdp, csv and jsonl read
// about 10,000 rows made by repeating the synthetic GED fixture and the demo rows.
//
//	go test ./importer -run '^$' -bench BenchmarkParse -benchtime 3x
func BenchmarkParse(b *testing.B) {
	inputs := []struct {
		format Format
		data   func(b *testing.B) []byte
	}{
		{FormatGTD, func(b *testing.B) []byte { return realFile(b, gtdZip) }},
		{FormatACLED, func(b *testing.B) []byte { return realFile(b, acledCSV) }},
		{FormatPBC, func(b *testing.B) []byte { return realFile(b, pbcCSV) }},
		{FormatUCDP, func(b *testing.B) []byte {
			fixture, err := os.ReadFile(ucdpFixture)
			if err != nil {
				b.Fatal(err)
			}
			header, rows, _ := bytes.Cut(fixture, []byte("\n"))
			return repeatRows(header, rows, 10_000)
		}},
		{FormatCSV, func(b *testing.B) []byte {
			header, rows, _ := bytes.Cut(realFile(b, demoCSV), []byte("\n"))
			return repeatRows(header, rows, 10_000)
		}},
		{FormatJSONL, func(b *testing.B) []byte {
			if shareddata.Dir() == "" {
				b.Skip("shared data absent")
			}
			reports, _ := mustRead(b, FormatCSV, string(realFile(b, demoCSV)), Options{})
			var lines bytes.Buffer
			for _, r := range reports {
				j, err := r.MarshalJSON()
				if err != nil {
					b.Fatal(err)
				}
				lines.Write(j)
				lines.WriteByte('\n')
			}
			return repeatRows(nil, lines.Bytes(), 10_000)
		}},
	}
	for _, in := range inputs {
		b.Run(string(in.format), func(b *testing.B) {
			data := in.data(b)
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			rows := 0
			for b.Loop() {
				r, err := NewReader(in.format, bytes.NewReader(data), "bench", Options{})
				if err != nil {
					b.Fatal(err)
				}
				for {
					row, err := r.Next()
					if err != nil {
						break
					}
					if row.Err != nil {
						b.Fatalf("row rejected: %v", row.Err)
					}
					rows++
				}
			}
			b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}

// repeatRows returns header followed by the data rows repeated until there are at least n.
func repeatRows(header, rows []byte, n int) []byte {
	rows = bytes.TrimRight(rows, "\n")
	per := bytes.Count(rows, []byte("\n")) + 1
	var out bytes.Buffer
	if header != nil {
		out.Write(header)
		out.WriteByte('\n')
	}
	for i := 0; i < (n+per-1)/per; i++ {
		out.Write(rows)
		out.WriteByte('\n')
	}
	return out.Bytes()
}
