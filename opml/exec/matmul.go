package exec

import (
	"github.com/aievm/aievm/opml/tensor"
)

// The quantized MatMul of the fast path (SPEC.md, "MatMul"): every output
// is dotRowPortable's sum, block after block in order, each operation
// rounded to binary32. The kernels compute a group of weight rows at once,
// one row per vector lane, so each lane keeps its row's order while the
// integer block sums (exact in any order) use the CPU's widest dot-product
// instructions: 16 rows with AVX-512 VNNI (dotRows16), 8 with AVX2
// (dotRows8), else 4 (dotRows4: AVX or portable).

// packedWeights is a Q8_0, Q4_0 or Q4_1 matrix [m, k] unpacked for the
// fast path (Q4_1's integers, in [0, 15], like the others'; its mins are
// read from its bytes), its scales widened to float32 (exact, so results are unchanged), in
// groups of rows rows (matmulRows):
//   - rows 4: q holds the integers row after row; d holds each group's
//     scales interleaved: d[(g*nb+b)*4+i] is row 4g+i's scale of block b.
//   - rows 16: q holds, per group g, block b and 4-value step s, the 16
//     rows' 4 integers each plus 128 as unsigned bytes (VPDPBUSD's layout:
//     q[((g*nb+b)*8+s)*64 + 4i + j] = w[16g+i][32b+4s+j] + 128); d is
//     interleaved as for 4.
//   - rows 8: the same for 8 rows without the bias (the sign trick's
//     layout: q[((g*nb+b)*8+s)*32 + 4i + j] = w[8g+i][32b+4s+j]).
//
// The rows past the last whole group follow, row after row, with their
// scales in row order. The size is the same in every layout (36 bytes a
// block, model.nodeLayout).
type packedWeights struct {
	q    []int8
	d    []float32
	rows int // rows per group
}

// pack unpacks quantized weights [m, k] into the layout of this CPU's
// kernels, on every thread, straight into place block by block: the only
// memory beyond the layout's 36 bytes a block (model.nodeLayout) is a
// block's worth per worker.
func (c *runCtx) pack(w *tensor.Tensor) *packedWeights {
	nb := w.Shape.Elements() / tensor.QK
	m := w.Shape[0]
	rb := nb / m // blocks per row
	k := rb * tensor.QK
	g := matmulRows
	grouped := m / g * g
	p := &packedWeights{q: make([]int8, nb*tensor.QK), d: make([]float32, nb), rows: g}
	c.parallel(nb, tensor.QK, func(lo, hi int) {
		var blk [tensor.QK]int8
		var scale [1]uint16
		for i := lo; i < hi; i++ {
			j, b := i/rb, i%rb
			if j >= grouped { // tail rows: row after row
				tensor.UnpackBlocks(w.Data, w.DType, i, i+1, p.q[i*tensor.QK:(i+1)*tensor.QK], scale[:])
				p.d[i] = f16[scale[0]]
				continue
			}
			tensor.UnpackBlocks(w.Data, w.DType, i, i+1, blk[:], scale[:])
			p.d[((j/g)*rb+b)*g+j%g] = f16[scale[0]]
			switch g {
			case 4:
				copy(p.q[i*tensor.QK:], blk[:])
			case 8:
				base := (j / 8) * 8 * k
				for c, v := range blk {
					p.q[base+avx2Index(b, c, j%8)] = v
				}
			default:
				base := (j / 16) * 16 * k
				for c, v := range blk {
					p.q[base+vnniIndex(b, c, j%16)] = v ^ -128 // v+128 as a byte
				}
			}
		}
	})
	return p
}

// vnniIndex is where the 16-row layout keeps value c (0 to 31) of block b
// of a group's row lane: step c/4, four bytes per lane.
func vnniIndex(b, c, lane int) int { return (b*8+c/4)*64 + 4*lane + c%4 }

// quantMatMul computes y[t, m] = x[t, k] times the packed weights'
// transpose, quantizing each activation block as the reference does; for
// Q4_1 weights w (the tensor, for its mins) it then adds the mins' part.
func quantMatMul(c *runCtx, pw *packedWeights, x, y []float32, t, k, m int, w *tensor.Tensor) {
	nb := k / tensor.QK
	g := pw.rows
	qx := make([]int8, t*k)
	dx := make([]float32, t*nb) // each activation row's block scales
	cx := make([]int32, t*nb)   // 128 times each block's integer sum (rows 16)
	quantBlocks(x, qx, dx, cx)
	var xd4 []float32 // rows 4: the scales, each four times
	if g == 4 {
		xd4 = make([]float32, 4*t*nb)
		for i, d := range dx {
			xd4[4*i], xd4[4*i+1], xd4[4*i+2], xd4[4*i+3] = d, d, d, d
		}
	}
	grouped := m / g * g
	// Each group of rows against every activation row while it is in L1;
	// the rows past the last whole group one by one.
	c.parallel((m+g-1)/g, g*t*k, func(lo, hi int) {
		var o4 [4]float32
		for gi := lo; gi < hi; gi++ {
			j := gi * g
			if j >= grouped {
				for ; j < m; j++ {
					wq, wd := pw.q[j*k:(j+1)*k], pw.d[j*nb:(j+1)*nb]
					for r := 0; r < t; r++ {
						y[r*m+j] = dotRowPortable(wq, wd, qx[r*k:(r+1)*k], dx[r*nb:(r+1)*nb])
					}
				}
				break
			}
			wq, wd := pw.q[j*k:(j+g)*k], pw.d[j*nb:(j+g)*nb]
			switch g {
			case 4:
				for r := 0; r < t; r++ {
					dotRows4(wq, wd, qx[r*k:(r+1)*k], xd4[4*r*nb:4*(r+1)*nb], &o4)
					copy(y[r*m+j:r*m+j+g], o4[:])
				}
			case 8:
				dotRows8(wq, wd, qx, dx, t, y[j:], m)
			default:
				dotRows16(wq, wd, qx, dx, cx, t, y[j:], m)
			}
		}
	})
	if w.DType == tensor.Q4_1 {
		q41Mins(c, w, qx, dx, y, t, k, m) // canonicalizes y
		return
	}
	canon(y)
}

