package web

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/sarhad-osint/sarhad"
)

// formKeys are the fields of the report form, named as in the interchange format (killed
// categories with an underscore).
var formKeys = []string{
	"id", "source", "source_reliability", "reported_at", "text", "date", "province", "district", "place", "lat", "lon",
	"geo_precision", "perpetrator", "attribution", "attack_type", "target_type", "killed_total", "killed_security",
	"killed_civilians", "killed_militants", "injured", "hostages", "cross_border_nexus", "marking",
}

// evidenceKey maps the evidence field names of extraction to form keys.
func evidenceKey(field string) string { return strings.ReplaceAll(field, ".", "_") }

// draftEvidence is the evidence of one field of an extracted draft, with the value the
// draft gave the field: the evidence is saved with the report only while the analyst keeps
// that value (and the text).
type draftEvidence struct {
	sarhad.Evidence
	Value string `json:"value"`
}

// reportForm is the state of the report form: the values as typed, the problems per field,
// and where extraction found each value.
type reportForm struct {
	V      map[string]string
	Err    map[string]string
	Errors []string
	// Ev notes the fields filled from the text; EvidenceJSON carries it through the form.
	Ev           map[string]*draftEvidence
	EvidenceJSON string
	// Highlighted is the text with the evidence marked, after an extraction.
	Highlighted template.HTML
	// Drafts are the events extraction found in the text (the first is the main one), Draft
	// the one shown.
	Drafts []string
	Draft  int
	// Extracted is set after an extraction; Extractor when one is wired.
	Extracted, Extractor bool
	Agency               string
	Choices              reportChoices
}

type reportChoices struct {
	Provinces     []string
	Districts     []point
	Actors        []string
	AttackTypes   []sarhad.AttackType
	TargetTypes   []sarhad.TargetType
	Markings      []sarhad.Marking
	Attributions  []sarhad.Attribution
	Reliabilities []sarhad.Reliability
	Precisions    []sarhad.GeoPrecision
}

func (u *UI) newReportForm(agency string) *reportForm {
	return &reportForm{V: map[string]string{"marking": string(sarhad.DefaultMarking), "cross_border_nexus": "unknown", "attribution": "unknown"},
		Err: map[string]string{}, Ev: map[string]*draftEvidence{}, Agency: agency, Extractor: u.d.Extractor != nil,
		Choices: reportChoices{Provinces: sarhad.Provinces, Districts: u.geo.districts, Actors: u.geo.actorNames,
			AttackTypes: sarhad.AttackTypes, TargetTypes: sarhad.TargetTypes, Markings: sarhad.Markings,
			Attributions:  []sarhad.Attribution{sarhad.AttrUnknown, sarhad.AttrClaimed, sarhad.AttrOfficial, sarhad.AttrSuspected, sarhad.AttrDenied},
			Reliabilities: []sarhad.Reliability{"", sarhad.ReliabilityA, sarhad.ReliabilityB, sarhad.ReliabilityC, sarhad.ReliabilityD, sarhad.ReliabilityE, sarhad.ReliabilityF},
			Precisions:    []sarhad.GeoPrecision{sarhad.GeoExact, sarhad.GeoTown, sarhad.GeoTehsil, sarhad.GeoDistrict, sarhad.GeoProvince, sarhad.GeoCountry}}}
}

// readForm fills the form from a request's posted values.
func (f *reportForm) readForm(v url.Values) {
	for _, k := range formKeys {
		f.V[k] = strings.TrimSpace(v.Get(k))
	}
	f.V["text"] = strings.ReplaceAll(v.Get("text"), "\r\n", "\n")
	f.EvidenceJSON = v.Get("evidence")
	if f.EvidenceJSON != "" {
		json.Unmarshal([]byte(f.EvidenceJSON), &f.Ev)
	}
}

// countText writes a count as the form shows it: "12", or "10-12-14" for low-best-high.
func countText(c sarhad.Count) string {
	switch {
	case !c.Known:
		return ""
	case c.IsExact():
		return strconv.Itoa(c.Best)
	}
	return strconv.Itoa(c.Low) + "-" + strconv.Itoa(c.Best) + "-" + strconv.Itoa(c.High)
}

// parseCount reads "12", "10-14" (low-high, best = low) or "10-12-14" into the JSON of a count.
func parseCount(s string) (any, bool) {
	if s == "" {
		return nil, true
	}
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '-' || r == '–' || r == '/' })
	var n []int
	for _, p := range parts {
		v, err := strconv.Atoi(strings.TrimSpace(p))
		if err != nil || v < 0 {
			return nil, false
		}
		n = append(n, v)
	}
	switch len(n) {
	case 1:
		return n[0], true
	case 2:
		return map[string]int{"low": n[0], "best": n[0], "high": n[1]}, n[0] <= n[1]
	case 3:
		return map[string]int{"low": n[0], "best": n[1], "high": n[2]}, n[0] <= n[1] && n[1] <= n[2]
	}
	return nil, false
}

