package exec

import (
	"math"
	"sync"

	"github.com/aievm/aievm/opml/fmath"
	"github.com/aievm/aievm/opml/model"
	sf "github.com/aievm/aievm/opml/softfloat"
	"github.com/aievm/aievm/opml/tensor"
)

// The fast kernels compute exactly what the reference kernels compute, bit
// for bit: hardware float32 with every intermediate rounded by an explicit
// float32(...) (no FMA fusion), the fast fmath forms, the same summation
// order for every float sum, and NaNs canonicalized when stored. Integer
// dot products may be reordered, unrolled or vectorized because int32
// sums of int8 products cannot overflow (see model.maxAccTerms), and work is
// split across goroutines only by output element.

type fastKernel func(c *runCtx, n *model.Node, in []*tensor.Tensor, out *tensor.Tensor) error

// runCtx carries per-run settings of the fast path.
type runCtx struct {
	threads int
	e       *Executor
}

// packed returns the unpacked form of quantized weight value v.
func (c *runCtx) packed(v int, w *tensor.Tensor) *packedWeights {
	return c.cached(v, model.LayoutPacked, func() any { return c.pack(w) }).(*packedWeights)
}

// parallel runs f over [0, n) split into contiguous chunks, one per thread,
// when the work (n * perItem, about 0.1 ms at 1<<18) is large enough
// to pay for waking a second core (tens of microseconds on a VM).
func (c *runCtx) parallel(n, perItem int, f func(lo, hi int)) {
	t := c.threads
	if t <= 1 || n < 2 || n*perItem < 1<<18 {
		f(0, n)
		return
	}
	t = min(t, n)
	var wg sync.WaitGroup
	for i := 0; i < t; i++ {
		lo, hi := n*i/t, n*(i+1)/t
		wg.Add(1)
		go func() {
			defer wg.Done()
			f(lo, hi)
		}()
	}
	wg.Wait()
}

var fastKernels map[model.Op]fastKernel

func init() {
	fastKernels = map[model.Op]fastKernel{
		model.OpQLinear:    fastQLinear,
		model.OpQConv2D:    fastQConv,
		model.OpQMaxPool2D: fastMaxPool,
		model.OpQRelu:      noCtx(refQRelu),
		model.OpDequantize: fastDequant,
		model.OpQuantize:   fastQuant,
		model.OpArgmax:     fastArgmax,
		model.OpEmbedding:  fastEmbedding,
		model.OpRMSNorm:    fastRMSNorm,
		model.OpMatMul:     fastMatMul,
		model.OpRoPE:       fastRoPE,
		model.OpAttention:  fastAttention,
		model.OpAdd:        fastSlice2(fmath.AddSlice),
		model.OpMul:        fastSlice2(fmath.MulSlice),
		model.OpSiLU:       fastSlice(fmath.SiLUSlice),
		model.OpGELU:       fastUnary(fmath.GELUFast),
		model.OpSigmoid:    fastUnary(fmath.SigmoidFast),
		model.OpTanh:       fastUnary(fmath.TanhFast),
		model.OpSoftmax:    fastSoftmax,
		model.OpTakeLast:   noCtx(refTakeLast),
		model.OpReshape:    noCtx(refCopy),
		model.OpQAvgPool2D: noCtx(refAvgPool),
		model.OpTrees:      fastTrees,
		model.OpSlice:      noCtx(refSlice),
		model.OpConcat:     noCtx(refConcat),
		model.OpNormalize:  fastNormalize,
	}
}

// noCtx uses a reference kernel whose arithmetic is integer-only or a copy,
// where the reference is already the fast form.
func noCtx(k refKernel) fastKernel {
	return func(_ *runCtx, n *model.Node, in []*tensor.Tensor, out *tensor.Tensor) error {
		return k(nil, n, in, out)
	}
}

// canon replaces NaNs of any payload with the canonical NaN.
func canon(y []float32) { fmath.CanonSlice(y) }

