package model

import (
	"fmt"

	"github.com/aievm/aievm/opml/tensor"
)

// Op is an operation code; its numeric value is part of the file format.
// Semantics of every op are in opml/SPEC.md, "Operations".
type Op uint8

// Operations. Integer ops (Q*) work on int8 activations with int32
// accumulators; float ops work on binary32 activations.
const (
	OpQLinear    Op = 1  // x:i8[..,K], w:i8[M,K], b:i32[M]; attrs mult, shift, relu -> i8[..,M]
	OpQConv2D    Op = 2  // x:i8[C,H,W], w:i8[O,C,KH,KW], b:i32[O]; attrs stride, pad, mult, shift, relu -> i8[O,OH,OW]
	OpQMaxPool2D Op = 3  // x:i8[C,H,W]; attrs k, stride -> i8[C,OH,OW]
	OpQRelu      Op = 4  // x:i8 -> i8
	OpDequantize Op = 5  // x:i8|i32; attr scale(f32 bits) -> f32
	OpQuantize   Op = 6  // x:f32; attr invScale(f32 bits) -> i8
	OpArgmax     Op = 7  // x:f32|i8|i32[..,N] -> i32[..] (first maximum)
	OpEmbedding  Op = 8  // ids:i32[T], table:f32|f16|q8_0|q4_0|q4_1[V,D] -> f32[T,D]
	OpRMSNorm    Op = 9  // x:f32[T,D], w:f32[D]; attr eps(f32 bits) -> f32[T,D]
	OpMatMul     Op = 10 // x:f32[T,K], w:f32|f16|q8_0|q4_0|q4_1[M,K] -> f32[T,M]
	OpRoPE       Op = 11 // x:f32[T,H*Dh]; attrs heads, lnTheta(f32 bits) -> f32[T,H*Dh]
	OpAttention  Op = 12 // q:f32[T,H*Dh], k,v:f32[T,G*Dh]; attrs heads, kvHeads -> f32[T,H*Dh] (causal)
	OpAdd        Op = 13 // a,b:f32 same shape -> f32
	OpMul        Op = 14 // a,b:f32 same shape -> f32
	OpSiLU       Op = 15 // x:f32 -> f32
	OpGELU       Op = 16 // x:f32 -> f32
	OpSigmoid    Op = 17 // x:f32 -> f32
	OpTanh       Op = 18 // x:f32 -> f32
	OpSoftmax    Op = 19 // x:f32[..,N] -> f32 (last axis)
	OpTakeLast   Op = 20 // x:f32[T,D] -> f32[1,D] (last row)
	OpReshape    Op = 21 // x -> same dtype and elements; attrs are the new dims
	OpQAvgPool2D Op = 22 // x:i8[C,H,W]; attrs k, stride, mult, shift -> i8[C,OH,OW] = requant(window sum)
	OpTrees      Op = 23 // x:f32[N,F], nodes:i32[M,5], leaves:i32[L,2], roots:i32[R], base:f32[T]; attrs depth, average -> f32[N,T]
	OpSlice      Op = 24 // x:f32[R,C]; attrs row, rows, col, cols -> f32[rows,cols] = x[row:row+rows, col:col+cols]
	OpConcat     Op = 25 // a:f32[A,C], b:f32[B,C] -> f32[A+B,C] (a's rows, then b's)
	OpNormalize  Op = 26 // x:f32[R,C]; attr norm (NormMax, NormL1, NormL2) -> f32[R,C] = each row over its norm
)

// Norms of OpNormalize (its attribute): a row is divided by its largest
// element, the sum of its magnitudes or its Euclidean length, as ONNX's
// ai.onnx.ml Normalizer does with MAX, L1 and L2; a row whose norm is zero
// is copied.
const (
	NormMax int64 = 0
	NormL1  int64 = 1
	NormL2  int64 = 2
)

// opInfo describes an op for validation, shape inference and cost.
type opInfo struct {
	name   string
	inputs int
	attrs  int // -1: variable (Reshape)
	infer  func(in []Spec, attr []int64) (Spec, error)
}

