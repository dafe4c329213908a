-- 0021 the audit log (PostgreSQL): append-only, hash-chained entries (package audit) and the
-- sealed head anchor, kept in its own table so that deleting the newest entries is detected.
-- Appenders serialize on the anchor row (SELECT ... FOR UPDATE).

CREATE TABLE audit_log (
	seq       BIGINT PRIMARY KEY,
	at        BIGINT NOT NULL,
	actor     TEXT   COLLATE "C" NOT NULL DEFAULT '',
	agency    TEXT   COLLATE "C" NOT NULL DEFAULT '',
	action    TEXT   COLLATE "C" NOT NULL,
	object    TEXT   COLLATE "C" NOT NULL DEFAULT '',
	marking   TEXT   COLLATE "C" NOT NULL DEFAULT '',
	owner     TEXT   COLLATE "C" NOT NULL DEFAULT '',
	detail    TEXT   COLLATE "C",
	prev_hash TEXT   COLLATE "C" NOT NULL,
	hash      TEXT   COLLATE "C" NOT NULL,
	mac       TEXT   COLLATE "C" NOT NULL
);

CREATE INDEX audit_log_object ON audit_log (object, seq);

CREATE TABLE audit_head (
	id   INTEGER PRIMARY KEY CHECK (id = 1),
	seq  BIGINT NOT NULL,
	hash TEXT   COLLATE "C" NOT NULL,
	mac  TEXT   COLLATE "C" NOT NULL
);
