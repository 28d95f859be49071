package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ethereum-optimism/optimism/op-challenger/game/fault/contracts"
	"github.com/ethereum-optimism/optimism/op-challenger/game/fault/contracts/metrics"
	gameTypes "github.com/ethereum-optimism/optimism/op-challenger/game/types"
	"github.com/ethereum-optimism/optimism/op-core/predeploys"
	bindingspreview "github.com/ethereum-optimism/optimism/op-node/bindings/preview"
	"github.com/ethereum-optimism/optimism/op-service/eth"
	"github.com/ethereum-optimism/optimism/op-service/sources/batching"
	"github.com/ethereum-optimism/optimism/op-service/sources/batching/rpcblock"
	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/log"

	"github.com/aievm/aievm/internal/ethtx"
	"github.com/aievm/aievm/op-node-ext/chain"
	"github.com/aievm/aievm/op-node-ext/devnet"
	"github.com/aievm/aievm/op-node-ext/opdeploy"
	"github.com/aievm/aievm/op-node-ext/withdraw"
)

// packPortal encodes a call to OptimismPortal2.
func packPortal(t *testing.T, method string, args ...any) []byte {
	t.Helper()
	a, err := bindingspreview.OptimismPortal2MetaData.GetAbi()
	if err != nil {
		t.Fatal(err)
	}
	b, err := a.Pack(method, args...)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// opArtifact reads a contract's ABI and creation code from the compiled
// contracts-bedrock (make op-contracts).
func opArtifact(t *testing.T, name string) (abi.ABI, []byte) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "build", "op-contracts", "forge-artifacts", name+".sol", name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var art struct {
		ABI      json.RawMessage `json:"abi"`
		Bytecode struct {
			Object string `json:"object"`
		} `json:"bytecode"`
	}
	if err := json.Unmarshal(b, &art); err != nil {
		t.Fatal(err)
	}
	a, err := abi.JSON(bytes.NewReader(art.ABI))
	if err != nil {
		t.Fatal(err)
	}
	return a, common.FromHex(art.Bytecode.Object)
}

func mustPack(t *testing.T, a abi.ABI, method string, args ...any) []byte {
	t.Helper()
	b, err := a.Pack(method, args...)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// waitBalance waits until c's balance of a is want.
func waitBalance(t *testing.T, ctx context.Context, c *ethclient.Client, a common.Address, want *big.Int, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		bal, err := c.BalanceAt(ctx, a, nil)
		if err == nil && bal.Cmp(want) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("balance of %s: %v (%v), want %s", a, bal, err, want)
		}
		time.Sleep(300 * time.Millisecond)
	}
}

// testBridgeERC20 bridges an L1 ERC-20 (OP's WETH98, wrapped by the user)
// to its OptimismMintableERC20 twin on L2 through L1StandardBridge.
func testBridgeERC20(t *testing.T, ctx context.Context, d *devnet.Devnet, l1, l2 *ethclient.Client) {
	st := d.State()
	user := d.UserKey(1)
	from := chain.Address(user)
	wethABI, wethBin := opArtifact(t, "WETH98")
	l1Token, err := ethtx.Deploy(ctx, l1, user, "WETH98", common.Bytes2Hex(wethBin), nil)
	if err != nil {
		t.Fatal(err)
	}
	amount := big.NewInt(3e15)
	for _, tx := range []ethtx.Tx{
		{To: &l1Token, Data: mustPack(t, wethABI, "deposit"), Value: amount},
		{To: &l1Token, Data: mustPack(t, wethABI, "approve", st.Contracts.L1StandardBridge, amount)},
	} {
		if _, err := ethtx.Send(ctx, l1, user, tx, time.Minute); err != nil {
			t.Fatal(err)
		}
	}
	factoryABI, _ := opArtifact(t, "OptimismMintableERC20Factory")
	factory := predeploys.OptimismMintableERC20FactoryAddr
	r, err := ethtx.Send(ctx, l2, user, ethtx.Tx{To: &factory,
		Data: mustPack(t, factoryABI, "createOptimismMintableERC20", l1Token, "Wrapped Ether", "WETH")}, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	var l2Token common.Address
	for _, lg := range r.Logs {
		if lg.Topics[0] == factoryABI.Events["OptimismMintableERC20Created"].ID {
			l2Token = common.BytesToAddress(lg.Topics[1].Bytes())
		}
	}
	if l2Token == (common.Address{}) {
		t.Fatal("no OptimismMintableERC20Created event")
	}
	bridgeABI, _ := opArtifact(t, "L1StandardBridge")
	if _, err := ethtx.Send(ctx, l1, user, ethtx.Tx{To: &st.Contracts.L1StandardBridge,
		Data: mustPack(t, bridgeABI, "depositERC20", l1Token, l2Token, amount, uint32(200_000), []byte{})}, time.Minute); err != nil {
		t.Fatalf("depositERC20: %v", err)
	}
	tokenABI, _ := opArtifact(t, "OptimismMintableERC20")
	deadline := time.Now().Add(2 * time.Minute)
	for {
		ret, err := l2.CallContract(ctx, ethereum.CallMsg{To: &l2Token, Data: mustPack(t, tokenABI, "balanceOf", from)}, nil)
		if err == nil && new(big.Int).SetBytes(ret).Cmp(amount) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("L2 %s balance of %s: %x (%v), want %s", l2Token, from, ret, err, amount)
		}
		time.Sleep(300 * time.Millisecond)
	}
	t.Logf("bridged %s WETH98 from L1 %s to L2 %s", amount, l1Token, l2Token)
}