var ops = map[Op]opInfo{
	OpQLinear:    {"qlinear", 3, 3, inferQLinear},
	OpQConv2D:    {"qconv2d", 3, 5, inferQConv},
	OpQMaxPool2D: {"qmaxpool2d", 1, 2, inferMaxPool},
	OpQRelu:      {"qrelu", 1, 0, sameAs(tensor.I8)},
	OpDequantize: {"dequantize", 1, 1, inferDequant},
	OpQuantize:   {"quantize", 1, 1, inferQuant},
	OpArgmax:     {"argmax", 1, 0, inferArgmax},
	OpEmbedding:  {"embedding", 2, 0, inferEmbedding},
	OpRMSNorm:    {"rmsnorm", 2, 1, inferRMSNorm},
	OpMatMul:     {"matmul", 2, 0, inferMatMul},
	OpRoPE:       {"rope", 1, 2, inferRoPE},
	OpAttention:  {"attention", 3, 2, inferAttention},
	OpAdd:        {"add", 2, 0, inferBinary},
	OpMul:        {"mul", 2, 0, inferBinary},
	OpSiLU:       {"silu", 1, 0, sameAs(tensor.F32)},
	OpGELU:       {"gelu", 1, 0, sameAs(tensor.F32)},
	OpSigmoid:    {"sigmoid", 1, 0, sameAs(tensor.F32)},
	OpTanh:       {"tanh", 1, 0, sameAs(tensor.F32)},
	OpSoftmax:    {"softmax", 1, 0, inferSoftmax},
	OpTakeLast:   {"takelast", 1, 0, inferTakeLast},
	OpReshape:    {"reshape", 1, -1, inferReshape},
	OpQAvgPool2D: {"qavgpool2d", 1, 4, inferAvgPool},
	OpTrees:      {"trees", 5, 2, inferTrees},
	OpSlice:      {"slice", 1, 4, inferSlice},
	OpConcat:     {"concat", 2, 0, inferConcat},
	OpNormalize:  {"normalize", 1, 1, inferNormalize},
}

func (o Op) String() string {
	if i, ok := ops[o]; ok {
		return i.name
	}
	return fmt.Sprintf("op(%d)", uint8(o))
}

// Ops lists every op code the engine accepts, in code order. Each has a
// one-step definition in SPEC.md (and, with the dispute game, a Solidity twin).
func Ops() []Op {
	var out []Op
	for o := Op(1); o <= OpNormalize; o++ {
		if _, ok := ops[o]; ok {
			out = append(out, o)
		}
	}
	return out
}

func errf(format string, a ...any) error { return fmt.Errorf(format, a...) }

func want(in Spec, i int, dts ...tensor.DType) error {
	for _, d := range dts {
		if in.DType == d {
			return nil
		}
	}
	return errf("input %d: dtype %s not allowed (want %v)", i, in.DType, dts)
}

func rank(in Spec, i int, ranks ...int) error {
	for _, r := range ranks {
		if len(in.Shape) == r {
			return nil
		}
	}
	return errf("input %d: rank %d not allowed (want %v)", i, len(in.Shape), ranks)
}

func checkRequant(mult, shift, relu int64) error {
	if mult < 1 || mult >= 1<<31 {
		return errf("requant multiplier %d outside [1, 2^31)", mult)
	}
	if shift < 1 || shift > 62 {
		return errf("requant shift %d outside [1, 62]", shift)
	}
	if relu != 0 && relu != 1 {
		return errf("relu flag %d not 0 or 1", relu)
	}
	return nil
}

// maxAccTerms bounds a dot product length so that int32 accumulation of
// int8 products plus an int32 bias cannot overflow: K*128*128 < 2^30.
const maxAccTerms = 1 << 16

