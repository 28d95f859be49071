package fraudproof

import (
	"bytes"
	"context"
	"errors"
	"math/big"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"

	"github.com/aievm/aievm/fraudproof/prove"
	"github.com/aievm/aievm/opml/examples"
	"github.com/aievm/aievm/opml/exec"
	"github.com/aievm/aievm/opml/merkle"
	"github.com/aievm/aievm/opml/model"
	"github.com/aievm/aievm/opml/tensor"
)

// tokensModel is an embedding of 4 ids over an 8-row table, then a silu,
// with the inputs the refusal tests claim about: good ids, and bad ones
// that differ only in a third id outside the table (refused at node 0,
// step 2*32).
func tokensModel(t *testing.T) (m *model.Model, good, bad []byte) {
	t.Helper()
	b := model.NewBuilder("tokens")
	ids := b.Input("ids", tensor.I32, tensor.Shape{4})
	table := tensor.New(tensor.F32, tensor.Shape{8, 32})
	for i, f := range table.F32() {
		table.F32()[i] = f + float32(i%7) - 3
	}
	e := b.Binary("embed", model.OpEmbedding, ids, b.Const("table", table))
	b.Output("y", b.Unary("s", model.OpSiLU, e))
	m, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	g := tensor.New(tensor.I32, tensor.Shape{4})
	x := tensor.New(tensor.I32, tensor.Shape{4})
	copy(g.I32(), []int32{1, 2, 5, 3})
	copy(x.I32(), []int32{1, 2, 99, 3})
	return m, g.Data, x.Data
}

// TestRefusedInputClaimRejected: a claim of a result for an input the
// engine refuses (a token id outside the embedding table) has no right
// answer. The challenger, whose run stops at that node, challenges it and
// steers the game to the first step that cannot run; no one can run it on
// L1, the proposer's clock runs out and the claim is rejected.
func TestRefusedInputClaimRejected(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	w := newWorld(t)
	m, good, bad := tokensModel(t)
	w.models[m.Address()] = m
	run, err := prove.NewRun(m, good)
	if err != nil {
		t.Fatal(err)
	}
	if r, err := prove.NewRun(m, bad); err != nil || r.Refused == nil || r.Refused.Node != 0 || r.Refused.Step != 2*32 {
		t.Fatalf("the refused run: %+v %v, want node 0 refusing step 64", r, err)
	}
	// The claim: the bad input, with the good input's trace and output (the
	// same rows up to the bad id), bound with the bad input.
	forged := *run
	forged.Input = bad
	proposer := w.player(1, nil, "")
	id, err := proposer.Propose(ctx, m, bad, &forged)
	if err != nil {
		t.Fatal(err)
	}
	challenger := w.player(2, nil, "")
	w.playOut(id, time.Minute, proposer, challenger)
	if got := w.status(proposer, id); got != rejected {
		t.Fatalf("the claim on a refused input ended %d, want rejected", got)
	}
	if g, err := proposer.game(ctx, 0); err != nil || g.Phase != phaseDone || g.Node != 0 || g.Lo != 2*32 || g.Winner != challenger.Address() {
		t.Fatalf("the game: %+v %v; want it won by the challenger at node 0's refused step 64", g, err)
	}
}

// TestRefusedInputTraceSkippingAhead: on a refused input, a proposer whose
// trace leaves the refused node's root empty and commits one for a later
// node (so that every prefix past the refused node looks like the
// challenger's) does not lead the game past the refused node: the
// challenger disputes every prefix past it and wins.
func TestRefusedInputTraceSkippingAhead(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	w := newWorld(t)
	m, good, bad := tokensModel(t)
	w.models[m.Address()] = m
	run, err := prove.NewRun(m, good)
	if err != nil {
		t.Fatal(err)
	}
	forged := *run
	forged.Input = bad
	roots := []merkle.Hash{{}, run.Trace.NodeRoots[1]} // node 0 (refused) left empty
	forged.Trace = &exec.Trace{NodeRoots: roots, Root: exec.ListRoot(roots), Outputs: run.Trace.Outputs}
	proposer := w.player(1, nil, "")
	id, err := proposer.Propose(ctx, m, bad, &forged)
	if err != nil {
		t.Fatal(err)
	}
	challenger := w.player(2, nil, "")
	w.playOut(id, time.Minute, proposer, challenger)
	g, _ := proposer.game(ctx, 0)
	t.Logf("game: phase %d node %d lo %d hi %d winner proposer=%v", g.Phase, g.Node, g.Lo, g.Hi, g.Winner == proposer.Address())
	if got := w.status(proposer, id); got != rejected {
		t.Fatalf("the claim on a refused input ended %d, want rejected", got)
	}
}

