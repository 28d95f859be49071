package onnx

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/aievm/aievm/opml/exec"
	"github.com/aievm/aievm/opml/model"
	"github.com/aievm/aievm/opml/tensor"
)

// Supported lists the ONNX ops the importer lowers to engine ops.
var Supported = []string{"Gemm", "MatMul", "Add", "Mul", "Relu", "Sigmoid", "Tanh", "Softmax", "Conv",
	"MaxPool", "AveragePool", "Flatten", "Reshape", "Identity", "QuantizeLinear", "DequantizeLinear",
	"QLinearMatMul", "QLinearConv", "LSTM", "GRU", "Cast", "Constant", "Shape", "Gather", "Concat", "Unsqueeze",
	"Squeeze", "ConstantOfShape", "If"}

// minInputs is the fewest inputs a node of an op has (1 if not listed):
// lowering reads them by position.
var minInputs = map[string]int{"Constant": 0, "Gemm": 2, "MatMul": 2, "Add": 2, "Mul": 2, "Conv": 2, "Reshape": 2,
	"QuantizeLinear": 2, "DequantizeLinear": 2, "QLinearMatMul": 8, "QLinearConv": 8, "LSTM": 3, "GRU": 3, "Gather": 2}

// ErrUnsupported names an op or pattern the importer cannot lower.
var ErrUnsupported = errors.New("unsupported")

// Report says how far the imported int8 model is from the float original.
type Report struct {
	Samples    int
	MaxAbsErr  float64 // over every output element of every sample
	MeanAbsErr float64
	Agreement  float64 // share of samples whose argmax over the first output agrees
}

func (r Report) String() string {
	return fmt.Sprintf("%d samples: max |error| %.4g, mean |error| %.4g, argmax agreement %.1f%%",
		r.Samples, r.MaxAbsErr, r.MeanAbsErr, 100*r.Agreement)
}

// Sample is one calibration input: values by graph input name.
type Sample map[string]*Value

// state of one ONNX value during lowering.
type lowered struct {
	v     model.Value
	int8  bool
	scale float64 // int8: real value = q * scale
	shape []int   // ONNX shape
	label bool    // an i32 class index (a classifier's label)
}

type importer struct {
	m       *Model
	b       *model.Builder
	consts  map[string]*Value // initializers and folded constants
	vals    map[string]*lowered
	amax    map[string]float64
	shapes  map[string][]int
	users   map[string]int
	skip    map[int]bool // nodes fused into an earlier one
	asInts  map[string]*lowered
	asFloat map[string]*lowered
	names   map[string]bool // constant names in use
	nconst  int
	// fixed: the fixed rule of ImportFixed (no calibration, no evaluation):
	// shapes come from the engine's shape inference, and a float value
	// that would need a calibrated int8 scale is refused.
	fixed bool
	nmade int // elements made beyond the file's tensors (made)
}

// engineShape drops the batch dimension of NCHW tensors; matrices keep it.
func engineShape(s []int) tensor.Shape {
	if len(s) == 4 && s[0] == 1 {
		return tensor.Shape(s[1:])
	}
	return tensor.Shape(append([]int(nil), s...))
}

func newImporter(m *Model, name string) *importer {
	im := &importer{m: m, b: model.NewBuilder(name), consts: map[string]*Value{}, vals: map[string]*lowered{},
		amax: map[string]float64{}, shapes: map[string][]int{}, users: map[string]int{}, skip: map[int]bool{},
		asInts: map[string]*lowered{}, asFloat: map[string]*lowered{}, names: map[string]bool{}}
	for _, t := range m.Graph.Initializers {
		im.consts[t.Name] = tensorValue(t)
	}
	return im
}

// Import lowers a float (or QDQ) ONNX model to the engine's int8 ops,
// calibrating activation scales on samples (at least one), and reports the
// error of the result against float evaluation of the original on the same
// samples.
func Import(m *Model, name string, samples []Sample) (*model.Model, *Report, error) {
	if len(samples) == 0 {
		return nil, nil, errors.New("import: need at least one calibration sample")
	}
	ev := NewEvaluator(&m.Graph)
	im := newImporter(m, name)
	// Calibrate: float-evaluate every sample, keep max |x| and the shape of every value.
	var evals []map[string]*Value
	for i, s := range samples {
		vals, err := ev.Run(s)
		if err != nil {
			return nil, nil, fmt.Errorf("import: evaluate sample %d: %w", i, err)
		}
		evals = append(evals, vals)
		for k, v := range vals {
			a := im.amax[k]
			for _, x := range v.Data {
				a = math.Max(a, math.Abs(float64(x)))
			}
			im.amax[k], im.shapes[k] = a, v.Shape
		}
	}
	em, err := im.build(func(in ValueInfo) []int { return im.shapes[in.Name] })
	if err != nil {
		return nil, nil, err
	}
	rep, err := compare(em, m, samples, evals)
	if err != nil {
		return nil, nil, err
	}
	return em, rep, nil
}

