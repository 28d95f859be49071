//go:build goexperiment.simd && amd64

package fmath

import (
	"math"
	"simd/archsimd"

	"github.com/aievm/aievm/opml/kernelcap"
)

// hasAVX512 reports AVX-512 (F, CD, BW, DQ, VL), read once at start,
// under the operator's ceiling (kernelcap).
var hasAVX512 = archsimd.X86.AVX512() && kernelcap.Allows(kernelcap.AVX512)

func bc(v float32) archsimd.Float32x16 { return archsimd.BroadcastFloat32x16(v) }

func bci(v int32) archsimd.Int32x16 { return archsimd.BroadcastInt32x16(v) }

// exp16 is ExpFast on 16 lanes. In range, k = RoundToInt32(x*log2e) is a
// round to nearest even (VRNDSCALEPS) converted exactly, and scaleFast's
// three cases are one form, p*s1*s2: s2 = 1 where ExpFast multiplies once
// (exact), and both factors powers of two built from their exponent bits
// (k lies in [-150, 128] in range, so every exponent is a normal one).
// Lanes above expHi become +Inf and below expLo +0, as the scalar form's
// branches; a NaN lane stays NaN through the arithmetic.
func exp16(x archsimd.Float32x16) archsimd.Float32x16 {
	k := x.Mul(bc(log2e)).RoundToEvenScaled(0).ConvertToInt32()
	kf := k.ConvertToFloat32()
	r := x.Sub(kf.Mul(bc(ln2Hi))).Sub(kf.Mul(bc(ln2Lo)))
	z := r.Mul(r)
	p := bc(ep0).Mul(r).Add(bc(ep1))
	p = p.Mul(r).Add(bc(ep2))
	p = p.Mul(r).Add(bc(ep3))
	p = p.Mul(r).Add(bc(ep4))
	p = p.Mul(r).Add(bc(ep5))
	p = p.Mul(z).Add(r).Add(bc(one))
	hi, lo := k.Greater(bci(127)), k.Less(bci(-126))
	// x.Merge(y, m) is x where m holds, y elsewhere.
	e1 := bci(127).Merge(k, hi)         // 127 where k > 127, else k
	e1 = k.Add(bci(126)).Merge(e1, lo)  // k+126 where k < -126
	var zi archsimd.Int32x16            // zero vectors, not broadcasts: Go emits a legacy-SSE XORPS for those
	e2 := k.Sub(bci(127)).Merge(zi, hi) // k-127 where k > 127, else 0
	e2 = bci(-126).Merge(e2, lo)
	s1 := e1.Add(bci(127)).ShiftAllLeft(23).AsFloat32x16()
	s2 := e2.Add(bci(127)).ShiftAllLeft(23).AsFloat32x16()
	res := p.Mul(s1).Mul(s2)
	res = bc(float32(math.Inf(1))).Merge(res, x.Greater(bc(expHi)))
	var zf archsimd.Float32x16
	return zf.Merge(res, x.Less(bc(expLo)))
}

// negate16 flips every lane's sign bit, as Go's unary minus does.
func negate16(x archsimd.Float32x16) archsimd.Float32x16 {
	return x.AsInt32x16().Xor(bci(math.MinInt32)).AsFloat32x16()
}

func expVec(y, x []float32) int {
	if !hasAVX512 {
		if hasAVX2 {
			return expVec8(y, x)
		}
		return 0
	}
	n := len(y) &^ 15
	for i := 0; i < n; i += 16 {
		exp16(archsimd.LoadFloat32x16Slice(x[i:])).StoreSlice(y[i:])
	}
	archsimd.ClearAVXUpperBits()
	return n
}

func siluVec(y, x []float32) int {
	if !hasAVX512 {
		if hasAVX2 {
			return siluVec8(y, x)
		}
		return 0
	}
	n := len(y) &^ 15
	for i := 0; i < n; i += 16 {
		v := archsimd.LoadFloat32x16Slice(x[i:])
		v.Div(bc(one).Add(exp16(negate16(v)))).StoreSlice(y[i:])
	}
	archsimd.ClearAVXUpperBits()
	return n
}

func canonVec(y []float32) int {
	if !hasAVX512 {
		if hasAVX2 {
			return canonVec8(y)
		}
		return 0
	}
	nan := bc(Canon(float32(math.NaN())))
	n := len(y) &^ 15
	for i := 0; i < n; i += 16 {
		v := archsimd.LoadFloat32x16Slice(y[i:])
		if m := v.IsNaN(); m.ToBits() != 0 {
			nan.Merge(v, m).StoreSlice(y[i:])
		}
	}
	archsimd.ClearAVXUpperBits()
	return n
}

func addVec(y, a, b []float32) int {
	if !hasAVX512 {
		return 0
	}
	n := len(y) &^ 15
	a, b = a[:n], b[:n]
	for i := 0; i < n; i += 16 {
		archsimd.LoadFloat32x16Slice(a[i:]).Add(archsimd.LoadFloat32x16Slice(b[i:])).StoreSlice(y[i:])
	}
	archsimd.ClearAVXUpperBits()
	return n
}

func mulVec(y, a, b []float32) int {
	if !hasAVX512 {
		return 0
	}
	n := len(y) &^ 15
	a, b = a[:n], b[:n]
	for i := 0; i < n; i += 16 {
		archsimd.LoadFloat32x16Slice(a[i:]).Mul(archsimd.LoadFloat32x16Slice(b[i:])).StoreSlice(y[i:])
	}
	archsimd.ClearAVXUpperBits()
	return n
}

func scaleMulVec(y, x []float32, s float32, w []float32) int {
	if !hasAVX512 {
		return 0
	}
	n := len(y) &^ 15
	x, w = x[:n], w[:n]
	sv := bc(s)
	for i := 0; i < n; i += 16 {
		archsimd.LoadFloat32x16Slice(x[i:]).Mul(sv).Mul(archsimd.LoadFloat32x16Slice(w[i:])).StoreSlice(y[i:])
	}
	archsimd.ClearAVXUpperBits()
	return n
}
