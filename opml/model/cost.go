package model

import (
	"math"
	"math/bits"

	"github.com/aievm/aievm/opml/tensor"
)

// Cost is a model's counted work, stored in its header so that gas can be
// computed from the header alone. Counts follow the reference kernels of
// SPEC.md: one MAC is one int8 (or binary32) multiply-accumulate, one float
// op is one soft-float primitive, one int op is one requantization,
// comparison or integer step outside a MAC.
type Cost struct {
	MACs            uint64
	FloatOps        uint64
	IntOps          uint64
	WeightBytes     uint64 // bytes of constant tensors
	ActivationBytes uint64 // peak bytes of live activations when run in order
}

// Primitive counts of the transcendental sequences in package fmath.
const (
	costExp     = 22
	costSigmoid = costExp + 3
	costTanh    = costExp + 5
	costGELU    = costTanh + 8
	costSinCos  = 20
	costRsqrt   = 2
)

// MaxWork bounds each counted-work total of a model (MACs, float ops, int
// ops), far below where uint64 counters wrap: a model past it is invalid. It
// is a consensus constant (SPEC.md section 9): every quantity of a node's
// cost is computed with saturating arithmetic, so a count that would wrap
// saturates and is refused instead of declaring little work.
const MaxWork = 1 << 48

// sat is saturating arithmetic on counts.
func satAdd(a, b uint64) uint64 {
	if s, c := bits.Add64(a, b, 0); c == 0 {
		return s
	}
	return math.MaxUint64
}

func satMul(xs ...uint64) uint64 {
	r := uint64(1)
	for _, x := range xs {
		hi, lo := bits.Mul64(r, x)
		if hi != 0 {
			return math.MaxUint64
		}
		r = lo
	}
	return r
}

func satSum(xs ...uint64) uint64 {
	r := uint64(0)
	for _, x := range xs {
		r = satAdd(r, x)
	}
	return r
}

// nodeCost returns the MACs, float ops and int ops of one node, saturating.
func nodeCost(op Op, in []Spec, out Spec, attr []int64) (macs, flops, iops uint64) {
	n := uint64(out.Shape.Elements())
	dim := func(s Spec, i int) uint64 { return uint64(s.Shape[i]) }
	switch op {
	case OpQLinear:
		k := dim(in[1], 1)
		return satMul(n, k), 0, n
	case OpQConv2D:
		w := in[1]
		return satMul(n, dim(w, 1), dim(w, 2), dim(w, 3)), 0, n
	case OpQMaxPool2D:
		return 0, 0, satMul(n, uint64(attr[0]), uint64(attr[0]))
	case OpQAvgPool2D:
		return 0, 0, satMul(n, satAdd(satMul(uint64(attr[0]), uint64(attr[0])), 1))
	case OpQRelu, OpArgmax:
		return 0, 0, uint64(in[0].Shape.Elements())
	case OpDequantize, OpQuantize:
		return 0, satMul(2, n), 0
	case OpEmbedding:
		return 0, n, 0
	case OpRMSNorm:
		t, d := dim(in[0], 0), dim(in[0], 1)
		return 0, satSum(satMul(t, satSum(satMul(2, d), 2, costRsqrt)), satMul(2, n)), 0
	case OpMatMul:
		t, m, k := dim(in[0], 0), dim(in[1], 0), dim(in[1], 1)
		if in[1].DType.Quantized() {
			// Per output: 4 float ops per block (7 with Q4_1's min); per
			// activation row: quantization.
			perBlock := uint64(4)
			if in[1].DType == tensor.Q4_1 {
				perBlock = 7
			}
			return satMul(t, m, k), satSum(satMul(t, m, k/tensor.QK, perBlock), satMul(t, satSum(satMul(3, k), satMul(2, k/tensor.QK)))), 0
		}
		return satMul(t, m, k), satMul(2, t, m, k), 0
	case OpRoPE:
		pairs := n / 2
		return 0, satMul(pairs, costExp+2*costSinCos+10), 0
	case OpAttention:
		t, width := dim(in[0], 0), dim(in[0], 1)
		h := uint64(attr[0])
		dh := width / h
		pairs := satMul(h, t, t+1) / 2 // (query, key) pairs under the causal mask
		if pairs >= math.MaxUint64/2 {
			pairs = math.MaxUint64
		}
		return satMul(2, pairs, dh), satSum(satMul(pairs, satSum(satMul(2, dh), 1, costExp, 3, satMul(2, dh))), satMul(h, t, 2)), 0
	case OpAdd, OpMul:
		return 0, n, 0
	case OpSiLU, OpSigmoid:
		return 0, satMul(n, costSigmoid), 0
	case OpGELU:
		return 0, satMul(n, costGELU), 0
	case OpTanh:
		return 0, satMul(n, costTanh), 0
	case OpSoftmax:
		return 0, satMul(n, costExp+4), 0
	case OpNormalize:
		// Priced as rmsnorm, whose steps it shares: per element up to a
		// multiply and an add, then a divide; per row the divisor.
		return 0, satSum(satMul(4, n), satMul(4, dim(in[0], 0))), 0
	case OpTrees:
		flops, iops := treeCost(in, out, attr)
		return 0, flops, iops
	case OpSlice, OpConcat:
		// Copies, charged as takelast's: one int op per byte moved.
		return 0, 0, uint64(out.Bytes())
	case OpTakeLast:
		// A copy of the last row: one int op per byte moved (a chain of them
		// would otherwise copy megabytes for free).
		return 0, 0, uint64(out.Bytes())
	}
	return 0, 0, 0 // Reshape: an alias, no data moved (its node is charged per node)
}

