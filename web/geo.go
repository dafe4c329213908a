package web

import (
	"net/url"
	"sort"
	"strings"

	"github.com/sarhad-osint/sarhad"
	"github.com/sarhad-osint/sarhad/actors"
	"github.com/sarhad-osint/sarhad/gazetteer"
)

// point is a named point of the map: a district headquarters, a province capital or a
// border crossing.
type point struct {
	Name, Province string
	Lat, Lon       float64
	// Note qualifies a point: "approximate" for estimated coordinates, the border of a
	// crossing.
	Note string
}

// geography is the reference data of the filters and the map, from the gazetteer and the
// actor registry.
type geography struct {
	places    *gazetteer.Gazetteer
	actors    *actors.Registry
	provinces []point
	districts []point // sorted by name
	byName    map[string]point
	capitals  map[string]point
	crossings []point
	// actorNames are the canonical names of the registry, sorted.
	actorNames []string
}

func newGeography(g *gazetteer.Gazetteer, reg *actors.Registry) *geography {
	geo := &geography{places: g, actors: reg, byName: map[string]point{}, capitals: map[string]point{}}
	for _, p := range g.Provinces() {
		pt := point{Name: p.Name, Province: p.Name, Lat: p.Lat, Lon: p.Lon}
		geo.provinces = append(geo.provinces, pt)
		geo.capitals[p.Name] = pt
	}
	for _, d := range g.Districts() {
		if d.Unverified {
			continue
		}
		pt := point{Name: d.Name, Province: d.Province, Lat: d.Lat, Lon: d.Lon}
		if d.CoordQuality == "approx-hq" || d.CoordQuality == "parent-hq" {
			pt.Note = "approximate"
		}
		geo.districts = append(geo.districts, pt)
		geo.byName[d.Name] = pt
	}
	sort.Slice(geo.districts, func(i, j int) bool { return geo.districts[i].Name < geo.districts[j].Name })
	for _, c := range g.Crossings() {
		if !c.HasCoords {
			continue
		}
		other := "Afghanistan"
		if c.Border == "PK-IR" {
			other = "Iran"
		}
		note := "with " + other
		if c.OtherSide != "" {
			note += " (" + c.OtherSide + ")"
		}
		geo.crossings = append(geo.crossings, point{Name: c.Name, Province: c.Province, Lat: c.Lat, Lon: c.Lon, Note: note})
	}
	seen := map[string]bool{}
	for _, a := range reg.All() {
		if !seen[a.Name] {
			seen[a.Name] = true
			geo.actorNames = append(geo.actorNames, a.Name)
		}
	}
	sort.Strings(geo.actorNames)
	return geo
}

// districtsIn returns the districts of a province ("" for all).
func (g *geography) districtsIn(province string) []point {
	if province == "" {
		return g.districts
	}
	var out []point
	for _, d := range g.districts {
		if d.Province == province {
			out = append(out, d)
		}
	}
	return out
}

// filterForm is the state of a filter form: what the viewer typed, and the problems found.
type filterForm struct {
	From, To, Province, District, Actor, AttackType, TargetType string
	Errors                                                      []string
}

// Active reports whether any filter is set.
func (f filterForm) Active() bool {
	return f.From != "" || f.To != "" || f.Province != "" || f.District != "" || f.Actor != "" || f.AttackType != "" || f.TargetType != ""
}

// Values returns the form as query parameters.
func (f filterForm) Values() url.Values {
	q := url.Values{}
	for k, v := range map[string]string{"from": f.From, "to": f.To, "province": f.Province, "district": f.District,
		"actor": f.Actor, "attack_type": f.AttackType, "target_type": f.TargetType} {
		if v != "" {
			q.Set(k, v)
		}
	}
	return q
}

// parseFilter reads the filter form of a list, the map or the dashboard: dates as
// YYYY-MM-DD, YYYY-MM or YYYY ("to" runs to the end of the period given); province, district
// and group by any name or spelling the gazetteer and the registry know, shown back in their
// canonical form. Problems are collected in the form, and the filter keeps what was valid.
func (g *geography) parseFilter(q url.Values) (filterForm, sarhad.EventFilter) {
	var f sarhad.EventFilter
	form := filterForm{}
	get := func(k string) string { return strings.TrimSpace(q.Get(k)) }
	if v := get("from"); v != "" {
		if d, err := sarhad.ParseDate(v); err != nil {
			form.Errors = append(form.Errors, "From: "+sarhad.ErrorMessage(err))
		} else {
			f.From, form.From = sarhad.DateOf(d.Start()), v
		}
	}
	if v := get("to"); v != "" {
		if d, err := sarhad.ParseDate(v); err != nil {
			form.Errors = append(form.Errors, "To: "+sarhad.ErrorMessage(err))
		} else {
			f.To, form.To = sarhad.DateOf(d.End()), v
		}
	}
	if !f.From.IsZero() && !f.To.IsZero() && f.To.Before(f.From) {
		form.Errors = append(form.Errors, "The end of the period is before its start.")
		f.From, f.To = sarhad.Date{}, sarhad.Date{}
	}
	if v := get("province"); v != "" {
		if p, ok := g.places.ResolvePlace(v); ok && p.Province != "" && p.District == "" {
			f.Province, form.Province = p.Province, p.Province
		} else {
			form.Errors = append(form.Errors, "Province: “"+v+"” is not a province or territory of Pakistan.")
		}
	}
	if v := get("district"); v != "" {
		if d, ok := g.places.District(v); ok {
			f.District, form.District = d.Name, d.Name
		} else if p, ok := g.places.ResolvePlace(v); ok && p.District != "" {
			f.District, form.District = p.District, p.District
		} else {
			form.Errors = append(form.Errors, "District: “"+v+"” is not a known district.")
		}
	}
	if v := get("actor"); v != "" {
		if strings.EqualFold(v, sarhad.UnknownActor) {
			f.Actor, form.Actor = sarhad.UnknownActor, sarhad.UnknownActor
		} else if m, ok := g.actors.ResolveActor(v); ok {
			f.Actor, form.Actor = m.Actor.Name, m.Actor.Name
		} else {
			form.Errors = append(form.Errors, "Group: “"+v+"” is not an organisation in the registry.")
		}
	}
	if v := get("attack_type"); v != "" {
		if t, ok := sarhad.ParseAttackType(v); ok {
			f.AttackType, form.AttackType = t, string(t)
		} else {
			form.Errors = append(form.Errors, "Attack type: “"+v+"” is not a canonical attack type.")
		}
	}
	if v := get("target_type"); v != "" {
		if t, ok := sarhad.ParseTargetType(v); ok {
			f.TargetType, form.TargetType = t, string(t)
		} else {
			form.Errors = append(form.Errors, "Target type: “"+v+"” is not a canonical target type.")
		}
	}
	return form, f
}

// filterChoices are the options of the filter forms.
type filterChoices struct {
	Provinces   []string
	Districts   []point
	Actors      []string
	AttackTypes []sarhad.AttackType
	TargetTypes []sarhad.TargetType
}

func (g *geography) choices(province string) filterChoices {
	return filterChoices{Provinces: sarhad.Provinces, Districts: g.districtsIn(province), Actors: g.actorNames,
		AttackTypes: sarhad.AttackTypes, TargetTypes: sarhad.TargetTypes}
}
