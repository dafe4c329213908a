package audit

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/sarhad-osint/sarhad"
)

// memStore is an in-memory Store for tests of the algorithm.
type memStore struct {
	mu      sync.Mutex
	entries []sarhad.AuditEntry
	head    Head
	hasHead bool
}

func (m *memStore) AppendAudit(_ context.Context, e sarhad.AuditEntry, seal func(Head, *sarhad.AuditEntry) (Head, error)) (sarhad.AuditEntry, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	h, err := seal(m.head, &e)
	if err != nil {
		return e, err
	}
	m.entries = append(m.entries, e)
	m.head, m.hasHead = h, true
	return e, nil
}

func (m *memStore) AuditHead(context.Context) (Head, bool, error) { return m.head, m.hasHead, nil }

func (m *memStore) StreamAudit(_ context.Context, fn func(sarhad.AuditEntry) error) error {
	for _, e := range m.entries {
		if err := fn(e); err != nil {
			return err
		}
	}
	return nil
}

var testKey = Key(strings.Repeat("k", 32))

func mustLog(t *testing.T, n int) (*Log, *memStore) {
	t.Helper()
	st := &memStore{}
	l := New(st, testKey)
	clock := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	l.Now = func() time.Time { clock = clock.Add(time.Second); return clock }
	for i := range n {
		e := sarhad.AuditEntry{Actor: "alice", Agency: "ctd-kp", Action: sarhad.AuditReportAdd,
			Object: "report:r-" + string(rune('a'+i)), Marking: sarhad.TLPAmber, Owner: "ctd-kp",
			Detail: map[string]string{"event": "e-1", "source": "Dawn"}}
		if err := l.Audit(context.Background(), e); err != nil {
			t.Fatal(err)
		}
	}
	return l, st
}

func TestVerify(t *testing.T) {
	tests := []struct {
		name    string
		tamper  func(st *memStore)
		noKey   bool
		wantSeq int64  // first bad entry; 0 = intact
		want    string // part of the reason
	}{
		{name: "intact"},
		{name: "edited detail", tamper: func(st *memStore) { st.entries[3].Detail["source"] = "Geo" }, wantSeq: 4, want: "edited"},
		{name: "edited actor", tamper: func(st *memStore) { st.entries[0].Actor = "mallory" }, wantSeq: 1, want: "edited"},
		{name: "edited time", tamper: func(st *memStore) { st.entries[5].Time = st.entries[5].Time.Add(time.Hour) }, wantSeq: 6, want: "edited"},
		{name: "deleted middle", tamper: func(st *memStore) { st.entries = append(st.entries[:4], st.entries[5:]...) }, wantSeq: 5, want: "missing"},
		{name: "deleted two", tamper: func(st *memStore) { st.entries = append(st.entries[:2], st.entries[4:]...) }, wantSeq: 3, want: "entries 3 to 4 are missing"},
		{name: "deleted first", tamper: func(st *memStore) { st.entries = st.entries[1:] }, wantSeq: 1, want: "missing"},
		{name: "truncated newest", tamper: func(st *memStore) { st.entries = st.entries[:9] }, wantSeq: 10, want: "newest entry was deleted"},
		{name: "truncated tail", tamper: func(st *memStore) { st.entries = st.entries[:6] }, wantSeq: 7, want: "newest entries were deleted"},
		{name: "truncated all", tamper: func(st *memStore) { st.entries = nil }, wantSeq: 1, want: "deleted"},
		{name: "anchor deleted", tamper: func(st *memStore) { st.hasHead = false }, wantSeq: 10, want: "anchor is missing"},
		{name: "rehashed edit without key", tamper: func(st *memStore) {
			// The attacker edits entry 4 and recomputes every later hash, but has no key.
			st.entries[3].Actor = "mallory"
			for i := 3; i < len(st.entries); i++ {
				st.entries[i].PrevHash = st.entries[i-1].Hash
				st.entries[i].Hash, _ = Hash(st.entries[i].PrevHash, &st.entries[i])
			}
			st.head.Hash = st.entries[len(st.entries)-1].Hash
		}, wantSeq: 4, want: "seal"},
		{name: "truncated and anchor forged without key", tamper: func(st *memStore) {
			st.entries = st.entries[:7]
			st.head = Head{Seq: 7, Hash: st.entries[6].Hash, MAC: "00"}
		}, wantSeq: 7, want: "anchor's seal"},
		{name: "reordered", tamper: func(st *memStore) { st.entries[2], st.entries[3] = st.entries[3], st.entries[2] }, wantSeq: 3, want: "missing"},
		{name: "chain only: edit found", noKey: true, tamper: func(st *memStore) { st.entries[8].Object = "report:x" }, wantSeq: 9, want: "edited"},
		{name: "chain only: truncation found", noKey: true, tamper: func(st *memStore) { st.entries = st.entries[:8] }, wantSeq: 9, want: "deleted"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l, st := mustLog(t, 10)
			if tc.tamper != nil {
				tc.tamper(st)
			}
			if tc.noKey {
				l = New(st, nil)
			}
			res, err := l.Verify(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if tc.wantSeq == 0 {
				if res.Problem != nil {
					t.Fatalf("intact log: %v", res.Problem)
				}
				if res.Entries != 10 || res.Last.Seq != 10 || res.Anchor.Seq != 10 {
					t.Fatalf("result %+v", res)
				}
				return
			}
			if res.Problem == nil {
				t.Fatalf("tampering not detected: %+v", res)
			}
			if res.Problem.Seq != tc.wantSeq || !strings.Contains(res.Problem.Error(), tc.want) {
				t.Fatalf("problem %q (seq %d), want seq %d and %q", res.Problem, res.Problem.Seq, tc.wantSeq, tc.want)
			}
		})
	}
}

