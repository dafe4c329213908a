package extract

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/sarhad-osint/sarhad"
)

// TestDebugSegments prints the sentences, their events and the casualty statements of
// the text in $EXTRACT_DEBUG_TEXT (a developer tool; skipped otherwise).
func TestDebugSegments(t *testing.T) {
	text := os.Getenv("EXTRACT_DEBUG_TEXT")
	if text == "" {
		t.Skip("set EXTRACT_DEBUG_TEXT")
	}
	if b, err := os.ReadFile(text); err == nil {
		text = string(b)
	}
	rd, _ := sarhad.ParseDate(os.Getenv("EXTRACT_DEBUG_DATE"))
	x := realExtractor()
	d := new(doc)
	d.init(x, text, rd)
	d.analyse()
	var b strings.Builder
	for si, s := range d.sents {
		fmt.Fprintf(&b, "S%d ev=%d hl=%v dl=%v: %s\n", si, d.evOf[s.start], s.headline, s.dateline, d.tokText(s.start, s.end))
	}
	for _, g := range d.cas {
		fmt.Fprintf(&b, "cas kind=%d ev=%d %q parts=%d zero=%v toll=%v\n", g.kind, d.evOf[g.verb], d.tokText(g.start, g.end), len(g.parts), g.zero, g.toll)
		for _, p := range g.parts {
			fmt.Fprintf(&b, "   part %q %d-%d cat=%d sub=%v impl=%v\n", d.tokText(p.start, p.end), p.lo, p.hi, p.cat, p.subset, p.implied)
		}
	}
	for _, p := range d.nps {
		fmt.Fprintf(&b, "np %q cat=%d\n", d.tokText(p.start, p.end), p.cat)
	}
	for _, m := range d.dates {
		fmt.Fprintf(&b, "date %q %v ok=%v ev=%d\n", d.tokText(m.start, m.end), m.date, m.ok, d.evOf[m.start])
	}
	for _, a := range d.actors {
		fmt.Fprintf(&b, "actor %q %s ev=%d\n", d.tokText(a.start, a.end), a.name, d.evOf[a.start])
	}
	for _, g := range d.groups {
		q, _ := d.query(g)
		fmt.Fprintf(&b, "group %q %+v loc=%v\n", d.tokText(d.places[g.first].start, d.places[g.last].kindEnd), q, d.places[g.first].locative)
	}
	t.Log("\n" + b.String())
}
