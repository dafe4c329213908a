package importer

import (
	"math"
	"strconv"
	"strings"

	"github.com/sarhad-osint/sarhad"
)

// maxCount bounds a casualty figure; larger values are typing errors, not events.
const maxCount = 10_000_000

// isUnknown reports whether a field holds one of the data sets' "unknown" markers: blank,
// NA, N/A, ".", "-9", "-99", "Unknown" (any case).
func isUnknown(s string) bool {
	switch s {
	case "", ".", "-9", "-99", "-", "?":
		return true
	}
	switch strings.ToLower(s) {
	case "na", "n/a", "n.a.", "unknown", "null":
		return true
	}
	return false
}

// known returns s, or "" when s is an unknown marker.
func known(s string) string {
	if isUnknown(s) {
		return ""
	}
	return s
}

// parseDecimal parses a plain decimal number ("12", "6.75", "-3"): no exponents, no
// infinities, no hex.
func parseDecimal(s string) (float64, bool) {
	digits, dot := 0, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' && !dot:
			dot = true
		case (c == '-' || c == '+') && i == 0:
		default:
			return 0, false
		}
	}
	if digits == 0 || digits > 18 {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	return f, err == nil
}

// parseCode parses an integer code; ok is false for an unknown marker.
func parseCode(field, s string) (n int, ok bool, err error) {
	if isUnknown(s) {
		return 0, false, nil
	}
	f, good := parseDecimal(s)
	if !good || f != math.Trunc(f) || math.Abs(f) > 1e9 {
		return 0, false, fieldErr(field, "%q is not a code number", s)
	}
	return int(f), true, nil
}

// parseAmount parses a non-negative casualty figure, possibly fractional (GTD divides the
// deaths of linked attacks between them); ok is false for an unknown marker.
func parseAmount(field, s string) (f float64, ok bool, err error) {
	if isUnknown(s) {
		return 0, false, nil
	}
	f, good := parseDecimal(s)
	switch {
	case !good:
		return 0, false, fieldErr(field, "%q is not a number", s)
	case f < 0:
		return 0, false, fieldErr(field, "%q is negative", s)
	case f > maxCount:
		return 0, false, fieldErr(field, "%q is too large for a casualty figure", s)
	}
	return f, true, nil
}

// parseCount parses a casualty figure into a Count (see countOf).
func parseCount(field, s string) (sarhad.Count, error) {
	f, ok, err := parseAmount(field, s)
	if !ok || err != nil {
		return sarhad.Count{}, err
	}
	return countOf(f), nil
}

// countOf turns a figure into a Count: exact when whole, otherwise the range floor–ceil
// with the rounded value as the best estimate (6.75 → 6–7, best 7).
func countOf(f float64) sarhad.Count {
	if f < 0 {
		f = 0
	}
	lo, hi := math.Floor(f), math.Ceil(f)
	return sarhad.Span(int(lo), int(math.Round(f)), int(hi))
}

// parseCoords parses a latitude and longitude pair. Either one unknown, or both zero (the
// "null island" of missing geocodes), means no coordinates.
func parseCoords(latField, lonField, lat, lon string) (float64, float64, error) {
	if isUnknown(lat) || isUnknown(lon) {
		return 0, 0, nil
	}
	la, ok := parseDecimal(lat)
	if !ok {
		return 0, 0, fieldErr(latField, "%q is not a latitude", lat)
	}
	lo, ok := parseDecimal(lon)
	if !ok {
		return 0, 0, fieldErr(lonField, "%q is not a longitude", lon)
	}
	if la < -90 || la > 90 {
		return 0, 0, fieldErr(latField, "%s is out of range (-90 to 90)", lat)
	}
	if lo < -180 || lo > 180 {
		return 0, 0, fieldErr(lonField, "%s is out of range (-180 to 180)", lon)
	}
	return la, lo, nil
}

var monthNames = [...]string{"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december"}

// monthOf returns the month (1–12) named by s: a full English month name or any prefix of
// three letters or more ("Sep", "Sept"); 0 otherwise.
func monthOf(s string) int {
	if len(s) < 3 {
		return 0
	}
	s = strings.ToLower(s)
	for i, m := range monthNames {
		if strings.HasPrefix(m, s) {
			return i + 1
		}
	}
	return 0
}

// atoiSmall parses a short unsigned decimal (a day or a year); -1 when it is not one.
func atoiSmall(s string) int {
	if s == "" || len(s) > 4 {
		return -1
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return -1
		}
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// parseISODate parses "YYYY-MM-DD" with an optional time part ("2012-01-01 00:00:00",
// "2019-05-03T00:00:00.000").
func parseISODate(s string) (sarhad.Date, bool) {
	if len(s) > 10 && (s[10] == ' ' || s[10] == 'T') {
		s = s[:10]
	}
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return sarhad.Date{}, false
	}
	d := sarhad.NewDate(atoiSmall(s[:4]), atoiSmall(s[5:7]), atoiSmall(s[8:]))
	if d.Year < 0 || d.Month < 1 || d.Day < 1 || d.Validate() != nil {
		return sarhad.Date{}, false
	}
	return d, true
}

// dateWords splits free-text dates into words: letters and digits runs, with "-" kept as a
// word of its own because it separates the two ends of a range.
func dateWords(s string) []string {
	s = strings.ReplaceAll(s, "–", "-")
	var out []string
	start := -1
	flush := func(i int) {
		if start >= 0 {
			out = append(out, s[start:i])
			start = -1
		}
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			if start >= 0 && isDigit(s[start]) != isDigit(c) {
				flush(i)
			}
			if start < 0 {
				start = i
			}
		case c == '-':
			flush(i)
			out = append(out, "-")
		default:
			flush(i)
		}
	}
	flush(len(s))
	return out
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// partialDate is a date read from words; zero parts are absent.
type partialDate struct{ y, m, d int }

// readDateWords reads month names, days (1–31) and four-digit years from words, ignoring
// other words (weekday names). It stops at "-" and returns the index after it, or len.
func readDateWords(words []string) (partialDate, int) {
	var p partialDate
	for i, w := range words {
		if w == "-" {
			return p, i + 1
		}
		if n := atoiSmall(w); n >= 0 {
			switch {
			case len(w) == 4 && p.y == 0:
				p.y = n
			case n >= 1 && n <= 31 && p.d == 0 && len(w) <= 2:
				p.d = n
			}
			continue
		}
		if m := monthOf(w); m != 0 && p.m == 0 {
			p.m = m
		}
	}
	return p, len(words)
}