func TestAppendChains(t *testing.T) {
	_, st := mustLog(t, 3)
	if st.entries[0].PrevHash != GenesisHash || st.entries[0].Seq != 1 {
		t.Fatalf("first entry %+v", st.entries[0])
	}
	for i := 1; i < 3; i++ {
		if st.entries[i].PrevHash != st.entries[i-1].Hash || st.entries[i].Seq != int64(i+1) {
			t.Fatalf("entry %d not chained: %+v", i+1, st.entries[i])
		}
	}
	if st.head.Seq != 3 || st.head.Hash != st.entries[2].Hash || !ValidMAC(st.head.MAC, testKey.HeadMAC(3, st.head.Hash)) {
		t.Fatalf("head %+v", st.head)
	}
}

func TestSecretsRefused(t *testing.T) {
	l, st := mustLog(t, 0)
	for _, k := range []string{"password", "api_token", "Session", "csrf"} {
		err := l.Audit(context.Background(), sarhad.AuditEntry{Action: sarhad.AuditUserAdd, Detail: map[string]string{k: "x"}})
		if err == nil {
			t.Errorf("detail %q was audited", k)
		}
	}
	if len(st.entries) != 0 {
		t.Fatal("entries written")
	}
}

// TestHashKnownAnswer pins the canonical encoding: a change to it must come with a new
// encodingVersion, or every stored log stops verifying.
func TestHashKnownAnswer(t *testing.T) {
	e := sarhad.AuditEntry{Seq: 1, Time: time.Date(2025, 1, 2, 3, 4, 5, 6, time.UTC), Actor: "alice", Agency: "ctd-kp",
		Action: sarhad.AuditShareAdd, Object: "share:ctd-kp>police-kp", Detail: map[string]string{"b": "2", "a": "1"}}
	got, err := Hash(GenesisHash, &e)
	if err != nil {
		t.Fatal(err)
	}
	const want = "f6730001190dc850ac4029e76413bdca83743b54fae16710527ae49b45c0fff3"
	if got != want {
		t.Fatalf("hash is %s, want %s: the canonical encoding changed", got, want)
	}
	// Detail order must not matter.
	e2 := e
	e2.Detail = map[string]string{"a": "1", "b": "2"}
	if h2, _ := Hash(GenesisHash, &e2); h2 != got {
		t.Fatal("detail order changes the hash")
	}
	// Every field must matter.
	for _, mut := range []func(*sarhad.AuditEntry){
		func(e *sarhad.AuditEntry) { e.Seq = 2 },
		func(e *sarhad.AuditEntry) { e.Time = e.Time.Add(1) },
		func(e *sarhad.AuditEntry) { e.Actor = "alicf" },
		func(e *sarhad.AuditEntry) { e.Agency = "x" },
		func(e *sarhad.AuditEntry) { e.Action = "x" },
		func(e *sarhad.AuditEntry) { e.Object = "x" },
		func(e *sarhad.AuditEntry) { e.Marking = sarhad.TLPRed },
		func(e *sarhad.AuditEntry) { e.Owner = "x" },
		func(e *sarhad.AuditEntry) { e.Detail = map[string]string{"a": "1", "b": "3"} },
		func(e *sarhad.AuditEntry) { e.Detail = map[string]string{"a": "12"} },
		// Moving a byte between adjacent fields must change the hash (length prefixes).
		func(e *sarhad.AuditEntry) { e.Actor, e.Agency = "alicec", "td-kp" },
	} {
		m := e
		m.Detail = map[string]string{"b": "2", "a": "1"}
		mut(&m)
		if h, _ := Hash(GenesisHash, &m); h == got {
			t.Errorf("a change did not change the hash: %+v", m)
		}
	}
}

func TestLoadOrCreateKey(t *testing.T) {
	p := t.TempDir() + "/sub/audit.key"
	k1, created, err := LoadOrCreateKey(p)
	if err != nil || !created || len(k1) != KeySize {
		t.Fatalf("create: %v %v %d", err, created, len(k1))
	}
	k2, created, err := LoadOrCreateKey(p)
	if err != nil || created || string(k1) != string(k2) {
		t.Fatalf("reload: %v %v", err, created)
	}
}

func TestSanitize(t *testing.T) {
	l, st := mustLog(t, 0)
	long := strings.Repeat("é", 400) // 800 bytes
	err := l.Audit(context.Background(), sarhad.AuditEntry{Actor: "bad\xff\x00name", Action: sarhad.AuditLoginFailed,
		Object: "user:" + long, Detail: map[string]string{"reason\x00": "x\xfe"}})
	if err != nil {
		t.Fatal(err)
	}
	e := st.entries[0]
	if e.Actor != "bad\ufffdname" || e.Detail["reason"] != "x\ufffd" {
		t.Fatalf("entry %+v", e)
	}
	if len(e.Object) > maxField+len("…") || !strings.HasSuffix(e.Object, "…") || !utf8.ValidString(e.Object) {
		t.Fatalf("object of %d bytes", len(e.Object))
	}
	if res, _ := l.Verify(context.Background()); res.Problem != nil {
		t.Fatal(res.Problem)
	}
}
