// Package natsbus is Sarhad's message bus on NATS JetStream: an embedded nats-server by
// default (JetStream on, its store under the data directory, no network listener unless one
// is asked for), or an external NATS server or cluster for scale-out.
//
// The bus carries notifications, not records: a message names a report or event and its
// marking and owner, never its content, so a consumer reads the record itself through the
// store with its own viewer and TLP is enforced there. Streams are durable (file storage):
//
//	stream            subjects                                         kept
//	<P>_REPORTS       <p>.reports.new                                  90 days
//	<P>_EVENTS        <p>.events.created, <p>.events.updated           90 days
//	<P>_AUDIT         <p>.audit.head                                   always (a witness of the audit log's head)
//
// where <p> is Config.Prefix ("sarhad") and <P> its upper case.
package natsbus

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Config configures the bus.
type Config struct {
	// URL is an external NATS server (nats://host:4222, several comma-separated for a
	// cluster). Empty runs an embedded server.
	URL string
	// StoreDir is where the embedded server keeps its JetStream files.
	StoreDir string
	// Listen, for the embedded server only, is a HOST:PORT to accept NATS clients on (e.g.
	// 127.0.0.1:4222 for the nats CLI); empty accepts none.
	Listen string
	// Prefix is the root of every subject and stream name; "sarhad" when empty. Tests use
	// their own prefix to share one server.
	Prefix string
	// Replicas is the number of stream replicas on an external cluster (default 1).
	Replicas int
	// MaxAge bounds how long report and event notifications are kept (default 90 days).
	MaxAge time.Duration
	// Logger receives the bus's own messages; slog.Default when nil.
	Logger *slog.Logger
}

// Bus is a connection to NATS with the Sarhad streams in place. It is safe for concurrent use.
type Bus struct {
	cfg    Config
	ns     *server.Server // the embedded server, nil with an external one
	nc     *nats.Conn
	js     jetstream.JetStream
	log    *slog.Logger
	prefix string
	// Embedded reports whether the server runs in this process.
	Embedded bool
}

// Open starts the embedded server (or connects to the external one) and creates or updates
// the streams.
func Open(ctx context.Context, cfg Config) (*Bus, error) {
	b := &Bus{cfg: cfg, log: cfg.Logger, prefix: cfg.Prefix}
	if b.log == nil {
		b.log = slog.Default()
	}
	if b.prefix == "" {
		b.prefix = "sarhad"
	}
	if strings.ContainsAny(b.prefix, ".*> \t") {
		return nil, fmt.Errorf("nats: prefix %q must be one subject token", b.prefix)
	}
	opts := []nats.Option{nats.Name("sarhad"), nats.MaxReconnects(-1), nats.ReconnectWait(time.Second)}
	url := cfg.URL
	if url == "" {
		ns, err := startEmbedded(cfg)
		if err != nil {
			return nil, err
		}
		b.ns, b.Embedded = ns, true
		opts = append(opts, nats.InProcessServer(ns))
	} else {
		opts = append(opts, nats.Timeout(3*time.Second))
	}
	nc, err := nats.Connect(url, opts...)
	if err != nil {
		b.Close()
		return nil, fmt.Errorf("nats: connect %s: %w", redact(url), err)
	}
	b.nc = nc
	if b.js, err = jetstream.New(nc); err != nil {
		b.Close()
		return nil, fmt.Errorf("nats: jetstream: %w", err)
	}
	if err := b.ensureStreams(ctx); err != nil {
		b.Close()
		return nil, err
	}
	return b, nil
}

