package prove

import (
	"errors"
	"fmt"
	"math/big"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/aievm/aievm/contracts/bindings"
	"github.com/aievm/aievm/fraudproof/evm"
	"github.com/aievm/aievm/opml/examples"
	"github.com/aievm/aievm/opml/exec"
	"github.com/aievm/aievm/opml/merkle"
	"github.com/aievm/aievm/opml/model"
	"github.com/aievm/aievm/opml/modeltest"
	"github.com/aievm/aievm/opml/tensor"
)

// l1StepGasCap is the most gas one L1 transaction may use (EIP-7825): a step
// that needs more cannot be run on L1, and its game is lost by whoever must
// run it.
const l1StepGasCap = 1 << 24

// stepGasGoal is the most execution gas any one-step verification should
// take (issue 22): a step dearer than this is a step to split.
const stepGasGoal = 300_000

// attentionModel is one causal attention over inputs of t rows: heads
// query heads of dh floats sharing kv heads.
func attentionModel(t, heads, kv, dh int) (*model.Model, []byte, error) {
	b := model.NewBuilder(fmt.Sprintf("attention-%dx%dx%d", t, heads, dh))
	r := rand.New(rand.NewPCG(uint64(t*heads), uint64(dh)))
	var in []byte
	input := func(name string, width int) model.Value {
		x := tensor.New(tensor.F32, tensor.Shape{t, width})
		f := x.F32()
		for i := range f {
			f[i] = float32(r.NormFloat64())
		}
		in = append(in, x.Data...)
		return b.Input(name, tensor.F32, x.Shape)
	}
	q, k, v := input("q", heads*dh), input("k", kv*dh), input("v", kv*dh)
	b.Output("y", b.Attention("a", q, k, v, heads, kv))
	m, err := b.Build()
	return m, in, err
}

// stepSample is a model and its input's bytes, for the step sweeps.
type stepSample struct {
	m  *model.Model
	in []byte
}

// randomSamples are modeltest's models of kind from seeds [0, seeds) of
// stream, skipping the random shapes the op refuses.
func randomSamples(kind uint8, seeds, stream uint64) []stepSample {
	var out []stepSample
	for seed := uint64(0); seed < seeds; seed++ {
		m, ins, err := modeltest.Random(rand.New(rand.NewPCG(seed, stream)), kind)
		if err != nil {
			continue
		}
		var in []byte
		for _, x := range ins {
			in = append(in, x.Data...)
		}
		out = append(out, stepSample{m, in})
	}
	return out
}

// newVM is the EVM with the step verifiers deployed.
func newVM(t *testing.T) *evm.EVM {
	t.Helper()
	vm, err := evm.New()
	if err != nil {
		t.Fatal(err)
	}
	return vm
}

// TestEveryStepKindIsDisputable: for random valid models of every op
// (opml/modeltest) and attention with llama's head size and rows that
// straddle output leaves, each step a dishonest challenger could steer a
// game to runs on the L1 verifier, within stepGasGoal of execution gas, and
// gives the engine's state after it; and L1 counts each node's steps as the
// engine does.
func TestEveryStepKindIsDisputable(t *testing.T) {
	t.Parallel()
	vm := newVM(t)
	var samples []stepSample
	for kind := uint8(0); kind < modeltest.Kinds; kind++ {
		seeds := uint64(3)
		if kind == 8 || kind == 10 { // embedding, matmul: every weight type
			seeds = 10
		}
		samples = append(samples, randomSamples(kind, seeds, 11)...)
	}
	for _, a := range [][4]int{{4, 2, 1, 128}, {3, 3, 3, 40}, {3, 2, 2, 17}, {2, 1, 1, model.MaxHeadDim}} {
		m, in, err := attentionModel(a[0], a[1], a[2], a[3])
		if err != nil {
			t.Fatal(err)
		}
		samples = append(samples, stepSample{m, in})
	}
	r := rand.New(rand.NewPCG(5, 5))
	var maxGas uint64
	var costliest string
	for _, s := range samples {
		run, err := NewRun(s.m, s.in)
		if err != nil {
			t.Fatal(err)
		}
		for node := range s.m.Nodes {
			total := run.Steps(node)
			info, err := run.NodeInfo(vm, node)
			if err != nil {
				t.Fatal(err)
			}
			if info.Steps != total { // more steps on L1 than the engine has would strand the honest party
				t.Fatalf("%s node %d (%s): %d steps on L1, %d in the engine", s.m.Name, node, s.m.Nodes[node].Op, info.Steps, total)
			}
			for _, step := range SteerableSteps(s.m, node, total, r) {
				what := fmt.Sprintf("%s node %d (%s) step %d of %d", s.m.Name, node, s.m.Nodes[node].Op, step, total)
				if gas := checkStep(t, vm, run, node, step, what); gas > maxGas {
					maxGas, costliest = gas, what
				}
			}
		}
	}
	t.Logf("costliest step: %s, %d gas", costliest, maxGas)
}

