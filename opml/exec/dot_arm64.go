package exec

import (
	"golang.org/x/sys/cpu"

	"github.com/aievm/aievm/opml/kernelcap"
)

// useDotProd: the quantized matmul's block sums by NEON's SDOT (Armv8.2's
// dot-product extension: Graviton 2 and later, Ampere Altra, Apple M1 and
// later), read once at start. kernelcap's tiers are x86's: on arm64 any
// ceiling but portable allows it.
var useDotProd = dotProdFor(cpu.ARM64.HasASIMDDP, kernelcap.Max)

// dotProdFor says whether the NEON matmul runs on a CPU with or without
// SDOT under the ceiling max.
func dotProdFor(sdot bool, max kernelcap.Tier) bool { return sdot && max > kernelcap.Portable }

// SIMD names the kernels this build uses: on arm64, the dot-product matmul
// where the CPU has it; every other kernel is the portable one.
var SIMD = func() string {
	if useDotProd {
		return "matmul=neon-dotprod conv=portable int=portable float=portable"
	}
	return "portable"
}()

// dotRows4 computes dotRows4Portable's four outputs: by dotRows4DotProd
// where the CPU has SDOT, else in Go.
func dotRows4(w []int8, wd4 []float32, xq []int8, xd4 []float32, out *[4]float32) {
	nb := len(wd4) / 4
	if !useDotProd || nb == 0 {
		dotRows4Portable(w, wd4, xq, xd4, out)
		return
	}
	k := nb * 32
	// The kernel reads 4k weights, k activations and 4nb scales of each
	// kind (the twin reads fewer of xd4: lane 0 of each block's four).
	_, _, _ = w[4*k-1], xq[k-1], xd4[4*nb-1]
	dotRows4DotProd(&w[0], &wd4[0], &xq[0], &xd4[0], nb, out)
}

// dotRows4DotProd is dotRows4Portable in NEON (dot_arm64.s), for nb > 0
// blocks. Per block, the four rows' 32 products are summed exactly by SDOT
// (int8 times int8, four at a time, into int32 lanes) and pairwise adds
// into one int32 per row, converted to float32 (exact: at most
// 32*128*128 in magnitude); each of the four float lanes then does the
// scalar form's operations in block order, each rounded to binary32:
// scale = wd*xd, p = scale*isum, acc = acc+p (FMUL, FMUL, FADD: never
// fused). So every row's result is dotRowPortable's, bit for bit.
//
//go:noescape
func dotRows4DotProd(w *int8, wd4 *float32, x *int8, xd4 *float32, nb int, out *[4]float32)
