package model

import "github.com/aievm/aievm/opml/tensor"

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

// nodeCost returns the MACs, float ops and int ops of one node.
func nodeCost(op Op, in []Spec, out Spec, attr []int64) (macs, flops, iops uint64) {
	n := uint64(out.Shape.Elements())
	dim := func(s Spec, i int) uint64 { return uint64(s.Shape[i]) }
	switch op {
	case OpQLinear:
		k := dim(in[1], 1)
		return n * k, 0, n
	case OpQConv2D:
		w := in[1]
		return n * dim(w, 1) * dim(w, 2) * dim(w, 3), 0, n
	case OpQMaxPool2D:
		return 0, 0, n * uint64(attr[0]*attr[0])
	case OpQAvgPool2D:
		return 0, 0, n * uint64(attr[0]*attr[0]+1)
	case OpQRelu, OpArgmax:
		return 0, 0, uint64(in[0].Shape.Elements())
	case OpDequantize, OpQuantize:
		return 0, 2 * n, 0
	case OpEmbedding:
		return 0, n, 0
	case OpRMSNorm:
		t, d := dim(in[0], 0), dim(in[0], 1)
		return 0, t*(2*d+2+costRsqrt) + 2*n, 0
	case OpMatMul:
		t, m, k := dim(in[0], 0), dim(in[1], 0), dim(in[1], 1)
		if in[1].DType.Quantized() {
			// Per output: 4 float ops per block; per activation row: quantization.
			return t * m * k, t*m*(k/tensor.QK)*4 + t*(3*k+2*(k/tensor.QK)), 0
		}
		return t * m * k, 2 * t * m * k, 0
	case OpRoPE:
		pairs := n / 2
		return 0, pairs * (costExp + 2*costSinCos + 10), 0
	case OpAttention:
		t, width := dim(in[0], 0), dim(in[0], 1)
		h := uint64(attr[0])
		dh := width / h
		pairs := h * t * (t + 1) / 2 // (query, key) pairs under the causal mask
		return 2 * pairs * dh, pairs*(2*dh+1+costExp+3+2*dh) + h*t*2, 0
	case OpAdd, OpMul:
		return 0, n, 0
	case OpSiLU, OpSigmoid:
		return 0, n * costSigmoid, 0
	case OpGELU:
		return 0, n * costGELU, 0
	case OpTanh:
		return 0, n * costTanh, 0
	case OpSoftmax:
		return 0, n * (costExp + 4), 0
	}
	return 0, 0, 0 // TakeLast, Reshape: data movement only
}
