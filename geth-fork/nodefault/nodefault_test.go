package nodefault_test

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"os"
	"os/exec"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/ethereum/go-ethereum/beacon/engine"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/consensus/beacon"
	"github.com/ethereum/go-ethereum/consensus/ethash"
	"github.com/ethereum/go-ethereum/consensus/misc/eip1559"
	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/core/rawdb"
	"github.com/ethereum/go-ethereum/core/txpool"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/core/vm"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/log"
	"github.com/ethereum/go-ethereum/miner"

	"github.com/aievm/aievm/geth-fork/precompile"
	"github.com/aievm/aievm/model-da/onchain"
	"github.com/aievm/aievm/opml/examples/iris"
	"github.com/aievm/aievm/opml/model"
	"github.com/aievm/aievm/opml/tensor"
)

const childEnv = "AIEVM_NODEFAULT_CHILD"

var (
	irisModel *model.Model
	// broken: the node lost the model (no local copy, no chain data).
	broken   atomic.Bool
	registry = common.HexToAddress("0x42000000000000000000000000000000000000a1")
	key, _   = crypto.HexToECDSA("2f8a1c3b9d9e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a")
	from     = crypto.PubkeyToAddress(key.PublicKey)
)

// noLocal is a model store that holds nothing: every model comes from the
// rebuilder (the node's chain data), which fails while broken.
type noLocal struct{}

func (noLocal) Model(context.Context, model.Address) (*model.Model, error) {
	return nil, errors.New("not in the local store")
}

func TestMain(m *testing.M) {
	var err error
	if irisModel, err = iris.Model(); err != nil {
		panic(err)
	}
	p := precompile.New(noLocal{}, precompile.DefaultGas, 0).WithRegistry(registry, func(model.Address, uint64, onchain.StateReader, func(uint64) common.Hash) (*model.Model, error) {
		if broken.Load() {
			return nil, errors.New("receipts pruned")
		}
		return irisModel, nil
	})
	if err := precompile.Register(p); err != nil {
		panic(err)
	}
	os.Exit(m.Run())
}

var setosa = tensor.FromF32(tensor.Shape{1, 4}, []float32{5.1, 3.5, 1.4, 0.2}).Data

// chain builds blocks 1..3 on a genesis whose registry has iris available
// from block 2; block 3 calls it. The node has the model while building.
func chain(t *testing.T) (*core.Genesis, []*types.Block, []byte) {
	t.Helper()
	ia := irisModel.Address()
	input := precompile.Pack(ia, 12, setosa)
	g := precompile.OPGenesis(30_000_000, types.GenesisAlloc{
		from: {Balance: big.NewInt(1e18)},
		registry: {Balance: new(big.Int), Storage: map[common.Hash]common.Hash{
			onchain.SizeSlot(ia):         common.BigToHash(big.NewInt(556)),
			onchain.AvailabilitySlot(ia): common.BigToHash(new(big.Int).Or(big.NewInt(1), new(big.Int).Lsh(big.NewInt(1), 64))),
		}},
	})
	cfg := g.Config
	signer := types.LatestSigner(cfg)
	to := precompile.Address
	broken.Store(false)
	_, blocks, _ := core.GenerateChainWithGenesis(g, beacon.New(ethash.NewFaker()), 3, func(i int, b *core.BlockGen) {
		b.SetExtra(precompile.GenesisExtra)
		data := []byte(nil)
		if i == 2 {
			data = input
		}
		b.AddTx(types.MustSignNewTx(key, signer, &types.DynamicFeeTx{ChainID: cfg.ChainID, Nonce: uint64(i),
			GasTipCap: big.NewInt(1), GasFeeCap: big.NewInt(1e10), Gas: 1_000_000, To: &to, Data: data}))
	})
	return g, blocks, input
}

