package fusion

import (
	"math"
	"sort"
	"strings"
	"time"

	"github.com/sarhad-osint/sarhad"
)

// SourceGrades is what fusion knows about sources beyond the reports themselves: a
// per-source Admiralty reliability table that overrides the grade a report carries, the
// outlets that publish a perpetrator's own statements (whose figures are claims), and an
// optional actor registry that recognises such outlets by name. The zero value has no
// overrides. Source names are compared folded (case, punctuation and spacing ignored).
type SourceGrades struct {
	reliability map[string]sarhad.Reliability
	claimants   map[string]string
	// Actors, when set, recognises a source named like a group ("BLA", "TTP spokesman") as
	// that group's outlet, and relates factions to their parents when the headline
	// perpetrator is chosen. Fusion engines set it to their own resolver.
	Actors sarhad.ActorResolver
}

// NewSourceGrades returns grades with the given overrides: reliability maps source names to
// grades (the sources table of the store, an analyst's table); claimants maps source names
// to the actor whose statements they publish ("Hakkal" → "BLA", "Umar Media" → "TTP").
// Either may be nil.
func NewSourceGrades(reliability map[string]sarhad.Reliability, claimants map[string]string) SourceGrades {
	g := SourceGrades{reliability: map[string]sarhad.Reliability{}, claimants: map[string]string{}}
	for k, v := range reliability {
		if v != "" {
			g.reliability[sarhad.FoldKey(k)] = v
		}
	}
	for k, v := range claimants {
		g.claimants[sarhad.FoldKey(k)] = v
	}
	return g
}

// Grade returns the reliability of r's source: the table's grade when it has one, else the
// grade the report carries, else F (cannot be judged).
func (g SourceGrades) Grade(r *sarhad.Report) sarhad.Reliability {
	if len(g.reliability) > 0 && r.Source != "" {
		if v, ok := g.reliability[sarhad.FoldKey(r.Source)]; ok {
			return v
		}
	}
	if r.SourceReliability != "" {
		return r.SourceReliability
	}
	return sarhad.ReliabilityF
}

// claimant returns the actor whose outlet the folded source name is, "" when none.
func (g SourceGrades) claimant(folded string) string { return g.claimants[folded] }

// tier groups grades for reconciliation: A–B (1), C (2), D–F and ungraded (3). Figures are
// taken from the best tier present, so that one early report of an A source does not
// outrank the later figures of B sources.
func tier(rank int8) int {
	switch {
	case rank <= 1:
		return 1
	case rank == 2:
		return 2
	}
	return 3
}

// tierWeight is a report's weight in votes on the date, place and types.
func tierWeight(rank int8, claimant bool) float64 {
	w := [...]float64{0, 3, 2, 1}[tier(rank)]
	if claimant {
		w = 0.5
	}
	return w
}

// credibility computes the Admiralty information-credibility grade of an event from its
// independent origins (see origins): grades[i] is the best grade rank of origin i's reports
// and claimant[i] is set when all of them are the perpetrator's own statements.
//
//	1 confirmed        ≥ 3 independent origins, two of them graded A–C; or 2 graded A–B
//	2 probably true    ≥ 2 independent origins, one graded A–C
//	3 possibly true    ≥ 2 independent origins graded D–F; or one origin graded A–C
//	4 doubtful         one origin graded D, or only the perpetrator's own claims
//	5 improbable       one origin graded E
//	6 cannot be judged one origin graded F or ungraded
//
// A perpetrator's own outlet counts as an origin only for 3 or worse: a claim alone never
// corroborates.
func credibility(grades []int8, claimant []bool) int {
	var ab, ac, all, credible int
	for i, g := range grades {
		if claimant[i] {
			continue
		}
		credible++
		all++
		if g <= 1 {
			ab++
		}
		if g <= 2 {
			ac++
		}
	}
	switch {
	case credible == 0:
		return 4
	case credible >= 3 && ac >= 2, ab >= 2:
		return 1
	case credible >= 2 && ac >= 1:
		return 2
	case credible >= 2, ac >= 1:
		return 3
	}
	best := int8(5)
	for i, g := range grades {
		if !claimant[i] && g < best {
			best = g
		}
	}
	switch best {
	case 3:
		return 4
	case 4:
		return 5
	}
	return 6
}

