package onnx

import (
	"fmt"
	"math"
	"slices"
)

// Value is a tensor during float evaluation: shape plus float32 values (ints
// such as Reshape targets are held as floats too).
type Value struct {
	Shape []int
	Data  []float32
}

func (v *Value) elements() int {
	n := 1
	for _, d := range v.Shape {
		n *= d
	}
	return n
}

func tensorValue(t *Tensor) *Value {
	v := &Value{Shape: make([]int, len(t.Dims))}
	for i, d := range t.Dims {
		v.Shape[i] = int(d)
	}
	if t.DataType == Float {
		v.Data = append([]float32(nil), t.Floats...)
	} else {
		for _, x := range t.Ints {
			v.Data = append(v.Data, float32(x))
		}
	}
	return v
}

// Evaluator runs a graph in float32 (plain Go math; tooling, not consensus).
type Evaluator struct {
	g      *Graph
	consts map[string]*Value
}

// NewEvaluator prepares g for evaluation.
func NewEvaluator(g *Graph) *Evaluator {
	e := &Evaluator{g: g, consts: map[string]*Value{}}
	for _, t := range g.Initializers {
		e.consts[t.Name] = tensorValue(t)
	}
	return e
}

// Run evaluates the graph and returns every named value (inputs,
// initializers, intermediates and outputs).
func (e *Evaluator) Run(inputs map[string]*Value) (map[string]*Value, error) {
	vals := map[string]*Value{}
	for k, v := range e.consts {
		vals[k] = v
	}
	for k, v := range inputs {
		vals[k] = v
	}
	return vals, e.runNodes(e.g.Nodes, vals)
}

// runNodes evaluates nodes in order into vals; an If evaluates the branch
// its (constant or computed) condition takes.
func (e *Evaluator) runNodes(nodes []Node, vals map[string]*Value) error {
	for i, n := range nodes {
		if n.OpType == "If" && len(n.Inputs) > 0 {
			g, err := branchOf(&n, vals[n.Inputs[0]])
			if err != nil {
				return fmt.Errorf("node %d %s (If): %w", i, n.Name, err)
			}
			for _, t := range g.Initializers {
				vals[t.Name] = tensorValue(t)
			}
			if err := e.runNodes(g.Nodes, vals); err != nil {
				return fmt.Errorf("node %d %s (If): %w", i, n.Name, err)
			}
			for k, o := range g.Outputs {
				vals[n.Outputs[k]] = vals[o.Name]
			}
			continue
		}
		in := make([]*Value, len(n.Inputs))
		for j, name := range n.Inputs {
			if name == "" {
				continue // optional input left out
			}
			v, ok := vals[name]
			if !ok {
				return fmt.Errorf("node %d %s (%s): input %q is not defined before it", i, n.Name, n.OpType, name)
			}
			in[j] = v
		}
		if n.Domain == MLDomain || n.OpType == "Cast" || n.OpType == "LSTM" || n.OpType == "GRU" {
			eval := evalML
			if n.OpType == "LSTM" || n.OpType == "GRU" {
				eval = evalRNN
			}
			outs, err := eval(&n, in)
			if err != nil {
				return fmt.Errorf("node %d %s (%s): %w", i, n.Name, n.OpType, err)
			}
			for j, o := range n.Outputs {
				if j < len(outs) {
					vals[o] = outs[j]
				}
			}
			continue
		}
		out, err := evalNode(&n, in)
		if err != nil {
			return fmt.Errorf("node %d %s (%s): %w", i, n.Name, n.OpType, err)
		}
		if len(n.Outputs) > 0 {
			vals[n.Outputs[0]] = out
		}
	}
	return nil
}

func attrInt(n *Node, name string, def int64) int64 {
	if a, ok := n.Attrs[name]; ok {
		return a.I
	}
	return def
}

func attrFloat(n *Node, name string, def float32) float32 {
	if a, ok := n.Attrs[name]; ok {
		return a.F
	}
	return def
}

func attrInts(n *Node, name string) []int64 { return n.Attrs[name].Ints }

