// Package synth generates realistic synthetic reports for tests and benchmarks.
//
// The output is deterministic for a given Config: the same seed yields the same reports on
// every machine. The distributions are plausible, not calibrated: violence rises from 2006,
// peaks 2009–2013, falls to 2020 and rises again; Khyber Pakhtunkhwa and Balochistan carry
// most of it; actors depend on the province and the period; most attacks kill no one or a
// few people and a few kill many; many figures are unknown, some are ranges. Names are the
// canonical names of INTERCHANGE.md. Nothing here describes a real event.
package synth

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/sarhad-osint/sarhad"
)

// Config parameterizes a Generator. The zero Config is valid.
type Config struct {
	Seed uint64
	// FirstYear and LastYear bound the event dates (defaults 2000 and 2025).
	FirstYear, LastYear int
	// RevisionRate is the share of reports that are corrections of an earlier report (same
	// id, source and owner, other figures).
	RevisionRate float64
	// IDPrefix is prepended to every report id (default "syn"), so that several generators
	// can feed one store without their ids colliding.
	IDPrefix string
	// PerDay is the average number of reports per day of the stream (default 105, which
	// spreads 1,000,000 reports over 2000–2025); busy years get more, quiet years fewer.
	PerDay float64
	// Shuffled draws every event date at random from the whole period instead of following
	// the arrival order, the worst case for date-ordered indexes.
	Shuffled bool
}

// Generator produces reports in arrival order: a stream that walks day by day from
// FirstYear to LastYear (then starts over), where most reports describe an attack of the
// same day or up to three days before, and 5% are late: backfills dated anywhere earlier.
// It is not safe for concurrent use.
type Generator struct {
	c       Config
	clock   time.Time // the day being reported
	left    int       // reports still due on that day
	meanW   float64
	rng     *rand.Rand
	n       int
	recent  []sarhad.Report // ring of recent reports that revisions correct
	years   []weighted[int]
	provs   []weighted[*province]
	dists   map[string][]weighted[string]
	sources []weighted[source]
}

type weighted[T any] struct {
	v T
	w float64 // cumulative
}

func cumulative[T any](vals []T, weight func(T) float64) []weighted[T] {
	out := make([]weighted[T], len(vals))
	sum := 0.0
	for i, v := range vals {
		sum += weight(v)
		out[i] = weighted[T]{v, sum}
	}
	return out
}

func pick[T any](r *rand.Rand, ws []weighted[T]) T {
	x := r.Float64() * ws[len(ws)-1].w
	lo, hi := 0, len(ws)-1
	for lo < hi {
		m := (lo + hi) / 2
		if ws[m].w > x {
			hi = m
		} else {
			lo = m + 1
		}
	}
	return ws[lo].v
}

// yearWeight is the relative number of attacks per year.
var yearWeight = map[int]float64{
	2000: 1, 2001: 1.5, 2002: 2, 2003: 2, 2004: 3, 2005: 3, 2006: 5, 2007: 9, 2008: 12, 2009: 14,
	2010: 13, 2011: 12, 2012: 12, 2013: 13, 2014: 10, 2015: 6, 2016: 4, 2017: 4, 2018: 3, 2019: 2.5,
	2020: 2.5, 2021: 3.5, 2022: 5, 2023: 7, 2024: 9, 2025: 9,
}

func weightOf(y int) float64 {
	if w, ok := yearWeight[y]; ok {
		return w
	}
	return 3
}

// when returns the day of the next report's event and the day it is received.
func (g *Generator) when() (event, received time.Time) {
	rng := g.rng
	if g.c.Shuffled {
		d := time.Date(pick(rng, g.years), 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, rng.IntN(365))
		return d, d.AddDate(0, 0, rng.IntN(3))
	}
	for g.left <= 0 {
		g.clock = g.clock.AddDate(0, 0, 1)
		if g.clock.Year() > g.c.LastYear {
			g.clock = time.Date(g.c.FirstYear, 1, 1, 0, 0, 0, 0, time.UTC)
		}
		lambda := g.c.PerDay * weightOf(g.clock.Year()) / g.meanW
		g.left = int(math.Round(lambda + math.Sqrt(lambda)*rng.NormFloat64()))
	}
	g.left--
	if rng.Float64() < 0.05 {
		first := time.Date(g.c.FirstYear, 1, 1, 0, 0, 0, 0, time.UTC)
		days := int(g.clock.Sub(first).Hours()/24) + 1
		return first.AddDate(0, 0, rng.IntN(days)), g.clock
	}
	lag := [...]int{0, 0, 0, 1, 1, 2, 3}[rng.IntN(7)]
	return g.clock.AddDate(0, 0, -lag), g.clock
}

