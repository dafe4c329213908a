package web

import (
	"net/http"
	"strings"

	"github.com/sarhad-osint/sarhad"
)

// loginData is the data of the sign-in page.
type loginData struct {
	Name  string
	Next  string
	Error string
}

// safeNext returns a local path to go to after signing in: only same-site absolute paths,
// never another host ("//evil", "/\evil") or a scheme.
func safeNext(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") ||
		strings.ContainsAny(next, "\r\n") || strings.HasPrefix(next, "/login") {
		return "/"
	}
	return next
}

func (u *UI) handleLoginPage(w http.ResponseWriter, r *http.Request) {
	next := safeNext(r.URL.Query().Get("next"))
	if _, _, ok := u.d.Session.Principal(r); ok {
		http.Redirect(w, r, next, http.StatusSeeOther)
		return
	}
	u.render(w, r, http.StatusOK, "login", "", u.newPage(r, "Sign in", "login", loginData{Next: next}))
}

func (u *UI) handleLogin(w http.ResponseWriter, r *http.Request) {
	name, password := r.PostFormValue("name"), r.PostFormValue("password")
	next := safeNext(r.PostFormValue("next"))
	if _, err := u.d.Session.Login(w, r, name, password); err != nil {
		code := sarhad.ErrorCode(err)
		if code != sarhad.EUNAUTHORIZED && code != sarhad.ETOOMANY {
			u.fail(w, r, err)
			return
		}
		u.render(w, r, u.d.StatusOf(code), "login", "", u.newPage(r, "Sign in", "login",
			loginData{Name: name, Next: next, Error: sarhad.ErrorMessage(err)}))
		return
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (u *UI) handleLogout(w http.ResponseWriter, r *http.Request) {
	if err := u.d.Session.Logout(w, r); err != nil {
		u.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}
