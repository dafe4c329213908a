package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"time"

	"github.com/sarhad-osint/sarhad"
	"github.com/sarhad-osint/sarhad/importer"
	"github.com/sarhad-osint/sarhad/natsbus"
)

// Submitted is the outcome of submitting a report.
type Submitted struct {
	ReportID string `json:"report_id"`
	EventID  string `json:"event_id"`
	// Created is false when the same report was stored before (nothing was written).
	Created bool `json:"-"`
}

// ParseReport reads one report in the interchange format (plus an optional "marking",
// default TLP:AMBER) as agency's, resolving its names through the gazetteer and the actor
// registry exactly as `sarhad import --format jsonl` does. Any owner or hash in the input is
// ignored: the owner is the caller's agency and the store computes the hash.
func (s *Server) ParseReport(body []byte, agency string) (sarhad.Report, error) {
	var line bytes.Buffer
	if err := json.Compact(&line, bytes.TrimSpace(body)); err != nil {
		return sarhad.Report{}, sarhad.Errorf(sarhad.EINVALID, "The body is not JSON: %s.", jsonMessage(err))
	}
	if line.Len() == 0 || line.Bytes()[0] != '{' {
		return sarhad.Report{}, sarhad.Errorf(sarhad.EINVALID, "The body is not a JSON object of the report format.")
	}
	rd, err := importer.NewReader(importer.FormatJSONL, &line, "request", importer.Options{Owner: agency, Resolvers: s.deps.Resolvers})
	if err != nil {
		return sarhad.Report{}, err
	}
	row, err := rd.Next()
	if err != nil {
		return sarhad.Report{}, sarhad.Errorf(sarhad.EINVALID, "The body is not a report.")
	}
	if row.Err != nil {
		var re *importer.RowError
		if errors.As(row.Err, &re) {
			if re.Field != "" {
				return sarhad.Report{}, sarhad.Errorf(sarhad.EINVALID, "%s: %s", re.Field, re.Problem)
			}
			return sarhad.Report{}, sarhad.Errorf(sarhad.EINVALID, "%s", re.Problem)
		}
		return sarhad.Report{}, sarhad.Errorf(sarhad.EINVALID, "%s", sarhad.ErrorMessage(row.Err))
	}
	rep := row.Report
	rep.Owner, rep.Hash = agency, ""
	return rep, nil
}

func jsonMessage(err error) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return se.Error()
	}
	return "malformed"
}

// fillFromText completes a report that has text but lacks fields with the main draft the
// extractor reads from the text, with its evidence. Fields the report states are kept.
func fillFromText(rep *sarhad.Report, x Extractor, today time.Time) {
	if x == nil || rep.Text == "" {
		return
	}
	day := sarhad.DateOf(today.UTC())
	if !rep.ReportedAt.IsZero() {
		day = sarhad.DateOf(rep.ReportedAt.UTC())
	}
	drafts := x.Extract(rep.Text, day)
	if len(drafts) == 0 {
		return
	}
	d := &drafts[0]
	var filled []string
	take := func(missing bool, fields ...string) bool {
		if missing {
			filled = append(filled, fields...)
		}
		return missing
	}
	if take(rep.Date.IsZero() && !d.Date.IsZero(), "date") {
		rep.Date = d.Date
	}
	if take(rep.Location.Province == "" && rep.Location.District == "" && !rep.Location.HasCoords() &&
		(d.Location.Province != "" || d.Location.District != "" || d.Location.HasCoords()), "province", "district", "place") {
		rep.Location = d.Location
	}
	if take(rep.PerpetratorRaw == "" && (rep.Perpetrator == "" || rep.Perpetrator == sarhad.UnknownActor) &&
		d.Perpetrator != "" && d.Perpetrator != sarhad.UnknownActor, "perpetrator", "attribution") {
		rep.Perpetrator, rep.PerpetratorRaw, rep.Attribution = d.Perpetrator, d.PerpetratorRaw, d.Attribution
	}
	if take(rep.AttackType == "" && d.AttackType != "", "attack_type") {
		rep.AttackType = d.AttackType
	}
	if take(rep.TargetType == "" && d.TargetType != "", "target_type") {
		rep.TargetType = d.TargetType
	}
	k := rep.Killed
	if take(!k.Total.Known && !k.Security.Known && !k.Civilians.Known && !k.Militants.Known && d.Killed != (sarhad.Tally{}),
		"killed.total", "killed.security", "killed.civilians", "killed.militants") {
		rep.Killed = d.Killed
	}
	if take(!rep.Injured.Known && d.Injured.Known, "injured") {
		rep.Injured = d.Injured
	}
	if take(!rep.Hostages.Known && d.Hostages.Known, "hostages") {
		rep.Hostages = d.Hostages
	}
	if take((rep.CrossBorder == "" || rep.CrossBorder == sarhad.NexusUnknown) && d.CrossBorder != "" && d.CrossBorder != sarhad.NexusUnknown, "cross_border_nexus") {
		rep.CrossBorder = d.CrossBorder
	}
	for _, f := range filled {
		if ev, ok := d.Evidence[f]; ok {
			if rep.Evidence == nil {
				rep.Evidence = map[string]sarhad.Evidence{}
			}
			rep.Evidence[f] = ev
		}
	}
}