// build lowers the graph, its inputs of the given shapes, and builds the
// engine model.
func (im *importer) build(inputShape func(ValueInfo) []int) (*model.Model, error) {
	m := im.m
	countUsers(&m.Graph, im.users)
	for _, o := range m.Graph.Outputs {
		im.users[o.Name]++
	}
	for _, in := range m.Graph.Inputs {
		if _, isConst := im.consts[in.Name]; isConst {
			continue
		}
		if in.ElemType != Float {
			return nil, fmt.Errorf("import: input %s has element type %s; only float inputs are supported", in.Name, elemTypeName(in.ElemType))
		}
		s := inputShape(in)
		im.vals[in.Name] = &lowered{v: im.b.Input(in.Name, tensor.F32, engineShape(s)), shape: s}
	}
	for i := range m.Graph.Nodes {
		if im.skip[i] {
			continue
		}
		if err := im.lower(i); err != nil {
			n := m.Graph.Nodes[i]
			return nil, fmt.Errorf("import: node %d %q (%s): %w", i, n.Name, n.OpType, err)
		}
		if nodes, consts := im.b.Len(); nodes > model.MaxNodes || consts > model.MaxConsts {
			return nil, fmt.Errorf("import: %w: the graph lowers to more than %d nodes or %d constants (at node %d of %d)",
				ErrUnsupported, model.MaxNodes, model.MaxConsts, i, len(m.Graph.Nodes))
		}
	}
	for _, o := range m.Graph.Outputs {
		f, err := im.float(o.Name)
		if err != nil {
			return nil, fmt.Errorf("import: output %s: %w", o.Name, err)
		}
		im.b.Output(o.Name, f.v)
	}
	em, err := im.b.Build()
	if err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	return em, nil
}

// countUsers counts the readers of each value name, in g and in the
// branches of its nodes (which read the outer graph's values by name).
func countUsers(g *Graph, users map[string]int) {
	for _, n := range g.Nodes {
		for _, in := range n.Inputs {
			users[in]++
		}
		for _, a := range n.Attrs {
			if a.G != nil {
				countUsers(a.G, users)
			}
		}
	}
}

// Measure reports the error of an imported engine model em against float
// evaluation of the ONNX original m on samples (for example a held-out set
// that calibration did not see).
func Measure(em *model.Model, m *Model, samples []Sample) (*Report, error) {
	ev := NewEvaluator(&m.Graph)
	var evals []map[string]*Value
	for i, s := range samples {
		vals, err := ev.Run(s)
		if err != nil {
			return nil, fmt.Errorf("measure: evaluate sample %d: %w", i, err)
		}
		evals = append(evals, vals)
	}
	return compare(em, m, samples, evals)
}

// compare runs the engine model on every sample and measures its outputs
// against the float evaluation.
func compare(em *model.Model, m *Model, samples []Sample, evals []map[string]*Value) (*Report, error) {
	e, err := exec.New(em, exec.Options{})
	if err != nil {
		return nil, err
	}
	rep := &Report{Samples: len(samples)}
	var sum float64
	var count, agree int
	for i, s := range samples {
		var in []*tensor.Tensor
		for _, spec := range em.Inputs {
			v, ok := s[spec.Name]
			if !ok || len(v.Data) != spec.Shape.Elements() {
				return nil, fmt.Errorf("sample %d: input %s missing or of the wrong size", i, spec.Name)
			}
			in = append(in, tensor.FromF32(spec.Shape, v.Data))
		}
		outs, err := e.Run(in)
		if err != nil {
			return nil, fmt.Errorf("import: run sample %d: %w", i, err)
		}
		for j, o := range m.Graph.Outputs {
			want := evals[i][o.Name].Data
			got := outs[j].F32()
			if outs[j].DType == tensor.I32 { // a class label
				got = make([]float32, outs[j].Shape.Elements())
				for k, v := range outs[j].I32() {
					got[k] = float32(v)
				}
			}
			for k := range want {
				d := math.Abs(float64(got[k]) - float64(want[k]))
				rep.MaxAbsErr = math.Max(rep.MaxAbsErr, d)
				sum += d
				count++
			}
			if j == 0 && tensor.ArgmaxF32(got) == tensor.ArgmaxF32(want) {
				agree++
			}
		}
	}
	rep.MeanAbsErr = sum / float64(max(1, count))
	rep.Agreement = float64(agree) / float64(len(samples))
	return rep, nil
}

