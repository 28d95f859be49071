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
	"github.com/ethereum/go-ethereum/core/state"
	"github.com/ethereum/go-ethereum/core/tracing"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/core/vm"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/params"
	"github.com/holiman/uint256"

	"github.com/aievm/aievm/contracts/bindings"
	"github.com/aievm/aievm/geth-fork/precompile"
	"github.com/aievm/aievm/model-da/onchain"
	"github.com/aievm/aievm/opml/examples"
	"github.com/aievm/aievm/opml/exec"
	"github.com/aievm/aievm/opml/generate"
	"github.com/aievm/aievm/opml/model"
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

// publishTxs register model m in the registry and publish its file, a
// chunk a transaction.
func publishTxs(t *testing.T, tx func(*common.Address, []byte) *types.Transaction, m *model.Model) []*types.Transaction {
	t.Helper()
	reg, file := bindings.NewModelRegistry(), m.Encode()
	txs := []*types.Transaction{tx(&registryAddr, reg.PackRegister(m.Address(), "bafy-"+m.Name, uint64(len(file)), m.Cost.MACs, m.Cost.FloatOps, m.Cost.IntOps))}
	chunks, err := onchain.Split(file)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range chunks {
		txs = append(txs, tx(&registryAddr, reg.PackPublish(m.Address(), uint64(len(file)), big.NewInt(int64(c.Index)), c.Data, c.Proof)))
	}
	return txs
}

// checkStatus fails t unless the first setup transactions succeeded, and
// the steps transactions after them succeeded or failed as step(i) says.
func (r chainRun) checkStatus(t *testing.T, setup, steps int, step func(i int) (name string, ok bool)) {
	t.Helper()
	for i, rc := range r.receipts[:setup] {
		if rc.Status != types.ReceiptStatusSuccessful {
			t.Fatalf("set-up transaction %d failed", i)
		}
	}
	for i := 0; i < steps; i++ {
		name, ok := step(i)
		if got := r.receipts[setup+i].Status == types.ReceiptStatusSuccessful; got != ok {
			t.Errorf("%s: succeeded %v, want %v", name, got, ok)
		}
	}
}

// tokensOf reads completion id's tokens and stop reason from the contract
// at `at` (Completion's completion(), KVCompletion's generated()).
type tokensOf func(at common.Address, id int64) ([]uint32, uint8, error)

// checkTokens fails t unless completion id holds want and stopped for stop.
func checkTokens(t *testing.T, read tokensOf, name string, at common.Address, id int64, want []int32, stop uint8) {
	t.Helper()
	tokens, got, err := read(at, id)
	if err != nil || !slices.Equal(tokens, u32s(want)) || got != stop {
		t.Errorf("%s: tokens %v, stop %d (%v); the generation model gives %v, want stop %d", name, tokens, got, err, want, stop)
	}
}

