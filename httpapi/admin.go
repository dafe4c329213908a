package httpapi

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/sarhad-osint/sarhad"
	"github.com/sarhad-osint/sarhad/auth"
)

// newUserRequest is the body of POST /api/v1/users.
type newUserRequest struct {
	Name     string `json:"name"`
	Agency   string `json:"agency"`
	Role     string `json:"role"`
	Password string `json:"password,omitempty"`
}

// newUserResponse shows the new user's API token, once.
type newUserResponse struct {
	userJSON
	Token string `json:"token"`
}

func (s *Server) decodeJSON(w http.ResponseWriter, r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 64<<10))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return sarhad.Errorf(sarhad.EINVALID, "The body is not the expected JSON object: %s.", strings.TrimPrefix(err.Error(), "json: "))
	}
	return nil
}

// manages reports whether admin may manage the users and shares of agency: its own, or any
// for an admin of the system agency (the operators of the installation).
func manages(admin sarhad.Viewer, agency string) bool {
	return admin.All || admin.Role.Can(sarhad.RoleAdmin) && (admin.Agency == agency || admin.Agency == sarhad.SystemAgency)
}

var errOtherAgency = sarhad.Errorf(sarhad.EFORBIDDEN, "An admin manages the users of its own agency only.")

// CreateUser creates a user (and its agency when new) with an API token, and a password
// when one is given, on behalf of admin; it audits each step and returns the token, which
// is shown once and stored only as a hash. An admin creates users of its own agency only
// (an admin of the system agency, of any): a user of another agency would read that
// agency's TLP:RED records.
func (s *Server) CreateUser(r *http.Request, admin sarhad.Viewer, name, agency string, role sarhad.Role, password string) (sarhad.User, string, error) {
	if err := sarhad.ValidateName("user name", name); err != nil {
		return sarhad.User{}, "", err
	}
	if !manages(admin, agency) {
		return sarhad.User{}, "", errOtherAgency
	}
	if err := sarhad.ValidateName("agency", agency); err != nil {
		return sarhad.User{}, "", err
	}
	hash := ""
	if password != "" {
		var err error
		if hash, err = auth.HashPassword(password, auth.DefaultParams); err != nil {
			return sarhad.User{}, "", sarhad.Errorf(sarhad.EINVALID, "%s", err.Error())
		}
	}
	tok := auth.NewAPIToken()
	u, agencyNew, err := s.deps.Admin.CreateUser(r.Context(), sarhad.User{Name: name, Agency: agency, Role: role}, hash, auth.TokenHash(tok))
	if err != nil {
		return sarhad.User{}, "", err
	}
	actor, actorAgency := sarhad.ActorOf(admin)
	if agencyNew {
		s.audit(r.Context(), sarhad.AuditEntry{Actor: actor, Agency: actorAgency, Action: sarhad.AuditAgencyAdd, Object: "agency:" + u.Agency})
	}
	s.audit(r.Context(), sarhad.AuditEntry{Actor: actor, Agency: actorAgency, Action: sarhad.AuditUserAdd, Object: "user:" + u.Name,
		Detail: map[string]string{"agency": u.Agency, "role": string(u.Role), "browser_login": boolString(hash != "")}})
	s.audit(r.Context(), sarhad.AuditEntry{Actor: actor, Agency: actorAgency, Action: sarhad.AuditTokenAdd, Object: "user:" + u.Name})
	return u, tok, nil
}

func boolString(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func (s *Server) handleCreateUser(w http.ResponseWriter, r *http.Request) {
	var req newUserRequest
	if err := s.decodeJSON(w, r, &req); err != nil {
		s.Error(w, r, err)
		return
	}
	role, ok := sarhad.ParseRole(req.Role)
	if !ok {
		s.Error(w, r, sarhad.Errorf(sarhad.EINVALID, "role %q is not viewer, analyst or admin", req.Role))
		return
	}
	u, tok, err := s.CreateUser(r, ViewerFrom(r.Context()), req.Name, req.Agency, role, req.Password)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, newUserResponse{userJSON: userJSON{Name: u.Name, Agency: u.Agency, Role: string(u.Role)}, Token: tok})
}

// handleUsers lists the users the admin manages.
func (s *Server) handleUsers(w http.ResponseWriter, r *http.Request) {
	users, err := s.deps.Admin.Users(r.Context())
	if err != nil {
		s.Error(w, r, err)
		return
	}
	admin := ViewerFrom(r.Context())
	out := []userJSON{}
	for _, u := range users {
		if manages(admin, u.Agency) {
			out = append(out, userJSON{Name: u.Name, Agency: u.Agency, Role: string(u.Role)})
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"users": out})
}

// shareJSON is a share as the API shows it.
type shareJSON struct {
	From      string    `json:"from"`
	To        string    `json:"to"`
	CreatedAt time.Time `json:"created_at"`
	CreatedBy string    `json:"created_by"`
}

// handleShares lists the shares from or to the agencies the admin manages.
func (s *Server) handleShares(w http.ResponseWriter, r *http.Request) {
	shares, err := s.deps.Admin.Shares(r.Context())
	if err != nil {
		s.Error(w, r, err)
		return
	}
	admin := ViewerFrom(r.Context())
	out := []shareJSON{}
	for _, sh := range shares {
		if manages(admin, sh.From) || manages(admin, sh.To) {
			out = append(out, shareJSON{From: sh.From, To: sh.To, CreatedAt: sh.CreatedAt.UTC(), CreatedBy: sh.CreatedBy})
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"shares": out})
}

// handleAddShare lets an admin share its own agency's TLP:AMBER records with another agency.
// Only the owner of records may share them, so the sharing agency is always the admin's.
func (s *Server) handleAddShare(w http.ResponseWriter, r *http.Request) {
	var req struct {
		With string `json:"with"`
	}
	if err := s.decodeJSON(w, r, &req); err != nil {
		s.Error(w, r, err)
		return
	}
	v := ViewerFrom(r.Context())
	if err := s.share(r, v, req.With, true); err != nil {
		s.Error(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) handleRemoveShare(w http.ResponseWriter, r *http.Request) {
	if err := s.share(r, ViewerFrom(r.Context()), r.PathValue("with"), false); err != nil {
		s.Error(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) share(r *http.Request, v sarhad.Viewer, with string, add bool) error {
	if err := sarhad.ValidateName("agency", with); err != nil {
		return err
	}
	if with == v.Agency {
		return sarhad.Errorf(sarhad.EINVALID, "An agency always sees its own records.")
	}
	actor, agency := sarhad.ActorOf(v)
	action := sarhad.AuditShareRevoke
	var err error
	if add {
		action = sarhad.AuditShareAdd
		err = s.deps.Admin.AddShare(r.Context(), sarhad.Share{From: v.Agency, To: with, CreatedBy: actor})
	} else {
		err = s.deps.Admin.RemoveShare(r.Context(), v.Agency, with)
	}
	if err != nil {
		return err
	}
	return s.audit(r.Context(), sarhad.AuditEntry{Actor: actor, Agency: agency, Action: action,
		Object: "share:" + v.Agency + ">" + with, Detail: map[string]string{"from": v.Agency, "to": with, "marking": string(sarhad.TLPAmber)}})
}
