package sarhad

import "time"

// Event is one attack at one place and time, fused from one or more reports. Its fields are
// reconciled from those reports, each with provenance, and it keeps the link to every report
// with the reason it was matched.
type Event struct {
	ID string

	Date        Date
	Location    Location
	Perpetrator string
	Attribution Attribution
	// Claims keeps every attribution statement of the reports (a claim and a denial are both
	// kept), so that the reconciled Perpetrator/Attribution can be explained.
	Claims     []Claim
	AttackType AttackType
	TargetType TargetType
	Killed     Tally
	Injured    Count
	Hostages   Count
	// CrossBorder is yes when any report states a cross-border nexus.
	CrossBorder Nexus
	// Credibility is the Admiralty information-credibility grade 1 (confirmed) to 6 (cannot
	// be judged); 2 or better only when independent sources corroborate.
	Credibility int

	// Marking is the most restrictive marking of the event's reports and Owner the owner of
	// its seed report. Visibility is decided per report: a viewer sees the event when it may
	// see at least one of its reports, and then sees values reconciled from those reports only.
	Marking Marking
	Owner   string

	// Links are the event's reports, with how each was matched.
	Links []Link
	// Provenance says which report (or rule) each reconciled field came from.
	Provenance []FieldSource
	// Incident groups the events of one operation (a coordinated wave), "" when none.
	Incident  string
	UpdatedAt time.Time
}

// ReportIDs returns the IDs of the event's reports in link order.
func (e *Event) ReportIDs() []string {
	ids := make([]string, len(e.Links))
	for i, l := range e.Links {
		ids[i] = l.ReportID
	}
	return ids
}

// Claim is one attribution statement made in a report.
type Claim struct {
	Actor    string      `json:"actor"`
	Status   Attribution `json:"status"`
	ReportID string      `json:"report_id"`
}

// LinkDecision records how a report came to belong to an event.
type LinkDecision string

// Link decisions.
const (
	LinkAuto   LinkDecision = "auto"   // fusion matched it
	LinkPinned LinkDecision = "pinned" // an analyst pinned it here
	LinkSeed   LinkDecision = "seed"   // the event was created from this report
)

// Link ties a report to an event with the match score and a human-readable reason.
type Link struct {
	ReportID string       `json:"report_id"`
	Score    float64      `json:"score"`
	Why      string       `json:"why"`
	Decision LinkDecision `json:"decision,omitempty"`
}

// FieldSource is the provenance of one reconciled field.
type FieldSource struct {
	Field    string `json:"field"`
	ReportID string `json:"report_id,omitempty"`
	Rule     string `json:"rule,omitempty"`
}

// EventFromReport returns the single-report event of r: every field copied, one seed link.
// Curated data-set rows become events this way before fusion exists.
func EventFromReport(r *Report) Event {
	e := Event{
		Date:        r.Date,
		Location:    r.Location,
		Perpetrator: r.Perpetrator,
		Attribution: r.Attribution,
		AttackType:  r.AttackType,
		TargetType:  r.TargetType,
		Killed:      r.Killed,
		Injured:     r.Injured,
		Hostages:    r.Hostages,
		CrossBorder: r.CrossBorder,
		Credibility: 6,
		Marking:     r.Marking,
		Owner:       r.Owner,
		Links:       []Link{{ReportID: r.ID, Score: 1, Why: "first report of this event", Decision: LinkSeed}},
	}
	if r.Perpetrator != "" && r.Perpetrator != UnknownActor {
		e.Claims = []Claim{{Actor: r.Perpetrator, Status: r.Attribution, ReportID: r.ID}}
	}
	return e
}

// Source is an outlet, agency, data set or sensor, with its Admiralty reliability grade and
// its track record.
type Source struct {
	Name        string      `json:"name"`
	Reliability Reliability `json:"reliability"`
	// Corroborated and Contradicted count the source's reports that other independent
	// sources later confirmed or contradicted.
	Corroborated int `json:"corroborated"`
	Contradicted int `json:"contradicted"`
}
