package sarhad

import "testing"

func TestDecisionAuditEntry(t *testing.T) {
	v := Viewer{Name: "amina", Agency: "ctd-kp", Role: RoleAnalyst}
	e := DecisionAuditEntry(v, Decision{ID: 7, Kind: DecisionMerge, EventID: "e-1", OtherEventID: "e-2", Why: "same attack"})
	if e.Action != AuditMerge || e.Object != "event:e-1" || e.Actor != "amina" || e.Agency != "ctd-kp" ||
		e.Detail["other_event"] != "e-2" || e.Detail["decision"] != "7" || e.Detail["why"] != "same attack" || e.Detail["undoes"] != "" {
		t.Fatalf("%+v", e)
	}
	if e := DecisionAuditEntry(SystemViewer, Decision{Kind: DecisionUndo, EventID: "e-1", Undoes: 7}); e.Action != AuditUndo || e.Detail["undoes"] != "7" || e.Actor != "cli" {
		t.Fatalf("%+v", e)
	}
	if ValidateName("agency", "ctd-kp") != nil || ValidateName("agency", "a;b") == nil || ValidateName("agency", " a") == nil || ValidateName("agency", "") == nil {
		t.Fatal("ValidateName")
	}
}
