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

// dots4 writes the four int32 dot products of w0..w3 with x (int16, length
// a multiple of 16): each 16-wide activation load feeds four VPMADDWDs, and
// the four accumulators are reduced together by VPHADDD.
func dots4(w0, w1, w2, w3, x []int16, out *[4]int32) {
	if !useAVX2 {
		dots4Portable(w0, w1, w2, w3, x, out)
		return
	}
	var a0, a1, a2, a3 archsimd.Int32x8
	n := len(x)
	w0, w1, w2, w3 = w0[:n], w1[:n], w2[:n], w3[:n]
	for i := 0; i+16 <= n; i += 16 {
		xv := archsimd.LoadInt16x16Slice(x[i:])
		a0 = a0.Add(archsimd.LoadInt16x16Slice(w0[i:]).DotProductPairs(xv))
		a1 = a1.Add(archsimd.LoadInt16x16Slice(w1[i:]).DotProductPairs(xv))
		a2 = a2.Add(archsimd.LoadInt16x16Slice(w2[i:]).DotProductPairs(xv))
		a3 = a3.Add(archsimd.LoadInt16x16Slice(w3[i:]).DotProductPairs(xv))
	}
	h := a0.AddPairsGrouped(a1).AddPairsGrouped(a2.AddPairsGrouped(a3))
	h.GetLo().Add(h.GetHi()).StoreSlice(out[:])
}

// dot16 is one int32 dot product of int16 vectors (length a multiple of 16).
func dot16(w, x []int16) int32 {
	if !useAVX2 {
		return dot16Portable(w, x)
	}
	var a archsimd.Int32x8
	n := len(x)
	w = w[:n]
	for i := 0; i+16 <= n; i += 16 {
		a = a.Add(archsimd.LoadInt16x16Slice(w[i:]).DotProductPairs(archsimd.LoadInt16x16Slice(x[i:])))
	}
	h := a.GetLo().Add(a.GetHi())
	h = h.AddPairs(h)
	return h.GetElem(0) + h.GetElem(1)
}

// dots4x2 computes the dot products of four weight rows with two
// activation rows (int16, length a multiple of 16): out[2*j+q] = w_j . x_q.
// Eight accumulators stay in registers; each weight load feeds two VPMADDWDs.
func dots4x2(w0, w1, w2, w3, x0, x1 []int16, out *[8]int32) {
	if !useAVX2 {
		dots4x2Portable(w0, w1, w2, w3, x0, x1, out)
		return
	}
	var a00, a10, a20, a30, a01, a11, a21, a31 archsimd.Int32x8
	n := len(x0)
	w0, w1, w2, w3, x1 = w0[:n], w1[:n], w2[:n], w3[:n], x1[:n]
	for i := 0; i+16 <= n; i += 16 {
		xv0 := archsimd.LoadInt16x16Slice(x0[i:])
		xv1 := archsimd.LoadInt16x16Slice(x1[i:])
		wv := archsimd.LoadInt16x16Slice(w0[i:])
		a00, a01 = a00.Add(wv.DotProductPairs(xv0)), a01.Add(wv.DotProductPairs(xv1))
		wv = archsimd.LoadInt16x16Slice(w1[i:])
		a10, a11 = a10.Add(wv.DotProductPairs(xv0)), a11.Add(wv.DotProductPairs(xv1))
		wv = archsimd.LoadInt16x16Slice(w2[i:])
		a20, a21 = a20.Add(wv.DotProductPairs(xv0)), a21.Add(wv.DotProductPairs(xv1))
		wv = archsimd.LoadInt16x16Slice(w3[i:])
		a30, a31 = a30.Add(wv.DotProductPairs(xv0)), a31.Add(wv.DotProductPairs(xv1))
	}
	var r0, r1 [4]int32
	h := a00.AddPairsGrouped(a10).AddPairsGrouped(a20.AddPairsGrouped(a30))
	h.GetLo().Add(h.GetHi()).StoreSlice(r0[:])
	h = a01.AddPairsGrouped(a11).AddPairsGrouped(a21.AddPairsGrouped(a31))
	h.GetLo().Add(h.GetHi()).StoreSlice(r1[:])
	for j := 0; j < 4; j++ {
		out[2*j], out[2*j+1] = r0[j], r1[j]
	}
}

