// Package softfloat is the engine's reference IEEE-754 binary32 arithmetic,
// written with integer operations only so that every machine computes the
// same bits. Every operation rounds to nearest, ties to even, keeps
// subnormals (no flush-to-zero) and returns the one canonical NaN
// (0x7FC00000) whenever its result is NaN. See opml/SPEC.md.
package softfloat

import (
	"math"
	"math/bits"
)

// F32 is a binary32 value held as its bit pattern.
type F32 uint32

// Well-known values.
const (
	NaN    F32 = 0x7FC00000 // the canonical NaN, the only NaN an operation returns
	PosInf F32 = 0x7F800000
	NegInf F32 = 0xFF800000
	Zero   F32 = 0
	One    F32 = 0x3F800000
)

const (
	signMask = 0x80000000
	expMask  = 0x7F800000
	fracMask = 0x007FFFFF
)

// FromFloat32 reinterprets a hardware float32's bits; no arithmetic happens.
func FromFloat32(f float32) F32 { return F32(math.Float32bits(f)) }

// Float32 reinterprets the bits as a hardware float32.
func (a F32) Float32() float32 { return math.Float32frombits(uint32(a)) }

// IsNaN reports whether a is any NaN.
func (a F32) IsNaN() bool { return uint32(a)&expMask == expMask && uint32(a)&fracMask != 0 }

// IsInf reports whether a is +Inf or -Inf.
func (a F32) IsInf() bool { return uint32(a)&^signMask == expMask }

func (a F32) isZero() bool { return uint32(a)&^signMask == 0 }

// Canonical returns a with any NaN replaced by the canonical NaN.
func Canonical(a F32) F32 {
	if a.IsNaN() {
		return NaN
	}
	return a
}

// format describes a binary interchange format for rounding.
type format struct {
	fracBits uint // stored fraction bits
	expBits  uint // exponent field width
	bias     int  // exponent bias
	maxExp   int  // biased exponent of Inf/NaN
}

var (
	binary32 = format{fracBits: 23, expBits: 8, bias: 127, maxExp: 255}
	binary16 = format{fracBits: 10, expBits: 5, bias: 15, maxExp: 31}
)

// roundPack rounds the value (-1)^sign * m * 2^e to the format, ties to even,
// and returns its bit pattern. Bit 0 of m may be a "sticky" bit standing for
// nonzero bits below it; callers keep at least two bits of m below the
// rounding position whenever they set it.
func roundPack(sign uint32, e int, m uint64, f format) uint32 {
	sbit := sign << (f.fracBits + f.expBits)
	if m == 0 {
		return sbit
	}
	// Keep m at most 62 bits wide so shifts below never overflow.
	if n := bits.Len64(m); n > 62 {
		s := uint(n - 62)
		lost := m & (1<<s - 1)
		m >>= s
		if lost != 0 {
			m |= 1
		}
		e += int(s)
	}
	prec := int(f.fracBits) + 1
	n := bits.Len64(m)
	biased := e + n - 1 + f.bias // biased exponent of the leading bit
	var shift int                // right shift that leaves the kept significand
	if biased >= 1 {
		shift = n - prec
	} else {
		// Subnormal: the kept integer counts units of 2^(1-bias-fracBits).
		shift = (1 - f.bias - int(f.fracBits)) - e
		biased = 0
	}
	var keep uint64
	switch {
	case shift <= 0:
		keep = m << uint(-shift)
	case shift >= 63:
		keep = 0 // below half of the smallest subnormal: rounds to zero
	default:
		keep = m >> uint(shift)
		rem := m & (1<<uint(shift) - 1)
		half := uint64(1) << uint(shift-1)
		if rem > half || (rem == half && keep&1 == 1) {
			keep++
		}
	}
	if biased == 0 {
		// A subnormal that rounded up to the smallest normal carries into the
		// exponent field by itself.
		return sbit | uint32(keep)
	}
	if keep == 1<<uint(prec) {
		keep >>= 1
		biased++
	}
	if biased >= f.maxExp {
		return sbit | uint32(f.maxExp)<<f.fracBits
	}
	return sbit | uint32(biased)<<f.fracBits | uint32(keep)&(1<<f.fracBits-1)
}

// unpack splits a finite nonzero value into sign, exponent and a significand
// normalized to have bit 23 set: |a| = m * 2^e.
func unpack(a F32) (sign uint32, e int, m uint64) {
	sign = uint32(a) >> 31
	ex := int(uint32(a)>>23) & 0xFF
	m = uint64(uint32(a) & fracMask)
	if ex == 0 {
		ex = 1
		for m&(1<<23) == 0 {
			m <<= 1
			ex--
		}
	} else {
		m |= 1 << 23
	}
	return sign, ex - 150, m
}

