package sqlstore

import (
	"context"
	"errors"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sarhad-osint/sarhad"
	"github.com/sarhad-osint/sarhad/internal/synth"
)

// pipelineBatches are batches with everything the planner must follow across chunks:
// revisions of reports of earlier chunks and of stored ones, repeats within the batch,
// duplicates of stored reports, and a new revision of a stored report after its duplicate.
func pipelineBatches() [][]sarhad.Report {
	g := synth.New(synth.Config{Seed: 7, RevisionRate: 0.2})
	first := g.Batch(300)
	second := g.Batch(300)
	second = append(second, first[10], first[250], second[3], second[200]) // stored, stored, repeats
	rev := first[10]
	rev.Hash, rev.Killed = "", sarhad.Tally{Total: sarhad.Exact(99)}
	second = append(second, rev, first[11])
	// Revisions under another marking: of a stored report, and of new reports of the batch
	// right after them (of two such pairs, one shares a chunk of up to 7 reports).
	remark := func(r sarhad.Report) sarhad.Report {
		r.Hash, r.Marking = "", sarhad.Markings[(r.Marking.Level()+2)%len(sarhad.Markings)]
		return r
	}
	second = append(second, remark(first[20]))
	for _, id := range []string{"pair-1", "pair-2"} {
		r := g.Batch(1)[0]
		r.ID = id
		second = append(second, r, remark(r))
	}
	return [][]sarhad.Report{first, second}
}

// checkMixed checks that event_mix lists exactly the events with a report of another
// marking or owner.
func checkMixed(t *testing.T, s *Store, when string) int {
	t.Helper()
	read := func(q string) []int64 {
		rows, err := s.db.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var ids []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, id)
		}
		return ids
	}
	want := read(`SELECT DISTINCT er.event_id FROM event_reports er JOIN reports r ON r.id = er.report_id
		JOIN events e ON e.id = er.event_id WHERE r.marking <> e.marking OR r.owner <> e.owner ORDER BY 1`)
	got := read(`SELECT event_id FROM event_mix ORDER BY 1`)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s: event_mix lists %v, want %v", when, got, want)
	}
	return len(want)
}

// storeState is what a store holds, independent of keys: the reports in storage order and
// the events by the producer id of their first report.
type storeState struct {
	reports []sarhad.Report
	events  map[string]sarhad.Event
}

