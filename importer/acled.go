package importer

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sarhad-osint/sarhad"
)

// acled maps ACLED event rows (CODEBOOK.md, "ACLED"). Columns are read by name; the
// columns of the full export that a reduced extract lacks are used when present.
type acled struct {
	base
	id, date, timePrec, eventType, subType, actor1, actor2, assoc2, inter2, civTarget int
	admin1, admin2, location, lat, lon, geoPrec, source, notes, fatalities, timestamp int
	// hashCols lists every named column in name order, hashNames their normalised names:
	// the content hash that identifies rows of extracts without event_id_cnty.
	hashCols  []int
	hashNames []string
}

// acledReliability is ACLED's Admiralty grade: a curated, reviewed event data set built
// from media and local partner reporting — usually reliable.
const acledReliability = sarhad.ReliabilityB

func newACLED(h *header, res Resolvers) (converter, error) {
	c := &cols{h: h}
	a := &acled{base: base{cols: c, marking: sarhad.TLPClear, res: res}}
	a.date = c.req("event_date")
	a.eventType, a.subType = c.req("event_type"), c.req("sub_event_type")
	a.actor1, a.fatalities = c.req("actor1"), c.req("fatalities")
	a.id, a.timePrec = c.opt("event_id_cnty"), c.opt("time_precision")
	a.actor2, a.assoc2, a.inter2 = c.opt("actor2"), c.opt("assoc_actor_2"), c.opt("inter2")
	a.civTarget = c.opt("civilian_targeting")
	a.admin1, a.admin2, a.location = c.opt("admin1"), c.opt("admin2"), c.opt("location")
	a.lat, a.lon, a.geoPrec = c.opt("latitude"), c.opt("longitude"), c.opt("geo_precision")
	a.source, a.notes, a.timestamp = c.opt("source"), c.opt("notes"), c.opt("timestamp")
	for i, n := range h.names {
		if normName(n) != "" {
			a.hashCols = append(a.hashCols, i)
		}
	}
	slices.SortStableFunc(a.hashCols, func(i, j int) int { return cmp.Compare(normName(h.names[i]), normName(h.names[j])) })
	for _, i := range a.hashCols {
		a.hashNames = append(a.hashNames, normName(h.names[i]))
	}
	return a, c.err(FormatACLED)
}

