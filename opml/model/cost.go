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
			// Per output: 4 float ops per block; per activation row: quantization.
			return satMul(t, m, k), satSum(satMul(t, m, k/tensor.QK, 4), satMul(t, satSum(satMul(3, k), satMul(2, k/tensor.QK)))), 0
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
	}
	return 0, 0, 0 // TakeLast, Reshape: data movement only
}