func (im *importer) constant(name string) (*Value, bool) {
	v, ok := im.consts[name]
	return v, ok
}

func (im *importer) get(name string) (*lowered, error) {
	if v, ok := im.vals[name]; ok {
		return v, nil
	}
	if _, ok := im.consts[name]; ok {
		return nil, fmt.Errorf("%w: constant %q used as an activation", ErrUnsupported, name)
	}
	return nil, fmt.Errorf("value %q is not defined", name)
}

// Headroom widens every calibrated range so that inputs a little beyond
// the calibration set do not saturate.
const Headroom = 1.1

// ErrNeedsCalibration is the fixed rule's refusal of a float value that
// would become int8 without a scale in the file.
var ErrNeedsCalibration = fmt.Errorf("%w: a float value needs a calibrated int8 scale (the fixed rule does not calibrate: quantize it in the file with QuantizeLinear, or keep the model's ops in float)", ErrUnsupported)

// scaleOf is the calibrated int8 scale of a value: Headroom * max |x| / 127.
func (im *importer) scaleOf(name string) (float64, error) {
	if im.fixed {
		return 0, fmt.Errorf("value %s: %w", name, ErrNeedsCalibration)
	}
	a := im.amax[name]
	if a == 0 {
		a = 1
	}
	return Headroom * a / 127, nil
}

// shapeOf is the ONNX shape of value out, lowered to v: calibration's, or
// under the fixed rule the engine's inferred shape (NCHW with its batch of
// 1 for a rank-3 engine value).
func (im *importer) shapeOf(out string, v model.Value) ([]int, error) {
	if !im.fixed {
		return im.shapes[out], nil
	}
	s, err := im.b.Spec(v)
	if err != nil {
		return nil, err
	}
	shape := []int(s.Shape)
	if len(shape) == 3 {
		shape = append([]int{1}, shape...)
	}
	return shape, nil
}

// int8 returns the value as int8, quantizing a float value once.
func (im *importer) int8(name string) (*lowered, error) {
	v, err := im.get(name)
	if err != nil || v.int8 {
		return v, err
	}
	if q, ok := im.asInts[name]; ok {
		return q, nil
	}
	scale, err := im.scaleOf(name)
	if err != nil {
		return nil, err
	}
	inv := float32(1 / scale)
	// The engine multiplies by inv, so the int8 value's scale is exactly 1/inv.
	q := &lowered{v: im.b.Quantize(name+".quant", v.v, inv), int8: true, scale: 1 / float64(inv), shape: v.shape}
	im.asInts[name] = q
	return q, nil
}

// float returns the value as f32, dequantizing an int8 value once.
func (im *importer) float(name string) (*lowered, error) {
	v, err := im.get(name)
	if err != nil || !v.int8 {
		return v, err
	}
	if f, ok := im.asFloat[name]; ok {
		return f, nil
	}
	f := &lowered{v: im.b.Dequantize(name+".dequant", v.v, float32(v.scale)), shape: v.shape}
	im.asFloat[name] = f
	return f, nil
}

// soleUser returns the index of the only node reading value name, if it is
// of one of the op types and the value is not a graph output.
func (im *importer) soleUser(after int, name string, ops ...string) (int, bool) {
	if after < 0 || im.users[name] != 1 {
		return 0, false
	}
	for i := after + 1; i < len(im.m.Graph.Nodes); i++ {
		n := &im.m.Graph.Nodes[i]
		for _, in := range n.Inputs {
			if in == name {
				for _, op := range ops {
					if n.OpType == op && n.Domain == "" {
						return i, true
					}
				}
				return 0, false
			}
		}
	}
	return 0, false
}

