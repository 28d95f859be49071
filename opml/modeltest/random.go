// Package modeltest builds random valid models for fuzzers that check the
// engine against its own accounting: one node of any op with random shapes,
// or a chain of nodes of one op, each with inputs to run it on. Sizes are
// kept small enough for the soft-float reference path.
package modeltest

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/aievm/aievm/opml/model"
	"github.com/aievm/aievm/opml/tensor"
)

// Kinds is the number of distinct kinds Random builds; kind is taken modulo.
const Kinds = 26

// Random returns a random model of the given kind (an op, or a chain of
// ops) and inputs for it. An error means the random shape is one the op
// refuses; fuzzers skip it.
func Random(r *rand.Rand, kind uint8) (*model.Model, []*tensor.Tensor, error) {
	g := &gen{r: r, b: model.NewBuilder(fmt.Sprintf("random-%d", kind%Kinds))}
	b := g.b
	n := func(max int) int { return 1 + r.IntN(max) }
	var y model.Value
	switch kind % Kinds {
	case 0:
		rows, k, m := n(16), n(200), n(48)
		y = b.QLinear("l", g.input(tensor.I8, rows, k), g.weights(tensor.I8, m, k), g.bias(m), 1<<30, uint8(20+r.IntN(12)), r.IntN(2) == 0)
	case 1:
		c, o, kh, kw := n(6), n(6), n(5), n(5)
		x := g.input(tensor.I8, c, kh+r.IntN(24), kw+r.IntN(24))
		y = b.QConv2D("c", x, g.weights(tensor.I8, o, c, kh, kw), g.bias(o), n(3), r.IntN(3), 1<<30, 24, r.IntN(2) == 0)
	case 2:
		k := n(4)
		y = b.QMaxPool2D("p", g.input(tensor.I8, n(6), k+r.IntN(30), k+r.IntN(30)), k, n(3))
	case 3:
		k := n(4)
		y = b.QAvgPool2D("p", g.input(tensor.I8, n(6), k+r.IntN(30), k+r.IntN(30)), k, n(3), 1<<30, 30)
	case 4:
		y = g.chain(model.OpQRelu, g.input(tensor.I8, n(8), n(64)), n(64))
	case 5:
		y = b.Dequantize("d", g.input(tensor.I8, n(8), n(64)), 0.05)
	case 6:
		y = b.Quantize("q", g.input(tensor.F32, n(8), n(64)), 8)
	case 7:
		y = b.Unary("a", model.OpArgmax, g.input(tensor.F32, n(8), n(64)))
	case 8:
		v, d := n(64), 32*n(4)
		dt := []tensor.DType{tensor.F32, tensor.F16, tensor.Q8_0, tensor.Q4_0, tensor.Q4_1}[r.IntN(5)]
		ids := g.ids(n(32), v)
		y = b.Binary("e", model.OpEmbedding, ids, g.weights(dt, v, d))
	case 9:
		d := n(64)
		y = b.RMSNorm("n", g.input(tensor.F32, n(8), d), g.weights(tensor.F32, d), 1e-5)
	case 10:
		t, k, m := n(8), 32*n(4), n(32)
		dt := []tensor.DType{tensor.F32, tensor.F16, tensor.Q8_0, tensor.Q4_0, tensor.Q4_1}[r.IntN(5)]
		y = b.Binary("mm", model.OpMatMul, g.input(tensor.F32, t, k), g.weights(dt, m, k))
	case 11:
		heads, dh := n(4), 2*n(8)
		y = b.RoPE("r", g.input(tensor.F32, n(16), heads*dh), heads, 10000)
	case 12:
		kv, dh, t := n(2), 2*n(8), n(16)
		heads := kv * n(2)
		q := g.input(tensor.F32, t, heads*dh)
		k := g.input(tensor.F32, t, kv*dh)
		y = b.Attention("a", q, k, g.input(tensor.F32, t, kv*dh), heads, kv)
	case 13, 14:
		op := map[uint8]model.Op{13: model.OpAdd, 14: model.OpMul}[kind%Kinds]
		x := g.input(tensor.F32, n(8), n(64))
		y = x
		for i := 0; i < n(32); i++ {
			y = b.Binary("b", op, y, x)
		}
	case 15, 16, 17, 18, 19:
		op := map[uint8]model.Op{15: model.OpSiLU, 16: model.OpGELU, 17: model.OpSigmoid, 18: model.OpTanh, 19: model.OpSoftmax}[kind%Kinds]
		y = g.chain(op, g.input(tensor.F32, n(8), n(64)), n(16))
	case 20:
		y = g.chain(model.OpTakeLast, g.input(tensor.F32, n(32), n(256)), n(64))
	case 21:
		rows, cols := n(16), n(16)
		x := g.input(tensor.F32, rows, cols)
		y = b.Reshape("r", b.Reshape("r", x, cols, rows), rows*cols)
	case 22:
		y = g.trees(n(6), n(12), n(8), n(6), n(4))
	case 23: // slices and concats: an LSTM's plumbing
		rows, cols := n(16), n(16)
		x := g.input(tensor.F32, rows, cols)
		r0, c0 := r.IntN(rows), r.IntN(cols)
		s := b.Node("s", model.OpSlice, []int64{int64(r0), int64(1 + r.IntN(rows-r0)), int64(c0), int64(cols - c0)}, x)
		y = b.Node("c", model.OpConcat, nil, s, b.Node("t", model.OpSlice, []int64{0, 1, int64(c0), int64(cols - c0)}, x))
	case 24: // normalizes of every norm, rows of zeros and of one sign among them
		rows, cols := n(8), n(32)
		x := g.input(tensor.F32, rows, cols)
		g.zeroRow(rows, cols)
		y = x
		for i := 0; i < n(6); i++ {
			y = b.Node("n", model.OpNormalize, []int64{int64(r.IntN(3))}, y)
		}
	default: // a small network: linear, relu, dequantize, softmax
		k, m := n(64), n(32)
		h := b.QLinear("l", g.input(tensor.I8, n(4), k), g.weights(tensor.I8, m, k), g.bias(m), 1<<30, 24, true)
		y = b.Unary("s", model.OpSoftmax, b.Dequantize("d", b.Unary("r", model.OpQRelu, h), 0.1))
	}
	b.Output("y", y)
	m, err := b.Build()
	return m, g.ins, err
}

