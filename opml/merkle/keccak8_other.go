//go:build !(goexperiment.simd && amd64)

package merkle

// lanes8 is false without the simd experiment on amd64: every hash is one
// at a time.
const lanes8 = false

// permute8 is never called where lanes8 is false.
func permute8(*[25][8]uint64) { panic("merkle: eight-lane Keccak without AVX-512") }