// fromDraft fills the event fields of the form from an extracted draft and returns the
// evidence of the fields filled. Fields about the report itself (id, source, reliability,
// time, marking, text) stay as the analyst set them.
func (f *reportForm) fromDraft(d sarhad.Report) {
	set := func(k, v string) { f.V[k] = v }
	set("date", d.Date.String())
	set("province", d.Location.Province)
	set("district", d.Location.District)
	set("place", d.Location.Place)
	if d.Location.HasCoords() {
		set("lat", strconv.FormatFloat(d.Location.Lat, 'f', -1, 64))
		set("lon", strconv.FormatFloat(d.Location.Lon, 'f', -1, 64))
	} else {
		set("lat", "")
		set("lon", "")
	}
	set("geo_precision", string(d.Location.Precision))
	perp := d.Perpetrator
	if perp == sarhad.UnknownActor {
		perp = ""
	}
	set("perpetrator", perp)
	set("attribution", string(d.Attribution))
	if d.Attribution == "" {
		set("attribution", string(sarhad.AttrUnknown))
	}
	set("attack_type", string(d.AttackType))
	set("target_type", string(d.TargetType))
	set("killed_total", countText(d.Killed.Total))
	set("killed_security", countText(d.Killed.Security))
	set("killed_civilians", countText(d.Killed.Civilians))
	set("killed_militants", countText(d.Killed.Militants))
	set("injured", countText(d.Injured))
	set("hostages", countText(d.Hostages))
	set("cross_border_nexus", string(d.CrossBorder))
	if d.CrossBorder == "" {
		set("cross_border_nexus", string(sarhad.NexusUnknown))
	}
	f.Ev = map[string]*draftEvidence{}
	for field, ev := range d.Evidence {
		k := evidenceKey(field)
		f.Ev[k] = &draftEvidence{Evidence: ev, Value: f.V[k]}
	}
	b, _ := json.Marshal(f.Ev)
	f.EvidenceJSON = string(b)
}

// keptEvidence returns the draft evidence that still holds: the field keeps the draft's
// value and the text still has the snippet at the span.
func (f *reportForm) keptEvidence() map[string]sarhad.Evidence {
	runes := []rune(f.V["text"])
	out := map[string]sarhad.Evidence{}
	for k, ev := range f.Ev {
		if f.V[k] != ev.Value {
			continue
		}
		if !ev.Inferred && (ev.Start < 0 || ev.End > len(runes) || ev.Start >= ev.End || string(runes[ev.Start:ev.End]) != ev.Snippet) {
			continue
		}
		out[strings.Replace(k, "killed_", "killed.", 1)] = ev.Evidence
	}
	return out
}

// body builds the interchange JSON of the form's report, noting problems per field.
func (f *reportForm) body(now time.Time, agency string) []byte {
	v := f.V
	m := map[string]any{}
	if v["id"] == "" {
		var b [3]byte
		rand.Read(b[:])
		v["id"] = "ui-" + strings.ToLower(strings.ReplaceAll(agency, " ", "-")) + "-" + now.UTC().Format("20060102-150405") + "-" + hex.EncodeToString(b[:])
	}
	for _, k := range []string{"id", "source", "source_reliability", "text", "date", "province", "district", "place", "geo_precision",
		"perpetrator", "attribution", "attack_type", "target_type", "cross_border_nexus", "marking"} {
		if v[k] != "" {
			m[k] = v[k]
		}
	}
	if s := v["reported_at"]; s != "" {
		t, err := time.Parse("2006-01-02T15:04", s)
		if err != nil {
			t, err = time.Parse(time.RFC3339, s)
		}
		if err != nil {
			f.Err["reported_at"] = "Give a date and time (YYYY-MM-DDTHH:MM, UTC)."
		} else {
			m["reported_at"] = t.UTC().Format(time.RFC3339)
		}
	}
	for _, k := range []string{"lat", "lon"} {
		if s := v[k]; s != "" {
			x, err := strconv.ParseFloat(s, 64)
			if err != nil {
				f.Err[k] = "Not a number."
				continue
			}
			m[k] = x
		}
	}
	if (v["lat"] == "") != (v["lon"] == "") {
		f.Err["lat"] = "Give both latitude and longitude, or neither."
	}
	killed := map[string]any{}
	for _, c := range []string{"total", "security", "civilians", "militants"} {
		k := "killed_" + c
		if x, ok := parseCount(v[k]); !ok {
			f.Err[k] = "A number, a range low-high, or low-best-high."
		} else if x != nil {
			killed[c] = x
		}
	}
	if len(killed) > 0 {
		m["killed"] = killed
	}
	for _, k := range []string{"injured", "hostages"} {
		if x, ok := parseCount(v[k]); !ok {
			f.Err[k] = "A number, a range low-high, or low-best-high."
		} else if x != nil {
			m[k] = x
		}
	}
	if ev := f.keptEvidence(); len(ev) > 0 {
		m["evidence"] = ev
	}
	b, _ := json.Marshal(m)
	return b
}

