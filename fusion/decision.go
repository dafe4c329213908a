package fusion

import (
	"sort"

	"github.com/sarhad-osint/sarhad"
)

// ConstraintsFrom turns analyst decisions into the constraints of a batch. Decisions that
// were undone, and undo decisions themselves, bind nothing. For every pair of reports the
// latest standing decision that names the pair wins (a split after a merge keeps the split
// report apart); pairs kept together are then joined in the order of their decisions,
// except where joining would put two reports kept apart into one event.
func ConstraintsFrom(decisions []sarhad.Decision) Constraints {
	ds := make([]sarhad.Decision, 0, len(decisions))
	for _, d := range decisions {
		if d.Kind != sarhad.DecisionUndo && d.UndoneBy == 0 {
			ds = append(ds, d)
		}
	}
	sort.SliceStable(ds, func(i, j int) bool {
		if !ds[i].At.Equal(ds[j].At) {
			return ds[i].At.Before(ds[j].At)
		}
		return ds[i].ID < ds[j].ID
	})
	type pair [2]string
	key := func(a, b string) pair {
		if a > b {
			a, b = b, a
		}
		return pair{a, b}
	}
	state := map[pair]bool{} // true together, false apart
	order := map[pair]int{}
	pinned := map[string]bool{}
	for n, d := range ds {
		for i, a := range d.Together {
			for _, b := range d.Together[i+1:] {
				if a != b {
					k := key(a, b)
					state[k], order[k] = true, n
				}
			}
		}
		for _, p := range d.Apart {
			if p[0] != p[1] {
				k := key(p[0], p[1])
				state[k], order[k] = false, n
			}
		}
		switch d.Kind {
		case sarhad.DecisionPin, sarhad.DecisionMerge:
			for _, id := range d.Together {
				pinned[id] = true
			}
		case sarhad.DecisionSplit:
			if d.ReportID != "" {
				pinned[d.ReportID] = true
			}
		}
	}
	var together, apart []pair
	for k, v := range state {
		if v {
			together = append(together, k)
		} else {
			apart = append(apart, k)
		}
	}
	sort.Slice(together, func(i, j int) bool {
		a, b := together[i], together[j]
		if order[a] != order[b] {
			return order[a] < order[b]
		}
		return a[0] < b[0] || a[0] == b[0] && a[1] < b[1]
	})
	sort.Slice(apart, func(i, j int) bool {
		a, b := apart[i], apart[j]
		return a[0] < b[0] || a[0] == b[0] && a[1] < b[1]
	})

	// Join groups, never across an apart pair.
	parent := map[string]string{}
	var find func(string) string
	find = func(x string) string {
		p, ok := parent[x]
		if !ok || p == x {
			return x
		}
		r := find(p)
		parent[x] = r
		return r
	}
	members := map[string][]string{}
	group := func(x string) []string {
		r := find(x)
		if m, ok := members[r]; ok {
			return m
		}
		return []string{x}
	}
	apartSet := map[pair]bool{}
	for _, p := range apart {
		apartSet[p] = true
	}
	for _, p := range together {
		ra, rb := find(p[0]), find(p[1])
		if ra == rb {
			continue
		}
		ga, gb := group(p[0]), group(p[1])
		clash := false
		for _, x := range ga {
			for _, y := range gb {
				if apartSet[key(x, y)] {
					clash = true
				}
			}
		}
		if clash {
			continue
		}
		parent[rb] = ra
		parent[ra] = ra
		members[ra] = append(append([]string{}, ga...), gb...)
		delete(members, rb)
	}
	var c Constraints
	roots := make([]string, 0, len(members))
	for r := range members {
		roots = append(roots, r)
	}
	sort.Strings(roots)
	for _, r := range roots {
		g := append([]string{}, members[r]...)
		sort.Strings(g)
		c.Together = append(c.Together, g)
	}
	for _, p := range apart {
		c.Apart = append(c.Apart, [2]string(p))
	}
	if len(pinned) > 0 {
		c.Pinned = pinned
	}
	return c
}
