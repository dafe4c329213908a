-- 0022 support for per-viewer reads (package tlpview), PostgreSQL.
--
-- event_mix lists the mixed events: those with a report whose marking or owner differs from
-- the event's own. Every other event is pure: a viewer sees all of it or none of it, by the
-- event's marking and owner, which SQL can filter and aggregate. Statement-level triggers
-- with transition tables keep the list exact whoever writes events or links (imports, the
-- API, fusion's merges and splits), at one set-based statement per write statement.
--
-- store_generation counts writes: row 1 of events and links (caches of per-viewer answers
-- are keyed by it), row 2 of accounts (users, tokens, agencies, shares: the cache of
-- API-token look-ups is keyed by it).

CREATE TABLE event_mix (
	event_id BIGINT PRIMARY KEY
);

INSERT INTO event_mix (event_id)
SELECT DISTINCT er.event_id FROM event_reports er
JOIN reports r ON r.id = er.report_id
JOIN events e ON e.id = er.event_id
WHERE r.marking <> e.marking OR r.owner <> e.owner;

CREATE TABLE store_generation (
	id INTEGER PRIMARY KEY CHECK (id IN (1, 2)),
	n  BIGINT  NOT NULL
);

INSERT INTO store_generation (id, n) VALUES (1, 0), (2, 0);

-- Re-checks the given events: mixed ones are listed, the others not.
CREATE FUNCTION sarhad_event_mix_recheck(ids BIGINT[]) RETURNS void LANGUAGE plpgsql
SET enable_hashjoin = off SET enable_mergejoin = off AS $$
BEGIN
	DELETE FROM event_mix WHERE event_id = ANY (ids);
	INSERT INTO event_mix (event_id)
	SELECT DISTINCT er.event_id FROM event_reports er
	JOIN reports r ON r.id = er.report_id
	JOIN events e ON e.id = er.event_id
	WHERE er.event_id = ANY (ids) AND (r.marking <> e.marking OR r.owner <> e.owner)
	ON CONFLICT DO NOTHING;
END $$;

CREATE FUNCTION sarhad_generation_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE store_generation SET n = n + 1 WHERE id = 1;
	RETURN NULL;
END $$;

-- New links can only make their events mixed. A transition table has no statistics: the
-- planner is told to look each new link up by index rather than scan reports and events.
-- AddReports (sqlstore/write_postgres.go, with sarhad.add_reports set, see 0001) lists the
-- events its batch makes mixed itself, in one statement for the few events its revisions
-- join: a seed link joins a report to the event made from it.
CREATE FUNCTION sarhad_event_mix_links_inserted() RETURNS trigger LANGUAGE plpgsql
SET enable_hashjoin = off SET enable_mergejoin = off AS $$
BEGIN
	IF current_setting('sarhad.add_reports', true) = 'on' THEN
		RETURN NULL;
	END IF;
	INSERT INTO event_mix (event_id)
	SELECT DISTINCT n.event_id FROM new_links n
	JOIN reports r ON r.id = n.report_id
	JOIN events e ON e.id = n.event_id
	WHERE r.marking <> e.marking OR r.owner <> e.owner
	ON CONFLICT DO NOTHING;
	RETURN NULL;
END $$;

CREATE FUNCTION sarhad_event_mix_links_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM sarhad_event_mix_recheck(ARRAY(SELECT DISTINCT event_id FROM old_links));
	RETURN NULL;
END $$;

CREATE FUNCTION sarhad_event_mix_links_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM sarhad_event_mix_recheck(ARRAY(
		SELECT event_id FROM old_links UNION SELECT event_id FROM new_links));
	RETURN NULL;
END $$;

CREATE FUNCTION sarhad_event_mix_events_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM sarhad_event_mix_recheck(ARRAY(
		SELECT n.id FROM new_events n JOIN old_events o ON o.id = n.id
		WHERE n.marking <> o.marking OR n.owner <> o.owner));
	RETURN NULL;
END $$;

CREATE FUNCTION sarhad_event_mix_events_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM event_mix WHERE event_id IN (SELECT id FROM old_events);
	RETURN NULL;
END $$;

CREATE TRIGGER event_mix_link_insert AFTER INSERT ON event_reports
	REFERENCING NEW TABLE AS new_links FOR EACH STATEMENT EXECUTE FUNCTION sarhad_event_mix_links_inserted();
CREATE TRIGGER event_mix_link_delete AFTER DELETE ON event_reports
	REFERENCING OLD TABLE AS old_links FOR EACH STATEMENT EXECUTE FUNCTION sarhad_event_mix_links_deleted();
CREATE TRIGGER event_mix_link_update AFTER UPDATE ON event_reports
	REFERENCING OLD TABLE AS old_links NEW TABLE AS new_links FOR EACH STATEMENT EXECUTE FUNCTION sarhad_event_mix_links_updated();
CREATE TRIGGER event_mix_event_update AFTER UPDATE ON events
	REFERENCING OLD TABLE AS old_events NEW TABLE AS new_events FOR EACH STATEMENT EXECUTE FUNCTION sarhad_event_mix_events_updated();
CREATE TRIGGER event_mix_event_delete AFTER DELETE ON events
	REFERENCING OLD TABLE AS old_events FOR EACH STATEMENT EXECUTE FUNCTION sarhad_event_mix_events_deleted();

CREATE TRIGGER generation_events AFTER INSERT OR UPDATE OR DELETE ON events
	FOR EACH STATEMENT EXECUTE FUNCTION sarhad_generation_bump();
CREATE TRIGGER generation_links AFTER INSERT OR UPDATE OR DELETE ON event_reports
	FOR EACH STATEMENT EXECUTE FUNCTION sarhad_generation_bump();

-- Accounts: what changes who a token's user is or what it may see. New users, tokens and
-- sessions change nothing already looked up.
CREATE FUNCTION sarhad_accounts_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE store_generation SET n = n + 1 WHERE id = 2;
	RETURN NULL;
END $$;

CREATE TRIGGER generation_shares AFTER INSERT OR UPDATE OR DELETE ON agency_shares
	FOR EACH STATEMENT EXECUTE FUNCTION sarhad_accounts_bump();
CREATE TRIGGER generation_users AFTER UPDATE OR DELETE ON users
	FOR EACH STATEMENT EXECUTE FUNCTION sarhad_accounts_bump();
CREATE TRIGGER generation_tokens AFTER UPDATE OR DELETE ON api_tokens
	FOR EACH STATEMENT EXECUTE FUNCTION sarhad_accounts_bump();
CREATE TRIGGER generation_agencies AFTER UPDATE OR DELETE ON agencies
	FOR EACH STATEMENT EXECUTE FUNCTION sarhad_accounts_bump();
