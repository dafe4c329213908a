package fusionbench

import (
	"fmt"
	"io"
	"math"
	"sort"

	"github.com/sarhad-osint/sarhad"
	"github.com/sarhad-osint/sarhad/importer"
)

// CrossMatch is the outcome of matching the Pakistan Body Count suicide attacks against
// the GTD extract: two independent data sets of the same attacks.
type CrossMatch struct {
	// PBC counts the PBC attacks in the years both data sets cover (1995–2015).
	PBC int
	// SameDay and Within2 count the PBC attacks with a GTD suicide attack in the same
	// province on the same day, and within two days: the published way of comparing the
	// pair (59% and 69%).
	SameDay, Within2 int
	// Fused counts the PBC attacks that fusion put in one event with a GTD row.
	Fused int
	// Casualty agreement over the fused pairs: equal death tolls, tolls within 20% (or 2),
	// and the median absolute difference.
	KilledEqual, KilledClose int
	KilledMedianDiff         float64
}

// Print writes the figures as a small table.
func (c CrossMatch) Print(w io.Writer) {
	pct := func(n int) string { return fmt.Sprintf("%5d  %5.1f%%", n, 100*float64(n)/float64(max(1, c.PBC))) }
	fmt.Fprintf(w, "PBC suicide attacks 1995–2015          %5d\n", c.PBC)
	fmt.Fprintf(w, "GTD suicide attack, same province+day  %s   (published: 59%%)\n", pct(c.SameDay))
	fmt.Fprintf(w, "GTD suicide attack, ±2 days            %s   (published: 69%%)\n", pct(c.Within2))
	fmt.Fprintf(w, "fused with a GTD row                   %s\n", pct(c.Fused))
	fm := max(1, c.Fused)
	fmt.Fprintf(w, "  killed equal                         %5d  %5.1f%% of fused\n", c.KilledEqual, 100*float64(c.KilledEqual)/float64(fm))
	fmt.Fprintf(w, "  killed within 20%% or 2               %5d  %5.1f%% of fused\n", c.KilledClose, 100*float64(c.KilledClose)/float64(fm))
	fmt.Fprintf(w, "  median |difference| of killed        %5.1f\n", c.KilledMedianDiff)
}

// Clusterer groups reports into events: it returns the event label of every report.
type Clusterer func([]sarhad.Report) []int

// MatchPBC reads the PBC and GTD files of the shared directory through the importer and
// matches them: by the published rule (a GTD suicide attack in the same province within
// 0 or 2 days) and by clustering both data sets together with fuse.
func MatchPBC(shared string, res importer.Resolvers, fuse Clusterer) (CrossMatch, error) {
	var c CrossMatch
	gtd, err := ReadFile(shared, GTDFile, importer.FormatGTD, res)
	if err != nil {
		return c, fmt.Errorf("read GTD: %w", err)
	}
	pbc, err := ReadFile(shared, PBCFile, importer.FormatPBC, res)
	if err != nil {
		return c, fmt.Errorf("read PBC: %w", err)
	}
	var reports []sarhad.Report
	for _, r := range gtd {
		if r.Date.Year >= 1995 {
			reports = append(reports, r)
		}
	}
	type key struct {
		province string
		day      int
	}
	suicide := map[key]bool{}
	for _, r := range reports {
		if r.AttackType == sarhad.AttackSuicide && r.Date.Precision() == sarhad.PrecisionDay {
			suicide[key{r.Location.Province, r.Date.DayNumber()}] = true
		}
	}
	first := len(reports)
	for _, r := range pbc {
		if r.Date.Year > 2015 || r.Date.IsZero() {
			continue
		}
		c.PBC++
		d := r.Date.DayNumber()
		if suicide[key{r.Location.Province, d}] {
			c.SameDay++
		}
		for k := -2; k <= 2; k++ {
			if suicide[key{r.Location.Province, d + k}] {
				c.Within2++
				break
			}
		}
		reports = append(reports, r)
	}
	label := fuse(reports)
	members := map[int][]int{}
	for i, k := range label {
		members[k] = append(members[k], i)
	}
	var diffs []float64
	for i := first; i < len(reports); i++ {
		for _, j := range members[label[i]] {
			if j >= first {
				continue
			}
			c.Fused++
			a, b := reports[i].Killed.Total, reports[j].Killed.Total
			if a.Known && b.Known {
				d := math.Abs(float64(a.Best - b.Best))
				diffs = append(diffs, d)
				if a.Best == b.Best {
					c.KilledEqual++
				}
				if d <= math.Max(2, 0.2*math.Max(float64(a.Best), float64(b.Best))) {
					c.KilledClose++
				}
			}
		}
	}
	if len(diffs) > 0 {
		sort.Float64s(diffs)
		c.KilledMedianDiff = diffs[len(diffs)/2]
	}
	return c, nil
}
