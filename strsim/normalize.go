package strsim

import (
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Normalize returns the comparison form of a name: compatibility-decomposed (NFKD) with the
// combining marks dropped, so that Latin letters fold to ASCII ("Ḥizb" → "hizb",
// "ﬁ" → "fi"); lower case; apostrophes and ayn/hamza signs removed ("People's" → "peoples",
// "Jamaʿat" → "jamaat"); every other punctuation, symbol or space a single space; no
// leading or trailing space. Letters and digits of other scripts are kept, lower-cased, so
// that names written in Urdu still compare with each other. Invalid UTF-8 bytes separate
// words. An input that is already normal is returned without allocating.
func Normalize(s string) string {
	if isNormal(s) {
		return s
	}
	var buf [128]byte
	return string(AppendNormalize(buf[:0], s))
}

// AppendNormalize appends the Normalize form of s to dst and returns the extended slice.
func AppendNormalize(dst []byte, s string) []byte {
	// The writer state travels by value: a pointer to it would make dst escape.
	w := normWriter{start: len(dst)}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			dst, w = w.ascii(dst, c)
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n <= 1:
			w.pending = true
		case foldSpecial(r) != "":
			dst, w = w.str(dst, foldSpecial(r))
		default:
			if dec := norm.NFKD.PropertiesString(s[i : i+n]).Decomposition(); dec != nil {
				for j := 0; j < len(dec); {
					d, m := utf8.DecodeRune(dec[j:])
					dst, w = w.rune(dst, d)
					j += m
				}
			} else {
				dst, w = w.rune(dst, r)
			}
		}
		i += n
	}
	return dst
}

// normWriter is the state of AppendNormalize: where its output starts, and whether a
// separator was seen since the last character written (runs of separators become one space).
type normWriter struct {
	start   int
	pending bool
}

func (w normWriter) emit(dst []byte, c byte) ([]byte, normWriter) {
	if w.pending && len(dst) > w.start {
		dst = append(dst, ' ')
	}
	w.pending = false
	return append(dst, c), w
}

func (w normWriter) ascii(dst []byte, c byte) ([]byte, normWriter) {
	switch {
	case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		return w.emit(dst, c)
	case c >= 'A' && c <= 'Z':
		return w.emit(dst, c+'a'-'A')
	case c == '\'' || c == '`':
		// apostrophes join: "People's" → "peoples"
	default:
		w.pending = true
	}
	return dst, w
}

func (w normWriter) str(dst []byte, s string) ([]byte, normWriter) {
	for j := 0; j < len(s); j++ {
		dst, w = w.ascii(dst, s[j])
	}
	return dst, w
}

func (w normWriter) rune(dst []byte, r rune) ([]byte, normWriter) {
	if r < utf8.RuneSelf {
		return w.ascii(dst, byte(r))
	}
	if isApostrophe(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) {
		return dst, w
	}
	if rep := foldSpecial(r); rep != "" {
		return w.str(dst, rep)
	}
	if unicode.IsLetter(r) || unicode.IsDigit(r) {
		if w.pending && len(dst) > w.start {
			dst = append(dst, ' ')
		}
		w.pending = false
		return utf8.AppendRune(dst, unicode.ToLower(r)), w
	}
	w.pending = true
	return dst, w
}

// isApostrophe reports apostrophe-like marks of romanised Arabic and Urdu names.
func isApostrophe(r rune) bool {
	switch r {
	case '\u2018', '\u2019', '\u201B', '\u02BB', '\u02BC', '\u02BD', '\u02BE', '\u02BF',
		'\u00B4', '\u2032', '\u02C8':
		return true
	}
	return false
}

// foldSpecial maps Latin letters that NFKD does not decompose to their ASCII spelling.
func foldSpecial(r rune) string {
	switch r {
	case 'ß':
		return "ss"
	case 'æ', 'Æ':
		return "ae"
	case 'ø', 'Ø':
		return "o"
	case 'œ', 'Œ':
		return "oe"
	case 'ł', 'Ł':
		return "l"
	case 'đ', 'Đ', 'ð', 'Ð':
		return "d"
	case 'ı':
		return "i"
	case 'þ', 'Þ':
		return "th"
	case 'ħ', 'Ħ':
		return "h"
	}
	return ""
}

// isNormal reports whether s is already in Normalize form.
func isNormal(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case c == ' ':
			if i == 0 || i == len(s)-1 || s[i-1] == ' ' {
				return false
			}
		default:
			return false
		}
	}
	return true
}