// fieldOf returns the form key a validation message is about ("killed: ..." → killed_total).
func fieldOf(msg string) string {
	head, _, ok := strings.Cut(msg, ":")
	if !ok {
		return ""
	}
	head = strings.TrimSpace(strings.ToLower(head))
	head = strings.ReplaceAll(head, ".", "_")
	if head == "killed" {
		return "killed_total"
	}
	if head == "coordinates" || strings.HasPrefix(msg, "coordinates") {
		return "lat"
	}
	for _, k := range formKeys {
		if k == head {
			return k
		}
	}
	return ""
}

// addError files a message under its field, or with the form.
func (f *reportForm) addError(msg string) {
	if k := fieldOf(msg); k != "" {
		f.Err[k] = msg
		return
	}
	if strings.HasPrefix(msg, "coordinates") {
		f.Err["lat"] = msg
		return
	}
	f.Errors = append(f.Errors, msg)
}

func (u *UI) handleReportForm(w http.ResponseWriter, r *http.Request) {
	user, _, _ := u.d.Session.Principal(r)
	f := u.newReportForm(user.Agency)
	u.render(w, r, http.StatusOK, "report", "", u.newPage(r, "New report", "report", f))
}

func (u *UI) handleReportExtract(w http.ResponseWriter, r *http.Request) {
	user, _, _ := u.d.Session.Principal(r)
	f := u.newReportForm(user.Agency)
	r.ParseForm()
	f.readForm(r.PostForm)
	if u.d.Extractor == nil {
		u.fail(w, r, sarhad.Errorf(sarhad.ENOTIMPLEMENTED, "Extraction is not available on this server."))
		return
	}
	status := http.StatusOK
	day := sarhad.DateOf(u.now().UTC())
	if t, err := time.Parse("2006-01-02T15:04", f.V["reported_at"]); err == nil {
		day = sarhad.DateOf(t)
	}
	switch {
	case strings.TrimSpace(f.V["text"]) == "":
		f.Err["text"] = "Paste the text of a report first."
		status = http.StatusUnprocessableEntity
	default:
		drafts := u.d.Extractor.Extract(f.V["text"], day)
		f.Extracted = true
		if len(drafts) == 0 {
			f.Errors = append(f.Errors, "No attack was found in the text; fill the fields by hand.")
			break
		}
		f.Draft, _ = strconv.Atoi(r.PostFormValue("draft"))
		if f.Draft < 0 || f.Draft >= len(drafts) {
			f.Draft = 0
		}
		for _, d := range drafts {
			f.Drafts = append(f.Drafts, strings.TrimSpace(d.Date.String()+" "+string(d.AttackType)+" "+d.Location.District))
		}
		f.fromDraft(drafts[f.Draft])
		f.Highlighted = highlight(f.V["text"], drafts[f.Draft].Evidence)
	}
	p := u.newPage(r, "New report", "report", f)
	if isHTMX(r) {
		u.render(w, r, status, "report", "report-form", p)
		return
	}
	u.render(w, r, status, "report", "", p)
}

func (u *UI) handleReportSave(w http.ResponseWriter, r *http.Request) {
	user, v, _ := u.d.Session.Principal(r)
	f := u.newReportForm(user.Agency)
	r.ParseForm()
	f.readForm(r.PostForm)
	if f.V["text"] != "" && len(f.Ev) > 0 {
		f.Highlighted = highlight(f.V["text"], f.keptEvidence())
		f.Extracted = true
	}
	again := func(status int) {
		p := u.newPage(r, "New report", "report", f)
		if isHTMX(r) {
			u.render(w, r, status, "report", "report-form", p)
			return
		}
		u.render(w, r, status, "report", "", p)
	}
	if _, ok := sarhad.ParseMarking(f.V["marking"]); !ok || f.V["marking"] == "" {
		f.Err["marking"] = "Choose a TLP 2.0 marking."
	}
	body := f.body(u.now(), user.Agency)
	if len(f.Err) > 0 {
		again(http.StatusUnprocessableEntity)
		return
	}
	rep, err := u.d.Reports.ParseReport(body, user.Agency)
	if err == nil {
		err = rep.Validate()
	}
	if sarhad.ErrorCode(err) == sarhad.EINVALID {
		f.addError(sarhad.ErrorMessage(err))
		again(http.StatusUnprocessableEntity)
		return
	} else if err != nil {
		u.fail(w, r, err)
		return
	}
	sub, err := u.d.Reports.SubmitReport(r.Context(), v, rep)
	switch sarhad.ErrorCode(err) {
	case "":
	case sarhad.EINVALID, sarhad.ECONFLICT:
		f.addError(sarhad.ErrorMessage(err))
		again(u.d.StatusOf(sarhad.ErrorCode(err)))
		return
	default:
		u.fail(w, r, err)
		return
	}
	q := url.Values{"added": {sub.ReportID}}
	if !sub.Created {
		q.Set("duplicate", "1")
	}
	to := "/events/" + url.PathEscape(sub.EventID) + "?" + q.Encode()
	if isHTMX(r) {
		w.Header().Set("HX-Redirect", to)
		w.WriteHeader(http.StatusOK)
		return
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}
