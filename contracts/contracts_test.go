package contracts_test

import (
	"bytes"
	"context"
	"fmt"
	"math/big"
	"os"
	"strings"
	"testing"
	"time"

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
	"github.com/aievm/aievm/opml/examples/iris"
	"github.com/aievm/aievm/opml/exec"
	"github.com/aievm/aievm/opml/model"
	"github.com/aievm/aievm/opml/tensor"
)

// modelSet is the precompile's model source: the test binary's models.
type modelSet []*model.Model

func (s modelSet) Model(_ context.Context, a model.Address) (*model.Model, error) {
	for _, m := range s {
		if a == m.Address() {
			return m, nil
		}
	}
	return nil, fmt.Errorf("model 0x%x not found", a)
}

var (
	irisModel *model.Model
	genModel  *model.Model   // a tiny generation model (Completion's)
	genStages []*model.Model // its KV-cache chain: two stages of one layer, 8 positions (KVCompletion's)
	// The deployer's key is fixed so the registry's address is known when the
	// precompile is registered.
	deployer, _  = crypto.HexToECDSA("8a1f9a8f95be41cd7ccb6168179afb4504aefe388d1e14474d32c45c72ce7b7a")
	from         = crypto.PubkeyToAddress(deployer.PublicKey)
	registryAddr = crypto.CreateAddress(from, 2)
)

// TestMain registers the precompile, gated by the ModelRegistry the test
// deploys, once for this binary (it writes op-geth's global OP-fork tables).
func TestMain(m *testing.M) {
	var err error
	if irisModel, err = iris.Model(); err != nil {
		panic(err)
	}
	if genModel, err = examples.Decoder(examples.TinyGeneration); err != nil {
		panic(err)
	}
	if genStages, err = examples.TinyGenerationChain(); err != nil {
		panic(err)
	}
	p := precompile.New(append(modelSet{irisModel, genModel}, genStages...), precompile.DefaultGas, time.Second).WithRegistry(registryAddr, nil)
	if err := precompile.Register(p); err != nil {
		panic(err)
	}
	os.Exit(m.Run())
}

var setosa = tensor.FromF32(tensor.Shape{1, 4}, []float32{5.1, 3.5, 1.4, 0.2}).Data

