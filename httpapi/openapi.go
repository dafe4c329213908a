package httpapi

import (
	"encoding/json"
	"net/http"
	"strings"
	"sync"

	"github.com/sarhad-osint/sarhad"
)

// obj is a JSON object of the OpenAPI document; encoding/json writes its keys sorted, so the
// document is byte-for-byte deterministic (it is golden-file tested).
type obj = map[string]any

func ref(name string) obj { return obj{"$ref": "#/components/schemas/" + name} }

func str(desc string) obj { return obj{"type": "string", "description": desc} }

func enumOf[T ~string](vals []T, desc string) obj {
	e := make([]string, len(vals))
	for i, v := range vals {
		e[i] = string(v)
	}
	return obj{"type": "string", "enum": e, "description": desc}
}

func jsonBody(schema obj, desc string) obj {
	return obj{"description": desc, "content": obj{"application/json": obj{"schema": schema}}}
}

func errResp(desc string) obj { return jsonBody(ref("Error"), desc) }

func queryParam(name, desc string, schema obj) obj {
	return obj{"name": name, "in": "query", "required": false, "description": desc, "schema": schema}
}

func filterParameters(paging bool) []any {
	ps := []any{
		queryParam("from", "First day, YYYY-MM-DD (or YYYY-MM, YYYY), inclusive: compares with the event's first day.", obj{"type": "string"}),
		queryParam("to", "Last day, inclusive; YYYY-MM means to the end of that month.", obj{"type": "string"}),
		queryParam("province", "Province, any spelling (resolved to the canonical name).", obj{"type": "string"}),
		queryParam("district", "District, any spelling or former name.", obj{"type": "string"}),
		queryParam("actor", "Perpetrator, any alias; `unknown` selects events without one.", obj{"type": "string"}),
		queryParam("attack_type", "Canonical attack type.", enumOf(sarhad.AttackTypes, "")),
		queryParam("target_type", "Canonical target type.", enumOf(sarhad.TargetTypes, "")),
	}
	if paging {
		ps = append(ps,
			queryParam("limit", "Page size (default 100).", obj{"type": "integer", "minimum": 1, "maximum": 1000}),
			queryParam("cursor", "The `next` value of the previous page.", obj{"type": "string"}))
	}
	return ps
}

func countSchema() obj {
	return obj{
		"description": "A casualty figure: an integer when exact, else a range with a best estimate; null when unknown.",
		"oneOf": []any{
			obj{"type": "integer", "minimum": 0},
			obj{"type": "object", "required": []string{"low", "best", "high"}, "properties": obj{
				"low": obj{"type": "integer", "minimum": 0}, "best": obj{"type": "integer", "minimum": 0}, "high": obj{"type": "integer", "minimum": 0}}},
			obj{"type": "null"},
		},
	}
}

func reportProperties() obj {
	return obj{
		"id":                 str("The producer's id; the only required field."),
		"source":             str("Outlet, agency, data set or sensor."),
		"source_reliability": obj{"type": "string", "enum": []string{"A", "B", "C", "D", "E", "F"}, "description": "Admiralty source reliability."},
		"dataset":            str("Curated data set of a row (gtd, acled, ucdp, pbc)."),
		"reported_at":        obj{"type": "string", "format": "date-time"},
		"text":               str("Free text; when fields are missing the server extracts them from it."),
		"date":               str("YYYY-MM-DD, or YYYY-MM when only the month is known."),
		"province":           str("Any spelling; resolved to the canonical name."),
		"district":           str("Any spelling or former name."),
		"place":              str("Locality as given."),
		"lat":                obj{"type": "number", "minimum": -90, "maximum": 90},
		"lon":                obj{"type": "number", "minimum": -180, "maximum": 180},
		"geo_precision":      enumOf([]string{"exact", "town", "tehsil", "district", "province", "country"}, ""),
		"perpetrator":        str("Any alias; resolved to the registry's canonical name."),
		"perpetrator_raw":    str("The name as the source wrote it."),
		"attribution":        enumOf([]string{"claimed", "official", "suspected", "denied", "unknown"}, ""),
		"attack_type":        enumOf(sarhad.AttackTypes, ""),
		"target_type":        enumOf(sarhad.TargetTypes, ""),
		"killed": obj{"description": "People killed excluding attackers: a bare total or by category.",
			"oneOf": []any{ref("Count"), obj{"type": "object", "properties": obj{"total": ref("Count"), "security": ref("Count"), "civilians": ref("Count"), "militants": ref("Count")}}}},
		"injured":            ref("Count"),
		"hostages":           ref("Count"),
		"cross_border_nexus": enumOf([]string{"yes", "no", "unknown"}, ""),
		"marking":            enumOf(sarhad.Markings, "TLP 2.0 marking; default TLP:AMBER."),
		"owner":              str("Owning agency; on input it is always the caller's agency."),
		"hash":               str("Hex SHA-256 of the content (set by the server)."),
		"evidence":           obj{"type": "object", "description": "Field → where in text it was read.", "additionalProperties": ref("Evidence")},
	}
}

