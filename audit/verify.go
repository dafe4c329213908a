package audit

import (
	"fmt"

	"github.com/sarhad-osint/sarhad"
)

// Problem is the first thing found wrong with a log: the sequence number of the first bad or
// missing entry and why.
type Problem struct {
	Seq    int64
	Reason string
}

// Error returns the problem as one line.
func (p *Problem) Error() string { return fmt.Sprintf("entry %d: %s", p.Seq, p.Reason) }

// Result is the outcome of verifying a log.
type Result struct {
	// Entries counts the entries read.
	Entries int64
	// Last is the newest entry's sequence number and hash as read.
	Last Head
	// Anchor is the stored head anchor (zero when the store has none).
	Anchor Head
	// KeyChecked is true when the seals were checked (a key was given).
	KeyChecked bool
	// Problem is the first problem found; nil when the log is intact.
	Problem *Problem
}

// Verifier checks a log's entries one at a time, in sequence order, and then its anchor.
type Verifier struct {
	key     Key
	res     Result
	prev    string
	stopped bool
}

// NewVerifier returns a verifier. With a nil key it checks the chain only: it then detects
// edits and deletions by anyone who does not recompute the hashes, but not a rewritten tail.
func NewVerifier(key Key) *Verifier {
	return &Verifier{key: key, prev: GenesisHash, res: Result{KeyChecked: key != nil}}
}

func (v *Verifier) fail(seq int64, format string, args ...any) bool {
	v.res.Problem = &Problem{Seq: seq, Reason: fmt.Sprintf(format, args...)}
	v.stopped = true
	return false
}

// Add checks the next entry. It returns false once a problem has been found; later entries
// are then ignored.
func (v *Verifier) Add(e *sarhad.AuditEntry) bool {
	if v.stopped {
		return false
	}
	want := v.res.Last.Seq + 1
	switch {
	case e.Seq < want:
		return v.fail(e.Seq, "appears twice or out of order")
	case e.Seq > want && want == e.Seq-1:
		return v.fail(want, "is missing (deleted)")
	case e.Seq > want:
		return v.fail(want, "entries %d to %d are missing (deleted)", want, e.Seq-1)
	}
	if e.PrevHash != v.prev {
		return v.fail(e.Seq, "its previous hash does not match entry %d (an earlier entry was edited, deleted or replaced)", e.Seq-1)
	}
	h, err := Hash(e.PrevHash, e)
	if err != nil || h != e.Hash {
		return v.fail(e.Seq, "its content does not match its hash (the entry was edited)")
	}
	if v.key != nil && !ValidMAC(e.MAC, v.key.EntryMAC(e.Seq, e.Hash)) {
		return v.fail(e.Seq, "its seal does not match (the entry was rewritten without the key)")
	}
	v.prev = e.Hash
	v.res.Entries++
	v.res.Last = Head{Seq: e.Seq, Hash: e.Hash}
	return true
}

// Finish checks the head anchor against the last entry and returns the result. hasAnchor is
// false when the store holds no anchor (a log that was never written to).
func (v *Verifier) Finish(anchor Head, hasAnchor bool) Result {
	v.res.Anchor = anchor
	if v.stopped {
		return v.res
	}
	last := v.res.Last
	if !hasAnchor {
		if last.Seq > 0 {
			v.fail(last.Seq, "the head anchor is missing (it was deleted)")
		}
		return v.res
	}
	if v.key != nil && !ValidMAC(anchor.MAC, v.key.HeadMAC(anchor.Seq, anchor.Hash)) {
		v.fail(anchor.Seq, "the head anchor's seal does not match (the anchor was rewritten without the key)")
		return v.res
	}
	switch {
	case anchor.Seq > last.Seq && anchor.Seq == last.Seq+1:
		v.fail(last.Seq+1, "is missing: the log ends at entry %d but the head anchor names entry %d (the newest entry was deleted)", last.Seq, anchor.Seq)
	case anchor.Seq > last.Seq:
		v.fail(last.Seq+1, "is missing: the log ends at entry %d but the head anchor names entry %d (the newest entries were deleted)", last.Seq, anchor.Seq)
	case anchor.Seq < last.Seq:
		v.fail(anchor.Seq+1, "follows the head anchor (entry %d): entries were appended without the anchor", anchor.Seq)
	case anchor.Hash != last.Hash:
		v.fail(last.Seq, "its hash does not match the head anchor (the entry was replaced)")
	}
	return v.res
}