func need(in []*Value, k int) error {
	if len(in) < k {
		return fmt.Errorf("needs %d inputs, has %d", k, len(in))
	}
	for i := 0; i < k; i++ {
		if in[i] == nil {
			return fmt.Errorf("input %d missing", i)
		}
	}
	return nil
}

func evalNode(n *Node, in []*Value) (*Value, error) {
	if slices.Contains(plumbing, n.OpType) {
		return evalPlumbing(n, in, func() ([]int, error) {
			if len(in) == 0 || in[0] == nil {
				return nil, fmt.Errorf("shape of nothing")
			}
			return in[0].Shape, nil
		})
	}
	switch n.OpType {
	case "Gemm":
		return evalGemm(n, in)
	case "MatMul":
		if err := need(in, 2); err != nil {
			return nil, err
		}
		return matmul(in[0], in[1], false, false)
	case "Add", "Mul", "Sub", "Div":
		if err := need(in, 2); err != nil {
			return nil, err
		}
		return broadcast(n.OpType, in[0], in[1])
	case "Relu", "Sigmoid", "Tanh", "Identity":
		if err := need(in, 1); err != nil {
			return nil, err
		}
		return unary(n.OpType, in[0]), nil
	case "Softmax":
		if err := need(in, 1); err != nil {
			return nil, err
		}
		axis := attrInt(n, "axis", -1)
		if axis != -1 && int(axis) != len(in[0].Shape)-1 {
			return nil, fmt.Errorf("softmax over axis %d: only the last axis is supported", axis)
		}
		return softmax(in[0]), nil
	case "Conv":
		return evalConv(n, in)
	case "MaxPool", "AveragePool":
		return evalPool(n, in)
	case "Flatten":
		if err := need(in, 1); err != nil {
			return nil, err
		}
		axis := int(attrInt(n, "axis", 1))
		if axis < 0 || axis > len(in[0].Shape) {
			return nil, fmt.Errorf("flatten axis %d", axis)
		}
		outer := 1
		for _, d := range in[0].Shape[:axis] {
			outer *= d
		}
		return &Value{Shape: []int{outer, in[0].elements() / outer}, Data: in[0].Data}, nil
	case "Reshape":
		if err := need(in, 2); err != nil {
			return nil, err
		}
		s, err := reshapeTarget(in[0].Shape, in[1].Data)
		if err != nil {
			return nil, err
		}
		return &Value{Shape: s, Data: in[0].Data}, nil
	case "QuantizeLinear":
		if err := need(in, 2); err != nil {
			return nil, err
		}
		return quantizeLinear(in[0], in[1], opt(in, 2)), nil
	case "DequantizeLinear":
		if err := need(in, 2); err != nil {
			return nil, err
		}
		return dequantizeLinear(in[0], in[1], opt(in, 2)), nil
	case "QLinearMatMul", "QLinearConv":
		if err := need(in, 8); err != nil {
			return nil, err
		}
		x := dequantizeLinear(in[0], in[1], in[2])
		w := dequantizeLinear(in[3], in[4], in[5])
		var y *Value
		var err error
		if n.OpType == "QLinearMatMul" {
			y, err = matmul(x, w, false, false)
		} else {
			args := []*Value{x, w}
			if b := opt(in, 8); b != nil { // int32 bias in scale xs*ws
				fb := &Value{Shape: b.Shape, Data: make([]float32, len(b.Data))}
				for i, v := range b.Data {
					fb.Data[i] = v * in[1].Data[0] * in[4].Data[0]
				}
				args = append(args, fb)
			}
			y, err = evalConv(n, args)
		}
		if err != nil {
			return nil, err
		}
		return quantizeLinear(y, in[6], in[7]), nil
	}
	return nil, fmt.Errorf("op %s is not supported", n.OpType)
}

func opt(in []*Value, i int) *Value {
	if i < len(in) {
		return in[i]
	}
	return nil
}

