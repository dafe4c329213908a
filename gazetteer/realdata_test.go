package gazetteer

import (
	"archive/zip"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/sarhad-osint/sarhad"
	"github.com/sarhad-osint/sarhad/internal/shareddata"
)

// The research data sets are read in place (the GTD zip in memory); nothing of them is
// committed. Tests that need them skip when ../shared is absent.

// sourceRow is one row of a research data set, reduced to what it says about the place.
type sourceRow struct {
	set   string // "gtd", "acled", "pbc"
	line  int
	query sarhad.PlaceQuery
	// named is true when the row names a place at district level or finer.
	named bool
}

func readCSVRecords(tb testing.TB, r io.Reader) ([]string, [][]string) {
	tb.Helper()
	cr := csv.NewReader(r)
	cr.LazyQuotes = true
	cr.FieldsPerRecord = -1
	recs, err := cr.ReadAll()
	if err != nil {
		tb.Fatalf("read CSV: %v", err)
	}
	return recs[0], recs[1:]
}

func column(tb testing.TB, head []string, name string) int {
	tb.Helper()
	for i, h := range head {
		if h == name {
			return i
		}
	}
	tb.Fatalf("no column %q", name)
	return -1
}

func field(rec []string, i int) string {
	if i < len(rec) {
		s := strings.TrimSpace(rec[i])
		if s == "NA" {
			return ""
		}
		return s
	}
	return ""
}

func coord(s string) float64 {
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		return 0
	}
	return f
}

// gtdRows reads the GTD extract from its zip (UTF-8, garbled BOM header, NA for missing).
func gtdRows(tb testing.TB) []sourceRow {
	tb.Helper()
	path := shareddata.Path(tb, "research-data/gtd_pakistan_1970-2015.csv.zip")
	zr, err := zip.OpenReader(path)
	if err != nil {
		tb.Fatalf("open %s: %v", path, err)
	}
	defer zr.Close()
	if len(zr.File) == 0 {
		tb.Fatalf("%s is empty", path)
	}
	f, err := zr.File[0].Open()
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	head, recs := readCSVRecords(tb, f)
	ip, ic, ilat, ilon, isp := column(tb, head, "provstate"), column(tb, head, "city"), column(tb, head, "latitude"), column(tb, head, "longitude"), column(tb, head, "specificity")
	rows := make([]sourceRow, 0, len(recs))
	for i, rec := range recs {
		q := sarhad.PlaceQuery{Province: field(rec, ip), Locality: field(rec, ic), Lat: coord(field(rec, ilat)), Lon: coord(field(rec, ilon))}
		switch field(rec, isp) {
		case "1":
			q.Precision = sarhad.GeoTown
		case "2", "3":
			q.Precision = sarhad.GeoDistrict
		case "4":
			q.Precision = sarhad.GeoProvince
		}
		rows = append(rows, sourceRow{set: "gtd", line: i + 2, query: q, named: clean(q.Locality) != ""})
	}
	return rows
}

func acledRows(tb testing.TB) []sourceRow {
	tb.Helper()
	f, err := os.Open(shareddata.Path(tb, "research-data/acled_balochistan_separatist_attacks_2020-2024.csv"))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	head, recs := readCSVRecords(tb, f)
	i1, i2, il, ilat, ilon := column(tb, head, "admin1"), column(tb, head, "admin2"), column(tb, head, "location"), column(tb, head, "latitude"), column(tb, head, "longitude")
	var rows []sourceRow
	for i, rec := range recs {
		q := sarhad.PlaceQuery{Province: field(rec, i1), District: field(rec, i2), Locality: field(rec, il), Lat: coord(field(rec, ilat)), Lon: coord(field(rec, ilon))}
		rows = append(rows, sourceRow{set: "acled", line: i + 2, query: q, named: true})
	}
	return rows
}

func pbcRows(tb testing.TB) []sourceRow {
	tb.Helper()
	b, err := os.ReadFile(shareddata.Path(tb, "research-data/pbc_pakistan_suicide_attacks_1995-2016.csv"))
	if err != nil {
		tb.Fatal(err)
	}
	head, recs := readCSVRecords(tb, strings.NewReader(strings.ToValidUTF8(string(b), "?")))
	ip, ic, ilat, ilon := column(tb, head, "Province"), column(tb, head, "City"), column(tb, head, "Latitude"), column(tb, head, "Longitude")
	var rows []sourceRow
	for i, rec := range recs {
		q := sarhad.PlaceQuery{Province: field(rec, ip), Locality: field(rec, ic), Lat: coord(field(rec, ilat)), Lon: coord(field(rec, ilon))}
		if q.Province == "" && q.Locality == "" {
			continue // the blank trailing row
		}
		rows = append(rows, sourceRow{set: "pbc", line: i + 2, query: q, named: clean(q.Locality) != ""})
	}
	return rows
}

// coverage is the share of rows resolved at district precision or finer.
type coverage struct {
	rows, named, district         int
	combos, comboNamed, comboDist int
	unresolved                    map[string]int
	conflicts                     map[string]int
}