// gen holds a model under construction and its inputs.
type gen struct {
	r   *rand.Rand
	b   *model.Builder
	ins []*tensor.Tensor
}

// input adds a model input of random values (finite, for float dtypes).
func (g *gen) input(d tensor.DType, shape ...int) model.Value {
	t := g.tensor(d, shape)
	g.ins = append(g.ins, t)
	return g.b.Input(fmt.Sprintf("x%d", len(g.ins)), d, t.Shape)
}

// ids adds an input of t token ids below v.
func (g *gen) ids(t, v int) model.Value {
	ids := make([]int32, t)
	for i := range ids {
		ids[i] = int32(g.r.IntN(v))
	}
	x := tensor.FromI32(tensor.Shape{t}, ids)
	g.ins = append(g.ins, x)
	return g.b.Input(fmt.Sprintf("x%d", len(g.ins)), tensor.I32, x.Shape)
}

// weights adds a constant of random values.
func (g *gen) weights(d tensor.DType, shape ...int) model.Value {
	return g.b.Const("w", g.tensor(d, shape))
}

func (g *gen) bias(m int) model.Value {
	b := make([]int32, m)
	for i := range b {
		b[i] = int32(g.r.IntN(2001) - 1000)
	}
	return g.b.Const("b", tensor.FromI32(tensor.Shape{m}, b))
}

// tensor returns random data; float values are small and finite, and
// quantized blocks have finite scales.
func (g *gen) tensor(d tensor.DType, shape []int) *tensor.Tensor {
	if d == tensor.F32 {
		f := make([]float32, tensor.Shape(shape).Elements())
		for i := range f {
			f[i] = float32(g.r.NormFloat64())
		}
		return tensor.FromF32(tensor.Shape(shape), f)
	}
	t := tensor.New(d, tensor.Shape(shape))
	switch d {
	case tensor.F16:
		for i := 0; i+1 < len(t.Data); i += 2 {
			t.Data[i], t.Data[i+1] = byte(g.r.IntN(256)), byte(0x30+g.r.IntN(16)) // |x| < 1
		}
	case tensor.Q8_0, tensor.Q4_0, tensor.Q4_1:
		bb := len(t.Data) / (t.Shape.Elements() / tensor.QK)
		for i := range t.Data {
			t.Data[i] = byte(g.r.IntN(256))
		}
		for i := 0; i < len(t.Data); i += bb {
			t.Data[i+1] = byte(0x20 + g.r.IntN(16)) // a small finite f16 scale
			if d == tensor.Q4_1 {
				t.Data[i+3] = byte(0x20+g.r.IntN(16)) | byte(g.r.IntN(2))<<7 // and min, of either sign
			}
		}
	default:
		for i := range t.Data {
			t.Data[i] = byte(g.r.IntN(256))
		}
	}
	return t
}

