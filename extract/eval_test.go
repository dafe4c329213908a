package extract

import (
	"flag"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/sarhad-osint/sarhad"
	"github.com/sarhad-osint/sarhad/actors"
	"github.com/sarhad-osint/sarhad/gazetteer"
)

// The evaluation prints per-field accuracy on the labelled research data. It asserts
// nothing about the figures (they are reported in EVAL.md); -eval.examples prints error
// examples for a developer's eyes only (they are rows of third-party data: never commit
// them).
var evalExamples = flag.Int("eval.examples", 0, "print this many error examples per class")

// metric counts right answers of one field, with error classes.
type metric struct {
	name     string
	n, right int
	classes  map[string]int
	examples map[string][]string
}

func newMetric(name string) *metric {
	return &metric{name: name, classes: map[string]int{}, examples: map[string][]string{}}
}

func (m *metric) add(ok bool, class, example string) {
	m.n++
	if ok {
		m.right++
		return
	}
	m.classes[class]++
	if len(m.examples[class]) < *evalExamples {
		m.examples[class] = append(m.examples[class], example)
	}
}

func (m *metric) pct() float64 {
	if m.n == 0 {
		return 0
	}
	return 100 * float64(m.right) / float64(m.n)
}

func report(t *testing.T, title string, ms []*metric) {
	var b strings.Builder
	fmt.Fprintf(&b, "\n%s\n", title)
	fmt.Fprintf(&b, "%-34s %7s %7s %8s\n", "field", "rows", "right", "accuracy")
	for _, m := range ms {
		fmt.Fprintf(&b, "%-34s %7d %7d %7.1f%%\n", m.name, m.n, m.right, m.pct())
	}
	for _, m := range ms {
		if len(m.classes) == 0 {
			continue
		}
		type kv struct {
			k string
			v int
		}
		var cl []kv
		for k, v := range m.classes {
			cl = append(cl, kv{k, v})
		}
		sort.Slice(cl, func(i, j int) bool { return cl[i].v > cl[j].v || cl[i].v == cl[j].v && cl[i].k < cl[j].k })
		fmt.Fprintf(&b, "  %s errors:", m.name)
		for _, c := range cl {
			fmt.Fprintf(&b, " %s=%d", c.k, c.v)
		}
		b.WriteString("\n")
		for _, c := range cl {
			for _, ex := range m.examples[c.k] {
				fmt.Fprintf(&b, "    [%s] %s\n", c.k, ex)
			}
		}
	}
	t.Log(b.String())
	if p := os.Getenv("EXTRACT_EVAL_OUT"); p != "" {
		f, err := os.OpenFile(p, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
		if err == nil {
			f.WriteString(b.String())
			f.Close()
		}
	}
}

// deaths is every death an extraction states: victims and attackers.
func deaths(r sarhad.Report) (int, bool) {
	if !r.Killed.Total.Known && !r.Killed.Militants.Known {
		return 0, false
	}
	return r.Killed.Total.BestOr0() + r.Killed.Militants.BestOr0(), true
}

func countClass(got int, ok bool, want int) string {
	switch {
	case !ok && want == 0:
		return "unknown_coded_0" // the text gives no figure; the data set codes that as 0
	case !ok:
		return "unknown_coded_n" // the data set has a figure the extraction missed
	case got > want:
		return "too_high"
	default:
		return "too_low"
	}
}

// sameDistrict compares districts after resolution: the same district, or one carved out
// of the other (an older label files Duki under Loralai, Hub under Lasbela).
func sameDistrict(g *gazetteer.Gazetteer, got, want string) (strict, compatible bool) {
	if got == "" || want == "" {
		return false, false
	}
	if got == want {
		return true, true
	}
	a, ok1 := g.District(got)
	b, ok2 := g.District(want)
	if !ok1 || !ok2 {
		return false, false
	}
	if a.ID == b.ID {
		return true, true
	}
	pa := sarhad.Place{ID: a.ID, Name: a.Name, Kind: sarhad.KindDistrict, Province: a.Province, District: a.Name}
	pb := sarhad.Place{ID: b.ID, Name: b.Name, Kind: sarhad.KindDistrict, Province: b.Province, District: b.Name}
	return false, g.Compatible(pa, pb)
}

func short(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

// acledAttack maps ACLED's sub-event types to the attack types that describe them.
var acledAttack = map[string][]sarhad.AttackType{
	"Armed clash":                       {sarhad.AttackArmedAssault, sarhad.AttackAmbush, sarhad.AttackCrossBorder},
	"Attack":                            {sarhad.AttackArmedAssault, sarhad.AttackTargetedKill, sarhad.AttackAmbush, sarhad.AttackArsonSabotage},
	"Remote explosive/landmine/IED":     {sarhad.AttackIED},
	"Grenade":                           {sarhad.AttackIED},
	"Shelling/artillery/missile attack": {sarhad.AttackRocketMortar},
	"Suicide bomb":                      {sarhad.AttackSuicide},
	"Abduction/forced disappearance":    {sarhad.AttackHostageTaking},
}

// gtdAttack maps GTD's attacktype1 to the attack types that describe it.
var gtdAttack = map[string][]sarhad.AttackType{
	"1": {sarhad.AttackTargetedKill, sarhad.AttackArmedAssault},                                       // Assassination
	"2": {sarhad.AttackArmedAssault, sarhad.AttackAmbush, sarhad.AttackCrossBorder},                   // Armed Assault
	"3": {sarhad.AttackIED, sarhad.AttackSuicide, sarhad.AttackRocketMortar},                          // Bombing/Explosion
	"4": {sarhad.AttackHijacking},                                                                     // Hijacking
	"5": {sarhad.AttackHostageTaking},                                                                 // Barricade
	"6": {sarhad.AttackHostageTaking},                                                                 // Kidnapping
	"7": {sarhad.AttackArsonSabotage, sarhad.AttackIED, sarhad.AttackRocketMortar},                    // Facility/Infrastructure
	"8": {sarhad.AttackArmedAssault, sarhad.AttackTargetedKill, sarhad.AttackOther, sarhad.AttackIED}, // Unarmed Assault
}

func attackIn(t sarhad.AttackType, list []sarhad.AttackType) bool {
	for _, x := range list {
		if x == t {
			return true
		}
	}
	return false
}

// perpetrator compares the extracted perpetrator with a label: "group" rows name a
// registry actor, the others ("Unknown", "Gunmen", "Baloch Separatists") name none.
func perpetratorCheck(reg *actors.Registry, got, label string) (group, strict, related bool) {
	m, ok := reg.ResolveActor(label)
	if !ok {
		return false, got == sarhad.UnknownActor, got == sarhad.UnknownActor
	}
	if got == m.Actor.Name {
		return true, true, true
	}
	return true, false, got != sarhad.UnknownActor && reg.Related(got, m.Actor.Name)
}

func TestEvalACLED(t *testing.T) {
	rows := acledRows(t)
	x := realExtractor()
	g := gazetteer.Default()
	reg := actors.Default()
	date := newMetric("date (exact day)")
	dist := newMetric("district (same or carved out)")
	distStrict := newMetric("district (same only)")
	perp := newMetric("perpetrator, label names a group")
	perpRel := newMetric("  same or parent/faction")
	perpUnk := newMetric("perpetrator, label names none")
	fat := newMetric("fatalities exact (all deaths)")
	fat0 := newMetric("  unreported read as 0")
	attack := newMetric("attack type (compatible)")
	drafts := 0
	for _, r := range rows {
		text := r["notes"]
		out := x.Extract(text, sarhad.Date{})
		var rep sarhad.Report
		if len(out) > 0 {
			rep = out[0]
			drafts++
		}
		ex := func(got string) string { return fmt.Sprintf("got %q | %s", got, short(text, 220)) }
		want := r["event_date"]
		dc := "none"
		if !rep.Date.IsZero() {
			dc = "wrong"
		}
		date.add(rep.Date.String() == want, dc, ex(rep.Date.String())+" want "+want)

		// District: the label's admin2, resolved through the gazetteer.
		wantD := ""
		if dd, ok := g.District(r["admin2"]); ok {
			wantD = dd.Name
		} else if p, ok := g.ResolvePlace(r["admin2"]); ok {
			wantD = p.District
		}
		if wantD != "" {
			strict, compat := sameDistrict(g, rep.Location.District, wantD)
			cl := "none"
			if rep.Location.District != "" {
				cl = "other_district"
			} else if rep.Location.Province != "" {
				cl = "province_only"
			}
			dist.add(compat, cl, ex(rep.Location.District)+" want "+wantD)
			distStrict.add(strict, cl, "")
		}

		group, strict, related := perpetratorCheck(reg, rep.Perpetrator, r["actor1"])
		cl := "missed"
		if rep.Perpetrator != sarhad.UnknownActor {
			cl = "other_group"
		}
		if group {
			perp.add(strict, cl, ex(rep.Perpetrator)+" want "+r["actor1"])
			perpRel.add(related, cl, "")
		} else {
			perpUnk.add(strict, "spurious_group", ex(rep.Perpetrator)+" want "+r["actor1"])
		}

		if n, err := strconv.Atoi(r["fatalities"]); err == nil {
			got, ok := deaths(rep)
			fat.add(ok && got == n, countClass(got, ok, n), ex(fmt.Sprint(got, ok))+fmt.Sprintf(" want %d", n))
			fat0.add(got == n, countClass(got, true, n), "")
		}
		if list, ok := acledAttack[r["sub_event_type"]]; ok {
			cl := "none"
			if rep.AttackType != "" {
				cl = "other_type"
			}
			attack.add(attackIn(rep.AttackType, list), cl, ex(string(rep.AttackType))+" want "+r["sub_event_type"])
		}
	}
	report(t, fmt.Sprintf("ACLED notes: %d rows, %d with a draft", len(rows), drafts),
		[]*metric{date, dist, distStrict, perp, perpRel, perpUnk, fat, fat0, attack})
}

func TestEvalGTD(t *testing.T) {
	rows := gtdRows(t)
	x := realExtractor()
	g := gazetteer.Default()
	reg := actors.Default()
	date := newMetric("date (day; month when GTD has no day)")
	prov := newMetric("province")
	city := newMetric("city/district")
	killed := newMetric("killed exact (nkill, all deaths)")
	killed0 := newMetric("  unreported read as 0")
	victims := newMetric("killed exact (nkill-nkillter vs total)")
	perp := newMetric("perpetrator, label names a group")
	perpUnk := newMetric("perpetrator, label names none")
	attack := newMetric("attack type (compatible)")
	for _, r := range rows {
		text := r["summary"]
		out := x.Extract(text, sarhad.Date{})
		var rep sarhad.Report
		if len(out) > 0 {
			rep = out[0]
		}
		ex := func(got string) string { return fmt.Sprintf("got %q | %s", got, short(text, 220)) }
		y, _ := strconv.Atoi(r["iyear"])
		mo, _ := strconv.Atoi(r["imonth"])
		dd, _ := strconv.Atoi(r["iday"])
		if y > 0 {
			want := sarhad.NewDate(y, mo, dd)
			ok := rep.Date == want
			if dd == 0 && mo > 0 {
				ok = rep.Date.Year == y && rep.Date.Month == mo
			}
			cl := "none"
			if !rep.Date.IsZero() {
				cl = "wrong"
			}
			date.add(ok, cl, ex(rep.Date.String())+" want "+want.String())
		}
		wantP, okP := g.ResolveProvince(r["provstate"])
		if okP {
			cl := "none"
			if rep.Location.Province != "" {
				cl = "other_province"
			}
			prov.add(rep.Location.Province == wantP, cl, ex(rep.Location.Province)+" want "+wantP)
		}
		if c := strings.TrimSpace(r["city"]); c != "" && c != "Unknown" && c != "NA" {
			lab := g.Locate(sarhad.PlaceQuery{Province: r["provstate"], Locality: c})
			ok := rep.Location.Place != "" && gazetteer.Key(rep.Location.Place) == gazetteer.Key(c)
			if !ok && lab.District != "" && rep.Location.District != "" {
				_, ok = sameDistrict(g, rep.Location.District, lab.District)
			}
			if !ok && lab.District == "" && rep.Location.Place != "" {
				ok = strings.Contains(gazetteer.Key(c), gazetteer.Key(rep.Location.Place)) ||
					strings.Contains(gazetteer.Key(rep.Location.Place), gazetteer.Key(c))
			}
			cl := "none"
			switch {
			case rep.Location.District != "" || rep.Location.Place != "":
				cl = "other_place"
			case rep.Location.Province != "":
				cl = "province_only"
			}
			city.add(ok, cl, ex(rep.Location.District+"/"+rep.Location.Place)+" want "+c+" ("+lab.District+")")
		}
		if n, err := strconv.Atoi(r["nkill"]); err == nil {
			got, ok := deaths(rep)
			killed.add(ok && got == n, countClass(got, ok, n), ex(fmt.Sprint(got, ok))+fmt.Sprintf(" want %d", n))
			killed0.add(got == n, countClass(got, true, n), "")
			if nt, err := strconv.Atoi(r["nkillter"]); err == nil {
				v := n - nt
				gotV, okV := rep.Killed.Total.BestOr0(), rep.Killed.Total.Known
				victims.add(okV && gotV == v, countClass(gotV, okV, v), "")
			}
		}
		group, strict, _ := perpetratorCheck(reg, rep.Perpetrator, r["gname"])
		if group {
			cl := "missed"
			if rep.Perpetrator != sarhad.UnknownActor {
				cl = "other_group"
			}
			perp.add(strict, cl, ex(rep.Perpetrator)+" want "+r["gname"])
		} else {
			perpUnk.add(strict, "spurious_group", ex(rep.Perpetrator)+" want "+r["gname"])
		}
		if list, ok := gtdAttack[r["attacktype1"]]; ok {
			cl := "none"
			if rep.AttackType != "" {
				cl = "other_type"
			}
			attack.add(attackIn(rep.AttackType, list), cl, ex(string(rep.AttackType))+" want "+r["attacktype1_txt"])
		}
	}
	report(t, fmt.Sprintf("GTD summaries: %d rows", len(rows)),
		[]*metric{date, prov, city, killed, killed0, victims, perp, perpUnk, attack})
}
