package model

import (
	"fmt"
	"math"

	"github.com/aievm/aievm/opml/tensor"
)

// Value is a handle to a value in a model under construction.
type Value int

// Builder constructs a model in code. Methods record the first error and
// return a harmless handle after it; Build reports that error.
type Builder struct {
	name    string
	inputs  []Spec
	consts  []Const
	nodes   []Node // In holds builder handles until Build renumbers them
	outputs []Value
	outName []string
	err     error
}

// handles: inputs are 0..; constants and nodes get negative-free ids in
// creation order, then Build maps them to file value ids.
const (
	kindInput = iota
	kindConst
	kindNode
)

type ref struct{ kind, idx int }

// NewBuilder starts a model with the given name.
func NewBuilder(name string) *Builder { return &Builder{name: name} }

func (b *Builder) fail(err error) Value {
	if b.err == nil {
		b.err = err
	}
	return 0
}

// refs maps builder handles to (kind, index). Handles are assigned from one
// counter so they stay unique across kinds.
func (b *Builder) decode(v Value) ref {
	k := int(v)
	switch {
	case k < 0:
		return ref{-1, 0}
	case k%3 == kindInput:
		return ref{kindInput, k / 3}
	case k%3 == kindConst:
		return ref{kindConst, k / 3}
	}
	return ref{kindNode, k / 3}
}

func encode(kind, idx int) Value { return Value(idx*3 + kind) }

// Input declares a model input.
func (b *Builder) Input(name string, d tensor.DType, s tensor.Shape) Value {
	b.inputs = append(b.inputs, Spec{Name: name, DType: d, Shape: append(tensor.Shape(nil), s...)})
	return encode(kindInput, len(b.inputs)-1)
}

// Const adds a constant tensor.
func (b *Builder) Const(name string, t *tensor.Tensor) Value {
	if t == nil {
		return b.fail(fmt.Errorf("constant %q is nil", name))
	}
	b.consts = append(b.consts, Const{Spec: Spec{Name: name, DType: t.DType, Shape: append(tensor.Shape(nil), t.Shape...)}, Data: t.Data})
	return encode(kindConst, len(b.consts)-1)
}

// Node adds an operation; the typed helpers below are the usual way in.
func (b *Builder) Node(name string, op Op, attr []int64, in ...Value) Value {
	ids := make([]int, len(in))
	for i, v := range in {
		ids[i] = int(v)
	}
	b.nodes = append(b.nodes, Node{Name: name, Op: op, In: ids, Attr: attr})
	return encode(kindNode, len(b.nodes)-1)
}

// Len is the nodes and constants added so far: an importer refuses a
// graph past the format's bounds as it grows, not after lowering it all.
func (b *Builder) Len() (nodes, consts int) { return len(b.nodes), len(b.consts) }

// Spec infers the spec of a value under construction, as Build will: an
// importer that cannot evaluate a graph reads its shapes this way. An
// error is the first problem on the way (Build reports it too).
func (b *Builder) Spec(v Value) (Spec, error) {
	if b.err != nil {
		return Spec{}, b.err
	}
	r := b.decode(v)
	switch {
	case r.kind == kindInput && r.idx < len(b.inputs):
		return b.inputs[r.idx], nil
	case r.kind == kindConst && r.idx < len(b.consts):
		return b.consts[r.idx].Spec, nil
	case r.kind != kindNode || r.idx >= len(b.nodes):
		return Spec{}, fmt.Errorf("value %d is not defined", v)
	}
	n := &b.nodes[r.idx]
	if n.Out.Shape != nil { // inferred before
		return n.Out, nil
	}
	info, ok := ops[n.Op]
	if !ok || len(n.In) != info.inputs || (info.attrs >= 0 && len(n.Attr) != info.attrs) {
		return Spec{}, fmt.Errorf("node %q (%s): wrong inputs or attributes", n.Name, n.Op)
	}
	in := make([]Spec, len(n.In))
	for i, x := range n.In {
		if b.decode(Value(x)).kind == kindNode && b.decode(Value(x)).idx >= r.idx {
			return Spec{}, fmt.Errorf("node %q reads a later value", n.Name)
		}
		s, err := b.Spec(Value(x))
		if err != nil {
			return Spec{}, err
		}
		in[i] = s
	}
	out, err := info.infer(in, n.Attr)
	if err != nil {
		return Spec{}, fmt.Errorf("node %q (%s): %w", n.Name, n.Op, err)
	}
	if err := tensor.CheckShape(out.DType, out.Shape); err != nil {
		return Spec{}, fmt.Errorf("node %q (%s): output %w", n.Name, n.Op, err)
	}
	n.Out = out
	return out, nil
}

