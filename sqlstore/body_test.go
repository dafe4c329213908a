package sqlstore

import (
	"encoding/json"
	"math"
	"reflect"
	"testing"
	"time"

	"github.com/sarhad-osint/sarhad"
	"github.com/sarhad-osint/sarhad/internal/synth"
)

// bodyFields returns the fields of r that the body holds (the others zero).
func bodyFields(r sarhad.Report) sarhad.Report {
	return sarhad.Report{SourceReliability: r.SourceReliability, ReportedAt: r.ReportedAt, Text: r.Text, Date: r.Date,
		Location: sarhad.Location{District: r.Location.District, Place: r.Location.Place, Lat: r.Location.Lat,
			Lon: r.Location.Lon, Precision: r.Location.Precision, PlaceID: r.Location.PlaceID},
		Perpetrator: r.Perpetrator, PerpetratorRaw: r.PerpetratorRaw, Attribution: r.Attribution,
		AttackType: r.AttackType, TargetType: r.TargetType, Killed: r.Killed, Injured: r.Injured,
		Hostages: r.Hostages, CrossBorder: r.CrossBorder, Evidence: r.Evidence}
}

func TestBodyRoundTrip(t *testing.T) {
	full := fullReport()
	full.ReportedAt = full.ReportedAt.UTC()
	full.Evidence["perpetrator"] = sarhad.Evidence{Inferred: true, Confidence: 0.5}
	tests := []struct {
		name string
		r    sarhad.Report
	}{
		{"every field", full},
		{"nothing", sarhad.Report{}},
		{"the epoch is a time", sarhad.Report{ReportedAt: time.Unix(0, 0).UTC()}},
		{"a coordinate on the equator", sarhad.Report{Location: sarhad.Location{Lat: 0, Lon: 67.5}}},
		{"negative and huge figures", sarhad.Report{Killed: sarhad.Tally{Total: sarhad.Span(-3, 0, math.MaxInt32),
			Security: sarhad.Exact(math.MaxInt64)}, Injured: sarhad.Exact(-1)}},
		{"a word outside the vocabulary", sarhad.Report{AttackType: "drone strike", Text: "کوئٹہ"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := appendBody(nil, &tt.r)
			if err != nil {
				t.Fatal(err)
			}
			var got sarhad.Report
			if err := decodeBody(b, &got); err != nil {
				t.Fatal(err)
			}
			if want := bodyFields(tt.r); !reflect.DeepEqual(got, want) {
				t.Errorf("round trip:\n got %+v\nwant %+v", got, want)
			}
		})
	}
	r := sarhad.Report{ID: "x", Evidence: map[string]sarhad.Evidence{"killed": {Confidence: math.NaN()}}}
	if _, err := appendBody(nil, &r); sarhad.ErrorCode(err) != sarhad.EINVALID {
		t.Errorf("a NaN confidence: %v, want EINVALID", err)
	}
}

func TestBodyMalformed(t *testing.T) {
	b, err := appendBody(nil, &sarhad.Report{Text: "some text", Evidence: map[string]sarhad.Evidence{"k": {Snippet: "s"}}})
	if err != nil {
		t.Fatal(err)
	}
	for n := range len(b) {
		var r sarhad.Report
		if err := decodeBody(b[:n], &r); err == nil {
			t.Errorf("a body cut to %d of %d bytes decodes", n, len(b))
		}
	}
	var r sarhad.Report
	if err := decodeBody(append(append([]byte{}, b...), 0), &r); err == nil {
		t.Error("a body with a trailing byte decodes")
	}
}

// FuzzDecodeBody checks that no input makes decodeBody panic, and that what it accepts
// encodes back to the same bytes.
func FuzzDecodeBody(f *testing.F) {
	for _, r := range synth.New(synth.Config{Seed: 3}).Batch(20) {
		b, err := appendBody(nil, &r)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var r sarhad.Report
		if decodeBody(b, &r) != nil {
			return
		}
		again, err := appendBody(nil, &r)
		if err != nil {
			return // a NaN confidence decodes but does not encode
		}
		var r2 sarhad.Report
		if err := decodeBody(again, &r2); err != nil || !reflect.DeepEqual(bodyFields(r), bodyFields(r2)) {
			t.Errorf("re-encoded body differs: %v", err)
		}
	})
}

// BenchmarkBody compares the body encoding with encoding/json of the same fields.
func BenchmarkBody(b *testing.B) {
	reports := synth.New(synth.Config{Seed: 1}).Batch(1000)
	for i := range reports {
		reports[i].Normalize()
	}
	b.Run("encode", func(b *testing.B) {
		var buf []byte
		size := 0
		for i := range b.N {
			buf, _ = appendBody(buf[:0], &reports[i%len(reports)])
			size += len(buf)
		}
		b.ReportMetric(float64(size)/float64(b.N), "bytes/report")
	})
	b.Run("decode", func(b *testing.B) {
		bodies := make([][]byte, len(reports))
		for i := range reports {
			bodies[i], _ = appendBody(nil, &reports[i])
		}
		b.ResetTimer()
		for i := range b.N {
			var r sarhad.Report
			if err := decodeBody(bodies[i%len(bodies)], &r); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("json-encode", func(b *testing.B) {
		size := 0
		for i := range b.N {
			buf, _ := json.Marshal(bodyFields(reports[i%len(reports)]))
			size += len(buf)
		}
		b.ReportMetric(float64(size)/float64(b.N), "bytes/report")
	})
	b.Run("json-decode", func(b *testing.B) {
		bodies := make([][]byte, len(reports))
		for i := range reports {
			bodies[i], _ = json.Marshal(bodyFields(reports[i]))
		}
		b.ResetTimer()
		for i := range b.N {
			var r sarhad.Report
			if err := json.Unmarshal(bodies[i%len(bodies)], &r); err != nil {
				b.Fatal(err)
			}
		}
	})
}
