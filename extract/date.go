package extract

import (
	"github.com/sarhad-osint/sarhad"
)

type dateKind uint8

const (
	dkAbsDay     dateKind = iota // "14 August 2024", "08/14/2024"
	dkMonthDay                   // "14 August": the year from context
	dkMonthYear                  // "August 2024"
	dkMonth                      // "in August"
	dkYear                       // "in 2019"
	dkWeekday                    // "on Monday"
	dkRelDay                     // "yesterday", "late last night"
	dkPeriod                     // "earlier this week", "last year"
	dkAgo                        // "two days ago"
	dkOrdinalDay                 // "on the 5th"
)

// dateMention is a date written in the text, resolved when the report date (or the
// text's own) allows.
type dateMention struct {
	start, end int // tokens
	kind       dateKind
	y, m, day  int
	weekday    int // ISO 1..7
	offset     int // days, for dkRelDay and dkAgo
	period     int32
	last       bool // "last Friday"
	// ambiguous numeric dates ("04/05/2012") have a second reading day/month in alt.
	ambiguous bool
	altM      int
	altD      int
	date      sarhad.Date
	ok        bool
}

// dayClass orders how much a mention tells: 0 a day, 1 a month, 2 a year.
func (m *dateMention) dayClass() int {
	switch m.date.Precision() {
	case sarhad.PrecisionDay:
		return 0
	case sarhad.PrecisionMonth:
		return 1
	}
	return 2
}

func (m *dateMention) relative() bool {
	switch m.kind {
	case dkWeekday, dkRelDay, dkPeriod, dkAgo, dkOrdinalDay:
		return true
	}
	return false
}

// adjacent reports whether token i+1 follows token i with no space.
func (d *doc) adjacent(i int) bool {
	return i+1 < len(d.toks) && d.toks[i+1].start == d.toks[i].end
}

// scanDates finds the dates of the text.
func (d *doc) scanDates() {
	toks := d.toks
	for si := range d.sents {
		s := d.sents[si]
		for i := s.start; i < s.end; i++ {
			t := &toks[i]
			var m dateMention
			ok := false
			switch {
			case t.kind == tNum:
				if m, ok = d.numericDate(i, s.end); ok {
					break
				}
				if m, ok = d.dayMonth(i, s.end); ok {
					break
				}
				if m, ok = d.agoDate(i, s.end); ok {
					break
				}
				if m, ok = d.ordinalDay(i, s.end); ok {
					break
				}
				m, ok = d.yearAlone(i, s.end)
			case t.kind == tWord:
				if m, ok = d.monthFirst(i, s.end); ok {
					break
				}
				if m, ok = d.weekdayDate(i, s.end); ok {
					break
				}
				if e, v, ok2 := d.at(i, tabRelDay); ok2 && e <= s.end {
					m, ok = dateMention{start: i, end: e, kind: dkRelDay, offset: int(v)}, true
					break
				}
				if e, v, ok2 := d.at(i, tabRelPeriod); ok2 && e <= s.end {
					m, ok = dateMention{start: i, end: e, kind: dkPeriod, period: v}, true
					break
				}
				if m, ok = d.agoDate(i, s.end); ok {
					break
				}
				m, ok = d.ordinalDay(i, s.end)
			}
			if ok {
				d.dates = append(d.dates, m)
				i = m.end - 1
			}
		}
	}
}

func (d *doc) numVal(i int) (int, bool) {
	if i < len(d.toks) && d.toks[i].kind == tNum && !d.toks[i].ord && d.toks[i].num >= 0 {
		return d.toks[i].num, true
	}
	return 0, false
}

