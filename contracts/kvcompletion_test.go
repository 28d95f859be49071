package contracts_test

import (
	"context"
	"math"
	"math/big"
	"slices"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/aievm/aievm/contracts/bindings"
	"github.com/aievm/aievm/geth-fork/precompile"
	"github.com/aievm/aievm/opml/examples"
	"github.com/aievm/aievm/opml/exec"
	"github.com/aievm/aievm/opml/generate"
)

// TestKVCompletionMatchesCompletion: KVCompletion, calling the tiny
// generation model's KV-cache chain (two stages of one layer, 8 positions)
// through the real precompile on an OP chain, generates the generation
// model's greedy tokens over several transactions, with each stop reason;
// its view of the next token agrees; bad prompts, finished or unknown
// completions and a stage whose size disagrees revert; and each token
// costs the stages' prices for one position (plus the positions a step
// replays to fill its caches).
func TestKVCompletionMatchesCompletion(t *testing.T) {
	t.Parallel()
	c := examples.TinyGeneration
	stages := genStages
	key := deployer
	gspec := precompile.OPGenesis(30_000_000, types.GenesisAlloc{from: {Balance: big.NewInt(1e18)}})
	signer := types.LatestSigner(gspec.Config)
	var nonce uint64
	txGas := func(to *common.Address, data []byte, gas uint64) *types.Transaction {
		t := types.MustSignNewTx(key, signer, &types.DynamicFeeTx{ChainID: gspec.Config.ChainID, Nonce: nonce,
			GasTipCap: big.NewInt(1), GasFeeCap: big.NewInt(1e10), Gas: gas, To: to, Data: data})
		nonce++
		return t
	}
	tx := func(to *common.Address, data []byte) *types.Transaction { return txGas(to, data, 25_000_000) }
	// What the generation model gives, with the loop the CLI runs.
	g := generate.Model{Seq: c.Seq}
	e, err := exec.New(genModel, exec.Options{Mode: exec.Reference})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	promptA, promptB := []int32{5, 17, 3}, []int32{1, 2, 3, 4, 5, 6, 7}
	wantA, _, err := g.Greedy(ctx, g.Engine(e), promptA, 4, -1, nil)
	if err != nil {
		t.Fatal(err)
	}
	wantB, stopB, err := g.Greedy(ctx, g.Engine(e), promptB, 100, -1, nil)
	if err != nil || stopB != generate.StopContext {
		t.Fatalf("engine: %v, %q, %v; want the context's end", wantB, stopB, err)
	}
	eos := wantA[1]
	wantEOS := wantA[:slices.Index(wantA, eos)]

	kv := bindings.NewKVCompletion()
	var addrs [][32]byte
	var layers []*big.Int
	for _, m := range stages {
		addrs = append(addrs, m.Address())
		layers = append(layers, big.NewInt(1))
	}
	kvAddr, eosAddr, badAddr := crypto.CreateAddress(from, 0), crypto.CreateAddress(from, 3), crypto.CreateAddress(from, 4)
	deploy := func(eos uint32, dim int) *types.Transaction {
		return tx(nil, append(common.FromHex(bindings.KVCompletionMetaData.Bin), kv.PackConstructor(addrs, layers,
			big.NewInt(int64(c.Seq)), big.NewInt(int64(dim)), big.NewInt(int64(c.KVWidth())), uint32(c.Vocab), eos)...))
	}
	txs := []*types.Transaction{
		deploy(math.MaxUint32, c.Dim),
		tx(nil, common.FromHex(bindings.ClassifierMetaData.Bin)), // the registry is the deployer's third contract
		tx(nil, common.FromHex(bindings.ModelRegistryMetaData.Bin)),
		deploy(uint32(eos), c.Dim),
		deploy(math.MaxUint32, c.Dim+1), // a hidden width the stages do not have
	}
	for _, m := range stages {
		txs = append(txs, publishTxs(t, tx, m)...)
	}
	setup := len(txs)
	id := func(i int64) *big.Int { return big.NewInt(i) }
	steps := []struct {
		name string
		to   common.Address
		data []byte
		ok   bool
		// if set, the transaction's gas pays for about this many positions
		// (the replayed ones included), plus 200k
		positionsOfGas float64
	}{
		{"start A", kvAddr, kv.PackStart(u32s(promptA), 4), true, 0},             // completion 0
		{"two tokens of A", kvAddr, kv.PackStep(id(0), id(2)), true, 0},          // replays 2 positions
		{"the rest of A", kvAddr, kv.PackStep(id(0), id(10)), true, 0},           // stops at 4
		{"A is finished", kvAddr, kv.PackStep(id(0), id(1)), false, 0},           //
		{"start B", kvAddr, kv.PackStart(u32s(promptB), 100), true, 0},           // completion 1
		{"B to the context's end", kvAddr, kv.PackStep(id(1), id(100)), true, 0}, //
		{"empty prompt", kvAddr, kv.PackStart(nil, 1), false, 0},
		{"prompt past the positions", kvAddr, kv.PackStart(make([]uint32, 9), 1), false, 0},
		{"no such completion", kvAddr, kv.PackStep(id(7), id(1)), false, 0},
		{"a token past the vocabulary", kvAddr, kv.PackStart([]uint32{5, 96}, 3), false, 0},
		{"start A, end token", eosAddr, kv.PackStart(u32s(promptA), 4), true, 0},
		{"A to its end token", eosAddr, kv.PackStep(id(0), id(5)), true, 0},
		{"start on a wrong width", badAddr, kv.PackStart(u32s(promptA), 4), true, 0},
		{"a stage refuses the wrong width", badAddr, kv.PackStep(id(0), id(1)), false, 0},
		{"a negative int32 token", kvAddr, kv.PackStart([]uint32{5, 1 << 31}, 3), false, 0},
		{"start A again", kvAddr, kv.PackStart(u32s(promptA), 100), true, 0}, // completion 2
		// Gas for the 2 replayed positions and 2.5 more: it makes the
		// tokens that pays for (2), then stops instead of running out of
		// gas and losing them.
		{"as many as the gas pays for", kvAddr, kv.PackStep(id(2), id(100)), true, 4.5},
	}
	perPosition := uint64(0)
	for _, m := range stages {
		perPosition += precompile.DefaultGas.Model(m, m.InputBytes())
	}
	for _, s := range steps {
		gas := uint64(25_000_000)
		if s.positionsOfGas > 0 {
			gas = 200_000 + uint64(s.positionsOfGas*float64(perPosition))
		}
		txs = append(txs, txGas(&s.to, s.data, gas))
	}
	run := runChain(t, gspec, txs)
	run.checkStatus(t, setup, len(steps), func(i int) (string, bool) { return steps[i].name, steps[i].ok })
	read := func(at common.Address, n int64) ([]uint32, uint8, error) {
		ret, err := run.view(at, kv.PackGenerated(id(n)))
		if err != nil {
			return nil, 0, err
		}
		out, err := kv.UnpackGenerated(ret)
		return out.Tokens, out.Stop, err
	}
	checkTokens(t, read, "A", kvAddr, 0, wantA, 1)
	checkTokens(t, read, "B", kvAddr, 1, wantB, 3)
	checkTokens(t, read, "end token", eosAddr, 0, wantEOS, 2)
	// The view: the token after prompt A is the first of A's completion.
	if ret, err := run.view(kvAddr, kv.PackNextToken(u32s(promptA))); err != nil {
		t.Fatal(err)
	} else if tok, err := kv.UnpackNextToken(ret); err != nil || int32(tok) != wantA[0] {
		t.Errorf("nextToken(A) = %d (%v), want %d", tok, err, wantA[0])
	}
	// The gas-limited step made some of the generation model's tokens and
	// stopped short of the 100 asked, the completion still running.
	wantLong, _, err := g.Greedy(ctx, g.Engine(e), promptA, 100, -1, nil)
	if err != nil {
		t.Fatal(err)
	}
	n := checkGasLimited(t, read, kvAddr, 2, wantLong)
	t.Logf("a step of 100 tokens with gas for 4.5 positions (2 replayed) made %d and stopped", n)
	// Gas: a position costs every stage's price; "two tokens of A" ran 2
	// positions to fill the caches and 2 more for its tokens.
	two := run.receipts[setup+1]
	if two.GasUsed < 4*perPosition || two.GasUsed > 4*perPosition+400_000 {
		t.Errorf("two tokens after a 3-token prompt: %d gas; 4 positions at %d", two.GasUsed, perPosition)
	}
	perCall := precompile.DefaultGas.Model(genModel, 4*(c.Seq+1))
	t.Logf("tiny chain: %d gas a position (%d stages) against the generation model's %d a token; a step of 2 tokens after 3 of prompt used %d gas",
		perPosition, len(stages), perCall, two.GasUsed)
}
