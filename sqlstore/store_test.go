package sqlstore

import (
	"context"
	"database/sql/driver"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sarhad-osint/sarhad"
	"github.com/sarhad-osint/sarhad/internal/synth"
	"github.com/sarhad-osint/sarhad/internal/testdb"
)

// The store tests run on both dialects: SQLite in a temporary directory, PostgreSQL in a
// fresh schema of the database named by SARHAD_TEST_POSTGRES. PostgreSQL tests skip when the
// server is unreachable, unless SARHAD_REQUIRE_POSTGRES=1.

var dialects = []string{SQLite, Postgres}

// testNow is the clock of test stores.
var testNow = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

// forEachDialect runs fn as a subtest per dialect, each with a fresh store.
func forEachDialect(t *testing.T, fn func(t *testing.T, s *Store)) {
	t.Helper()
	for _, d := range dialects {
		t.Run(d, func(t *testing.T) {
			fn(t, mustOpen(t, d))
		})
	}
}

// mustOpen returns a fresh, empty store of the dialect, closed at the end of the test.
func mustOpen(tb testing.TB, dialect string) *Store {
	tb.Helper()
	dsn := testdb.DSN(tb, dialect)
	s, err := Open(context.Background(), dsn)
	if err != nil {
		tb.Fatalf("open %s store: %v", dialect, err)
	}
	s.now = func() time.Time { return testNow }
	tb.Cleanup(func() { s.Close() })
	return s
}

func mustAdd(tb testing.TB, s *Store, reports ...sarhad.Report) sarhad.ImportResult {
	tb.Helper()
	res, err := s.AddReports(context.Background(), reports)
	if err != nil {
		tb.Fatalf("add reports: %v", err)
	}
	return res
}

// normalized returns r as the store returns it.
func normalized(r sarhad.Report) sarhad.Report {
	r.Normalize()
	if m, ok := sarhad.ParseMarking(string(r.Marking)); ok {
		r.Marking = m
	}
	if r.Hash == "" {
		r.Hash = r.ComputeHash()
	}
	if !r.ReportedAt.IsZero() {
		r.ReportedAt = r.ReportedAt.UTC()
	}
	if len(r.Evidence) == 0 {
		r.Evidence = nil
	}
	return r
}

// counts returns the number of rows of the core tables.
func counts(tb testing.TB, s *Store) map[string]int {
	tb.Helper()
	out := map[string]int{}
	for _, table := range []string{"reports", "events", "event_reports", "sources"} {
		var n int
		if err := s.db.QueryRow(`SELECT count(*) FROM ` + table).Scan(&n); err != nil {
			tb.Fatalf("count %s: %v", table, err)
		}
		out[table] = n
	}
	return out
}

func TestMigrations(t *testing.T) {
	for _, d := range dialects {
		t.Run(d, func(t *testing.T) {
			ctx := context.Background()
			dsn := testdb.DSN(t, d)
			want, err := loadMigrations(d)
			if err != nil {
				t.Fatal(err)
			}
			for i := range 3 { // the second and third opens apply nothing
				var upgraded []int
				s, err := Open(ctx, dsn, Upgrading(func(v int, _ string) { upgraded = append(upgraded, v) }))
				if err != nil {
					t.Fatalf("open #%d: %v", i+1, err)
				}
				var n int
				if err := s.db.QueryRow(`SELECT count(*) FROM schema_migrations`).Scan(&n); err != nil {
					t.Fatal(err)
				}
				if n != len(want) {
					t.Errorf("open #%d: %d migrations recorded, want %d", i+1, n, len(want))
				}
				v, err := s.SchemaVersion(ctx)
				if err != nil || v != want[len(want)-1].version {
					t.Errorf("open #%d: schema version %d (%v), want %d", i+1, v, err, want[len(want)-1].version)
				}
				if len(upgraded) > 0 { // a new store is made, not upgraded; then nothing is left
					t.Errorf("open #%d: Upgrading was told of migrations %v", i+1, upgraded)
				}
				if s.Dialect() != d {
					t.Errorf("dialect %q, want %q", s.Dialect(), d)
				}
				if err := s.Ping(ctx); err != nil {
					t.Error(err)
				}
				if i == 0 {
					mustAdd(t, s, sarhad.Report{ID: "r-1"})
				}
				s.Close()
			}
		})
	}
}

