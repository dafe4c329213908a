package web

import (
	"net/http"

	"github.com/sarhad-osint/sarhad"
)

// Route is one page or action of the UI.
type Route struct {
	Method, Path string
	// Role is the least role that may use it; "" for pages open to anyone (the sign-in page
	// and the assets).
	Role sarhad.Role
}

type routeEntry struct {
	Route
	h http.HandlerFunc
}

func (u *UI) routeTable() []routeEntry {
	return []routeEntry{
		{Route{"GET", "/static/{hash}/{path...}", ""}, u.assets.serve},
		{Route{"GET", "/login", ""}, u.handleLoginPage},
		{Route{"POST", "/login", ""}, u.handleLogin},
		{Route{"POST", "/logout", ""}, u.handleLogout},
		{Route{"GET", "/{$}", sarhad.RoleViewer}, u.handleMap},
		{Route{"GET", "/map", sarhad.RoleViewer}, u.handleMap},
		{Route{"GET", "/events", sarhad.RoleViewer}, u.handleEvents},
		{Route{"GET", "/events/{id}", sarhad.RoleViewer}, u.handleEvent},
		{Route{"GET", "/stats", sarhad.RoleViewer}, u.handleStats},
		{Route{"GET", "/reports/new", sarhad.RoleAnalyst}, u.handleReportForm},
		{Route{"POST", "/reports/new", sarhad.RoleAnalyst}, u.handleReportSave},
		{Route{"POST", "/reports/extract", sarhad.RoleAnalyst}, u.handleReportExtract},
		{Route{"GET", "/review", sarhad.RoleAnalyst}, u.handleReview},
		{Route{"POST", "/review/accept", sarhad.RoleAnalyst}, u.handleDecision(actAccept)},
		{Route{"POST", "/review/reject", sarhad.RoleAnalyst}, u.handleDecision(actReject)},
		{Route{"POST", "/review/split", sarhad.RoleAnalyst}, u.handleDecision(actSplit)},
		{Route{"POST", "/review/merge", sarhad.RoleAnalyst}, u.handleDecision(actMerge)},
	}
}

// Routes lists the UI's routes.
func (u *UI) Routes() []Route {
	var out []Route
	for _, rt := range u.routeTable() {
		out = append(out, rt.Route)
	}
	return out
}

// Mount registers every route of the UI on m.
func (u *UI) Mount(m Mux) {
	for _, rt := range u.routeTable() {
		h := rt.h
		if rt.Role != "" {
			h = u.requireRole(rt.Role, h)
		}
		m.Handle(rt.Method+" "+rt.Path, u.pageHeaders(h))
	}
}

// Handler returns the UI on a mux of its own, for tests and for serving the UI alone behind
// a server that authenticates requests some other way.
func (u *UI) Handler() http.Handler {
	mux := http.NewServeMux()
	u.Mount(mux)
	return mux
}

// pageHeaders sets the headers of every UI response: a strict content security policy (no
// inline script, nothing from another origin) and no caching of pages, which hold what one
// viewer may see.
func (u *UI) pageHeaders(next http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "+
			"connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
		if h.Get("Cache-Control") == "" {
			h.Set("Cache-Control", "no-store")
		}
		h.Set("Vary", "Cookie, HX-Request")
		next(w, r)
	})
}

// requireRole sends an anonymous visitor to the sign-in page and answers 403 to a user whose
// role is too low (a role is no secret of any record).
func (u *UI) requireRole(min sarhad.Role, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		user, _, ok := u.d.Session.Principal(r)
		if !ok {
			if r.Method == http.MethodGet {
				u.redirectToLogin(w, r)
				return
			}
			u.fail(w, r, sarhad.Errorf(sarhad.EUNAUTHORIZED, "Sign in first."))
			return
		}
		if !user.Role.Can(min) {
			u.fail(w, r, sarhad.Errorf(sarhad.EFORBIDDEN, "Your role (%s) does not allow this; it needs %s.", user.Role, min))
			return
		}
		h(w, r)
	}
}