// SubmitReport stores a report for viewer v (an analyst or admin): it fills missing fields
// from the text when an extractor is wired, stores it (fusion joins it to an event, or it
// becomes its own), audits it and announces it on the bus. The report must come from
// ParseReport (owner set, names resolved).
func (s *Server) SubmitReport(ctx context.Context, v sarhad.Viewer, rep sarhad.Report) (Submitted, error) {
	if !v.Role.Can(sarhad.RoleAnalyst) {
		return Submitted{}, errRole
	}
	fillFromText(&rep, s.deps.Extractor, s.now())
	rep.Owner, rep.Hash = v.Agency, ""
	rep.Normalize()
	if err := rep.Validate(); err != nil {
		return Submitted{}, err
	}
	eventID, res, err := s.deps.Reports.AddReport(ctx, rep)
	if err != nil {
		return Submitted{}, err
	}
	out := Submitted{ReportID: rep.ID, EventID: eventID, Created: res.Added > 0}
	if !out.Created {
		return out, nil
	}
	actor, agency := sarhad.ActorOf(v)
	if err := s.audit(ctx, sarhad.AuditEntry{Actor: actor, Agency: agency, Action: sarhad.AuditReportAdd,
		Object: "report:" + rep.ID, Marking: rep.Marking, Owner: rep.Owner,
		Detail: map[string]string{"event": eventID, "source": rep.Source}}); err != nil {
		return out, err
	}
	if s.deps.Bus != nil {
		at := s.now().UTC()
		pctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		if err := s.deps.Bus.PublishReport(pctx, natsbus.ReportAdded{ReportID: rep.ID, EventID: eventID,
			Marking: string(rep.Marking), Owner: rep.Owner, At: at}); err != nil {
			s.log.WarnContext(ctx, "Report not announced on the bus.", "report", rep.ID, "error", err)
		}
		if err := s.deps.Bus.PublishEvent(pctx, natsbus.EventChanged{EventID: eventID, Created: res.Events > 0, Marking: string(rep.Marking),
			Owner: rep.Owner, At: at}); err != nil {
			s.log.WarnContext(ctx, "Event change not announced on the bus.", "event", eventID, "error", err)
		}
	}
	return out, nil
}

func (s *Server) handleAddReport(w http.ResponseWriter, r *http.Request) {
	v := ViewerFrom(r.Context())
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.cfg.MaxBodyBytes))
	if err != nil {
		s.Error(w, r, sarhad.Errorf(sarhad.EINVALID, "The body is larger than %d bytes or unreadable.", s.cfg.MaxBodyBytes))
		return
	}
	rep, err := s.ParseReport(body, v.Agency)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	sub, err := s.SubmitReport(r.Context(), v, rep)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	status := http.StatusCreated
	if !sub.Created {
		status = http.StatusOK
	}
	writeJSON(w, status, sub)
}
