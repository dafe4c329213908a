package strsim

import (
	"math"
	"strings"
	"testing"
	"unicode/utf8"
)

func near(a, b, eps float64) bool { return math.Abs(a-b) <= eps }

func TestJaroWinkler(t *testing.T) {
	tests := []struct {
		name     string
		a, b     string
		jaro, jw float64
	}{
		{"MARTHA/MARHTA", "MARTHA", "MARHTA", 0.944, 0.961},
		{"DWAYNE/DUANE", "DWAYNE", "DUANE", 0.822, 0.840},
		{"DIXON/DICKSONX", "DIXON", "DICKSONX", 0.767, 0.813},
		{"JONES/JOHNSON", "JONES", "JOHNSON", 0.790, 0.832},
		{"ABCVWXYZ/CABVWXYZ", "ABCVWXYZ", "CABVWXYZ", 0.958, 0.958},
		{"JELLYFISH/SMELLYFISH", "JELLYFISH", "SMELLYFISH", 0.896, 0.896},
		{"CRATE/TRACE, no common prefix", "CRATE", "TRACE", 0.733, 0.733},
		{"no boost below threshold", "ab", "ac", 0.667, 0.667},
		{"tehreek/tehrik", "tehreek", "tehrik", 0.849, 0.910},
		{"unicode", "Ḥizb", "Hizb", 0.833, 0.833},
		{"identical", "jundullah", "jundullah", 1, 1},
		{"disjoint", "abc", "xyz", 0, 0},
		{"both empty", "", "", 1, 1},
		{"one empty", "x", "", 0, 0},
		{"single different", "a", "b", 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Jaro(tt.a, tt.b); !near(got, tt.jaro, 0.0006) {
				t.Errorf("Jaro(%q, %q) = %.4f, want %.3f", tt.a, tt.b, got, tt.jaro)
			}
			if got := JaroWinkler(tt.a, tt.b); !near(got, tt.jw, 0.0006) {
				t.Errorf("JaroWinkler(%q, %q) = %.4f, want %.3f", tt.a, tt.b, got, tt.jw)
			}
			if got, rev := JaroWinkler(tt.a, tt.b), JaroWinkler(tt.b, tt.a); got != rev {
				t.Errorf("not symmetric: %v vs %v", got, rev)
			}
		})
	}
}

func TestJaroLong(t *testing.T) {
	// Longer than the stack buffers: the heap path must give the same answers.
	a := strings.Repeat("tehrik taliban pakistan ", 5)
	b := strings.Repeat("tehreek taliban pakistan ", 5)
	if got := Jaro(a, a+"x"); got <= 0.99 || got >= 1 {
		t.Errorf("Jaro(long, long+x) = %v", got)
	}
	if got := JaroWinkler(a, b); got < 0.9 || got > 1 {
		t.Errorf("JaroWinkler(long variants) = %v", got)
	}
}

func TestTokenMeasures(t *testing.T) {
	tests := []struct {
		name       string
		a, b       string
		me, jac    float64 // symmetric Monge-Elkan, token Jaccard
		tolerance  float64
		meMin      bool // me is a lower bound only
		meMaxBound bool // me is an upper bound only
	}{
		{name: "identical", a: "tehrik taliban pakistan", b: "tehrik taliban pakistan", me: 1, jac: 1},
		{name: "word order", a: "taliban tehrik", b: "tehrik taliban", me: 1, jac: 1},
		{name: "spelling variant", a: "tehreek taliban pakistan", b: "tehrik taliban pakistan", me: 0.96, jac: 0.5, meMin: true},
		{name: "different group", a: "baloch liberation army", b: "baloch liberation front", me: 0.85, jac: 0.5, meMaxBound: true},
		{name: "both empty", a: "", b: "  ", me: 1, jac: 1},
		{name: "one empty", a: "", b: "ttp", me: 0, jac: 0},
		{name: "subset", a: "jamaat ahrar", b: "tehrik taliban pakistan jamaat ahrar", me: 0.5, jac: 0.4, meMin: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			me := TokenSimilarity(tt.a, tt.b)
			switch {
			case tt.meMin && me < tt.me, tt.meMaxBound && me > tt.me, !tt.meMin && !tt.meMaxBound && !near(me, tt.me, 1e-9):
				t.Errorf("TokenSimilarity(%q, %q) = %.4f, want %v %.3f", tt.a, tt.b, me, map[bool]string{true: "bound", false: "="}[tt.meMin || tt.meMaxBound], tt.me)
			}
			if got := TokenJaccard(tt.a, tt.b); !near(got, tt.jac, 1e-9) {
				t.Errorf("TokenJaccard(%q, %q) = %.4f, want %.4f", tt.a, tt.b, got, tt.jac)
			}
		})
	}
	if got := MongeElkan("jamaat ahrar", "tehrik taliban pakistan jamaat ahrar"); got != 1 {
		t.Errorf("MongeElkan(subset, superset) = %v, want 1", got)
	}
}