// source is an outlet, data set or agency that reports attacks.
type source struct {
	name, dataset, prefix string
	rel                   sarhad.Reliability
	weight                float64
	// kind decides owner and marking: "dataset" rows are the system's and TLP:CLEAR, "news"
	// is shared widely, "field" reports are an agency's own and restricted.
	kind string
}

var sourceList = []source{
	{"GTD", "gtd", "gtd", sarhad.ReliabilityB, 18, "dataset"},
	{"ACLED", "acled", "acled", sarhad.ReliabilityB, 16, "dataset"},
	{"UCDP", "ucdp", "ucdp", sarhad.ReliabilityB, 6, "dataset"},
	{"PBC", "pbc", "pbc", sarhad.ReliabilityC, 2, "dataset"},
	{"Dawn", "", "dawn", sarhad.ReliabilityB, 12, "news"},
	{"The Express Tribune", "", "et", sarhad.ReliabilityB, 9, "news"},
	{"The News", "", "tn", sarhad.ReliabilityB, 6, "news"},
	{"Geo News", "", "geo", sarhad.ReliabilityC, 5, "news"},
	{"BBC Urdu", "", "bbcu", sarhad.ReliabilityB, 3, "news"},
	{"ISPR", "", "ispr", sarhad.ReliabilityC, 5, "news"},
	{"CTD field report", "", "fr", sarhad.ReliabilityB, 10, "field"},
	{"Border post alert", "", "bpa", sarhad.ReliabilityC, 4, "field"},
}

// agencies own news and field reports.
var agencies = []weighted[string]{{"ctd-kp", 40}, {"ctd-balochistan", 70}, {"fc-north", 85}, {"police-sindh", 100}}

// New returns a generator.
func New(c Config) *Generator {
	if c.FirstYear == 0 {
		c.FirstYear = 2000
	}
	if c.LastYear == 0 {
		c.LastYear = 2025
	}
	if c.IDPrefix == "" {
		c.IDPrefix = "syn"
	}
	if c.PerDay <= 0 {
		c.PerDay = 105
	}
	g := &Generator{c: c, rng: rand.New(rand.NewPCG(c.Seed, 0x5a4ad)), dists: map[string][]weighted[string]{}}
	var years []int
	for y := c.FirstYear; y <= c.LastYear; y++ {
		years = append(years, y)
	}
	g.years = cumulative(years, weightOf)
	g.meanW = g.years[len(g.years)-1].w / float64(len(years))
	g.clock = time.Date(c.FirstYear, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -1)
	ps := make([]*province, len(provinces))
	for i := range provinces {
		p := &provinces[i]
		ps[i] = p
		ds := cumulative(p.districts, func(d district) float64 { return d.weight })
		names := make([]weighted[string], len(ds))
		for j, d := range ds {
			names[j] = weighted[string]{d.v.name, d.w}
		}
		g.dists[p.name] = names
	}
	g.provs = cumulative(ps, func(p *province) float64 { return p.weight })
	g.sources = cumulative(sourceList, func(s source) float64 { return s.weight })
	return g
}

// Batch returns the next n reports.
func (g *Generator) Batch(n int) []sarhad.Report {
	out := make([]sarhad.Report, n)
	for i := range out {
		out[i] = g.Next()
	}
	return out
}

// Next returns the next report.
func (g *Generator) Next() sarhad.Report {
	if len(g.recent) > 0 && g.rng.Float64() < g.c.RevisionRate {
		return g.revision()
	}
	g.n++
	r := g.fresh()
	const ring = 1000
	if len(g.recent) < ring {
		g.recent = append(g.recent, r)
	} else {
		g.recent[g.n%ring] = r
	}
	return r
}

// revision returns a correction of a recent report: new figures, the rest unchanged.
func (g *Generator) revision() sarhad.Report {
	i := g.rng.IntN(len(g.recent))
	r := g.recent[i]
	r.Killed = sarhad.Tally{Total: g.tally(r.Killed.Total.BestOr0()+1+g.rng.IntN(5), r.TargetType).Total}
	r.ReportedAt = r.ReportedAt.Add(time.Duration(1+g.rng.IntN(72)) * time.Hour)
	r.Hash = ""
	g.recent[i] = r
	return r
}

