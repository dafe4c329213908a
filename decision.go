package sarhad

import (
	"context"
	"time"
)

// DecisionKind names an analyst decision about which reports form an event.
type DecisionKind string

// Analyst decisions.
const (
	// DecisionMerge makes two events one: every report of the second joins the first.
	DecisionMerge DecisionKind = "merge"
	// DecisionSplit takes a report out of its event into a new event of its own.
	DecisionSplit DecisionKind = "split"
	// DecisionPin puts a report into an event and keeps it there.
	DecisionPin DecisionKind = "pin"
	// DecisionUndo revokes an earlier decision.
	DecisionUndo DecisionKind = "undo"
)

// ParseDecisionKind parses a decision kind.
func ParseDecisionKind(s string) (DecisionKind, bool) {
	switch k := DecisionKind(foldKey(s)); k {
	case DecisionMerge, DecisionSplit, DecisionPin, DecisionUndo:
		return k, true
	}
	return "", false
}

// Decision is one analyst decision as recorded: what, on which events and reports, who,
// when and why. Decisions are constraints on fusion: a re-fusion keeps reports that a
// decision put together in one event and those it split apart in different events, until
// the decision is undone.
type Decision struct {
	ID   int64        `json:"id"`
	Kind DecisionKind `json:"kind"`
	// EventID is the event kept by a merge, left by a split, or joined by a pin.
	EventID string `json:"event_id,omitempty"`
	// OtherEventID is the event a merge folded into EventID.
	OtherEventID string `json:"other_event_id,omitempty"`
	// ReportID is the report a split or pin moved.
	ReportID string `json:"report_id,omitempty"`
	// Together and Apart are the report IDs the decision binds, as of when it was taken:
	// a merge or pin puts Together in one event; a split keeps each pair of Apart in
	// different events.
	Together []string    `json:"together,omitempty"`
	Apart    [][2]string `json:"apart,omitempty"`
	// Undoes is the decision an undo revokes.
	Undoes int64 `json:"undoes,omitempty"`
	// By is the analyst, Why their reason, At the time.
	By  string    `json:"by"`
	Why string    `json:"why"`
	At  time.Time `json:"at"`
	// UndoneBy is the undo decision that revoked this one, 0 while it stands.
	UndoneBy int64 `json:"undone_by,omitempty"`
	// Result is the event the decision produced or changed (the new event of a split).
	Result string `json:"result,omitempty"`
}

// DecisionService records analyst decisions and applies them at once: the events concerned
// are recomputed from their new sets of reports. Every call is one entry of the audit
// record; the web layer wraps these methods to append it. The viewer must be an analyst
// who may see the events and reports concerned; ENOTFOUND otherwise.
type DecisionService interface {
	// Merge folds event other into event keep.
	Merge(ctx context.Context, v Viewer, keep, other, why string) (Decision, error)
	// Split takes a report out of an event into a new event of its own.
	Split(ctx context.Context, v Viewer, eventID, reportID, why string) (Decision, error)
	// Pin puts a report into an event (taking it out of its current one) and keeps it there.
	Pin(ctx context.Context, v Viewer, reportID, eventID, why string) (Decision, error)
	// Undo revokes a decision: the reports it moved go back to where fusion puts them.
	Undo(ctx context.Context, v Viewer, decisionID int64, why string) (Decision, error)
	// Decisions lists the decisions that concern an event ("" for all), oldest first.
	Decisions(ctx context.Context, v Viewer, eventID string) ([]Decision, error)
}
