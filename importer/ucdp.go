package importer

import (
	"strings"

	"github.com/sarhad-osint/sarhad"
)

// ucdp maps UCDP Georeferenced Event Dataset rows (CODEBOOK.md, "UCDP GED").
type ucdp struct {
	base
	id, typ, sideA, sideB, dyad, headline, office, whereDesc, whereCoords int
	adm1, adm2, lat, lon, wherePrec, clarity, datePrec, start, end        int
	deathsA, deathsB, deathsCiv, deathsUnknown, best, low, high           int
}

// ucdpReliability is UCDP GED's Admiralty grade: a conservative, peer-reviewed academic
// data set with explicit low/best/high estimates — usually reliable.
const ucdpReliability = sarhad.ReliabilityB

func newUCDP(h *header, res Resolvers) (converter, error) {
	c := &cols{h: h}
	u := &ucdp{base: base{cols: c, marking: sarhad.TLPClear, res: res}}
	u.id, u.typ = c.req("id"), c.req("type_of_violence")
	u.start, u.best = c.req("date_start"), c.req("best")
	u.end, u.datePrec = c.opt("date_end"), c.opt("date_prec")
	u.sideA, u.sideB, u.dyad = c.opt("side_a"), c.opt("side_b"), c.opt("dyad_name")
	u.headline, u.office = c.opt("source_headline"), c.opt("source_office")
	u.whereDesc, u.whereCoords = c.opt("where_description"), c.opt("where_coordinates")
	u.adm1, u.adm2 = c.opt("adm_1"), c.opt("adm_2")
	u.lat, u.lon, u.wherePrec = c.opt("latitude"), c.opt("longitude"), c.opt("where_prec")
	u.clarity = c.opt("event_clarity")
	u.deathsA, u.deathsB = c.opt("deaths_a"), c.opt("deaths_b")
	u.deathsCiv, u.deathsUnknown = c.opt("deaths_civilians"), c.opt("deaths_unknown")
	u.low, u.high = c.opt("low"), c.opt("high")
	return u, c.err(FormatUCDP)
}

func (u *ucdp) convert(rec record) (sarhad.Report, error) {
	var rep sarhad.Report
	id := rec.get(u.id)
	if !isID(id) {
		return rep, fieldErr("id", "%q is not a UCDP event id", id)
	}
	rep.ID = "ucdp-" + id
	rep.Dataset, rep.Source, rep.SourceReliability = "ucdp", "UCDP GED", ucdpReliability
	sideA, sideB := rec.get(u.sideA), rec.get(u.sideB)
	rep.Text = joinText(rec.get(u.headline),
		labelled("Dyad", rec.get(u.dyad)), labelled("Location", rec.get(u.whereDesc)), labelled("Sources", rec.get(u.office)))

	var err error
	if rep.Date, err = u.date(rec); err != nil {
		return rep, err
	}

	// Where: GED appends the kind of place to names ("Mir Ali town", "Peshawar district").
	lat, lon, err := parseCoords("latitude", "longitude", rec.get(u.lat), rec.get(u.lon))
	if err != nil {
		return rep, err
	}
	wp, _, err := parseCode("where_prec", rec.get(u.wherePrec))
	if err != nil {
		return rep, err
	}
	rep.Location = u.res.locate(sarhad.PlaceQuery{
		Province: stripKind(known(rec.get(u.adm1))), District: stripKind(known(rec.get(u.adm2))),
		Locality: stripKind(known(rec.get(u.whereCoords))), Lat: lat, Lon: lon, Precision: ucdpGeoPrecision(wp),
	})

	// Who: the non-state side of a state-based dyad, side A of one-sided violence; no one for
	// fighting between two non-state groups, which has no attacker.
	typ, ok, err := parseCode("type_of_violence", rec.get(u.typ))
	if err != nil || !ok || typ < 1 || typ > 3 {
		return rep, fieldErr("type_of_violence", "%q is not 1, 2 or 3", rec.get(u.typ))
	}
	stateA, stateB := isState(sideA), isState(sideB)
	var perp string
	switch {
	case typ == 1 && !stateB:
		perp = sideB
		rep.TargetType = sarhad.TargetSecurity
	case typ == 1:
		rep.TargetType = sarhad.TargetSecurity // two states
	case typ == 3:
		perp = sideA
		rep.TargetType = sarhad.TargetCivilians
	}
	if isState(perp) {
		rep.PerpetratorRaw = perp // a state is kept as written, never resolved as a group
	} else {
		var named bool
		rep.Perpetrator, named = u.res.perpetrator(perp)
		if named {
			rep.PerpetratorRaw = perp
			attribute(&rep, sarhad.AttrOfficial)
			if c, _, _ := parseCode("event_clarity", rec.get(u.clarity)); c == 2 {
				attribute(&rep, sarhad.AttrSuspected)
			}
		}
	}

	if rep.Killed, err = u.killed(rec, typ, stateA, stateB); err != nil {
		return rep, err
	}
	rep.CrossBorder = sarhad.NexusUnknown
	return rep, nil
}

