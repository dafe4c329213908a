package fusion

import (
	"math"
	"strings"
	"sync"

	"github.com/sarhad-osint/sarhad"
)

// Places is what fusion needs of the gazetteer: a representative point of a location and
// whether two locations may be the same place (containment, nested or carved-out
// districts). *gazetteer.Gazetteer implements it. Without one, fusion compares canonical
// province and district names and the reports' own coordinates only.
type Places interface {
	// Point returns a representative point of a location: its own coordinates, else its
	// town's, else its district's headquarters, else its province's capital.
	Point(l sarhad.Location) (lat, lon float64, ok bool)
	// LocationsCompatible reports whether two locations may be where one event happened.
	LocationsCompatible(a, b sarhad.Location) bool
}

// noDay marks an unknown date in a feature.
const noDay = math.MinInt32

// feat is the compact, precomputed form of a report that blocking and scoring read: interned
// names, a day interval, a point, counts. Building it once per report keeps the pair score
// free of string work and allocation.
type feat struct {
	lo, hi  int32 // first and last day the date covers; noDay when unknown
	prov    int32 // interned province; -1 none
	dist    int32 // interned district; -1 none
	place   int32 // interned PlaceID of a finer-than-district place; -1 none
	actor   int32 // interned actor; -1 unknown
	source  int32 // interned source (folded name); -1 none
	dataset int32 // interned data set; -1 none
	text    int32 // index of the text's keywords; -1 no text
	lat     float32
	lon     float32
	// radius is how far (km) from its point the report's place may lie; 0 when the point
	// says nothing (no point, or a province or country).
	radius   float32
	killed   cnt
	injured  cnt
	reported int64 // ReportedAt in Unix seconds; 0 unknown
	grade    int8  // reliability rank 0 (A) … 5 (F)
	prec     int8  // geo precision rank
	attr     sarhad.Attribution
	attack   uint8 // index+1 in sarhad.AttackTypes; 0 unknown
	target   uint8 // index+1 in sarhad.TargetTypes; 0 unknown
	// ownPoint is set when the report carries its own coordinates, whose district may come
	// from the nearest headquarters and so be a neighbour of the true one.
	ownPoint bool
	// claimant is set when the report's figures are a perpetrator's claim.
	claimant bool
	// denial is set when the report's attribution is a denial.
	denial bool
}

// cnt is a casualty figure: known or not, low/best/high.
type cnt struct {
	lo, best, hi int32
	known        bool
}

func cntOf(c sarhad.Count) cnt {
	if !c.Known {
		return cnt{}
	}
	return cnt{int32(c.Low), int32(c.Best), int32(c.High), true}
}

// interner maps strings to dense int32 ids.
type interner struct {
	ids   map[string]int32
	names []string
}

func (in *interner) id(s string) int32 {
	if in.ids == nil {
		in.ids = map[string]int32{}
	}
	if i, ok := in.ids[s]; ok {
		return i
	}
	i := int32(len(in.names))
	in.ids[s] = i
	in.names = append(in.names, s)
	return i
}

func (in *interner) lookup(s string) (int32, bool) {
	i, ok := in.ids[s]
	return i, ok
}

// district is what the model knows of one interned district.
type district struct {
	prov     int32
	name     string
	province string
	lat, lon float32
	hasPoint bool
	// compat lists districts the gazetteer finds compatible (nested, carved out): reports
	// naming either may describe one event. near lists districts whose headquarters lie
	// within nearKm: a report placed by coordinates may have been filed under a neighbour.
	compat []int32
	near   []int32
}

// nearKm is the headquarters distance within which districts count as neighbours for
// reports placed by coordinates (the nearest headquarters is not always the containing
// district's; Balochistan's districts are up to 150 km across).
const nearKm = 90

