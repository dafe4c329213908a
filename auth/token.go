package auth

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"strings"
)

// Token prefixes make leaked secrets recognisable to secret scanners and to people.
const (
	APITokenPrefix = "sarhad_"
	SessionPrefix  = "sarhad_s_"
)

// tokenBytes is the entropy of every token: 256 bits.
const tokenBytes = 32

func newSecret(prefix string) string {
	b := make([]byte, tokenBytes)
	if _, err := rand.Read(b); err != nil {
		panic("auth: crypto/rand failed: " + err.Error()) // never happens on a supported OS
	}
	return prefix + base64.RawURLEncoding.EncodeToString(b)
}

// NewAPIToken returns a new API token. Show it once; store only TokenHash of it.
func NewAPIToken() string { return newSecret(APITokenPrefix) }

// NewSessionToken returns a new session token for a cookie; store only TokenHash of it.
func NewSessionToken() string { return newSecret(SessionPrefix) }

// TokenHash returns the SHA-256 of a token, the only form in which tokens are stored. A
// fast hash is enough: the tokens are 256-bit random secrets, not guessable passwords.
func TokenHash(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// WellFormed reports whether s looks like a token of the given prefix (so that garbage is
// rejected before a database look-up).
func WellFormed(s, prefix string) bool {
	rest, ok := strings.CutPrefix(s, prefix)
	if !ok || len(rest) != base64.RawURLEncoding.EncodedLen(tokenBytes) {
		return false
	}
	_, err := base64.RawURLEncoding.DecodeString(rest)
	return err == nil
}

// CSRFToken returns the anti-CSRF token of a session: an HMAC of a fixed label under the
// session token itself. It is stable for the life of the session, needs no storage, and
// cannot be computed without the cookie, which a cross-site page cannot read.
func CSRFToken(sessionToken string) string {
	m := hmac.New(sha256.New, []byte(sessionToken))
	m.Write([]byte("sarhad csrf v1"))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// CheckCSRF compares a submitted CSRF token with the session's in constant time.
func CheckCSRF(sessionToken, submitted string) bool {
	if sessionToken == "" || submitted == "" {
		return false
	}
	return hmac.Equal([]byte(CSRFToken(sessionToken)), []byte(submitted))
}
