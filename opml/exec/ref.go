package exec

import (
	"fmt"

	"github.com/aievm/aievm/opml/fmath"
	"github.com/aievm/aievm/opml/model"
	sf "github.com/aievm/aievm/opml/softfloat"
	"github.com/aievm/aievm/opml/tensor"
)

// The reference kernels are the executable form of SPEC.md: scalar loops in
// the spec's order, soft-float for every float operation, and a probe call
// after every primitive step. The fast kernels must match them bit for bit.

func u64(f sf.F32) uint64 { return uint64(f) }

// rows splits a shape into (rows, last dimension).
func rows(s tensor.Shape) (int, int) {
	last := s[len(s)-1]
	return s.Elements() / last, last
}

type refKernel func(p *probe, n *model.Node, in []*tensor.Tensor, out *tensor.Tensor) error

var refKernels map[model.Op]refKernel

func init() {
	refKernels = map[model.Op]refKernel{
		model.OpQLinear:    refQLinear,
		model.OpQConv2D:    refQConv,
		model.OpQMaxPool2D: refMaxPool,
		model.OpQRelu:      refQRelu,
		model.OpDequantize: refDequant,
		model.OpQuantize:   refQuant,
		model.OpArgmax:     refArgmax,
		model.OpEmbedding:  refEmbedding,
		model.OpRMSNorm:    refRMSNorm,
		model.OpMatMul:     refMatMul,
		model.OpRoPE:       refRoPE,
		model.OpAttention:  refAttention,
		model.OpAdd:        refBinary(sf.Add),
		model.OpMul:        refBinary(sf.Mul),
		model.OpSiLU:       refUnary(fmath.SiLU),
		model.OpGELU:       refUnary(fmath.GELU),
		model.OpSigmoid:    refUnary(fmath.Sigmoid),
		model.OpTanh:       refUnary(fmath.Tanh),
		model.OpSoftmax:    refSoftmax,
		model.OpTakeLast:   refTakeLast,
		model.OpReshape:    refCopy,
		model.OpQAvgPool2D: refAvgPool,
		model.OpTrees:      refTrees,
		model.OpSlice:      refSlice,
		model.OpConcat:     refConcat,
		model.OpNormalize:  refNormalize,
	}
}

func requant(acc int32, a []int64) int8 {
	lo := int32(-128)
	if a[2] == 1 {
		lo = 0
	}
	return int8(tensor.Requantize(acc, int32(a[0]), uint8(a[1]), lo, 127))
}

// refQLinear: per output element (n, m): acc = b[m]; K steps acc += w[m,k]*x[n,k];
// one step y = requant(acc). Regs: acc.
func refQLinear(p *probe, n *model.Node, in []*tensor.Tensor, out *tensor.Tensor) error {
	x, w, b, y := in[0].I8(), in[1].I8(), i32s(in[2]), out.I8()
	m, k := in[1].Shape[0], in[1].Shape[1]
	for r := 0; r < len(x)/k; r++ {
		for j := 0; j < m; j++ {
			acc := b[j]
			for i := 0; i < k; i++ {
				acc += int32(w[j*k+i]) * int32(x[r*k+i])
				p.step(uint64(int64(acc)), 0, 0, 0)
			}
			y[r*m+j] = requant(acc, n.Attr)
			p.step(0, 0, 0, 0)
		}
	}
	return nil
}

