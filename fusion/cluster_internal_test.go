package fusion

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestAgglomerateDenseSparse checks that the dense and the sparse clustering make the same
// merges on random components with constraints.
func TestAgglomerateDenseSparse(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 300; trial++ {
		n := 3 + rng.IntN(denseMax-2)
		var edges []edge
		for a := 0; a < n; a++ {
			for b := a + 1; b < n; b++ {
				if rng.Float64() < 0.4 {
					edges = append(edges, edge{int32(a), int32(b), float32(rng.NormFloat64()*3 + 0.5)})
				}
			}
		}
		var together [][]int32
		var apart [][2]int32
		if rng.Float64() < 0.3 {
			together = append(together, []int32{int32(rng.IntN(n)), int32(rng.IntN(n))})
		}
		if rng.Float64() < 0.3 {
			apart = append(apart, [2]int32{int32(rng.IntN(n)), int32(rng.IntN(n))})
		}
		ident := func() []int32 {
			l := make([]int32, n)
			for i := range l {
				l[i] = int32(i)
			}
			return l
		}
		d := agglomerateDense(n, edges, together, apart, ident())
		s := agglomerateSparse(n, edges, together, apart, ident())
		if !slices.Equal(d, s) {
			t.Fatalf("trial %d (n=%d): dense %v, sparse %v", trial, n, d, s)
		}
	}
}
