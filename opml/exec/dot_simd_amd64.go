//go:build goexperiment.simd && amd64

package exec

import (
	"math"
	"simd/archsimd"
	"unsafe"

	"github.com/aievm/aievm/opml/kernelcap"
	"github.com/aievm/aievm/opml/tensor"
)

// SIMD names the kernels this build chose for this CPU at start, as
// "matmul=K conv=K int=K float=K": the quantized matmul's (avx512vnni,
// avxvnni, avx2, avx or portable); the stride-1 integer convolution's
// (avx512vnni, "+vbmi" when its input is expanded by VPERMB, else avxvnni,
// avx2 or portable; on the VNNI forms a node whose requantization shift is
// outside [32, 63] gets its sums back and requantizes them in Go, on the
// avx2 form it takes the scalar requantization); the other integer layers'
// (avx2 or portable); and the float forms' (avx512, avx2 or portable).
var SIMD = func() string {
	mm, conv, in, fl := "portable", "portable", "portable", "portable"
	switch {
	case useVNNI:
		mm = "avx512vnni"
	case useAVXVNNI:
		mm = "avxvnni"
	case useAVX2:
		mm = "avx2"
	case useAVX:
		mm = "avx"
	}
	if useAVX2 {
		conv, in = "avx2", "avx2"
	}
	switch {
	case useVNNI:
		conv = "avx512vnni"
		if useVBMI {
			conv += "+vbmi"
		}
	case useAVXVNNI:
		conv = "avxvnni"
	}
	switch {
	case useAVX512:
		fl = "avx512"
	case useAVX2:
		fl = "avx2" // the fmath slice forms and attention's weighted sums
	}
	return "matmul=" + mm + " conv=" + conv + " int=" + in + " float=" + fl
}()

// Every kernel that uses 256- or 512-bit registers ends with VZEROUPPER
// (archsimd.ClearAVXUpperBits; the compiler does not emit it): Go's scalar
// float code is legacy SSE, which on Intel cores pays a false dependency on
// dirty upper register halves for every instruction after a kernel returns.

// The CPU's features, read once at start under the operator's ceiling
// (kernelcap, AIEVM_KERNELS); a kernel runs only where its instructions
// exist, so one binary serves every x86-64 CPU.
var (
	useAVX2   = archsimd.X86.AVX2() && kernelcap.Allows(kernelcap.AVX2)
	useAVX    = archsimd.X86.AVX() && kernelcap.Allows(kernelcap.AVX)
	useAVX512 = archsimd.X86.AVX512() && kernelcap.Allows(kernelcap.AVX512)
	useVNNI   = useAVX512 && archsimd.X86.AVX512VNNI()
	// useAVXVNNI: the 256-bit VEX form of VPDPBUSD (CPUs without AVX-512,
	// such as Intel's client cores since Alder Lake and its E-core Xeons),
	// for the matmul when the AVX-512 form is not chosen.
	useAVXVNNI = !useVNNI && useAVX2 && archsimd.X86.AVXVNNI() && kernelcap.Allows(kernelcap.AVXVNNI)
	useVBMI    = useAVX512 && archsimd.X86.AVX512VBMI()
)

// matmulRows is the quantized matmul's row group: 16 with AVX-512 VNNI or
// AVX-VNNI (dotRows16), 8 with AVX2 (dotRows8), else 4 (dotRows4).
var matmulRows = func() int {
	switch {
	case useVNNI, useAVXVNNI:
		return 16
	case useAVX2:
		return 8
	}
	return 4
}()

// dotRows8 computes, for each of t activation rows (row r: x[r*k:], its
// block scales xd[r*nb:]), 8 outputs of a quantized matmul into
// y[r*ystride:] (8 weight rows in packedWeights' 8-row layout) bit for bit
// as dotRowPortable does for each, for activations in [-127, 127] as
// quantBlock makes them (the sign trick of dotRows8AVX2 cannot negate
// -128): in AVX2 where the CPU has it, else its Go twin.
func dotRows8(w []int8, wd []float32, x []int8, xd []float32, t int, y []float32, ystride int) {
	nb := len(wd) / 8
	if nb == 0 || t <= 0 || !useAVX2 {
		dotRows8Portable(w, wd, x, xd, t, y, ystride)
		return
	}
	// The assembly reads and writes exactly these; a short slice panics
	// here (an index is checked against the length, a reslice only the
	// capacity).
	_, _, _, _ = w[256*nb-1], x[32*nb*t-1], xd[nb*t-1], y[(t-1)*ystride+7]
	dotRows8AVX2(&w[0], &wd[0], &x[0], &xd[0], nb, t, &y[0], ystride)
}

