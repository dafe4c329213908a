package extract

import (
	"unicode"
	"unicode/utf8"
)

// tokKind is the kind of a token.
type tokKind uint8

const (
	tWord  tokKind = iota // letters (and digits after a letter)
	tNum                  // ASCII digits, with thousands commas ("1,200")
	tPunct                // one punctuation or symbol character
)

// token is one word, number or punctuation mark of a text. Offsets are bytes.
type token struct {
	start, end int
	// low is the ASCII-lower-cased text of the token (a substring of the document's
	// lower-cased copy, so it costs no allocation).
	low  string
	kind tokKind
	// cap is set when the first letter is upper case; upper when every letter is (and there
	// are at least two).
	cap, upper bool
	// joiner marks hyphens and apostrophes, which phrase matching skips.
	joiner bool
	// nl counts the line breaks before the token (capped at 2).
	nl uint8
	// num is the value of a tNum token (-1 when it does not fit); ord is set when an ordinal
	// suffix was glued to it ("5th").
	num int
	ord bool
}

// isJoinerRune reports punctuation that joins the parts of one name or phrase.
func isJoinerRune(r rune) bool {
	switch r {
	case '-', '\'', '\u2019', '\u2018', '`', '\u2010', '\u2011', '\u00b4':
		return true
	}
	return false
}

// asciiLower returns s with ASCII letters lower-cased; other bytes are kept, so byte
// offsets into s and into the result agree.
func asciiLower(s string) string {
	i := 0
	for i < len(s) {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			break
		}
		i++
	}
	if i == len(s) {
		return s
	}
	b := make([]byte, len(s))
	copy(b, s[:i])
	for ; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		b[i] = c
	}
	return string(b)
}

// tokenize splits text into tokens. Spaces separate tokens and are dropped; every other
// character that is not a letter or digit is a token of its own.
func tokenize(text, low string, toks []token) []token {
	nl := uint8(0)
	i := 0
	for i < len(text) {
		c := text[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '\n':
				if nl < 2 {
					nl++
				}
				i++
				continue
			case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
				i++
				continue
			case c >= '0' && c <= '9':
				i = scanNumber(text, low, i, nl, &toks)
				nl = 0
				continue
			case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
				i = scanWord(text, low, i, nl, &toks)
				nl = 0
				continue
			}
			toks = append(toks, token{start: i, end: i + 1, low: low[i : i+1], kind: tPunct, nl: nl,
				joiner: c == '-' || c == '\'' || c == '`'})
			nl = 0
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			i++ // invalid byte: a separator
			continue
		case r == '\u00a0' || r == '\u2009' || r == '\u200b' || r == '\u202f' || r == '\ufeff' || unicode.IsSpace(r):
			if r == '\u2028' || r == '\u2029' {
				nl = 2
			}
			i += size
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			i = scanWord(text, low, i, nl, &toks)
			nl = 0
			continue
		}
		toks = append(toks, token{start: i, end: i + size, low: low[i : i+size], kind: tPunct, nl: nl, joiner: isJoinerRune(r)})
		nl = 0
		i += size
	}
	return toks
}

// scanWord reads a word starting at i: letters and digits of any script.
func scanWord(text, low string, i int, nl uint8, toks *[]token) int {
	start := i
	upperN, letterN := 0, 0
	first := true
	capital := false
	for i < len(text) {
		c := text[i]
		if c < utf8.RuneSelf {
			switch {
			case c >= 'A' && c <= 'Z':
				upperN++
				letterN++
				if first {
					capital = true
				}
			case c >= 'a' && c <= 'z':
				letterN++
			case c >= '0' && c <= '9':
			default:
				goto done
			}
			first = false
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if r == utf8.RuneError && size <= 1 || !(unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)) {
			break
		}
		if unicode.IsLetter(r) {
			letterN++
			if unicode.IsUpper(r) {
				upperN++
				if first {
					capital = true
				}
			}
		}
		first = false
		i += size
	}
done:
	*toks = append(*toks, token{start: start, end: i, low: low[start:i], kind: tWord, nl: nl,
		cap: capital, upper: letterN >= 2 && upperN == letterN})
	return i
}

