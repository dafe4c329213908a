package sarhad

import (
	"strings"
	"time"
	"unicode"
)

// Agency is an organisation in a fusion cell (a counter-terrorism department, a police force,
// a frontier corps, a research institute). Every report and event is owned by one agency, and
// the TLP marking says who outside it may read it.
type Agency struct {
	Name      string
	CreatedAt time.Time
}

// User is an account that signs in to the web application or calls the API with a token. It
// holds a login name, an agency and a role, nothing else about the person.
type User struct {
	ID     int64
	Name   string
	Agency string
	Role   Role
	// HasPassword is true when the user may sign in to the browser UI with a password.
	HasPassword bool
	CreatedAt   time.Time
}

// Viewer returns the viewer of u, given the agencies that share their TLP:AMBER records with
// u's agency.
func (u User) Viewer(amberFrom []string) Viewer {
	return Viewer{UserID: u.ID, Name: u.Name, Agency: u.Agency, Role: u.Role, AmberFrom: amberFrom}
}

// Share says that agency From shares its TLP:AMBER records with agency To. Sharing is one-way
// and never covers TLP:AMBER+STRICT or TLP:RED, which stay inside the owning agency.
type Share struct {
	From      string
	To        string
	CreatedAt time.Time
	// CreatedBy is the name of the user (or "cli") who decided the share.
	CreatedBy string
}

// MaxNameLength bounds user and agency names, in runes.
const MaxNameLength = 64

// ValidateName checks a user or agency name: 1 to MaxNameLength runes of letters, digits,
// spaces and . _ - @, not starting or ending with a space. what names the field in messages.
func ValidateName(what, name string) error {
	if name == "" {
		return Errorf(EINVALID, "%s is required", what)
	}
	if strings.TrimSpace(name) != name {
		return Errorf(EINVALID, "%s %q starts or ends with a space", what, name)
	}
	n := 0
	for _, r := range name {
		n++
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune(" ._-@", r) {
			return Errorf(EINVALID, "%s %q may hold only letters, digits, spaces and . _ - @", what, name)
		}
	}
	if n > MaxNameLength {
		return Errorf(EINVALID, "%s is longer than %d characters", what, MaxNameLength)
	}
	return nil
}
