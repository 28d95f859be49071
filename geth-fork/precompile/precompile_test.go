package precompile

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/big"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/consensus/beacon"
	"github.com/ethereum/go-ethereum/consensus/ethash"
	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/core/rawdb"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/core/vm"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/aievm/aievm/model-da/onchain"
	"github.com/aievm/aievm/opml/examples"
	"github.com/aievm/aievm/opml/examples/iris"
	"github.com/aievm/aievm/opml/exec"
	"github.com/aievm/aievm/opml/llama"
	"github.com/aievm/aievm/opml/model"
	"github.com/aievm/aievm/opml/tensor"
)

// mapModels is a fixed set of models (the store and cache have their own
// tests; the precompile needs only the Models interface).
type mapModels map[model.Address]*model.Model

func (m mapModels) Model(_ context.Context, a model.Address) (*model.Model, error) {
	if x, ok := m[a]; ok {
		return x, nil
	}
	return nil, fmt.Errorf("model 0x%x not found", a)
}

var (
	testModels = mapModels{}
	irisModel  *model.Model
	tinyLlama  *model.Model
	inference  *Inference
)

// TestMain registers one precompile for the whole binary: registration
// writes op-geth's global tables.
func TestMain(m *testing.M) {
	var err error
	if irisModel, err = iris.Model(); err != nil {
		panic(err)
	}
	c := examples.DecoderConfig{Config: llama.Config{Name: "tiny", Vocab: 64, Dim: 64, Hidden: 64, Layers: 1,
		Heads: 2, KVHeads: 1, Seq: 4, Theta: 10000, Eps: 1e-5}, Weights: tensor.Q8_0}
	if tinyLlama, err = examples.Decoder(c); err != nil {
		panic(err)
	}
	testModels[irisModel.Address()] = irisModel
	testModels[tinyLlama.Address()] = tinyLlama
	inference = New(testModels, DefaultGas, time.Second)
	if err := Register(inference); err != nil {
		panic(err)
	}
	os.Exit(m.Run())
}

// call builds precompile input: address || outputSize || data.
func call(m *model.Model, outSize int, data []byte) []byte {
	return Pack(m.Address(), uint64(outSize), data)
}

var setosa = tensor.FromF32(tensor.Shape{1, 4}, []float32{5.1, 3.5, 1.4, 0.2}).Data

func TestRegisteredInOPForksOnly(t *testing.T) {
	op := map[string]vm.PrecompiledContracts{"Fjord": vm.PrecompiledContractsFjord, "Granite": vm.PrecompiledContractsGranite,
		"Isthmus": vm.PrecompiledContractsIsthmus, "Jovian": vm.PrecompiledContractsJovian}
	for name, m := range op {
		if m[Address] != vm.PrecompiledContract(inference) {
			t.Errorf("%s: inference precompile missing", name)
		}
	}
	l1 := map[string]vm.PrecompiledContracts{"Homestead": vm.PrecompiledContractsHomestead, "Byzantium": vm.PrecompiledContractsByzantium,
		"Istanbul": vm.PrecompiledContractsIstanbul, "Berlin": vm.PrecompiledContractsBerlin, "Cancun": vm.PrecompiledContractsCancun,
		"Prague": vm.PrecompiledContractsPrague, "Osaka": vm.PrecompiledContractsOsaka}
	for name, m := range l1 {
		if _, ok := m[Address]; ok {
			t.Errorf("%s (an L1 fork) has the inference precompile", name)
		}
	}
	for _, addrs := range [][]common.Address{vm.PrecompiledAddressesJovian, vm.PrecompiledAddressesIsthmus} {
		found := 0
		for _, a := range addrs {
			if a == Address {
				found++
			}
		}
		if found != 1 {
			t.Errorf("warm address list holds the precompile %d times", found)
		}
	}
	if err := Register(inference); err == nil || !strings.Contains(err.Error(), "already has") {
		t.Errorf("second registration: %v", err)
	}
}

func TestRunMatchesEngine(t *testing.T) {
	t.Parallel()
	out, err := inference.Run(call(irisModel, Outputs(irisModel), setosa))
	if err != nil {
		t.Fatalf("run: %v (%s)", err, reason(out))
	}
	e, _ := exec.New(irisModel, exec.Options{Mode: exec.Reference})
	want, err := e.Run([]*tensor.Tensor{tensor.FromF32(tensor.Shape{1, 4}, []float32{5.1, 3.5, 1.4, 0.2})})
	if err != nil {
		t.Fatal(err)
	}
	if new(big.Int).SetBytes(out[:32]).Int64() != int64(len(want[0].Data)) || !bytes.Equal(out[32:], want[0].Data) {
		t.Fatalf("output %x, engine %x", out, want[0].Data)
	}
}