// refQConv: per output (o, oy, ox): acc = b[o]; for c, ky, kx: acc +=
// w*x (zero outside the input); one step requant. Regs: acc.
func refQConv(p *probe, n *model.Node, in []*tensor.Tensor, out *tensor.Tensor) error {
	x, w, b, y := in[0].I8(), in[1].I8(), i32s(in[2]), out.I8()
	c, h, wd := in[0].Shape[0], in[0].Shape[1], in[0].Shape[2]
	oc, kh, kw := in[1].Shape[0], in[1].Shape[2], in[1].Shape[3]
	oh, ow := out.Shape[1], out.Shape[2]
	stride, pad := int(n.Attr[0]), int(n.Attr[1])
	ra := n.Attr[2:]
	for o := 0; o < oc; o++ {
		for oy := 0; oy < oh; oy++ {
			for ox := 0; ox < ow; ox++ {
				acc := b[o]
				for ci := 0; ci < c; ci++ {
					for ky := 0; ky < kh; ky++ {
						for kx := 0; kx < kw; kx++ {
							iy, ix := oy*stride+ky-pad, ox*stride+kx-pad
							if iy >= 0 && iy < h && ix >= 0 && ix < wd {
								acc += int32(w[((o*c+ci)*kh+ky)*kw+kx]) * int32(x[(ci*h+iy)*wd+ix])
							}
							p.step(uint64(int64(acc)), 0, 0, 0)
						}
					}
				}
				y[(o*oh+oy)*ow+ox] = requant(acc, ra)
				p.step(0, 0, 0, 0)
			}
		}
	}
	return nil
}

// refMaxPool: per output, k*k steps of m = max(m, x); the first step loads
// m and the last writes it. Regs: m.
func refMaxPool(p *probe, n *model.Node, in []*tensor.Tensor, out *tensor.Tensor) error {
	x, y := in[0].I8(), out.I8()
	c, h, w := in[0].Shape[0], in[0].Shape[1], in[0].Shape[2]
	k, s := int(n.Attr[0]), int(n.Attr[1])
	oh, ow := out.Shape[1], out.Shape[2]
	for ci := 0; ci < c; ci++ {
		for oy := 0; oy < oh; oy++ {
			for ox := 0; ox < ow; ox++ {
				m := int8(-128)
				for ky := 0; ky < k; ky++ {
					for kx := 0; kx < k; kx++ {
						m = max(m, x[(ci*h+oy*s+ky)*w+ox*s+kx])
						if ky == k-1 && kx == k-1 {
							y[(ci*oh+oy)*ow+ox] = m
						}
						p.step(uint64(int64(m)), 0, 0, 0)
					}
				}
			}
		}
	}
	return nil
}

// refAvgPool: per output, k*k steps acc += x (acc from 0), then one step
// y = requant(acc) (no ReLU). Regs: acc.
func refAvgPool(p *probe, n *model.Node, in []*tensor.Tensor, out *tensor.Tensor) error {
	x, y := in[0].I8(), out.I8()
	c, h, w := in[0].Shape[0], in[0].Shape[1], in[0].Shape[2]
	k, s := int(n.Attr[0]), int(n.Attr[1])
	oh, ow := out.Shape[1], out.Shape[2]
	ra := []int64{n.Attr[2], n.Attr[3], 0}
	for ci := 0; ci < c; ci++ {
		for oy := 0; oy < oh; oy++ {
			for ox := 0; ox < ow; ox++ {
				var acc int32
				for ky := 0; ky < k; ky++ {
					for kx := 0; kx < k; kx++ {
						acc += int32(x[(ci*h+oy*s+ky)*w+ox*s+kx])
						p.step(uint64(int64(acc)), 0, 0, 0)
					}
				}
				y[(ci*oh+oy)*ow+ox] = requant(acc, ra)
				p.step(0, 0, 0, 0)
			}
		}
	}
	return nil
}

func refQRelu(p *probe, _ *model.Node, in []*tensor.Tensor, out *tensor.Tensor) error {
	for i, v := range in[0].I8() {
		out.I8()[i] = max(v, 0)
		p.step(0, 0, 0, 0)
	}
	return nil
}

// refDequant: y = f32(x) * scale, one step per element.
func refDequant(p *probe, n *model.Node, in []*tensor.Tensor, out *tensor.Tensor) error {
	scale, y := sf.F32(n.Attr[0]), soft(out)
	conv := func(i int) int32 { return int32(in[0].I8()[i]) }
	if in[0].DType == tensor.I32 {
		conv = func(i int) int32 { return i32s(in[0])[i] }
	}
	for i := range y {
		y[i] = sf.Mul(sf.FromInt32(conv(i)), scale)
		p.step(0, 0, 0, 0)
	}
	return nil
}

