package httpapi

import (
	"context"
	"encoding/json"
	"mime"
	"net/http"
	"strings"

	"github.com/sarhad-osint/sarhad"
	"github.com/sarhad-osint/sarhad/auth"
)

var errBadLogin = sarhad.Errorf(sarhad.EUNAUTHORIZED, "Wrong user name or password.")

// Login checks a user name and password, rate-limited per client address and per account,
// and on success starts a session: it sets the session cookie on w and returns the user and
// the session's CSRF token. Every attempt is audited (never the password). Failures are
// EUNAUTHORIZED with one message whatever was wrong, or ETOOMANY when throttled.
func (s *Server) Login(w http.ResponseWriter, r *http.Request, name, password string) (sarhad.User, string, error) {
	ctx := r.Context()
	ip := s.clientIP(r)
	name = strings.TrimSpace(name)
	account := strings.ToLower(name)
	fail := func(reason string, err error) (sarhad.User, string, error) {
		s.audit(ctx, sarhad.AuditEntry{Actor: name, Action: sarhad.AuditLoginFailed, Object: "user:" + name,
			Detail: map[string]string{"reason": reason, "ip": ip}})
		return sarhad.User{}, "", err
	}
	if ok, wait := s.guard.Attempt(ip, account); !ok {
		return fail("throttled", tooMany(wait))
	}
	if name == "" || password == "" {
		s.guard.Failed(account)
		return fail("empty", errBadLogin)
	}
	u, hash, err := s.deps.Accounts.UserByName(ctx, name)
	if sarhad.ErrorCode(err) == sarhad.ENOTFOUND {
		auth.CheckNoPassword(password)
		s.guard.Failed(account)
		return fail("unknown user", errBadLogin)
	} else if err != nil {
		return sarhad.User{}, "", err
	}
	if hash == "" {
		auth.CheckNoPassword(password)
		s.guard.Failed(account)
		return fail("no password set", errBadLogin)
	}
	if !auth.CheckPassword(hash, password) {
		s.guard.Failed(account)
		return fail("wrong password", errBadLogin)
	}
	s.guard.Succeeded(account)
	tok := auth.NewSessionToken()
	expires := s.now().Add(s.cfg.SessionTTL)
	if err := s.deps.Accounts.CreateSession(ctx, u.ID, auth.TokenHash(tok), expires); err != nil {
		return sarhad.User{}, "", err
	}
	s.setCookie(w, r, tok, int(s.cfg.SessionTTL.Seconds()))
	s.audit(ctx, sarhad.AuditEntry{Actor: u.Name, Agency: u.Agency, Action: sarhad.AuditLogin, Object: "user:" + u.Name,
		Detail: map[string]string{"ip": ip}})
	return u, auth.CSRFToken(tok), nil
}

// Logout ends the request's session, if any, and clears the cookie.
func (s *Server) Logout(w http.ResponseWriter, r *http.Request) error {
	p, ok := principalFrom(r.Context())
	if ok && p.session != "" {
		if err := s.deps.Accounts.DeleteSession(r.Context(), auth.TokenHash(p.session)); err != nil {
			return err
		}
		s.audit(r.Context(), sarhad.AuditEntry{Actor: p.user.Name, Agency: p.user.Agency, Action: sarhad.AuditLogout, Object: "user:" + p.user.Name})
	}
	s.setCookie(w, r, "", -1)
	return nil
}

func (s *Server) setCookie(w http.ResponseWriter, r *http.Request, value string, maxAge int) {
	secure := s.cfg.SecureCookies || s.isTLS(r)
	name := cookieName
	if secure {
		name = secureCookieName
	}
	http.SetCookie(w, &http.Cookie{Name: name, Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, Secure: secure, SameSite: http.SameSiteLaxMode})
}

// loginRequest is the body of POST /auth/login (JSON or a form).
type loginRequest struct {
	Name     string `json:"name"`
	Password string `json:"password"`
}

// userJSON is a user as the API shows it.
type userJSON struct {
	Name      string   `json:"name"`
	Agency    string   `json:"agency"`
	Role      string   `json:"role"`
	AmberFrom []string `json:"amber_from,omitempty"`
	CSRFToken string   `json:"csrf_token,omitempty"`
}

func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) {
	var req loginRequest
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct == "application/json" {
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			s.Error(w, r, sarhad.Errorf(sarhad.EINVALID, "The body is not a JSON object {\"name\", \"password\"}."))
			return
		}
	} else {
		req.Name, req.Password = r.PostFormValue("name"), r.PostFormValue("password")
	}
	u, csrf, err := s.Login(w, r, req.Name, req.Password)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, userJSON{Name: u.Name, Agency: u.Agency, Role: string(u.Role), CSRFToken: csrf})
}

func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) {
	if err := s.Logout(w, r); err != nil {
		s.Error(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) handleMe(w http.ResponseWriter, r *http.Request) {
	p, _ := principalFrom(r.Context())
	writeJSON(w, http.StatusOK, userJSON{Name: p.user.Name, Agency: p.user.Agency, Role: string(p.user.Role),
		AmberFrom: p.viewer.AmberFrom, CSRFToken: CSRFToken(r)})
}

// audit appends an entry; a failure is logged (an audit failure after a completed action
// cannot undo it) and returned.
func (s *Server) audit(ctx context.Context, e sarhad.AuditEntry) error {
	if err := s.deps.Auditor.Audit(ctx, e); err != nil {
		s.log.ErrorContext(ctx, "Audit entry not written.", "action", e.Action, "object", e.Object, "error", err)
		return err
	}
	return nil
}
