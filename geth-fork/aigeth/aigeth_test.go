package aigeth_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/params"

	"github.com/aievm/aievm/contracts/bindings"
	"github.com/aievm/aievm/geth-fork/aigeth"
	"github.com/aievm/aievm/geth-fork/precompile"
	"github.com/aievm/aievm/internal/svcbin"
	"github.com/aievm/aievm/model-da/onchain"
	"github.com/aievm/aievm/model-da/server"
	"github.com/aievm/aievm/model-da/store"
	"github.com/aievm/aievm/opml/examples/iris"
	engine "github.com/aievm/aievm/opml/exec"
	"github.com/aievm/aievm/opml/tensor"
)

// syncBuffer is a bytes.Buffer safe for the child process's writers and
// the test's reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

const irisCID = "bafkreibobijch6beotd5ja6mswy432ztfthpynds6wca2mwtmx2v22rmeq"

func freePort(t *testing.T) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// TestAIGethServesInference builds ai-geth, initializes an OP (Isthmus)
// genesis whose ModelRegistry lists the iris model, starts the node with an
// empty model store and a peer gateway that has the model, checks that the
// node prefetches it, and calls it over JSON-RPC.
func TestAIGethServesInference(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the ai-geth binary")
	}
	dir := t.TempDir()
	bin, err := svcbin.Locate("ai-geth", dir)
	if err != nil {
		t.Fatal(err)
	}
	run := func(args ...string) (string, error) {
		// Bounded: a node that wrongly accepts its flags would run for ever.
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		out, err := exec.CommandContext(ctx, bin, args...).CombinedOutput()
		return string(out), err
	}
	m, err := iris.Model()
	if err != nil {
		t.Fatal(err)
	}
	g := precompile.OPGenesis(30_000_000, types.GenesisAlloc{aigeth.DefaultRegistry: aigeth.RegistryPredeploy(aigeth.GenesisModel{
		Address: m.Address(), CID: irisCID, Size: uint64(len(iris.ModelBytes())),
		MACs: m.Cost.MACs, FloatOps: m.Cost.FloatOps, IntOps: m.Cost.IntOps})})
	gb, _ := json.Marshal(g)
	genesis := filepath.Join(dir, "genesis.json")
	if err := os.WriteFile(genesis, gb, 0o644); err != nil {
		t.Fatal(err)
	}
	data := filepath.Join(dir, "node")
	if out, err := run("init", "--datadir", data, genesis); err != nil {
		t.Fatalf("ai-geth init: %v\n%s", err, out)
	}
	// geth's own subcommands work on ai-geth's data dir.
	if out, err := run("dumpgenesis", "--datadir", data); err != nil || !strings.Contains(out, fmt.Sprintf(`"chainId":%d,`, g.Config.ChainID)) {
		t.Fatalf("ai-geth dumpgenesis: %v\n%s", err, out)
	}
	if out, err := run("dumpconfig", "--datadir", data, "--ai.peers", "http://127.0.0.1:1"); err != nil || !strings.Contains(out, "[Eth]") || !strings.Contains(out, "[Node]") {
		t.Fatalf("ai-geth dumpconfig: %v\n%s", err, out)
	}
	if out, err := run("version"); err != nil || !strings.Contains(out, "Version:") {
		t.Fatalf("ai-geth version: %v\n%s", err, out)
	}
	// A bad AI flag stops the node at start with the flag's name.
	for _, peer := range []string{"ftp://127.0.0.1:5001", "127.0.0.1:5001", "http://", "http://h:99999", "http://u:p@h:1"} {
		out, err := run("--datadir", filepath.Join(dir, "bad"), "--nodiscover", "--maxpeers", "0", "--port", "0", "--authrpc.port", "0",
			"--ipcdisable", "--ai.peers", peer)
		if err == nil || !strings.Contains(out, "--ai.peers") {
			t.Fatalf("--ai.peers %q: %v\n%s", peer, err, out)
		}
	}
	// A peer that has the model; the node's own store starts empty.
	peerStore, err := store.Open(filepath.Join(dir, "peer"))
	if err != nil {
		t.Fatal(err)
	}
	defer peerStore.Close()
	if _, err := peerStore.Publish(context.Background(), iris.ModelBytes()); err != nil {
		t.Fatal(err)
	}
	gw, err := server.ServeHTTP(peerStore, "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer gw.Close()
	port, metricsPort := freePort(t), freePort(t)
	var log syncBuffer
	node := exec.Command(bin, "--datadir", data, "--syncmode", "full", "--nodiscover", "--maxpeers", "0", "--port", "0",
		"--http", "--http.addr", "127.0.0.1", "--http.port", fmt.Sprint(port), "--authrpc.port", fmt.Sprint(freePort(t)),
		"--metrics", "--metrics.addr", "127.0.0.1", "--metrics.port", fmt.Sprint(metricsPort),
		"--log.format", "json", "--verbosity", "3", "--ai.peers", gw.URL())
	node.Stdout, node.Stderr = &log, &log
	if err := node.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		node.Process.Signal(os.Interrupt)
		node.Wait()
		if t.Failed() {
			t.Logf("ai-geth log:\n%s", log.String())
		}
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var cl *ethclient.Client
	for {
		if cl, err = ethclient.DialContext(ctx, fmt.Sprintf("http://127.0.0.1:%d", port)); err == nil {
			if _, err = cl.ChainID(ctx); err == nil {
				break
			}
		}
		if ctx.Err() != nil {
			t.Fatalf("ai-geth did not serve RPC: %v", err)
		}
		time.Sleep(200 * time.Millisecond)
	}
	features := []float32{5.1, 3.5, 1.4, 0.2}
	x := tensor.FromF32(tensor.Shape{1, 4}, features)
	a := m.Address()
	in := precompile.Pack(a, uint64(precompile.Outputs(m)), x.Data)
	to := precompile.Address
	// Registered at genesis but not published on chain: the call reverts at
	// once, on every node alike; nothing waits.
	if _, err := cl.CallContract(ctx, ethereum.CallMsg{To: &to, Data: in}, nil); err == nil || !strings.Contains(err.Error(), "not yet available") {
		t.Fatalf("eth_call of a registered, unpublished model: %v", err)
	}
	// The node fetches it by the CID the registry records (the fast path).
	for !strings.Contains(log.String(), "Fetched a registered model by its on-chain CID") {
		if ctx.Err() != nil {
			t.Fatal("the node did not fetch the registered model by its on-chain CID")
		}
		time.Sleep(100 * time.Millisecond)
	}
	// As if it had been published (state and block overrides), the call
	// runs from the local store.
	type callArgs struct {
		To   common.Address `json:"to"`
		Data hexutil.Bytes  `json:"data"`
	}
	avail := map[common.Address]map[string]map[common.Hash]common.Hash{aigeth.DefaultRegistry: {"stateDiff": {
		onchain.AvailabilitySlot(a): common.BigToHash(new(big.Int).Or(big.NewInt(1), new(big.Int).Lsh(big.NewInt(1), 64)))}}}
	blockOv := map[string]hexutil.Uint64{"number": 2}
	var ret hexutil.Bytes
	if err := cl.Client().CallContext(ctx, &ret, "eth_call", callArgs{To: to, Data: in}, "latest", avail, blockOv); err != nil {
		t.Fatalf("eth_call: %v", err)
	}
	res := []byte(ret)
	e, _ := engine.New(m, engine.Options{Mode: engine.Reference})
	want, _ := e.Run([]*tensor.Tensor{x})
	if len(res) != 32+len(want[0].Data) || !bytes.Equal(res[32:], want[0].Data) {
		t.Fatalf("eth_call returned %x, engine %x", res, want[0].Data)
	}
	var gasHex hexutil.Uint64
	err = cl.Client().CallContext(ctx, &gasHex, "eth_estimateGas", callArgs{To: to, Data: in}, "latest", avail, blockOv)
	gas := uint64(gasHex)
	// A direct call runs no EVM code: intrinsic gas plus exactly the formula.
	var zeros, nonzeros uint64
	for _, b := range in {
		if b == 0 {
			zeros++
		} else {
			nonzeros++
		}
	}
	standard := params.TxGas + zeros*params.TxDataZeroGas + nonzeros*params.TxDataNonZeroGasEIP2028 + precompile.DefaultGas.Model(m, 16)
	floor := params.TxGas + (zeros+4*nonzeros)*params.TxCostFloorPerToken // EIP-7623
	// geth's estimator stops within 1.5% above the minimum.
	if exact := max(standard, floor); err != nil || gas < exact || float64(gas) > float64(exact)*1.016 {
		t.Fatalf("eth_estimateGas %d (%v), want intrinsic + formula = %d (+1.5%%)", gas, err, exact)
	}
	bad := append(bytes.Repeat([]byte{0x11}, 32), in[32:]...)
	if _, err := cl.CallContract(ctx, ethereum.CallMsg{To: &to, Data: bad}, nil); err == nil || !strings.Contains(err.Error(), "model not registered") {
		t.Fatalf("unregistered model over RPC: %v", err)
	}
	// The predeployed registry answers for the genesis model.
	reg := bindings.NewModelRegistry()
	regAddr := aigeth.DefaultRegistry
	out, err := cl.CallContract(ctx, ethereum.CallMsg{To: &regAddr, Data: reg.PackGet(a)}, nil)
	if err != nil {
		t.Fatalf("registry get: %v", err)
	}
	rec, err := reg.UnpackGet(out)
	if err != nil || rec.Cid != irisCID || rec.Size != uint64(len(iris.ModelBytes())) || rec.Macs != m.Cost.MACs {
		t.Fatalf("registry record %+v (%v)", rec, err)
	}
	t.Logf("eth_call ok, eth_estimateGas %d, registry record %s", gas, rec.Cid)

	// An operator's view: the console over geth's IPC, JSON logs, and the
	// AI metrics next to geth's in Prometheus format.
	if out, err := run("attach", "--exec", "web3.toDecimal(eth.chainId())", filepath.Join(data, "geth.ipc")); err != nil || strings.Trim(strings.TrimSpace(out), `"`) != g.Config.ChainID.String() {
		t.Fatalf("ai-geth attach --exec web3.toDecimal(eth.chainId()): %v\n%s", err, out)
	}
	if !strings.Contains(log.String(), `"msg":"AI EVM ready"`) {
		t.Fatalf("--log.format json: no JSON line for the AI EVM's start in:\n%s", log.String())
	}
	resp, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/debug/metrics/prometheus", metricsPort))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, name := range []string{"aievm_inference_calls_total", "aievm_inference_reverts_total", "aievm_models_fetches_total", "aievm_store_models", "chain_head_block"} {
		if !strings.Contains(string(body), "\n"+name+" ") {
			t.Errorf("metrics: no %s", name)
		}
	}
}
