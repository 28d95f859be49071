package model_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/aievm/aievm/opml/model"
	"github.com/aievm/aievm/opml/tensor"
)

// convChain is the attack model of the cost review: n 3x3 convolutions in a
// chain sharing one 36 KiB weight, each on a [64, side, side] activation.
func convChain(n, side int) (*model.Model, error) {
	b := model.NewBuilder("conv-chain")
	x := b.Input("x", tensor.I8, tensor.Shape{64, side, side})
	w := b.Const("w", &tensor.Tensor{DType: tensor.I8, Shape: tensor.Shape{64, 64, 3, 3}, Data: make([]byte, 64*64*9)})
	bias := b.Const("b", &tensor.Tensor{DType: tensor.I32, Shape: tensor.Shape{64}, Data: make([]byte, 4*64)})
	for i := 0; i < n; i++ {
		x = b.QConv2D("c", x, w, bias, 1, 1, 1<<30, 31, true)
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
	const side = 1024
	perNode := uint64(64*side*side) * 64 * 9 // outputs x window
	under := int(model.MaxWork / perNode)
	m, err := convChain(under, side)
	if err != nil {
		t.Fatalf("%d nodes, %d MACs: %v", under, uint64(under)*perNode, err)
	}
	if m.Cost.MACs != uint64(under)*perNode {
		t.Fatalf("MACs %d, want %d", m.Cost.MACs, uint64(under)*perNode)
	}
	if _, err := model.Decode(m.Encode()); err != nil {
		t.Fatal(err)
	}
	_, err = convChain(under+1, side)
	if !errors.Is(err, model.ErrInvalid) || !strings.Contains(err.Error(), "counted work past the bound") {
		t.Fatalf("%d nodes: %v, want the work bound", under+1, err)
	}
}

// TestNodeCostSaturates: shapes whose products pass 64 bits (attention over
// the longest sequence the format allows) are refused, not wrapped.
func TestNodeCostSaturates(t *testing.T) {
	t.Parallel()
	b := model.NewBuilder("long-attention")
	q := b.Input("q", tensor.F32, tensor.Shape{1 << 24, 64})
	b.Output("y", b.Node("att", model.OpAttention, []int64{1, 1}, q, q, q))
	_, err := b.Build()
	if !errors.Is(err, model.ErrInvalid) || !strings.Contains(err.Error(), "counted work past the bound") {
		t.Fatalf("attention over 2^24 positions: %v, want the work bound", err)
	}
}
