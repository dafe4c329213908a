package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/sarhad-osint/sarhad"
)

// This file is the store of agencies, users, credentials and shares (migration 0020). Secrets
// arrive hashed: API tokens and session tokens as SHA-256, passwords as argon2id PHC strings.

// nameKey is the case-insensitive key of a user name.
func nameKey(name string) string { return strings.ToLower(name) }

// withTx runs f in a write transaction and commits it when f returns nil.
func (s *Store) withTx(ctx context.Context, f func(tx *sql.Tx) error) error {
	tx, err := s.wdb.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := f(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// ensureAgency returns the id of the agency name, creating it when new.
func (s *Store) ensureAgency(ctx context.Context, tx *sql.Tx, name string) (id int64, created bool, err error) {
	err = tx.QueryRowContext(ctx, `SELECT id FROM agencies WHERE name = $1`, name).Scan(&id)
	if err == nil {
		return id, false, nil
	} else if !errors.Is(err, sql.ErrNoRows) {
		return 0, false, err
	}
	err = tx.QueryRowContext(ctx, `INSERT INTO agencies (name, created_at) VALUES ($1, $2) RETURNING id`,
		name, s.now().UnixNano()).Scan(&id)
	return id, err == nil, err
}

// AddAgency creates an agency; created is false when it exists.
func (s *Store) AddAgency(ctx context.Context, name string) (created bool, err error) {
	if err := sarhad.ValidateName("agency", name); err != nil {
		return false, err
	}
	err = s.withTx(ctx, func(tx *sql.Tx) error {
		_, created, err = s.ensureAgency(ctx, tx, name)
		return err
	})
	if err != nil {
		return false, fmt.Errorf("add agency: %w", err)
	}
	return created, nil
}

// Agencies lists the agencies by name.
func (s *Store) Agencies(ctx context.Context) ([]sarhad.Agency, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT name, created_at FROM agencies ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("agencies: %w", err)
	}
	defer rows.Close()
	var out []sarhad.Agency
	for rows.Next() {
		var a sarhad.Agency
		var at int64
		if err := rows.Scan(&a.Name, &at); err != nil {
			return nil, fmt.Errorf("agencies: %w", err)
		}
		a.CreatedAt = time.Unix(0, at).UTC()
		out = append(out, a)
	}
	return out, rows.Err()
}

// CreateUser creates user u (Name, Agency, Role) with one API token (its SHA-256) and, when
// passwordHash is not empty, a password; the agency is created when new (agencyCreated).
// ECONFLICT when the name is taken (names are unique regardless of case).
func (s *Store) CreateUser(ctx context.Context, u sarhad.User, passwordHash string, tokenHash []byte) (user sarhad.User, agencyCreated bool, err error) {
	if err := sarhad.ValidateName("user name", u.Name); err != nil {
		return u, false, err
	}
	if err := sarhad.ValidateName("agency", u.Agency); err != nil {
		return u, false, err
	}
	if _, ok := sarhad.ParseRole(string(u.Role)); !ok {
		return u, false, sarhad.Errorf(sarhad.EINVALID, "role %q is not viewer, analyst or admin", u.Role)
	}
	now := s.now()
	err = s.withTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE name_key = $1`, nameKey(u.Name)).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return sarhad.Errorf(sarhad.ECONFLICT, "user %q exists", u.Name)
		}
		agency, created, err := s.ensureAgency(ctx, tx, u.Agency)
		if err != nil {
			return err
		}
		agencyCreated = created
		if err := tx.QueryRowContext(ctx, `INSERT INTO users (name, name_key, agency_id, role, password_hash, created_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
			u.Name, nameKey(u.Name), agency, string(u.Role), passwordHash, now.UnixNano()).Scan(&u.ID); err != nil {
			return err
		}
		if len(tokenHash) > 0 {
			if _, err := tx.ExecContext(ctx, `INSERT INTO api_tokens (hash, user_id, created_at) VALUES ($1, $2, $3)`,
				tokenHash, u.ID, now.UnixNano()); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		if sarhad.ErrorCode(err) != sarhad.EINTERNAL {
			return u, false, err
		}
		return u, false, fmt.Errorf("create user: %w", err)
	}
	u.HasPassword, u.CreatedAt = passwordHash != "", now.UTC()
	return u, agencyCreated, nil
}

// userID returns the id of the user named name; ENOTFOUND when none.
func (s *Store) userID(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, name string) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `SELECT id FROM users WHERE name_key = $1`, nameKey(name)).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, sarhad.Errorf(sarhad.ENOTFOUND, "user %q not found", name)
	}
	return id, err
}

