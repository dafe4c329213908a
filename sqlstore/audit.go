package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/sarhad-osint/sarhad"
	"github.com/sarhad-osint/sarhad/audit"
)

// This file stores the audit log (migration 0021) for package audit: the entries and the
// sealed head anchor, written in one transaction per entry.

// errNoAnchor is returned when entries exist but the anchor row does not: the anchor was
// deleted, and appending would hide that.
var errNoAnchor = errors.New("the audit log has entries but no head anchor; run `sarhad audit verify`")

// AppendAudit appends e to the audit log: in one write transaction (serialized on SQLite by
// the single writer, on PostgreSQL by a transaction-scoped advisory lock) it reads the head
// anchor, lets seal chain and seal the entry, inserts it and moves the anchor.
func (s *Store) AppendAudit(ctx context.Context, e sarhad.AuditEntry, seal func(audit.Head, *sarhad.AuditEntry) (audit.Head, error)) (sarhad.AuditEntry, error) {
	var detail any
	if len(e.Detail) > 0 {
		b, err := json.Marshal(e.Detail)
		if err != nil {
			return e, fmt.Errorf("append audit: %w", err)
		}
		detail = string(b)
	}
	err := s.withTx(ctx, func(tx *sql.Tx) error {
		if s.dialect == Postgres {
			if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtext('sarhad.audit.' || current_schema()))`); err != nil {
				return err
			}
		}
		var head audit.Head
		err := tx.QueryRowContext(ctx, `SELECT seq, hash, mac FROM audit_head WHERE id = 1`).Scan(&head.Seq, &head.Hash, &head.MAC)
		if errors.Is(err, sql.ErrNoRows) {
			var n int64
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM audit_log`).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return errNoAnchor
			}
			head = audit.Head{}
		} else if err != nil {
			return err
		}
		next, err := seal(head, &e)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO audit_log (seq, at, actor, agency, action, object, marking, owner, detail, prev_hash, hash, mac)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
			e.Seq, e.Time.UnixNano(), e.Actor, e.Agency, e.Action, e.Object, string(e.Marking), e.Owner, detail, e.PrevHash, e.Hash, e.MAC); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO audit_head (id, seq, hash, mac) VALUES (1, $1, $2, $3)
			ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash, mac = excluded.mac`, next.Seq, next.Hash, next.MAC)
		return err
	})
	if err != nil {
		return e, fmt.Errorf("append audit: %w", err)
	}
	return e, nil
}

// AuditHead returns the head anchor; false when the log has none.
func (s *Store) AuditHead(ctx context.Context) (audit.Head, bool, error) {
	var h audit.Head
	err := s.db.QueryRowContext(ctx, `SELECT seq, hash, mac FROM audit_head WHERE id = 1`).Scan(&h.Seq, &h.Hash, &h.MAC)
	if errors.Is(err, sql.ErrNoRows) {
		return h, false, nil
	} else if err != nil {
		return h, false, fmt.Errorf("audit head: %w", err)
	}
	return h, true, nil
}

const auditSelect = `seq, at, actor, agency, action, object, marking, owner, detail, prev_hash, hash, mac`

func scanAudit(sc interface{ Scan(...any) error }) (sarhad.AuditEntry, error) {
	var e sarhad.AuditEntry
	var at int64
	var marking string
	var detail sql.NullString
	if err := sc.Scan(&e.Seq, &at, &e.Actor, &e.Agency, &e.Action, &e.Object, &marking, &e.Owner, &detail, &e.PrevHash, &e.Hash, &e.MAC); err != nil {
		return e, err
	}
	e.Time, e.Marking = time.Unix(0, at).UTC(), sarhad.Marking(marking)
	if detail.Valid {
		if err := json.Unmarshal([]byte(detail.String), &e.Detail); err != nil {
			// A detail that is no longer JSON was tampered with: return the entry with the
			// raw text, which will not hash to its recorded hash.
			e.Detail = map[string]string{"": detail.String}
		}
	}
	return e, nil
}

// StreamAudit calls fn with every audit entry in sequence order, reading a chunk at a time.
func (s *Store) StreamAudit(ctx context.Context, fn func(sarhad.AuditEntry) error) error {
	last := int64(-1 << 62)
	for {
		rows, err := s.db.QueryContext(ctx, `SELECT `+auditSelect+` FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2`, last, streamChunk)
		if err != nil {
			return fmt.Errorf("stream audit: %w", err)
		}
		var chunk []sarhad.AuditEntry
		for rows.Next() {
			e, err := scanAudit(rows)
			if err != nil {
				rows.Close()
				return fmt.Errorf("stream audit: %w", err)
			}
			chunk = append(chunk, e)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("stream audit: %w", err)
		}
		for _, e := range chunk {
			if err := fn(e); err != nil {
				return err
			}
		}
		if len(chunk) < streamChunk {
			return nil
		}
		last = chunk[len(chunk)-1].Seq
	}
}

// AuditEntries returns the entries about any of objects ("report:r-17", "event:e-5"), oldest
// first. The caller filters them by marking and owner for its viewer.
func (s *Store) AuditEntries(ctx context.Context, objects []string) ([]sarhad.AuditEntry, error) {
	if len(objects) == 0 {
		return nil, nil
	}
	q := &query{}
	q.write(`SELECT `, auditSelect, ` FROM audit_log`)
	in := make([]string, len(objects))
	for i, o := range objects {
		in[i] = q.arg(o)
	}
	q.where("object IN (" + strings.Join(in, ", ") + ")")
	q.write(" ORDER BY seq")
	var out []sarhad.AuditEntry
	err := s.queryRows(ctx, q, func(rows *sql.Rows) error {
		e, err := scanAudit(rows)
		out = append(out, e)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("audit entries: %w", err)
	}
	return out, nil
}