// Memory bounds (consensus constants, SPEC.md section 9): a model whose peak
// live activations, or whose largest per-node working memory, passes them
// is invalid, so that no call can make a node allocate more.
const (
	MaxActivationBytes = 1 << 28
	MaxScratchBytes    = 1 << 28
	// maxThreads bounds the worker goroutines whose buffers scratch counts.
	maxThreads = 64
)

// nodeScratch bounds the transient working memory (bytes) the engine's fast
// path allocates to run one node beyond its inputs and output: widened or
// gathered operands (the im2col of a strided convolution), quantized rows,
// per-thread score rows. Saturating.
func nodeScratch(op Op, in []Spec, out Spec, attr []int64) uint64 {
	dim := func(s Spec, i int) uint64 { return uint64(s.Shape[i]) }
	switch op {
	case OpQLinear:
		k := dim(in[1], 1)
		rows := uint64(in[0].Shape.Elements()) / k
		return satMul(2, rows, k+15)
	case OpQConv2D:
		c, h, w := dim(in[0], 0), dim(in[0], 1), dim(in[0], 2)
		kh, kw := dim(in[1], 2), dim(in[1], 3)
		pos := satMul(dim(out, 1), dim(out, 2))
		pad := uint64(attr[1])
		if attr[0] == 1 { // padded rows of pairs, and the tap list
			return satSum(satMul(4, satAdd(satMul(c, h+2*pad), 1), w+2*pad+16), satMul(8, c, kh, kw/2+1))
		}
		k := satMul(c, kh, kw)
		return satSum(satMul(32, (pos+7)/8, (k+1)/2), satMul(16, pos))
	case OpMatMul:
		if in[1].DType.Quantized() {
			t, k := dim(in[0], 0), dim(in[1], 1)
			return satSum(satMul(2, t, k), satMul(4, t, k/tensor.QK+1))
		}
		return satMul(4, uint64(in[1].Shape.Elements())) // F32 or F16 weights, dequantized per call
	case OpRoPE:
		return satMul(4, uint64(out.Shape[len(out.Shape)-1]))
	case OpAttention:
		return satMul(4, maxThreads, dim(in[0], 0))
	}
	return 0
}

// Layout is a fast-path layout of a weight: the executor prepares one per
// constant and layout and keeps it (Executor caches), or per call for a
// weight that is not a constant.
type Layout uint8

// The layouts of the engine's fast path.
const (
	LayoutWidened      Layout = iota + 1 // qlinear: int16 rows padded to 16
	LayoutPairs                          // strided qconv2d: tap pairs x 8 lanes
	LayoutRowPairs                       // stride-1 qconv2d: column pairs x 8 lanes
	LayoutPacked                         // quantized matmul: int8 values and float32 scales
	LayoutRowQuads                       // stride-1 qconv2d on VNNI CPUs (AVX-512 VNNI or AVX-VNNI): column quads (fewer bytes than LayoutRowPairs, accounted as it)
	LayoutChannelPairs                   // stride-1 qconv2d where it has fewer taps: input-channel pairs x 8 lanes (fewer bytes than LayoutRowPairs, accounted as it)
)

// MaxPreparedBytes bounds the prepared layouts of a model's constant weights
// (a consensus constant, SPEC.md section 9): a one-column weight widens 32
// times, so a file within MaxFileSize could otherwise pin gigabytes.
const MaxPreparedBytes = 1 << 30

// nodeLayout returns the layout node's weight (its input 1) takes on the
// fast path and the layout's bytes, saturating; 0 if none.
func nodeLayout(op Op, in []Spec, attr []int64) (Layout, uint64) {
	dim := func(s Spec, i int) uint64 { return uint64(s.Shape[i]) }
	switch op {
	case OpQLinear:
		m, k := dim(in[1], 0), dim(in[1], 1)
		return LayoutWidened, satMul(2, m, (k+15)&^15)
	case OpQConv2D:
		o, c, kh, kw := dim(in[1], 0), dim(in[1], 1), dim(in[1], 2), dim(in[1], 3)
		if attr[0] == 1 {
			return LayoutRowPairs, satMul(32, o, c, kh, (kw+1)/2)
		}
		return LayoutPairs, satMul(32, o, (satMul(c, kh, kw)+1)/2)
	case OpMatMul:
		if in[1].DType.Quantized() {
			return LayoutPacked, satMul(36, uint64(in[1].Shape.Elements())/tensor.QK)
		}
	}
	return 0, 0
}
