// Package kernelcap reads the ceiling an operator (or a benchmark) puts on
// the engine's SIMD kernels: AIEVM_KERNELS=portable, avx, avx2, avxvnni or avx512
// (the default: whatever the CPU has). The kernels are chosen once at start
// from the CPU's features and this ceiling, so one binary can measure, or
// run on, a lesser tier than its CPU's: every tier gives the same bits, only
// speed differs. It is read once, at start, and never changes. The tiers
// are x86's; arm64's NEON kernels are one tier, allowed by any ceiling but
// portable.
package kernelcap

import (
	"fmt"
	"os"
	"strings"
)

// Env is the environment variable holding the ceiling.
const Env = "AIEVM_KERNELS"

// Tier is a kernel ceiling, from the portable Go kernels up.
type Tier int

// The tiers, each allowing the kernels of those before it.
const (
	Portable Tier = iota // no vector instructions
	AVX                  // 256-bit AVX
	AVX2                 // 256-bit AVX2 integer forms
	AVXVNNI              // 256-bit AVX-VNNI dot products (VEX VPDPBUSD: CPUs without AVX-512 have it too)
	AVX512               // AVX-512 with VNNI and VBMI where present (every kernel)
)

var names = []string{"portable", "avx", "avx2", "avxvnni", "avx512"}

// String is the tier's name as AIEVM_KERNELS takes it.
func (t Tier) String() string {
	if t < 0 || int(t) >= len(names) {
		return fmt.Sprintf("tier(%d)", int(t))
	}
	return names[t]
}

// Parse reads a ceiling; "" is AVX512 (no ceiling).
func Parse(s string) (Tier, error) {
	if s == "" {
		return AVX512, nil
	}
	for i, n := range names {
		if strings.EqualFold(s, n) {
			return Tier(i), nil
		}
	}
	return AVX512, fmt.Errorf("%s=%q: want one of %s", Env, s, strings.Join(names, ", "))
}

// Max is the ceiling read from the environment at start, and Err the error
// if its value was not a tier (then Max is AVX512: no ceiling). Commands
// report Err before they run (internal/cli).
var Max, Err = Parse(os.Getenv(Env))

// Allows reports whether kernels of tier t may run.
func Allows(t Tier) bool { return t <= Max }