// numericDate reads "MM/DD/YYYY", "DD/MM/YYYY", "YYYY-MM-DD", "DD-MM-YYYY", "DD.MM.YYYY".
func (d *doc) numericDate(i, lim int) (dateMention, bool) {
	if i+4 >= lim {
		return dateMention{}, false
	}
	for k := i; k < i+4; k++ {
		if !d.adjacent(k) {
			return dateMention{}, false
		}
	}
	sep := d.toks[i+1].low
	if sep != "/" && sep != "-" && sep != "." || d.toks[i+3].low != sep {
		return dateMention{}, false
	}
	a, ok1 := d.numVal(i)
	b, ok2 := d.numVal(i + 2)
	c, ok3 := d.numVal(i + 4)
	if !ok1 || !ok2 || !ok3 {
		return dateMention{}, false
	}
	if i+5 < len(d.toks) && d.adjacent(i+4) && d.toks[i+5].kind != tPunct {
		return dateMention{}, false
	}
	la, lc := d.toks[i].end-d.toks[i].start, d.toks[i+4].end-d.toks[i+4].start
	m := dateMention{start: i, end: i + 5, kind: dkAbsDay}
	switch {
	case la == 4:
		m.y, m.m, m.day = a, b, c
	case lc == 4 || lc == 2:
		y := c
		if lc == 2 {
			y += 2000
			if c >= 50 {
				y = 1900 + c
			}
		}
		m.y = y
		switch {
		case a > 12 && b <= 12:
			m.m, m.day = b, a
		case b > 12 && a <= 12:
			m.m, m.day = a, b
		case a <= 12 && b <= 12:
			// Month first by default; resolveDates may take the other reading.
			m.m, m.day = a, b
			if a != b {
				m.ambiguous, m.altM, m.altD = true, b, a
			}
		default:
			return dateMention{}, false
		}
	default:
		return dateMention{}, false
	}
	if !validDay(m.y, m.m, m.day) {
		if m.ambiguous && validDay(m.y, m.altM, m.altD) {
			m.m, m.day, m.ambiguous = m.altM, m.altD, false
			return m, true
		}
		return dateMention{}, false
	}
	if m.ambiguous && !validDay(m.y, m.altM, m.altD) {
		m.ambiguous = false
	}
	return m, true
}

func validDay(y, m, d int) bool {
	return sarhad.NewDate(y, m, d).Validate() == nil && y >= 1900 && m >= 1 && d >= 1
}

// monthAt reads a month name at i (capitalised, or after a day number), with an optional
// full stop after an abbreviation; it returns the month and the token after it.
func (d *doc) monthAt(i, lim int, afterDay bool) (int, int, bool) {
	e, v, ok := d.at(i, tabMonth)
	if !ok || e > lim {
		return 0, 0, false
	}
	t := &d.toks[i]
	if !(t.cap || t.upper) && !afterDay {
		return 0, 0, false
	}
	if e < lim && d.toks[e].low == "." && d.toks[e].start == d.toks[e-1].end {
		e++
	}
	return int(v), e, true
}

// yearAt reads a four-digit year at i.
func (d *doc) yearAt(i, lim int) (int, bool) {
	if i >= lim {
		return 0, false
	}
	t := &d.toks[i]
	if t.kind != tNum || t.ord || t.end-t.start != 4 || t.num < 1900 || t.num > 2100 {
		return 0, false
	}
	return t.num, true
}

// dayMonth reads "14 August 2024", "14th of August, 2024", "5 Aug".
func (d *doc) dayMonth(i, lim int) (dateMention, bool) {
	t := &d.toks[i]
	if t.num < 1 || t.num > 31 || t.end-t.start > 4 {
		return dateMention{}, false
	}
	k := i + 1
	if k < lim && d.toks[k].low == "of" {
		k++
	}
	mo, e, ok := d.monthAt(k, lim, true)
	if !ok {
		return dateMention{}, false
	}
	m := dateMention{start: i, end: e, kind: dkMonthDay, m: mo, day: t.num}
	withYear, ok := d.addYear(&m, lim)
	if !ok || !withYear && !(d.toks[k].cap || d.toks[k].upper) {
		return dateMention{}, false
	}
	return m, true
}

// addYear reads the year after a day and month ("August 14, 2024", "14 August 2024") into m;
// it reports whether there was one, and false for an impossible date.
func (d *doc) addYear(m *dateMention, lim int) (bool, bool) {
	y := m.end
	if y < lim && d.toks[y].low == "," {
		y++
	}
	yr, ok := d.yearAt(y, lim)
	if !ok {
		return false, true
	}
	m.y, m.kind, m.end = yr, dkAbsDay, y+1
	return true, validDay(yr, m.m, m.day)
}

// monthFirst reads "August 14, 2024", "Aug. 14", "August 2024" and "in August".
func (d *doc) monthFirst(i, lim int) (dateMention, bool) {
	mo, e, ok := d.monthAt(i, lim, false)
	if !ok {
		return dateMention{}, false
	}
	if e < lim {
		if t := &d.toks[e]; t.kind == tNum && t.num >= 1 && t.num <= 31 && t.end-t.start <= 4 {
			m := dateMention{start: i, end: e + 1, kind: dkMonthDay, m: mo, day: t.num}
			if _, ok := d.addYear(&m, lim); !ok {
				return dateMention{}, false
			}
			return m, true
		}
		y := e
		if y < lim && d.toks[y].low == "," {
			y++
		}
		if yr, ok := d.yearAt(y, lim); ok {
			return dateMention{start: i, end: y + 1, kind: dkMonthYear, y: yr, m: mo}, true
		}
	}
	// A month alone needs a word before it that makes it a date: "in August", "early March".
	if i > 0 && d.endingAt(i, tabDatePrefix) >= 0 {
		if d.toks[i].low == "may" || d.toks[i].low == "march" {
			// "may" and "march" are words too: only "in May", "early March".
			p := d.toks[i-1].low
			if p != "in" && p != "early" && p != "late" && p != "mid" && p != "since" && p != "during" {
				return dateMention{}, false
			}
		}
		return dateMention{start: i, end: e, kind: dkMonth, m: mo}, true
	}
	return dateMention{}, false
}

