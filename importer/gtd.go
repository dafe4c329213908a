package importer

import (
	"math"

	"github.com/sarhad-osint/sarhad"
)

// gtd maps Global Terrorism Database rows (CODEBOOK.md, "GTD").
type gtd struct {
	base
	eventid, iyear, imonth, iday, approxdate                 int
	provstate, city, latitude, longitude, specificity, vicin int
	summary, suicide, attacktype1, weaptype1, weapsubtype1   int
	targtype1, targsubtype1, natlty1                         int
	gname, guncertain1, claimed                              int
	nkill, nkillter, nwound, ishostkid, nhostkid             int
}

func newGTD(h *header, res Resolvers) (converter, error) {
	c := &cols{h: h}
	g := &gtd{base: base{cols: c, marking: sarhad.TLPClear, res: res}}
	g.eventid = c.req("eventid")
	g.iyear, g.imonth, g.iday = c.req("iyear"), c.req("imonth"), c.req("iday")
	g.approxdate = c.opt("approxdate")
	g.provstate, g.city = c.opt("provstate"), c.opt("city")
	g.latitude, g.longitude = c.opt("latitude"), c.opt("longitude")
	g.specificity, g.vicin = c.opt("specificity"), c.opt("vicinity")
	g.summary = c.opt("summary")
	g.suicide, g.attacktype1 = c.opt("suicide"), c.opt("attacktype1")
	g.weaptype1, g.weapsubtype1 = c.opt("weaptype1"), c.opt("weapsubtype1")
	g.targtype1, g.targsubtype1, g.natlty1 = c.opt("targtype1"), c.opt("targsubtype1"), c.opt("natlty1")
	g.gname, g.guncertain1, g.claimed = c.opt("gname"), c.opt("guncertain1"), c.opt("claimed")
	g.nkill, g.nkillter, g.nwound = c.opt("nkill"), c.opt("nkillter"), c.opt("nwound")
	g.ishostkid, g.nhostkid = c.opt("ishostkid"), c.opt("nhostkid")
	return g, c.err(FormatGTD)
}

// gtdReliability is GTD's Admiralty grade: a curated academic database built from open
// media sources with a published codebook and review — usually reliable.
const gtdReliability = sarhad.ReliabilityB

func (g *gtd) convert(rec record) (sarhad.Report, error) {
	var rep sarhad.Report
	id := rec.get(g.eventid)
	if !isID(id) {
		return rep, fieldErr("eventid", "%q is not a GTD event id", id)
	}
	rep.ID = "gtd-" + id
	rep.Dataset, rep.Source, rep.SourceReliability = "gtd", "GTD", gtdReliability
	rep.Text = known(rec.get(g.summary))

	var err error
	if rep.Date, err = g.date(rec); err != nil {
		return rep, err
	}

	// Place.
	lat, lon, err := parseCoords("latitude", "longitude", rec.get(g.latitude), rec.get(g.longitude))
	if err != nil {
		return rep, err
	}
	spec, _, err := parseCode("specificity", rec.get(g.specificity))
	if err != nil {
		return rep, err
	}
	vicinity, _, err := parseCode("vicinity", rec.get(g.vicin))
	if err != nil {
		return rep, err
	}
	rep.Location = g.res.locate(sarhad.PlaceQuery{
		Province: known(rec.get(g.provstate)), Locality: known(rec.get(g.city)),
		Lat: lat, Lon: lon, Precision: gtdGeoPrecision(spec, vicinity == 1),
	})

	// What happened, to whom.
	var codeErr error
	code := func(name string, col int) int { // -9 when unknown
		n, ok, err := parseCode(name, rec.get(col))
		if err != nil && codeErr == nil {
			codeErr = err
		}
		if !ok {
			return -9
		}
		return n
	}
	suicide := code("suicide", g.suicide) == 1
	attack, weap, weapSub := code("attacktype1", g.attacktype1), code("weaptype1", g.weaptype1), code("weapsubtype1", g.weapsubtype1)
	targ, targSub, natlty := code("targtype1", g.targtype1), code("targsubtype1", g.targsubtype1), code("natlty1", g.natlty1)
	claimed, uncertain, hostkid := code("claimed", g.claimed), code("guncertain1", g.guncertain1), code("ishostkid", g.ishostkid)
	if codeErr != nil {
		return rep, codeErr
	}
	rep.AttackType = gtdAttack(attack, suicide, weap, weapSub)
	rep.TargetType = gtdTarget(targ, targSub, natlty)

	// Who.
	raw := rec.get(g.gname)
	var named bool
	rep.Perpetrator, named = g.res.perpetrator(raw)
	if named {
		rep.PerpetratorRaw = raw
	}
	switch {
	case claimed == 1:
		attribute(&rep, sarhad.AttrClaimed)
	case uncertain == 1:
		attribute(&rep, sarhad.AttrSuspected)
	default:
		attribute(&rep, sarhad.AttrOfficial)
	}

	// Casualties: nkill counts perpetrators too; nkillter is perpetrators only.
	nkill, hasKill, err := parseAmount("nkill", rec.get(g.nkill))
	if err != nil {
		return rep, err
	}
	nter, hasTer, err := parseAmount("nkillter", rec.get(g.nkillter))
	if err != nil {
		return rep, err
	}
	switch {
	case hasKill && hasTer:
		if nter > nkill {
			return rep, fieldErr("nkillter", "%v perpetrators killed exceed nkill %v", nter, nkill)
		}
		rep.Killed.Total = countOf(math.Round((nkill-nter)*1000) / 1000)
		rep.Killed.Militants = countOf(nter)
	case hasKill && suicide:
		// The bomber is usually among nkill when nkillter is not coded.
		lo := countOf(math.Max(nkill-1, 0))
		rep.Killed.Total = sarhad.Span(lo.Low, lo.Best, countOf(nkill).High)
	case hasKill:
		rep.Killed.Total = countOf(nkill)
	case hasTer:
		rep.Killed.Militants = countOf(nter)
	}
	if rep.Injured, err = parseCount("nwound", rec.get(g.nwound)); err != nil {
		return rep, err
	}
	switch {
	case hostkid == 0:
		rep.Hostages = sarhad.Exact(0)
	case hostkid == 1 || g.ishostkid < 0: // hostages taken, or no ishostkid column
		if rep.Hostages, err = parseCount("nhostkid", rec.get(g.nhostkid)); err != nil {
			return rep, err
		}
	} // ishostkid -9 / NA: unknown whether anyone was taken
	rep.CrossBorder = sarhad.NexusUnknown
	return rep, nil
}

