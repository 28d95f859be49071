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
