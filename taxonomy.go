package sarhad

import "strings"

// AttackType is one of the canonical attack types of INTERCHANGE.md.
type AttackType string

// The canonical attack types.
const (
	AttackSuicide       AttackType = "suicide bombing"
	AttackIED           AttackType = "IED"
	AttackArmedAssault  AttackType = "armed assault"
	AttackAmbush        AttackType = "ambush"
	AttackTargetedKill  AttackType = "targeted killing"
	AttackHijacking     AttackType = "hijacking"
	AttackHostageTaking AttackType = "hostage-taking"
	AttackRocketMortar  AttackType = "rocket/mortar"
	AttackCrossBorder   AttackType = "cross-border raid"
	AttackArsonSabotage AttackType = "arson/sabotage"
	AttackOther         AttackType = "other"
)

// AttackTypes lists the canonical attack types in contract order.
var AttackTypes = []AttackType{
	AttackSuicide, AttackIED, AttackArmedAssault, AttackAmbush, AttackTargetedKill,
	AttackHijacking, AttackHostageTaking, AttackRocketMortar, AttackCrossBorder,
	AttackArsonSabotage, AttackOther,
}

// ParseAttackType returns the canonical attack type for s (case-insensitive, with a few
// common variants), or false when s names none. An empty string is a valid "unknown" ("").
func ParseAttackType(s string) (AttackType, bool) {
	k := foldKey(s)
	if k == "" {
		return "", true
	}
	for _, t := range AttackTypes {
		if foldKey(string(t)) == k {
			return t, true
		}
	}
	switch k {
	case "suicide", "suicide attack", "suicide bomb", "suicide blast":
		return AttackSuicide, true
	case "ied", "bombing", "bomb", "improvised explosive device", "explosion", "bomb blast", "blast":
		return AttackIED, true
	case "armed attack", "assault", "gun attack", "shooting", "firing":
		return AttackArmedAssault, true
	case "assassination", "target killing":
		return AttackTargetedKill, true
	case "hostage taking", "kidnapping", "abduction":
		return AttackHostageTaking, true
	case "rocket", "mortar", "rocket attack", "mortar attack", "rocket mortar":
		return AttackRocketMortar, true
	case "cross border raid", "cross border attack", "infiltration":
		return AttackCrossBorder, true
	case "arson", "sabotage", "arson sabotage":
		return AttackArsonSabotage, true
	}
	return "", false
}

// TargetType is one of the canonical target types of INTERCHANGE.md.
type TargetType string

// The canonical target types.
const (
	TargetSecurity       TargetType = "security forces"
	TargetPolice         TargetType = "police"
	TargetCivilians      TargetType = "civilians"
	TargetReligious      TargetType = "religious site"
	TargetPolitical      TargetType = "political gathering"
	TargetForeign        TargetType = "foreign nationals"
	TargetInfrastructure TargetType = "infrastructure"
	TargetTransport      TargetType = "transport"
	TargetEducation      TargetType = "education"
	TargetGovernment     TargetType = "government"
)

// TargetTypes lists the canonical target types in contract order.
var TargetTypes = []TargetType{
	TargetSecurity, TargetPolice, TargetCivilians, TargetReligious, TargetPolitical,
	TargetForeign, TargetInfrastructure, TargetTransport, TargetEducation, TargetGovernment,
}

// ParseTargetType returns the canonical target type for s, or false when s names none.
// An empty string is a valid "unknown" ("").
func ParseTargetType(s string) (TargetType, bool) {
	k := foldKey(s)
	if k == "" {
		return "", true
	}
	for _, t := range TargetTypes {
		if foldKey(string(t)) == k {
			return t, true
		}
	}
	switch k {
	case "military", "army", "security", "frontier corps", "fc", "levies", "soldiers":
		return TargetSecurity, true
	case "civilian", "private citizens", "private citizens and property", "public":
		return TargetCivilians, true
	case "religious", "mosque", "religious figures institutions", "shrine", "church", "imambargah":
		return TargetReligious, true
	case "political", "political rally", "election", "political party":
		return TargetPolitical, true
	case "foreign", "foreigners", "foreigner", "foreign national", "chinese nationals":
		return TargetForeign, true
	case "utilities", "infrastructure utilities", "gas pipeline", "power", "telecommunication":
		return TargetInfrastructure, true
	case "train", "bus", "transportation", "railway", "convoy":
		return TargetTransport, true
	case "school", "educational institution", "educational", "students":
		return TargetEducation, true
	case "government general", "government official", "official", "government officials":
		return TargetGovernment, true
	}
	return "", false
}

