-- 0002 monthly roll-up of events (PostgreSQL), kept by triggers and by AddReports.
--
-- events_month holds, per year, month, province, marking and owner, the number of events and
-- the sums of their best figures. Statistics grouped by year, month and province, over whole
-- months, read it instead of the events: tens of thousands of rows instead of millions.
-- Rows whose count falls to zero stay and are ignored.
--
-- The invariant: events_month equals a GROUP BY of events at every commit. Statement
-- triggers with transition tables keep it, one aggregated upsert per statement, whoever
-- updates or deletes events, and whoever inserts them, except one writer: AddReports
-- (sqlstore/write_postgres.go) sums the events it inserts itself and adds them in one upsert
-- per batch, in key order (so that concurrent writers cannot deadlock on it). Its
-- transaction sets sarhad.events_month_writer to 'on' (SET LOCAL: no other transaction sees
-- it), and the insert trigger then stands aside. Nothing else may set it or write
-- events_month.

CREATE TABLE events_month (
	year             INTEGER NOT NULL,
	month            INTEGER NOT NULL,
	month_key        TEXT    COLLATE "C" NOT NULL,
	province         TEXT    COLLATE "C" NOT NULL,
	marking          TEXT    COLLATE "C" NOT NULL,
	owner            TEXT    COLLATE "C" NOT NULL,
	events           BIGINT  NOT NULL,
	killed           BIGINT  NOT NULL,
	killed_security  BIGINT  NOT NULL,
	killed_civilians BIGINT  NOT NULL,
	killed_militants BIGINT  NOT NULL,
	injured          BIGINT  NOT NULL,
	PRIMARY KEY (year, month, province, marking, owner)
);

INSERT INTO events_month
SELECT year, date_month, month_key, province, marking, owner, count(*),
	coalesce(sum(killed_best), 0), coalesce(sum(killed_security_best), 0), coalesce(sum(killed_civilians_best), 0),
	coalesce(sum(killed_militants_best), 0), coalesce(sum(injured_best), 0)
FROM events GROUP BY year, date_month, month_key, province, marking, owner;

CREATE FUNCTION events_month_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'INSERT' AND current_setting('sarhad.events_month_writer', true) = 'on' THEN
		RETURN NULL;
	END IF;
	IF TG_OP IN ('UPDATE', 'DELETE') THEN
		UPDATE events_month m SET events = m.events - o.events, killed = m.killed - o.killed,
			killed_security = m.killed_security - o.killed_security,
			killed_civilians = m.killed_civilians - o.killed_civilians,
			killed_militants = m.killed_militants - o.killed_militants, injured = m.injured - o.injured
		FROM (SELECT year, date_month, province, marking, owner, count(*) AS events,
				coalesce(sum(killed_best), 0) AS killed, coalesce(sum(killed_security_best), 0) AS killed_security,
				coalesce(sum(killed_civilians_best), 0) AS killed_civilians,
				coalesce(sum(killed_militants_best), 0) AS killed_militants, coalesce(sum(injured_best), 0) AS injured
			FROM old_rows GROUP BY year, date_month, province, marking, owner) o
		WHERE m.year = o.year AND m.month = o.date_month AND m.province = o.province
			AND m.marking = o.marking AND m.owner = o.owner;
	END IF;
	IF TG_OP IN ('UPDATE', 'INSERT') THEN
		INSERT INTO events_month
		SELECT year, date_month, month_key, province, marking, owner, count(*),
			coalesce(sum(killed_best), 0), coalesce(sum(killed_security_best), 0), coalesce(sum(killed_civilians_best), 0),
			coalesce(sum(killed_militants_best), 0), coalesce(sum(injured_best), 0)
		FROM new_rows GROUP BY year, date_month, month_key, province, marking, owner
		ON CONFLICT (year, month, province, marking, owner) DO UPDATE SET
			events = events_month.events + excluded.events, killed = events_month.killed + excluded.killed,
			killed_security = events_month.killed_security + excluded.killed_security,
			killed_civilians = events_month.killed_civilians + excluded.killed_civilians,
			killed_militants = events_month.killed_militants + excluded.killed_militants,
			injured = events_month.injured + excluded.injured;
	END IF;
	RETURN NULL;
END $$;

CREATE TRIGGER events_month_insert AFTER INSERT ON events
	REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION events_month_apply();
CREATE TRIGGER events_month_update AFTER UPDATE ON events
	REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION events_month_apply();
CREATE TRIGGER events_month_delete AFTER DELETE ON events
	REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION events_month_apply();
