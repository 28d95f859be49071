//go:build goexperiment.simd && amd64

package exec

import "simd/archsimd"

// SIMD reports which integer dot-product kernel this build uses.
var SIMD = func() string {
	if archsimd.X86.AVX2() {
		return "avx2"
	}
	return "portable"
}()

var useAVX2 = archsimd.X86.AVX2()

// blockSums returns the 8 partial int32 sums of one 32-value block:
// sign-extended weights (VPMOVSXBW) times activations, pairs added (VPMADDWD).
func blockSums(w []int8, x []int16) archsimd.Int32x8 {
	w0 := archsimd.LoadInt8x16Slice(w[:16]).ExtendToInt16()
	w1 := archsimd.LoadInt8x16Slice(w[16:32]).ExtendToInt16()
	x0 := archsimd.LoadInt16x16Slice(x[:16])
	x1 := archsimd.LoadInt16x16Slice(x[16:32])
	return w0.DotProductPairs(x0).Add(w1.DotProductPairs(x1))
}

// dotRow is dotRowPortable with AVX2: four blocks at a time, their integer
// sums reduced together (VPHADDD), converted to float32 and scaled per lane
// (each lane one IEEE multiply, as in the scalar form), then added to the
// accumulator one by one in block order. Integer sums are exact in any
// order; the float operations and their order are unchanged.
func dotRow(wq []int8, wd []float32, xq []int16, xd []float32) float32 {
	if !useAVX2 {
		return dotRowPortable(wq, wd, xq, xd)
	}
	nb := len(wd)
	xd = xd[:nb]
	var acc float32
	var t [4]float32
	b := 0
	for ; b+4 <= nb; b += 4 {
		o := b * 32
		s0 := blockSums(wq[o:], xq[o:])
		s1 := blockSums(wq[o+32:], xq[o+32:])
		s2 := blockSums(wq[o+64:], xq[o+64:])
		s3 := blockSums(wq[o+96:], xq[o+96:])
		h := s0.AddPairsGrouped(s1).AddPairsGrouped(s2.AddPairsGrouped(s3))
		isum := h.GetLo().Add(h.GetHi()).ConvertToFloat32()
		scale := archsimd.LoadFloat32x4Slice(wd[b:]).Mul(archsimd.LoadFloat32x4Slice(xd[b:]))
		scale.Mul(isum).StoreSlice(t[:])
		acc = float32(acc + t[0])
		acc = float32(acc + t[1])
		acc = float32(acc + t[2])
		acc = float32(acc + t[3])
	}
	for ; b < nb; b++ {
		s := blockSums(wq[b*32:], xq[b*32:])
		h := s.GetLo().Add(s.GetHi())
		h = h.AddPairs(h)
		isum := h.GetElem(0) + h.GetElem(1)
		acc = float32(acc + float32(float32(wd[b]*xd[b])*float32(isum)))
	}
	return acc
}
