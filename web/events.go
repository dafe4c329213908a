package web

import (
	"html/template"
	"net/http"
	"sort"

	"github.com/sarhad-osint/sarhad"
)

// listPageSize is the number of events on one page of the list.
const listPageSize = 50

type eventsData struct {
	Filter  filterForm
	Choices filterChoices
	Events  []sarhad.Event
	// Next is the query of the next page ("" on the last), First the link of the first
	// page ("" on the first).
	Next, First string
	// Export is the filter as a query for the CSV and GeoJSON exports of the API.
	Export string
}

func (u *UI) handleEvents(w http.ResponseWriter, r *http.Request) {
	_, v, _ := u.d.Session.Principal(r)
	q := r.URL.Query()
	form, f := u.geo.parseFilter(q)
	f.Limit = listPageSize
	f.Cursor = q.Get("cursor")
	events, next, err := u.d.Views.Events(r.Context(), v, f)
	if sarhad.ErrorCode(err) == sarhad.EINVALID && f.Cursor != "" {
		// A stale or edited cursor: start again from the first page.
		form.Errors = append(form.Errors, "The page link was not valid; showing the first page.")
		f.Cursor = ""
		events, next, err = u.d.Views.Events(r.Context(), v, f)
	}
	if err != nil {
		u.fail(w, r, err)
		return
	}
	base := form.Values()
	d := eventsData{Filter: form, Choices: u.geo.choices(form.Province), Events: events, Export: base.Encode()}
	if next != "" {
		d.Next = withParam(base, "cursor", next)
	}
	if f.Cursor != "" {
		d.First = "/events?" + base.Encode()
	}
	p := u.newPage(r, "Events", "events", d)
	if isHTMX(r) {
		u.render(w, r, http.StatusOK, "events", "event-results", p)
		return
	}
	u.render(w, r, http.StatusOK, "events", "", p)
}

// casualtyRow is one line of an event's casualty table.
type casualtyRow struct {
	Label string
	Count sarhad.Count
	// Source explains the figure (provenance): the report and the rule.
	Source *sarhad.FieldSource
}

// reportView is one report of an event page with how it was matched.
type reportView struct {
	Report sarhad.Report
	Link   sarhad.Link
	// Text is the report's text with its evidence marked.
	Text template.HTML
	// Evidence lists the extracted fields in order.
	Evidence []evidenceRow
}

type evidenceRow struct {
	Field string
	sarhad.Evidence
}

type eventData struct {
	Event      sarhad.Event
	Reports    []reportView
	Casualties []casualtyRow
	Provenance []sarhad.FieldSource
	History    []sarhad.AuditEntry
	// HistoryShown is false when no audit history is wired.
	HistoryShown bool
	Decisions    []sarhad.Decision
	// CanDecide is set for analysts when decisions are wired: the split action.
	CanDecide bool
	// Added is the report just saved from the form ("" otherwise).
	Added string
}

// provenanceOf returns the provenance of a field, nil when none.
func provenanceOf(e *sarhad.Event, field string) *sarhad.FieldSource {
	for i := range e.Provenance {
		if e.Provenance[i].Field == field {
			return &e.Provenance[i]
		}
	}
	return nil
}

func (u *UI) handleEvent(w http.ResponseWriter, r *http.Request) {
	user, v, _ := u.d.Session.Principal(r)
	ctx := r.Context()
	id := r.PathValue("id")
	e, reports, err := u.d.Views.EventDetail(ctx, v, id)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	d := eventData{Event: e, Provenance: e.Provenance, Added: r.URL.Query().Get("added"),
		CanDecide: u.d.Decisions != nil && user.Role.Can(sarhad.RoleAnalyst)}
	links := map[string]sarhad.Link{}
	for _, l := range e.Links {
		links[l.ReportID] = l
	}
	for _, rep := range reports {
		rv := reportView{Report: rep, Link: links[rep.ID], Text: highlight(rep.Text, rep.Evidence)}
		for f, ev := range rep.Evidence {
			rv.Evidence = append(rv.Evidence, evidenceRow{f, ev})
		}
		sort.Slice(rv.Evidence, func(i, j int) bool { return rv.Evidence[i].Field < rv.Evidence[j].Field })
		d.Reports = append(d.Reports, rv)
	}
	for _, c := range []struct {
		label, field string
		c            sarhad.Count
	}{
		{"Killed (all victims)", "killed.total", e.Killed.Total},
		{"— security forces", "killed.security", e.Killed.Security},
		{"— civilians", "killed.civilians", e.Killed.Civilians},
		{"Militants killed", "killed.militants", e.Killed.Militants},
		{"Injured", "injured", e.Injured},
		{"Hostages", "hostages", e.Hostages},
	} {
		d.Casualties = append(d.Casualties, casualtyRow{Label: c.label, Count: c.c, Source: provenanceOf(&e, c.field)})
	}
	if u.d.History != nil {
		d.HistoryShown = true
		if d.History, err = u.d.History.EventHistory(ctx, v, e.ID); err != nil {
			u.fail(w, r, err)
			return
		}
	}
	if u.d.Decisions != nil && user.Role.Can(sarhad.RoleAnalyst) {
		if d.Decisions, err = u.d.Decisions.Decisions(ctx, v, e.ID); err != nil && sarhad.ErrorCode(err) != sarhad.ENOTFOUND {
			u.fail(w, r, err)
			return
		}
	}
	p := u.newPage(r, "Event "+e.ID, "events", d)
	if d.Added != "" {
		p.Notice = "Report " + d.Added + " was saved and is part of this event."
		if len(e.Links) == 1 {
			p.Notice = "Report " + d.Added + " was saved; it starts this new event."
		}
		if r.URL.Query().Get("duplicate") == "1" {
			p.Notice = "Report " + d.Added + " was stored before with the same content; nothing was added."
		}
	}
	if n := r.URL.Query().Get("decided"); n != "" {
		p.Notice = "Decision " + n + " recorded."
	}
	u.render(w, r, http.StatusOK, "event", "", p)
}
