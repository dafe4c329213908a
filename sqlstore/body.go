package sqlstore

import (
	"encoding/binary"
	"errors"
	"math"
	"slices"
	"time"

	"github.com/sarhad-osint/sarhad"
)

// A report row keeps as columns what SQL filters, joins and checks on (its producer id,
// owner, source, data set, hash, marking, day, province, revision chain); every other field
// of the immutable report travels in one compact binary column, body. Reports are written
// once and decoded only by the store's own read paths (scanReport), so the encoding is
// private to this package: a version byte, then the fields below in order.
//
//	flags           byte: 1 reported_at set, 2 coordinates set, 4 evidence present
//	reliability     string
//	reported_at     varint Unix nanoseconds (when flag 1)
//	text            string
//	date            uvarint year, month, day
//	district, place string
//	lat, lon        8-byte little-endian IEEE 754 each (when flag 2)
//	geo_precision   string
//	place_id        string
//	perpetrator     string
//	perpetrator_raw string
//	attribution, attack_type, target_type, cross_border  string
//	killed, killed_security, killed_civilians, killed_militants, injured, hostages  count
//	evidence        uvarint n, then n entries in key order (when flag 4):
//	                key string, start varint, end varint, snippet string,
//	                confidence 8-byte IEEE 754, inferred byte
//
// A string is a uvarint length and its bytes; a count is one byte (0 unknown, 1 exact, 2 a
// range) followed by uvarint best (exact) or low, best, high (range).
const bodyVersion = 1

const (
	bodyReportedAt = 1 << iota
	bodyCoords
	bodyEvidence
)