// scanNumber reads digits starting at i, with thousands commas ("1,200") and a glued
// ordinal suffix ("5th"). Letters glued to the digits otherwise start a new word ("12km").
func scanNumber(text, low string, i int, nl uint8, toks *[]token) int {
	start := i
	group := i
	v := 0
	big := false
	for i < len(text) {
		c := text[i]
		if c >= '0' && c <= '9' {
			if v > 100_000_000 {
				big = true
			} else {
				v = v*10 + int(c-'0')
			}
			i++
			continue
		}
		// A comma followed by exactly three digits continues the number ("1,200").
		if c == ',' && i+4 <= len(text) && isDigits(text[i+1:i+4]) &&
			(i+4 == len(text) || text[i+4] < '0' || text[i+4] > '9') && i-group <= 3 {
			i++
			group = i
			continue
		}
		break
	}
	t := token{start: start, end: i, low: low[start:i], kind: tNum, nl: nl, num: v}
	if big {
		t.num = -1
	}
	// Ordinal suffix.
	if i+2 <= len(text) {
		suf := low[i : i+2]
		if (suf == "st" || suf == "nd" || suf == "rd" || suf == "th") && (i+2 == len(text) || !isAlnum(text[i+2])) {
			t.end = i + 2
			t.low = low[start : i+2]
			t.ord = true
			i += 2
		}
	}
	*toks = append(*toks, t)
	return i
}

func isDigits(s string) bool {
	if len(s) == 0 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= utf8.RuneSelf
}

// sentence is a run of tokens [start, end).
type sentence struct {
	start, end int
	para       int  // paragraph number
	headline   bool // a title line without final punctuation
	dateline   bool // a "Published …" line or the place/agency line before a story
}

// splitSentences splits the tokens into sentences: after ".", "!", "?" followed by a
// capital, a digit, a quote or a line break (but not after an abbreviation or an initial),
// and at line breaks.
func (d *doc) splitSentences() {
	toks := d.toks
	start := 0
	para := 0
	for i := 0; i < len(toks); i++ {
		t := &toks[i]
		if i > start && t.nl > 0 {
			prev := &toks[i-1]
			// A single line break inside a sentence (hard-wrapped text) does not end it.
			wrapped := t.nl == 1 && t.kind == tWord && !t.cap && (prev.kind == tWord && !prev.upper || prev.low == ",")
			if !wrapped {
				d.sents = append(d.sents, sentence{start: start, end: i, para: para})
				start = i
				if t.nl >= 1 {
					para++
				}
				continue
			}
		}
		if t.kind != tPunct {
			continue
		}
		switch t.low {
		case ".", "!", "?", "\u2026":
		default:
			continue
		}
		if i+1 >= len(toks) {
			continue
		}
		end := i + 1
		// A closing quote or bracket after the full stop belongs to this sentence.
		for end < len(toks) && toks[end].nl == 0 && isCloser(toks[end].low) {
			end++
		}
		if end >= len(toks) {
			continue
		}
		next := &toks[end]
		if next.nl > 0 {
			continue // the line break ends it
		}
		if next.start == toks[end-1].end && next.kind != tPunct {
			continue // "13.12.2014", "U.S": no space after the stop
		}
		if !(next.cap || next.kind == tNum || isOpener(next.low)) {
			continue
		}
		if t.low == "." && i > start {
			prev := &toks[i-1]
			if prev.kind == tWord && (len(prev.low) == 1 || d.isAbbrev(prev.low)) {
				continue
			}
		}
		d.sents = append(d.sents, sentence{start: start, end: end, para: para})
		start = end
		i = end - 1
	}
	if start < len(toks) {
		d.sents = append(d.sents, sentence{start: start, end: len(toks), para: para})
	}
	// Title lines: a first line without final punctuation, followed by a line break.
	for si := range d.sents {
		s := &d.sents[si]
		if s.end >= len(toks) || toks[s.end].nl == 0 {
			continue
		}
		last := toks[s.end-1]
		if last.kind == tPunct && (last.low == "." || last.low == "!" || last.low == "?" || last.low == ":" || isCloser(last.low)) {
			continue
		}
		if s.end-s.start <= 30 {
			s.headline = true
		}
	}
}

func isCloser(s string) bool {
	switch s {
	case "\"", "'", ")", "]", "\u201d", "\u2019", "\u00bb":
		return true
	}
	return false
}

func isOpener(s string) bool {
	switch s {
	case "\"", "'", "(", "[", "\u201c", "\u2018", "\u00ab":
		return true
	}
	return false
}
