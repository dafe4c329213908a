package fusion

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/sarhad-osint/sarhad"
)

// Decider records analyst decisions in a store and applies them at once: the events
// concerned are reconciled again from their new sets of reports. It implements
// sarhad.DecisionService; the web layer wraps it to append each call to the audit chain.
type Decider struct {
	e  *Engine
	st Store
	// Now is the clock; time.Now when nil.
	Now func() time.Time
}

// NewDecider returns a decider over a store.
func (e *Engine) NewDecider(st Store) *Decider { return &Decider{e: e, st: st} }

var _ sarhad.DecisionService = (*Decider)(nil)

func (d *Decider) now() time.Time {
	if d.Now != nil {
		return d.Now().UTC()
	}
	return time.Now().UTC()
}

// analyst checks that the viewer may take decisions.
func analyst(v sarhad.Viewer) error {
	if v.All || v.Role.Can(sarhad.RoleAnalyst) {
		return nil
	}
	return sarhad.Errorf(sarhad.EFORBIDDEN, "Only analysts may merge, split or pin events.")
}

// visible checks that the viewer may see every report concerned: ENOTFOUND when it may see
// none of them (nothing reveals that they exist), EFORBIDDEN when it may see only some.
func visible(v sarhad.Viewer, what string, ss []Stored) error {
	seen := 0
	for _, s := range ss {
		if v.CanSee(s.Report.Marking, s.Report.Owner) {
			seen++
		}
	}
	switch {
	case seen == 0:
		return sarhad.Errorf(sarhad.ENOTFOUND, "%s not found.", what)
	case seen < len(ss):
		return sarhad.Errorf(sarhad.EFORBIDDEN, "%s has reports you may not see; ask their owners.", what)
	}
	return nil
}

// event loads the reports of one event, checked for the viewer.
func (d *Decider) event(ctx context.Context, v sarhad.Viewer, id string) ([]Stored, error) {
	ss, err := d.st.EventReports(ctx, []string{id})
	if err != nil {
		return nil, err
	}
	if err := visible(v, fmt.Sprintf("Event %q", id), ss); err != nil {
		return nil, err
	}
	return ss, nil
}

func ids(ss []Stored) []string {
	out := make([]string, len(ss))
	for i := range ss {
		out[i] = ss[i].Report.ID
	}
	return out
}

func (d *Decider) decision(v sarhad.Viewer, kind sarhad.DecisionKind, why string) (*sarhad.Decision, error) {
	why = strings.TrimSpace(why)
	if why == "" {
		return nil, sarhad.Errorf(sarhad.EINVALID, "A decision needs a reason (--why).")
	}
	by := v.Name
	if by == "" {
		by = v.Agency
	}
	return &sarhad.Decision{Kind: kind, By: by, Why: why, At: d.now()}, nil
}

// analystLink marks a report's link as placed by an analyst.
func analystLink(s *Stored, what string, dec *sarhad.Decision) {
	s.Link.Decision = sarhad.LinkPinned
	s.Link.Score = 1
	s.Link.Why = fmt.Sprintf("%s by %s: %s", what, dec.By, dec.Why)
}

// Merge folds event other into event keep: every report of other joins keep, pinned there.
func (d *Decider) Merge(ctx context.Context, v sarhad.Viewer, keep, other, why string) (sarhad.Decision, error) {
	if err := analyst(v); err != nil {
		return sarhad.Decision{}, err
	}
	if keep == other {
		return sarhad.Decision{}, sarhad.Errorf(sarhad.EINVALID, "An event cannot be merged into itself.")
	}
	dec, err := d.decision(v, sarhad.DecisionMerge, why)
	if err != nil {
		return sarhad.Decision{}, err
	}
	a, err := d.event(ctx, v, keep)
	if err != nil {
		return sarhad.Decision{}, err
	}
	b, err := d.event(ctx, v, other)
	if err != nil {
		return sarhad.Decision{}, err
	}
	for i := range b {
		analystLink(&b[i], "merged from "+other, dec)
	}
	all := append(a, b...)
	dec.EventID, dec.OtherEventID, dec.Together, dec.Result = keep, other, ids(all), keep
	ch := Change{Events: []EventWrite{d.e.rewrite(keep, all)}, Delete: []string{other}, Decision: dec, Result: -1}
	if _, err := d.st.ApplyFusion(ctx, ch); err != nil {
		return sarhad.Decision{}, err
	}
	return *dec, nil
}

