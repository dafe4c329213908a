package lang

import (
	"strings"
	"testing"
)

func TestEmbeddedLanguagesValidate(t *testing.T) {
	codes := Codes()
	if len(codes) == 0 || codes[0] != "en" {
		t.Fatalf("Codes() = %v, want en among them", codes)
	}
	for _, c := range codes {
		l, ok := Get(c)
		if !ok {
			t.Fatalf("Get(%q) failed", c)
		}
		if l.Code != c {
			t.Errorf("%s.json has code %q", c, l.Code)
		}
	}
}

func TestParseRejectsBadTables(t *testing.T) {
	for _, tc := range []struct {
		name, edit, want string
	}{
		{"upper case phrase", `"today": 0`, `"Today": 0`},
		{"hyphenated phrase", `"at least": "min"`, `"at-least": "min"`},
		{"unknown hedge", `"at least": "min"`, `"at least": "often"`},
		{"bad month", `"january": 1`, `"january": 13`},
		{"unknown attack type", `"ambushed": "ambush"`, `"ambushed": "raid"`},
		{"unknown field", `"code": "en",`, `"code": "en", "colour": 1,`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := files.ReadFile("en.json")
			if err != nil {
				t.Fatal(err)
			}
			s := string(b)
			if !strings.Contains(s, tc.edit) {
				t.Fatalf("en.json lacks %q", tc.edit)
			}
			if _, err := Parse([]byte(strings.Replace(s, tc.edit, tc.want, 1))); err == nil {
				t.Fatalf("Parse accepted %s", tc.want)
			}
		})
	}
}
