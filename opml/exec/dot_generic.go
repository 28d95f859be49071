//go:build !(goexperiment.simd && amd64) && !arm64

package exec

// SIMD names the kernels this build uses: the portable ones.
var SIMD = "portable"

func dotRows4(w []int8, wd4 []float32, xq []int8, xd4 []float32, out *[4]float32) {
	dotRows4Portable(w, wd4, xq, xd4, out)
}
