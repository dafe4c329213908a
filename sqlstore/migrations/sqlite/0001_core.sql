-- 0001 core schema (SQLite): sources, reports, events and the report→event link table.
--
-- Conventions shared with the PostgreSQL schema:
--   * text columns are NOT NULL DEFAULT '' ('' = unknown), so that equality filters and
--     grouping never meet NULL;
--   * a casualty figure is three nullable integer columns <name>_low/_best/_high: NULL is
--     unknown, 0 is a known zero;
--   * text compares byte-wise (COLLATE "C" on PostgreSQL, BINARY on SQLite);
--   * times are integer Unix nanoseconds (UTC), so that they round-trip exactly;
--   * a CHECK lists allowed values with OR, not IN: SQLite builds an IN list into a
--     temporary index for every row it checks;
--   * day is the day number (days since 1970-01-01) of the first day a date covers, and
--     -1000000 when the date is unknown, so that ordering and ranges never meet NULL.

CREATE TABLE sources (
	id           INTEGER PRIMARY KEY,
	name         TEXT    NOT NULL UNIQUE,
	reliability  TEXT    NOT NULL DEFAULT '',
	corroborated INTEGER NOT NULL DEFAULT 0,
	contradicted INTEGER NOT NULL DEFAULT 0
);

-- A report row holds as columns what SQL filters, joins and checks on; the rest of the
-- immutable report is in body, a compact binary encoding that only the store reads
-- (sqlstore/body.go). supersedes is the key of the previous revision.
CREATE TABLE reports (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	ext_id     TEXT    NOT NULL,
	owner      TEXT    NOT NULL,
	source     TEXT    NOT NULL DEFAULT '',
	dataset    TEXT    NOT NULL DEFAULT '',
	hash       BLOB    NOT NULL CHECK (length(hash) = 32),
	marking    TEXT    NOT NULL CHECK (marking = 'TLP:CLEAR' OR marking = 'TLP:GREEN' OR marking = 'TLP:AMBER' OR marking = 'TLP:AMBER+STRICT' OR marking = 'TLP:RED'),
	day        INTEGER NOT NULL,
	province   TEXT    NOT NULL DEFAULT '',
	created_at INTEGER NOT NULL,
	supersedes INTEGER,
	body       BLOB    NOT NULL
);

-- Duplicates, revisions and look-ups by the producer's id: (owner, source, ext_id) identifies
-- a report across its revisions, and the content hash covers all three, so AddReports finds
-- duplicates through this index and compares hashes. ext_id leads so that Report(id) uses the
-- same index. Producers' ids mostly increase, so inserts mostly append. There is no index on
-- the hash: random keys would make every batch rewrite most of its pages.
CREATE INDEX reports_ext ON reports (ext_id, owner, source);

CREATE TABLE events (
	id                     INTEGER PRIMARY KEY AUTOINCREMENT,
	date_year              INTEGER NOT NULL DEFAULT 0,
	date_month             INTEGER NOT NULL DEFAULT 0,
	date_day               INTEGER NOT NULL DEFAULT 0,
	date_precision         TEXT    NOT NULL DEFAULT '',
	province               TEXT    NOT NULL DEFAULT '',
	district               TEXT    NOT NULL DEFAULT '',
	place                  TEXT    NOT NULL DEFAULT '',
	lat                    REAL,
	lon                    REAL,
	geo_precision          TEXT    NOT NULL DEFAULT '',
	place_id               TEXT    NOT NULL DEFAULT '',
	perpetrator            TEXT    NOT NULL DEFAULT '',
	attribution            TEXT    NOT NULL DEFAULT '',
	attack_type            TEXT    NOT NULL DEFAULT '',
	target_type            TEXT    NOT NULL DEFAULT '',
	killed_low             INTEGER,
	killed_best            INTEGER,
	killed_high            INTEGER,
	killed_security_low    INTEGER,
	killed_security_best   INTEGER,
	killed_security_high   INTEGER,
	killed_civilians_low   INTEGER,
	killed_civilians_best  INTEGER,
	killed_civilians_high  INTEGER,
	killed_militants_low   INTEGER,
	killed_militants_best  INTEGER,
	killed_militants_high  INTEGER,
	injured_low            INTEGER,
	injured_best           INTEGER,
	injured_high           INTEGER,
	hostages_low           INTEGER,
	hostages_best          INTEGER,
	hostages_high          INTEGER,
	cross_border           TEXT    NOT NULL DEFAULT 'unknown',
	credibility            INTEGER NOT NULL DEFAULT 6,
	marking                TEXT    NOT NULL CHECK (marking = 'TLP:CLEAR' OR marking = 'TLP:GREEN' OR marking = 'TLP:AMBER' OR marking = 'TLP:AMBER+STRICT' OR marking = 'TLP:RED'),
	owner                  TEXT    NOT NULL,
	incident               TEXT    NOT NULL DEFAULT '',
	claims                 TEXT,
	provenance             TEXT,
	updated_at             INTEGER NOT NULL,
	-- Precomputed grouping columns (see Date.DayNumber, YearKey, MonthKey, WeekKey).
	day                    INTEGER NOT NULL,
	year                   INTEGER NOT NULL DEFAULT 0,
	month_key              TEXT    NOT NULL DEFAULT '',
	week_key               TEXT    NOT NULL DEFAULT ''
);

-- Every index of events ends with its rowid (id): that gives the stable order day DESC,
-- id DESC of listings. At scale the cost of an import is the work and the pages its index
-- entries take, so events have one index, in day order (most events arrive in date order,
-- so inserts mostly append): events_list lists by date, and, covering province and
-- district, finds the events of a province or district without reading the table.
-- Statistics read the roll-up events_month (0002) or scan the table.
CREATE INDEX events_list ON events (day, province, district);

-- The link of each report to its event. The foreign key guards the relation that fusion
-- changes (links move between events, events are deleted when merged). report_id and a
-- report's supersedes have none: AddReports writes them in the transaction that writes the
-- report, and reports are never deleted, so a key would only cost (on PostgreSQL a per-row
-- trigger that locks the referenced row: most of the cost of writing links). The key is
-- checked at COMMIT (deferred): fusion moves links and deletes events in either order, and a
-- deferred key spares SQLite the statement journal of every multi-row write. It is declared
-- so rather than set by PRAGMA defer_foreign_keys in each transaction, because a flag pragma
-- expires every prepared statement of the connection (each would be compiled again).
CREATE TABLE event_reports (
	report_id  INTEGER PRIMARY KEY,
	event_id   INTEGER NOT NULL REFERENCES events (id) DEFERRABLE INITIALLY DEFERRED,
	score      REAL    NOT NULL DEFAULT 1,
	why        TEXT    NOT NULL DEFAULT '',
	decision   TEXT    NOT NULL CHECK (decision = 'seed' OR decision = 'auto' OR decision = 'pinned'),
	decided_by TEXT    NOT NULL DEFAULT '',
	decided_at INTEGER NOT NULL
);

CREATE INDEX event_reports_event ON event_reports (event_id);