func reason(out []byte) string {
	r, err := abi.UnpackRevert(out)
	if err != nil {
		return fmt.Sprintf("(undecodable revert data %x)", out)
	}
	return r
}

func TestFailuresRevertWithReason(t *testing.T) {
	t.Parallel()
	tokens := func(ids ...int32) []byte { return tensor.FromI32(tensor.Shape{len(ids)}, ids).Data }
	unknown := model.Address{0xde, 0xad}
	ia := irisModel.Address()
	tests := []struct {
		name  string
		input []byte
		want  string
	}{
		{"empty", nil, "shorter than 64 bytes"},
		{"short", make([]byte, 63), "shorter than 64 bytes"},
		{"unregistered model", append(append(unknown[:], make([]byte, 32)...), setosa...), "model unavailable"},
		{"output size", call(irisModel, 11, setosa), "output size does not match"},
		{"huge output size", append(append(append([]byte(nil), ia[:]...), bytes.Repeat([]byte{0xff}, 32)...), setosa...), "output size does not match"},
		{"input size", call(irisModel, Outputs(irisModel), setosa[:15]), "input size does not match"},
		{"token out of range", call(tinyLlama, Outputs(tinyLlama), tokens(1, 2, 3, 64)), "out of range"},
		{"negative token", call(tinyLlama, Outputs(tinyLlama), tokens(-1, 2, 3, 4)), "out of range"},
	}
	for _, tt := range tests {
		out, err := inference.Run(tt.input)
		if !errors.Is(err, vm.ErrExecutionReverted) || !strings.Contains(reason(out), tt.want) {
			t.Errorf("%s: err %v reason %q, want a revert mentioning %q", tt.name, err, reason(out), tt.want)
		}
	}
	if _, err := inference.Run(call(tinyLlama, Outputs(tinyLlama), tokens(1, 2, 3, 63))); err != nil {
		t.Errorf("valid tokens: %v", err)
	}
}

func TestGasFromHeader(t *testing.T) {
	t.Parallel()
	in := call(irisModel, Outputs(irisModel), setosa)
	if got, want := inference.RequiredGas(in), DefaultGas.Model(irisModel, len(setosa)); got != want {
		t.Fatalf("gas %d, formula %d", got, want)
	}
	c := irisModel.Cost
	want := DefaultGas.Base + 16*16 + ceilDiv(c.MACs, 24) + ceilDiv(c.FloatOps, 6) + ceilDiv(c.IntOps, 32) + ceilDiv(c.WeightBytes, 1024)*80
	if DefaultGas.Cost(c, 16) != want {
		t.Fatalf("formula %d, by hand %d", DefaultGas.Cost(c, 16), want)
	}
	// Memory (peak activations, the largest node's working memory, prepared
	// layouts) and nodes.
	mem, nodes := ceilDiv(c.ActivationBytes+irisModel.ScratchBytes, 1024)*24+ceilDiv(irisModel.PreparedBytes, 1024)*64, uint64(len(irisModel.Nodes))*96
	// The weight charge is on the whole file (what a cold call reads).
	want += (ceilDiv(irisModel.FileBytes, 1024) - ceilDiv(c.WeightBytes, 1024)) * 80
	if got := DefaultGas.Model(irisModel, 16); irisModel.ScratchBytes == 0 || got != want+mem+nodes {
		t.Fatalf("with memory and nodes %d, want %d + %d + %d (scratch %d)", got, want, mem, nodes, irisModel.ScratchBytes)
	}
	if g := inference.RequiredGas(nil); g != DefaultGas.Base {
		t.Fatalf("gas of an unparsable call %d", g)
	}
	huge := model.Cost{MACs: 1 << 63, FloatOps: 1 << 63, WeightBytes: 1 << 63}
	if DefaultGas.Cost(huge, 1<<40) < 1<<60 {
		t.Fatal("gas overflowed instead of saturating")
	}
}