// quantizeWeights returns int8 weights and their per-tensor scale.
func quantizeWeights(w []float32) ([]int8, float64) {
	var a float64
	for _, x := range w {
		a = math.Max(a, math.Abs(float64(x)))
	}
	if a == 0 {
		a = 1
	}
	s := a / 127
	q := make([]int8, len(w))
	for i, x := range w {
		q[i] = int8(math.Max(-127, math.Min(127, math.RoundToEven(float64(x)/s))))
	}
	return q, s
}

// constName returns base, or base with a counter if base is taken.
func (im *importer) constName(base string) string {
	name := base
	for im.names[name] {
		im.nconst++
		name = fmt.Sprintf("%s.%d", base, im.nconst)
	}
	im.names[name] = true
	return name
}

// layer is a quantized weight layer ready for a QLinear or QConv2D node.
type layer struct {
	w, b  model.Value
	mult  int32
	shift uint8
	scale float64 // the output's int8 scale
}

// quantizeLayer quantizes float weights (per tensor) and bias (in the scale
// xScale*wScale, clamped to +-2^30) into constants, and the requantization
// from the accumulator to the calibrated scale of value out.
func (im *importer) quantizeLayer(name, out string, xScale float64, w []float32, shape tensor.Shape, bias []float32) (layer, error) {
	sy, err := im.scaleOf(out)
	if err != nil {
		return layer{}, err
	}
	for _, v := range append(slices.Clone(w), bias...) {
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			return layer{}, fmt.Errorf("%w: a weight or bias of %s is %g", ErrUnsupported, name, v)
		}
	}
	qw, sw := quantizeWeights(w)
	qb := make([]int32, shape[0])
	for i := range qb {
		if bias != nil {
			qb[i] = int32(math.Max(-(1 << 30), math.Min(1<<30, math.RoundToEven(float64(bias[i])/(xScale*sw)))))
		}
	}
	l := layer{scale: sy}
	if l.mult, l.shift, err = tensor.QuantMultiplier(xScale * sw / l.scale); err != nil {
		return layer{}, err
	}
	l.w = im.b.Const(im.constName(name+".weight"), tensor.FromI8(shape, qw))
	l.b = im.b.Const(im.constName(name+".bias"), tensor.FromI32(tensor.Shape{shape[0]}, qb))
	return l, nil
}

// linear emits a QLinear for x [1,K] times W [M,K] plus bias, with optional
// fused ReLU, producing value out.
func (im *importer) linear(name, out string, x *lowered, w []float32, m, k int, bias []float32, relu bool) error {
	if len(x.shape) != 2 || x.shape[1] != k {
		return fmt.Errorf("input shape %v does not match weights [%d, %d]", x.shape, m, k)
	}
	q, err := im.quantizeLayer(name, out, x.scale, w, tensor.Shape{m, k}, bias)
	if err != nil {
		return err
	}
	wv, bv, mult, shift, sy := q.w, q.b, q.mult, q.shift, q.scale
	v := im.b.QLinear(name, x.v, wv, bv, mult, shift, relu)
	im.vals[out] = &lowered{v: v, int8: true, scale: sy, shape: []int{x.shape[0], m}}
	return nil
}

func (im *importer) lower(i int) error { return im.lowerNode(&im.m.Graph.Nodes[i], i) }

