//go:build !(goexperiment.simd && amd64)

package exec

// The kernels of builds without amd64's SIMD kernels: the portable ones,
// but for dotRows4 (and SIMD, which names it), arm64's dot-product form
// (dot_arm64.go) or the portable one (dot_generic.go).

// useVNNI, useAVXVNNI: no VNNI kernels in this build.
const (
	useVNNI    = false
	useAVXVNNI = false
)

func convQuads(j *convQuadJob, e []byte, off int, taps []int, rq requantizer) {
	convQuadsPortable(j, e, off, taps, rq)
}

// matmulRows is the quantized matmul's row group: 4 (dotRows4).
const matmulRows = 4

func quantBlock(x []float32, q []int8) float32 { return quantRowBlockFast(x, q) }

func quantBlocksWide(_ []float32, _ []int8, _ []float32, _ []int32) int { return 0 }

func dotRows16(w []int8, wd []float32, x []int8, xd []float32, cx []int32, t int, y []float32, ystride int) {
	dotRows16Portable(w, wd, x, xd, cx, t, y, ystride)
}

func dotRows8(w []int8, wd []float32, x []int8, xd []float32, t int, y []float32, ystride int) {
	dotRows8Portable(w, wd, x, xd, t, y, ystride)
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
func convRowRequant(*convJob, *[4][]int16, []int16, int, []int, requantizer) bool { return false }

func axpy(y []float32, p float32, v []float32) { axpyPortable(y, p, v) }

func maxPool2(_, _, _ []int8) int { return 0 }

func maxPool2Plane(_, _ []int8, _, _, _ int) int { return 0 }

func expandQuads(_, _ []byte, _ int) int { return 0 }