// checkStep runs step of node on the L1 verifier and fails t unless the
// verifier's state after it is the engine's and its execution gas is within
// stepGasGoal; it returns the gas.
func checkStep(t *testing.T, vm *evm.EVM, run *Run, node int, step uint64, what string) uint64 {
	t.Helper()
	w, err := run.StepWitness(vm, node, step)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	want, err := run.State(node, step+1)
	if err != nil {
		t.Fatal(err)
	}
	got := exec.StepState{Node: node, Step: w.Post.Step, Regs: w.Post.Regs, OutRoot: w.Post.OutRoot}
	if got.Commitment() != want.Commitment() {
		t.Fatalf("%s: verifier %+v, engine %+v", what, got, want)
	}
	if w.Gas > stepGasGoal {
		t.Errorf("%s: %d gas, more than the goal of %d", what, w.Gas, stepGasGoal)
	}
	return w.Gas
}

// TestShortMiddleLeafRefused: a graph proof whose first leaf lost its
// trailing zero bytes hashes like the whole leaf but concatenates shorter,
// so the game would parse a different graph: the reader refuses the proof
// itself (BadProof), whatever the shifted bytes would parse to.
func TestShortMiddleLeafRefused(t *testing.T) {
	t.Parallel()
	vm, err := evm.New()
	if err != nil {
		t.Fatal(err)
	}
	var run *Run
	for pad := 0; run == nil && pad < 64; pad++ { // a graph past one leaf whose first leaf ends in a zero
		b := model.NewBuilder("short-leaf" + strings.Repeat("-", pad))
		x := b.Input("x", tensor.F32, tensor.Shape{4})
		for i := 0; i < 300; i++ {
			x = b.Unary(fmt.Sprintf("silu%d", i), model.OpSiLU, x)
		}
		b.Output("y", x)
		m, err := b.Build()
		if err != nil {
			t.Fatal(err)
		}
		if f := m.Encode(); len(f) > 2*1024 && f[1023] == 0 {
			if run, err = NewRun(m, make([]byte, 16)); err != nil {
				t.Fatal(err)
			}
		}
	}
	if run == nil {
		t.Fatal("no graph with a first leaf ending in zeros")
	}
	fp, err := run.graphProof()
	if err != nil {
		t.Fatal(err)
	}
	rd := bindings.NewModelReader()
	call := func() error {
		_, _, err := vm.Call(vm.Reader, rd.PackCheckOutput(run.Model.Address(), fp, big.NewInt(16), run.Output, uint64(run.Nodes()), big.NewInt(0)))
		return err
	}
	if err := call(); err != nil {
		t.Fatalf("the honest proof: %v", err)
	}
	leaf := fp.Leaves[0]
	for len(leaf) > 0 && leaf[len(leaf)-1] == 0 {
		leaf = leaf[:len(leaf)-1]
	}
	fp.Leaves[0] = leaf
	var rev *evm.Revert
	if err := call(); !errors.As(err, &rev) {
		t.Fatalf("a short first leaf: %v, want a revert", err)
	}
	e, err := rd.UnpackError(rev.Data)
	if _, ok := e.(*bindings.ModelReaderBadProof); err != nil || !ok {
		t.Fatalf("a short first leaf: reverted with %T %v (%v), want BadProof", e, e, err)
	}
}