// date reads iyear, imonth and iday (0 = unknown) and widens the precision when approxdate
// says the day or month is a guess inside a range.
func (g *gtd) date(rec record) (sarhad.Date, error) {
	ys := rec.get(g.iyear)
	y, ok, err := parseCode("iyear", ys)
	switch {
	case err != nil || ok && (y < 1900 || y > 2200):
		return sarhad.Date{}, fieldErr("iyear", "%q is not a year", ys)
	case !ok:
		return sarhad.Date{}, fieldErr("iyear", "is missing")
	}
	ms := rec.get(g.imonth)
	m, _, err := parseCode("imonth", ms)
	if err != nil || m < 0 || m > 12 {
		return sarhad.Date{}, fieldErr("imonth", "%q is not a month", ms)
	}
	ds := rec.get(g.iday)
	d, _, err := parseCode("iday", ds)
	if err != nil || d < 0 || d > 31 {
		return sarhad.Date{}, fieldErr("iday", "%q is not a day", ds)
	}
	if m == 0 {
		d = 0
	}
	date := sarhad.NewDate(y, m, d)
	if date.Validate() != nil {
		return sarhad.Date{}, fieldErr("iday", "%d is not a day of %04d-%02d", d, y, m)
	}
	return widenApprox(date, rec.get(g.approxdate)), nil
}

// widenApprox coarsens a GTD date when approxdate gives a range ("June 25-29, 2012",
// "December 25, 2013 - January 8, 2014") or only a month ("April 2008"): the day (or the
// month) GTD coded is then a guess. A single-day approxdate leaves the date as coded.
func widenApprox(d sarhad.Date, approx string) sarhad.Date {
	if approx == "" || d.Day == 0 && d.Month == 0 {
		return d
	}
	if _, ok := parseISODate(approx); ok {
		return d
	}
	words := dateWords(approx)
	a, next := readDateWords(words)
	if next >= len(words) { // one date
		if a.m != 0 && a.d == 0 && d.Day != 0 {
			return sarhad.NewDate(d.Year, d.Month, 0)
		}
		return d
	}
	b, _ := readDateWords(words[next:])
	if a.y == 0 {
		a.y = b.y
	}
	if b.m == 0 {
		b.m = a.m
	}
	if b.y == 0 {
		b.y = a.y
	}
	switch {
	case a.m == 0 || b.m == 0:
		return d // not a range we can read
	case a.y == b.y && a.m == b.m && a.d == b.d:
		return d
	case a.y == b.y && a.m == b.m:
		return sarhad.NewDate(d.Year, d.Month, 0)
	}
	return sarhad.NewDate(d.Year, 0, 0)
}

