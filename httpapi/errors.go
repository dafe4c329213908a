package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/sarhad-osint/sarhad"
)

// codes maps each error code to its one HTTP status.
var codes = map[string]int{
	sarhad.ECONFLICT:       http.StatusConflict,
	sarhad.EINVALID:        http.StatusBadRequest,
	sarhad.ENOTFOUND:       http.StatusNotFound,
	sarhad.ENOTIMPLEMENTED: http.StatusNotImplemented,
	sarhad.EUNAUTHORIZED:   http.StatusUnauthorized,
	sarhad.EFORBIDDEN:      http.StatusForbidden,
	sarhad.ETOOMANY:        http.StatusTooManyRequests,
	sarhad.EINTERNAL:       http.StatusInternalServerError,
}

// StatusOf returns the HTTP status of an error code (500 for unknown codes).
func StatusOf(code string) int {
	if s, ok := codes[code]; ok {
		return s
	}
	return http.StatusInternalServerError
}

// retryError is an ETOOMANY error that says when to come back.
type retryError struct {
	err   *sarhad.Error
	after time.Duration
}

func (e *retryError) Error() string { return e.err.Error() }
func (e *retryError) Unwrap() error { return e.err }

// tooMany returns a too-many-requests error with a Retry-After.
func tooMany(after time.Duration) error {
	return &retryError{sarhad.Errorf(sarhad.ETOOMANY, "Too many sign-in attempts; try again later."), after}
}

// errorBody is the JSON of every error response.
type errorBody struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// Error writes err as a JSON error response with the status of its code. It is the one place
// that logs request errors: internal errors at error level with their cause, others not at
// all (they are the client's). Messages of internal errors never reach the client. A request
// the client gave up on (its context canceled) is logged at debug level: nothing failed on
// the server's side, and no one reads the answer.
func (s *Server) Error(w http.ResponseWriter, r *http.Request, err error) {
	code := sarhad.ErrorCode(err)
	status := StatusOf(code)
	if r.Context().Err() != nil && errors.Is(err, context.Canceled) {
		s.log.DebugContext(r.Context(), "Request abandoned by the client.", "method", r.Method, "path", r.URL.Path,
			"request_id", requestID(r.Context()))
		w.WriteHeader(499) // nginx's "client closed request"; the client is gone
		return
	}
	if status >= 500 {
		s.log.ErrorContext(r.Context(), "Request failed.", "method", r.Method, "path", r.URL.Path,
			"request_id", requestID(r.Context()), "error", err)
	}
	var re *retryError
	if errors.As(err, &re) {
		w.Header().Set("Retry-After", strconv.Itoa(int(re.after.Seconds())+1))
	}
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="sarhad"`)
	}
	var body errorBody
	body.Error.Code = code
	body.Error.Message = sarhad.ErrorMessage(err)
	writeJSON(w, status, body)
}

// writeJSON writes v as the JSON body with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		slog.Error("Encode response.", "error", err)
		http.Error(w, `{"error":{"code":"internal","message":"Internal error."}}`, http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(b)
	w.Write([]byte{'\n'})
}

var (
	errUnauthorized = sarhad.Errorf(sarhad.EUNAUTHORIZED, "Sign in, or send an API token as Authorization: Bearer TOKEN.")
	errCSRF         = sarhad.Errorf(sarhad.EFORBIDDEN, "Missing or invalid CSRF token (send the X-CSRF-Token header).")
	errCrossOrigin  = sarhad.Errorf(sarhad.EFORBIDDEN, "Cross-origin request refused.")
	errRole         = sarhad.Errorf(sarhad.EFORBIDDEN, "Your role does not allow this.")
	errNoRoute      = sarhad.Errorf(sarhad.ENOTFOUND, "No such route.")
)