// lowerNode lowers node n, which is node i of the main graph (for the
// fusions that look ahead in it), or of a branch (i < 0: no fusion).
func (im *importer) lowerNode(n *Node, i int) error {
	want, ok := minInputs[n.OpType]
	if !ok {
		want = 1
	}
	if len(n.Inputs) < want || len(n.Outputs) < 1 {
		return fmt.Errorf("%s with %d inputs and %d outputs (needs %d inputs and an output)", n.OpType, len(n.Inputs), len(n.Outputs), want)
	}
	if n.Domain == MLDomain {
		return im.lowerML(n)
	}
	if n.Domain != "" && n.Domain != "ai.onnx" {
		return fmt.Errorf("%w: op %s of domain %s", ErrUnsupported, n.OpType, n.Domain)
	}
	out := ""
	if len(n.Outputs) > 0 {
		out = n.Outputs[0]
	}
	// Constant folding: DequantizeLinear of an int8 initializer gives float weights.
	if n.OpType == "DequantizeLinear" {
		if _, ok := im.constant(n.Inputs[0]); ok {
			v, err := evalNode(n, im.inputsConst(n))
			if err != nil {
				return err
			}
			im.consts[out] = v
			return nil
		}
	}
	if folded, err := im.fold(n); folded {
		return err
	}
	switch n.OpType {
	case "Squeeze", "Unsqueeze", "Gather", "Concat", "Shape", "ConstantOfShape", "Constant":
		return im.lowerPlumbing(n)
	case "Identity":
		v, err := im.get(n.Inputs[0])
		if err != nil {
			return err
		}
		im.vals[out] = v
		return nil
	case "Gemm", "MatMul":
		return im.lowerLinear(i, n)
	case "Conv":
		return im.lowerConv(i, n)
	case "MaxPool", "AveragePool":
		return im.lowerPool(n)
	case "Relu":
		x, err := im.int8(n.Inputs[0])
		if err != nil {
			return err
		}
		im.vals[out] = &lowered{v: im.b.Unary(n.Name, model.OpQRelu, x.v), int8: true, scale: x.scale, shape: x.shape}
		return nil
	case "Sigmoid", "Tanh", "Softmax":
		x, err := im.float(n.Inputs[0])
		if err != nil {
			return err
		}
		if n.OpType == "Softmax" {
			if a := attrInt(n, "axis", -1); a != -1 && int(a) != len(x.shape)-1 {
				return fmt.Errorf("%w: softmax over axis %d (only the last axis)", ErrUnsupported, a)
			}
		}
		op := map[string]model.Op{"Sigmoid": model.OpSigmoid, "Tanh": model.OpTanh, "Softmax": model.OpSoftmax}[n.OpType]
		im.vals[out] = &lowered{v: im.b.Unary(n.Name, op, x.v), shape: x.shape}
		return nil
	case "Flatten", "Reshape":
		x, err := im.get(n.Inputs[0])
		if err != nil {
			return err
		}
		s := im.shapes[out]
		if im.fixed {
			if s, err = fixedReshape(n, x.shape, im.consts); err != nil {
				return err
			}
		}
		v := x.v
		if !engineShape(s).Equal(engineShape(x.shape)) {
			v = im.b.Reshape(n.Name, x.v, engineShape(s)...)
		}
		im.vals[out] = &lowered{v: v, int8: x.int8, scale: x.scale, shape: s}
		return nil
	case "Add", "Mul":
		for _, in := range n.Inputs {
			if _, ok := im.constant(in); ok {
				return fmt.Errorf("%w: %s with a constant operand not fused into a MatMul (add a Gemm instead)", ErrUnsupported, n.OpType)
			}
		}
		a, err := im.float(n.Inputs[0])
		if err != nil {
			return err
		}
		b, err := im.float(n.Inputs[1])
		if err != nil {
			return err
		}
		if !engineShape(a.shape).Equal(engineShape(b.shape)) {
			return fmt.Errorf("%w: broadcasting %v with %v", ErrUnsupported, a.shape, b.shape)
		}
		op := model.OpAdd
		if n.OpType == "Mul" {
			op = model.OpMul
		}
		im.vals[out] = &lowered{v: im.b.Binary(n.Name, op, a.v, b.v), shape: a.shape}
		return nil
	case "QuantizeLinear":
		x, scale, err := im.qdqArgs(n, false)
		if err != nil {
			return err
		}
		inv := float32(1 / scale)
		im.vals[out] = &lowered{v: im.b.Quantize(n.Name, x.v, inv), int8: true, scale: 1 / float64(inv), shape: x.shape}
		return nil
	case "DequantizeLinear":
		x, scale, err := im.qdqArgs(n, true)
		if err != nil {
			return err
		}
		im.vals[out] = &lowered{v: im.b.Dequantize(n.Name, x.v, float32(scale)), shape: x.shape}
		return nil
	case "Cast":
		return im.lowerCast(n)
	case "If":
		return im.lowerIf(n)
	case "LSTM":
		return im.lowerLSTM(n)
	case "GRU":
		return im.lowerGRU(n)
	case "QLinearMatMul":
		return im.lowerQLinearMatMul(n)
	case "QLinearConv":
		return im.lowerQLinearConv(n)
	}
	return fmt.Errorf("%w: op %s (supported: %s)", ErrUnsupported, n.OpType, strings.Join(Supported, ", "))
}

func (im *importer) inputsConst(n *Node) []*Value {
	in := make([]*Value, len(n.Inputs))
	for i, name := range n.Inputs {
		in[i] = im.consts[name]
	}
	return in
}