// model holds what scoring shares across reports: interned names, districts and their
// neighbours, actor identities and relations, and the frequencies that weight agreement
// (agreeing on a rare actor or an unusual death toll says more than agreeing on a common
// one). It is safe for concurrent use after preparation, except where noted.
type model struct {
	places Places
	actors sarhad.ActorResolver
	grades SourceGrades

	mu       sync.Mutex // guards the interners, caches and frequencies below
	provs    interner
	dists    interner
	distInfo []district
	placeIDs interner
	sources  interner
	datasets interner
	actorIDs interner         // actor ids (registry ids, or folded unresolved names)
	actorOf  map[string]int32 // perpetrator as written → interned actor
	// sourceOf and datasetOf map names as written to interned sources and data sets.
	sourceOf, datasetOf map[string]int32
	related             map[[2]int32]bool // relation cache
	relMu               sync.RWMutex
	claimOf             map[string]string // folded source → claimant actor id ("" none)

	freq frequencies
	df   *docFreq // document frequencies of words, for keyword weights
	// tables, when set, hold the frequency weights of a batch (see freeze).
	tables *weightTables
}

// frequencies count what reports say, for frequency-weighted agreement.
type frequencies struct {
	named   int   // reports naming an actor
	actor   []int // by interned actor
	typed   int   // reports with an attack type (not "other")
	attack  [32]int
	targ    int // reports with a target type
	target  [32]int
	counted int   // reports with a known killed figure (not claims)
	killed  []int // by best figure, the last bin for all larger ones
	place   []int // reports by locality
	dist    []int // reports with a locality, by district
}

// maxTollBin is the number of distinct death tolls counted one by one.
const maxTollBin = 2048

// typeIndex returns i+1 for the i-th of list, 0 when absent.
func typeIndex[T comparable](list []T, v T) uint8 {
	for i, x := range list {
		if x == v {
			return uint8(i + 1)
		}
	}
	return 0
}

var attackOther = typeIndex(sarhad.AttackTypes, sarhad.AttackOther)

func attackOf(i uint8) sarhad.AttackType { return sarhad.AttackTypes[i-1] }
func targetOf(i uint8) sarhad.TargetType { return sarhad.TargetTypes[i-1] }

func newModel(places Places, actors sarhad.ActorResolver, grades SourceGrades) *model {
	return &model{
		places: places, actors: actors, grades: grades,
		df: newDocFreq(), actorOf: map[string]int32{}, sourceOf: map[string]int32{}, datasetOf: map[string]int32{}, related: map[[2]int32]bool{}, claimOf: map[string]string{},
		freq: frequencies{killed: make([]int, maxTollBin+1)},
	}
}

// prepare computes the features of r except its text signature; the caller holds m.mu.
func (m *model) prepare(r *sarhad.Report) feat {
	f := feat{lo: noDay, hi: noDay, prov: -1, dist: -1, place: -1, actor: -1, source: -1, dataset: -1, text: -1}
	if !r.Date.IsZero() && r.Date.Validate() == nil {
		f.lo = int32(r.Date.DayNumber())
		f.hi = int32(r.Date.End().Unix() / 86400)
	}
	l := &r.Location
	f.prec = int8(l.Precision.Rank())
	if l.Province != "" {
		f.prov = m.provs.id(l.Province)
	}
	if l.District != "" {
		f.dist = m.district(l.Province, l.District, f.prov)
	}
	if l.PlaceID != "" && f.prec <= int8(sarhad.GeoTehsil.Rank()) {
		f.place = m.placeIDs.id(l.PlaceID)
	}
	if l.HasCoords() && !math.IsNaN(l.Lat) && !math.IsNaN(l.Lon) {
		f.lat, f.lon, f.ownPoint = float32(l.Lat), float32(l.Lon), true
		f.radius = pointRadius(l.Precision, true)
	} else if f.prec <= int8(sarhad.GeoTehsil.Rank()) && m.places != nil {
		if lat, lon, ok := m.places.Point(*l); ok {
			f.lat, f.lon = float32(lat), float32(lon)
			f.radius = pointRadius(l.Precision, false)
		}
	}
	if f.dist < 0 && f.prec > int8(sarhad.GeoProvince.Rank()) {
		f.prov = -1 // "somewhere in Pakistan" says nothing about the province
	}
	if f.dist >= 0 && f.radius == 0 {
		d := &m.distInfo[f.dist]
		if d.hasPoint {
			f.lat, f.lon, f.radius = d.lat, d.lon, districtRadius
		}
	}
	if r.Source != "" {
		id, ok := m.sourceOf[r.Source]
		if !ok {
			id = -1
			if s := strings.TrimSpace(r.Source); s != "" {
				id = m.sources.id(sarhad.FoldKey(s))
			}
			m.sourceOf[r.Source] = id
		}
		f.source = id
	}
	if r.Dataset != "" {
		id, ok := m.datasetOf[r.Dataset]
		if !ok {
			id = m.datasets.id(strings.ToLower(r.Dataset))
			m.datasetOf[r.Dataset] = id
		}
		f.dataset = id
	}
	f.actor = m.actor(r.Perpetrator)
	f.attr = r.Attribution
	f.denial = r.Attribution == sarhad.AttrDenied
	f.attack, f.target = typeIndex(sarhad.AttackTypes, r.AttackType), typeIndex(sarhad.TargetTypes, r.TargetType)
	f.killed = cntOf(stated(r, "killed.total", r.Killed.Total))
	if !f.killed.known {
		f.killed = cntOf(stated(r, "killed.total", r.Killed.Complete().Total))
	}
	f.injured = cntOf(stated(r, "injured", r.Injured))
	if !r.ReportedAt.IsZero() {
		f.reported = r.ReportedAt.Unix()
	}
	f.grade = int8(m.grades.Grade(r).Rank())
	f.claimant = m.claimedFigures(r)
	return f
}

