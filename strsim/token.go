package strsim

import (
	"slices"
	"unicode/utf8"
)

// Tokens are maximal runs of ASCII letters and digits and of non-ASCII bytes; every other
// ASCII byte separates them. On Normalize's output that is "split on spaces".

// nextToken returns the token starting at or after i and the index after it; tok is ""
// when there is none left.
func nextToken(s string, i int) (tok string, next int) {
	for i < len(s) && !isTokenByte(s[i]) {
		i++
	}
	start := i
	for i < len(s) && isTokenByte(s[i]) {
		i++
	}
	return s[start:i], i
}

func isTokenByte(c byte) bool {
	return c >= utf8.RuneSelf || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// CountTokens returns the number of tokens in s.
func CountTokens(s string) int {
	n := 0
	for tok, i := nextToken(s, 0); tok != ""; tok, i = nextToken(s, i) {
		n++
	}
	return n
}

// MongeElkan returns the Monge-Elkan similarity of a to b with Jaro-Winkler as the inner
// measure: the mean, over the tokens of a, of the best Jaro-Winkler similarity to a token of
// b. It is asymmetric ("how well is a covered by b"); TokenSimilarity is its symmetric
// form. Two strings without tokens are identical (1); one without tokens scores 0.
func MongeElkan(a, b string) float64 {
	na, nb := CountTokens(a), CountTokens(b)
	if na == 0 || nb == 0 {
		if na == nb {
			return 1
		}
		return 0
	}
	sum := 0.0
	for ta, i := nextToken(a, 0); ta != ""; ta, i = nextToken(a, i) {
		sum += BestTokenMatch(ta, b)
	}
	return clamp01(sum / float64(na))
}

// BestTokenMatch returns the best Jaro-Winkler similarity of tok to a token of s, 0 when s
// has no tokens.
func BestTokenMatch(tok, s string) float64 {
	best := 0.0
	for tb, j := nextToken(s, 0); tb != ""; tb, j = nextToken(s, j) {
		if v := JaroWinkler(tok, tb); v > best {
			best = v
			if best == 1 {
				break
			}
		}
	}
	return best
}

// TokenSimilarity returns the symmetric Monge-Elkan similarity of a and b: the mean of
// MongeElkan(a, b) and MongeElkan(b, a). It forgives word order and spelling variants of
// single words ("Tehreek Taliban" ~ "Taliban Tehrik").
func TokenSimilarity(a, b string) float64 {
	return (MongeElkan(a, b) + MongeElkan(b, a)) / 2
}

// TokenJaccard returns the Jaccard similarity of the sets of tokens of a and b, comparing
// tokens exactly (case-sensitively: normalise first). Two strings without tokens are
// identical (1).
func TokenJaccard(a, b string) float64 {
	var bufA, bufB [32]uint64
	ha := tokenHashes(bufA[:0], a)
	hb := tokenHashes(bufB[:0], b)
	if len(ha) == 0 && len(hb) == 0 {
		return 1
	}
	inter := 0
	for i, j := 0, 0; i < len(ha) && j < len(hb); {
		switch {
		case ha[i] == hb[j]:
			inter++
			i++
			j++
		case ha[i] < hb[j]:
			i++
		default:
			j++
		}
	}
	return float64(inter) / float64(len(ha)+len(hb)-inter)
}

// tokenHashes appends the sorted, distinct hashes of the tokens of s.
func tokenHashes(dst []uint64, s string) []uint64 {
	for tok, i := nextToken(s, 0); tok != ""; tok, i = nextToken(s, i) {
		dst = append(dst, fnv64(tok))
	}
	slices.Sort(dst)
	return slices.Compact(dst)
}

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func fnv64(s string) uint64 {
	h := uint64(fnvOffset)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= fnvPrime
	}
	return h
}
