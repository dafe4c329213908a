package web

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/sarhad-osint/sarhad"
)

// figures are the sums of one period or group.
type figures struct {
	Events, Killed, Security, Civilians, Militants, Injured int
}

func (f *figures) add(r sarhad.StatsRow) {
	f.plus(figures{r.Events, r.Killed, r.KilledSecurity, r.KilledCivilians, r.KilledMilitants, r.Injured})
}

func (f *figures) plus(o figures) {
	f.Events += o.Events
	f.Killed += o.Killed
	f.Security += o.Security
	f.Civilians += o.Civilians
	f.Militants += o.Militants
	f.Injured += o.Injured
}

// comparison is one line of the overview: a measure this month and last, this year to date
// and the same span of last year.
type comparison struct {
	Label                          string
	Month, PrevMonth, YTD, PrevYTD int
	MonthChange, YTDChange         string
	MonthSign, YTDSign             string
}

// groupRow is one line of a breakdown (province, district, group, attack type): the
// selected month and the year to date.
type groupRow struct {
	Name  string
	Month figures
	YTD   figures
	// Query lists the events of the line for the month.
	Query string
}

// monthRow is one month of the trend.
type monthRow struct {
	Month string
	figures
}

type statsData struct {
	Filter  filterForm
	Choices filterChoices
	// Month is the selected month (YYYY-MM), Months the months that have events, newest
	// first, for the selector.
	Month, PrevMonth string
	Year, PrevYear   int
	// Span names the months of the year to date ("January–March").
	Span        string
	Months      []string
	Overview    []comparison
	Trend       []monthRow
	Provinces   []groupRow
	Districts   []groupRow
	Groups      []groupRow
	AttackTypes []groupRow
	// Charts holds the series the Chart.js charts draw (the tables show the same numbers).
	Charts map[string]any
	Empty  bool
}

// monthsBack returns the month key n months before key ("2024-03", 2 → "2024-01").
func monthsBack(key string, n int) string {
	var y, m int
	fmt.Sscanf(key, "%d-%d", &y, &m)
	m -= n
	for m < 1 {
		m += 12
		y--
	}
	return fmt.Sprintf("%04d-%02d", y, m)
}

func monthRange(key string) (sarhad.Date, sarhad.Date) {
	d, _ := sarhad.ParseDate(key)
	return sarhad.DateOf(d.Start()), sarhad.DateOf(d.End())
}

// breakdown runs one grouping for the month and the year to date and joins them.
func (u *UI) breakdown(ctx context.Context, v sarhad.Viewer, key sarhad.StatsKey, f sarhad.EventFilter, month string, limit int) ([]groupRow, error) {
	mf, yf := f, f
	mf.From, mf.To = monthRange(month)
	yf.From = sarhad.NewDate(mf.From.Year, 1, 1)
	yf.To = mf.To
	rows := map[string]*groupRow{}
	get := func(name string) *groupRow {
		if rows[name] == nil {
			rows[name] = &groupRow{Name: name}
		}
		return rows[name]
	}
	for i, q := range []sarhad.EventFilter{mf, yf} {
		st, err := u.d.Views.Stats(ctx, v, sarhad.StatsQuery{By: []sarhad.StatsKey{key}, Filter: q})
		if err != nil {
			return nil, err
		}
		for _, r := range st.Rows {
			g := get(r.Keys[0])
			if i == 0 {
				g.Month.add(r)
			} else {
				g.YTD.add(r)
			}
		}
	}
	var out []groupRow
	for _, g := range rows {
		out = append(out, *g)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Month.Events != b.Month.Events {
			return a.Month.Events > b.Month.Events
		}
		if a.YTD.Events != b.YTD.Events {
			return a.YTD.Events > b.YTD.Events
		}
		return a.Name < b.Name
	})
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	param := map[sarhad.StatsKey]string{sarhad.ByProvince: "province", sarhad.ByDistrict: "district", sarhad.ByActor: "actor", sarhad.ByAttackType: "attack_type"}[key]
	for i := range out {
		if out[i].Name == "" {
			out[i].Name = "(not stated)"
			continue
		}
		q := filterForm{From: month, To: month}.Values()
		for k, vs := range (filterForm{Province: f.Province, Actor: f.Actor}).Values() {
			q[k] = vs
		}
		q.Set(param, out[i].Name)
		out[i].Query = q.Encode()
	}
	return out, nil
}