// refQuant: q = clamp(round_even(x * invScale), -128, 127), one step each.
func refQuant(p *probe, n *model.Node, in []*tensor.Tensor, out *tensor.Tensor) error {
	inv, x, y := sf.F32(n.Attr[0]), soft(in[0]), out.I8()
	for i := range x {
		y[i] = int8(max(-128, min(127, sf.ToInt32(sf.Mul(x[i], inv)))))
		p.step(0, 0, 0, 0)
	}
	return nil
}

// refArgmax: per row, N steps; best is replaced only by a strictly greater
// value (first maximum wins; NaN never wins). Regs: best bits, index.
func refArgmax(p *probe, _ *model.Node, in []*tensor.Tensor, out *tensor.Tensor) error {
	r, nEl := rows(in[0].Shape)
	y := i32s(out)
	for row := 0; row < r; row++ {
		best := 0
		for i := 0; i < nEl; i++ {
			if i > 0 && greater(in[0], row*nEl+i, row*nEl+best) {
				best = i
			}
			if i == nEl-1 {
				y[row] = int32(best)
			}
			p.step(uint64(best), 0, 0, 0)
		}
	}
	return nil
}

func greater(t *tensor.Tensor, a, b int) bool {
	switch t.DType {
	case tensor.I8:
		return t.I8()[a] > t.I8()[b]
	case tensor.I32:
		return i32s(t)[a] > i32s(t)[b]
	}
	x := soft(t)
	return sf.Lt(x[b], x[a])
}

// ErrTokenRange reports an embedding id outside the table, at position At
// of the ids.
type ErrTokenRange struct{ ID, Vocab, At int }

func (e ErrTokenRange) Error() string {
	// The table's rows are a vocabulary for token ids, or a sequence's
	// positions for a generation model's last.
	return fmt.Sprintf("id %d (position %d) outside the embedding table's rows [0, %d): a token past the vocabulary, or a position past the sequence", e.ID, e.At, e.Vocab)
}

func checkIDs(ids []int32, vocab int) error {
	for t, id := range ids {
		if id < 0 || int(id) >= vocab {
			return ErrTokenRange{int(id), vocab, t}
		}
	}
	return nil
}

// tableValue returns element (row, col) of an embedding table as binary32:
// F32 as is, F16 widened, Q8_0/Q4_0 as f32(d) * f32(q) (one multiply),
// Q4_1 as f32(d) * f32(q) + f32(m) (a multiply, then an add).
func tableValue(t *tensor.Tensor, row, col int) sf.F32 {
	d := t.Shape[1]
	i := row*d + col
	switch t.DType {
	case tensor.F32:
		return soft(t)[i]
	case tensor.F16:
		return sf.F16ToF32(u16s(t)[i])
	}
	var q [tensor.QK]int8
	b := i / tensor.QK
	tensor.BlockInts(t.Data, t.DType, b, &q)
	v := sf.Mul(sf.F16ToF32(tensor.BlockScale(t.Data, t.DType, b)), sf.FromInt32(int32(q[i%tensor.QK])))
	if t.DType == tensor.Q4_1 {
		v = sf.Add(v, sf.F16ToF32(tensor.BlockMin(t.Data, b)))
	}
	return v
}

func refEmbedding(p *probe, _ *model.Node, in []*tensor.Tensor, out *tensor.Tensor) error {
	ids, tab, y := i32s(in[0]), in[1], soft(out)
	d := tab.Shape[1]
	for t, id := range ids {
		// Checked row by row: the steps before a bad id run (a dispute over
		// a refused input steers to the first step that cannot).
		if err := checkIDs(ids[t:t+1], tab.Shape[0]); err != nil {
			return ErrTokenRange{int(id), tab.Shape[0], t}
		}
		for j := 0; j < d; j++ {
			y[t*d+j] = tableValue(tab, int(id), j)
			p.step(0, 0, 0, 0)
		}
	}
	return nil
}

