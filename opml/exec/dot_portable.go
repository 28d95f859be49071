//go:build !(goexperiment.simd && amd64)

package exec

// SIMD reports which integer dot-product kernel this build uses.
var SIMD = "portable"

func dotRow(wq []int8, wd []float32, xq []int16, xd []float32) float32 {
	return dotRowPortable(wq, wd, xq, xd)
}