// maxNaN is sf.Max for non-zero-sign-sensitive uses: NaN if either is NaN.
func maxNaN(a, b float32) float32 {
	switch {
	case a != a || b != b:
		return float32(math.NaN())
	case b > a:
		return b
	case a == 0 && b == 0:
		return math.Float32frombits(math.Float32bits(a) & math.Float32bits(b))
	}
	return a
}

// f16 widens every binary16 pattern once; the table is exact (sf.F16ToF32).
var f16 = func() *[1 << 16]float32 {
	var t [1 << 16]float32
	for i := range t {
		t[i] = sf.F16ToF32(uint16(i)).Float32()
	}
	return &t
}()

func fastQLinear(c *runCtx, n *model.Node, in []*tensor.Tensor, out *tensor.Tensor) error {
	m, k := in[1].Shape[0], in[1].Shape[1]
	rows := len(in[0].Data) / k
	w := c.widened(n.In[1], in[1], m, k)
	x := make([]int16, rows*w.kp)
	widen(x, in[0].I8(), rows, k)
	b, y := i32s(in[2]), out.I8()
	c.parallel(m, rows*k, func(lo, hi int) {
		gemmRequant(w, x, rows, b, n.Attr, y, lo, hi, m, 1)
	})
	return nil
}

// fastQConv vectorizes over output positions: for each block of 8
// positions it gathers, per pair of taps (c, ky, kx order), the 8 x 2 input
// values into one vector (zero outside the input), and convBlock multiplies
// them with four output channels' broadcast weight pairs (VPMADDWD), with
// no horizontal reductions. Integer sums are exact in any order.
func fastQConv(c *runCtx, n *model.Node, in []*tensor.Tensor, out *tensor.Tensor) error {
	if n.Attr[0] == 1 {
		return fastQConvStride1(c, n, in, out)
	}
	x := in[0].I8()
	ch, h, wd := in[0].Shape[0], in[0].Shape[1], in[0].Shape[2]
	oc, kh, kw := in[1].Shape[0], in[1].Shape[2], in[1].Shape[3]
	oh, ow := out.Shape[1], out.Shape[2]
	stride, pad := int(n.Attr[0]), int(n.Attr[1])
	pw := c.cached(n.In[1], model.LayoutPairs, func() any { return makePairWeights(in[1]) }).(*pairWeights)
	positions := oh * ow
	blocks := (positions + 7) / 8
	// xs[block][pair][8 positions x 2 taps]
	xs := make([]int16, blocks*pw.pairs*16)
	k := ch * kh * kw
	baseY, baseX := make([]int, positions), make([]int, positions)
	for p := range baseY {
		baseY[p], baseX[p] = (p/ow)*stride-pad, (p%ow)*stride-pad
	}
	for t := 0; t < k; t++ {
		ci, ky, kx := t/(kh*kw), t/kw%kh, t%kw
		plane := x[ci*h*wd : (ci+1)*h*wd]
		dst := xs[(t/2)*16+t%2:]
		for p := range baseY {
			iy, ix := baseY[p]+ky, baseX[p]+kx
			if uint(iy) < uint(h) && uint(ix) < uint(wd) {
				dst[(p>>3)*pw.pairs*16+2*(p&7)] = int16(plane[iy*wd+ix])
			}
		}
	}
	attr := n.Attr[2:]
	b, y := i32s(in[2]), out.I8()
	c.parallel(oc, positions*k, func(lo, hi int) {
		rq := newRequantizer(attr)
		var acc [32]int32
		for o := lo; o < hi; o += 4 {
			var rows [4][]int16
			for j := range rows {
				rows[j] = pw.channel(min(o+j, hi-1)) // a short last group repeats a channel
			}
			for blk := 0; blk < blocks; blk++ {
				convBlock(rows[0], rows[1], rows[2], rows[3], xs[blk*pw.pairs*16:(blk+1)*pw.pairs*16], pw.pairs, &acc)
				n := min(8, positions-blk*8)
				for j := 0; j < 4 && o+j < hi; j++ {
					bj, a := b[o+j], acc[j*8:j*8+n]
					yr := y[(o+j)*positions+blk*8:][:n]
					for q, v := range a {
						yr[q] = rq.apply(bj + v)
					}
				}
			}
		}
	})
	return nil
}

