package fusion

import (
	"container/heap"
	"math"
)

// Clustering is constrained agglomeration with average linkage on the pair log-odds: start
// from single reports (and the groups analysts put together), and repeatedly merge the two
// clusters whose pairs have the highest mean log-odds, as long as that mean is positive,
// every pair between them is a candidate pair (compatible place and dates, never two rows of
// one data set) and no analyst decision keeps them apart. Unlike union-find over pairs above
// a threshold, a chain A~B~C does not glue A to C when A and C disagree: C must match the
// whole cluster on average, and must be compatible with each of its reports.

// edge is a scored candidate pair, in component-local indices.
type edge struct {
	a, b int32
	w    float32
}

// link is what a cluster knows about its pairs with another cluster.
type link struct {
	sum    float64
	cnt    int32
	forbid bool
}

// agglomerate clusters n nodes and returns the cluster label (a node index) of every node.
// together lists groups that start merged; apart lists pairs that must stay apart.
func agglomerate(n int, edges []edge, together [][]int32, apart [][2]int32) []int32 {
	label := make([]int32, n)
	for i := range label {
		label[i] = int32(i)
	}
	if n == 2 && len(together) == 0 && len(apart) == 0 {
		if len(edges) == 1 && edges[0].w > 0 {
			label[1] = 0
		}
		return label
	}
	if n <= denseMax {
		return agglomerateDense(n, edges, together, apart, label)
	}
	return agglomerateSparse(n, edges, together, apart, label)
}

// agglomerateSparse is agglomerate for large components: per-cluster maps of links and a
// heap of candidate merges.
func agglomerateSparse(n int, edges []edge, together [][]int32, apart [][2]int32, label []int32) []int32 {
	size := make([]int32, n)
	adj := make([]map[int32]*link, n)
	version := make([]int32, n)
	for i := range size {
		size[i] = 1
		adj[i] = map[int32]*link{}
	}
	get := func(a, b int32) *link {
		l := adj[a][b]
		if l == nil {
			l = &link{}
			adj[a][b] = l
			adj[b][a] = l // one shared record per pair of clusters
		}
		return l
	}
	for _, e := range edges {
		l := get(e.a, e.b)
		l.sum += float64(e.w)
		l.cnt++
	}
	for _, p := range apart {
		if p[0] != p[1] {
			get(p[0], p[1]).forbid = true
		}
	}
	find := func(i int32) int32 { return findLabel(label, i) }
	// merge folds cluster b into a.
	merge := func(a, b int32) {
		delete(adj[a], b)
		for k, lb := range adj[b] {
			if k == a {
				continue
			}
			delete(adj[k], b)
			la := adj[a][k]
			if la == nil {
				adj[a][k] = lb
				adj[k][a] = lb
				continue
			}
			la.sum += lb.sum
			la.cnt += lb.cnt
			la.forbid = la.forbid || lb.forbid
		}
		adj[b] = nil
		size[a] += size[b]
		label[b] = a
		version[a]++
		version[b]++
	}
	joinGroups(label, together, merge)

	h := &pairHeap{}
	push := func(a int32) {
		for k, l := range adj[a] {
			if l.forbid || l.cnt != size[a]*size[k] {
				continue
			}
			avg := l.sum / float64(l.cnt)
			if avg <= 0 {
				continue
			}
			x, y := a, k
			if x > y {
				x, y = y, x
			}
			heap.Push(h, pairItem{avg, x, y, version[x], version[y]})
		}
	}
	for i := int32(0); i < int32(n); i++ {
		if find(i) == i {
			for k, l := range adj[i] {
				if k > i && !l.forbid && l.cnt == size[i]*size[k] && l.sum/float64(l.cnt) > 0 {
					heap.Push(h, pairItem{l.sum / float64(l.cnt), i, k, version[i], version[k]})
				}
			}
		}
	}
	for h.Len() > 0 {
		p := heap.Pop(h).(pairItem)
		if p.va != version[p.a] || p.vb != version[p.b] || label[p.a] != p.a || label[p.b] != p.b {
			continue
		}
		merge(p.a, p.b)
		push(p.a)
	}
	for i := range label {
		label[i] = find(int32(i))
	}
	return label
}

