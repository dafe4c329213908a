package web

import (
	"html/template"
	"sort"
	"strconv"
	"strings"

	"github.com/sarhad-osint/sarhad"
)

// span is a stretch of a text that evidence points at, with the fields read from it.
type span struct {
	start, end int
	fields     []string
	confidence float64
}

// evidenceSpans returns the valid spans of evidence over a text of n characters, sorted and
// with overlapping spans joined; inferred fields have no span and are left out.
func evidenceSpans(n int, ev map[string]sarhad.Evidence) []span {
	var spans []span
	for field, e := range ev {
		if e.Inferred || e.Start < 0 || e.End <= e.Start || e.End > n {
			continue
		}
		spans = append(spans, span{e.Start, e.End, []string{field}, e.Confidence})
	}
	sort.Slice(spans, func(i, j int) bool {
		if spans[i].start != spans[j].start {
			return spans[i].start < spans[j].start
		}
		return spans[i].fields[0] < spans[j].fields[0]
	})
	var out []span
	for _, s := range spans {
		if k := len(out) - 1; k >= 0 && s.start < out[k].end {
			out[k].end = max(out[k].end, s.end)
			out[k].fields = append(out[k].fields, s.fields...)
			out[k].confidence = min(out[k].confidence, s.confidence)
			continue
		}
		out = append(out, s)
	}
	return out
}

// highlight returns a report's text as HTML with the evidence of each extracted field marked:
// <mark> elements that name their fields, so that an analyst sees where every value was
// read. Offsets are characters (code points), as INTERCHANGE.md defines them.
func highlight(text string, ev map[string]sarhad.Evidence) template.HTML {
	runes := []rune(text)
	var b strings.Builder
	at := 0
	for _, s := range evidenceSpans(len(runes), ev) {
		b.WriteString(template.HTMLEscapeString(string(runes[at:s.start])))
		label := strings.Join(s.fields, ", ")
		b.WriteString(`<mark class="ev" id="ev-` + template.HTMLEscapeString(strings.ReplaceAll(s.fields[0], ".", "-")) +
			`" data-fields="` + template.HTMLEscapeString(label) + `" title="` + template.HTMLEscapeString(label+
			" (confidence "+strconv.FormatFloat(s.confidence, 'f', 2, 64)+")") + `">`)
		b.WriteString(template.HTMLEscapeString(string(runes[s.start:s.end])))
		b.WriteString(`<span class="ev-label">` + template.HTMLEscapeString(label) + `</span></mark>`)
		at = s.end
	}
	b.WriteString(template.HTMLEscapeString(string(runes[at:])))
	return template.HTML(b.String())
}