// qdqArgs reads a QuantizeLinear/DequantizeLinear node's input, which must
// be int8 (dequantize) or float (quantize), and its constant scale.
func (im *importer) qdqArgs(n *Node, wantInt8 bool) (*lowered, float64, error) {
	scale, err := im.qparams(n, 1, 2)
	if err != nil {
		return nil, 0, err
	}
	x, err := im.get(n.Inputs[0])
	if err != nil {
		return nil, 0, err
	}
	if x.int8 != wantInt8 {
		kind := "a float"
		if x.int8 {
			kind = "an int8"
		}
		return nil, 0, fmt.Errorf("%w: %s of %s value", ErrUnsupported, n.OpType, kind)
	}
	return x, scale, nil
}

// qparams reads a constant scale and a zero point that must be 0.
func (im *importer) qparams(n *Node, si, zi int) (float64, error) {
	if len(n.Inputs) <= si {
		return 0, fmt.Errorf("missing scale input")
	}
	s, ok := im.constant(n.Inputs[si])
	if !ok || len(s.Data) != 1 || !(s.Data[0] > 0) {
		return 0, fmt.Errorf("%w: scale must be one positive constant (per-tensor quantization)", ErrUnsupported)
	}
	if len(n.Inputs) > zi && n.Inputs[zi] != "" {
		z, ok := im.constant(n.Inputs[zi])
		if !ok {
			return 0, fmt.Errorf("%w: zero point must be a constant", ErrUnsupported)
		}
		for _, v := range z.Data {
			if v != 0 {
				return 0, fmt.Errorf("%w: zero point %g (the engine is symmetric: zero points must be 0)", ErrUnsupported, v)
			}
		}
	}
	return float64(s.Data[0]), nil
}

// lowerLinear handles Gemm and MatMul (+ Add bias) (+ Relu).
func (im *importer) lowerLinear(i int, n *Node) error {
	wc, ok := im.constant(n.Inputs[1])
	if !ok || len(wc.Shape) != 2 {
		return fmt.Errorf("%w: the second input must be a constant matrix", ErrUnsupported)
	}
	xr, err := im.get(n.Inputs[0])
	if err != nil {
		return err
	}
	transB := n.OpType == "Gemm" && attrInt(n, "transB", 0) == 1
	if n.OpType == "Gemm" && attrInt(n, "transA", 0) == 1 {
		return fmt.Errorf("%w: Gemm with transA", ErrUnsupported)
	}
	alpha, beta := float32(1), float32(1)
	if n.OpType == "Gemm" {
		alpha, beta = attrFloat(n, "alpha", 1), attrFloat(n, "beta", 1)
	}
	k, m := wc.Shape[0], wc.Shape[1]
	if transB {
		k, m = m, k
	}
	if err := im.made(m * k); err != nil { // a copy per node: a file may reuse one initializer in many
		return err
	}
	w := make([]float32, m*k) // engine layout [M, K]
	for r := 0; r < m; r++ {
		for c := 0; c < k; c++ {
			if transB {
				w[r*k+c] = alpha * wc.Data[r*k+c]
			} else {
				w[r*k+c] = alpha * wc.Data[c*m+r]
			}
		}
	}
	out := n.Outputs[0]
	var bias []float32
	if n.OpType == "Gemm" && len(n.Inputs) > 2 && n.Inputs[2] != "" {
		c, ok := im.constant(n.Inputs[2])
		if !ok || len(c.Data) != m {
			return fmt.Errorf("%w: Gemm bias must be a constant of %d values", ErrUnsupported, m)
		}
		for _, v := range c.Data {
			bias = append(bias, beta*v)
		}
	}
	if n.OpType == "MatMul" {
		if j, ok := im.soleUser(i, out, "Add"); ok {
			add := &im.m.Graph.Nodes[j]
			other := add.Inputs[0]
			if other == out {
				other = add.Inputs[1]
			}
			if c, ok := im.constant(other); ok && len(c.Data) == m {
				bias = c.Data
				im.skip[j] = true
				out = add.Outputs[0]
			}
		}
	}
	relu := false
	if j, ok := im.soleUser(i, out, "Relu"); ok {
		relu, im.skip[j], out = true, true, im.m.Graph.Nodes[j].Outputs[0]
	}
	if im.fixed && !xr.int8 {
		return im.linearFloat(n.Name, out, xr, w, m, k, bias, relu)
	}
	x, err := im.int8(n.Inputs[0])
	if err != nil {
		return err
	}
	return im.linear(n.Name, out, x, w, m, k, bias, relu)
}

