package sarhad

import (
	"encoding/json"
	"strconv"
	"unicode/utf8"
)

// decodeReportFast decodes the common form of a report line into w without reflection: an
// object whose keys are the report format's names as written in INTERCHANGE.md, whose text
// values have no escapes, and whose casualty values are numbers, null or flat objects of
// numbers. It returns false, with w in any state, on anything else, valid or not; the caller
// then decodes with encoding/json, which gives the same result for what this accepts (a fuzz
// test checks it) and the error messages for what is wrong. Imports of large files spend most
// of their parsing time here: encoding/json took three quarters of it.
func decodeReportFast(b []byte, w *reportJSON) bool {
	d := fastDecoder{b: b}
	d.space()
	return d.object(func(key []byte) bool { return d.field(key, w) }) && d.end()
}

type fastDecoder struct {
	b []byte
	i int
}

// field decodes the value of key into w; false for a key or a value the fast path leaves to
// encoding/json (which also matches keys regardless of case).
func (d *fastDecoder) field(key []byte, w *reportJSON) bool {
	var s *string
	switch string(key) {
	case "id":
		s = &w.ID
	case "source":
		s = &w.Source
	case "source_reliability":
		s = &w.SourceReliability
	case "dataset":
		s = &w.Dataset
	case "reported_at":
		s = &w.ReportedAt
	case "text":
		s = &w.Text
	case "date":
		s = &w.Date
	case "province":
		s = &w.Province
	case "district":
		s = &w.District
	case "place":
		s = &w.Place
	case "geo_precision":
		s = &w.GeoPrecision
	case "perpetrator":
		s = &w.Perpetrator
	case "perpetrator_raw":
		s = &w.PerpetratorRaw
	case "attribution":
		s = &w.Attribution
	case "attack_type":
		s = &w.AttackType
	case "target_type":
		s = &w.TargetType
	case "cross_border_nexus":
		s = &w.CrossBorder
	case "marking":
		s = &w.Marking
	case "owner":
		s = &w.Owner
	case "hash":
		s = &w.Hash
	case "lat":
		return d.float(&w.Lat)
	case "lon":
		return d.float(&w.Lon)
	case "killed":
		return d.raw(&w.Killed)
	case "injured":
		return d.raw(&w.Injured)
	case "hostages":
		return d.raw(&w.Hostages)
	default:
		return false
	}
	if d.null() { // encoding/json leaves a string unchanged for null
		return true
	}
	v, ok := d.plainString()
	if ok {
		*s = string(v)
	}
	return ok
}

func (d *fastDecoder) space() {
	for d.i < len(d.b) {
		switch d.b[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

func (d *fastDecoder) byte(c byte) bool {
	if d.i < len(d.b) && d.b[d.i] == c {
		d.i++
		return true
	}
	return false
}

// object reads an object whose keys are plain strings (see plainString), calling member
// with each key to read its value.
func (d *fastDecoder) object(member func(key []byte) bool) bool {
	if !d.byte('{') {
		return false
	}
	d.space()
	if d.byte('}') {
		return true
	}
	for {
		key, ok := d.plainString()
		if !ok {
			return false
		}
		d.space()
		if !d.byte(':') {
			return false
		}
		d.space()
		if !member(key) {
			return false
		}
		d.space()
		if d.byte('}') {
			return true
		}
		if !d.byte(',') {
			return false
		}
		d.space()
	}
}

// end reports whether only white space follows.
func (d *fastDecoder) end() bool {
	d.space()
	return d.i == len(d.b)
}

func (d *fastDecoder) null() bool {
	if len(d.b)-d.i >= 4 && string(d.b[d.i:d.i+4]) == "null" {
		d.i += 4
		return true
	}
	return false
}

// plainString reads a string without escapes or control characters, in valid UTF-8, and
// returns its contents.
func (d *fastDecoder) plainString() ([]byte, bool) {
	if !d.byte('"') {
		return nil, false
	}
	start := d.i
	for d.i < len(d.b) {
		c := d.b[d.i]
		switch {
		case c == '"':
			v := d.b[start:d.i]
			d.i++
			return v, utf8.Valid(v)
		case c == '\\' || c < 0x20:
			return nil, false
		}
		d.i++
	}
	return nil, false
}

// number reads a JSON number and returns its text.
func (d *fastDecoder) number() ([]byte, bool) {
	start := d.i
	d.byte('-')
	switch {
	case d.byte('0'):
	case d.digits() == 0:
		return nil, false
	}
	if d.byte('.') && d.digits() == 0 {
		return nil, false
	}
	if d.byte('e') || d.byte('E') {
		if !d.byte('+') {
			d.byte('-')
		}
		if d.digits() == 0 {
			return nil, false
		}
	}
	return d.b[start:d.i], true
}

func (d *fastDecoder) digits() int {
	n := 0
	for d.i < len(d.b) && d.b[d.i] >= '0' && d.b[d.i] <= '9' {
		d.i++
		n++
	}
	return n
}

// float reads a number or null into a *float64 field, as encoding/json does.
func (d *fastDecoder) float(p **float64) bool {
	if d.null() {
		*p = nil
		return true
	}
	t, ok := d.number()
	if !ok {
		return false
	}
	v, err := strconv.ParseFloat(string(t), 64)
	if err != nil {
		return false
	}
	*p = &v
	return true
}

// raw reads a casualty value (a number, null, or an object of numbers and nulls) and keeps
// its text, as encoding/json does for a json.RawMessage.
func (d *fastDecoder) raw(p *json.RawMessage) bool {
	start := d.i
	switch {
	case d.null():
	case d.i < len(d.b) && d.b[d.i] == '{':
		ok := d.object(func([]byte) bool {
			if d.null() {
				return true
			}
			_, ok := d.number()
			return ok
		})
		if !ok {
			return false
		}
	default:
		if _, ok := d.number(); !ok {
			return false
		}
	}
	*p = append((*p)[:0:0], d.b[start:d.i]...)
	return true
}