// fastQConvStride1 reads a stride-1 convolution straight from a
// pair-expanded, zero-padded copy of the input, in one of two layouts, the
// one with fewer taps (multiply-add pairs per output):
//   - column pairs: lane x of a row holds inputs x and x+1 of one input
//     channel, so consecutive output positions' inputs for kernel columns
//     (2j, 2j+1) are one contiguous vector; ch*kh*ceil(kw/2) taps, which
//     waste a lane half on odd kernel widths;
//   - channel pairs: lane x holds input x of channels 2g and 2g+1 (the last
//     with zero where ch is odd); ceil(ch/2)*kh*kw taps, fewer for a 3x3
//     kernel over two or more channels.
//
// Either way each tap is one 16-lane load per eight positions at
// off + taps[t] (see convRowBlock), against makeRowPairWeights' or
// makeChannelPairWeights' weight pairs. No im2col matrix is built.
func fastQConvStride1(c *runCtx, n *model.Node, in []*tensor.Tensor, out *tensor.Tensor) error {
	if fastQConvStride1Quads(c, n, in, out) {
		return nil
	}
	x := in[0].I8()
	ch, h, wd := in[0].Shape[0], in[0].Shape[1], in[0].Shape[2]
	oc, kh, kw := in[1].Shape[0], in[1].Shape[2], in[1].Shape[3]
	oh, ow := out.Shape[1], out.Shape[2]
	pad := int(n.Attr[1])
	ph, pw := h+2*pad, wd+2*pad
	// Slack: a block of 16 positions from ox <= ow-1 reads lanes up to
	// ox+15+(kw-1) = pw+14 (pw = ow+kw-1), within the row.
	rowLen := pw + 16
	// Rows of lanes: one per input channel and padded row (column pairs)
	// or per channel pair (at most as many: model.nodeScratch counts
	// the column pairs' rows and taps, and makeChannelPairWeights' bytes
	// are at most makeRowPairWeights'), plus a spare row.
	byChannel := chanPairTaps(ch, kh, kw) < rowPairTaps(ch, kh, kw)
	groups, layout, name, prep := ch, model.LayoutRowPairs, "pairs", makeRowPairWeights
	if byChannel {
		groups, layout, name, prep = (ch+1)/2, model.LayoutChannelPairs, "chanpairs", makeChannelPairWeights
	}
	rw := c.cached(n.In[1], layout, func() any { return prep(in[1]) }).(*pairWeights)
	// The padding of e is zero and only the interior is written, always at
	// the same places, so a buffer from an earlier run needs no clearing.
	pool := bufPool(c, n, name, (groups*ph+1)*rowLen*2, int16(0))
	eb := pool.Get().(*[]int16)
	defer pool.Put(eb)
	e := *eb
	chStride, rowStride := ph*rowLen*2, rowLen*2
	taps := make([]int, 0, rw.pairs)
	if byChannel {
		for g := 0; g < groups; g++ {
			for iy := 0; iy < h; iy++ {
				row := e[(g*ph+iy+pad)*rowLen*2:][:rowLen*2]
				a := x[(2*g*h+iy)*wd:][:wd]
				if 2*g+1 < ch {
					interleaveRows(row[2*pad:], a, x[((2*g+1)*h+iy)*wd:][:wd])
				} else {
					interleaveRows(row[2*pad:], a, nil)
				}
			}
			for ky := 0; ky < kh; ky++ {
				for kx := 0; kx < kw; kx++ {
					taps = append(taps, g*chStride+ky*rowStride+2*kx)
				}
			}
		}
	} else {
		for ci := 0; ci < ch; ci++ {
			for iy := 0; iy < h; iy++ {
				src := x[(ci*h+iy)*wd:][:wd]
				row := e[(ci*ph+iy+pad)*rowLen*2:][:rowLen*2]
				for ix, v := range src {
					px := ix + pad       // padded column
					row[2*px] = int16(v) // first half of pair px: (x[px], x[px+1])
					if px > 0 {
						row[2*px-1] = int16(v) // second half of pair px-1
					}
				}
			}
			for ky := 0; ky < kh; ky++ {
				for j := 0; j < (kw+1)/2; j++ {
					taps = append(taps, ci*chStride+ky*rowStride+4*j)
				}
			}
		}
	}
	positions := oh * ow
	attr := n.Attr[2:]
	b, y := i32s(in[2]), out.I8()
	c.parallel(oc, positions*rw.pairs*2, func(lo, hi int) {
		rq := newRequantizer(attr)
		var acc [32]int32
		var job convJob
		for o := lo; o < hi; o += 4 {
			var rows [4][]int16
			for j := range rows {
				ch := min(o+j, hi-1) // a short last group repeats a channel
				rows[j], job.bias[j] = rw.channel(ch), b[ch]
			}
			for oy := 0; oy < oh; oy++ {
				for ox := 0; ox < ow; {
					off := (oy*rowLen + ox) * 2
					if convRowRequant(&job, &rows, e, off, taps, rq) {
						m := min(convJobPositions, ow-ox)
						for j := 0; j < 4 && o+j < hi; j++ {
							yr := y[(o+j)*positions+oy*ow+ox:][:m]
							if m == convJobPositions {
								*(*[convJobPositions]int8)(yr) = job.res[j]
							} else {
								copy(yr, job.res[j][:m])
							}
						}
						ox += convJobPositions
						continue
					}
					m := min(8, ow-ox)
					convRowBlock(rows[0], rows[1], rows[2], rows[3], e, off, taps, &acc)
					for j := 0; j < 4 && o+j < hi; j++ {
						bj, a := b[o+j], acc[j*8:j*8+m]
						yr := y[(o+j)*positions+oy*ow+ox:][:m]
						for q, v := range a {
							yr[q] = rq.apply(bj + v)
						}
					}
					ox += 8
				}
			}
		}
	})
	return nil
}