func FuzzRun(f *testing.F) {
	f.Add(call(irisModel, Outputs(irisModel), setosa))
	f.Add(call(tinyLlama, Outputs(tinyLlama), make([]byte, 16)))
	f.Add([]byte{1, 2, 3})
	f.Fuzz(func(t *testing.T, in []byte) {
		inference.RequiredGas(in)
		out, err := inference.Run(in)
		if err != nil && !errors.Is(err, vm.ErrExecutionReverted) {
			t.Fatalf("error %v is not a revert", err)
		}
		if err == nil && len(out) < 32 {
			t.Fatal("success without a length word")
		}
	})
}

// caller forwards its calldata to 0xa1 with STATICCALL; on success it
// stores keccak(output) in slot 0, logs the output under topic 0xaa and
// returns it; on failure it reverts with the precompile's revert data.
var caller = common.FromHex("365f5f37" + "5f5f365f60a15afa" + "3d5f5f3e" + "601657" + "3d5ffd" + "5b" + "3d5f20" + "5f55" + "60aa3d5fa1" + "3d5ff3")

// TestOnOPChain mines blocks under OP Isthmus rules whose transactions call
// the model through a contract, checks the stored and logged results equal
// the engine's, the gas charged includes the formula, a failing call
// reverts, and a second node importing the blocks reaches the same state.
func TestOnOPChain(t *testing.T) {
	key, _ := crypto.GenerateKey()
	from := crypto.PubkeyToAddress(key.PublicKey)
	contract := common.HexToAddress("0xc0ffee")
	gspec := OPGenesis(30_000_000, types.GenesisAlloc{from: {Balance: big.NewInt(1e18)}, contract: {Code: caller}})
	cfg, extra := *gspec.Config, GenesisExtra
	signer := types.LatestSigner(&cfg)
	good := call(irisModel, Outputs(irisModel), setosa)
	bad := call(irisModel, 11, setosa)
	_, blocks, receipts := core.GenerateChainWithGenesis(gspec, beacon.New(ethash.NewFaker()), 2, func(i int, g *core.BlockGen) {
		g.SetExtra(extra)
		data := good
		if i == 1 {
			data = bad
		}
		g.AddTx(types.MustSignNewTx(key, signer, &types.DynamicFeeTx{ChainID: cfg.ChainID, Nonce: uint64(i),
			GasTipCap: big.NewInt(1), GasFeeCap: big.NewInt(1e10), Gas: 1_000_000, To: &contract, Data: data}))
	})
	want, _ := inference.Run(good)
	r := receipts[0][0]
	if r.Status != types.ReceiptStatusSuccessful || len(r.Logs) != 1 || !bytes.Equal(r.Logs[0].Data, want) {
		t.Fatalf("good call: status %d, logs %v", r.Status, r.Logs)
	}
	if min := inference.RequiredGas(good) + 21000; r.GasUsed < min {
		t.Fatalf("gas used %d < intrinsic + precompile %d", r.GasUsed, min)
	}
	if receipts[1][0].Status != types.ReceiptStatusFailed {
		t.Fatal("a call with a wrong output size did not revert")
	}
	// Two independent nodes import the same blocks.
	var roots []common.Hash
	for n := 0; n < 2; n++ {
		bc, err := core.NewBlockChain(rawdb.NewMemoryDatabase(), gspec, beacon.New(ethash.NewFaker()), core.DefaultConfig())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := bc.InsertChain(blocks); err != nil {
			t.Fatalf("node %d: import: %v", n, err)
		}
		st, err := bc.State()
		if err != nil {
			t.Fatal(err)
		}
		if got := st.GetState(contract, common.Hash{}); got != crypto.Keccak256Hash(want) {
			t.Fatalf("node %d: stored %x, want keccak of the output", n, got)
		}
		roots = append(roots, bc.CurrentBlock().Root)
		bc.Stop()
	}
	if roots[0] != roots[1] || roots[0] != blocks[1].Root() {
		t.Fatalf("state roots differ: %x %x (block says %x)", roots[0], roots[1], blocks[1].Root())
	}
	t.Logf("good call: gas used %d (precompile %d); state root %x", r.GasUsed, inference.RequiredGas(good), roots[0])
}