// TestRefusedInputOutputBeforeIt: a two-output model whose first output
// comes before the refused node, claimed with the challenger's own partial
// trace: the challenger bisects (a refused run has no output to prove
// against; proveOutput of the right first output would revert for ever).
func TestRefusedInputOutputBeforeIt(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	w := newWorld(t)
	b := model.NewBuilder("two")
	x := b.Input("x", tensor.F32, tensor.Shape{4})
	ids := b.Input("ids", tensor.I32, tensor.Shape{4})
	b.Output("a", b.Unary("sa", model.OpSiLU, x))
	table := tensor.New(tensor.F32, tensor.Shape{8, 32})
	for i := range table.F32() {
		table.F32()[i] = float32(i%7) - 3
	}
	e := b.Binary("embed", model.OpEmbedding, ids, b.Const("table", table))
	b.Output("y", b.Unary("s", model.OpSiLU, e))
	m, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	w.models[m.Address()] = m
	xs := tensor.New(tensor.F32, tensor.Shape{4})
	copy(xs.F32(), []float32{1, 2, 3, 4})
	good := tensor.New(tensor.I32, tensor.Shape{4})
	bad := tensor.New(tensor.I32, tensor.Shape{4})
	copy(good.I32(), []int32{1, 2, 5, 3})
	copy(bad.I32(), []int32{1, 2, 99, 3})
	goodIn := append(append([]byte{}, xs.Data...), good.Data...)
	badIn := append(append([]byte{}, xs.Data...), bad.Data...)
	run, err := prove.NewRun(m, goodIn)
	if err != nil {
		t.Fatal(err)
	}
	ref, err := prove.NewRun(m, badIn)
	if err != nil || ref.Refused == nil {
		t.Fatalf("%v %+v", err, ref)
	}
	t.Logf("refused at node %d step %d; nodes %d", ref.Refused.Node, ref.Refused.Step, ref.Nodes())
	forged := *run
	forged.Input = badIn
	forged.Trace = ref.Trace // the challenger's own partial trace
	proposer := w.player(1, nil, "")
	id, err := proposer.Propose(ctx, m, badIn, &forged)
	if err != nil {
		t.Fatal(err)
	}
	challenger := w.player(2, nil, "")
	w.playOut(id, time.Minute, proposer, challenger)
	g, _ := proposer.game(ctx, 0)
	t.Logf("game: phase %d node %d lo %d hi %d winner proposer=%v", g.Phase, g.Node, g.Lo, g.Hi, g.Winner == proposer.Address())
	if g.Winner == proposer.Address() {
		t.Fatal("the proposer won a game on a refused input")
	}
}

// TestMisfitAfterProposerOutOfTime: when the challenger is late to refute
// a misfit claim and the proposer's clock has run out, it ends the game by
// timeout (proveOutput would revert after time).
func TestMisfitAfterProposerOutOfTime(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	w := newWorld(t)
	mlp := mustModel(t, "mlp")
	in := examples.SampleBytes(mlp, 1)
	right, err := prove.NewRun(mlp, in)
	if err != nil {
		t.Fatal(err)
	}
	proposer := w.player(1, &Behaviour{Silent: true}, "")
	misfit, err := proposer.Propose(ctx, mlp, in[:len(in)-1], right)
	if err != nil {
		t.Fatal(err)
	}
	challenger := w.player(2, nil, "")
	if err := challenger.Tick(ctx); err != nil { // challenges
		t.Fatal(err)
	}
	if err := w.Advance(11 * time.Minute); err != nil { // the challenger was slow: the proposer's clock (10 min) ran out
		t.Fatal(err)
	}
	for i := 0; i < 20; i++ {
		if err := challenger.Tick(ctx); err != nil {
			t.Logf("tick: %v", err)
		}
		if err := w.Advance(time.Minute); err != nil {
			t.Fatal(err)
		}
	}
	g, _ := challenger.game(ctx, 0)
	t.Logf("game phase %d, claim status %d", g.Phase, w.status(challenger, misfit))
	if g.Phase != phaseDone {
		t.Fatalf("the game is still open (phase %d) after 20 challenger ticks", g.Phase)
	}
}