// SetPassword sets the password hash of the user named name; ENOTFOUND when none.
func (s *Store) SetPassword(ctx context.Context, name, passwordHash string) error {
	return s.withTx(ctx, func(tx *sql.Tx) error {
		id, err := s.userID(ctx, tx, name)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE users SET password_hash = $1 WHERE id = $2`, passwordHash, id)
		return err
	})
}

// AddToken adds an API token (its SHA-256) to the user named name; ENOTFOUND when none.
func (s *Store) AddToken(ctx context.Context, name string, tokenHash []byte) error {
	return s.withTx(ctx, func(tx *sql.Tx) error {
		id, err := s.userID(ctx, tx, name)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO api_tokens (hash, user_id, created_at) VALUES ($1, $2, $3)`,
			tokenHash, id, s.now().UnixNano())
		return err
	})
}

// userSelect reads a user with its agency, for a users table aliased u joined to agencies a.
const userSelect = `u.id, u.name, a.name, u.role, u.password_hash, u.created_at`

func scanUser(sc interface{ Scan(...any) error }) (sarhad.User, string, error) {
	var u sarhad.User
	var role, hash string
	var at int64
	if err := sc.Scan(&u.ID, &u.Name, &u.Agency, &role, &hash, &at); err != nil {
		return u, "", err
	}
	u.Role, u.HasPassword, u.CreatedAt = sarhad.Role(role), hash != "", time.Unix(0, at).UTC()
	return u, hash, nil
}