// TestRegistryGate: with a registry, a call runs only if the model is
// available as of the executing block, reverting alike on every node
// before that without touching local data; an available model runs from the
// source or is rebuilt from chain data; a node that cannot produce it has a
// NodeFault, never a revert; a published file that is not a model reverts.
func TestRegistryGate(t *testing.T) {
	t.Parallel()
	reg := common.HexToAddress("0x4200000000000000000000000000000000000aa1")
	ia := irisModel.Address()
	status := func(size, published, completedAt uint64) map[common.Hash]common.Hash {
		return map[common.Hash]common.Hash{
			onchain.SizeSlot(ia):         common.BigToHash(new(big.Int).SetUint64(size)),
			onchain.AvailabilitySlot(ia): common.BigToHash(new(big.Int).Or(new(big.Int).SetUint64(published), new(big.Int).Lsh(new(big.Int).SetUint64(completedAt), 64))),
		}
	}
	errFault := errors.New("receipts gone")
	tests := []struct {
		name       string
		slots      map[common.Hash]common.Hash
		block      uint64
		local      bool  // the model is in the node's source
		rebuild    error // the rebuilder's answer (nil: gives the model)
		want       string
		fault      bool
		rebuilds   int
		chargeFull bool
		// srcInvalid: the source itself finds the file is not a model, and
		// there is no rebuilder (the fault-proof program's setup).
		srcInvalid bool
	}{
		{"unregistered", nil, 10, true, nil, "not registered", false, 0, false, false},
		{"half published", status(556, 1, 0), 10, true, nil, "not yet available", false, 0, false, false},
		{"completed in this block", status(556, 1, 10), 10, true, nil, "not yet available", false, 0, false, false},
		{"available, local", status(556, 1, 9), 10, true, nil, "", false, 0, true, false},
		{"available, rebuilt from chain", status(556, 1, 9), 10, false, nil, "", false, 2, true, false},
		{"available, not producible", status(556, 1, 9), 10, false, errFault, "", true, 2, false, false},
		{"available, not a model", status(556, 1, 9), 10, false, fmt.Errorf("%w: bad magic", model.ErrInvalid), "not a valid model", false, 1, false, false},
		{"available, not a model, said by the source", status(556, 1, 9), 10, false, nil, "not a valid model", false, 0, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := mapModels{}
			if tt.local {
				src[ia] = irisModel
			}
			rebuilds := 0
			p := New(src, DefaultGas, time.Second).WithRegistry(reg, func(model.Address, uint64, onchain.StateReader, func(uint64) common.Hash) (*model.Model, error) {
				rebuilds++
				if tt.rebuild != nil {
					return nil, tt.rebuild
				}
				return irisModel, nil
			})
			if tt.srcInvalid {
				p = New(invalidModels{}, DefaultGas, time.Second).WithRegistry(reg, nil)
			}
			getState := func(a common.Address, slot common.Hash) common.Hash {
				if a != reg {
					return common.Hash{}
				}
				return tt.slots[slot]
			}
			in := call(irisModel, Outputs(irisModel), setosa)
			gas, gerr := p.RequiredGasWithState(tt.block, 1, math.MaxUint64, getState, noHash, in)
			out, err := p.RunWithState(tt.block, 1, getState, noHash, in)
			var f *NodeFault
			switch {
			case tt.fault:
				if !errors.As(gerr, &f) || !errors.As(err, &f) || p.Faults.Load() != 2 {
					t.Fatalf("want a node fault from both hooks, got %v / %v (faults %d)", gerr, err, p.Faults.Load())
				}
			case tt.want != "":
				if gerr != nil || !errors.Is(err, vm.ErrExecutionReverted) || !strings.Contains(reason(out), tt.want) {
					t.Fatalf("got %v %q (gas err %v), want a revert %q", err, reason(out), gerr, tt.want)
				}
			default:
				if gerr != nil || err != nil {
					t.Fatalf("call failed: %v / %v %q", gerr, err, reason(out))
				}
			}
			// A revert at the gate costs the base; a published file that is not
			// a model was loaded: it costs the floor of its registered size.
			want := DefaultGas.Cost(model.Cost{}, len(setosa))
			if strings.Contains(tt.want, "not a valid model") {
				want = DefaultGas.Floor(556, len(setosa))
			}
			if full := DefaultGas.Model(irisModel, len(setosa)); tt.chargeFull != (gas == full) || (!tt.chargeFull && !tt.fault && gas != want) {
				t.Fatalf("gas %d (full price %d, want %d)", gas, full, want)
			}
			if rebuilds != tt.rebuilds {
				t.Fatalf("%d rebuilds, want %d", rebuilds, tt.rebuilds)
			}
		})
	}
}

func noHash(uint64) common.Hash { return common.Hash{} }

// invalidModels is a source whose every file is not a model (wrapped, as
// a source's errors are).
type invalidModels struct{}

