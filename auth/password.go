// Package auth holds the credential algorithms of Sarhad: argon2id password hashes, API and
// session tokens (random 256-bit secrets stored only as SHA-256 hashes), CSRF tokens bound to
// a session, and the login rate limiter. It keeps no state on disk; the store keeps the
// hashes and httpapi the cookies.
package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"
	"sync"

	"golang.org/x/crypto/argon2"
)

// Params are argon2id parameters.
type Params struct {
	// Time is the number of passes over memory.
	Time uint32
	// MemoryKiB is the memory used, in KiB.
	MemoryKiB uint32
	// Threads is the degree of parallelism (lanes).
	Threads uint8
	// SaltLen and KeyLen are the salt and hash sizes in bytes.
	SaltLen, KeyLen uint32
}

// DefaultParams are the second recommended option of RFC 9106 (section 4) for memory-
// constrained machines: 3 passes over 64 MiB with 4 lanes, a 16-byte salt and a 32-byte tag.
// On the reference machine (2 cores) one hash takes about 0.1–0.2 s. The parameters are
// stored in each hash, so they can be raised later without invalidating existing hashes.
var DefaultParams = Params{Time: 3, MemoryKiB: 64 * 1024, Threads: 4, SaltLen: 16, KeyLen: 32}

// hashSlots bounds how many hashes run at once, so that a burst of logins cannot take more
// than hashSlots × MemoryKiB of memory.
var hashSlots = make(chan struct{}, 2)

func withSlot(f func()) {
	hashSlots <- struct{}{}
	defer func() { <-hashSlots }()
	f()
}

// MinPasswordLength is the shortest password HashPassword accepts, in bytes.
const MinPasswordLength = 12

// MaxPasswordLength bounds a password, in bytes, so that hashing cost cannot be inflated.
const MaxPasswordLength = 1024

// HashPassword returns the PHC-format argon2id hash of password with p:
// $argon2id$v=19$m=65536,t=3,p=4$<salt>$<hash> (unpadded standard base64).
func HashPassword(password string, p Params) (string, error) {
	if len(password) < MinPasswordLength {
		return "", fmt.Errorf("password is shorter than %d characters", MinPasswordLength)
	}
	if len(password) > MaxPasswordLength {
		return "", fmt.Errorf("password is longer than %d bytes", MaxPasswordLength)
	}
	salt := make([]byte, p.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	var key []byte
	withSlot(func() { key = argon2.IDKey([]byte(password), salt, p.Time, p.MemoryKiB, p.Threads, p.KeyLen) })
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.MemoryKiB, p.Time, p.Threads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// parseHash reads a PHC argon2id hash.
func parseHash(encoded string) (p Params, salt, key []byte, err error) {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return p, nil, nil, fmt.Errorf("not an argon2id hash")
	}
	var v int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &v); err != nil || v != argon2.Version {
		return p, nil, nil, fmt.Errorf("unsupported argon2 version")
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.MemoryKiB, &p.Time, &p.Threads); err != nil {
		return p, nil, nil, fmt.Errorf("bad argon2 parameters")
	}
	if p.MemoryKiB > 4<<20 || p.Time > 64 || p.Time == 0 || p.Threads == 0 {
		return p, nil, nil, fmt.Errorf("argon2 parameters out of range")
	}
	b64 := base64.RawStdEncoding
	if salt, err = b64.DecodeString(parts[4]); err != nil {
		return p, nil, nil, fmt.Errorf("bad salt")
	}
	if key, err = b64.DecodeString(parts[5]); err != nil || len(key) < 16 {
		return p, nil, nil, fmt.Errorf("bad hash")
	}
	p.SaltLen, p.KeyLen = uint32(len(salt)), uint32(len(key))
	return p, salt, key, nil
}

// CheckPassword reports whether password matches the encoded hash. An empty or malformed
// hash never matches.
func CheckPassword(encoded, password string) bool {
	if len(password) > MaxPasswordLength {
		return false
	}
	p, salt, key, err := parseHash(encoded)
	if err != nil {
		return false
	}
	var got []byte
	withSlot(func() { got = argon2.IDKey([]byte(password), salt, p.Time, p.MemoryKiB, p.Threads, p.KeyLen) })
	return subtle.ConstantTimeCompare(got, key) == 1
}

var (
	dummyOnce sync.Once
	dummy     string
)

// CheckNoPassword spends the time of one CheckPassword with DefaultParams and returns false:
// a sign-in for an unknown user or a user without a password takes as long as a wrong
// password, so that timing does not tell which user names exist.
func CheckNoPassword(password string) bool {
	dummyOnce.Do(func() { dummy, _ = HashPassword("sarhad-dummy-password", DefaultParams) })
	CheckPassword(dummy, password)
	return false
}
