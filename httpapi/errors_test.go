package httpapi_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/sarhad-osint/sarhad/httpapi"
)

// TestErrorOfAbandonedRequest checks that a request the client gave up on is not logged as
// a server error, while the same error on a live request is.
func TestErrorOfAbandonedRequest(t *testing.T) {
	var logs bytes.Buffer
	srv := httpapi.New(httpapi.Config{}, httpapi.Deps{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	failure := fmt.Errorf("store generations: %w", context.Canceled)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	w := httptest.NewRecorder()
	srv.Error(w, httptest.NewRequest("GET", "/api/v1/events", nil).WithContext(ctx), failure)
	if strings.Contains(logs.String(), "level=ERROR") {
		t.Errorf("an abandoned request was logged as an error:\n%s", logs.String())
	}

	w = httptest.NewRecorder()
	srv.Error(w, httptest.NewRequest("GET", "/api/v1/events", nil), errors.New("disk on fire"))
	if !strings.Contains(logs.String(), "level=ERROR") || w.Code != 500 {
		t.Errorf("a failure of a live request: status %d, logs:\n%s", w.Code, logs.String())
	}
}
