package app

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/sarhad-osint/sarhad"
	"github.com/sarhad-osint/sarhad/progress"
)

func init() { register(statsCommand) }

// statsFlags are the filter flags shared by commands that select events.
type statsFlags struct {
	from, to, province, district, actor, attackType, targetType string
}

func (f *statsFlags) add(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&f.from, "from", "", "first day, YYYY-MM-DD (or YYYY-MM, YYYY), inclusive")
	fl.StringVar(&f.to, "to", "", "last day, YYYY-MM-DD (or YYYY-MM, YYYY), inclusive")
	fl.StringVar(&f.province, "province", "", "only this province (any spelling)")
	fl.StringVar(&f.district, "district", "", "only this district (any spelling)")
	fl.StringVar(&f.actor, "actor", "", "only this perpetrator (any alias)")
	fl.StringVar(&f.attackType, "attack-type", "", "only this attack type")
	fl.StringVar(&f.targetType, "target-type", "", "only this target type")
}

// filter turns the flags into a canonical EventFilter, resolving names through the
// gazetteer and the actor registry.
func (c *CLI) filter(f statsFlags) (sarhad.EventFilter, error) {
	var ef sarhad.EventFilter
	var err error
	if ef.From, err = sarhad.ParseDate(f.from); err != nil {
		return ef, sarhad.Errorf(sarhad.EINVALID, "--from: %s", sarhad.ErrorMessage(err))
	}
	if to, err := sarhad.ParseDate(f.to); err != nil {
		return ef, sarhad.Errorf(sarhad.EINVALID, "--to: %s", sarhad.ErrorMessage(err))
	} else if !to.IsZero() {
		ef.To = sarhad.DateOf(to.End()) // "--to 2024-03" means to the end of March
	}
	if !ef.From.IsZero() && !ef.To.IsZero() && ef.To.Before(ef.From) {
		return ef, sarhad.Errorf(sarhad.EINVALID, "--to %s is before --from %s", f.to, f.from)
	}
	if !ef.From.IsZero() {
		ef.From = sarhad.DateOf(ef.From.Start())
	}
	res := c.resolvers()
	if f.province != "" {
		p, ok := res.Places.ResolvePlace(f.province)
		if !ok || p.Province == "" {
			return ef, sarhad.Errorf(sarhad.EINVALID, "--province %q is not a known province", f.province)
		}
		ef.Province = p.Province
	}
	if f.district != "" {
		p, ok := res.Places.ResolvePlace(f.district)
		if !ok || p.District == "" {
			return ef, sarhad.Errorf(sarhad.EINVALID, "--district %q is not a known district", f.district)
		}
		ef.District = p.District
	}
	if f.actor != "" {
		if strings.EqualFold(strings.TrimSpace(f.actor), sarhad.UnknownActor) {
			ef.Actor = sarhad.UnknownActor
		} else {
			m, ok := res.Actors.ResolveActor(f.actor)
			if !ok {
				return ef, sarhad.Errorf(sarhad.EINVALID, "--actor %q is not a known organisation", f.actor)
			}
			ef.Actor = m.Actor.Name
		}
	}
	var ok bool
	if ef.AttackType, ok = sarhad.ParseAttackType(f.attackType); !ok {
		return ef, sarhad.Errorf(sarhad.EINVALID, "--attack-type %q is not a canonical attack type", f.attackType)
	}
	if ef.TargetType, ok = sarhad.ParseTargetType(f.targetType); !ok {
		return ef, sarhad.Errorf(sarhad.EINVALID, "--target-type %q is not a canonical target type", f.targetType)
	}
	return ef, nil
}

func statsCommand(c *CLI) *cobra.Command {
	var (
		by, format string
		flt        statsFlags
	)
	cmd := &cobra.Command{
		Use:   "stats --by KEYS [--from DATE] [--to DATE] [--format table|csv|json]",
		Short: "Count events, killed by category and injured, grouped by time, place, actor or type",
		Long: `Counts events and sums killed (excluding attackers), killed by category (security forces,
civilians, militants) and injured, grouped by any comma-separated KEYS of: year, month, week
(ISO), province, district, actor, attack_type, target_type. Casualty sums use each event's
best estimate; events without a figure add nothing. Without --by the totals are printed.`,
		Example: `  sarhad stats --data-dir ./data --by year
  sarhad stats --by month,province --from 2024-01-01 --to 2024-12-31 --format csv`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			keys, err := sarhad.ParseStatsKeys(by)
			if err != nil {
				return err
			}
			switch format {
			case "table", "csv", "json":
			default:
				return sarhad.Errorf(sarhad.EINVALID, "--format %q is not table, csv or json", format)
			}
			ef, err := c.filter(flt)
			if err != nil {
				return err
			}
			st, err := c.openStore(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			s, err := st.Stats(cmd.Context(), sarhad.SystemViewer, sarhad.StatsQuery{By: keys, Filter: ef})
			if err != nil {
				return err
			}
			if len(keys) == 0 && len(s.Rows) == 0 { // totals of nothing are zeros, not no answer
				s.Rows = []sarhad.StatsRow{{}}
			}
			return writeStats(c.Stdout, s, format)
		},
	}
	cmd.Flags().StringVar(&by, "by", "", "grouping keys, comma-separated: year, month, week, province, district, actor, attack_type, target_type")
	cmd.Flags().StringVar(&format, "format", "table", "output format: table, csv, json")
	flt.add(cmd)
	return cmd
}

// writeStats renders statistics as an aligned table, CSV or the contract's JSON.
func writeStats(w io.Writer, s sarhad.Stats, format string) error {
	switch format {
	case "json":
		b, err := json.Marshal(s)
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(w, "%s\n", b)
		return err
	case "csv":
		cw := csv.NewWriter(w)
		header := make([]string, 0, len(s.By)+len(sarhad.StatsValueColumns))
		for _, k := range s.By {
			header = append(header, string(k))
		}
		header = append(header, sarhad.StatsValueColumns...)
		_ = cw.Write(header)
		for _, r := range s.Rows {
			rec := append([]string{}, r.Keys...)
			for _, v := range r.Values() {
				rec = append(rec, strconv.Itoa(v))
			}
			_ = cw.Write(rec)
		}
		cw.Flush()
		return cw.Error()
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	var head []string
	for _, k := range s.By {
		head = append(head, string(k))
	}
	head = append(head, sarhad.StatsValueColumns...)
	fmt.Fprintln(tw, strings.Join(head, "\t")+"\t")
	total := make([]int, len(sarhad.StatsValueColumns))
	for _, r := range s.Rows {
		cells := make([]string, 0, len(head))
		for _, k := range r.Keys {
			if k == "" {
				k = "(unknown)"
			}
			cells = append(cells, k)
		}
		for i, v := range r.Values() {
			cells = append(cells, progress.Group(int64(v)))
			total[i] += v
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t")+"\t")
	}
	if len(s.By) > 0 && len(s.Rows) > 1 {
		cells := make([]string, len(s.By))
		cells[0] = "total"
		for _, v := range total {
			cells = append(cells, progress.Group(int64(v)))
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t")+"\t")
	}
	return tw.Flush()
}
