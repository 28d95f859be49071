package onnx

import (
	"fmt"
	"math"
	"slices"

	"github.com/aievm/aievm/opml/model"
	"github.com/aievm/aievm/opml/tensor"
)

// Shape plumbing: the ops exporters emit around recurrent and other nets
// to compute shapes at run time. The importer folds them when their inputs
// are constants (or, for Shape, when the shape is static), and lowers
// Squeeze, Unsqueeze and a Gather of one row on activations.

// plumbing lists the ops evalPlumbing evaluates.
var plumbing = []string{"Constant", "Shape", "Gather", "Concat", "Unsqueeze", "Squeeze", "ConstantOfShape"}

// maxFolded bounds the elements of one folded constant (a hostile file's
// ConstantOfShape of [1e9] must not allocate it), maxFoldedRank its rank
// (and the axes a Squeeze or Unsqueeze names: each costs work on every
// shape after it).
const (
	maxFolded     = 1 << 20
	maxFoldedRank = 8
)

// intIn converts a float read from a file to an integer in [lo, hi]. Go's
// conversion of a NaN or an out-of-range float differs by CPU, and the
// inline precompile's conversion is consensus: every float that becomes an
// integer passes here (or is refused).
func intIn(v float32, lo, hi int64) (int64, bool) {
	if v != v || float64(v) < float64(lo) || float64(v) > float64(hi) {
		return 0, false
	}
	return int64(v), true
}

// checkedElements is the element count of a folded constant's shape,
// refusing one past maxFolded. Every dimension counts, a 0 as a 1: the
// loops that fill a value run over the dimensions before it.
func checkedElements(shape []int) (int, error) {
	if len(shape) > maxFoldedRank {
		return 0, fmt.Errorf("%w: a value of rank %d (more than %d)", ErrUnsupported, len(shape), maxFoldedRank)
	}
	n, bound := 1, 1
	for _, d := range shape {
		if d < 0 || bound > maxFolded/max(d, 1) {
			return 0, fmt.Errorf("%w: a folded constant of shape %v (more than %d elements)", ErrUnsupported, shape, maxFolded)
		}
		n, bound = n*d, bound*max(d, 1)
	}
	return n, nil
}

// axesOf reads Squeeze/Unsqueeze axes from the attribute (opset < 13) or
// the constant second input, normalized against rank.
func axesOf(n *Node, in []*Value, rank int) ([]int, error) {
	raw := n.Attrs["axes"].Ints
	if len(in) > 1 && in[1] != nil {
		if len(in[1].Data) > maxFoldedRank {
			return nil, fmt.Errorf("%w: %s of %d axes", ErrUnsupported, n.OpType, len(in[1].Data))
		}
		raw = nil
		for _, v := range in[1].Data {
			a, ok := intIn(v, -64, 64)
			if !ok {
				return nil, fmt.Errorf("%s axis %g", n.OpType, v)
			}
			raw = append(raw, a)
		}
	}
	if len(raw) > maxFoldedRank || rank > maxFoldedRank {
		return nil, fmt.Errorf("%w: %s of %d axes over rank %d", ErrUnsupported, n.OpType, len(raw), rank)
	}
	var axes []int
	for _, a := range raw {
		if a < 0 {
			a += int64(rank)
		}
		if a < 0 || a >= int64(rank) || slices.Contains(axes, int(a)) {
			return nil, fmt.Errorf("%s axes %v of rank %d", n.OpType, raw, rank)
		}
		axes = append(axes, int(a))
	}
	slices.Sort(axes)
	return axes, nil
}

// squeezed and unsqueezed are the output shapes of Squeeze and Unsqueeze.
func squeezed(n *Node, in []*Value, s []int) ([]int, error) {
	axes, err := axesOf(n, in, len(s))
	if err != nil {
		return nil, err
	}
	var out []int
	for i, d := range s {
		drop := len(axes) == 0 && d == 1 || slices.Contains(axes, i)
		if drop && d != 1 {
			return nil, fmt.Errorf("squeeze of dimension %d (%d, not 1)", i, d)
		}
		if !drop {
			out = append(out, d)
		}
	}
	return out, nil
}