// TestMigrationsOfAnotherVersion checks that a store whose recorded migrations differ from
// the program's is refused with an error that says so, and is left as it was.
func TestMigrationsOfAnotherVersion(t *testing.T) {
	cases := []struct {
		name, tamper, want string
	}{
		{"a migration changed since", `UPDATE schema_migrations SET checksum = 'x' WHERE version = 1`, "in another form"},
		{"a migration renamed", `UPDATE schema_migrations SET name = 'old_core' WHERE version = 1`, "in another form"},
		{"an unknown migration", `INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (9999, 'future', '', 0)`, "does not know"},
		{"no checksums (an early pre-release)", `ALTER TABLE schema_migrations DROP COLUMN checksum`, "early pre-release"},
	}
	for _, d := range dialects {
		for _, c := range cases {
			t.Run(d+"/"+c.name, func(t *testing.T) {
				ctx := context.Background()
				dsn := testdb.DSN(t, d)
				s, err := Open(ctx, dsn)
				if err != nil {
					t.Fatal(err)
				}
				mustAdd(t, s, sarhad.Report{ID: "r-1"})
				mustExec(t, s, c.tamper)
				s.Close()
				s, err = Open(ctx, dsn)
				if err == nil {
					s.Close()
					t.Fatal("opened a store of another version")
				}
				if sarhad.ErrorCode(err) != sarhad.EINVALID || !strings.Contains(err.Error(), c.want) {
					t.Errorf("error %v, want %s with %q", err, sarhad.EINVALID, c.want)
				}
			})
		}
	}
}

func TestMigrationFiles(t *testing.T) {
	versions := map[string][]int{}
	for _, d := range dialects {
		ms, err := loadMigrations(d)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range ms {
			versions[d] = append(versions[d], m.version)
		}
	}
	if !reflect.DeepEqual(versions[SQLite], versions[Postgres]) {
		t.Errorf("the dialects have different migrations: sqlite %v, postgres %v", versions[SQLite], versions[Postgres])
	}
}

func TestOpenSQLitePaths(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name, dsn, file string
	}{
		{"plain path in a new directory", filepath.Join(dir, "a", "b", "x.db"), filepath.Join(dir, "a", "b", "x.db")},
		{"sqlite: prefix", "sqlite:" + filepath.Join(dir, "y.db"), filepath.Join(dir, "y.db")},
		{"file: prefix with a parameter", "file:" + filepath.Join(dir, "z.db") + "?_pragma=cache_size(-1000)", filepath.Join(dir, "z.db")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Open(context.Background(), tt.dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if _, err := os.Stat(tt.file); err != nil {
				t.Errorf("database file: %v", err)
			}
			var mode string
			var fk, timeout int
			s.wdb.QueryRow(`PRAGMA journal_mode`).Scan(&mode)
			s.db.QueryRow(`PRAGMA foreign_keys`).Scan(&fk)
			s.db.QueryRow(`PRAGMA busy_timeout`).Scan(&timeout)
			if strings.ToLower(mode) != "wal" || fk != 1 || timeout < 1000 {
				t.Errorf("pragmas: journal_mode %s, foreign_keys %d, busy_timeout %d", mode, fk, timeout)
			}
			// The bulk writer's connection has the writer's pragmas and the DSN's.
			if _, err := s.AddReports(context.Background(), []sarhad.Report{fullReport()}); err != nil {
				t.Fatal(err)
			}
			cache := int64(-65536)
			if strings.Contains(tt.dsn, "cache_size") {
				cache = -1000
			}
			for _, p := range []struct {
				name string
				want int64
			}{{"foreign_keys", 1}, {"busy_timeout", 10000}, {"synchronous", 1}, {"wal_autocheckpoint", 20000}, {"cache_size", cache}} {
				got, err := bulkPragma(s, p.name)
				if err != nil || got != p.want {
					t.Errorf("bulk writer: PRAGMA %s = %d (%v), want %d", p.name, got, err, p.want)
				}
			}
		})
	}
}

