package httpapi

import (
	"net/http"

	"github.com/sarhad-osint/sarhad"
)

// Route is one API route, as routes registers it and the OpenAPI document describes it.
type Route struct {
	Method, Path string
	// Role is the least role that may call it; "" for routes open to anyone.
	Role sarhad.Role
}

// routes registers every route of the API. Everything under /api/ needs credentials (the
// gate answers 401 first); the role is checked per route.
func (s *Server) routes() {
	for _, rt := range s.routeTable() {
		h := rt.h
		if rt.Role != "" {
			h = s.requireRole(rt.Role, h)
		}
		s.mux.HandleFunc(rt.Method+" "+rt.Path, h)
	}
	// Unknown routes under /api/ answer JSON 404 (after the gate's 401).
	s.mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) { s.Error(w, r, errNoRoute) })
}

type routeEntry struct {
	Route
	h http.HandlerFunc
}

func (s *Server) routeTable() []routeEntry {
	return []routeEntry{
		{Route{"GET", "/healthz", ""}, s.handleHealth},
		{Route{"POST", "/auth/login", ""}, s.handleLogin},
		{Route{"POST", "/auth/logout", ""}, s.handleLogout},
		{Route{"GET", "/api/v1/openapi.json", sarhad.RoleViewer}, s.handleOpenAPI},
		{Route{"GET", "/api/v1/me", sarhad.RoleViewer}, s.handleMe},
		{Route{"POST", "/api/v1/reports", sarhad.RoleAnalyst}, s.handleAddReport},
		{Route{"GET", "/api/v1/events", sarhad.RoleViewer}, s.handleEvents},
		{Route{"GET", "/api/v1/events.csv", sarhad.RoleViewer}, s.handleExport(exportCSV)},
		{Route{"GET", "/api/v1/events.geojson", sarhad.RoleViewer}, s.handleExport(exportGeoJSON)},
		{Route{"GET", "/api/v1/events/{id}", sarhad.RoleViewer}, s.handleEvent},
		{Route{"GET", "/api/v1/events/{id}/audit", sarhad.RoleViewer}, s.handleEventAudit},
		{Route{"GET", "/api/v1/stats", sarhad.RoleViewer}, s.handleStats},
		{Route{"GET", "/api/v1/users", sarhad.RoleAdmin}, s.handleUsers},
		{Route{"POST", "/api/v1/users", sarhad.RoleAdmin}, s.handleCreateUser},
		{Route{"GET", "/api/v1/shares", sarhad.RoleAdmin}, s.handleShares},
		{Route{"POST", "/api/v1/shares", sarhad.RoleAdmin}, s.handleAddShare},
		{Route{"DELETE", "/api/v1/shares/{with}", sarhad.RoleAdmin}, s.handleRemoveShare},
	}
}

// Routes lists the server's API routes.
func (s *Server) Routes() []Route {
	var out []Route
	for _, rt := range s.routeTable() {
		out = append(out, rt.Route)
	}
	return out
}