// Output marks a value as a model output.
func (b *Builder) Output(name string, v Value) {
	b.outputs = append(b.outputs, v)
	b.outName = append(b.outName, name)
}

// Build validates the graph and returns the model.
func (b *Builder) Build() (*Model, error) {
	if b.err != nil {
		return nil, fmt.Errorf("build %s: %w", b.name, b.err)
	}
	nIn, nC := len(b.inputs), len(b.consts)
	id := func(v int) int {
		r := b.decode(Value(v))
		switch r.kind {
		case kindInput:
			return r.idx
		case kindConst:
			return nIn + r.idx
		case kindNode:
			return nIn + nC + r.idx
		}
		return -1
	}
	m := &Model{Name: b.name, Inputs: b.inputs, Consts: b.consts}
	for _, n := range b.nodes {
		n.In = append([]int(nil), n.In...)
		for i, v := range n.In {
			n.In[i] = id(v)
		}
		m.Nodes = append(m.Nodes, n)
	}
	for i, v := range b.outputs {
		m.OutputIDs = append(m.OutputIDs, id(int(v)))
		m.Outputs = append(m.Outputs, Spec{Name: b.outName[i]})
	}
	if err := m.validate(); err != nil {
		return nil, fmt.Errorf("build %s: %w", b.name, err)
	}
	return m, nil
}

// QLinear adds y = requant(x*W^T + bias) with optional ReLU.
func (b *Builder) QLinear(name string, x, w, bias Value, mult int32, shift uint8, relu bool) Value {
	return b.Node(name, OpQLinear, []int64{int64(mult), int64(shift), boolAttr(relu)}, x, w, bias)
}

// QConv2D adds an int8 convolution with zero padding.
func (b *Builder) QConv2D(name string, x, w, bias Value, stride, pad int, mult int32, shift uint8, relu bool) Value {
	return b.Node(name, OpQConv2D, []int64{int64(stride), int64(pad), int64(mult), int64(shift), boolAttr(relu)}, x, w, bias)
}

// QMaxPool2D adds a k x k max pool.
func (b *Builder) QMaxPool2D(name string, x Value, k, stride int) Value {
	return b.Node(name, OpQMaxPool2D, []int64{int64(k), int64(stride)}, x)
}

// QAvgPool2D adds a k x k average pool: requant(window sum) with mult/2^shift
// folding in 1/k^2 and the scale change.
func (b *Builder) QAvgPool2D(name string, x Value, k, stride int, mult int32, shift uint8) Value {
	return b.Node(name, OpQAvgPool2D, []int64{int64(k), int64(stride), int64(mult), int64(shift)}, x)
}

// Dequantize adds y = f32(x) * scale.
func (b *Builder) Dequantize(name string, x Value, scale float32) Value {
	return b.Node(name, OpDequantize, []int64{F32Attr(scale)}, x)
}

// Quantize adds q = clamp(round_even(x * invScale), -128, 127).
func (b *Builder) Quantize(name string, x Value, invScale float32) Value {
	return b.Node(name, OpQuantize, []int64{F32Attr(invScale)}, x)
}

// RMSNorm adds y = x / sqrt(mean(x^2) + eps) * w over each row.
func (b *Builder) RMSNorm(name string, x, w Value, eps float32) Value {
	return b.Node(name, OpRMSNorm, []int64{F32Attr(eps)}, x, w)
}

// RoPE adds rotary position embedding over heads of the row width, with
// frequency base theta.
func (b *Builder) RoPE(name string, x Value, heads int, theta float64) Value {
	return b.Node(name, OpRoPE, []int64{int64(heads), F32Attr(float32(math.Log(theta)))}, x)
}

// Attention adds causal multi-head attention with kvHeads shared key/value
// heads.
func (b *Builder) Attention(name string, q, k, v Value, heads, kvHeads int) Value {
	return b.Node(name, OpAttention, []int64{int64(heads), int64(kvHeads)}, q, k, v)
}

// Reshape adds a reshape to dims.
func (b *Builder) Reshape(name string, x Value, dims ...int) Value {
	a := make([]int64, len(dims))
	for i, d := range dims {
		a[i] = int64(d)
	}
	return b.Node(name, OpReshape, a, x)
}

// Unary adds an attribute-free op of one input (QRelu, Argmax, SiLU, GELU,
// Sigmoid, Tanh, Softmax, TakeLast).
func (b *Builder) Unary(name string, op Op, x Value) Value { return b.Node(name, op, nil, x) }

// Binary adds an attribute-free op of two inputs (Add, Mul, MatMul,
// Embedding).
func (b *Builder) Binary(name string, op Op, x, y Value) Value { return b.Node(name, op, nil, x, y) }

func boolAttr(v bool) int64 {
	if v {
		return 1
	}
	return 0
}