// refRMSNorm: per row, D steps ss += x*x; one step r = rsqrt(ss/D + eps);
// D steps y = (x*r)*w. Regs: ss, r.
func refRMSNorm(p *probe, n *model.Node, in []*tensor.Tensor, out *tensor.Tensor) error {
	x, w, y := soft(in[0]), soft(in[1]), soft(out)
	r, d := rows(in[0].Shape)
	eps, df := sf.F32(n.Attr[0]), sf.FromInt32(int32(d))
	for row := 0; row < r; row++ {
		xr, yr := x[row*d:(row+1)*d], y[row*d:(row+1)*d]
		ss := sf.Zero
		for _, v := range xr {
			ss = sf.Add(ss, sf.Mul(v, v))
			p.step(u64(ss), 0, 0, 0)
		}
		rs := fmath.Rsqrt(sf.Add(sf.Div(ss, df), eps))
		p.step(u64(ss), u64(rs), 0, 0)
		for i, v := range xr {
			yr[i] = sf.Mul(sf.Mul(v, rs), w[i])
			p.step(u64(ss), u64(rs), 0, 0)
		}
	}
	return nil
}

// quantRowBlock quantizes one 32-element block of activations to Q8_0 with
// a binary32 scale: amax = max|x|, d = amax/127, q = round_even(x/d) via
// x*(1/d), clamped to [-127, 127]; all zero when d is 0 or not finite.
func quantRowBlock(x []sf.F32, q *[tensor.QK]int8) sf.F32 {
	amax := sf.Zero
	for _, v := range x {
		amax = sf.Max(amax, sf.Abs(v))
	}
	d := sf.Div(amax, sf.FromInt32(127))
	if d == sf.Zero || d.IsNaN() || d.IsInf() {
		*q = [tensor.QK]int8{}
		return sf.Canonical(d)
	}
	id := sf.Div(sf.One, d)
	for i, v := range x {
		q[i] = int8(max(-127, min(127, sf.ToInt32(sf.Mul(v, id)))))
	}
	return d
}

// refMatMul: y[t,m] = sum over k of x[t,k]*w[m,k] in k order. For Q8_0 and
// Q4_0 weights one step is one block: acc += (dw*dx) * f32(sum of q products),
// with the activation block quantized by quantRowBlock; for Q4_1 weights
// (x = d*q + m) the step also adds the min's part to a second sum, accm +=
// mw * (dx * f32(sum of the activation block's q)), and the output is
// acc + accm (llama.cpp's Q4_1 dot keeps the two apart too). For F32/F16
// weights one step is one MAC: acc += x*w. Regs: acc (and accm).
func refMatMul(p *probe, _ *model.Node, in []*tensor.Tensor, out *tensor.Tensor) error {
	x, w, y := soft(in[0]), in[1], soft(out)
	t, k := in[0].Shape[0], in[0].Shape[1]
	m := w.Shape[0]
	if w.DType.Quantized() {
		nb := k / tensor.QK
		qx := make([][tensor.QK]int8, nb)
		dx := make([]sf.F32, nb)
		var qw [tensor.QK]int8
		sx := make([]sf.F32, nb) // Q4_1: dx times the block's integer sum
		for r := 0; r < t; r++ {
			for b := 0; b < nb; b++ {
				dx[b] = quantRowBlock(x[r*k+b*tensor.QK:r*k+(b+1)*tensor.QK], &qx[b])
				var xsum int32
				for _, v := range qx[b] {
					xsum += int32(v)
				}
				sx[b] = sf.Mul(dx[b], sf.FromInt32(xsum))
			}
			for j := 0; j < m; j++ {
				acc, accm := sf.Zero, sf.Zero
				for b := 0; b < nb; b++ {
					wb := j*nb + b
					tensor.BlockInts(w.Data, w.DType, wb, &qw)
					var isum int32
					for i := range qw {
						isum += int32(qw[i]) * int32(qx[b][i])
					}
					dw := sf.F16ToF32(tensor.BlockScale(w.Data, w.DType, wb))
					acc = sf.Add(acc, sf.Mul(sf.Mul(dw, dx[b]), sf.FromInt32(isum)))
					if w.DType == tensor.Q4_1 {
						accm = sf.Add(accm, sf.Mul(sf.F16ToF32(tensor.BlockMin(w.Data, wb)), sx[b]))
					}
					if b == nb-1 {
						y[r*m+j] = sf.Add(acc, accm)
					}
					p.step(u64(acc), u64(accm), 0, 0)
				}
			}
		}
		return nil
	}
	for r := 0; r < t; r++ {
		for j := 0; j < m; j++ {
			acc := sf.Zero
			for i := 0; i < k; i++ {
				acc = sf.Add(acc, sf.Mul(x[r*k+i], tableValue(w, j, i)))
				if i == k-1 {
					y[r*m+j] = acc
				}
				p.step(u64(acc), 0, 0, 0)
			}
		}
	}
	return nil
}

