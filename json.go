package sarhad

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// The JSON forms below are the interchange formats of INTERCHANGE.md (version 1).

// reportJSON is the wire form of a Report. Every field but id may be missing or null.
type reportJSON struct {
	ID                string              `json:"id"`
	Source            string              `json:"source,omitempty"`
	SourceReliability string              `json:"source_reliability,omitempty"`
	Dataset           string              `json:"dataset,omitempty"`
	ReportedAt        string              `json:"reported_at,omitempty"`
	Text              string              `json:"text,omitempty"`
	Date              string              `json:"date,omitempty"`
	Province          string              `json:"province,omitempty"`
	District          string              `json:"district,omitempty"`
	Place             string              `json:"place,omitempty"`
	Lat               *float64            `json:"lat,omitempty"`
	Lon               *float64            `json:"lon,omitempty"`
	GeoPrecision      string              `json:"geo_precision,omitempty"`
	Perpetrator       string              `json:"perpetrator,omitempty"`
	PerpetratorRaw    string              `json:"perpetrator_raw,omitempty"`
	Attribution       string              `json:"attribution,omitempty"`
	AttackType        string              `json:"attack_type,omitempty"`
	TargetType        string              `json:"target_type,omitempty"`
	Killed            json.RawMessage     `json:"killed,omitempty"`
	Injured           json.RawMessage     `json:"injured,omitempty"`
	Hostages          json.RawMessage     `json:"hostages,omitempty"`
	CrossBorder       string              `json:"cross_border_nexus,omitempty"`
	Marking           string              `json:"marking,omitempty"`
	Owner             string              `json:"owner,omitempty"`
	Hash              string              `json:"hash,omitempty"`
	Evidence          map[string]Evidence `json:"evidence,omitempty"`
}

// MarshalJSON writes the interchange report form: exact counts as integers, ranges as
// {"low","best","high"} objects, unknown counts omitted.
func (r Report) MarshalJSON() ([]byte, error) {
	w := reportJSON{
		ID:                r.ID,
		Source:            r.Source,
		SourceReliability: string(r.SourceReliability),
		Dataset:           r.Dataset,
		Text:              r.Text,
		Date:              r.Date.String(),
		Province:          r.Location.Province,
		District:          r.Location.District,
		Place:             r.Location.Place,
		GeoPrecision:      string(r.Location.Precision),
		Perpetrator:       r.Perpetrator,
		PerpetratorRaw:    r.PerpetratorRaw,
		Attribution:       string(r.Attribution),
		AttackType:        string(r.AttackType),
		TargetType:        string(r.TargetType),
		CrossBorder:       string(r.CrossBorder),
		Marking:           string(r.Marking),
		Owner:             r.Owner,
		Hash:              r.Hash,
		Evidence:          r.Evidence,
	}
	if !r.ReportedAt.IsZero() {
		w.ReportedAt = r.ReportedAt.UTC().Format(time.RFC3339)
	}
	if r.Location.HasCoords() {
		lat, lon := r.Location.Lat, r.Location.Lon
		w.Lat, w.Lon = &lat, &lon
	}
	w.Killed = marshalTally(r.Killed, false)
	w.Injured = marshalCount(r.Injured, false)
	w.Hostages = marshalCount(r.Hostages, false)
	return json.Marshal(w)
}