// quantBlocks quantizes the activations x block by block as the reference
// does (quantRowBlockFast): q gets the integers, d the scales and cx 128
// times each block's integer sum. Runs of ordinary blocks go to the widest
// form this CPU has (quantBlocksWide); a block with special values, and
// every block on a CPU with no wide form, goes through quantBlock.
func quantBlocks(x []float32, q []int8, d []float32, cx []int32) {
	for i := 0; i < len(d); i++ {
		if i += quantBlocksWide(x[i*tensor.QK:], q[i*tensor.QK:], d[i:], cx[i:]); i == len(d) {
			return
		}
		o := i * tensor.QK
		qb := q[o : o+tensor.QK]
		d[i] = quantBlock(x[o:o+tensor.QK], qb)
		var sum int32
		for _, v := range qb {
			sum += int32(v)
		}
		cx[i] = 128 * sum
	}
}

// q41Mins adds the min's part of a Q4_1 matmul to the scales' part in y
// (refMatMul): per output, accm = accm + mw*sx in block order from +0 with
// sx = dx * f32(the activation block's integer sum), then y = y + accm;
// each operation rounded to binary32 on its own.
func q41Mins(c *runCtx, w *tensor.Tensor, qx []int8, dx, y []float32, t, k, m int) {
	nb := k / tensor.QK
	sx := make([]float32, t*nb)
	for i := range sx {
		var s int32
		for _, v := range qx[i*tensor.QK : (i+1)*tensor.QK] {
			s += int32(v)
		}
		sx[i] = float32(dx[i] * float32(s)) // |s| <= 32*127: exact as a float32
	}
	c.parallel(m, t*nb, func(lo, hi int) {
		// The mins of a run of outputs (as many as fit 256 floats, on the
		// stack; one output's on the heap past that), read once for every
		// row; then row by row, so each row's outputs are written in
		// sequence (one output at a time for every row strided y by m
		// floats, which at m = 8192 put every row in the same L1 set).
		var stage [256]float32
		var heap []float32
		run := 1
		if nb <= len(stage) {
			run = len(stage) / nb
		}
		for j0 := lo; j0 < hi; j0 += run {
			j1 := min(j0+run, hi)
			var mins []float32
			if nb <= len(stage) {
				mins = stage[:(j1-j0)*nb]
			} else {
				if heap == nil {
					heap = make([]float32, nb)
				}
				mins = heap
			}
			for j := j0; j < j1; j++ {
				for b := 0; b < nb; b++ {
					mins[(j-j0)*nb+b] = f16[tensor.BlockMin(w.Data, j*nb+b)]
				}
			}
			for r := 0; r < t; r++ {
				sr, yr := sx[r*nb:(r+1)*nb], y[r*m+j0:r*m+j1]
				// Four outputs at a time: four independent sums, each in
				// block order, so the additions overlap instead of
				// waiting on one another.
				o := 0
				for ; o+4 <= len(yr); o += 4 {
					m0, m1, m2, m3 := mins[o*nb:(o+1)*nb], mins[(o+1)*nb:(o+2)*nb], mins[(o+2)*nb:(o+3)*nb], mins[(o+3)*nb:(o+4)*nb]
					var a0, a1, a2, a3 float32
					for b, sb := range sr {
						a0 = float32(a0 + float32(m0[b]*sb))
						a1 = float32(a1 + float32(m1[b]*sb))
						a2 = float32(a2 + float32(m2[b]*sb))
						a3 = float32(a3 + float32(m3[b]*sb))
					}
					yr[o] = float32(yr[o] + a0)
					yr[o+1] = float32(yr[o+1] + a1)
					yr[o+2] = float32(yr[o+2] + a2)
					yr[o+3] = float32(yr[o+3] + a3)
				}
				for ; o < len(yr); o++ {
					mo := mins[o*nb : (o+1)*nb]
					var accm float32
					for b, sb := range sr {
						accm = float32(accm + float32(mo[b]*sb))
					}
					yr[o] = float32(yr[o] + accm)
				}
			}
		}
	})
	canon(y)
}
