package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/sarhad-osint/sarhad"
	"github.com/sarhad-osint/sarhad/tlpview"
)

// This file is the store side of per-viewer reads (package tlpview; migration 0022): pure
// events are listed and counted in SQL by the event's own marking and owner, mixed events
// (listed in event_mix by triggers) are handed to tlpview with the reports the viewer may
// see, for per-viewer reconciliation.

var _ tlpview.Store = (*Store)(nil)

// Generation returns the write generation of events and links (it changes with every write
// to either table).
func (s *Store) Generation(ctx context.Context) (int64, error) {
	var n int64
	if err := s.db.QueryRowContext(ctx, `SELECT n FROM store_generation WHERE id = 1`).Scan(&n); err != nil {
		return 0, fmt.Errorf("store generation: %w", err)
	}
	return n, nil
}

// Generations returns the write generations of the data (events and links, as Generation)
// and of the accounts (users, tokens, agencies, shares), in one query.
func (s *Store) Generations(ctx context.Context) (data, accounts int64, err error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, n FROM store_generation`)
	if err != nil {
		return 0, 0, fmt.Errorf("store generations: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, n int64
		if err := rows.Scan(&id, &n); err != nil {
			return 0, 0, fmt.Errorf("store generations: %w", err)
		}
		if id == 1 {
			data = n
		} else {
			accounts = n
		}
	}
	return data, accounts, rows.Err()
}

// linkedReport is a report of an event with its link.
type linkedReport struct {
	storedReport
	event int64
	link  sarhad.Link
}

// withExtra scans a row into a report's columns followed by extra columns.
type withExtra struct {
	rows  *sql.Rows
	extra []any
}

func (w withExtra) Scan(dest ...any) error { return w.rows.Scan(append(dest, w.extra...)...) }

// eventReports loads every report of the events pks with its link, in link order.
func (s *Store) eventReports(ctx context.Context, pks []int64) ([]linkedReport, error) {
	q := &query{}
	q.write("SELECT ", reportSelect, ", er.event_id, er.score, er.why, er.decision FROM event_reports er JOIN reports r ON r.id = er.report_id")
	in := make([]string, len(pks))
	for i, pk := range pks {
		in[i] = q.arg(pk)
	}
	q.where("er.event_id IN (" + strings.Join(in, ", ") + ")")
	q.write(" ORDER BY er.event_id, er.report_id")
	var out []linkedReport
	err := s.queryRows(ctx, q, func(rows *sql.Rows) error {
		var lr linkedReport
		var decision string
		sr, err := scanReport(withExtra{rows, []any{&lr.event, &lr.link.Score, &lr.link.Why, &decision}})
		if err != nil {
			return err
		}
		lr.storedReport = sr
		lr.link.ReportID, lr.link.Decision = sr.ID, sarhad.LinkDecision(decision)
		out = append(out, lr)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("event reports: %w", err)
	}
	return out, nil
}

// detail builds the full detail of a stored event from all its reports (in link order).
func detail(e sarhad.Event, pk, day int64, all []linkedReport) tlpview.Detail {
	d := tlpview.Detail{Pos: tlpview.Position{Day: day, ID: pk}, Total: len(all),
		Reports: make([]sarhad.Report, len(all)), Revises: make([]int, len(all))}
	e.Links = make([]sarhad.Link, len(all))
	index := make(map[int64]int, len(all))
	for i := range all {
		index[all[i].pk] = i
	}
	for i := range all {
		d.Reports[i], e.Links[i] = all[i].Report, all[i].link
		d.Revises[i] = -1
		if j, ok := index[all[i].supersedes]; ok && all[i].supersedes != 0 {
			d.Revises[i] = j
		}
	}
	d.Event = e
	return d
}

// EventDetail returns the stored event with the public id id and all its reports;
// ENOTFOUND when there is no such event. The caller (tlpview) restricts it to a viewer.
func (s *Store) EventDetail(ctx context.Context, id string) (tlpview.Detail, error) {
	pk, ok := parseEventID(id)
	if !ok {
		return tlpview.Detail{}, eventNotFound(id)
	}
	e, _, day, err := scanEvent(s.db.QueryRowContext(ctx, "SELECT "+eventSelect+" FROM events e WHERE e.id = $1", pk))
	if errors.Is(err, sql.ErrNoRows) {
		return tlpview.Detail{}, eventNotFound(id)
	} else if err != nil {
		return tlpview.Detail{}, fmt.Errorf("event %s: %w", id, err)
	}
	reports, err := s.eventReports(ctx, []int64{pk})
	if err != nil {
		return tlpview.Detail{}, err
	}
	return detail(e, pk, day, reports), nil
}

const notMixed = "NOT EXISTS (SELECT 1 FROM event_mix m WHERE m.event_id = e.id)"

// ListEvents returns up to limit events that the viewer may see by the event's own marking and
// owner and that match f, positioned after after (when set), latest first, with links to the
// visible reports; with exceptMixed the mixed events are left out.
func (s *Store) ListEvents(ctx context.Context, v sarhad.Viewer, f sarhad.EventFilter, after *tlpview.Position, limit int, exceptMixed bool) ([]tlpview.Placed, error) {
	if err := validateFilter(f); err != nil {
		return nil, err
	}
	q := &query{}
	q.write("SELECT ", eventSelect, " FROM events e")
	if after != nil {
		q.where("(e.day, e.id) < (" + q.arg(after.Day) + ", " + q.arg(after.ID) + ")")
	}
	q.filter(f)
	if exceptMixed {
		q.where(notMixed)
	}
	if !q.visible(v, "e") {
		return nil, nil
	}
	q.write(" ORDER BY e.day DESC, e.id DESC LIMIT ", strconv.Itoa(max(limit, 1)))
	var (
		out    []tlpview.Placed
		events []sarhad.Event
		pks    []int64
	)
	err := s.queryRows(ctx, q, func(rows *sql.Rows) error {
		e, pk, day, err := scanEvent(rows)
		events, pks = append(events, e), append(pks, pk)
		out = append(out, tlpview.Placed{Pos: tlpview.Position{Day: day, ID: pk}})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("events: %w", err)
	}
	if err := s.attachLinks(ctx, v, events, pks); err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Event = events[i]
	}
	return out, nil
}

// EventStats is Stats over the events ListEvents would return (mixed ones left out with
// exceptMixed). Without mixed events it is Stats minus the statistics of the mixed events the
// viewer may see by their own marking, so that it keeps every optimization of Stats and adds
// one small query over event_mix.
func (s *Store) EventStats(ctx context.Context, v sarhad.Viewer, sq sarhad.StatsQuery, exceptMixed bool) (sarhad.Stats, error) {
	all, err := s.Stats(ctx, v, sq)
	if err != nil || !exceptMixed {
		return all, err
	}
	mixed, err := s.mixedStats(ctx, v, sq)
	if err != nil {
		return all, err
	}
	if len(mixed) == 0 {
		return all, nil
	}
	index := make(map[string]int, len(all.Rows))
	for i, r := range all.Rows {
		index[strings.Join(r.Keys, "\x00")] = i
	}
	for _, m := range mixed {
		i, ok := index[strings.Join(m.Keys, "\x00")]
		if !ok {
			return all, fmt.Errorf("stats: group %q of mixed events is missing from the whole", m.Keys)
		}
		r := &all.Rows[i]
		r.Events -= m.Events
		r.Killed -= m.Killed
		r.KilledSecurity -= m.KilledSecurity
		r.KilledCivilians -= m.KilledCivilians
		r.KilledMilitants -= m.KilledMilitants
		r.Injured -= m.Injured
	}
	rows := all.Rows[:0]
	for _, r := range all.Rows {
		if r.Events > 0 {
			rows = append(rows, r)
		}
	}
	all.Rows = rows
	return all, nil
}

// mixedStats groups the mixed events the viewer may see by their own marking and owner like
// Stats.
func (s *Store) mixedStats(ctx context.Context, v sarhad.Viewer, sq sarhad.StatsQuery) ([]sarhad.StatsRow, error) {
	q := &query{}
	q.write("SELECT ")
	keys := make([]any, len(sq.By))
	cols := make([]string, len(sq.By))
	for i, k := range sq.By {
		cols[i] = "e." + statsColumn[k]
		q.write(cols[i], ", ")
		if k == sarhad.ByYear {
			keys[i] = new(int64)
		} else {
			keys[i] = new(string)
		}
	}
	q.write(statsSums, " FROM event_mix m JOIN events e ON e.id = m.event_id")
	q.filter(sq.Filter)
	if !q.visible(v, "e") {
		return nil, nil
	}
	if len(cols) > 0 {
		q.write(" GROUP BY ", strings.Join(cols, ", "))
	}
	var (
		out  []sarhad.StatsRow
		sums [6]int64
	)
	dest := append(keys, &sums[0], &sums[1], &sums[2], &sums[3], &sums[4], &sums[5])
	err := s.queryRows(ctx, q, func(rows *sql.Rows) error {
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		if sums[0] == 0 {
			return nil
		}
		row := sarhad.StatsRow{Keys: make([]string, len(keys)), Events: int(sums[0]), Killed: int(sums[1]),
			KilledSecurity: int(sums[2]), KilledCivilians: int(sums[3]), KilledMilitants: int(sums[4]), Injured: int(sums[5])}
		for i, k := range keys {
			row.Keys[i] = statsKey(sq.By[i], k)
		}
		out = append(out, row)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("stats of mixed events: %w", err)
	}
	return sarhad.MergeStatsRows(out), nil
}

// mixedChunk is how many mixed events MixedEvents loads per round trip.
const mixedChunk = 500

// MixedEvents calls fn with the full detail of every mixed event, in id order.
func (s *Store) MixedEvents(ctx context.Context, fn func(tlpview.Detail) error) error {
	last := int64(0)
	for {
		q := &query{}
		q.write("SELECT ", eventSelect, " FROM event_mix m JOIN events e ON e.id = m.event_id")
		q.where("m.event_id > " + q.arg(last))
		q.write(" ORDER BY m.event_id LIMIT ", strconv.Itoa(mixedChunk))
		type row struct {
			e       sarhad.Event
			pk, day int64
		}
		var chunk []row
		err := s.queryRows(ctx, q, func(rows *sql.Rows) error {
			e, pk, day, err := scanEvent(rows)
			chunk = append(chunk, row{e, pk, day})
			return err
		})
		if err != nil {
			return fmt.Errorf("mixed events: %w", err)
		}
		if len(chunk) == 0 {
			return nil
		}
		pks := make([]int64, len(chunk))
		for i, r := range chunk {
			pks[i] = r.pk
		}
		reports, err := s.eventReports(ctx, pks)
		if err != nil {
			return err
		}
		byEvent := map[int64][]linkedReport{}
		for _, lr := range reports {
			byEvent[lr.event] = append(byEvent[lr.event], lr)
		}
		for _, r := range chunk {
			if err := fn(detail(r.e, r.pk, r.day, byEvent[r.pk])); err != nil {
				return err
			}
		}
		if len(chunk) < mixedChunk {
			return nil
		}
		last = chunk[len(chunk)-1].pk
	}
}