// quantizeLinear is ONNX QuantizeLinear to int8: round half to even, saturate.
func quantizeLinear(x, scale, zp *Value) *Value {
	z := float64(0)
	if zp != nil {
		z = float64(zp.Data[0])
	}
	s := scale.Data[0]
	out := &Value{Shape: x.Shape, Data: make([]float32, len(x.Data))}
	for i, v := range x.Data {
		out.Data[i] = float32(math.Max(-128, math.Min(127, math.RoundToEven(float64(v/s))+z)))
	}
	return out
}

func dequantizeLinear(x, scale, zp *Value) *Value {
	z := float32(0)
	if zp != nil {
		z = zp.Data[0]
	}
	out := &Value{Shape: x.Shape, Data: make([]float32, len(x.Data))}
	for i, v := range x.Data {
		out.Data[i] = (v - z) * scale.Data[0]
	}
	return out
}

func reshapeTarget(from []int, target []float32) ([]int, error) {
	total := 1
	for _, d := range from {
		total *= d
	}
	s := make([]int, len(target))
	infer, known := -1, 1
	for i, t := range target {
		v, ok := intIn(t, -1, maxElements)
		if !ok {
			return nil, fmt.Errorf("reshape target %v", target)
		}
		switch d := int(v); {
		case d == 0 && i < len(from):
			s[i] = from[i]
		case d == -1 && infer < 0:
			infer = i
			continue
		case d > 0:
			s[i] = d
		default:
			return nil, fmt.Errorf("reshape target %v", target)
		}
		known *= s[i]
	}
	if infer >= 0 {
		if known == 0 || total%known != 0 {
			return nil, fmt.Errorf("reshape %v to %v", from, target)
		}
		s[infer] = total / known
		known *= s[infer]
	}
	if known != total {
		return nil, fmt.Errorf("reshape %v to %v changes the element count", from, target)
	}
	return s, nil
}

func evalGemm(n *Node, in []*Value) (*Value, error) {
	if err := need(in, 2); err != nil {
		return nil, err
	}
	y, err := matmul(in[0], in[1], attrInt(n, "transA", 0) == 1, attrInt(n, "transB", 0) == 1)
	if err != nil {
		return nil, err
	}
	alpha, beta := attrFloat(n, "alpha", 1), attrFloat(n, "beta", 1)
	for i := range y.Data {
		y.Data[i] *= alpha
	}
	if len(in) > 2 && in[2] != nil {
		c := &Value{Shape: in[2].Shape, Data: make([]float32, len(in[2].Data))}
		for i, v := range in[2].Data {
			c.Data[i] = v * beta
		}
		return broadcast("Add", y, c)
	}
	return y, nil
}

func matmul(a, b *Value, ta, tb bool) (*Value, error) {
	if len(a.Shape) != 2 || len(b.Shape) != 2 {
		return nil, fmt.Errorf("matmul of ranks %d and %d: only 2-D is supported", len(a.Shape), len(b.Shape))
	}
	m, k := a.Shape[0], a.Shape[1]
	if ta {
		m, k = k, m
	}
	k2, nn := b.Shape[0], b.Shape[1]
	if tb {
		k2, nn = nn, k2
	}
	if k != k2 {
		return nil, fmt.Errorf("matmul shapes %v and %v disagree", a.Shape, b.Shape)
	}
	at := func(i, j int) float32 {
		if ta {
			return a.Data[j*a.Shape[1]+i]
		}
		return a.Data[i*a.Shape[1]+j]
	}
	bt := func(i, j int) float32 {
		if tb {
			return b.Data[j*b.Shape[1]+i]
		}
		return b.Data[i*b.Shape[1]+j]
	}
	y := &Value{Shape: []int{m, nn}, Data: make([]float32, m*nn)}
	for i := 0; i < m; i++ {
		for j := 0; j < nn; j++ {
			var s float64
			for p := 0; p < k; p++ {
				s += float64(at(i, p)) * float64(bt(p, j))
			}
			y.Data[i*nn+j] = float32(s)
		}
	}
	return y, nil
}