func stateOf(t *testing.T, s *Store) storeState {
	t.Helper()
	ctx := context.Background()
	st := storeState{events: map[string]sarhad.Event{}}
	if err := s.StreamReports(ctx, sarhad.SystemViewer, func(r sarhad.Report) error {
		st.reports = append(st.reports, r)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if err := s.StreamEvents(ctx, sarhad.SystemViewer, sarhad.EventFilter{}, func(e sarhad.Event) error {
		e.ID, e.UpdatedAt = "", time.Time{}
		st.events[e.Links[0].ReportID+"/"+e.Owner] = e
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return st
}

// TestAddReportsPipeline checks that a batch written in many chunks leaves the store as the
// same batch written in one.
func TestAddReportsPipeline(t *testing.T) {
	for _, d := range dialects {
		t.Run(d, func(t *testing.T) {
			var states []storeState
			var results [][]sarhad.ImportResult
			for _, size := range []int{chunkSize, 7} {
				defer func(old int) { chunkSize = old }(chunkSize)
				chunkSize = size
				s := mustOpen(t, d)
				var res []sarhad.ImportResult
				for _, b := range pipelineBatches() {
					res = append(res, mustAdd(t, s, b...))
				}
				checkRollup(t, s, "after the batches")
				if n := checkMixed(t, s, "after the batches"); n < 2 {
					t.Errorf("%d mixed events: the batches do not test them", n)
				}
				if n, err := s.Generation(context.Background()); err != nil || n == 0 {
					t.Errorf("generation %d (%v) after the batches", n, err)
				}
				states, results = append(states, stateOf(t, s)), append(results, res)
				// Other writers of events (fusion) still keep the roll-up exact.
				mustExec(t, s, `INSERT INTO events (id, day, marking, owner, updated_at, year, date_year, date_month, month_key, province, killed_best)
					VALUES (900000, 14000, 'TLP:RED', 'ctd-kp', 0, 2008, 2008, 5, '2008-05', 'Sindh', 7)`)
				mustExec(t, s, `UPDATE events SET killed_best = 3, province = 'Punjab' WHERE id IN (SELECT id FROM events ORDER BY id LIMIT 20)`)
				mustExec(t, s, `DELETE FROM events WHERE id = 900000`)
				checkRollup(t, s, "after other writers")
			}
			if !reflect.DeepEqual(results[0], results[1]) {
				t.Errorf("results %+v in one chunk, %+v in chunks", results[0], results[1])
			}
			if !reflect.DeepEqual(states[0].reports, states[1].reports) {
				t.Errorf("the stored reports differ")
			}
			if len(states[0].events) != len(states[1].events) {
				t.Fatalf("%d events in one chunk, %d in chunks", len(states[0].events), len(states[1].events))
			}
			for k, e := range states[0].events {
				if !reflect.DeepEqual(e, states[1].events[k]) {
					t.Errorf("event of %s:\n in one chunk %+v\n  in chunks %+v", k, e, states[1].events[k])
					break
				}
			}
			if r := results[0][1]; r.Duplicates < 3 || r.Added == 0 {
				t.Errorf("second batch %+v: want duplicates and revisions", r)
			}
		})
	}
}

// TestAddReportsPipelineAtomic checks that an invalid report in a late chunk leaves the store
// as it was.
func TestAddReportsPipelineAtomic(t *testing.T) {
	defer func(old int) { chunkSize = old }(chunkSize)
	chunkSize = 5
	forEachDialect(t, func(t *testing.T, s *Store) {
		batch := synth.New(synth.Config{Seed: 8}).Batch(40)
		mustAdd(t, s, batch[:10]...)
		before := counts(t, s)
		bad := append(append([]sarhad.Report{}, batch...), sarhad.Report{ID: "bad", Date: sarhad.NewDate(2024, 2, 30)})
		_, err := s.AddReports(context.Background(), bad)
		if sarhad.ErrorCode(err) != sarhad.EINVALID || !strings.Contains(sarhad.ErrorMessage(err), "report 41 (bad)") {
			t.Fatalf("error %v, want EINVALID naming report 41", err)
		}
		if after := counts(t, s); !reflect.DeepEqual(after, before) {
			t.Errorf("a failed batch wrote rows: %v, before %v", after, before)
		}
		checkRollup(t, s, "after the failed batch")
		mustExec(t, s, `INSERT INTO events (id, day, marking, owner, updated_at, year, date_year, province, killed_best)
			VALUES (900000, 14000, 'TLP:RED', 'ctd-kp', 0, 2008, 2008, 'Sindh', 7)`)
		checkRollup(t, s, "after an insert of another writer")
		if res := mustAdd(t, s, batch...); res.Added+res.Duplicates != len(batch) || res.Duplicates != 10 {
			t.Errorf("after the failure: %+v", res)
		}
	})
}

// TestLinksNameEvents checks that a link must name an event, on PostgreSQL through the
// statement triggers that stand for the foreign key.
func TestLinksNameEvents(t *testing.T) {
	forEachDialect(t, func(t *testing.T, s *Store) {
		mustAdd(t, s, sarhad.Report{ID: "a"}, sarhad.Report{ID: "b"})
		var ev, rep int64
		if err := s.db.QueryRow(`SELECT event_id, report_id FROM event_reports ORDER BY report_id LIMIT 1`).Scan(&ev, &rep); err != nil {
			t.Fatal(err)
		}
		bad := []struct{ name, sql string }{
			{"a link to no event", `INSERT INTO event_reports (report_id, event_id, decision, decided_at) VALUES (999, 999, 'auto', 0)`},
			{"a link moved to no event", `UPDATE event_reports SET event_id = 999 WHERE report_id = ` + itoa(rep)},
			{"an event still linked deleted", `DELETE FROM events WHERE id = ` + itoa(ev)},
		}
		before := counts(t, s)
		for _, b := range bad {
			if _, err := s.wdb.Exec(b.sql); err == nil {
				t.Errorf("%s: no error", b.name)
			}
		}
		if after := counts(t, s); !reflect.DeepEqual(after, before) {
			t.Errorf("rows %v, before %v", after, before)
		}
		// Moving the link away first lets the event go.
		var other int64
		if err := s.db.QueryRow(`SELECT event_id FROM event_reports WHERE event_id <> $1 LIMIT 1`, ev).Scan(&other); err != nil {
			t.Fatal(err)
		}
		mustExec(t, s, `UPDATE event_reports SET event_id = `+itoa(other)+` WHERE event_id = `+itoa(ev))
		mustExec(t, s, `DELETE FROM events WHERE id = `+itoa(ev))
		checkRollup(t, s, "after moving a link and deleting its event")
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// TestLinksNameEventsConcurrently checks on PostgreSQL that a transaction cannot delete an
// event that a concurrent one links to, as with a foreign key: the delete waits for the
// link, then fails.
func TestLinksNameEventsConcurrently(t *testing.T) {
	s := mustOpen(t, Postgres)
	ctx := context.Background()
	mustAdd(t, s, sarhad.Report{ID: "a"}, sarhad.Report{ID: "b"})
	var x, rep int64
	if err := s.db.QueryRow(`SELECT event_id, report_id FROM event_reports ORDER BY report_id LIMIT 1`).Scan(&x, &rep); err != nil {
		t.Fatal(err)
	}
	// Event x loses its link; then t1 links a report to it again, and t2 deletes it.
	var y int64
	if err := s.db.QueryRow(`SELECT event_id FROM event_reports WHERE event_id <> $1 LIMIT 1`, x).Scan(&y); err != nil {
		t.Fatal(err)
	}
	mustExec(t, s, `UPDATE event_reports SET event_id = `+itoa(y)+` WHERE report_id = `+itoa(rep))
	t1, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer t1.Rollback()
	if _, err := t1.Exec(`UPDATE event_reports SET event_id = $1 WHERE report_id = $2`, x, rep); err != nil {
		t.Fatal(err)
	}
	deleted := make(chan error, 1)
	go func() {
		_, err := s.db.ExecContext(ctx, `DELETE FROM events WHERE id = $1`, x)
		deleted <- err
	}()
	select {
	case err := <-deleted:
		t.Fatalf("the delete did not wait for the concurrent link: %v", err)
	case <-time.After(300 * time.Millisecond):
	}
	if err := t1.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := <-deleted; err == nil || !strings.Contains(err.Error(), "23503") {
		t.Fatalf("the delete of a linked event: %v, want a foreign key violation", err)
	}
	var n int
	if err := s.db.QueryRow(`SELECT count(*) FROM event_reports er LEFT JOIN events e ON e.id = er.event_id WHERE e.id IS NULL`).Scan(&n); err != nil || n != 0 {
		t.Errorf("%d links name no event (%v)", n, err)
	}
}

// TestSeedEventValues checks the fast path of new events against eventFieldValues.
func TestSeedEventValues(t *testing.T) {
	reports := synth.New(synth.Config{Seed: 5}).Batch(500)
	reports = append(reports,
		sarhad.Report{ID: `q"1`, Perpetrator: `The "group" <x> & co`, Attribution: sarhad.AttrClaimed},
		sarhad.Report{ID: "u", Perpetrator: "لشکر", Date: sarhad.NewDate(2021, 1, 3)},
		sarhad.Report{ID: "y", Date: sarhad.NewDate(1999, 12, 31)},
		sarhad.Report{ID: "m", Date: sarhad.NewDate(2008, 2, 0)},
	)
	for i := range reports {
		r := reports[i]
		r.Normalize()
		e := sarhad.EventFromReport(&r)
		want, err := eventFieldValues([]any{int64(7)}, &e, 42)
		if err != nil {
			t.Fatal(err)
		}
		if got := appendSeedEvent(nil, asAny, 7, &r, 42); !reflect.DeepEqual(got, want) {
			t.Errorf("report %s:\n got %v\nwant %v", r.ID, got, want)
		}
	}
}

// A batch cancelled at any point writes nothing and leaves the store as it was, triggers
// included (a batch of several chunks drops some for its transaction), ready for the next.
func TestAddReportsCancelled(t *testing.T) {
	forEachDialect(t, func(t *testing.T, s *Store) {
		g := synth.New(synth.Config{Seed: 3, RevisionRate: 0.05})
		mustAdd(t, s, g.Batch(500)...)
		count := func() (reports, events int) {
			if err := s.db.QueryRow(`SELECT count(*) FROM reports`).Scan(&reports); err != nil {
				t.Fatal(err)
			}
			if err := s.db.QueryRow(`SELECT count(*) FROM events`).Scan(&events); err != nil {
				t.Fatal(err)
			}
			return
		}
		triggers := func() int {
			var n int
			q := `SELECT count(*) FROM sqlite_schema WHERE type = 'trigger'`
			if s.Dialect() == Postgres {
				q = `SELECT count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
					WHERE NOT t.tgisinternal AND c.relnamespace = current_schema()::regnamespace`
			}
			if err := s.db.QueryRow(q).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		r0, e0 := count()
		t0 := triggers()
		cancelled := 0
		for _, after := range []time.Duration{-1, 0, time.Millisecond, 5 * time.Millisecond, 20 * time.Millisecond, 60 * time.Millisecond} {
			batch := g.Batch(8000)
			ctx, cancel := context.WithCancel(context.Background())
			if after < 0 {
				cancel()
			} else {
				time.AfterFunc(after, cancel)
			}
			res, err := s.AddReports(ctx, batch)
			cancel()
			r, e := count()
			switch {
			case err == nil:
				r0, e0 = r0+res.Added, e0+res.Events
			case errors.Is(err, context.Canceled):
				cancelled++
			default:
				t.Fatalf("cancelled after %v: %v", after, err)
			}
			if r != r0 || e != e0 {
				t.Errorf("cancelled after %v (error %v): %d reports and %d events, want %d and %d", after, err, r, e, r0, e0)
			}
			if n := triggers(); n != t0 {
				t.Errorf("cancelled after %v: %d triggers, want %d", after, n, t0)
			}
		}
		if cancelled == 0 {
			t.Error("no batch was cancelled")
		}
		mustAdd(t, s, g.Batch(3000)...)
		checkMixed(t, s, "after cancelled batches")
	})
}