func (g *Generator) fresh() sarhad.Report {
	rng := g.rng
	src := pick(rng, g.sources)
	r := sarhad.Report{
		ID:                fmt.Sprintf("%s-%s-%08d", g.c.IDPrefix, src.prefix, g.n),
		Source:            src.name,
		SourceReliability: src.rel,
		Dataset:           src.dataset,
	}
	// When.
	day, received := g.when()
	year := day.Year()
	switch x := rng.Float64(); {
	case x < 0.88:
		r.Date = sarhad.DateOf(day)
	case x < 0.97:
		r.Date = sarhad.NewDate(year, int(day.Month()), 0)
	case x < 0.99:
		r.Date = sarhad.NewDate(year, 0, 0)
	}
	r.ReportedAt = received.Add(time.Duration(rng.IntN(24*60*60)) * time.Second)

	// Where.
	p := pick(rng, g.provs)
	r.Location.Province = p.name
	switch x := rng.Float64(); {
	case x < 0.92:
		r.Location.District = pick(rng, g.dists[p.name])
		r.Location.Precision = sarhad.GeoDistrict
	case x < 0.97:
		r.Location.Precision = sarhad.GeoProvince
	default:
		r.Location.Province = ""
	}
	if r.Location.District != "" && rng.Float64() < 0.35 {
		r.Location.Lat = round4(p.lat + rng.NormFloat64()*p.spread)
		r.Location.Lon = round4(p.lon + rng.NormFloat64()*p.spread)
		r.Location.Precision = sarhad.GeoTown
		if rng.Float64() < 0.2 {
			r.Location.Precision = sarhad.GeoExact
		}
		r.Location.Place = places[rng.IntN(len(places))]
	}

	// What.
	r.AttackType = g.attackType(year, p.name)
	r.TargetType = targetTypes[rng.IntN(len(targetTypes))]
	actor, raw := g.actor(year, p.name)
	r.Perpetrator, r.PerpetratorRaw = actor, raw
	if actor != sarhad.UnknownActor {
		r.Attribution = attributions[rng.IntN(len(attributions))]
	} else {
		r.Attribution = sarhad.AttrUnknown
	}
	r.CrossBorder = sarhad.NexusUnknown
	if p.name == sarhad.ProvinceKP || p.name == sarhad.ProvinceBalochistan {
		switch x := rng.Float64(); {
		case x < 0.08:
			r.CrossBorder = sarhad.NexusYes
		case x < 0.1:
			r.CrossBorder = sarhad.NexusNo
		}
	}

	// Casualties: many unknown or zero, a long tail.
	if rng.Float64() < 0.9 {
		mu := 0.3
		if r.AttackType == sarhad.AttackSuicide {
			mu = 2.0
		}
		k := 0
		if rng.Float64() > 0.4 {
			k = min(1+int(math.Exp(mu+rng.NormFloat64()*1.1)), 400)
		}
		r.Killed = g.tally(k, r.TargetType)
	}
	if rng.Float64() < 0.2 {
		r.Killed.Militants = sarhad.Exact(0)
		if rng.Float64() < 0.5 {
			r.Killed.Militants = sarhad.Exact(1 + rng.IntN(8))
		}
	}
	if rng.Float64() < 0.8 {
		inj := 0
		if rng.Float64() > 0.35 {
			inj = int(float64(r.Killed.Total.BestOr0())*rng.Float64()*3) + int(math.Exp(rng.NormFloat64()))
		}
		r.Injured = sarhad.Exact(inj)
	}
	if r.AttackType == sarhad.AttackHostageTaking || r.AttackType == sarhad.AttackHijacking {
		r.Hostages = sarhad.Exact(1 + int(math.Exp(1+rng.NormFloat64())))
	} else if rng.Float64() < 0.05 {
		r.Hostages = sarhad.Exact(0)
	}

	// Who may see it.
	switch src.kind {
	case "dataset":
		r.Owner, r.Marking = sarhad.SystemAgency, sarhad.TLPClear
	case "news":
		r.Owner = pick(rng, agencies)
		r.Marking = []sarhad.Marking{sarhad.TLPClear, sarhad.TLPGreen, sarhad.TLPGreen, sarhad.TLPAmber}[rng.IntN(4)]
	default:
		r.Owner = pick(rng, agencies)
		r.Marking = []sarhad.Marking{sarhad.TLPAmber, sarhad.TLPAmber, sarhad.TLPAmberStrict, sarhad.TLPRed}[rng.IntN(4)]
	}
	r.Text = g.text(&r)
	if src.kind != "dataset" && rng.Float64() < 0.05 && r.Killed.Total.Known {
		n := fmt.Sprint(r.Killed.Total.Best)
		r.Evidence = map[string]sarhad.Evidence{"killed": {Start: 0, End: len(n), Snippet: n, Confidence: 0.9}}
	}
	return r
}

