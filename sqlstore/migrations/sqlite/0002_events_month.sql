-- 0002 monthly roll-up of events (SQLite), kept by triggers and by AddReports.
--
-- events_month holds, per year, month, province, marking and owner, the number of events and
-- the sums of their best figures. Statistics grouped by year, month and province, over whole
-- months, read it instead of the events: tens of thousands of rows instead of millions.
-- Rows whose count falls to zero stay and are ignored.
--
-- The invariant: events_month equals a GROUP BY of events at every commit. These triggers
-- keep it whoever writes events, with one exception: AddReports (sqlstore/write_sqlite.go)
-- writing a large batch drops events_month_insert at the start of its transaction, sums the
-- events it inserts itself, adds the sums in one upsert, and creates the trigger again, from
-- its text in sqlite_schema, before it commits (so it does with two triggers of 0022). No
-- other connection ever sees the store without the trigger, and the batch spares, per
-- event, the trigger's upsert and the copy of its rows that SQLite makes for an INSERT into
-- a table with triggers. Nothing else may write events_month.

CREATE TABLE events_month (
	year             INTEGER NOT NULL,
	month            INTEGER NOT NULL,
	month_key        TEXT    NOT NULL,
	province         TEXT    NOT NULL,
	marking          TEXT    NOT NULL,
	owner            TEXT    NOT NULL,
	events           INTEGER NOT NULL,
	killed           INTEGER NOT NULL,
	killed_security  INTEGER NOT NULL,
	killed_civilians INTEGER NOT NULL,
	killed_militants INTEGER NOT NULL,
	injured          INTEGER NOT NULL,
	PRIMARY KEY (year, month, province, marking, owner)
) WITHOUT ROWID;

INSERT INTO events_month
SELECT year, date_month, month_key, province, marking, owner, count(*),
	coalesce(sum(killed_best), 0), coalesce(sum(killed_security_best), 0), coalesce(sum(killed_civilians_best), 0),
	coalesce(sum(killed_militants_best), 0), coalesce(sum(injured_best), 0)
FROM events GROUP BY year, date_month, month_key, province, marking, owner;

CREATE TRIGGER events_month_insert AFTER INSERT ON events BEGIN
	INSERT INTO events_month VALUES (NEW.year, NEW.date_month, NEW.month_key, NEW.province, NEW.marking, NEW.owner, 1,
		coalesce(NEW.killed_best, 0), coalesce(NEW.killed_security_best, 0), coalesce(NEW.killed_civilians_best, 0),
		coalesce(NEW.killed_militants_best, 0), coalesce(NEW.injured_best, 0))
	ON CONFLICT (year, month, province, marking, owner) DO UPDATE SET
		events = events + 1, killed = killed + excluded.killed, killed_security = killed_security + excluded.killed_security,
		killed_civilians = killed_civilians + excluded.killed_civilians,
		killed_militants = killed_militants + excluded.killed_militants, injured = injured + excluded.injured;
END;

CREATE TRIGGER events_month_delete AFTER DELETE ON events BEGIN
	UPDATE events_month SET events = events - 1, killed = killed - coalesce(OLD.killed_best, 0),
		killed_security = killed_security - coalesce(OLD.killed_security_best, 0),
		killed_civilians = killed_civilians - coalesce(OLD.killed_civilians_best, 0),
		killed_militants = killed_militants - coalesce(OLD.killed_militants_best, 0),
		injured = injured - coalesce(OLD.injured_best, 0)
	WHERE year = OLD.year AND month = OLD.date_month AND province = OLD.province AND marking = OLD.marking AND owner = OLD.owner;
END;

CREATE TRIGGER events_month_update AFTER UPDATE OF year, date_month, month_key, province, marking, owner,
	killed_best, killed_security_best, killed_civilians_best, killed_militants_best, injured_best ON events BEGIN
	UPDATE events_month SET events = events - 1, killed = killed - coalesce(OLD.killed_best, 0),
		killed_security = killed_security - coalesce(OLD.killed_security_best, 0),
		killed_civilians = killed_civilians - coalesce(OLD.killed_civilians_best, 0),
		killed_militants = killed_militants - coalesce(OLD.killed_militants_best, 0),
		injured = injured - coalesce(OLD.injured_best, 0)
	WHERE year = OLD.year AND month = OLD.date_month AND province = OLD.province AND marking = OLD.marking AND owner = OLD.owner;
	INSERT INTO events_month VALUES (NEW.year, NEW.date_month, NEW.month_key, NEW.province, NEW.marking, NEW.owner, 1,
		coalesce(NEW.killed_best, 0), coalesce(NEW.killed_security_best, 0), coalesce(NEW.killed_civilians_best, 0),
		coalesce(NEW.killed_militants_best, 0), coalesce(NEW.injured_best, 0))
	ON CONFLICT (year, month, province, marking, owner) DO UPDATE SET
		events = events + 1, killed = killed + excluded.killed, killed_security = killed_security + excluded.killed_security,
		killed_civilians = killed_civilians + excluded.killed_civilians,
		killed_militants = killed_militants + excluded.killed_militants, injured = injured + excluded.injured;
END;
