package fusion_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// TestFuseGolden fuses the real cases of cases_test.go as `sarhad fuse` does and compares
// the event lines with testdata/cases.events.jsonl (go test ./fusion -run FuseGolden -update).
func TestFuseGolden(t *testing.T) {
	in, err := os.ReadFile(filepath.Join("testdata", "cases.reports.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if _, err := engine().FuseStream(bytes.NewReader(in), &out, resolvers); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "cases.events.jsonl")
	if *update {
		if err := os.WriteFile(golden, out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got := out.String(); got != string(want) {
		gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := 0; i < len(gl) && i < len(wl); i++ {
			if gl[i] != wl[i] {
				t.Fatalf("line %d differs (run with -update if the change is intended):\n got %s\nwant %s", i+1, gl[i], wl[i])
			}
		}
		t.Fatalf("%d lines, want %d (run with -update if the change is intended)", len(gl), len(wl))
	}
}