// fullReport sets every field.
func fullReport() sarhad.Report {
	return sarhad.Report{
		ID: "r-17", Source: "Dawn", SourceReliability: sarhad.ReliabilityB, Dataset: "",
		ReportedAt: time.Date(2024, 11, 9, 13, 5, 0, 123456789, time.FixedZone("PKT", 5*3600)),
		Text:       "A suicide bomber struck Quetta railway station.",
		Date:       sarhad.NewDate(2024, 11, 9),
		Location: sarhad.Location{Province: sarhad.ProvinceBalochistan, District: "Quetta",
			Place: "Quetta railway station", Lat: 30.192, Lon: 67.006, Precision: sarhad.GeoExact, PlaceID: "town:1167528"},
		Perpetrator: "Balochistan Liberation Army", PerpetratorRaw: "BLA", Attribution: sarhad.AttrClaimed,
		AttackType: sarhad.AttackSuicide, TargetType: sarhad.TargetTransport,
		Killed: sarhad.Tally{Total: sarhad.Span(26, 26, 32), Security: sarhad.Exact(14),
			Civilians: sarhad.Exact(12), Militants: sarhad.Exact(1)},
		Injured: sarhad.Span(55, 62, 62), Hostages: sarhad.Exact(0), CrossBorder: sarhad.NexusYes,
		Marking: sarhad.TLPGreen, Owner: "ctd-balochistan",
		Evidence: map[string]sarhad.Evidence{"killed": {Start: 10, End: 12, Snippet: "26", Confidence: 0.75}},
	}
}

func TestAddReportsRoundTrip(t *testing.T) {
	tests := []struct {
		name   string
		report sarhad.Report
	}{
		{"every field", fullReport()},
		{"id only", sarhad.Report{ID: "bare"}},
		{"month precision, no coordinates", sarhad.Report{ID: "m", Date: sarhad.NewDate(2013, 2, 0),
			Location: sarhad.Location{Province: sarhad.ProvinceKP, District: "Bannu", Precision: sarhad.GeoDistrict}}},
		{"year precision, known zeros", sarhad.Report{ID: "y", Date: sarhad.NewDate(2009, 0, 0),
			Killed: sarhad.Tally{Total: sarhad.Exact(0)}, Injured: sarhad.Exact(0), Hostages: sarhad.Exact(0)}},
		{"categories only: total derived", sarhad.Report{ID: "c", Date: sarhad.NewDate(2020, 2, 29),
			Killed: sarhad.Tally{Security: sarhad.Exact(3), Civilians: sarhad.Span(1, 2, 4)}}},
		{"a coordinate on the equator", sarhad.Report{ID: "eq", Location: sarhad.Location{Lat: 0, Lon: 67.5}}},
		{"lower-case marking, given hash", sarhad.Report{ID: "h", Marking: "amber+strict", Owner: "fc-north",
			Hash: strings.Repeat("AB", 32)}},
		{"unicode text", sarhad.Report{ID: "u", Text: "کوئٹہ ریلوے اسٹیشن پر دھماکہ", Source: "BBC Urdu", Dataset: "news"}},
	}
	forEachDialect(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		var batch []sarhad.Report
		for _, tt := range tests {
			batch = append(batch, tt.report)
		}
		res := mustAdd(t, s, batch...)
		if res != (sarhad.ImportResult{Added: len(tests), Events: len(tests)}) {
			t.Errorf("result %+v", res)
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				want := normalized(tt.report)
				want.Hash = strings.ToLower(want.Hash)
				got, err := s.Report(ctx, sarhad.SystemViewer, tt.report.ID)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("report round trip:\n got %+v\nwant %+v", got, want)
				}
				if tt.report.Hash == "" && got.ComputeHash() != got.Hash {
					t.Errorf("the stored report no longer hashes to its hash")
				}
				// Its event is the single-report event of it.
				events, _, err := s.Events(ctx, sarhad.SystemViewer, sarhad.EventFilter{Limit: MaxLimit})
				if err != nil {
					t.Fatal(err)
				}
				var ev *sarhad.Event
				for i := range events {
					if len(events[i].Links) == 1 && events[i].Links[0].ReportID == want.ID {
						ev = &events[i]
					}
				}
				if ev == nil {
					t.Fatalf("no event links report %s", want.ID)
				}
				one, err := s.Event(ctx, sarhad.SystemViewer, ev.ID)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(one, *ev) {
					t.Errorf("Event and Events disagree:\n%+v\n%+v", one, *ev)
				}
				exp := sarhad.EventFromReport(&want)
				exp.ID, exp.UpdatedAt = ev.ID, testNow
				if !reflect.DeepEqual(*ev, exp) {
					t.Errorf("event:\n got %+v\nwant %+v", *ev, exp)
				}
			})
		}
		src := map[string]string{}
		rows, err := s.db.Query(`SELECT name, reliability FROM sources`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var n, r string
			rows.Scan(&n, &r)
			src[n] = r
		}
		rows.Close()
		if want := map[string]string{"Dawn": "B", "BBC Urdu": ""}; !reflect.DeepEqual(src, want) {
			t.Errorf("sources %v, want %v", src, want)
		}
	})
}