// weekdayDate reads "on Monday", "Monday night", "last Friday"; a weekday followed by a
// full date is left to that date.
func (d *doc) weekdayDate(i, lim int) (dateMention, bool) {
	e, v, ok := d.at(i, tabWeekday)
	if !ok || e > lim {
		return dateMention{}, false
	}
	t := &d.toks[i]
	if t.end-t.start < 6 {
		// Abbreviations ("Sat", "Sun", "Wed") only in date lines: "Sat, 9 Nov 2024".
		if !t.cap || e >= lim || (d.toks[e].low != "," && d.toks[e].low != ".") {
			return dateMention{}, false
		}
	}
	k := e
	for k < lim && (d.toks[k].low == "," || d.toks[k].low == "(" || d.toks[k].low == "." || d.toks[k].low == "the") {
		k++
	}
	if k < lim {
		if m, ok := d.numericDate(k, lim); ok {
			m.start = i
			return m, true
		}
		if d.toks[k].kind == tNum {
			if m, ok := d.dayMonth(k, lim); ok {
				m.start = i
				return m, true
			}
		}
		if m, ok := d.monthFirst(k, lim); ok && m.kind != dkMonth {
			m.start = i
			return m, true
		}
	}
	m := dateMention{start: i, end: e, kind: dkWeekday, weekday: int(v)}
	if i > 0 {
		switch d.toks[i-1].low {
		case "last", "past":
			m.last = true
			m.start = i - 1
		case "next", "coming":
			return dateMention{}, false
		}
	}
	if e < lim && d.is(e, tabDayPart) {
		m.end = e + 1
	}
	return m, true
}

// agoDate reads "two days ago", "a week earlier".
func (d *doc) agoDate(i, lim int) (dateMention, bool) {
	nv, ok := d.simpleNumber(i, lim)
	if !ok || nv.vague || nv.zero {
		return dateMention{}, false
	}
	if nv.lo > 60 {
		return dateMention{}, false
	}
	e, unit, ok := d.at(nv.end, tabDayUnit)
	if !ok || e >= lim {
		return dateMention{}, false
	}
	ae, _, ok := d.at(e, tabAgo)
	if !ok || ae > lim {
		return dateMention{}, false
	}
	return dateMention{start: i, end: ae, kind: dkAgo, offset: -nv.lo * int(unit)}, true
}

// ordinalDay reads "on the 5th" (the day of the report's month).
func (d *doc) ordinalDay(i, lim int) (dateMention, bool) {
	if i < 2 || d.toks[i-1].low != "the" || d.toks[i-2].low != "on" {
		return dateMention{}, false
	}
	day, e := 0, 0
	t := &d.toks[i]
	if t.kind == tNum && t.ord {
		day, e = t.num, i+1
	} else if oe, v, ok := d.at(i, tabOrdinal); ok {
		day, e = int(v), oe
	} else {
		return dateMention{}, false
	}
	if day < 1 || day > 31 {
		return dateMention{}, false
	}
	return dateMention{start: i - 2, end: e, kind: dkOrdinalDay, day: day}, true
}

// yearAlone reads a year after a word that makes it a date: "in 2019", "since 2007".
func (d *doc) yearAlone(i, lim int) (dateMention, bool) {
	y, ok := d.yearAt(i, lim)
	if !ok || i == 0 || d.endingAt(i, tabDatePrefix) < 0 {
		return dateMention{}, false
	}
	if i+1 < lim && d.toks[i+1].kind != tPunct && !d.stopWord(i+1) && d.toks[i+1].low != "and" {
		return dateMention{}, false // "a gathering of 2000 Sunnis"
	}
	return dateMention{start: i, end: i + 1, kind: dkYear, y: y}, true
}

// markDatelines flags the lines that give the report's own date or origin ("Published
// November 10, 2024", "Updated 09:12am").
func (d *doc) markDatelines() {
	for si := range d.sents {
		s := &d.sents[si]
		if s.end-s.start > 25 {
			continue
		}
		if d.is(s.start, tabDateline) {
			s.dateline = true
		}
	}
}

