package opdeploy

import (
	"context"
	"encoding/json"
	"maps"
	"math/big"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ethereum-optimism/optimism/op-chain-ops/foundry"
	"github.com/ethereum-optimism/optimism/op-chain-ops/genesis"

	"github.com/ethereum-optimism/optimism/op-core/predeploys"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/log"
)

// artifactsDir is where `make op-contracts` (a prerequisite of make test)
// puts the compiled contracts-bedrock.
func artifactsDir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "build", "op-contracts")
}

func testParams() Params {
	addr := func(i int64) common.Address { return common.BigToAddress(big.NewInt(0x1000 + i)) }
	return Params{Artifacts: artifactsDir(), L1ChainID: 900, L2ChainID: 901, L2BlockTime: 1, GasLimit: 30_000_000,
		GenesisTime: uint64(time.Now().Unix()), Deployer: addr(0),
		Roles: Roles{Admin: addr(1), Batcher: addr(2), Proposer: addr(3), Challenger: addr(4), UnsafeSigner: addr(5), FeeRecipient: addr(6)},
		Games: DevGames(), L1Funds: map[common.Address]*big.Int{addr(7): big.NewInt(1e18)}}
}

// genesisOnce is one deployment shared by the tests that only read it.
var genesisOnce = sync.OnceValues(func() (*Chain, error) {
	return Genesis(context.Background(), testParams(), log.NewLogger(log.DiscardHandler()))
})

// TestGenesis deploys the standard contract set with op-deployer's genesis
// target and checks what a chain needs of it: OP's L1 contracts in the L1
// genesis, the standard predeploys in the L2 genesis, every OP fork through
// Jovian at L2 genesis, and a rollup config anchored at both geneses.
func TestGenesis(t *testing.T) {
	t.Parallel()
	p := testParams()
	start := time.Now()
	c, err := genesisOnce()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("op-deployer genesis in %v", time.Since(start))
	for name, a := range map[string]common.Address{"OptimismPortal2": c.Contracts.OptimismPortal, "SystemConfig": c.Contracts.SystemConfig,
		"L1StandardBridge": c.Contracts.L1StandardBridge, "DisputeGameFactory": c.Contracts.DisputeGameFactory,
		"AnchorStateRegistry": c.Contracts.AnchorStateRegistry, "DelayedWETH": c.Contracts.DelayedWETH,
		"PermissionedDisputeGame": c.Contracts.PermissionedDisputeGame} {
		if a == (common.Address{}) || len(c.L1.Alloc[a].Code) == 0 {
			t.Errorf("%s: no code at %s in the L1 genesis", name, a)
		}
	}
	for a, v := range p.L1Funds {
		if got := c.L1.Alloc[a].Balance; got == nil || got.Cmp(v) != 0 {
			t.Errorf("L1 balance of %s is %v, want %v", a, got, v)
		}
	}
	for _, a := range []common.Address{predeploys.L1BlockAddr, predeploys.GasPriceOracleAddr, predeploys.L2ToL1MessagePasserAddr,
		predeploys.L2StandardBridgeAddr, predeploys.L2CrossDomainMessengerAddr, predeploys.SequencerFeeVaultAddr, predeploys.EASAddr} {
		if len(c.L2.Alloc[a].Code) == 0 {
			t.Errorf("no predeploy at %s in the L2 genesis", a)
		}
	}
	rc := c.Rollup
	if rc.L2ChainID.Uint64() != 901 || rc.BlockTime != 1 || rc.JovianTime == nil || *rc.JovianTime != 0 || rc.KarstTime != nil {
		t.Errorf("rollup config: chain %d, block time %d, jovian %v, karst %v", rc.L2ChainID, rc.BlockTime, rc.JovianTime, rc.KarstTime)
	}
	if rc.Genesis.L2.Hash != c.L2.ToBlock().Hash() || rc.Genesis.L1.Hash != c.L1.ToBlock().Hash() {
		t.Error("rollup config not anchored at the geneses")
	}
	if rc.DepositContractAddress != c.Contracts.OptimismPortal || rc.L1SystemConfigAddress != c.Contracts.SystemConfig {
		t.Error("rollup config names other L1 contracts")
	}
}

// TestGamesCheck refuses delays the contracts would refuse.
func TestGamesCheck(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		g    func(*Games)
		ok   bool
	}{
		{"dev", func(*Games) {}, true},
		{"zero finality delay", func(g *Games) { g.FinalityDelay = 0 }, false},
		{"clock below two extensions", func(g *Games) { g.MaxClockDuration, g.ClockExtension = 3, 2 }, false},
		{"clock below extension plus preimage period", func(g *Games) { g.PreimageChallengePeriod = g.MaxClockDuration - g.ClockExtension + 1 }, false},
		{"standard", func(g *Games) { *g = StandardGames() }, true},
		{"split depth below 2", func(g *Games) { g.SplitDepth = 1 }, false},
		{"no execution bisection", func(g *Games) { g.SplitDepth = g.MaxGameDepth - 1 }, false},
		{"deeper than positions allow", func(g *Games) { g.MaxGameDepth = 126 }, false},
		{"execution bisection past uint64 trace indexes", func(g *Games) { g.MaxGameDepth, g.SplitDepth = 100, 20 }, false},
	} {
		g := DevGames()
		tc.g(&g)
		if err := g.Check(); (err == nil) != tc.ok {
			t.Errorf("%s: check = %v", tc.name, err)
		}
	}
}

