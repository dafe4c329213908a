package fusion

import (
	"math"
	"strconv"
	"strings"

	"github.com/sarhad-osint/sarhad"
)

// The match score of two reports is a log-likelihood ratio in the Fellegi–Sunter manner:
// the prior log-odds that two reports of the same district within the date window describe
// one attack, plus, for each field both reports state, the log of how much more often the
// observed agreement or disagreement occurs between reports of one attack than between
// reports of different attacks. Frequencies come from the data being fused: agreeing on a
// rare group or an unusual toll weighs more than agreeing on the common ones. A pair the
// fields rule out (another province, dates far apart, two rows of one data set) scores
// -Inf. Link scores shown to people are the logistic of the log-odds.
//
// The weights are set from what is known of how reports of one attack differ (dates a day
// apart as reports use the day of publication; tolls that rise; perpetrators named late or
// wrongly), not fitted to a benchmark; FUSION.md in this directory gives the reasoning.
const (
	// window is how many days apart two dated reports may be and still be compared.
	window = 3

	// prior is the log-odds of a match for two reports of one district within the window
	// before any field is compared.
	prior = -1.0

	// Date: reports of one attack are mostly dated the same day, often a day apart,
	// rarely more (published cross-data-set figures: 59% same day, 69% within 2 days).
	wDay0, wDay1, wDay2, wDay3 = 1.5, -0.3, -1.7, -2.3
	// A month-precision date covers ~30 days of candidates, a year ~365.
	wMonth, wYear = -1.4, -3.5

	// Place, relative to "same district".
	pSamePlace    = 0.5 // share of matched pairs of one district that name the same locality
	maxSamePlace  = 1.5
	wOtherLocal   = -3.0 // two distinct localities of one district
	wNeighbour    = -2.0 // neighbouring districts, one placed by coordinates
	wProvinceOnly = -1.6 // one names only the province: ~5 times the candidates
	wPlaceUnknown = -2.3 // one has no place at all

	// Actor.
	pActorSame      = 0.85 // share of matched pairs naming the same group, when both name one
	wActorRelated   = 0.0  // a faction and its parent: as often two attacks of one movement
	wActorOther     = -2.0 // two unrelated groups, both asserted
	wActorSuspected = -1.0 // two unrelated groups, one only suspected
	maxActor        = 2.5

	// Attack and target type.
	pTypeSame              = 0.8
	wTypeLoose, wTypeOther = -0.7, -1.5
	maxAttack              = 2.0
	pTargetSame            = 0.75
	wTargetLoose           = -0.6
	wTargetOther           = -1.2
	maxTarget              = 1.5

	// Casualties.
	pTollEqual    = 0.45 // matched pairs with the same toll
	wTollOverlap  = 0.4  // ranges that overlap
	maxToll       = 3.0
	kTollUnknown  = 1.2 // per unit of log-ratio when the order of the reports is unknown
	kTollRising   = 0.6 // the higher toll is the later report: tolls rise
	kTollClaimed  = 0.3 // the higher toll is the perpetrator's claim
	kTollFalling  = 1.6 // the later report gives fewer dead
	minToll       = -4.0
	injuredFactor = 0.8

	// Text (keyword similarity): at or below 0.1 (0 at 0.3), at 0.5, at or above 0.8.
	wTextLow, wTextMid, wTextHigh = -1.2, 2.2, 3.5
)

// family says how close two attack or target types are: 0 same, 1 one family, 2 loosely
// related, 3 unrelated.
func attackFamily(a, b sarhad.AttackType) int {
	if a == b {
		return 0
	}
	key := func(x, y sarhad.AttackType) bool { return a == x && b == y || a == y && b == x }
	switch {
	case key(sarhad.AttackSuicide, sarhad.AttackIED),
		key(sarhad.AttackArmedAssault, sarhad.AttackAmbush), key(sarhad.AttackArmedAssault, sarhad.AttackTargetedKill),
		key(sarhad.AttackAmbush, sarhad.AttackTargetedKill), key(sarhad.AttackArmedAssault, sarhad.AttackCrossBorder),
		key(sarhad.AttackAmbush, sarhad.AttackCrossBorder), key(sarhad.AttackHostageTaking, sarhad.AttackHijacking):
		return 1
	case key(sarhad.AttackSuicide, sarhad.AttackArmedAssault), key(sarhad.AttackIED, sarhad.AttackRocketMortar),
		key(sarhad.AttackIED, sarhad.AttackArsonSabotage), key(sarhad.AttackHostageTaking, sarhad.AttackArmedAssault),
		key(sarhad.AttackIED, sarhad.AttackAmbush), key(sarhad.AttackRocketMortar, sarhad.AttackArmedAssault),
		key(sarhad.AttackIED, sarhad.AttackTargetedKill):
		return 2
	}
	return 3
}

