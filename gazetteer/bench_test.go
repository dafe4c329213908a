package gazetteer

import (
	"math/rand/v2"
	"testing"

	"github.com/sarhad-osint/sarhad"
)

// Benchmarks; compare across commits with
//
//	go test -run '^$' -bench . -benchmem ./gazetteer/ | tee new.txt && benchstat old.txt new.txt

var benchNames = []string{
	"Peshawar", "North-West Frontier Province", "Miranshah", "Mohmand district", "D.I Khan", "Kuram Agency ",
	"Federally Administered Tribal Areas", "Karachi", "Quetta", "Landi Kotal", "Turbat", "Dera Ghāzi Khān District",
	"Shabqadar-Charsadda", "Badaber", "xyzzy village", "Chitral Upper",
}

func BenchmarkResolvePlace(b *testing.B) {
	g := Default()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		g.ResolvePlace(benchNames[i%len(benchNames)])
		i++
	}
}

func BenchmarkLocate(b *testing.B) {
	g := Default()
	qs := []sarhad.PlaceQuery{
		{Province: "Federally Administered Tribal Areas", Locality: "Miran Shah", Lat: 33.0, Lon: 70.07, Precision: sarhad.GeoTown},
		{Province: "Balochistan", District: "Kech", Locality: "Buleda", Lat: 26.3091, Lon: 63.1537},
		{Province: "KPK", Locality: "D.I Khan"},
		{Province: "Sindh", Locality: "Karachi"},
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		g.Locate(qs[i%len(qs)])
		i++
	}
}

func BenchmarkNearestPlace(b *testing.B) {
	g := Default()
	rng := rand.New(rand.NewPCG(7, 9))
	pts := make([][2]float64, 4096)
	for i := range pts {
		pts[i] = [2]float64{24 + rng.Float64()*12, 61.5 + rng.Float64()*14}
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		p := pts[i&4095]
		g.NearestPlace(p[0], p[1])
		i++
	}
}
