package httpapi

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net"
	"net/http"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/sarhad-osint/sarhad"
	"github.com/sarhad-osint/sarhad/auth"
)

type ctxKey int

const (
	principalKey ctxKey = iota
	requestIDKey
	generationKey
)

// principal is who made a request, and how they proved it.
type principal struct {
	user   sarhad.User
	viewer sarhad.Viewer
	// session is the raw session token when the request was authenticated by cookie (the
	// CSRF token derives from it); "" for an API token.
	session string
}

func principalFrom(ctx context.Context) (*principal, bool) {
	p, ok := ctx.Value(principalKey).(*principal)
	return p, ok
}

// UserFrom returns the signed-in user of a request context; false when the request carries
// no valid credentials.
func UserFrom(ctx context.Context) (sarhad.User, bool) {
	p, ok := principalFrom(ctx)
	if !ok {
		return sarhad.User{}, false
	}
	return p.user, true
}

// ViewerFrom returns the viewer to read with for a request context. Without credentials it is
// the zero Viewer, which sees nothing.
func ViewerFrom(ctx context.Context) sarhad.Viewer {
	if p, ok := principalFrom(ctx); ok {
		return p.viewer
	}
	return sarhad.Viewer{}
}

// Principal returns the signed-in user of a request and the viewer to read with; false when
// the request carries no valid credentials. It is the method form of UserFrom and
// ViewerFrom, for surfaces that take the server as their session mechanism.
func (s *Server) Principal(r *http.Request) (sarhad.User, sarhad.Viewer, bool) {
	p, ok := principalFrom(r.Context())
	if !ok {
		return sarhad.User{}, sarhad.Viewer{}, false
	}
	return p.user, p.viewer, true
}

// CSRFToken is the method form of the package function CSRFToken.
func (s *Server) CSRFToken(r *http.Request) string { return CSRFToken(r) }

// CSRFToken returns the CSRF token of a cookie-authenticated request, to embed in forms
// (field csrf_token) and htmx headers (X-CSRF-Token); "" otherwise.
func CSRFToken(r *http.Request) string {
	if p, ok := principalFrom(r.Context()); ok && p.session != "" {
		return auth.CSRFToken(p.session)
	}
	return ""
}

func requestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey).(string)
	return id
}

// statusWriter records the status of a response.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// recover turns a panic into a 500 and logs it with its stack.
func (s *Server) recover(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.ErrorContext(r.Context(), "Handler panicked.", "path", r.URL.Path, "panic", v, "stack", string(debug.Stack()))
				s.Error(w, r, sarhad.Errorf(sarhad.EINTERNAL, "Internal error."))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// secureHeaders sets the headers every response carries, and for the API no caching and a
// policy that forbids rendering.
func (s *Server) secureHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		if strings.HasPrefix(r.URL.Path, "/api/") || strings.HasPrefix(r.URL.Path, "/auth/") {
			h.Set("Cache-Control", "no-store")
			h.Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
		}
		next.ServeHTTP(w, r)
	})
}

// requestID tags the request with an id (X-Request-ID) and logs it at debug level.
func (s *Server) requestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var b [8]byte
		rand.Read(b[:])
		id := hex.EncodeToString(b[:])
		w.Header().Set("X-Request-ID", id)
		sw := &statusWriter{ResponseWriter: w}
		start := time.Now()
		next.ServeHTTP(sw, r.WithContext(context.WithValue(r.Context(), requestIDKey, id)))
		s.log.DebugContext(r.Context(), "Request served.", "method", r.Method, "path", r.URL.Path,
			"status", sw.status, "duration", time.Since(start), "request_id", id)
	})
}

const (
	cookieName       = "sarhad_session"
	secureCookieName = "__Host-sarhad_session"
)

// bearer returns the token of an Authorization: Bearer header.
func bearer(r *http.Request) (string, bool) {
	h := r.Header.Get("Authorization")
	if h == "" {
		return "", false
	}
	scheme, tok, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", true
	}
	return strings.TrimSpace(tok), true
}

func sessionCookie(r *http.Request) string {
	for _, name := range []string{secureCookieName, cookieName} {
		if c, err := r.Cookie(name); err == nil && c.Value != "" {
			return c.Value
		}
	}
	return ""
}