// ropeAngle is position * theta^(-2i/dh) = pos * exp((-2i/dh) * ln theta).
func ropeAngle(pos, i, dh int, lnTheta sf.F32) sf.F32 {
	e := sf.Mul(sf.Div(sf.FromInt32(int32(-2*i)), sf.FromInt32(int32(dh))), lnTheta)
	return sf.Mul(sf.FromInt32(int32(pos)), fmath.Exp(e))
}

// refRoPE: row t is position t. For each head and pair i of its dh values
// (x0, x1) = (x[2i], x[2i+1]): y0 = x0*c - x1*s, y1 = x0*s + x1*c with
// c, s = cos, sin of ropeAngle. One step per pair.
func refRoPE(p *probe, n *model.Node, in []*tensor.Tensor, out *tensor.Tensor) error {
	x, y := soft(in[0]), soft(out)
	t, width := in[0].Shape[0], in[0].Shape[1]
	heads, lnTheta := int(n.Attr[0]), sf.F32(n.Attr[1])
	dh := width / heads
	for pos := 0; pos < t; pos++ {
		for h := 0; h < heads; h++ {
			for i := 0; i < dh/2; i++ {
				a := ropeAngle(pos, i, dh, lnTheta)
				c, s := fmath.Cos(a), fmath.Sin(a)
				o := pos*width + h*dh + 2*i
				x0, x1 := x[o], x[o+1]
				y[o] = sf.Sub(sf.Mul(x0, c), sf.Mul(x1, s))
				y[o+1] = sf.Add(sf.Mul(x0, s), sf.Mul(x1, c))
				p.step(0, 0, 0, 0)
			}
		}
	}
	return nil
}

