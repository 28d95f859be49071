package exec

import (
	"os"
	"strings"
	"testing"

	"golang.org/x/sys/cpu"

	"github.com/aievm/aievm/opml/kernelcap"
)

// dotRows4Kernels returns the SIMD kernels of dotRows4 this CPU runs, and
// the names of those it cannot.
func dotRows4Kernels() (run map[string]dotRows4Kernel, missing []string) {
	if !useDotProd {
		return map[string]dotRows4Kernel{}, []string{"neon-dotprod"}
	}
	return map[string]dotRows4Kernel{"neon-dotprod": dotRows4}, nil
}

// TestDotProdChoice: the NEON matmul runs where the CPU has SDOT unless
// AIEVM_KERNELS is portable (x86's tiers do not concern arm64). make
// test-arm64 runs qemu as -cpu max, which has SDOT, and sets
// AIEVM_REQUIRE_DOTPROD so that the kernel cannot go untested there.
func TestDotProdChoice(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		has  bool
		max  kernelcap.Tier
		want bool
	}{
		{true, kernelcap.AVX512, true},
		{true, kernelcap.AVX2, true},
		{true, kernelcap.Portable, false},
		{false, kernelcap.AVX512, false},
	} {
		if got := dotProdFor(tt.has, tt.max); got != tt.want {
			t.Errorf("SDOT %v, ceiling %s: NEON matmul %v, want %v", tt.has, tt.max, got, tt.want)
		}
	}
	if useDotProd != dotProdFor(cpu.ARM64.HasASIMDDP, kernelcap.Max) || useDotProd != strings.HasPrefix(SIMD, "matmul=neon-dotprod") {
		t.Fatalf("useDotProd %v, SIMD %q", useDotProd, SIMD)
	}
	if os.Getenv("AIEVM_REQUIRE_DOTPROD") != "" && !useDotProd {
		t.Fatalf("AIEVM_REQUIRE_DOTPROD: this CPU (or qemu) has no SDOT, so the NEON kernel is not tested (kernels %q)", SIMD)
	}
}
