package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/sarhad-osint/sarhad"
	"github.com/sarhad-osint/sarhad/importer"
	"github.com/sarhad-osint/sarhad/progress"
)

// ImportOptions controls an import.
type ImportOptions struct {
	Format importer.Format
	// Strict rejects a whole file, writing nothing, when any of its rows is bad.
	Strict bool
	// BatchSize is the number of reports written per transaction.
	BatchSize int
	Owner     string
	Marking   sarhad.Marking
	// NoFuse leaves every new report in an event of its own (a later `sarhad fuse` places
	// them); otherwise fusion places each stored batch at once (app/fuse.go).
	NoFuse bool
	// fuse places a stored batch and returns how many reports joined existing events.
	fuse func(ctx context.Context, batch []sarhad.Report) (joined int, err error)
}

// FileSummary is the outcome of importing one file.
type FileSummary struct {
	Name     string
	Rows     int // data rows read
	Rejected []importer.Row
	sarhad.ImportResult
	Elapsed time.Duration
}

// reportWriter is the part of the store an import needs.
type reportWriter interface {
	AddReports(ctx context.Context, reports []sarhad.Report) (sarhad.ImportResult, error)
}

func init() { register(importCommand) }

func importCommand(c *CLI) *cobra.Command {
	var (
		format  string
		opt     ImportOptions
		marking string
	)
	cmd := &cobra.Command{
		Use:   "import --format acled|gtd|ucdp|pbc|csv|jsonl FILE...",
		Short: "Import reports from data sets, CSV or JSON lines into the store",
		Long: `Streams each FILE ("-" reads standard input) into the store in transactional batches and
prints a summary: rows imported, duplicates skipped, rows rejected with line numbers and
reasons. Importing the same file twice adds nothing. With --strict a file with any bad row
is rejected as a whole and nothing of it is written.

Formats: gtd (Global Terrorism Database CSV), acled (ACLED CSV), ucdp (UCDP GED CSV),
pbc (Pakistan Body Count suicide attacks CSV), csv (Sarhad's own CSV, the columns of the
bundled demo data), jsonl (one Sarhad report per line, INTERCHANGE.md).

Each stored batch is fused at once, one report at a time, against the events already
stored (--no-fuse leaves each report in an event of its own). After a large import of
reports from several sources, "sarhad fuse" re-fuses the store as a whole, which groups
them a little better (fusion/BENCHMARK.md).

Exit status: 0 on success, 1 on an error (nothing of the failing batch is written),
3 when the import finished but some rows were rejected.`,
		Example: `  sarhad import --data-dir ./data --format gtd globalterrorismdb.csv
  sarhad import --format jsonl --strict reports.jsonl`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, files []string) error {
			f, err := importer.ParseFormat(format)
			if err != nil {
				return err
			}
			opt.Format = f
			if marking != "" {
				m, ok := sarhad.ParseMarking(marking)
				if !ok {
					return sarhad.Errorf(sarhad.EINVALID, "--marking %q is not a TLP 2.0 label", marking)
				}
				opt.Marking = m
			}
			if opt.BatchSize < 1 || opt.BatchSize > 1_000_000 {
				return sarhad.Errorf(sarhad.EINVALID, "--batch must be between 1 and 1000000")
			}
			ctx := cmd.Context()
			st, err := c.openStore(ctx)
			if err != nil {
				return err
			}
			defer st.Close()
			if !opt.NoFuse {
				if opt.fuse, err = c.importFuser(ctx, st); err != nil {
					return err
				}
			}
			res := c.resolvers()
			rejected := 0
			for _, name := range files {
				sum, err := c.importFile(ctx, st, res, name, opt)
				c.printSummary(sum)
				if aerr := c.auditImport(ctx, st, sum, opt); err == nil { // app/audit.go
					err = aerr
				}
				rejected += len(sum.Rejected)
				if err != nil {
					return err
				}
			}
			if rejected > 0 {
				return &exitError{code: ExitRejected, msg: fmt.Sprintf("%s rows rejected (listed above)", progress.Group(int64(rejected)))}
			}
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&format, "format", "", "input format: gtd, acled, ucdp, pbc, csv, jsonl (required)")
	fl.BoolVar(&opt.Strict, "strict", false, "reject a whole file, writing nothing, if any row is bad")
	fl.IntVar(&opt.BatchSize, "batch", 10000, "reports per transaction")
	fl.StringVar(&opt.Owner, "agency", sarhad.SystemAgency, "owning agency of the imported reports")
	fl.StringVar(&marking, "marking", "", "TLP marking of the imported reports (default: TLP:CLEAR for public data sets, the row's own or TLP:AMBER for csv/jsonl)")
	fl.BoolVar(&opt.NoFuse, "no-fuse", false, "do not fuse: every new report stays an event of its own until `sarhad fuse`")
	_ = cmd.MarkFlagRequired("format")
	return cmd
}