func TestAddReportsDuplicates(t *testing.T) {
	forEachDialect(t, func(t *testing.T, s *Store) {
		a, b, c := fullReport(), sarhad.Report{ID: "r-2", Source: "Dawn"}, sarhad.Report{ID: "r-3"}
		steps := []struct {
			name  string
			batch []sarhad.Report
			want  sarhad.ImportResult
		}{
			{"new batch", []sarhad.Report{a, b}, sarhad.ImportResult{Added: 2, Events: 2}},
			{"same batch again", []sarhad.Report{a, b}, sarhad.ImportResult{Duplicates: 2}},
			{"repeats within a batch", []sarhad.Report{c, c, c, a}, sarhad.ImportResult{Added: 1, Duplicates: 3, Events: 1}},
			{"equal after normalization", []sarhad.Report{{ID: "r-3", Perpetrator: sarhad.UnknownActor, Marking: "amber"}}, sarhad.ImportResult{Duplicates: 1}},
			{"empty batch", nil, sarhad.ImportResult{}},
		}
		for _, st := range steps {
			if got := mustAdd(t, s, st.batch...); got != st.want {
				t.Errorf("%s: %+v, want %+v", st.name, got, st.want)
			}
		}
		if got := counts(t, s); got["reports"] != 3 || got["events"] != 3 || got["event_reports"] != 3 || got["sources"] != 1 {
			t.Errorf("rows %v", got)
		}
	})
}