// count adds a prepared report to the frequencies; the caller holds m.mu.
func (m *model) count(f *feat, delta int) {
	if f.actor >= 0 {
		for int(f.actor) >= len(m.freq.actor) {
			m.freq.actor = append(m.freq.actor, 0)
		}
		m.freq.named += delta
		m.freq.actor[f.actor] += delta
	}
	if f.attack != 0 && f.attack != attackOther {
		m.freq.typed += delta
		m.freq.attack[f.attack] += delta
	}
	if f.target != 0 {
		m.freq.targ += delta
		m.freq.target[f.target] += delta
	}
	if f.place >= 0 && f.dist >= 0 {
		for int(f.place) >= len(m.freq.place) {
			m.freq.place = append(m.freq.place, 0)
		}
		for int(f.dist) >= len(m.freq.dist) {
			m.freq.dist = append(m.freq.dist, 0)
		}
		m.freq.place[f.place] += delta
		m.freq.dist[f.dist] += delta
	}
	if f.killed.known && !f.claimant {
		m.freq.counted += delta
		m.freq.killed[min(f.killed.best, maxTollBin)] += delta
	}
}

// Radii (km) within which a report's place lies around its point, by precision.
const (
	districtRadius = 45
	exactRadius    = 2
	townRadius     = 6
	tehsilRadius   = 18
)

func pointRadius(p sarhad.GeoPrecision, own bool) float32 {
	switch p {
	case sarhad.GeoExact:
		return exactRadius
	case sarhad.GeoTown:
		return townRadius
	case sarhad.GeoTehsil:
		return tehsilRadius
	case sarhad.GeoDistrict, sarhad.GeoUnknown:
		if own {
			return 25 // coordinates of an unstated precision, or a district's centroid
		}
		return districtRadius
	}
	return 0 // province or country: the point is a capital, not the place
}

// district interns a district and, the first time, works out its point and its compatible
// and neighbouring districts among those already known; the caller holds m.mu.
func (m *model) district(province, name string, prov int32) int32 {
	key := province + "\x00" + name
	if i, ok := m.dists.lookup(key); ok {
		return i
	}
	i := m.dists.id(key)
	d := district{prov: prov, name: name, province: province}
	loc := sarhad.Location{Province: province, District: name, Precision: sarhad.GeoDistrict}
	if m.places != nil {
		if lat, lon, ok := m.places.Point(loc); ok {
			d.lat, d.lon, d.hasPoint = float32(lat), float32(lon), true
		}
	}
	for j := range m.distInfo {
		o := &m.distInfo[j]
		if m.places != nil && m.places.LocationsCompatible(loc, sarhad.Location{Province: o.province, District: o.name, Precision: sarhad.GeoDistrict}) {
			d.compat = append(d.compat, int32(j))
			o.compat = append(o.compat, i)
			continue
		}
		if d.hasPoint && o.hasPoint && sarhad.DistanceKm(float64(d.lat), float64(d.lon), float64(o.lat), float64(o.lon)) <= nearKm {
			d.near = append(d.near, int32(j))
			o.near = append(o.near, i)
		}
	}
	m.distInfo = append(m.distInfo, d)
	return i
}

