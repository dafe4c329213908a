package fusionbench

import (
	"fmt"

	"github.com/sarhad-osint/sarhad"
)

// PRF is a precision, recall and F1.
type PRF struct{ P, R, F1 float64 }

func prf(p, r float64) PRF {
	f := 0.0
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return PRF{p, r, f}
}

// String formats the figures to three decimals.
func (x PRF) String() string { return fmt.Sprintf("P %.3f  R %.3f  F1 %.3f", x.P, x.R, x.F1) }

// Scores are the agreement of a clustering with the truth.
type Scores struct {
	// Pairwise counts pairs of reports put together (precision) and pairs that belong
	// together (recall).
	Pairwise PRF
	// BCubed averages, over reports, the share of the report's cluster that is its true
	// event (precision) and the share of its true event that is in its cluster (recall).
	BCubed PRF
	// Reports, Events and Clusters count the reports, true events and predicted clusters.
	Reports, Events, Clusters int
}

// Score compares predicted cluster labels with true event labels, one per report.
func Score(pred, truth []int) Scores {
	n := len(pred)
	type cell struct{ p, t int }
	joint := map[cell]int{}
	ps := map[int]int{}
	ts := map[int]int{}
	for i := 0; i < n; i++ {
		joint[cell{pred[i], truth[i]}]++
		ps[pred[i]]++
		ts[truth[i]]++
	}
	pair := func(k int) float64 { return float64(k) * float64(k-1) / 2 }
	var tp, pp, tpairs, bp, br float64
	for c, k := range joint {
		tp += pair(k)
		bp += float64(k) * float64(k) / float64(ps[c.p])
		br += float64(k) * float64(k) / float64(ts[c.t])
	}
	for _, k := range ps {
		pp += pair(k)
	}
	for _, k := range ts {
		tpairs += pair(k)
	}
	ratio := func(a, b float64) float64 {
		if b == 0 {
			return 1
		}
		return a / b
	}
	s := Scores{Reports: n, Events: len(ts), Clusters: len(ps)}
	s.Pairwise = prf(ratio(tp, pp), ratio(tp, tpairs))
	if n > 0 {
		s.BCubed = prf(bp/float64(n), br/float64(n))
	}
	return s
}

// Naive is the baseline rule: reports with the same date and the same place — the district
// when the report names one, else the province — describe one event; reports without a
// date or a place stand alone.
func Naive(reports []sarhad.Report) []int {
	out := make([]int, len(reports))
	keys := map[string]int{}
	for i := range reports {
		r := &reports[i]
		place := r.Location.District
		if place == "" {
			place = r.Location.Province
		}
		if r.Date.IsZero() || place == "" {
			out[i] = -1 - i
			continue
		}
		k := r.Date.String() + "|" + r.Location.Province + "|" + place
		id, ok := keys[k]
		if !ok {
			id = len(keys)
			keys[k] = id
		}
		out[i] = id
	}
	return out
}
