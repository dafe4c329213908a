package importer

import (
	"net/url"
	"strings"
	"time"

	"github.com/sarhad-osint/sarhad"
)

// ownCSV maps Sarhad's own CSV: the columns of the bundled demo data set, in any order,
// also under the JSON report field names (CODEBOOK.md, "Sarhad CSV").
type ownCSV struct {
	base
	id, date, datePrec, province, district, place, lat, lon, geoPrec int
	perp, perpRaw, attribution, attack, target, nexus                int
	kTotal, kSecurity, kCivilians, kMilitants, injured, hostages     int
	sources, source, reliability, reportedAt, text, marking          int
	dataset, owner                                                   int
}

func newOwnCSV(h *header, res Resolvers) (converter, error) {
	c := &cols{h: h}
	o := &ownCSV{base: base{cols: c, marking: sarhad.DefaultMarking, res: res}}
	o.id = c.req("id")
	o.date, o.datePrec = c.opt("date"), c.opt("date_precision")
	o.province, o.district = c.opt("province"), c.opt("district")
	o.place = c.opt("city_or_place", "place", "locality", "city")
	o.lat, o.lon = c.opt("latitude", "lat"), c.opt("longitude", "lon", "lng")
	o.geoPrec = c.opt("geo_precision")
	o.perp, o.perpRaw = c.opt("perpetrator"), c.opt("perpetrator_raw")
	o.attribution, o.attack, o.target = c.opt("attribution"), c.opt("attack_type"), c.opt("target_type")
	o.nexus = c.opt("cross_border_nexus", "cross_border")
	o.kTotal = c.opt("killed_total", "killed")
	o.kSecurity, o.kCivilians, o.kMilitants = c.opt("killed_security"), c.opt("killed_civilians"), c.opt("killed_militants")
	o.injured, o.hostages = c.opt("injured"), c.opt("hostages")
	o.sources, o.source = c.opt("sources"), c.opt("source")
	o.reliability = c.opt("source_reliability", "reliability")
	o.reportedAt, o.text = c.opt("reported_at"), c.opt("text", "notes")
	o.marking, o.dataset, o.owner = c.opt("marking", "tlp"), c.opt("dataset"), c.opt("owner")
	return o, c.err(FormatCSV)
}

func (o *ownCSV) convert(rec record) (sarhad.Report, error) {
	var rep sarhad.Report
	if rep.ID = rec.get(o.id); rep.ID == "" {
		return rep, fieldErr("id", "is missing")
	}
	rep.Dataset, rep.Owner = rec.get(o.dataset), rec.get(o.owner)
	var ok bool
	var err error

	// Source and text.
	urls := splitSources(rec.get(o.sources))
	if rep.Source = rec.get(o.source); rep.Source == "" && len(urls) > 0 {
		rep.Source = sourceName(urls[0])
	}
	rep.Text = joinText(rec.get(o.text), labelled("Sources", strings.Join(urls, " | ")))
	rs := rec.get(o.reliability)
	if rep.SourceReliability, ok = sarhad.ParseReliability(rs); !ok {
		return rep, fieldErr("source_reliability", "%q is not a grade A–F", rs)
	}
	if ts := rec.get(o.reportedAt); ts != "" {
		if rep.ReportedAt, ok = parseTime(ts); !ok {
			return rep, fieldErr("reported_at", "%q is not an RFC 3339 time", ts)
		}
	}
	if ms := rec.get(o.marking); ms != "" {
		if rep.Marking, ok = sarhad.ParseMarking(ms); !ok {
			return rep, fieldErr("marking", "%q is not a TLP 2.0 label", ms)
		}
	}

	// When and where.
	if rep.Date, err = ownDate(rec.get(o.date), rec.get(o.datePrec)); err != nil {
		return rep, err
	}
	lat, lon, err := parseCoords("latitude", "longitude", rec.get(o.lat), rec.get(o.lon))
	if err != nil {
		return rep, err
	}
	gs := rec.get(o.geoPrec)
	geo, ok := sarhad.ParseGeoPrecision(gs)
	if !ok {
		return rep, fieldErr("geo_precision", "%q is not one of exact, town, tehsil, district, province, country", gs)
	}
	rep.Location = o.res.locate(sarhad.PlaceQuery{
		Province: known(rec.get(o.province)), District: known(rec.get(o.district)),
		Locality: known(rec.get(o.place)), Lat: lat, Lon: lon, Precision: geo,
	})

	// Who, what.
	raw := rec.get(o.perp)
	var named bool
	if rep.Perpetrator, named = o.res.perpetrator(raw); named {
		rep.PerpetratorRaw = raw
	}
	if r := rec.get(o.perpRaw); r != "" {
		rep.PerpetratorRaw = r
	}
	if err := enums(rec, o, &rep); err != nil {
		return rep, err
	}

	// Casualties.
	for _, f := range []struct {
		name string
		col  int
		dst  *sarhad.Count
	}{{"killed_total", o.kTotal, &rep.Killed.Total}, {"killed_security", o.kSecurity, &rep.Killed.Security},
		{"killed_civilians", o.kCivilians, &rep.Killed.Civilians}, {"killed_militants", o.kMilitants, &rep.Killed.Militants},
		{"injured", o.injured, &rep.Injured}, {"hostages", o.hostages, &rep.Hostages}} {
		if *f.dst, err = parseCountText(f.name, rec.get(f.col)); err != nil {
			return rep, err
		}
	}
	return rep, nil
}