func fastMaxPool(_ *runCtx, n *model.Node, in []*tensor.Tensor, out *tensor.Tensor) error {
	x, y := in[0].I8(), out.I8()
	c, h, w := in[0].Shape[0], in[0].Shape[1], in[0].Shape[2]
	k, s := int(n.Attr[0]), int(n.Attr[1])
	oh, ow := out.Shape[1], out.Shape[2]
	if k == 2 && s == 2 { // the common case, without the generic window loops
		for ci := 0; ci < c; ci++ {
			for oy := maxPool2Plane(y[ci*oh*ow:(ci+1)*oh*ow], x[ci*h*w:(ci+1)*h*w], w, ow, oh); oy < oh; oy++ {
				r0 := x[(ci*h+2*oy)*w:][:2*ow]
				r1 := x[(ci*h+2*oy+1)*w:][:2*ow]
				yr := y[(ci*oh+oy)*ow:][:ow]
				for ox := maxPool2(yr, r0, r1); ox < len(yr); ox++ {
					yr[ox] = max(r0[2*ox], r0[2*ox+1], r1[2*ox], r1[2*ox+1])
				}
			}
		}
		return nil
	}
	for ci := 0; ci < c; ci++ {
		for oy := 0; oy < oh; oy++ {
			yr := y[(ci*oh+oy)*ow : (ci*oh+oy+1)*ow]
			for i := range yr {
				yr[i] = -128
			}
			for ky := 0; ky < k; ky++ {
				xr := x[(ci*h+oy*s+ky)*w : (ci*h+oy*s+ky+1)*w]
				for ox := range yr {
					for kx := 0; kx < k; kx++ {
						yr[ox] = max(yr[ox], xr[ox*s+kx])
					}
				}
			}
		}
	}
	return nil
}