// OpenAPI returns the OpenAPI 3.1 document of the API.
func (s *Server) OpenAPI() []byte {
	openapiOnce.Do(func() { openapiDoc = buildOpenAPI(s.Routes()) })
	return openapiDoc
}

var (
	openapiOnce sync.Once
	openapiDoc  []byte
)

func buildOpenAPI(routes []Route) []byte {
	unauth := errResp("No valid credentials (API token or session).")
	forbidden := errResp("Role too low, or a cookie-authenticated write without its CSRF token.")
	bad := errResp("Invalid parameters or body.")
	ops := map[string]obj{
		"GET /healthz": {
			"summary": "Health of the store and the stream (no authentication).", "security": []any{},
			"responses": obj{"200": jsonBody(ref("Health"), "Usable."), "503": jsonBody(ref("Health"), "A check failed.")}},
		"POST /auth/login": {
			"summary": "Sign in with a password; sets the session cookie and returns the CSRF token.", "security": []any{},
			"requestBody": obj{"required": true, "content": obj{
				"application/json":                  obj{"schema": ref("Login")},
				"application/x-www-form-urlencoded": obj{"schema": ref("Login")}}},
			"responses": obj{"200": jsonBody(ref("User"), "Signed in."), "401": errResp("Wrong user name or password."),
				"403": errResp("Cross-origin request."), "429": errResp("Too many attempts; see Retry-After.")}},
		"POST /auth/logout": {
			"summary":   "End the session (needs the CSRF token).",
			"responses": obj{"204": obj{"description": "Signed out."}, "403": forbidden}},
		"GET /api/v1/openapi.json": {
			"summary":   "This document.",
			"responses": obj{"200": obj{"description": "OpenAPI 3.1.", "content": obj{"application/json": obj{"schema": obj{"type": "object"}}}}, "401": unauth}},
		"GET /api/v1/me": {
			"summary":   "The caller, with the agencies that share TLP:AMBER with it and, for a session, the CSRF token.",
			"responses": obj{"200": jsonBody(ref("User"), "The caller."), "401": unauth}},
		"POST /api/v1/reports": {
			"summary":     "Submit one report (analyst or admin). Owner is the caller's agency; missing fields are extracted from text; the report joins or starts an event.",
			"requestBody": obj{"required": true, "content": obj{"application/json": obj{"schema": ref("Report")}}},
			"responses": obj{"201": jsonBody(ref("Created"), "Stored."), "200": jsonBody(ref("Created"), "The same report was stored before."),
				"400": bad, "401": unauth, "403": forbidden}},
		"GET /api/v1/events": {
			"summary":    "A page of the events the caller may see, latest first. format=csv or geojson exports the whole filtered list instead.",
			"parameters": append(filterParameters(true), queryParam("format", "Export the whole list: csv or geojson (same as events.csv / events.geojson).", obj{"type": "string", "enum": []string{"csv", "geojson"}})),
			"responses":  obj{"200": jsonBody(ref("EventPage"), "The page."), "400": bad, "401": unauth}},
		"GET /api/v1/events.csv": {
			"summary":    "CSV export of every event the caller may see that matches the filter (audited). Trailer X-TLP-Marking: the most restrictive marking exported.",
			"parameters": filterParameters(false),
			"responses": obj{"200": obj{"description": "CSV with a header row.", "content": obj{"text/csv": obj{"schema": obj{"type": "string"}}}},
				"400": bad, "401": unauth}},
		"GET /api/v1/events.geojson": {
			"summary":    "GeoJSON FeatureCollection export (audited): a Point per event with coordinates, the event as properties, and the most restrictive marking.",
			"parameters": filterParameters(false),
			"responses": obj{"200": obj{"description": "GeoJSON.", "content": obj{"application/geo+json": obj{"schema": obj{"type": "object"}}}},
				"400": bad, "401": unauth}},
		"GET /api/v1/events/{id}": {
			"summary":    "One event as the caller may see it, with the reports of it the caller may see. 404, never 403, for an event the caller may not see.",
			"parameters": []any{obj{"name": "id", "in": "path", "required": true, "schema": obj{"type": "string"}, "description": "e-<n>"}},
			"responses":  obj{"200": jsonBody(ref("EventDetail"), "The event."), "401": unauth, "404": errResp("No such event the caller may see.")}},
		"GET /api/v1/events/{id}/audit": {
			"summary":    "The audit history of an event and of the reports of it the caller may see (entries about records the caller may not see are left out; actor names only within the actor's agency).",
			"parameters": []any{obj{"name": "id", "in": "path", "required": true, "schema": obj{"type": "string"}}},
			"responses": obj{"200": jsonBody(obj{"type": "object", "properties": obj{"entries": obj{"type": "array", "items": ref("AuditEntry")}}}, "The history."),
				"401": unauth, "404": errResp("No such event the caller may see.")}},
		"GET /api/v1/stats": {
			"summary": "The `sarhad stats` JSON over the events the caller may see.",
			"parameters": append([]any{queryParam("by", "Comma-separated grouping keys.", obj{"type": "string",
				"pattern": "^((year|month|week|province|district|actor|attack_type|target_type)(,|$))*$"})}, filterParameters(false)...),
			"responses": obj{"200": jsonBody(obj{"type": "array", "items": ref("StatsRow")}, "One object per group."), "400": bad, "401": unauth}},
		"GET /api/v1/users": {
			"summary":   "The users of the caller's agency (admin; an admin of the system agency sees all).",
			"responses": obj{"200": jsonBody(obj{"type": "object", "properties": obj{"users": obj{"type": "array", "items": ref("User")}}}, "Users."), "401": unauth, "403": forbidden}},
		"POST /api/v1/users": {
			"summary":     "Create a user of the caller's agency (admin; an admin of the system agency: of any agency, created when new). The response shows the user's API token once.",
			"requestBody": obj{"required": true, "content": obj{"application/json": obj{"schema": ref("NewUser")}}},
			"responses": obj{"201": jsonBody(obj{"allOf": []any{ref("User"), obj{"type": "object", "properties": obj{"token": obj{"type": "string"}}}}}, "Created."),
				"400": bad, "401": unauth, "403": forbidden, "409": errResp("The user exists.")}},
		"GET /api/v1/shares": {
			"summary":   "The shares from or to the caller's agency (admin).",
			"responses": obj{"200": jsonBody(obj{"type": "object", "properties": obj{"shares": obj{"type": "array", "items": ref("Share")}}}, "Shares."), "401": unauth, "403": forbidden}},
		"POST /api/v1/shares": {
			"summary":     "Share the caller's agency's TLP:AMBER records with another agency (admin; audited).",
			"requestBody": obj{"required": true, "content": obj{"application/json": obj{"schema": obj{"type": "object", "required": []string{"with"}, "properties": obj{"with": obj{"type": "string"}}}}}},
			"responses":   obj{"204": obj{"description": "Shared."}, "400": bad, "401": unauth, "403": forbidden}},
		"DELETE /api/v1/shares/{with}": {
			"summary":    "Stop sharing with an agency (admin; audited).",
			"parameters": []any{obj{"name": "with", "in": "path", "required": true, "schema": obj{"type": "string"}}},
			"responses":  obj{"204": obj{"description": "No longer shared."}, "401": unauth, "403": forbidden, "404": errResp("No such share.")}},
	}
	paths := obj{}
	for _, rt := range routes {
		op, ok := ops[rt.Method+" "+rt.Path]
		if !ok {
			op = obj{"summary": "Undocumented."}
		}
		if rt.Role != "" {
			op["x-min-role"] = string(rt.Role)
		}
		op["operationId"] = operationID(rt)
		p, _ := paths[rt.Path].(obj)
		if p == nil {
			p = obj{}
			paths[rt.Path] = p
		}
		p[strings.ToLower(rt.Method)] = op
	}
	eventProps := reportProperties()
	for _, k := range []string{"source", "source_reliability", "dataset", "reported_at", "text", "perpetrator_raw", "hash", "evidence"} {
		delete(eventProps, k)
	}
	eventProps["id"] = str("e-<n>")
	eventProps["report_ids"] = obj{"type": "array", "items": obj{"type": "string"}, "description": "The reports the caller may see."}
	eventProps["date_precision"] = enumOf([]string{"day", "month", "year"}, "")
	eventProps["killed"] = obj{"type": "object", "properties": obj{"total": ref("Count"), "security": ref("Count"), "civilians": ref("Count"), "militants": ref("Count")}}
	eventProps["credibility"] = obj{"type": "integer", "minimum": 1, "maximum": 6, "description": "Admiralty information credibility."}
	eventProps["incident"] = str("Operation the event belongs to.")
	eventProps["claims"] = obj{"type": "array", "items": obj{"type": "object", "properties": obj{"actor": obj{"type": "string"}, "status": obj{"type": "string"}, "report_id": obj{"type": "string"}}}}
	eventProps["match_explanations"] = obj{"type": "array", "items": obj{"type": "object", "properties": obj{
		"report_id": obj{"type": "string"}, "score": obj{"type": "number"}, "why": obj{"type": "string"}, "decision": enumOf([]string{"auto", "pinned", "seed"}, "")}}}
	eventProps["provenance"] = obj{"type": "array", "items": obj{"type": "object", "properties": obj{
		"field": obj{"type": "string"}, "report_id": obj{"type": "string"}, "rule": obj{"type": "string"}}}}
	statsProps := obj{}
	for _, k := range sarhad.StatsKeys {
		statsProps[string(k)] = obj{"type": "string", "description": "Present when grouped by " + string(k) + "; \"\" for unknown."}
	}
	for _, c := range sarhad.StatsValueColumns {
		statsProps[c] = obj{"type": "integer", "minimum": 0}
	}
	doc := obj{
		"openapi": "3.1.0",
		"info": obj{
			"title":   "Sarhad API",
			"version": "1",
			"description": "The HTTP API v1 of INTERCHANGE.md. Every read returns only what the caller may see under TLP 2.0 " +
				"(TLP:CLEAR and TLP:GREEN to every authenticated user, TLP:AMBER to the owning agency and the agencies it shares with, " +
				"TLP:AMBER+STRICT and TLP:RED inside the owning agency); an event of several agencies shows each caller only the reports, " +
				"and the values reconciled from them, that it may see. Writes with a session cookie need the X-CSRF-Token header.",
			"license": obj{"name": "See the repository"},
		},
		"paths":    paths,
		"security": []any{obj{"bearerAuth": []any{}}, obj{"sessionCookie": []any{}}},
		"components": obj{
			"securitySchemes": obj{
				"bearerAuth":    obj{"type": "http", "scheme": "bearer", "description": "API token from `sarhad user add`."},
				"sessionCookie": obj{"type": "apiKey", "in": "cookie", "name": cookieName, "description": "Browser session (named __Host-sarhad_session over HTTPS)."},
			},
			"schemas": obj{
				"Error": obj{"type": "object", "required": []string{"error"}, "properties": obj{"error": obj{"type": "object",
					"required": []string{"code", "message"}, "properties": obj{"code": obj{"type": "string"}, "message": obj{"type": "string"}}}}},
				"Count":    countSchema(),
				"Evidence": obj{"type": "object", "properties": obj{"start": obj{"type": "integer"}, "end": obj{"type": "integer"}, "snippet": obj{"type": "string"}, "confidence": obj{"type": "number"}}},
				"Report":   obj{"type": "object", "required": []string{"id"}, "properties": reportProperties()},
				"Event":    obj{"type": "object", "required": []string{"id", "report_ids", "match_explanations"}, "properties": eventProps},
				"EventPage": obj{"type": "object", "required": []string{"events", "next"}, "properties": obj{
					"events": obj{"type": "array", "items": ref("Event")}, "next": str("Cursor of the next page; empty after the last.")}},
				"EventDetail": obj{"type": "object", "required": []string{"event", "reports"}, "properties": obj{
					"event": ref("Event"), "reports": obj{"type": "array", "items": ref("Report")}}},
				"StatsRow": obj{"type": "object", "properties": statsProps},
				"Created": obj{"type": "object", "required": []string{"report_id", "event_id"}, "properties": obj{
					"report_id": obj{"type": "string"}, "event_id": obj{"type": "string"}}},
				"Login": obj{"type": "object", "required": []string{"name", "password"}, "properties": obj{
					"name": obj{"type": "string"}, "password": obj{"type": "string", "format": "password"}}},
				"User": obj{"type": "object", "properties": obj{"name": obj{"type": "string"}, "agency": obj{"type": "string"},
					"role":       enumOf([]sarhad.Role{sarhad.RoleViewer, sarhad.RoleAnalyst, sarhad.RoleAdmin}, ""),
					"amber_from": obj{"type": "array", "items": obj{"type": "string"}}, "csrf_token": obj{"type": "string"}}},
				"NewUser": obj{"type": "object", "required": []string{"name", "agency", "role"}, "properties": obj{
					"name": obj{"type": "string"}, "agency": obj{"type": "string"},
					"role":     enumOf([]sarhad.Role{sarhad.RoleViewer, sarhad.RoleAnalyst, sarhad.RoleAdmin}, ""),
					"password": obj{"type": "string", "format": "password", "minLength": 12}}},
				"Share": obj{"type": "object", "properties": obj{"from": obj{"type": "string"}, "to": obj{"type": "string"},
					"created_at": obj{"type": "string", "format": "date-time"}, "created_by": obj{"type": "string"}}},
				"AuditEntry": obj{"type": "object", "properties": obj{"seq": obj{"type": "integer"}, "time": obj{"type": "string", "format": "date-time"},
					"actor": obj{"type": "string"}, "agency": obj{"type": "string"}, "action": obj{"type": "string"}, "object": obj{"type": "string"},
					"detail": obj{"type": "object", "additionalProperties": obj{"type": "string"}}}},
				"Health": obj{"type": "object", "properties": obj{"status": enumOf([]string{"ok", "unavailable"}, ""),
					"checks": obj{"type": "array", "items": obj{"type": "object", "properties": obj{
						"name": obj{"type": "string"}, "ok": obj{"type": "boolean"}, "error": obj{"type": "string"}}}}}},
			},
		},
	}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		panic("openapi: " + err.Error())
	}
	return append(b, '\n')
}

// operationID turns "GET /api/v1/events/{id}" into "getApiV1EventsId".
func operationID(rt Route) string {
	var b strings.Builder
	b.WriteString(strings.ToLower(rt.Method))
	up := true
	for _, c := range rt.Path {
		if c == '/' || c == '.' || c == '{' || c == '}' || c == '_' {
			up = true
			continue
		}
		if up && c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		up = false
		b.WriteRune(c)
	}
	return b.String()
}

func (s *Server) handleOpenAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(s.OpenAPI())
}