func TestAddReportsAtomic(t *testing.T) {
	forEachDialect(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		mustAdd(t, s, sarhad.Report{ID: "before"})
		before := counts(t, s)
		// A trigger that fails on one row makes the database reject the batch half-way.
		failOn := "explode"
		if s.dialect == SQLite {
			mustExec(t, s, `CREATE TRIGGER fail BEFORE INSERT ON reports WHEN NEW.ext_id = 'explode'
				BEGIN SELECT RAISE(ABORT, 'rejected by test trigger'); END`)
		} else {
			mustExec(t, s, `CREATE FUNCTION fail() RETURNS trigger LANGUAGE plpgsql AS $$
				BEGIN IF NEW.ext_id = 'explode' THEN RAISE EXCEPTION 'rejected by test trigger'; END IF; RETURN NEW; END $$`)
			mustExec(t, s, `CREATE TRIGGER fail BEFORE INSERT ON reports FOR EACH ROW EXECUTE FUNCTION fail()`)
		}
		many := make([]sarhad.Report, 0, 1200)
		for i := range 1200 {
			many = append(many, sarhad.Report{ID: "ok-" + string(rune('a'+i%26)) + strings.Repeat("x", i/26), Source: "New source"})
		}
		revision := sarhad.Report{ID: "before", Text: "corrected"}
		tests := []struct {
			name  string
			batch []sarhad.Report
			code  string
		}{
			{"an invalid report last", append(append([]sarhad.Report{}, many...), sarhad.Report{ID: "bad", Date: sarhad.NewDate(2024, 2, 30)}), sarhad.EINVALID},
			{"a report without id", []sarhad.Report{{ID: "x"}, {ID: " "}}, sarhad.EINVALID},
			{"an unknown marking", []sarhad.Report{{ID: "x", Marking: "TLP:PURPLE"}}, sarhad.EINVALID},
			{"a malformed hash", []sarhad.Report{{ID: "x", Hash: "abc"}}, sarhad.EINVALID},
			{"a casualty figure out of range", []sarhad.Report{{ID: "x", Injured: sarhad.Exact(1 << 31)}}, sarhad.EINVALID},
			{"evidence that is not JSON", []sarhad.Report{{ID: "x", Evidence: map[string]sarhad.Evidence{"k": {Confidence: inf()}}}}, sarhad.EINVALID},
			{"the database rejects the last row", append(append([]sarhad.Report{revision}, many...),
				sarhad.Report{ID: failOn}), sarhad.EINTERNAL},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, err := s.AddReports(ctx, tt.batch)
				if err == nil || sarhad.ErrorCode(err) != tt.code {
					t.Fatalf("error %v (code %q), want code %q", err, sarhad.ErrorCode(err), tt.code)
				}
				if after := counts(t, s); !reflect.DeepEqual(after, before) {
					t.Errorf("a failed batch wrote rows: %v, before %v", after, before)
				}
			})
		}
		r, err := s.Report(ctx, sarhad.SystemViewer, "before")
		if err != nil || r.Text != "" {
			t.Errorf("the rolled-back revision is visible: %+v %v", r, err)
		}
		// The store still works after the failures.
		if res := mustAdd(t, s, many[:10]...); res.Added != 10 {
			t.Errorf("after failures: %+v", res)
		}
	})
}

func inf() float64 { var z float64; return 1 / z }

func mustExec(tb testing.TB, s *Store, q string) {
	tb.Helper()
	if _, err := s.wdb.Exec(q); err != nil {
		tb.Fatalf("%s: %v", q, err)
	}
}