// TestBindingFitsL1: binding a node of the largest graphs the format allows
// (the most nodes, the most graph bytes, nodes with the most attributes, the
// most constants, a chain of convolutions over the largest input) fits in
// one L1 transaction with a margin: the reader's execution plus calldata
// priced as EIP-7623 does, every byte taken as nonzero.
func TestBindingFitsL1(t *testing.T) {
	t.Parallel()
	vm, err := evm.New()
	if err != nil {
		t.Fatal(err)
	}
	chain := func(name string, nodes int, add func(b *model.Builder, x model.Value, i int) model.Value) *model.Model {
		b := model.NewBuilder(name)
		x := b.Input("x", tensor.F32, tensor.Shape{4, 4})
		for i := 0; i < nodes; i++ {
			x = add(b, x, i)
		}
		b.Output("y", x)
		m, err := b.Build()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return m
	}
	long := strings.Repeat("n", model.MaxName)
	models := []*model.Model{
		chain("most nodes", model.MaxNodes, func(b *model.Builder, x model.Value, _ int) model.Value {
			return b.Unary("s", model.OpSiLU, x)
		}),
		chain("most graph bytes", (model.MaxGraphBytes-512)/(len(long)+8), func(b *model.Builder, x model.Value, _ int) model.Value {
			return b.Unary(long, model.OpSiLU, x)
		}),
		chain("most attributes", model.MaxNodes, func(b *model.Builder, x model.Value, i int) model.Value {
			if i%2 == 0 {
				return b.Reshape("r", x, 2, 2, 2, 2)
			}
			return b.Reshape("r", x, 4, 4)
		}),
	}
	// The most constants (unnamed scalars, unused) besides one node.
	{
		b := model.NewBuilder("most constants")
		x := b.Input("x", tensor.F32, tensor.Shape{4, 4})
		for i := 0; i < model.MaxDisputableConsts; i++ {
			b.Const("", tensor.New(tensor.F32, tensor.Shape{}))
		}
		b.Output("y", b.Unary("s", model.OpSiLU, x))
		m, err := b.Build()
		if err != nil {
			t.Fatal(err)
		}
		models = append(models, m)
	}
	// The most nodes of the op with the most operands and attributes, each
	// with a constant of its own, over the largest input that leaves the
	// binding within an L1 transaction.
	models = append(models, largestConvChain(t))
	rd := bindings.NewModelReader()
	for _, m := range models {
		in := 0
		for _, s := range m.Inputs {
			in += s.Bytes()
		}
		run, err := NewRun(m, make([]byte, in))
		if err != nil {
			t.Fatal(err)
		}
		node := 0 // reads the model's input, which its binding hashes too; every binding parses the whole graph
		b, err := run.Binding(node)
		if err != nil {
			t.Fatal(err)
		}
		ctx := bindings.BindCtx{Node: big.NewInt(int64(node)), SLo: run.Prefix(node), ListLen: big.NewInt(int64(32 * run.Nodes())),
			Model: m.Address(), InputHash: merkle.Keccak(run.Input)}
		data := rd.PackBindNode(b, ctx, uint64(run.Nodes()))
		_, gas, err := vm.Call(vm.Reader, data)
		if err != nil {
			t.Fatalf("%s: bind: %v", m.Name, err)
		}
		// EIP-7623: calldata costs 16 gas a (nonzero) byte on top of
		// execution, or 40 a byte if that is more.
		total := 21_000 + max(gas+16*uint64(len(data)), 40*uint64(len(data)))
		t.Logf("%s: %d nodes, %d bytes of calldata, %d gas of execution, %d in all", m.Name, run.Nodes(), len(data), gas, total)
		// And the transaction fits an L1 node's pool, within the bound the
		// model was built under.
		if _, bound := m.L1CallBytes(); len(data)+64 > bound || bound > model.MaxL1TxBytes {
			t.Fatalf("%s: binding of %d bytes of calldata, model bound %d, L1's %d", m.Name, len(data), bound, model.MaxL1TxBytes)
		}
		if total > l1StepGasCap*8/10 {
			t.Fatalf("%s: binding needs %d gas, more than 80%% of an L1 transaction's %d", m.Name, total, l1StepGasCap)
		}
	}
}

