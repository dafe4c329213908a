-- 0003 casualty ranges in one column (PostgreSQL).
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

UPDATE events SET ranges = json_build_array(
	CASE WHEN killed_best IS NOT NULL AND (killed_low IS DISTINCT FROM killed_best OR killed_high IS DISTINCT FROM killed_best)
		THEN json_build_array(killed_low, killed_high) END,
	CASE WHEN killed_security_best IS NOT NULL AND (killed_security_low IS DISTINCT FROM killed_security_best OR killed_security_high IS DISTINCT FROM killed_security_best)
		THEN json_build_array(killed_security_low, killed_security_high) END,
	CASE WHEN killed_civilians_best IS NOT NULL AND (killed_civilians_low IS DISTINCT FROM killed_civilians_best OR killed_civilians_high IS DISTINCT FROM killed_civilians_best)
		THEN json_build_array(killed_civilians_low, killed_civilians_high) END,
	CASE WHEN killed_militants_best IS NOT NULL AND (killed_militants_low IS DISTINCT FROM killed_militants_best OR killed_militants_high IS DISTINCT FROM killed_militants_best)
		THEN json_build_array(killed_militants_low, killed_militants_high) END,
	CASE WHEN injured_best IS NOT NULL AND (injured_low IS DISTINCT FROM injured_best OR injured_high IS DISTINCT FROM injured_best)
		THEN json_build_array(injured_low, injured_high) END,
	CASE WHEN hostages_best IS NOT NULL AND (hostages_low IS DISTINCT FROM hostages_best OR hostages_high IS DISTINCT FROM hostages_best)
		THEN json_build_array(hostages_low, hostages_high) END)::text
WHERE (killed_best IS NOT NULL AND (killed_low IS DISTINCT FROM killed_best OR killed_high IS DISTINCT FROM killed_best))
	OR (killed_security_best IS NOT NULL AND (killed_security_low IS DISTINCT FROM killed_security_best OR killed_security_high IS DISTINCT FROM killed_security_best))
	OR (killed_civilians_best IS NOT NULL AND (killed_civilians_low IS DISTINCT FROM killed_civilians_best OR killed_civilians_high IS DISTINCT FROM killed_civilians_best))
	OR (killed_militants_best IS NOT NULL AND (killed_militants_low IS DISTINCT FROM killed_militants_best OR killed_militants_high IS DISTINCT FROM killed_militants_best))
	OR (injured_best IS NOT NULL AND (injured_low IS DISTINCT FROM injured_best OR injured_high IS DISTINCT FROM injured_best))
	OR (hostages_best IS NOT NULL AND (hostages_low IS DISTINCT FROM hostages_best OR hostages_high IS DISTINCT FROM hostages_best));

ALTER TABLE events
	DROP COLUMN killed_low,
	DROP COLUMN killed_high,
	DROP COLUMN killed_security_low,
	DROP COLUMN killed_security_high,
	DROP COLUMN killed_civilians_low,
	DROP COLUMN killed_civilians_high,
	DROP COLUMN killed_militants_low,
	DROP COLUMN killed_militants_high,
	DROP COLUMN injured_low,
	DROP COLUMN injured_high,
	DROP COLUMN hostages_low,
	DROP COLUMN hostages_high;