// authenticate resolves the request's credentials (an API token, else a session cookie) to a
// principal in the context. Missing or invalid credentials leave the request anonymous; the
// API gate and the UI decide what that means.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		var (
			user    sarhad.User
			from    []string
			session string
			err     error = sarhad.Errorf(sarhad.ENOTFOUND, "no credentials")
		)
		if tok, sent := bearer(r); sent {
			if auth.WellFormed(tok, auth.APITokenPrefix) {
				var data int64
				user, from, data, err = s.tokenUser(ctx, auth.TokenHash(tok))
				if err == nil {
					ctx = context.WithValue(ctx, generationKey, data)
				}
			}
		} else if c := sessionCookie(r); c != "" && auth.WellFormed(c, auth.SessionPrefix) {
			user, from, err = s.deps.Accounts.UserBySession(ctx, auth.TokenHash(c), s.now())
			session = c
		}
		switch sarhad.ErrorCode(err) {
		case "":
		case sarhad.ENOTFOUND, sarhad.EUNAUTHORIZED:
			next.ServeHTTP(w, r)
			return
		default:
			s.Error(w, r, err)
			return
		}
		p := &principal{user: user, viewer: user.Viewer(from), session: session}
		next.ServeHTTP(w, r.WithContext(context.WithValue(ctx, principalKey, p)))
	})
}

// tokenCache remembers API-token look-ups at one accounts generation. Tokens are looked up
// on every request; users, tokens, agencies and shares change rarely, and any change moves
// the generation, which empties the cache for every node of a shared database.
type tokenCache struct {
	mu  sync.Mutex
	gen int64
	m   map[string]tokenEntry
}

type tokenEntry struct {
	user sarhad.User
	from []string
}

// maxTokens bounds the token cache; a full cache is emptied.
const maxTokens = 10_000

// tokenUser returns the user of a token hash and the agencies that share with it, and the
// data generation read with the accounts generation (handlers reuse it).
func (s *Server) tokenUser(ctx context.Context, hash []byte) (sarhad.User, []string, int64, error) {
	data, accounts, err := s.deps.Accounts.Generations(ctx)
	if err != nil {
		return sarhad.User{}, nil, 0, err
	}
	c := s.tokens
	c.mu.Lock()
	if c.gen != accounts {
		clear(c.m)
		c.gen = accounts
	}
	e, ok := c.m[string(hash)]
	c.mu.Unlock()
	if ok {
		return e.user, e.from, data, nil
	}
	user, from, err := s.deps.Accounts.UserByToken(ctx, hash)
	if err != nil {
		return user, from, data, err
	}
	c.mu.Lock()
	if c.gen == accounts {
		if len(c.m) >= maxTokens {
			clear(c.m)
		}
		c.m[string(hash)] = tokenEntry{user: user, from: from}
	}
	c.mu.Unlock()
	return user, from, data, nil
}

// apiGate answers 401 to every /api/ request without valid credentials, whatever the route.
func (s *Server) apiGate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/api/") {
			if _, ok := principalFrom(r.Context()); !ok {
				s.Error(w, r, errUnauthorized)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

// protect guards unsafe requests that a browser could send on its own: cross-origin ones are
// refused, and a cookie-authenticated one must carry the session's CSRF token in the
// X-CSRF-Token header or the csrf_token form field. Requests with an API token are exempt: a
// browser never attaches one by itself.
func (s *Server) protect(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if safeMethod(r.Method) {
			next.ServeHTTP(w, r)
			return
		}
		p, ok := principalFrom(r.Context())
		if ok && p.session == "" {
			next.ServeHTTP(w, r)
			return
		}
		if err := s.cop.Check(r); err != nil {
			s.Error(w, r, errCrossOrigin)
			return
		}
		if ok {
			tok := r.Header.Get("X-CSRF-Token")
			if tok == "" {
				ct := r.Header.Get("Content-Type")
				if strings.HasPrefix(ct, "application/x-www-form-urlencoded") || strings.HasPrefix(ct, "multipart/form-data") {
					r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxBodyBytes)
					tok = r.PostFormValue("csrf_token")
				}
			}
			if !auth.CheckCSRF(p.session, tok) {
				s.Error(w, r, errCSRF)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// requireRole wraps a handler that only users of at least role min may call. Without
// credentials it answers 401, with too low a role 403 (a role is no secret of a record).
func (s *Server) requireRole(min sarhad.Role, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		p, ok := principalFrom(r.Context())
		if !ok {
			s.Error(w, r, errUnauthorized)
			return
		}
		if !p.user.Role.Can(min) {
			s.Error(w, r, errRole)
			return
		}
		h(w, r)
	}
}

// clientIP returns the address a request came from (the last X-Forwarded-For hop with
// TrustProxy).
func (s *Server) clientIP(r *http.Request) string {
	if s.cfg.TrustProxy {
		if xff := r.Header.Get("X-Forwarded-For"); xff != "" {
			parts := strings.Split(xff, ",")
			return strings.TrimSpace(parts[len(parts)-1])
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// isTLS reports whether the client's connection is HTTPS.
func (s *Server) isTLS(r *http.Request) bool {
	if r.TLS != nil {
		return true
	}
	return s.cfg.TrustProxy && strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https")
}
