package fusion

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/sarhad-osint/sarhad"
	"github.com/sarhad-osint/sarhad/importer"
)

// StreamSummary says what FuseStream did.
type StreamSummary struct {
	// Reports counts the distinct report IDs read; Revised the lines that repeated an ID.
	Reports, Revised int
	// Events counts the events written.
	Events int
	// Pairs counts the candidate pairs scored.
	Pairs int
}

// FuseStream is `sarhad fuse` without a store (INTERCHANGE.md): it reads reports in the
// interchange form, one JSON object per line, from in; resolves their names through res;
// fuses them; and writes one event per line to out, every input report ID in exactly one
// event. A line that is not a valid report fails the whole stream with an EINVALID error
// naming the line, before anything is written. A report ID given on several lines is one
// report revised: the last line counts, in the place of the first.
func (e *Engine) FuseStream(in io.Reader, out io.Writer, res importer.Resolvers) (StreamSummary, error) {
	var sum StreamSummary
	rd, err := importer.NewReader(importer.FormatJSONL, in, "stdin", importer.Options{Resolvers: res})
	if err != nil {
		return sum, err
	}
	var reports []sarhad.Report
	at := map[string]int{}
	for {
		row, err := rd.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return sum, sarhad.Errorf(sarhad.EINVALID, "reading reports: %s", sarhad.ErrorMessage(err))
		}
		if row.Err != nil {
			return sum, sarhad.Errorf(sarhad.EINVALID, "%s", sarhad.ErrorMessage(row.Err))
		}
		if i, ok := at[row.Report.ID]; ok {
			reports[i] = row.Report
			sum.Revised++
			continue
		}
		at[row.Report.ID] = len(reports)
		reports = append(reports, row.Report)
	}
	sum.Reports = len(reports)
	res2 := e.Fuse(reports, Constraints{})
	sum.Events, sum.Pairs = len(res2.Events), res2.Pairs
	bw := bufio.NewWriterSize(out, 1<<16)
	for i := range res2.Events {
		b, err := json.Marshal(res2.Events[i])
		if err != nil {
			return sum, fmt.Errorf("write event %s: %w", res2.Events[i].ID, err)
		}
		bw.Write(b)
		if err := bw.WriteByte('\n'); err != nil {
			return sum, fmt.Errorf("write events: %w", err)
		}
	}
	if err := bw.Flush(); err != nil {
		return sum, fmt.Errorf("write events: %w", err)
	}
	return sum, nil
}
