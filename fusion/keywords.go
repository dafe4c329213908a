package fusion

import (
	"math"
	"slices"
	"sync/atomic"
)

// Keywords: the rarest shared words of a report's text, weighted by inverse document
// frequency. Accounts of one attack share its particulars — the village, the school, the
// victim's name — which are rare across reports, while accounts of different attacks in one
// district share the common vocabulary of violence and the district's name. Comparing the
// rare words, weighted by rarity, separates the two where a plain word-set similarity
// cannot (two bombings of two schools in one district on one day read alike word for word
// but for the schools' names). This is TF-IDF weighting as in record linkage, restricted to
// each text's kwSize rarest words to stay small and fast.
//
// A word that no other text contains cannot match anything, so only words that occur in
// another text are keywords. Document frequencies are counted in a fixed table of hashed
// counters (collisions only make a word look a little commoner), seeded with a background
// vocabulary (background.go) as if it had been read in backgroundDocs texts, so that a
// handful of reports is weighted sensibly too: a background word starts with its share of
// those texts as its count.

// kwSize is the number of keywords kept per text.
const kwSize = 16

// maxDFBits sizes the largest document-frequency table: 2^22 counters (16 MiB); a batch
// of few texts gets a smaller one.
const maxDFBits = 22

// backgroundDocs is the number of texts the background vocabulary stands for.
const backgroundDocs = 1000

// keywords is the keyword signature of one text: word hashes in ascending order and their
// IDF weights (scaled by 16), n of them.
type keywords struct {
	h   [kwSize]uint32
	w   [kwSize]uint8
	n   uint8
	sum uint32 // total squared weight
}

// words calls fn with the hash of every word of text: maximal runs of ASCII letters (folded
// to lower case) and non-ASCII bytes, at least three bytes long. Runs containing digits are
// skipped: figures and dates differ between accounts of one attack and agree between
// attacks of one day.
func words(text string, fn func(uint32)) {
	const offset, prime = 2166136261, 16777619
	h := uint32(offset)
	n, digit := 0, false
	flush := func() {
		if n >= 3 && !digit {
			fn(h)
		}
		h, n, digit = offset, 0, false
	}
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case c >= 'A' && c <= 'Z':
			c += 'a' - 'A'
			fallthrough
		case c >= 'a' && c <= 'z' || c >= 0x80:
			h = (h ^ uint32(c)) * prime
			n++
		case c >= '0' && c <= '9':
			h = (h ^ uint32(c)) * prime
			n++
			digit = true
		default:
			flush()
		}
	}
	flush()
}

// distinctWords calls fn once for every distinct word of text.
func distinctWords(text string, fn func(uint32)) {
	// seen is a small open-addressing set (0 marks a free slot; a word hashing to 0 is not
	// deduplicated); past 192 distinct words, repeats are let through.
	var seen [256]uint32
	n := 0
	words(text, func(h uint32) {
		if h != 0 && n < 192 {
			i := (h * 2654435761) >> 24
			for seen[i] != 0 && seen[i] != h {
				i = (i + 1) & 255
			}
			if seen[i] == h {
				return
			}
			seen[i] = h
			n++
		}
		fn(h)
	})
}

// docFreq counts in how many texts each word occurs. add may be called concurrently.
type docFreq struct {
	counts []uint32
	bits   uint
	docs   atomic.Int64
	// table caches idf by count while docs == tableDocs (a batch, once counted).
	table     []uint8
	tableDocs int64
}

func newDocFreq() *docFreq { return &docFreq{} }

func (d *docFreq) slot(h uint32) uint32 { return (h * 2654435761) >> (32 - d.bits) }

// add counts the distinct words of one text.
func (d *docFreq) add(text string) {
	d.prepare(1 << 20)
	distinctWords(text, func(h uint32) { atomic.AddUint32(&d.counts[d.slot(h)], 1) })
	d.docs.Add(1)
}

// addWords counts the distinct words of one text, like add, and appends their hashes to dst.
func (d *docFreq) addWords(dst []uint32, text string) []uint32 {
	d.prepare(1 << 20)
	distinctWords(text, func(h uint32) {
		atomic.AddUint32(&d.counts[d.slot(h)], 1)
		dst = append(dst, h)
	})
	d.docs.Add(1)
	return dst
}