// TestL2Additions installs a predeploy behind an unused OP proxy and adds
// accounts: the genesis still passes OP's own L2 allocation check, reads
// back as a genesis file (as ai-geth loads it), and the rollup config
// follows its new hash. Taken predeploys, the proxies' slots, OP's
// namespaces and existing accounts are refused.
func TestL2Additions(t *testing.T) {
	t.Parallel()
	shared, err := genesisOnce()
	if err != nil {
		t.Fatal(err)
	}
	c := *shared
	l2 := *shared.L2
	l2.Alloc = maps.Clone(shared.L2.Alloc)
	rc := *shared.Rollup
	c.L2, c.Rollup = &l2, &rc
	free := common.HexToAddress("0x42000000000000000000000000000000000000a1")
	code := []byte{0x60, 0x00, 0x54, 0x00} // SLOAD(0); STOP
	slot := common.Hash{31: 7}
	if err := c.SetPredeploy(free, code, map[common.Hash]common.Hash{slot: {31: 1}}); err != nil {
		t.Fatal(err)
	}
	if err := genesis.CheckL2GenesisAllocs(&foundry.ForgeAllocs{Accounts: c.L2.Alloc}, genesis.CheckL2AllocsOpts{}); err != nil {
		t.Fatalf("OP's L2 allocation check: %v", err)
	}
	user := common.HexToAddress("0x0000000000000000000000000000000000005e12")
	if err := c.AddAccounts(types.GenesisAlloc{user: {Balance: big.NewInt(1)}, common.HexToAddress("0x1234"): {Code: code}}); err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(c.L2)
	if err != nil {
		t.Fatal(err)
	}
	var back core.Genesis
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatalf("the L2 genesis does not read back: %v", err)
	}
	if back.ToBlock().Hash() != c.Rollup.Genesis.L2.Hash || c.Rollup.Genesis.L2.Hash == shared.Rollup.Genesis.L2.Hash {
		t.Fatal("rollup config does not follow the new L2 genesis")
	}
	if got := back.Alloc[free].Storage[genesis.ImplementationSlot]; got != common.BytesToHash(implementationOf(free).Bytes()) {
		t.Fatalf("implementation slot %s", got)
	}
	l1 := *shared.L1
	l1.Alloc = maps.Clone(shared.L1.Alloc)
	c.L1 = &l1
	before := new(big.Int).Set(l1.Alloc[c.Contracts.OptimismPortal].Balance)
	if err := c.BackL2Funds(big.NewInt(5)); err != nil {
		t.Fatal(err)
	}
	if got := l1.Alloc[c.Contracts.OptimismPortal].Balance; got.Cmp(new(big.Int).Add(before, big.NewInt(5))) != 0 ||
		c.Rollup.Genesis.L1.Hash != l1.ToBlock().Hash() || shared.Rollup.Genesis.L1.Hash == c.Rollup.Genesis.L1.Hash {
		t.Fatalf("portal balance %s (was %s) or rollup config's L1 anchor not updated", got, before)
	}
	live := c
	live.L1 = nil
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{"taken predeploy", c.SetPredeploy(free, code, nil), "is taken"},
		{"OP's predeploy", c.SetPredeploy(common.HexToAddress("0x4200000000000000000000000000000000000015"), code, nil), "is taken"},
		{"outside the namespace", c.SetPredeploy(common.HexToAddress("0x1234"), code, nil), "outside OP's predeploy namespace"},
		{"proxy slot", c.SetPredeploy(common.HexToAddress("0x42000000000000000000000000000000000000a3"), code,
			map[common.Hash]common.Hash{genesis.AdminSlot: {}}), "is the proxy's"},
		{"implementation slot", c.SetPredeploy(common.HexToAddress("0x42000000000000000000000000000000000000a3"), code,
			map[common.Hash]common.Hash{genesis.ImplementationSlot: {31: 1}}), "is the proxy's"},
		{"no code", c.SetPredeploy(common.HexToAddress("0x42000000000000000000000000000000000000a4"), nil, nil), "no code"},
		{"negative backing", c.BackL2Funds(big.NewInt(-1)), "negative"},
		{"backing without a dev L1", live.BackL2Funds(big.NewInt(1)), "no dev L1 genesis"},
		{"unbacked balance on a live L1", live.AddAccounts(types.GenesisAlloc{common.HexToAddress("0x5e13"): {Balance: big.NewInt(1)}}), "nothing backs"},
		{"existing account", c.AddAccounts(types.GenesisAlloc{user: {Balance: big.NewInt(2)}}), "already in the L2 genesis"},
		{"predeploy namespace", c.AddAccounts(types.GenesisAlloc{common.HexToAddress("0x42000000000000000000000000000000000007ff"): {}}), "OP namespace"},
		{"code namespace", c.AddAccounts(types.GenesisAlloc{implementationOf(common.HexToAddress("0x42000000000000000000000000000000000000b0")): {}}), "OP namespace"},
	} {
		if tc.err == nil || !strings.Contains(tc.err.Error(), tc.want) {
			t.Errorf("%s: %v, want an error saying %q", tc.name, tc.err, tc.want)
		}
	}
}
