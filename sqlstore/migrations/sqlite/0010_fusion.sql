-- 0010 fusion (SQLite): analysts' decisions, and the indexes fusion's look-ups need.
--
-- A decision records what an analyst did (merge two events, split a report out of one, pin
-- a report to one, undo an earlier decision), who, when and why, and the report ids it binds
-- as of then (together: one event; apart: pairs kept in different events), as JSON arrays:
-- re-fusion reads them as constraints. Event ids are the public "e-<n>" form, kept as text
-- because a decision outlives the events it names.

CREATE TABLE decisions (
	id             INTEGER PRIMARY KEY AUTOINCREMENT,
	kind           TEXT    NOT NULL CHECK (kind IN ('merge', 'split', 'pin', 'undo')),
	event_id       TEXT    NOT NULL DEFAULT '',
	other_event_id TEXT    NOT NULL DEFAULT '',
	report_id      TEXT    NOT NULL DEFAULT '',
	together       TEXT,
	apart          TEXT,
	undoes         INTEGER NOT NULL DEFAULT 0,
	undone_by      INTEGER NOT NULL DEFAULT 0,
	result         TEXT    NOT NULL DEFAULT '',
	decided_by     TEXT    NOT NULL,
	why            TEXT    NOT NULL,
	decided_at     INTEGER NOT NULL
);

CREATE INDEX decisions_event ON decisions (event_id);
CREATE INDEX decisions_other ON decisions (other_event_id);
CREATE INDEX decisions_result ON decisions (result);

-- Candidates of a new report: the reports of its province within a few days. The day
-- leads: reports mostly arrive in date order, so that inserts append to the index rather
-- than to one place per province (on SQLite a fifth less time to insert reports), and a window of a
-- few days is a short range whatever the provinces.
CREATE INDEX reports_fusion ON reports (day, province);

-- Head revisions: reports that no later revision supersedes.
CREATE INDEX reports_supersedes ON reports (supersedes) WHERE supersedes IS NOT NULL;