// refAttention: for query t and head h (kv head g = h / (H/G)), scores
// s_j = (q_t . k_j) * (1/sqrt(dh)) for j <= t (dot in order), m = max s_j,
// e_j = exp(s_j - m), sum in j order, y = sum_j (e_j / sum) * v_j in j order.
//
// Steps (SPEC.md section 8): a (t, h) row has four phases of T keys, each
// key C = ⌈dh/8⌉ steps (model.AttentionChunk elements a step): max (the
// score's dot product 8 elements a step in r3; the key's last step takes
// m = max(m, s_j), m starting at -Inf), sum (the score again; the last step
// adds exp(s_j - m) to sum), then per key a weight phase (the score again;
// the last step sets p_j = exp(s_j - m) / sum in r2) and an accumulate
// phase (y += p_j * v_j, 8 elements of the row a step; the last clears
// r2). Registers m, sum, p, dot. Steps of a key j > t change nothing. Each
// score is recomputed where it is needed, so that no step holds more than
// 8 multiply-adds.
func refAttention(p *probe, n *model.Node, in []*tensor.Tensor, out *tensor.Tensor) error {
	q, k, v, y := soft(in[0]), soft(in[1]), soft(in[2]), soft(out)
	t, width := in[0].Shape[0], in[0].Shape[1]
	heads, kvHeads := int(n.Attr[0]), int(n.Attr[1])
	dh, kvw := width/heads, in[1].Shape[1]
	chunks := model.AttentionChunks(dh)
	scale := fmath.Rsqrt(sf.FromInt32(int32(dh)))
	r := func(x sf.F32) uint64 { return uint64(uint32(x)) }
	for i := 0; i < t; i++ {
		for h := 0; h < heads; h++ {
			g := h / (heads / kvHeads)
			qi := q[i*width+h*dh : i*width+(h+1)*dh]
			yi := y[i*width+h*dh : i*width+(h+1)*dh]
			m, sum := sf.NegInf, sf.Zero
			// score runs key j's dot product a chunk a step, each step
			// reporting the registers (m, sum, 0, dot so far), and
			// returns the score.
			score := func(j int, sum sf.F32) sf.F32 {
				kj := k[j*kvw+g*dh : j*kvw+(g+1)*dh]
				dot := sf.Zero
				for c := 0; c < chunks; c++ {
					for d := c * model.AttentionChunk; d < min(dh, (c+1)*model.AttentionChunk); d++ {
						dot = sf.Add(dot, sf.Mul(qi[d], kj[d]))
					}
					if c < chunks-1 {
						p.step(r(m), r(sum), 0, r(dot))
					}
				}
				return sf.Mul(dot, scale)
			}
			idle := func(r0, r1 uint64) { // a key j > t: steps that change nothing
				for c := 0; c < chunks; c++ {
					p.step(r0, r1, 0, 0)
				}
			}
			for j := 0; j < t; j++ { // max
				if j > i {
					idle(r(m), 0)
					continue
				}
				m = sf.Max(m, score(j, sf.Zero))
				p.step(r(m), 0, 0, 0)
			}
			for j := 0; j < t; j++ { // sum
				if j > i {
					idle(r(m), r(sum))
					continue
				}
				sum = sf.Add(sum, fmath.Exp(sf.Sub(score(j, sum), m)))
				p.step(r(m), r(sum), 0, 0)
			}
			for j := 0; j < t; j++ { // weight, accumulate
				if j > i {
					idle(r(m), r(sum))
					idle(r(m), r(sum))
					continue
				}
				pj := sf.Div(fmath.Exp(sf.Sub(score(j, sum), m)), sum)
				p.step(r(m), r(sum), r(pj), 0)
				vj := v[j*kvw+g*dh : j*kvw+(g+1)*dh]
				for c := 0; c < chunks; c++ {
					for d := c * model.AttentionChunk; d < min(dh, (c+1)*model.AttentionChunk); d++ {
						yi[d] = sf.Add(yi[d], sf.Mul(pj, vj[d]))
					}
					if c < chunks-1 {
						p.step(r(m), r(sum), r(pj), 0)
					} else {
						p.step(r(m), r(sum), 0, 0)
					}
				}
			}
		}
	}
	return nil
}

func refBinary(f func(a, b sf.F32) sf.F32) refKernel {
	return func(p *probe, _ *model.Node, in []*tensor.Tensor, out *tensor.Tensor) error {
		a, b, y := soft(in[0]), soft(in[1]), soft(out)
		for i := range y {
			y[i] = f(a[i], b[i])
			p.step(0, 0, 0, 0)
		}
		return nil
	}
}

func refUnary(f func(sf.F32) sf.F32) refKernel {
	return func(p *probe, _ *model.Node, in []*tensor.Tensor, out *tensor.Tensor) error {
		x, y := soft(in[0]), soft(out)
		for i := range y {
			y[i] = f(x[i])
			p.step(0, 0, 0, 0)
		}
		return nil
	}
}

// refSoftmax: per row of N, N steps m = max(m, x) (m starts at -Inf), N
// steps e = exp(x - m) stored in y and sum += e, N steps y = y / sum.
// Regs: m, sum.
func refSoftmax(p *probe, _ *model.Node, in []*tensor.Tensor, out *tensor.Tensor) error {
	x, y := soft(in[0]), soft(out)
	r, nEl := rows(in[0].Shape)
	for row := 0; row < r; row++ {
		xr, yr := x[row*nEl:(row+1)*nEl], y[row*nEl:(row+1)*nEl]
		m := sf.NegInf
		for _, v := range xr {
			m = sf.Max(m, v)
			p.step(u64(m), 0, 0, 0)
		}
		sum := sf.Zero
		for i, v := range xr {
			yr[i] = fmath.Exp(sf.Sub(v, m))
			sum = sf.Add(sum, yr[i])
			p.step(u64(m), u64(sum), 0, 0)
		}
		for i := range yr {
			yr[i] = sf.Div(yr[i], sum)
			p.step(u64(m), u64(sum), 0, 0)
		}
	}
	return nil
}