func round4(x float64) float64 { return math.Round(x*1e4) / 1e4 }

// tally splits k people killed between security forces and civilians the way a target type
// suggests; sometimes only the total is known, sometimes the total is a range.
func (g *Generator) tally(k int, t sarhad.TargetType) sarhad.Tally {
	rng := g.rng
	var out sarhad.Tally
	if k > 3 && rng.Float64() < 0.15 {
		lo, hi := k-rng.IntN(k/3+1), k+rng.IntN(k/2+1)
		out.Total = sarhad.Span(lo, k, hi)
		return out
	}
	out.Total = sarhad.Exact(k)
	if rng.Float64() < 0.6 {
		share := 0.2
		if t == sarhad.TargetSecurity || t == sarhad.TargetPolice {
			share = 0.8
		}
		sec := int(math.Round(float64(k) * share * (0.5 + rng.Float64())))
		sec = min(sec, k)
		out.Security, out.Civilians = sarhad.Exact(sec), sarhad.Exact(k-sec)
	}
	return out
}

var (
	targetTypes = []sarhad.TargetType{
		sarhad.TargetSecurity, sarhad.TargetSecurity, sarhad.TargetSecurity, sarhad.TargetSecurity,
		sarhad.TargetPolice, sarhad.TargetPolice, sarhad.TargetPolice,
		sarhad.TargetCivilians, sarhad.TargetCivilians, sarhad.TargetCivilians,
		sarhad.TargetReligious, sarhad.TargetPolitical, sarhad.TargetInfrastructure, sarhad.TargetGovernment,
		sarhad.TargetTransport, sarhad.TargetEducation, sarhad.TargetForeign, "",
	}
	attributions = []sarhad.Attribution{
		sarhad.AttrClaimed, sarhad.AttrClaimed, sarhad.AttrClaimed, sarhad.AttrSuspected, sarhad.AttrSuspected,
		sarhad.AttrOfficial, sarhad.AttrOfficial, sarhad.AttrDenied,
	}
)

func (g *Generator) attackType(year int, prov string) sarhad.AttackType {
	rng := g.rng
	suicide := 2.0
	if year >= 2007 && year <= 2014 {
		suicide = 8
	}
	border := 1.0
	if prov == sarhad.ProvinceKP || prov == sarhad.ProvinceBalochistan {
		border = 4
	}
	ws := []weighted[sarhad.AttackType]{
		{sarhad.AttackArmedAssault, 30}, {sarhad.AttackIED, 25}, {sarhad.AttackTargetedKill, 15},
		{sarhad.AttackSuicide, suicide}, {sarhad.AttackAmbush, 8}, {sarhad.AttackRocketMortar, 5},
		{sarhad.AttackHostageTaking, 3}, {sarhad.AttackCrossBorder, border}, {sarhad.AttackArsonSabotage, 3},
		{sarhad.AttackHijacking, 0.3}, {sarhad.AttackOther, 2}, {"", 3},
	}
	sum := 0.0
	for i := range ws {
		sum += ws[i].w
		ws[i].w = sum
	}
	return pick(rng, ws)
}

// actorSpec is an actor active in some provinces over some years, with spellings reports use.
type actorSpec struct {
	name       string
	from, to   int
	provinces  map[string]float64
	spellings  []string
	baseWeight float64
}

