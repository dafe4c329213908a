package importer

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/sarhad-osint/sarhad"
)

// header maps the columns of a CSV file by normalised name.
type header struct {
	names []string       // as written (decoded), for messages
	index map[string]int // normalised name → first column with it
}

// newHeader reads the names of a header record.
func newHeader(rec []string) *header {
	h := &header{names: make([]string, len(rec)), index: make(map[string]int, len(rec))}
	for i, s := range rec {
		s = strings.TrimPrefix(decodeField(s), "\uFEFF")
		h.names[i] = strings.TrimSpace(s)
		k := normName(s)
		if _, dup := h.index[k]; !dup && k != "" {
			h.index[k] = i
		}
	}
	return h
}

// col returns the column of the first of names present, or -1.
func (h *header) col(names ...string) int {
	for _, n := range names {
		if i, ok := h.index[normName(n)]; ok {
			return i
		}
	}
	return -1
}

// cols resolves columns for a converter and remembers which ones it reads, so that a row
// that is short only of unused trailing columns can still be read.
type cols struct {
	h       *header
	missing []string
	maxUsed int
}

// req returns the column of the first name present, recording the first name as missing
// when none is.
func (c *cols) req(names ...string) int {
	i := c.opt(names...)
	if i < 0 {
		c.missing = append(c.missing, names[0])
	}
	return i
}

// opt returns the column of the first name present, or -1.
func (c *cols) opt(names ...string) int {
	i := c.h.col(names...)
	c.maxUsed = max(c.maxUsed, i)
	return i
}

// err reports the missing required columns.
func (c *cols) err(f Format) error {
	if len(c.missing) == 0 {
		return nil
	}
	return sarhad.Errorf(sarhad.EINVALID, "the header lacks the %s column(s) %s; is --format %s right?",
		f, strings.Join(c.missing, ", "), f)
}

// normName lower-cases a column name, drops leading junk (a byte-order mark, R's garbled
// "ï.." prefix) and turns every run of other characters into one underscore: "Killed Min"
// → "killed_min", "ï..eventid" → "eventid", "S#" → "s".
func normName(s string) string {
	var b strings.Builder
	sep := false
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if sep && b.Len() > 0 {
				b.WriteByte('_')
			}
			sep = false
			b.WriteRune(r)
		} else {
			sep = true
		}
	}
	return b.String()
}

// record is one data row; get returns a trimmed, valid UTF-8 field, "" for a column the
// file or the row does not have.
type record []string

func (r record) get(i int) string {
	if i < 0 || i >= len(r) {
		return ""
	}
	return strings.TrimSpace(decodeField(r[i]))
}

var win1252 = charmap.Windows1252.NewDecoder()

// decodeField returns s unchanged when it is valid UTF-8 and reads it as Windows-1252
// otherwise: the PBC file is Windows-1252 and the R export of GTD has a stray Latin-1 byte.
func decodeField(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	if d, err := win1252.String(s); err == nil {
		return d
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}

// converter maps one CSV record of a format to a report.
type converter interface {
	convert(rec record) (sarhad.Report, error)
	// defaultMarking is the marking of a row without one when Options.Marking is "".
	defaultMarking() sarhad.Marking
	// columns are the columns the converter reads.
	columns() *cols
}

// base carries what every converter shares.
type base struct {
	cols    *cols
	marking sarhad.Marking
	res     Resolvers
}

func (b *base) columns() *cols                 { return b.cols }
func (b *base) defaultMarking() sarhad.Marking { return b.marking }

// errSkip tells the reader to skip a row silently (a totals footer).
var errSkip = errors.New("skip row")

// csvReader reads any of the CSV formats.
type csvReader struct {
	cr      *csv.Reader
	name    string
	opt     Options
	hdr     *header
	conv    converter
	need    int // fields a row must have: the highest column the converter reads + 1
	lastOff int64
	done    error
}

func newCSVReader(r io.Reader, name string, opt Options, f Format, newConv func(*header, Resolvers) (converter, error)) (*csvReader, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1 // field counts are checked per row, to reject a row, not the file
	cr.ReuseRecord = true
	rec, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, sarhad.Errorf(sarhad.EINVALID, "%s is empty: a %s file starts with a header row", name, f)
	}
	if err != nil {
		return nil, csvFileError(name, "the header row", err)
	}
	hdr := newHeader(rec)
	conv, err := newConv(hdr, opt.Resolvers)
	if err != nil {
		return nil, sarhad.Errorf(sarhad.EINVALID, "%s: %s", name, sarhad.ErrorMessage(err))
	}
	return &csvReader{cr: cr, name: name, opt: opt, hdr: hdr, conv: conv, need: conv.columns().maxUsed + 1, lastOff: cr.InputOffset()}, nil
}

func csvFileError(name, what string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return sarhad.Errorf(sarhad.EINVALID, "%s: %s is not valid CSV (line %d: %s)", name, what, pe.StartLine, pe.Err)
	}
	return fmt.Errorf("read %s: %w", name, err)
}

// Next implements Reader.
func (r *csvReader) Next() (Row, error) {
	if r.done != nil {
		return Row{}, r.done
	}
	for {
		rec, err := r.cr.Read()
		off := r.cr.InputOffset()
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) && off > r.lastOff {
				r.lastOff = off
				return Row{Line: pe.StartLine, Err: &RowError{Line: pe.StartLine, Problem: "malformed CSV: " + pe.Err.Error()}}, nil
			}
			if !errors.Is(err, io.EOF) {
				err = csvFileError(r.name, "the file", err)
			}
			r.done = err
			return Row{}, err
		}
		r.lastOff = off
		line, _ := r.cr.FieldPos(0)
		if blank(rec) {
			continue
		}
		if len(rec) > len(r.hdr.names) || len(rec) < r.need {
			return r.reject(line, &RowError{Problem: fmt.Sprintf("row has %d fields, the header has %d", len(rec), len(r.hdr.names))}), nil
		}
		rep, err := r.conv.convert(record(rec))
		if err == errSkip {
			continue
		}
		if err == nil {
			err = finish(&rep, &r.opt, r.conv.defaultMarking())
		}
		if err != nil {
			return r.reject(line, err), nil
		}
		return Row{Line: line, Report: rep}, nil
	}
}

func (r *csvReader) reject(line int, err error) Row {
	var re *RowError
	if !errors.As(err, &re) {
		re = &RowError{Problem: sarhad.ErrorMessage(err)}
	}
	re.Line = line
	return Row{Line: line, Err: re}
}

// blank reports whether every field of a row is empty (a line of commas).
func blank(rec []string) bool {
	return !slices.ContainsFunc(rec, func(s string) bool { return strings.TrimSpace(s) != "" })
}
