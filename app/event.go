package app

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/sarhad-osint/sarhad"
)

func init() { register(eventCommand) }

func eventCommand(c *CLI) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "event",
		Short: "Analyst decisions on events: merge, split, pin, undo, and their record",
		Long: `Analysts correct fusion: merge two events that describe one attack, split a report out of an
event, pin a report to an event. Every decision names who took it and why, is recorded, is
applied at once (the events concerned are reconciled again), and binds later re-fusions
("sarhad fuse --data-dir") until it is undone.`,
	}
	var by, why string
	decide := func(use, short, long, example string, n int, run func(ctx context.Context, d sarhad.DecisionService, v sarhad.Viewer, args []string) (sarhad.Decision, error)) *cobra.Command {
		sub := &cobra.Command{
			Use: use, Short: short, Long: long, Example: example,
			Args: cobra.ExactArgs(n),
			RunE: func(cmd *cobra.Command, args []string) error {
				if strings.TrimSpace(by) == "" {
					return sarhad.Errorf(sarhad.EINVALID, "--by is required: who takes the decision")
				}
				st, err := c.openStore(cmd.Context())
				if err != nil {
					return err
				}
				defer st.Close()
				v := sarhad.SystemViewer
				v.Name = by
				d, err := run(cmd.Context(), c.engine(nil).NewDecider(st), v, args)
				if err != nil {
					return err
				}
				return c.printDecision(d)
			},
		}
		sub.Flags().StringVar(&by, "by", "", "who takes the decision (required)")
		sub.Flags().StringVar(&why, "why", "", "why (required)")
		return sub
	}
	cmd.AddCommand(
		decide("merge KEEP OTHER --by NAME --why TEXT", "Merge event OTHER into event KEEP",
			"Every report of OTHER joins KEEP and stays there; OTHER is removed.",
			`  sarhad event merge e-12 e-15 --by "A. Khan" --why "same blast, two datelines"`, 2,
			func(ctx context.Context, d sarhad.DecisionService, v sarhad.Viewer, a []string) (sarhad.Decision, error) {
				return d.Merge(ctx, v, a[0], a[1], why)
			}),
		decide("split EVENT REPORT --by NAME --why TEXT", "Take a report out of an event into a new event",
			"The report becomes an event of its own and is kept apart from the event's other reports.",
			`  sarhad event split e-12 r-88 --by "A. Khan" --why "a second attack the same day"`, 2,
			func(ctx context.Context, d sarhad.DecisionService, v sarhad.Viewer, a []string) (sarhad.Decision, error) {
				return d.Split(ctx, v, a[0], a[1], why)
			}),
		decide("pin REPORT EVENT --by NAME --why TEXT", "Put a report into an event and keep it there",
			"The report leaves its event (removed when it was its only report) and joins EVENT.",
			`  sarhad event pin r-88 e-12 --by "A. Khan" --why "the police confirmed the place"`, 2,
			func(ctx context.Context, d sarhad.DecisionService, v sarhad.Viewer, a []string) (sarhad.Decision, error) {
				return d.Pin(ctx, v, a[0], a[1], why)
			}),
		decide("undo DECISION --by NAME --why TEXT", "Revoke a decision",
			"The reports the decision bound are fused again with the decisions that still stand.",
			`  sarhad event undo 7 --by "A. Khan" --why "merged by mistake"`, 1,
			func(ctx context.Context, d sarhad.DecisionService, v sarhad.Viewer, a []string) (sarhad.Decision, error) {
				id, err := strconv.ParseInt(a[0], 10, 64)
				if err != nil || id < 1 {
					return sarhad.Decision{}, sarhad.Errorf(sarhad.EINVALID, "decision %q is not a decision number", a[0])
				}
				return d.Undo(ctx, v, id, why)
			}),
		c.decisionsCommand(),
	)
	return cmd
}

func (c *CLI) decisionsCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "decisions [EVENT]",
		Short: "List the analyst decisions about an event, or all",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := c.openStore(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			ev := ""
			if len(args) == 1 {
				ev = args[0]
			}
			ds, err := c.engine(nil).NewDecider(st).Decisions(cmd.Context(), sarhad.SystemViewer, ev)
			if err != nil {
				return err
			}
			for _, d := range ds {
				if asJSON {
					b, _ := json.Marshal(d)
					fmt.Fprintf(c.Stdout, "%s\n", b)
				} else {
					fmt.Fprintln(c.Stdout, describeDecision(d))
				}
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "one JSON object per decision")
	return cmd
}

func (c *CLI) printDecision(d sarhad.Decision) error {
	_, err := fmt.Fprintln(c.Stdout, describeDecision(d))
	return err
}

// describeDecision is the one-line form of a decision.
func describeDecision(d sarhad.Decision) string {
	var what string
	switch d.Kind {
	case sarhad.DecisionMerge:
		what = fmt.Sprintf("merged %s into %s", d.OtherEventID, d.EventID)
	case sarhad.DecisionSplit:
		what = fmt.Sprintf("split %s out of %s into %s", d.ReportID, d.EventID, d.Result)
	case sarhad.DecisionPin:
		what = fmt.Sprintf("pinned %s to %s", d.ReportID, d.EventID)
	case sarhad.DecisionUndo:
		what = fmt.Sprintf("undid decision %d", d.Undoes)
	}
	s := fmt.Sprintf("decision %d: %s, by %s at %s: %s", d.ID, what, d.By, d.At.Format("2006-01-02 15:04 MST"), d.Why)
	if d.UndoneBy != 0 {
		s += fmt.Sprintf(" (undone by decision %d)", d.UndoneBy)
	}
	return s
}