func targetFamily(a, b sarhad.TargetType) int {
	if a == b {
		return 0
	}
	group := func(t sarhad.TargetType) int {
		switch t {
		case sarhad.TargetSecurity, sarhad.TargetPolice:
			return 1
		case sarhad.TargetCivilians, sarhad.TargetReligious, sarhad.TargetPolitical, sarhad.TargetTransport, sarhad.TargetEducation:
			return 2
		case sarhad.TargetInfrastructure:
			return 3
		case sarhad.TargetGovernment:
			return 4
		case sarhad.TargetForeign:
			return 5
		}
		return 6
	}
	ga, gb := group(a), group(b)
	switch {
	case ga == gb:
		return 1
	case (ga == 2 && gb == 3 || ga == 3 && gb == 2) && (a == sarhad.TargetTransport || b == sarhad.TargetTransport),
		ga == 4 && gb != 3 || gb == 4 && ga != 3, ga == 5 || gb == 5:
		return 2
	}
	return 3
}

// explain collects the parts of a link's reason; nil when no reason is wanted.
type explain struct{ parts []string }

func (x *explain) say(s string) {
	if x != nil {
		if x.parts == nil {
			x.parts = make([]string, 0, 8)
		}
		x.parts = append(x.parts, s)
	}
}

func itoa(n int32) string { return strconv.Itoa(int(n)) }

func km(d float32) string { return strconv.FormatFloat(float64(d), 'f', 0, 32) }

func (x *explain) String() string { return strings.Join(x.parts, "; ") }

// pairScore returns the log-odds that a and b describe one attack, -Inf when they cannot.
// ra and rb are only read when x is not nil (to name places and actors in the reason).
func (m *model) pairScore(a, b *feat, ka, kb *keywords, ra, rb *sarhad.Report, x *explain) float64 {
	if a.dataset >= 0 && a.dataset == b.dataset {
		if x != nil {
			x.say("two rows of one data set")
		}
		return math.Inf(-1)
	}
	w := prior

	// Date.
	switch {
	case a.lo == noDay || b.lo == noDay:
		w += wYear
		if x != nil {
			x.say("date unknown")
		}
	case a.hi < b.lo-window || b.hi < a.lo-window:
		if x != nil {
			x.say("dates " + itoa(max(b.lo-a.hi, a.lo-b.hi)) + "+ days apart")
		}
		return math.Inf(-1)
	case a.lo == a.hi && b.lo == b.hi:
		switch d := abs32(a.lo - b.lo); d {
		case 0:
			w += wDay0
			if x != nil {
				x.say("same day")
			}
		case 1:
			w += wDay1
			if x != nil {
				x.say("1 day apart")
			}
		case 2:
			w += wDay2
			if x != nil {
				x.say("2 days apart")
			}
		default:
			w += wDay3
			if x != nil {
				x.say(itoa(d) + " days apart")
			}
		}
	default:
		span := max(a.hi-a.lo, b.hi-b.lo)
		if span > 31 {
			w += wYear
		} else {
			w += wMonth
		}
		if ra != nil {
			x.say("dates " + ra.Date.String() + " and " + rb.Date.String() + " compatible")
		}
	}

	// Place.
	pw, ok := m.placeScore(a, b, ra, rb, x)
	if !ok {
		return math.Inf(-1)
	}
	w += pw

	// Actor.
	if a.actor >= 0 && b.actor >= 0 {
		switch {
		case a.actor == b.actor:
			v := m.actorWeight(a.actor)
			if a.denial != b.denial {
				v *= 0.5
				if ra != nil {
					x.say(claimer(ra, rb) + " claims, " + denier(ra, rb) + " denies")
				}
			} else if ra != nil {
				x.say("actor " + actorPair(ra, rb))
			}
			w += v
		case m.relatedActors(a.actor, b.actor):
			w += wActorRelated
			if ra != nil {
				if a.denial != b.denial {
					x.say(claimer(ra, rb) + " claims, " + denier(ra, rb) + " denies (related groups)")
				} else {
					x.say("actor " + actorPair(ra, rb) + " (related groups)")
				}
			}
		case a.denial || b.denial:
			// A denial by one group says nothing about another's claim.
		case a.attr == sarhad.AttrSuspected || b.attr == sarhad.AttrSuspected:
			w += wActorSuspected
			if ra != nil {
				x.say("actors differ: " + ra.Perpetrator + " vs " + rb.Perpetrator + " (one suspected)")
			}
		default:
			w += wActorOther
			if ra != nil {
				x.say("actors differ: " + ra.Perpetrator + " vs " + rb.Perpetrator)
			}
		}
	}

	// Attack type.
	if a.attack != 0 && b.attack != 0 && a.attack != attackOther && b.attack != attackOther {
		switch attackFamily(attackOf(a.attack), attackOf(b.attack)) {
		case 0:
			w += m.attackWeight(a.attack)
			if x != nil {
				x.say("both " + string(attackOf(a.attack)))
			}
		case 1:
			if x != nil {
				x.say(string(attackOf(a.attack)) + " ~ " + string(attackOf(b.attack)))
			}
		case 2:
			w += wTypeLoose
			if x != nil {
				x.say(string(attackOf(a.attack)) + " vs " + string(attackOf(b.attack)))
			}
		default:
			w += wTypeOther
			if x != nil {
				x.say(string(attackOf(a.attack)) + " vs " + string(attackOf(b.attack)))
			}
		}
	}

	// Target type.
	if a.target != 0 && b.target != 0 {
		switch targetFamily(targetOf(a.target), targetOf(b.target)) {
		case 0:
			w += m.targetWeight(a.target)
		case 1:
		case 2:
			w += wTargetLoose
			if x != nil {
				x.say("target " + string(targetOf(a.target)) + " vs " + string(targetOf(b.target)))
			}
		default:
			w += wTargetOther
			if x != nil {
				x.say("target " + string(targetOf(a.target)) + " vs " + string(targetOf(b.target)))
			}
		}
	}

	// Casualties.
	w += m.tollScore(&a.killed, &b.killed, a, b, 1, "killed", x)
	w += m.tollScore(&a.injured, &b.injured, a, b, injuredFactor, "injured", x)

	// Text.
	if ka != nil && kb != nil {
		if s := ka.similarity(kb); s >= 0 {
			w += textWeight(s) * ka.informative(kb)
			if x != nil {
				x.say("text " + strconv.FormatFloat(s, 'f', 2, 64))
			}
		}
	}
	return w
}

