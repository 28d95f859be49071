package exec

import "github.com/aievm/aievm/opml/tensor"

// dot32Portable is the exact int32 dot product of 32 int8 weights with 32
// int8 activations.
func dot32Portable(w, x []int8) int32 {
	w, x = w[:32], x[:32]
	var s0, s1, s2, s3 int32
	for i := 0; i < 32; i += 4 {
		s0 += int32(w[i]) * int32(x[i])
		s1 += int32(w[i+1]) * int32(x[i+1])
		s2 += int32(w[i+2]) * int32(x[i+2])
		s3 += int32(w[i+3]) * int32(x[i+3])
	}
	return s0 + s1 + s2 + s3
}

// dotRowPortable is one output of a quantized matmul: for each block b in
// order, acc = acc + (wd[b]*xd[b]) * f32(sum of the block's products),
// every operation rounded to binary32 (SPEC.md, "MatMul").
func dotRowPortable(wq []int8, wd []float32, xq []int8, xd []float32) float32 {
	var acc float32
	xd = xd[:len(wd)]
	for b, dw := range wd {
		isum := dot32Portable(wq[b*32:], xq[b*32:])
		acc = float32(acc + float32(float32(dw*xd[b])*float32(isum)))
	}
	return acc
}

// dotRows4Portable is dotRowPortable for four weight rows at once, in the
// layout of dotRows4: w holds the four rows one after another, wd4 their
// block scales interleaved (wd4[4*b+i] is row i's scale of block b) and xd4
// the activation's block scales, each four times (xd4[4*b+i] = xd[b]).
func dotRows4Portable(w []int8, wd4 []float32, xq []int8, xd4 []float32, out *[4]float32) {
	nb := len(wd4) / 4
	k := nb * 32
	for i := range out {
		wi := w[i*k : (i+1)*k]
		var acc float32
		for b := 0; b < nb; b++ {
			isum := dot32Portable(wi[b*32:], xq[b*32:])
			acc = float32(acc + float32(float32(wd4[4*b+i]*xd4[4*b])*float32(isum)))
		}
		out[i] = acc
	}
}

// dotRows16Portable is dotRows16 in Go, on the same layout (see
// packedWeights, rows 16): the twin the VNNI kernel is tested against.
func dotRows16Portable(w []int8, wd []float32, x []int8, xd []float32, cx []int32, t int, y []float32, ystride int) {
	nb := len(wd) / 16
	for r := 0; r < t; r++ {
		xr, xdr, cxr, out := x[r*32*nb:], xd[r*nb:], cx[r*nb:], y[r*ystride:r*ystride+16]
		for i := range out {
			var acc float32
			for b := 0; b < nb; b++ {
				var isum int32
				for c := 0; c < 32; c++ {
					isum += int32(uint8(w[vnniIndex(b, c, i)])) * int32(xr[b*32+c])
				}
				isum -= cxr[b]
				acc = float32(acc + float32(float32(wd[16*b+i]*xdr[b])*float32(isum)))
			}
			out[i] = acc
		}
	}
}

// avx2Index is where the 8-row layout keeps value c (0 to 31) of block b
// of a group's row lane: step c/4, four bytes per lane.
func avx2Index(b, c, lane int) int { return (b*8+c/4)*32 + 4*lane + c%4 }

// dotRows8Portable is dotRows8 in Go, on the same layout (see
// packedWeights, rows 8): the twin the AVX2 kernel is tested against.
func dotRows8Portable(w []int8, wd []float32, x []int8, xd []float32, t int, y []float32, ystride int) {
	nb := len(wd) / 8
	for r := 0; r < t; r++ {
		xr, xdr, out := x[r*32*nb:], xd[r*nb:], y[r*ystride:r*ystride+8]
		for i := range out {
			var acc float32
			for b := 0; b < nb; b++ {
				var isum int32
				for c := 0; c < 32; c++ {
					isum += int32(w[avx2Index(b, c, i)]) * int32(xr[b*32+c])
				}
				acc = float32(acc + float32(float32(wd[8*b+i]*xdr[b])*float32(isum)))
			}
			out[i] = acc
		}
	}
}

