package app

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/sarhad-osint/sarhad"
	"github.com/sarhad-osint/sarhad/actors"
	"github.com/sarhad-osint/sarhad/fusion"
	"github.com/sarhad-osint/sarhad/gazetteer"
	"github.com/sarhad-osint/sarhad/progress"
	"github.com/sarhad-osint/sarhad/sqlstore"
)

func init() { register(fuseCommand) }

// engine returns the fusion engine wired to the gazetteer and the actor registry; bar, when
// set, shows the scoring progress.
func (c *CLI) engine(bar *progress.Bar) *fusion.Engine {
	opt := fusion.Options{Places: gazetteer.Default(), Actors: actors.Default()}
	if bar != nil {
		opt.Progress = func(done, total int) { bar.Set(int64(done), int64(done)) }
	}
	return fusion.New(opt)
}

// storeFlagsGiven reports whether the command line names a store (--data-dir or --db).
func storeFlagsGiven(cmd *cobra.Command) bool {
	for _, name := range []string{"data-dir", "db"} {
		if f := cmd.Flag(name); f != nil && f.Changed {
			return true
		}
	}
	return false
}

func fuseCommand(c *CLI) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "fuse [--data-dir DIR | --db DSN]",
		Short: "Fuse reports into events: JSON lines on standard input, or the stored reports",
		Long: `Without --data-dir or --db, reads reports (interchange JSON lines, INTERCHANGE.md) on
standard input, resolves their places and perpetrators, fuses the reports that describe the
same attack, and writes one event per line on standard output; every input report id is in
exactly one event. A report id given on several lines is one report revised (the last line
counts). Nothing is stored.

With --data-dir (or --db), fuses every stored report again, keeping analysts' merges,
splits and pins, and rewrites the events and their links: event ids are kept where an event
keeps most of its reports. It also updates every source's track record (corroborated and
contradicted reports).

Each event lists its reports with the match score and the reason each was joined.`,
		Example: `  sarhad fuse < reports.jsonl > events.jsonl
  sarhad fuse --data-dir ./data`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if storeFlagsGiven(cmd) {
				return c.refuse(cmd)
			}
			bar := progress.New(c.Stderr, "fuse", 0, "reports")
			defer bar.Finish()
			sum, err := c.engine(bar).FuseStream(c.Stdin, c.Stdout, c.resolvers())
			if err != nil {
				return err
			}
			c.logger.Debug("Fused reports.", "reports", sum.Reports, "revised", sum.Revised, "events", sum.Events, "pairs", sum.Pairs)
			return nil
		},
	}
	return cmd
}

// refuse fuses the stored reports again (see fuseCommand).
func (c *CLI) refuse(cmd *cobra.Command) error {
	ctx := cmd.Context()
	st, err := c.openStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	bar := progress.New(c.Stderr, "fuse", 0, "reports")
	res, err := c.engine(bar).Refuse(ctx, st)
	bar.Finish()
	if err != nil {
		return err
	}
	fmt.Fprintf(c.Stdout, "%s reports fused into %s events (%s kept their ids), %s candidate pairs scored; track records of %s sources updated (%v)\n",
		progress.Group(int64(res.Reports)), progress.Group(int64(res.Events)), progress.Group(int64(res.Kept)),
		progress.Group(int64(res.Pairs)), progress.Group(int64(res.Sources)), res.Elapsed.Round(time.Millisecond))
	return nil
}

// importFuser returns how `sarhad import` fuses each stored batch: fusion's incorporator
// over the store places every new report in the event it matches, at once.
func (c *CLI) importFuser(ctx context.Context, st *sqlstore.Store) (func(context.Context, []sarhad.Report) (int, error), error) {
	inc, err := c.engine(nil).NewIncorporator(ctx, st)
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context, batch []sarhad.Report) (int, error) {
		hashes := make([]string, len(batch))
		for i := range batch {
			hashes[i] = sqlstore.ReportHash(batch[i])
		}
		merged := inc.Merged()
		placed, err := inc.Add(ctx, hashes)
		joined := inc.Merged() - merged // events merged away count as events not created
		for _, p := range placed {
			if p.Joined {
				joined++
			}
		}
		return joined, err
	}, nil
}