// dotRows16 is dotRows8 for 16 weight rows in packedWeights' 16-row
// layout, with cx = 128 times each activation block's sum: see
// dotRows16VNNI (AVX-512 VNNI) and dotRows16AVXVNNI (AVX-VNNI).
func dotRows16(w []int8, wd []float32, x []int8, xd []float32, cx []int32, t int, y []float32, ystride int) {
	nb := len(wd) / 16
	if nb == 0 || t <= 0 || !useVNNI && !useAVXVNNI {
		dotRows16Portable(w, wd, x, xd, cx, t, y, ystride)
		return
	}
	_, _, _, _, _ = w[512*nb-1], x[32*nb*t-1], xd[nb*t-1], cx[nb*t-1], y[(t-1)*ystride+15]
	if useVNNI {
		dotRows16VNNI(&w[0], &wd[0], &x[0], &xd[0], &cx[0], nb, t, &y[0], ystride)
		return
	}
	dotRows16AVXVNNI(&w[0], &wd[0], &x[0], &xd[0], &cx[0], nb, t, &y[0], ystride)
}

// quantBlock is quantRowBlockFast, in AVX-512 where the CPU has it: the
// block's largest magnitude by VMAXPS (no NaN: a NaN anywhere makes every
// lane of the magnitudes' sum NaN, and takes the scalar path's clearing
// branch), then each value times 1/d rounded to nearest even (VRNDSCALEPS),
// converted exactly (it is integral) and clamped to [-127, 127] as the
// scalar form does. With d finite and non-zero and 1/d finite (else the
// scalar path runs), |v/d| is at most 127 plus rounding, far inside int32,
// so the conversion never saturates.
func quantBlock(x []float32, q []int8) float32 {
	if !useVNNI { // the AVX-512 group: useVNNI implies AVX512F/BW/VL
		if useAVX2 {
			return quantBlock8(x, q)
		}
		return quantRowBlockFast(x, q)
	}
	x, q = x[:32], q[:32]
	abs := archsimd.BroadcastInt32x16(0x7fffffff)
	a0 := archsimd.LoadFloat32x16Slice(x).AsInt32x16().And(abs).AsFloat32x16()
	a1 := archsimd.LoadFloat32x16Slice(x[16:]).AsInt32x16().And(abs).AsFloat32x16()
	nan := a0.Add(a1).IsNaN().ToBits() != 0
	m16 := a0.Max(a1)
	m8 := m16.GetLo().Max(m16.GetHi())
	m4 := m8.GetLo().Max(m8.GetHi())
	amax := max(m4.GetElem(0), m4.GetElem(1), m4.GetElem(2), m4.GetElem(3))
	archsimd.ClearAVXUpperBits()
	d, id, done := blockScale(x, q, amax, nan)
	if done {
		return d
	}
	idv := archsimd.BroadcastFloat32x16(id)
	lo, hi := archsimd.BroadcastInt32x16(-127), archsimd.BroadcastInt32x16(127)
	for h := 0; h < 32; h += 16 {
		v := archsimd.LoadFloat32x16Slice(x[h:]).Mul(idv).RoundToEvenScaled(0).ConvertToInt32()
		v.Max(lo).Min(hi).SaturateToInt8().StoreSlice(q[h:])
	}
	archsimd.ClearAVXUpperBits()
	return d
}

