// Package fmath defines the transcendental functions the models need (exp,
// tanh, sigmoid, SiLU, GELU, rsqrt, sin, cos) as fixed sequences of
// binary32 primitives: add, sub, mul, div, sqrt, compare, round-to-int32 and
// the exact power-of-two construction. Because each sequence is part of the
// spec (opml/SPEC.md, "Transcendentals"), a verifier needs only the
// primitives, and every node computes the same bits.
//
// Each function has a reference form on softfloat.F32 and a fast form on
// hardware float32 (suffix Fast) that performs the same operations in the
// same order with every intermediate rounded to float32; tests check the two
// bit for bit.
package fmath

import (
	sf "github.com/aievm/aievm/opml/softfloat"
)

// c converts a float32 constant to its bit pattern (compile-time rounding).
func c(f float32) sf.F32 { return sf.FromFloat32(f) }

// Constants shared by the reference and fast forms.
const (
	expHi  = 88.72283935546875 // above: +Inf
	expLo  = -103.97208404541  // below: +0
	log2e  = 1.44269504088896341
	ln2Hi  = 0.693359375 // 9 significant bits: k*ln2Hi is exact for |k| < 2^15
	ln2Lo  = -2.12194440e-4
	ep0    = 1.9875691500e-4 // exp(r) = 1 + r + r^2*P(r), Cephes coefficients
	ep1    = 1.3981999507e-3
	ep2    = 8.3334519073e-3
	ep3    = 4.1665795894e-2
	ep4    = 1.6666665459e-1
	ep5    = 5.0000001201e-1
	tanhP0 = -5.70498872745e-3 // tanh(x) = x + x*z*P(z), z = x^2, |x| < 0.625
	tanhP1 = 2.06390887954e-2
	tanhP2 = -5.37397155531e-2
	tanhP3 = 1.33314422036e-1
	tanhP4 = -3.33332819422e-1
	tanhSm = 0.625
	tanhBg = 9.0 // above: +-1
	twoOPi = 0.636619772367581343
	dp1    = 1.5703125               // pi/2 = dp1 + dp2 + dp3, dp1 and dp2 short
	dp2    = 4.837512969970703125e-4 //
	dp3    = 7.54978995489188216e-8  //
	sinC0  = -1.9515295891e-4        // sin(y) = y + y*z*S(z)
	sinC1  = 8.3321608736e-3         //
	sinC2  = -1.6666654611e-1        //
	cosC0  = 2.443315711809948e-5    // cos(y) = 1 - z/2 + z^2*C(z)
	cosC1  = -1.388731625493765e-3   //
	cosC2  = 4.166664568298827e-2    //
	geluK  = 0.7978845608028654      // sqrt(2/pi)
	geluA  = 0.044715                //
	half   = 0.5                     //
	one    = 1.0                     //
	two    = 2.0                     //
)

// scale returns p * 2^k with a single rounding, for any int32 k.
func scale(p sf.F32, k int32) sf.F32 {
	switch {
	case k > 127:
		return sf.Mul(sf.Mul(p, sf.Pow2(127)), sf.Pow2(k-127))
	case k < -126:
		return sf.Mul(sf.Mul(p, sf.Pow2(k+126)), sf.Pow2(-126))
	}
	return sf.Mul(p, sf.Pow2(k))
}

// Exp returns e^x.
func Exp(x sf.F32) sf.F32 {
	switch {
	case x.IsNaN():
		return sf.NaN
	case sf.Lt(c(expHi), x):
		return sf.PosInf
	case sf.Lt(x, c(expLo)):
		return sf.Zero
	}
	k := sf.ToInt32(sf.Mul(x, c(log2e)))
	kf := sf.FromInt32(k)
	r := sf.Sub(sf.Sub(x, sf.Mul(kf, c(ln2Hi))), sf.Mul(kf, c(ln2Lo)))
	z := sf.Mul(r, r)
	p := sf.Add(sf.Mul(c(ep0), r), c(ep1))
	p = sf.Add(sf.Mul(p, r), c(ep2))
	p = sf.Add(sf.Mul(p, r), c(ep3))
	p = sf.Add(sf.Mul(p, r), c(ep4))
	p = sf.Add(sf.Mul(p, r), c(ep5))
	p = sf.Add(sf.Add(sf.Mul(p, z), r), c(one))
	return scale(p, k)
}

