package sarhad

import "fmt"

// Count is one casualty figure, either exact or a range, with a best estimate. The zero
// Count is unknown, which is different from a known zero (Exact(0)).
type Count struct {
	Low, Best, High int
	Known           bool
}

// Exact returns the known figure n.
func Exact(n int) Count { return Count{Low: n, Best: n, High: n, Known: true} }

// Span returns the range lo–hi with best estimate best.
func Span(lo, best, hi int) Count { return Count{Low: lo, Best: best, High: hi, Known: true} }

// IsExact reports whether the count is known and a single number.
func (c Count) IsExact() bool { return c.Known && c.Low == c.Best && c.Best == c.High }

// Validate checks low ≤ best ≤ high and that no figure is negative.
func (c Count) Validate() error {
	if !c.Known {
		return nil
	}
	if c.Low < 0 || c.Best < 0 || c.High < 0 {
		return Errorf(EINVALID, "casualty figure is negative")
	}
	if c.Low > c.Best || c.Best > c.High {
		return Errorf(EINVALID, "casualty range %d/%d/%d is not low ≤ best ≤ high", c.Low, c.Best, c.High)
	}
	return nil
}

// Or returns c when known and d otherwise.
func (c Count) Or(d Count) Count {
	if c.Known {
		return c
	}
	return d
}

// Add returns the sum of two counts; unknown when either is unknown.
func (c Count) Add(d Count) Count {
	if !c.Known || !d.Known {
		return Count{}
	}
	return Count{c.Low + d.Low, c.Best + d.Best, c.High + d.High, true}
}

// BestOr0 returns the best estimate, or 0 when unknown (for sums in statistics).
func (c Count) BestOr0() int {
	if !c.Known {
		return 0
	}
	return c.Best
}

// String formats the count as "12", "10–14 (best 12)" or "?".
func (c Count) String() string {
	switch {
	case !c.Known:
		return "?"
	case c.IsExact():
		return fmt.Sprint(c.Best)
	case c.Low == c.High:
		return fmt.Sprint(c.Best)
	}
	return fmt.Sprintf("%d–%d (best %d)", c.Low, c.High, c.Best)
}

// Tally is the killed count by category. Total counts people killed excluding attackers
// (security forces + civilians, plus any victims not split by category); Militants counts
// attackers killed.
type Tally struct {
	Total     Count
	Security  Count
	Civilians Count
	Militants Count
}

// Validate checks each figure and that the known categories do not exceed the total.
func (t Tally) Validate() error {
	for _, c := range []struct {
		name string
		c    Count
	}{{"total", t.Total}, {"security", t.Security}, {"civilians", t.Civilians}, {"militants", t.Militants}} {
		if err := c.c.Validate(); err != nil {
			return Errorf(EINVALID, "killed.%s: %s", c.name, ErrorMessage(err))
		}
	}
	if t.Total.Known && t.Security.Known && t.Civilians.Known && t.Security.Low+t.Civilians.Low > t.Total.High {
		return Errorf(EINVALID, "killed: security %d + civilians %d exceed total %d",
			t.Security.Low, t.Civilians.Low, t.Total.High)
	}
	return nil
}

// Complete returns t with Total derived from the categories when only they are known.
func (t Tally) Complete() Tally {
	if !t.Total.Known && t.Security.Known && t.Civilians.Known {
		t.Total = t.Security.Add(t.Civilians)
	}
	return t
}
