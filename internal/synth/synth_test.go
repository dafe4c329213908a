package synth

import (
	"reflect"
	"testing"

	"github.com/sarhad-osint/sarhad"
)

func TestDeterministic(t *testing.T) {
	a := New(Config{Seed: 7, RevisionRate: 0.05}).Batch(2000)
	b := New(Config{Seed: 7, RevisionRate: 0.05}).Batch(2000)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("the same seed gave different reports")
	}
	c := New(Config{Seed: 8}).Batch(10)
	if reflect.DeepEqual(a[:10], c) {
		t.Fatal("different seeds gave the same reports")
	}
}

func TestReportsAreValidAndSpread(t *testing.T) {
	g := New(Config{Seed: 1, RevisionRate: 0.01, PerDay: 5})
	const n = 50000
	var (
		districts  = map[string]bool{}
		years      = map[int]int{}
		markings   = map[sarhad.Marking]int{}
		owners     = map[string]bool{}
		ids        = map[string]int{}
		zero, unk  int
		maxKilled  int
		precisions = map[sarhad.DatePrecision]int{}
		ranges     int
	)
	for range n {
		r := g.Next()
		r.Normalize()
		if err := r.Validate(); err != nil {
			t.Fatalf("report %s is invalid: %v", r.ID, err)
		}
		ids[r.ID]++
		districts[r.Location.District] = true
		years[r.Date.Year]++
		markings[r.Marking]++
		owners[r.Owner] = true
		precisions[r.Date.Precision()]++
		switch k := r.Killed.Total; {
		case !k.Known:
			unk++
		case k.Best == 0:
			zero++
		default:
			maxKilled = max(maxKilled, k.Best)
			if !k.IsExact() {
				ranges++
			}
		}
	}
	checks := []struct {
		name string
		ok   bool
	}{
		{"about 150 districts", len(districts) >= 140},
		{"every year 2000–2025", len(years) >= 26},
		{"2009 busier than 2001", years[2009] > 3*years[2001]},
		{"every marking", len(markings) == len(sarhad.Markings)},
		{"several owners", len(owners) >= 4},
		{"many zero death tolls", zero > n/4},
		{"some unknown death tolls", unk > n/20},
		{"a long tail", maxKilled >= 80},
		{"some ranges", ranges > 0},
		{"every date precision", len(precisions) == 4},
		{"some revisions", len(ids) < n},
	}
	for _, c := range checks {
		if !c.ok {
			t.Errorf("%s: not so (districts %d, years %d, zero %d, unknown %d, max %d, ids %d)",
				c.name, len(districts), len(years), zero, unk, maxKilled, len(ids))
		}
	}
}

func TestArrivalOrder(t *testing.T) {
	tests := []struct {
		name     string
		c        Config
		inOrder  float64 // minimum share of reports not dated before the previous one's day
		maxShare float64
	}{
		{"stream", Config{Seed: 3}, 0.85, 1},
		{"shuffled", Config{Seed: 3, Shuffled: true}, 0, 0.6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := New(tt.c)
			var prev sarhad.Date
			ordered := 0
			const n = 20000
			for range n {
				r := g.Next()
				if !r.Date.IsZero() && !prev.IsZero() && !r.Date.Start().Before(prev.Start().AddDate(0, 0, -3)) {
					ordered++
				}
				if !r.Date.IsZero() {
					prev = r.Date
				}
			}
			share := float64(ordered) / n
			if share < tt.inOrder || share > tt.maxShare {
				t.Errorf("%.2f of reports in date order, want %.2f–%.2f", share, tt.inOrder, tt.maxShare)
			}
		})
	}
}
