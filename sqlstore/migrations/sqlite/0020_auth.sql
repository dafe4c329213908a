-- 0020 agencies, users, credentials and sharing (SQLite).
--
-- Tokens and sessions are stored only as the SHA-256 of the secret the client holds;
-- passwords only as argon2id hashes in PHC format. Agency names are matched exactly against
-- the owner of reports and events; user names are unique case-insensitively (name_key is the
-- lower-cased name).

CREATE TABLE agencies (
	id         INTEGER PRIMARY KEY,
	name       TEXT    NOT NULL UNIQUE,
	created_at INTEGER NOT NULL
);

CREATE TABLE users (
	id            INTEGER PRIMARY KEY,
	name          TEXT    NOT NULL,
	name_key      TEXT    NOT NULL UNIQUE,
	agency_id     INTEGER NOT NULL REFERENCES agencies (id),
	role          TEXT    NOT NULL CHECK (role IN ('viewer', 'analyst', 'admin')),
	password_hash TEXT    NOT NULL DEFAULT '',
	created_at    INTEGER NOT NULL
);

CREATE TABLE api_tokens (
	hash       BLOB    PRIMARY KEY CHECK (length(hash) = 32),
	user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	created_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE sessions (
	hash       BLOB    PRIMARY KEY CHECK (length(hash) = 32),
	user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	created_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

-- from_agency shares its TLP:AMBER records with to_agency. The key leads with to_agency:
-- a request looks up who shares with the caller's agency.
CREATE TABLE agency_shares (
	to_agency   INTEGER NOT NULL REFERENCES agencies (id),
	from_agency INTEGER NOT NULL REFERENCES agencies (id),
	created_at  INTEGER NOT NULL,
	created_by  TEXT    NOT NULL DEFAULT '',
	PRIMARY KEY (to_agency, from_agency),
	CHECK (from_agency <> to_agency)
) WITHOUT ROWID;