func unsqueezed(n *Node, in []*Value, s []int) ([]int, error) {
	count := len(n.Attrs["axes"].Ints)
	if len(in) > 1 && in[1] != nil {
		count = len(in[1].Data)
	}
	axes, err := axesOf(n, in, len(s)+count)
	if err != nil {
		return nil, err
	}
	out := slices.Clone(s)
	for _, a := range axes {
		if a > len(out) {
			return nil, fmt.Errorf("unsqueeze axis %d of rank %d", a, len(s))
		}
		out = slices.Insert(out, a, 1)
	}
	return out, nil
}

// evalPlumbing evaluates the shape plumbing ops.
func evalPlumbing(n *Node, in []*Value, shapeOf func() ([]int, error)) (*Value, error) {
	switch n.OpType {
	case "Constant":
		a, ok := n.Attrs["value"]
		switch {
		case ok && a.T != nil:
			return tensorValue(a.T), nil
		case n.Attrs["value_float"].Type != 0:
			return &Value{Shape: []int{}, Data: []float32{n.Attrs["value_float"].F}}, nil
		case n.Attrs["value_floats"].Type != 0:
			f := n.Attrs["value_floats"].Floats
			return &Value{Shape: []int{len(f)}, Data: slices.Clone(f)}, nil
		case n.Attrs["value_int"].Type != 0:
			return &Value{Shape: []int{}, Data: []float32{float32(n.Attrs["value_int"].I)}}, nil
		case n.Attrs["value_ints"].Type != 0:
			v := &Value{Shape: []int{len(n.Attrs["value_ints"].Ints)}}
			for _, x := range n.Attrs["value_ints"].Ints {
				v.Data = append(v.Data, float32(x))
			}
			return v, nil
		}
		return nil, fmt.Errorf("%w: a Constant without a tensor, float(s) or int(s)", ErrUnsupported)
	case "Shape":
		s, err := shapeOf()
		if err != nil {
			return nil, err
		}
		start, end := int(attrInt(n, "start", 0)), int(attrInt(n, "end", int64(len(s))))
		if start < 0 {
			start += len(s)
		}
		if end < 0 {
			end += len(s)
		}
		start, end = max(0, min(start, len(s))), max(0, min(end, len(s)))
		v := &Value{Shape: []int{max(0, end-start)}}
		for _, d := range s[start:max(start, end)] {
			v.Data = append(v.Data, float32(d))
		}
		return v, nil
	case "ConstantOfShape":
		if err := need(in, 1); err != nil {
			return nil, err
		}
		shape := make([]int, len(in[0].Data))
		for i, d := range in[0].Data {
			v, ok := intIn(d, 0, maxFolded)
			if !ok {
				return nil, fmt.Errorf("%w: ConstantOfShape of dimension %g", ErrUnsupported, d)
			}
			shape[i] = int(v)
		}
		count, err := checkedElements(shape)
		if err != nil {
			return nil, err
		}
		fill := float32(0)
		if a := n.Attrs["value"]; a.T != nil {
			if v := tensorValue(a.T); len(v.Data) == 1 {
				fill = v.Data[0]
			}
		}
		v := &Value{Shape: shape, Data: make([]float32, count)}
		for i := range v.Data {
			v.Data[i] = fill
		}
		return v, nil
	case "Squeeze", "Unsqueeze":
		if err := need(in, 1); err != nil {
			return nil, err
		}
		f := squeezed
		if n.OpType == "Unsqueeze" {
			f = unsqueezed
		}
		s, err := f(n, in, in[0].Shape)
		if err != nil {
			return nil, err
		}
		if _, err := checkedElements(s); err != nil {
			return nil, err
		}
		return &Value{Shape: s, Data: in[0].Data}, nil
	case "Gather":
		if err := need(in, 2); err != nil {
			return nil, err
		}
		return gather(n, in[0], in[1])
	case "Concat":
		return concat(n, in)
	}
	return nil, fmt.Errorf("%w: op %s", ErrUnsupported, n.OpType)
}

