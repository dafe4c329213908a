package auth

import (
	"strings"
	"testing"
	"time"
)

// testParams keep the tests fast; the format and the checks are the same as with
// DefaultParams.
var testParams = Params{Time: 1, MemoryKiB: 64, Threads: 1, SaltLen: 16, KeyLen: 32}

func TestPassword(t *testing.T) {
	h, err := HashPassword("correct horse battery", testParams)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Fatalf("hash %q", h)
	}
	h2, _ := HashPassword("correct horse battery", testParams)
	if h == h2 {
		t.Fatal("two hashes of one password are equal: no salt")
	}
	tests := []struct {
		name, hash, password string
		want                 bool
	}{
		{"right", h, "correct horse battery", true},
		{"wrong", h, "correct horse batterz", false},
		{"empty password", h, "", false},
		{"empty hash", "", "correct horse battery", false},
		{"garbage hash", "$argon2id$v=19$m=x$y$z", "correct horse battery", false},
		{"bcrypt hash", "$2a$10$abcdefghijklmnopqrstuv", "correct horse battery", false},
		{"argon2i", strings.Replace(h, "argon2id", "argon2i", 1), "correct horse battery", false},
		{"huge memory", strings.Replace(h, "m=64,", "m=99999999,", 1), "correct horse battery", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := CheckPassword(tc.hash, tc.password); got != tc.want {
				t.Fatalf("CheckPassword = %v", got)
			}
		})
	}
	if _, err := HashPassword("short", testParams); err == nil {
		t.Fatal("short password accepted")
	}
}

func TestDefaultParamsHash(t *testing.T) {
	if testing.Short() {
		t.Skip("argon2id with 64 MiB")
	}
	h, err := HashPassword("a long enough password", DefaultParams)
	if err != nil || !strings.HasPrefix(h, "$argon2id$v=19$m=65536,t=3,p=4$") || !CheckPassword(h, "a long enough password") {
		t.Fatalf("default params: %q %v", h, err)
	}
}

func TestTokens(t *testing.T) {
	a, b := NewAPIToken(), NewAPIToken()
	if a == b || !WellFormed(a, APITokenPrefix) || WellFormed(a+"x", APITokenPrefix) || WellFormed("sarhad_x", APITokenPrefix) {
		t.Fatalf("tokens %q %q", a, b)
	}
	if len(TokenHash(a)) != 32 || string(TokenHash(a)) == string(TokenHash(b)) {
		t.Fatal("token hash")
	}
	s := NewSessionToken()
	if !WellFormed(s, SessionPrefix) || WellFormed(s, APITokenPrefix) || WellFormed(a, SessionPrefix) {
		t.Fatalf("session token %q", s)
	}
	c := CSRFToken(s)
	if !CheckCSRF(s, c) || CheckCSRF(s, "") || CheckCSRF("", c) || CheckCSRF(NewSessionToken(), c) || CheckCSRF(s, c[:len(c)-1]) {
		t.Fatal("csrf check")
	}
}

type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time      { return c.t }
func (c *fakeClock) add(d time.Duration) { c.t = c.t.Add(d) }
func newGuard(c *fakeClock) *LoginGuard {
	g := NewLoginGuard()
	g.IP.now, g.Account.now = c.now, c.now
	return g
}
func (g *LoginGuard) try(ip, acct string) bool { ok, _ := g.Attempt(ip, acct); return ok }

func TestLoginGuard(t *testing.T) {
	t.Run("per account", func(t *testing.T) {
		c := &fakeClock{time.Unix(1e9, 0)}
		g := newGuard(c)
		// Five failures from five addresses, then the account is throttled for every address.
		for i := range 5 {
			ip := "10.0.0." + string(rune('1'+i))
			if !g.try(ip, "alice") {
				t.Fatalf("attempt %d refused", i+1)
			}
			g.Failed("alice")
		}
		ok, wait := g.Attempt("10.9.9.9", "alice")
		if ok || wait <= 0 || wait > 30*time.Second {
			t.Fatalf("sixth attempt: ok=%v wait=%v", ok, wait)
		}
		if !g.try("10.9.9.9", "bob") {
			t.Fatal("another account is throttled too")
		}
		c.add(30 * time.Second)
		if !g.try("10.9.9.9", "alice") {
			t.Fatal("not allowed again after 30 s")
		}
		g.Failed("alice")
		if g.try("10.9.9.9", "alice") {
			t.Fatal("allowed twice after 30 s")
		}
	})
	t.Run("success refills the account", func(t *testing.T) {
		c := &fakeClock{time.Unix(1e9, 0)}
		g := newGuard(c)
		for range 4 {
			g.try("10.0.0.1", "alice")
			g.Failed("alice")
		}
		g.Succeeded("alice")
		for i := range 5 {
			if !g.try("10.0.0.1", "alice") {
				t.Fatalf("attempt %d after a success refused", i+1)
			}
			g.Failed("alice")
		}
	})
	t.Run("per address", func(t *testing.T) {
		c := &fakeClock{time.Unix(1e9, 0)}
		g := newGuard(c)
		// Password spraying: one address, many accounts.
		for i := range 20 {
			if !g.try("10.0.0.1", "user"+string(rune('a'+i))) {
				t.Fatalf("attempt %d refused", i+1)
			}
		}
		if g.try("10.0.0.1", "zed") {
			t.Fatal("21st attempt from one address allowed")
		}
		if !g.try("10.0.0.2", "zed") {
			t.Fatal("another address is throttled too")
		}
		c.add(3 * time.Second)
		if !g.try("10.0.0.1", "zed") {
			t.Fatal("address not allowed again after 3 s")
		}
	})
}

func TestLimiterBounded(t *testing.T) {
	c := &fakeClock{time.Unix(1e9, 0)}
	l := NewLimiter(1, time.Hour)
	l.now, l.maxKeys = c.now, 100
	for i := range 1000 {
		c.add(time.Millisecond)
		l.Take(string(rune(i)))
	}
	if n := len(l.buckets); n > 100 {
		t.Fatalf("%d buckets kept", n)
	}
}