var actorSpecs = []actorSpec{
	{"Tehrik-i-Taliban Pakistan", 2007, 2100, map[string]float64{sarhad.ProvinceKP: 10, sarhad.ProvincePunjab: 4, sarhad.ProvinceSindh: 3, sarhad.ProvinceBalochistan: 2, sarhad.ProvinceICT: 4, sarhad.ProvinceGB: 2}, []string{"TTP", "Tehreek-e-Taliban Pakistan", "Pakistani Taliban", "Fitna al-Khawarij"}, 1},
	{"Hafiz Gul Bahadur Group", 2008, 2100, map[string]float64{sarhad.ProvinceKP: 2}, []string{"Hafiz Gul Bahadur group", "HGB"}, 1},
	{"Jamaat-ul-Ahrar", 2014, 2021, map[string]float64{sarhad.ProvinceKP: 2, sarhad.ProvincePunjab: 2}, []string{"JuA", "Jamaat ul Ahrar"}, 1},
	{"Lashkar-e-Islam", 2004, 2015, map[string]float64{sarhad.ProvinceKP: 2}, []string{"LeI", "Lashkar-i-Islam"}, 1},
	{"Islamic State Khorasan Province", 2015, 2100, map[string]float64{sarhad.ProvinceKP: 2, sarhad.ProvinceBalochistan: 2, sarhad.ProvinceSindh: 1}, []string{"ISKP", "ISIS-K", "Daesh"}, 1},
	{"Tehreek-e-Jihad Pakistan", 2023, 2100, map[string]float64{sarhad.ProvinceKP: 1, sarhad.ProvinceBalochistan: 1}, []string{"TJP"}, 1},
	{"Balochistan Liberation Army", 2000, 2100, map[string]float64{sarhad.ProvinceBalochistan: 10, sarhad.ProvinceSindh: 2, sarhad.ProvincePunjab: 0.5}, []string{"BLA", "Baloch Liberation Army"}, 1},
	{"Balochistan Liberation Front", 2004, 2100, map[string]float64{sarhad.ProvinceBalochistan: 6}, []string{"BLF", "Baloch Liberation Front"}, 1},
	{"Baloch Republican Army", 2006, 2022, map[string]float64{sarhad.ProvinceBalochistan: 3, sarhad.ProvincePunjab: 0.5}, []string{"BRA"}, 1},
	{"Lashkar-e-Jhangvi", 2000, 2018, map[string]float64{sarhad.ProvinceBalochistan: 2, sarhad.ProvincePunjab: 2, sarhad.ProvinceSindh: 2}, []string{"LeJ", "Lashkar-i-Jhangvi"}, 1},
	{"Sindhudesh Revolutionary Army", 2010, 2100, map[string]float64{sarhad.ProvinceSindh: 2}, []string{"SRA"}, 1},
}

// actor picks a perpetrator active in the province that year, or unknown (about 45%), and
// the spelling the report used.
func (g *Generator) actor(year int, prov string) (string, string) {
	rng := g.rng
	if rng.Float64() < 0.45 {
		return sarhad.UnknownActor, ""
	}
	sum := 0.0
	var ws []weighted[*actorSpec]
	for i := range actorSpecs {
		a := &actorSpecs[i]
		if w := a.provinces[prov]; w > 0 && year >= a.from && year <= a.to {
			sum += w
			ws = append(ws, weighted[*actorSpec]{a, sum})
		}
	}
	if len(ws) == 0 {
		return sarhad.UnknownActor, ""
	}
	a := pick(rng, ws)
	if rng.Float64() < 0.5 {
		return a.name, a.name
	}
	return a.name, a.spellings[rng.IntN(len(a.spellings))]
}

func (g *Generator) text(r *sarhad.Report) string {
	where := r.Location.District
	if where == "" {
		where = r.Location.Province
	}
	if where == "" {
		where = "Pakistan"
	}
	who := "Unidentified assailants"
	if r.PerpetratorRaw != "" {
		who = "Militants of the " + r.PerpetratorRaw
	}
	what := string(r.AttackType)
	if what == "" {
		what = "attack"
	}
	target := string(r.TargetType)
	if target == "" {
		target = "people"
	}
	casualties := "Casualty figures were not available."
	if r.Killed.Total.Known {
		casualties = fmt.Sprintf("%s people were killed", r.Killed.Total)
		if r.Injured.Known {
			casualties += fmt.Sprintf(" and %d injured", r.Injured.Best)
		}
		casualties += "."
	}
	return fmt.Sprintf("%s carried out an %s on %s in %s (%s). %s", who, what, target, where, r.Date, casualties)
}