// broadcast applies a binary op with numpy broadcasting.
func broadcast(op string, a, b *Value) (*Value, error) {
	r := max(len(a.Shape), len(b.Shape))
	pad := func(s []int) []int {
		out := make([]int, r)
		for i := range out {
			out[i] = 1
		}
		copy(out[r-len(s):], s)
		return out
	}
	as, bs := pad(a.Shape), pad(b.Shape)
	shape := make([]int, r)
	for i := range shape {
		switch {
		case as[i] == bs[i], bs[i] == 1:
			shape[i] = as[i]
		case as[i] == 1:
			shape[i] = bs[i]
		default:
			return nil, fmt.Errorf("shapes %v and %v do not broadcast", a.Shape, b.Shape)
		}
	}
	y := &Value{Shape: shape}
	n := y.elements()
	y.Data = make([]float32, n)
	idx := make([]int, r)
	for i := 0; i < n; i++ {
		rem := i
		for d := r - 1; d >= 0; d-- {
			idx[d] = rem % shape[d]
			rem /= shape[d]
		}
		ai, bi := 0, 0
		for d := 0; d < r; d++ {
			ai = ai*as[d] + idx[d]%as[d]
			bi = bi*bs[d] + idx[d]%bs[d]
		}
		x, z := a.Data[ai], b.Data[bi]
		switch op {
		case "Add":
			y.Data[i] = x + z
		case "Sub":
			y.Data[i] = x - z
		case "Mul":
			y.Data[i] = x * z
		case "Div":
			y.Data[i] = x / z
		}
	}
	return y, nil
}

func unary(op string, x *Value) *Value {
	y := &Value{Shape: x.Shape, Data: make([]float32, len(x.Data))}
	for i, v := range x.Data {
		switch op {
		case "Relu":
			y.Data[i] = float32(math.Max(0, float64(v)))
		case "Sigmoid":
			y.Data[i] = float32(1 / (1 + math.Exp(-float64(v))))
		case "Tanh":
			y.Data[i] = float32(math.Tanh(float64(v)))
		default:
			y.Data[i] = v
		}
	}
	return y
}

func softmax(x *Value) *Value {
	last := x.Shape[len(x.Shape)-1]
	y := &Value{Shape: x.Shape, Data: make([]float32, len(x.Data))}
	for r := 0; r < len(x.Data)/last; r++ {
		row := x.Data[r*last : (r+1)*last]
		m := math.Inf(-1)
		for _, v := range row {
			m = math.Max(m, float64(v))
		}
		var s float64
		for _, v := range row {
			s += math.Exp(float64(v) - m)
		}
		for i, v := range row {
			y.Data[r*last+i] = float32(math.Exp(float64(v)-m) / s)
		}
	}
	return y
}

// window reads the spatial attributes shared by Conv and the pools.
type window struct {
	kh, kw, sh, sw, pt, pl, pb, pr int
}

func spatial(n *Node, kh, kw int) (window, error) {
	w := window{kh: kh, kw: kw, sh: 1, sw: 1}
	if s := attrInts(n, "strides"); len(s) == 2 {
		w.sh, w.sw = int(s[0]), int(s[1])
	}
	if p := attrInts(n, "pads"); len(p) == 4 {
		w.pt, w.pl, w.pb, w.pr = int(p[0]), int(p[1]), int(p[2]), int(p[3])
	}
	if d := attrInts(n, "dilations"); len(d) == 2 && (d[0] != 1 || d[1] != 1) {
		return w, fmt.Errorf("dilations %v: only 1 is supported", d)
	}
	if a, ok := n.Attrs["auto_pad"]; ok && string(a.S) != "NOTSET" && string(a.S) != "" {
		return w, fmt.Errorf("auto_pad %s: only explicit pads are supported", a.S)
	}
	if w.sh < 1 || w.sw < 1 || w.pt < 0 || w.pl < 0 || w.pb < 0 || w.pr < 0 {
		return w, fmt.Errorf("strides and pads must be positive")
	}
	return w, nil
}