func startEmbedded(cfg Config) (*server.Server, error) {
	if cfg.StoreDir == "" {
		return nil, errors.New("nats: the embedded server needs a store directory")
	}
	o := &server.Options{
		ServerName:         "sarhad",
		JetStream:          true,
		StoreDir:           cfg.StoreDir,
		JetStreamMaxMemory: 64 << 20,
		NoSigs:             true,
		NoLog:              true,
		DontListen:         cfg.Listen == "",
	}
	if cfg.Listen != "" {
		host, port, err := net.SplitHostPort(cfg.Listen)
		if err != nil {
			return nil, fmt.Errorf("nats: listen address %q: %w", cfg.Listen, err)
		}
		if o.Port, err = strconv.Atoi(port); err != nil {
			return nil, fmt.Errorf("nats: listen port %q: %w", port, err)
		}
		o.Host = host
	}
	ns, err := server.NewServer(o)
	if err != nil {
		return nil, fmt.Errorf("nats: embedded server: %w", err)
	}
	go ns.Start()
	if !ns.ReadyForConnections(10 * time.Second) {
		ns.Shutdown()
		return nil, errors.New("nats: embedded server did not start within 10 s")
	}
	return ns, nil
}

// redact drops credentials from a NATS URL for messages.
func redact(url string) string {
	if i := strings.Index(url, "@"); i >= 0 {
		if j := strings.Index(url, "://"); j >= 0 && j < i {
			return url[:j+3] + "…" + url[i:]
		}
	}
	return url
}

// Stream names relative to the prefix.
const (
	streamReports = "REPORTS"
	streamEvents  = "EVENTS"
	streamAudit   = "AUDIT"
)

func (b *Bus) streamName(s string) string { return strings.ToUpper(b.prefix) + "_" + s }

// Subject returns the full subject of a suffix such as "reports.new".
func (b *Bus) Subject(suffix string) string { return b.prefix + "." + suffix }

// Subject suffixes.
const (
	SubjectReportNew    = "reports.new"
	SubjectEventCreated = "events.created"
	SubjectEventUpdated = "events.updated"
	SubjectAuditHead    = "audit.head"
)

func (b *Bus) ensureStreams(ctx context.Context) error {
	age := b.cfg.MaxAge
	if age == 0 {
		age = 90 * 24 * time.Hour
	}
	replicas := max(1, b.cfg.Replicas)
	if b.Embedded {
		replicas = 1
	}
	for _, sc := range []jetstream.StreamConfig{
		{Name: b.streamName(streamReports), Subjects: []string{b.Subject("reports.>")}, MaxAge: age},
		{Name: b.streamName(streamEvents), Subjects: []string{b.Subject("events.>")}, MaxAge: age},
		{Name: b.streamName(streamAudit), Subjects: []string{b.Subject("audit.>")}},
	} {
		sc.Storage = jetstream.FileStorage
		sc.Replicas = replicas
		sc.Duplicates = 2 * time.Minute
		sc.Description = "Sarhad notifications (ids, markings and owners only; no content)"
		if _, err := b.js.CreateOrUpdateStream(ctx, sc); err != nil {
			return fmt.Errorf("nats: stream %s: %w", sc.Name, err)
		}
	}
	return nil
}

// ReportAdded announces a new report.
type ReportAdded struct {
	ReportID string    `json:"report_id"`
	EventID  string    `json:"event_id"`
	Marking  string    `json:"marking"`
	Owner    string    `json:"owner"`
	At       time.Time `json:"at"`
}

// EventChanged announces a new or changed event.
type EventChanged struct {
	EventID string    `json:"event_id"`
	Created bool      `json:"created"`
	Marking string    `json:"marking"`
	Owner   string    `json:"owner"`
	At      time.Time `json:"at"`
}

// AuditHead announces the new head of the audit log, for an outside witness.
type AuditHead struct {
	Seq  int64     `json:"seq"`
	Hash string    `json:"hash"`
	At   time.Time `json:"at"`
}

// publish sends v as JSON on subject and waits for the stream's acknowledgement. msgID, when
// set, lets the stream drop a repeated message.
func (b *Bus) publish(ctx context.Context, subject, msgID string, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	var opts []jetstream.PublishOpt
	if msgID != "" {
		opts = append(opts, jetstream.WithMsgID(msgID))
	}
	if _, err := b.js.Publish(ctx, subject, data, opts...); err != nil {
		return fmt.Errorf("nats: publish %s: %w", subject, err)
	}
	return nil
}

