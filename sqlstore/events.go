package sqlstore

import (
	"context"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/sarhad-osint/sarhad"
)

// Page sizes of Events.
const (
	DefaultLimit = 100
	MaxLimit     = 1000
)

// Event returns the event with the public id id ("e-<n>") if the viewer may see it, with the
// links to the reports the viewer may see; ENOTFOUND otherwise, whether the event does not
// exist or the viewer may not see it.
//
// An event's marking and owner are, for now, those of its seed report (its newest revision):
// a viewer who may see the event sees all its reconciled fields, but only the links, claims
// and provenance entries of the reports it may see. Per-viewer reconciliation of events whose
// reports belong to several owners is left to the layer that fuses them.
func (s *Store) Event(ctx context.Context, v sarhad.Viewer, id string) (sarhad.Event, error) {
	pk, ok := parseEventID(id)
	if !ok {
		return sarhad.Event{}, eventNotFound(id)
	}
	q := &query{}
	q.write("SELECT ", eventSelect, " FROM events e")
	q.where("e.id = " + q.arg(pk))
	if !q.visible(v, "e") {
		return sarhad.Event{}, eventNotFound(id)
	}
	e, _, _, err := scanEvent(s.db.QueryRowContext(ctx, q.String(), q.args...))
	if errors.Is(err, sql.ErrNoRows) {
		return sarhad.Event{}, eventNotFound(id)
	} else if err != nil {
		return sarhad.Event{}, fmt.Errorf("event %s: %w", id, err)
	}
	events := []sarhad.Event{e}
	if err := s.attachLinks(ctx, v, events, []int64{pk}); err != nil {
		return sarhad.Event{}, err
	}
	return events[0], nil
}

func eventNotFound(id string) error {
	return sarhad.Errorf(sarhad.ENOTFOUND, "Event %q not found.", id)
}

// Events returns a page of the events the viewer may see that match f, latest first (date
// descending, then id descending), each with its links to the reports the viewer may see,
// and the cursor of the next page ("" after the last page). f.Limit defaults to DefaultLimit
// and is capped at MaxLimit. Pages are stable under concurrent inserts: the cursor is the
// position (day, id) of the last event returned.
func (s *Store) Events(ctx context.Context, v sarhad.Viewer, f sarhad.EventFilter) ([]sarhad.Event, string, error) {
	if err := validateFilter(f); err != nil {
		return nil, "", err
	}
	limit := f.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	limit = min(limit, MaxLimit)
	q := &query{}
	q.write("SELECT ", eventSelect, " FROM events e")
	if f.Cursor != "" {
		day, id, err := decodeCursor(f.Cursor)
		if err != nil {
			return nil, "", err
		}
		q.where("(e.day, e.id) < (" + q.arg(day) + ", " + q.arg(id) + ")")
	}
	q.filter(f)
	if !q.visible(v, "e") {
		return nil, "", nil
	}
	q.write(" ORDER BY e.day DESC, e.id DESC LIMIT ", strconv.Itoa(limit+1))
	var (
		events []sarhad.Event
		pks    []int64
		days   []int64
	)
	err := s.queryRows(ctx, q, func(rows *sql.Rows) error {
		e, pk, day, err := scanEvent(rows)
		events, pks, days = append(events, e), append(pks, pk), append(days, day)
		return err
	})
	if err != nil {
		return nil, "", fmt.Errorf("events: %w", err)
	}
	next := ""
	if len(events) > limit {
		events, pks = events[:limit], pks[:limit]
		next = encodeCursor(days[limit-1], pks[limit-1])
	}
	if err := s.attachLinks(ctx, v, events, pks); err != nil {
		return nil, "", err
	}
	return events, next, nil
}

// StreamEvents calls fn with every event the viewer may see that matches f (Limit and Cursor
// are ignored), in the order of Events, a page at a time. It stops at the first error fn
// returns and returns it.
func (s *Store) StreamEvents(ctx context.Context, v sarhad.Viewer, f sarhad.EventFilter, fn func(sarhad.Event) error) error {
	return sarhad.EachEvent(f, MaxLimit, func(f sarhad.EventFilter) ([]sarhad.Event, string, error) {
		return s.Events(ctx, v, f)
	}, fn)
}

// attachLinks loads, in one query, the links of events (primary keys pks) to the reports the
// viewer may see, and drops the claims and provenance of the reports it may not.
func (s *Store) attachLinks(ctx context.Context, v sarhad.Viewer, events []sarhad.Event, pks []int64) error {
	if len(events) == 0 {
		return nil
	}
	index := make(map[int64]int, len(pks))
	q := &query{}
	q.write(`SELECT er.event_id, r.ext_id, er.score, er.why, er.decision
		FROM event_reports er JOIN reports r ON r.id = er.report_id`)
	in := make([]string, len(pks))
	for i, pk := range pks {
		index[pk] = i
		in[i] = q.arg(pk)
	}
	q.where("er.event_id IN (" + strings.Join(in, ", ") + ")")
	q.visible(v, "r")
	q.write(" ORDER BY er.event_id, er.report_id")
	err := s.queryRows(ctx, q, func(rows *sql.Rows) error {
		var pk int64
		var l sarhad.Link
		var decision string
		if err := rows.Scan(&pk, &l.ReportID, &l.Score, &l.Why, &decision); err != nil {
			return err
		}
		l.Decision = sarhad.LinkDecision(decision)
		e := &events[index[pk]]
		e.Links = append(e.Links, l)
		return nil
	})
	if err != nil {
		return fmt.Errorf("event links: %w", err)
	}
	if !v.All {
		for i := range events {
			hideUnseen(&events[i])
		}
	}
	return nil
}

// hideUnseen drops the claims and provenance entries of e that name a report not among its
// (visible) links.
func hideUnseen(e *sarhad.Event) {
	seen := make(map[string]bool, len(e.Links))
	for _, l := range e.Links {
		seen[l.ReportID] = true
	}
	claims := e.Claims[:0]
	for _, c := range e.Claims {
		if seen[c.ReportID] {
			claims = append(claims, c)
		}
	}
	e.Claims = claims
	prov := e.Provenance[:0]
	for _, p := range e.Provenance {
		if p.ReportID == "" || seen[p.ReportID] {
			prov = append(prov, p)
		}
	}
	e.Provenance = prov
	if len(e.Claims) == 0 {
		e.Claims = nil
	}
	if len(e.Provenance) == 0 {
		e.Provenance = nil
	}
}

// The cursor is the position of the last event of a page, base64url("<day>.<id>").
func encodeCursor(day, id int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatInt(day, 10) + "." + strconv.FormatInt(id, 10)))
}

func decodeCursor(c string) (day, id int64, err error) {
	bad := sarhad.Errorf(sarhad.EINVALID, "cursor %q is not a cursor this store returned", c)
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return 0, 0, bad
	}
	d, i, ok := strings.Cut(string(b), ".")
	if !ok {
		return 0, 0, bad
	}
	if day, err = strconv.ParseInt(d, 10, 64); err != nil {
		return 0, 0, bad
	}
	if id, err = strconv.ParseInt(i, 10, 64); err != nil {
		return 0, 0, bad
	}
	return day, id, nil
}

// validateFilter checks the dates of an event filter.
func validateFilter(f sarhad.EventFilter) error {
	if err := f.From.Validate(); err != nil {
		return sarhad.Errorf(sarhad.EINVALID, "from: %s", sarhad.ErrorMessage(err))
	}
	if err := f.To.Validate(); err != nil {
		return sarhad.Errorf(sarhad.EINVALID, "to: %s", sarhad.ErrorMessage(err))
	}
	return nil
}
