package app

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"github.com/sarhad-osint/sarhad/auth"
)

// runCLI runs one command line with a clean environment and returns its exit code and output.
func runCLI(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	c := &CLI{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}
	code := c.Run(context.Background(), args)
	return code, out.String(), errb.String()
}

func TestMain(m *testing.M) {
	auth.DefaultParams = auth.Params{Time: 1, MemoryKiB: 64, Threads: 1, SaltLen: 16, KeyLen: 32}
	os.Exit(m.Run())
}

// TestServe runs `sarhad serve` as a value end to end: users from the command line, the demo
// data, the API, a graceful shutdown, and the audit log verified afterwards.
func TestServe(t *testing.T) {
	dir := t.TempDir()
	code, token, stderr := runCLI(t, "", "user", "add", "--data-dir", dir, "--name", "amina", "--agency", "ctd-kp", "--role", "analyst")
	token = strings.TrimSpace(token)
	if code != 0 || !auth.WellFormed(token, auth.APITokenPrefix) || strings.Count(token, "\n") != 0 {
		t.Fatalf("user add: %d %q %s", code, token, stderr)
	}
	pw := filepath.Join(dir, "pw")
	os.WriteFile(pw, []byte("a long enough password\n"), 0o600)
	if code, _, stderr := runCLI(t, "", "user", "passwd", "--data-dir", dir, "--name", "amina", "--password-file", pw); code != 0 {
		t.Fatalf("user passwd: %s", stderr)
	}
	if code, _, stderr := runCLI(t, "", "user", "add", "--data-dir", dir, "--name", "AMINA", "--agency", "x", "--role", "viewer"); code != 1 || !strings.Contains(stderr, "exists") {
		t.Fatalf("duplicate user: %d %s", code, stderr)
	}
	if code, _, stderr := runCLI(t, "", "user", "add", "--data-dir", dir, "--name", "b", "--agency", "x", "--role", "root"); code != 1 || !strings.Contains(stderr, "--role") {
		t.Fatalf("bad role: %d %s", code, stderr)
	}
	if code, _, stderr := runCLI(t, "", "user", "add", "--data-dir", dir, "--name", "bilal", "--agency", "police-kp", "--role", "viewer"); code != 0 {
		t.Fatalf("user add: %s", stderr)
	}
	if code, _, stderr := runCLI(t, "", "agency", "share", "--data-dir", dir, "--agency", "ctd-kp", "--with", "police-kp"); code != 0 {
		t.Fatalf("agency share: %s", stderr)
	}
	if code, _, stderr := runCLI(t, "", "agency", "share", "--data-dir", dir, "--agency", "ctd-kp", "--with", "nobody"); code != 1 || !strings.Contains(stderr, "not found") {
		t.Fatalf("share with an unknown agency: %d %s", code, stderr)
	}

	var console bytes.Buffer
	srv := &Server{Config: Config{DataDir: dir, LogLevel: "info"}, Addr: "127.0.0.1:0", Demo: true, Console: &console,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	start := time.Now()
	if err := srv.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Logf("serve started in %v (embedded SQLite and NATS, demo data loaded)", time.Since(start))
	defer srv.Close()
	if strings.Contains(console.String(), "password") {
		t.Fatalf("demo users created although users exist:\n%s", console.String())
	}
	get := func(path, tok string) (int, string) {
		req, _ := http.NewRequest("GET", srv.URL()+path, nil)
		if tok != "" {
			req.Header.Set("Authorization", "Bearer "+tok)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := get("/healthz", ""); code != 200 || !strings.Contains(body, `"stream","ok":true`) {
		t.Fatalf("healthz: %d %s", code, body)
	}
	if code, _ := get("/api/v1/events", ""); code != 401 {
		t.Fatalf("anonymous: %d", code)
	}
	code, body := get("/api/v1/stats", token)
	if code != 200 || !strings.Contains(body, `"events":139`) {
		t.Fatalf("stats of the demo data: %d %s", code, body)
	}
	// An analyst posts a TLP:AMBER report with text; the extractor fills the fields it lacks.
	req, _ := http.NewRequest("POST", srv.URL()+"/api/v1/reports", strings.NewReader(
		`{"id":"r-1","source":"Dawn","reported_at":"2025-03-04T08:00:00Z","text":"Twelve policemen were killed when a suicide bomber struck a police station in Bannu on Monday."}`))
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var created struct {
		EventID string `json:"event_id"`
	}
	json.NewDecoder(resp.Body).Decode(&created)
	resp.Body.Close()
	if resp.StatusCode != 201 || created.EventID == "" {
		t.Fatalf("post: %d", resp.StatusCode)
	}
	code, body = get("/api/v1/events/"+created.EventID, token)
	if code != 200 || !strings.Contains(body, `"district":"Bannu"`) || !strings.Contains(body, `"evidence"`) {
		t.Fatalf("the posted event was not completed from its text: %d %s", code, body)
	}
	// police-kp is shared with, another agency would not be.
	if code, _, _ := runCLI(t, "", "user", "token", "--data-dir", dir, "--name", "bilal"); code != 0 {
		t.Fatal("user token")
	}
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := http.Get(srv.URL() + "/healthz"); err == nil {
		t.Fatal("the server still answers after Close")
	}

	// The audit log holds every write and verifies; tampering is found.
	code, out, stderr := runCLI(t, "", "audit", "verify", "--data-dir", dir)
	if code != 0 || !strings.Contains(out, "intact") {
		t.Fatalf("audit verify: %d %s %s", code, out, stderr)
	}
	db, err := sql.Open("sqlite", filepath.Join(dir, "sarhad.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var actions []string
	rows, _ := db.Query(`SELECT action FROM audit_log ORDER BY seq`)
	for rows.Next() {
		var a string
		rows.Scan(&a)
		actions = append(actions, a)
	}
	rows.Close()
	want := "agency.add user.add token.add user.passwd agency.add user.add token.add share.add import report.add token.add"
	if got := strings.Join(actions, " "); got != want {
		t.Fatalf("audit actions\n got %s\nwant %s", got, want)
	}
	for _, tc := range []struct{ name, sql, want string }{
		{"edited", `UPDATE audit_log SET actor = 'mallory' WHERE seq = 3`, "first bad entry: 3:"},
		{"deleted", `DELETE FROM audit_log WHERE seq = 5`, "first bad entry: 3:"}, // entry 3 is still the first bad one
		{"truncated", `DELETE FROM audit_log WHERE seq >= 2`, "first bad entry: 2:"},
	} {
		if _, err := db.Exec(tc.sql); err != nil {
			t.Fatal(err)
		}
		code, out, stderr := runCLI(t, "", "audit", "verify", "--data-dir", dir)
		if code != 1 || !strings.Contains(out, tc.want) || !strings.Contains(stderr, "audit log: entry") {
			t.Fatalf("%s: exit %d\n%s%s", tc.name, code, out, stderr)
		}
	}
}

// TestServeDemoUsers: on a store without users, --demo creates an admin and an analyst and
// prints their credentials on the console, and nothing else learns them.
func TestServeDemoUsers(t *testing.T) {
	dir := t.TempDir()
	var console, logs bytes.Buffer
	srv := &Server{Config: Config{DataDir: dir, LogLevel: "debug"}, Addr: "127.0.0.1:0", Demo: true, Console: &console,
		Logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))}
	if err := srv.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	var token string
	for _, line := range strings.Split(console.String(), "\n") {
		if f := strings.Fields(line); len(f) == 3 && f[0] == "API" {
			token = f[2]
		}
	}
	if token == "" {
		t.Fatalf("no token printed:\n%s", console.String())
	}
	req, _ := http.NewRequest("GET", srv.URL()+"/api/v1/me", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("demo token: %v %v", resp, err)
	}
	resp.Body.Close()
	srv.Close()
	if strings.Contains(logs.String(), token) {
		t.Fatal("a token reached the log")
	}
	b, _ := os.ReadFile(filepath.Join(dir, "sarhad.db"))
	if bytes.Contains(b, []byte(token)) {
		t.Fatal("a token is stored in clear")
	}
	// A second start prints no credentials: the users exist.
	console.Reset()
	srv2 := &Server{Config: Config{DataDir: dir, LogLevel: "info"}, Addr: "127.0.0.1:0", Demo: true, Console: &console,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if err := srv2.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	srv2.Close()
	if console.Len() != 0 {
		t.Fatalf("second start printed %q", console.String())
	}
}

// TestServeNoUsers prints how to create the first user.
func TestServeNoUsers(t *testing.T) {
	var console bytes.Buffer
	srv := &Server{Config: Config{DataDir: t.TempDir(), LogLevel: "info"}, Addr: "127.0.0.1:0", Console: &console,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if err := srv.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	if !strings.Contains(console.String(), "sarhad user add") {
		t.Fatalf("console: %q", console.String())
	}
}

// TestServeDrains: a request in flight when Close begins completes.
func TestServeDrains(t *testing.T) {
	dir := t.TempDir()
	_, token, _ := runCLI(t, "", "user", "add", "--data-dir", dir, "--name", "a", "--agency", "x", "--role", "viewer")
	srv := &Server{Config: Config{DataDir: dir, LogLevel: "info"}, Addr: "127.0.0.1:0", Demo: true, Console: io.Discard,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if err := srv.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	done := make(chan int, 20)
	for range 20 {
		go func() {
			req, _ := http.NewRequest("GET", srv.URL()+"/api/v1/events.geojson", nil)
			req.Header.Set("Authorization", "Bearer "+strings.TrimSpace(token))
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				done <- 0
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			done <- resp.StatusCode
		}()
	}
	time.Sleep(20 * time.Millisecond)
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	for range 20 {
		// A request either completed or was never accepted; none is cut off with a 5xx.
		if c := <-done; c != 200 && c != 0 {
			t.Fatalf("status %d", c)
		}
	}
}

// TestImportAudited: `sarhad import` appends one audit entry per file, with its counts.
func TestImportAudited(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "r.jsonl")
	os.WriteFile(f, []byte(`{"id":"r-1","date":"2024-01-02","district":"Quetta"}`+"\n"+`{"id":"r-2","killed":-1}`+"\n"), 0o600)
	if code, _, stderr := runCLI(t, "", "import", "--data-dir", dir, "--format", "jsonl", f); code != ExitRejected {
		t.Fatalf("import: %d %s", code, stderr)
	}
	db, err := sql.Open("sqlite", filepath.Join(dir, "sarhad.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var action, object, detail string
	if err := db.QueryRow(`SELECT action, object, detail FROM audit_log`).Scan(&action, &object, &detail); err != nil {
		t.Fatal(err)
	}
	if action != "import" || object != "import:r.jsonl" || !strings.Contains(detail, `"added":"1"`) || !strings.Contains(detail, `"rejected":"1"`) {
		t.Fatalf("%s %s %s", action, object, detail)
	}
	if code, out, _ := runCLI(t, "", "audit", "verify", "--data-dir", dir); code != 0 || !strings.Contains(out, "1 entries") {
		t.Fatalf("verify: %d %s", code, out)
	}
}