// textWeight maps the keyword similarity of two texts (keywords.go) to a log-likelihood
// ratio. Accounts of one attack share most of their rare words (similarity 0.6 and up);
// accounts of different attacks of one district and week share few (mostly below 0.3, the
// GTD's summaries of different attacks included); twin attacks described alike but for a
// name or two fall between, which is why even full agreement is not conclusive.
func textWeight(s float64) float64 {
	switch {
	case s <= 0.1:
		return wTextLow
	case s <= 0.3:
		return wTextLow + (s-0.1)*(0-wTextLow)/0.2
	case s <= 0.5:
		return (s - 0.3) * wTextMid / 0.2
	case s <= 0.8:
		return wTextMid + (s-0.5)*(wTextHigh-wTextMid)/0.3
	}
	return wTextHigh
}

func (m *model) actorCount(a int32) int {
	if int(a) < len(m.freq.actor) {
		return m.freq.actor[a]
	}
	return 0
}

// share is the smoothed share of n among total, for frequency weights.
func (m *model) share(n, total int) float64 {
	return (float64(n) + 1) / (float64(total) + 20)
}

// placeScore weighs the places of a and b; false when they cannot be one place.
func (m *model) placeScore(a, b *feat, ra, rb *sarhad.Report, x *explain) (float64, bool) {
	aLoc, bLoc := a.dist >= 0 || a.prov >= 0, b.dist >= 0 || b.prov >= 0
	if !aLoc || !bLoc {
		if aLoc == bLoc && a.radius > 0 && b.radius > 0 { // bare coordinates outside any province
			d := float32(sarhad.DistanceKm(float64(a.lat), float64(a.lon), float64(b.lat), float64(b.lon)))
			if d > a.radius+b.radius {
				return 0, false
			}
			if x != nil {
				x.say("points " + km(d) + " km apart")
			}
			return 0, true
		}
		if x != nil {
			x.say("place unknown")
		}
		return wPlaceUnknown, true
	}
	switch {
	case a.dist >= 0 && b.dist >= 0:
		if a.dist == b.dist || m.compatDistricts(a.dist, b.dist) {
			fine := a.radius > 0 && a.radius <= tehsilRadius && b.radius > 0 && b.radius <= tehsilRadius
			switch {
			case a.place >= 0 && a.place == b.place:
				if ra != nil {
					x.say("same place (" + placeName(ra, rb) + ")")
				}
				return m.samePlace(a), true
			case fine:
				d := float32(sarhad.DistanceKm(float64(a.lat), float64(a.lon), float64(b.lat), float64(b.lon)))
				if d <= a.radius+b.radius {
					if x != nil {
						x.say("same place (" + km(d) + " km apart)")
					}
					if a.place >= 0 && (b.place < 0 || m.placeCount(a.place) > m.placeCount(b.place)) {
						return m.samePlace(a), true
					}
					return m.samePlace(b), true
				}
				if d > 2*(a.radius+b.radius)+10 {
					if x != nil {
						x.say("different places " + km(d) + " km apart in one district")
					}
					return wOtherLocal, true
				}
			}
			if ra != nil {
				x.say(within(ra, rb))
			}
			return 0, true
		}
		if !a.ownPoint && !b.ownPoint || a.radius == 0 || b.radius == 0 || !m.nearDistricts(a.dist, b.dist) {
			return 0, false
		}
		d := float32(sarhad.DistanceKm(float64(a.lat), float64(a.lon), float64(b.lat), float64(b.lon)))
		if d > a.radius+b.radius {
			return 0, false
		}
		if ra != nil {
			x.say(ra.Location.District + " and " + rb.Location.District + " neighbouring (" + km(d) + " km)")
		}
		return wNeighbour, true
	case a.prov >= 0 && a.prov == b.prov:
		if ra != nil {
			x.say(within(ra, rb))
		}
		return wProvinceOnly, true
	}
	return 0, false
}