func inferQLinear(in []Spec, a []int64) (Spec, error) {
	x, w, b := in[0], in[1], in[2]
	if err := firstErr(want(x, 0, tensor.I8), want(w, 1, tensor.I8), want(b, 2, tensor.I32),
		rank(x, 0, 1, 2), rank(w, 1, 2), rank(b, 2, 1), checkRequant(a[0], a[1], a[2])); err != nil {
		return Spec{}, err
	}
	k, m := w.Shape[1], w.Shape[0]
	if x.Shape[len(x.Shape)-1] != k || b.Shape[0] != m {
		return Spec{}, errf("shapes x%v w%v b%v do not agree", x.Shape, w.Shape, b.Shape)
	}
	if k > maxAccTerms {
		return Spec{}, errf("dot length %d > %d", k, maxAccTerms)
	}
	out := append(tensor.Shape(nil), x.Shape...)
	out[len(out)-1] = m
	return Spec{DType: tensor.I8, Shape: out}, nil
}

func convOut(h, k, stride, pad int64) (int, error) {
	if stride < 1 || stride > 64 || pad < 0 || pad >= k || k < 1 {
		return 0, errf("conv/pool window k=%d stride=%d pad=%d invalid", k, stride, pad)
	}
	o := (h+2*pad-k)/stride + 1
	if h+2*pad < k || o < 1 {
		return 0, errf("window %d larger than padded input %d", k, h+2*pad)
	}
	return int(o), nil
}

func inferQConv(in []Spec, a []int64) (Spec, error) {
	x, w, b := in[0], in[1], in[2]
	if err := firstErr(want(x, 0, tensor.I8), want(w, 1, tensor.I8), want(b, 2, tensor.I32),
		rank(x, 0, 3), rank(w, 1, 4), rank(b, 2, 1), checkRequant(a[2], a[3], a[4])); err != nil {
		return Spec{}, err
	}
	if w.Shape[1] != x.Shape[0] || b.Shape[0] != w.Shape[0] {
		return Spec{}, errf("shapes x%v w%v b%v do not agree", x.Shape, w.Shape, b.Shape)
	}
	if w.Shape[1]*w.Shape[2]*w.Shape[3] > maxAccTerms {
		return Spec{}, errf("conv window too large")
	}
	oh, err := convOut(int64(x.Shape[1]), int64(w.Shape[2]), a[0], a[1])
	if err != nil {
		return Spec{}, err
	}
	ow, err := convOut(int64(x.Shape[2]), int64(w.Shape[3]), a[0], a[1])
	if err != nil {
		return Spec{}, err
	}
	return Spec{DType: tensor.I8, Shape: tensor.Shape{w.Shape[0], oh, ow}}, nil
}

func inferMaxPool(in []Spec, a []int64) (Spec, error) {
	x := in[0]
	if err := firstErr(want(x, 0, tensor.I8), rank(x, 0, 3)); err != nil {
		return Spec{}, err
	}
	oh, err := convOut(int64(x.Shape[1]), a[0], a[1], 0)
	if err != nil {
		return Spec{}, err
	}
	ow, err := convOut(int64(x.Shape[2]), a[0], a[1], 0)
	if err != nil {
		return Spec{}, err
	}
	return Spec{DType: tensor.I8, Shape: tensor.Shape{x.Shape[0], oh, ow}}, nil
}

func inferAvgPool(in []Spec, a []int64) (Spec, error) {
	if err := checkRequant(a[2], a[3], 0); err != nil {
		return Spec{}, err
	}
	return inferMaxPool(in, a[:2])
}

func sameAs(d tensor.DType) func([]Spec, []int64) (Spec, error) {
	return func(in []Spec, _ []int64) (Spec, error) {
		if err := want(in[0], 0, d); err != nil {
			return Spec{}, err
		}
		return Spec{DType: d, Shape: in[0].Shape}, nil
	}
}

// inferSoftmax: softmax runs over the last axis, so x has one (a scalar has
// no rows to normalize).
func inferSoftmax(in []Spec, a []int64) (Spec, error) {
	if len(in[0].Shape) == 0 {
		return Spec{}, errf("softmax of a scalar (it runs over the last axis)")
	}
	return sameAs(tensor.F32)(in, a)
}

func checkF32Attr(v int64, what string) error {
	if v < 0 || v > 0xFFFFFFFF {
		return errf("%s: %d is not a binary32 bit pattern", what, v)
	}
	return nil
}

