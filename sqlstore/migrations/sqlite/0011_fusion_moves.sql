-- 0011 fusion (SQLite): the count of links moved to another event or removed.
--
-- Incremental fusion keeps an index of the stored reports it has met. A window (a province,
-- a few days) it has read whole stays valid while no link has moved since: it then reads only
-- the reports stored after the largest key it has seen (keys grow in commit order on SQLite,
-- one writer at a time). Fusion's own writes move links too; it reads the count in its
-- transaction, before and after its writes, to tell its moves from others'.

CREATE TABLE fusion_moves (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	n  INTEGER NOT NULL
);

INSERT INTO fusion_moves (id, n) VALUES (1, 0);

CREATE TRIGGER fusion_moves_update AFTER UPDATE OF event_id ON event_reports
WHEN OLD.event_id <> NEW.event_id
BEGIN UPDATE fusion_moves SET n = n + 1 WHERE id = 1; END;

CREATE TRIGGER fusion_moves_delete AFTER DELETE ON event_reports
BEGIN UPDATE fusion_moves SET n = n + 1 WHERE id = 1; END;
