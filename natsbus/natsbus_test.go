package natsbus

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/url"
	"os"
	"testing"
	"time"
)

// externalURL returns the external test server (SARHAD_TEST_NATS, default
// nats://127.0.0.1:4222). The test skips when it is unreachable, unless SARHAD_REQUIRE_NATS=1.
func externalURL(t *testing.T) string {
	t.Helper()
	u := os.Getenv("SARHAD_TEST_NATS")
	if u == "" {
		u = "nats://127.0.0.1:4222"
	}
	host := u
	if p, err := url.Parse(u); err == nil && p.Host != "" {
		host = p.Host
	}
	c, err := net.DialTimeout("tcp", host, time.Second)
	if err != nil {
		if os.Getenv("SARHAD_REQUIRE_NATS") == "1" {
			t.Fatalf("NATS at %s is unreachable and SARHAD_REQUIRE_NATS=1: %v", u, err)
		}
		t.Skipf("NATS at %s is unreachable (set SARHAD_TEST_NATS): %v", u, err)
	}
	c.Close()
	return u
}

func TestBus(t *testing.T) {
	for _, mode := range []string{"embedded", "external"} {
		t.Run(mode, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			cfg := Config{StoreDir: t.TempDir()}
			if mode == "external" {
				cfg.URL = externalURL(t)
				cfg.Prefix = fmt.Sprintf("sarhadtest%d", time.Now().UnixNano())
			}
			b, err := Open(ctx, cfg)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() {
				if mode == "external" {
					_ = b.DeleteStreams(context.Background())
				}
				b.Close()
			})
			if b.Embedded != (mode == "embedded") {
				t.Fatalf("Embedded = %v", b.Embedded)
			}
			if err := b.Ping(ctx); err != nil {
				t.Fatal(err)
			}
			at := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
			if err := b.PublishReport(ctx, ReportAdded{ReportID: "r-1", EventID: "e-1", Marking: "TLP:AMBER", Owner: "ctd", At: at}); err != nil {
				t.Fatal(err)
			}
			if err := b.PublishEvent(ctx, EventChanged{EventID: "e-1", Created: true, Marking: "TLP:AMBER", Owner: "ctd", At: at}); err != nil {
				t.Fatal(err)
			}
			for range 2 { // the second is a duplicate and dropped
				if err := b.PublishAuditHead(ctx, AuditHead{Seq: 1, Hash: "ab", At: at}); err != nil {
					t.Fatal(err)
				}
			}
			got := make(chan ReportAdded, 1)
			cctx, stop := context.WithCancel(ctx)
			done := make(chan error, 1)
			go func() {
				done <- b.Consume(cctx, SubjectReportNew, "test", func(subject string, data []byte) error {
					if subject != b.Subject(SubjectReportNew) {
						t.Errorf("subject %q", subject)
					}
					var m ReportAdded
					if err := json.Unmarshal(data, &m); err != nil {
						return err
					}
					got <- m
					return nil
				})
			}()
			select {
			case m := <-got:
				if m.ReportID != "r-1" || m.EventID != "e-1" || !m.At.Equal(at) {
					t.Fatalf("message %+v", m)
				}
			case <-ctx.Done():
				t.Fatal("no message")
			}
			stop()
			if err := <-done; err != nil {
				t.Fatal(err)
			}
			s, err := b.js.Stream(ctx, b.streamName(streamAudit))
			if err != nil {
				t.Fatal(err)
			}
			if info, _ := s.Info(ctx); info.State.Msgs != 1 {
				t.Fatalf("audit stream holds %d messages, want 1 (deduplicated)", info.State.Msgs)
			}
		})
	}
}

// TestEmbeddedDurable checks that the embedded server keeps messages across restarts.
func TestEmbeddedDurable(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	b, err := Open(ctx, Config{StoreDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if err := b.PublishEvent(ctx, EventChanged{EventID: "e-9"}); err != nil {
		t.Fatal(err)
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	if err := b.Close(); err != nil { // twice is fine
		t.Fatal(err)
	}
	b, err = Open(ctx, Config{StoreDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	s, err := b.js.Stream(ctx, b.streamName(streamEvents))
	if err != nil {
		t.Fatal(err)
	}
	if info, _ := s.Info(ctx); info.State.Msgs != 1 {
		t.Fatalf("events stream holds %d messages after a restart, want 1", info.State.Msgs)
	}
}

func TestEmbeddedListener(t *testing.T) {
	ctx := context.Background()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	b, err := Open(ctx, Config{StoreDir: t.TempDir(), Listen: addr})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	c, err := Open(ctx, Config{URL: "nats://" + addr})
	if err != nil {
		t.Fatalf("a client cannot reach the loopback listener: %v", err)
	}
	c.Close()
}

func TestRedact(t *testing.T) {
	if got := redact("nats://user:pw@host:4222"); got != "nats://…@host:4222" {
		t.Fatal(got)
	}
	if got := redact("nats://host:4222"); got != "nats://host:4222" {
		t.Fatal(got)
	}
}
