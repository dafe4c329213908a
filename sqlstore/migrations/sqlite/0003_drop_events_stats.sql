-- 0003 Nothing to do on SQLite, whose statistics read events_stats (PostgreSQL drops it).
SELECT 1;
