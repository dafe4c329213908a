package strsim

import (
	"math"
	"unicode"
	"unicode/utf8"
)

// Texts are compared as sets or bags of content words: maximal runs of letters and digits,
// lower-cased, with Latin diacritics kept as they are (texts are not normalised; names are),
// and common English function words ("the", "was", "in") left out so that two unrelated
// reports do not look alike for sharing them.

// SketchSize is the number of bins of a Sketch.
const SketchSize = 128

const emptyBin = math.MaxUint32

// Sketch is a fixed-size MinHash summary (one-permutation hashing, Li, Owen and Zhang 2012)
// of the set of content words of a text. Two sketches estimate the Jaccard similarity of
// their texts' word sets in O(SketchSize), whatever the texts' lengths, so a fusion engine
// can keep one per report and compare many pairs cheaply. The zero value is not an empty
// sketch: use SketchText.
type Sketch [SketchSize]uint32

// SketchText returns the sketch of text. It does not allocate.
func SketchText(text string) Sketch {
	var s Sketch
	for i := range s {
		s[i] = emptyBin
	}
	forEachWord(text, func(h uint64) {
		h = mix64(h)
		bin := h % SketchSize
		v := uint32(h >> 32)
		if v == emptyBin {
			v--
		}
		if v < s[bin] {
			s[bin] = v
		}
	})
	return s
}

// Empty reports whether the sketched text had no content words.
func (s *Sketch) Empty() bool {
	for _, v := range s {
		if v != emptyBin {
			return false
		}
	}
	return true
}

// Similarity returns the estimated Jaccard similarity of the word sets of the two sketched
// texts, in [0,1]. Bins empty in both sketches are left out of the estimate; two empty
// sketches are identical (1), an empty and a non-empty one share nothing (0). The
// estimate's standard error is about sqrt(J(1-J)/k) for k occupied bins.
func (s *Sketch) Similarity(o *Sketch) float64 {
	n, match := 0, 0
	for i := range s {
		a, b := s[i], o[i]
		if a == emptyBin && b == emptyBin {
			continue
		}
		n++
		if a == b {
			match++
		}
	}
	if n == 0 {
		return 1
	}
	return float64(match) / float64(n)
}

// cosineDims is the number of hashed dimensions of TextCosine's term vectors.
const cosineDims = 1024

// TextCosine returns the cosine similarity of the content-word frequency vectors of a and
// b, hashed into 1024 dimensions (collisions only ever raise the score, and rarely: a
// report has far fewer distinct words). Two texts without content words are identical (1);
// one without scores 0. It does not allocate.
func TextCosine(a, b string) float64 {
	var va, vb [cosineDims]uint16
	termVector(&va, a)
	termVector(&vb, b)
	var dot, na, nb float64
	for i := range va {
		x, y := float64(va[i]), float64(vb[i])
		dot += x * y
		na += x * x
		nb += y * y
	}
	if na == 0 || nb == 0 {
		if na == nb {
			return 1
		}
		return 0
	}
	return clamp01(dot / math.Sqrt(na*nb))
}

func termVector(v *[cosineDims]uint16, text string) {
	forEachWord(text, func(h uint64) {
		i := mix64(h) % cosineDims
		if v[i] < math.MaxUint16 {
			v[i]++
		}
	})
}

// forEachWord calls f with the FNV-1a hash of every content word of text, lower-cased.
func forEachWord(text string, f func(uint64)) {
	h := uint64(fnvOffset)
	n := 0 // bytes in the current word
	flush := func() {
		if n > 0 && !stopWords[h] {
			f(h)
		}
		h, n = fnvOffset, 0
	}
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case c >= 'A' && c <= 'Z':
				c += 'a' - 'A'
			case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			default:
				flush()
				continue
			}
			h = (h ^ uint64(c)) * fnvPrime
			n++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		i += size
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r) {
			flush()
			continue
		}
		r = unicode.ToLower(r)
		var buf [utf8.UTFMax]byte
		m := utf8.EncodeRune(buf[:], r)
		for j := 0; j < m; j++ {
			h = (h ^ uint64(buf[j])) * fnvPrime
		}
		n += m
	}
	flush()
}

// mix64 is the splitmix64 finaliser: FNV's low bits are weak, bins need good ones.
func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// stopWords holds the FNV-1a hashes of English function words and reporting verbs.
var stopWords = func() map[uint64]bool {
	words := []string{
		"a", "an", "the", "and", "or", "but", "of", "in", "on", "at", "to", "for", "from", "by",
		"with", "as", "into", "near", "after", "before", "during", "while", "over", "under",
		"is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "it", "its",
		"this", "that", "these", "those", "he", "she", "they", "them", "their", "his", "her",
		"who", "which", "what", "when", "where", "also", "not", "no", "said", "says", "say",
		"according", "reported", "report", "reports", "told", "today", "yesterday", "other",
		"others", "least", "about", "than", "some", "any", "all", "one", "up", "out", "there",
	}
	m := make(map[uint64]bool, len(words))
	for _, w := range words {
		m[fnv64(w)] = true
	}
	return m
}()