// samePlace weighs agreement on a's locality by how common it is in its district: two
// reports of Karachi in Karachi say little, two of one village much.
func (m *model) samePlace(a *feat) float64 {
	if a.place < 0 || a.dist < 0 {
		return 0
	}
	if t := m.tables; t != nil && int(a.place) < len(t.place) && t.place[a.place] >= 0 {
		return t.place[a.place]
	}
	share := (float64(m.placeCount(a.place)) + 1) / (float64(m.distCount(a.dist)) + 2)
	return math.Min(maxSamePlace, math.Max(0, math.Log(pSamePlace/share)))
}

func (m *model) placeCount(p int32) int {
	if p >= 0 && int(p) < len(m.freq.place) {
		return m.freq.place[p]
	}
	return 0
}

func (m *model) distCount(d int32) int {
	if d >= 0 && int(d) < len(m.freq.dist) {
		return m.freq.dist[d]
	}
	return 0
}

func (m *model) compatDistricts(a, b int32) bool {
	for _, c := range m.distInfo[a].compat {
		if c == b {
			return true
		}
	}
	return false
}

func (m *model) nearDistricts(a, b int32) bool {
	for _, c := range m.distInfo[a].near {
		if c == b {
			return true
		}
	}
	return false
}

// tollScore weighs two casualty figures (see the constants).
func (m *model) tollScore(ca, cb *cnt, a, b *feat, factor float64, what string, x *explain) float64 {
	if !ca.known || !cb.known {
		return 0
	}
	if ca.lo <= cb.hi && cb.lo <= ca.hi { // overlapping
		if ca.best == cb.best && !a.claimant && !b.claimant {
			w := m.tollWeight(ca.best)
			if x != nil {
				x.say(what + " " + itoa(ca.best) + " = " + itoa(cb.best))
			}
			return w * factor
		}
		if x != nil {
			x.say(what + " " + cntString(ca) + " ~ " + cntString(cb))
		}
		return wTollOverlap * factor
	}
	// Apart: how far, and is the order explained?
	lowC, highC, lowF, highF := ca, cb, a, b
	if ca.hi > cb.hi {
		lowC, highC, lowF, highF = cb, ca, b, a
	}
	r := math.Log(float64(highC.lo+1) / float64(lowC.hi+1))
	k, why := kTollUnknown, ""
	switch {
	case highF.claimant && !lowF.claimant:
		k, why = kTollClaimed, " (claimed higher)"
	case highF.reported != 0 && lowF.reported != 0 && highF.reported > lowF.reported:
		k, why = kTollRising, " (rising toll)"
	case highF.reported != 0 && lowF.reported != 0 && highF.reported < lowF.reported:
		k, why = kTollFalling, " (later report lower)"
	}
	if x != nil {
		x.say(what + " " + cntString(ca) + " vs " + cntString(cb) + why)
	}
	return math.Max(minToll, -k*r) * factor
}

// Frequency weights: the log-likelihood ratio of agreeing on a value, from how often the
// value occurs. A batch freezes them into tables once every report is counted; an index,
// whose counts change, computes them when asked.

