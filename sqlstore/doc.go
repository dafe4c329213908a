// Package sqlstore is Sarhad's event store: reports, events, the links between them and
// sources, in a SQLite file (modernc.org/sqlite, pure Go) or in PostgreSQL (pgx). The same
// SQL runs on both through database/sql where it can; the write path and a few statements
// are per dialect.
//
// # Opening
//
// Open takes a DSN: postgres://… or postgresql://… for PostgreSQL (a search_path parameter
// selects the schema), anything else for the path of a SQLite file ("sqlite:" and "file:"
// prefixes are accepted). SQLite connections get explicit pragmas (busy_timeout first, WAL,
// foreign keys, synchronous=NORMAL, a 64 MiB page cache); writes go through one writer
// connection that begins with BEGIN IMMEDIATE, reads through a pool (fusion's reads, which
// precede its writes, on the writer's connection, whose page cache survives writes), and
// write-ahead log checkpoints run in the background, at most once a second. AddReports holds
// the writer connection but writes its batch on a connection of its own, opened on first use
// with the same pragmas (and a DSN's _pragma parameters): internal/rawsqlite calls SQLite's
// C API (modernc.org/sqlite/lib) directly, without the driver's mutex and allocation per
// bound value, which were a quarter of the import's writer time. Open applies the
// migrations.
//
// # Schema
//
// Migrations are embedded SQL files, migrations/<dialect>/NNNN_name.sql, applied in order,
// each in one transaction, forward-only, recorded in schema_migrations with the SHA-256 of
// its text; a store that recorded a migration the program lacks, or has with other text, is
// refused with an error that says it was made by another version. Versions are reserved
// by area so that parallel work does not collide: 0001–0009 this core store, 0010–0019
// fusion, 0020–0029 web, auth and audit. Every migration exists for both dialects with the
// same version (a test checks it).
//
//   - sources: name (unique), Admiralty reliability, corroborated and contradicted counts.
//   - reports: an internal key, and as columns what SQL filters, joins and checks on: the
//     producer's id (ext_id), owner, source, data set, the content hash, marking, day number,
//     province, when it was stored, and supersedes, the key of the previous revision; the
//     rest of sarhad.Report in body, a compact binary encoding only the store reads
//     (body.go). Reports are never updated. An index on (ext_id, owner, source) finds
//     duplicates, revisions and reports by id; none is on the hash (random keys would make
//     every batch rewrite most of its pages).
//   - events: the reconciled fields of sarhad.Event, with credibility, incident, claims and
//     provenance (JSON), marking and owner, and precomputed grouping columns (day number,
//     year, month key, ISO week key). A casualty figure is its best estimate, <name>_best
//     (NULL when unknown); ranges holds, as JSON, [low, high] for the figures whose low or
//     high differs from the best, and is NULL for most events (migration 0003, columns.go).
//     The public id of the event with key n is "e-n". One index, by day, serves listings
//     and date ranges.
//   - event_reports: the link of each report to its one event, with score, reason, decision
//     (seed, auto, pinned), who decided and when. Fusion re-assigns reports by updating it.
//     A link must name an event: a foreign key on SQLite, statement triggers that check and
//     lock the same way on PostgreSQL (a foreign key there costs a logged row lock per link),
//     where AddReports checks and locks the stored events its revisions name itself, once
//     per batch, and the trigger stands aside (migration 0001).
//   - events_month: per year, month, province, marking and owner, the count of events and
//     the sums of their figures, equal to a GROUP BY of events at every commit: triggers keep
//     it for every write of events but AddReports' inserts, whose sums AddReports adds itself
//     in one statement per batch (migration 0002 says how the trigger stands aside); Stats by
//     year, month and province reads it for whole months.
//   - fusion_moves: on SQLite, the count of links moved to another event or removed, kept by
//     triggers (migration 0011). While it stands still, incremental fusion reads of a window
//     it has read whole only the reports stored since (keys grow in commit order there);
//     PostgreSQL, whose keys do not, keeps no count and is read window by window.
//
// Text columns hold the empty string, not NULL, for unknown values; times are integer Unix
// nanoseconds (they round-trip exactly, so that a stored report still hashes to its hash);
// an unknown date has day number -1000000, so that it sorts last and falls outside every
// date range.
//
// # Writing
//
// AddReports writes a batch in one transaction. Duplicates are skipped: found through the
// owner, source and id, which the content hash covers, and compared by hash; a report with
// the owner, source and id of a stored one but new content is a revision, linked to the same
// event, whose fields it rewrites. Otherwise a report becomes an event of its own.
//
// The batch goes through a pipeline of chunks (2,000 reports on SQLite, 5,000 on
// PostgreSQL): a goroutine normalizes, validates, hashes and encodes a chunk, looks its keys
// up on another connection (the writing transaction holds the write lock, so the store
// cannot change meanwhile), assigns keys and builds its rows, while the writer writes the
// chunk before. Rows travel by binary COPY (encoded here) on PostgreSQL, by multi-row
// INSERTs prepared once per connection on SQLite, where the seed links are derived in SQL
// from the inserted reports. The per-row and per-statement work of the insert triggers is
// done once per batch instead: the roll-up's sums, the mixed events (only the events that
// revisions join can become mixed) and, on SQLite, one count of the change in
// store_generation (migrations 0002 and 0022 say how the triggers stand aside). Memory is
// proportional to the batch, never to the store.
//
// # Reading
//
// Every read takes a sarhad.Viewer and applies Viewer.CanSee in SQL: TLP:CLEAR and
// TLP:GREEN to every viewer with an agency, TLP:AMBER to the owner and the agencies in
// AmberFrom, TLP:AMBER+STRICT and TLP:RED to the owner only, everything to Viewer.All, and
// nothing to the zero Viewer. A record the viewer may not see is ENOTFOUND exactly like a
// missing one. Events lists pages with an opaque keyset cursor (date descending, then id
// descending); Stats groups by any of the keys of sarhad.StatsKeys; StreamReports and
// StreamEvents read in chunks with constant memory.
//
// For now an event's marking and owner are those of its seed report (its newest revision).
// A viewer who may see an event sees all its reconciled fields but only the links, claims
// and provenance entries of the reports it may see; reconciling events per viewer when
// their reports belong to several owners is left to the layers above.
//
// BENCHMARKS.md has the benchmark commands and the figures measured.
package sqlstore
