package progress

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestGroup(t *testing.T) {
	for in, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", 1234567: "1,234,567", -4500: "-4,500"} {
		if got := Group(in); got != want {
			t.Errorf("Group(%d) = %q, want %q", in, got, want)
		}
	}
}

func TestBarDrawsOnlyWhenEnabled(t *testing.T) {
	var buf bytes.Buffer
	b := New(&buf, "import", 100, "rows")
	b.Set(50, 10)
	b.Finish()
	if buf.Len() != 0 {
		t.Fatalf("drew on a non-terminal: %q", buf.String())
	}
	clock := time.Unix(0, 0)
	b = New(&buf, "import", 100, "rows").Force(true)
	b.now = func() time.Time { clock = clock.Add(time.Second); return clock }
	b.Set(50, 10)
	b.Finish()
	out := buf.String()
	for _, want := range []string{"import", " 50%", "100%", "10 rows", "\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("output %q lacks %q", out, want)
		}
	}
}

func TestCountingReader(t *testing.T) {
	c := &CountingReader{R: strings.NewReader("hello world")}
	buf := make([]byte, 4)
	for {
		if _, err := c.Read(buf); err != nil {
			break
		}
	}
	if c.N() != 11 {
		t.Fatalf("N = %d", c.N())
	}
}
