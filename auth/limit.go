package auth

import (
	"sync"
	"time"
)

// Limiter is a set of token buckets keyed by a string (an IP address, an account name): each
// key may spend Burst tokens at once and regains one every Every. It is safe for concurrent
// use and bounded in memory: full buckets are forgotten, and when MaxKeys is reached the
// oldest-refilled half is dropped.
type Limiter struct {
	burst   float64
	every   time.Duration
	maxKeys int
	// now is the clock, replaced in tests.
	now func() time.Time

	mu      sync.Mutex
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	at     time.Time // when tokens was last computed
}

// NewLimiter returns a limiter of burst tokens per key, one regained every every.
func NewLimiter(burst int, every time.Duration) *Limiter {
	return &Limiter{burst: float64(burst), every: every, maxKeys: 100_000, now: time.Now, buckets: map[string]*bucket{}}
}

// refill returns the bucket of key brought up to now (nil when it would be full).
func (l *Limiter) refill(key string, now time.Time) *bucket {
	b := l.buckets[key]
	if b == nil {
		return nil
	}
	b.tokens += float64(now.Sub(b.at)) / float64(l.every)
	b.at = now
	if b.tokens >= l.burst {
		delete(l.buckets, key)
		return nil
	}
	return b
}

// wait returns how long until b holds one token.
func (l *Limiter) wait(b *bucket) time.Duration {
	return time.Duration((1 - b.tokens) * float64(l.every))
}

// Allow reports whether key has a token left, without spending it, and if not how long
// until it has.
func (l *Limiter) Allow(key string) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.refill(key, l.now())
	if b == nil || b.tokens >= 1 {
		return true, 0
	}
	return false, l.wait(b)
}

// Take spends one token of key. It returns false, and how long to wait, when none is left.
func (l *Limiter) Take(key string) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	b := l.refill(key, now)
	if b == nil {
		if len(l.buckets) >= l.maxKeys {
			l.evict()
		}
		b = &bucket{tokens: l.burst, at: now}
		l.buckets[key] = b
	}
	if b.tokens < 1 {
		return false, l.wait(b)
	}
	b.tokens--
	return true, 0
}

// Reset forgets key (its bucket is full again).
func (l *Limiter) Reset(key string) {
	l.mu.Lock()
	delete(l.buckets, key)
	l.mu.Unlock()
}

// evict drops the buckets that were refilled longest ago, half of them.
func (l *Limiter) evict() {
	var oldest time.Time
	n := 0
	for _, b := range l.buckets {
		if n == 0 || b.at.Before(oldest) {
			oldest = b.at
		}
		n++
	}
	cut := oldest.Add(l.now().Sub(oldest) / 2)
	for k, b := range l.buckets {
		if b.at.Before(cut) || b.at.Equal(oldest) {
			delete(l.buckets, k)
		}
	}
}

// LoginGuard throttles password sign-ins per client address and per account. Every attempt
// spends a token of its address; every failure spends a token of its account, and a success
// refills the account. An attacker spraying one password over many accounts is stopped by
// the address limit, one guessing one account from many addresses by the account limit.
type LoginGuard struct {
	IP      *Limiter
	Account *Limiter
}

// NewLoginGuard returns the default guard: per address 20 attempts, then one every 3 s (20 a
// minute); per account 5 failures, then one every 30 s.
func NewLoginGuard() *LoginGuard {
	return &LoginGuard{IP: NewLimiter(20, 3*time.Second), Account: NewLimiter(5, 30*time.Second)}
}

// Attempt records a sign-in attempt from ip for account. It returns false, and how long to
// wait, when either limit is exhausted; the password must then not be checked at all.
func (g *LoginGuard) Attempt(ip, account string) (bool, time.Duration) {
	if ok, wait := g.Account.Allow(account); !ok {
		return false, wait
	}
	return g.IP.Take(ip)
}

// Failed records a failed attempt on account.
func (g *LoginGuard) Failed(account string) { g.Account.Take(account) }

// Succeeded records a successful sign-in on account.
func (g *LoginGuard) Succeeded(account string) { g.Account.Reset(account) }