func (im *importer) lowerConv(i int, n *Node) error {
	wc, ok := im.constant(n.Inputs[1])
	if !ok || len(wc.Shape) != 4 {
		return fmt.Errorf("%w: conv weights must be a constant OIHW tensor", ErrUnsupported)
	}
	if g := attrInt(n, "group", 1); g != 1 {
		return fmt.Errorf("%w: conv group %d", ErrUnsupported, g)
	}
	win, err := spatial(n, wc.Shape[2], wc.Shape[3])
	if err != nil {
		return fmt.Errorf("%w: %v", ErrUnsupported, err)
	}
	if win.sh != win.sw || win.pt != win.pb || win.pl != win.pr || win.pt != win.pl {
		return fmt.Errorf("%w: conv needs equal strides and one symmetric padding", ErrUnsupported)
	}
	x, err := im.int8(n.Inputs[0])
	if err != nil {
		return err
	}
	var bias []float32
	if len(n.Inputs) > 2 && n.Inputs[2] != "" {
		c, ok := im.constant(n.Inputs[2])
		if !ok {
			return fmt.Errorf("%w: conv bias must be constant", ErrUnsupported)
		}
		bias = c.Data
	}
	out := n.Outputs[0]
	relu := false
	if j, ok := im.soleUser(i, out, "Relu"); ok {
		relu, im.skip[j], out = true, true, im.m.Graph.Nodes[j].Outputs[0]
	}
	q, err := im.quantizeLayer(n.Name, out, x.scale, wc.Data, tensor.Shape(wc.Shape), bias)
	if err != nil {
		return err
	}
	wv, bv, mult, shift, sy := q.w, q.b, q.mult, q.shift, q.scale
	v := im.b.QConv2D(n.Name, x.v, wv, bv, win.sh, win.pt, mult, shift, relu)
	shape, err := im.shapeOf(out, v)
	im.vals[out] = &lowered{v: v, int8: true, scale: sy, shape: shape}
	return err
}

func (im *importer) lowerPool(n *Node) error {
	k := attrInts(n, "kernel_shape")
	if len(k) != 2 || k[0] != k[1] {
		return fmt.Errorf("%w: pool kernel %v (square kernels only)", ErrUnsupported, k)
	}
	win, err := spatial(n, int(k[0]), int(k[1]))
	if err != nil {
		return fmt.Errorf("%w: %v", ErrUnsupported, err)
	}
	if win.sh != win.sw || win.pt+win.pl+win.pb+win.pr != 0 {
		return fmt.Errorf("%w: pools need equal strides and no padding", ErrUnsupported)
	}
	x, err := im.int8(n.Inputs[0])
	if err != nil {
		return err
	}
	out := n.Outputs[0]
	if n.OpType == "MaxPool" {
		v := im.b.QMaxPool2D(n.Name, x.v, int(k[0]), win.sh)
		shape, err := im.shapeOf(out, v)
		im.vals[out] = &lowered{v: v, int8: true, scale: x.scale, shape: shape}
		return err
	}
	sy, err := im.scaleOf(out)
	if err != nil {
		return err
	}
	mult, shift, err := tensor.QuantMultiplier(x.scale / float64(k[0]*k[0]) / sy)
	if err != nil {
		return err
	}
	v := im.b.QAvgPool2D(n.Name, x.v, int(k[0]), win.sh, mult, shift)
	shape, err := im.shapeOf(out, v)
	im.vals[out] = &lowered{v: v, int8: true, scale: sy, shape: shape}
	return err
}

// qinput checks that an int8 activation carries the scale a QLinear op
// declares for it.
func (im *importer) qinput(name string, scale float64) (*lowered, error) {
	x, err := im.get(name)
	if err != nil {
		return nil, err
	}
	if !x.int8 {
		return nil, fmt.Errorf("%w: input %s is float; quantize it with QuantizeLinear first", ErrUnsupported, name)
	}
	if math.Abs(x.scale-scale) > 1e-6*scale {
		return nil, fmt.Errorf("%w: input %s has scale %g, the op declares %g", ErrUnsupported, name, x.scale, scale)
	}
	return x, nil
}

