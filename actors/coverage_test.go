package actors

import (
	"archive/zip"
	"encoding/csv"
	"io"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/sarhad-osint/sarhad/internal/shareddata"
)

// coverage counts the events of a data set by how their named group resolved.
type coverageCount struct {
	events     int
	byClass    map[Class]int
	unresolved map[string]int // name → events
	names      map[string]int // every distinct name → events
}

func newCoverage() *coverageCount {
	return &coverageCount{byClass: map[Class]int{}, unresolved: map[string]int{}, names: map[string]int{}}
}

func (c *coverageCount) add(reg *Registry, name string) {
	c.events++
	c.names[name]++
	r := reg.Resolve(name)
	c.byClass[r.Class]++
	if r.Class == ClassUnresolved {
		c.unresolved[name]++
	}
}

// report logs the coverage: the share of events whose named group resolves to an actor,
// among the events that name a group (an actor or an unresolved name; descriptions, labels
// and state forces do not name a group). It fails for any unresolved name with minEvents
// events or more.
func (c *coverageCount) report(t *testing.T, set string, minEvents int) {
	t.Helper()
	named := c.byClass[ClassActor] + c.byClass[ClassUnresolved]
	share := 1.0
	if named > 0 {
		share = float64(c.byClass[ClassActor]) / float64(named)
	}
	t.Logf("%s: %d events, %d distinct names; %d name a group, %d of them resolve (coverage %.2f%%); not a group: %d generic, %d collective, %d criminal, %d state",
		set, c.events, len(c.names), named, c.byClass[ClassActor], 100*share,
		c.byClass[ClassGeneric], c.byClass[ClassCollective], c.byClass[ClassCriminal], c.byClass[ClassState])
	var names []string
	for n := range c.unresolved {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool {
		return c.unresolved[names[i]] > c.unresolved[names[j]] || c.unresolved[names[i]] == c.unresolved[names[j]] && names[i] < names[j]
	})
	for _, n := range names {
		t.Logf("%s: unresolved %q (%d events)", set, n, c.unresolved[n])
		if c.unresolved[n] >= minEvents {
			t.Errorf("%s: %q names %d events and does not resolve", set, n, c.unresolved[n])
		}
	}
}

// eachRow calls fn for every data row of a CSV file, with the columns by header name
// (byte-order marks trimmed), and returns the number of rows.
func eachRow(t *testing.T, in io.Reader, fn func(rec []string, col map[string]int)) int {
	t.Helper()
	r := csv.NewReader(in)
	r.ReuseRecord = true
	head, err := r.Read()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[strings.TrimPrefix(h, "\ufeff")] = i
	}
	n := 0
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return n
		} else if err != nil {
			t.Fatal(err)
		}
		fn(rec, col)
		n++
	}
}

func TestCoverageGTD(t *testing.T) {
	path := shareddata.Path(t, "research-data/gtd_pakistan_1970-2015.csv.zip")
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	if len(zr.File) == 0 {
		t.Fatal("empty zip")
	}
	f, err := zr.File[0].Open()
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	reg := Default()
	primary, all := newCoverage(), newCoverage()
	n := eachRow(t, f, func(rec []string, col map[string]int) {
		primary.add(reg, rec[col["gname"]])
		for _, c := range []string{"gname", "gname2", "gname3"} {
			if v := rec[col[c]]; v != "NA" && v != "" {
				all.add(reg, v)
			}
		}
	})
	if n < 10000 {
		t.Fatalf("read only %d GTD events", n)
	}
	primary.report(t, "GTD gname", 3)
	all.report(t, "GTD gname+gname2+gname3", 3)
}

func TestCoverageACLED(t *testing.T) {
	path := shareddata.Path(t, "research-data/acled_balochistan_separatist_attacks_2020-2024.csv")
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	reg := Default()
	actor1, actor2 := newCoverage(), newCoverage()
	n := eachRow(t, f, func(rec []string, col map[string]int) {
		actor1.add(reg, rec[col["actor1"]])
		if v := rec[col["actor2"]]; v != "" {
			actor2.add(reg, v)
		}
	})
	if n < 1000 {
		t.Fatalf("read only %d ACLED events", n)
	}
	actor1.report(t, "ACLED actor1", 1)
	actor2.report(t, "ACLED actor2", 1)
}
