package app

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"slices"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"github.com/sarhad-osint/sarhad"
	"github.com/sarhad-osint/sarhad/fusion"
	"github.com/sarhad-osint/sarhad/fusion/fusionbench"
	"github.com/sarhad-osint/sarhad/internal/shareddata"
	"github.com/sarhad-osint/sarhad/internal/synth"
	"github.com/sarhad-osint/sarhad/progress"
	"github.com/sarhad-osint/sarhad/sqlstore"
)

func benchFusionCommand(c *CLI) *cobra.Command {
	var (
		shared       string
		seed         uint64
		scale        int
		out          string
		pbc          bool
		incremental  int
		measureNaive bool
	)
	cmd := &cobra.Command{
		Use:   "fusion [--shared DIR] [--scale N] [--incremental N] [--pbc-gtd]",
		Short: "Measure fusion on multi-source reports built from real GTD and ACLED events",
		Long: `Builds the fusion benchmark (fusion/BENCHMARK.md): GTD events 2008–2015 and the ACLED
Balochistan events, each turned into one to six noisy reports, seeded and deterministic;
fuses them and prints pairwise and B-cubed precision, recall and F1 against the true events,
then the same for the reports placed one at a time in order of publication (the incremental
path of the HTTP API and of import), beside the naive same-day-same-place rule.

--scale N also fuses N reports made by copying the benchmark into other years and prints
the throughput and the heap; --out FILE writes those reports as JSON lines. --incremental N loads N synthetic single-report events (internal/synth)
into an in-memory index and times adding 10,000 more reports one by one (p50, p99). With
--data-dir (or --db) it times instead, against that store, 10,000 reports of the benchmark's
events (reported again with other noise) each stored and placed at once, as the HTTP API
does: fill the store first with the scaled benchmark (fusion/BENCHMARK.md). --pbc-gtd matches the Pakistan
Body Count suicide attacks against the GTD extract instead.

The research data is read from --shared (default: $SARHAD_SHARED, or ../shared beside the
module); it is never copied.`,
		Example: `  sarhad bench fusion
  sarhad bench fusion --scale 1000000
  sarhad bench fusion --pbc-gtd`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if shared == "" {
				shared = shareddata.Dir()
			}
			if shared == "" {
				return sarhad.Errorf(sarhad.EINVALID, "the shared research data was not found: give --shared DIR or set SARHAD_SHARED")
			}
			if out != "" && scale == 0 {
				return sarhad.Errorf(sarhad.EINVALID, "--out writes the scaled reports: give --scale N too")
			}
			eng := c.engine(nil)
			res := c.resolvers()
			if pbc {
				m, err := fusionbench.MatchPBC(shared, res, func(r []sarhad.Report) []int {
					return eng.Fuse(r, fusion.Constraints{}).EventOf
				})
				if err != nil {
					return err
				}
				m.Print(c.Stdout)
				return nil
			}
			events, err := fusionbench.Events(shared, res)
			if err != nil {
				return err
			}
			reports, truth, err := fusionbench.Generate(events, fusionbench.Config{Seed: seed}, res, fusionbench.ReadAliases(shared))
			if err != nil {
				return err
			}
			start := time.Now()
			r := eng.Fuse(reports, fusion.Constraints{})
			el := time.Since(start)
			s := fusionbench.Score(r.EventOf, truth)
			fmt.Fprintf(c.Stdout, "benchmark: %s reports of %s events (seed %d), fused in %v\n",
				progress.Group(int64(s.Reports)), progress.Group(int64(s.Events)), seed, el.Round(time.Millisecond))
			fmt.Fprintf(c.Stdout, "fusion      pairwise %v   B-cubed %v   (%s events)\n", s.Pairwise, s.BCubed, progress.Group(int64(s.Clusters)))
			start = time.Now()
			inc := fusionbench.Score(incrementalEvents(eng, reports), truth)
			fmt.Fprintf(c.Stdout, "incremental pairwise %v   B-cubed %v   (%s events; one at a time in order of publication, %v)\n",
				inc.Pairwise, inc.BCubed, progress.Group(int64(inc.Clusters)), time.Since(start).Round(time.Millisecond))
			if measureNaive {
				n := fusionbench.Score(fusionbench.Naive(reports), truth)
				fmt.Fprintf(c.Stdout, "naive rule  pairwise %v   B-cubed %v   (%s events)\n", n.Pairwise, n.BCubed, progress.Group(int64(n.Clusters)))
			}
			if scale > 0 {
				big, bigTruth := fusionbench.Scale(reports, truth, scale)
				runtime.GC()
				var ms runtime.MemStats
				runtime.ReadMemStats(&ms)
				base := ms.HeapAlloc
				start := time.Now()
				r := eng.Fuse(big, fusion.Constraints{})
				el := time.Since(start)
				runtime.GC()
				runtime.ReadMemStats(&ms)
				s := fusionbench.Score(r.EventOf, bigTruth)
				fmt.Fprintf(c.Stdout, "scaled      %s reports in %v: %s reports/s; heap %s MB (result %s MB); pairwise F1 %.3f, B-cubed F1 %.3f\n",
					progress.Group(int64(len(big))), el.Round(time.Millisecond), progress.Group(int64(float64(len(big))/el.Seconds())),
					progress.Group(int64(ms.HeapAlloc>>20)), progress.Group(int64((ms.HeapAlloc-base)>>20)), s.Pairwise.F1, s.BCubed.F1)
				if out != "" {
					if err := writeReportsJSONL(out, big); err != nil {
						return err
					}
					fmt.Fprintf(c.Stdout, "wrote       %s reports to %s (JSON lines)\n", progress.Group(int64(len(big))), out)
				}
			}
			if storeFlagsGiven(cmd) {
				// Probes: the same true events reported again with other noise, so that most
				// join events of a store filled with the benchmark (see BENCHMARK.md).
				probes, _, err := fusionbench.Generate(events, fusionbench.Config{Seed: seed + 1}, res, fusionbench.ReadAliases(shared))
				if err != nil {
					return err
				}
				return c.benchIncrementalStore(cmd.Context(), eng, probes[:min(len(probes), 10_000)])
			}
			if incremental > 0 {
				return c.benchIncremental(eng, incremental)
			}
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&shared, "shared", "", "the shared data directory (research-data/, gazetteer/)")
	fl.Uint64Var(&seed, "seed", 1, "seed of the noise model")
	fl.IntVar(&scale, "scale", 0, "also fuse this many reports made by copying the benchmark")
	fl.StringVar(&out, "out", "", "with --scale, also write the scaled reports to this file as JSON lines (for `sarhad import --format jsonl`)")
	fl.IntVar(&incremental, "incremental", 0, "also time incremental adds with this many events loaded in an index")
	fl.BoolVar(&pbc, "pbc-gtd", false, "match the PBC suicide attacks against the GTD extract instead")
	fl.BoolVar(&measureNaive, "naive", true, "also score the naive same-day-same-place rule")
	return cmd
}

