package sarhad

import (
	"errors"
	"slices"
	"strconv"
	"testing"
)

func TestEachEvent(t *testing.T) {
	// Five events in pages of two; the cursor is the index of the next event.
	page := func(f EventFilter) ([]Event, string, error) {
		start, _ := strconv.Atoi(f.Cursor)
		var out []Event
		for i := start; i < 5 && len(out) < f.Limit; i++ {
			out = append(out, Event{ID: "e-" + strconv.Itoa(i)})
		}
		next := ""
		if start+len(out) < 5 {
			next = strconv.Itoa(start + len(out))
		}
		return out, next, nil
	}
	stop := errors.New("stop")
	cases := []struct {
		name    string
		f       EventFilter
		stopAt  int // fn fails at this event (-1: never)
		want    int // events seen
		wantErr error
	}{
		{"all pages, from the first whatever the cursor", EventFilter{Cursor: "4", Limit: 1}, -1, 5, nil},
		{"stops at fn's error", EventFilter{}, 2, 3, stop},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			seen := 0
			err := EachEvent(c.f, 2, page, func(Event) error {
				seen++
				if seen-1 == c.stopAt {
					return stop
				}
				return nil
			})
			if seen != c.want || !errors.Is(err, c.wantErr) {
				t.Errorf("saw %d events, error %v; want %d, %v", seen, err, c.want, c.wantErr)
			}
		})
	}
	boom := errors.New("boom")
	if err := EachEvent(EventFilter{}, 2, func(EventFilter) ([]Event, string, error) { return nil, "", boom }, func(Event) error { return nil }); !errors.Is(err, boom) {
		t.Errorf("error of page: %v", err)
	}
}

func TestMergeStatsRows(t *testing.T) {
	rows := MergeStatsRows([]StatsRow{
		{Keys: []string{"b"}, Events: 1, Killed: 2},
		{Keys: []string{"a"}, Events: 1, Killed: 1},
		{Keys: []string{"b"}, Events: 2, Killed: 3, Injured: 1},
	})
	want := []StatsRow{{Keys: []string{"a"}, Events: 1, Killed: 1}, {Keys: []string{"b"}, Events: 3, Killed: 5, Injured: 1}}
	if !slices.EqualFunc(rows, want, func(a, b StatsRow) bool {
		return slices.Equal(a.Keys, b.Keys) && a.Events == b.Events && a.Killed == b.Killed && a.Injured == b.Injured
	}) {
		t.Fatalf("%+v", rows)
	}
}
