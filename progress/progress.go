// Package progress draws a one-line progress bar on a terminal for long-running work
// (imports, fusion, benchmarks). When the output is not a terminal it draws nothing, so
// logs and pipes stay clean.
package progress

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"golang.org/x/term"
)

// Bar is a progress bar over a known total (bytes or items). It is safe for concurrent use.
type Bar struct {
	mu      sync.Mutex
	w       io.Writer
	label   string
	unit    string // what Items counts, e.g. "rows"
	total   int64
	done    int64
	items   int64
	start   time.Time
	last    time.Time
	enabled bool
	width   int
	now     func() time.Time
}

// New returns a bar that writes to w when w is a terminal. total is the amount of work in the
// same unit as Set (bytes of a file, for example); 0 means unknown. unit names what SetItems
// counts ("rows", "reports").
func New(w io.Writer, label string, total int64, unit string) *Bar {
	b := &Bar{w: w, label: label, total: total, unit: unit, now: time.Now, width: 28}
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		b.enabled = true
	}
	b.start = b.now()
	return b
}

// Force enables or disables drawing regardless of the terminal check (for tests).
func (b *Bar) Force(on bool) *Bar {
	b.mu.Lock()
	b.enabled = on
	b.mu.Unlock()
	return b
}

// Set records progress (done out of total) and the number of items processed, redrawing at
// most ten times a second.
func (b *Bar) Set(done, items int64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.done, b.items = done, items
	if !b.enabled {
		return
	}
	if t := b.now(); t.Sub(b.last) >= 100*time.Millisecond {
		b.last = t
		b.draw()
	}
}

// Finish draws the final state and ends the line.
func (b *Bar) Finish() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.enabled {
		return
	}
	if b.total > 0 {
		b.done = b.total
	}
	b.draw()
	fmt.Fprintln(b.w)
	b.enabled = false
}

func (b *Bar) draw() {
	elapsed := b.now().Sub(b.start).Seconds()
	rate := ""
	if elapsed > 0 && b.items > 0 {
		rate = fmt.Sprintf("  %s %s/s", Group(int64(float64(b.items)/elapsed)), b.unit)
	}
	if b.total <= 0 {
		fmt.Fprintf(b.w, "\r%s  %s %s%s\x1b[K", b.label, Group(b.items), b.unit, rate)
		return
	}
	frac := float64(b.done) / float64(b.total)
	if frac > 1 {
		frac = 1
	}
	n := int(frac * float64(b.width))
	bar := strings.Repeat("█", n) + strings.Repeat("░", b.width-n)
	eta := ""
	if frac > 0 && frac < 1 && elapsed > 1 {
		eta = "  eta " + (time.Duration(elapsed/frac*(1-frac)) * time.Second).String()
	}
	fmt.Fprintf(b.w, "\r%s %3.0f%% %s %s %s%s%s\x1b[K", b.label, frac*100, bar, Group(b.items), b.unit, rate, eta)
}

// Group formats n with thousands separators: 1234567 → "1,234,567".
func Group(n int64) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	var out []byte
	for i := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	if neg {
		return "-" + string(out)
	}
	return string(out)
}

// CountingReader counts the bytes read through it, for progress over a file.
type CountingReader struct {
	R  io.Reader
	mu sync.Mutex
	n  int64
}

// Read reads from the underlying reader and counts the bytes.
func (c *CountingReader) Read(p []byte) (int, error) {
	n, err := c.R.Read(p)
	c.mu.Lock()
	c.n += int64(n)
	c.mu.Unlock()
	return n, err
}

// N returns the number of bytes read so far.
func (c *CountingReader) N() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}