func (s *Store) oneUser(ctx context.Context, query string, args ...any) (sarhad.User, string, error) {
	u, hash, err := scanUser(s.db.QueryRowContext(ctx, query, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return u, "", sarhad.Errorf(sarhad.ENOTFOUND, "no such user")
	} else if err != nil {
		return u, "", fmt.Errorf("user: %w", err)
	}
	return u, hash, nil
}

// amberSelect is a column listing, separated by unit separators (agency names never hold
// one), the agencies that share their TLP:AMBER records with the agency aliased a.
func (s *Store) amberSelect() string {
	agg := "group_concat(f.name, char(31))"
	if s.dialect == Postgres {
		agg = "string_agg(f.name, chr(31) ORDER BY f.name)"
	}
	return `(SELECT ` + agg + ` FROM agency_shares x JOIN agencies f ON f.id = x.from_agency WHERE x.to_agency = a.id)`
}

// principal reads one user with the agencies that share with its agency, in one query.
func (s *Store) principal(ctx context.Context, query string, args ...any) (sarhad.User, []string, error) {
	var from sql.NullString
	var u sarhad.User
	var role, hash string
	var at int64
	err := s.db.QueryRowContext(ctx, query, args...).Scan(&u.ID, &u.Name, &u.Agency, &role, &hash, &at, &from)
	if errors.Is(err, sql.ErrNoRows) {
		return u, nil, sarhad.Errorf(sarhad.ENOTFOUND, "no such user")
	} else if err != nil {
		return u, nil, fmt.Errorf("user: %w", err)
	}
	u.Role, u.HasPassword, u.CreatedAt = sarhad.Role(role), hash != "", time.Unix(0, at).UTC()
	var amber []string
	if from.String != "" {
		amber = strings.Split(from.String, "\x1f")
		slices.Sort(amber)
	}
	return u, amber, nil
}

// UserByToken returns the user of an API token, given its SHA-256, and the agencies that
// share their TLP:AMBER records with the user's agency; ENOTFOUND when there is no such
// token. One query: it runs on every API request.
func (s *Store) UserByToken(ctx context.Context, hash []byte) (sarhad.User, []string, error) {
	return s.principal(ctx, `SELECT `+userSelect+`, `+s.amberSelect()+` FROM api_tokens t JOIN users u ON u.id = t.user_id
		JOIN agencies a ON a.id = u.agency_id WHERE t.hash = $1`, hash)
}

// UserBySession is UserByToken for a session unexpired at now, given the SHA-256 of the
// session token.
func (s *Store) UserBySession(ctx context.Context, hash []byte, now time.Time) (sarhad.User, []string, error) {
	return s.principal(ctx, `SELECT `+userSelect+`, `+s.amberSelect()+` FROM sessions x0 JOIN users u ON u.id = x0.user_id
		JOIN agencies a ON a.id = u.agency_id WHERE x0.hash = $1 AND x0.expires_at > $2`, hash, now.UnixNano())
}

// UserByName returns the user named name (any case) and its password hash ("" when it has
// none); ENOTFOUND when none.
func (s *Store) UserByName(ctx context.Context, name string) (sarhad.User, string, error) {
	return s.oneUser(ctx, `SELECT `+userSelect+` FROM users u JOIN agencies a ON a.id = u.agency_id
		WHERE u.name_key = $1`, nameKey(name))
}

// Users lists the users by name.
func (s *Store) Users(ctx context.Context) ([]sarhad.User, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+userSelect+` FROM users u JOIN agencies a ON a.id = u.agency_id ORDER BY u.name_key`)
	if err != nil {
		return nil, fmt.Errorf("users: %w", err)
	}
	defer rows.Close()
	var out []sarhad.User
	for rows.Next() {
		u, _, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("users: %w", err)
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// CountUsers returns the number of users.
func (s *Store) CountUsers(ctx context.Context) (int, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM users`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count users: %w", err)
	}
	return n, nil
}

// CreateSession stores a session (the SHA-256 of its token) of a user until expires, and
// removes the expired sessions.
func (s *Store) CreateSession(ctx context.Context, userID int64, hash []byte, expires time.Time) error {
	now := s.now().UnixNano()
	err := s.withTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at <= $1`, now); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO sessions (hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)`,
			hash, userID, now, expires.UnixNano())
		return err
	})
	if err != nil {
		return fmt.Errorf("create session: %w", err)
	}
	return nil
}

// DeleteSession ends a session.
func (s *Store) DeleteSession(ctx context.Context, hash []byte) error {
	if _, err := s.wdb.ExecContext(ctx, `DELETE FROM sessions WHERE hash = $1`, hash); err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}

// AmberFrom lists the agencies that share their TLP:AMBER records with agency, by name.
func (s *Store) AmberFrom(ctx context.Context, agency string) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT f.name FROM agencies t
		JOIN agency_shares x ON x.to_agency = t.id JOIN agencies f ON f.id = x.from_agency
		WHERE t.name = $1 ORDER BY f.name`, agency)
	if err != nil {
		return nil, fmt.Errorf("shares of %s: %w", agency, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// agencyID returns the id of an existing agency; ENOTFOUND when none.
func agencyID(ctx context.Context, tx *sql.Tx, name string) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM agencies WHERE name = $1`, name).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, sarhad.Errorf(sarhad.ENOTFOUND, "agency %q not found", name)
	}
	return id, err
}

// AddShare records that s.From shares its TLP:AMBER records with s.To. Both agencies must
// exist (ENOTFOUND); sharing again is not an error.
func (s *Store) AddShare(ctx context.Context, sh sarhad.Share) error {
	if sh.From == sh.To {
		return sarhad.Errorf(sarhad.EINVALID, "an agency always sees its own records")
	}
	return s.withTx(ctx, func(tx *sql.Tx) error {
		from, err := agencyID(ctx, tx, sh.From)
		if err != nil {
			return err
		}
		to, err := agencyID(ctx, tx, sh.To)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO agency_shares (to_agency, from_agency, created_at, created_by)
			VALUES ($1, $2, $3, $4) ON CONFLICT (to_agency, from_agency) DO NOTHING`, to, from, s.now().UnixNano(), sh.CreatedBy)
		return err
	})
}

// RemoveShare withdraws a share; ENOTFOUND when there is none.
func (s *Store) RemoveShare(ctx context.Context, from, to string) error {
	return s.withTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM agency_shares WHERE
			to_agency = (SELECT id FROM agencies WHERE name = $1) AND from_agency = (SELECT id FROM agencies WHERE name = $2)`, to, from)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return sarhad.Errorf(sarhad.ENOTFOUND, "%s does not share with %s", from, to)
		}
		return nil
	})
}

// Shares lists every share, by sharing agency then receiving agency.
func (s *Store) Shares(ctx context.Context) ([]sarhad.Share, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT f.name, t.name, x.created_at, x.created_by FROM agency_shares x
		JOIN agencies f ON f.id = x.from_agency JOIN agencies t ON t.id = x.to_agency ORDER BY f.name, t.name`)
	if err != nil {
		return nil, fmt.Errorf("shares: %w", err)
	}
	defer rows.Close()
	var out []sarhad.Share
	for rows.Next() {
		var sh sarhad.Share
		var at int64
		if err := rows.Scan(&sh.From, &sh.To, &at, &sh.CreatedBy); err != nil {
			return nil, err
		}
		sh.CreatedAt = time.Unix(0, at).UTC()
		out = append(out, sh)
	}
	return out, rows.Err()
}