func fastDequant(_ *runCtx, n *model.Node, in []*tensor.Tensor, out *tensor.Tensor) error {
	scale, y := math.Float32frombits(uint32(n.Attr[0])), f32s(out)
	if in[0].DType == tensor.I32 {
		for i, v := range i32s(in[0]) {
			y[i] = float32(float32(v) * scale)
		}
	} else {
		for i, v := range in[0].I8() {
			y[i] = float32(float32(v) * scale)
		}
	}
	canon(y)
	return nil
}

func fastQuant(_ *runCtx, n *model.Node, in []*tensor.Tensor, out *tensor.Tensor) error {
	inv, y := math.Float32frombits(uint32(n.Attr[0])), out.I8()
	for i, v := range f32s(in[0]) {
		y[i] = int8(max(-128, min(127, fmath.RoundToInt32(float32(v*inv)))))
	}
	return nil
}

func fastArgmax(_ *runCtx, n *model.Node, in []*tensor.Tensor, out *tensor.Tensor) error {
	if in[0].DType != tensor.F32 {
		return refArgmax(nil, n, in, out)
	}
	r, nEl := rows(in[0].Shape)
	x, y := f32s(in[0]), i32s(out)
	for row := 0; row < r; row++ {
		xr := x[row*nEl : (row+1)*nEl]
		best := 0
		for i := 1; i < nEl; i++ {
			if xr[i] > xr[best] {
				best = i
			}
		}
		y[row] = int32(best)
	}
	return nil
}

func fastEmbedding(_ *runCtx, _ *model.Node, in []*tensor.Tensor, out *tensor.Tensor) error {
	ids, tab, y := i32s(in[0]), in[1], f32s(out)
	if err := checkIDs(ids, tab.Shape[0]); err != nil {
		return err
	}
	d := tab.Shape[1]
	var q [tensor.QK]int8
	for t, id := range ids {
		yr := y[t*d : (t+1)*d]
		switch tab.DType {
		case tensor.F32:
			copy(yr, f32s(tab)[int(id)*d:])
		case tensor.F16:
			for j, h := range u16s(tab)[int(id)*d : (int(id)+1)*d] {
				yr[j] = f16[h]
			}
		default:
			for b := 0; b < d/tensor.QK; b++ {
				blk := int(id)*d/tensor.QK + b
				tensor.BlockInts(tab.Data, tab.DType, blk, &q)
				s := f16[tensor.BlockScale(tab.Data, tab.DType, blk)]
				for i, v := range q {
					yr[b*tensor.QK+i] = float32(s * float32(v))
				}
				if tab.DType == tensor.Q4_1 {
					mn := f16[tensor.BlockMin(tab.Data, blk)]
					for i := range q {
						yr[b*tensor.QK+i] = float32(yr[b*tensor.QK+i] + mn)
					}
				}
			}
		}
	}
	canon(y)
	return nil
}

func fastRMSNorm(_ *runCtx, n *model.Node, in []*tensor.Tensor, out *tensor.Tensor) error {
	x, w, y := f32s(in[0]), f32s(in[1]), f32s(out)
	r, d := rows(in[0].Shape)
	eps, df := math.Float32frombits(uint32(n.Attr[0])), float32(d)
	for row := 0; row < r; row++ {
		xr, yr := x[row*d:(row+1)*d], y[row*d:(row+1)*d]
		var ss float32
		for _, v := range xr {
			ss = float32(ss + float32(v*v))
		}
		rs := fmath.RsqrtFast(float32(float32(ss/df) + eps))
		fmath.ScaleMulSlice(yr, xr, rs, w)
	}
	canon(y)
	return nil
}