// date reads date_start and date_end and their precision date_prec (1 day … 5 year): the
// date keeps what start and end share, and never more than date_prec allows.
func (u *ucdp) date(rec record) (sarhad.Date, error) {
	ss := rec.get(u.start)
	start, ok := parseISODate(ss)
	if !ok {
		return sarhad.Date{}, fieldErr("date_start", "%q is not a date (YYYY-MM-DD)", ss)
	}
	end := start
	if es := rec.get(u.end); !isUnknown(es) {
		if end, ok = parseISODate(es); !ok {
			return sarhad.Date{}, fieldErr("date_end", "%q is not a date (YYYY-MM-DD)", es)
		}
		if end.Before(start) {
			return sarhad.Date{}, fieldErr("date_end", "%s is before date_start %s", end, start)
		}
	}
	prec, hasPrec, err := parseCode("date_prec", rec.get(u.datePrec))
	if err != nil || hasPrec && (prec < 1 || prec > 5) {
		return sarhad.Date{}, fieldErr("date_prec", "%q is not 1 to 5", rec.get(u.datePrec))
	}
	d := start
	if end.Year != start.Year || prec == 5 {
		return sarhad.NewDate(start.Year, 0, 0), nil
	}
	if end.Month != start.Month || prec == 4 {
		return sarhad.NewDate(start.Year, start.Month, 0), nil
	}
	if end.Day != start.Day {
		d.Day = 0
	}
	return d, nil
}

// killed maps deaths_a, deaths_b, deaths_civilians, deaths_unknown and low/best/high (all
// deaths) to the tally, which counts attackers apart: victims = all deaths minus those of
// the non-state side(s).
func (u *ucdp) killed(rec record, typ int, stateA, stateB bool) (sarhad.Tally, error) {
	var t sarhad.Tally
	vals := [7]float64{}
	has := [7]bool{}
	for i, f := range []struct {
		name string
		col  int
	}{{"deaths_a", u.deathsA}, {"deaths_b", u.deathsB}, {"deaths_civilians", u.deathsCiv},
		{"deaths_unknown", u.deathsUnknown}, {"low", u.low}, {"best", u.best}, {"high", u.high}} {
		var err error
		if vals[i], has[i], err = parseAmount(f.name, rec.get(f.col)); err != nil {
			return t, err
		}
	}
	a, b, civ, low, best, high := vals[0], vals[1], vals[2], vals[4], vals[5], vals[6]
	if !has[5] {
		return t, nil
	}
	if !has[4] {
		low = best
	}
	if !has[6] {
		high = best
	}
	if low > best {
		return t, fieldErr("low", "%v is above best %v", low, best)
	}
	if high < best {
		return t, fieldErr("high", "%v is below best %v", high, best)
	}
	// Which side's dead are attackers, which security forces.
	var attackers float64
	hasAttackers := false
	switch {
	case typ == 1 && stateA && stateB:
		t.Security = sumIf(has[0] && has[1], a+b)
	case typ == 1:
		t.Security, attackers, hasAttackers = sumIf(has[0], a), b, has[1]
	case typ == 2:
		attackers, hasAttackers = a+b, has[0] && has[1]
	case typ == 3 && stateA:
		t.Security = sumIf(has[0], a)
	case typ == 3:
		attackers, hasAttackers = a, has[0]
	}
	if has[2] {
		t.Civilians = countOf(civ)
	}
	if hasAttackers {
		if attackers > best {
			return t, fieldErr("best", "%v is below the attackers' deaths %v", best, attackers)
		}
		t.Militants = countOf(attackers)
		low, best, high = max(low-attackers, 0), best-attackers, high-attackers
	}
	lo, b2, hi := countOf(low), countOf(best), countOf(high)
	t.Total = sarhad.Span(min(lo.Low, b2.Best), b2.Best, max(hi.High, b2.Best))
	return t, nil
}

func sumIf(ok bool, v float64) sarhad.Count {
	if !ok {
		return sarhad.Count{}
	}
	return countOf(v)
}

// isState reports whether a UCDP side is a government ("Government of Pakistan").
func isState(side string) bool { return strings.HasPrefix(strings.ToLower(side), "government of") }

// ucdpGeoPrecision maps where_prec (1–7) to the precision of the coordinates.
func ucdpGeoPrecision(p int) sarhad.GeoPrecision {
	switch p {
	case 1:
		return sarhad.GeoTown // the village or town the sources name
	case 2:
		return sarhad.GeoTehsil // within about 25 km of a named place
	case 3:
		return sarhad.GeoDistrict
	case 4, 5:
		return sarhad.GeoProvince // a province, or a region larger than one ("border area")
	case 6, 7:
		return sarhad.GeoCountry
	}
	return sarhad.GeoUnknown
}

// stripKind removes the kind of place UCDP appends to a name: "Mir Ali town" → "Mir Ali",
// "Khyber Pakhtunkhwa province" → "Khyber Pakhtunkhwa".
func stripKind(s string) string {
	for _, k := range []string{" town", " village", " city", " district", " province", " area"} {
		if len(s) > len(k) && strings.EqualFold(s[len(s)-len(k):], k) {
			return strings.TrimSpace(s[:len(s)-len(k)])
		}
	}
	return s
}

// joinText joins the non-empty parts of a report text with blank lines.
func joinText(parts ...string) string {
	var b strings.Builder
	for _, p := range parts {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString(p)
	}
	return b.String()
}

// labelled returns "label: value", or "" for an unknown value.
func labelled(label, value string) string {
	if value = known(strings.TrimSpace(value)); value == "" {
		return ""
	}
	return label + ": " + value
}
