package sarhad

import (
	"context"
	"strconv"
	"time"
)

// AuditEntry is one line of the tamper-evident audit log: who did what to which object, and
// when. Entries are append-only and hash-chained (package audit); Seq, PrevHash, Hash and MAC
// are set when the entry is appended. Secrets (passwords, tokens, session ids) never appear in
// an entry.
type AuditEntry struct {
	Seq  int64
	Time time.Time
	// Actor is the user name, "cli" for the local command line, or "system".
	Actor string
	// Agency is the actor's agency.
	Agency string
	// Action is one of the Audit* constants.
	Action string
	// Object names what the action was done to: "report:r-17", "event:e-5", "user:alice",
	// "agency:ctd-kp", "share:ctd-kp>police-kp", "export:events.csv", "import:gtd.csv".
	Object string
	// Marking and Owner are those of the object when it is a marked record, so that an audit
	// history can be shown only to whoever may see the record; "" otherwise.
	Marking Marking
	Owner   string
	// Detail holds small facts about the action (counts, the filter of an export, a reason).
	Detail map[string]string

	PrevHash string
	Hash     string
	// MAC is the HMAC of Hash under the log's key, so that an entry cannot be rewritten
	// without the key even when every later hash is recomputed.
	MAC string
}

// Audit actions.
const (
	AuditReportAdd   = "report.add"   // a report was stored through the API or the UI
	AuditImport      = "import"       // a batch import from the command line
	AuditLogin       = "login"        // a successful password sign-in
	AuditLoginFailed = "login.failed" // a failed sign-in (unknown user, wrong password, throttled)
	AuditLogout      = "logout"
	AuditUserAdd     = "user.add"
	AuditUserPasswd  = "user.passwd" // a password was set or changed
	AuditTokenAdd    = "token.add"   // an API token was issued
	AuditAgencyAdd   = "agency.add"
	AuditShareAdd    = "share.add"    // an agency shares its TLP:AMBER records with another
	AuditShareRevoke = "share.revoke" // a share was withdrawn
	AuditExport      = "export"       // events were exported (CSV, GeoJSON)
	AuditMerge       = "fusion.merge" // an analyst merged events
	AuditSplit       = "fusion.split" // an analyst split a report off an event
	AuditPin         = "fusion.pin"   // an analyst pinned a report to an event
	AuditReject      = "fusion.reject"
)

// Auditor appends entries to the audit log. Every write path calls it after its write has
// succeeded; a failure to audit is an error of the write path.
type Auditor interface {
	Audit(ctx context.Context, e AuditEntry) error
}

// ActorOf returns the actor name and agency of a viewer for an audit entry.
func ActorOf(v Viewer) (actor, agency string) {
	if v.All && v.Name == "" {
		return "cli", SystemAgency
	}
	return v.Name, v.Agency
}

// AuditUndo is the action of an analyst undoing an earlier fusion decision.
const AuditUndo = "fusion.undo"

// DecisionAuditEntry returns the audit entry of an analyst's fusion decision taken by v: the
// action of its kind, the event it kept or changed as the object, and the other event, the
// report, the reason and the decision's id as details. The caller fills Marking and Owner
// with the event's when it has them, so that the entry is shown only to who may see it.
func DecisionAuditEntry(v Viewer, d Decision) AuditEntry {
	actor, agency := ActorOf(v)
	action := map[DecisionKind]string{DecisionMerge: AuditMerge, DecisionSplit: AuditSplit, DecisionPin: AuditPin, DecisionUndo: AuditUndo}[d.Kind]
	if action == "" {
		action = "fusion." + string(d.Kind)
	}
	detail := map[string]string{"decision": strconv.FormatInt(d.ID, 10)}
	for k, val := range map[string]string{"other_event": d.OtherEventID, "report": d.ReportID, "why": d.Why,
		"result": d.Result, "undoes": strconv.FormatInt(d.Undoes, 10)} {
		if val != "" && val != "0" {
			detail[k] = val
		}
	}
	return AuditEntry{Actor: actor, Agency: agency, Action: action, Object: "event:" + d.EventID, Detail: detail}
}