func refTakeLast(p *probe, _ *model.Node, in []*tensor.Tensor, out *tensor.Tensor) error {
	x, y := soft(in[0]), soft(out)
	last := (in[0].Shape[0] - 1) * in[0].Shape[1]
	for i := range y {
		y[i] = x[last+i]
		p.step(0, 0, 0, 0)
	}
	return nil
}

// refSlice: one output element a step, y[i] = x[row + i/cols, col + i%cols].
func refSlice(p *probe, n *model.Node, in []*tensor.Tensor, out *tensor.Tensor) error {
	x, y := soft(in[0]), soft(out)
	c, row, col, cols := in[0].Shape[1], int(n.Attr[0]), int(n.Attr[2]), int(n.Attr[3])
	for i := range y {
		y[i] = x[(row+i/cols)*c+col+i%cols]
		p.step(0, 0, 0, 0)
	}
	return nil
}

// refConcat: one output element a step, a's elements then b's.
func refConcat(p *probe, _ *model.Node, in []*tensor.Tensor, out *tensor.Tensor) error {
	a, b, y := soft(in[0]), soft(in[1]), soft(out)
	for i := range y {
		if i < len(a) {
			y[i] = a[i]
		} else {
			y[i] = b[i-len(a)]
		}
		p.step(0, 0, 0, 0)
	}
	return nil
}

// refNormalize: per row of C, C steps of the norm's accumulator a (max:
// a = max(a, x) from -Inf; l1: a += |x| from +0; l2: a += x·x from +0),
// one step d = (a == 0 ? 1 : (l2 ? sqrt(a) : a)), C steps y = x / d.
// Regs: a, d.
func refNormalize(p *probe, n *model.Node, in []*tensor.Tensor, out *tensor.Tensor) error {
	x, y := soft(in[0]), soft(out)
	r, c := rows(in[0].Shape)
	norm := n.Attr[0]
	for row := 0; row < r; row++ {
		xr, yr := x[row*c:(row+1)*c], y[row*c:(row+1)*c]
		a := sf.Zero
		if norm == model.NormMax {
			a = sf.NegInf
		}
		for _, v := range xr {
			switch norm {
			case model.NormMax:
				a = sf.Max(a, v)
			case model.NormL1:
				a = sf.Add(a, sf.Abs(v))
			default:
				a = sf.Add(a, sf.Mul(v, v))
			}
			p.step(u64(a), 0, 0, 0)
		}
		d := normDivisor(norm, a)
		p.step(u64(a), u64(d), 0, 0)
		for i, v := range xr {
			yr[i] = sf.Div(v, d)
			p.step(u64(a), u64(d), 0, 0)
		}
	}
	return nil
}

// normDivisor is what a row of accumulated norm a is divided by: 1 for a
// zero norm (the row is copied), the square root for l2.
func normDivisor(norm int64, a sf.F32) sf.F32 {
	switch {
	case sf.Eq(a, sf.Zero):
		return sf.FromFloat32(1)
	case norm == model.NormL2:
		return sf.Sqrt(a)
	}
	return a
}

// refCopy runs a reshape as one step that copies the bytes (the executor
// otherwise aliases them).
func refCopy(p *probe, _ *model.Node, in []*tensor.Tensor, out *tensor.Tensor) error {
	copy(out.Data, in[0].Data)
	p.step(0, 0, 0, 0)
	return nil
}

// QuantBlockDot is the integer part of one quantized matmul step (SPEC.md
// section 5): the activation block x quantized by the engine's rule, its
// binary32 scale and the int32 dot product of its integers with qw. The
// dispute game's Solidity twin is checked against it.
func QuantBlockDot(x []sf.F32, qw *[tensor.QK]int8) (sf.F32, int32) {
	var qx [tensor.QK]int8
	dx := quantRowBlock(x, &qx)
	var isum int32
	for i := range qw {
		isum += int32(qw[i]) * int32(qx[i])
	}
	return dx, isum
}