func TestRevisions(t *testing.T) {
	forEachDialect(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		v1 := sarhad.Report{ID: "r-1", Source: "Dawn", Owner: "ctd-kp", Marking: sarhad.TLPGreen,
			Date: sarhad.NewDate(2024, 5, 1), Perpetrator: "Tehrik-i-Taliban Pakistan", Attribution: sarhad.AttrSuspected,
			Killed: sarhad.Tally{Total: sarhad.Exact(3)}}
		other := sarhad.Report{ID: "r-1", Source: "Geo News", Owner: "ctd-kp", Marking: sarhad.TLPGreen}
		mustAdd(t, s, v1, other, sarhad.Report{ID: "r-1", Source: "Dawn", Owner: "fc-north"})
		e1 := eventOf(t, s, "r-1", "Dawn", "ctd-kp")

		// A correction in a later batch, then two more in one batch.
		v2 := v1
		v2.Killed.Total = sarhad.Exact(5)
		v2.Perpetrator, v2.Attribution = "Hafiz Gul Bahadur Group", sarhad.AttrClaimed
		if res := mustAdd(t, s, v2); res != (sarhad.ImportResult{Added: 1}) {
			t.Errorf("revision: %+v", res)
		}
		v3, v4 := v2, v2
		v3.Killed.Total = sarhad.Exact(6)
		v4.Killed.Total = sarhad.Span(6, 7, 9)
		v4.Marking = sarhad.TLPAmber
		if res := mustAdd(t, s, v3, v4, v1); res != (sarhad.ImportResult{Added: 2, Duplicates: 1}) {
			t.Errorf("two revisions: %+v", res)
		}
		// A seed and its revision in the same batch make one event.
		n1 := sarhad.Report{ID: "r-9", Source: "Dawn", Killed: sarhad.Tally{Total: sarhad.Exact(1)}}
		n2 := n1
		n2.Killed.Total = sarhad.Exact(2)
		if res := mustAdd(t, s, n1, n2); res != (sarhad.ImportResult{Added: 2, Events: 1}) {
			t.Errorf("seed and revision in one batch: %+v", res)
		}

		e, err := s.Event(ctx, sarhad.SystemViewer, e1)
		if err != nil {
			t.Fatal(err)
		}
		if e.Killed.Total != sarhad.Span(6, 7, 9) || e.Marking != sarhad.TLPAmber || e.Perpetrator != "Hafiz Gul Bahadur Group" {
			t.Errorf("event not updated from the newest revision: %+v", e)
		}
		wantClaims := []sarhad.Claim{{Actor: "Hafiz Gul Bahadur Group", Status: sarhad.AttrClaimed, ReportID: "r-1"}}
		if !reflect.DeepEqual(e.Claims, wantClaims) {
			t.Errorf("claims %+v, want %+v", e.Claims, wantClaims)
		}
		if len(e.Links) != 4 || e.Links[0].Decision != sarhad.LinkSeed {
			t.Fatalf("links %+v", e.Links)
		}
		for _, l := range e.Links[1:] {
			if l.Decision != sarhad.LinkAuto || l.Why != "revision of report r-1" {
				t.Errorf("revision link %+v", l)
			}
		}
		r, err := s.Report(ctx, sarhad.Viewer{Agency: "ctd-kp"}, "r-1")
		if err != nil || r.Killed.Total != v4.Killed.Total {
			t.Errorf("Report returns %+v %v, want the newest revision of the viewer's own", r, err)
		}
		// supersedes chains the revisions.
		var chain int
		if err := s.db.QueryRow(`SELECT count(*) FROM reports a JOIN reports b ON b.id = a.supersedes
			WHERE a.ext_id = 'r-1' AND a.source = 'Dawn' AND a.owner = 'ctd-kp'`).Scan(&chain); err != nil || chain != 3 {
			t.Errorf("%d revisions supersede another (%v), want 3", chain, err)
		}
		if got := counts(t, s); got["events"] != 4 || got["reports"] != 8 {
			t.Errorf("rows %v, want 4 events and 8 reports", got)
		}
		e9, err := s.Event(ctx, sarhad.SystemViewer, eventOf(t, s, "r-9", "Dawn", sarhad.SystemAgency))
		if err != nil || e9.Killed.Total != sarhad.Exact(2) || len(e9.Links) != 2 {
			t.Errorf("event of r-9: %+v %v", e9, err)
		}
	})
}

// eventOf returns the id of the event of a report.
func eventOf(tb testing.TB, s *Store, ext, source, owner string) string {
	tb.Helper()
	var pk int64
	err := s.db.QueryRow(`SELECT er.event_id FROM reports r JOIN event_reports er ON er.report_id = r.id
		WHERE r.ext_id = $1 AND r.source = $2 AND r.owner = $3 ORDER BY r.id LIMIT 1`, ext, source, owner).Scan(&pk)
	if err != nil {
		tb.Fatalf("event of %s: %v", ext, err)
	}
	return eventID(pk)
}

func TestAddReport(t *testing.T) {
	forEachDialect(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		if empty, err := s.Empty(ctx); err != nil || !empty {
			t.Fatalf("a new store: empty %v, %v", empty, err)
		}
		r := sarhad.Report{ID: "one", Source: "Dawn", Killed: sarhad.Tally{Total: sarhad.Exact(2)}}
		revised := r
		revised.Killed.Total = sarhad.Exact(3)
		steps := []struct {
			name string
			r    sarhad.Report
			want sarhad.ImportResult
		}{
			{"new", r, sarhad.ImportResult{Added: 1, Events: 1}},
			{"duplicate", r, sarhad.ImportResult{Duplicates: 1}},
			{"revision", revised, sarhad.ImportResult{Added: 1}},
		}
		var first string
		for _, st := range steps {
			id, res, err := s.AddReport(ctx, st.r)
			if err != nil || res != st.want {
				t.Fatalf("%s: %+v %v, want %+v", st.name, res, err, st.want)
			}
			if first == "" {
				first = id
			}
			if id != first || id != eventOf(t, s, "one", "Dawn", sarhad.SystemAgency) {
				t.Errorf("%s: event %q, want %q", st.name, id, first)
			}
		}
		if empty, err := s.Empty(ctx); err != nil || empty {
			t.Errorf("after adding: empty %v, %v", empty, err)
		}
		if got := ReportHash(r); got != normalized(r).Hash {
			t.Errorf("ReportHash %s, want %s", got, normalized(r).Hash)
		}
		if s.DayOf(sarhad.Date{}) != noDay || s.DayOf(sarhad.NewDate(1970, 1, 2)) != 1 || s.DayOf(sarhad.NewDate(2024, 11, 0)) != int64(sarhad.NewDate(2024, 11, 1).DayNumber()) {
			t.Error("DayOf disagrees with the stored day numbers")
		}
	})
}