// origins groups the reports of one event into independent origins: reports of one source
// are one origin, reports without a source are one origin, and near-identical texts
// (syndicated copies, one press release) join their origins. It returns the origin of
// every report, numbered from 0.
func origins(src []int32, texts []string) []int {
	n := len(src)
	parent := make([]int, n)
	for i := range parent {
		parent[i] = i
	}
	find := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	union := func(a, b int) { parent[find(a)] = find(b) }
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			if src[i] == src[j] {
				union(i, j)
			} else if copies(texts[i], texts[j]) {
				union(i, j)
			}
		}
	}
	ids := map[int]int{}
	out := make([]int, n)
	for i := range out {
		r := find(i)
		if _, ok := ids[r]; !ok {
			ids[r] = len(ids)
		}
		out[i] = ids[r]
	}
	return out
}

// copyPrefix is how many leading bytes two texts must share to be copies of one story.
const copyPrefix = 80

// copies reports whether two texts are copies of one story (a wire report, a press
// release): equal, or, once a leading dateline ("QUETTA: ") is dropped, one a cut copy of
// the other, sharing at least their first copyPrefix bytes.
func copies(a, b string) bool {
	if a == "" || b == "" {
		return false
	}
	if a == b {
		return true
	}
	a, b = dropDateline(a), dropDateline(b)
	if len(a) > len(b) {
		a, b = b, a
	}
	return len(a) >= copyPrefix && strings.HasPrefix(b, a[:copyPrefix])
}

// dropDateline removes a leading "PLACE: " dateline of up to 40 bytes.
func dropDateline(s string) string {
	if i := strings.IndexByte(s, ':'); i > 0 && i <= 40 && i+1 < len(s) && s[i+1] == ' ' && strings.ToUpper(s[:i]) == s[:i] {
		return s[i+2:]
	}
	return s
}

// TrackRecord counts, for one source, its reports that other independent sources
// corroborated and those that the reconciled events contradicted.
type TrackRecord struct {
	Source       string
	Corroborated int
	Contradicted int
}

// SuggestedGrade returns the reliability grade a track record supports, from the Wilson
// lower bound (95%) of the share of judged reports that were corroborated:
//
//	fewer than 10 judged reports   F (cannot be judged)
//	lower bound ≥ 0.95, ≥ 50 judged A
//	lower bound ≥ 0.85             B
//	lower bound ≥ 0.70             C
//	lower bound ≥ 0.50             D
//	below                          E
//
// It is a suggestion for an analyst: fusion never changes a source's grade by itself.
func (t TrackRecord) SuggestedGrade() sarhad.Reliability {
	n := t.Corroborated + t.Contradicted
	if n < 10 {
		return sarhad.ReliabilityF
	}
	lb := wilsonLower(t.Corroborated, n)
	switch {
	case lb >= 0.95 && n >= 50:
		return sarhad.ReliabilityA
	case lb >= 0.85:
		return sarhad.ReliabilityB
	case lb >= 0.70:
		return sarhad.ReliabilityC
	case lb >= 0.50:
		return sarhad.ReliabilityD
	}
	return sarhad.ReliabilityE
}

// wilsonLower is the lower end of the 95% Wilson score interval of k successes in n trials.
func wilsonLower(k, n int) float64 {
	if n == 0 {
		return 0
	}
	const z = 1.96
	p := float64(k) / float64(n)
	nn := float64(n)
	d := 1 + z*z/nn
	c := p + z*z/(2*nn)
	r := z * math.Sqrt(p*(1-p)/nn+z*z/(4*nn*nn))
	return (c - r) / d
}