func inferDequant(in []Spec, a []int64) (Spec, error) {
	if err := firstErr(want(in[0], 0, tensor.I8, tensor.I32), checkF32Attr(a[0], "scale")); err != nil {
		return Spec{}, err
	}
	return Spec{DType: tensor.F32, Shape: in[0].Shape}, nil
}

func inferQuant(in []Spec, a []int64) (Spec, error) {
	if err := firstErr(want(in[0], 0, tensor.F32), checkF32Attr(a[0], "invScale")); err != nil {
		return Spec{}, err
	}
	return Spec{DType: tensor.I8, Shape: in[0].Shape}, nil
}

func inferArgmax(in []Spec, _ []int64) (Spec, error) {
	x := in[0]
	if err := firstErr(want(x, 0, tensor.F32, tensor.I8, tensor.I32), rank(x, 0, 1, 2)); err != nil {
		return Spec{}, err
	}
	if len(x.Shape) == 1 {
		return Spec{DType: tensor.I32, Shape: tensor.Shape{1}}, nil
	}
	return Spec{DType: tensor.I32, Shape: tensor.Shape{x.Shape[0]}}, nil
}

func inferEmbedding(in []Spec, _ []int64) (Spec, error) {
	ids, tab := in[0], in[1]
	if err := firstErr(want(ids, 0, tensor.I32), rank(ids, 0, 1),
		want(tab, 1, tensor.F32, tensor.F16, tensor.Q8_0, tensor.Q4_0, tensor.Q4_1), rank(tab, 1, 2)); err != nil {
		return Spec{}, err
	}
	return Spec{DType: tensor.F32, Shape: tensor.Shape{ids.Shape[0], tab.Shape[1]}}, nil
}

func inferRMSNorm(in []Spec, a []int64) (Spec, error) {
	x, w := in[0], in[1]
	if err := firstErr(want(x, 0, tensor.F32), rank(x, 0, 2), want(w, 1, tensor.F32), rank(w, 1, 1),
		checkF32Attr(a[0], "eps")); err != nil {
		return Spec{}, err
	}
	if w.Shape[0] != x.Shape[1] {
		return Spec{}, errf("rmsnorm weight %v does not match x%v", w.Shape, x.Shape)
	}
	return Spec{DType: tensor.F32, Shape: x.Shape}, nil
}

func inferMatMul(in []Spec, _ []int64) (Spec, error) {
	x, w := in[0], in[1]
	if err := firstErr(want(x, 0, tensor.F32), rank(x, 0, 2),
		want(w, 1, tensor.F32, tensor.F16, tensor.Q8_0, tensor.Q4_0, tensor.Q4_1), rank(w, 1, 2)); err != nil {
		return Spec{}, err
	}
	if x.Shape[1] != w.Shape[1] {
		return Spec{}, errf("matmul x%v and w%v disagree on K", x.Shape, w.Shape)
	}
	return Spec{DType: tensor.F32, Shape: tensor.Shape{x.Shape[0], w.Shape[0]}}, nil
}

func inferRoPE(in []Spec, a []int64) (Spec, error) {
	x := in[0]
	if err := firstErr(want(x, 0, tensor.F32), rank(x, 0, 2), checkF32Attr(a[1], "lnTheta")); err != nil {
		return Spec{}, err
	}
	if a[0] < 1 || int64(x.Shape[1])%a[0] != 0 || (int64(x.Shape[1])/a[0])%2 != 0 {
		return Spec{}, errf("rope: width %d not divisible into %d heads of even size", x.Shape[1], a[0])
	}
	return Spec{DType: tensor.F32, Shape: x.Shape}, nil
}

func inferAttention(in []Spec, a []int64) (Spec, error) {
	q, k, v := in[0], in[1], in[2]
	if err := firstErr(want(q, 0, tensor.F32), want(k, 1, tensor.F32), want(v, 2, tensor.F32),
		rank(q, 0, 2), rank(k, 1, 2), rank(v, 2, 2)); err != nil {
		return Spec{}, err
	}
	h, g := a[0], a[1]
	if h < 1 || g < 1 || h%g != 0 || int64(q.Shape[1])%h != 0 {
		return Spec{}, errf("attention: %d heads / %d kv heads do not divide width %d", h, g, q.Shape[1])
	}
	dh := int64(q.Shape[1]) / h
	if dh > MaxHeadDim {
		return Spec{}, errf("attention: head size %d is more than the bound of %d (a step must run on L1)", dh, MaxHeadDim)
	}
	if !k.Shape.Equal(v.Shape) || int64(k.Shape[1]) != g*dh || k.Shape[0] != q.Shape[0] {
		return Spec{}, errf("attention: k%v v%v do not match q%v", k.Shape, v.Shape, q.Shape)
	}
	return Spec{DType: tensor.F32, Shape: q.Shape}, nil
}

