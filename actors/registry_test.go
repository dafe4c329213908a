package actors

import (
	"strings"
	"testing"

	"github.com/sarhad-osint/sarhad"
)

func TestDefaultRegistry(t *testing.T) {
	reg := Default()
	all := reg.All()
	rows := make(map[int]string)
	dated := 0
	for _, e := range reg.Entries() {
		if e.ListRow != 0 {
			if prev, dup := rows[e.ListRow]; dup {
				t.Errorf("list row %d is both %s and %s", e.ListRow, prev, e.ID)
			}
			rows[e.ListRow] = e.ID
		}
		if e.ListRow != 0 && e.Proscribed != "" {
			dated++
		}
		if e.ListRow != 0 && e.Proscribed == "" && e.ProscribedNote == "" {
			t.Errorf("%s is on the list but has neither a date nor a note", e.ID)
		}
		if e.ListRow == 0 && e.Proscribed != "" && e.ProscribedNote == "" {
			t.Errorf("%s is not on the list but has a proscription date without a note", e.ID)
		}
	}
	for row := 1; row <= 91; row++ {
		if rows[row] == "" {
			t.Errorf("row %d of the proscribed list is missing", row)
		}
	}
	if len(rows) < 80 || len(all) <= len(rows) {
		t.Errorf("registry has %d proscribed rows and %d actors", len(rows), len(all))
	}
	t.Logf("registry as of %s: %d actors; %d rows of the proscribed list (%d with a full or partial date), %d others",
		reg.AsOf(), len(all), len(rows), dated, len(all)-len(rows))
}

// TestInterchangeNames pins the canonical names of INTERCHANGE.md.
func TestInterchangeNames(t *testing.T) {
	reg := Default()
	for id, name := range map[string]string{
		"ttp":  "Tehrik-i-Taliban Pakistan",
		"bla":  "Balochistan Liberation Army",
		"iskp": "Islamic State Khorasan Province",
		"blf":  "Balochistan Liberation Front",
		"jua":  "Jamaat-ul-Ahrar",
		"hgb":  "Hafiz Gul Bahadur Group",
		"tjp":  "Tehreek-e-Jihad Pakistan",
	} {
		a, ok := reg.ActorByID(id)
		if !ok || a.Name != name {
			t.Errorf("ActorByID(%q) = %q, %v; want %q", id, a.Name, ok, name)
		}
		if b, ok := reg.ActorByName(strings.ToUpper(name)); !ok || b.ID != id {
			t.Errorf("ActorByName(%q) = %q, %v", name, b.ID, ok)
		}
		if m, ok := reg.ResolveActor(name); !ok || m.Actor.ID != id || m.Score != 1 {
			t.Errorf("ResolveActor(%q) = %+v, %v", name, m, ok)
		}
	}
	if _, ok := reg.ActorByName(sarhad.UnknownActor); ok {
		t.Errorf("%q is an actor", sarhad.UnknownActor)
	}
	if _, ok := reg.ActorByName("TTP"); ok {
		t.Error("ActorByName resolves aliases")
	}
}

func TestProscriptionFacts(t *testing.T) {
	reg := Default()
	tests := []struct {
		id, proscribed string
		un             bool
		noteHas        string
	}{
		{"ttp", "2008-08-25", true, "QDe.132"},
		{"bla", "2006-04-07", false, ""},
		{"tlp", "2025-10-24", false, "delisted"},
		{"majeed-brigade", "2024-07-18", false, ""},
		{"hgb", "2024-07-25", false, ""},
		{"iskp", "2015-07-15", true, "not listed separately"},
		{"jua", "2016-11", true, "uncertain"},
		{"tjp", "", false, ""},
		{"brg", "", false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			a, ok := reg.ActorByID(tt.id)
			if !ok {
				t.Fatalf("no actor %q", tt.id)
			}
			if a.Proscribed != tt.proscribed || a.UN1267 != tt.un || !strings.Contains(a.ProscribedNote, tt.noteHas) {
				t.Errorf("%s: proscribed %q (%q), UN1267 %v", tt.id, a.Proscribed, a.ProscribedNote, a.UN1267)
			}
		})
	}
	for child, parent := range map[string]string{"jua": "ttp", "tts": "ttp", "ttm": "ttp", "ttb": "ttp",
		"majeed-brigade": "bla", "iskp": "islamic-state", "jud": "let", "fif": "jud", "aswj": "ssp",
		"khuddam-ul-islam": "jem", "al-rehmat-trust": "jem", "lej-a": "lej"} {
		if a, _ := reg.ActorByID(child); a.Parent != parent {
			t.Errorf("%s: parent %q, want %q", child, a.Parent, parent)
		}
	}
}

func TestLoadRejectsBadData(t *testing.T) {
	tests := []struct {
		name, json, wantErr string
	}{
		{"duplicate id", `{"actors":[{"id":"a","name":"A","kind":"militant"},{"id":"a","name":"B","kind":"militant"}]}`, "duplicate id"},
		{"duplicate name", `{"actors":[{"id":"a","name":"A","kind":"militant"},{"id":"b","name":"A","kind":"militant"}]}`, "duplicate canonical name"},
		{"unknown kind", `{"actors":[{"id":"a","name":"A","kind":"band"}]}`, "unknown kind"},
		{"bad date", `{"actors":[{"id":"a","name":"A","kind":"militant","proscribed":"2019-13"}]}`, "proscription date"},
		{"unknown parent", `{"actors":[{"id":"a","name":"A","kind":"militant","parent":"x"}]}`, "unknown parent"},
		{"cycle", `{"actors":[{"id":"a","name":"A","kind":"militant","parent":"b"},{"id":"b","name":"B","kind":"militant","parent":"a"}]}`, "cycle"},
		{"shared alias", `{"actors":[{"id":"a","name":"Alpha Army","kind":"militant","aliases":["Lashkar X"]},{"id":"b","name":"Beta Front","kind":"militant","aliases":["Laskar-e-X"]}]}`, "is also"},
		{"label is a name", `{"actors":[{"id":"a","name":"Gunmen","kind":"militant"}],"labels":[{"class":"generic","note":"n","names":["gunmen"]}]}`, "also a name"},
		{"bad label class", `{"actors":[],"labels":[{"class":"misc","note":"n","names":["x"]}]}`, "label class"},
		{"unknown field", `{"actors":[{"id":"a","name":"A","kind":"militant","colour":"red"}]}`, "unknown field"},
		{"not json", `{`, "decode"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(strings.NewReader(tt.json))
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("Load: error %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
	reg, err := Load(strings.NewReader(`{"actors":[{"id":"a","name":"Alpha Army","kind":"militant","aliases":["TJP"]},{"id":"b","name":"Beta Front","kind":"militant","abbrev":"TJP"}],"ambiguous":[{"name":"TJP","id":"b","note":"b wins"}]}`))
	if err != nil {
		t.Fatalf("ambiguous name assigned in the data: %v", err)
	}
	if m, ok := reg.ResolveActor("tjp"); !ok || m.Actor.ID != "b" {
		t.Errorf("ambiguous TJP resolves to %q", m.Actor.ID)
	}
}
