// Package strsim holds the string similarity measures that Sarhad's name resolution and
// fusion use: Jaro and Jaro-Winkler for names, token-aware measures for multi-word names,
// a name normaliser, and fast similarity of longer report texts.
//
// Every measure returns a value in [0,1] and 1 for identical inputs. The hot paths work on
// stack buffers and do not allocate for inputs of ordinary length (names up to 64
// characters, texts of any length).
package strsim

import "unicode/utf8"

// stackRunes is the length up to which strings are compared in stack buffers.
const stackRunes = 64

// Jaro-Winkler parameters: Winkler's prefix scale, the longest prefix that earns the boost,
// and the Jaro similarity above which the boost applies (Winkler 1990).
const (
	WinklerScale     = 0.1
	WinklerPrefix    = 4
	WinklerThreshold = 0.7
)

// Jaro returns the Jaro similarity of a and b, computed on Unicode code points (invalid
// UTF-8 bytes count as U+FFFD). Two empty strings are identical (1); an empty and a
// non-empty string share nothing (0). The result does not depend on the argument order.
func Jaro(a, b string) float64 {
	return compareRunes(a, b, false)
}

// JaroWinkler returns the Jaro-Winkler similarity of a and b: the Jaro similarity raised
// for a common prefix of up to WinklerPrefix code points by WinklerScale, when the Jaro
// similarity exceeds WinklerThreshold. MARTHA/MARHTA scores 0.961, DWAYNE/DUANE 0.84 and
// DIXON/DICKSONX 0.813.
func JaroWinkler(a, b string) float64 {
	return compareRunes(a, b, true)
}

// compareRunes decodes a and b into stack buffers (a function-valued parameter would make
// them escape) and returns their Jaro or Jaro-Winkler similarity.
func compareRunes(a, b string, winkler bool) float64 {
	if a == b {
		return 1
	}
	var bufA, bufB [stackRunes]rune
	ra, rb := appendRunes(bufA[:0], a), appendRunes(bufB[:0], b)
	if winkler {
		return jaroWinklerRunes(ra, rb)
	}
	return jaroRunes(ra, rb)
}

func jaroWinklerRunes(ra, rb []rune) float64 {
	j := jaroRunes(ra, rb)
	if j <= WinklerThreshold {
		return j
	}
	l := 0
	for l < len(ra) && l < len(rb) && l < WinklerPrefix && ra[l] == rb[l] {
		l++
	}
	return clamp01(j + float64(l)*WinklerScale*(1-j))
}

// appendRunes decodes s into dst.
func appendRunes(dst []rune, s string) []rune {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			dst = append(dst, rune(c))
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		dst = append(dst, r)
		i += n
	}
	return dst
}

// jaroRunes computes the Jaro similarity. The greedy matching depends on which string is
// scanned first, so the arguments are put in a canonical order to make it symmetric.
func jaroRunes(ra, rb []rune) float64 {
	if runesLess(rb, ra) {
		ra, rb = rb, ra
	}
	la, lb := len(ra), len(rb)
	if la == 0 && lb == 0 {
		return 1
	}
	if la == 0 || lb == 0 {
		return 0
	}
	window := max(la, lb)/2 - 1
	if window < 0 {
		window = 0
	}
	var flagsA, flagsB [stackRunes]bool
	var ma, mb []bool
	if la <= stackRunes {
		ma = flagsA[:la]
	} else {
		ma = make([]bool, la)
	}
	if lb <= stackRunes {
		mb = flagsB[:lb]
	} else {
		mb = make([]bool, lb)
	}
	matches := 0
	for i := 0; i < la; i++ {
		lo := max(0, i-window)
		hi := min(lb, i+window+1)
		for j := lo; j < hi; j++ {
			if !mb[j] && ra[i] == rb[j] {
				ma[i], mb[j] = true, true
				matches++
				break
			}
		}
	}
	if matches == 0 {
		return 0
	}
	half := 0 // matched characters out of order; each transposition counts twice
	k := 0
	for i := 0; i < la; i++ {
		if !ma[i] {
			continue
		}
		for !mb[k] {
			k++
		}
		if ra[i] != rb[k] {
			half++
		}
		k++
	}
	m := float64(matches)
	// Transpositions are half the out-of-order characters, rounded down as in Winkler's
	// reference implementation (ABCVWXYZ/CABVWXYZ scores 0.958).
	t := float64(half / 2)
	return clamp01((m/float64(la) + m/float64(lb) + (m-t)/m) / 3)
}

// runesLess orders rune slices by length, then lexicographically.
func runesLess(a, b []rune) bool {
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	for i := range a {
		if a[i] != b[i] {
			return a[i] < b[i]
		}
	}
	return false
}

func clamp01(x float64) float64 {
	switch {
	case x < 0:
		return 0
	case x > 1:
		return 1
	}
	return x
}