// incrementalEvents places reports one at a time, in order of publication, in an index
// whose frequencies come from all of them (as the incorporator's come from a sample of the
// store), as the HTTP API receives them; it returns the event of each report, numbered.
func incrementalEvents(eng *fusion.Engine, reports []sarhad.Report) []int {
	ix := eng.NewIndex()
	for i := range reports {
		ix.Observe(&reports[i])
	}
	order := make([]int, len(reports))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return reports[a].ReportedAt.Compare(reports[b].ReportedAt) })
	at := make([]string, len(reports))
	for _, i := range order {
		at[i], _, _ = ix.Add(reports[i])
	}
	// The index merges events as later reports link them: follow each report to its event.
	num := map[string]int{}
	out := make([]int, len(reports))
	for i := range reports {
		ev := ix.EventOf(reports[i].ID)
		if ev == "" {
			ev = at[i]
		}
		if _, ok := num[ev]; !ok {
			num[ev] = len(num)
		}
		out[i] = num[ev]
	}
	return out
}

// writeReportsJSONL writes reports to the file path, one interchange JSON object a line.
func writeReportsJSONL(path string, reports []sarhad.Report) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	enc := json.NewEncoder(w)
	for i := range reports {
		if err := enc.Encode(reports[i]); err != nil {
			f.Close()
			return fmt.Errorf("%s: report %d: %w", path, i+1, err)
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	return f.Close()
}

// benchIncrementalStore stores the probes one by one and lets fusion place each at once,
// timing the placement and the whole (store and place).
func (c *CLI) benchIncrementalStore(ctx context.Context, eng *fusion.Engine, probes []sarhad.Report) error {
	st, err := c.openStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	events, err := st.EventCount(ctx)
	if err != nil {
		return err
	}
	start := time.Now()
	inc, err := eng.NewIncorporator(ctx, st)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.Stdout, "store       %s with %s events; incorporator ready in %v\n", c.cfg.StoreName(), progress.Group(int64(events)), time.Since(start).Round(time.Millisecond))
	var place, whole, decide, write []time.Duration
	joined := 0
	for i := range probes {
		r := probes[i]
		r.ID = "probe-" + r.ID
		t0 := time.Now()
		if _, err := st.AddReports(ctx, []sarhad.Report{r}); err != nil {
			return err
		}
		t1 := time.Now()
		ps, err := inc.Add(ctx, []string{sqlstore.ReportHash(r)})
		if err != nil {
			return err
		}
		t2 := time.Now()
		place, whole = append(place, t2.Sub(t1)), append(whole, t2.Sub(t0))
		d, w := inc.LastTimes()
		decide, write = append(decide, d), append(write, w)
		for _, p := range ps {
			if p.Joined {
				joined++
			}
		}
	}
	fmt.Fprintf(c.Stdout, "incremental %s reports (%s joined an event), store-backed: place p50 %v p99 %v (of which find the event p50 %v p99 %v; write it p50 %v p99 %v); store+place p50 %v p99 %v\n",
		progress.Group(int64(len(probes))), progress.Group(int64(joined)), pct(place, 0.5), pct(place, 0.99),
		pct(decide, 0.5), pct(decide, 0.99), pct(write, 0.5), pct(write, 0.99), pct(whole, 0.5), pct(whole, 0.99))
	return nil
}

