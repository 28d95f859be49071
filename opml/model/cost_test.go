package model_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/aievm/aievm/opml/model"
	"github.com/aievm/aievm/opml/tensor"
)

// convChain is the attack model of the cost review: n k x k convolutions in
// a chain sharing one weight, each on a [ch, side, side] activation.
func convChain(n, ch, side, k int) (*model.Model, error) {
	b := model.NewBuilder("conv-chain")
	x := b.Input("x", tensor.I8, tensor.Shape{ch, side, side})
	w := b.Const("w", &tensor.Tensor{DType: tensor.I8, Shape: tensor.Shape{ch, ch, k, k}, Data: make([]byte, ch*ch*k*k)})
	bias := b.Const("b", &tensor.Tensor{DType: tensor.I32, Shape: tensor.Shape{ch}, Data: make([]byte, 4*ch)})
	for i := 0; i < n; i++ {
		x = b.QConv2D("c", x, w, bias, 1, k/2, 1<<30, 31, true)
	}
	b.Output("y", x)
	return b.Build()
}

// TestCountedWorkBounded: the attack model of the cost review (a chain of
// convolutions sharing one weight, whose summed MACs wrapped uint64 to
// almost nothing) is invalid: each node's counted work is bounded
// (MaxNodeWork) and so, with MaxNodes, is the model's, far below MaxWork
// and any wrap. A chain just under the node bound is valid and its cost is
// exact, on build and on decode.
func TestCountedWorkBounded(t *testing.T) {
	t.Parallel()
	if uint64(model.MaxNodes)*model.MaxNodeWork*3 > model.MaxWork {
		t.Fatal("MaxNodes nodes of MaxNodeWork can pass MaxWork")
	}
	const ch, side = 64, 44                                                          // a 121 KiB input: its binding fits L1
	perNode := func(k int) uint64 { return uint64(ch*side*side) * ch * uint64(k*k) } // outputs x window
	k := 1
	for perNode(k+2) <= model.MaxNodeWork {
		k += 2
	}
	m, err := convChain(8, ch, side, k)
	if err != nil {
		t.Fatalf("8 nodes of %d MACs: %v", perNode(k), err)
	}
	if m.Cost.MACs != 8*perNode(k) {
		t.Fatalf("MACs %d, want %d", m.Cost.MACs, 8*perNode(k))
	}
	if _, err := model.Decode(m.Encode()); err != nil {
		t.Fatal(err)
	}
	_, err = convChain(8, ch, side, k+2)
	if !errors.Is(err, model.ErrInvalid) || !strings.Contains(err.Error(), "operations, more than the bound") {
		t.Fatalf("nodes of %d MACs: %v, want the node work bound", perNode(k+2), err)
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
		table := b.Const("table", &tensor.Tensor{DType: tensor.F32, Shape: tensor.Shape{4, 1 << 16}, Data: make([]byte, 4*(1<<16)*4)})
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
		{"embedding within the bound", embedding(1 << 9), ""},                     // 128 MiB of output
		{"embedding past the bound", embedding(1 << 11), "live activations"},      // 512 MiB
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
	ids := b.Input("ids", tensor.I32, tensor.Shape{1})
	table := b.Const("table", &tensor.Tensor{DType: tensor.F32, Shape: tensor.Shape{1, 1 << 20}, Data: make([]byte, 4<<20)})
	x := b.Binary("e", model.OpEmbedding, ids, table) // a 4 MiB row from a 4-byte input
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
