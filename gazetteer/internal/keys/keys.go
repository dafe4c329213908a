// Package keys holds the name-key normalisation of the gazetteer, apart from the package so
// that the table generator can use it before the tables exist. Use gazetteer.Key.
package keys

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Key returns the lookup key of a name; gazetteer.Key documents it.
func Key(s string) string {
	if s == "" {
		return ""
	}
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if !ascii {
		s = norm.NFKD.String(s)
	}
	var b strings.Builder
	b.Grow(len(s) + 4)
	space := false // a separator is pending
	emit := func(r rune) {
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			emit(r)
		case r >= 'A' && r <= 'Z':
			emit(r + ('a' - 'A'))
		case r < utf8.RuneSelf:
			switch r {
			case '\'', '`':
				// Apostrophes join: "Mir's" → "mirs".
			case '&':
				space = true
				emit('a')
				b.WriteString("nd")
				space = true
			default:
				space = true
			}
		case r == '’' || r == '‘' || r == 'ʼ' || r == 'ʻ' || r == '´' || r == 'ʹ':
		case unicode.Is(unicode.Mn, r):
			// Combining marks left by NFKD: dropped.
		default:
			if f, ok := foldLetter[r]; ok {
				for _, c := range f {
					emit(c)
				}
			} else if unicode.IsLetter(r) || unicode.IsDigit(r) {
				emit(unicode.ToLower(r))
			} else {
				space = true
			}
		}
	}
	return joinInitials(b.String())
}

// foldLetter maps the Latin letters that NFKD does not decompose to ASCII.
var foldLetter = map[rune]string{
	'ß': "ss", 'æ': "ae", 'Æ': "ae", 'ø': "o", 'Ø': "o", 'đ': "d", 'Đ': "d", 'ł': "l", 'Ł': "l",
	'ı': "i", 'œ': "oe", 'Œ': "oe", 'þ': "th", 'ð': "d", 'ħ': "h",
}

// joinInitials joins runs of two or more one-letter tokens: "d i khan" → "di khan".
func joinInitials(k string) string {
	if len(k) < 3 || !strings.Contains(k, " ") {
		return k
	}
	toks := strings.Split(k, " ")
	single := func(t string) bool {
		return len(t) == 1 && t[0] >= 'a' && t[0] <= 'z'
	}
	changed := false
	for i := 0; i+1 < len(toks); i++ {
		if single(toks[i]) && single(toks[i+1]) {
			changed = true
			break
		}
	}
	if !changed {
		return k
	}
	var b strings.Builder
	b.Grow(len(k))
	for i := 0; i < len(toks); {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		if single(toks[i]) {
			j := i
			for j < len(toks) && single(toks[j]) {
				b.WriteString(toks[j])
				j++
			}
			i = j
			continue
		}
		b.WriteString(toks[i])
		i++
	}
	return b.String()
}