// UnmarshalJSON reads the interchange report form. It parses but does not resolve names:
// province, district and perpetrator keep the spelling given until a resolver runs.
func (r *Report) UnmarshalJSON(b []byte) error {
	var w reportJSON
	if !decodeReportFast(b, &w) {
		w = reportJSON{}
		if err := json.Unmarshal(b, &w); err != nil {
			return Errorf(EINVALID, "report is not a JSON object of the report format: %s", jsonErr(err))
		}
	}
	var out Report
	var err error
	out.ID = strings.TrimSpace(w.ID)
	out.Source = w.Source
	out.Dataset = w.Dataset
	out.Text = w.Text
	out.Hash = w.Hash
	out.Evidence = w.Evidence
	var ok bool
	if out.SourceReliability, ok = ParseReliability(w.SourceReliability); !ok {
		return Errorf(EINVALID, "source_reliability %q is not a grade A–F", w.SourceReliability)
	}
	if w.ReportedAt != "" {
		if out.ReportedAt, err = parseTimestamp(w.ReportedAt); err != nil {
			return Errorf(EINVALID, "reported_at %q is not an RFC 3339 time", w.ReportedAt)
		}
	}
	if out.Date, err = ParseDate(w.Date); err != nil {
		return Errorf(EINVALID, "date: %s", ErrorMessage(err))
	}
	out.Location = Location{Province: w.Province, District: w.District, Place: w.Place}
	if w.Lat != nil && w.Lon != nil {
		out.Location.Lat, out.Location.Lon = *w.Lat, *w.Lon
	}
	if out.Location.Precision, ok = ParseGeoPrecision(w.GeoPrecision); !ok {
		return Errorf(EINVALID, "geo_precision %q is not one of exact, town, tehsil, district, province, country", w.GeoPrecision)
	}
	out.Perpetrator = w.Perpetrator
	out.PerpetratorRaw = w.PerpetratorRaw
	if out.Attribution, ok = ParseAttribution(w.Attribution); !ok {
		return Errorf(EINVALID, "attribution %q is not one of claimed, official, suspected, denied, unknown", w.Attribution)
	}
	if out.AttackType, ok = ParseAttackType(w.AttackType); !ok {
		return Errorf(EINVALID, "attack_type %q is not a canonical attack type", w.AttackType)
	}
	if out.TargetType, ok = ParseTargetType(w.TargetType); !ok {
		return Errorf(EINVALID, "target_type %q is not a canonical target type", w.TargetType)
	}
	if out.Killed, err = unmarshalTally(w.Killed); err != nil {
		return err
	}
	if out.Injured, err = unmarshalCount(w.Injured, "injured"); err != nil {
		return err
	}
	if out.Hostages, err = unmarshalCount(w.Hostages, "hostages"); err != nil {
		return err
	}
	if out.CrossBorder, ok = ParseNexus(w.CrossBorder); !ok {
		return Errorf(EINVALID, "cross_border_nexus %q is not yes, no or unknown", w.CrossBorder)
	}
	if w.Marking != "" {
		m, ok := ParseMarking(w.Marking)
		if !ok {
			return Errorf(EINVALID, "marking %q is not a TLP 2.0 label", w.Marking)
		}
		out.Marking = m
	}
	out.Owner = w.Owner
	*r = out
	return nil
}

func parseTimestamp(s string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("bad time %q", s)
}

// eventJSON is the wire form of an Event.
type eventJSON struct {
	ID           string          `json:"id"`
	ReportIDs    []string        `json:"report_ids"`
	Date         string          `json:"date,omitempty"`
	DatePrec     string          `json:"date_precision,omitempty"`
	Province     string          `json:"province,omitempty"`
	District     string          `json:"district,omitempty"`
	Place        string          `json:"place,omitempty"`
	Lat          *float64        `json:"lat,omitempty"`
	Lon          *float64        `json:"lon,omitempty"`
	GeoPrecision string          `json:"geo_precision,omitempty"`
	Perpetrator  string          `json:"perpetrator"`
	Attribution  string          `json:"attribution"`
	Claims       []Claim         `json:"claims,omitempty"`
	AttackType   string          `json:"attack_type,omitempty"`
	TargetType   string          `json:"target_type,omitempty"`
	Killed       json.RawMessage `json:"killed"`
	Injured      json.RawMessage `json:"injured"`
	Hostages     json.RawMessage `json:"hostages"`
	CrossBorder  string          `json:"cross_border_nexus"`
	Credibility  int             `json:"credibility"`
	Marking      string          `json:"marking,omitempty"`
	Owner        string          `json:"owner,omitempty"`
	Incident     string          `json:"incident,omitempty"`
	Explanations []Link          `json:"match_explanations"`
	Provenance   []FieldSource   `json:"provenance,omitempty"`
}

