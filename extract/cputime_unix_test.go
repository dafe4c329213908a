//go:build unix

package extract

import (
	"syscall"
	"time"
)

// cpuTime returns the process's user and system CPU time, so that benchmarks can report
// a rate that does not depend on what else the machine runs.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
