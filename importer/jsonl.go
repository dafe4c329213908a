package importer

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/sarhad-osint/sarhad"
)

// maxLine bounds one JSON line; a longer line is rejected and skipped, so that memory stays
// bounded whatever the input.
const maxLine = 8 << 20

// jsonlReader reads one interchange report per line.
type jsonlReader struct {
	br   *bufio.Reader
	name string
	opt  Options
	line int
	buf  []byte
	done error
}

func newJSONL(r io.Reader, name string, opt Options) *jsonlReader {
	return &jsonlReader{br: bufio.NewReaderSize(r, 64<<10), name: name, opt: opt}
}

// Next implements Reader.
func (r *jsonlReader) Next() (Row, error) {
	for r.done == nil {
		b, tooLong, err := r.readLine()
		if err != nil && !errors.Is(err, io.EOF) {
			r.done = fmt.Errorf("read %s: %w", r.name, err)
			break
		}
		if errors.Is(err, io.EOF) {
			r.done = io.EOF
			if len(b) == 0 && !tooLong {
				break
			}
		}
		r.line++
		if r.line == 1 {
			b = bytes.TrimPrefix(b, []byte("\uFEFF"))
		}
		if tooLong {
			return Row{Line: r.line, Err: &RowError{Line: r.line, Problem: fmt.Sprintf("line is longer than %d MiB", maxLine>>20)}}, nil
		}
		if b = bytes.TrimSpace(b); len(b) == 0 {
			continue
		}
		rep, err := r.convert(b)
		if err == nil {
			err = finish(&rep, &r.opt, sarhad.DefaultMarking)
		}
		if err != nil {
			re, ok := err.(*RowError)
			if !ok {
				re = &RowError{Problem: sarhad.ErrorMessage(err)}
			}
			re.Line = r.line
			return Row{Line: r.line, Err: re}, nil
		}
		return Row{Line: r.line, Report: rep}, nil
	}
	return Row{}, r.done
}

// readLine returns the next line without its newline; tooLong is set (and the line
// discarded) when it exceeds maxLine.
func (r *jsonlReader) readLine() (line []byte, tooLong bool, err error) {
	r.buf = r.buf[:0]
	for {
		frag, err := r.br.ReadSlice('\n')
		if !tooLong {
			if len(r.buf)+len(frag) > maxLine {
				tooLong, r.buf = true, r.buf[:0]
			} else {
				r.buf = append(r.buf, frag...)
			}
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		return bytes.TrimSuffix(r.buf, []byte("\n")), tooLong, err
	}
}

// convert parses one report and resolves its names.
func (r *jsonlReader) convert(b []byte) (sarhad.Report, error) {
	var rep sarhad.Report
	if err := rep.UnmarshalJSON(b); err != nil {
		return rep, err
	}
	if rep.ID == "" {
		return rep, fieldErr("id", "is missing")
	}
	loc := rep.Location
	rep.Location = r.opt.Resolvers.locate(sarhad.PlaceQuery{
		Province: loc.Province, District: loc.District, Locality: loc.Place,
		Lat: loc.Lat, Lon: loc.Lon, Precision: loc.Precision,
	})
	raw := rep.Perpetrator
	var named bool
	if rep.Perpetrator, named = r.opt.Resolvers.perpetrator(raw); named && rep.PerpetratorRaw == "" {
		rep.PerpetratorRaw = raw
	}
	return rep, nil
}