// MarshalJSON writes the interchange event form: every casualty figure as a
// {"low","best","high"} object, null when unknown.
func (e Event) MarshalJSON() ([]byte, error) {
	w := eventJSON{
		ID:           e.ID,
		ReportIDs:    e.ReportIDs(),
		Date:         e.Date.String(),
		DatePrec:     string(e.Date.Precision()),
		Province:     e.Location.Province,
		District:     e.Location.District,
		Place:        e.Location.Place,
		GeoPrecision: string(e.Location.Precision),
		Perpetrator:  e.Perpetrator,
		Attribution:  string(e.Attribution),
		Claims:       e.Claims,
		AttackType:   string(e.AttackType),
		TargetType:   string(e.TargetType),
		CrossBorder:  string(e.CrossBorder),
		Credibility:  e.Credibility,
		Marking:      string(e.Marking),
		Owner:        e.Owner,
		Incident:     e.Incident,
		Explanations: e.Links,
		Provenance:   e.Provenance,
	}
	if w.Explanations == nil {
		w.Explanations = []Link{}
	}
	if w.Perpetrator == "" {
		w.Perpetrator = UnknownActor
	}
	if w.Attribution == "" {
		w.Attribution = string(AttrUnknown)
	}
	if w.CrossBorder == "" {
		w.CrossBorder = string(NexusUnknown)
	}
	if e.Location.HasCoords() {
		lat, lon := e.Location.Lat, e.Location.Lon
		w.Lat, w.Lon = &lat, &lon
	}
	w.Killed = marshalTally(e.Killed, true)
	w.Injured = marshalCount(e.Injured, true)
	w.Hostages = marshalCount(e.Hostages, true)
	return json.Marshal(w)
}

// UnmarshalJSON reads the interchange event form.
func (e *Event) UnmarshalJSON(b []byte) error {
	var w eventJSON
	if err := json.Unmarshal(b, &w); err != nil {
		return Errorf(EINVALID, "event is not a JSON object of the event format: %s", jsonErr(err))
	}
	var out Event
	var err error
	out.ID = w.ID
	if out.Date, err = ParseDate(w.Date); err != nil {
		return err
	}
	out.Location = Location{Province: w.Province, District: w.District, Place: w.Place, Precision: GeoPrecision(w.GeoPrecision)}
	if w.Lat != nil && w.Lon != nil {
		out.Location.Lat, out.Location.Lon = *w.Lat, *w.Lon
	}
	out.Perpetrator = w.Perpetrator
	out.Attribution = Attribution(w.Attribution)
	out.Claims = w.Claims
	out.AttackType = AttackType(w.AttackType)
	out.TargetType = TargetType(w.TargetType)
	if out.Killed, err = unmarshalTally(w.Killed); err != nil {
		return err
	}
	if out.Injured, err = unmarshalCount(w.Injured, "injured"); err != nil {
		return err
	}
	if out.Hostages, err = unmarshalCount(w.Hostages, "hostages"); err != nil {
		return err
	}
	out.CrossBorder = Nexus(w.CrossBorder)
	out.Credibility = w.Credibility
	out.Marking = Marking(w.Marking)
	out.Owner = w.Owner
	out.Incident = w.Incident
	out.Links = w.Explanations
	if len(out.Links) == 0 {
		for _, id := range w.ReportIDs {
			out.Links = append(out.Links, Link{ReportID: id})
		}
	}
	out.Provenance = w.Provenance
	*e = out
	return nil
}

type rangeJSON struct {
	Low  int `json:"low"`
	Best int `json:"best"`
	High int `json:"high"`
}

func marshalCount(c Count, asRange bool) json.RawMessage {
	if !c.Known {
		if asRange {
			return json.RawMessage("null")
		}
		return nil
	}
	if !asRange && c.IsExact() {
		return json.RawMessage(strconv.Itoa(c.Best))
	}
	b, _ := json.Marshal(rangeJSON{c.Low, c.Best, c.High})
	return b
}