// resolveAnchor sets the date relative dates are resolved against: the report date, or
// the first full date of a date line.
func (d *doc) resolveAnchor() {
	if !d.reportDate.IsZero() {
		d.anchor = d.reportDate
		return
	}
	for i := range d.dates {
		m := &d.dates[i]
		if m.kind == dkAbsDay && d.sents[d.sentOf[m.start]].dateline {
			d.anchor = sarhad.NewDate(m.y, m.m, m.day)
			d.anchorEv = d.span(m.start, m.end, 0.4)
			return
		}
	}
}

func addDays(dt sarhad.Date, n int) sarhad.Date {
	return sarhad.DateFromDayNumber(dt.DayNumber() + n)
}

func isoWeekday(dt sarhad.Date) int {
	w := int(dt.Start().Weekday())
	if w == 0 {
		return 7
	}
	return w
}

// monthSpan returns the month precision date of a range of days when it lies in one
// month, else the year when it lies in one year.
func monthSpan(a, b sarhad.Date) sarhad.Date {
	if a.Year == b.Year && a.Month == b.Month {
		return sarhad.NewDate(a.Year, a.Month, 0)
	}
	if a.Year == b.Year {
		return sarhad.NewDate(a.Year, 0, 0)
	}
	return sarhad.Date{}
}

// resolveDates turns every mention into a date where it can.
func (d *doc) resolveDates() {
	A := d.anchor
	// The year of the text, for dates written without one.
	textYear := 0
	if !A.IsZero() {
		textYear = A.Year
	}
	// The convention of numeric dates: an unambiguous one decides for the others.
	dayFirst, monthFirst := false, false
	for i := range d.dates {
		m := &d.dates[i]
		if textYear == 0 && (m.kind == dkAbsDay || m.kind == dkMonthYear) {
			textYear = m.y
		}
		if m.kind == dkAbsDay && m.end-m.start >= 5 && !m.ambiguous && d.toks[m.start].kind == tNum &&
			d.toks[m.start].end-d.toks[m.start].start <= 2 {
			if d.toks[m.start].num > 12 {
				dayFirst = true
			} else if m.day > 12 {
				monthFirst = true
			}
		}
	}
	for i := range d.dates {
		m := &d.dates[i]
		switch m.kind {
		case dkAbsDay:
			if m.ambiguous {
				d.chooseReading(m, dayFirst && !monthFirst)
			}
			m.date, m.ok = sarhad.NewDate(m.y, m.m, m.day), true
		case dkMonthDay:
			y := textYear
			if !A.IsZero() {
				y = A.Year
				if m.m > A.Month || m.m == A.Month && m.day > A.Day {
					y--
				}
			}
			if y != 0 && validDay(y, m.m, m.day) {
				m.date, m.ok = sarhad.NewDate(y, m.m, m.day), true
			}
		case dkMonthYear:
			m.date, m.ok = sarhad.NewDate(m.y, m.m, 0), true
		case dkMonth:
			y := textYear
			if !A.IsZero() {
				y = A.Year
				if m.m > A.Month {
					y--
				}
			}
			if y != 0 {
				m.date, m.ok = sarhad.NewDate(y, m.m, 0), true
			}
		case dkYear:
			m.date, m.ok = sarhad.NewDate(m.y, 0, 0), true
		}
		if A.IsZero() {
			continue
		}
		switch m.kind {
		case dkWeekday:
			back := (isoWeekday(A) - m.weekday + 7) % 7
			if m.last && back == 0 {
				back = 7
			}
			m.date, m.ok = addDays(A, -back), true
		case dkRelDay, dkAgo:
			m.date, m.ok = addDays(A, m.offset), true
		case dkOrdinalDay:
			y, mo := A.Year, A.Month
			if m.day > A.Day {
				mo--
				if mo == 0 {
					mo, y = 12, y-1
				}
			}
			if validDay(y, mo, m.day) {
				m.date, m.ok = sarhad.NewDate(y, mo, m.day), true
			}
		case dkPeriod:
			wd := isoWeekday(A)
			switch m.period {
			case periodThisWeek:
				m.date = monthSpan(addDays(A, -(wd-1)), A)
			case periodLastWeek:
				m.date = monthSpan(addDays(A, -(wd-1)-7), addDays(A, -wd))
			case periodThisMonth:
				m.date = sarhad.NewDate(A.Year, A.Month, 0)
			case periodLastMonth:
				y, mo := A.Year, A.Month-1
				if mo == 0 {
					y, mo = y-1, 12
				}
				m.date = sarhad.NewDate(y, mo, 0)
			case periodThisYear:
				m.date = sarhad.NewDate(A.Year, 0, 0)
			case periodLastYear:
				m.date = sarhad.NewDate(A.Year-1, 0, 0)
			}
			m.ok = !m.date.IsZero()
		}
	}
}

