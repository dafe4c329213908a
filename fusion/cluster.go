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
	find := func(i int32) int32 {
		for label[i] != i {
			label[i] = label[label[i]]
			i = label[i]
		}
		return i
	}
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
	for _, g := range together {
		for _, x := range g[1:] {
			a, b := find(g[0]), find(x)
			if a != b {
				if a > b {
					a, b = b, a
				}
				merge(a, b)
			}
		}
	}

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
