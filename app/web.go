package app

import (
	"context"
	"net/http"

	"github.com/sarhad-osint/sarhad"
	"github.com/sarhad-osint/sarhad/actors"
	"github.com/sarhad-osint/sarhad/extract"
	"github.com/sarhad-osint/sarhad/fusion"
	"github.com/sarhad-osint/sarhad/gazetteer"
	"github.com/sarhad-osint/sarhad/httpapi"
	"github.com/sarhad-osint/sarhad/web"
)

// The web UI is a surface of the API server: its pages read through the same per-viewer
// views, store reports through the same write path, and sign in with the same sessions.
func init() { mountSurface(mountWeb) }

func mountWeb(srv *httpapi.Server, rt *Runtime) error {
	deps := web.Deps{
		Views: rt.Views, Session: webSession{srv}, Reports: webReports{srv}, History: srv, Auditor: rt.Audit,
		Extractor: extract.New(rt.Resolvers.Places, rt.Resolvers.Actors),
		StatusOf:  httpapi.StatusOf, Logger: rt.Logger,
	}
	// The review queue and the split and merge actions need a store that fusion can write.
	if fs, ok := any(rt.Store).(fusion.Store); ok {
		deps.Decisions = fusion.New(fusion.Options{Places: gazetteer.Default(), Actors: actors.Default()}).NewDecider(fs)
	}
	ui, err := web.New(deps)
	if err != nil {
		return err
	}
	ui.Mount(srv)
	return nil
}

// webSession adapts the API server's sessions to the UI.
type webSession struct{ srv *httpapi.Server }

func (s webSession) Principal(r *http.Request) (sarhad.User, sarhad.Viewer, bool) {
	u, ok := httpapi.UserFrom(r.Context())
	return u, httpapi.ViewerFrom(r.Context()), ok
}

func (s webSession) CSRFToken(r *http.Request) string { return httpapi.CSRFToken(r) }

func (s webSession) Login(w http.ResponseWriter, r *http.Request, name, password string) (sarhad.User, error) {
	u, _, err := s.srv.Login(w, r, name, password)
	return u, err
}

func (s webSession) Logout(w http.ResponseWriter, r *http.Request) error { return s.srv.Logout(w, r) }

// webReports adapts the API server's report write path to the UI.
type webReports struct{ srv *httpapi.Server }

func (w webReports) ParseReport(body []byte, agency string) (sarhad.Report, error) {
	return w.srv.ParseReport(body, agency)
}

func (w webReports) SubmitReport(ctx context.Context, v sarhad.Viewer, rep sarhad.Report) (web.Submitted, error) {
	s, err := w.srv.SubmitReport(ctx, v, rep)
	return web.Submitted{ReportID: s.ReportID, EventID: s.EventID, Created: s.Created}, err
}
