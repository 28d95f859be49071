package fmath

import (
	"math"

	sf "github.com/aievm/aievm/opml/softfloat"
)

// The fast forms below repeat the reference sequences on hardware float32.
// Every intermediate is a named float32 or wrapped in float32(...), which the
// Go spec guarantees rounds to binary32 and prevents fusing x*y+z into an
// FMA; no math package transcendental is used. A NaN result may carry any
// payload: callers store results through Canon.

// Canon returns x with any NaN replaced by the canonical NaN.
func Canon(x float32) float32 {
	if x != x {
		return math.Float32frombits(uint32(sf.NaN))
	}
	return x
}

// RoundToInt32 is sf.ToInt32 on hardware: nearest, ties to even, saturating,
// NaN to 0.
func RoundToInt32(x float32) int32 {
	switch {
	case x != x:
		return 0
	case x >= 2147483648:
		return math.MaxInt32
	case x <= -2147483648:
		return math.MinInt32
	}
	// float64 holds every float32 exactly, so this rounds once.
	return int32(math.RoundToEven(float64(x)))
}

func pow2(k int32) float32 { return math.Float32frombits(uint32(sf.Pow2(k))) }

func scaleFast(p float32, k int32) float32 {
	switch {
	case k > 127:
		return float32(float32(p*pow2(127)) * pow2(k-127))
	case k < -126:
		return float32(float32(p*pow2(k+126)) * pow2(-126))
	}
	return float32(p * pow2(k))
}

// ExpFast is Exp on hardware float32.
func ExpFast(x float32) float32 {
	switch {
	case x != x:
		return x
	case expHi < x:
		return float32(math.Inf(1))
	case x < expLo:
		return 0
	}
	k := RoundToInt32(float32(x * log2e))
	kf := float32(k)
	r := float32(float32(x-float32(kf*ln2Hi)) - float32(kf*ln2Lo))
	z := float32(r * r)
	p := float32(float32(ep0*r) + ep1)
	p = float32(float32(p*r) + ep2)
	p = float32(float32(p*r) + ep3)
	p = float32(float32(p*r) + ep4)
	p = float32(float32(p*r) + ep5)
	p = float32(float32(float32(p*z)+r) + one)
	return scaleFast(p, k)
}

// TanhFast is Tanh on hardware float32.
func TanhFast(x float32) float32 {
	if x != x {
		return x
	}
	ax := float32(math.Abs(float64(x)))
	if ax == 0 {
		return x
	}
	if ax < tanhSm {
		z := float32(x * x)
		p := float32(float32(tanhP0*z) + tanhP1)
		p = float32(float32(p*z) + tanhP2)
		p = float32(float32(p*z) + tanhP3)
		p = float32(float32(p*z) + tanhP4)
		return float32(float32(float32(x*z)*p) + x)
	}
	var t float32
	if tanhBg < ax {
		t = one
	} else {
		e := ExpFast(float32(ax + ax))
		t = float32(one - float32(two/float32(e+one)))
	}
	if x < 0 {
		return -t
	}
	return t
}

// SigmoidFast is Sigmoid on hardware float32.
func SigmoidFast(x float32) float32 { return float32(one / float32(one+ExpFast(-x))) }

// SiLUFast is SiLU on hardware float32.
func SiLUFast(x float32) float32 { return float32(x / float32(one+ExpFast(-x))) }

// GELUFast is GELU on hardware float32.
func GELUFast(x float32) float32 {
	x3 := float32(float32(x*x) * x)
	inner := float32(geluK * float32(x+float32(geluA*x3)))
	return float32(float32(half*x) * float32(one+TanhFast(inner)))
}

// RsqrtFast is Rsqrt on hardware float32.
func RsqrtFast(x float32) float32 {
	return float32(one / float32(math.Sqrt(float64(x))))
}

func reduceFast(x float32) (int32, float32) {
	j := RoundToInt32(float32(x * twoOPi))
	jf := float32(j)
	y := float32(x - float32(jf*dp1))
	y = float32(y - float32(jf*dp2))
	y = float32(y - float32(jf*dp3))
	return j, y
}

func sinPolyFast(y float32) float32 {
	z := float32(y * y)
	p := float32(float32(sinC0*z) + sinC1)
	p = float32(float32(p*z) + sinC2)
	return float32(float32(float32(y*z)*p) + y)
}

func cosPolyFast(y float32) float32 {
	z := float32(y * y)
	p := float32(float32(cosC0*z) + cosC1)
	p = float32(float32(p*z) + cosC2)
	return float32(float32(one-float32(half*z)) + float32(float32(z*z)*p))
}

// SinFast is Sin on hardware float32.
func SinFast(x float32) float32 {
	if x != x || math.IsInf(float64(x), 0) {
		return float32(math.NaN())
	}
	j, y := reduceFast(x)
	switch j & 3 {
	case 0:
		return sinPolyFast(y)
	case 1:
		return cosPolyFast(y)
	case 2:
		return -sinPolyFast(y)
	}
	return -cosPolyFast(y)
}

// SinCosFast returns SinFast(x) and CosFast(x), bit for bit, sharing the
// argument reduction (RoPE needs both of every angle).
func SinCosFast(x float32) (sin, cos float32) {
	if x != x || math.IsInf(float64(x), 0) {
		nan := float32(math.NaN())
		return nan, nan
	}
	j, y := reduceFast(x)
	s, c := sinPolyFast(y), cosPolyFast(y)
	switch j & 3 {
	case 0:
		return s, c
	case 1:
		return c, -s
	case 2:
		return -s, -c
	}
	return -c, s
}

// CosFast is Cos on hardware float32.
func CosFast(x float32) float32 {
	if x != x || math.IsInf(float64(x), 0) {
		return float32(math.NaN())
	}
	j, y := reduceFast(x)
	switch j & 3 {
	case 0:
		return cosPolyFast(y)
	case 1:
		return -sinPolyFast(y)
	case 2:
		return -cosPolyFast(y)
	}
	return sinPolyFast(y)
}
