package sarhad

import (
	"fmt"
	"strconv"
	"time"
)

// DatePrecision says how much of a Date is known.
type DatePrecision string

// Date precisions.
const (
	PrecisionDay     DatePrecision = "day"
	PrecisionMonth   DatePrecision = "month"
	PrecisionYear    DatePrecision = "year"
	PrecisionUnknown DatePrecision = ""
)

// Date is a calendar date whose month or day may be unknown (0). The zero Date is unknown.
type Date struct {
	Year, Month, Day int
}

// NewDate returns the date with the given parts; pass 0 for an unknown month or day.
func NewDate(y, m, d int) Date { return Date{Year: y, Month: m, Day: d} }

// DateOf returns the day-precision date of t (in t's location).
func DateOf(t time.Time) Date { return Date{t.Year(), int(t.Month()), t.Day()} }

// ParseDate parses "YYYY-MM-DD", "YYYY-MM" or "YYYY"; "" is the unknown date.
func ParseDate(s string) (Date, error) {
	if s == "" {
		return Date{}, nil
	}
	bad := func() (Date, error) { return Date{}, Errorf(EINVALID, "date %q is not YYYY-MM-DD, YYYY-MM or YYYY", s) }
	var d Date
	switch len(s) {
	case 10:
		if s[4] != '-' || s[7] != '-' {
			return bad()
		}
		day, err := strconv.Atoi(s[8:10])
		if err != nil {
			return bad()
		}
		d.Day = day
		fallthrough
	case 7:
		if s[4] != '-' {
			return bad()
		}
		m, err := strconv.Atoi(s[5:7])
		if err != nil {
			return bad()
		}
		d.Month = m
		fallthrough
	case 4:
		y, err := strconv.Atoi(s[:4])
		if err != nil {
			return bad()
		}
		d.Year = y
	default:
		return bad()
	}
	if err := d.Validate(); err != nil {
		return Date{}, err
	}
	return d, nil
}

// Validate checks that the parts form a real date and that a day is never known without
// its month.
func (d Date) Validate() error {
	if d == (Date{}) {
		return nil
	}
	if d.Year < 1900 || d.Year > 2200 {
		return Errorf(EINVALID, "year %d is out of range", d.Year)
	}
	if d.Month < 0 || d.Month > 12 {
		return Errorf(EINVALID, "month %d is out of range", d.Month)
	}
	if d.Day != 0 {
		if d.Month == 0 {
			return Errorf(EINVALID, "date has a day but no month")
		}
		if d.Day < 0 || d.Day > daysIn(d.Year, d.Month) {
			return Errorf(EINVALID, "day %d is not in %04d-%02d", d.Day, d.Year, d.Month)
		}
	}
	return nil
}

func daysIn(y, m int) int {
	return time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// IsZero reports whether the date is unknown.
func (d Date) IsZero() bool { return d.Year == 0 }

// Precision reports how much of d is known.
func (d Date) Precision() DatePrecision {
	switch {
	case d.Year == 0:
		return PrecisionUnknown
	case d.Month == 0:
		return PrecisionYear
	case d.Day == 0:
		return PrecisionMonth
	}
	return PrecisionDay
}

// String formats d as YYYY-MM-DD, YYYY-MM or YYYY; "" when unknown.
func (d Date) String() string {
	switch d.Precision() {
	case PrecisionDay:
		return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
	case PrecisionMonth:
		return fmt.Sprintf("%04d-%02d", d.Year, d.Month)
	case PrecisionYear:
		return fmt.Sprintf("%04d", d.Year)
	}
	return ""
}

// Start returns the first day covered by d (UTC midnight); zero time when unknown.
func (d Date) Start() time.Time {
	if d.Year == 0 {
		return time.Time{}
	}
	m, day := d.Month, d.Day
	if m == 0 {
		m = 1
	}
	if day == 0 {
		day = 1
	}
	return time.Date(d.Year, time.Month(m), day, 0, 0, 0, 0, time.UTC)
}

// End returns the last day covered by d (UTC midnight); zero time when unknown.
func (d Date) End() time.Time {
	switch d.Precision() {
	case PrecisionDay:
		return d.Start()
	case PrecisionMonth:
		return time.Date(d.Year, time.Month(d.Month)+1, 0, 0, 0, 0, 0, time.UTC)
	case PrecisionYear:
		return time.Date(d.Year, 12, 31, 0, 0, 0, 0, time.UTC)
	}
	return time.Time{}
}

// DayNumber returns the number of days from 1970-01-01 to d's first day, for fast date
// arithmetic. It returns 0 for an unknown date, which is also 1970-01-01's number: check
// IsZero first (stores use their own marker for unknown dates).
func (d Date) DayNumber() int {
	if d.Year == 0 {
		return 0
	}
	return int(d.Start().Unix() / 86400)
}

// DateFromDayNumber is the inverse of DayNumber for day-precision dates.
func DateFromDayNumber(n int) Date { return DateOf(time.Unix(int64(n)*86400, 0).UTC()) }

// Before reports whether d starts before e.
func (d Date) Before(e Date) bool { return d.Start().Before(e.Start()) }

// Keys used by statistics grouping.

// YearKey is "YYYY".
func (d Date) YearKey() string {
	if d.Year == 0 {
		return ""
	}
	return fmt.Sprintf("%04d", d.Year)
}

// MonthKey is "YYYY-MM"; "" when the month is unknown.
func (d Date) MonthKey() string {
	if d.Month == 0 {
		return ""
	}
	return fmt.Sprintf("%04d-%02d", d.Year, d.Month)
}

// WeekKey is the ISO week "YYYY-Www"; "" unless the day is known.
func (d Date) WeekKey() string {
	if d.Day == 0 {
		return ""
	}
	y, w := d.Start().ISOWeek()
	return fmt.Sprintf("%04d-W%02d", y, w)
}
