package exec

import (
	"encoding/binary"
	"unsafe"

	"github.com/aievm/aievm/opml/model"
	"github.com/aievm/aievm/opml/tensor"
)

// The stride-1 integer convolution on CPUs with AVX-512 VNNI: 16 output
// positions per vector lane set and four kernel columns per VPDPBUSD, which
// multiplies unsigned bytes by signed ones. The input is stored plus 128
// (unsigned; padding is 128, a biased zero), so each sum over a channel's
// taps is the true sum plus 128 times the sum of the channel's weights, a
// constant folded into the bias. The sums wrap modulo 2^32 as the scalar
// form's int32 additions do, so the requantized results are the scalar
// form's, bit for bit.

// quadWeights is a conv weight tensor [o, c, kh, kw] laid out for
// convQuads: per output channel, per (input channel, kernel row, column
// quad), the quad's four int8 weights (0 past the last column) as one
// little-endian int32; and per channel 128 times the sum of its weights.
type quadWeights struct {
	wq    []int32
	corr  []int32
	quads int // per channel
}

func makeQuadWeights(t *tensor.Tensor) *quadWeights {
	o, c, kh, kw := t.Shape[0], t.Shape[1], t.Shape[2], t.Shape[3]
	kq := (kw + 3) / 4
	q := &quadWeights{quads: c * kh * kq, corr: make([]int32, o)}
	q.wq = make([]int32, o*q.quads)
	w := t.I8()
	for oc := 0; oc < o; oc++ {
		d := q.channel(oc)
		for ci := 0; ci < c; ci++ {
			for ky := 0; ky < kh; ky++ {
				row := w[((oc*c+ci)*kh+ky)*kw:][:kw]
				for j := 0; j < kq; j++ {
					var b [4]byte
					for i := 0; i < 4 && 4*j+i < kw; i++ {
						b[i] = byte(row[4*j+i])
						q.corr[oc] += 128 * int32(row[4*j+i])
					}
					d[0] = int32(binary.LittleEndian.Uint32(b[:]))
					d = d[1:]
				}
			}
		}
	}
	return q
}

func (q *quadWeights) channel(o int) []int32 { return q.wq[o*q.quads : (o+1)*q.quads] }

// convQuadJob is one call of convQuads: four output channels' weight quads
// and biases (less their corr), the requantization, and where the int8
// results go: the first n (1 to 16) positions of each channel, at out.
// Its layout is read by conv_amd64.s.
type convQuadJob struct {
	w    [4]*int32 // quadWeights channel rows
	bias [4]int32
	rq   vecRequant
	out  [4]*int8
	n    int
	sums *[4][16]int32 // if set, the assembly stores the sums (bias added) here, not requantized
}

// convQuadsPortable is convQuads in Go: for each channel k and position q
// of 16, the sum over taps t and columns i of byte i of dword q at e[off +
// taps[t]] (unsigned) times byte i of the channel's quad t (signed), plus
// the bias, requantized. The twin the assembly is tested against.
func convQuadsPortable(j *convQuadJob, e []byte, off int, taps []int, rq requantizer) {
	for k := range j.out {
		w := unsafe.Slice(j.w[k], len(taps))
		out := unsafe.Slice(j.out[k], j.n)
		for q := range out {
			acc := j.bias[k]
			for t, tap := range taps {
				x := e[off+tap+4*q:][:4]
				wb := uint32(w[t])
				for i := 0; i < 4; i++ {
					acc += int32(x[i]) * int32(int8(wb>>(8*i)))
				}
			}
			out[q] = rq.apply(acc)
		}
	}
}