// PublishReport announces a stored report.
func (b *Bus) PublishReport(ctx context.Context, m ReportAdded) error {
	return b.publish(ctx, b.Subject(SubjectReportNew), "", m)
}

// PublishEvent announces a created or updated event.
func (b *Bus) PublishEvent(ctx context.Context, m EventChanged) error {
	s := SubjectEventUpdated
	if m.Created {
		s = SubjectEventCreated
	}
	return b.publish(ctx, b.Subject(s), "", m)
}

// PublishAuditHead publishes a new head of the audit log; the message id makes a repeat of
// one head harmless.
func (b *Bus) PublishAuditHead(ctx context.Context, m AuditHead) error {
	return b.publish(ctx, b.Subject(SubjectAuditHead), "audit-"+strconv.FormatInt(m.Seq, 10)+"-"+m.Hash, m)
}

// Ping checks that the server answers and the streams exist.
func (b *Bus) Ping(ctx context.Context) error {
	if b.nc == nil || !b.nc.IsConnected() {
		return errors.New("nats: not connected")
	}
	for _, s := range []string{streamReports, streamEvents} {
		if _, err := b.js.Stream(ctx, b.streamName(s)); err != nil {
			return fmt.Errorf("nats: stream %s: %w", b.streamName(s), err)
		}
	}
	return nil
}

// Consume calls fn with each message on subject suffix (e.g. SubjectReportNew) from a durable
// consumer named durable, acknowledging it when fn returns nil; it stops when ctx is done.
func (b *Bus) Consume(ctx context.Context, suffix, durable string, fn func(subject string, data []byte) error) error {
	stream := streamEvents
	switch {
	case strings.HasPrefix(suffix, "reports."):
		stream = streamReports
	case strings.HasPrefix(suffix, "audit."):
		stream = streamAudit
	}
	c, err := b.js.CreateOrUpdateConsumer(ctx, b.streamName(stream), jetstream.ConsumerConfig{
		Durable: durable, FilterSubject: b.Subject(suffix), AckPolicy: jetstream.AckExplicitPolicy,
	})
	if err != nil {
		return fmt.Errorf("nats: consumer %s: %w", durable, err)
	}
	cc, err := c.Consume(func(m jetstream.Msg) {
		if err := fn(m.Subject(), m.Data()); err != nil {
			_ = m.Nak()
			return
		}
		_ = m.Ack()
	})
	if err != nil {
		return fmt.Errorf("nats: consume %s: %w", durable, err)
	}
	<-ctx.Done()
	cc.Stop()
	return nil
}

// DeleteStreams removes the bus's streams (tests on a shared server clean up with it).
func (b *Bus) DeleteStreams(ctx context.Context) error {
	var errs []error
	for _, s := range []string{streamReports, streamEvents, streamAudit} {
		if err := b.js.DeleteStream(ctx, b.streamName(s)); err != nil && !errors.Is(err, jetstream.ErrStreamNotFound) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// Close drains the connection (pending publications are flushed) and shuts the embedded
// server down. It is safe to call more than once.
func (b *Bus) Close() error {
	var err error
	if b.nc != nil {
		if derr := b.nc.Drain(); derr != nil && !errors.Is(derr, nats.ErrConnectionClosed) {
			err = derr
		}
		// Drain is asynchronous; wait for it (bounded) before stopping the server.
		deadline := time.Now().Add(5 * time.Second)
		for !b.nc.IsClosed() && time.Now().Before(deadline) {
			time.Sleep(5 * time.Millisecond)
		}
		b.nc.Close()
		b.nc = nil
	}
	if b.ns != nil {
		b.ns.Shutdown()
		b.ns.WaitForShutdown()
		b.ns = nil
	}
	return err
}