// quantBlocksWide quantizes the leading run of x's blocks that have no
// special case, with AVX-512 (quantBlocks16) or AVX2 (quantBlocks8) where
// the CPU has it, and returns how many it did (0 without them, or when the
// first block has a NaN, a zero or infinite scale, or a scale whose
// inverse overflows).
func quantBlocksWide(x []float32, q []int8, d []float32, cx []int32) int {
	n := len(d)
	if !useAVX2 || n == 0 {
		return 0
	}
	// The assembly reads and writes exactly these; a short slice panics here.
	_, _, _ = x[tensor.QK*n-1], q[tensor.QK*n-1], cx[n-1]
	if useAVX512 {
		return quantBlocks16(&x[0], &q[0], &d[0], &cx[0], n)
	}
	return quantBlocks8(&x[0], &q[0], &d[0], &cx[0], n)
}

// quantBlocks16 and quantBlocks8 are quantBlocksWide's loops in assembly
// (quant_amd64.s).
//
//go:noescape
func quantBlocks16(x *float32, q *int8, d *float32, cx *int32, n int) int

//go:noescape
func quantBlocks8(x *float32, q *int8, d *float32, cx *int32, n int) int

// blockScale is quantRowBlockFast's scalar middle for the vector forms,
// given the block's largest magnitude (nan: some value is NaN): the scale
// d and 1/d for the vector loop, or done with d when the block is finished
// here (cleared, or by the scalar form where 1/d overflows or a NaN is in).
func blockScale(x []float32, q []int8, amax float32, nan bool) (d, id float32, done bool) {
	if nan {
		return quantRowBlockFast(x, q), 0, true
	}
	d = float32(amax / 127)
	if d == 0 || d != d || math.IsInf(float64(d), 0) {
		clear(q)
		return d, 0, true
	}
	id = float32(1 / d)
	if math.IsInf(float64(id), 0) {
		return quantRowBlockFast(x, q), 0, true
	}
	return d, id, false
}

// quantBlock8 is quantBlock in 256-bit AVX (for CPUs with AVX2 but not
// AVX-512): the same steps on four vectors of 8 (VROUNDPS rounds to
// nearest even, the truncating conversion of an integral value is exact),
// the clamped integers narrowed one by one (AVX2 has no VPMOVSDB).
func quantBlock8(x []float32, q []int8) float32 {
	x, q = x[:32], q[:32]
	abs := archsimd.BroadcastInt32x8(0x7fffffff)
	// Four named vectors, not an array: an array is spilled, and the
	// compiler then schedules VZEROUPPER before the vector code.
	a0 := archsimd.LoadFloat32x8Slice(x).AsInt32x8().And(abs).AsFloat32x8()
	a1 := archsimd.LoadFloat32x8Slice(x[8:]).AsInt32x8().And(abs).AsFloat32x8()
	a2 := archsimd.LoadFloat32x8Slice(x[16:]).AsInt32x8().And(abs).AsFloat32x8()
	a3 := archsimd.LoadFloat32x8Slice(x[24:]).AsInt32x8().And(abs).AsFloat32x8()
	nan := a0.Add(a1).Add(a2.Add(a3)).IsNaN().ToBits() != 0
	m8 := a0.Max(a1).Max(a2.Max(a3))
	m4 := m8.GetLo().Max(m8.GetHi())
	amax := max(m4.GetElem(0), m4.GetElem(1), m4.GetElem(2), m4.GetElem(3))
	archsimd.ClearAVXUpperBits()
	d, id, done := blockScale(x, q, amax, nan)
	if done {
		return d
	}
	idv := archsimd.BroadcastFloat32x8(id)
	lo, hi := archsimd.BroadcastInt32x8(-127), archsimd.BroadcastInt32x8(127)
	var v [8]int32
	for h := 0; h < 32; h += 8 {
		archsimd.LoadFloat32x8Slice(x[h:]).Mul(idv).RoundToEven().ConvertToInt32().Max(lo).Min(hi).StoreSlice(v[:])
		for i, w := range v {
			q[h+i] = int8(w)
		}
	}
	archsimd.ClearAVXUpperBits()
	return d
}

// dotRows8AVX2 is dotRows8's loop in assembly (matmul_amd64.s).
//
//go:noescape
func dotRows8AVX2(w *int8, wd *float32, x *int8, xd *float32, nb, t int, y *float32, ystride int)