func (w window) out(h, wd int) (int, int) {
	return (h+w.pt+w.pb-w.kh)/w.sh + 1, (wd+w.pl+w.pr-w.kw)/w.sw + 1
}

func evalConv(n *Node, in []*Value) (*Value, error) {
	if err := need(in, 2); err != nil {
		return nil, err
	}
	x, wt := in[0], in[1]
	if len(x.Shape) != 4 || len(wt.Shape) != 4 || x.Shape[0] != 1 {
		return nil, fmt.Errorf("conv needs NCHW input with N=1 and OIHW weights, got %v and %v", x.Shape, wt.Shape)
	}
	if g := attrInt(n, "group", 1); g != 1 {
		return nil, fmt.Errorf("conv group %d: only 1 is supported", g)
	}
	c, h, wd := x.Shape[1], x.Shape[2], x.Shape[3]
	o, kh, kw := wt.Shape[0], wt.Shape[2], wt.Shape[3]
	if wt.Shape[1] != c {
		return nil, fmt.Errorf("conv weight %v does not match %d channels", wt.Shape, c)
	}
	win, err := spatial(n, kh, kw)
	if err != nil {
		return nil, err
	}
	oh, ow := win.out(h, wd)
	y := &Value{Shape: []int{1, o, oh, ow}, Data: make([]float32, o*oh*ow)}
	for oc := 0; oc < o; oc++ {
		for oy := 0; oy < oh; oy++ {
			for ox := 0; ox < ow; ox++ {
				var s float64
				if len(in) > 2 && in[2] != nil {
					s = float64(in[2].Data[oc])
				}
				for ci := 0; ci < c; ci++ {
					for ky := 0; ky < kh; ky++ {
						for kx := 0; kx < kw; kx++ {
							iy, ix := oy*win.sh+ky-win.pt, ox*win.sw+kx-win.pl
							if iy >= 0 && iy < h && ix >= 0 && ix < wd {
								s += float64(wt.Data[((oc*c+ci)*kh+ky)*kw+kx]) * float64(x.Data[(ci*h+iy)*wd+ix])
							}
						}
					}
				}
				y.Data[(oc*oh+oy)*ow+ox] = float32(s)
			}
		}
	}
	return y, nil
}

func evalPool(n *Node, in []*Value) (*Value, error) {
	if err := need(in, 1); err != nil {
		return nil, err
	}
	x := in[0]
	k := attrInts(n, "kernel_shape")
	if len(x.Shape) != 4 || x.Shape[0] != 1 || len(k) != 2 {
		return nil, fmt.Errorf("pool needs NCHW input with N=1 and a 2-D kernel, got %v and %v", x.Shape, k)
	}
	win, err := spatial(n, int(k[0]), int(k[1]))
	if err != nil {
		return nil, err
	}
	c, h, wd := x.Shape[1], x.Shape[2], x.Shape[3]
	oh, ow := win.out(h, wd)
	y := &Value{Shape: []int{1, c, oh, ow}, Data: make([]float32, c*oh*ow)}
	avg := n.OpType == "AveragePool"
	countPad := attrInt(n, "count_include_pad", 0) == 1
	for ci := 0; ci < c; ci++ {
		for oy := 0; oy < oh; oy++ {
			for ox := 0; ox < ow; ox++ {
				m, s, cnt := math.Inf(-1), 0.0, 0
				for ky := 0; ky < win.kh; ky++ {
					for kx := 0; kx < win.kw; kx++ {
						iy, ix := oy*win.sh+ky-win.pt, ox*win.sw+kx-win.pl
						if iy < 0 || iy >= h || ix < 0 || ix >= wd {
							if countPad {
								cnt++
							}
							continue
						}
						v := float64(x.Data[(ci*h+iy)*wd+ix])
						m, s, cnt = math.Max(m, v), s+v, cnt+1
					}
				}
				if avg {
					m = s / float64(cnt)
				}
				y.Data[(ci*oh+oy)*ow+ox] = float32(m)
			}
		}
	}
	return y, nil
}