// fastQConvStride1Quads is fastQConvStride1 for VNNI CPUs (AVX-512 VNNI or
// AVX-VNNI) and kernels wider than one column (a one-column kernel leaves
// three of a quad's four columns zero, and fastQConvStride1's channel
// pairs ran 1x1 convolutions as fast or faster); it reports false, doing
// nothing, elsewhere. It takes every shift (convQuads requantizes the
// vector sums in Go for those outside [32, 63]): so the layout depends on
// the weight's shape alone, and a weight has one stride-1 layout, as
// model.nodeLayout charges (a weight shared by two nodes of different
// shifts was prepared as quads and as pairs). The input is quad-expanded:
// dword x of a padded row holds the row's inputs x..x+3 plus 128, so 16
// consecutive output positions' inputs for kernel columns 4j..4j+3 are one
// contiguous 64-byte vector.
func fastQConvStride1Quads(c *runCtx, n *model.Node, in []*tensor.Tensor, out *tensor.Tensor) bool {
	if !useVNNI && !useAVXVNNI || in[1].Shape[3] == 1 {
		return false
	}
	rq := newRequantizer(n.Attr[2:])
	vrq, _ := vecRequantOf(rq) // unused for shifts outside [32, 63]
	x := in[0].I8()
	ch, h, wd := in[0].Shape[0], in[0].Shape[1], in[0].Shape[2]
	oc, kh, kw := in[1].Shape[0], in[1].Shape[2], in[1].Shape[3]
	oh, ow := out.Shape[1], out.Shape[2]
	pad := int(n.Attr[1])
	qw := c.cached(n.In[1], model.LayoutRowQuads, func() any { return makeQuadWeights(in[1]) }).(*quadWeights)
	kq := (kw + 3) / 4
	ph, pw := h+2*pad, wd+2*pad
	// Dwords per row, as fastQConvStride1's pairs (model.nodeScratch bounds
	// both): a block of 16 positions from ox <= ow-1 reads dwords up to
	// ox+15+4(kq-1) <= ow+4kq+10, and pw = ow+kw-1 >= ow+4kq-4, so every
	// read is below pw+15.
	rowLen := pw + 16
	// One more row (also counted) holds the padded input row being
	// expanded: biased inputs between 128s.
	// Made filled with 128, the biased zero of the padding. A run writes
	// only the interior rows' dwords (those past a row's end with 128s
	// again, read from the spare row's margin) and the spare row's input
	// span, so the padding rows and the spare row's margins keep their 128s
	// from run to run (a node's shapes never change).
	pool := bufPool(c, n, "quads", (ch*ph+1)*rowLen*4, byte(128))
	eb := pool.Get().(*[]byte)
	defer pool.Put(eb)
	e := *eb
	prow := e[ch*ph*rowLen*4:]
	for ci := 0; ci < ch; ci++ {
		for iy := 0; iy < h; iy++ {
			biasBytes(prow[pad:pad+wd], x[(ci*h+iy)*wd:][:wd])
			row := e[(ci*ph+iy+pad)*rowLen*4:][:rowLen*4]
			for px := expandQuads(row, prow, pw); px < pw; px++ { // dword px: padded inputs px..px+3
				binary.LittleEndian.PutUint32(row[4*px:], binary.LittleEndian.Uint32(prow[px:]))
			}
		}
	}
	chStride, rowStride := ph*rowLen*4, rowLen*4
	taps := make([]int, 0, qw.quads)
	for ci := 0; ci < ch; ci++ {
		for ky := 0; ky < kh; ky++ {
			for j := 0; j < kq; j++ {
				taps = append(taps, ci*chStride+ky*rowStride+16*j)
			}
		}
	}
	positions := oh * ow
	b, y := i32s(in[2]), out.I8()
	c.parallel(oc, positions*kh*kw*ch, func(lo, hi int) {
		job := convQuadJob{rq: vrq}
		var chans [4]int
		for o := lo; o < hi; o += 4 {
			for j := range job.w {
				ch := min(o+j, hi-1) // a short last group repeats a channel (same results, same place)
				chans[j], job.w[j], job.bias[j] = ch, &qw.channel(ch)[0], b[ch]-qw.corr[ch]
			}
			for oy := 0; oy < oh; oy++ {
				for ox := 0; ox < ow; ox += 16 {
					job.n = min(16, ow-ox)
					for j, ch := range chans {
						job.out[j] = &y[ch*positions+oy*ow+ox:][:job.n][0]
					}
					convQuads(&job, e, (oy*rowLen+ox)*4, taps, rq)
				}
			}
		}
	})
	return true
}

// biasBytes sets dst[i] = x[i] + 128 as a byte (x[i] ^ 0x80), eight at a
// time.
func biasBytes(dst []byte, x []int8) {
	dst = dst[:len(x)]
	i := 0
	for ; i+8 <= len(x); i += 8 {
		v := binary.LittleEndian.Uint64(unsafe.Slice((*byte)(unsafe.Pointer(&x[i])), 8))
		binary.LittleEndian.PutUint64(dst[i:], v^0x8080808080808080)
	}
	for ; i < len(x); i++ {
		dst[i] = byte(x[i]) ^ 0x80
	}
}