// TestConcurrentWriters adds overlapping batches from several goroutines (on PostgreSQL, on
// several connections): every report is stored once, none is lost, no batch fails.
func TestConcurrentWriters(t *testing.T) {
	forEachDialect(t, func(t *testing.T, s *Store) {
		reports := synth.New(synth.Config{Seed: 9, RevisionRate: 0.05}).Batch(600)
		var wg sync.WaitGroup
		results := make([]sarhad.ImportResult, 4)
		errs := make([]error, 4)
		for w := range 4 {
			wg.Go(func() {
				for i := 0; i < len(reports); i += 150 {
					r, err := s.AddReports(context.Background(), reports[i:i+150])
					if err != nil {
						errs[w] = err
						return
					}
					results[w] = results[w].Add(r)
				}
			})
		}
		wg.Wait()
		var total sarhad.ImportResult
		for w := range 4 {
			if errs[w] != nil {
				t.Fatalf("writer %d: %v", w, errs[w])
			}
			total = total.Add(results[w])
		}
		n := counts(t, s)
		if total.Added != n["reports"] || total.Added+total.Duplicates != 4*len(reports) || n["event_reports"] != n["reports"] {
			t.Errorf("added %+v; rows %v", total, n)
		}
		checkRollup(t, s, "after concurrent writes")
	})
}

// TestTwoProcessesWrite writes from two stores opened on one SQLite file, as a server and an
// import command would: each waits for the other's transaction (busy_timeout), and batches
// of several chunks, which drop and create triggers in their transaction, never expose the
// other to a store without them.
func TestTwoProcessesWrite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shared.db")
	var stores [2]*Store
	for i := range stores {
		s, err := Open(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		stores[i] = s
	}
	g := synth.New(synth.Config{Seed: 11, RevisionRate: 0.05})
	batches := [2][][]sarhad.Report{}
	for i := range batches {
		for range 3 {
			batches[i] = append(batches[i], g.Batch(3*chunkSize))
		}
	}
	var wg sync.WaitGroup
	var results [2]sarhad.ImportResult
	var errs [2]error
	for i, s := range stores {
		wg.Go(func() {
			for _, b := range batches[i] {
				r, err := s.AddReports(context.Background(), b)
				if err != nil {
					errs[i] = err
					return
				}
				results[i] = results[i].Add(r)
			}
		})
	}
	wg.Wait()
	for i := range errs {
		if errs[i] != nil {
			t.Fatalf("store %d: %v", i, errs[i])
		}
	}
	total := results[0].Add(results[1])
	n := counts(t, stores[0])
	if total.Added != n["reports"] || n["event_reports"] != n["reports"] {
		t.Errorf("added %+v; rows %v", total, n)
	}
	checkRollup(t, stores[0], "after writes from two stores")
	checkMixed(t, stores[1], "after writes from two stores")
}

// bulkPragma reads an integer pragma on the bulk writer's connection.
func bulkPragma(s *Store, name string) (int64, error) {
	st, err := s.bulk.conn.PrepareContext(context.Background(), `PRAGMA `+name)
	if err != nil {
		return 0, err
	}
	defer st.Close()
	rows, err := st.(driver.StmtQueryContext).QueryContext(context.Background(), nil)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	v := make([]driver.Value, 1)
	if err := rows.Next(v); err != nil {
		return 0, err
	}
	n, _ := v[0].(int64)
	return n, nil
}
