package sarhad

import "strings"

// Marking is a Traffic Light Protocol 2.0 label.
type Marking string

// TLP 2.0 markings, from least to most restricted.
const (
	TLPClear       Marking = "TLP:CLEAR"
	TLPGreen       Marking = "TLP:GREEN"
	TLPAmber       Marking = "TLP:AMBER"
	TLPAmberStrict Marking = "TLP:AMBER+STRICT"
	TLPRed         Marking = "TLP:RED"
)

// DefaultMarking is applied to a report that arrives without one.
const DefaultMarking = TLPAmber

// Markings lists the markings from least to most restricted.
var Markings = []Marking{TLPClear, TLPGreen, TLPAmber, TLPAmberStrict, TLPRed}

// ParseMarking accepts "TLP:AMBER", "amber", "AMBER+STRICT", "TLP:WHITE" (the TLP 1.0 name
// of CLEAR) and so on. "" yields DefaultMarking.
func ParseMarking(s string) (Marking, bool) {
	u := strings.ToUpper(strings.TrimSpace(s))
	u = strings.TrimPrefix(u, "TLP:")
	u = strings.TrimPrefix(u, "TLP ")
	switch u {
	case "":
		return DefaultMarking, true
	case "CLEAR", "WHITE":
		return TLPClear, true
	case "GREEN":
		return TLPGreen, true
	case "AMBER":
		return TLPAmber, true
	case "AMBER+STRICT", "AMBER STRICT", "AMBER-STRICT":
		return TLPAmberStrict, true
	case "RED":
		return TLPRed, true
	}
	return "", false
}

// Level orders markings: CLEAR=0 … RED=4; unknown markings rank as RED.
func (m Marking) Level() int {
	for i, x := range Markings {
		if x == m {
			return i
		}
	}
	return len(Markings) - 1
}

// Role is what a user may do.
type Role string

// Roles, from least to most privileged.
const (
	RoleViewer  Role = "viewer"
	RoleAnalyst Role = "analyst"
	RoleAdmin   Role = "admin"
)

// ParseRole parses a role name.
func ParseRole(s string) (Role, bool) {
	switch r := Role(strings.ToLower(strings.TrimSpace(s))); r {
	case RoleViewer, RoleAnalyst, RoleAdmin:
		return r, true
	}
	return "", false
}

// Can reports whether r is at least min.
func (r Role) Can(min Role) bool { return r.rank() >= min.rank() }

func (r Role) rank() int {
	switch r {
	case RoleViewer:
		return 1
	case RoleAnalyst:
		return 2
	case RoleAdmin:
		return 3
	}
	return 0
}

// SystemAgency owns what the command line and the bundled data sets write when no agency
// is named. Records it owns follow the same marking rules as any other agency's.
const SystemAgency = "system"

// Viewer is whoever reads: a signed-in user, an API token, or the command line. Every read
// path takes one and returns only what it may see.
type Viewer struct {
	UserID int64
	Name   string
	Agency string
	Role   Role
	// AmberFrom lists the agencies that share their TLP:AMBER records with Agency.
	AmberFrom []string
	// All is set only for the local command line and internal jobs (import, fuse, stats from
	// the CLI): it sees every record. Never set for a network caller.
	All bool
}

// SystemViewer is the viewer of the local command line: it sees everything.
var SystemViewer = Viewer{Name: "cli", Agency: SystemAgency, Role: RoleAdmin, All: true}

// CanSee reports whether v may see a record with marking m owned by agency owner.
//
// TLP:CLEAR and TLP:GREEN are visible to every authenticated user; TLP:AMBER to the owner and
// to the agencies the owner shares with; TLP:AMBER+STRICT and TLP:RED only inside the owner.
func (v Viewer) CanSee(m Marking, owner string) bool {
	if v.All {
		return true
	}
	if v.Agency == "" {
		return false
	}
	switch m {
	case TLPClear, TLPGreen:
		return true
	case TLPAmber:
		if owner == v.Agency {
			return true
		}
		for _, a := range v.AmberFrom {
			if a == owner {
				return true
			}
		}
		return false
	default: // AMBER+STRICT, RED and anything unknown
		return owner == v.Agency
	}
}