// TestContractsOnOPChain deploys the contracts from their generated
// bindings on an OP Isthmus chain, calls the iris model through AILib in a
// transaction, registers it in ModelRegistry, and checks every failure
// mode's revert reason as a Solidity caller sees it.
func TestContractsOnOPChain(t *testing.T) {
	key := deployer
	gspec := precompile.OPGenesis(30_000_000, types.GenesisAlloc{from: {Balance: big.NewInt(1e18)}})
	cfg, extra := *gspec.Config, precompile.GenesisExtra
	signer := types.LatestSigner(&cfg)
	classifierAddr, failuresAddr := crypto.CreateAddress(from, 0), crypto.CreateAddress(from, 1)
	cl, fm, reg := bindings.NewClassifier(), bindings.NewFailureModes(), bindings.NewModelRegistry()
	irisAddr := irisModel.Address()
	outSize := big.NewInt(int64(precompile.Outputs(irisModel)))
	cost := irisModel.Cost
	var nonce uint64
	tx := func(to *common.Address, data []byte) *types.Transaction {
		t := types.MustSignNewTx(key, signer, &types.DynamicFeeTx{ChainID: cfg.ChainID, Nonce: nonce,
			GasTipCap: big.NewInt(1), GasFeeCap: big.NewInt(1e10), Gas: 3_000_000, To: to, Data: data})
		nonce++
		return t
	}
	// One transaction per block: op-geth reads the first transaction of a
	// block with two or more as its L1-attributes deposit.
	var txs []*types.Transaction
	for _, bin := range []string{bindings.ClassifierMetaData.Bin, bindings.FailureModesMetaData.Bin, bindings.ModelRegistryMetaData.Bin} {
		txs = append(txs, tx(nil, common.FromHex(bin)))
	}
	txs = append(txs,
		tx(&classifierAddr, cl.PackInference(irisAddr, setosa, outSize)), // not registered yet: reverts
		tx(&registryAddr, reg.PackRegister(irisAddr, "bafkreibobijch6beotd5ja6mswy432ztfthpynds6wca2mwtmx2v22rmeq",
			uint64(len(iris.ModelBytes())), cost.MACs, cost.FloatOps, cost.IntOps)),
		tx(&classifierAddr, cl.PackInference(irisAddr, setosa, outSize)),                                                    // registered, not published: reverts
		tx(&registryAddr, reg.PackPublish(irisAddr, uint64(len(iris.ModelBytes())), big.NewInt(0), iris.ModelBytes(), nil)), // its one chunk
		tx(&classifierAddr, cl.PackInference(irisAddr, setosa, outSize)),
		tx(&registryAddr, reg.PackRegister(irisAddr, "bafy-again", 1, 0, 0, 0)), // second registration fails
		tx(&classifierAddr, cl.PackInference(irisAddr, setosa, big.NewInt(11))), // wrong output size reverts
	)
	_, blocks, rs := core.GenerateChainWithGenesis(gspec, beacon.New(ethash.NewFaker()), len(txs), func(i int, g *core.BlockGen) {
		g.SetExtra(extra)
		g.AddTx(txs[i])
	})
	var receipts []*types.Receipt
	for _, r := range rs {
		receipts = append(receipts, r[0])
	}
	for i, r := range receipts[:3] {
		if r.Status != types.ReceiptStatusSuccessful {
			t.Fatalf("deployment %d failed", i)
		}
	}
	// The engine's own answer for the same input.
	e, _ := exec.New(irisModel, exec.Options{Mode: exec.Reference})
	outs, err := e.Run([]*tensor.Tensor{{DType: tensor.F32, Shape: tensor.Shape{1, 4}, Data: setosa}})
	if err != nil {
		t.Fatal(err)
	}
	want := outs[0].Data
	if receipts[3].Status != types.ReceiptStatusFailed {
		t.Fatal("a call to a model not yet registered succeeded: is the fork delta applied? (make writes go.work)")
	}
	if receipts[5].Status != types.ReceiptStatusFailed || receipts[6].Status != types.ReceiptStatusSuccessful || len(receipts[6].Logs) != 2 {
		t.Fatalf("call before publication: status %d; publication: status %d, %d logs (ChunkPublished, ModelAvailable)", receipts[5].Status, receipts[6].Status, len(receipts[6].Logs))
	}
	r := receipts[7:]
	regR := receipts[4]
	if r[0].Status != types.ReceiptStatusSuccessful || len(r[0].Logs) != 1 {
		t.Fatalf("inference transaction: status %d, %d logs", r[0].Status, len(r[0].Logs))
	}
	ev, err := cl.UnpackInferenceEvent(r[0].Logs[0])
	if err != nil || !bytes.Equal(ev.Output, want) || ev.Model != irisAddr {
		t.Fatalf("Inference event %+v (%v), want output %x", ev, err, want)
	}
	if regR.Status != types.ReceiptStatusSuccessful || r[1].Status != types.ReceiptStatusFailed || r[2].Status != types.ReceiptStatusFailed {
		t.Fatalf("register/re-register/bad call statuses %d %d %d, want 1 0 0", regR.Status, r[1].Status, r[2].Status)
	}
	regEv, err := reg.UnpackModelRegisteredEvent(regR.Logs[0])
	if err != nil || regEv.Model != irisAddr || regEv.Macs != cost.MACs {
		t.Fatalf("ModelRegistered event %+v (%v)", regEv, err)
	}

	// Read state and make view calls as eth_call would, on an imported chain.
	bc, err := core.NewBlockChain(rawdb.NewMemoryDatabase(), gspec, beacon.New(ethash.NewFaker()), core.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	defer bc.Stop()
	if _, err := bc.InsertChain(blocks); err != nil {
		t.Fatal(err)
	}
	view := func(to common.Address, data []byte) []byte {
		st, err := bc.State()
		if err != nil {
			t.Fatal(err)
		}
		h := bc.CurrentBlock()
		evm := vm.NewEVM(core.NewEVMBlockContext(h, bc, nil, &cfg, st), st, &cfg, vm.Config{})
		ret, _, err := evm.StaticCall(from, to, data, 10_000_000)
		if err != nil {
			t.Fatalf("view call: %v", err)
		}
		return ret
	}
	if got, err := cl.UnpackLastOutput(view(classifierAddr, cl.PackLastOutput())); err != nil || !bytes.Equal(got, want) {
		t.Fatalf("stored output %x (%v), want %x", got, err, want)
	}
	if got, err := cl.UnpackPredict(view(classifierAddr, cl.PackPredict(irisAddr, setosa, outSize))); err != nil || !bytes.Equal(got, want) {
		t.Fatalf("predict %x (%v)", got, err)
	}
	if ok, err := reg.UnpackIsRegistered(view(registryAddr, reg.PackIsRegistered(irisAddr))); err != nil || !ok {
		t.Fatalf("isRegistered: %v %v", ok, err)
	}
	// The gate reads the registry's storage layout directly: pin it.
	st, _ := bc.State()
	if v := st.GetState(registryAddr, precompile.RegistrySlot(irisAddr)); new(big.Int).SetBytes(v[24:]).Uint64() != uint64(len(iris.ModelBytes())) {
		t.Fatalf("registry slot %x holds %x, want the model size %d", precompile.RegistrySlot(irisAddr), v, len(iris.ModelBytes()))
	}
	pubBlock := receipts[6].BlockNumber.Uint64()
	if got := onchain.ReadStatus(st.GetState, registryAddr, irisAddr); got != (onchain.Status{Size: uint64(len(iris.ModelBytes())), Published: 1, CompletedAt: pubBlock}) ||
		onchain.ChunkBlock(st.GetState, registryAddr, irisAddr, 0) != pubBlock {
		t.Fatalf("publication read from storage: %+v, chunk 0 in block %d; want 1 chunk completed in block %d", got, onchain.ChunkBlock(st.GetState, registryAddr, irisAddr, 0), pubBlock)
	}
	if cid := onchain.ReadCID(st.GetState, registryAddr, irisAddr); cid != "bafkreibobijch6beotd5ja6mswy432ztfthpynds6wca2mwtmx2v22rmeq" {
		t.Fatalf("CID read from storage: %q", cid)
	}
	failures := []struct {
		name  string
		model [32]byte
		input []byte
		size  *big.Int
		want  string
	}{
		{"unregistered model", [32]byte{1}, setosa, outSize, "model not registered"},
		{"output size", irisAddr, setosa, big.NewInt(11), "output size does not match"},
		{"input size", irisAddr, setosa[:12], outSize, "input size does not match"},
	}
	for _, f := range failures {
		res, err := fm.UnpackAttempt(view(failuresAddr, fm.PackAttempt(f.model, f.input, f.size)))
		if err != nil || res.Ok || !strings.Contains(res.Reason, f.want) {
			t.Errorf("%s: ok=%v reason %q (%v), want %q", f.name, res.Ok, res.Reason, err, f.want)
		}
	}
	if res, _ := fm.UnpackAttempt(view(failuresAddr, fm.PackAttempt(irisAddr, setosa, outSize))); !res.Ok {
		t.Errorf("a valid call failed: %q", res.Reason)
	}
	t.Logf("inference tx gas used %d; output %x", r[0].GasUsed, want)
}
