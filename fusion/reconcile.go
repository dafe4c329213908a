package fusion

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/sarhad-osint/sarhad"
)

// Reconcile computes the event that reports describe: every field from the reports, with
// its provenance, by the rules below. It is a pure function of its arguments, so that the
// web layer can recompute an event from only the reports a viewer may see. The event has
// no ID and one link per report in the given order (the first is the seed); fusion fills
// in match scores and reasons, ReconcileEvent keeps those of a stored event.
//
// Rules (each appears as the Rule of the field's provenance):
//
//   - Grades: a report's grade is SourceGrades.Grade; grades fall in tiers A–B, C, D–F. A
//     perpetrator's claim is a report whose source is the claimant (a listed claimant
//     outlet, or a source named like the group it attributes the attack to) or whose
//     extracted toll quotes a claim.
//   - Casualties, per category (total, security, civilians, militants) and for injured and
//     hostages: a figure an extraction inferred (no deaths reported, read as 0) counts only
//     when no report states one; each source counts with its latest report (a source's later figure replaces
//     its earlier one). best = the latest figure of the most reliable tier present, where
//     figures without a report time count as final compilations and a tie goes to the
//     higher figure (tolls rise as the injured die); low = the lowest figure of any source;
//     high = the highest figure of any report, claims included. Claims never set best or
//     low; a figure that only a claim gives stays unknown, and the claim is kept in the
//     provenance.
//   - Date: the most precise level any report gives (day, else month, else year), by a vote
//     weighted by tier (A–B 3, C 2, D–F 1, claims ½); a tie goes to the earlier date.
//   - Place: the province most reports name (weighted), then the district most reports in it
//     name (districts derived from bare coordinates count half), then the most precise
//     location within that district (town or coordinates over district), the better source
//     first.
//   - Attribution: every statement is kept in Claims (claims and denials alike). The
//     headline perpetrator is the actor with the strongest statement — claimed over
//     official over suspected; an actor only denied is never the headline — then with the
//     most weighted support, then the more specific of a faction and its parent. A group
//     that both claims and denies is at most suspected. Attribution is that statement.
//   - Attack and target type: weighted vote; "other" counts a third; ties go to the more
//     specific type (contract order).
//   - Cross-border nexus: yes when a credible report (not a claim, graded A–D) states it,
//     else no when a report says no, else unknown.
//   - Credibility: see credibility (2 or better only with two independent origins).
//   - Marking: the most restrictive of the reports'; owner: their common owner, else the
//     owner of the most restrictively marked report.
func Reconcile(reports []sarhad.Report, grades SourceGrades) sarhad.Event {
	m := newModel(nil, grades.Actors, grades)
	items := make([]recItem, len(reports))
	m.mu.Lock()
	for i := range reports {
		f := m.prepare(&reports[i])
		items[i] = recItem{r: &reports[i], grade: f.grade, claimant: f.claimant, source: f.source}
	}
	m.mu.Unlock()
	e := reconcile(items, grades.Actors)
	for i := range reports {
		l := sarhad.Link{ReportID: reports[i].ID, Decision: sarhad.LinkAuto}
		if i == 0 {
			l.Score, l.Why, l.Decision = 1, "first report of this event", sarhad.LinkSeed
		}
		e.Links = append(e.Links, l)
	}
	return e
}

// ReconcileEvent recomputes a stored event from some of its reports (those a viewer may
// see): the reconciled fields come from reports only; ID, Incident and UpdatedAt are e's,
// and the links are e's links to the given reports, in e's order.
func ReconcileEvent(e sarhad.Event, reports []sarhad.Report, grades SourceGrades) sarhad.Event {
	out := Reconcile(reports, grades)
	out.ID, out.Incident, out.UpdatedAt = e.ID, e.Incident, e.UpdatedAt
	given := make(map[string]bool, len(reports))
	for i := range reports {
		given[reports[i].ID] = true
	}
	out.Links = out.Links[:0]
	for _, l := range e.Links {
		if given[l.ReportID] {
			out.Links = append(out.Links, l)
		}
	}
	return out
}