// enums reads the columns with canonical values: attribution, attack and target type, nexus.
func enums(rec record, o *ownCSV, rep *sarhad.Report) error {
	var ok bool
	s := rec.get(o.attribution)
	if rep.Attribution, ok = sarhad.ParseAttribution(s); !ok {
		return fieldErr("attribution", "%q is not one of claimed, official, suspected, denied, unknown", s)
	}
	s = known(rec.get(o.attack))
	if rep.AttackType, ok = sarhad.ParseAttackType(s); !ok {
		return fieldErr("attack_type", "%q is not a canonical attack type", s)
	}
	s = known(rec.get(o.target))
	if rep.TargetType, ok = sarhad.ParseTargetType(s); !ok {
		return fieldErr("target_type", "%q is not a canonical target type", s)
	}
	s = rec.get(o.nexus)
	if rep.CrossBorder, ok = sarhad.ParseNexus(s); !ok {
		return fieldErr("cross_border_nexus", "%q is not yes, no or unknown", s)
	}
	return nil
}

// ownDate parses date (YYYY-MM-DD, YYYY-MM or YYYY) with date_precision (day, month, year):
// a month-precision row carries the first of the month, which is not a known day.
func ownDate(s, prec string) (sarhad.Date, error) {
	if isUnknown(s) {
		return sarhad.Date{}, nil
	}
	d, err := sarhad.ParseDate(s)
	if err != nil {
		return d, fieldErr("date", "%q is not YYYY-MM-DD, YYYY-MM or YYYY", s)
	}
	switch strings.ToLower(prec) {
	case "", "day":
	case "month":
		d.Day = 0
	case "year":
		d.Month, d.Day = 0, 0
	default:
		return d, fieldErr("date_precision", "%q is not day, month or year", prec)
	}
	return d, nil
}

// parseCountText parses a count as people write it: "12", "10-14" or "10–14" (best the
// higher, later figure), "10–14 (best 12)" (how a Count prints), or an unknown marker.
func parseCountText(field, s string) (sarhad.Count, error) {
	if isUnknown(s) {
		return sarhad.Count{}, nil
	}
	body, best, hasBest := strings.Cut(strings.ReplaceAll(s, "–", "-"), "(best")
	body = strings.TrimSpace(body)
	lo, hi, isRange := strings.Cut(body, "-")
	if !isRange || lo == "" {
		return parseCountExact(field, s, body)
	}
	l, err := parseCountExact(field, s, strings.TrimSpace(lo))
	if err != nil {
		return l, err
	}
	h, err := parseCountExact(field, s, strings.TrimSpace(hi))
	if err != nil {
		return h, err
	}
	c := sarhad.Span(l.Best, h.Best, h.Best)
	if hasBest {
		b, err := parseCountExact(field, s, strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(best), ")")))
		if err != nil {
			return b, err
		}
		c.Best = b.Best
	}
	if c.Validate() != nil {
		return sarhad.Count{}, fieldErr(field, "%q is not a range low–high with low ≤ best ≤ high", s)
	}
	return c, nil
}

func parseCountExact(field, whole, s string) (sarhad.Count, error) {
	f, ok, err := parseAmount(field, s)
	switch {
	case err != nil && s != whole:
		return sarhad.Count{}, fieldErr(field, "%q is not a count or a range low–high", whole)
	case err != nil:
		return sarhad.Count{}, err
	case !ok:
		return sarhad.Count{}, fieldErr(field, "%q is not a count or a range low–high", whole)
	}
	return countOf(f), nil
}

// splitSources splits the sources column: URLs separated by " | " (or ";").
func splitSources(s string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == '|' || r == ';' }) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// sourceName names an outlet by the host of its URL ("https://www.dawn.com/news/1" →
// "dawn.com"); text that is not a URL is the name itself.
func sourceName(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return s
	}
	return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
}

// parseTime parses an RFC 3339 time, or the same without a zone (read as UTC), or a date.
func parseTime(s string) (time.Time, bool) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}
