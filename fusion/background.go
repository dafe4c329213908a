package fusion

import "strings"

// The background vocabulary: English words common in reports of attacks in Pakistan, with
// the rough share of such reports that contain them. It stands in for a corpus when few
// texts are fused at once, so that "killed", "police" or "Pakistan" never count as the
// particulars of an attack. Written for Sarhad; the shares are judgements in three classes,
// not counts from any data set. Another language is added as another list.
var backgroundWords = map[float32]string{
	0.6: `the and was were that with from for this have has had been said their they
		killed attack attacked pakistan police security people injured wounded
		district province area city officials official according reported`,
	0.3: `militants militant forces force personnel soldiers soldier army military
		blast bomb bomber explosion exploded explosive device suicide gunmen gunman
		terrorists terrorist attackers assailants unidentified unknown armed men
		group claimed responsibility claim claims killing dead death toll bodies
		fire opened firing shot shooting targeted targeting near vehicle road
		checkpoint check post station hospital injuries injury rescue sources
		village town tehsil agency tribal local residents civilians civilian
		khyber pakhtunkhwa balochistan sindh punjab federally administered areas
		fata frontier corps levies government members member including among
		also after during while when where which who whom other others there
		two three four five several many least more over than into since before
		incident incidents event attacks bombing bombings operation operations
		spokesman statement told media news reports report confirmed said`,
	0.1: `planted remote controlled roadside improvised grenade grenades rocket
		rockets mortar shells shell convoy patrol mosque school market shop house
		home office camp base highway bus train railway track bridge pipeline
		tower gas electricity power kidnapped abducted hostage hostages gun
		guns weapons weapon ambush ambushed raid raided clash clashes killed
		peshawar quetta karachi islamabad lahore waziristan north south
		ttp taliban tehreek tehrik baloch liberation army front lashkar jaish
		jamaat islamic state khorasan sectarian shia sunni hazara leader
		commander worker workers activist political party rally election`,
}

// background maps word hashes (as words computes them) to their share.
var background = func() map[uint32]float32 {
	m := map[uint32]float32{}
	for share, list := range backgroundWords {
		for _, w := range strings.Fields(list) {
			words(w, func(h uint32) {
				if share > m[h] {
					m[h] = share
				}
			})
		}
	}
	return m
}()