// quantRowBlockFast is quantRowBlock on hardware float32.
func quantRowBlockFast(x []float32, q []int8) float32 {
	var amax float32
	for _, v := range x {
		amax = maxNaN(amax, float32(math.Abs(float64(v))))
	}
	d := float32(amax / 127)
	if d == 0 || d != d || math.IsInf(float64(d), 0) {
		clear(q)
		return d
	}
	id := float32(1 / d)
	for i, v := range x {
		q[i] = int8(max(-127, min(127, fmath.RoundToInt32(float32(v*id)))))
	}
	return d
}

func fastMatMul(c *runCtx, n *model.Node, in []*tensor.Tensor, out *tensor.Tensor) error {
	x, w, y := f32s(in[0]), in[1], f32s(out)
	t, k := in[0].Shape[0], in[0].Shape[1]
	m := w.Shape[0]
	if !w.DType.Quantized() {
		wf := floatWeights(w)
		c.parallel(m, t*k, func(lo, hi int) {
			for r := 0; r < t; r++ {
				xr := x[r*k : (r+1)*k]
				for j := lo; j < hi; j++ {
					wj := wf[j*k : (j+1)*k]
					var acc float32
					for i, v := range xr {
						acc = float32(acc + float32(v*wj[i]))
					}
					y[r*m+j] = acc
				}
			}
		})
		canon(y)
		return nil
	}
	quantMatMul(c, c.packed(n.In[1], w), x, y, t, k, m, w)
	return nil
}

// floatWeights returns F32 (in place) or F16 (widened exactly, into a new
// slice) host-order weights as float32 values.
func floatWeights(w *tensor.Tensor) []float32 {
	if w.DType == tensor.F32 {
		return f32s(w)
	}
	h := u16s(w)
	wf := make([]float32, len(h))
	for i, v := range h {
		wf[i] = f16[v]
	}
	return wf
}

// scratchKey names a node's scratch buffer pool in Executor.packs: one
// per node and element type.
type scratchKey struct {
	n    *model.Node
	kind string
}

// bufPool returns node n's pool of []T buffers of length size, each made
// filled with fill, kept across runs so hot kernels neither allocate nor
// clear (their padding is fill, and runs write only the same interior).
func bufPool[T any](c *runCtx, n *model.Node, kind string, size int, fill T) *sync.Pool {
	key := scratchKey{n, kind}
	if p, ok := c.e.packs.Load(key); ok { // no new Pool per call on the hot path
		return p.(*sync.Pool)
	}
	p, _ := c.e.packs.LoadOrStore(key, &sync.Pool{New: func() any {
		b := make([]T, size)
		for i := range b {
			b[i] = fill
		}
		return &b
	}})
	return p.(*sync.Pool)
}

// layoutKey names a constant's prepared layout in Executor.packs: one
// weight may feed nodes that lay it out differently.
type layoutKey struct {
	v      int
	layout model.Layout
}

// cached returns make() for weight value v in a layout, computed once per
// executor when v is a constant (a weight's fast-path layout never changes).
func (c *runCtx) cached(v int, layout model.Layout, make func() any) any {
	m := c.e.m
	if v < len(m.Inputs) || v >= len(m.Inputs)+len(m.Consts) {
		return make()
	}
	key := layoutKey{v, layout}
	if p, ok := c.e.packs.Load(key); ok {
		return p
	}
	p, _ := c.e.packs.LoadOrStore(key, make())
	return p
}

// widened returns int8 weights value v as int16 rows of kPad(k).
func (c *runCtx) widened(v int, w *tensor.Tensor, rows, k int) *intRows {
	return c.cached(v, model.LayoutWidened, func() any { return c.widenRows(w, rows, k) }).(*intRows)
}