// actor interns the actor a perpetrator names: its registry id when it resolves, else its
// folded spelling; -1 for unknown. The caller holds m.mu.
func (m *model) actor(perp string) int32 {
	if perp == "" || perp == sarhad.UnknownActor {
		return -1
	}
	if i, ok := m.actorOf[perp]; ok {
		return i
	}
	key := ""
	if m.actors != nil {
		if a, ok := m.actors.ResolveActor(perp); ok && a.Actor.ID != "" {
			key = a.Actor.ID
		}
	}
	if key == "" {
		key = "?" + sarhad.FoldKey(perp)
		if key == "?" || key == "?unknown" {
			m.actorOf[perp] = -1
			return -1
		}
	}
	i := m.actorIDs.id(key)
	m.actorOf[perp] = i
	return i
}

// relatedActors reports whether two interned actors are the same or parent and affiliate.
func (m *model) relatedActors(a, b int32) bool {
	if a == b {
		return true
	}
	if a > b {
		a, b = b, a
	}
	k := [2]int32{a, b}
	m.relMu.RLock()
	v, ok := m.related[k]
	m.relMu.RUnlock()
	if ok {
		return v
	}
	m.mu.Lock()
	na, nb := m.actorIDs.names[a], m.actorIDs.names[b]
	m.mu.Unlock()
	v = m.actors != nil && na[0] != '?' && nb[0] != '?' && m.actors.Related(na, nb)
	m.relMu.Lock()
	m.related[k] = v
	m.relMu.Unlock()
	return v
}

// claimantWords are words that follow a group's name in the name of its own outlet.
var claimantWords = []string{"spokesman", "spokesperson", "statement", "media", "claim", "channel", "telegram", "press release"}

// claimedFigures reports whether r's casualty figures are a perpetrator's claim: its source
// is the claimant (SourceGrades.Claimants, or a source named like the group it attributes
// the attack to: "BLA", "TTP spokesman"), or the extractor's evidence for the toll quotes a
// claim. The caller holds m.mu.
func (m *model) claimedFigures(r *sarhad.Report) bool {
	if ev, ok := r.Evidence["killed"]; ok && strings.Contains(strings.ToLower(ev.Snippet), "claim") {
		return true
	}
	src := strings.TrimSpace(r.Source)
	if src == "" {
		return false
	}
	who := m.claimant(src)
	if who == "" {
		return false
	}
	if r.Perpetrator == "" || r.Perpetrator == sarhad.UnknownActor {
		return true
	}
	a := m.actor(r.Perpetrator)
	key := m.actorIDs.names[a]
	return key == who || (m.actors != nil && m.actors.Related(key, who))
}

// claimant returns the actor id whose statements the source carries, "" when none; the
// caller holds m.mu.
func (m *model) claimant(src string) string {
	k := sarhad.FoldKey(src)
	if v, ok := m.claimOf[k]; ok {
		return v
	}
	v := m.grades.claimant(k)
	if v == "" && m.actors != nil {
		name := src
		low := strings.ToLower(name)
		for _, w := range claimantWords {
			if i := strings.Index(low, w); i > 0 {
				name, low = strings.TrimSpace(name[:i]), low[:i]
			}
		}
		if a, ok := m.actors.ResolveActor(name); ok && a.Score >= 0.95 {
			v = a.Actor.ID
		}
	}
	if v != "" && m.actors != nil {
		if a, ok := m.actors.ResolveActor(v); ok {
			v = a.Actor.ID
		}
	}
	m.claimOf[k] = v
	return v
}

// stated returns c unless the report's extraction inferred it (no deaths reported is read
// as 0 killed, marked inferred): an inferred figure says too little to tell two reports
// apart, so for matching it is unknown.
func stated(r *sarhad.Report, field string, c sarhad.Count) sarhad.Count {
	if e, ok := r.Evidence[field]; ok && e.Inferred {
		return sarhad.Count{}
	}
	return c
}
