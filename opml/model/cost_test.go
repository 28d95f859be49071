package model_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/aievm/aievm/opml/model"
	"github.com/aievm/aievm/opml/tensor"
)

// convChain is the attack model of the cost review: n 7x7 convolutions in a
// chain sharing one weight, each on a [ch, side, side] activation.
func convChain(n, ch, side int) (*model.Model, error) {
	b := model.NewBuilder("conv-chain")
	x := b.Input("x", tensor.I8, tensor.Shape{ch, side, side})
	w := b.Const("w", &tensor.Tensor{DType: tensor.I8, Shape: tensor.Shape{ch, ch, 7, 7}, Data: make([]byte, ch*ch*49)})
	bias := b.Const("b", &tensor.Tensor{DType: tensor.I32, Shape: tensor.Shape{ch}, Data: make([]byte, 4*ch)})
	for i := 0; i < n; i++ {
		x = b.QConv2D("c", x, w, bias, 1, 3, 1<<30, 31, true)
	}
	b.Output("y", x)
	return b.Build()
}

// TestCountedWorkBounded: a graph whose counted work passes MaxWork (here
// by repeating a cheap-to-store node; summed in uint64 it would wrap to
// almost nothing and be priced so) is invalid, on build and on decode, with
// a clear error; one just under the bound is valid and its cost is exact.
func TestCountedWorkBounded(t *testing.T) {
	t.Parallel()
	const ch, side = 192, 512
	perNode := uint64(ch*side*side) * ch * 49 // outputs x window
	under := int(model.MaxWork / perNode)
	m, err := convChain(under, ch, side)
	if err != nil {
		t.Fatalf("%d nodes, %d MACs: %v", under, uint64(under)*perNode, err)
	}
	if m.Cost.MACs != uint64(under)*perNode {
		t.Fatalf("MACs %d, want %d", m.Cost.MACs, uint64(under)*perNode)
	}
	if _, err := model.Decode(m.Encode()); err != nil {
		t.Fatal(err)
	}
	_, err = convChain(under+1, ch, side)
	if !errors.Is(err, model.ErrInvalid) || !strings.Contains(err.Error(), "counted work past the bound") {
		t.Fatalf("%d nodes: %v, want the work bound", under+1, err)
	}
}

// TestMemoryBounded: a model whose live activations (an embedding of a
// long sequence) or whose one node's working memory (the im2col of a strided
// convolution) passes the bound is invalid; the executor could otherwise be
// made to allocate gigabytes by one call.
func TestMemoryBounded(t *testing.T) {
	t.Parallel()
	embedding := func(seq int) error {
		b := model.NewBuilder("embedding")
		ids := b.Input("ids", tensor.I32, tensor.Shape{seq})
		table := b.Const("table", &tensor.Tensor{DType: tensor.F32, Shape: tensor.Shape{4, 1024}, Data: make([]byte, 4*1024*4)})
		b.Output("y", b.Node("e", model.OpEmbedding, nil, ids, table))
		_, err := b.Build()
		return err
	}
	strided := func(side int) error {
		b := model.NewBuilder("strided")
		x := b.Input("x", tensor.I8, tensor.Shape{1, side, side})
		w := b.Const("w", &tensor.Tensor{DType: tensor.I8, Shape: tensor.Shape{1, 1, 64, 64}, Data: make([]byte, 64*64)})
		bias := b.Const("b", &tensor.Tensor{DType: tensor.I32, Shape: tensor.Shape{1}, Data: make([]byte, 4)})
		b.Output("y", b.QConv2D("c", x, w, bias, 2, 0, 1<<30, 31, false))
		_, err := b.Build()
		return err
	}
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"embedding within the bound", embedding(1 << 15), ""},                    // 128 MiB of output
		{"embedding past the bound", embedding(1 << 17), "live activations"},      // 512 MiB
		{"strided conv within the bound", strided(256), ""},                       // 16 MiB of im2col
		{"strided conv past the bound", strided(2048), "bytes of working memory"}, // ~2 GiB of im2col
	}
	for _, tt := range tests {
		switch {
		case tt.want == "" && tt.err != nil:
			t.Errorf("%s: %v", tt.name, tt.err)
		case tt.want != "" && (!errors.Is(tt.err, model.ErrInvalid) || !strings.Contains(tt.err.Error(), tt.want)):
			t.Errorf("%s: %v, want %q", tt.name, tt.err, tt.want)
		}
	}
}

// TestTakeLastCounted: a chain of TakeLast nodes each copies its row; the
// copies are counted (one int op per byte), not free.
func TestTakeLastCounted(t *testing.T) {
	t.Parallel()
	b := model.NewBuilder("takelast-chain")
	x := b.Input("x", tensor.F32, tensor.Shape{1, 1 << 20})
	for i := 0; i < 8; i++ {
		x = b.Unary("t", model.OpTakeLast, x)
	}
	b.Output("y", x)
	m, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	if want := uint64(8 * 4 << 20); m.Cost.IntOps != want {
		t.Fatalf("int ops %d, want %d (one per byte copied)", m.Cost.IntOps, want)
	}
}

// TestPreparedLayoutsBounded: one-column weights widen 32 times in the fast
// path's layout; a model whose prepared layouts pass MaxPreparedBytes is
// invalid (48 MiB of weights would have pinned 1.5 GiB per executor).
func TestPreparedLayoutsBounded(t *testing.T) {
	t.Parallel()
	build := func(layers int) (*model.Model, error) {
		b := model.NewBuilder("narrow")
		x := b.Input("x", tensor.I8, tensor.Shape{1, 1})
		bias := b.Const("b", tensor.New(tensor.I32, tensor.Shape{1 << 24}))
		for i := 0; i < layers; i++ {
			w := b.Const("w", tensor.New(tensor.I8, tensor.Shape{1 << 24, 1}))
			b.Output("y", b.QLinear("l", x, w, bias, 1<<30, 31, false))
		}
		return b.Build()
	}
	m, err := build(2)
	if err != nil {
		t.Fatal(err)
	}
	if want := uint64(2 * 2 * (1 << 24) * 16); m.PreparedBytes != want {
		t.Fatalf("prepared %d, want %d", m.PreparedBytes, want)
	}
	if _, err := build(3); !errors.Is(err, model.ErrInvalid) || !strings.Contains(err.Error(), "prepared weight layouts") {
		t.Fatalf("three layers: %v, want the prepared-layout bound", err)
	}
}
