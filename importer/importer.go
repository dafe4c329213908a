// Package importer turns outside data into sarhad.Report values: the curated data sets GTD,
// ACLED, UCDP GED and Pakistan Body Count, the project's own CSV, and interchange JSON lines.
//
// Every format is read as a stream with constant memory: a Reader hands out one Row at a
// time and never writes anywhere; the caller batches rows into the store, shows progress
// and prints the summary. A row that cannot be mapped is returned with Row.Err set (the
// line number, the field and the problem) and reading continues with the next row; only a
// file that cannot be read at all (a missing column, an I/O error) stops the Reader.
//
// How each data set's codes map onto Sarhad's canonical lists is documented, table by
// table, in CODEBOOK.md beside this file.
package importer

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/sarhad-osint/sarhad"
)

// Format names an input format as `sarhad import --format` spells it.
type Format string

// The input formats.
const (
	// FormatGTD is the Global Terrorism Database CSV (START), including R exports with a
	// leading row-index column.
	FormatGTD Format = "gtd"
	// FormatACLED is an ACLED event export (CSV), full or reduced to some columns.
	FormatACLED Format = "acled"
	// FormatUCDP is the UCDP Georeferenced Event Dataset (GED) CSV.
	FormatUCDP Format = "ucdp"
	// FormatPBC is the Pakistan Body Count suicide-attack CSV.
	FormatPBC Format = "pbc"
	// FormatCSV is Sarhad's own CSV: the columns of the bundled demo data set.
	FormatCSV Format = "csv"
	// FormatJSONL is one interchange report (INTERCHANGE.md) per line.
	FormatJSONL Format = "jsonl"
)

var formats = []Format{FormatGTD, FormatACLED, FormatUCDP, FormatPBC, FormatCSV, FormatJSONL}

// Formats lists the supported formats in the order the command line documents them.
func Formats() []Format { return slices.Clone(formats) }

// ParseFormat returns the format named s (case-insensitive), or an EINVALID error that
// lists the formats.
func ParseFormat(s string) (Format, error) {
	f := Format(strings.ToLower(strings.TrimSpace(s)))
	if slices.Contains(formats, f) {
		return f, nil
	}
	names := make([]string, len(formats))
	for i, f := range formats {
		names[i] = string(f)
	}
	return "", sarhad.Errorf(sarhad.EINVALID, "format %q is not one of %s", s, strings.Join(names, ", "))
}

// Resolvers turn the names a source writes into canonical places and actors. Either may be
// nil: names are then kept as the source gives them. Resolvers are expected to cache
// repeated names themselves; the importer calls them once or a few times per row.
type Resolvers struct {
	Places sarhad.PlaceResolver
	Actors sarhad.ActorResolver
}

// Options control how rows become reports.
type Options struct {
	// Owner is the owning agency of every report read; "" leaves a csv/jsonl row's own owner
	// or, failing that, sarhad.SystemAgency.
	Owner string
	// Marking is the TLP marking to apply. "" means the format's default: TLP:CLEAR for the
	// public data sets (gtd, acled, ucdp, pbc), the row's own marking or TLP:AMBER for csv
	// and jsonl. A row's own marking is never lowered: a row keeps the more restrictive of
	// its own marking and this one.
	Marking sarhad.Marking
	// Resolvers resolve places and perpetrators; the zero value keeps names as given.
	Resolvers Resolvers
}

// Row is one data row of the input: a report, or the reason it was rejected.
type Row struct {
	// Line is the physical line (1-based) where the row starts in the file; rows of CSV
	// files with quoted newlines span several lines.
	Line int
	// Report is the complete report; meaningful only when Err is nil. Its Hash is left empty
	// for the store to compute.
	Report sarhad.Report
	// Err is non-nil when the row was rejected; it is a *RowError naming the line, the
	// field and the problem.
	Err error
}

// Reader reads rows one at a time.
type Reader interface {
	// Next returns the next row. It returns io.EOF after the last row; any other error means
	// the input itself is unreadable (a bad header, an I/O error) and no more rows follow.
	Next() (Row, error)
}

// NewReader returns a Reader of format f over r. name identifies the input in messages (a
// file name). For the CSV formats the header row is read and checked here, so that a file
// of the wrong format fails before any row is read.
func NewReader(f Format, r io.Reader, name string, opt Options) (Reader, error) {
	if opt.Marking != "" && !slices.Contains(sarhad.Markings, opt.Marking) {
		return nil, sarhad.Errorf(sarhad.EINVALID, "marking %q is not a TLP 2.0 label", opt.Marking)
	}
	var newConv func(*header, Resolvers) (converter, error)
	switch f {
	case FormatGTD:
		newConv = newGTD
	case FormatACLED:
		newConv = newACLED
	case FormatUCDP:
		newConv = newUCDP
	case FormatPBC:
		newConv = newPBC
	case FormatCSV:
		newConv = newOwnCSV
	case FormatJSONL:
		return newJSONL(r, name, opt), nil
	default:
		_, err := ParseFormat(string(f))
		return nil, err
	}
	return newCSVReader(r, name, opt, f, newConv)
}

// RowError is why a row was rejected. Its message reads `line 812: iday: "3x" is not a day`.
type RowError struct {
	Line int
	// Field is the column or field at fault as the input names it; "" when the problem is
	// the row as a whole (a wrong number of fields, inconsistent casualty figures).
	Field string
	// Problem says what is wrong, for a person to read.
	Problem string
}

// Error returns the message with the line and the field.
func (e *RowError) Error() string {
	if e.Field == "" {
		return fmt.Sprintf("line %d: %s", e.Line, e.Problem)
	}
	return fmt.Sprintf("line %d: %s: %s", e.Line, e.Field, e.Problem)
}

// Unwrap returns the error as an EINVALID *sarhad.Error, so that sarhad.ErrorCode of a
// rejected row is "invalid".
func (e *RowError) Unwrap() error { return &sarhad.Error{Code: sarhad.EINVALID, Message: e.Error()} }

// fieldErr returns a row error without its line; the reader fills the line in.
func fieldErr(field, format string, args ...any) *RowError {
	return &RowError{Field: field, Problem: fmt.Sprintf(format, args...)}
}

// finish completes a converted report: marking, owner, defaults, validation.
func finish(rep *sarhad.Report, opt *Options, defMarking sarhad.Marking) error {
	rep.Marking = effectiveMarking(rep.Marking, opt.Marking, defMarking)
	if opt.Owner != "" {
		rep.Owner = opt.Owner
	}
	rep.Hash = ""
	rep.Normalize()
	if err := rep.Validate(); err != nil {
		return &RowError{Problem: sarhad.ErrorMessage(err)}
	}
	return nil
}

// effectiveMarking is the more restrictive of a row's own marking and the option; a row
// without a marking takes the option, or the format default without one.
func effectiveMarking(row, opt, def sarhad.Marking) sarhad.Marking {
	switch {
	case row == "" && opt == "":
		return def
	case row == "":
		return opt
	case opt != "" && opt.Level() > row.Level():
		return opt
	}
	return row
}
