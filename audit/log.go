package audit

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/sarhad-osint/sarhad"
)

// Store is where a Log keeps its entries and its head anchor. sqlstore implements it.
type Store interface {
	// AppendAudit appends one entry atomically: inside one transaction that serializes
	// appenders it reads the head anchor (the zero Head for an empty log), calls seal with it
	// (seal fills the entry's Seq, PrevHash, Hash and MAC and returns the new head), inserts
	// the entry and stores the new head. It returns the entry as stored.
	AppendAudit(ctx context.Context, e sarhad.AuditEntry, seal func(Head, *sarhad.AuditEntry) (Head, error)) (sarhad.AuditEntry, error)
	// AuditHead returns the stored head anchor; false when there is none.
	AuditHead(ctx context.Context) (Head, bool, error)
	// StreamAudit calls fn with every entry in sequence order.
	StreamAudit(ctx context.Context, fn func(sarhad.AuditEntry) error) error
}

// Log is the audit service: it seals and appends entries and verifies the log.
type Log struct {
	store Store
	key   Key
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// OnAppend, when set, is called with the new head after every append (to publish it to
	// an external witness). It must not block.
	OnAppend func(Head)
}

// New returns the log over store, sealed with key.
func New(store Store, key Key) *Log { return &Log{store: store, key: key} }

// secretWords are detail keys that must never be audited.
var secretWords = []string{"password", "passwd", "token", "secret", "session", "cookie", "csrf"}

// Audit appends e, stamped with the current time. It implements sarhad.Auditor. Details whose
// keys name a secret are refused: an entry is never the place for a password or a token.
func (l *Log) Audit(ctx context.Context, e sarhad.AuditEntry) error {
	if e.Action == "" {
		return fmt.Errorf("audit: entry without an action")
	}
	for k := range e.Detail {
		lk := strings.ToLower(k)
		for _, w := range secretWords {
			if strings.Contains(lk, w) {
				return fmt.Errorf("audit: detail %q looks like a secret and is never audited", k)
			}
		}
	}
	now := time.Now
	if l.Now != nil {
		now = l.Now
	}
	e.Time = now().UTC()
	sanitize(&e)
	var head Head
	_, err := l.store.AppendAudit(ctx, e, func(h Head, e *sarhad.AuditEntry) (Head, error) {
		var err error
		head, err = l.key.Seal(h, e)
		return head, err
	})
	if err != nil {
		return fmt.Errorf("audit %s: %w", e.Action, err)
	}
	if l.OnAppend != nil {
		l.OnAppend(head)
	}
	return nil
}

// Verify reads the whole log and checks the chain, the seals and the head anchor. A log that
// fails verification is not an error: Result.Problem says what is wrong.
func (l *Log) Verify(ctx context.Context) (Result, error) {
	v := NewVerifier(l.key)
	err := l.store.StreamAudit(ctx, func(e sarhad.AuditEntry) error {
		if !v.Add(&e) {
			return errStop
		}
		return nil
	})
	if err != nil && !errors.Is(err, errStop) {
		return Result{}, fmt.Errorf("audit verify: %w", err)
	}
	head, ok, err := l.store.AuditHead(ctx)
	if err != nil {
		return Result{}, fmt.Errorf("audit verify: %w", err)
	}
	return v.Finish(head, ok), nil
}

var errStop = errors.New("stop")

// maxField bounds each text of an entry, in bytes: names in failed sign-ins come from
// anyone.
const maxField = 512

// clean makes a text storable and stable through any store: valid UTF-8 (JSON and
// PostgreSQL would otherwise alter it, and the entry would no longer match its hash), no NUL,
// at most maxField bytes.
func clean(s string) string {
	s = strings.ToValidUTF8(s, "\ufffd")
	s = strings.ReplaceAll(s, "\x00", "")
	if len(s) > maxField {
		cut := maxField
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "…"
	}
	return s
}

func sanitize(e *sarhad.AuditEntry) {
	e.Actor, e.Agency, e.Action, e.Object, e.Owner = clean(e.Actor), clean(e.Agency), clean(e.Action), clean(e.Object), clean(e.Owner)
	e.Marking = sarhad.Marking(clean(string(e.Marking)))
	if len(e.Detail) > 0 {
		d := make(map[string]string, len(e.Detail))
		for k, v := range e.Detail {
			d[clean(k)] = clean(v)
		}
		e.Detail = d
	}
}

// KeyFile is the name of the key file in the data directory.
const KeyFile = "audit.key"

// LoadKey reads a key file: 64 hex digits (a 256-bit key), surrounded by white space.
func LoadKey(path string) (Key, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("audit key: %w", err)
	}
	k, err := hex.DecodeString(strings.TrimSpace(string(b)))
	if err != nil || len(k) < 16 {
		return nil, fmt.Errorf("audit key %s: not a hex key of at least 128 bits", path)
	}
	return Key(k), nil
}

// LoadOrCreateKey reads the key file at path, creating it (mode 0600, a new random 256-bit
// key) when it does not exist. created reports whether it was created.
func LoadOrCreateKey(path string) (k Key, created bool, err error) {
	k, err = LoadKey(path)
	if err == nil || !errors.Is(err, fs.ErrNotExist) {
		return k, false, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return nil, false, fmt.Errorf("audit key: %w", err)
	}
	k = make(Key, KeySize)
	if _, err := rand.Read(k); err != nil {
		return nil, false, fmt.Errorf("audit key: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) { // another process created it first
		k, err = LoadKey(path)
		return k, false, err
	} else if err != nil {
		return nil, false, fmt.Errorf("audit key: %w", err)
	}
	_, werr := f.WriteString(hex.EncodeToString(k) + "\n")
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		return nil, false, fmt.Errorf("audit key: %w", werr)
	}
	return k, true, nil
}
