// Package audit is Sarhad's tamper-evident audit log: the hash-chain algorithm, the keyed
// seals, the verifier, and Log, the service that write paths call.
//
// # The chain
//
// Entry n carries PrevHash = Hash of entry n-1 (the genesis hash, 64 zeros, for entry 1) and
// Hash = hex SHA-256(PrevHash bytes ‖ Canonical(entry)), where Canonical is a fixed,
// length-prefixed binary layout of every field but the hashes (see Canonical). Editing an
// entry changes its hash; deleting one breaks the sequence and the next entry's PrevHash.
//
// # The seals
//
// A chain alone does not stop someone who can write to the table from rewriting an entry and
// recomputing every later hash, nor from deleting the newest entries (the rest is still a
// valid chain). So every entry also carries MAC = HMAC-SHA-256(key, "entry" ‖ seq ‖ hash),
// and the store keeps a head anchor outside the entries table: the sequence number and hash
// of the newest entry with HMAC-SHA-256(key, "head" ‖ seq ‖ hash), updated in the same
// transaction as each append. Verify then finds the first edited entry (its hash or MAC
// fails), the first deleted one (a gap in the sequence, or a PrevHash that does not match),
// and a truncated tail (the anchor names a later entry than the last one present).
//
// # Threat model
//
// The key is a 256-bit secret in a file (by default DATA_DIR/audit.key, mode 0600; one shared
// file for every node of a PostgreSQL deployment). The log detects tampering by anyone who
// can write to the database but cannot read the key: a database administrator, a stolen
// backup restored with edits, an application bug or an injection that writes SQL. It does
// not stop an attacker who holds both the database and the key (root on the host): such an
// attacker can rewrite history and re-seal it. It also cannot, by itself, detect a rollback
// of the entries table and the anchor together to an earlier, consistent state; against that,
// copy the head (`sarhad audit verify` prints it) to somewhere the attacker cannot write, or
// let an external NATS cluster keep the published heads (subject sarhad.audit.head), and
// compare. The log records actions, never secrets: no passwords, tokens or session ids.
package audit

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"slices"

	"github.com/sarhad-osint/sarhad"
)

// GenesisHash is the PrevHash of the first entry.
var GenesisHash = hex.EncodeToString(make([]byte, sha256.Size))

// encodingVersion is the first byte of Canonical; a new layout gets a new version.
const encodingVersion = 1

// Canonical returns the canonical encoding of e that its hash covers: a version byte, then
// Seq, Time (Unix nanoseconds, UTC), Actor, Agency, Action, Object, Marking, Owner and the
// Detail pairs sorted by key, each string prefixed with its length (uint32, little-endian)
// and each integer as 8 bytes little-endian. PrevHash, Hash and MAC are not part of it.
func Canonical(e *sarhad.AuditEntry) []byte {
	b := make([]byte, 0, 128)
	b = append(b, encodingVersion)
	num := func(v int64) { b = binary.LittleEndian.AppendUint64(b, uint64(v)) }
	str := func(s string) {
		b = binary.LittleEndian.AppendUint32(b, uint32(len(s)))
		b = append(b, s...)
	}
	num(e.Seq)
	if e.Time.IsZero() {
		num(0)
	} else {
		num(e.Time.UnixNano())
	}
	str(e.Actor)
	str(e.Agency)
	str(e.Action)
	str(e.Object)
	str(string(e.Marking))
	str(e.Owner)
	keys := make([]string, 0, len(e.Detail))
	for k := range e.Detail {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	num(int64(len(keys)))
	for _, k := range keys {
		str(k)
		str(e.Detail[k])
	}
	return b
}

// Hash returns the hex hash of e chained to prev (a hex hash).
func Hash(prev string, e *sarhad.AuditEntry) (string, error) {
	p, err := hex.DecodeString(prev)
	if err != nil || len(p) != sha256.Size {
		return "", fmt.Errorf("audit: previous hash %q is not a hex SHA-256", prev)
	}
	h := sha256.New()
	h.Write(p)
	h.Write(Canonical(e))
	return hex.EncodeToString(h.Sum(nil)), nil
}

// Key is the secret that seals entries and the head anchor.
type Key []byte

// KeySize is the size of a generated key in bytes.
const KeySize = 32

func (k Key) mac(kind string, seq int64, hash string) string {
	m := hmac.New(sha256.New, k)
	m.Write([]byte(kind))
	m.Write(binary.LittleEndian.AppendUint64(nil, uint64(seq)))
	m.Write([]byte(hash))
	return hex.EncodeToString(m.Sum(nil))
}

// EntryMAC returns the seal of the entry with sequence number seq and hash hash.
func (k Key) EntryMAC(seq int64, hash string) string { return k.mac("entry", seq, hash) }

// HeadMAC returns the seal of a head anchor.
func (k Key) HeadMAC(seq int64, hash string) string { return k.mac("head", seq, hash) }

// ValidMAC compares a seal in constant time.
func ValidMAC(got, want string) bool { return hmac.Equal([]byte(got), []byte(want)) }

// Head is the anchor of the log: the sequence number and hash of the newest entry, sealed.
// The zero Head (Seq 0) is the anchor of an empty log.
type Head struct {
	Seq  int64
	Hash string
	MAC  string
}

// Seal fills e's Seq, PrevHash, Hash and MAC as the entry that follows head, and returns the
// new head. It is what a store calls inside the transaction that appends e.
func (k Key) Seal(head Head, e *sarhad.AuditEntry) (Head, error) {
	prev := head.Hash
	if head.Seq == 0 {
		prev = GenesisHash
	}
	e.Seq = head.Seq + 1
	e.PrevHash = prev
	h, err := Hash(prev, e)
	if err != nil {
		return Head{}, err
	}
	e.Hash = h
	e.MAC = k.EntryMAC(e.Seq, h)
	return Head{Seq: e.Seq, Hash: h, MAC: k.HeadMAC(e.Seq, h)}, nil
}
