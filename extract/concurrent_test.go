package extract

import (
	"encoding/json"
	"sync"
	"testing"

	"github.com/sarhad-osint/sarhad"
)

// TestConcurrentExtract runs the news cases from several goroutines on one extractor and
// checks that every run gives the sequential answer (run with -race).
func TestConcurrentExtract(t *testing.T) {
	x := New(realExtractor().places, realExtractor().actors) // a fresh extractor: empty caches
	want := make([]string, len(newsCases))
	encode := func(i int) string {
		rd, _ := sarhad.ParseDate(newsCases[i].reportDate)
		b, err := json.Marshal(x.Extract(newsCases[i].text, rd))
		if err != nil {
			t.Error(err)
		}
		return string(b)
	}
	var wg sync.WaitGroup
	got := make([][]string, 4)
	for g := range got {
		got[g] = make([]string, len(newsCases))
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range newsCases {
				got[g][i] = encode(i)
			}
		}()
	}
	wg.Wait()
	for i := range newsCases {
		want[i] = encode(i)
	}
	for g := range got {
		for i := range newsCases {
			if got[g][i] != want[i] {
				t.Errorf("goroutine %d, case %q: concurrent result differs", g, newsCases[i].name)
			}
		}
	}
}