// checkGasLimited fails t unless completion id, stepped with gas for a
// few tokens of the 100 asked, made 2 or more of want's (fewer than all)
// and is still running; it returns how many.
func checkGasLimited(t *testing.T, read tokensOf, at common.Address, id int64, want []int32) int {
	t.Helper()
	tokens, stop, err := read(at, id)
	if err != nil || len(tokens) < 2 || len(tokens) >= len(want) || !slices.Equal(tokens, u32s(want[:len(tokens)])) || stop != 0 {
		t.Errorf("gas-limited step: tokens %v, stop %d (%v); want 2 or more of %v, still running", tokens, stop, err, want)
	}
	return len(tokens)
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
// stops at the asked count, the context's end and the end token, and
// before the gas runs out; a prompt with a token past the vocabulary, an
// empty or too long prompt, and steps of a finished or unknown completion
// revert; each token costs the precompile's cost-model price.
func TestCompletionGeneratesAcrossTransactions(t *testing.T) {
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
	tx := func(to *common.Address, data []byte) *types.Transaction { return txGas(to, data, 8_000_000) }
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
	wantLong, _, err := g.Greedy(ctx, g.Engine(e), promptA, 100, -1, nil)
	if err != nil {
		t.Fatal(err)
	}
	eos := wantA[1] // a completion with this end token stops before it
	wantEOS := wantA[:slices.Index(wantA, eos)]

	cmp := bindings.NewCompletion()
	addr := genModel.Address()
	completionAddr, eosAddr := crypto.CreateAddress(from, 0), crypto.CreateAddress(from, 3)
	deploy := func(eos uint32) *types.Transaction {
		c := examples.TinyGeneration
		return tx(nil, append(common.FromHex(bindings.CompletionMetaData.Bin), cmp.PackConstructor(addr, big.NewInt(int64(c.Seq)), uint32(c.Vocab), eos)...))
	}
	txs := []*types.Transaction{
		deploy(math.MaxUint32),
		tx(nil, common.FromHex(bindings.ClassifierMetaData.Bin)), // the registry is the deployer's third contract
		tx(nil, common.FromHex(bindings.ModelRegistryMetaData.Bin)),
		deploy(uint32(eos)),
	}
	txs = append(txs, publishTxs(t, tx, genModel)...)
	setup := len(txs)
	id := func(i int64) *big.Int { return big.NewInt(i) }
	steps := []struct {
		name       string
		to         common.Address
		data       []byte
		ok         bool
		callsOfGas float64 // if set, the transaction's gas pays for about this many calls
	}{
		{"start A", completionAddr, cmp.PackStart(u32s(promptA), 4), true, 0},              // completion 0
		{"two tokens of A", completionAddr, cmp.PackStep(id(0), id(2)), true, 0},           //
		{"the rest of A", completionAddr, cmp.PackStep(id(0), id(10)), true, 0},            // stops at 4
		{"A is finished", completionAddr, cmp.PackStep(id(0), id(1)), false, 0},            //
		{"start B", completionAddr, cmp.PackStart(u32s(promptB), 100), true, 0},            // completion 1
		{"B to the context's end", completionAddr, cmp.PackStep(id(1), id(100)), true, 0},  //
		{"empty prompt", completionAddr, cmp.PackStart(nil, 1), false, 0},                  //
		{"prompt past seq", completionAddr, cmp.PackStart(make([]uint32, 9), 1), false, 0}, //
		{"no such completion", completionAddr, cmp.PackStep(id(7), id(1)), false, 0},       //
		{"a token past the vocabulary", completionAddr, cmp.PackStart([]uint32{5, 96}, 3), false, 0},
		{"a negative int32 token", completionAddr, cmp.PackStart([]uint32{5, 1 << 31}, 3), false, 0},
		{"start A, end token", eosAddr, cmp.PackStart(u32s(promptA), 4), true, 0},
		{"A to its end token", eosAddr, cmp.PackStep(id(0), id(5)), true, 0},
		{"start A again", completionAddr, cmp.PackStart(u32s(promptA), 100), true, 0}, // completion 2
		// Gas of 200k plus 2.5 calls' price: it makes as many tokens as
		// that pays for (3), then stops instead of running out of gas and
		// losing them.
		{"as many as the gas pays for", completionAddr, cmp.PackStep(id(2), id(100)), true, 2.5},
	}
	perCall := precompile.DefaultGas.Model(genModel, 4*(examples.TinyGeneration.Seq+1))
	for _, s := range steps {
		gas := uint64(8_000_000)
		if s.callsOfGas > 0 {
			gas = 100_000 + uint64(s.callsOfGas*float64(perCall)) + 100_000
		}
		txs = append(txs, txGas(&s.to, s.data, gas))
	}
	run := runChain(t, gspec, txs)
	run.checkStatus(t, setup, len(steps), func(i int) (string, bool) { return steps[i].name, steps[i].ok })
	read := func(at common.Address, n int64) ([]uint32, uint8, error) {
		ret, err := run.view(at, cmp.PackCompletion(id(n)))
		if err != nil {
			return nil, 0, err
		}
		out, err := cmp.UnpackCompletion(ret)
		return out.Tokens, out.Stop, err
	}
	checkTokens(t, read, "A", completionAddr, 0, wantA, 1)
	checkTokens(t, read, "B", completionAddr, 1, wantB, 3)
	checkTokens(t, read, "end token", eosAddr, 0, wantEOS, 2)
	// The gas-limited step made some tokens, the engine's, and stopped
	// short of the 100 asked, the completion still running.
	n := checkGasLimited(t, read, completionAddr, 2, wantLong)
	t.Logf("a step of 100 tokens with 200k gas plus 2.5 calls' price made %d and stopped", n)
	// The contract's input bytes are the generation package's.
	wantIn, _ := g.Input(promptA)
	if ret, err := run.view(completionAddr, cmp.PackInput(u32s(promptA))); err != nil {
		t.Fatal(err)
	} else if in, err := cmp.UnpackInput(ret); err != nil || string(in) != string(wantIn) {
		t.Errorf("input(%v) = %x (%v), want %x", promptA, in, err, wantIn)
	}
	// Gas: each token pays the precompile's price for the model.
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

// stubNextToken is code for 0xa1 on a chain without the precompile: it
// answers every call with uint256(4) || LE32(7), a model that always says 7.
var stubNextToken = common.FromHex("600460005260076020536024" + "6000f3")

// TestCompletionFinishesAtAnyLength: a step that ends a long completion
// succeeds with any gas that pays for its first call: more gas never turns
// a success into a revert (finishing costs the same at any length, within
// step's reserve). A stub stands in for a model of 256 positions.
func TestCompletionFinishesAtAnyLength(t *testing.T) {
	t.Parallel()
	st, err := state.New(types.EmptyRootHash, state.NewDatabaseForTesting())
	if err != nil {
		t.Fatal(err)
	}
	st.SetBalance(from, uint256.NewInt(1e18), tracing.BalanceChangeUnspecified)
	st.SetCode(common.HexToAddress("0xa1"), stubNextToken, tracing.CodeChangeUnspecified)
	st.Finalise(true)
	cfg := params.MergedTestChainConfig // no OP fork: 0xa1 is the stub
	rules := cfg.Rules(big.NewInt(1), true, 1)
	ctx := vm.BlockContext{CanTransfer: core.CanTransfer, Transfer: core.Transfer, GetHash: func(uint64) common.Hash { return common.Hash{} },
		BlockNumber: big.NewInt(1), Time: 1, Difficulty: big.NewInt(0), GasLimit: 1e9, BaseFee: big.NewInt(0), Random: &common.Hash{}}
	call := func(st *state.StateDB, to *common.Address, data []byte, gas uint64) (common.Address, error) {
		evm := vm.NewEVM(ctx, st, cfg, vm.Config{})
		st.Prepare(rules, from, common.Address{}, to, vm.ActivePrecompiles(rules), nil)
		defer st.Finalise(true)
		if to == nil {
			_, addr, _, err := evm.Create(from, data, gas, new(uint256.Int))
			return addr, err
		}
		_, _, err := evm.Call(from, *to, data, gas, new(uint256.Int))
		return *to, err
	}
	const seq, maxTokens = 256, 200
	cmp := bindings.NewCompletion()
	addr, err := call(st, nil, append(common.FromHex(bindings.CompletionMetaData.Bin), cmp.PackConstructor([32]byte{1}, big.NewInt(seq), 100, math.MaxUint32)...), 30_000_000)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := call(st, &addr, cmp.PackStart([]uint32{1}, maxTokens), 5_000_000); err != nil {
		t.Fatal(err)
	}
	if _, err := call(st, &addr, cmp.PackStep(big.NewInt(0), big.NewInt(maxTokens-2)), 100_000_000); err != nil {
		t.Fatal(err)
	}
	// The last two tokens and the finish, with every gas limit from too
	// little for one call up.
	succeeded := uint64(0)
	for gas := uint64(30_000); gas < 700_000; gas += 500 {
		_, err := call(st.Copy(), &addr, cmp.PackStep(big.NewInt(0), big.NewInt(100)), gas)
		if err == nil && succeeded == 0 {
			succeeded = gas
		}
		if err != nil && succeeded != 0 {
			t.Fatalf("step(id, 100) succeeds with %d gas but reverts with %d (%v)", succeeded, gas, err)
		}
	}
	if succeeded == 0 {
		t.Fatal("the finishing step never succeeded")
	}
}