// recItem is one report with what reconciliation needs to know about it.
type recItem struct {
	r        *sarhad.Report
	grade    int8
	claimant bool
	source   int32
}

func (it *recItem) weight() float64 { return tierWeight(it.grade, it.claimant) }

// reconcile is Reconcile over prepared reports; it sets no links.
func reconcile(items []recItem, actors sarhad.ActorResolver) sarhad.Event {
	var e sarhad.Event
	switch len(items) {
	case 0:
		e.Perpetrator, e.Attribution, e.CrossBorder, e.Credibility = sarhad.UnknownActor, sarhad.AttrUnknown, sarhad.NexusUnknown, 6
		return e
	case 1:
		return reconcileOne(&items[0])
	}
	e.Provenance = make([]sarhad.FieldSource, 0, 12)
	prov := func(field string, it *recItem, rule string) {
		fs := sarhad.FieldSource{Field: field, Rule: rule}
		if it != nil {
			fs.ReportID = it.r.ID
		}
		e.Provenance = append(e.Provenance, fs)
	}

	// Date.
	if it, d := reconcileDate(items); it != nil {
		e.Date = d
		prov("date", it, "most precise date, weighted vote of sources ("+string(d.Precision())+")")
	}

	// Place.
	if it, loc, rule := reconcilePlace(items); it != nil {
		e.Location = loc
		prov("location", it, rule)
	}

	// Attribution.
	e.Perpetrator, e.Attribution = sarhad.UnknownActor, sarhad.AttrUnknown
	for _, it := range items {
		r := it.r
		if r.Perpetrator != "" && r.Perpetrator != sarhad.UnknownActor {
			st := r.Attribution
			if st == "" {
				st = sarhad.AttrUnknown
			}
			e.Claims = append(e.Claims, sarhad.Claim{Actor: r.Perpetrator, Status: st, ReportID: r.ID})
		}
	}
	if it, actor, st, rule := headline(items, actors); it != nil {
		e.Perpetrator, e.Attribution = actor, st
		prov("perpetrator", it, rule)
	}

	// Types.
	if it, t := voteType(items, func(r *sarhad.Report) string { return string(r.AttackType) }, string(sarhad.AttackOther), attackOrder); it != nil {
		e.AttackType = sarhad.AttackType(t)
		prov("attack_type", it, "weighted vote of sources")
	}
	if it, t := voteType(items, func(r *sarhad.Report) string { return string(r.TargetType) }, "", targetOrder); it != nil {
		e.TargetType = sarhad.TargetType(t)
		prov("target_type", it, "weighted vote of sources")
	}

	// Casualties.
	for _, c := range []struct {
		field string
		get   func(*sarhad.Report) sarhad.Count
		set   func(sarhad.Count)
	}{
		{"killed.total", func(r *sarhad.Report) sarhad.Count { return r.Killed.Complete().Total }, func(c sarhad.Count) { e.Killed.Total = c }},
		{"killed.security", func(r *sarhad.Report) sarhad.Count { return r.Killed.Security }, func(c sarhad.Count) { e.Killed.Security = c }},
		{"killed.civilians", func(r *sarhad.Report) sarhad.Count { return r.Killed.Civilians }, func(c sarhad.Count) { e.Killed.Civilians = c }},
		{"killed.militants", func(r *sarhad.Report) sarhad.Count { return r.Killed.Militants }, func(c sarhad.Count) { e.Killed.Militants = c }},
		{"injured", func(r *sarhad.Report) sarhad.Count { return r.Injured }, func(c sarhad.Count) { e.Injured = c }},
		{"hostages", func(r *sarhad.Report) sarhad.Count { return r.Hostages }, func(c sarhad.Count) { e.Hostages = c }},
	} {
		get := c.get
		if anyStated(items, c.field, c.get) { // inferred figures count only when no report states one
			field, all := c.field, c.get
			get = func(r *sarhad.Report) sarhad.Count { return stated(r, field, all(r)) }
		}
		cnt, it, rule := reconcileCount(items, get)
		c.set(cnt)
		if it != nil {
			prov(c.field, it, rule)
		}
	}
	fixTally(&e.Killed)

	// Cross-border nexus.
	e.CrossBorder = sarhad.NexusUnknown
	for i := range items {
		it := &items[i]
		if it.r.CrossBorder == sarhad.NexusYes && !it.claimant && it.grade <= 3 {
			e.CrossBorder = sarhad.NexusYes
			prov("cross_border_nexus", it, "stated by a credible source")
			break
		}
	}
	if e.CrossBorder == sarhad.NexusUnknown {
		for i := range items {
			if items[i].r.CrossBorder == sarhad.NexusNo {
				e.CrossBorder = sarhad.NexusNo
				prov("cross_border_nexus", &items[i], "a source states no cross-border link and none a credible one")
				break
			}
		}
	}

	// Credibility from independent origins.
	src := make([]int32, len(items))
	texts := make([]string, len(items))
	for i := range items {
		src[i], texts[i] = items[i].source, items[i].r.Text
	}
	org := origins(src, texts)
	n := 0
	for _, o := range org {
		n = max(n, o+1)
	}
	og := make([]int8, n)
	oc := make([]bool, n)
	for i := range og {
		og[i], oc[i] = 6, true
	}
	for i, o := range org {
		if !items[i].claimant {
			oc[o] = false
			og[o] = min(og[o], items[i].grade)
		} else if oc[o] {
			og[o] = min(og[o], items[i].grade)
		}
	}
	e.Credibility = credibility(og, oc)
	prov("credibility", nil, strconv.Itoa(n)+" independent origin(s)")

	// Marking and owner.
	e.Marking, e.Owner = items[0].r.Marking, items[0].r.Owner
	same := true
	for _, it := range items[1:] {
		if it.r.Marking.Level() > e.Marking.Level() {
			e.Marking = it.r.Marking
		}
		if it.r.Owner != items[0].r.Owner {
			same = false
		}
	}
	if !same {
		for _, it := range items {
			if it.r.Marking.Level() == e.Marking.Level() {
				e.Owner = it.r.Owner
				break
			}
		}
	}
	return e
}