// appendBody appends the body encoding of r (normalized) to dst.
func appendBody(dst []byte, r *sarhad.Report) ([]byte, error) {
	var flags byte
	if !r.ReportedAt.IsZero() {
		flags |= bodyReportedAt
	}
	l := &r.Location
	if l.HasCoords() {
		flags |= bodyCoords
	}
	if len(r.Evidence) > 0 {
		flags |= bodyEvidence
	}
	dst = append(dst, bodyVersion, flags)
	dst = appendStr(dst, string(r.SourceReliability))
	if flags&bodyReportedAt != 0 {
		dst = binary.AppendVarint(dst, r.ReportedAt.UnixNano())
	}
	dst = appendStr(dst, r.Text)
	dst = binary.AppendUvarint(dst, uint64(r.Date.Year))
	dst = binary.AppendUvarint(dst, uint64(r.Date.Month))
	dst = binary.AppendUvarint(dst, uint64(r.Date.Day))
	dst = appendStr(dst, l.District)
	dst = appendStr(dst, l.Place)
	if flags&bodyCoords != 0 {
		dst = binary.LittleEndian.AppendUint64(dst, math.Float64bits(l.Lat))
		dst = binary.LittleEndian.AppendUint64(dst, math.Float64bits(l.Lon))
	}
	dst = appendStr(dst, string(l.Precision))
	dst = appendStr(dst, l.PlaceID)
	dst = appendStr(dst, r.Perpetrator)
	dst = appendStr(dst, r.PerpetratorRaw)
	dst = appendStr(dst, string(r.Attribution))
	dst = appendStr(dst, string(r.AttackType))
	dst = appendStr(dst, string(r.TargetType))
	dst = appendStr(dst, string(r.CrossBorder))
	for _, c := range figures(r.Killed, r.Injured, r.Hostages) {
		dst = appendBodyCount(dst, c)
	}
	if flags&bodyEvidence != 0 {
		keys := make([]string, 0, len(r.Evidence))
		for k := range r.Evidence {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		dst = binary.AppendUvarint(dst, uint64(len(keys)))
		for _, k := range keys {
			ev := r.Evidence[k]
			if math.IsNaN(ev.Confidence) || math.IsInf(ev.Confidence, 0) {
				return nil, sarhad.Errorf(sarhad.EINVALID, "report %s: evidence %s: confidence is not a finite number", r.ID, k)
			}
			dst = appendStr(dst, k)
			dst = binary.AppendVarint(dst, int64(ev.Start))
			dst = binary.AppendVarint(dst, int64(ev.End))
			dst = appendStr(dst, ev.Snippet)
			dst = binary.LittleEndian.AppendUint64(dst, math.Float64bits(ev.Confidence))
			inferred := byte(0)
			if ev.Inferred {
				inferred = 1
			}
			dst = append(dst, inferred)
		}
	}
	return dst, nil
}

func appendStr(dst []byte, s string) []byte {
	dst = binary.AppendUvarint(dst, uint64(len(s)))
	return append(dst, s...)
}

func appendBodyCount(dst []byte, c sarhad.Count) []byte {
	switch {
	case !c.Known:
		return append(dst, 0)
	case c.IsExact() && c.Best >= 0:
		return binary.AppendUvarint(append(dst, 1), uint64(c.Best))
	}
	dst = append(dst, 2)
	dst = binary.AppendVarint(dst, int64(c.Low))
	dst = binary.AppendVarint(dst, int64(c.Best))
	return binary.AppendVarint(dst, int64(c.High))
}

var errBody = errors.New("malformed report body")

// bodyReader decodes a body; the first error sticks.
type bodyReader struct {
	b   []byte
	err error
}

func (d *bodyReader) uvarint() uint64 { return readVarint(d, binary.Uvarint) }
func (d *bodyReader) varint() int64   { return readVarint(d, binary.Varint) }

func readVarint[T int64 | uint64](d *bodyReader, read func([]byte) (T, int)) T {
	v, n := read(d.b)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *bodyReader) fail() {
	if d.err == nil {
		d.err = errBody
	}
	d.b = nil
}

func (d *bodyReader) byte() byte {
	if len(d.b) == 0 {
		d.fail()
		return 0
	}
	c := d.b[0]
	d.b = d.b[1:]
	return c
}

func (d *bodyReader) bytes() []byte {
	n := d.uvarint()
	if n > uint64(len(d.b)) {
		d.fail()
		return nil
	}
	s := d.b[:n]
	d.b = d.b[n:]
	return s
}

func (d *bodyReader) str() string { return string(d.bytes()) }

// word decodes a string of a small vocabulary (grades, types, precisions, canonical names),
// without allocating when it is one of the vocabulary.
func (d *bodyReader) word() string {
	b := d.bytes()
	if len(b) == 0 {
		return ""
	}
	if s, ok := vocabulary[string(b)]; ok {
		return s
	}
	return string(b)
}

func (d *bodyReader) float() float64 {
	if len(d.b) < 8 {
		d.fail()
		return 0
	}
	v := math.Float64frombits(binary.LittleEndian.Uint64(d.b))
	d.b = d.b[8:]
	return v
}

func (d *bodyReader) count() sarhad.Count {
	switch d.byte() {
	case 0:
		return sarhad.Count{}
	case 1:
		return sarhad.Exact(int(d.uvarint()))
	case 2:
		lo, best, hi := d.varint(), d.varint(), d.varint()
		return sarhad.Count{Low: int(lo), Best: int(best), High: int(hi), Known: true}
	}
	d.fail()
	return sarhad.Count{}
}

// decodeBody fills the fields of r that the body holds.
func decodeBody(b []byte, r *sarhad.Report) error {
	d := bodyReader{b: b}
	if d.byte() != bodyVersion {
		return errBody
	}
	flags := d.byte()
	r.SourceReliability = sarhad.Reliability(d.word())
	if flags&bodyReportedAt != 0 {
		r.ReportedAt = time.Unix(0, d.varint()).UTC()
	}
	r.Text = d.str()
	r.Date.Year, r.Date.Month, r.Date.Day = int(d.uvarint()), int(d.uvarint()), int(d.uvarint())
	l := &r.Location
	l.District = d.word()
	l.Place = d.str()
	if flags&bodyCoords != 0 {
		l.Lat, l.Lon = d.float(), d.float()
	}
	l.Precision = sarhad.GeoPrecision(d.word())
	l.PlaceID = d.str()
	r.Perpetrator = d.word()
	r.PerpetratorRaw = d.word()
	r.Attribution = sarhad.Attribution(d.word())
	r.AttackType = sarhad.AttackType(d.word())
	r.TargetType = sarhad.TargetType(d.word())
	r.CrossBorder = sarhad.Nexus(d.word())
	r.Killed.Total, r.Killed.Security, r.Killed.Civilians, r.Killed.Militants = d.count(), d.count(), d.count(), d.count()
	r.Injured, r.Hostages = d.count(), d.count()
	if flags&bodyEvidence != 0 {
		n := d.uvarint()
		if n > uint64(len(d.b)) {
			d.fail()
		}
		r.Evidence = make(map[string]sarhad.Evidence, n)
		for range n {
			k := d.word()
			var ev sarhad.Evidence
			ev.Start, ev.End = int(d.varint()), int(d.varint())
			ev.Snippet = d.str()
			ev.Confidence = d.float()
			ev.Inferred = d.byte() == 1
			r.Evidence[k] = ev
		}
	}
	if d.err != nil {
		return d.err
	}
	if len(d.b) != 0 {
		return errBody
	}
	return nil
}

// vocabulary holds the strings that recur in report bodies, so that decoding shares them.
var vocabulary = func() map[string]string {
	m := map[string]string{}
	add := func(s ...string) {
		for _, x := range s {
			m[x] = x
		}
	}
	for _, t := range sarhad.AttackTypes {
		add(string(t))
	}
	for _, t := range sarhad.TargetTypes {
		add(string(t))
	}
	for _, r := range []sarhad.Reliability{sarhad.ReliabilityA, sarhad.ReliabilityB, sarhad.ReliabilityC,
		sarhad.ReliabilityD, sarhad.ReliabilityE, sarhad.ReliabilityF} {
		add(string(r))
	}
	for _, a := range []sarhad.Attribution{sarhad.AttrClaimed, sarhad.AttrSuspected, sarhad.AttrOfficial,
		sarhad.AttrDenied, sarhad.AttrUnknown} {
		add(string(a))
	}
	for _, n := range []sarhad.Nexus{sarhad.NexusYes, sarhad.NexusNo, sarhad.NexusUnknown} {
		add(string(n))
	}
	for _, p := range []sarhad.GeoPrecision{sarhad.GeoExact, sarhad.GeoTown, sarhad.GeoTehsil, sarhad.GeoDistrict,
		sarhad.GeoProvince, sarhad.GeoCountry} {
		add(string(p))
	}
	add(sarhad.UnknownActor, "killed", "injured", "hostages", "perpetrator", "date", "location", "attack_type", "target_type")
	return m
}()