// Neg returns -a; a NaN gives the canonical NaN.
func Neg(a F32) F32 {
	if a.IsNaN() {
		return NaN
	}
	return a ^ signMask
}

// Abs returns |a|; a NaN gives the canonical NaN.
func Abs(a F32) F32 {
	if a.IsNaN() {
		return NaN
	}
	return a &^ signMask
}

// Add returns a+b rounded to nearest even.
func Add(a, b F32) F32 {
	if a.IsNaN() || b.IsNaN() {
		return NaN
	}
	if a.IsInf() || b.IsInf() {
		if a.IsInf() && b.IsInf() && a != b {
			return NaN // Inf - Inf
		}
		if a.IsInf() {
			return a
		}
		return b
	}
	if a.isZero() && b.isZero() {
		return a & b // -0 only when both are -0
	}
	if b.isZero() {
		return a
	}
	if a.isZero() {
		return b
	}
	// Order so that |a| >= |b|; bit patterns of magnitudes order like values.
	if uint32(a)&^signMask < uint32(b)&^signMask {
		a, b = b, a
	}
	sa, ea, ma := unpack(a)
	sb, eb, mb := unpack(b)
	const guard = 38
	ma <<= guard
	mb <<= guard
	if d := ea - eb; d > 0 {
		if d >= 63 {
			mb = 1
		} else {
			lost := mb & (1<<uint(d) - 1)
			mb >>= uint(d)
			if lost != 0 {
				mb |= 1
			}
		}
	}
	var m uint64
	if sa == sb {
		m = ma + mb
	} else {
		m = ma - mb
		if m == 0 {
			return Zero // x - x is +0 under round-to-nearest
		}
	}
	return F32(roundPack(sa, ea-guard, m, binary32))
}

// Sub returns a-b rounded to nearest even.
func Sub(a, b F32) F32 {
	if b.IsNaN() {
		return NaN
	}
	return Add(a, b^signMask)
}

// Mul returns a*b rounded to nearest even.
func Mul(a, b F32) F32 {
	if a.IsNaN() || b.IsNaN() {
		return NaN
	}
	sign := (uint32(a) ^ uint32(b)) >> 31
	if a.IsInf() || b.IsInf() {
		if a.isZero() || b.isZero() {
			return NaN // Inf * 0
		}
		return F32(sign<<31 | expMask)
	}
	if a.isZero() || b.isZero() {
		return F32(sign << 31)
	}
	_, ea, ma := unpack(a)
	_, eb, mb := unpack(b)
	return F32(roundPack(sign, ea+eb, ma*mb, binary32))
}

// Div returns a/b rounded to nearest even.
func Div(a, b F32) F32 {
	if a.IsNaN() || b.IsNaN() {
		return NaN
	}
	sign := (uint32(a) ^ uint32(b)) >> 31
	switch {
	case a.IsInf() && b.IsInf(), a.isZero() && b.isZero():
		return NaN
	case a.IsInf(), b.isZero():
		return F32(sign<<31 | expMask)
	case a.isZero(), b.IsInf():
		return F32(sign << 31)
	}
	_, ea, ma := unpack(a)
	_, eb, mb := unpack(b)
	const shift = 40
	n := ma << shift
	q := n / mb
	if q*mb != n {
		q |= 1 // sticky: the quotient is inexact
	}
	return F32(roundPack(sign, ea-eb-shift, q, binary32))
}

// Sqrt returns the square root of a rounded to nearest even; sqrt(-0) = -0
// and the root of any other negative number is NaN.
func Sqrt(a F32) F32 {
	switch {
	case a.IsNaN():
		return NaN
	case a.isZero():
		return a
	case uint32(a)&signMask != 0:
		return NaN
	case a.IsInf():
		return a
	}
	_, e, m := unpack(a)
	// Widen m to about 62 bits with an even exponent so the root is exact in
	// its integer part: sqrt(m * 2^e) = sqrt(m << s) * 2^((e-s)/2).
	s := 38
	if (e-s)&1 != 0 {
		s++
	}
	n := m << uint(s)
	r := isqrt(n)
	if r*r != n {
		r |= 1 // sticky: the root is irrational here
	}
	return F32(roundPack(0, (e-s)/2, r, binary32))
}

// isqrt returns floor(sqrt(n)) by the bit-by-bit method.
func isqrt(n uint64) uint64 {
	var r uint64
	bit := uint64(1) << 62
	for bit > n {
		bit >>= 2
	}
	for bit != 0 {
		if n >= r+bit {
			n -= r + bit
			r = r>>1 + bit
		} else {
			r >>= 1
		}
		bit >>= 2
	}
	return r
}

