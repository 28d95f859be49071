//go:build goexperiment.simd && amd64

package fmath

import (
	"math"
	"simd/archsimd"

	"github.com/aievm/aievm/opml/kernelcap"
)

// The slice forms 8 lanes at a time in 256-bit AVX/AVX2, for CPUs without
// AVX-512: the same operations as the 16-lane forms (slice_simd_amd64.go),
// lane for lane.

// hasAVX2 reports AVX2 (and so AVX and FMA-free 256-bit float ops), read
// once at start, under the operator's ceiling (kernelcap).
var hasAVX2 = archsimd.X86.AVX2() && kernelcap.Allows(kernelcap.AVX2)

func bc8(v float32) archsimd.Float32x8 { return archsimd.BroadcastFloat32x8(v) }

func bci8(v int32) archsimd.Int32x8 { return archsimd.BroadcastInt32x8(v) }

// exp8 is exp16 on 8 lanes: k rounded to nearest even by VROUNDPS (exact
// through the truncating conversion, k being integral), the same
// polynomial and the same two-factor scaling.
func exp8(x archsimd.Float32x8) archsimd.Float32x8 {
	k := x.Mul(bc8(log2e)).RoundToEven().ConvertToInt32()
	kf := k.ConvertToFloat32()
	r := x.Sub(kf.Mul(bc8(ln2Hi))).Sub(kf.Mul(bc8(ln2Lo)))
	z := r.Mul(r)
	p := bc8(ep0).Mul(r).Add(bc8(ep1))
	p = p.Mul(r).Add(bc8(ep2))
	p = p.Mul(r).Add(bc8(ep3))
	p = p.Mul(r).Add(bc8(ep4))
	p = p.Mul(r).Add(bc8(ep5))
	p = p.Mul(z).Add(r).Add(bc8(one))
	hi, lo := k.Greater(bci8(127)), k.Less(bci8(-126))
	e1 := bci8(127).Merge(k, hi)
	e1 = k.Add(bci8(126)).Merge(e1, lo)
	var zi archsimd.Int32x8 // a zero vector, not a broadcast: Go emits a legacy-SSE XORPS for that
	e2 := k.Sub(bci8(127)).Merge(zi, hi)
	e2 = bci8(-126).Merge(e2, lo)
	s1 := e1.Add(bci8(127)).ShiftAllLeft(23).AsFloat32x8()
	s2 := e2.Add(bci8(127)).ShiftAllLeft(23).AsFloat32x8()
	res := p.Mul(s1).Mul(s2)
	res = bc8(float32(math.Inf(1))).Merge(res, x.Greater(bc8(expHi)))
	var zf archsimd.Float32x8
	return zf.Merge(res, x.Less(bc8(expLo)))
}

func expVec8(y, x []float32) int {
	n := len(y) &^ 7
	for i := 0; i < n; i += 8 {
		exp8(archsimd.LoadFloat32x8Slice(x[i:])).StoreSlice(y[i:])
	}
	archsimd.ClearAVXUpperBits()
	return n
}

func siluVec8(y, x []float32) int {
	n := len(y) &^ 7
	for i := 0; i < n; i += 8 {
		v := archsimd.LoadFloat32x8Slice(x[i:])
		neg := v.AsInt32x8().Xor(bci8(math.MinInt32)).AsFloat32x8()
		v.Div(bc8(one).Add(exp8(neg))).StoreSlice(y[i:])
	}
	archsimd.ClearAVXUpperBits()
	return n
}

func canonVec8(y []float32) int {
	nan := bc8(Canon(float32(math.NaN())))
	n := len(y) &^ 7
	for i := 0; i < n; i += 8 {
		v := archsimd.LoadFloat32x8Slice(y[i:])
		if m := v.IsNaN(); m.ToBits() != 0 {
			nan.Merge(v, m).StoreSlice(y[i:])
		}
	}
	archsimd.ClearAVXUpperBits()
	return n
}