type weightTables struct {
	actor          []float64
	attack, target [32]float64
	toll           []float64
	place          []float64
}

// freeze computes the weight tables from the current frequencies of feats.
func (m *model) freeze(feats []feat) {
	t := &weightTables{}
	for a := range m.freq.actor {
		t.actor = append(t.actor, m.actorWeightNow(int32(a)))
	}
	for i := range t.attack {
		t.attack[i] = m.attackWeightNow(uint8(i))
		t.target[i] = m.targetWeightNow(uint8(i))
	}
	for k := range m.freq.killed {
		t.toll = append(t.toll, m.tollWeightNow(int32(k)))
	}
	t.place = make([]float64, len(m.freq.place))
	for i := range t.place {
		t.place[i] = -1
	}
	for i := range feats {
		if p := feats[i].place; p >= 0 && int(p) < len(t.place) && t.place[p] < 0 {
			t.place[p] = m.samePlace(&feats[i])
		}
	}
	m.tables = t
}

func (m *model) actorWeight(a int32) float64 {
	if t := m.tables; t != nil && int(a) < len(t.actor) {
		return t.actor[a]
	}
	return m.actorWeightNow(a)
}

func (m *model) actorWeightNow(a int32) float64 {
	return math.Min(maxActor, math.Max(0.2, math.Log(pActorSame/m.share(m.actorCount(a), m.freq.named))))
}

func (m *model) attackWeight(t uint8) float64 {
	if m.tables != nil {
		return m.tables.attack[t]
	}
	return m.attackWeightNow(t)
}

func (m *model) attackWeightNow(t uint8) float64 {
	return math.Min(maxAttack, math.Max(0.2, math.Log(pTypeSame/m.share(m.freq.attack[t], m.freq.typed))))
}

func (m *model) targetWeight(t uint8) float64 {
	if m.tables != nil {
		return m.tables.target[t]
	}
	return m.targetWeightNow(t)
}

func (m *model) targetWeightNow(t uint8) float64 {
	return math.Min(maxTarget, math.Max(0.2, math.Log(pTargetSame/m.share(m.freq.target[t], m.freq.targ))))
}

func (m *model) tollWeight(k int32) float64 {
	k = min(k, maxTollBin)
	if t := m.tables; t != nil {
		return t.toll[k]
	}
	return m.tollWeightNow(k)
}

func (m *model) tollWeightNow(k int32) float64 {
	share := m.share(m.freq.killed[min(k, maxTollBin)], m.freq.counted)
	return math.Min(maxToll, math.Max(0.1, math.Log(pTollEqual/share)))
}

func cntString(c *cnt) string {
	if c.lo == c.hi {
		return itoa(c.best)
	}
	return itoa(c.lo) + "–" + itoa(c.hi)
}

func abs32(x int32) int32 {
	if x < 0 {
		return -x
	}
	return x
}

// Reason helpers: names as the reports wrote them.

func actorPair(a, b *sarhad.Report) string {
	na, nb := rawActor(a), rawActor(b)
	if na == nb {
		return na
	}
	return na + "≈" + nb
}

func rawActor(r *sarhad.Report) string {
	if r.PerpetratorRaw != "" {
		return r.PerpetratorRaw
	}
	return r.Perpetrator
}

func claimer(a, b *sarhad.Report) string {
	if a.Attribution == sarhad.AttrDenied {
		return rawActor(b)
	}
	return rawActor(a)
}

func denier(a, b *sarhad.Report) string {
	if a.Attribution == sarhad.AttrDenied {
		return rawActor(a)
	}
	return rawActor(b)
}

func placeName(a, b *sarhad.Report) string {
	for _, r := range []*sarhad.Report{a, b} {
		if r.Location.Place != "" {
			return r.Location.Place
		}
	}
	return a.Location.District
}

// within says how the places of two compatible reports relate: "Peshawar within Khyber
// Pakhtunkhwa", "same district (Quetta)".
func within(a, b *sarhad.Report) string {
	fine, coarse := &a.Location, &b.Location
	if fine.Precision.Rank() > coarse.Precision.Rank() {
		fine, coarse = coarse, fine
	}
	name := fine.Place
	if name == "" {
		name = fine.District
	}
	switch {
	case coarse.District == "" && coarse.Province != "":
		return name + " within " + coarse.Province
	case fine.District == coarse.District:
		if name != "" && name != coarse.District && coarse.Place == "" {
			return name + " within " + coarse.District
		}
		return "same district (" + fine.District + ")"
	}
	return fine.District + " ~ " + coarse.District
}
