package app

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/sarhad-osint/sarhad"
	"github.com/sarhad-osint/sarhad/internal/synth"
	"github.com/sarhad-osint/sarhad/progress"
)

func init() { register(benchCommand) }

func benchCommand(c *CLI) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "bench",
		Short: "Benchmarks: fusion quality and speed, seeding a store, driving the HTTP API",
	}
	cmd.AddCommand(benchSeedCommand(c), benchHTTPCommand(c), benchFusionCommand(c))
	return cmd
}

func benchSeedCommand(c *CLI) *cobra.Command {
	var (
		events int
		seed   uint64
		mixed  float64
	)
	cmd := &cobra.Command{
		Use:   "seed --events N [--mixed FRACTION]",
		Short: "Fill the store with N synthetic events (internal/synth) for load tests",
		Long: `Generates N synthetic reports (deterministic for --seed; nothing in them describes a real
event), each its own event, owned by synthetic agencies with mixed markings, and writes them
in batches. --mixed adds, for that fraction of the events, a revision of the report under
another marking, which makes the event "mixed" (its reports differ in marking), the case that
per-viewer reconciliation handles.`,
		Example: `  sarhad bench seed --data-dir /tmp/bench --events 100000 --mixed 0.01`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			st, err := c.openStore(ctx)
			if err != nil {
				return err
			}
			defer st.Close()
			g := synth.New(synth.Config{Seed: seed, IDPrefix: "bench"})
			rng := rand.New(rand.NewPCG(seed, 7))
			start := time.Now()
			var total sarhad.ImportResult
			bar := progress.New(c.Stderr, "seed", int64(events), "events")
			for done := 0; done < events; {
				n := min(10_000, events-done)
				batch := g.Batch(n)
				for i := range n {
					if rng.Float64() >= mixed {
						continue
					}
					rev := batch[i]
					rev.Hash = ""
					for rev.Marking == batch[i].Marking {
						rev.Marking = sarhad.Markings[rng.IntN(len(sarhad.Markings))]
					}
					rev.Killed.Total = sarhad.Exact(rev.Killed.Total.BestOr0() + 1)
					rev.Killed.Security, rev.Killed.Civilians = sarhad.Count{}, sarhad.Count{}
					batch = append(batch, rev)
				}
				res, err := st.AddReports(ctx, batch)
				if err != nil {
					return err
				}
				total = total.Add(res)
				done += n
				bar.Set(int64(done), int64(done))
			}
			bar.Finish()
			if err := st.Optimize(ctx); err != nil {
				return err
			}
			fmt.Fprintf(c.Stdout, "%s reports, %s events written in %s\n", progress.Group(int64(total.Added)),
				progress.Group(int64(total.Events)), time.Since(start).Round(time.Millisecond))
			return nil
		},
	}
	cmd.Flags().IntVar(&events, "events", 100_000, "number of events")
	cmd.Flags().Uint64Var(&seed, "seed", 1, "generator seed")
	cmd.Flags().Float64Var(&mixed, "mixed", 0.01, "fraction of events that get a revision under another marking")
	return cmd
}

// benchResult collects the latencies of one path.
type benchResult struct {
	path      string
	latencies []time.Duration
	errors    int
	firstErr  string
}

