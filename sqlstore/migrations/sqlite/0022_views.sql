-- 0022 support for per-viewer reads (package tlpview), SQLite.
--
-- event_mix lists the mixed events: those with a report whose marking or owner differs from
-- the event's own. Every other event is pure: a viewer sees all of it or none of it, by the
-- event's marking and owner, which SQL can filter and aggregate. Triggers keep the list exact
-- whoever writes events or links (imports, the API, fusion's merges and splits).
--
-- store_generation counts changes: row 1 of events and links (caches of per-viewer answers
-- are keyed by it), row 2 of accounts (users, tokens, sessions ended, agencies, shares: the
-- cache of API-token look-ups is keyed by it).
--
-- AddReports (sqlstore/write_sqlite.go) writing a batch of more than one chunk drops
-- event_mix_link_insert and generation_link_insert with the roll-up's trigger (see 0002),
-- lists the mixed events itself (only those its revisions join can be: a seed link joins a
-- report to the event made from it), counts the batch as one change, and creates the
-- triggers again before it commits.

CREATE TABLE event_mix (
	event_id INTEGER PRIMARY KEY
);

INSERT INTO event_mix (event_id)
SELECT DISTINCT er.event_id FROM event_reports er
JOIN reports r ON r.id = er.report_id
JOIN events e ON e.id = er.event_id
WHERE r.marking <> e.marking OR r.owner <> e.owner;

CREATE TABLE store_generation (
	id INTEGER PRIMARY KEY CHECK (id IN (1, 2)),
	n  INTEGER NOT NULL
);

INSERT INTO store_generation (id, n) VALUES (1, 0), (2, 0);

-- A new link can only make its event mixed.
CREATE TRIGGER event_mix_link_insert AFTER INSERT ON event_reports
WHEN EXISTS (SELECT 1 FROM reports r, events e WHERE r.id = NEW.report_id AND e.id = NEW.event_id
	AND (r.marking <> e.marking OR r.owner <> e.owner))
BEGIN
	INSERT OR IGNORE INTO event_mix (event_id) VALUES (NEW.event_id);
END;

-- A removed link can make its event pure again.
CREATE TRIGGER event_mix_link_delete AFTER DELETE ON event_reports
BEGIN
	DELETE FROM event_mix WHERE event_id = OLD.event_id AND NOT EXISTS (
		SELECT 1 FROM event_reports er JOIN reports r ON r.id = er.report_id JOIN events e ON e.id = er.event_id
		WHERE er.event_id = OLD.event_id AND (r.marking <> e.marking OR r.owner <> e.owner));
END;

-- A moved link (a split or a merge) changes both events.
CREATE TRIGGER event_mix_link_update AFTER UPDATE OF event_id, report_id ON event_reports
BEGIN
	DELETE FROM event_mix WHERE event_id = OLD.event_id AND NOT EXISTS (
		SELECT 1 FROM event_reports er JOIN reports r ON r.id = er.report_id JOIN events e ON e.id = er.event_id
		WHERE er.event_id = OLD.event_id AND (r.marking <> e.marking OR r.owner <> e.owner));
	INSERT OR IGNORE INTO event_mix (event_id) SELECT NEW.event_id WHERE EXISTS (
		SELECT 1 FROM event_reports er JOIN reports r ON r.id = er.report_id JOIN events e ON e.id = er.event_id
		WHERE er.event_id = NEW.event_id AND (r.marking <> e.marking OR r.owner <> e.owner));
END;

-- An event whose marking or owner changes (a revision, a reconciliation) is re-checked.
CREATE TRIGGER event_mix_event_update AFTER UPDATE OF marking, owner ON events
BEGIN
	DELETE FROM event_mix WHERE event_id = NEW.id;
	INSERT INTO event_mix (event_id) SELECT NEW.id WHERE EXISTS (
		SELECT 1 FROM event_reports er JOIN reports r ON r.id = er.report_id
		WHERE er.event_id = NEW.id AND (r.marking <> NEW.marking OR r.owner <> NEW.owner));
END;

CREATE TRIGGER event_mix_event_delete AFTER DELETE ON events
BEGIN
	DELETE FROM event_mix WHERE event_id = OLD.id;
END;

-- A new event always comes with its first link, which counts.
CREATE TRIGGER generation_event_update AFTER UPDATE ON events
BEGIN UPDATE store_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER generation_event_delete AFTER DELETE ON events
BEGIN UPDATE store_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER generation_link_insert AFTER INSERT ON event_reports
BEGIN UPDATE store_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER generation_link_update AFTER UPDATE ON event_reports
BEGIN UPDATE store_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER generation_link_delete AFTER DELETE ON event_reports
BEGIN UPDATE store_generation SET n = n + 1 WHERE id = 1; END;

-- Accounts: what changes who a token's user is or what it may see. New users, tokens and
-- sessions change nothing already looked up.
CREATE TRIGGER generation_share_insert AFTER INSERT ON agency_shares
BEGIN UPDATE store_generation SET n = n + 1 WHERE id = 2; END;
CREATE TRIGGER generation_share_update AFTER UPDATE ON agency_shares
BEGIN UPDATE store_generation SET n = n + 1 WHERE id = 2; END;
CREATE TRIGGER generation_share_delete AFTER DELETE ON agency_shares
BEGIN UPDATE store_generation SET n = n + 1 WHERE id = 2; END;
CREATE TRIGGER generation_user_update AFTER UPDATE ON users
BEGIN UPDATE store_generation SET n = n + 1 WHERE id = 2; END;
CREATE TRIGGER generation_user_delete AFTER DELETE ON users
BEGIN UPDATE store_generation SET n = n + 1 WHERE id = 2; END;
CREATE TRIGGER generation_token_update AFTER UPDATE ON api_tokens
BEGIN UPDATE store_generation SET n = n + 1 WHERE id = 2; END;
CREATE TRIGGER generation_token_delete AFTER DELETE ON api_tokens
BEGIN UPDATE store_generation SET n = n + 1 WHERE id = 2; END;
CREATE TRIGGER generation_agency_update AFTER UPDATE ON agencies
BEGIN UPDATE store_generation SET n = n + 1 WHERE id = 2; END;
CREATE TRIGGER generation_agency_delete AFTER DELETE ON agencies
BEGIN UPDATE store_generation SET n = n + 1 WHERE id = 2; END;