func (a *acled) convert(rec record) (sarhad.Report, error) {
	var rep sarhad.Report
	rep.Dataset, rep.Source, rep.SourceReliability = "acled", "ACLED", acledReliability
	if id := rec.get(a.id); id != "" {
		if len(id) > 40 || strings.ContainsAny(id, " \t/") {
			return rep, fieldErr("event_id_cnty", "%q is not an ACLED event id", id)
		}
		rep.ID = "acled-" + id
	} else {
		rep.ID = "acled-" + a.contentHash(rec)
	}
	notes := rec.get(a.notes)
	rep.Text = joinText(notes, labelled("Sources", rec.get(a.source)))
	lnotes := strings.ToLower(notes)
	if ts := rec.get(a.timestamp); ts != "" {
		sec, err := strconv.ParseInt(ts, 10, 64)
		if err != nil || sec < 0 || sec > 1e11 {
			return rep, fieldErr("timestamp", "%q is not a Unix time", ts)
		}
		rep.ReportedAt = time.Unix(sec, 0).UTC()
	}

	// When.
	ds := rec.get(a.date)
	date, ok := acledDate(ds)
	if !ok {
		return rep, fieldErr("event_date", "%q is not a date (YYYY-MM-DD or 2 January 2020)", ds)
	}
	prec, err := a.timePrecision(rec, lnotes)
	if err != nil {
		return rep, err
	}
	if prec > 1 { // within a week or a month: the day is ACLED's mid-point, not the event's
		date.Day = 0
	}
	rep.Date = date

	// Where.
	lat, lon, err := parseCoords("latitude", "longitude", rec.get(a.lat), rec.get(a.lon))
	if err != nil {
		return rep, err
	}
	var geo sarhad.GeoPrecision
	if gs := rec.get(a.geoPrec); !isUnknown(gs) {
		switch gs {
		case "1":
			geo = sarhad.GeoTown
		case "2":
			geo = sarhad.GeoTehsil
		case "3":
			geo = sarhad.GeoProvince
		default:
			return rep, fieldErr("geo_precision", "%q is not 1, 2 or 3", gs)
		}
	}
	rep.Location = a.res.locate(sarhad.PlaceQuery{
		Province: known(rec.get(a.admin1)), District: known(rec.get(a.admin2)),
		Locality: known(rec.get(a.location)), Lat: lat, Lon: lon, Precision: geo,
	})

	// What, against whom, by whom.
	event, sub := foldKey(rec.get(a.eventType)), foldKey(rec.get(a.subType))
	rep.AttackType = acledAttack(event, sub, lnotes)
	rep.TargetType = acledTarget(rec.get(a.actor2), rec.get(a.assoc2), rec.get(a.inter2),
		rec.get(a.civTarget) != "", lnotes)
	raw := rec.get(a.actor1)
	var named bool
	rep.Perpetrator, named = a.res.perpetrator(raw)
	if named {
		rep.PerpetratorRaw = raw
		attribute(&rep, acledAttribution(lnotes, raw))
	}

	// Casualties: fatalities is every death of the event, attackers included.
	fs := rec.get(a.fatalities)
	f, hasF, err := parseAmount("fatalities", fs)
	if err != nil {
		return rep, err
	}
	if hasF {
		n := countOf(f)
		switch {
		case n.High == 0:
			rep.Killed = sarhad.Tally{Total: n, Security: n, Civilians: n, Militants: n}
		case sub == "suicide bomb": // the bomber is among the dead
			lo := max(n.Best-1, 0)
			rep.Killed.Total = sarhad.Span(min(lo, n.Low), lo, n.High)
		case event == "battles": // both sides' dead, not split: an upper bound of the victims
			rep.Killed.Total = sarhad.Span(0, n.Best, n.High)
		default:
			rep.Killed.Total = n
		}
		if event == "violence against civilians" {
			rep.Killed.Civilians = rep.Killed.Total
		}
	}
	rep.CrossBorder = sarhad.NexusUnknown
	return rep, nil
}

// contentHash identifies a row by its content: the SHA-256 of every named column's name and
// value, in name order so that reordered columns hash the same; 16 hex digits.
func (a *acled) contentHash(rec record) string {
	h := sha256.New()
	for k, i := range a.hashCols {
		h.Write([]byte(a.hashNames[k]))
		h.Write([]byte{0x1f})
		h.Write([]byte(rec.get(i)))
		h.Write([]byte{0x1e})
	}
	return hex.EncodeToString(h.Sum(nil)[:8])
}

// timePrecision reads time_precision (1 day, 2 week, 3 month). Extracts without the column
// still say "(week of)", "(month of)" or "(between 2 - 4 March)" in the notes.
func (a *acled) timePrecision(rec record, notes string) (int, error) {
	if a.timePrec < 0 || isUnknown(rec.get(a.timePrec)) {
		for _, s := range []string{"(week of)", "(month of)", "(between "} {
			if strings.Contains(notes, s) {
				return 2, nil
			}
		}
		return 1, nil
	}
	switch s := rec.get(a.timePrec); s {
	case "1", "2", "3":
		return int(s[0] - '0'), nil
	default:
		return 0, fieldErr("time_precision", "%q is not 1, 2 or 3", s)
	}
}

// acledDate parses ACLED's event_date: ISO "2024-12-31" (current exports) or
// "31 December 2024" (older ones).
func acledDate(s string) (sarhad.Date, bool) {
	if d, ok := parseISODate(s); ok {
		return d, true
	}
	words := dateWords(s)
	p, next := readDateWords(words)
	if next < len(words) || p.y == 0 || p.m == 0 || p.d == 0 {
		return sarhad.Date{}, false
	}
	d := sarhad.NewDate(p.y, p.m, p.d)
	return d, d.Validate() == nil
}