func marshalTally(t Tally, asRange bool) json.RawMessage {
	var buf bytes.Buffer
	buf.WriteByte('{')
	n := 0
	for _, f := range []struct {
		k string
		c Count
	}{{"total", t.Total}, {"security", t.Security}, {"civilians", t.Civilians}, {"militants", t.Militants}} {
		if !f.c.Known && !asRange {
			continue
		}
		if n > 0 {
			buf.WriteByte(',')
		}
		n++
		fmt.Fprintf(&buf, "%q:%s", f.k, marshalCount(f.c, asRange))
	}
	buf.WriteByte('}')
	if n == 0 {
		return nil
	}
	return buf.Bytes()
}

// unmarshalCount accepts null, an integer (or integral number or numeric string), or an
// object with any of low, best, high (missing parts are filled from the others).
func unmarshalCount(b json.RawMessage, field string) (Count, error) {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || string(b) == "null" {
		return Count{}, nil
	}
	bad := func() (Count, error) {
		return Count{}, Errorf(EINVALID, "%s: %s is not a non-negative integer or a {low, best, high} object", field, truncate(string(b), 40))
	}
	switch b[0] {
	case '{':
		var m map[string]*float64
		if err := json.Unmarshal(b, &m); err != nil {
			return bad()
		}
		get := func(k string) (int, bool, bool) {
			v, ok := m[k]
			if !ok || v == nil {
				return 0, false, true
			}
			if *v < 0 || *v != math.Trunc(*v) || *v > 1e7 {
				return 0, false, false
			}
			return int(*v), true, true
		}
		lo, hasLo, ok1 := get("low")
		best, hasBest, ok2 := get("best")
		hi, hasHi, ok3 := get("high")
		if !ok1 || !ok2 || !ok3 {
			return bad()
		}
		if !hasLo && !hasBest && !hasHi {
			return Count{}, nil
		}
		if !hasBest {
			if hasLo {
				best = lo
			} else {
				best = hi
			}
		}
		if !hasLo {
			lo = best
		}
		if !hasHi {
			hi = best
		}
		c := Span(lo, best, hi)
		if err := c.Validate(); err != nil {
			return Count{}, Errorf(EINVALID, "%s: %s", field, ErrorMessage(err))
		}
		return c, nil
	case '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return bad()
		}
		s = strings.TrimSpace(s)
		if s == "" {
			return Count{}, nil
		}
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			return bad()
		}
		return Exact(n), nil
	default:
		var f float64
		if err := json.Unmarshal(b, &f); err != nil || f < 0 || f != math.Trunc(f) || f > 1e7 {
			return bad()
		}
		return Exact(int(f)), nil
	}
}

// unmarshalTally accepts null, a bare integer (the total) or an object of categories.
func unmarshalTally(b json.RawMessage) (Tally, error) {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || string(b) == "null" {
		return Tally{}, nil
	}
	if b[0] != '{' {
		c, err := unmarshalCount(b, "killed")
		return Tally{Total: c}, err
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return Tally{}, Errorf(EINVALID, "killed: %s", jsonErr(err))
	}
	// An object that is itself a range is the total.
	if _, ok := m["low"]; ok {
		c, err := unmarshalCount(b, "killed")
		return Tally{Total: c}, err
	}
	if _, ok := m["best"]; ok {
		c, err := unmarshalCount(b, "killed")
		return Tally{Total: c}, err
	}
	var t Tally
	var err error
	for k, v := range m {
		var dst *Count
		switch k {
		case "total":
			dst = &t.Total
		case "security", "security_forces":
			dst = &t.Security
		case "civilians", "civilian":
			dst = &t.Civilians
		case "militants", "militant", "attackers":
			dst = &t.Militants
		default:
			return Tally{}, Errorf(EINVALID, "killed: unknown category %q (want total, security, civilians, militants)", k)
		}
		if *dst, err = unmarshalCount(v, "killed."+k); err != nil {
			return Tally{}, err
		}
	}
	return t, nil
}

func jsonErr(err error) string {
	s := err.Error()
	s = strings.TrimPrefix(s, "json: ")
	return s
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