// Split takes a report out of an event into a new event of its own, kept apart from the
// event's other reports.
func (d *Decider) Split(ctx context.Context, v sarhad.Viewer, eventID, reportID, why string) (sarhad.Decision, error) {
	if err := analyst(v); err != nil {
		return sarhad.Decision{}, err
	}
	dec, err := d.decision(v, sarhad.DecisionSplit, why)
	if err != nil {
		return sarhad.Decision{}, err
	}
	ss, err := d.event(ctx, v, eventID)
	if err != nil {
		return sarhad.Decision{}, err
	}
	var out, rest []Stored
	for _, s := range ss {
		if s.Report.ID == reportID {
			out = append(out, s)
		} else {
			rest = append(rest, s)
		}
	}
	switch {
	case len(out) == 0:
		return sarhad.Decision{}, sarhad.Errorf(sarhad.ENOTFOUND, "Report %q is not in event %q.", reportID, eventID)
	case len(rest) == 0:
		return sarhad.Decision{}, sarhad.Errorf(sarhad.EINVALID, "Report %q is the only report of event %q.", reportID, eventID)
	}
	for i := range out {
		analystLink(&out[i], "split from "+eventID, dec)
	}
	dec.EventID, dec.ReportID = eventID, reportID
	for _, o := range rest {
		dec.Apart = append(dec.Apart, [2]string{reportID, o.Report.ID})
	}
	alone := d.e.rewrite("", out)
	alone.Event.Links[0].Decision = sarhad.LinkPinned
	ch := Change{Events: []EventWrite{d.e.rewrite(eventID, rest), alone}, Decision: dec, Result: 1}
	written, err := d.st.ApplyFusion(ctx, ch)
	if err != nil {
		return sarhad.Decision{}, err
	}
	if len(written) > 1 {
		dec.Result = written[1]
	}
	return *dec, nil
}

// Pin puts a report into an event (taking it out of its current one) and keeps it there.
func (d *Decider) Pin(ctx context.Context, v sarhad.Viewer, reportID, eventID, why string) (sarhad.Decision, error) {
	if err := analyst(v); err != nil {
		return sarhad.Decision{}, err
	}
	dec, err := d.decision(v, sarhad.DecisionPin, why)
	if err != nil {
		return sarhad.Decision{}, err
	}
	target, err := d.event(ctx, v, eventID)
	if err != nil {
		return sarhad.Decision{}, err
	}
	rs, err := d.st.ReportsByID(ctx, []string{reportID})
	if err != nil {
		return sarhad.Decision{}, err
	}
	rs = slices.DeleteFunc(rs, func(s Stored) bool { return !v.CanSee(s.Report.Marking, s.Report.Owner) })
	if len(rs) == 0 {
		return sarhad.Decision{}, sarhad.Errorf(sarhad.ENOTFOUND, "Report %q not found.", reportID)
	}
	var ch Change
	ch.Result = -1
	moving := map[int64]bool{}
	from := map[string]bool{}
	for i := range rs {
		moving[rs[i].Key] = true
		if rs[i].EventID != eventID {
			from[rs[i].EventID] = true
		}
		analystLink(&rs[i], "pinned", dec)
	}
	var keep []Stored
	for _, s := range target {
		if !moving[s.Key] {
			keep = append(keep, s)
		}
	}
	// The events the report leaves.
	var left []string
	for id := range from {
		left = append(left, id)
	}
	sort.Strings(left)
	if len(left) > 0 {
		old, err := d.st.EventReports(ctx, left)
		if err != nil {
			return sarhad.Decision{}, err
		}
		byEvent := map[string][]Stored{}
		for _, s := range old {
			if !moving[s.Key] {
				byEvent[s.EventID] = append(byEvent[s.EventID], s)
			}
		}
		for _, id := range left {
			if len(byEvent[id]) == 0 {
				ch.Delete = append(ch.Delete, id)
			} else {
				ch.Events = append(ch.Events, d.e.rewrite(id, byEvent[id]))
			}
		}
	}
	all := append(keep, rs...)
	ch.Events = append(ch.Events, d.e.rewrite(eventID, all))
	dec.EventID, dec.ReportID, dec.Together, dec.Result = eventID, reportID, ids(all), eventID
	ch.Decision = dec
	if _, err := d.st.ApplyFusion(ctx, ch); err != nil {
		return sarhad.Decision{}, err
	}
	return *dec, nil
}