// dotRows16VNNI is dotRows16's loop in assembly (matmul_amd64.s).
//
//go:noescape
func dotRows16VNNI(w *int8, wd *float32, x *int8, xd *float32, cx *int32, nb, t int, y *float32, ystride int)

// dotRows16AVXVNNI is dotRows16's loop for AVX-VNNI (matmul_amd64.s).
//
//go:noescape
func dotRows16AVXVNNI(w *int8, wd *float32, x *int8, xd *float32, cx *int32, nb, t int, y *float32, ystride int)

// ones16 feeds VPMADDWD to add pairs of int16 into int32 (a load: AVX has
// no register broadcast for it).
var ones16 = [16]int16{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}

// dotRows4 computes four outputs of a quantized matmul (four weight rows,
// one activation row) bit for bit as dotRowPortable does for each: see
// dotRows4Portable for the layout. The kernel is chosen by the CPU's
// features (SIMD).
func dotRows4(w []int8, wd4 []float32, xq []int8, xd4 []float32, out *[4]float32) {
	switch {
	case useAVX2:
		dotRows4AVX2(w, wd4, xq, xd4, out)
	case useAVX:
		dotRows4AVX(w, wd4, xq, xd4, out)
	default:
		dotRows4Portable(w, wd4, xq, xd4, out)
	}
}

// dotRows4AVX2 is dotRows4Portable in AVX2. Per block and row, the 32
// products are summed exactly by the sign trick: VPABSB of the weights
// (unsigned, at most 128) times VPSIGNB of the activations by the weights'
// signs (at most 127 in magnitude: quantRowBlockFast never yields -128),
// so each VPMADDUBSW pair sum stays within 2*128*127 = 32512 and never
// saturates; VPMADDWD by ones widens the pairs to int32. The four rows'
// sums (VPHADDD) are then the lanes of one float32 vector: each lane does
// the scalar form's operations (scale product, times the sum, added to the
// accumulator) in block order, so every row's result is unchanged.
func dotRows4AVX2(w []int8, wd4 []float32, xq []int8, xd4 []float32, out *[4]float32) {
	nb := len(wd4) / 4
	k := nb * 32
	w0, w1, w2, w3 := w[:k], w[k:2*k], w[2*k:3*k], w[3*k:4*k]
	xq, xd4 = xq[:k], xd4[:4*nb]
	ones := archsimd.LoadInt16x16Slice(ones16[:])
	var acc archsimd.Float32x4
	for b := 0; b < nb; b++ {
		o := b * 32
		x := archsimd.LoadInt8x32Slice(xq[o:])
		s0 := blockSum32(archsimd.LoadInt8x32Slice(w0[o:]), x, ones)
		s1 := blockSum32(archsimd.LoadInt8x32Slice(w1[o:]), x, ones)
		s2 := blockSum32(archsimd.LoadInt8x32Slice(w2[o:]), x, ones)
		s3 := blockSum32(archsimd.LoadInt8x32Slice(w3[o:]), x, ones)
		h := s0.AddPairsGrouped(s1).AddPairsGrouped(s2.AddPairsGrouped(s3))
		isum := h.GetLo().Add(h.GetHi()).ConvertToFloat32()
		scale := archsimd.LoadFloat32x4Slice(wd4[4*b:]).Mul(archsimd.LoadFloat32x4Slice(xd4[4*b:]))
		acc = acc.Add(scale.Mul(isum))
	}
	acc.StoreSlice(out[:])
	archsimd.ClearAVXUpperBits()
}

// blockSum32 returns 8 int32 partial sums of w times x (32 int8 each) by
// the sign trick of dotRows4AVX2.
func blockSum32(w, x archsimd.Int8x32, ones archsimd.Int16x16) archsimd.Int32x8 {
	return w.Abs().AsUint8x32().DotProductPairsSaturated(x.CopySign(w)).DotProductPairs(ones)
}

