package fmath

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestSliceForms checks ExpSlice and SiLUSlice against ExpFast and
// SiLUFast element by element, bit for bit (any NaN equal to any NaN), over
// specials, both range limits of exp and its two-step scalings (k above
// 127, below -126), subnormal results, ties, and random values of every
// magnitude; lengths that are not multiples of the vector width. And
// CanonSlice against Canon, exactly.
func TestSliceForms(t *testing.T) {
	t.Parallel()
	var xs []float32
	for _, v := range []float32{0, float32(math.Copysign(0, -1)), float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1)),
		math.SmallestNonzeroFloat32, -math.SmallestNonzeroFloat32, math.MaxFloat32, -math.MaxFloat32, expHi, expLo, 1, -1, 0.5} {
		xs = append(xs, v, math.Nextafter32(v, float32(math.Inf(1))), math.Nextafter32(v, float32(math.Inf(-1))))
	}
	for x := float32(-110); x <= 95; x += 0.0625 { // every k, both scalings
		xs = append(xs, x)
	}
	r := rand.New(rand.NewPCG(7, 77))
	for i := 0; i < 20000; i++ {
		xs = append(xs, float32(r.NormFloat64()*math.Pow(2, float64(r.IntN(20)-8))))
		xs = append(xs, math.Float32frombits(r.Uint32()))
	}
	same := func(a, b float32) bool {
		if a != a || b != b {
			return a != a && b != b
		}
		return math.Float32bits(a) == math.Float32bits(b)
	}
	for _, n := range []int{len(xs), len(xs) - 7, 15, 1, 0} {
		x := xs[:n]
		ye, ys := make([]float32, n), make([]float32, n)
		ExpSlice(ye, x)
		SiLUSlice(ys, x)
		yc := append([]float32(nil), x...)
		CanonSlice(yc)
		for i, v := range x {
			if w := Canon(v); math.Float32bits(yc[i]) != math.Float32bits(w) {
				t.Fatalf("CanonSlice(%#x) = %#x, Canon %#x", math.Float32bits(v), math.Float32bits(yc[i]), math.Float32bits(w))
			}
		}
		for i, v := range x {
			if w := ExpFast(v); !same(ye[i], w) {
				t.Fatalf("ExpSlice(%v) [%#x] = %v [%#x], ExpFast %v [%#x]", v, math.Float32bits(v), ye[i], math.Float32bits(ye[i]), w, math.Float32bits(w))
			}
			if w := SiLUFast(v); !same(ys[i], w) {
				t.Fatalf("SiLUSlice(%v) [%#x] = %v [%#x], SiLUFast %v [%#x]", v, math.Float32bits(v), ys[i], math.Float32bits(ys[i]), w, math.Float32bits(w))
			}
		}
	}
}

// TestBinarySlices checks AddSlice, MulSlice and ScaleMulSlice against the
// scalar binary32 operations, bit for bit, over random bit patterns (every
// special value) and lengths around the vector width.
func TestBinarySlices(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 5))
	for _, n := range []int{0, 1, 15, 16, 17, 100, 1000} {
		a, b, w := make([]float32, n), make([]float32, n), make([]float32, n)
		for i := range a {
			a[i], b[i], w[i] = math.Float32frombits(r.Uint32()), math.Float32frombits(r.Uint32()), float32(r.NormFloat64())
		}
		s := float32(r.NormFloat64())
		ya, ym, ys := make([]float32, n), make([]float32, n), make([]float32, n)
		AddSlice(ya, a, b)
		MulSlice(ym, a, b)
		ScaleMulSlice(ys, a, s, w)
		for i := range a {
			for _, c := range []struct {
				name      string
				got, want float32
			}{{"add", ya[i], a[i] + b[i]}, {"mul", ym[i], a[i] * b[i]}, {"scalemul", ys[i], float32(float32(a[i]*s) * w[i])}} {
				if c.got != c.want && !(c.got != c.got && c.want != c.want) {
					t.Fatalf("%s at %d of %d: %v, want %v", c.name, i, n, c.got, c.want)
				}
				if c.got == c.want && math.Float32bits(c.got) != math.Float32bits(c.want) {
					t.Fatalf("%s at %d of %d: %#x, want %#x (signed zeros)", c.name, i, n, math.Float32bits(c.got), math.Float32bits(c.want))
				}
			}
		}
	}
}
