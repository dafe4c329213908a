package httpapi

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/sarhad-osint/sarhad"
)

// CSVColumns are the columns of the CSV export, in order. Casualty figures give the best
// estimate with its range; unknown figures are empty.
var CSVColumns = []string{
	"id", "date", "date_precision", "province", "district", "place", "lat", "lon", "geo_precision",
	"perpetrator", "attribution", "attack_type", "target_type",
	"killed", "killed_low", "killed_high", "killed_security", "killed_civilians", "killed_militants",
	"injured", "injured_low", "injured_high", "hostages", "cross_border_nexus", "credibility",
	"marking", "owner", "report_ids",
}

func bestCell(c sarhad.Count) string {
	if !c.Known {
		return ""
	}
	return strconv.Itoa(c.Best)
}

func lowCell(c sarhad.Count) string {
	if !c.Known {
		return ""
	}
	return strconv.Itoa(c.Low)
}

func highCell(c sarhad.Count) string {
	if !c.Known {
		return ""
	}
	return strconv.Itoa(c.High)
}

func coordCell(l sarhad.Location, lat bool) string {
	if !l.HasCoords() {
		return ""
	}
	v := l.Lon
	if lat {
		v = l.Lat
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// csvRecord is the CSV row of an event.
func csvRecord(e *sarhad.Event) []string {
	perp := e.Perpetrator
	if perp == "" {
		perp = sarhad.UnknownActor
	}
	attr, nexus := string(e.Attribution), string(e.CrossBorder)
	if attr == "" {
		attr = string(sarhad.AttrUnknown)
	}
	if nexus == "" {
		nexus = string(sarhad.NexusUnknown)
	}
	return []string{
		e.ID, e.Date.String(), string(e.Date.Precision()), e.Location.Province, e.Location.District, e.Location.Place,
		coordCell(e.Location, true), coordCell(e.Location, false), string(e.Location.Precision),
		perp, attr, string(e.AttackType), string(e.TargetType),
		bestCell(e.Killed.Total), lowCell(e.Killed.Total), highCell(e.Killed.Total),
		bestCell(e.Killed.Security), bestCell(e.Killed.Civilians), bestCell(e.Killed.Militants),
		bestCell(e.Injured), lowCell(e.Injured), highCell(e.Injured), bestCell(e.Hostages), nexus,
		strconv.Itoa(e.Credibility), string(e.Marking), e.Owner, strings.Join(e.ReportIDs(), " "),
	}
}

// exportFormat is one export format.
type exportFormat struct {
	name, contentType, ext string
	begin                  func(w *bufio.Writer) error
	event                  func(w *bufio.Writer, e *sarhad.Event, first bool) error
	end                    func(w *bufio.Writer, marking sarhad.Marking) error
}

var exportCSV = exportFormat{
	name: "csv", contentType: "text/csv; charset=utf-8", ext: "csv",
	begin: func(w *bufio.Writer) error {
		cw := csv.NewWriter(w)
		cw.Write(CSVColumns)
		cw.Flush()
		return cw.Error()
	},
	event: func(w *bufio.Writer, e *sarhad.Event, _ bool) error {
		cw := csv.NewWriter(w)
		cw.Write(csvRecord(e))
		cw.Flush()
		return cw.Error()
	},
	end: func(*bufio.Writer, sarhad.Marking) error { return nil },
}

// exportGeoJSON writes a FeatureCollection: one Feature per event with a Point geometry
// ([lon, lat]; null when the event has no coordinates) and the event's interchange JSON as
// properties; the collection's "marking" is the most restrictive marking exported.
var exportGeoJSON = exportFormat{
	name: "geojson", contentType: "application/geo+json", ext: "geojson",
	begin: func(w *bufio.Writer) error {
		_, err := w.WriteString(`{"type":"FeatureCollection","features":[`)
		return err
	},
	event: func(w *bufio.Writer, e *sarhad.Event, first bool) error {
		props, err := json.Marshal(e)
		if err != nil {
			return err
		}
		if !first {
			w.WriteByte(',')
		}
		w.WriteString("\n" + `{"type":"Feature","id":`)
		id, _ := json.Marshal(e.ID)
		w.Write(id)
		w.WriteString(`,"geometry":`)
		if e.Location.HasCoords() {
			w.WriteString(`{"type":"Point","coordinates":[` + coordCell(e.Location, false) + "," + coordCell(e.Location, true) + "]}")
		} else {
			w.WriteString("null")
		}
		w.WriteString(`,"properties":`)
		w.Write(props)
		_, err = w.WriteString("}")
		return err
	},
	end: func(w *bufio.Writer, m sarhad.Marking) error {
		mb, _ := json.Marshal(string(m))
		_, err := w.WriteString("\n],\"marking\":" + string(mb) + "}\n")
		return err
	},
}

// handleExport streams every event the caller may see that matches the filter, in the
// format of the route, and audits the export (format, filter and count).
func (s *Server) handleExport(f exportFormat) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		filter, err := s.parseFilter(q, false)
		if err != nil {
			s.Error(w, r, err)
			return
		}
		ctx := r.Context()
		v := ViewerFrom(ctx)
		h := w.Header()
		h.Set("Content-Type", f.contentType)
		h.Set("Content-Disposition", `attachment; filename="sarhad-events.`+f.ext+`"`)
		// The most restrictive marking exported is known at the end: a trailer says it.
		h.Set("Trailer", "X-TLP-Marking")
		out := &countingWriter{w: w}
		bw := bufio.NewWriterSize(out, 64<<10)
		n := 0
		marking := sarhad.TLPClear
		err = f.begin(bw)
		if err == nil {
			err = s.deps.Views.StreamEvents(ctx, v, filter, func(e sarhad.Event) error {
				if e.Marking.Level() > marking.Level() {
					marking = e.Marking
				}
				n++
				return f.event(bw, &e, n == 1)
			})
		}
		if err == nil {
			err = f.end(bw, marking)
		}
		if err != nil && out.n == 0 {
			// Nothing was sent yet: answer with a proper error instead of a truncated file.
			h.Del("Content-Disposition")
			h.Del("Trailer")
			s.Error(w, r, err)
			return
		}
		if ferr := bw.Flush(); err == nil {
			err = ferr
		}
		h.Set("X-TLP-Marking", string(marking))
		actor, agency := sarhad.ActorOf(v)
		d := filterDetail(q)
		d["format"], d["events"] = f.name, strconv.Itoa(n)
		if err != nil {
			d["error"] = "incomplete"
		}
		s.audit(ctx, sarhad.AuditEntry{Actor: actor, Agency: agency, Action: sarhad.AuditExport,
			Object: "export:events." + f.ext, Detail: d})
		if err != nil {
			// Headers are gone; the truncated body is all the client gets. Log it once.
			s.log.WarnContext(ctx, "Export stopped early.", "format", f.name, "events", n, "error", err)
		}
	}
}

// countingWriter counts the bytes written through it.
type countingWriter struct {
	w http.ResponseWriter
	n int64
}

func (c *countingWriter) Write(b []byte) (int, error) {
	n, err := c.w.Write(b)
	c.n += int64(n)
	return n, err
}