// importChain is a node that imported blocks (stopped when the test ends).
func importChain(t *testing.T, g *core.Genesis, blocks []*types.Block) *core.BlockChain {
	t.Helper()
	bc, err := core.NewBlockChain(rawdb.NewMemoryDatabase(), g, beacon.New(ethash.NewFaker()), core.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(bc.Stop)
	if _, err := bc.InsertChain(blocks); err != nil {
		t.Fatal(err)
	}
	return bc
}

// TestFaultIsTheMessagesError: a node fault comes out of core.ApplyMessage
// as its error (the miner then leaves the transaction out of the block it
// builds), for a transaction and for a deposit, which op-geth would
// otherwise include as a failed deposit. Without the fault the same message
// runs.
func TestFaultIsTheMessagesError(t *testing.T) {
	g, blocks, input := chain(t)
	bc := importChain(t, g, blocks)
	to := precompile.Address
	msgs := map[string]*core.Message{
		"transaction": {From: from, To: &to, Nonce: 3, GasLimit: 1_000_000, GasPrice: big.NewInt(1e10), GasFeeCap: big.NewInt(1e10),
			GasTipCap: big.NewInt(1), Value: new(big.Int), Data: input},
		"deposit": {From: from, To: &to, GasLimit: 1_000_000, GasPrice: new(big.Int), GasFeeCap: new(big.Int), GasTipCap: new(big.Int),
			Value: new(big.Int), Data: input, IsDepositTx: true, Mint: big.NewInt(5), SkipNonceChecks: true},
	}
	for _, b := range []bool{false, true} {
		broken.Store(b)
		for name, msg := range msgs {
			st, err := bc.State()
			if err != nil {
				t.Fatal(err)
			}
			head := bc.CurrentBlock()
			next := types.CopyHeader(head)
			next.Number = new(big.Int).Add(head.Number, big.NewInt(1))
			next.Time++
			evm := vm.NewEVM(core.NewEVMBlockContext(next, bc, nil, bc.Config(), st), st, bc.Config(), vm.Config{})
			res, err := core.ApplyMessage(evm, msg, core.NewGasPool(30_000_000))
			switch {
			case b && (!vm.IsAIEVMFault(err) || res != nil):
				t.Fatalf("%s with a node fault: result %+v, err %v; want the fault as the message's error", name, res, err)
			case !b && (err != nil || res.Err != nil):
				t.Fatalf("%s: %v %+v", name, err, res)
			}
		}
	}
	broken.Store(false)
}

// minerBackend is what op-geth's miner needs of a node: the chain (no pool:
// payload attributes bring their transactions).
type minerBackend struct{ bc *core.BlockChain }

func (b minerBackend) BlockChain() *core.BlockChain { return b.bc }
func (b minerBackend) TxPool() *txpool.TxPool       { return nil }

// TestHalts: a node that must execute a block calling a model it cannot
// produce stops with a clear fatal error, rather than reject the block
// (op-node would replace it with a deposit-only one) or compute something
// else: when it imports the block, and when it builds one from payload
// attributes whose transactions are forced (a verifier deriving batches from
// L1, the sequencer's deposits). Each runs in a child process: the halt
// exits it.
func TestHalts(t *testing.T) {
	cases := map[string]func(t *testing.T, bc *core.BlockChain, blocks []*types.Block, input []byte) error{
		"import": func(t *testing.T, bc *core.BlockChain, blocks []*types.Block, _ []byte) error {
			_, err := bc.InsertChain(blocks[2:])
			return err
		},
		"forced transaction": func(t *testing.T, bc *core.BlockChain, _ []*types.Block, input []byte) error {
			to := precompile.Address
			tx := types.MustSignNewTx(key, types.LatestSigner(bc.Config()), &types.DynamicFeeTx{ChainID: bc.Config().ChainID, Nonce: 2,
				GasTipCap: big.NewInt(1), GasFeeCap: big.NewInt(1e10), Gas: 1_000_000, To: &to, Data: input})
			head := bc.CurrentBlock()
			gl := uint64(30_000_000)
			m := miner.New(minerBackend{bc}, miner.DefaultConfig, beacon.New(ethash.NewFaker()))
			_, err := m.BuildPayload(context.Background(), &miner.BuildPayloadArgs{Parent: head.Hash(), Timestamp: head.Time + 2,
				BeaconRoot: &common.Hash{}, Withdrawals: types.Withdrawals{}, Version: engine.PayloadV3, NoTxPool: true,
				Transactions: []*types.Transaction{tx}, GasLimit: &gl, EIP1559Params: eip1559.EncodeHolocene1559Params(250, 6)}, false)
			return err
		},
	}
	if name := os.Getenv(childEnv); name != "" {
		log.SetDefault(log.NewLogger(log.NewTerminalHandlerWithLevel(os.Stderr, log.LevelInfo, false)))
		g, blocks, input := chain(t)
		bc := importChain(t, g, blocks[:2]) // the node had the model then
		broken.Store(true)
		fmt.Println("returned:", cases[name](t, bc, blocks, input)) // not reached: the node halts
		return
	}
	for name := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			cmd := exec.Command(os.Args[0], "-test.run", "^TestHalts$", "-test.v")
			cmd.Env = append(os.Environ(), childEnv+"="+name)
			out, err := cmd.CombinedOutput()
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() == 0 || !strings.Contains(string(out), "AI EVM node fault in a block every node must execute") ||
				strings.Contains(string(out), "returned:") {
				t.Fatalf("child: %v\n%s", err, out)
			}
		})
	}
}

// TestStateRegenerationDoesNotHalt: re-executing a block outside import
// (state regeneration for tracing calls StateProcessor.Process directly)
// reports the fault as an error; only import and building halt.
func TestStateRegenerationDoesNotHalt(t *testing.T) {
	g, blocks, _ := chain(t)
	bc := importChain(t, g, blocks)
	parent := bc.GetHeaderByNumber(2)
	st, err := bc.StateAt(parent.Root)
	if err != nil {
		t.Fatal(err)
	}
	broken.Store(true)
	defer broken.Store(false)
	if _, err := bc.Processor().Process(context.Background(), blocks[2], st, vm.Config{}); !vm.IsAIEVMFault(err) {
		t.Fatalf("Process: %v, want the node fault as an error", err)
	}
}