// oneReport are the provenance rules of a single-report event.
const oneReport = "the only report"

// reconcileOne is reconcile for an event of one report: the report's fields, with the
// same rules for claims (a claimed toll is not a best estimate) and credibility.
func reconcileOne(it *recItem) sarhad.Event {
	r := it.r
	e := sarhad.EventFromReport(r)
	e.Links = nil
	if e.Perpetrator == "" {
		e.Perpetrator = sarhad.UnknownActor
	}
	if e.Attribution == "" {
		e.Attribution = sarhad.AttrUnknown
	}
	if e.CrossBorder == "" || e.CrossBorder == sarhad.NexusYes && (it.claimant || it.grade > 3) {
		e.CrossBorder = sarhad.NexusUnknown
	}
	if r.Attribution == sarhad.AttrDenied {
		e.Perpetrator, e.Attribution = sarhad.UnknownActor, sarhad.AttrUnknown
	}
	e.Killed.Total = r.Killed.Complete().Total
	e.Provenance = make([]sarhad.FieldSource, 0, 8)
	if it.claimant {
		e.Killed, e.Injured, e.Hostages = sarhad.Tally{}, sarhad.Count{}, sarhad.Count{}
	}
	add := func(field string, ok bool) {
		if ok {
			e.Provenance = append(e.Provenance, sarhad.FieldSource{Field: field, ReportID: r.ID, Rule: oneReport})
		}
	}
	add("date", !r.Date.IsZero())
	add("location", r.Location != (sarhad.Location{}))
	add("perpetrator", e.Perpetrator != sarhad.UnknownActor)
	add("attack_type", r.AttackType != "")
	add("target_type", r.TargetType != "")
	add("killed.total", e.Killed.Total.Known)
	add("injured", e.Injured.Known)
	e.Credibility = credibility([]int8{it.grade}, []bool{it.claimant})
	return e
}

// votes adds up weights by key, in the order keys first appear (a handful of keys: a
// slice beats a map).
type votes[K comparable] struct {
	keys []K
	ws   []float64
}

