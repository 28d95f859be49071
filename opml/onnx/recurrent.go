package onnx

import (
	"fmt"
	"slices"

	"github.com/aievm/aievm/opml/model"
	"github.com/aievm/aievm/opml/tensor"
)

// maxUnrolled bounds the engine nodes one recurrent op may unroll to (the
// model format's node bound is model.MaxNodes).
const maxUnrolled = model.MaxNodes - 16

// rnn is what LSTM and GRU share: the sequence, the weights of one
// direction and the state inputs.
type rnn struct {
	n          *Node
	seq, in, h int
	gates      int
	reverse    bool
	xw         model.Value // X W^T + input-side biases, [seq, gates*H]
	w, r, b    []float32   // W [gates*H, I], R [gates*H, H], B [2*gates*H] (zeros if absent)
}

// readRNN checks a recurrent node's attributes and inputs and reads its
// weights; gates is 4 (LSTM) or 3 (GRU).
func (im *importer) readRNN(n *Node, gates int) (*rnn, error) {
	x, err := im.float(n.Inputs[0])
	if err != nil {
		return nil, err
	}
	h := int(attrInt(n, "hidden_size", 0))
	dir := string(n.Attrs["direction"].S)
	switch {
	case attrInt(n, "layout", 0) != 0:
		return nil, fmt.Errorf("%w: %s layout 1 (batch first)", ErrUnsupported, n.OpType)
	case dir != "" && dir != "forward" && dir != "reverse":
		return nil, fmt.Errorf("%w: %s direction %s (forward and reverse are supported)", ErrUnsupported, n.OpType, dir)
	case len(n.Attrs["activations"].Strings) > 0 && !slices.Equal(n.Attrs["activations"].Strings, defaultActivations(gates)):
		return nil, fmt.Errorf("%w: %s activations %v (the defaults %v only)", ErrUnsupported, n.OpType, n.Attrs["activations"].Strings, defaultActivations(gates))
	case n.Attrs["clip"].Type != 0:
		return nil, fmt.Errorf("%w: %s with clip", ErrUnsupported, n.OpType)
	case attrInt(n, "input_forget", 0) != 0:
		return nil, fmt.Errorf("%w: LSTM with input_forget", ErrUnsupported)
	case len(n.Inputs) > 4 && n.Inputs[4] != "":
		return nil, fmt.Errorf("%w: %s with sequence_lens (every sequence is the full length)", ErrUnsupported, n.OpType)
	case len(n.Inputs) > 7 && n.Inputs[7] != "":
		return nil, fmt.Errorf("%w: LSTM with peepholes", ErrUnsupported)
	case len(x.shape) != 3 || x.shape[1] != 1:
		return nil, fmt.Errorf("%w: %s input of shape %v (want [sequence, 1, features])", ErrUnsupported, n.OpType, x.shape)
	case h < 1 || h > 1<<12:
		return nil, fmt.Errorf("%s hidden_size %d", n.OpType, h)
	}
	z := &rnn{n: n, seq: x.shape[0], in: x.shape[2], h: h, gates: gates, reverse: dir == "reverse"}
	if perStep := 14 + 2*gates; perStep*z.seq+8 > maxUnrolled { // engine nodes a step unrolls to, at most
		return nil, fmt.Errorf("%w: a %s of %d steps unrolls past the engine's %d nodes", ErrUnsupported, n.OpType, z.seq, model.MaxNodes)
	}
	weight := func(i, rows, cols int, what string) ([]float32, error) {
		if len(n.Inputs) <= i || n.Inputs[i] == "" {
			if err := im.made(rows * cols); err != nil { // zeros the file does not pay for
				return nil, err
			}
			return make([]float32, rows*cols), nil
		}
		c, ok := im.constant(n.Inputs[i])
		if !ok || len(c.Data) != rows*cols {
			return nil, fmt.Errorf("%w: %s %s must be a constant of %d x %d values", ErrUnsupported, n.OpType, what, rows, cols)
		}
		if err := im.made(rows * cols); err != nil { // copied into the engine's constants, per node
			return nil, err
		}
		return c.Data, nil
	}
	if z.w, err = weight(1, gates*h, z.in, "W"); err != nil {
		return nil, err
	}
	if z.r, err = weight(2, gates*h, h, "R"); err != nil {
		return nil, err
	}
	if z.b, err = weight(3, 2*gates*h, 1, "B"); err != nil {
		return nil, err
	}
	return z, nil
}

func defaultActivations(gates int) []string {
	if gates == 4 {
		return []string{"Sigmoid", "Tanh", "Tanh"}
	}
	return []string{"Sigmoid", "Tanh"}
}