// denseMax is the largest component clustered with dense matrices instead of maps.
const denseMax = 48

// agglomerateDense is agglomerate for small components: the same merges, in the same order
// (highest mean first; ties to the lowest pair of cluster indices), on n×n matrices.
func agglomerateDense(n int, edges []edge, together [][]int32, apart [][2]int32, label []int32) []int32 {
	sum := make([]float64, n*n)
	cnt := make([]int32, n*n)
	forbid := make([]bool, n*n)
	size := make([]int32, n)
	for i := range size {
		size[i] = 1
	}
	for _, e := range edges {
		a, b := int(e.a), int(e.b)
		sum[a*n+b] += float64(e.w)
		sum[b*n+a] += float64(e.w)
		cnt[a*n+b]++
		cnt[b*n+a]++
	}
	for _, p := range apart {
		if a, b := int(p[0]), int(p[1]); a != b {
			forbid[a*n+b], forbid[b*n+a] = true, true
		}
	}
	find := func(i int32) int32 { return findLabel(label, i) }
	merge := func(a, b int) { // b into a
		for k := 0; k < n; k++ {
			if k == a || k == b || label[k] != int32(k) {
				continue
			}
			sum[a*n+k] += sum[b*n+k]
			sum[k*n+a] = sum[a*n+k]
			cnt[a*n+k] += cnt[b*n+k]
			cnt[k*n+a] = cnt[a*n+k]
			forbid[a*n+k] = forbid[a*n+k] || forbid[b*n+k]
			forbid[k*n+a] = forbid[a*n+k]
		}
		size[a] += size[b]
		label[b] = int32(a)
	}
	joinGroups(label, together, func(a, b int32) { merge(int(a), int(b)) })
	for {
		bi, bj, best := -1, -1, 0.0
		for i := 0; i < n; i++ {
			if label[i] != int32(i) {
				continue
			}
			for j := i + 1; j < n; j++ {
				if label[j] != int32(j) {
					continue
				}
				c := cnt[i*n+j]
				if forbid[i*n+j] || c != size[i]*size[j] {
					continue
				}
				if avg := sum[i*n+j] / float64(c); avg > best {
					bi, bj, best = i, j, avg
				}
			}
		}
		if bi < 0 {
			break
		}
		merge(bi, bj)
	}
	for i := range label {
		label[i] = find(int32(i))
	}
	return label
}

// findLabel returns the cluster of node i (a root of the label forest), compressing paths.
func findLabel(label []int32, i int32) int32 {
	for label[i] != i {
		label[i] = label[label[i]]
		i = label[i]
	}
	return i
}

// joinGroups merges the clusters of every group of nodes, the higher cluster into the lower.
func joinGroups(label []int32, groups [][]int32, merge func(a, b int32)) {
	for _, g := range groups {
		for _, x := range g[1:] {
			a, b := findLabel(label, g[0]), findLabel(label, x)
			if a != b {
				merge(min(a, b), max(a, b))
			}
		}
	}
}

// pairItem is a candidate merge: the mean log-odds of clusters a < b, valid while neither
// has changed since.
type pairItem struct {
	avg    float64
	a, b   int32
	va, vb int32
}

type pairHeap []pairItem

func (h pairHeap) Len() int { return len(h) }
func (h pairHeap) Less(i, j int) bool {
	if h[i].avg != h[j].avg {
		return h[i].avg > h[j].avg
	}
	if h[i].a != h[j].a {
		return h[i].a < h[j].a
	}
	return h[i].b < h[j].b
}
func (h pairHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *pairHeap) Push(x any)   { *h = append(*h, x.(pairItem)) }
func (h *pairHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// logistic turns log-odds into a probability.
func logistic(x float64) float64 {
	if math.IsInf(x, -1) {
		return 0
	}
	return 1 / (1 + math.Exp(-x))
}
