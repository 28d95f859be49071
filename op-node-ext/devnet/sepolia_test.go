package devnet

import (
	"context"
	"crypto/ecdsa"
	"encoding/json"
	"fmt"
	"math/big"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/log"
	"github.com/ethereum/go-ethereum/params"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/aievm/aievm/op-node-ext/chain"
	"github.com/aievm/aievm/op-node-ext/dapp"
)

// sepoliaRules gives a dev L1 genesis Sepolia's chain id and execution
// forks (through Osaka) active from the genesis. Not Sepolia's
// blob-parameter-only forks: op-e2e's fake consensus, which seals the
// stand-in's blocks, cannot insert a block under them ("Unsupported fork");
// they change blob prices only, and the rollup posts its batches as
// calldata.
func sepoliaRules(g *core.Genesis) {
	c := *g.Config
	sep := params.SepoliaChainConfig
	c.ChainID = new(big.Int).Set(sep.ChainID)
	at := g.Timestamp
	for _, f := range []struct{ ours, theirs **uint64 }{
		{&c.ShanghaiTime, &sep.ShanghaiTime}, {&c.CancunTime, &sep.CancunTime}, {&c.PragueTime, &sep.PragueTime},
		{&c.OsakaTime, &sep.OsakaTime},
	} {
		if *f.theirs != nil {
			*f.ours = &at
		}
	}
	blobs := *sep.BlobScheduleConfig
	blobs.BPO1, blobs.BPO2 = nil, nil
	c.BlobScheduleConfig = &blobs
	g.Config = &c
}