// Undo revokes a decision: the reports it bound are fused again, with the decisions that
// still stand, and their events rewritten.
func (d *Decider) Undo(ctx context.Context, v sarhad.Viewer, decisionID int64, why string) (sarhad.Decision, error) {
	if err := analyst(v); err != nil {
		return sarhad.Decision{}, err
	}
	dec, err := d.decision(v, sarhad.DecisionUndo, why)
	if err != nil {
		return sarhad.Decision{}, err
	}
	old, err := d.st.StoredDecision(ctx, decisionID)
	if err != nil {
		return sarhad.Decision{}, err
	}
	switch {
	case old.Kind == sarhad.DecisionUndo:
		return sarhad.Decision{}, sarhad.Errorf(sarhad.EINVALID, "Decision %d is an undo; take a new decision instead.", decisionID)
	case old.UndoneBy != 0:
		return sarhad.Decision{}, sarhad.Errorf(sarhad.ECONFLICT, "Decision %d was already undone by decision %d.", decisionID, old.UndoneBy)
	}
	// The reports bound, their current events, and every report of those events.
	bound := slices.Clone(old.Together)
	for _, p := range old.Apart {
		bound = append(bound, p[0], p[1])
	}
	if old.ReportID != "" {
		bound = append(bound, old.ReportID)
	}
	rs, err := d.st.ReportsByID(ctx, bound)
	if err != nil {
		return sarhad.Decision{}, err
	}
	evs := map[string]bool{}
	for _, s := range rs {
		evs[s.EventID] = true
	}
	var eventIDs []string
	for id := range evs {
		eventIDs = append(eventIDs, id)
	}
	sort.Strings(eventIDs)
	ss, err := d.st.EventReports(ctx, eventIDs)
	if err != nil {
		return sarhad.Decision{}, err
	}
	if err := visible(v, fmt.Sprintf("Decision %d", decisionID), ss); err != nil {
		return sarhad.Decision{}, err
	}
	standing, err := d.st.StoredDecisions(ctx, eventIDs)
	if err != nil {
		return sarhad.Decision{}, err
	}
	standing = slices.DeleteFunc(standing, func(x sarhad.Decision) bool { return x.ID == decisionID })
	reports := make([]sarhad.Report, len(ss))
	for i := range ss {
		reports[i] = ss[i].Report
	}
	r := d.e.Fuse(reports, ConstraintsFrom(standing))
	was := make([]string, len(ss))
	for i := range ss {
		was[i] = ss[i].EventID
	}
	newIDs := keepIDs(was, r)
	used := map[string]bool{}
	ch := Change{Decision: dec, Undone: decisionID, Result: -1}
	members := make([][]Stored, len(r.Events))
	for i, k := range r.EventOf {
		members[k] = append(members[k], ss[i])
	}
	for k := range r.Events {
		for j := range members[k] {
			members[k][j].Link = r.Events[k].Links[j]
		}
		ch.Events = append(ch.Events, d.e.rewrite(newIDs[k], members[k]))
		used[newIDs[k]] = true
	}
	for _, id := range eventIDs {
		if !used[id] {
			ch.Delete = append(ch.Delete, id)
		}
	}
	dec.Undoes, dec.EventID = decisionID, old.EventID
	if _, err := d.st.ApplyFusion(ctx, ch); err != nil {
		return sarhad.Decision{}, err
	}
	return *dec, nil
}

// Decisions lists the decisions about an event ("" for all), oldest first.
func (d *Decider) Decisions(ctx context.Context, v sarhad.Viewer, eventID string) ([]sarhad.Decision, error) {
	var evs []string
	if eventID != "" {
		if _, err := d.event(ctx, v, eventID); err != nil {
			return nil, err
		}
		evs = []string{eventID}
	} else if !v.All {
		return nil, sarhad.Errorf(sarhad.EINVALID, "Name an event.")
	}
	return d.st.StoredDecisions(ctx, evs)
}
