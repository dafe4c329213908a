package gazetteer

import (
	"strings"
	"unicode/utf8"

	"github.com/sarhad-osint/sarhad/gazetteer/internal/keys"
)

// Key returns the lookup key of a place name, the form every name is compared in:
// compatibility-decomposed (NFKD) with the combining marks removed so that Latin letters
// become ASCII ("Dera Ghāzi Khān" → "dera ghazi khan"), lower case, "&" read as "and",
// apostrophes dropped ("Khairpur Mir's" → "khairpur mirs"), every other run of punctuation
// or spaces turned into one space, and runs of single letters joined, so that initials match
// however they are written ("D.I. Khan", "D. I. Khan", "DI Khan" → "di khan";
// "N.W.F.P." → "nwfp"). Letters of other scripts (Urdu) are kept, lower-cased.
//
// Key is what other packages should use to compare names of places, actors or anything
// else transliterated from Urdu and Pashto.
func Key(s string) string { return keys.Key(s) }

// Slug returns the id form of a name: its Key with spaces as hyphens ("Miran Shah" →
// "miran-shah").
func Slug(s string) string { return strings.ReplaceAll(keys.Key(s), " ", "-") }

// looseKey folds a key further for the second-chance index: spaces dropped, doubled letters
// made single, and the commonest transliteration variants merged: ee→i, oo→u, q→k, v→w
// ("Miran Shah"/"Miranshah", "Naseerabad"/"Nasirabad", "Qila"/"Killa", "Vehari"/"Wehari").
func looseKey(k string) string {
	var b strings.Builder
	b.Grow(len(k))
	var prev byte
	for i := 0; i < len(k); i++ {
		c := k[i]
		switch c {
		case ' ':
			continue
		case 'q':
			c = 'k'
		case 'v':
			c = 'w'
		case 'e':
			if i+1 < len(k) && k[i+1] == 'e' {
				c = 'i'
				i++
			}
		case 'o':
			if i+1 < len(k) && k[i+1] == 'o' {
				c = 'u'
				i++
			}
		}
		if c == prev && c < utf8.RuneSelf && (c < '0' || c > '9') {
			continue
		}
		b.WriteByte(c)
		prev = c
	}
	return b.String()
}
