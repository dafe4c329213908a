-- 0003 PostgreSQL answers the statistics that the roll-up does not with a parallel
-- sequential scan and hash aggregation, never with events_stats: the index only cost writes.
DROP INDEX IF EXISTS events_stats;