// state is a recurrent node's initial state input i (initial_h, initial_c)
// as a [1, H] value: a model input (so that a contract can carry the state
// across calls), a constant, or zeros.
func (im *importer) state(z *rnn, i int, what string) (model.Value, error) {
	n := z.n
	name := fmt.Sprintf("%s.%s0", n.Name, what)
	if len(n.Inputs) <= i || n.Inputs[i] == "" {
		return im.b.Const(im.constName(name), tensor.FromF32(tensor.Shape{1, z.h}, make([]float32, z.h))), nil
	}
	if c, ok := im.constant(n.Inputs[i]); ok {
		if len(c.Data) != z.h {
			return 0, fmt.Errorf("%s initial %s of %d values, hidden size %d", n.OpType, what, len(c.Data), z.h)
		}
		return im.b.Const(im.constName(name), tensor.FromF32(tensor.Shape{1, z.h}, c.Data)), nil
	}
	v, err := im.float(n.Inputs[i])
	if err != nil {
		return 0, err
	}
	if len(v.shape) != 3 || v.shape[0] != 1 || v.shape[1] != 1 || v.shape[2] != z.h {
		return 0, fmt.Errorf("%w: %s initial %s of shape %v (want [1, 1, %d])", ErrUnsupported, n.OpType, what, v.shape, z.h)
	}
	return im.b.Reshape(name, v.v, 1, z.h), nil
}

// start emits what both recurrent ops begin with: the input projection
// X W^T + Wb, with Rb joined into its first joined columns ([seq,
// gates*H]), and the initial hidden state.
func (im *importer) start(z *rnn, joined int) (xw, h model.Value, err error) {
	bias := make([]float32, z.gates*z.h)
	for j := range bias {
		bias[j] = z.b[j]
		if j < joined {
			bias[j] += z.b[z.gates*z.h+j]
		}
	}
	if xw, err = im.project(z, bias); err != nil {
		return 0, 0, err
	}
	h, err = im.state(z, 5, "h")
	return xw, h, err
}

// project emits X W^T plus the given per-column biases: [seq, gates*H].
func (im *importer) project(z *rnn, bias []float32) (model.Value, error) {
	x, err := im.float(z.n.Inputs[0])
	if err != nil {
		return 0, err
	}
	name := z.n.Name
	x2 := im.b.Reshape(name+".x", x.v, z.seq, z.in)
	w := im.b.Const(im.constName(name+".W"), tensor.FromF32(tensor.Shape{z.gates * z.h, z.in}, z.w))
	xw := im.b.Binary(name+".xw", model.OpMatMul, x2, w)
	c, err := im.rowsConst(name+".bias", bias, z.seq, z.gates*z.h)
	if err != nil {
		return 0, err
	}
	return im.b.Binary(name+".xwb", model.OpAdd, xw, c), nil
}

// cols is columns [from, from+n) of a one-row value.
func (im *importer) cols(name string, v model.Value, from, n int) model.Value {
	return im.b.Node(name, model.OpSlice, []int64{0, 1, int64(from), int64(n)}, v)
}

// steps returns the time steps in the order the node runs them.
func (z *rnn) steps() []int {
	t := make([]int, z.seq)
	for i := range t {
		t[i] = i
		if z.reverse {
			t[i] = z.seq - 1 - i
		}
	}
	return t
}

// outputs sets a recurrent node's outputs: Y [seq, 1, 1, H] from the
// states by time, Y_h and (LSTM) Y_c [1, 1, H] from the last ones.
func (im *importer) rnnOutputs(z *rnn, hs []model.Value, last ...model.Value) error {
	n := z.n
	if len(n.Outputs) > 0 && n.Outputs[0] != "" && im.users[n.Outputs[0]] > 0 {
		y := hs[0]
		for t := 1; t < z.seq; t++ {
			y = im.b.Node(fmt.Sprintf("%s.y%d", n.Name, t), model.OpConcat, nil, y, hs[t])
		}
		im.vals[n.Outputs[0]] = &lowered{v: im.b.Reshape(n.Name+".Y", y, z.seq, 1, 1, z.h), shape: []int{z.seq, 1, 1, z.h}}
	}
	for i, v := range last {
		if len(n.Outputs) > i+1 && n.Outputs[i+1] != "" {
			im.vals[n.Outputs[i+1]] = &lowered{v: im.b.Reshape(fmt.Sprintf("%s.out%d", n.Name, i+1), v, 1, 1, z.h), shape: []int{1, 1, z.h}}
		}
	}
	return nil
}

