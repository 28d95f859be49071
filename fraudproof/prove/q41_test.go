package prove

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/aievm/aievm/opml/model"
	"github.com/aievm/aievm/opml/tensor"
)

// TestQ41StepsMatchEngine: every step of a Q4_1 matmul and a Q4_1
// embedding runs on the L1 verifier and gives the engine's state, over
// activation blocks of zeros, NaN, infinities, subnormals and mixed signs,
// and weight blocks whose scale or min is 0, negative, subnormal or
// infinite.
func TestQ41StepsMatchEngine(t *testing.T) {
	t.Parallel()
	vm := newVM(t)
	r := rand.New(rand.NewPCG(41, 41))
	const tk, k, m, vocab = 3, 96, 5, 4
	vals := make([]float32, m*k)
	for i := range vals {
		vals[i] = float32(r.NormFloat64())
	}
	w, err := tensor.QuantizeQ4_1(vals)
	if err != nil {
		t.Fatal(err)
	}
	// hostile scales and mins in some blocks (f16 bits: 0, -0.5, the
	// smallest subnormal, +Inf)
	for i, bits := range []uint16{0, 0xB800, 0x0001, 0x7C00} {
		binary := w[(3*i+1)*20:]
		binary[2*(i%2)], binary[2*(i%2)+1] = byte(bits), byte(bits>>8)
	}
	x := make([]float32, tk*k)
	for i := range x {
		x[i] = float32(r.NormFloat64() * math.Pow(2, float64(r.IntN(40)-20)))
	}
	clear(x[:32])
	x[40] = float32(math.NaN())
	x[100] = float32(math.Inf(1))
	x[170] = math.Float32frombits(1)
	b := model.NewBuilder("q4_1")
	xv := b.Input("x", tensor.F32, tensor.Shape{tk, k})
	ids := b.Input("ids", tensor.I32, tensor.Shape{2})
	wv := b.Const("w", &tensor.Tensor{DType: tensor.Q4_1, Shape: tensor.Shape{m, k}, Data: w})
	tab := b.Const("tab", &tensor.Tensor{DType: tensor.Q4_1, Shape: tensor.Shape{vocab, k}, Data: w[:vocab*k/32*20]})
	b.Output("y", b.Node("mm", model.OpMatMul, nil, xv, wv))
	b.Output("e", b.Node("emb", model.OpEmbedding, nil, ids, tab))
	mdl, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	in := append(tensor.FromF32(tensor.Shape{tk, k}, x).Data, tensor.FromI32(tensor.Shape{2}, []int32{3, 1}).Data...)
	run, err := NewRun(mdl, in)
	if err != nil {
		t.Fatal(err)
	}
	var maxGas uint64
	for node := range mdl.Nodes {
		for step := uint64(0); step < run.Steps(node); step++ {
			maxGas = max(maxGas, checkStep(t, vm, run, node, step, fmt.Sprintf("node %d (%s) step %d", node, mdl.Nodes[node].Op, step)))
		}
	}
	t.Logf("every Q4_1 matmul and embedding step agrees on L1; the costliest %d gas", maxGas)
}