func (u *UI) handleStats(w http.ResponseWriter, r *http.Request) {
	_, v, _ := u.d.Session.Principal(r)
	ctx := r.Context()
	q := r.URL.Query()
	form, f := u.geo.parseFilter(q)
	// The period is chosen by month; a from/to in the query would fight it.
	form.From, form.To, f.From, f.To = "", "", sarhad.Date{}, sarhad.Date{}
	d := statsData{Filter: form, Choices: u.geo.choices(form.Province)}

	st, err := u.d.Views.Stats(ctx, v, sarhad.StatsQuery{By: []sarhad.StatsKey{sarhad.ByMonth}, Filter: f})
	if err != nil {
		u.fail(w, r, err)
		return
	}
	byMonth := map[string]figures{}
	for _, row := range st.Rows {
		if row.Keys[0] == "" {
			continue
		}
		fig := byMonth[row.Keys[0]]
		fig.add(row)
		byMonth[row.Keys[0]] = fig
		d.Months = append(d.Months, row.Keys[0])
	}
	sort.Sort(sort.Reverse(sort.StringSlice(d.Months)))
	d.Month = q.Get("month")
	if _, err := sarhad.ParseDate(d.Month); err != nil || len(d.Month) != 7 {
		d.Month = ""
	}
	if d.Month == "" {
		if len(d.Months) == 0 {
			d.Empty = true
			u.render(w, r, http.StatusOK, "stats", "", u.newPage(r, "Statistics", "stats", d))
			return
		}
		d.Month = d.Months[0]
	}
	d.PrevMonth = monthsBack(d.Month, 1)
	fmt.Sscanf(d.Month, "%d", &d.Year)
	d.PrevYear = d.Year - 1
	if m, err := sarhad.ParseDate(d.Month); err == nil {
		d.Span = "January"
		if m.Month > 1 {
			d.Span += "–" + time.Month(m.Month).String()
		}
	}

	// Year to date: January to the selected month, this year and last.
	var ytd, prevYTD figures
	for m := 0; m < 12; m++ {
		key := monthsBack(d.Month, m)
		if !strings.HasPrefix(key, fmt.Sprint(d.Year)) {
			break
		}
		ytd.plus(byMonth[key])
		prevYTD.plus(byMonth[fmt.Sprintf("%04d%s", d.PrevYear, key[4:])])
	}
	cur, prev := byMonth[d.Month], byMonth[d.PrevMonth]
	for _, c := range []struct {
		label string
		get   func(figures) int
	}{
		{"Attacks", func(f figures) int { return f.Events }},
		{"People killed (excluding attackers)", func(f figures) int { return f.Killed }},
		{"— security forces", func(f figures) int { return f.Security }},
		{"— civilians", func(f figures) int { return f.Civilians }},
		{"Militants killed", func(f figures) int { return f.Militants }},
		{"Injured", func(f figures) int { return f.Injured }},
	} {
		m, pm, y, py := c.get(cur), c.get(prev), c.get(ytd), c.get(prevYTD)
		d.Overview = append(d.Overview, comparison{Label: c.label, Month: m, PrevMonth: pm, YTD: y, PrevYTD: py,
			MonthChange: change(m, pm), MonthSign: changeSign(m, pm), YTDChange: change(y, py), YTDSign: changeSign(y, py)})
	}

	// The trend: the 24 months up to the selected one, months without events as zero.
	for m := 23; m >= 0; m-- {
		key := monthsBack(d.Month, m)
		d.Trend = append(d.Trend, monthRow{Month: key, figures: byMonth[key]})
	}
	for _, b := range []struct {
		key   sarhad.StatsKey
		to    *[]groupRow
		limit int
	}{{sarhad.ByProvince, &d.Provinces, 0}, {sarhad.ByDistrict, &d.Districts, 15}, {sarhad.ByActor, &d.Groups, 12}, {sarhad.ByAttackType, &d.AttackTypes, 0}} {
		if *b.to, err = u.breakdown(ctx, v, b.key, f, d.Month, b.limit); err != nil {
			u.fail(w, r, err)
			return
		}
	}
	d.Charts = chartSeries(&d)
	u.render(w, r, http.StatusOK, "stats", "", u.newPage(r, "Statistics "+d.Month, "stats", d))
}

// chartSeries returns what the dashboard's charts draw.
func chartSeries(d *statsData) map[string]any {
	var months []string
	var attacks, sec, civ, mil, inj []int
	for _, m := range d.Trend {
		months = append(months, m.Month)
		attacks = append(attacks, m.Events)
		sec = append(sec, m.Security)
		civ = append(civ, m.Civilians)
		mil = append(mil, m.Militants)
		inj = append(inj, m.Injured)
	}
	var provs []string
	var pm, py []int
	for _, p := range d.Provinces {
		provs = append(provs, p.Name)
		pm = append(pm, p.Month.Events)
		py = append(py, p.YTD.Events)
	}
	return map[string]any{
		"months": months, "attacks": attacks, "security": sec, "civilians": civ, "militants": mil, "injured": inj,
		"provinces": provs, "provinceMonth": pm, "provinceYTD": py, "month": d.Month, "year": d.Year,
	}
}