func (v *votes[K]) add(k K, w float64) {
	for i, x := range v.keys {
		if x == k {
			v.ws[i] += w
			return
		}
	}
	v.keys = append(v.keys, k)
	v.ws = append(v.ws, w)
}

// best returns the key of the highest weight; better breaks ties (nil: the first wins).
func (v *votes[K]) best(better func(a, b K) bool) (K, bool) {
	var out K
	bw := -1.0
	for i, k := range v.keys {
		if w := v.ws[i]; w > bw || w == bw && better != nil && better(k, out) {
			out, bw = k, w
		}
	}
	return out, len(v.keys) > 0
}

// reconcileDate returns the date of the event and the report it came from.
func reconcileDate(items []recItem) (*recItem, sarhad.Date) {
	for _, p := range []sarhad.DatePrecision{sarhad.PrecisionDay, sarhad.PrecisionMonth, sarhad.PrecisionYear} {
		var v votes[sarhad.Date]
		for i := range items {
			if d := items[i].r.Date; d.Precision() == p {
				v.add(d, items[i].weight())
			}
		}
		best, ok := v.best(func(a, b sarhad.Date) bool { return a.Before(b) })
		if !ok {
			continue
		}
		return bestItem(items, func(it *recItem) bool { return it.r.Date == best }), best
	}
	return nil, sarhad.Date{}
}

// bestItem returns the item of the best grade (then the first) that ok accepts.
func bestItem(items []recItem, ok func(*recItem) bool) *recItem {
	var out *recItem
	for i := range items {
		it := &items[i]
		if !ok(it) {
			continue
		}
		if out == nil || it.grade < out.grade || it.grade == out.grade && out.claimant && !it.claimant {
			out = it
		}
	}
	return out
}

// reconcilePlace returns the event's location, the report it came from and the rule.
func reconcilePlace(items []recItem) (*recItem, sarhad.Location, string) {
	vote := func(key func(*recItem) (string, float64)) string {
		var v votes[string]
		for i := range items {
			if k, w := key(&items[i]); k != "" {
				v.add(k, w)
			}
		}
		best, _ := v.best(nil)
		return best
	}
	province := vote(func(it *recItem) (string, float64) { return it.r.Location.Province, it.weight() })
	district := vote(func(it *recItem) (string, float64) {
		l := &it.r.Location
		if province != "" && l.Province != province || l.District == "" {
			return "", 0
		}
		w := it.weight()
		if l.HasCoords() && l.Precision.Rank() >= sarhad.GeoDistrict.Rank() {
			w /= 2 // a district from bare coordinates may be the neighbour of the true one
		}
		return l.District, w
	})
	var out *recItem
	for i := range items {
		it := &items[i]
		l := &it.r.Location
		if province != "" && l.Province != province || district != "" && l.District != district {
			continue
		}
		if l.Province == "" && l.District == "" && !l.HasCoords() && l.Place == "" {
			continue
		}
		if out == nil {
			out = it
			continue
		}
		a, b := l.Precision.Rank(), out.r.Location.Precision.Rank()
		if a < b || a == b && (it.grade < out.grade || it.grade == out.grade && l.HasCoords() && !out.r.Location.HasCoords()) {
			out = it
		}
	}
	if out == nil {
		return nil, sarhad.Location{}, ""
	}
	loc := out.r.Location
	rule := "most precise place (" + string(loc.Precision) + ")"
	switch {
	case district != "":
		rule += " in the district most sources name"
	case province != "":
		rule += " in the province most sources name"
	}
	return out, loc, rule
}

// statusRank orders attribution statuses for the headline.
func statusRank(a sarhad.Attribution) int {
	switch a {
	case sarhad.AttrClaimed:
		return 4
	case sarhad.AttrOfficial:
		return 3
	case sarhad.AttrSuspected:
		return 2
	case sarhad.AttrUnknown, "":
		return 1
	}
	return 0 // denied
}

