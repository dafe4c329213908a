-- 0003 casualty ranges in one column (SQLite).
--
-- A casualty figure was three columns, <name>_low/_best/_high. Most reports give one number
-- per figure, so the twelve low and high columns mostly repeated the best estimate, and made
-- every event row a quarter wider and its insert a fifth slower. Now a figure is its best
-- estimate, <name>_best (NULL: unknown, as before), and ranges holds, as a JSON array in
-- figure order (killed, killed_security, killed_civilians, killed_militants, injured,
-- hostages), [low, high] for each known figure whose low or high differs from its best, and
-- null for the others; ranges is NULL when no figure has one. Example: [null,[28,84]] is a
-- security-forces toll of 28 to 84. Only the store reads it (sqlstore/columns.go); statistics
-- sum the best estimates, as they did.

ALTER TABLE events ADD COLUMN ranges TEXT;

UPDATE events SET ranges = json_array(
	CASE WHEN killed_best IS NOT NULL AND (killed_low IS NOT killed_best OR killed_high IS NOT killed_best)
		THEN json_array(killed_low, killed_high) END,
	CASE WHEN killed_security_best IS NOT NULL AND (killed_security_low IS NOT killed_security_best OR killed_security_high IS NOT killed_security_best)
		THEN json_array(killed_security_low, killed_security_high) END,
	CASE WHEN killed_civilians_best IS NOT NULL AND (killed_civilians_low IS NOT killed_civilians_best OR killed_civilians_high IS NOT killed_civilians_best)
		THEN json_array(killed_civilians_low, killed_civilians_high) END,
	CASE WHEN killed_militants_best IS NOT NULL AND (killed_militants_low IS NOT killed_militants_best OR killed_militants_high IS NOT killed_militants_best)
		THEN json_array(killed_militants_low, killed_militants_high) END,
	CASE WHEN injured_best IS NOT NULL AND (injured_low IS NOT injured_best OR injured_high IS NOT injured_best)
		THEN json_array(injured_low, injured_high) END,
	CASE WHEN hostages_best IS NOT NULL AND (hostages_low IS NOT hostages_best OR hostages_high IS NOT hostages_best)
		THEN json_array(hostages_low, hostages_high) END)
WHERE (killed_best IS NOT NULL AND (killed_low IS NOT killed_best OR killed_high IS NOT killed_best))
	OR (killed_security_best IS NOT NULL AND (killed_security_low IS NOT killed_security_best OR killed_security_high IS NOT killed_security_best))
	OR (killed_civilians_best IS NOT NULL AND (killed_civilians_low IS NOT killed_civilians_best OR killed_civilians_high IS NOT killed_civilians_best))
	OR (killed_militants_best IS NOT NULL AND (killed_militants_low IS NOT killed_militants_best OR killed_militants_high IS NOT killed_militants_best))
	OR (injured_best IS NOT NULL AND (injured_low IS NOT injured_best OR injured_high IS NOT injured_best))
	OR (hostages_best IS NOT NULL AND (hostages_low IS NOT hostages_best OR hostages_high IS NOT hostages_best));

ALTER TABLE events DROP COLUMN killed_low;
ALTER TABLE events DROP COLUMN killed_high;
ALTER TABLE events DROP COLUMN killed_security_low;
ALTER TABLE events DROP COLUMN killed_security_high;
ALTER TABLE events DROP COLUMN killed_civilians_low;
ALTER TABLE events DROP COLUMN killed_civilians_high;
ALTER TABLE events DROP COLUMN killed_militants_low;
ALTER TABLE events DROP COLUMN killed_militants_high;
ALTER TABLE events DROP COLUMN injured_low;
ALTER TABLE events DROP COLUMN injured_high;
ALTER TABLE events DROP COLUMN hostages_low;
ALTER TABLE events DROP COLUMN hostages_high;