// dotRows4AVX is dotRows4AVX2 in 128-bit AVX, for CPUs without AVX2: each
// 32-value block is two 16-byte halves.
func dotRows4AVX(w []int8, wd4 []float32, xq []int8, xd4 []float32, out *[4]float32) {
	nb := len(wd4) / 4
	k := nb * 32
	w0, w1, w2, w3 := w[:k], w[k:2*k], w[2*k:3*k], w[3*k:4*k]
	xq, xd4 = xq[:k], xd4[:4*nb]
	ones := archsimd.LoadInt16x8Slice(ones16[:])
	var acc archsimd.Float32x4
	for b := 0; b < nb; b++ {
		o := b * 32
		xa, xb := archsimd.LoadInt8x16Slice(xq[o:]), archsimd.LoadInt8x16Slice(xq[o+16:])
		s0 := blockSum16(w0[o:], xa, xb, ones)
		s1 := blockSum16(w1[o:], xa, xb, ones)
		s2 := blockSum16(w2[o:], xa, xb, ones)
		s3 := blockSum16(w3[o:], xa, xb, ones)
		isum := s0.AddPairs(s1).AddPairs(s2.AddPairs(s3)).ConvertToFloat32()
		scale := archsimd.LoadFloat32x4Slice(wd4[4*b:]).Mul(archsimd.LoadFloat32x4Slice(xd4[4*b:]))
		acc = acc.Add(scale.Mul(isum))
	}
	acc.StoreSlice(out[:])
}

