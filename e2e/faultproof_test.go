package e2e

import (
	"context"
	"fmt"
	"math/big"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/ethereum-optimism/optimism/op-challenger/game/fault/contracts"
	"github.com/ethereum-optimism/optimism/op-challenger/game/fault/contracts/metrics"
	faultTypes "github.com/ethereum-optimism/optimism/op-challenger/game/fault/types"
	gameTypes "github.com/ethereum-optimism/optimism/op-challenger/game/types"
	bindingspreview "github.com/ethereum-optimism/optimism/op-node/bindings/preview"
	"github.com/ethereum-optimism/optimism/op-node/withdrawals"
	preimage "github.com/ethereum-optimism/optimism/op-preimage"
	"github.com/ethereum-optimism/optimism/op-service/sources/batching"
	"github.com/ethereum-optimism/optimism/op-service/sources/batching/rpcblock"
	"github.com/ethereum/go-ethereum/accounts/abi/bind"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/ethclient/gethclient"
	"github.com/ethereum/go-ethereum/log"

	"github.com/aievm/aievm/contracts/bindings"
	"github.com/aievm/aievm/geth-fork/precompile"
	"github.com/aievm/aievm/internal/ethtx"
	"github.com/aievm/aievm/model-da/onchain"
	"github.com/aievm/aievm/op-node-ext/chain"
	"github.com/aievm/aievm/op-node-ext/devnet"
	"github.com/aievm/aievm/op-node-ext/dishonest"
	"github.com/aievm/aievm/op-node-ext/opdeploy"
	"github.com/aievm/aievm/op-node-ext/withdraw"
	"github.com/aievm/aievm/opml/examples"
	irisexample "github.com/aievm/aievm/opml/examples/iris"
	"github.com/aievm/aievm/opml/model"
)

