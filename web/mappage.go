package web

import (
	"net/http"
	"net/url"
	"sort"

	"github.com/sarhad-osint/sarhad"
)

// mapPoint is one point of the map: a district with its events, or a province's capital
// standing for the events placed only at province level.
type mapPoint struct {
	point
	Events, Killed, Injured int
	// ProvinceOnly is set for the events known only to their province.
	ProvinceOnly bool
	// Query lists these events (the map's filters plus the point's place).
	Query string
}

// Radius returns the value the point is sized by.
func (p mapPoint) value(size string) int {
	if size == "killed" {
		return p.Killed
	}
	return p.Events
}

type mapData struct {
	Filter    filterForm
	Choices   filterChoices
	Size      string
	Points    []mapPoint
	Events    int
	Killed    int
	Injured   int
	Unplaced  int
	Crossings []point
	ListQuery string
}

// mapPoints groups the statistics by province and district into points of the map.
func (g *geography) mapPoints(st sarhad.Stats, base url.Values, size string) ([]mapPoint, int) {
	var out []mapPoint
	unplaced := 0
	for _, r := range st.Rows {
		if len(r.Keys) < 2 {
			continue
		}
		prov, dist := r.Keys[0], r.Keys[1]
		p := mapPoint{Events: r.Events, Killed: r.Killed, Injured: r.Injured}
		q := url.Values{}
		for k, v := range base {
			q[k] = v
		}
		if dist != "" {
			pt, ok := g.byName[dist]
			if !ok {
				if d, found := g.places.District(dist); found {
					pt, ok = point{Name: d.Name, Province: d.Province, Lat: d.Lat, Lon: d.Lon}, true
				}
			}
			if ok {
				p.point = pt
				q.Set("district", dist)
				p.Query = q.Encode()
				out = append(out, p)
				continue
			}
		}
		if cap, ok := g.capitals[prov]; ok {
			p.point = point{Name: prov + " (no district)", Province: prov, Lat: cap.Lat, Lon: cap.Lon, Note: "at the provincial capital"}
			p.ProvinceOnly = true
			q.Set("province", prov)
			p.Query = q.Encode()
			out = append(out, p)
			continue
		}
		unplaced += r.Events
	}
	sort.SliceStable(out, func(i, j int) bool {
		if a, b := out[i].value(size), out[j].value(size); a != b {
			return a > b
		}
		return out[i].Name < out[j].Name
	})
	return out, unplaced
}

func (u *UI) handleMap(w http.ResponseWriter, r *http.Request) {
	_, v, _ := u.d.Session.Principal(r)
	q := r.URL.Query()
	form, f := u.geo.parseFilter(q)
	size := q.Get("size")
	if size != "killed" {
		size = "events"
	}
	st, err := u.d.Views.Stats(r.Context(), v, sarhad.StatsQuery{By: []sarhad.StatsKey{sarhad.ByProvince, sarhad.ByDistrict}, Filter: f})
	if err != nil {
		u.fail(w, r, err)
		return
	}
	base := form.Values()
	d := mapData{Filter: form, Choices: u.geo.choices(form.Province), Size: size, Crossings: u.geo.crossings, ListQuery: base.Encode()}
	d.Points, d.Unplaced = u.geo.mapPoints(st, base, size)
	for _, row := range st.Rows {
		d.Events += row.Events
		d.Killed += row.Killed
		d.Injured += row.Injured
	}
	p := u.newPage(r, "Map", "map", d)
	if isHTMX(r) {
		u.render(w, r, http.StatusOK, "map", "map-results", p)
		return
	}
	u.render(w, r, http.StatusOK, "map", "", p)
}
