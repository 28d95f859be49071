package model

import (
	"errors"
	"strings"
	"testing"

	"github.com/aievm/aievm/opml/tensor"
)

// TestUndisputableModelsAreInvalid: a model the L1 dispute game could not
// bind or step through is invalid on build and on decode, naming the rule.
func TestUndisputableModelsAreInvalid(t *testing.T) {
	t.Parallel()
	f32 := func(b *Builder, name string, shape ...int) Value {
		return b.Const(name, tensor.New(tensor.F32, tensor.Shape(shape)))
	}
	tests := []struct {
		name  string
		build func(b *Builder)
		want  string
	}{
		{"reshape of a constant", func(b *Builder) {
			x := b.Input("x", tensor.F32, tensor.Shape{4})
			b.Output("y", b.Binary("a", OpAdd, x, b.Reshape("r", f32(b, "c", 2, 2), 4)))
		}, "reshapes constant"},
		{"output aliasing an input", func(b *Builder) {
			x := b.Input("x", tensor.F32, tensor.Shape{4})
			b.Output("y", b.Unary("s", OpSiLU, x))
			b.Output("x", x)
		}, "a model input or constant"},
		{"output aliasing a constant", func(b *Builder) {
			x := b.Input("x", tensor.F32, tensor.Shape{4})
			b.Output("y", b.Unary("s", OpSiLU, x))
			b.Output("c", f32(b, "c", 4))
		}, "a model input or constant"},
		{"attention head larger than a step can run", func(b *Builder) {
			x := b.Input("x", tensor.F32, tensor.Shape{2, 2 * (MaxHeadDim + 2)})
			b.Output("y", b.Attention("a", x, x, x, 2, 2))
		}, "head size"},
		{"too many nodes to bind", func(b *Builder) {
			x := b.Input("x", tensor.F32, tensor.Shape{4})
			for i := 0; i < MaxNodes+1; i++ {
				x = b.Unary("s", OpSiLU, x)
			}
			b.Output("y", x)
		}, "too many nodes"},
		{"softmax of a scalar (the engine has no row to run over)", func(b *Builder) {
			x := b.Input("x", tensor.F32, tensor.Shape{})
			b.Output("y", b.Unary("s", OpSoftmax, x))
		}, "softmax of a scalar"},
		{"graph larger than a binding can send", func(b *Builder) {
			x := b.Input("x", tensor.F32, tensor.Shape{4})
			for i := 0; i < MaxGraphBytes/MaxName+1; i++ {
				x = b.Unary(strings.Repeat("n", MaxName), OpSiLU, x)
			}
			b.Output("y", x)
		}, "graph section"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := NewBuilder("undisputable")
			tc.build(b)
			_, err := b.Build()
			if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("build: %v, want an invalid model (%q)", err, tc.want)
			}
		})
	}
}

// TestGraphBytesIsTheEncodedGraph: the bound is applied to what the file
// holds before its first constant's bytes.
func TestGraphBytesIsTheEncodedGraph(t *testing.T) {
	t.Parallel()
	b := NewBuilder("g")
	x := b.Input("x", tensor.F32, tensor.Shape{2, 8})
	y := b.Binary("m", OpMatMul, x, b.Const("w", tensor.New(tensor.F32, tensor.Shape{3, 8})))
	b.Output("y", b.Unary("s", OpSoftmax, y))
	b.Output("z", b.Reshape("r", y, 6))
	m, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	file := m.Encode()
	first := m.Consts[0].Data
	start := len(file) - len(first) // the last (and only) constant ends the file
	if g := m.graphBytes(); g > start || start-g >= Alignment {
		t.Fatalf("graphBytes %d; the constant starts at %d (after at most %d bytes of padding)", g, start, Alignment-1)
	}
	if m.FileBytes != uint64(len(file)) {
		t.Fatalf("FileBytes %d, the file has %d", m.FileBytes, len(file))
	}
}
