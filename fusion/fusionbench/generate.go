package fusionbench

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/sarhad-osint/sarhad"
	"github.com/sarhad-osint/sarhad/importer"
)

// Config parameterises the noise model. The zero value is the documented benchmark.
type Config struct {
	// Seed makes the output reproducible; the benchmark uses 1.
	Seed uint64
	// DatasetShare is the share of events whose data set row is itself one of the reports
	// (default 0.5).
	DatasetShare float64
}

// source is an outlet with its Admiralty grade and what it tends to be.
type source struct {
	name  string
	grade sarhad.Reliability
	local bool // names towns and gives the first, low figures
	wire  bool // others republish its copy
}

// sources are the outlets of the noise model, most frequent first.
var sources = []source{
	{"Dawn", "B", false, false},
	{"The Express Tribune", "B", false, false},
	{"The News", "B", false, false},
	{"APP", "C", false, true},
	{"Geo News", "C", true, false},
	{"Dunya News", "C", true, false},
	{"Daily Jang", "C", true, false},
	{"Reuters", "A", false, true},
	{"AFP", "B", false, true},
	{"BBC Urdu", "B", false, false},
	{"Tribal News Network", "D", true, false},
	{"The Balochistan Post", "D", true, false},
	{"Police statement", "C", true, false},
	{"ISPR", "B", false, false},
	{"social media post", "E", true, false},
}

// sourceWeights are the relative frequencies of sources.
var sourceWeights = []float64{16, 12, 12, 9, 8, 6, 6, 4, 4, 4, 4, 3, 5, 3, 3}

// sizeWeights are the relative frequencies of 1–6 reports per event (skewed).
var sizeWeights = []float64{30, 25, 18, 12, 9, 6}

// generator holds the state of one Generate call.
type generator struct {
	rng     *rand.Rand
	cfg     Config
	aliases Aliases
	actors  sarhad.ActorResolver
	seq     int
}

// Generate builds the noisy multi-source reports of events (see BENCHMARK.md). The reports
// are written in the interchange form with names as sources write them and read back
// through the importer with res, as `sarhad fuse` would read them. truth[i] is the index in
// events of report i's event.
func Generate(events []sarhad.Report, cfg Config, res importer.Resolvers, aliases Aliases) ([]sarhad.Report, []int, error) {
	if cfg.DatasetShare == 0 {
		cfg.DatasetShare = 0.5
	}
	g := &generator{rng: rand.New(rand.NewPCG(cfg.Seed, 0x5a4ad)), cfg: cfg, aliases: aliases, actors: res.Actors}
	var buf bytes.Buffer
	var truth []int
	for i := range events {
		for _, r := range g.event(&events[i]) {
			b, err := json.Marshal(r)
			if err != nil {
				return nil, nil, err
			}
			buf.Write(b)
			buf.WriteByte('\n')
			truth = append(truth, i)
		}
	}
	rd, err := importer.NewReader(importer.FormatJSONL, &buf, "benchmark", importer.Options{Resolvers: res})
	if err != nil {
		return nil, nil, err
	}
	out := make([]sarhad.Report, 0, len(truth))
	for {
		row, err := rd.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, nil, err
		}
		if row.Err != nil {
			return nil, nil, fmt.Errorf("generated report rejected: %w", row.Err)
		}
		out = append(out, row.Report)
	}
	if len(out) != len(truth) {
		return nil, nil, fmt.Errorf("generated %d reports, read back %d", len(truth), len(out))
	}
	return out, truth, nil
}

func (g *generator) chance(p float64) bool { return g.rng.Float64() < p }

func (g *generator) pick(weights []float64) int {
	t := 0.0
	for _, w := range weights {
		t += w
	}
	x := g.rng.Float64() * t
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
}

func oneOf[T any](g *generator, xs []T) T { return xs[g.rng.IntN(len(xs))] }

