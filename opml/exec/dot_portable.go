//go:build !(goexperiment.simd && amd64)

package exec

// SIMD reports which integer dot-product kernel this build uses.
var SIMD = "portable"

func dotRow(wq []int8, wd []float32, xq []int16, xd []float32) float32 {
	return dotRowPortable(wq, wd, xq, xd)
}

func dots4(w0, w1, w2, w3, x []int16, out *[4]int32) { dots4Portable(w0, w1, w2, w3, x, out) }

func dot16(w, x []int16) int32 { return dot16Portable(w, x) }

func dots4x2(w0, w1, w2, w3, x0, x1 []int16, out *[8]int32) {
	dots4x2Portable(w0, w1, w2, w3, x0, x1, out)
}

func convBlock(wb0, wb1, wb2, wb3, xs []int16, pairs int, acc *[32]int32) {
	convBlockPortable(wb0, wb1, wb2, wb3, xs, pairs, acc)
}

func convRowBlock(wb0, wb1, wb2, wb3, e []int16, off int, taps []int, acc *[32]int32) {
	convRowBlockPortable(wb0, wb1, wb2, wb3, e, off, taps, acc)
}

// convRowRequant has no portable form: the caller falls back to
// convRowBlock and requantizer.apply.
func convRowRequant(*convJob, []int16, int, []int, requantizer) bool { return false }