func benchHTTPCommand(c *CLI) *cobra.Command {
	var (
		url         string
		paths       []string
		tokenFiles  []string
		concurrency int
		duration    time.Duration
		warmup      time.Duration
		pid         int
		postEvery   time.Duration
		postToken   string
	)
	cmd := &cobra.Command{
		Use:   "http --url URL --token-file FILE [--path PATH]... [-c 50] [-d 30s]",
		Short: "Drive the HTTP API with concurrent clients; print latency percentiles and errors",
		Long: `Runs --concurrency clients for --duration, each sending GET requests round-robin over the
--path values with the API tokens of the --token-file files (one token per file; several
files spread the clients over several agencies). Prints, per path and in total, the number
of requests, throughput, p50, p90, p99 and maximum latency, and errors (transport errors and
non-2xx answers). With --pid it samples the server's resident memory and prints the peak.
--warmup sends requests first without recording them.`,
		Example: `  sarhad bench http --url http://127.0.0.1:8080 --token-file tok-a --token-file tok-b -c 50 -d 30s \
    --path /api/v1/events --path '/api/v1/stats?by=month,province' --pid $(pgrep -f 'sarhad serve')`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if concurrency < 1 {
				return sarhad.Errorf(sarhad.EINVALID, "--concurrency must be at least 1")
			}
			var tokens []string
			for _, f := range tokenFiles {
				b, err := os.ReadFile(f)
				if err != nil {
					return sarhad.Errorf(sarhad.EINVALID, "--token-file: %s", err.Error())
				}
				tokens = append(tokens, strings.TrimSpace(string(b)))
			}
			if t := c.Getenv("SARHAD_TOKEN"); len(tokens) == 0 && t != "" {
				tokens = append(tokens, t)
			}
			if len(tokens) == 0 {
				return sarhad.Errorf(sarhad.EINVALID, "give --token-file (or SARHAD_TOKEN)")
			}
			if len(paths) == 0 {
				paths = []string{"/api/v1/events", "/api/v1/stats?by=month,province"}
			}
			ctx := cmd.Context()
			client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: concurrency, MaxConnsPerHost: concurrency}, Timeout: 30 * time.Second}
			if warmup > 0 {
				benchRun(ctx, client, url, paths, tokens, concurrency, warmup)
			}
			peak := make(chan int64, 1)
			sctx, stop := context.WithCancel(ctx)
			go func() { peak <- sampleRSS(sctx, pid) }()
			posts := make(chan [2]int, 1)
			if postEvery > 0 {
				b, err := os.ReadFile(postToken)
				if err != nil {
					stop()
					return sarhad.Errorf(sarhad.EINVALID, "--post-token-file: %s", err.Error())
				}
				go func() { posts <- benchPost(sctx, client, url, strings.TrimSpace(string(b)), postEvery) }()
			}
			results, elapsed := benchRun(ctx, client, url, paths, tokens, concurrency, duration)
			stop()
			rss := <-peak
			printBench(c.Stdout, results, elapsed, concurrency)
			if postEvery > 0 {
				p := <-posts
				fmt.Fprintf(c.Stdout, "writes meanwhile: %d reports posted (one every %s), %d failed\n", p[0], postEvery, p[1])
			}
			if pid > 0 {
				fmt.Fprintf(c.Stdout, "server peak RSS: %.1f MiB (pid %d, sampled every 100 ms)\n", float64(rss)/(1<<20), pid)
			}
			for _, r := range results {
				if r.errors > 0 {
					return &exitError{code: ExitError, msg: fmt.Sprintf("%s: %d errors (first: %s)", r.path, r.errors, r.firstErr)}
				}
			}
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&url, "url", "http://"+DefaultAddr, "server base URL")
	fl.StringArrayVar(&paths, "path", nil, "request path with query (repeatable; default /api/v1/events and /api/v1/stats?by=month,province)")
	fl.StringArrayVar(&tokenFiles, "token-file", nil, "file holding an API token (repeatable)")
	fl.IntVarP(&concurrency, "concurrency", "c", 50, "concurrent clients")
	fl.DurationVarP(&duration, "duration", "d", 30*time.Second, "how long to send requests")
	fl.DurationVar(&warmup, "warmup", 0, "send requests for this long first, unrecorded")
	fl.IntVar(&pid, "pid", 0, "server process id whose resident memory to sample")
	fl.DurationVar(&postEvery, "post-every", 0, "meanwhile, post a synthetic report this often (each write invalidates cached answers)")
	fl.StringVar(&postToken, "post-token-file", "", "file holding an analyst's API token for --post-every")
	return cmd
}