// prepare allocates the table, sized for about texts texts, before concurrent adds.
func (d *docFreq) prepare(texts int) {
	if d.counts != nil {
		return
	}
	d.bits = 12
	for d.bits < maxDFBits && 1<<d.bits < texts*64 {
		d.bits++
	}
	d.counts = make([]uint32, 1<<d.bits)
	for h, share := range background {
		d.counts[d.slot(h)] += uint32(share * backgroundDocs)
	}
}

// freeze caches the IDF of every count below the table size, for a batch whose counting
// is done.
func (d *docFreq) freeze() {
	docs := d.docs.Load()
	d.table = make([]uint8, min(docs+1, 1<<21))
	for n := range d.table {
		d.table[n] = scaledIDF(docs, n)
	}
	d.tableDocs = docs
}

func scaledIDF(docs int64, n int) uint8 {
	v := math.Log((float64(docs) + backgroundDocs + 1) / (float64(n) + 1))
	return uint8(min(255, max(1, math.Round(v*16))))
}

// df returns how many counted texts contain the word.
func (d *docFreq) df(h uint32) int {
	if d.counts == nil {
		return 0
	}
	return int(d.counts[d.slot(h)])
}

// idf returns the inverse document frequency of a word that count texts (background
// included) contain, scaled by 16 into a byte.
func (d *docFreq) idf(count int) uint8 {
	if d.table != nil && count < len(d.table) && d.tableDocs == d.docs.Load() {
		return d.table[count]
	}
	return scaledIDF(d.docs.Load(), count)
}

// keywordsOf returns the signature of text: its kwSize rarest words among those another
// text contains. counted says whether text itself was added to d.
func (d *docFreq) keywordsOf(text string, counted bool) keywords {
	var buf [256]uint32
	ws := buf[:0]
	distinctWords(text, func(h uint32) { ws = append(ws, h) })
	return d.keywordsOfWords(ws, counted)
}

// keywordsOfWords is keywordsOf over a text's distinct word hashes.
func (d *docFreq) keywordsOfWords(ws []uint32, counted bool) keywords {
	type kw struct {
		h uint32
		w uint8
	}
	minDF := 1
	if counted {
		minDF = 2
	}
	// better orders keywords: rarer first, then by hash.
	better := func(a, b kw) bool { return a.w > b.w || a.w == b.w && a.h < b.h }
	var top [kwSize]kw // the best so far, best first
	n := 0
	for _, h := range ws {
		df := d.df(h)
		if df < minDF {
			continue
		}
		x := kw{h, d.idf(df)}
		if n == kwSize && !better(x, top[n-1]) {
			continue
		}
		if slices.ContainsFunc(top[:n], func(y kw) bool { return y.h == h }) {
			continue // a repeat let through by distinctWords
		}
		i := min(n, kwSize-1)
		for i > 0 && better(x, top[i-1]) {
			top[i] = top[i-1]
			i--
		}
		top[i] = x
		n = min(n+1, kwSize)
	}
	sel := top[:n]
	slices.SortFunc(sel, func(a, b kw) int { return int(int64(a.h) - int64(b.h)) })
	var k keywords
	for i, x := range sel {
		k.h[i], k.w[i] = x.h, x.w
		k.sum += uint32(x.w) * uint32(x.w)
	}
	k.n = uint8(n)
	return k
}

// informativeMass is the squared keyword weight of a text that can be told apart from
// others: four words each found in about one text in a thousand. A text whose keywords
// weigh less (a template, a few common words) carries proportionally less evidence.
const informativeMass = 4 * (16 * 6.9) * (16 * 6.9)

// informative returns how much evidence a comparison of k and o can carry, in [0,1]: the
// weight of the lighter signature relative to informativeMass.
func (k *keywords) informative(o *keywords) float64 {
	return math.Min(1, float64(min(k.sum, o.sum))/informativeMass)
}

// similarity is the IDF-weighted overlap of two signatures: the squared weight of the
// shared keywords over that of the lighter signature (a truncated account is still covered
// by the full one), as in a TF-IDF cosine. It is -1, no evidence, when either has fewer
// than three keywords.
func (k *keywords) similarity(o *keywords) float64 {
	if k.n < 3 || o.n < 3 {
		return -1
	}
	shared := 0
	i, j := 0, 0
	for i < int(k.n) && j < int(o.n) {
		switch {
		case k.h[i] == o.h[j]:
			w := int(min(k.w[i], o.w[j]))
			shared += w * w
			i++
			j++
		case k.h[i] < o.h[j]:
			i++
		default:
			j++
		}
	}
	return float64(shared) / float64(min(k.sum, o.sum))
}