// Eq reports a == b (false if either is NaN; +0 == -0).
func Eq(a, b F32) bool {
	if a.IsNaN() || b.IsNaN() {
		return false
	}
	return a == b || (a.isZero() && b.isZero())
}

// Lt reports a < b (false if either is NaN).
func Lt(a, b F32) bool {
	if a.IsNaN() || b.IsNaN() || (a.isZero() && b.isZero()) {
		return false
	}
	sa, sb := uint32(a)>>31, uint32(b)>>31
	switch {
	case sa != sb:
		return sa == 1
	case sa == 0:
		return a < b
	default:
		return a > b
	}
}

// Le reports a <= b (false if either is NaN).
func Le(a, b F32) bool { return Lt(a, b) || Eq(a, b) }

// Max returns the larger of a and b: NaN if either is NaN, and +0 for
// max(-0, +0) in either order.
func Max(a, b F32) F32 {
	if a.IsNaN() || b.IsNaN() {
		return NaN
	}
	if a.isZero() && b.isZero() {
		return a & b
	}
	if Lt(a, b) {
		return b
	}
	return a
}

// Min returns the smaller of a and b: NaN if either is NaN, and -0 for
// min(-0, +0) in either order.
func Min(a, b F32) F32 {
	if a.IsNaN() || b.IsNaN() {
		return NaN
	}
	if a.isZero() && b.isZero() {
		return a | b
	}
	if Lt(b, a) {
		return b
	}
	return a
}

// FromInt32 converts i to the nearest binary32, ties to even.
func FromInt32(i int32) F32 {
	if i == 0 {
		return Zero
	}
	var sign uint32
	m := int64(i)
	if m < 0 {
		sign, m = 1, -m
	}
	return F32(roundPack(sign, 0, uint64(m), binary32))
}

// ToInt32 converts a to the nearest int32, ties to even, saturating at the
// int32 range; NaN gives 0.
func ToInt32(a F32) int32 {
	if a.IsNaN() {
		return 0
	}
	if a.IsInf() || uint32(a)&^signMask >= 0x4F000000 { // |a| >= 2^31
		if uint32(a)&signMask != 0 {
			return math.MinInt32
		}
		return math.MaxInt32
	}
	if a.isZero() {
		return 0
	}
	sign, e, m := unpack(a)
	var v uint64
	switch {
	case e >= 0:
		v = m << uint(e)
	case e < -25:
		v = 0 // |a| < 2^-1: rounds to 0
	default:
		s := uint(-e)
		v = m >> s
		rem := m & (1<<s - 1)
		half := uint64(1) << (s - 1)
		if rem > half || (rem == half && v&1 == 1) {
			v++
		}
	}
	if sign == 1 {
		return int32(-int64(v))
	}
	if v > math.MaxInt32 {
		return math.MaxInt32
	}
	return int32(v)
}

// Pow2 returns 2^k exactly for k in the normal and subnormal range, +Inf
// above it and +0 below it. It is a bit construction, not arithmetic.
func Pow2(k int32) F32 {
	switch {
	case k > 127:
		return PosInf
	case k >= -126:
		return F32(uint32(k+127) << 23)
	case k >= -149:
		return F32(uint32(1) << uint(k+149))
	default:
		return Zero
	}
}

// F16ToF32 widens an IEEE binary16 bit pattern exactly; NaN becomes the
// canonical NaN.
func F16ToF32(h uint16) F32 {
	sign := uint32(h>>15) << 31
	ex := int(h>>10) & 0x1F
	frac := uint32(h & 0x3FF)
	switch {
	case ex == 0x1F && frac != 0:
		return NaN
	case ex == 0x1F:
		return F32(sign | expMask)
	case ex == 0 && frac == 0:
		return F32(sign)
	case ex == 0:
		// Subnormal half: frac * 2^-24, normalized into a binary32 normal.
		e := -14
		for frac&0x400 == 0 {
			frac <<= 1
			e--
		}
		return F32(sign | uint32(e+127)<<23 | (frac&0x3FF)<<13)
	}
	return F32(sign | uint32(ex-15+127)<<23 | frac<<13)
}

// F32ToF16 narrows a to binary16, ties to even, keeping half subnormals;
// NaN becomes the canonical half NaN 0x7E00.
func F32ToF16(a F32) uint16 {
	sign := uint32(a) >> 31
	switch {
	case a.IsNaN():
		return 0x7E00
	case a.IsInf():
		return uint16(sign<<15 | 0x7C00)
	case a.isZero():
		return uint16(sign << 15)
	}
	_, e, m := unpack(a)
	return uint16(roundPack(sign, e, m, binary16))
}
