package httpapi

import (
	"context"
	"net/http"
	"time"

	"github.com/sarhad-osint/sarhad"
)

// eventsResponse is the body of GET /api/v1/events.
type eventsResponse struct {
	Events []sarhad.Event `json:"events"`
	Next   string         `json:"next"`
}

func (s *Server) handleEvents(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Query().Get("format") {
	case "", "json":
	case "csv":
		s.handleExport(exportCSV)(w, r)
		return
	case "geojson":
		s.handleExport(exportGeoJSON)(w, r)
		return
	default:
		s.Error(w, r, sarhad.Errorf(sarhad.EINVALID, "format %q is not json, csv or geojson", r.URL.Query().Get("format")))
		return
	}
	f, err := s.parseFilter(r.URL.Query(), true)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.cachedJSON(w, r, "events", func() (any, error) {
		events, next, err := s.deps.Views.Events(r.Context(), ViewerFrom(r.Context()), f)
		if events == nil {
			events = []sarhad.Event{}
		}
		return eventsResponse{Events: events, Next: next}, err
	})
}

// eventResponse is the body of GET /api/v1/events/{id}.
type eventResponse struct {
	Event   sarhad.Event    `json:"event"`
	Reports []sarhad.Report `json:"reports"`
}

func (s *Server) handleEvent(w http.ResponseWriter, r *http.Request) {
	e, reports, err := s.deps.Views.EventDetail(r.Context(), ViewerFrom(r.Context()), r.PathValue("id"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if reports == nil {
		reports = []sarhad.Report{}
	}
	writeJSON(w, http.StatusOK, eventResponse{Event: e, Reports: reports})
}

func (s *Server) handleStats(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	keys, err := sarhad.ParseStatsKeys(q.Get("by"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	f, err := s.parseFilter(q, false)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.cachedJSON(w, r, "stats", func() (any, error) {
		return s.deps.Views.Stats(r.Context(), ViewerFrom(r.Context()), sarhad.StatsQuery{By: keys, Filter: f})
	})
}

func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	type check struct {
		Name  string `json:"name"`
		OK    bool   `json:"ok"`
		Error string `json:"error,omitempty"`
	}
	body := struct {
		Status string  `json:"status"`
		Checks []check `json:"checks"`
	}{Status: "ok", Checks: []check{}}
	status := http.StatusOK
	for _, c := range s.deps.Health {
		err := c.Fn(r.Context())
		ck := check{Name: c.Name, OK: err == nil}
		if err != nil {
			// Only the check's name and "unavailable" reach an anonymous caller; the cause
			// is logged.
			ck.Error = "unavailable"
			s.log.WarnContext(r.Context(), "Health check failed.", "check", c.Name, "error", err)
			body.Status, status = "unavailable", http.StatusServiceUnavailable
		}
		body.Checks = append(body.Checks, ck)
	}
	writeJSON(w, status, body)
}

// auditJSON is an audit entry as an event's history shows it.
type auditJSON struct {
	Seq    int64             `json:"seq"`
	Time   string            `json:"time"`
	Actor  string            `json:"actor,omitempty"`
	Agency string            `json:"agency"`
	Action string            `json:"action"`
	Object string            `json:"object"`
	Detail map[string]string `json:"detail,omitempty"`
}

// EventHistory returns the audit entries about an event and the reports of it the viewer may
// see, oldest first: entries about a marked record only when the viewer may see that record,
// and the actor's name only to the actor's own agency (others see the agency).
// ENOTFOUND when the viewer may not see the event.
func (s *Server) EventHistory(ctx context.Context, v sarhad.Viewer, id string) ([]sarhad.AuditEntry, error) {
	if s.deps.Audits == nil {
		return nil, sarhad.Errorf(sarhad.ENOTIMPLEMENTED, "No audit history here.")
	}
	e, reports, err := s.deps.Views.EventDetail(ctx, v, id)
	if err != nil {
		return nil, err
	}
	objects := []string{"event:" + e.ID}
	for _, r := range reports {
		objects = append(objects, "report:"+r.ID)
	}
	all, err := s.deps.Audits.AuditEntries(ctx, objects)
	if err != nil {
		return nil, err
	}
	var out []sarhad.AuditEntry
	for _, a := range all {
		if a.Marking != "" && !v.CanSee(a.Marking, a.Owner) {
			continue
		}
		if !v.All && a.Agency != v.Agency {
			a.Actor = ""
		}
		out = append(out, a)
	}
	return out, nil
}

func (s *Server) handleEventAudit(w http.ResponseWriter, r *http.Request) {
	entries, err := s.EventHistory(r.Context(), ViewerFrom(r.Context()), r.PathValue("id"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	out := make([]auditJSON, len(entries))
	for i, a := range entries {
		out[i] = auditJSON{Seq: a.Seq, Time: a.Time.UTC().Format(time.RFC3339), Actor: a.Actor, Agency: a.Agency,
			Action: a.Action, Object: a.Object, Detail: a.Detail}
	}
	writeJSON(w, http.StatusOK, map[string]any{"entries": out})
}