func (invalidModels) Model(_ context.Context, a model.Address) (*model.Model, error) {
	return nil, fmt.Errorf("read 0x%x: %w: bad magic", a, model.ErrInvalid)
}

// TestInvalidMemoBounded: the memo of published files that are not models
// stays within maxInvalid and, when full, forgets one entry per new one, not
// all of them (a caller cycling through invalid models must not make every
// node rebuild a large one again).
func TestInvalidMemoBounded(t *testing.T) {
	t.Parallel()
	reg := common.HexToAddress("0x4200000000000000000000000000000000000aa1")
	rebuilds := 0
	p := New(mapModels{}, DefaultGas, time.Second).WithRegistry(reg, func(model.Address, uint64, onchain.StateReader, func(uint64) common.Hash) (*model.Model, error) {
		rebuilds++
		return nil, fmt.Errorf("%w: bad magic", model.ErrInvalid)
	})
	available := func(a common.Address, slot common.Hash) common.Hash { // every model: 1 chunk, complete in block 1
		if a != reg {
			return common.Hash{}
		}
		return common.BigToHash(new(big.Int).Or(big.NewInt(1), new(big.Int).Lsh(big.NewInt(1), 64)))
	}
	addr := func(i int) model.Address {
		var a model.Address
		binary.BigEndian.PutUint64(a[:], uint64(i)+1)
		return a
	}
	for i := 0; i < maxInvalid; i++ { // as if each had been called
		p.invalid[addr(i)] = ErrInvalidModel
	}
	for i := maxInvalid; i < maxInvalid+100; i++ {
		out, err := p.RunWithState(5, 1, available, noHash, Pack(addr(i), 1, nil))
		if !errors.Is(err, vm.ErrExecutionReverted) || !strings.Contains(reason(out), "not a valid model") {
			t.Fatalf("invalid model %d: %v %q", i, err, reason(out))
		}
	}
	if len(p.invalid) != maxInvalid || rebuilds != 100 {
		t.Fatalf("memo holds %d (bound %d) after 100 new invalid models, %d rebuilds", len(p.invalid), maxInvalid, rebuilds)
	}
}

// TestBlockFull: a block of many inference transactions (after the L1-info
// deposit) is built and imported.
func TestBlockFull(t *testing.T) {
	r, err := BlockFull(inference, call(irisModel, Outputs(irisModel), setosa), 3_000_000)
	if err != nil {
		t.Fatal(err)
	}
	if r.Calls < 50 || r.GasUsed == 0 || r.GasUsed > r.GasLimit {
		t.Fatalf("block: %+v", r)
	}
}

// TestExecutorCacheLRU: the executor cache keeps at most MaxExecutors, drops
// the least recently used first (not a random one), and counts the prepared
// layout bytes it keeps.
func TestExecutorCacheLRU(t *testing.T) {
	t.Parallel()
	p := New(mapModels{}, DefaultGas, time.Second)
	tiny := func(i int) *model.Model {
		b := model.NewBuilder(fmt.Sprintf("tiny-%d", i))
		x := b.Input("x", tensor.I8, tensor.Shape{1, 4})
		w := b.Const("w", tensor.New(tensor.I8, tensor.Shape{2, 4}))
		bias := b.Const("b", tensor.New(tensor.I32, tensor.Shape{2}))
		b.Output("y", b.QLinear("l", x, w, bias, 1<<30, 31, false))
		m, err := b.Build()
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	ms := make([]*model.Model, MaxExecutors+1)
	for i := range ms {
		ms[i] = tiny(i)
		if _, err := p.executor(ms[i].Address(), ms[i]); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			continue
		}
		if _, err := p.executor(ms[0].Address(), ms[0]); err != nil { // model 0 stays hot
			t.Fatal(err)
		}
	}
	if len(p.execs) != MaxExecutors || p.lru.Len() != MaxExecutors {
		t.Fatalf("%d executors cached, bound %d", len(p.execs), MaxExecutors)
	}
	if _, ok := p.execs[ms[0].Address()]; !ok {
		t.Fatal("the most used executor was evicted")
	}
	if _, ok := p.execs[ms[1].Address()]; ok {
		t.Fatal("the least recently used executor was kept")
	}
	if want := uint64(MaxExecutors) * ms[0].PreparedBytes; p.prepared != want {
		t.Fatalf("prepared bytes %d, want %d", p.prepared, want)
	}
}