// qlinearArgs reads the scales shared by QLinearMatMul and QLinearConv
// (inputs: x, x_scale, x_zp, w, w_scale, w_zp, y_scale, y_zp) and the int8
// input, whose scale must be x_scale.
func (im *importer) qlinearArgs(n *Node) (x *lowered, xs, ws, ys float64, err error) {
	if len(n.Inputs) < 8 {
		return nil, 0, 0, 0, fmt.Errorf("%s needs at least 8 inputs", n.OpType)
	}
	if xs, err = im.qparams(n, 1, 2); err == nil {
		if ws, err = im.qparams(n, 4, 5); err == nil {
			if ys, err = im.qparams(n, 6, 7); err == nil {
				x, err = im.qinput(n.Inputs[0], xs)
			}
		}
	}
	return x, xs, ws, ys, err
}

func (im *importer) lowerQLinearMatMul(n *Node) error {
	x, as, bs, ys, err := im.qlinearArgs(n)
	if err != nil {
		return err
	}
	bc, ok := im.constant(n.Inputs[3])
	if !ok || len(bc.Shape) != 2 {
		return fmt.Errorf("%w: QLinearMatMul weights must be a constant matrix", ErrUnsupported)
	}
	k, m := bc.Shape[0], bc.Shape[1]
	if err := im.made(m * k); err != nil {
		return err
	}
	w := make([]int8, m*k)
	for r := 0; r < m; r++ {
		for c := 0; c < k; c++ {
			v, ok := intIn(bc.Data[c*m+r], -128, 127)
			if !ok {
				return fmt.Errorf("%w: QLinearMatMul weight %g is not int8", ErrUnsupported, bc.Data[c*m+r])
			}
			w[r*k+c] = int8(v)
		}
	}
	mult, shift, err := tensor.QuantMultiplier(as * bs / ys)
	if err != nil {
		return err
	}
	wv := im.b.Const(im.constName(n.Name+".weight"), tensor.FromI8(tensor.Shape{m, k}, w))
	bv := im.b.Const(im.constName(n.Name+".bias"), tensor.FromI32(tensor.Shape{m}, make([]int32, m)))
	im.vals[n.Outputs[0]] = &lowered{v: im.b.QLinear(n.Name, x.v, wv, bv, mult, shift, false), int8: true, scale: ys, shape: []int{x.shape[0], m}}
	return nil
}

func (im *importer) lowerQLinearConv(n *Node) error {
	x, xs, ws, ys, err := im.qlinearArgs(n)
	if err != nil {
		return err
	}
	wc, ok := im.constant(n.Inputs[3])
	if !ok || len(wc.Shape) != 4 {
		return fmt.Errorf("%w: QLinearConv weights must be a constant OIHW tensor", ErrUnsupported)
	}
	win, err := spatial(n, wc.Shape[2], wc.Shape[3])
	if err != nil || win.sh != win.sw || win.pt != win.pb || win.pl != win.pr || win.pt != win.pl {
		return fmt.Errorf("%w: QLinearConv needs equal strides and one symmetric padding", ErrUnsupported)
	}
	o := wc.Shape[0]
	if err := im.made(len(wc.Data)); err != nil {
		return err
	}
	w := make([]int8, len(wc.Data))
	for j, v := range wc.Data {
		q, ok := intIn(v, -128, 127)
		if !ok {
			return fmt.Errorf("%w: QLinearConv weight %g is not int8", ErrUnsupported, v)
		}
		w[j] = int8(q)
	}
	b := make([]int32, o)
	if len(n.Inputs) > 8 && n.Inputs[8] != "" {
		bc, ok := im.constant(n.Inputs[8])
		if !ok || len(bc.Data) != o {
			return fmt.Errorf("%w: QLinearConv bias must be a constant of %d values", ErrUnsupported, o)
		}
		for j, v := range bc.Data {
			q, ok := intIn(v, math.MinInt32, math.MaxInt32)
			if !ok {
				return fmt.Errorf("%w: QLinearConv bias %g is not int32", ErrUnsupported, v)
			}
			b[j] = int32(q)
		}
	}
	mult, shift, err := tensor.QuantMultiplier(xs * ws / ys)
	if err != nil {
		return err
	}
	wv := im.b.Const(im.constName(n.Name+".weight"), tensor.FromI8(tensor.Shape(wc.Shape), w))
	bv := im.b.Const(im.constName(n.Name+".bias"), tensor.FromI32(tensor.Shape{o}, b))
	v := im.b.QConv2D(n.Name, x.v, wv, bv, win.sh, win.pt, mult, shift, false)
	shape, err := im.shapeOf(n.Outputs[0], v)
	im.vals[n.Outputs[0]] = &lowered{v: v, int8: true, scale: ys, shape: shape}
	return err
}
