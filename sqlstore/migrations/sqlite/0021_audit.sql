-- 0021 the audit log (SQLite): append-only, hash-chained entries (package audit) and the
-- sealed head anchor, kept in its own table so that deleting the newest entries is detected.

CREATE TABLE audit_log (
	seq       INTEGER PRIMARY KEY,
	at        INTEGER NOT NULL,
	actor     TEXT    NOT NULL DEFAULT '',
	agency    TEXT    NOT NULL DEFAULT '',
	action    TEXT    NOT NULL,
	object    TEXT    NOT NULL DEFAULT '',
	marking   TEXT    NOT NULL DEFAULT '',
	owner     TEXT    NOT NULL DEFAULT '',
	detail    TEXT,
	prev_hash TEXT    NOT NULL,
	hash      TEXT    NOT NULL,
	mac       TEXT    NOT NULL
);

CREATE INDEX audit_log_object ON audit_log (object, seq);

CREATE TABLE audit_head (
	id   INTEGER PRIMARY KEY CHECK (id = 1),
	seq  INTEGER NOT NULL,
	hash TEXT    NOT NULL,
	mac  TEXT    NOT NULL
);
