package onnx

import (
	"fmt"

	"github.com/aievm/aievm/opml/model"
	"github.com/aievm/aievm/opml/tensor"
)

// ImportFixed lowers m by a fixed rule, with no calibration and no
// evaluation, so that a node can convert ONNX bytes inside a call (the
// inline precompile) alike on every machine, in time linear in the file:
//   - a value that is int8 in the file (QuantizeLinear, QLinearMatMul,
//     QLinearConv) keeps the file's scales;
//   - float Gemm and MatMul run as binary32 matmuls (the soft-float
//     reference semantics, SPEC.md), as do the ai.onnx.ml models;
//   - anything that would need a calibrated int8 scale (a float Conv, a
//     float value fed to an integer op, a float Relu) is refused
//     (ErrNeedsCalibration or ErrUnsupported);
//   - every input is float with fixed dimensions (a symbolic batch is 1).
//
// Shapes come from the engine's own shape inference.
func ImportFixed(m *Model, name string) (*model.Model, error) {
	return ImportFixedBounded(m, name, maxMade)
}

// ImportFixedBounded is ImportFixed making at most made elements beyond
// the file's own tensors (folded constants, per-row biases, zero weights):
// the inline precompile bounds them by the bytes it was paid for.
func ImportFixedBounded(m *Model, name string, made int) (*model.Model, error) {
	if ps := Check(m); len(ps) > 0 {
		return nil, ps
	}
	for _, in := range m.Graph.Inputs {
		n := int64(1)
		for _, d := range in.Shape {
			if d = max(d, 1); n > maxFixedInput/d {
				return nil, fmt.Errorf("%w: input %s of shape %v (more than %d elements)", ErrUnsupported, in.Name, in.Shape, maxFixedInput)
			}
			n *= d
		}
	}
	im := newImporter(m, name)
	im.fixed = true
	im.nmade = maxMade - min(max(made, 0), maxMade) // the budget left is made
	return im.build(func(in ValueInfo) []int {
		s := make([]int, len(in.Shape))
		for i, d := range in.Shape {
			s[i] = int(max(d, 1)) // Check refused a symbolic dimension past the batch
		}
		return s
	})
}

// maxFixedInput bounds the elements of an input under the fixed rule (the
// inline precompile's inputs are far smaller).
const maxFixedInput = 1 << 20

// maxMade bounds the elements an import makes beyond the file's own
// tensors (folded constants, per-row biases): the conversion's work and
// memory stay proportional to the file.
const maxMade = 1 << 22

// made counts n more elements made by the import, refusing past maxMade.
func (im *importer) made(n int) error {
	if n < 0 || n > maxMade-im.nmade {
		return fmt.Errorf("%w: the conversion would make more than %d elements beyond the file's", ErrUnsupported, maxMade)
	}
	im.nmade += n
	return nil
}

// fixedReshape is the output shape of a Flatten or Reshape of an input of
// shape from, without evaluation.
func fixedReshape(n *Node, from []int, consts map[string]*Value) ([]int, error) {
	if n.OpType == "Flatten" {
		axis := int(attrInt(n, "axis", 1))
		if axis < 0 {
			axis += len(from)
		}
		if axis < 0 || axis > len(from) {
			return nil, fmt.Errorf("flatten axis %d of a rank-%d value", axis, len(from))
		}
		a, b := 1, 1
		for i, d := range from {
			if i < axis {
				a *= d
			} else {
				b *= d
			}
		}
		return []int{a, b}, nil
	}
	if len(n.Inputs) < 2 {
		return nil, fmt.Errorf("reshape without a shape input")
	}
	t, ok := consts[n.Inputs[1]]
	if !ok {
		return nil, fmt.Errorf("%w: reshape to a shape that is not a constant", ErrUnsupported)
	}
	return reshapeTarget(from, t.Data)
}

// linearFloat emits x [rows, K] times W [M, K] in binary32, plus bias:
// the fixed rule's form of a float Gemm or MatMul.
func (im *importer) linearFloat(name, out string, x *lowered, w []float32, m, k int, bias []float32, relu bool) error {
	if relu {
		return fmt.Errorf("%w: a float Relu (the engine's Relu is on int8 values)", ErrNeedsCalibration)
	}
	if len(x.shape) != 2 || x.shape[1] != k {
		return fmt.Errorf("input shape %v does not match weights [%d, %d]", x.shape, m, k)
	}
	wv := im.b.Const(im.constName(name+".weight"), tensor.FromF32(tensor.Shape{m, k}, w))
	y := im.b.Binary(name, model.OpMatMul, x.v, wv)
	if bias != nil {
		c, err := im.rowsConst(name+".bias", bias, x.shape[0], m)
		if err != nil {
			return err
		}
		y = im.b.Binary(name+".add", model.OpAdd, y, c)
	}
	im.vals[out] = &lowered{v: y, shape: []int{x.shape[0], m}}
	return nil
}
