//go:build goexperiment.simd && amd64

package exec

import (
	"os"
	osexec "os/exec"
	"strings"
	"testing"

	"github.com/aievm/aievm/opml/kernelcap"
)

// TestKernelCeiling: AIEVM_KERNELS caps the kernels chosen at start (this
// test binary re-run with each ceiling prints its SIMD): portable runs no
// vector kernel, avx2 and avxvnni no AVX-512 one, avx2 no VNNI one.
func TestKernelCeiling(t *testing.T) {
	if os.Getenv("AIEVM_PRINT_SIMD") != "" {
		t.Log("SIMD: " + SIMD)
		return
	}
	t.Parallel()
	for _, tt := range []struct {
		ceiling string
		refuse  []string // kernel names that must not appear
	}{
		{"portable", []string{"avx"}},
		{"avx2", []string{"avx512", "vnni"}},
		{"avxvnni", []string{"avx512"}},
	} {
		cmd := osexec.Command(os.Args[0], "-test.run=^TestKernelCeiling$", "-test.v")
		cmd.Env = append(os.Environ(), kernelcap.Env+"="+tt.ceiling, "AIEVM_PRINT_SIMD=1")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s: %v\n%s", tt.ceiling, err, out)
		}
		line := ""
		for _, l := range strings.Split(string(out), "\n") {
			if i := strings.Index(l, "SIMD: "); i >= 0 {
				line = l[i+len("SIMD: "):]
			}
		}
		if line == "" {
			t.Fatalf("%s: no SIMD line in\n%s", tt.ceiling, out)
		}
		for _, bad := range tt.refuse {
			if strings.Contains(line, bad) {
				t.Errorf("%s=%s: kernels %q include %s", kernelcap.Env, tt.ceiling, line, bad)
			}
		}
	}
}