func inferBinary(in []Spec, _ []int64) (Spec, error) {
	if err := firstErr(want(in[0], 0, tensor.F32), want(in[1], 1, tensor.F32)); err != nil {
		return Spec{}, err
	}
	if !in[0].Shape.Equal(in[1].Shape) {
		return Spec{}, errf("shapes %v and %v differ", in[0].Shape, in[1].Shape)
	}
	return Spec{DType: tensor.F32, Shape: in[0].Shape}, nil
}

func inferTakeLast(in []Spec, _ []int64) (Spec, error) {
	if err := firstErr(want(in[0], 0, tensor.F32), rank(in[0], 0, 2)); err != nil {
		return Spec{}, err
	}
	return Spec{DType: tensor.F32, Shape: tensor.Shape{1, in[0].Shape[1]}}, nil
}

func inferReshape(in []Spec, a []int64) (Spec, error) {
	x := in[0]
	if x.DType.Quantized() {
		return Spec{}, errf("reshape of %s", x.DType)
	}
	if len(a) < 1 || len(a) > tensor.MaxRank {
		return Spec{}, errf("reshape to rank %d", len(a))
	}
	s := make(tensor.Shape, len(a))
	for i, d := range a {
		if d < 1 || d > tensor.MaxDim {
			return Spec{}, errf("reshape dimension %d", d)
		}
		s[i] = int(d)
	}
	if s.Elements() != x.Shape.Elements() {
		return Spec{}, errf("reshape %v to %v changes the element count", x.Shape, s)
	}
	return Spec{DType: x.DType, Shape: s}, nil
}

// inferSlice: a window of rows and columns of a matrix, inside it.
func inferSlice(in []Spec, a []int64) (Spec, error) {
	x := in[0]
	if err := firstErr(want(x, 0, tensor.F32), rank(x, 0, 2)); err != nil {
		return Spec{}, err
	}
	for i, dim := range []int64{int64(x.Shape[0]), int64(x.Shape[1])} {
		at, n := a[2*i], a[2*i+1]
		if at < 0 || n < 1 || at > dim || n > dim-at {
			return Spec{}, errf("slice [%d, %d) of a dimension of %d", at, at+n, dim)
		}
	}
	return Spec{DType: tensor.F32, Shape: tensor.Shape{int(a[1]), int(a[3])}}, nil
}

// inferConcat: two matrices of one width, one above the other.
func inferConcat(in []Spec, _ []int64) (Spec, error) {
	a, b := in[0], in[1]
	if err := firstErr(want(a, 0, tensor.F32), rank(a, 0, 2), want(b, 1, tensor.F32), rank(b, 1, 2)); err != nil {
		return Spec{}, err
	}
	if a.Shape[1] != b.Shape[1] {
		return Spec{}, errf("concat of widths %d and %d", a.Shape[1], b.Shape[1])
	}
	return Spec{DType: tensor.F32, Shape: tensor.Shape{a.Shape[0] + b.Shape[0], a.Shape[1]}}, nil
}

// inferNormalize: a matrix, each row over its norm.
func inferNormalize(in []Spec, a []int64) (Spec, error) {
	if err := firstErr(want(in[0], 0, tensor.F32), rank(in[0], 0, 2)); err != nil {
		return Spec{}, err
	}
	if a[0] < NormMax || a[0] > NormL2 {
		return Spec{}, errf("normalize: norm %d is not max (0), l1 (1) or l2 (2)", a[0])
	}
	return Spec{DType: tensor.F32, Shape: in[0].Shape}, nil
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}
