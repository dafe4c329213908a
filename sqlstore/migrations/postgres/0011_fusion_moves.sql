-- 0011 fusion (PostgreSQL): the count of links moved, as on SQLite, without its triggers.
--
-- On SQLite incremental fusion reads, of a window it has met, only the reports stored after
-- the largest key it has seen, while this count says no link has moved. PostgreSQL assigns
-- keys when a row is inserted, not when its transaction commits, so a report with a smaller
-- key can become visible later: fusion reads every window whole there and needs no count.
-- The table keeps the schemas alike; no trigger maintains it.

CREATE TABLE fusion_moves (
	id integer PRIMARY KEY CHECK (id = 1),
	n  bigint  NOT NULL
);

INSERT INTO fusion_moves (id, n) VALUES (1, 0);