func fastRoPE(_ *runCtx, n *model.Node, in []*tensor.Tensor, out *tensor.Tensor) error {
	x, y := f32s(in[0]), f32s(out)
	t, width := in[0].Shape[0], in[0].Shape[1]
	heads, lnTheta := int(n.Attr[0]), math.Float32frombits(uint32(n.Attr[1]))
	dh := width / heads
	// Working memory: cos, sin per pair for the current position, then
	// (with two heads or more, so within model.nodeScratch's width) each
	// pair's frequency, the same at every position.
	cs := make([]float32, dh, min(width, dh+dh/2))
	freq := func(i int) float32 { return fmath.ExpFast(float32(float32(float32(-2*i)/float32(dh)) * lnTheta)) }
	var fs []float32
	if cap(cs) >= dh+dh/2 {
		fs = cs[dh : dh+dh/2]
		for i := range fs {
			fs[i] = freq(i)
		}
	}
	for pos := 0; pos < t; pos++ {
		for i := 0; i < dh/2; i++ {
			var f float32
			if fs != nil {
				f = fs[i]
			} else {
				f = freq(i)
			}
			a := float32(float32(pos) * f)
			cs[2*i+1], cs[2*i] = fmath.SinCosFast(a)
		}
		for h := 0; h < heads; h++ {
			for i := 0; i < dh/2; i++ {
				o := pos*width + h*dh + 2*i
				x0, x1, c, s := x[o], x[o+1], cs[2*i], cs[2*i+1]
				y[o] = float32(float32(x0*c) - float32(x1*s))
				y[o+1] = float32(float32(x0*s) + float32(x1*c))
			}
		}
	}
	canon(y)
	return nil
}

func fastAttention(c *runCtx, n *model.Node, in []*tensor.Tensor, out *tensor.Tensor) error {
	q, k, v, y := f32s(in[0]), f32s(in[1]), f32s(in[2]), f32s(out)
	t, width := in[0].Shape[0], in[0].Shape[1]
	heads, kvHeads := int(n.Attr[0]), int(n.Attr[1])
	dh, kvw := width/heads, in[1].Shape[1]
	scale := fmath.RsqrtFast(float32(dh))
	// Working memory: one score row per worker (model.nodeScratch).
	c.parallel(heads, t*t*dh, func(lo, hi int) {
		s := make([]float32, t)
		for h := lo; h < hi; h++ {
			g := h / (heads / kvHeads)
			for i := 0; i < t; i++ {
				scores(s[:i+1], q[i*width+h*dh:i*width+(h+1)*dh], k[g*dh:], kvw)
				m := float32(math.Inf(-1))
				for j := 0; j <= i; j++ {
					s[j] = float32(s[j] * scale)
					m = maxNaN(m, s[j])
				}
				for j := 0; j <= i; j++ {
					s[j] = float32(s[j] - m)
				}
				fmath.ExpSlice(s[:i+1], s[:i+1])
				var sum float32
				for _, v := range s[:i+1] {
					sum = float32(sum + v)
				}
				yi := y[i*width+h*dh : i*width+(h+1)*dh]
				clear(yi)
				for j := 0; j <= i; j++ {
					axpy(yi, float32(s[j]/sum), v[j*kvw+g*dh:j*kvw+(g+1)*dh])
				}
			}
		}
	})
	canon(y)
	return nil
}

// scores sets s[j] to the dot product of qi with key row j (kv[j*stride:]
// and on, len(qi) values), each sum in d order from +0 with every product
// and addition rounded to binary32 (SPEC.md, "Attention"). Four rows at a
// time: four independent sums, so the additions overlap instead of each
// waiting on the last.
func scores(s, qi, kv []float32, stride int) {
	dh, j := len(qi), 0
	for ; j+4 <= len(s); j += 4 {
		k0 := kv[j*stride:][:dh]
		k1 := kv[(j+1)*stride:][:dh]
		k2 := kv[(j+2)*stride:][:dh]
		k3 := kv[(j+3)*stride:][:dh]
		var a0, a1, a2, a3 float32
		for d, qv := range qi {
			a0 = float32(a0 + float32(qv*k0[d]))
			a1 = float32(a1 + float32(qv*k1[d]))
			a2 = float32(a2 + float32(qv*k2[d]))
			a3 = float32(a3 + float32(qv*k3[d]))
		}
		s[j], s[j+1], s[j+2], s[j+3] = a0, a1, a2, a3
	}
	for ; j < len(s); j++ {
		kj := kv[j*stride:][:dh]
		var a float32
		for d, qv := range qi {
			a = float32(a + float32(qv*kj[d]))
		}
		s[j] = a
	}
}