// gtdGeoPrecision maps GTD specificity (1–5) and vicinity to the precision of the
// coordinates.
func gtdGeoPrecision(spec int, vicinity bool) sarhad.GeoPrecision {
	switch spec {
	case 1:
		if vicinity {
			return sarhad.GeoTehsil
		}
		return sarhad.GeoTown
	case 2, 3:
		return sarhad.GeoDistrict
	case 4:
		return sarhad.GeoProvince
	case 5:
		return sarhad.GeoCountry
	}
	return sarhad.GeoUnknown
}

// GTD weapon codes used by the attack-type mapping.
const (
	gtdWeapExplosives    = 6
	gtdWeapSubGrenade    = 7
	gtdWeapSubProjectile = 11
	gtdWeapSubSuicide    = 13
)

// gtdAttack maps attacktype1 (1–9), the suicide flag and the weapon to an attack type.
func gtdAttack(attack int, suicide bool, weap, weapSub int) sarhad.AttackType {
	if suicide && (attack == 3 || weap == gtdWeapExplosives) {
		return sarhad.AttackSuicide
	}
	switch attack {
	case 1:
		return sarhad.AttackTargetedKill
	case 2:
		return sarhad.AttackArmedAssault
	case 3:
		switch weapSub {
		case gtdWeapSubProjectile:
			return sarhad.AttackRocketMortar
		case gtdWeapSubGrenade:
			return sarhad.AttackOther
		case gtdWeapSubSuicide:
			return sarhad.AttackSuicide
		}
		return sarhad.AttackIED
	case 4:
		return sarhad.AttackHijacking
	case 5, 6:
		return sarhad.AttackHostageTaking
	case 7:
		return sarhad.AttackArsonSabotage
	case 8:
		return sarhad.AttackOther
	}
	return "" // 9 Unknown
}

// gtdPakistan is GTD's country code of Pakistan (natlty1).
const gtdPakistan = 153

// gtdTarget maps targtype1 (1–22), targsubtype1 and the victims' nationality to a target
// type. Civilian-like targets of a known foreign nationality are foreign nationals.
func gtdTarget(typ, sub, natlty int) sarhad.TargetType {
	foreign := natlty > 0 && natlty != gtdPakistan
	civilian := func() sarhad.TargetType {
		if foreign {
			return sarhad.TargetForeign
		}
		return sarhad.TargetCivilians
	}
	switch typ {
	case 1: // Business
		if !foreign && sub == 1 { // Gas/Oil
			return sarhad.TargetInfrastructure
		}
		return civilian()
	case 2: // Government (General)
		if sub == 15 || sub == 19 { // politician / party meeting / rally; election-related
			return sarhad.TargetPolitical
		}
		return sarhad.TargetGovernment
	case 3:
		return sarhad.TargetPolice
	case 4: // Military
		if sub == 37 { // NATO (supply convoys and terminals)
			return sarhad.TargetForeign
		}
		return sarhad.TargetSecurity
	case 5, 10: // Abortion related; Journalists & Media
		return civilian()
	case 6, 11, 19: // Airports & Aircraft; Maritime; Transportation
		return sarhad.TargetTransport
	case 7: // Government (Diplomatic)
		if natlty == gtdPakistan {
			return sarhad.TargetGovernment
		}
		return sarhad.TargetForeign
	case 8:
		return sarhad.TargetEducation
	case 9, 16, 21: // Food or Water Supply; Telecommunication; Utilities
		return sarhad.TargetInfrastructure
	case 12, 18: // NGO; Tourists
		return civilian()
	case 13: // Other: ambulance, fire fighters, refugee camp
		if sub >= 63 && sub <= 65 {
			return civilian()
		}
	case 14: // Private Citizens & Property
		switch {
		case foreign:
			return sarhad.TargetForeign
		case sub == 70: // Student
			return sarhad.TargetEducation
		case sub == 84: // Political Party Member/Rally
			return sarhad.TargetPolitical
		}
		return sarhad.TargetCivilians
	case 15:
		return sarhad.TargetReligious
	case 22: // Violent Political Party
		return sarhad.TargetPolitical
	}
	return "" // 17 Terrorists/Non-State Militia, 20 Unknown, codes outside the codebook
}

// isID reports whether s is a plausible numeric data-set id.
func isID(s string) bool {
	if s == "" || len(s) > 24 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
