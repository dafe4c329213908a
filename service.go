package sarhad

import "context"

// ImportResult summarises a batch written to the store.
type ImportResult struct {
	// Added counts new reports; Duplicates counts reports whose content hash was already
	// stored (they are skipped, not an error).
	Added      int
	Duplicates int
	// Events counts events created for the added reports.
	Events int
}

// Add sums two results.
func (r ImportResult) Add(o ImportResult) ImportResult {
	return ImportResult{r.Added + o.Added, r.Duplicates + o.Duplicates, r.Events + o.Events}
}

// ReportService stores and reads reports.
type ReportService interface {
	// AddReports writes a batch in one transaction: all of it or nothing. Reports whose hash
	// is already stored are skipped and counted as duplicates. Unless fusion is wired in,
	// each new report becomes its own event (EventFromReport).
	AddReports(ctx context.Context, reports []Report) (ImportResult, error)
	// Report returns one report the viewer may see; ENOTFOUND otherwise.
	Report(ctx context.Context, v Viewer, id string) (Report, error)
}

// EventService reads events.
type EventService interface {
	// Event returns one event with the reports the viewer may see; ENOTFOUND when the viewer
	// may see none of it.
	Event(ctx context.Context, v Viewer, id string) (Event, error)
	// Events returns a page of events the viewer may see and the cursor of the next page
	// ("" at the end).
	Events(ctx context.Context, v Viewer, f EventFilter) ([]Event, string, error)
}

// StatsService computes statistics over the events a viewer may see.
type StatsService interface {
	Stats(ctx context.Context, v Viewer, q StatsQuery) (Stats, error)
}
