package sarhad

import (
	"bytes"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
)

// EventFilter selects events. Zero fields do not filter. Names are canonical (resolve them
// first); From and To are inclusive and compare against the event's first day.
type EventFilter struct {
	From, To   Date
	Province   string
	District   string
	Actor      string
	AttackType AttackType
	TargetType TargetType
	// Limit caps the page size (the store applies a default and a maximum).
	Limit int
	// Cursor continues a previous page; opaque to callers.
	Cursor string
}

// StatsKey is a grouping key of `sarhad stats`.
type StatsKey string

// Grouping keys (INTERCHANGE.md).
const (
	ByYear       StatsKey = "year"
	ByMonth      StatsKey = "month"
	ByWeek       StatsKey = "week"
	ByProvince   StatsKey = "province"
	ByDistrict   StatsKey = "district"
	ByActor      StatsKey = "actor"
	ByAttackType StatsKey = "attack_type"
	ByTargetType StatsKey = "target_type"
)

// StatsKeys lists every grouping key.
var StatsKeys = []StatsKey{ByYear, ByMonth, ByWeek, ByProvince, ByDistrict, ByActor, ByAttackType, ByTargetType}

// ParseStatsKeys parses a comma-separated key list such as "month,province".
func ParseStatsKeys(s string) ([]StatsKey, error) {
	var keys []StatsKey
	seen := map[StatsKey]bool{}
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		k := StatsKey(strings.ToLower(part))
		valid := false
		for _, v := range StatsKeys {
			if v == k {
				valid = true
			}
		}
		if !valid {
			return nil, Errorf(EINVALID, "unknown stats key %q (want year, month, week, province, district, actor, attack_type, target_type)", part)
		}
		if seen[k] {
			return nil, Errorf(EINVALID, "stats key %q given twice", part)
		}
		seen[k] = true
		keys = append(keys, k)
	}
	return keys, nil
}

// StatsQuery asks for counts of events grouped by keys, over the events that match Filter
// (Limit and Cursor are ignored).
type StatsQuery struct {
	By     []StatsKey
	Filter EventFilter
}

// StatsRow is one group: the key values in the order of StatsQuery.By, and the sums.
// Killed is the total killed excluding attackers; the categories sum best estimates of the
// events that state them.
type StatsRow struct {
	Keys            []string
	Events          int
	Killed          int
	KilledSecurity  int
	KilledCivilians int
	KilledMilitants int
	Injured         int
}

// MergeStatsRows sorts rows by their keys (byte-wise, stable) and sums the figures of rows
// with equal keys into one row. It reuses rows' storage.
func MergeStatsRows(rows []StatsRow) []StatsRow {
	slices.SortStableFunc(rows, func(a, b StatsRow) int { return slices.Compare(a.Keys, b.Keys) })
	out := rows[:0]
	for _, r := range rows {
		if n := len(out); n > 0 && slices.Equal(out[n-1].Keys, r.Keys) {
			p := &out[n-1]
			p.Events += r.Events
			p.Killed += r.Killed
			p.KilledSecurity += r.KilledSecurity
			p.KilledCivilians += r.KilledCivilians
			p.KilledMilitants += r.KilledMilitants
			p.Injured += r.Injured
			continue
		}
		out = append(out, r)
	}
	return out
}

// Stats is the answer to a StatsQuery: rows sorted by their keys.
type Stats struct {
	By   []StatsKey
	Rows []StatsRow
}

// MarshalJSON writes the `sarhad stats` JSON: an array of objects with the keys plus events,
// killed, killed_security, killed_civilians, killed_militants and injured.
func (s Stats) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('[')
	for i, r := range s.Rows {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('{')
		for j, k := range s.By {
			kb, _ := json.Marshal(string(k))
			b.Write(kb)
			b.WriteByte(':')
			v := ""
			if j < len(r.Keys) {
				v = r.Keys[j]
			}
			vb, _ := json.Marshal(v)
			b.Write(vb)
			b.WriteByte(',')
		}
		for j, f := range []struct {
			k string
			v int
		}{{"events", r.Events}, {"killed", r.Killed}, {"killed_security", r.KilledSecurity},
			{"killed_civilians", r.KilledCivilians}, {"killed_militants", r.KilledMilitants}, {"injured", r.Injured}} {
			if j > 0 {
				b.WriteByte(',')
			}
			b.WriteByte('"')
			b.WriteString(f.k)
			b.WriteString(`":`)
			b.WriteString(strconv.Itoa(f.v))
		}
		b.WriteByte('}')
	}
	b.WriteByte(']')
	return b.Bytes(), nil
}

// StatsValueColumns are the value column names of stats output, in order.
var StatsValueColumns = []string{"events", "killed", "killed_security", "killed_civilians", "killed_militants", "injured"}

// Values returns the row's sums in StatsValueColumns order.
func (r StatsRow) Values() []int {
	return []int{r.Events, r.Killed, r.KilledSecurity, r.KilledCivilians, r.KilledMilitants, r.Injured}
}

// EachEvent calls fn with every event of the pages that page returns for f, from the first
// page (Cursor cleared) to the last, each asked for with Limit pageSize. It stops at the
// first error of page or fn and returns it. Stores implement their StreamEvents with it.
func EachEvent(f EventFilter, pageSize int, page func(EventFilter) ([]Event, string, error), fn func(Event) error) error {
	f.Limit, f.Cursor = pageSize, ""
	for {
		events, next, err := page(f)
		if err != nil {
			return err
		}
		for _, e := range events {
			if err := fn(e); err != nil {
				return err
			}
		}
		if next == "" {
			return nil
		}
		f.Cursor = next
	}
}
