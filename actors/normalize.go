package actors

import (
	"strings"

	"github.com/sarhad-osint/sarhad/strsim"
)

// Normalize returns the lookup key of an organisation's name: strsim.Normalize (ASCII,
// lower case, punctuation to spaces), then per word
//
//   - transliteration variants folded to one spelling (Tehreek/Tehrik/Tahrik → tehrik,
//     Jaysh → jaish, Laskar → lashkar, Baluch/Balochistan/Baluchistan → baloch,
//     Muhammad/Mohammed → muhammad, ...);
//   - izafat and article connectors dropped ("-e-", "-i-", "ul", "ud", "al", "the", "of"),
//     also when glued to the word before ("Jamaatul Ahrar" = "Jamaat-ul-Ahrar");
//   - qualifiers that do not tell groups apart dropped ("banned", "proscribed", "outlawed",
//     "militant", "group", "organisation", "outfit", "faction", "members").
//
// So "Tehreek-e-Taliban Pakistan", "Tehrik-i-Taliban Pakistan" and "the banned
// Tehrik-i-Taliban Pakistan group" all give "tehrik taliban pakistan". Word order is kept:
// "United Baloch Army" and "Balochistan United Army" are different groups.
func Normalize(name string) string {
	base := strsim.Normalize(name)
	if base == "" {
		return ""
	}
	var b strings.Builder
	b.Grow(len(base))
	var prev string // the previous token, before folding, for two-word spellings
	for tok, rest := cutToken(base); tok != ""; tok, rest = cutToken(rest) {
		last := rest == ""
		if !last && len(tok) >= 6 && gluedConnector(tok[len(tok)-2:]) {
			tok = tok[:len(tok)-2]
		}
		if joined, ok := wordPairs[prev+" "+tok]; ok {
			// Replace the previous word, already written, by the one-word spelling.
			s := b.String()
			b.Reset()
			b.WriteString(s[:len(s)-len(fold(prev))])
			b.WriteString(joined)
			prev = ""
			continue
		}
		prev = tok
		if connectors[tok] || noiseWords[tok] {
			prev = ""
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(fold(tok))
	}
	return b.String()
}

// cutToken splits a normalised string at its first space.
func cutToken(s string) (tok, rest string) {
	tok, rest, _ = strings.Cut(s, " ")
	return tok, rest
}

func fold(tok string) string {
	if f, ok := spellings[tok]; ok {
		return f
	}
	return tok
}

// gluedConnector reports an izafat connector written onto the word before it.
func gluedConnector(suffix string) bool {
	switch suffix {
	case "ul", "ud", "ut", "us":
		return true
	}
	return false
}

// connectors are the izafat, article and conjunction words that spellings add or leave out.
var connectors = setOf("e", "i", "ul", "ud", "ut", "us", "ur", "un", "ush", "al", "el", "il",
	"ad", "as", "az", "an", "the", "of", "and", "for")

// noiseWords qualify a name without telling groups apart.
var noiseWords = setOf("banned", "proscribed", "outlawed", "defunct", "militant", "militants",
	"terrorist", "terrorists", "group", "groups", "organisation", "organization",
	"organisations", "organizations", "outfit", "outfits", "faction", "members", "member",
	"so", "called", "socalled")

// wordPairs are names written as one word or two.
var wordPairs = map[string]string{
	"sindhu desh": "sindhudesh",
	"sindh desh":  "sindhudesh",
	"jund allah":  "jundullah",
	"jund ullah":  "jundullah",
	"al qaeda":    "qaeda",
	"al qaida":    "qaeda",
}

// spellings folds transliteration variants of single words to one spelling.
var spellings = foldTable(map[string][]string{
	"tehrik":      {"tehreek", "tahrik", "tahreek", "tehrek", "tehrique", "tahreeq", "tehriq", "tehreeq", "tahrek"},
	"jaish":       {"jaysh", "jaish", "jeish", "jaishe", "jesh", "jaiysh"},
	"lashkar":     {"laskar", "lashkr", "lashker", "lashkare", "lashkari"},
	"baloch":      {"baluch", "balochi", "baluchi", "balouch", "balooch", "balochistan", "baluchistan", "balochestan", "balouchistan", "baluchestan"},
	"taliban":     {"taleban", "talibaan", "talban"},
	"muhammad":    {"mohammad", "mohammed", "muhammed", "mohamed", "mohamad", "muhamad", "mohammod"},
	"muhammadi":   {"mohammadi", "mohammedi", "muhammedi", "mohamadi"},
	"jhangvi":     {"jhangavi", "jhangwi", "jhangvee", "jhangawi"},
	"taiba":       {"tayyiba", "toiba", "tayyaba", "taibah", "tayyeba", "tayiba", "tayyba", "tayba"},
	"jamaat":      {"jamat", "jamaah", "jammat", "jamaa", "jamaath", "jamaet", "jamaate"},
	"sipah":       {"sepah", "sipahe", "sipa", "sepahe"},
	"sahaba":      {"sahabah", "sahaaba"},
	"nifaz":       {"nafaz", "nefaz", "nifaaz", "nafaaz", "nifaz"},
	"shariat":     {"shariah", "sharia", "shariyat", "shariat"},
	"jafaria":     {"jafria", "jaafria", "jafariya", "jaafaria", "jafariah", "jafri"},
	"labbaik":     {"labaik", "labaeek", "labbaek"},
	"jihad":       {"jehad", "jihaad"},
	"mujahideen":  {"mujahidin", "mujahedin", "mujahiddin", "mujahedeen", "mujahidden", "mujahideens"},
	"ahl":         {"ahle", "ahal", "ahli"},
	"khorasan":    {"khurasan", "khorasaan", "khorassan", "khurasaan"},
	"daesh":       {"daish", "daeesh"},
	"qaeda":       {"qaida", "qaedah", "alqaeda", "alqaida", "qaidah"},
	"harkat":      {"harakat", "harakah", "harkah"},
	"hizb":        {"hezb", "hizbe"},
	"mehsud":      {"mahsud", "mehsood", "mahsood"},
	"raji":        {"raaji"},
	"ajoi":        {"aajoi"},
	"qaumi":       {"qoumi", "qami", "qaumee", "quami"},
	"muttahida":   {"mutahida", "muttehida", "mutahidda", "muthida", "mutehida"},
	"mohajir":     {"muhajir", "mohajjir", "mohajir"},
	"jundullah":   {"jundallah", "jundulla"},
	"alami":       {"almi", "aalami", "aalmi", "aalmee"},
	"brigade":     {"brigades"},
	"fitna":       {"fitnat", "fitnah"},
	"khawarij":    {"khwarij", "khawarej", "khwaarij", "khawaarij", "kharijis", "kharijites"},
	"tahafuz":     {"tahaffuz", "tahaffaz", "tahafaz"},
	"pashtun":     {"pakhtun", "pukhtun", "pushtun"},
	"wilayat":     {"wilayah", "wilaya", "vilayat"},
	"jeay":        {"jiye", "jeay", "jiay", "jeeay", "jeey"},
	"sindh":       {"sind"},
	"tanzeem":     {"tanzim", "tanzeem", "tanzeem"},
	"difa":        {"defa", "diffah", "difaa", "difah"},
	"musallah":    {"musalla", "mussalah", "musalah", "mussallah"},
	"azzam":       {"azam"},
	"geedar":      {"gidar", "gedar", "geeder"},
	"bahadur":     {"bahadar", "bahadir"},
	"zainabiyoun": {"zainebiyoun", "zainabiyun", "zaynabiyoun", "zainabiyoon", "zainabioun"},
	"people":      {"peoples"},
	"islamia":     {"islamiya", "islamiyah"},
	"insaniat":    {"insaniyat", "insaniyyat"},
	"falah":       {"falahe"},
	"khilafat":    {"khilafah", "khilafa"},
	"ahrar":       {"ehrar"},
	"ansar":       {"ansaar"},
	"liberation":  {"libration"},
	"hindustan":   {"hindostan"},
})

func foldTable(m map[string][]string) map[string]string {
	out := make(map[string]string)
	for canon, variants := range m {
		for _, v := range variants {
			if v != canon {
				out[v] = canon
			}
		}
	}
	return out
}

func setOf(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}
