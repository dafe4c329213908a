package demo

import (
	"encoding/csv"
	"testing"
)

func TestIncidentsAreComplete(t *testing.T) {
	rows, err := csv.NewReader(Incidents()).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := len(rows) - 1; got != 139 {
		t.Fatalf("bundled incidents = %d rows, want 139", got)
	}
	if rows[0][0] != "id" || rows[0][len(rows[0])-1] != "sources" {
		t.Fatalf("unexpected header %v", rows[0])
	}
	if _, err := csv.NewReader(Aggregates()).ReadAll(); err != nil {
		t.Fatal(err)
	}
}