// Tanh returns the hyperbolic tangent of x.
func Tanh(x sf.F32) sf.F32 {
	if x.IsNaN() {
		return sf.NaN
	}
	ax := sf.Abs(x)
	if ax == sf.Zero {
		return x // keeps the sign of zero
	}
	if sf.Lt(ax, c(tanhSm)) {
		z := sf.Mul(x, x)
		p := sf.Add(sf.Mul(c(tanhP0), z), c(tanhP1))
		p = sf.Add(sf.Mul(p, z), c(tanhP2))
		p = sf.Add(sf.Mul(p, z), c(tanhP3))
		p = sf.Add(sf.Mul(p, z), c(tanhP4))
		return sf.Add(sf.Mul(sf.Mul(x, z), p), x)
	}
	var t sf.F32
	if sf.Lt(c(tanhBg), ax) {
		t = c(one)
	} else {
		// 1 - 2/(e^(2|x|)+1)
		e := Exp(sf.Add(ax, ax))
		t = sf.Sub(c(one), sf.Div(c(two), sf.Add(e, c(one))))
	}
	if sf.Lt(x, sf.Zero) {
		return sf.Neg(t)
	}
	return t
}

// Sigmoid returns 1/(1+e^-x).
func Sigmoid(x sf.F32) sf.F32 {
	return sf.Div(c(one), sf.Add(c(one), Exp(sf.Neg(x))))
}

// SiLU returns x*sigmoid(x), computed as x/(1+e^-x).
func SiLU(x sf.F32) sf.F32 {
	return sf.Div(x, sf.Add(c(one), Exp(sf.Neg(x))))
}

// GELU returns the tanh approximation 0.5*x*(1+tanh(sqrt(2/pi)*(x+0.044715*x^3))).
func GELU(x sf.F32) sf.F32 {
	x3 := sf.Mul(sf.Mul(x, x), x)
	inner := sf.Mul(c(geluK), sf.Add(x, sf.Mul(c(geluA), x3)))
	return sf.Mul(sf.Mul(c(half), x), sf.Add(c(one), Tanh(inner)))
}

// Rsqrt returns 1/sqrt(x) with two correctly rounded operations.
func Rsqrt(x sf.F32) sf.F32 { return sf.Div(c(one), sf.Sqrt(x)) }

// reduce splits x into a quadrant j and y = x - j*pi/2 by Cody-Waite.
func reduce(x sf.F32) (int32, sf.F32) {
	j := sf.ToInt32(sf.Mul(x, c(twoOPi)))
	jf := sf.FromInt32(j)
	y := sf.Sub(x, sf.Mul(jf, c(dp1)))
	y = sf.Sub(y, sf.Mul(jf, c(dp2)))
	y = sf.Sub(y, sf.Mul(jf, c(dp3)))
	return j, y
}

func sinPoly(y sf.F32) sf.F32 {
	z := sf.Mul(y, y)
	p := sf.Add(sf.Mul(c(sinC0), z), c(sinC1))
	p = sf.Add(sf.Mul(p, z), c(sinC2))
	return sf.Add(sf.Mul(sf.Mul(y, z), p), y)
}

func cosPoly(y sf.F32) sf.F32 {
	z := sf.Mul(y, y)
	p := sf.Add(sf.Mul(c(cosC0), z), c(cosC1))
	p = sf.Add(sf.Mul(p, z), c(cosC2))
	return sf.Add(sf.Sub(c(one), sf.Mul(c(half), z)), sf.Mul(sf.Mul(z, z), p))
}

// Sin returns sin(x); accurate to a few ulp for |x| <= 8192 (RoPE angles),
// defined but less accurate beyond.
func Sin(x sf.F32) sf.F32 {
	if x.IsNaN() || x.IsInf() {
		return sf.NaN
	}
	j, y := reduce(x)
	switch j & 3 {
	case 0:
		return sinPoly(y)
	case 1:
		return cosPoly(y)
	case 2:
		return sf.Neg(sinPoly(y))
	}
	return sf.Neg(cosPoly(y))
}

// Cos returns cos(x), with the same domain note as Sin.
func Cos(x sf.F32) sf.F32 {
	if x.IsNaN() || x.IsInf() {
		return sf.NaN
	}
	j, y := reduce(x)
	switch j & 3 {
	case 0:
		return cosPoly(y)
	case 1:
		return sf.Neg(sinPoly(y))
	case 2:
		return sf.Neg(cosPoly(y))
	}
	return sinPoly(y)
}