// dot16Portable is the exact int32 dot product of two int16 vectors.
func dot16Portable(w, x []int16) int32 {
	w = w[:len(x)]
	var s0, s1 int32
	i := 0
	for ; i+2 <= len(x); i += 2 {
		s0 += int32(w[i]) * int32(x[i])
		s1 += int32(w[i+1]) * int32(x[i+1])
	}
	for ; i < len(x); i++ {
		s0 += int32(w[i]) * int32(x[i])
	}
	return s0 + s1
}

func dots4Portable(w0, w1, w2, w3, x []int16, out *[4]int32) {
	out[0], out[1], out[2], out[3] = dot16Portable(w0, x), dot16Portable(w1, x), dot16Portable(w2, x), dot16Portable(w3, x)
}

func dots4x2Portable(w0, w1, w2, w3, x0, x1 []int16, out *[8]int32) {
	for j, w := range [4][]int16{w0, w1, w2, w3} {
		out[2*j], out[2*j+1] = dot16Portable(w, x0), dot16Portable(w, x1)
	}
}

// requantizer is tensor.Requantize with its parameters decoded once, for
// the hot loops of the fast integer kernels.
type requantizer struct {
	mult, round, floor int64
	shift              uint
}

// newRequantizer reads (mult, shift, relu) attributes.
func newRequantizer(attr []int64) requantizer {
	r := requantizer{mult: attr[0], shift: uint(attr[1]), floor: -128}
	r.round = int64(1) << (r.shift - 1)
	if attr[2] == 1 {
		r.floor = 0
	}
	return r
}

func (r requantizer) apply(acc int32) int8 {
	return int8(max(r.floor, min(127, (int64(acc)*r.mult+r.round)>>r.shift)))
}

// kPad rounds a dot length up to the SIMD width; padding is zeros on both
// sides, which adds nothing to a dot product.
func kPad(k int) int { return (k + 15) &^ 15 }

// widen copies int8 rows of length k into int16 rows of length kPad(k).
func widen(dst []int16, src []int8, rows, k int) {
	kp := kPad(k)
	for r := 0; r < rows; r++ {
		d, s := dst[r*kp:r*kp+k], src[r*k:(r+1)*k]
		for i, v := range s {
			d[i] = int16(v)
		}
	}
}

// intRows is an int8 weight matrix widened to int16 rows of kPad(k), cached
// per executor for the fast integer kernels.
type intRows struct {
	w    []int16
	rows int
	kp   int
}

// widenRows widens an int8 weight matrix on every thread (a cold call
// builds it; its time is charged with the prepared bytes).
func (c *runCtx) widenRows(t *tensor.Tensor, rows, k int) *intRows {
	r := &intRows{w: make([]int16, rows*kPad(k)), rows: rows, kp: kPad(k)}
	src := t.I8()
	c.parallel(rows, k, func(lo, hi int) {
		widen(r.w[lo*r.kp:hi*r.kp], src[lo*k:hi*k], hi-lo, k)
	})
	return r
}

func (r *intRows) row(i int) []int16 { return r.w[i*r.kp : (i+1)*r.kp] }

