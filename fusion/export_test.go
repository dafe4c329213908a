package fusion

// Exports for the external tests.
var (
	TargetFamily = targetFamily
	AttackFamily = attackFamily
)
