package fusion_test

import (
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sarhad-osint/sarhad"
	"github.com/sarhad-osint/sarhad/fusion"
	"github.com/sarhad-osint/sarhad/fusion/fusionbench"
	"github.com/sarhad-osint/sarhad/internal/shareddata"
	"github.com/sarhad-osint/sarhad/internal/synth"
)

// benchmarkSet returns the benchmark's reports and their true events (BENCHMARK.md),
// skipping when the shared research data is absent.
func benchmarkSet(tb testing.TB) ([]sarhad.Report, []int) {
	tb.Helper()
	shareddata.Path(tb, fusionbench.GTDFile)
	dir := shareddata.Dir()
	events, err := fusionbench.Events(dir, resolvers)
	if err != nil {
		tb.Fatal(err)
	}
	reports, truth, err := fusionbench.Generate(events, fusionbench.Config{Seed: 1}, resolvers, fusionbench.ReadAliases(dir))
	if err != nil {
		tb.Fatal(err)
	}
	return reports, truth
}

// TestBenchmarkQuality fuses the benchmark and logs pairwise and B-cubed scores beside the
// naive same-day-same-place rule (go test ./fusion -run BenchmarkQuality -v). It asserts
// only that fusion beats the naive rule, not the figures, which BENCHMARK.md records.
func TestBenchmarkQuality(t *testing.T) {
	reports, truth := benchmarkSet(t)
	start := time.Now()
	r := engine().Fuse(reports, fusion.Constraints{})
	t.Logf("%d reports of %d events fused in %v, %d candidate pairs", len(reports), fusionbench.Score(truth, truth).Events, time.Since(start), r.Pairs)
	got := fusionbench.Score(r.EventOf, truth)
	naive := fusionbench.Score(fusionbench.Naive(reports), truth)
	t.Logf("fusion: pairwise %v; B-cubed %v; clusters %d / events %d", got.Pairwise, got.BCubed, got.Clusters, got.Events)
	t.Logf("naive:  pairwise %v; B-cubed %v; clusters %d", naive.Pairwise, naive.BCubed, naive.Clusters)
	if got.Pairwise.F1 <= naive.Pairwise.F1 || got.BCubed.F1 <= naive.BCubed.F1 {
		t.Errorf("fusion does not beat the naive rule")
	}
}

// BenchmarkFuseScale fuses 100,000, 500,000 and 1,000,000 reports made by scaling the
// benchmark set (fusionbench.Scale) and reports throughput, the live heap after the batch
// (reports and result held) and the scores:
//
//	go test ./fusion -run XXX -bench FuseScale -benchtime 1x
func BenchmarkFuseScale(b *testing.B) {
	base, truth := benchmarkSet(b)
	for _, n := range []int{100_000, 500_000, 1_000_000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			reports, tr := fusionbench.Scale(base, truth, n)
			eng := engine()
			var r *fusion.Result
			runtime.GC()
			var before runtime.MemStats
			runtime.ReadMemStats(&before)
			b.ResetTimer()
			for b.Loop() {
				r = eng.Fuse(reports, fusion.Constraints{})
			}
			b.StopTimer()
			runtime.GC()
			var after runtime.MemStats
			runtime.ReadMemStats(&after)
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "reports/s")
			b.ReportMetric(float64(after.HeapAlloc)/1e6, "heapMB")
			b.ReportMetric(float64(int64(after.HeapAlloc)-int64(before.HeapAlloc))/float64(n), "resultB/report")
			s := fusionbench.Score(r.EventOf, tr)
			b.ReportMetric(s.Pairwise.F1, "pairF1")
			b.ReportMetric(s.BCubed.F1, "b3F1")
		})
	}
}

// TestPBCvsGTD matches the Pakistan Body Count suicide attacks against the GTD extract and
// logs how many match and how well the death tolls agree (go test ./fusion -run PBCvsGTD -v).
func TestPBCvsGTD(t *testing.T) {
	shareddata.Path(t, fusionbench.PBCFile)
	c, err := fusionbench.MatchPBC(shareddata.Dir(), resolvers, func(r []sarhad.Report) []int {
		return engine().Fuse(r, fusion.Constraints{}).EventOf
	})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	c.Print(&b)
	t.Log("\n" + b.String())
	if c.Fused == 0 || c.Fused > c.PBC {
		t.Errorf("fused %d of %d", c.Fused, c.PBC)
	}
}

// BenchmarkIndexAdd times incremental adds with 1,000,000 single-report events of the
// synthetic stream (internal/synth) loaded in an index, as a store without fusion holds
// them: go test ./fusion -run XXX -bench IndexAdd -benchtime 10000x. The p99 comes from
// `sarhad bench fusion --incremental 1000000`.
func BenchmarkIndexAdd(b *testing.B) {
	g := synth.New(synth.Config{Seed: 7, IDPrefix: "inc"})
	ix := engine().NewIndex()
	for i := 0; i < 1_000_000; i++ {
		ix.Load(g.Next(), "e-"+strconv.Itoa(i+1))
	}
	probe := g.Batch(max(b.N, 1))
	b.ResetTimer()
	i := 0
	for b.Loop() {
		ix.Add(probe[i%len(probe)])
		i++
	}
}
