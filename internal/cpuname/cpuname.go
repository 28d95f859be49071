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

// String returns the CPU's model name (from /proc/cpuinfo on Linux), with
// x86's family and model numbers (virtual machines often show only "AMD
// EPYC", which names several generations), the architecture and the number
// of logical CPUs Go may use, e.g. "AMD EPYC, family 26 model 2 (amd64, 2
// threads)". Without a model name it says so.
func String() string {
	name := "unknown model"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		if n := parse(b); n != "" {
			name = n
		}
	}
	return fmt.Sprintf("%s (%s, %d threads)", name, runtime.GOARCH, runtime.GOMAXPROCS(0))
}

// parse returns the first processor's model name in a /proc/cpuinfo
// listing (x86's "model name", or "cpu model"/"Model" on other
// architectures), followed by x86's "family F model M" when both are
// listed.
func parse(cpuinfo []byte) string {
	var name, family, model string
	sc := bufio.NewScanner(bytes.NewReader(cpuinfo))
	for sc.Scan() {
		key, val, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		v := strings.TrimSpace(val)
		switch strings.TrimSpace(key) {
		case "processor":
			if name != "" || family != "" || model != "" {
				return join(name, family, model) // the first processor only
			}
		case "model name", "cpu model", "Model":
			name = v
		case "cpu family":
			family = v
		case "model":
			model = v
		}
	}
	return join(name, family, model)
}

func join(name, family, model string) string {
	if name == "" || family == "" || model == "" {
		return name
	}
	return fmt.Sprintf("%s, family %s model %s", name, family, model)
}