// lowerLSTM unrolls an LSTM (gates i, o, f, c as ONNX orders them):
//
//	g = (x_t W^T + Wb + Rb) + h R^T
//	i, o, f = sigmoid(g_i, g_o, g_f); c~ = tanh(g_c)
//	c = f*c + i*c~; h = o*tanh(c)
func (im *importer) lowerLSTM(n *Node) error {
	z, err := im.readRNN(n, 4)
	if err != nil {
		return err
	}
	h4 := 4 * z.h
	xw, h, err := im.start(z, h4) // every gate's Rb joins its Wb
	if err != nil {
		return err
	}
	c, err := im.state(z, 6, "c")
	if err != nil {
		return err
	}
	r := im.b.Const(im.constName(n.Name+".R"), tensor.FromF32(tensor.Shape{h4, z.h}, z.r))
	hs := make([]model.Value, z.seq)
	for _, t := range z.steps() {
		p := fmt.Sprintf("%s.t%d.", n.Name, t)
		xt := im.b.Node(p+"x", model.OpSlice, []int64{int64(t), 1, 0, int64(h4)}, xw)
		g := im.b.Binary(p+"g", model.OpAdd, xt, im.b.Binary(p+"hr", model.OpMatMul, h, r))
		gi := im.b.Unary(p+"i", model.OpSigmoid, im.cols(p+"gi", g, 0, z.h))
		go_ := im.b.Unary(p+"o", model.OpSigmoid, im.cols(p+"go", g, z.h, z.h))
		gf := im.b.Unary(p+"f", model.OpSigmoid, im.cols(p+"gf", g, 2*z.h, z.h))
		gc := im.b.Unary(p+"cc", model.OpTanh, im.cols(p+"gc", g, 3*z.h, z.h))
		c = im.b.Binary(p+"c", model.OpAdd, im.b.Binary(p+"fc", model.OpMul, gf, c), im.b.Binary(p+"ic", model.OpMul, gi, gc))
		h = im.b.Binary(p+"h", model.OpMul, go_, im.b.Unary(p+"tc", model.OpTanh, c))
		hs[t] = h
	}
	return im.rnnOutputs(z, hs, h, c)
}

// lowerGRU unrolls a GRU (gates z, r, h as ONNX orders them):
//
//	z, r = sigmoid((x_t W^T + Wb + Rb) + h R^T)        (their rows)
//	h~ = tanh(x_t Wh^T + Wbh + (r*h) Rh^T + Rbh)          (linear_before_reset 0)
//	h~ = tanh(x_t Wh^T + Wbh + r*(h Rh^T + Rbh))          (linear_before_reset 1)
//	h = (1-z)*h~ + z*h
func (im *importer) lowerGRU(n *Node) error {
	z, err := im.readRNN(n, 3)
	if err != nil {
		return err
	}
	hd, h3 := z.h, 3*z.h
	xw, h, err := im.start(z, 2*hd) // Rb of z and r join Wb; Rbh stays inside the reset
	if err != nil {
		return err
	}
	rzr := im.b.Const(im.constName(n.Name+".Rzr"), tensor.FromF32(tensor.Shape{2 * hd, hd}, z.r[:2*hd*hd]))
	rh := im.b.Const(im.constName(n.Name+".Rh"), tensor.FromF32(tensor.Shape{hd, hd}, z.r[2*hd*hd:]))
	rbh := im.b.Const(im.constName(n.Name+".Rbh"), tensor.FromF32(tensor.Shape{1, hd}, z.b[h3+2*hd:]))
	ones, negOnes := make([]float32, hd), make([]float32, hd)
	for j := range ones {
		ones[j], negOnes[j] = 1, -1
	}
	one := im.b.Const(im.constName(n.Name+".one"), tensor.FromF32(tensor.Shape{1, hd}, ones))
	neg := im.b.Const(im.constName(n.Name+".neg"), tensor.FromF32(tensor.Shape{1, hd}, negOnes))
	lbr := attrInt(n, "linear_before_reset", 0) != 0
	hs := make([]model.Value, z.seq)
	for _, t := range z.steps() {
		p := fmt.Sprintf("%s.t%d.", n.Name, t)
		xt := im.b.Node(p+"x", model.OpSlice, []int64{int64(t), 1, 0, int64(h3)}, xw)
		zr := im.b.Binary(p+"zr", model.OpAdd, im.cols(p+"xzr", xt, 0, 2*hd), im.b.Binary(p+"hzr", model.OpMatMul, h, rzr))
		gz := im.b.Unary(p+"z", model.OpSigmoid, im.cols(p+"gz", zr, 0, hd))
		gr := im.b.Unary(p+"r", model.OpSigmoid, im.cols(p+"gr", zr, hd, hd))
		var inner model.Value
		if lbr {
			hr := im.b.Binary(p+"hrb", model.OpAdd, im.b.Binary(p+"hr", model.OpMatMul, h, rh), rbh)
			inner = im.b.Binary(p+"rh", model.OpMul, gr, hr)
		} else {
			rhr := im.b.Binary(p+"rhr", model.OpMatMul, im.b.Binary(p+"rh", model.OpMul, gr, h), rh)
			inner = im.b.Binary(p+"rhb", model.OpAdd, rhr, rbh)
		}
		hh := im.b.Unary(p+"hh", model.OpTanh, im.b.Binary(p+"pre", model.OpAdd, im.cols(p+"xh", xt, 2*hd, hd), inner))
		oneMinus := im.b.Binary(p+"1-z", model.OpAdd, one, im.b.Binary(p+"-z", model.OpMul, gz, neg))
		h = im.b.Binary(p+"h", model.OpAdd, im.b.Binary(p+"zh~", model.OpMul, oneMinus, hh), im.b.Binary(p+"zh", model.OpMul, gz, h))
		hs[t] = h
	}
	return im.rnnOutputs(z, hs, h)
}
