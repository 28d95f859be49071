package devnet

import (
	"context"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ethereum-optimism/optimism/op-node/rollup"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/log"

	"github.com/aievm/aievm/op-node-ext/chain"
	"github.com/aievm/aievm/op-node-ext/opdeploy"
)

// TestDeployL1 runs `aievm devnet deploy-l1` against a running L1 (an
// in-process dev chain standing in for Sepolia): op-deployer's live target
// deploys OP's contracts with the deployer's transactions, the output game
// is registered and respected, the InferenceOracle deployed, nothing is
// minted on L2 (the deployer deposits what publishing costs), and the
// rollup config anchors at a real L1 block.
func TestDeployL1(t *testing.T) {
	if testing.Short() {
		t.Skip("deploys to a live L1: not in -short")
	}
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	lg := log.NewLogger(log.DiscardHandler())
	if testing.Verbose() {
		lg = log.NewLogger(log.NewTerminalHandlerWithLevel(os.Stderr, log.LevelInfo, false))
	}
	opc := filepath.Join("..", "..", "build", "op-contracts")
	keys := map[string]string{}
	for _, r := range []chain.Role{chain.Deployer, chain.Batcher, chain.Proposer, chain.Challenger, chain.Sequencer} {
		keys[string(r)] = hexutil.Encode(crypto.FromECDSA(chain.DevKey("deploy-l1 test", r)))
	}

	// The stand-in L1: a dev chain with the deployer funded.
	deployer := chain.Address(chain.DevKey("deploy-l1 test", chain.Deployer))
	host := startStandInL1(t, ctx, lg, opc, 2, map[common.Address]*big.Int{deployer: devBalance()}, nil)
	defer host.Close()

	cfg := Default()
	cfg.DataDir, cfg.OPContracts, cfg.L1ChainID, cfg.L2ChainID = t.TempDir(), opc, 900, 960
	cfg.FaultProof = cfg.FaultProof.In(filepath.Join("..", ".."))
	cfg.L1RPC, cfg.L1Beacon, cfg.L1BlockTime = host.L1RPC(), host.beaconURL(), 2
	cfg.Users, cfg.Attest, cfg.GethCommand = 0, false, []string{"unused"}
	cfg.DeployerKey, cfg.BatcherKey, cfg.ProposerKey = keys["deployer"], keys["batcher"], keys["proposer"]
	cfg.ChallengerKey, cfg.SequencerKey = keys["challenger"], keys["sequencer"]
	cfg.OutputBond = "1000000000000000" // 0.001 ETH
	cfg.ForExternalL1()
	wrong := cfg
	wrong.L1ChainID = 11155111
	if _, err := CreateChain(ctx, wrong, lg); err == nil || !strings.Contains(err.Error(), "chain id 900") {
		t.Fatalf("deploy-l1 to an L1 of another chain id: %v", err)
	}
	start := time.Now()
	st, err := CreateChain(ctx, cfg, lg)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("deploy-l1 (op-deployer live, output games, InferenceOracle, deposit) in %s", time.Since(start).Round(time.Millisecond))

	l1, err := ethclient.DialContext(ctx, cfg.L1RPC)
	if err != nil {
		t.Fatal(err)
	}
	defer l1.Close()
	c := st.Contracts
	for name, a := range map[string]common.Address{"OptimismPortal2": c.OptimismPortal, "DisputeGameFactory": c.DisputeGameFactory,
		"L1StandardBridge": c.L1StandardBridge, "AnchorStateRegistry": c.AnchorStateRegistry, "InferenceOracle": st.Oracle.Oracle} {
		if code, err := l1.CodeAt(ctx, a, nil); err != nil || len(code) == 0 {
			t.Errorf("%s: no code at %s (%v)", name, a, err)
		}
	}
	g, err := opdeploy.ReadOutputGames(ctx, l1, opc, c)
	if err != nil {
		t.Fatal(err)
	}
	if g.Respected != opdeploy.CannonGameType || g.Output != c.FaultDisputeGame || g.SuperRoot != (common.Address{}) ||
		g.Args.AbsolutePrestate != st.Prestate || g.Args.Vm != c.MIPS || g.Args.AnchorStateRegistry != c.AnchorStateRegistry ||
		g.Bond.Cmp(big.NewInt(1e15)) != 0 || g.RetiredUntil == 0 {
		t.Errorf("output games: %+v", g)
	}
	if cfg.Games != opdeploy.StandardGames() {
		t.Errorf("a public L1 got games %+v, want OP's standard delays", cfg.Games)
	}
	if bal, err := l1.BalanceAt(ctx, c.OptimismPortal, nil); err != nil || bal.Cmp(publishFunds()) != 0 {
		t.Errorf("portal holds %v (%v), want the deployer's deposit %s", bal, err, publishFunds())
	}
	var rc rollup.Config
	if err := readJSON(filepath.Join(cfg.DataDir, rollupFile), &rc); err != nil {
		t.Fatal(err)
	}
	h, err := l1.HeaderByNumber(ctx, new(big.Int).SetUint64(rc.Genesis.L1.Number))
	if err != nil || h.Hash() != rc.Genesis.L1.Hash || rc.Genesis.L1.Number == 0 {
		t.Fatalf("rollup config anchors at L1 %v, the L1 has %v (%v)", rc.Genesis.L1, h, err)
	}
	if _, err := os.Stat(filepath.Join(cfg.DataDir, l1GenesisFile)); !os.IsNotExist(err) {
		t.Errorf("a live deployment wrote an L1 genesis (%v)", err)
	}
	if _, err := CreateChain(ctx, cfg, lg); err == nil {
		t.Error("deploy-l1 ran twice on one data dir")
	}
}

// startStandInL1 starts an L1 standing in for a public one (StartL1) with
// chain id 900 before rules; it stops with the test.
func startStandInL1(t *testing.T, ctx context.Context, lg log.Logger, opc string, blockTime uint64, funds map[common.Address]*big.Int,
	rules func(*core.Genesis)) *Devnet {
	t.Helper()
	host, err := StartL1(ctx, L1Options{DataDir: t.TempDir(), Host: "127.0.0.1", OPContracts: opc, ChainID: 900, BlockTime: blockTime,
		Funds: funds, Rules: rules}, lg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { host.Close() })
	return host
}