// benchPost posts a synthetic report every period until ctx ends and returns how many were
// posted and how many failed.
func benchPost(ctx context.Context, client *http.Client, base, token string, every time.Duration) [2]int {
	g := synth.New(synth.Config{Seed: uint64(time.Now().UnixNano()), IDPrefix: "benchpost"})
	t := time.NewTicker(every)
	defer t.Stop()
	var n [2]int
	for {
		select {
		case <-ctx.Done():
			return n
		case <-t.C:
		}
		r := g.Next()
		r.Owner, r.Hash = "", ""
		b, _ := json.Marshal(r)
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, base+"/api/v1/reports", bytes.NewReader(b))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		resp, err := client.Do(req)
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusCreated {
				err = fmt.Errorf("HTTP %d", resp.StatusCode)
			}
		}
		if ctx.Err() != nil {
			return n
		}
		if err != nil {
			n[1]++
		} else {
			n[0]++
		}
	}
}

// benchRun runs the clients and returns per-path results.
func benchRun(ctx context.Context, client *http.Client, base string, paths, tokens []string, conc int, d time.Duration) ([]*benchResult, time.Duration) {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	var mu sync.Mutex
	results := make([]*benchResult, len(paths))
	for i, p := range paths {
		results[i] = &benchResult{path: p}
	}
	start := time.Now()
	var wg sync.WaitGroup
	for w := range conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			token := tokens[w%len(tokens)]
			local := make([][]time.Duration, len(paths))
			errs := make([]int, len(paths))
			firstErr := make([]string, len(paths))
			for n := w; ctx.Err() == nil; n++ {
				i := n % len(paths)
				req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+paths[i], nil)
				req.Header.Set("Authorization", "Bearer "+token)
				t := time.Now()
				resp, err := client.Do(req)
				if err == nil {
					_, err = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if err == nil && (resp.StatusCode < 200 || resp.StatusCode > 299) {
						err = fmt.Errorf("HTTP %d", resp.StatusCode)
					}
				}
				if ctx.Err() != nil {
					break // the deadline cut this request short: not an error of the server
				}
				if err != nil {
					errs[i]++
					if firstErr[i] == "" {
						firstErr[i] = err.Error()
					}
					continue
				}
				local[i] = append(local[i], time.Since(t))
			}
			mu.Lock()
			for i, r := range results {
				r.latencies = append(r.latencies, local[i]...)
				r.errors += errs[i]
				if r.firstErr == "" {
					r.firstErr = firstErr[i]
				}
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	return results, time.Since(start)
}

func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(float64(len(sorted))*p+0.5) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

func printBench(w io.Writer, results []*benchResult, elapsed time.Duration, conc int) {
	fmt.Fprintf(w, "%d clients, %s\n", conc, elapsed.Round(time.Millisecond))
	fmt.Fprintf(w, "%-44s %9s %8s %9s %9s %9s %9s %7s\n", "path", "requests", "req/s", "p50", "p90", "p99", "max", "errors")
	var all []time.Duration
	errs := 0
	row := func(name string, lat []time.Duration, e int) {
		slices.Sort(lat)
		ms := func(d time.Duration) string { return strconv.FormatFloat(float64(d)/1e6, 'f', 1, 64) + "ms" }
		fmt.Fprintf(w, "%-44s %9d %8.0f %9s %9s %9s %9s %7d\n", name, len(lat), float64(len(lat))/elapsed.Seconds(),
			ms(percentile(lat, 0.50)), ms(percentile(lat, 0.90)), ms(percentile(lat, 0.99)), ms(percentile(lat, 1)), e)
	}
	for _, r := range results {
		row(r.path, r.latencies, r.errors)
		all = append(all, r.latencies...)
		errs += r.errors
	}
	row("total", all, errs)
}

// sampleRSS returns the peak resident set size of process pid (from /proc) until ctx ends;
// 0 without a pid.
func sampleRSS(ctx context.Context, pid int) int64 {
	if pid <= 0 {
		return 0
	}
	var peak int64
	t := time.NewTicker(100 * time.Millisecond)
	defer t.Stop()
	for {
		if rss := readRSS(pid); rss > peak {
			peak = rss
		}
		select {
		case <-ctx.Done():
			return peak
		case <-t.C:
		}
	}
}

func readRSS(pid int) int64 {
	f, err := os.Open("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}
