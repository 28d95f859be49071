package fmath

// The slice forms apply a fast form to every element, 16 at a time in
// AVX-512 where the build and CPU have it (slice_simd_amd64.go), each lane
// doing the scalar form's operations in its order, so every element is the
// scalar form's result bit for bit (a NaN may differ in payload, as for the
// scalar forms).

// ExpSlice sets y[i] = ExpFast(x[i]) for every i < len(y).
func ExpSlice(y, x []float32) {
	x = x[:len(y)]
	for i := expVec(y, x); i < len(y); i++ {
		y[i] = ExpFast(x[i])
	}
}

// SiLUSlice sets y[i] = SiLUFast(x[i]) for every i < len(y).
func SiLUSlice(y, x []float32) {
	x = x[:len(y)]
	for i := siluVec(y, x); i < len(y); i++ {
		y[i] = SiLUFast(x[i])
	}
}

// CanonSlice replaces every NaN in y by the canonical NaN (Canon).
func CanonSlice(y []float32) {
	for i := canonVec(y); i < len(y); i++ {
		if v := y[i]; v != v {
			y[i] = Canon(v)
		}
	}
}

// AddSlice sets y[i] = a[i] + b[i] (binary32) for every i < len(y).
func AddSlice(y, a, b []float32) {
	a, b = a[:len(y)], b[:len(y)]
	for i := addVec(y, a, b); i < len(y); i++ {
		y[i] = a[i] + b[i]
	}
}

// MulSlice sets y[i] = a[i] * b[i] (binary32) for every i < len(y).
func MulSlice(y, a, b []float32) {
	a, b = a[:len(y)], b[:len(y)]
	for i := mulVec(y, a, b); i < len(y); i++ {
		y[i] = a[i] * b[i]
	}
}

// ScaleMulSlice sets y[i] = (x[i]*s) * w[i], each product rounded to
// binary32, for every i < len(y) (RMSNorm's output).
func ScaleMulSlice(y, x []float32, s float32, w []float32) {
	x, w = x[:len(y)], w[:len(y)]
	for i := scaleMulVec(y, x, s, w); i < len(y); i++ {
		y[i] = float32(float32(x[i]*s) * w[i])
	}
}
