package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/sarhad-osint/sarhad"
)

// streamChunk is how many rows the Stream methods read per query: memory stays constant and
// no read transaction stays open while the callback runs.
const streamChunk = 1000

// Report returns the report with the producer id id that the viewer may see; ENOTFOUND when
// there is none, whether it does not exist or the viewer may not see it.
//
// Several stored reports can share an id: the revisions of one report, and reports of other
// owners or sources that happen to use the same id. Report returns one of those the viewer
// may see, preferring the viewer's own agency's, then the latest stored (so the newest
// revision).
func (s *Store) Report(ctx context.Context, v sarhad.Viewer, id string) (sarhad.Report, error) {
	q := &query{}
	q.write("SELECT ", reportSelect, " FROM reports r")
	q.where("r.ext_id = " + q.arg(id))
	if !q.visible(v, "r") {
		return sarhad.Report{}, reportNotFound(id)
	}
	q.write(" ORDER BY CASE WHEN r.owner = ", q.arg(v.Agency), " THEN 0 ELSE 1 END, r.id DESC LIMIT 1")
	sr, err := scanReport(s.db.QueryRowContext(ctx, q.String(), q.args...))
	if errors.Is(err, sql.ErrNoRows) {
		return sarhad.Report{}, reportNotFound(id)
	} else if err != nil {
		return sarhad.Report{}, fmt.Errorf("report %s: %w", id, err)
	}
	return sr.Report, nil
}

func reportNotFound(id string) error {
	return sarhad.Errorf(sarhad.ENOTFOUND, "Report %q not found.", id)
}

// StreamReports calls fn with every report the viewer may see, every revision included, in
// the order they were stored, reading a chunk at a time. It stops at the first error fn
// returns and returns it. The stream is not a snapshot: reports stored while it runs may or
// may not be seen.
func (s *Store) StreamReports(ctx context.Context, v sarhad.Viewer, fn func(sarhad.Report) error) error {
	var last int64
	chunk := make([]storedReport, 0, streamChunk)
	for {
		q := &query{}
		q.write("SELECT ", reportSelect, " FROM reports r")
		q.where("r.id > " + q.arg(last))
		if !q.visible(v, "r") {
			return nil
		}
		q.write(" ORDER BY r.id LIMIT ", fmt.Sprint(streamChunk))
		chunk = chunk[:0]
		err := s.queryRows(ctx, q, func(rows *sql.Rows) error {
			sr, err := scanReport(rows)
			chunk = append(chunk, sr)
			return err
		})
		if err != nil {
			return fmt.Errorf("stream reports: %w", err)
		}
		for i := range chunk {
			if err := fn(chunk[i].Report); err != nil {
				return err
			}
		}
		if len(chunk) < streamChunk {
			return nil
		}
		last = chunk[len(chunk)-1].pk
	}
}

// queryRows runs q on the read pool and calls fn for each row.
func (s *Store) queryRows(ctx context.Context, q *query, fn func(*sql.Rows) error) error {
	rows, err := s.db.QueryContext(ctx, q.String(), q.args...)
	return eachSQLRow(rows, err, fn)
}

// eachSQLRow calls fn for each of rows (the result of a query that failed with err, if not
// nil) and closes them.
func eachSQLRow(rows *sql.Rows, err error, fn func(*sql.Rows) error) error {
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