// event returns the reports of one true event, in the order they were published.
func (g *generator) event(ev *sarhad.Report) []sarhad.Report {
	k := g.pick(sizeWeights) + 1
	var out []sarhad.Report
	if g.chance(g.cfg.DatasetShare) {
		r := *ev
		r.Hash = ""
		r.Location.PlaceID = ""
		out = append(out, r)
		k--
	}
	if k == 0 {
		return out
	}
	day := ev.Date.Start()
	if ev.Date.IsZero() {
		day = time.Date(2010, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	// Publication times: the first within hours, the rest spread over the next days.
	times := make([]time.Time, k)
	t := day.Add(time.Duration(2+g.rng.IntN(12)) * time.Hour)
	for i := range times {
		times[i] = t
		t = t.Add(time.Duration(g.rng.ExpFloat64()*14*float64(time.Hour)) + 30*time.Minute)
	}
	claimIdx := -1
	named := ev.Perpetrator != "" && ev.Perpetrator != sarhad.UnknownActor
	if named && ev.Attribution == sarhad.AttrClaimed && k >= 2 && g.chance(0.3) {
		claimIdx = 1 + g.rng.IntN(k-1)
	}
	var prev []sarhad.Report
	for i := 0; i < k; i++ {
		var r sarhad.Report
		if i == claimIdx {
			r = g.claim(ev, times[i])
		} else if i > 0 && g.chance(0.05) && prev[len(prev)-1].Text != "" {
			r = g.syndicate(prev[len(prev)-1], times[i])
		} else {
			r = g.news(ev, i, k, times[i])
		}
		prev = append(prev, r)
	}
	return append(out, prev...)
}

func (g *generator) id() string {
	g.seq++
	return fmt.Sprintf("n-%d", g.seq)
}

// news is one outlet's report of ev, the i-th of k.
func (g *generator) news(ev *sarhad.Report, i, k int, at time.Time) sarhad.Report {
	src := sources[g.pick(sourceWeights)]
	r := sarhad.Report{ID: g.id(), Source: src.name, ReportedAt: at}
	if g.chance(0.8) {
		r.SourceReliability = src.grade
	}
	r.Date = g.date(ev.Date, at)
	r.Location = g.place(ev.Location)
	r.Perpetrator, r.Attribution = g.perpetrator(ev)
	r.AttackType = g.attack(ev.AttackType)
	r.TargetType = g.target(ev.TargetType)
	r.Killed.Total = g.toll(ev.Killed.Total, i, k, src.local)
	r.Injured = g.toll(ev.Injured, i, k, src.local)
	if g.chance(0.03) {
		r.Injured = sarhad.Count{}
	}
	if g.chance(0.9) { // news comes as text; a few are bare alerts or bulletins
		r.Text = g.text(ev, &r)
	}
	return r
}

// date: mostly the day of the attack; reports of the next day often give the publication
// day; a few are a day or two off or give only the month.
func (g *generator) date(d sarhad.Date, at time.Time) sarhad.Date {
	if d.Precision() != sarhad.PrecisionDay {
		return d
	}
	x := g.rng.Float64()
	switch {
	case x < 0.02:
		return sarhad.NewDate(d.Year, d.Month, 0)
	case x < 0.05:
		return shift(d, oneOf(g, []int{-1, 1}))
	case x < 0.07:
		return shift(d, oneOf(g, []int{-2, 2}))
	}
	if pub := sarhad.DateOf(at); pub.DayNumber() == d.DayNumber()+1 && g.chance(0.3) {
		return pub // "yesterday" read as the day of publication
	}
	return d
}

func shift(d sarhad.Date, days int) sarhad.Date {
	return sarhad.DateFromDayNumber(d.DayNumber() + days)
}

// place: a town, a district, a province, bare coordinates, old names, or nothing.
func (g *generator) place(l sarhad.Location) sarhad.Location {
	prov := g.spelling(l.Province, 0.3)
	dist := g.spelling(l.District, 0.3)
	town := l.Place
	if l.Precision.Rank() > sarhad.GeoTehsil.Rank() || strings.Contains(strings.ToLower(town), "district") {
		town = ""
	}
	x := g.rng.Float64()
	switch {
	case x < 0.03:
		return sarhad.Location{}
	case x < 0.15:
		return sarhad.Location{Province: prov}
	case x < 0.25 && l.HasCoords():
		// Coordinates only, within a few km of the site, precision unstated.
		lat := l.Lat + (g.rng.Float64()-0.5)*0.05
		lon := l.Lon + (g.rng.Float64()-0.5)*0.05
		return sarhad.Location{Lat: math.Round(lat*1e4) / 1e4, Lon: math.Round(lon*1e4) / 1e4}
	case x < 0.55 && town != "":
		if g.chance(0.5) {
			return sarhad.Location{Place: town}
		}
		return sarhad.Location{Province: prov, Place: town}
	case x < 0.7 && town != "":
		return sarhad.Location{Province: prov, District: dist, Place: town}
	}
	if dist == "" {
		return sarhad.Location{Province: prov}
	}
	if g.chance(0.5) {
		return sarhad.Location{District: dist}
	}
	return sarhad.Location{Province: prov, District: dist}
}

// spelling returns name or, with probability p, one of its aliases.
func (g *generator) spelling(name string, p float64) string {
	if al := g.aliases[name]; len(al) > 0 && g.chance(p) {
		return oneOf(g, al)
	}
	return name
}

// perpetrator: named groups are often not named yet, named by an alias, by their parent,
// or wrongly suspected; unknown ones are sometimes blamed on a likely group.
func (g *generator) perpetrator(ev *sarhad.Report) (string, sarhad.Attribution) {
	named := ev.Perpetrator != "" && ev.Perpetrator != sarhad.UnknownActor
	if !named {
		if g.chance(0.1) {
			return g.likely(ev.Location.Province), sarhad.AttrSuspected
		}
		return oneOf(g, []string{"", "", "unknown", "militants", "unidentified gunmen"}), ""
	}
	x := g.rng.Float64()
	switch {
	case x < 0.3:
		return oneOf(g, []string{"", "unknown", "militants"}), ""
	case x < 0.38:
		if p := g.parent(ev.Perpetrator); p != "" {
			return p, sarhad.AttrSuspected
		}
	case x < 0.43:
		return g.likely(ev.Location.Province), sarhad.AttrSuspected
	}
	st := ev.Attribution
	if st == sarhad.AttrClaimed && g.chance(0.3) {
		st = sarhad.AttrSuspected // the claim came later
	}
	return g.alias(ev.Perpetrator), st
}

// likely is a group often blamed in the province.
func (g *generator) likely(province string) string {
	switch province {
	case sarhad.ProvinceBalochistan:
		return oneOf(g, []string{"BLA", "BLF", "Baloch Republican Army", "Lashkar-e-Jhangvi"})
	case sarhad.ProvinceSindh:
		return oneOf(g, []string{"TTP", "Lashkar-e-Jhangvi", "Sindhudesh Liberation Army"})
	}
	return oneOf(g, []string{"TTP", "Tehreek-e-Taliban Pakistan", "Lashkar-e-Islam", "Jamaat-ul-Ahrar"})
}

// alias returns a spelling of the actor: its name, abbreviation or an alias.
func (g *generator) alias(name string) string {
	if g.actors == nil {
		return name
	}
	m, ok := g.actors.ResolveActor(name)
	if !ok {
		return name
	}
	opts := []string{m.Actor.Name}
	if m.Actor.Abbrev != "" {
		opts = append(opts, m.Actor.Abbrev, m.Actor.Abbrev)
	}
	opts = append(opts, m.Actor.Aliases...)
	return oneOf(g, opts)
}

func (g *generator) parent(name string) string {
	if g.actors == nil {
		return ""
	}
	m, ok := g.actors.ResolveActor(name)
	if !ok || m.Actor.Parent == "" {
		return ""
	}
	p, ok := g.actors.ActorByID(m.Actor.Parent)
	if !ok {
		return ""
	}
	return p.Name
}

var attackFamilies = map[sarhad.AttackType][]sarhad.AttackType{
	sarhad.AttackSuicide:       {sarhad.AttackIED},
	sarhad.AttackIED:           {sarhad.AttackSuicide, sarhad.AttackRocketMortar},
	sarhad.AttackArmedAssault:  {sarhad.AttackAmbush, sarhad.AttackTargetedKill},
	sarhad.AttackAmbush:        {sarhad.AttackArmedAssault},
	sarhad.AttackTargetedKill:  {sarhad.AttackArmedAssault},
	sarhad.AttackHostageTaking: {sarhad.AttackArmedAssault},
	sarhad.AttackRocketMortar:  {sarhad.AttackIED},
	sarhad.AttackArsonSabotage: {sarhad.AttackIED},
}

func (g *generator) attack(t sarhad.AttackType) sarhad.AttackType {
	x := g.rng.Float64()
	switch {
	case t == "":
		return ""
	case x < 0.12:
		return ""
	case x < 0.2:
		if f := attackFamilies[t]; len(f) > 0 {
			return oneOf(g, f)
		}
	case x < 0.24:
		return sarhad.AttackOther
	}
	return t
}

var targetFamilies = map[sarhad.TargetType][]sarhad.TargetType{
	sarhad.TargetSecurity:  {sarhad.TargetPolice},
	sarhad.TargetPolice:    {sarhad.TargetSecurity},
	sarhad.TargetCivilians: {sarhad.TargetReligious, sarhad.TargetTransport},
	sarhad.TargetReligious: {sarhad.TargetCivilians},
	sarhad.TargetPolitical: {sarhad.TargetCivilians, sarhad.TargetGovernment},
	sarhad.TargetTransport: {sarhad.TargetCivilians},
	sarhad.TargetEducation: {sarhad.TargetCivilians},
}

func (g *generator) target(t sarhad.TargetType) sarhad.TargetType {
	x := g.rng.Float64()
	switch {
	case t == "":
		return ""
	case x < 0.2:
		return ""
	case x < 0.3:
		if f := targetFamilies[t]; len(f) > 0 {
			return oneOf(g, f)
		}
	}
	return t
}

// toll: early reports of larger attacks give lower figures that rise towards the final
// toll; some reports give none, a few are off by one or two.
func (g *generator) toll(c sarhad.Count, i, k int, local bool) sarhad.Count {
	if !c.Known || g.chance(0.15) {
		return sarhad.Count{}
	}
	final := c.Best
	v := final
	if final >= 3 && i < k-1 && g.chance(0.6) {
		frac := 0.45 + 0.5*g.rng.Float64() + 0.15*float64(i)
		if local {
			frac -= 0.1
		}
		v = int(math.Round(float64(final) * math.Min(1, frac)))
	}
	if g.chance(0.08) {
		v += oneOf(g, []int{-2, -1, 1, 2})
	}
	v = max(v, 0)
	if g.chance(0.05) && v >= 2 {
		return sarhad.Span(v-1-g.rng.IntN(v/2+1), v, v+1+g.rng.IntN(v/2+1))
	}
	return sarhad.Exact(v)
}

// claim is the perpetrator's own statement: its name, a claimed attribution and a toll
// several times the real one.
func (g *generator) claim(ev *sarhad.Report, at time.Time) sarhad.Report {
	name := g.alias(ev.Perpetrator)
	abbrev := name
	if g.actors != nil {
		if m, ok := g.actors.ResolveActor(ev.Perpetrator); ok && m.Actor.Abbrev != "" {
			abbrev = m.Actor.Abbrev
		}
	}
	r := sarhad.Report{ID: g.id(), Source: abbrev + " " + oneOf(g, []string{"spokesman", "statement"}), ReportedAt: at,
		SourceReliability: sarhad.ReliabilityE, Perpetrator: name, Attribution: sarhad.AttrClaimed}
	r.Date = ev.Date
	r.Location = g.place(ev.Location)
	r.AttackType = g.attack(ev.AttackType)
	if c := ev.Killed.Total; c.Known {
		r.Killed.Total = sarhad.Exact(int(math.Round(float64(c.Best)*(1.5+2.5*g.rng.Float64()))) + g.rng.IntN(10))
	}
	if g.chance(0.5) {
		r.Text = fmt.Sprintf("%s claimed responsibility for the attack in %s and said %d enemy personnel were killed.",
			name, placeWord(&r.Location, &ev.Location), r.Killed.Total.BestOr0())
	}
	return r
}

// syndicate republishes another outlet's copy under a new name.
func (g *generator) syndicate(r sarhad.Report, at time.Time) sarhad.Report {
	c := r
	c.ID = g.id()
	c.Source = oneOf(g, []string{"Pakistan Today", "Daily Times", "The Nation", "Business Recorder"})
	c.SourceReliability = sarhad.ReliabilityC
	c.ReportedAt = at
	return c
}

func placeWord(l, truth *sarhad.Location) string {
	switch {
	case l.Place != "":
		return l.Place
	case l.District != "":
		return l.District
	case l.Province != "":
		return l.Province
	case truth.District != "":
		return truth.District
	}
	return "the area"
}

var datePrefix = regexp.MustCompile(`^\s*\d{1,2}/\d{1,2}/\d{4}:\s*`)

// synonyms are the substitutions of the paraphraser.
var synonyms = map[string][]string{
	"killed":         {"died", "lost their lives", "were slain", "martyred"},
	"attacked":       {"targeted", "struck", "assaulted"},
	"militants":      {"terrorists", "insurgents", "gunmen", "attackers"},
	"assailants":     {"attackers", "gunmen", "unidentified men"},
	"bomb":           {"explosive device", "IED", "blast"},
	"explosion":      {"blast", "detonation"},
	"wounded":        {"injured", "hurt"},
	"injured":        {"wounded", "hurt"},
	"police":         {"policemen", "law enforcers", "cops"},
	"soldiers":       {"troops", "security personnel", "army men"},
	"checkpoint":     {"check post", "checkpost", "picket"},
	"claimed":        {"owned", "accepted"},
	"responsibility": {"credit"},
	"detonated":      {"exploded", "set off"},
	"near":           {"close to", "in the vicinity of"},
	"vehicle":        {"car", "van"},
	"victims":        {"dead", "those killed"},
	"incident":       {"attack", "episode"},
	"shot":           {"gunned", "fired at"},
	"abducted":       {"kidnapped", "seized"},
	"town":           {"area", "locality"},
	"members":        {"personnel", "men"},
	"security":       {"law enforcement"},
	"forces":         {"personnel", "troops"},
}

// paraphrase rewrites a source text: some sentences dropped, words swapped for synonyms or
// dropped, the end sometimes cut off.
func (g *generator) paraphrase(text string) string {
	text = datePrefix.ReplaceAllString(text, "")
	sents := splitSentences(text)
	var kept []string
	for i, s := range sents {
		if i == 0 && g.chance(0.9) || i > 0 && g.chance(0.55) {
			kept = append(kept, s)
		}
	}
	if len(kept) == 0 && len(sents) > 0 {
		kept = append(kept, sents[g.rng.IntN(len(sents))])
	}
	var words []string
	for _, w := range strings.Fields(strings.Join(kept, " ")) {
		core := strings.ToLower(strings.Trim(w, ".,;:()\"'"))
		if syn, ok := synonyms[core]; ok && g.chance(0.4) {
			words = append(words, oneOf(g, syn))
			continue
		}
		if g.chance(0.07) && !strings.ContainsAny(w, "0123456789") {
			continue
		}
		words = append(words, w)
	}
	if len(words) > 12 && g.chance(0.3) {
		words = words[:len(words)*(5+g.rng.IntN(5))/10]
	}
	return strings.Join(words, " ")
}

func splitSentences(s string) []string {
	var out []string
	for _, part := range strings.SplitAfter(s, ". ") {
		if p := strings.TrimSpace(part); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// boilerplate are sentences that outlets add to any report of an attack: they make texts
// of different attacks look alike, as real reports do.
var boilerplate = []string{
	"The area was cordoned off and a search operation was launched.",
	"Rescue teams shifted the injured to the district headquarters hospital.",
	"Security was put on high alert across the province after the attack.",
	"The prime minister condemned the attack and sought a report from the provincial government.",
	"The chief minister directed the authorities to provide the best medical care to the injured.",
	"Police said a case had been registered against unknown persons.",
	"No group had claimed responsibility by the time of filing this report.",
	"An emergency was declared in the hospitals of the city.",
	"Bomb disposal squad officials said the device had been planted in advance.",
	"The bodies were handed over to the heirs after legal formalities.",
	"Officials said an investigation had been started.",
	"Witnesses said they heard gunfire for several minutes.",
	"The interior minister said the perpetrators would be brought to justice.",
	"Funeral prayers for the victims were offered on Monday.",
	"Traffic on the main road remained suspended for hours.",
	"The injured were said to be in critical condition.",
}

// text is the report's own text: a paraphrase of the data set's description when there is
// one, else a short wire-style sentence from the report's fields.
func (g *generator) text(ev, r *sarhad.Report) string {
	if ev.Text != "" && !strings.HasPrefix(ev.Text, "Sources:") {
		t := ev.Text
		if i := strings.Index(t, "Sources:"); i > 0 {
			t = t[:i]
		}
		out := g.paraphrase(t)
		if g.chance(0.3) {
			out = strings.ToUpper(placeWord(&r.Location, &ev.Location)) + ": " + out
		}
		for n := g.rng.IntN(3); n > 0; n-- {
			out += " " + oneOf(g, boilerplate)
		}
		return out
	}
	what := map[sarhad.AttackType]string{
		sarhad.AttackSuicide: "a suicide bomber blew himself up", sarhad.AttackIED: "a bomb went off",
		sarhad.AttackArmedAssault: "gunmen opened fire", sarhad.AttackAmbush: "militants ambushed a convoy",
		sarhad.AttackTargetedKill: "unidentified men shot a man", sarhad.AttackHostageTaking: "armed men abducted people",
		sarhad.AttackRocketMortar: "rockets were fired", sarhad.AttackArsonSabotage: "militants blew up an installation",
	}[ev.AttackType]
	if what == "" {
		what = "an attack took place"
	}
	killed := "no one was hurt"
	if k := r.Killed.Total; k.Known && k.Best > 0 {
		killed = fmt.Sprintf("%d people were killed", k.Best)
	}
	return fmt.Sprintf("%s in %s; %s, officials said.", what, placeWord(&r.Location, &ev.Location), killed)
}

// Scale returns n reports made of copies of reports and their truth. The reports are cut
// into eras (runs of dates without a gap of a year: the GTD and ACLED parts), and each copy
// of an era is moved by whole multiples of its length, rounded up to eight-year periods
// (2,922 days), into 1901–2199, so that copies never overlap and the density of reports per
// district and day stays that of the real data. Copy c's IDs end in "#c".
func Scale(reports []sarhad.Report, truth []int, n int) ([]sarhad.Report, []int) {
	events := 0
	for _, t := range truth {
		events = max(events, t+1)
	}
	// Eras by date.
	days := make([]int, 0, len(reports))
	for i := range reports {
		if d := reports[i].Date; !d.IsZero() {
			days = append(days, d.DayNumber())
		}
	}
	sort.Ints(days)
	type era struct{ lo, hi int }
	var eras []era
	for i, d := range days {
		if i == 0 || d-days[i-1] > 366 {
			eras = append(eras, era{d, d})
		}
		eras[len(eras)-1].hi = d
	}
	eraOf := func(r *sarhad.Report) int {
		d := r.Date.DayNumber()
		for k, e := range eras {
			if d <= e.hi+366 {
				return k
			}
		}
		return len(eras) - 1
	}
	lo := sarhad.NewDate(1901, 1, 1).DayNumber()
	hi := sarhad.NewDate(2199, 1, 1).DayNumber()
	type unit struct{ era, shift int }
	var units []unit
	var perEra [][]int
	for k, e := range eras {
		period := ((e.hi-e.lo)/2922 + 1) * 2922
		var shifts []int
		for s := period; e.hi+s <= hi; s += period {
			shifts = append(shifts, s)
		}
		for s := -period; e.lo+s >= lo; s -= period {
			shifts = append(shifts, s)
		}
		perEra = append(perEra, append([]int{0}, shifts...))
		_ = k
	}
	for j := 0; ; j++ {
		added := false
		for k := range eras {
			if j < len(perEra[k]) {
				units = append(units, unit{k, perEra[k][j]})
				added = true
			}
		}
		if !added {
			break
		}
	}
	byEra := make([][]int, len(eras))
	for i := range reports {
		k := 0
		if !reports[i].Date.IsZero() && len(eras) > 0 {
			k = eraOf(&reports[i])
		}
		if len(eras) == 0 {
			byEra = [][]int{nil}
		}
		byEra[k] = append(byEra[k], i)
	}
	out := make([]sarhad.Report, 0, n)
	outTruth := make([]int, 0, n)
	for c := 0; len(out) < n && len(units) > 0; c++ {
		u := units[c%len(units)] // beyond the units, copies overlap (denser than real)
		for _, i := range byEra[u.era] {
			if len(out) == n {
				break
			}
			r := reports[i]
			r.ID = fmt.Sprintf("%s#%d", r.ID, c)
			r.Hash = ""
			if !r.Date.IsZero() {
				p := r.Date.Precision()
				nd := sarhad.DateFromDayNumber(r.Date.DayNumber() + u.shift)
				switch p {
				case sarhad.PrecisionMonth:
					nd.Day = 0
				case sarhad.PrecisionYear:
					nd.Month, nd.Day = 0, 0
				}
				r.Date = nd
			}
			if !r.ReportedAt.IsZero() {
				r.ReportedAt = r.ReportedAt.AddDate(0, 0, u.shift)
			}
			out = append(out, r)
			outTruth = append(outTruth, truth[i]+c*events)
		}
	}
	return out, outTruth
}