func TestNormalize(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"already normal", "tehrik taliban pakistan", "tehrik taliban pakistan"},
		{"case and hyphens", "Tehrik-i-Taliban Pakistan (TTP)", "tehrik i taliban pakistan ttp"},
		{"apostrophe joins", "People's Aman Committee", "peoples aman committee"},
		{"curly apostrophe", "People’s  Party", "peoples party"},
		{"ayn sign", "Jamaʿat-ud-Daʿwa", "jamaat ud dawa"},
		{"diacritics", "Ḥizb-ut-Taḥrīr", "hizb ut tahrir"},
		{"ligature and width", "Ｂａｌｏｃｈ ﬁdayeen", "baloch fidayeen"},
		{"special letters", "Straße Ærø", "strasse aero"},
		{"acled prefix", "BLA: Baloch Liberation Army", "bla baloch liberation army"},
		{"spaces", "  \t Lashkar\n\ne-Jhangvi  ", "lashkar e jhangvi"},
		{"urdu kept", "تحریک طالبان پاکستان", "تحریک طالبان پاکستان"},
		{"empty", "", ""},
		{"only punctuation", "--- ( ) ---", ""},
		{"invalid utf8", "ab\xffcd", "ab cd"},
		{"digits", "313 Brigade", "313 brigade"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Normalize(tt.in); got != tt.want {
				t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if got := Normalize(Normalize(tt.in)); got != tt.want {
				t.Errorf("Normalize is not idempotent on %q: %q", tt.in, got)
			}
		})
	}
}

func TestTextSimilarity(t *testing.T) {
	r1 := "A suicide bomber rammed an explosives-laden vehicle into a Frontier Corps convoy in Bannu district, killing 12 soldiers and injuring 20."
	r2 := "Twelve soldiers were killed when a suicide bomber rammed an explosives-laden vehicle into an FC convoy in Bannu; 20 were injured."
	r3 := "Police said gunmen on a motorcycle shot dead a polio worker in Quetta's Satellite Town on Monday."
	tests := []struct {
		name     string
		a, b     string
		min, max float64
	}{
		{"same text", r1, r1, 1, 1},
		{"same event, other wording", r1, r2, 0.35, 0.95},
		{"different events", r1, r3, 0, 0.15},
		{"case and punctuation only", r1, strings.ToUpper(strings.ReplaceAll(r1, ",", " ")), 1, 1},
		{"both empty", "", "the of", 1, 1},
		{"one empty", "", r1, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := TextCosine(tt.a, tt.b)
			if c < tt.min-1e-9 || c > tt.max+1e-9 {
				t.Errorf("TextCosine = %.3f, want in [%.2f, %.2f]", c, tt.min, tt.max)
			}
			sa, sb := SketchText(tt.a), SketchText(tt.b)
			j := sa.Similarity(&sb)
			if j < tt.min-1e-9 || j > tt.max+1e-9 {
				t.Errorf("Sketch similarity = %.3f, want in [%.2f, %.2f]", j, tt.min, tt.max)
			}
		})
	}
	if s := SketchText("the of and"); !s.Empty() {
		t.Error("sketch of stop words only is not empty")
	}
}

func TestSketchEstimatesJaccard(t *testing.T) {
	// Two word sets of 200 words sharing 100: Jaccard 1/3.
	var a, b strings.Builder
	for i := range 300 {
		w := "w" + string(rune('a'+i%26)) + string(rune('a'+i/26%26)) + " "
		if i < 200 {
			a.WriteString(w)
		}
		if i >= 100 {
			b.WriteString(w)
		}
	}
	sa, sb := SketchText(a.String()), SketchText(b.String())
	if got := sa.Similarity(&sb); !near(got, 1.0/3, 0.12) {
		t.Errorf("estimated Jaccard = %.3f, want about 0.333", got)
	}
}