// blockSum16 returns 4 int32 partial sums of one 32-value block of w
// (two halves) times the activation halves xa, xb, by the sign trick.
func blockSum16(w []int8, xa, xb archsimd.Int8x16, ones archsimd.Int16x8) archsimd.Int32x4 {
	wa, wb := archsimd.LoadInt8x16Slice(w), archsimd.LoadInt8x16Slice(w[16:])
	a := wa.Abs().AsUint8x16().DotProductPairsSaturated(xa.CopySign(wa)).DotProductPairs(ones)
	c := wb.Abs().AsUint8x16().DotProductPairsSaturated(xb.CopySign(wb)).DotProductPairs(ones)
	return a.Add(c)
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
	archsimd.ClearAVXUpperBits()
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
	s := h.GetElem(0) + h.GetElem(1)
	archsimd.ClearAVXUpperBits()
	return s
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
	archsimd.ClearAVXUpperBits()
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
	archsimd.ClearAVXUpperBits()
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

// convRowRequant computes four output channels at 16 consecutive
// positions of one output row (convRowBlock's sums, for twice its
// positions), then requantizer.apply on each of the 64 sums, into j.res,
// in one assembly routine (conv_amd64.s), for shifts of 32 or more; it
// reports false, doing nothing, where it does not apply. w holds the four
// channels' weight pairs (len(taps) pairs of 16 lanes each), which it sets
// as j.w.
func convRowRequant(j *convJob, w *[4][]int16, e []int16, off int, taps []int, rq requantizer) bool {
	n := len(taps)
	vrq, ok := vecRequantOf(rq)
	if !useAVX2 || !ok || n == 0 {
		return false
	}
	// Bounds: taps ascend from 0 (fastQConvStride1), so the last is the
	// furthest read of e; each weight row is read for n pairs.
	if taps[0] < 0 || off < 0 || off+taps[n-1]+2*convJobPositions > len(e) ||
		min(len(w[0]), len(w[1]), len(w[2]), len(w[3])) < 16*n {
		panic("exec: convRowRequant out of bounds")
	}
	for k := range w {
		j.w[k] = &w[k][0]
	}
	j.rq = vrq
	convRequantAVX2(j, &e[off], &taps[0], n)
	return true
}

//go:noescape
func convRequantAVX2(j *convJob, e *int16, taps *int, n int)

// axpy is axpyPortable with AVX-512, 16 values at a time, or AVX2, 8 at a
// time (each lane one rounded product, then one rounded sum).
func axpy(y []float32, p float32, v []float32) {
	if !useAVX512 {
		if !useAVX2 || len(y) < 8 {
			axpyPortable(y, p, v)
			return
		}
		v = v[:len(y)]
		pv := archsimd.BroadcastFloat32x8(p)
		d := 0
		for ; d+8 <= len(y); d += 8 {
			archsimd.LoadFloat32x8Slice(y[d:]).Add(pv.Mul(archsimd.LoadFloat32x8Slice(v[d:]))).StoreSlice(y[d:])
		}
		archsimd.ClearAVXUpperBits()
		axpyPortable(y[d:], p, v[d:])
		return
	}
	if len(y) < 16 {
		axpyPortable(y, p, v)
		return
	}
	v = v[:len(y)]
	pv := archsimd.BroadcastFloat32x16(p)
	d := 0
	for ; d+16 <= len(y); d += 16 {
		archsimd.LoadFloat32x16Slice(y[d:]).Add(pv.Mul(archsimd.LoadFloat32x16Slice(v[d:]))).StoreSlice(y[d:])
	}
	archsimd.ClearAVXUpperBits()
	axpyPortable(y[d:], p, v[d:])
}

// convQuads runs fastQConvStride1Quads' kernel for one job: 16 positions
// from byte off of e, four channels (convQuadsVNNI or convQuadsAVXVNNI,
// conv_amd64.s; shifts outside [32, 63] requantized here).
func convQuads(j *convQuadJob, e []byte, off int, taps []int, rq requantizer) {
	n := len(taps)
	// Bounds: taps ascend from 0, so the last is the furthest read of e.
	if n == 0 || taps[0] < 0 || off < 0 || off+taps[n-1]+64 > len(e) || j.n < 1 || j.n > 16 {
		panic("exec: convQuads out of bounds")
	}
	if _, vec := vecRequantOf(rq); !vec && (useVNNI || useAVXVNNI) {
		// The assembly requantizes shifts of 32 to 63 only: the sums
		// come back (a copy of the job points at them, so that j itself
		// never holds a pointer to the stack) and are requantized here.
		var sums [4][16]int32
		sj := *j
		sj.sums = &sums
		if useVNNI {
			convQuadsVNNI(&sj, &e[off], &taps[0], n)
		} else {
			convQuadsAVXVNNI(&sj, &e[off], &taps[0], n)
		}
		for k, p := range j.out {
			out := unsafe.Slice(p, j.n)
			for q := range out {
				out[q] = rq.apply(sums[k][q])
			}
		}
		return
	}
	switch {
	case useVNNI:
		convQuadsVNNI(j, &e[off], &taps[0], n)
	case useAVXVNNI:
		if j.n == 16 {
			convQuadsAVXVNNI(j, &e[off], &taps[0], n)
			return
		}
		// The AVX-VNNI form stores all 16 results of each channel: fewer
		// go through rows on the stack (a copy of the job points at them,
		// so that j itself never holds a pointer to the stack).
		var tail [4][16]int8
		tj := *j
		for k := range tj.out {
			tj.out[k] = &tail[k][0]
		}
		convQuadsAVXVNNI(&tj, &e[off], &taps[0], n)
		for k, p := range j.out {
			copy(unsafe.Slice(p, j.n), tail[k][:j.n])
		}
	default:
		convQuadsPortable(j, e, off, taps, rq)
	}
}

// convQuadsAVXVNNI is convQuads' loop and requantization for AVX-VNNI
// (conv_amd64.s).
//
//go:noescape
func convQuadsAVXVNNI(j *convQuadJob, e *byte, taps *int, n int)

// convQuadsVNNI is convQuads' loop and requantization in assembly.
//
//go:noescape
func convQuadsVNNI(j *convQuadJob, e *byte, taps *int, n int)

// maxPool2 writes y[i] = max(r0[2i], r0[2i+1], r1[2i], r1[2i+1]) for
// every output in AVX-512 (a 2x2, stride-2 int8 max pool row), 32 at a time
// and the rest with masked loads and stores, and returns how many it wrote
// (0 without AVX-512): the two rows' maximum bytewise, then each byte
// pair's as two sign-extended int16 halves, narrowed back exactly.
func maxPool2(y, r0, r1 []int8) int {
	if !useAVX512 {
		return 0
	}
	n := len(y)
	r0, r1 = r0[:2*n], r1[:2*n]
	pool := func(a, b archsimd.Int8x64) archsimd.Int8x32 {
		v := a.Max(b).AsInt16x32()
		return v.ShiftAllLeft(8).ShiftAllRight(8).Max(v.ShiftAllRight(8)).TruncateToInt8()
	}
	i := 0
	for ; i+32 <= n; i += 32 {
		pool(archsimd.LoadInt8x64Slice(r0[2*i:]), archsimd.LoadInt8x64Slice(r1[2*i:])).StoreSlice(y[i:])
	}
	if i < n {
		pool(archsimd.LoadInt8x64SlicePart(r0[2*i:]), archsimd.LoadInt8x64SlicePart(r1[2*i:])).StoreSlicePart(y[i:])
	}
	archsimd.ClearAVXUpperBits()
	return n
}

// maxPool2Plane pools a whole channel plane (x: h rows of w, y: oh rows
// of ow) 2x2 with stride 2, as maxPool2 does row by row, and returns how
// many output rows it did: all in one call of maxPool2PlaneAVX512 where the
// CPU has AVX-512 and ow <= 32; with AVX2 only, 4 <= ow <= 16 and 3w >= 32,
// all but the last (maxPool2PlaneAVX2); else none.
func maxPool2Plane(y, x []int8, w, ow, oh int) int {
	if ow < 1 || oh < 1 || w < 2*ow || len(x) < (2*oh)*w || len(y) < oh*ow {
		return 0
	}
	switch {
	case useAVX512 && ow <= 32:
		// The assembly reads and writes nothing past these.
		_, _ = x[(2*oh-1)*w+2*ow-1], y[oh*ow-1]
		maxPool2PlaneAVX512(&y[0], &x[0], w, ow, oh, ^uint64(0)>>(64-2*ow), ^uint64(0)>>(64-ow))
		return oh
	case useAVX2 && ow >= 4 && ow <= 16 && 3*w >= 32 && oh > 1:
		// Row pair oy <= oh-2 reads x[(2oy+1)*w:][:32], below (2oy+4)*w <=
		// 2oh*w, and writes y[oy*ow:][:8] (ow <= 8) or [:16] (ow > 8),
		// below (oy+2)*ow <= oh*ow.
		maxPool2PlaneAVX2(&y[0], &x[0], w, ow, oh-1)
		return oh - 1
	}
	return 0
}

// maxPool2PlaneAVX512 and maxPool2PlaneAVX2 are maxPool2Plane's loops in
// assembly (quant_amd64.s).
//
//go:noescape
func maxPool2PlaneAVX512(y, x *int8, w, ow, oh int, in, out uint64)

//go:noescape
func maxPool2PlaneAVX2(y, x *int8, w, ow, rows int)

// expandQuadsAVX2 is expandQuads' loop without VBMI (conv_amd64.s).
//
//go:noescape
func expandQuadsAVX2(row, prow *byte, steps int)

// quadIndex permutes 64 bytes b[0..] into 16 dwords of b[q..q+3].
var quadIndex = func() (ix [64]uint8) {
	for i := range ix {
		ix[i] = uint8(i/4 + i%4)
	}
	return
}()

// expandQuads writes dwords px = prow[px..px+3] of row for px from 0 in
// steps of 16 (VPERMB, AVX-512 VBMI) while px < n, and returns the first
// px not written (0 without VBMI). A step may write up to 15 dwords past
// n: row must hold them (fastQConvStride1Quads' slack), and prow must
// hold 64 bytes from every step's start.
func expandQuads(row, prow []byte, n int) int {
	if !useVBMI {
		if !useAVX2 || n <= 0 {
			return 0
		}
		// With AVX2, 8 dwords a step: reads 16 bytes of prow from each
		// step's start and writes up to 7 dwords past n, within what the
		// VBMI form may touch.
		steps := (n + 7) / 8
		_, _ = prow[8*(steps-1)+15], row[32*steps-1]
		expandQuadsAVX2(&row[0], &prow[0], steps)
		return 8 * steps
	}
	idx := archsimd.LoadUint8x64Slice(quadIndex[:])
	px := 0
	for ; px < n; px += 16 {
		archsimd.LoadUint8x64Slice(prow[px:]).Permute(idx).StoreSlice(row[4*px:])
	}
	archsimd.ClearAVXUpperBits()
	return px
}
