package importer

import (
	"math"
	"strings"

	"github.com/sarhad-osint/sarhad"
)

// pbc maps Pakistan Body Count suicide-attack rows (CODEBOOK.md, "PBC").
type pbc struct {
	base
	sn, date, city, lat, lon, province, location, locCategory, target int
	killedMin, killedMax, injuredMin, injuredMax, event               int
}

// pbcReliability is PBC's Admiralty grade: one compiler's collection of press reports,
// with ranges, typing errors and misplaced values — fairly reliable.
const pbcReliability = sarhad.ReliabilityC

func newPBC(h *header, res Resolvers) (converter, error) {
	c := &cols{h: h}
	p := &pbc{base: base{cols: c, marking: sarhad.TLPClear, res: res}}
	p.sn, p.date = c.req("S#"), c.req("Date")
	p.city, p.province = c.req("City"), c.req("Province")
	p.killedMin, p.killedMax = c.req("Killed Min"), c.req("Killed Max")
	p.injuredMin, p.injuredMax = c.req("Injured Min"), c.req("Injured Max")
	p.lat, p.lon = c.opt("Latitude"), c.opt("Longitude")
	p.location, p.locCategory = c.opt("Location"), c.opt("Location Category")
	p.target, p.event = c.opt("Target Type"), c.opt("Influencing Event/Event")
	return p, c.err(FormatPBC)
}

func (p *pbc) convert(rec record) (sarhad.Report, error) {
	var rep sarhad.Report
	sn, ds := rec.get(p.sn), rec.get(p.date)
	if sn == "" && ds == "" {
		return rep, errSkip // the totals line at the end of the file
	}
	if !isID(sn) {
		return rep, fieldErr("S#", "%q is not a row number", sn)
	}
	rep.ID = "pbc-" + sn
	rep.Dataset, rep.Source, rep.SourceReliability = "pbc", "PBC", pbcReliability
	var ok bool
	if rep.Date, ok = pbcDate(ds); !ok {
		return rep, fieldErr("Date", "%q is not a date (Sunday-November 19-1995)", ds)
	}

	lat, lon, err := parseCoords("Latitude", "Longitude", rec.get(p.lat), rec.get(p.lon))
	if err != nil {
		return rep, err
	}
	var prec sarhad.GeoPrecision
	if lat != 0 || lon != 0 {
		prec = sarhad.GeoTown // PBC geocodes the city
	}
	rep.Location = p.res.locate(sarhad.PlaceQuery{
		Province: pbcProvince(known(rec.get(p.province))), Locality: known(rec.get(p.city)),
		Lat: lat, Lon: lon, Precision: prec,
	})

	rep.AttackType = sarhad.AttackSuicide
	rep.TargetType = pbcTarget(rec.get(p.target), rec.get(p.locCategory))
	rep.Perpetrator, rep.Attribution, rep.CrossBorder = sarhad.UnknownActor, sarhad.AttrUnknown, sarhad.NexusUnknown

	var urls []string
	if rep.Killed.Total, err = pbcRange(rec, p.killedMin, p.killedMax, "Killed", &urls); err != nil {
		return rep, err
	}
	if rep.Injured, err = pbcRange(rec, p.injuredMin, p.injuredMax, "Injured", &urls); err != nil {
		return rep, err
	}
	rep.Text = joinText(rec.get(p.location), rec.get(p.event), labelled("Sources", strings.Join(urls, " | ")))
	return rep, nil
}

// pbcDate parses PBC's free-text dates: "Sunday-November 19-1995", "Thursday-Oct-22-2015",
// with the weekday ignored (it is misspelt in places: "Sturday").
func pbcDate(s string) (sarhad.Date, bool) {
	words := dateWords(strings.ReplaceAll(s, "-", " "))
	p, _ := readDateWords(words)
	if p.y == 0 || p.m == 0 || p.d == 0 {
		return sarhad.Date{}, false
	}
	d := sarhad.NewDate(p.y, p.m, p.d)
	return d, d.Validate() == nil
}

// pbcProvince maps PBC's own province code "Capital" to its canonical name; the other codes
// (KPK, FATA, Baluchistan, AJK) are common spellings left to the place resolver.
func pbcProvince(s string) string {
	if strings.EqualFold(s, "capital") {
		return sarhad.ProvinceICT
	}
	return s
}

// pbcRange reads a Min/Max column pair as one count: the range between the two (in either
// order: two rows have Min > Max) with the higher, later toll as the best estimate. "40+"
// reads as 40; a URL typed into a count column is kept in urls and the figure is unknown.
func pbcRange(rec record, minCol, maxCol int, what string, urls *[]string) (sarhad.Count, error) {
	var v [2]float64
	var has [2]bool
	for i, col := range []int{minCol, maxCol} {
		field := what + [2]string{" Min", " Max"}[i]
		s := rec.get(col)
		if strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://") {
			*urls = append(*urls, s)
			continue
		}
		s = strings.TrimSuffix(s, "+")
		var err error
		if v[i], has[i], err = parseAmount(field, s); err != nil {
			return sarhad.Count{}, err
		}
	}
	switch {
	case has[0] && has[1]:
		lo, hi := math.Min(v[0], v[1]), math.Max(v[0], v[1])
		return sarhad.Span(int(math.Floor(lo)), int(math.Round(hi)), int(math.Ceil(hi))), nil
	case has[0]:
		return countOf(v[0]), nil
	case has[1]:
		return countOf(v[1]), nil
	}
	return sarhad.Count{}, nil
}

var pbcTargets = map[string]sarhad.TargetType{
	"military": sarhad.TargetSecurity, "army": sarhad.TargetSecurity, "rangers": sarhad.TargetSecurity,
	"frontier corps": sarhad.TargetSecurity, "fc": sarhad.TargetSecurity,
	"police": sarhad.TargetPolice, "police & rangers": sarhad.TargetPolice,
	"civilian": sarhad.TargetCivilians, "civilian & police": sarhad.TargetCivilians,
	"children/women": sarhad.TargetCivilians, "advocates (lawyers)": sarhad.TargetCivilians,
	"media":               sarhad.TargetCivilians,
	"government official": sarhad.TargetGovernment, "religious": sarhad.TargetReligious,
	"foreigner":      sarhad.TargetForeign,
	"anti-militants": "", // pro-government tribal militias: no canonical target type
}

var pbcLocations = map[string]sarhad.TargetType{
	"police": sarhad.TargetPolice, "military": sarhad.TargetSecurity, "religious": sarhad.TargetReligious,
	"market": sarhad.TargetCivilians, "park/ground": sarhad.TargetCivilians, "residence": sarhad.TargetCivilians,
	"residential building": sarhad.TargetCivilians, "hotel": sarhad.TargetCivilians, "bank": sarhad.TargetCivilians,
	"hospital": sarhad.TargetCivilians, "civilian": sarhad.TargetCivilians, "office building": sarhad.TargetCivilians,
	"government": sarhad.TargetGovernment, "government official": sarhad.TargetGovernment,
	"government/office building": sarhad.TargetGovernment,
	"foreign":                    sarhad.TargetForeign, "foreigner": sarhad.TargetForeign,
	"educational": sarhad.TargetEducation, "transport": sarhad.TargetTransport, "airport": sarhad.TargetTransport,
}

// pbcTarget maps Target Type, or Location Category when the target type is blank or unknown.
func pbcTarget(target, category string) sarhad.TargetType {
	key := func(s string) string { return strings.ToLower(strings.TrimSpace(s)) }
	if t, ok := pbcTargets[key(target)]; ok {
		return t
	}
	return pbcLocations[key(category)]
}
