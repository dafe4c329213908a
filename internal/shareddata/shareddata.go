// Package shareddata finds the project's shared reference and research data
// (../shared beside the repository, or $SARHAD_SHARED) for tests and benchmarks.
// Third-party research data is never committed into this repository; tests that need it
// skip with a clear message when it is absent.
package shareddata

import (
	"os"
	"path/filepath"
	"testing"
)

// Dir returns the shared directory, or "" when it cannot be found.
func Dir() string {
	if d := os.Getenv("SARHAD_SHARED"); d != "" {
		if st, err := os.Stat(d); err == nil && st.IsDir() {
			return d
		}
		return ""
	}
	wd, err := os.Getwd()
	if err != nil {
		return ""
	}
	// Walk up to the module root (the directory holding go.mod), then look beside it.
	for dir := wd; ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			d := filepath.Join(filepath.Dir(dir), "shared")
			if st, err := os.Stat(d); err == nil && st.IsDir() {
				return d
			}
			return ""
		}
		if filepath.Dir(dir) == dir {
			return ""
		}
	}
}

// Path returns the path of rel inside the shared directory, skipping the test or benchmark
// with a clear message when the shared directory or the file is absent.
func Path(tb testing.TB, rel string) string {
	tb.Helper()
	d := Dir()
	if d == "" {
		tb.Skipf("shared data not found (set SARHAD_SHARED or place the shared folder beside the repository); skipping: needs %s", rel)
	}
	p := filepath.Join(d, rel)
	if _, err := os.Stat(p); err != nil {
		tb.Skipf("shared data file %s is absent; skipping", p)
	}
	return p
}
