package sqlstore

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/sarhad-osint/sarhad"
	"github.com/sarhad-osint/sarhad/audit"
)

var auditTestKey = audit.Key(strings.Repeat("k", 32))

// mustAuditLog appends n entries to the store's audit log.
func mustAuditLog(t *testing.T, s *Store, n int) *audit.Log {
	t.Helper()
	l := audit.New(s, auditTestKey)
	for i := range n {
		e := sarhad.AuditEntry{Actor: "amina", Agency: "ctd-kp", Action: sarhad.AuditReportAdd,
			Object: fmt.Sprintf("report:r-%d", i+1), Marking: sarhad.TLPRed, Owner: "ctd-kp",
			Detail: map[string]string{"event": fmt.Sprintf("e-%d", i+1), "source": "Dawn"}}
		if err := l.Audit(context.Background(), e); err != nil {
			t.Fatal(err)
		}
	}
	return l
}

// TestAuditVerify tampers with a stored log the way someone with database access would, and
// checks that verification names the first bad entry.
func TestAuditVerify(t *testing.T) {
	tests := []struct {
		name    string
		tamper  string
		wantSeq int64
		want    string
	}{
		{name: "intact"},
		{"edited actor", `UPDATE audit_log SET actor = 'mallory' WHERE seq = 4`, 4, "edited"},
		{"edited detail", `UPDATE audit_log SET detail = '{"event":"e-99","source":"Dawn"}' WHERE seq = 7`, 7, "edited"},
		{"edited marking", `UPDATE audit_log SET marking = 'TLP:CLEAR' WHERE seq = 2`, 2, "edited"},
		{"detail not JSON", `UPDATE audit_log SET detail = 'garbage' WHERE seq = 3`, 3, "edited"},
		{"deleted entry", `DELETE FROM audit_log WHERE seq = 5`, 5, "missing"},
		{"deleted first entry", `DELETE FROM audit_log WHERE seq = 1`, 1, "missing"},
		{"deleted newest entry", `DELETE FROM audit_log WHERE seq = 10`, 10, "newest entry was deleted"},
		{"truncated tail", `DELETE FROM audit_log WHERE seq > 6`, 7, "newest entries were deleted"},
		{"everything deleted", `DELETE FROM audit_log`, 1, "deleted"},
		{"anchor deleted", `DELETE FROM audit_head`, 10, "anchor is missing"},
		{"anchor moved back", `UPDATE audit_head SET seq = 6, hash = (SELECT hash FROM audit_log WHERE seq = 6)`, 6, "anchor's seal"},
		{"entry replaced, hash recomputed without the key", `UPDATE audit_log SET hash = '` + strings.Repeat("0", 64) + `' WHERE seq = 10`, 10, "edited"},
	}
	for _, d := range dialects {
		t.Run(d, func(t *testing.T) {
			for _, tc := range tests {
				t.Run(tc.name, func(t *testing.T) {
					s := mustOpen(t, d)
					l := mustAuditLog(t, s, 10)
					if tc.tamper != "" {
						mustExec(t, s, tc.tamper)
					}
					res, err := l.Verify(context.Background())
					if err != nil {
						t.Fatal(err)
					}
					if tc.wantSeq == 0 {
						if res.Problem != nil || res.Entries != 10 || res.Anchor.Seq != 10 {
							t.Fatalf("intact log: %+v", res)
						}
						return
					}
					if res.Problem == nil {
						t.Fatalf("tampering not detected: %+v", res)
					}
					if res.Problem.Seq != tc.wantSeq || !strings.Contains(res.Problem.Reason, tc.want) {
						t.Fatalf("problem %v, want entry %d: %q", res.Problem, tc.wantSeq, tc.want)
					}
				})
			}
		})
	}
}

func TestAuditAppend(t *testing.T) {
	forEachDialect(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		l := audit.New(s, auditTestKey)
		// Concurrent appenders are serialized into one chain.
		var wg sync.WaitGroup
		for i := range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for j := range 5 {
					if err := l.Audit(ctx, sarhad.AuditEntry{Actor: fmt.Sprint(i), Action: sarhad.AuditLogin, Object: fmt.Sprint("user:", j)}); err != nil {
						t.Error(err)
					}
				}
			}()
		}
		wg.Wait()
		// Texts from outside (a failed sign-in's user name) survive the store byte for byte.
		if err := l.Audit(ctx, sarhad.AuditEntry{Actor: "bad\xff\x00name ✓", Action: sarhad.AuditLoginFailed,
			Detail: map[string]string{"reason": "unknown user", "ip": "10.0.0.1"}}); err != nil {
			t.Fatal(err)
		}
		res, err := l.Verify(ctx)
		if err != nil || res.Problem != nil || res.Entries != 41 {
			t.Fatalf("verify: %+v %v", res, err)
		}
		got, err := s.AuditEntries(ctx, []string{"user:0", "user:4"})
		if err != nil || len(got) != 16 || got[0].Seq >= got[1].Seq {
			t.Fatalf("entries by object: %d %v", len(got), err)
		}
		// With the anchor gone, appending refuses instead of hiding the deletion.
		mustExec(t, s, `DELETE FROM audit_head`)
		if err := l.Audit(ctx, sarhad.AuditEntry{Action: sarhad.AuditLogin}); err == nil {
			t.Fatal("appended to a log without its anchor")
		}
	})
}