func measure(g *Gazetteer, rows []sourceRow, withCoords bool) coverage {
	c := coverage{unresolved: map[string]int{}, conflicts: map[string]int{}}
	seen := map[string]bool{}
	for _, r := range rows {
		q := r.query
		if !withCoords {
			q.Lat, q.Lon, q.Precision = 0, 0, ""
		}
		loc := g.Locate(q)
		ok := loc.Precision != "" && loc.Precision.Rank() <= sarhad.GeoDistrict.Rank()
		combo := q.Province + "|" + q.District + "|" + q.Locality
		c.rows++
		if !seen[combo] {
			seen[combo] = true
			c.combos++
			if r.named {
				c.comboNamed++
				if ok {
					c.comboDist++
				}
			}
		}
		if !r.named {
			continue
		}
		c.named++
		if ok {
			c.district++
		} else {
			c.unresolved[combo]++
		}
		if loc.Place != "" && loc.PlaceID == "" || loc.Place != "" && !strings.HasPrefix(loc.PlaceID, "town:") && !strings.HasPrefix(loc.PlaceID, "tehsil:") &&
			!strings.HasPrefix(loc.PlaceID, "locality:") && !strings.HasPrefix(loc.PlaceID, "crossing:") {
			c.conflicts[combo]++ // the locality was kept as text: unknown or contradicting
		}
	}
	return c
}

func pct(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return 100 * float64(a) / float64(b)
}

func top(m map[string]int, n int) string {
	type kv struct {
		k string
		v int
	}
	var l []kv
	for k, v := range m {
		l = append(l, kv{k, v})
	}
	sort.Slice(l, func(i, j int) bool { return l[i].v > l[j].v || l[i].v == l[j].v && l[i].k < l[j].k })
	var b strings.Builder
	for i, e := range l {
		if i == n {
			fmt.Fprintf(&b, "  … %d more\n", len(l)-n)
			break
		}
		fmt.Fprintf(&b, "  %4d  %s\n", e.v, e.k)
	}
	return b.String()
}

// TestRealDataCoverage resolves every row of the GTD, ACLED and PBC extracts by text alone
// (province + district + locality, no coordinates) and reports the share of the rows that
// name a district-level or finer place which resolve at district precision or finer. Run
// with -v to see the figures and the top unresolved names.
func TestRealDataCoverage(t *testing.T) {
	g := Default()
	sets := []struct {
		name string
		rows func(testing.TB) []sourceRow
		min  float64
	}{
		{"GTD provstate+city", gtdRows, 90}, // aim 95: see the package README for the gap
		{"ACLED admin1+admin2+location", acledRows, 99},
		{"PBC Province+City", pbcRows, 95},
	}
	for _, s := range sets {
		t.Run(s.name, func(t *testing.T) {
			rows := s.rows(t)
			c := measure(g, rows, false)
			cc := measure(g, rows, true)
			share := pct(c.district, c.named)
			t.Logf("%s: %d rows, %d name a district-level or finer place; text alone resolves %.1f%% of those rows (%d/%d) at district precision or finer; distinct combinations: %.1f%% (%d/%d); with the source's coordinates: %.1f%%",
				s.name, c.rows, c.named, share, c.district, c.named, pct(c.comboDist, c.comboNamed), c.comboDist, c.comboNamed, pct(cc.district, cc.named))
			t.Logf("top unresolved (rows  province|district|locality):\n%s", top(c.unresolved, 40))
			t.Logf("localities kept as text (unknown or contradicting the province):\n%s", top(c.conflicts, 25))
			if share < s.min {
				t.Errorf("%s: %.1f%% of named rows at district precision or finer, want ≥ %.0f%%", s.name, share, s.min)
			}
		})
	}
}

// TestRealDataTextAgainstCoordinates checks the districts found from text against the
// districts NearestPlace finds from the same rows' coordinates (GTD rows whose coordinates
// are the town's own, specificity 1, and PBC rows). A disagreement is either a wrong text
// resolution or NearestPlace's nearest-point estimate erring near a boundary. Run with -v for
// the figure and the commonest disagreements.
func TestRealDataTextAgainstCoordinates(t *testing.T) {
	g := Default()
	rows := append(gtdRows(t), pbcRows(t)...)
	n, agree := 0, 0
	diff := map[string]int{}
	for _, r := range rows {
		q := r.query
		if r.set == "gtd" && q.Precision != sarhad.GeoTown || q.Lat == 0 && q.Lon == 0 {
			continue
		}
		text := q
		text.Lat, text.Lon, text.Precision = 0, 0, ""
		loc := g.Locate(text)
		if loc.District == "" {
			continue
		}
		near, _, ok := g.NearestDistrict(q.Lat, q.Lon)
		if !ok {
			continue
		}
		n++
		if p, _ := g.PlaceOf(loc); g.Compatible(p, near) {
			agree++
			continue
		}
		diff[fmt.Sprintf("%s: %q → %s, coordinates → %s", r.set, q.Locality, loc.District, near.District)]++
	}
	t.Logf("text district vs coordinates' district: %d of %d rows agree (%.1f%%); commonest disagreements:\n%s", agree, n, pct(agree, n), top(diff, 25))
	if pct(agree, n) < 90 {
		t.Errorf("only %.1f%% agree", pct(agree, n))
	}
}