// chooseReading picks the reading of an ambiguous numeric date: the one not after the
// report date and closest to it; else the one whose weekday a nearby weekday names; else
// the text's convention; else month first.
func (d *doc) chooseReading(m *dateMention, dayFirst bool) {
	a := sarhad.NewDate(m.y, m.m, m.day)
	b := sarhad.NewDate(m.y, m.altM, m.altD)
	pick := func(alt bool) {
		if alt {
			m.m, m.day = m.altM, m.altD
		}
		m.ambiguous = false
	}
	if A := d.anchor; !A.IsZero() {
		an, bn, rn := a.DayNumber(), b.DayNumber(), A.DayNumber()
		aok, bok := an <= rn, bn <= rn
		switch {
		case aok && !bok:
			pick(false)
			return
		case bok && !aok:
			pick(true)
			return
		case aok && bok:
			pick(rn-bn < rn-an)
			return
		}
	}
	// A weekday in the same sentence.
	si := d.sentOf[m.start]
	s := d.sents[si]
	for i := s.start; i < s.end; i++ {
		if _, v, ok := d.at(i, tabWeekday); ok && d.toks[i].end-d.toks[i].start >= 6 {
			wa, wb := isoWeekday(a) == int(v), isoWeekday(b) == int(v)
			if wa != wb {
				pick(wb)
				return
			}
		}
	}
	pick(dayFirst)
}

// pickDate chooses the date mention of event ei in the first sentence that has one: one in
// a clause that tells of the attack or its casualties first, then a day before a month
// before a year, then the first.
func (d *doc) pickDate(ei int) int {
	best := -1
	bestKey := [3]int{}
	firstSent := -1
	for i := range d.dates {
		m := &d.dates[i]
		if !m.ok || d.evOf[m.start] != ei || d.sents[d.sentOf[m.start]].dateline {
			continue
		}
		if !d.anchor.IsZero() && m.date.Start().After(d.anchor.End()) {
			continue // a date after the report: something announced, not the event
		}
		if firstSent < 0 {
			firstSent = d.sentOf[m.start]
		} else if d.sentOf[m.start] != firstSent {
			break
		}
		content := 1
		if d.clauseHasContent(d.clOf[m.start]) {
			content = 0
		}
		key := [3]int{content, m.dayClass(), m.start}
		if best < 0 || key[0] < bestKey[0] || key[0] == bestKey[0] && (key[1] < bestKey[1] || key[1] == bestKey[1] && key[2] < bestKey[2]) {
			best, bestKey = i, key
		}
	}
	return best
}

// clauseHasContent reports whether clause ci holds a casualty statement or an attack word.
func (d *doc) clauseHasContent(ci int) bool { return d.clauseHas[ci] }

// eventDate chooses the date of event ei (see pickDate); for the main event the report
// date, or the text's date line, when the text gives none.
func (d *doc) eventDate(ei int) (sarhad.Date, evidence, bool) {
	if best := d.pickDate(ei); best >= 0 {
		m := &d.dates[best]
		conf := 0.9
		switch {
		case m.relative() && m.dayClass() == 0:
			conf = 0.75
			if d.reportDate.IsZero() {
				conf = 0.6
			}
		case m.dayClass() == 1:
			conf = 0.5
		case m.dayClass() == 2:
			conf = 0.3
		}
		if m.ambiguous {
			conf = 0.6
		}
		return m.date, d.span(m.start, m.end, conf), true
	}
	if ei == 0 {
		if !d.reportDate.IsZero() {
			return d.reportDate, d.inferred(0.3), true
		}
		if !d.anchor.IsZero() {
			e := d.anchorEv
			e.conf = 0.35
			return d.anchor, e, true
		}
		return sarhad.Date{}, evidence{}, false
	}
	if d.events[ei].kind == segSeparate {
		// A separate incident told in the same report without a date of its own: most often
		// the same day; say so with a low confidence.
		if dt, _, ok := d.eventDate(0); ok && dt.Precision() == sarhad.PrecisionDay {
			return dt, d.inferred(0.3), true
		}
	}
	return sarhad.Date{}, evidence{}, false
}

// sameTime reports whether two dates may be the same day (one contains the other).
func sameTime(a, b sarhad.Date) bool {
	if a.IsZero() || b.IsZero() {
		return true
	}
	return !a.Start().After(b.End()) && !b.Start().After(a.End())
}
