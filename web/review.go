package web

import (
	"context"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/sarhad-osint/sarhad"
)

// reviewLimit bounds each list of the review queue.
const reviewLimit = 100

// uncertainLink is a report that fusion put into an event with a score in the review band.
type uncertainLink struct {
	Event sarhad.Event
	Link  sarhad.Link
}

// duplicatePair is two events of one day and one district that fusion kept apart: perhaps
// one attack told twice.
type duplicatePair struct {
	Keep, Other sarhad.Event
}

type reviewData struct {
	Filter     filterForm
	Choices    filterChoices
	Band       [2]float64
	Links      []uncertainLink
	Duplicates []duplicatePair
	// More is set when a list was cut at reviewLimit.
	More    bool
	Enabled bool
}

// reviewQueue scans the events v may see that match f for uncertain links and for possible
// duplicates.
func (u *UI) reviewQueue(ctx context.Context, v sarhad.Viewer, f sarhad.EventFilter) (reviewData, error) {
	d := reviewData{Band: u.d.ReviewBand, Enabled: true}
	groups := map[string][]sarhad.Event{}
	var keys []string
	err := u.d.Views.StreamEvents(ctx, v, f, func(e sarhad.Event) error {
		for _, l := range e.Links {
			if (l.Decision == sarhad.LinkAuto || l.Decision == "") && l.Score >= d.Band[0] && l.Score < d.Band[1] {
				if len(d.Links) >= reviewLimit {
					d.More = true
					break
				}
				d.Links = append(d.Links, uncertainLink{Event: e, Link: l})
			}
		}
		if e.Date.Precision() == sarhad.PrecisionDay && e.Location.District != "" {
			k := e.Date.String() + "|" + e.Location.District
			if groups[k] == nil {
				keys = append(keys, k)
			}
			groups[k] = append(groups[k], e)
		}
		return nil
	})
	if err != nil {
		return d, err
	}
	sort.Sort(sort.Reverse(sort.StringSlice(keys)))
	for _, k := range keys {
		g := groups[k]
		for i := 1; i < len(g); i++ {
			if len(d.Duplicates) >= reviewLimit {
				d.More = true
				break
			}
			d.Duplicates = append(d.Duplicates, duplicatePair{Keep: g[0], Other: g[i]})
		}
	}
	sort.SliceStable(d.Links, func(i, j int) bool { return d.Links[i].Link.Score < d.Links[j].Link.Score })
	return d, nil
}

func (u *UI) handleReview(w http.ResponseWriter, r *http.Request) {
	_, v, _ := u.d.Session.Principal(r)
	form, f := u.geo.parseFilter(r.URL.Query())
	d := reviewData{Band: u.d.ReviewBand}
	if u.d.Decisions != nil {
		var err error
		if d, err = u.reviewQueue(r.Context(), v, f); err != nil {
			u.fail(w, r, err)
			return
		}
	}
	d.Filter, d.Choices = form, u.geo.choices(form.Province)
	p := u.newPage(r, "Review queue", "review", d)
	if n := r.URL.Query().Get("decided"); n != "" {
		p.Notice = "Decision " + n + " recorded."
	}
	u.render(w, r, http.StatusOK, "review", "", p)
}

// Review actions.
type reviewAction int

const (
	actAccept reviewAction = iota // the match is right: pin the report to its event
	actReject                     // the match is wrong: take the report out into its own event
	actSplit                      // split a report off an event (from the event page)
	actMerge                      // two events are one: merge the second into the first
)

// handleDecision runs one analyst decision through the decision service and appends it to
// the audit log with the event's marking, so that only who may see the event sees the entry.
func (u *UI) handleDecision(act reviewAction) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if u.d.Decisions == nil || u.d.Auditor == nil {
			u.fail(w, r, sarhad.Errorf(sarhad.ENOTIMPLEMENTED, "Decisions are not available on this server."))
			return
		}
		_, v, _ := u.d.Session.Principal(r)
		ctx := r.Context()
		eventID, reportID, other := r.PostFormValue("event"), r.PostFormValue("report"), r.PostFormValue("other")
		why := strings.TrimSpace(r.PostFormValue("why"))
		if why == "" && act == actAccept {
			why = "match confirmed in review"
		}
		if why == "" {
			u.fail(w, r, sarhad.Errorf(sarhad.EINVALID, "Give a reason for the decision."))
			return
		}
		// The event must be visible before anything is decided about it (404 otherwise).
		e, _, err := u.d.Views.EventDetail(ctx, v, eventID)
		if err != nil {
			u.fail(w, r, err)
			return
		}
		var dec sarhad.Decision
		action := ""
		switch act {
		case actAccept:
			dec, err = u.d.Decisions.Pin(ctx, v, reportID, eventID, why)
		case actReject:
			dec, err = u.d.Decisions.Split(ctx, v, eventID, reportID, why)
			action = sarhad.AuditReject
		case actSplit:
			dec, err = u.d.Decisions.Split(ctx, v, eventID, reportID, why)
		case actMerge:
			dec, err = u.d.Decisions.Merge(ctx, v, eventID, other, why)
		}
		if err != nil {
			u.fail(w, r, err)
			return
		}
		entry := sarhad.DecisionAuditEntry(v, dec)
		entry.Marking, entry.Owner = e.Marking, e.Owner
		if action != "" {
			entry.Action = action
		}
		entry.Detail["via"] = "ui"
		if err := u.d.Auditor.Audit(ctx, entry); err != nil {
			u.fail(w, r, err)
			return
		}
		to := "/review?decided=" + strconv.FormatInt(dec.ID, 10)
		if back := r.PostFormValue("back"); back == "event" || act == actSplit {
			target := eventID
			if act == actSplit && dec.Result != "" && r.PostFormValue("follow") == "new" {
				target = dec.Result
			}
			to = "/events/" + url.PathEscape(target) + "?decided=" + strconv.FormatInt(dec.ID, 10)
		}
		http.Redirect(w, r, to, http.StatusSeeOther)
	}
}
