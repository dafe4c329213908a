package sqlstore

import (
	"strconv"
	"strings"

	"github.com/sarhad-osint/sarhad"
)

// query builds a statement with numbered parameters ($1, $2, …), which both SQLite and
// PostgreSQL accept.
type query struct {
	b    strings.Builder
	args []any
	and  bool // a WHERE condition has been written
}

// arg adds a parameter and returns its placeholder.
func (q *query) arg(v any) string {
	q.args = append(q.args, v)
	return "$" + strconv.Itoa(len(q.args))
}

func (q *query) write(s ...string) *query {
	for _, x := range s {
		q.b.WriteString(x)
	}
	return q
}

// where adds one condition, with WHERE before the first and AND before the others.
func (q *query) where(cond string) {
	if q.and {
		q.b.WriteString(" AND ")
	} else {
		q.b.WriteString(" WHERE ")
		q.and = true
	}
	q.b.WriteString(cond)
}

func (q *query) String() string { return q.b.String() }

// visible adds the condition that the viewer may see the rows of alias (a table with marking
// and owner columns), the SQL form of Viewer.CanSee. It returns false when the viewer may see
// nothing at all, in which case the caller answers without querying.
func (q *query) visible(v sarhad.Viewer, alias string) bool {
	if v.All {
		return true
	}
	if v.Agency == "" {
		return false
	}
	m, o := alias+".marking", alias+".owner"
	cond := "(" + m + " IN ('TLP:CLEAR', 'TLP:GREEN') OR " + o + " = " + q.arg(v.Agency)
	var amber []string
	for _, a := range v.AmberFrom {
		if a != "" && a != v.Agency {
			amber = append(amber, q.arg(a))
		}
	}
	if len(amber) > 0 {
		cond += " OR (" + m + " = 'TLP:AMBER' AND " + o + " IN (" + strings.Join(amber, ", ") + "))"
	}
	q.where(cond + ")")
	return true
}

// filter adds the conditions of an event filter on the events table aliased e.
func (q *query) filter(f sarhad.EventFilter) {
	// One range, so that SQLite bounds its index scan by both ends (of two lower bounds it
	// would take either). noDay is below every real day: an event of unknown date is
	// outside any range.
	switch {
	case !f.From.IsZero() && !f.To.IsZero():
		q.where("e.day BETWEEN " + q.arg(int64(f.From.DayNumber())) + " AND " + q.arg(int64(endOf(f.To).DayNumber())))
	case !f.From.IsZero():
		q.where("e.day >= " + q.arg(int64(f.From.DayNumber())))
	case !f.To.IsZero():
		q.where("e.day BETWEEN " + q.arg(int64(noDay+1)) + " AND " + q.arg(int64(endOf(f.To).DayNumber())))
	}
	eq := func(col, v string) {
		if v != "" {
			q.where("e." + col + " = " + q.arg(v))
		}
	}
	eq("province", f.Province)
	eq("district", f.District)
	eq("perpetrator", f.Actor)
	eq("attack_type", string(f.AttackType))
	eq("target_type", string(f.TargetType))
}

// endOf returns the last day d covers as a day-precision date.
func endOf(d sarhad.Date) sarhad.Date { return sarhad.DateOf(d.End()) }
