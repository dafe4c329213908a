-- 0001 core schema (SQLite): sources, reports, events and the report→event link table.
--
-- Conventions shared with the PostgreSQL schema:
--   * text columns are NOT NULL DEFAULT '' ('' = unknown), so that equality filters and
--     grouping never meet NULL;
--   * a casualty figure is three nullable integer columns <name>_low/_best/_high: NULL is
--     unknown, 0 is a known zero;
--   * text compares byte-wise (COLLATE "C" on PostgreSQL, BINARY on SQLite);
--   * times are integer Unix nanoseconds (UTC), so that they round-trip exactly;
--   * day is the day number (days since 1970-01-01) of the first day a date covers, and
--     -1000000 when the date is unknown, so that ordering and ranges never meet NULL.

CREATE TABLE sources (
	id           INTEGER PRIMARY KEY,
	name         TEXT    NOT NULL UNIQUE,
	reliability  TEXT    NOT NULL DEFAULT '',
	corroborated INTEGER NOT NULL DEFAULT 0,
	contradicted INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE reports (
	id                     INTEGER PRIMARY KEY AUTOINCREMENT,
	ext_id                 TEXT    NOT NULL,
	hash                   BLOB    NOT NULL UNIQUE CHECK (length(hash) = 32),
	source                 TEXT    NOT NULL DEFAULT '',
	reliability            TEXT    NOT NULL DEFAULT '',
	dataset                TEXT    NOT NULL DEFAULT '',
	reported_at            INTEGER,
	text                   TEXT    NOT NULL DEFAULT '',
	date_year              INTEGER NOT NULL DEFAULT 0,
	date_month             INTEGER NOT NULL DEFAULT 0,
	date_day               INTEGER NOT NULL DEFAULT 0,
	date_precision         TEXT    NOT NULL DEFAULT '',
	day                    INTEGER NOT NULL,
	province               TEXT    NOT NULL DEFAULT '',
	district               TEXT    NOT NULL DEFAULT '',
	place                  TEXT    NOT NULL DEFAULT '',
	lat                    REAL,
	lon                    REAL,
	geo_precision          TEXT    NOT NULL DEFAULT '',
	place_id               TEXT    NOT NULL DEFAULT '',
	perpetrator            TEXT    NOT NULL DEFAULT '',
	perpetrator_raw        TEXT    NOT NULL DEFAULT '',
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
	marking                TEXT    NOT NULL CHECK (marking IN ('TLP:CLEAR', 'TLP:GREEN', 'TLP:AMBER', 'TLP:AMBER+STRICT', 'TLP:RED')),
	owner                  TEXT    NOT NULL,
	evidence               TEXT,
	created_at             INTEGER NOT NULL,
	supersedes             INTEGER
);

-- Revisions and look-ups by the producer's id: (owner, source, ext_id) identifies a report
-- across revisions; ext_id leads so that Report(id) uses the same index.
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
	marking                TEXT    NOT NULL CHECK (marking IN ('TLP:CLEAR', 'TLP:GREEN', 'TLP:AMBER', 'TLP:AMBER+STRICT', 'TLP:RED')),
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
-- id DESC of listings. At scale the cost of an import is the pages its index entries dirty,
-- so events have three indexes, not one per filter:
--   * events_list: listing by date, filtered on the covered columns (province, actor, attack
--     and target type, visibility) without reading the table;
--   * events_district: listing filtered by district, the filter too selective to scan for;
--   * events_stats: statistics, covering, in the order of their usual groupings (year, month,
--     province, district), so that Stats streams it without a sort.
CREATE INDEX events_list ON events (day, province, perpetrator, attack_type, target_type, marking, owner);
CREATE INDEX events_district ON events (district, day);
CREATE INDEX events_stats ON events (year, month_key, province, district,
	killed_best, killed_security_best, killed_civilians_best, killed_militants_best, injured_best,
	marking, owner, day);

-- The link of each report to its event. The foreign key guards the relation that fusion
-- changes (links move between events, events are deleted when merged). report_id and a
-- report's supersedes have none: AddReports writes them in the transaction that writes the
-- report, and reports are never deleted, so a key would only cost (on PostgreSQL a per-row
-- trigger that locks the referenced row: most of the cost of writing links).
CREATE TABLE event_reports (
	report_id  INTEGER PRIMARY KEY,
	event_id   INTEGER NOT NULL REFERENCES events (id),
	score      REAL    NOT NULL DEFAULT 1,
	why        TEXT    NOT NULL DEFAULT '',
	decision   TEXT    NOT NULL CHECK (decision IN ('auto', 'pinned', 'seed')),
	decided_by TEXT    NOT NULL DEFAULT '',
	decided_at INTEGER NOT NULL
);

CREATE INDEX event_reports_event ON event_reports (event_id);
