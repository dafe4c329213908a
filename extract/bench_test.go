package extract

import (
	"testing"

	"github.com/sarhad-osint/sarhad"
	"github.com/sarhad-osint/sarhad/actors"
	"github.com/sarhad-osint/sarhad/gazetteer"
)

// Benchmarks report documents per second of wall time (docs/s) and per second of CPU
// time (docs/cpu-s, which does not depend on what else a shared machine runs). On one core:
//
//	GOMAXPROCS=1 go test ./extract/ -run '^$' -bench . -benchtime 3x
//
// (the real-data benchmarks skip when ../shared is absent).

func benchTexts(b *testing.B, texts []string) {
	b.Helper()
	x := realExtractor()
	var bytes int64
	for _, t := range texts {
		bytes += int64(len(t))
	}
	b.SetBytes(bytes) // one op reads every text
	b.ResetTimer()
	docs := 0
	cpu0 := cpuTime()
	for b.Loop() {
		for _, t := range texts {
			x.Extract(t, sarhad.Date{})
		}
		docs += len(texts)
	}
	b.ReportMetric(float64(docs)/b.Elapsed().Seconds(), "docs/s")
	// Per CPU second: the figure to compare when the machine is shared (with GOMAXPROCS=1
	// it is the rate of one busy core, garbage collection included).
	if cpu := cpuTime() - cpu0; cpu > 0 {
		b.ReportMetric(float64(docs)/cpu.Seconds(), "docs/cpu-s")
	}
}

func BenchmarkExtractACLED(b *testing.B) {
	var texts []string
	for _, r := range acledRows(b) {
		texts = append(texts, r["notes"])
	}
	benchTexts(b, texts)
}

func BenchmarkExtractGTD(b *testing.B) {
	var texts []string
	for _, r := range gtdRows(b) {
		texts = append(texts, r["summary"])
	}
	benchTexts(b, texts)
}

func BenchmarkExtractNews(b *testing.B) {
	var texts []string
	for _, c := range newsCases {
		texts = append(texts, c.text)
	}
	benchTexts(b, texts)
}

// BenchmarkNew measures building an extractor (place and actor name indexes).
func BenchmarkNew(b *testing.B) {
	g, a := gazetteer.Default(), actors.Default()
	for b.Loop() {
		New(g, a)
	}
}

// BenchmarkExtractLongText extracts from one long text (about 1 MB of GTD summaries in
// paragraphs): the extractor must stay linear in the length of its input.
func BenchmarkExtractLongText(b *testing.B) {
	var sb []byte
	for _, r := range gtdRows(b) {
		sb = append(sb, r["summary"]...)
		sb = append(sb, "\n\n"...)
		if len(sb) > 1<<20 {
			break
		}
	}
	text := string(sb)
	x := realExtractor()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		x.Extract(text, sarhad.Date{})
	}
}