// TestFaultProof plays OP's fault proof over blocks that call a model. A
// dishonest proposer (the devnet's dishonest_proposer) posts a wrong output
// root for the blocks around an iris inference and defends it with a trace
// honest up to the fault-proof program's first read of the model's Merkle
// root and wrong from there on. The standard op-challenger, running the
// AI EVM's op-program under Cannon, bisects it down to that one MIPS step,
// loads the model preimage into PreimageOracle, steps on L1 and wins; the
// proposer's bond goes to it; a withdrawal proven against the wrong root
// cannot be finalized. Then an honest root survives a dishonest challenger.
func TestFaultProof(t *testing.T) {
	if testing.Short() {
		t.Skip("devnet: not in -short")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 25*time.Minute)
	defer cancel()
	d := startDevnet(t, ctx, func(c *devnet.Config) {
		c.FaultProof.DishonestProposer = true
		c.Games = opdeploy.DevGames()
		// A devnet this test runs lives minutes: 2^10 blocks of output
		// bisection; 2^31 VM steps hold a block's trace (about 0.7e9 steps).
		// An even max depth: the leaves are the defender's (the dishonest
		// proposer's side), so op-challenger must step against one on L1.
		c.Games.MaxGameDepth, c.Games.SplitDepth = 42, 10
		// Each side traces the whole block once (about 50 s, more on a
		// loaded 2-core machine: go test runs other packages alongside).
		c.Games.MaxClockDuration, c.Games.ClockExtension = 200, 90
		// Each move of the execution bisection runs Cannon twice per side
		// from the nearest snapshot: 20M steps apart (about 2 s of VM time
		// at most, 15 MB each, ~0.7 GB for both sides) instead of the
		// default 40M halves the game's length.
		c.FaultProof.SnapshotFreq = 20_000_000
		c.Attest, c.Challenger = false, false
	})
	st := d.State()
	seq, l1 := dial(t, ctx, d.Sequencer.HTTP()), dial(t, ctx, d.L1RPC())
	iris := st.Models[0]
	caller := batching.NewMultiCaller(l1.Client(), batching.DefaultBatchSize)
	factory, err := contracts.NewDisputeGameFactoryContract(ctx, metrics.NoopContractMetrics, st.Contracts.DisputeGameFactory, caller)
	if err != nil {
		t.Fatal(err)
	}

	// A withdrawal, then an inference: the lying proposal covers both.
	w, err := withdraw.New(withdraw.Config{L1: l1, L2: seq, Portal: st.Contracts.OptimismPortal, Factory: st.Contracts.DisputeGameFactory,
		Key: d.UserKey(1), Log: log.NewLogger(log.DiscardHandler())})
	if err != nil {
		t.Fatal(err)
	}
	wr, err := w.Initiate(ctx, common.HexToAddress("0x000000000000000000000000000000000000f00d"), big.NewInt(1e17), 100_000, nil)
	if err != nil {
		t.Fatal(err)
	}
	cls := bindings.NewClassifier()
	var maddr [32]byte
	copy(maddr[:], common.FromHex(iris.Address))
	r, err := ethtx.Send(ctx, seq, d.UserKey(0), ethtx.Tx{To: &st.Demo,
		Data: cls.PackInference(maddr, common.FromHex(iris.Sample), big.NewInt(int64(iris.OutputSize)))}, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("withdrawal in L2 block %d, iris inference in L2 block %d", wr.BlockNumber, r.BlockNumber)

	// The lie about the inference block's output, and its game.
	var lie dishonest.Lie
	var game common.Address
	deadline := time.Now().Add(4 * time.Minute)
	for game == (common.Address{}) {
		for _, l := range d.Liar().Lies() {
			if l.Caller == r.BlockNumber.Uint64() && l.Block >= wr.BlockNumber.Uint64() {
				if g, err := factory.GetGameFromParameters(ctx, opdeploy.CannonGameType, l.Claimed, l.Block); err == nil && g != (common.Address{}) {
					lie, game = l, g
				}
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no game for a lie about block %d; lies %+v", r.BlockNumber, d.Liar().Lies())
		}
		time.Sleep(time.Second)
	}
	if lie.Model != common.Hash(maddr) {
		t.Fatalf("the lie names model %s, the inference called %x", lie.Model, maddr)
	}
	t.Logf("dishonest game %s: output of L2 block %d claimed %s (true %s)", game, lie.Block, lie.Claimed, lie.Honest)
	created, err := l1.BlockNumber(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if created > 64 {
		created -= 64 // the game was created a few blocks before it was found
	}
	fdg, err := contracts.NewFaultDisputeGameContract(ctx, metrics.NoopContractMetrics, game, caller)
	if err != nil {
		t.Fatal(err)
	}

	// The withdrawal proven against the wrong root (its withdrawals are the
	// true ones): accepted while the game is open.
	wh := proveAgainst(t, ctx, d, l1, seq, factory, game, lie, wr.TxHash)

	// Meanwhile an honest root under attack by a dishonest challenger that
	// gives up after two moves.
	honestDone := make(chan error, 1)
	go func() { honestDone <- honestRootSurvives(t, ctx, d, factory, caller, lie) }()

	start := time.Now()
	status := waitResolved(t, ctx, fdg, 16*time.Minute)
	claims, err := fdg.GetAllClaims(ctx, rpcblock.Latest)
	if err != nil {
		t.Fatal(err)
	}
	maxDepth, err := fdg.GetMaxGameDepth(ctx)
	if err != nil {
		t.Fatal(err)
	}
	deepest := claims[0]
	for _, c := range claims {
		if c.Depth() > deepest.Depth() {
			deepest = c
		}
	}
	t.Logf("dishonest game resolved %s after %s more, %d claims, deepest at depth %d of %d (countered by %s)",
		status, time.Since(start).Round(time.Second), len(claims), deepest.Depth(), maxDepth, deepest.CounteredBy)
	if status != gameTypes.GameStatusChallengerWon {
		t.Fatalf("the dishonest root resolved %s", status)
	}
	if deepest.Depth() != maxDepth || deepest.CounteredBy == (common.Address{}) {
		t.Fatalf("the game did not end in a step on L1: deepest claim at depth %d of %d, countered by %s", deepest.Depth(), maxDepth, deepest.CounteredBy)
	}
	// The step read the model's Merkle root: op-challenger loaded it.
	oracle, err := fdg.GetOracle(ctx)
	if err != nil {
		t.Fatal(err)
	}
	logGameGas(t, ctx, l1, game, oracle.Addr(), created)
	key := preimage.Keccak256Key(lie.Model).PreimageKey()
	if ok, err := oracle.GlobalDataExists(ctx, faultTypes.NewPreimageOracleData(key[:], nil, 0)); err != nil || !ok {
		t.Fatalf("PreimageOracle lacks the model root preimage %x: %v, %v", key, ok, err)
	}
	// The proposer's bond is not its to claim.
	credits, err := fdg.GetCredits(ctx, rpcblock.Latest, chain.Address(d.ProposerKey()))
	if err != nil || credits[0].Sign() != 0 {
		t.Fatalf("the dishonest proposer has credit %v (%v)", credits, err)
	}
	// And the withdrawal proven against the wrong root cannot be finalized.
	portal, err := bindingspreview.NewOptimismPortal2Caller(st.Contracts.OptimismPortal, l1)
	if err != nil {
		t.Fatal(err)
	}
	if err := portal.CheckWithdrawal(&bind.CallOpts{Context: ctx}, wh, chain.Address(d.UserKey(1))); err == nil {
		t.Fatal("the portal would finalize a withdrawal proven against a root the challenger won")
	} else {
		t.Logf("finalizing the withdrawal proven against the wrong root: %v", err)
	}
	if err := <-honestDone; err != nil {
		t.Fatal(err)
	}
}

// proveAgainst proves the withdrawal of l2Tx against the dishonest game:
// the output root proof carries the lie's state root and the true
// withdrawals root, which the portal accepts while the game is open.
func proveAgainst(t *testing.T, ctx context.Context, d *devnet.Devnet, l1, l2 *ethclient.Client, factory *contracts.DisputeGameFactoryContract,
	game common.Address, lie dishonest.Lie, l2Tx common.Hash) common.Hash {
	t.Helper()
	head, err := l1.HeaderByNumber(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	games, err := factory.GetAllGames(ctx, head.Hash())
	if err != nil {
		t.Fatal(err)
	}
	idx := -1
	for _, g := range games {
		if g.Proxy == game {
			idx = int(g.Index)
		}
	}
	if idx < 0 {
		t.Fatalf("game %s not in the factory", game)
	}
	header, err := l2.HeaderByNumber(ctx, new(big.Int).SetUint64(lie.Block))
	if err != nil {
		t.Fatal(err)
	}
	params, err := withdrawals.ProveWithdrawalParametersForBlock(ctx, gethclient.New(l2.Client()), l2, l2Tx, header, big.NewInt(int64(idx)))
	if err != nil {
		t.Fatal(err)
	}
	rcpt, err := l2.TransactionReceipt(ctx, l2Tx)
	if err != nil {
		t.Fatal(err)
	}
	ev, err := withdrawals.ParseMessagePassed(rcpt)
	if err != nil {
		t.Fatal(err)
	}
	wh, err := withdrawals.WithdrawalHash(ev)
	if err != nil {
		t.Fatal(err)
	}
	data := packPortal(t, "proveWithdrawalTransaction", bindingspreview.TypesWithdrawalTransaction{Nonce: ev.Nonce, Sender: ev.Sender,
		Target: ev.Target, Value: ev.Value, GasLimit: ev.GasLimit, Data: ev.Data}, big.NewInt(int64(idx)),
		bindingspreview.TypesOutputRootProof{Version: params.OutputRootProof.Version, StateRoot: lie.Output.StateRoot,
			MessagePasserStorageRoot: params.OutputRootProof.MessagePasserStorageRoot, LatestBlockhash: params.OutputRootProof.LatestBlockhash},
		params.WithdrawalProof)
	// The portal takes a proof only in a block after the game's creation.
	portal := d.State().Contracts.OptimismPortal
	for tries := 0; ; tries++ {
		_, err := ethtx.Send(ctx, l1, d.UserKey(1), ethtx.Tx{To: &portal, Data: data}, time.Minute)
		if err == nil {
			break
		}
		if tries == 15 {
			t.Fatalf("prove the withdrawal against the dishonest game: %v", err)
		}
		time.Sleep(2 * time.Second)
	}
	t.Logf("withdrawal %s proven against the dishonest game (index %d)", wh, idx)
	return wh
}

// honestRootSurvives attacks the first honest game after the lie with a
// dishonest challenger (another account) that claims wrong outputs from the
// game's block on and stops after two moves; op-challenger answers and the
// root resolves for its proposer.
func honestRootSurvives(t *testing.T, ctx context.Context, d *devnet.Devnet, factory *contracts.DisputeGameFactoryContract,
	caller *batching.MultiCaller, lie dishonest.Lie) error {
	l1, err := ethclient.DialContext(ctx, d.L1RPC())
	if err != nil {
		return err
	}
	defer l1.Close()
	lies := map[common.Hash]bool{}
	var game common.Address
	var block uint64
	for game == (common.Address{}) {
		for _, l := range d.Liar().Lies() {
			lies[l.Claimed] = true
		}
		head, err := l1.HeaderByNumber(ctx, nil)
		if err != nil {
			return err
		}
		games, err := factory.GetAllGames(ctx, head.Hash())
		if err != nil {
			return err
		}
		for _, g := range games {
			c, err := contracts.NewFaultDisputeGameContract(ctx, metrics.NoopContractMetrics, g.Proxy, caller)
			if err != nil {
				return err
			}
			meta, err := c.GetExtendedMetadata(ctx, rpcblock.Latest)
			if err != nil {
				return err
			}
			if meta.L2SequenceNum > lie.Block+8 && !lies[meta.RootClaim] && meta.Status == gameTypes.GameStatusInProgress {
				game, block = g.Proxy, meta.L2SequenceNum
				break
			}
		}
		time.Sleep(time.Second)
	}
	pre, err := d.Prestate(ctx)
	if err != nil {
		return err
	}
	cfg := d.PlayerConfig(pre.State)
	cfg.Key, cfg.Game, cfg.LieFromBlock, cfg.MaxMoves = d.UserKey(3), game, block, 2
	cfg.Dir = t.TempDir()
	cfg.Log = log.NewLogger(log.NewTerminalHandlerWithLevel(os.Stderr, log.LevelError, false))
	pl, err := dishonest.NewPlayer(ctx, cfg)
	if err != nil {
		return err
	}
	defer pl.Close()
	go pl.Run(ctx, 2*time.Second)
	c, err := contracts.NewFaultDisputeGameContract(ctx, metrics.NoopContractMetrics, game, caller)
	if err != nil {
		return err
	}
	status := waitResolved(t, ctx, c, 8*time.Minute)
	t.Logf("honest game %s (L2 block %d) attacked with %d dishonest moves: %s", game, block, pl.Moves(), status)
	if pl.Moves() == 0 || status != gameTypes.GameStatusDefenderWon {
		t.Errorf("honest root under attack: %d attacking moves, resolved %s", pl.Moves(), status)
	}
	return nil
}

// waitResolved waits for a game to resolve and returns its status.
func waitResolved(t *testing.T, ctx context.Context, g contracts.FaultDisputeGameContract, timeout time.Duration) gameTypes.GameStatus {
	deadline := time.Now().Add(timeout)
	for {
		s, err := g.GetStatus(ctx)
		if err == nil && s != gameTypes.GameStatusInProgress {
			return s
		}
		if time.Now().After(deadline) {
			t.Errorf("game %s not resolved in %s (%v)", g.Addr(), timeout, err)
			return gameTypes.GameStatusInProgress
		}
		time.Sleep(2 * time.Second)
	}
}

// testProgramAgrees calls every example model at once (one transaction per
// model, from as many accounts, so they share a block or two) and runs the
// chain's fault-proof program under Cannon over each block that holds a
// call: the program must verify the block's output, i.e. the inference
// precompile inside the big-endian MIPS64 VM, fed the models through the
// preimage oracle, computed what ai-geth computed.
func testProgramAgrees(t *testing.T, ctx context.Context, d *devnet.Devnet, seq *ethclient.Client) {
	st := d.State()
	cls := bindings.NewClassifier()
	type sent struct {
		name  string
		block uint64
		err   error
	}
	// The calls share the Classifier, whose lastOutput each rewrites: a call
	// estimated alone may, in the block, first clear a longer output another
	// call left there (a cold zeroing store per 32 bytes, refunded only after
	// the fact). Senders number the nonces of keys shared by two calls.
	senders := make([]*ethtx.Sender, 4)
	for i := range senders {
		senders[i] = ethtx.NewSender(seq, d.UserKey(i))
	}
	longest := 0
	for _, m := range st.Models {
		longest = max(longest, m.OutputSize)
	}
	clearGas := uint64(longest/32+2) * 5000
	res := make(chan sent, len(st.Models))
	for i, m := range st.Models {
		go func() {
			var addr [32]byte
			copy(addr[:], common.FromHex(m.Address))
			r, err := senders[i%len(senders)].Send(ctx, ethtx.Tx{To: &st.Demo, ExtraGas: clearGas,
				Data: cls.PackInference(addr, common.FromHex(m.Sample), big.NewInt(int64(m.OutputSize)))}, time.Minute)
			if err == nil && r.Status != 1 {
				err = fmt.Errorf("reverted")
			}
			s := sent{name: m.Name, err: err}
			if r != nil {
				s.block = r.BlockNumber.Uint64()
			}
			res <- s
		}()
	}
	blocks := map[uint64][]string{}
	for range st.Models {
		s := <-res
		if s.err != nil {
			t.Fatalf("call %s: %v", s.name, s.err)
		}
		blocks[s.block] = append(blocks[s.block], s.name)
	}
	for b, names := range blocks {
		waitSafe(t, ctx, seq, new(big.Int).SetUint64(b), 3*time.Minute)
		tr, err := d.ProveBlock(ctx, b, t.TempDir(), 0)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("L2 block %d (calls %v): the fault-proof program verified its output %s in %d MIPS steps, %s under Cannon",
			b, names, tr.Output, tr.Steps, tr.Took.Round(time.Millisecond))
	}
}

// TestFaultProofFigures measures the fault-proof program per example model
// (make bench-faultproof; AIEVM_FIGURES=1): each model published on a
// devnet and called in a block of its own, the program run under Cannon
// over that block, capped at the devnet's execution bisection (2^33 steps).
// It prints the table in fraudproof/README.md.
func TestFaultProofFigures(t *testing.T) {
	if os.Getenv("AIEVM_FIGURES") == "" {
		t.Skip("figures: AIEVM_FIGURES=1 (make bench-faultproof)")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Minute)
	defer cancel()
	d := startDevnet(t, ctx, func(c *devnet.Config) { c.Attest, c.Challenger = false, false })
	st := d.State()
	seq := dial(t, ctx, d.Sequencer.HTTP())
	g := opdeploy.DevGames()
	budget := uint64(1) << (g.MaxGameDepth - g.SplitDepth - 1)
	all, names := examples.All()
	cls := bindings.NewClassifier()
	type row struct {
		name         string
		macs, size   uint64
		block, steps uint64
		capped       bool
		took         time.Duration
	}
	var rows []row
	// An empty block's program run first: the cost of the run itself.
	h, err := seq.HeaderByNumber(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	waitSafe(t, ctx, seq, h.Number, 3*time.Minute)
	tr, err := d.ProveBlock(ctx, h.Number.Uint64(), t.TempDir(), budget)
	if err != nil {
		t.Fatal(err)
	}
	rows = append(rows, row{name: "(no call)", block: tr.Block, steps: tr.Steps, capped: tr.Capped, took: tr.Took})
	for _, name := range append([]string{"iris"}, names...) {
		var m *model.Model
		if name == "iris" {
			m, err = irisexample.Model()
		} else {
			m, err = all[name]()
		}
		if err != nil {
			t.Fatal(err)
		}
		file := m.Encode()
		p := &onchain.Publisher{Client: seq, Key: d.UserKey(0), Registry: st.Registry}
		if _, err := p.Publish(ctx, file, "bafkrei-figures-"+name); err != nil {
			t.Fatalf("publish %s: %v", name, err)
		}
		addr := m.Address()
		r, err := ethtx.Send(ctx, seq, d.UserKey(1), ethtx.Tx{To: &st.Demo,
			Data: cls.PackInference(addr, examples.SampleBytes(m, 1), big.NewInt(int64(precompile.Outputs(m))))}, time.Minute)
		if err != nil || r.Status != 1 {
			t.Fatalf("call %s: %v (status %v)", name, err, r)
		}
		waitSafe(t, ctx, seq, r.BlockNumber, 5*time.Minute)
		tr, err := d.ProveBlock(ctx, r.BlockNumber.Uint64(), t.TempDir(), budget)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		rows = append(rows, row{name, m.Cost.MACs, uint64(len(file)), tr.Block, tr.Steps, tr.Capped, tr.Took})
		t.Logf("%s: block %d, %d steps (capped %v), %s", name, tr.Block, tr.Steps, tr.Capped, tr.Took.Round(time.Second))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\n| model | MACs | file bytes | MIPS steps for the block | Cannon time |\n|---|---|---|---|---|\n")
	for _, r := range rows {
		steps := fmt.Sprintf("%d", r.steps)
		if r.capped {
			steps = fmt.Sprintf("> %d (the 2^%d budget)", r.steps, g.MaxGameDepth-g.SplitDepth-1)
		}
		fmt.Fprintf(&b, "| %s | %d | %d | %s | %s |\n", r.name, r.macs, r.size, steps, r.took.Round(100*time.Millisecond))
	}
	t.Log(b.String())
}

// logGameGas sums the L1 gas of every transaction to the game and to its
// PreimageOracle since block from: the price of defeating the wrong root.
func logGameGas(t *testing.T, ctx context.Context, l1 *ethclient.Client, game, oracle common.Address, from uint64) {
	head, err := l1.BlockNumber(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var total, dearest uint64
	txs := 0
	for n := from; n <= head; n++ {
		b, err := l1.BlockByNumber(ctx, new(big.Int).SetUint64(n))
		if err != nil {
			t.Fatal(err)
		}
		for _, tx := range b.Transactions() {
			if to := tx.To(); to == nil || (*to != game && *to != oracle) {
				continue
			}
			r, err := l1.TransactionReceipt(ctx, tx.Hash())
			if err != nil {
				t.Fatal(err)
			}
			total += r.GasUsed
			dearest = max(dearest, r.GasUsed)
			txs++
		}
	}
	t.Logf("L1 gas of the dispute (moves, preimage load, step, resolution, both sides): %d in %d transactions, the dearest %d", total, txs, dearest)
}