// chain applies a one-input op k times.
func (g *gen) chain(op model.Op, x model.Value, k int) model.Value {
	for i := 0; i < k; i++ {
		x = g.b.Unary(fmt.Sprintf("n%d", i), op, x)
	}
	return x
}

// trees adds a trees node over rows x features inputs: trees random trees
// of up to depth levels with targets outputs. Thresholds are often values
// of the inputs (ties), inputs hold NaN and both zeros, every mode and the
// missing flag occur, and some table entries are hostile (out of range).
func (g *gen) trees(rows, features, trees, depth, targets int) model.Value {
	r := g.r
	x := make([]float32, rows*features)
	for i := range x {
		switch r.IntN(10) {
		case 0:
			x[i] = float32(math.NaN())
		case 1:
			x[i] = float32(math.Copysign(0, -1))
		case 2:
			x[i] = 0
		default:
			x[i] = float32(r.IntN(7) - 3)
		}
	}
	xt := tensor.FromF32(tensor.Shape{rows, features}, x)
	g.ins = append(g.ins, xt)
	xv := g.b.Input(fmt.Sprintf("x%d", len(g.ins)), tensor.F32, xt.Shape)
	var nodes, leaves, roots []int32
	var grow func(level int) int32
	grow = func(level int) int32 {
		at := int32(len(nodes) / model.TreeNodeWidth)
		if level == depth-1 || r.IntN(4) == 0 {
			count := 1 + r.IntN(min(targets+1, model.MaxLeafWeights))
			nodes = append(nodes, model.TreeLeaf, int32(len(leaves)/model.TreeLeafWidth), int32(count), 0, 0)
			for i := 0; i < count; i++ {
				leaves = append(leaves, int32(r.IntN(targets+1)), int32(math.Float32bits(float32(r.NormFloat64()))))
			}
			return at
		}
		mode := int32(model.TreeLEQ + r.IntN(6))
		if r.IntN(3) == 0 {
			mode |= model.TreeMissingTrue
		}
		nodes = append(nodes, mode, int32(r.IntN(features)), int32(math.Float32bits(float32(r.IntN(7)-3))), 0, 0)
		t := grow(level + 1)
		f := grow(level + 1)
		nodes[int(at)*model.TreeNodeWidth+3], nodes[int(at)*model.TreeNodeWidth+4] = t, f
		return at
	}
	for i := 0; i < trees; i++ {
		roots = append(roots, grow(0))
	}
	if r.IntN(2) == 0 { // hostile entries: any int32 in any field
		for i := 0; i < 1+r.IntN(4); i++ {
			nodes[r.IntN(len(nodes))] = int32(r.Uint32())
		}
		roots[r.IntN(len(roots))] = int32(r.IntN(len(nodes)/model.TreeNodeWidth + 3))
	}
	base := make([]float32, targets)
	for i := range base {
		base[i] = float32(r.NormFloat64())
	}
	c := func(name string, t *tensor.Tensor) model.Value { return g.b.Const(name, t) }
	return g.b.Node("trees", model.OpTrees, []int64{int64(depth), int64(r.IntN(2))}, xv,
		c("nodes", tensor.FromI32(tensor.Shape{len(nodes) / model.TreeNodeWidth, model.TreeNodeWidth}, nodes)),
		c("leaves", tensor.FromI32(tensor.Shape{len(leaves) / model.TreeLeafWidth, model.TreeLeafWidth}, leaves)),
		c("roots", tensor.FromI32(tensor.Shape{len(roots)}, roots)),
		c("base", tensor.FromF32(tensor.Shape{targets}, base)))
}

// zeroRow makes the last input's rows hostile to a norm: one all zeros
// (half of them -0), one all negative, and a NaN in another (with two rows
// or more, each a different row).
func (g *gen) zeroRow(rows, cols int) {
	last := g.ins[len(g.ins)-1]
	x := last.F32() // a copy on big-endian hosts: written back below
	defer func() { g.ins[len(g.ins)-1] = tensor.FromF32(last.Shape, x) }()
	z := g.r.IntN(rows)
	for i := range cols {
		x[z*cols+i] = 0
		if g.r.IntN(2) == 0 {
			x[z*cols+i] = float32(math.Copysign(0, -1))
		}
	}
	if rows < 2 {
		return
	}
	neg := (z + 1) % rows
	for i := range cols {
		x[neg*cols+i] = -float32(math.Abs(float64(x[neg*cols+i])))
	}
	if rows > 2 && g.r.IntN(2) == 0 {
		x[((z+2)%rows)*cols+g.r.IntN(cols)] = float32(math.NaN())
	}
}