// pct returns the q-quantile of durations (sorted in place).
func pct(d []time.Duration, q float64) time.Duration {
	slices.Sort(d)
	return d[int(q*float64(len(d)-1))]
}

// benchIncremental loads n events into an in-memory index — synthetic reports of
// internal/synth, each its own event, as a store without fusion holds them — then adds
// 10,000 more reports of the same stream one by one and prints the latency percentiles.
func (c *CLI) benchIncremental(eng *fusion.Engine, n int) error {
	g := synth.New(synth.Config{Seed: 7, IDPrefix: "inc"})
	ix := eng.NewIndex()
	start := time.Now()
	for i := 0; i < n; i++ {
		ix.Load(g.Next(), "e-"+strconv.Itoa(i+1))
	}
	ix.Compact()
	reports, events := ix.Len()
	fmt.Fprintf(c.Stdout, "index       %s reports in %s events loaded in %v\n", progress.Group(int64(reports)), progress.Group(int64(events)), time.Since(start).Round(time.Millisecond))
	probe := g.Batch(10_000)
	lat := make([]time.Duration, 0, len(probe))
	joined := 0
	for i := range probe {
		t := time.Now()
		_, _, created := ix.Add(probe[i])
		lat = append(lat, time.Since(t))
		if !created {
			joined++
		}
	}
	fmt.Fprintf(c.Stdout, "incremental %s adds (in memory, %s joined an event): p50 %v  p99 %v  max %v\n",
		progress.Group(int64(len(lat))), progress.Group(int64(joined)), pct(lat, 0.5), pct(lat, 0.99), lat[len(lat)-1])
	return nil
}