func TestZeroAllocs(t *testing.T) {
	long := strings.Repeat("Militants attacked a check post in North Waziristan. ", 20)
	checks := map[string]func(){
		"JaroWinkler":     func() { JaroWinkler("tehreek e taliban pakistan", "tehrik i taliban pakistan") },
		"TokenSimilarity": func() { TokenSimilarity("tehreek e taliban pakistan", "tehrik i taliban pakistan") },
		"TokenJaccard":    func() { TokenJaccard("tehreek e taliban pakistan", "tehrik i taliban pakistan") },
		"Normalize":       func() { Normalize("tehrik i taliban pakistan") },
		"AppendNormalize": func() { var b [64]byte; AppendNormalize(b[:0], "Tehrik-i-Ṭālibān Pakistan") },
		"TextCosine":      func() { TextCosine(long, long[10:]) },
		"Sketch":          func() { s := SketchText(long); s.Similarity(&s) },
	}
	for name, f := range checks {
		if n := testing.AllocsPerRun(20, f); n != 0 {
			t.Errorf("%s allocates %v times per call", name, n)
		}
	}
}

func FuzzSimilarity(f *testing.F) {
	seeds := [][2]string{
		{"MARTHA", "MARHTA"}, {"DWAYNE", "DUANE"}, {"", ""}, {"a", ""},
		{"Tehrik-i-Taliban Pakistan (TTP)", "Tehreek-e-Taliban"},
		{"BLA: Baloch Liberation Army", "BLF: Baloch Liberation Front"},
		{"Khorasan Chapter of the Islamic State", "ISIS-K"},
		{"Sipah-e-Sahaba/Pakistan (SSP)", "Ahle Sunnat Wal Jamaat (ASWJ-Pakistan)"},
		{"تحریک طالبان پاکستان", "ٹی ٹی پی"}, {"\xff\xfe", "ab\x00c"},
	}
	for _, s := range seeds {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		in01 := func(name string, v float64) {
			if math.IsNaN(v) || v < 0 || v > 1 {
				t.Fatalf("%s(%q, %q) = %v, out of [0,1]", name, a, b, v)
			}
		}
		sym := map[string]func(string, string) float64{
			"Jaro": Jaro, "JaroWinkler": JaroWinkler, "TokenSimilarity": TokenSimilarity,
			"TokenJaccard": TokenJaccard, "TextCosine": TextCosine,
			"Sketch": func(x, y string) float64 { sx, sy := SketchText(x), SketchText(y); return sx.Similarity(&sy) },
		}
		for name, fn := range sym {
			v := fn(a, b)
			in01(name, v)
			if w := fn(b, a); v != w {
				t.Fatalf("%s not symmetric on %q, %q: %v vs %v", name, a, b, v, w)
			}
			if id := fn(a, a); id != 1 {
				t.Fatalf("%s(%q, itself) = %v, want 1", name, a, id)
			}
		}
		in01("MongeElkan", MongeElkan(a, b))
		n := Normalize(a)
		if !utf8.ValidString(n) || Normalize(n) != n || strings.Contains(n, "  ") || strings.TrimSpace(n) != n {
			t.Fatalf("Normalize(%q) = %q is not a fixed point of valid, single-spaced text", a, n)
		}
	})
}

func BenchmarkJaroWinkler(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		JaroWinkler("tehreek e taliban pakistan", "tehrik i taliban pakistan")
	}
}

func BenchmarkTokenSimilarity(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		TokenSimilarity("tehreek e taliban pakistan", "tehrik i taliban pakistan")
	}
}

func BenchmarkTokenJaccard(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		TokenJaccard("baloch liberation army", "baloch liberation front")
	}
}

func BenchmarkNormalize(b *testing.B) {
	b.ReportAllocs()
	var buf [64]byte
	for b.Loop() {
		AppendNormalize(buf[:0], "Tehrik-i-Ṭālibān Pakistan (TTP)")
	}
}

var benchText = strings.Repeat("A suicide bomber rammed an explosives-laden vehicle into a Frontier Corps convoy in Bannu district, killing 12 soldiers. ", 4)

func BenchmarkTextCosine(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		TextCosine(benchText, benchText[7:])
	}
}

func BenchmarkSketchText(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		SketchText(benchText)
	}
}

func BenchmarkSketchSimilarity(b *testing.B) {
	b.ReportAllocs()
	x, y := SketchText(benchText), SketchText(benchText[7:])
	for b.Loop() {
		x.Similarity(&y)
	}
}