// TestOversizedMisfitRefuted: a misfit claim whose input is as large as
// an L1 transaction lets propose carry (127 KiB for a model that takes 64
// bytes) is refuted by the challenger through the same pool: the
// refutation names the input's length from the claim, so it is a graph
// proof's size whatever the input (it carried the input, and was 2 KB
// over the pool's 128 KiB, before).
func TestOversizedMisfitRefuted(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	w := newWorld(t)
	mlp := mustModel(t, "mlp")
	right, err := prove.NewRun(mlp, examples.SampleBytes(mlp, 1))
	if err != nil {
		t.Fatal(err)
	}
	proposer := w.player(1, nil, "") // defends its claim, bisecting with its trace
	misfit, err := proposer.Propose(ctx, mlp, make([]byte, 127<<10), right)
	if err != nil {
		t.Fatalf("propose of a 127 KiB input: %v", err)
	}
	challenger := w.player(2, nil, "")
	won, _ := w.playOut(misfit, time.Minute, proposer, challenger)
	g, _ := challenger.game(ctx, 0)
	if g.Phase != phaseDone || g.Winner != challenger.Address() || !won[1] {
		t.Fatalf("game phase %d, winner %s (challenger %s): the misfit claim was not refuted", g.Phase, g.Winner, challenger.Address())
	}
}

// flakyClaims fails getClaim calls while down is set (a node outage).
type flakyClaims struct {
	Chain
	sel  []byte
	down *atomic.Bool
}

func (c flakyClaims) CallContract(ctx context.Context, m ethereum.CallMsg, b *big.Int) ([]byte, error) {
	if c.down.Load() && bytes.HasPrefix(m.Data, c.sel) {
		return nil, errors.New("503 service unavailable")
	}
	return c.Chain.CallContract(ctx, m, b)
}

// TestOutageSkipsNoClaim: a wrong claim checked during a one-tick RPC outage
// is checked again and challenged.
func TestOutageSkipsNoClaim(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	w := newWorld(t)
	mlp := mustModel(t, "mlp")
	in := examples.SampleBytes(mlp, 1)
	right, err := prove.NewRun(mlp, in)
	if err != nil {
		t.Fatal(err)
	}
	proposer := w.player(1, nil, "")
	id, err := proposer.Propose(ctx, mlp, in, prove.Forge(right, 1))
	if err != nil {
		t.Fatal(err)
	}
	down := &atomic.Bool{}
	sel := proposer.oracle.PackGetClaim(big.NewInt(0))[:4]
	challenger, err := NewPlayer(Config{Chain: flakyClaims{w.Client(), sel, down}, Oracle: w.oracle.Oracle, Key: w.Keys[2], Models: w.models, Tx: SimTx})
	if err != nil {
		t.Fatal(err)
	}
	down.Store(true)
	t.Logf("tick during outage: %v", challenger.Tick(ctx))
	down.Store(false)
	for i := 0; i < 20; i++ {
		if err := challenger.Tick(ctx); err != nil {
			t.Logf("tick: %v", err)
		}
		if err := proposer.Tick(ctx); err != nil {
			t.Logf("tick: %v", err)
		}
		if err := w.Advance(time.Second); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("next claim %d retry %v games %d", challenger.st.NextClaim, challenger.st.Retry, len(challenger.st.Games))
	if len(challenger.st.Games) == 0 {
		t.Fatalf("wrong claim %d never challenged after a one-tick outage (its window still open)", id)
	}
}