// headline chooses the event's perpetrator and attribution (see Reconcile).
func headline(items []recItem, actors sarhad.ActorResolver) (*recItem, string, sarhad.Attribution, string) {
	type cand struct {
		actor   string
		status  sarhad.Attribution
		denied  bool
		support float64
		first   *recItem
	}
	var cands []*cand
	find := func(a string) *cand {
		for _, c := range cands {
			if c.actor == a {
				return c
			}
		}
		c := &cand{actor: a}
		cands = append(cands, c)
		return c
	}
	for i := range items {
		it := &items[i]
		r := it.r
		if r.Perpetrator == "" || r.Perpetrator == sarhad.UnknownActor {
			continue
		}
		c := find(r.Perpetrator)
		if r.Attribution == sarhad.AttrDenied {
			c.denied = true
			continue
		}
		st := r.Attribution
		if st == "" {
			st = sarhad.AttrUnknown
		}
		if statusRank(st) > statusRank(c.status) {
			c.status = st
			c.first = it
		} else if c.first == nil {
			c.first = it
		}
		c.support += it.weight()
	}
	var best *cand
	for _, c := range cands {
		if c.first == nil {
			continue // only denied
		}
		if c.denied && statusRank(c.status) > statusRank(sarhad.AttrSuspected) {
			c.status = sarhad.AttrSuspected // a group that claims and denies is at most suspected
		}
		if best == nil {
			best = c
			continue
		}
		a, b := statusRank(c.status), statusRank(best.status)
		switch {
		case a > b, a == b && c.support > best.support:
			best = c
		case a == b && c.support == best.support && actors != nil && moreSpecific(actors, c.actor, best.actor):
			best = c
		}
	}
	if best == nil {
		return nil, "", "", ""
	}
	rule := "strongest attribution (" + string(best.status) + ")"
	if len(cands) > 1 {
		var others []string
		for _, c := range cands {
			if c != best {
				s := string(c.status)
				if c.first == nil {
					s = string(sarhad.AttrDenied)
				}
				others = append(others, c.actor+" "+s)
			}
		}
		rule += "; also: " + strings.Join(others, ", ")
	}
	return best.first, best.actor, best.status, rule
}

// moreSpecific reports whether actor a is a faction or affiliate of b.
func moreSpecific(actors sarhad.ActorResolver, a, b string) bool {
	ma, ok1 := actors.ResolveActor(a)
	mb, ok2 := actors.ResolveActor(b)
	if !ok1 || !ok2 || ma.Actor.ID == mb.Actor.ID || !actors.Related(ma.Actor.ID, mb.Actor.ID) {
		return false
	}
	for p, seen := ma.Actor.Parent, 0; p != "" && seen < 16; seen++ {
		if p == mb.Actor.ID {
			return true
		}
		x, ok := actors.ActorByID(p)
		if !ok {
			break
		}
		p = x.Parent
	}
	return false
}

var (
	attackOrder = func() []string {
		out := make([]string, len(sarhad.AttackTypes))
		for i, t := range sarhad.AttackTypes {
			out[i] = string(t)
		}
		return out
	}()
	targetOrder = func() []string {
		out := make([]string, len(sarhad.TargetTypes))
		for i, t := range sarhad.TargetTypes {
			out[i] = string(t)
		}
		return out
	}()
)

// voteType returns the type most weighted reports give; weak counts a third.
func voteType(items []recItem, get func(*sarhad.Report) string, weak string, order []string) (*recItem, string) {
	var v votes[string]
	for i := range items {
		t := get(items[i].r)
		if t == "" {
			continue
		}
		w := items[i].weight()
		if t == weak {
			w /= 3
		}
		v.add(t, w)
	}
	rank := func(t string) int { // contract order; values outside the list last
		if i := slices.Index(order, t); i >= 0 {
			return i
		}
		return len(order)
	}
	best, ok := v.best(func(a, b string) bool { return rank(a) < rank(b) || rank(a) == rank(b) && a < b })
	if !ok {
		return nil, ""
	}
	return bestItem(items, func(it *recItem) bool { return get(it.r) == best }), best
}

