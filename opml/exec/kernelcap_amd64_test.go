//go:build goexperiment.simd && amd64

package exec

import (
	"os"
	osexec "os/exec"
	"path/filepath"
	"runtime"
	"simd/archsimd"
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
	avxvnni := ""
	if archsimd.X86.AVXVNNI() {
		avxvnni = "matmul=avxvnni conv=avxvnni"
	}
	for _, tt := range []struct {
		ceiling string
		refuse  []string // kernel names that must not appear
		require string   // what must appear, where this CPU can run it
	}{
		{"portable", []string{"avx"}, ""},
		{"avx2", []string{"avx512", "vnni"}, ""},
		{"avxvnni", []string{"avx512"}, avxvnni},
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
		if !strings.Contains(line, tt.require) {
			t.Errorf("%s=%s: kernels %q, want %s on this CPU", kernelcap.Env, tt.ceiling, line, tt.require)
		}
	}
}

// TestLesserTierKernelsHaveNoEVEX disassembles the assembly kernels of the
// tiers below AVX-512 (GNU objdump, which decodes VEX and EVEX, on this
// package's test binary built again with go test -c: the one running has no
// symbol table) and refuses any EVEX-encoded (AVX-512) instruction in
// them: one would fault only on a CPU without AVX-512, and qemu cannot
// emulate the AVX-VNNI kernels (test-x86-cpus runs the AVX2 ones as a
// Haswell). .ci/run installs binutils.
func TestLesserTierKernelsHaveNoEVEX(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and disassembles a test binary")
	}
	// The toolchain running this test, not whatever go is first on PATH.
	goBin := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(goBin); err != nil {
		t.Skip("no go command beside this toolchain to build with")
	}
	objdump, err := osexec.LookPath("objdump")
	if err != nil {
		t.Skip("no objdump (binutils) to disassemble with")
	}
	if v, _ := osexec.Command(objdump, "--version").Output(); !strings.Contains(string(v), "GNU objdump") {
		t.Skip("objdump is not GNU binutils' (--disassemble=SYMBOL)")
	}
	t.Parallel()
	bin := filepath.Join(t.TempDir(), "exec.test")
	// -ldflags= keeps the symbol table even if GOFLAGS strips it.
	if out, err := osexec.Command(goBin, "test", "-c", "-ldflags=", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go test -c: %v\n%s", err, out)
	}
	for _, k := range []string{"dotRows16AVXVNNI", "convQuadsAVXVNNI", "expandQuadsAVX2", "quantBlocks8",
		"maxPool2PlaneAVX2", "dotRows8AVX2", "convTapsAVX2", "convRequantAVX2"} {
		sym := "github.com/aievm/aievm/opml/exec." + k + ".abi0"
		out, err := osexec.Command(objdump, "-d", "--disassemble="+sym, bin).CombinedOutput()
		if err != nil {
			t.Fatalf("objdump %s: %v\n%s", k, err, out)
		}
		n := 0
		for _, l := range strings.Split(string(out), "\n") {
			// "  60c3a0:\t4c 8b 5c 24 08       \tmov    0x8(%rsp),%r11"
			f := strings.Split(l, "\t")
			if len(f) < 3 || !strings.HasSuffix(strings.TrimSpace(f[0]), ":") {
				continue
			}
			n++
			if strings.HasPrefix(strings.TrimSpace(f[1]), "62 ") {
				t.Errorf("%s: EVEX (AVX-512) instruction: %s", k, strings.TrimSpace(l))
			}
		}
		if n < 10 {
			t.Errorf("%s: %d instructions disassembled\n%s", k, n, out)
		}
	}
}