// gemmRequant computes y = requant(bias[o] + W[o] . X[p]) for output rows o
// in [lo, hi) and every position p of x, four weight rows at a time. The
// output index is p*pStride + o*oStride.
func gemmRequant(w *intRows, x []int16, positions int, bias []int32, attr []int64, y []int8, lo, hi, pStride, oStride int) {
	kp := w.kp
	rq := newRequantizer(attr).apply
	var d [4]int32
	var d8 [8]int32
	o := lo
	for ; o+4 <= hi; o += 4 {
		w0, w1, w2, w3 := w.row(o), w.row(o+1), w.row(o+2), w.row(o+3)
		b0, b1, b2, b3 := bias[o], bias[o+1], bias[o+2], bias[o+3]
		p := 0
		for ; p+2 <= positions; p += 2 {
			dots4x2(w0, w1, w2, w3, x[p*kp:(p+1)*kp], x[(p+1)*kp:(p+2)*kp], &d8)
			i := p*pStride + o*oStride
			y[i] = rq(b0 + d8[0])
			y[i+pStride] = rq(b0 + d8[1])
			y[i+oStride] = rq(b1 + d8[2])
			y[i+oStride+pStride] = rq(b1 + d8[3])
			y[i+2*oStride] = rq(b2 + d8[4])
			y[i+2*oStride+pStride] = rq(b2 + d8[5])
			y[i+3*oStride] = rq(b3 + d8[6])
			y[i+3*oStride+pStride] = rq(b3 + d8[7])
		}
		for ; p < positions; p++ {
			dots4(w0, w1, w2, w3, x[p*kp:(p+1)*kp], &d)
			i := p*pStride + o*oStride
			y[i] = rq(b0 + d[0])
			y[i+oStride] = rq(b1 + d[1])
			y[i+2*oStride] = rq(b2 + d[2])
			y[i+3*oStride] = rq(b3 + d[3])
		}
	}
	for ; o < hi; o++ {
		for p := 0; p < positions; p++ {
			y[p*pStride+o*oStride] = rq(bias[o] + dot16(w.row(o), x[p*kp:(p+1)*kp]))
		}
	}
}

func convBlockPortable(wb0, wb1, wb2, wb3, xs []int16, pairs int, acc *[32]int32) {
	*acc = [32]int32{}
	for j, wb := range [4][]int16{wb0, wb1, wb2, wb3} {
		for t := 0; t < pairs; t++ {
			w0, w1 := int32(wb[t*16]), int32(wb[t*16+1])
			for q := 0; q < 8; q++ {
				acc[j*8+q] += w0*int32(xs[t*16+2*q]) + w1*int32(xs[t*16+2*q+1])
			}
		}
	}
}

// pairWeights is a conv weight tensor laid out for convBlock: per output
// channel, per tap pair (taps in c, ky, kx order, an odd count padded with a
// zero tap), the two int16 weights repeated over 8 lanes.
type pairWeights struct {
	wb    []int16
	pairs int
}

func makePairWeights(t *tensor.Tensor) *pairWeights {
	o := t.Shape[0]
	k := t.Shape[1] * t.Shape[2] * t.Shape[3]
	pw := &pairWeights{pairs: (k + 1) / 2}
	pw.wb = make([]int16, o*pw.pairs*16)
	w := t.I8()
	for oc := 0; oc < o; oc++ {
		for tp := 0; tp < pw.pairs; tp++ {
			var a, b int16
			a = int16(w[oc*k+2*tp])
			if 2*tp+1 < k {
				b = int16(w[oc*k+2*tp+1])
			}
			d := pw.wb[(oc*pw.pairs+tp)*16:]
			for q := 0; q < 8; q++ {
				d[2*q], d[2*q+1] = a, b
			}
		}
	}
	return pw
}

// rowPairTaps and chanPairTaps are the taps of a stride-1 convolution
// in fastQConvStride1's two layouts: kernel column pairs, or input channel
// pairs.
func rowPairTaps(ch, kh, kw int) int  { return ch * kh * ((kw + 1) / 2) }
func chanPairTaps(ch, kh, kw int) int { return (ch + 1) / 2 * kh * kw }

// makeChannelPairWeights lays out each output channel's weights as pairs
// of input channels (2g, 2g+1) at the same kernel row and column, in the
// order g, ky, kx (fastQConvStride1's channel-pair taps), each pair
// repeated over the 8 lanes; the partner of the last channel of an odd
// count is zero.
func makeChannelPairWeights(t *tensor.Tensor) *pairWeights {
	o, c, kh, kw := t.Shape[0], t.Shape[1], t.Shape[2], t.Shape[3]
	r := &pairWeights{pairs: chanPairTaps(c, kh, kw)}
	r.wb = make([]int16, o*r.pairs*16)
	w := t.I8()
	at := func(oc, ci, ky, kx int) int16 {
		if ci >= c {
			return 0
		}
		return int16(w[((oc*c+ci)*kh+ky)*kw+kx])
	}
	for oc := 0; oc < o; oc++ {
		d := r.channel(oc)
		for g := 0; g < (c+1)/2; g++ {
			for ky := 0; ky < kh; ky++ {
				for kx := 0; kx < kw; kx++ {
					a, b := at(oc, 2*g, ky, kx), at(oc, 2*g+1, ky, kx)
					for q := 0; q < 8; q++ {
						d[2*q], d[2*q+1] = a, b
					}
					d = d[16:]
				}
			}
		}
	}
	return r
}