// Attribution is how firmly an attack is tied to a perpetrator.
type Attribution string

// The attribution statuses.
const (
	AttrClaimed   Attribution = "claimed"
	AttrOfficial  Attribution = "official"
	AttrSuspected Attribution = "suspected"
	AttrDenied    Attribution = "denied"
	AttrUnknown   Attribution = "unknown"
)

// ParseAttribution returns the attribution for s; "" and unrecognised values are unknown
// with ok=false for unrecognised ones.
func ParseAttribution(s string) (Attribution, bool) {
	switch foldKey(s) {
	case "":
		return AttrUnknown, true
	case "claimed", "claim", "claimed responsibility":
		return AttrClaimed, true
	case "official", "officially attributed", "attributed":
		return AttrOfficial, true
	case "suspected", "suspect", "believed", "alleged":
		return AttrSuspected, true
	case "denied", "denial", "denies":
		return AttrDenied, true
	case "unknown":
		return AttrUnknown, true
	}
	return AttrUnknown, false
}

// Nexus records whether a cross-border link (infiltration from, or direction from,
// Afghanistan or Iran) is stated. Silence is "unknown", never "no".
type Nexus string

// Nexus values.
const (
	NexusYes     Nexus = "yes"
	NexusNo      Nexus = "no"
	NexusUnknown Nexus = "unknown"
)

// ParseNexus parses yes/no/unknown (and true/false, 1/0); "" is unknown.
func ParseNexus(s string) (Nexus, bool) {
	switch foldKey(s) {
	case "", "unknown", "na", "n a":
		return NexusUnknown, true
	case "yes", "true", "1", "y":
		return NexusYes, true
	case "no", "false", "0", "n":
		return NexusNo, true
	}
	return NexusUnknown, false
}

// Reliability is the Admiralty source-reliability grade A (completely reliable) to
// F (cannot be judged). The empty grade means "not graded" and is treated as F.
type Reliability string

// Admiralty reliability grades.
const (
	ReliabilityA Reliability = "A" // completely reliable
	ReliabilityB Reliability = "B" // usually reliable
	ReliabilityC Reliability = "C" // fairly reliable
	ReliabilityD Reliability = "D" // not usually reliable
	ReliabilityE Reliability = "E" // unreliable
	ReliabilityF Reliability = "F" // reliability cannot be judged
)

// ParseReliability parses a grade A–F (case-insensitive); "" is valid and ungraded.
func ParseReliability(s string) (Reliability, bool) {
	s = strings.ToUpper(strings.TrimSpace(s))
	switch s {
	case "":
		return "", true
	case "A", "B", "C", "D", "E", "F":
		return Reliability(s), true
	}
	return "", false
}

// Rank orders grades: A=0 … F=5; ungraded ranks as F.
func (r Reliability) Rank() int {
	if r == "" {
		return 5
	}
	return int(r[0] - 'A')
}

// FoldKey lower-cases s and turns every run of non-alphanumeric ASCII into one space: the key
// under which the canonical vocabularies (attack types, markings, ...) are compared.
func FoldKey(s string) string { return foldKey(s) }

// foldKey lower-cases s and turns every run of non-alphanumeric ASCII into one space,
// so that "Suicide-Bombing", "suicide bombing" and " SUICIDE  bombing " compare equal.
func foldKey(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(strings.TrimSpace(s)) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127 {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		} else {
			space = true
		}
	}
	return b.String()
}