// reconcileCount reconciles one casualty figure (see Reconcile).
func reconcileCount(items []recItem, get func(*sarhad.Report) sarhad.Count) (sarhad.Count, *recItem, string) {
	// Each source's latest figure (ties: the first report); claims apart.
	var latest []int // indices into items, in input order
	var claims []int
	high := -1
	for i := range items {
		c := get(items[i].r)
		if !c.Known {
			continue
		}
		high = max(high, c.High)
		if items[i].claimant {
			claims = append(claims, i)
			continue
		}
		replaced := false
		for j := range items {
			if j == i || items[j].claimant || !get(items[j].r).Known || sourceKey(items, j) != sourceKey(items, i) {
				continue
			}
			if laterFigure(&items[j], &items[i], get) || j < i && !laterFigure(&items[i], &items[j], get) {
				replaced = true
				break
			}
		}
		if !replaced {
			latest = append(latest, i)
		}
	}
	if len(latest) == 0 {
		if len(claims) > 0 {
			it := &items[claims[0]]
			return sarhad.Count{}, it, fmt.Sprintf("only the perpetrator's claim (%s) gives a figure; claims never set best", get(it.r))
		}
		return sarhad.Count{}, nil, ""
	}
	bestTier := 4
	for _, i := range latest {
		bestTier = min(bestTier, tier(items[i].grade))
	}
	// Within the best tier: the latest timed figure competes with the untimed ones.
	var pick *recItem
	var latestTimed *recItem
	for _, i := range latest {
		it := &items[i]
		if tier(it.grade) != bestTier || it.r.ReportedAt.IsZero() {
			continue
		}
		if latestTimed == nil || it.r.ReportedAt.After(latestTimed.r.ReportedAt) ||
			it.r.ReportedAt.Equal(latestTimed.r.ReportedAt) && get(it.r).Best > get(latestTimed.r).Best {
			latestTimed = it
		}
	}
	low := int(^uint(0) >> 1)
	for _, i := range latest {
		it := &items[i]
		c := get(it.r)
		low = min(low, c.Low)
		if tier(it.grade) != bestTier || (!it.r.ReportedAt.IsZero() && it != latestTimed) {
			continue
		}
		if pick == nil || c.Best > get(pick.r).Best {
			pick = it
		}
	}
	best := get(pick.r).Best
	low = min(low, best)
	high = max(high, best)
	rule := countRules[bestTier]
	if len(claims) > 0 {
		rule += fmt.Sprintf(", claims included (claimed %s)", get(items[claims[0]].r))
	}
	return sarhad.Count{Low: low, Best: best, High: high, Known: true}, pick, rule
}

// countRules are the provenance rules of a reconciled figure, by the tier that set best.
var countRules = [...]string{"",
	"best: latest figure of the most reliable sources (A–B); low: lowest source; high: highest report",
	"best: latest figure of the most reliable sources (C); low: lowest source; high: highest report",
	"best: latest figure of the most reliable sources (D–F); low: lowest source; high: highest report",
}

// sourceKey is the key reconcileCount groups item i under.
func sourceKey(items []recItem, i int) int32 {
	if s := items[i].source; s >= 0 {
		return s
	}
	return -2 - int32(i)
}

// laterFigure reports whether a's figure replaces b's within one source: later reported,
// or, without times, higher.
func laterFigure(a, b *recItem, get func(*sarhad.Report) sarhad.Count) bool {
	ta, tb := a.r.ReportedAt, b.r.ReportedAt
	if !ta.IsZero() && !tb.IsZero() && !ta.Equal(tb) {
		return ta.After(tb)
	}
	return get(a.r).Best > get(b.r).Best
}

// fixTally keeps the reconciled categories consistent with the total.
func fixTally(t *sarhad.Tally) {
	if t.Total.Known && t.Security.Known && t.Civilians.Known {
		if s := t.Security.Low + t.Civilians.Low; s > t.Total.High {
			t.Total.High = s
		}
	}
	if !t.Total.Known && t.Security.Known && t.Civilians.Known {
		t.Total = t.Security.Add(t.Civilians)
	}
}

// anyStated reports whether some report states the figure (known and not inferred).
func anyStated(items []recItem, field string, get func(*sarhad.Report) sarhad.Count) bool {
	for i := range items {
		if stated(items[i].r, field, get(items[i].r)).Known {
			return true
		}
	}
	return false
}