// convBlock computes, for four output channels and eight consecutive
// positions, acc[j*8+q] = sum over tap pairs of the pair dot products: xs
// holds 8 positions x 2 taps per tap pair (one 16-lane vector each, stride
// 16), wb holds each channel's tap pair broadcast to 16 lanes (stride 16 per
// pair). No horizontal reduction: lanes are positions.
func convBlock(wb0, wb1, wb2, wb3, xs []int16, pairs int, acc *[32]int32) {
	if !useAVX2 {
		convBlockPortable(wb0, wb1, wb2, wb3, xs, pairs, acc)
		return
	}
	var a0, a1, a2, a3 archsimd.Int32x8
	xs = xs[:pairs*16]
	wb0, wb1, wb2, wb3 = wb0[:pairs*16], wb1[:pairs*16], wb2[:pairs*16], wb3[:pairs*16]
	for i := 0; i < pairs*16; i += 16 {
		xv := archsimd.LoadInt16x16Slice(xs[i:])
		a0 = a0.Add(archsimd.LoadInt16x16Slice(wb0[i:]).DotProductPairs(xv))
		a1 = a1.Add(archsimd.LoadInt16x16Slice(wb1[i:]).DotProductPairs(xv))
		a2 = a2.Add(archsimd.LoadInt16x16Slice(wb2[i:]).DotProductPairs(xv))
		a3 = a3.Add(archsimd.LoadInt16x16Slice(wb3[i:]).DotProductPairs(xv))
	}
	a0.StoreSlice(acc[0:8])
	a1.StoreSlice(acc[8:16])
	a2.StoreSlice(acc[16:24])
	a3.StoreSlice(acc[24:32])
}

// convRowBlock computes four output channels at eight consecutive positions
// of one output row of a stride-1 convolution, from the pair-expanded input e
// (each int32 lane holds inputs x and x+1 of a row): for every input channel,
// kernel row and kernel column pair (2j, 2j+1), the 8 positions' input pairs
// are one contiguous 16-lane load at off + taps[t], and wb holds each
// channel's weight pair t repeated over the 8 lanes (makeRowPairWeights).
func convRowBlock(wb0, wb1, wb2, wb3, e []int16, off int, taps []int, acc *[32]int32) {
	if !useAVX2 {
		convRowBlockPortable(wb0, wb1, wb2, wb3, e, off, taps, acc)
		return
	}
	n := len(taps)
	if n == 0 {
		*acc = [32]int32{}
		return
	}
	// Bounds: taps ascend from 0 (fastQConvStride1), so the last is the
	// furthest read of e; each weight slice holds n pairs of 16 lanes.
	if taps[0] < 0 || off < 0 || off+taps[n-1]+16 > len(e) ||
		min(len(wb0), len(wb1), len(wb2), len(wb3)) < 16*n {
		panic("exec: convRowBlock out of bounds")
	}
	convTapsAVX2(&wb0[0], &wb1[0], &wb2[0], &wb3[0], &e[off], &taps[0], n, acc)
}

// convTapsAVX2 is convRowBlock's loop in assembly (conv_amd64.s): Go's
// code for it spilled loop state every iteration.
//
//go:noescape
func convTapsAVX2(w0, w1, w2, w3, e *int16, taps *int, n int, acc *[32]int32)

// convRowRequant is convRowBlock followed by requantizer.apply on each of
// the 32 sums, in one assembly routine (conv_amd64.s), for shifts of 32 or
// more; it reports false, doing nothing, where it does not apply. j.w must
// hold len(taps) pairs of 16 lanes each.
func convRowRequant(j *convJob, e []int16, off int, taps []int, rq requantizer) bool {
	n := len(taps)
	if !useAVX2 || rq.shift < 32 || rq.shift > 63 || n == 0 {
		return false
	}
	if taps[0] < 0 || off < 0 || off+taps[n-1]+16 > len(e) {
		panic("exec: convRowRequant out of bounds")
	}
	j.mult, j.floor, j.round, j.sh = int32(rq.mult), int32(rq.floor), rq.round, uint64(rq.shift-32)
	convRequantAVX2(j, &e[off], &taps[0], n)
	return true
}

//go:noescape
func convRequantAVX2(j *convJob, e *int16, taps *int, n int)