// acledAttack maps event_type and sub_event_type (folded) to an attack type; notes are
// lower-cased. Two note
// heuristics refine it: an armed clash described as an ambush is an ambush, and an attack
// on civilians described as a shooting of a person is a targeted killing.
func acledAttack(event, sub, notes string) sarhad.AttackType {
	switch sub {
	case "suicide bomb":
		return sarhad.AttackSuicide
	case "remote explosive landmine ied":
		return sarhad.AttackIED
	case "shelling artillery missile attack":
		return sarhad.AttackRocketMortar
	case "grenade", "air drone strike", "sexual violence", "chemical weapon":
		return sarhad.AttackOther
	case "armed clash":
		if strings.Contains(notes, "ambush") {
			return sarhad.AttackAmbush
		}
		return sarhad.AttackArmedAssault
	case "attack":
		for _, s := range []string{"shot dead", "gunned down", "target killing", "targeted killing", "targeted attack"} {
			if strings.Contains(notes, s) {
				return sarhad.AttackTargetedKill
			}
		}
		return sarhad.AttackArmedAssault
	case "abduction forced disappearance":
		return sarhad.AttackHostageTaking
	}
	switch event {
	case "battles", "explosions remote violence", "violence against civilians", "riots", "protests", "strategic developments":
		return sarhad.AttackOther
	}
	return ""
}

// acledTarget maps actor2 (and assoc_actor_2, inter2, civilian_targeting) to a target type.
// When actor2 is blank ("Rebel group only" events) a few words of the (lower-cased) notes
// decide.
func acledTarget(actor2, assoc2, inter2 string, civTargeting bool, notes string) sarhad.TargetType {
	l := strings.ToLower(actor2)
	switch {
	case strings.HasPrefix(l, "police forces of"):
		for _, s := range []string{"frontier corps", "levies", "coast guard", "anti narcotics", "rangers", "frontier constabulary"} {
			if strings.Contains(l, s) {
				return sarhad.TargetSecurity
			}
		}
		return sarhad.TargetPolice
	case strings.HasPrefix(l, "military forces of"):
		return sarhad.TargetSecurity
	case strings.HasPrefix(l, "government of"):
		return sarhad.TargetGovernment
	case strings.HasPrefix(l, "civilians ("):
		a := strings.ToLower(assoc2)
		switch {
		case !strings.Contains(l, "(pakistan)"), strings.Contains(a, "china"), strings.Contains(a, "chinese"):
			return sarhad.TargetForeign
		case strings.Contains(a, "teachers"), strings.Contains(a, "students"):
			return sarhad.TargetEducation
		case strings.Contains(a, "government of"):
			return sarhad.TargetGovernment
		}
		return sarhad.TargetCivilians
	case strings.Contains(l, "chinese") || strings.Contains(l, "foreign"):
		return sarhad.TargetForeign
	case strings.HasPrefix(l, "protesters") || strings.HasPrefix(l, "rioters") || strings.HasPrefix(l, "journalists"):
		return sarhad.TargetCivilians
	case l != "":
		return "" // militias, private security, other armed groups
	}
	switch strings.ToLower(inter2) {
	case "1", "state forces":
		return sarhad.TargetSecurity
	case "7", "civilians":
		return sarhad.TargetCivilians
	}
	if civTargeting {
		return sarhad.TargetCivilians
	}
	n := notes
	switch {
	case containsAny(n, "polling station", "election", "rally", "party office"):
		return sarhad.TargetPolitical
	case containsAny(n, "school", "college", "university"):
		return sarhad.TargetEducation
	case containsAny(n, "tower", "pipeline", "pylon", "transmission line", "grid station", "gas line", "electricity"):
		return sarhad.TargetInfrastructure
	case containsAny(n, "railway", "train", "passenger bus", "passenger coach"):
		return sarhad.TargetTransport
	}
	return ""
}