// axpyPortable sets y[d] = y[d] + p*v[d], each operation rounded.
func axpyPortable(y []float32, p float32, v []float32) {
	v = v[:len(y)]
	for d := range y {
		y[d] = float32(y[d] + float32(p*v[d]))
	}
}

func fastUnary(f func(float32) float32) fastKernel {
	return func(_ *runCtx, _ *model.Node, in []*tensor.Tensor, out *tensor.Tensor) error {
		x, y := f32s(in[0]), f32s(out)
		for i := range y {
			y[i] = f(x[i])
		}
		canon(y)
		return nil
	}
}

// fastSlice is fastUnary for an elementwise form over slices.
func fastSlice(f func(y, x []float32)) fastKernel {
	return func(_ *runCtx, _ *model.Node, in []*tensor.Tensor, out *tensor.Tensor) error {
		y := f32s(out)
		f(y, f32s(in[0]))
		canon(y)
		return nil
	}
}

// fastSlice2 is fastSlice for a binary elementwise form.
func fastSlice2(f func(y, a, b []float32)) fastKernel {
	return func(_ *runCtx, _ *model.Node, in []*tensor.Tensor, out *tensor.Tensor) error {
		y := f32s(out)
		f(y, f32s(in[0]), f32s(in[1]))
		canon(y)
		return nil
	}
}

// fastNormalize is refNormalize in hardware binary32: every operation is
// one correctly rounded IEEE operation in the same order (sqrt of a float32
// through float64 rounds once more, which is exact for sqrt), so only NaN
// payloads can differ, and canon fixes those.
func fastNormalize(_ *runCtx, n *model.Node, in []*tensor.Tensor, out *tensor.Tensor) error {
	x, y := f32s(in[0]), f32s(out)
	r, c := rows(in[0].Shape)
	norm := n.Attr[0]
	for row := 0; row < r; row++ {
		xr, yr := x[row*c:(row+1)*c], y[row*c:(row+1)*c]
		var a float32
		switch norm {
		case model.NormMax:
			a = float32(math.Inf(-1))
			for _, v := range xr {
				a = maxNaN(a, v)
			}
		case model.NormL1:
			for _, v := range xr {
				a = float32(a + float32(math.Abs(float64(v))))
			}
		default:
			for _, v := range xr {
				a = float32(a + float32(v*v))
			}
		}
		d := a
		switch {
		case a == 0:
			d = 1
		case norm == model.NormL2:
			d = float32(math.Sqrt(float64(a)))
		}
		for i, v := range xr {
			yr[i] = float32(v / d)
		}
	}
	canon(y)
	return nil
}

func fastSoftmax(_ *runCtx, _ *model.Node, in []*tensor.Tensor, out *tensor.Tensor) error {
	x, y := f32s(in[0]), f32s(out)
	r, nEl := rows(in[0].Shape)
	for row := 0; row < r; row++ {
		xr, yr := x[row*nEl:(row+1)*nEl], y[row*nEl:(row+1)*nEl]
		m := float32(math.Inf(-1))
		for _, v := range xr {
			m = maxNaN(m, v)
		}
		for i, v := range xr {
			yr[i] = float32(v - m)
		}
		fmath.ExpSlice(yr, yr)
		var sum float32
		for _, v := range yr {
			sum = float32(sum + v)
		}
		for i := range yr {
			yr[i] = float32(yr[i] / sum)
		}
	}
	canon(y)
	return nil
}