// TrackRecords judges every report of the given events and sums the judgements by source:
// a report is contradicted when the event, reconciled from its reports, disagrees with it
// on the day (more than one day apart, both to the day), the district (neither contains
// the other) or the death toll (outside the event's low–high range by more than half,
// unless the report is an earlier, lower figure or a claim), or names an unrelated
// perpetrator where the event's is claimed or official; otherwise it is corroborated when
// another independent origin reported the event too. Reports of single-origin events are
// not judged. byID returns the report with an ID.
func TrackRecords(events []sarhad.Event, byID func(id string) (sarhad.Report, bool), grades SourceGrades) []TrackRecord {
	acc := map[string]*TrackRecord{}
	m := newModel(nil, grades.Actors, grades)
	for i := range events {
		e := &events[i]
		var reps []sarhad.Report
		for _, id := range e.ReportIDs() {
			if r, ok := byID(id); ok {
				reps = append(reps, r)
			}
		}
		if len(reps) < 2 {
			continue
		}
		src := make([]int32, len(reps))
		texts := make([]string, len(reps))
		claim := make([]bool, len(reps))
		m.mu.Lock()
		for j := range reps {
			f := m.prepare(&reps[j])
			src[j], claim[j] = f.source, f.claimant
			texts[j] = reps[j].Text
		}
		m.mu.Unlock()
		org := origins(src, texts)
		distinct := map[int]bool{}
		for _, o := range org {
			distinct[o] = true
		}
		if len(distinct) < 2 {
			continue
		}
		latest := latestReport(reps)
		for j := range reps {
			r := &reps[j]
			name := strings.TrimSpace(r.Source)
			if name == "" {
				continue
			}
			t := acc[name]
			if t == nil {
				t = &TrackRecord{Source: name}
				acc[name] = t
			}
			if contradicts(e, r, claim[j], r.ReportedAt.Before(latest), grades.Actors) {
				t.Contradicted++
			} else {
				t.Corroborated++
			}
		}
	}
	out := make([]TrackRecord, 0, len(acc))
	for _, t := range acc {
		out = append(out, *t)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Source < out[j].Source })
	return out
}

// contradicts reports whether the reconciled event e disagrees with its report r (see
// TrackRecords); early is set when r was reported before the event's latest report.
func contradicts(e *sarhad.Event, r *sarhad.Report, claim, early bool, actors sarhad.ActorResolver) bool {
	if e.Date.Precision() == sarhad.PrecisionDay && r.Date.Precision() == sarhad.PrecisionDay {
		if d := e.Date.DayNumber() - r.Date.DayNumber(); d > 1 || d < -1 {
			return true
		}
	}
	if e.Location.District != "" && r.Location.District != "" && e.Location.District != r.Location.District &&
		e.Location.Province == r.Location.Province && !r.Location.HasCoords() {
		return true
	}
	if k, t := r.Killed.Total, e.Killed.Total; k.Known && t.Known && !claim {
		lo, hi := float64(t.Low)*0.5, float64(t.High)*1.5+1
		if float64(k.Best) > hi || (float64(k.Best) < lo && !early) {
			return true
		}
	}
	if (e.Attribution == sarhad.AttrClaimed || e.Attribution == sarhad.AttrOfficial) &&
		r.Perpetrator != "" && r.Perpetrator != sarhad.UnknownActor && e.Perpetrator != sarhad.UnknownActor &&
		r.Attribution != sarhad.AttrDenied && r.Perpetrator != e.Perpetrator {
		if actors == nil || !actors.Related(r.Perpetrator, e.Perpetrator) {
			return true
		}
	}
	return false
}

// latestReport returns the latest ReportedAt of the reports (zero when none has one).
func latestReport(reps []sarhad.Report) (t time.Time) {
	for i := range reps {
		if reps[i].ReportedAt.After(t) {
			t = reps[i].ReportedAt
		}
	}
	return t
}