// acledAttribution reads how firmly the (lower-cased) notes tie the event to actor1: a
// claim by the group, a suspicion, or ACLED's own attribution (official, as for GTD).
func acledAttribution(notes, actor string) sarhad.Attribution {
	names := acledNames(actor)
	if claimedBy(notes, names) {
		return sarhad.AttrClaimed
	}
	for _, n := range names {
		if strings.Contains(notes, "suspected "+n) {
			return sarhad.AttrSuspected
		}
	}
	return sarhad.AttrOfficial
}

// acledNames returns the lower-case names a note may use for an ACLED actor: "BLA: Baloch
// Liberation Army" → "bla", "baloch liberation army".
func acledNames(actor string) []string {
	var out []string
	long := actor
	if abbr, rest, ok := strings.Cut(actor, ": "); ok {
		out = append(out, strings.ToLower(abbr))
		long = rest
	}
	if i := strings.IndexByte(long, '('); i > 0 {
		long = long[:i]
	}
	if long = strings.ToLower(strings.TrimSpace(long)); long != "" {
		out = append(out, long)
	}
	return out
}

// claimFillers are the words that may stand between a group's name and "claim" in a claim
// statement ("BLA militants have claimed", "BLF also claimed").
var claimFillers = []string{"militants", "militant", "has", "have", "had", "also", "later", "reportedly",
	"spokesperson", "spokesman", "sources", "group", "they", "which"}

// claimedBy reports whether (lower-cased) notes say one of names claimed the event: "claimed
// responsibility"; a name directly before "claim" ("BRG claim two personnel were killed");
// "claimed by <name>"; or "and claimed" / "claiming" in a sentence that names the group. A
// passive "a man claimed to have been an informant" is not a claim of the attack.
func claimedBy(notes string, names []string) bool {
	l := notes
	if containsAny(l, "claimed responsibility", "claim responsibility", "claimed the responsibility", "claimed the attack") {
		return true
	}
	for i := 0; ; {
		j := strings.Index(l[i:], "claim")
		if j < 0 {
			return false
		}
		at := i + j
		i = at + len("claim")
		before, after := strings.TrimRight(l[:at], " "), l[at:]
		word := after
		if k := strings.IndexAny(word, " .,;"); k >= 0 {
			word = word[:k]
		}
		rest := strings.TrimLeft(after[len(word):], " ")
		if strings.HasPrefix(rest, "to have been") || strings.HasPrefix(rest, "to be ") {
			continue // passive, about a person
		}
		if by, ok := strings.CutPrefix(rest, "by "); ok && startsWithName(by, names) {
			return true
		}
		if endsWithName(trimFillers(before), names) {
			return true
		}
		if word == "claiming" || strings.HasSuffix(before, " and") {
			sentence := before[strings.LastIndexByte(before, '.')+1:]
			for _, n := range names {
				if n != "" && strings.Contains(sentence, n) {
					return true
				}
			}
		}
	}
}

// trimFillers strips claimFillers from the end of s.
func trimFillers(s string) string {
	for trimmed := true; trimmed; {
		trimmed = false
		for _, f := range claimFillers {
			if strings.HasSuffix(s, " "+f) {
				s = strings.TrimRight(s[:len(s)-len(f)], " ")
				trimmed = true
			}
		}
	}
	return s
}

// endsWithName reports whether s ends with one of names as a whole word.
func endsWithName(s string, names []string) bool {
	for _, n := range names {
		if n != "" && strings.HasSuffix(s, n) && (len(s) == len(n) || !isLetter(s[len(s)-len(n)-1])) {
			return true
		}
	}
	return false
}

// startsWithName reports whether s starts with one of names as a whole word.
func startsWithName(s string, names []string) bool {
	for _, n := range names {
		if n != "" && strings.HasPrefix(s, n) && (len(s) == len(n) || !isLetter(s[len(n)])) {
			return true
		}
	}
	return false
}

func isLetter(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// containsAny reports whether s contains any of subs.
func containsAny(s string, subs ...string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// foldKey lower-cases s and turns every run of other characters into one space (the
// domain's own folding, which it does not export).
func foldKey(s string) string {
	return strings.ReplaceAll(normName(s), "_", " ")
}