// testOutputGames waits for op-proposer's first PermissionedDisputeGame,
// checks its root claim against the output the verifier computes for its
// L2 block, and waits for the resolver to resolve it for the proposer.
func testOutputGames(t *testing.T, ctx context.Context, d *devnet.Devnet, l1, ver *ethclient.Client) {
	st := d.State()
	caller := batching.NewMultiCaller(l1.Client(), batching.DefaultBatchSize)
	factory, err := contracts.NewDisputeGameFactoryContract(ctx, metrics.NoopContractMetrics, st.Contracts.DisputeGameFactory, caller)
	if err != nil {
		t.Fatal(err)
	}
	var game gameTypes.GameMetadata
	deadline := time.Now().Add(3 * time.Minute)
	for game.Proxy == (common.Address{}) {
		head, err := l1.HeaderByNumber(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		games, err := factory.GetAllGames(ctx, head.Hash())
		if err != nil {
			t.Fatal(err)
		}
		for _, g := range games {
			if g.GameType == opdeploy.CannonGameType {
				game = g
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no output game in %d games", len(games))
		}
		time.Sleep(500 * time.Millisecond)
	}
	fdg, err := contracts.NewFaultDisputeGameContract(ctx, metrics.NoopContractMetrics, game.Proxy, caller)
	if err != nil {
		t.Fatal(err)
	}
	meta, err := fdg.GetExtendedMetadata(ctx, rpcblock.Latest)
	if err != nil {
		t.Fatal(err)
	}
	h := waitBlock(t, ctx, ver, new(big.Int).SetUint64(meta.L2SequenceNum), time.Minute)
	want := eth.OutputRoot(&eth.OutputV0{StateRoot: eth.Bytes32(h.Root), MessagePasserStorageRoot: eth.Bytes32(*h.WithdrawalsHash), BlockHash: h.Hash()})
	if meta.RootClaim != common.Hash(want) {
		t.Fatalf("game %s claims %s for L2 block %d, the verifier computes %s", game.Proxy, meta.RootClaim, meta.L2SequenceNum, common.Hash(want))
	}
	deadline = time.Now().Add(2 * time.Minute)
	for {
		s, err := fdg.GetStatus(ctx)
		if err == nil && s == gameTypes.GameStatusDefenderWon {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("game %s status %v (%v), want DEFENDER_WINS", game.Proxy, s, err)
		}
		time.Sleep(500 * time.Millisecond)
	}
	// The resolver claims the proposer's bond back (op-challenger's bond
	// claimer): the game is closed and owes the proposer nothing.
	proposer := chain.Address(d.ProposerKey())
	deadline = time.Now().Add(2 * time.Minute)
	for {
		credit, _, err := fdg.GetCredit(ctx, proposer)
		closed, cerr := fdg.IsClosed(ctx)
		if err == nil && cerr == nil && closed && credit.Sign() == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("game %s: proposer's credit %v (%v), closed %v (%v): bond not claimed back", game.Proxy, credit, err, closed, cerr)
		}
		time.Sleep(500 * time.Millisecond)
	}
	t.Logf("output game %s for L2 block %d resolved for the proposer, its bond claimed back", game.Proxy, meta.L2SequenceNum)
}

// testWithdrawal sends ETH from L2 to a fresh L1 account and proves and
// finalizes it in OptimismPortal2 (withdraw package, as `aievm withdraw`).
// The dev accounts' L2 ETH is backed by ETH the devnet's L1 genesis locks
// in the portal. A withdrawal whose L1 call fails (to a contract that takes
// no ETH) is final all the same: Finalize reports it.
func testWithdrawal(t *testing.T, ctx context.Context, d *devnet.Devnet, l1, l2 *ethclient.Client) {
	st := d.State()
	to := crypto.CreateAddress(common.HexToAddress("0x000000000000000000000000000000000000dead"), uint64(time.Now().UnixNano()))
	amount := big.NewInt(5e17)
	w, err := withdraw.New(withdraw.Config{L1: l1, L2: l2, Portal: st.Contracts.OptimismPortal, Factory: st.Contracts.DisputeGameFactory,
		Key: d.UserKey(2), Poll: 500 * time.Millisecond, Log: log.NewLogger(log.DiscardHandler())})
	if err != nil {
		t.Fatal(err)
	}
	wctx, cancel := context.WithTimeout(ctx, 4*time.Minute)
	defer cancel()
	withdrawTo := func(to common.Address) (common.Hash, time.Duration, error) {
		start := time.Now()
		r, err := w.Initiate(ctx, to, amount, 100_000, nil)
		if err != nil {
			t.Fatal(err)
		}
		proven, err := w.Prove(wctx, r.TxHash)
		if err != nil {
			t.Fatal(err)
		}
		_, err = w.Finalize(wctx, proven)
		return r.TxHash, time.Since(start), err
	}
	l2Tx, took, err := withdrawTo(to)
	if err != nil {
		t.Fatal(err)
	}
	waitBalance(t, ctx, l1, to, amount, time.Minute)
	t.Logf("withdrawal of %s wei: initiated, proven and finalized in %s", amount, took.Round(time.Second))
	// Resuming a finalized withdrawal (aievm withdraw --tx) proves nothing
	// again and reports it as it went.
	again, err := w.Prove(wctx, l2Tx)
	if err != nil || !again.Finalized || again.Game != nil {
		t.Fatalf("resume of a finalized withdrawal: %+v, %v", again, err)
	}
	if r, err := w.Finalize(wctx, again); err != nil || r != nil {
		t.Fatalf("resume of a finalized withdrawal: finalize sent %v, %v", r, err)
	}
	if _, _, err := withdrawTo(st.Contracts.DisputeGameFactory); err == nil || !strings.Contains(err.Error(), "L1 call") {
		t.Fatalf("a withdrawal to a contract that refuses ETH: %v, want its failed L1 call reported", err)
	}
}