// importFile imports one file ("-" is standard input). In strict mode the file is read twice:
// once to validate every row, and only when all are good, once to write them.
func (c *CLI) importFile(ctx context.Context, st reportWriter, res importer.Resolvers, name string, opt ImportOptions) (FileSummary, error) {
	sum := FileSummary{Name: name}
	start := time.Now()
	defer func() { sum.Elapsed = time.Since(start) }()

	path := name
	if name == "-" {
		sum.Name = "stdin"
		if opt.Strict { // strict needs two passes: spool standard input to a temporary file
			tmp, err := spool(c.Stdin)
			if err != nil {
				return sum, err
			}
			defer os.Remove(tmp)
			path = tmp
		}
	}
	if opt.Strict {
		rows, bad, err := c.scan(ctx, res, path, sum.Name, opt, nil)
		if err != nil {
			return sum, err
		}
		if len(bad) > 0 {
			sum.Rows, sum.Rejected = rows, bad
			return sum, &exitError{code: ExitError, msg: fmt.Sprintf("%s: %s of %s rows are bad; --strict: nothing was written",
				sum.Name, progress.Group(int64(len(bad))), progress.Group(int64(rows)))}
		}
	}
	rows, bad, err := c.scan(ctx, res, path, sum.Name, opt, func(batch []sarhad.Report) error {
		r, err := st.AddReports(ctx, batch)
		if err == nil && opt.fuse != nil {
			var joined int
			joined, err = opt.fuse(ctx, batch)
			r.Events -= joined
		}
		sum.ImportResult = sum.ImportResult.Add(r)
		return err
	})
	sum.Rows, sum.Rejected = rows, bad
	sum.Elapsed = time.Since(start)
	return sum, err
}

// scan reads every row of a file. With write set it hands full batches to write on a second
// goroutine, so that parsing and storing overlap; without it, it only validates.
func (c *CLI) scan(ctx context.Context, res importer.Resolvers, path, display string, opt ImportOptions,
	write func([]sarhad.Report) error) (rows int, rejected []importer.Row, err error) {
	var in io.Reader
	var size int64
	if path == "-" {
		in = c.Stdin
	} else {
		f, err := os.Open(path)
		if err != nil {
			return 0, nil, sarhad.Errorf(sarhad.EINVALID, "%s: %s", display, strings.TrimPrefix(err.Error(), "open "+path+": "))
		}
		defer f.Close()
		if st, err := f.Stat(); err == nil {
			size = st.Size()
		}
		in = f
	}
	counter := &progress.CountingReader{R: in}
	label := filepath.Base(display)
	if write == nil {
		label += " (checking)"
	}
	bar := progress.New(c.Stderr, label, size, "rows")
	defer bar.Finish()

	rd, err := importer.NewReader(opt.Format, counter, display, importer.Options{Owner: opt.Owner, Marking: opt.Marking, Resolvers: res})
	if err != nil {
		return 0, nil, err
	}

	// The writer goroutine stores batches while this one parses the next.
	var batches chan []sarhad.Report
	done := make(chan error, 1)
	if write != nil {
		batches = make(chan []sarhad.Report, 1)
		go func() {
			var werr error
			for b := range batches {
				if werr == nil {
					werr = write(b)
				}
			}
			done <- werr
		}()
	}
	finish := func(err error) (int, []importer.Row, error) {
		if batches != nil {
			close(batches)
			if werr := <-done; werr != nil && err == nil {
				err = werr
			}
			batches = nil
		}
		return rows, rejected, err
	}

	batch := make([]sarhad.Report, 0, opt.BatchSize)
	for {
		if err := ctx.Err(); err != nil {
			return finish(err)
		}
		row, err := rd.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return finish(sarhad.Errorf(sarhad.EINVALID, "%s: %s", display, oneLine(err)))
		}
		rows++
		if row.Err != nil {
			rejected = append(rejected, row)
			continue
		}
		if write == nil {
			continue
		}
		batch = append(batch, row.Report)
		if len(batch) == opt.BatchSize {
			select {
			case batches <- batch:
			case werr := <-done: // the writer failed: stop reading
				done <- werr
				return finish(nil)
			}
			batch = make([]sarhad.Report, 0, opt.BatchSize)
		}
		if rows%1024 == 0 {
			bar.Set(counter.N(), int64(rows))
		}
	}
	if len(batch) > 0 && write != nil {
		batches <- batch
	}
	bar.Set(counter.N(), int64(rows))
	return finish(nil)
}

func (c *CLI) printSummary(s FileSummary) {
	for _, r := range s.Rejected {
		fmt.Fprintf(c.Stderr, "%s:%d: %s\n", s.Name, r.Line, oneLine(r.Err))
	}
	rate := ""
	if secs := s.Elapsed.Seconds(); secs > 0 && s.Rows > 0 {
		rate = fmt.Sprintf(", %s rows/s", progress.Group(int64(float64(s.Rows)/secs)))
	}
	fmt.Fprintf(c.Stdout, "%s: %s rows read, %s imported, %s duplicates skipped, %s rejected; %s new events (%s%s)\n",
		s.Name, progress.Group(int64(s.Rows)), progress.Group(int64(s.Added)), progress.Group(int64(s.Duplicates)),
		progress.Group(int64(len(s.Rejected))), progress.Group(int64(s.Events)), s.Elapsed.Round(time.Millisecond), rate)
}

// spool copies r to a temporary file and returns its path.
func spool(r io.Reader) (string, error) {
	f, err := os.CreateTemp("", "sarhad-stdin-*")
	if err != nil {
		return "", fmt.Errorf("spool standard input: %w", err)
	}
	defer f.Close()
	if _, err := io.Copy(f, r); err != nil {
		os.Remove(f.Name())
		return "", fmt.Errorf("spool standard input: %w", err)
	}
	return f.Name(), nil
}
