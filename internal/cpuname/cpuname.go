// Package cpuname names the processor a benchmark ran on, so that every
// figure it prints says where it was measured.
package cpuname

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"runtime"
	"strings"
)

// String returns the CPU's model name (from /proc/cpuinfo on Linux), the
// architecture and the number of logical CPUs Go may use, e.g. "AMD EPYC
// (amd64, 2 threads)". Without a model name it says so.
func String() string {
	name := "unknown model"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		if n := parse(b); n != "" {
			name = n
		}
	}
	return fmt.Sprintf("%s (%s, %d threads)", name, runtime.GOARCH, runtime.GOMAXPROCS(0))
}

// parse returns the first model name in a /proc/cpuinfo listing: x86's
// "model name", or "cpu model"/"Model" on other architectures.
func parse(cpuinfo []byte) string {
	sc := bufio.NewScanner(bytes.NewReader(cpuinfo))
	for sc.Scan() {
		key, val, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		switch strings.TrimSpace(key) {
		case "model name", "cpu model", "Model":
			if v := strings.TrimSpace(val); v != "" {
				return v
			}
		}
	}
	return ""
}