// gather takes indices along an axis (negative indices count from the end).
func gather(n *Node, data, idx *Value) (*Value, error) {
	axis := int(attrInt(n, "axis", 0))
	r := len(data.Shape)
	if axis < 0 {
		axis += r
	}
	if axis < 0 || axis >= r {
		return nil, fmt.Errorf("gather axis %d of rank %d", axis, r)
	}
	shape := slices.Concat(data.Shape[:axis], idx.Shape, data.Shape[axis+1:])
	if _, err := checkedElements(shape); err != nil {
		return nil, err
	}
	outer, d := 1, data.Shape[axis]
	for _, x := range data.Shape[:axis] {
		outer *= x
	}
	if outer*max(1, len(idx.Data)) > maxFolded { // the loop below, even for an empty value
		return nil, fmt.Errorf("%w: a gather of %d x %d", ErrUnsupported, outer, len(idx.Data))
	}
	inner := 1
	for _, x := range data.Shape[axis+1:] {
		inner *= x
	}
	out := &Value{Shape: shape}
	for o := 0; o < outer; o++ {
		for _, f := range idx.Data {
			v, ok := intIn(f, -int64(d), int64(d)-1)
			if !ok {
				return nil, fmt.Errorf("gather index %g of %d", f, d)
			}
			i := int(v)
			if i < 0 {
				i += d
			}
			base := (o*d + i) * inner
			out.Data = append(out.Data, data.Data[base:base+inner]...)
		}
	}
	return out, nil
}

// concat joins values of one rank along an axis.
func concat(n *Node, in []*Value) (*Value, error) {
	if len(in) == 0 || in[0] == nil {
		return nil, fmt.Errorf("concat of nothing")
	}
	r := len(in[0].Shape)
	axis := int(attrInt(n, "axis", 0))
	if axis < 0 {
		axis += r
	}
	if axis < 0 || axis >= r {
		return nil, fmt.Errorf("concat axis %d of rank %d", axis, r)
	}
	shape := slices.Clone(in[0].Shape)
	shape[axis] = 0
	for _, v := range in {
		if v == nil || len(v.Shape) != r {
			return nil, fmt.Errorf("concat of values of different ranks")
		}
		for i := range shape {
			if i != axis && v.Shape[i] != shape[i] {
				return nil, fmt.Errorf("concat of shapes %v and %v", in[0].Shape, v.Shape)
			}
		}
		shape[axis] += v.Shape[axis]
	}
	if _, err := checkedElements(shape); err != nil {
		return nil, err
	}
	outer := 1
	for _, x := range shape[:axis] {
		outer *= x
	}
	if outer*len(in) > maxFolded { // the loop below, even for an empty value
		return nil, fmt.Errorf("%w: a concat of %d values %d times", ErrUnsupported, len(in), outer)
	}
	out := &Value{Shape: shape}
	for o := 0; o < outer; o++ {
		for _, v := range in {
			chunk := len(v.Data) / outer
			out.Data = append(out.Data, v.Data[o*chunk:(o+1)*chunk]...)
		}
	}
	return out, nil
}

// fold evaluates node n if every input is a constant (Shape: if its
// input's shape is known), storing its outputs as constants. It reports
// whether it did.
func (im *importer) fold(n *Node) (bool, error) {
	if !slices.Contains(plumbing, n.OpType) && n.OpType != "Cast" && !(n.OpType == "Identity" && len(n.Inputs) == 1) {
		return false, nil
	}
	in := make([]*Value, len(n.Inputs))
	for i, name := range n.Inputs {
		if name == "" {
			continue
		}
		c, ok := im.consts[name]
		if !ok && !(n.OpType == "Shape" && i == 0) {
			return false, nil
		}
		in[i] = c
	}
	shapeOf := func() ([]int, error) {
		if in[0] != nil {
			return in[0].Shape, nil
		}
		v, err := im.get(n.Inputs[0])
		if err != nil {
			return nil, err
		}
		return v.shape, nil
	}
	var v *Value
	var err error
	switch n.OpType {
	case "Identity":
		v = in[0]
	case "Cast": // of a constant: to an integer type truncates (ints are held as floats)
		v = &Value{Shape: in[0].Shape, Data: slices.Clone(in[0].Data)}
		if to := attrInt(n, "to", Float); to != Float && to != 10 && to != 11 {
			for i, x := range v.Data {
				v.Data[i] = float32(math.Trunc(float64(x)))
			}
		}
	default:
		v, err = evalPlumbing(n, in, shapeOf)
	}
	if err != nil {
		return true, err
	}
	if err := im.made(max(1, len(v.Data))); err != nil { // every folded node counts
		return true, err
	}
	if len(n.Outputs) > 0 {
		im.consts[n.Outputs[0]] = v
	}
	return true, nil
}

