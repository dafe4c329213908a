package httpapi_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sarhad-osint/sarhad"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// golden compares got with testdata/name, or rewrites the file with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (run go test -update after checking the change):\n%s", name, got)
	}
}

// TestOpenAPIGolden pins the OpenAPI document and checks that it describes every route.
func TestOpenAPIGolden(t *testing.T) {
	a := newTestApp(t, "sqlite")
	w := a.do(t, scenario{url: "/api/v1/openapi.json", as: userName(ctd, sarhad.RoleViewer)})
	if w.Code != 200 || !strings.HasPrefix(w.Header().Get("Content-Type"), "application/json") {
		t.Fatalf("%d %s", w.Code, w.Header())
	}
	golden(t, "openapi.json", w.Body.Bytes())
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &doc); err != nil || doc.OpenAPI != "3.1.0" {
		t.Fatalf("document: %v", err)
	}
	for _, r := range a.srv.Routes() {
		op, ok := doc.Paths[r.Path][strings.ToLower(r.Method)]
		if !ok {
			t.Errorf("route %s %s is not in the document", r.Method, r.Path)
		} else if strings.Contains(string(op), "Undocumented") {
			t.Errorf("route %s %s has no description", r.Method, r.Path)
		}
	}
}

// TestExportGolden pins the CSV and GeoJSON exports of the fixture as its owner sees it.
func TestExportGolden(t *testing.T) {
	a := newTestApp(t, "sqlite")
	for _, f := range []string{"events.csv", "events.geojson"} {
		w := a.do(t, scenario{url: "/api/v1/" + f, as: userName(ctd, sarhad.RoleViewer)})
		if w.Code != 200 {
			t.Fatalf("%s: %d %s", f, w.Code, w.Body)
		}
		if got := w.Result().Trailer.Get("X-TLP-Marking"); got != string(sarhad.TLPRed) {
			t.Errorf("%s: trailer X-TLP-Marking %q, want TLP:RED", f, got)
		}
		golden(t, f, w.Body.Bytes())
	}
	// The partner's GeoJSON is labelled with the most restrictive marking it holds.
	w := a.do(t, scenario{url: "/api/v1/events.geojson?province=Khyber+Pakhtunkhwa&from=2024-01&to=2024-03", as: userName(police, sarhad.RoleViewer)})
	if !strings.Contains(w.Body.String(), `"marking":"TLP:AMBER"}`) {
		t.Errorf("partner export not labelled TLP:AMBER:\n%s", w.Body)
	}
}
