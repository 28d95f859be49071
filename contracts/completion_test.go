package contracts_test

import (
	"context"
	"math"
	"math/big"
	"slices"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/consensus/beacon"
	"github.com/ethereum/go-ethereum/consensus/ethash"
	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/core/rawdb"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/core/vm"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/aievm/aievm/contracts/bindings"
	"github.com/aievm/aievm/geth-fork/precompile"
	"github.com/aievm/aievm/model-da/onchain"
	"github.com/aievm/aievm/opml/examples"
	"github.com/aievm/aievm/opml/exec"
	"github.com/aievm/aievm/opml/generate"
)

// chainRun is an OP chain built from transactions, one per block, with
// their receipts and view calls on its head.
type chainRun struct {
	receipts []*types.Receipt
	view     func(to common.Address, data []byte) ([]byte, error)
}

func runChain(t *testing.T, gspec *core.Genesis, txs []*types.Transaction) chainRun {
	t.Helper()
	_, blocks, rs := core.GenerateChainWithGenesis(gspec, beacon.New(ethash.NewFaker()), len(txs), func(i int, g *core.BlockGen) {
		g.SetExtra(precompile.GenesisExtra)
		g.AddTx(txs[i])
	})
	var run chainRun
	for _, r := range rs {
		run.receipts = append(run.receipts, r[0])
	}
	bc, err := core.NewBlockChain(rawdb.NewMemoryDatabase(), gspec, beacon.New(ethash.NewFaker()), core.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(bc.Stop)
	if _, err := bc.InsertChain(blocks); err != nil {
		t.Fatal(err)
	}
	run.view = func(to common.Address, data []byte) ([]byte, error) {
		st, err := bc.State()
		if err != nil {
			return nil, err
		}
		evm := vm.NewEVM(core.NewEVMBlockContext(bc.CurrentBlock(), bc, nil, gspec.Config, st), st, gspec.Config, vm.Config{})
		ret, _, err := evm.StaticCall(from, to, data, 30_000_000)
		return ret, err
	}
	return run
}

func u32s(ids []int32) []uint32 {
	out := make([]uint32, len(ids))
	for i, id := range ids {
		out[i] = uint32(id)
	}
	return out
}

// TestCompletionGeneratesAcrossTransactions: Completion generates, over
// several transactions, the tokens the engine's own greedy loop gives; it
// stops at the asked count, the context's end and the end token; a prompt
// with a token past the vocabulary, an empty or too long prompt, and steps
// of a finished or unknown completion revert; each token costs the
// precompile's cost-model price.
func TestCompletionGeneratesAcrossTransactions(t *testing.T) {
	key := deployer
	gspec := precompile.OPGenesis(30_000_000, types.GenesisAlloc{from: {Balance: big.NewInt(1e18)}})
	signer := types.LatestSigner(gspec.Config)
	var nonce uint64
	tx := func(to *common.Address, data []byte) *types.Transaction {
		t := types.MustSignNewTx(key, signer, &types.DynamicFeeTx{ChainID: gspec.Config.ChainID, Nonce: nonce,
			GasTipCap: big.NewInt(1), GasFeeCap: big.NewInt(1e10), Gas: 8_000_000, To: to, Data: data})
		nonce++
		return t
	}
	// What the engine generates in process, with the same loop the CLI runs.
	g := generate.Model{Seq: examples.TinyGeneration.Seq}
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
	if err != nil || stopB != generate.StopContext || len(wantB) != 2 {
		t.Fatalf("engine: %v, %q, %v; want 2 tokens to the context's end", wantB, stopB, err)
	}
	eos := wantA[1] // a completion with this end token stops before it
	wantEOS := wantA[:slices.Index(wantA, eos)]

	cmp, reg := bindings.NewCompletion(), bindings.NewModelRegistry()
	addr, file := genModel.Address(), genModel.Encode()
	completionAddr, eosAddr := crypto.CreateAddress(from, 0), crypto.CreateAddress(from, 3)
	txs := []*types.Transaction{
		tx(nil, append(common.FromHex(bindings.CompletionMetaData.Bin), cmp.PackConstructor(addr, big.NewInt(int64(examples.TinyGeneration.Seq)), math.MaxUint32)...)),
		tx(nil, common.FromHex(bindings.ClassifierMetaData.Bin)), // the registry is the deployer's third contract
		tx(nil, common.FromHex(bindings.ModelRegistryMetaData.Bin)),
		tx(nil, append(common.FromHex(bindings.CompletionMetaData.Bin), cmp.PackConstructor(addr, big.NewInt(int64(examples.TinyGeneration.Seq)), uint32(eos))...)),
		tx(&registryAddr, reg.PackRegister(addr, "bafy-tiny-gen", uint64(len(file)), genModel.Cost.MACs, genModel.Cost.FloatOps, genModel.Cost.IntOps)),
	}
	chunks, err := onchain.Split(file)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range chunks {
		txs = append(txs, tx(&registryAddr, reg.PackPublish(addr, uint64(len(file)), big.NewInt(int64(c.Index)), c.Data, c.Proof)))
	}
	setup := len(txs)
	id := func(i int64) *big.Int { return big.NewInt(i) }
	steps := []struct {
		name string
		to   common.Address
		data []byte
		ok   bool
	}{
		{"start A", completionAddr, cmp.PackStart(u32s(promptA), 4), true},                  // completion 0
		{"two tokens of A", completionAddr, cmp.PackStep(id(0), id(2)), true},               //
		{"the rest of A", completionAddr, cmp.PackStep(id(0), id(10)), true},                // stops at 4
		{"A is finished", completionAddr, cmp.PackStep(id(0), id(1)), false},                //
		{"start B", completionAddr, cmp.PackStart(u32s(promptB), 100), true},                // completion 1
		{"B to the context's end", completionAddr, cmp.PackStep(id(1), id(100)), true},      //
		{"empty prompt", completionAddr, cmp.PackStart(nil, 1), false},                      //
		{"prompt past seq", completionAddr, cmp.PackStart(make([]uint32, 9), 1), false},     //
		{"no such completion", completionAddr, cmp.PackStep(id(7), id(1)), false},           //
		{"start with a bad token", completionAddr, cmp.PackStart([]uint32{5, 96}, 3), true}, // completion 2
		{"the model refuses it", completionAddr, cmp.PackStep(id(2), id(1)), false},         //
		{"start A, end token", eosAddr, cmp.PackStart(u32s(promptA), 4), true},              //
		{"A to its end token", eosAddr, cmp.PackStep(id(0), id(5)), true},                   //
	}
	for _, s := range steps {
		txs = append(txs, tx(&s.to, s.data))
	}
	run := runChain(t, gspec, txs)
	for i, r := range run.receipts[:setup] {
		if r.Status != types.ReceiptStatusSuccessful {
			t.Fatalf("set-up transaction %d failed", i)
		}
	}
	for i, s := range steps {
		if got := run.receipts[setup+i].Status == types.ReceiptStatusSuccessful; got != s.ok {
			t.Errorf("%s: succeeded %v, want %v", s.name, got, s.ok)
		}
	}
	check := func(name string, at common.Address, n int64, want []int32, stop uint8) {
		t.Helper()
		ret, err := run.view(at, cmp.PackCompletion(id(n)))
		if err != nil {
			t.Fatalf("%s: completion(): %v", name, err)
		}
		out, err := cmp.UnpackCompletion(ret)
		if err != nil || !slices.Equal(out.Tokens, u32s(want)) || out.Stop != stop {
			t.Errorf("%s: tokens %v, stop %d (%v); the engine gives %v, want stop %d", name, out.Tokens, out.Stop, err, want, stop)
		}
	}
	check("A", completionAddr, 0, wantA, 1)
	check("B", completionAddr, 1, wantB, 3)
	check("bad token", completionAddr, 2, nil, 0)
	check("end token", eosAddr, 0, wantEOS, 2)
	// The contract's input bytes are the generation package's.
	wantIn, _ := g.Input(promptA)
	if ret, err := run.view(completionAddr, cmp.PackInput(u32s(promptA))); err != nil {
		t.Fatal(err)
	} else if in, err := cmp.UnpackInput(ret); err != nil || string(in) != string(wantIn) {
		t.Errorf("input(%v) = %x (%v), want %x", promptA, in, err, wantIn)
	}
	// Gas: each token pays the precompile's price for the model.
	perCall := precompile.DefaultGas.Model(genModel, len(wantIn))
	two := run.receipts[setup+1]
	var tokens int
	for _, l := range two.Logs {
		if _, err := cmp.UnpackTokenEvent(l); err == nil {
			tokens++
		}
	}
	if tokens != 2 || two.GasUsed < 2*perCall || two.GasUsed > 2*perCall+200_000 {
		t.Errorf("two tokens: %d Token events, %d gas; the precompile charges %d a call", tokens, two.GasUsed, perCall)
	}
	t.Logf("tiny generation model: %d gas per call of the precompile; a transaction of 2 tokens used %d gas", perCall, two.GasUsed)
}