// lowerPlumbing lowers Squeeze and Unsqueeze of an activation (a reshape)
// and a Gather of one constant index along axis 0 (a slice of one row).
func (im *importer) lowerPlumbing(n *Node) error {
	x, err := im.get(n.Inputs[0])
	if err != nil {
		return err
	}
	in := []*Value{nil}
	for _, name := range n.Inputs[1:] {
		c, ok := im.consts[name]
		if !ok && name != "" {
			return fmt.Errorf("%w: %s with an input %s that is not a constant", ErrUnsupported, n.OpType, name)
		}
		in = append(in, c)
	}
	out := n.Outputs[0]
	switch n.OpType {
	case "Squeeze", "Unsqueeze":
		f := squeezed
		if n.OpType == "Unsqueeze" {
			f = unsqueezed
		}
		s, err := f(n, in, x.shape)
		if err != nil {
			return err
		}
		v := x.v
		if !engineShape(s).Equal(engineShape(x.shape)) {
			v = im.b.Reshape(n.Name, x.v, engineShape(s)...)
		}
		im.vals[out] = &lowered{v: v, int8: x.int8, scale: x.scale, shape: s, label: x.label}
		return nil
	case "Gather":
		idx := in[1]
		if idx == nil || attrInt(n, "axis", 0) != 0 || len(idx.Data) != 1 || len(idx.Shape) != 0 || x.int8 || len(x.shape) < 1 {
			return fmt.Errorf("%w: Gather of an activation (only one constant index along axis 0 of a float value)", ErrUnsupported)
		}
		d := x.shape[0]
		v, ok := intIn(idx.Data[0], -int64(d), int64(d)-1)
		if !ok {
			return fmt.Errorf("gather index %g of %d", idx.Data[0], d)
		}
		i := int(v)
		if i < 0 {
			i += d
		}
		inner := 1
		for _, e := range x.shape[1:] {
			inner *= e
		}
		rows := im.b.Reshape(n.Name+".rows", x.v, d, inner)
		row := im.b.Node(n.Name, model.OpSlice, []int64{int64(i), 1, 0, int64(inner)}, rows)
		s := slices.Clone(x.shape[1:])
		y := row
		if es := engineShape(s); !es.Equal(tensor.Shape{1, inner}) {
			y = im.b.Reshape(n.Name+".shape", row, es...)
		}
		im.vals[out] = &lowered{v: y, shape: s}
		return nil
	}
	return fmt.Errorf("%w: %s of activations (folded only when its inputs are constants)", ErrUnsupported, n.OpType)
}

// branchOf is the branch an If takes: its condition must be a constant
// (exporters leave Ifs on flags fixed at export; a condition computed from
// the input is a real branch, which the engine's graphs do not have).
func branchOf(n *Node, cond *Value) (*Graph, error) {
	if cond == nil || len(cond.Data) != 1 {
		return nil, fmt.Errorf("%w: an If whose condition is not a constant", ErrUnsupported)
	}
	name := "else_branch"
	if cond.Data[0] != 0 {
		name = "then_branch"
	}
	g := n.Attrs[name].G
	if g == nil || len(g.Outputs) != len(n.Outputs) {
		return nil, fmt.Errorf("If without a %s of %d outputs", name, len(n.Outputs))
	}
	return g, nil
}

// lowerIf lowers the branch a constant condition takes in the If's place:
// its constants join the graph's, its nodes read the outer values by name,
// and its outputs become the If's.
func (im *importer) lowerIf(n *Node) error {
	g, err := branchOf(n, im.consts[n.Inputs[0]])
	if err != nil {
		return err
	}
	for _, t := range g.Initializers {
		im.consts[t.Name] = tensorValue(t)
	}
	for j := range g.Nodes {
		if err := im.lowerNode(&g.Nodes[j], -1); err != nil {
			return fmt.Errorf("branch node %d %q (%s): %w", j, g.Nodes[j].Name, g.Nodes[j].OpType, err)
		}
	}
	for k, o := range g.Outputs {
		if c, ok := im.consts[o.Name]; ok {
			im.consts[n.Outputs[k]] = c
			continue
		}
		v, err := im.get(o.Name)
		if err != nil {
			return fmt.Errorf("branch output %s: %w", o.Name, err)
		}
		im.vals[n.Outputs[k]] = v
	}
	return nil
}