// interleaveRows sets lanes i of dst (int16 pairs) to (a[i], b[i]), or
// (a[i], 0) where b is nil.
func interleaveRows(dst []int16, a, b []int8) {
	dst = dst[:2*len(a)]
	if b == nil {
		for i, v := range a {
			dst[2*i] = int16(v)
		}
		return
	}
	b = b[:len(a)]
	for i, v := range a {
		dst[2*i], dst[2*i+1] = int16(v), int16(b[i])
	}
}

func (p *pairWeights) channel(o int) []int16 { return p.wb[o*p.pairs*16 : (o+1)*p.pairs*16] }

// convJob is one call of convRowRequant: four output channels' weight
// pairs and biases, the requantization, and the int8 results of 16
// positions per channel. Its layout is read by conv_amd64.s.
type convJob struct {
	w    [4]*int16 // makeRowPairWeights channel rows
	bias [4]int32
	rq   vecRequant
	res  [4][convJobPositions]int8
}

// convJobPositions is how many consecutive positions of an output row one
// convRowRequant computes per channel.
const convJobPositions = 16

// vecRequant is a requantizer as the assembly kernels read it (at offset 48
// of their jobs), for shifts of 32 to 63.
type vecRequant struct {
	mult  int32
	floor int32 // -128, or 0 with ReLU
	round int64
	sh    uint64 // shift - 32
}

// vecRequantOf returns rq for the assembly kernels; ok is false for shifts
// outside [32, 63], which they do not handle.
func vecRequantOf(rq requantizer) (v vecRequant, ok bool) {
	if rq.shift < 32 || rq.shift > 63 {
		return v, false
	}
	return vecRequant{int32(rq.mult), int32(rq.floor), rq.round, uint64(rq.shift - 32)}, true
}

func convRowBlockPortable(wb0, wb1, wb2, wb3, e []int16, off int, taps []int, acc *[32]int32) {
	*acc = [32]int32{}
	for k, wb := range [4][]int16{wb0, wb1, wb2, wb3} {
		for t, tap := range taps {
			lo, hi := int32(wb[16*t]), int32(wb[16*t+1])
			x := e[off+tap:][:16]
			for q := 0; q < 8; q++ {
				acc[k*8+q] += lo*int32(x[2*q]) + hi*int32(x[2*q+1])
			}
		}
	}
}

// makeRowPairWeights lays a conv weight tensor out for convRowBlock: per
// output channel, (input channel, kernel row, column pair) with the pair's
// two int16 weights repeated over 8 lanes (the second 0 past the last
// column), so each pair is one 16-lane load.
func makeRowPairWeights(t *tensor.Tensor) *pairWeights {
	o, c, kh, kw := t.Shape[0], t.Shape[1], t.Shape[2], t.Shape[3]
	kwp := (kw + 1) / 2
	r := &pairWeights{pairs: c * kh * kwp}
	r.wb = make([]int16, o*r.pairs*16)
	w := t.I8()
	for oc := 0; oc < o; oc++ {
		d := r.channel(oc)
		for ci := 0; ci < c; ci++ {
			for ky := 0; ky < kh; ky++ {
				row := w[((oc*c+ci)*kh+ky)*kw:][:kw]
				for j := 0; j < kwp; j++ {
					a, b := int16(row[2*j]), int16(0)
					if 2*j+1 < kw {
						b = int16(row[2*j+1])
					}
					for q := 0; q < 8; q++ {
						d[2*q], d[2*q+1] = a, b
					}
					d = d[16:]
				}
			}
		}
	}
	return r
}
