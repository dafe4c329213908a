package sqlstore

import (
	"bufio"
	"context"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sarhad-osint/sarhad"
	"github.com/sarhad-osint/sarhad/internal/synth"
)

// Benchmarks; BENCHMARKS.md has the commands and the figures measured.

const benchBatch = 10000

// BenchmarkAddReports measures AddReports throughput in batches of 10,000 synthetic reports
// (1% revisions) into a store that grows with b.N.
func BenchmarkAddReports(b *testing.B) {
	for _, d := range dialects {
		b.Run(d, func(b *testing.B) {
			s := mustOpen(b, d)
			g := synth.New(synth.Config{Seed: 1, RevisionRate: 0.01})
			ctx := context.Background()
			b.ResetTimer()
			for range b.N {
				b.StopTimer()
				batch := g.Batch(benchBatch)
				b.StartTimer()
				if _, err := s.AddReports(ctx, batch); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N*benchBatch)/b.Elapsed().Seconds(), "reports/s")
		})
	}
}

// BenchmarkImport1M imports 1,000,000 synthetic reports in batches of 10,000 and logs the
// throughput and the memory of the process after 100k, 500k and 1M reports. Run it with
// -benchtime 1x.
func BenchmarkImport1M(b *testing.B) {
	for _, d := range dialects {
		b.Run(d, func(b *testing.B) {
			for range b.N {
				s := mustOpen(b, d)
				rate := import1M(b, s, true)
				b.ReportMetric(rate, "reports/s")
			}
		})
	}
}

// import1M fills s with 1,000,000 synthetic reports and returns the rate in reports/s.
func import1M(b *testing.B, s *Store, logMemory bool) float64 {
	b.Helper()
	const total = 1_000_000
	ctx := context.Background()
	g := synth.New(synth.Config{Seed: 1, RevisionRate: 0.01})
	var spent time.Duration
	var res sarhad.ImportResult
	for n := benchBatch; n <= total; n += benchBatch {
		batch := g.Batch(benchBatch)
		start := time.Now()
		r, err := s.AddReports(ctx, batch)
		spent += time.Since(start)
		if err != nil {
			b.Fatal(err)
		}
		res = res.Add(r)
		if logMemory && (n == 100_000 || n == 500_000 || n == total) {
			heap, rss := memory()
			b.Logf("%s: %7d reports: %6.0f reports/s so far, heap in use %5.1f MiB, RSS %5.1f MiB",
				s.Dialect(), n, float64(n)/spent.Seconds(), heap, rss)
		}
	}
	b.Logf("%s: imported %+v in %v", s.Dialect(), res, spent.Round(time.Millisecond))
	return float64(total) / spent.Seconds()
}

// memory returns the Go heap in use after a collection and the resident set size, in MiB
// (RSS is 0 where /proc is missing).
func memory() (heap, rss float64) {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	heap = float64(m.HeapInuse) / (1 << 20)
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return heap, 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
			rss = kb / 1024
		}
	}
	return heap, rss
}

// BenchmarkStats1M measures Stats over 1,000,000 events. It builds the store first (about a
// minute), unless SARHAD_BENCH_SQLITE names a SQLite file that holds them already (it is
// filled when it does not).
func BenchmarkStats1M(b *testing.B) {
	agency := sarhad.Viewer{Agency: "ctd-kp", AmberFrom: []string{sarhad.SystemAgency}}
	queries := []struct {
		name string
		by   string
		f    sarhad.EventFilter
		v    sarhad.Viewer
	}{
		{"month,province", "month,province", sarhad.EventFilter{}, sarhad.SystemViewer},
		{"month,province/agency", "month,province", sarhad.EventFilter{}, agency},
		{"month,province/2020-2024", "month,province", sarhad.EventFilter{From: sarhad.NewDate(2020, 1, 1), To: sarhad.NewDate(2024, 12, 31)}, sarhad.SystemViewer},
		// Days that do not start or end a month: no roll-up, the index (SQLite) or a scan.
		{"month,province/2020-01-15..2024-12-15", "month,province", sarhad.EventFilter{From: sarhad.NewDate(2020, 1, 15), To: sarhad.NewDate(2024, 12, 15)}, sarhad.SystemViewer},
		{"month,province,district", "month,province,district", sarhad.EventFilter{}, sarhad.SystemViewer},
		{"year", "year", sarhad.EventFilter{}, sarhad.SystemViewer},
		{"province", "province", sarhad.EventFilter{}, sarhad.SystemViewer},
		{"district", "district", sarhad.EventFilter{}, sarhad.SystemViewer},
		{"week", "week", sarhad.EventFilter{}, sarhad.SystemViewer},
		{"actor", "actor", sarhad.EventFilter{}, sarhad.SystemViewer},
		{"attack_type,target_type", "attack_type,target_type", sarhad.EventFilter{}, sarhad.SystemViewer},
		{"month/Quetta", "month", sarhad.EventFilter{District: "Quetta"}, sarhad.SystemViewer},
	}
	for _, d := range dialects {
		b.Run(d, func(b *testing.B) {
			s := benchStore(b, d)
			for _, q := range queries {
				by, err := sarhad.ParseStatsKeys(q.by)
				if err != nil {
					b.Fatal(err)
				}
				b.Run(q.name, func(b *testing.B) {
					for range b.N {
						st, err := s.Stats(context.Background(), q.v, sarhad.StatsQuery{By: by, Filter: q.f})
						if err != nil {
							b.Fatal(err)
						}
						if len(st.Rows) == 0 {
							b.Fatal("no rows")
						}
					}
				})
			}
		})
	}
}

// benchStore returns a store of 1,000,000 synthetic reports, optimized for reading.
func benchStore(b *testing.B, dialect string) *Store {
	ctx := context.Background()
	var s *Store
	if path := os.Getenv("SARHAD_BENCH_SQLITE"); dialect == SQLite && path != "" {
		var err error
		if s, err = Open(ctx, path); err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { s.Close() })
		var n int
		if err := s.db.QueryRow(`SELECT count(*) FROM reports`).Scan(&n); err != nil {
			b.Fatal(err)
		}
		if n >= 1_000_000 {
			return s
		}
	} else {
		s = mustOpen(b, dialect)
	}
	import1M(b, s, false)
	if err := s.Optimize(ctx); err != nil {
		b.Fatal(err)
	}
	return s
}