// TestSepoliaStandIn is the path for MetaMask users on Sepolia, against a
// local L1 with Sepolia's chain id (11155111), fork rules and 12-second
// blocks (Sepolia itself is unreachable here): `deploy-l1` with keys of
// its own (none from the public seed), the rollup run against that L1 with
// the dapp page, and a user funded on L1 only who, through the page in
// Chromium, adds the network, bridges ETH in and classifies an iris. It
// prints what the deployment cost in gas and ETH. Opt-in (make
// test-sepolia; about 7 minutes): AIEVM_SEPOLIA_STANDIN=1.
func TestSepoliaStandIn(t *testing.T) {
	if os.Getenv("AIEVM_SEPOLIA_STANDIN") == "" {
		t.Skip("the Sepolia stand-in: AIEVM_SEPOLIA_STANDIN=1 (make test-sepolia)")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Minute)
	defer cancel()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	aievm := filepath.Join(root, "bin", "aievm")
	for _, need := range []string{aievm, filepath.Join(root, "bin", "ai-geth"), filepath.Join(root, "build", "web", "index.html"), "/usr/bin/chromium"} {
		if _, err := os.Stat(need); err != nil {
			t.Fatalf("%v (make build web; apt-get install chromium)", err)
		}
	}
	// The services' log, for when something stalls (12-second blocks are slow to watch).
	logFile, err := os.Create(filepath.Join(t.TempDir(), "standin.log"))
	if err != nil {
		t.Fatal(err)
	}
	defer logFile.Close()
	lg := log.NewLogger(log.NewTerminalHandlerWithLevel(logFile, log.LevelInfo, false))
	prev := log.Root()
	log.SetDefault(lg) // the L1's fake consensus logs to the root logger
	defer log.SetDefault(prev)
	t.Cleanup(func() {
		if t.Failed() {
			b, _ := os.ReadFile(logFile.Name())
			if len(b) > 20000 {
				b = b[len(b)-20000:]
			}
			t.Logf("log (tail):\n%s", b)
		}
	})
	opc := filepath.Join(root, "build", "op-contracts")

	// Keys of their own, as an operator on Sepolia has: none from a seed.
	newKey := func() *ecdsa.PrivateKey {
		k, err := crypto.GenerateKey()
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	roles := map[string]*ecdsa.PrivateKey{"deployer": newKey(), "batcher": newKey(), "proposer": newKey(), "challenger": newKey(),
		"sequencer": newKey(), "user": newKey()}
	hexKey := func(r string) string { return hexutil.Encode(crypto.FromECDSA(roles[r])) }
	// What a faucet and the operator put on Sepolia before starting.
	funds := map[common.Address]*big.Int{}
	for r, eth := range map[string]int64{"deployer": 5, "batcher": 1, "proposer": 1, "challenger": 1, "user": 5} {
		funds[chain.Address(roles[r])] = new(big.Int).Mul(big.NewInt(eth), big.NewInt(1e18))
	}

	// The stand-in L1.
	host := startStandInL1(t, ctx, lg, opc, 12, funds, sepoliaRules)
	l1, err := ethclient.DialContext(ctx, host.L1RPC())
	if err != nil {
		t.Fatal(err)
	}
	defer l1.Close()
	if id, err := l1.ChainID(ctx); err != nil || id.Uint64() != params.SepoliaChainConfig.ChainID.Uint64() {
		t.Fatalf("stand-in chain id %v (%v)", id, err)
	}

	// 1. deploy-l1, as op-node-ext/README.md's sepolia.toml has it.
	cfg := Default()
	cfg.DataDir, cfg.OPContracts, cfg.L1ChainID, cfg.L2ChainID = t.TempDir(), opc, params.SepoliaChainConfig.ChainID.Uint64(), 42001
	cfg.Ports = Ports{}
	cfg.FaultProof = cfg.FaultProof.In(root)
	cfg.L1RPC, cfg.L1Beacon = host.L1RPC(), host.beaconURL()
	cfg.Users, cfg.Attest, cfg.OutputBond = 0, false, "1000000000000000"
	cfg.DeployerKey, cfg.BatcherKey, cfg.ProposerKey = hexKey("deployer"), hexKey("batcher"), hexKey("proposer")
	cfg.ChallengerKey, cfg.SequencerKey = hexKey("challenger"), hexKey("sequencer")
	cfg.GethCommand = []string{filepath.Join(root, "bin", "ai-geth")}
	cfg.WebDir, cfg.Tools = filepath.Join(root, "build", "web"), filepath.Join(root, "tools")
	cfg.L1PublicRPC = host.L1RPC() // Sepolia: a public endpoint, never l1_rpc with its key
	cfg.ForExternalL1()
	if cfg.L1BlockTime != 12 {
		t.Fatalf("an external L1 got %d-second blocks", cfg.L1BlockTime)
	}
	deployer := chain.Address(roles["deployer"])
	from, err := l1.BlockNumber(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Now()
	if _, err := CreateChain(ctx, cfg, lg); err != nil {
		t.Fatal(err)
	}
	took := time.Since(t0)
	to, err := l1.BlockNumber(ctx)
	if err != nil {
		t.Fatal(err)
	}
	gas, txs := sentBy(t, ctx, l1, deployer, from, to)
	left, err := l1.BalanceAt(ctx, deployer, nil)
	if err != nil {
		t.Fatal(err)
	}
	spent := new(big.Int).Sub(funds[deployer], left)
	gwei := func(g uint64, p int64) string {
		return fmt.Sprintf("%.3f ETH", float64(g)*float64(p)/1e9)
	}
	t.Logf("deploy-l1 on the stand-in: %s, %d L1 blocks, %d transactions, %d gas (%s at 1 gwei, %s at 10 gwei); the deployer spent %s wei (its %s wei deposit for publishing included)",
		took.Round(time.Second), to-from, txs, gas, gwei(gas, 1), gwei(gas, 10), spent, publishFunds())

	// 2. the rollup against it, with the dapp page.
	t0 = time.Now()
	d, err := Start(ctx, cfg, lg)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	t.Logf("the rollup is up on the stand-in in %s; dapp page %s", time.Since(t0).Round(time.Second), d.DappURL())
	var info strings.Builder
	d.PrintInfo(&info)
	t.Logf("what the operator sees:\n%s", info.String())
	var pc dapp.Config
	res, err := http.Get(d.DappURL() + "config.json")
	if err != nil {
		t.Fatal(err)
	}
	err = json.NewDecoder(res.Body).Decode(&pc)
	res.Body.Close()
	if err != nil || pc.L1.Name != "Sepolia" || pc.L1.ChainID != 11155111 || pc.L2.ChainID != 42001 || pc.Attest != nil {
		t.Fatalf("the page's config: %+v (%v)", pc, err)
	}

	// 3. a MetaMask user with Sepolia ETH only: add the network, bridge in, classify.
	t0 = time.Now()
	cmd := exec.CommandContext(ctx, "node", filepath.Join(root, "web", "test", "browser.mjs"))
	cmd.Env = append(os.Environ(), "PAGE_URL="+d.DappURL(), "KEY="+hexKey("user"), "STEPS=connect,call,deposit,classify",
		"SCREENSHOTS="+filepath.Join(root, "build", "screenshots", "sepolia"), "CHROMIUM=/usr/bin/chromium")
	out, err := cmd.CombinedOutput()
	t.Logf("browser test (%s):\n%s", time.Since(t0).Round(time.Second), out)
	if err != nil {
		t.Fatalf("browser test: %v", err)
	}
}

// sentBy sums the gas and counts the transactions that from sent in L1
// blocks (from, to].
func sentBy(t *testing.T, ctx context.Context, c *ethclient.Client, from common.Address, first, last uint64) (gas uint64, txs int) {
	t.Helper()
	for n := first + 1; n <= last; n++ {
		b, err := c.BlockByNumber(ctx, new(big.Int).SetUint64(n))
		if err != nil {
			t.Fatal(err)
		}
		rs, err := c.BlockReceipts(ctx, rpc.BlockNumberOrHashWithNumber(rpc.BlockNumber(n)))
		if err != nil {
			t.Fatal(err)
		}
		for i, tx := range b.Transactions() {
			if s, err := types.Sender(types.LatestSignerForChainID(tx.ChainId()), tx); err == nil && s == from {
				gas += rs[i].GasUsed
				txs++
			}
		}
	}
	return gas, txs
}