// largestConvChain is the most nodes of the op with the most operands and
// attributes, each with a constant of its own, over the largest input that
// leaves its binding within an L1 transaction (a side more is invalid).
func largestConvChain(t *testing.T) *model.Model {
	t.Helper()
	build := func(side int) (*model.Model, error) {
		b := model.NewBuilder("conv chain")
		x := b.Input("x", tensor.I8, tensor.Shape{4, side, side})
		w := b.Const("w", tensor.New(tensor.I8, tensor.Shape{4, 4, 1, 1}))
		for i := 0; i < min(model.MaxNodes, model.MaxDisputableConsts-1); i++ {
			x = b.QConv2D("c", x, w, b.Const("", tensor.New(tensor.I32, tensor.Shape{4})), 1, 0, 1<<30, 31, false)
		}
		b.Output("y", x)
		return b.Build()
	}
	side := 1
	for 4*(side+1)*(side+1) <= model.MaxInputBytes {
		if _, err := build(side + 1); err != nil {
			if !strings.Contains(err.Error(), "L1 transaction") {
				t.Fatal(err)
			}
			break
		}
		side++
	}
	m, err := build(side)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestL1CallBytesBoundMoves: for models at the bounds (the largest input
// a binding allows, the largest graph, a KV-cache stage, the example
// decoder), the calldata of every move that carries a model's input (a
// binding of each node reading it, the proof of an output, the proposal
// of a claim) is within model.L1CallBytes, so a valid model's moves fit an
// L1 node's pool; and the bound is tight to within 8 KiB.
func TestL1CallBytesBoundMoves(t *testing.T) {
	t.Parallel()
	oracle := bindings.NewInferenceOracle()
	stages, err := examples.TinyGenerationChain()
	if err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("n", model.MaxName)
	b := model.NewBuilder("most graph bytes")
	x := b.Input("x", tensor.F32, tensor.Shape{4, 4})
	for i := 0; i < (model.MaxGraphBytes-512)/(len(long)+8); i++ {
		x = b.Unary(long, model.OpSiLU, x)
	}
	b.Output("y", x)
	graphy, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	models := []*model.Model{largestConvChain(t), graphy, stages[0], stages[1], exampleModel(t, "decoder-q4")}
	for _, m := range models {
		run, err := NewRun(m, examples.SampleBytes(m, 1))
		if err != nil {
			t.Fatal(err)
		}
		claim, bind := m.L1CallBytes()
		gid := big.NewInt(1 << 40)
		var most int
		for node := range m.Nodes {
			if node > 2 && node < len(m.Nodes)-3 && m.Name == "conv chain" { // 511 alike: the ends
				continue
			}
			bd, err := run.Binding(node)
			if err != nil {
				t.Fatal(err)
			}
			most = max(most, len(oracle.PackBind(gid, bd)), len(oracle.PackProveOutput(gid, bd.Graph, big.NewInt(int64(node)), bd.OutProof)))
		}
		propose := len(oracle.PackPropose(m.Address(), run.Input, run.Output, run.Trace.Root, uint64(run.Nodes())))
		t.Logf("%s: largest binding or output proof %d bytes (bound %d), claim %d (bound %d)", m.Name, most, bind, propose, claim)
		if most > bind || propose > claim {
			t.Errorf("%s: moves of %d and %d bytes, past the model's bounds %d and %d", m.Name, most, propose, bind, claim)
		}
		if bind-most > 8<<10 || claim-propose > 8<<10 {
			t.Errorf("%s: bounds %d and %d are loose for moves of %d and %d bytes", m.Name, bind, claim, most, propose)
		}
		if bind > model.MaxL1TxBytes {
			t.Errorf("%s: a valid model's binding bound is %d", m.Name, bind)
		}
	}
}
