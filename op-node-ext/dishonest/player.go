package dishonest

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"math/big"
	"time"

	"github.com/ethereum-optimism/optimism/op-challenger/game/fault"
	"github.com/ethereum-optimism/optimism/op-challenger/game/fault/contracts"
	"github.com/ethereum-optimism/optimism/op-challenger/game/fault/preimages"
	"github.com/ethereum-optimism/optimism/op-challenger/game/fault/responder"
	"github.com/ethereum-optimism/optimism/op-challenger/game/fault/trace/cannon"
	"github.com/ethereum-optimism/optimism/op-challenger/game/fault/trace/outputs"
	"github.com/ethereum-optimism/optimism/op-challenger/game/fault/trace/utils"
	"github.com/ethereum-optimism/optimism/op-challenger/game/fault/trace/vm"
	"github.com/ethereum-optimism/optimism/op-challenger/game/fault/types"
	chmetrics "github.com/ethereum-optimism/optimism/op-challenger/metrics"
	"github.com/ethereum-optimism/optimism/op-challenger/sender"
	"github.com/ethereum-optimism/optimism/op-e2e/e2eutils/setuputils"
	preimage "github.com/ethereum-optimism/optimism/op-preimage"
	"github.com/ethereum-optimism/optimism/op-service/clock"
	"github.com/ethereum-optimism/optimism/op-service/dial"
	"github.com/ethereum-optimism/optimism/op-service/endpoint"
	"github.com/ethereum-optimism/optimism/op-service/eth"
	"github.com/ethereum-optimism/optimism/op-service/sources"
	"github.com/ethereum-optimism/optimism/op-service/sources/batching"
	"github.com/ethereum-optimism/optimism/op-service/txmgr"
	txmetrics "github.com/ethereum-optimism/optimism/op-service/txmgr/metrics"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/log"
)

// PlayerConfig is one dishonest player in one output game.
type PlayerConfig struct {
	L1       string            // L1 JSON-RPC
	Key      *ecdsa.PrivateKey // the player's L1 account (bonds)
	Game     common.Address
	Rollup   string    // an honest rollup RPC (op-node)
	L2       string    // an honest L2 node (hash-scheme state, debug namespace: its IPC)
	Cannon   vm.Config // as op-challenger's (VmBin, Server, configs)
	Prestate string    // the Cannon prestate file
	Dir      string    // traces and preimages
	// LieFromBlock: the player claims wrong outputs for L2 blocks from this
	// one on and true ones before it.
	LieFromBlock uint64
	// LieAtPreimage, if set, is a preimage key (op-preimage's typed key) the
	// fault-proof program reads while executing block LieFromBlock: the
	// player's execution trace is honest up to the step that first reads it
	// and wrong from that step on, so the bisection ends on that read
	// (op-challenger must load the preimage into PreimageOracle to step). If
	// zero, the trace is wrong from step 1 on.
	LieAtPreimage common.Hash
	// MaxMoves, if positive, is how many moves the player makes before it
	// stops answering (a player that gives up and loses on time).
	MaxMoves int
	// TxMgr, if set, sends the player's transactions (players sharing a key
	// must share it: one nonce sequence); else the player makes its own.
	TxMgr txmgr.TxManager
	Log   log.Logger
}

// Player plays one output game with a trace honest up to a point and wrong
// from there on, through op-challenger's own agent (solver, responder).
type Player struct {
	agent  *fault.Agent
	liar   *liar
	txMgr  txmgr.TxManager
	l1     *ethclient.Client
	closer []func()
	moves  int
	max    int
}

// NewPlayer sets up the player for cfg.Game.
func NewPlayer(ctx context.Context, cfg PlayerConfig) (_ *Player, err error) {
	p := &Player{max: cfg.MaxMoves}
	defer func() {
		if err != nil {
			p.Close()
		}
	}()
	lg := cfg.Log
	if lg == nil {
		lg = log.Root()
	}
	if p.l1, err = ethclient.DialContext(ctx, cfg.L1); err != nil {
		return nil, fmt.Errorf("dishonest player: L1: %w", err)
	}
	p.closer = append(p.closer, p.l1.Close)
	caller := batching.NewMultiCaller(p.l1.Client(), batching.DefaultBatchSize)
	m := &chmetrics.NoopMetricsImpl{}
	game, err := contracts.NewFaultDisputeGameContract(ctx, m, cfg.Game, caller)
	if err != nil {
		return nil, fmt.Errorf("dishonest player: game %s: %w", cfg.Game, err)
	}
	preBlock, postBlock, err := game.GetGameRange(ctx)
	if err != nil {
		return nil, err
	}
	split, err := game.GetSplitDepth(ctx)
	if err != nil {
		return nil, err
	}
	maxDepth, err := game.GetMaxGameDepth(ctx)
	if err != nil {
		return nil, err
	}
	maxClock, err := game.GetMaxClockDuration(ctx)
	if err != nil {
		return nil, err
	}
	l1HeadHash, err := game.GetL1Head(ctx)
	if err != nil {
		return nil, err
	}
	l1Head, err := p.l1.HeaderByHash(ctx, l1HeadHash)
	if err != nil {
		return nil, fmt.Errorf("dishonest player: the game's L1 head: %w", err)
	}
	rollup, err := dial.DialRollupClientWithTimeout(ctx, lg, cfg.Rollup)
	if err != nil {
		return nil, fmt.Errorf("dishonest player: rollup RPC: %w", err)
	}
	p.closer = append(p.closer, rollup.Close)
	l2, err := ethclient.DialContext(ctx, cfg.L2)
	if err != nil {
		return nil, fmt.Errorf("dishonest player: L2: %w", err)
	}
	p.closer = append(p.closer, l2.Close)
	head := eth.BlockID{Hash: l1HeadHash, Number: l1Head.Number.Uint64()}
	honest, err := outputs.NewOutputCannonTraceAccessor(lg, m, cfg.Cannon, vm.NewOpProgramServerExecutor(lg), l2,
		outputs.NewPrestateProvider(rollup, preBlock), cfg.Prestate, rollup, cfg.Dir, head, split, preBlock, postBlock)
	if err != nil {
		return nil, err
	}
	lieStep := uint64(1)
	if cfg.LieAtPreimage != (common.Hash{}) {
		if lieStep, err = findRead(ctx, cfg, lg, rollup, l2, l1HeadHash, maxDepth-split-1); err != nil {
			return nil, err
		}
		lg.Warn("Dishonest player: the execution trace lies from the step reading the preimage on", "step", lieStep, "key", cfg.LieAtPreimage)
	}
	p.liar = &liar{honest: honest, rollup: rollup, split: split, maxDepth: maxDepth, preBlock: preBlock, postBlock: postBlock,
		lieBlock: cfg.LieFromBlock, lieStep: lieStep}

	if p.txMgr = cfg.TxMgr; p.txMgr == nil {
		if p.txMgr, err = NewTxMgr(cfg.L1, cfg.Key, lg); err != nil {
			return nil, err
		}
		p.closer = append(p.closer, p.txMgr.Close)
	}
	txs := sender.NewTxSender(ctx, lg, p.txMgr, 10)
	oracle, err := game.GetOracle(ctx)
	if err != nil {
		return nil, err
	}
	minLarge, err := oracle.MinLargePreimageSize(ctx)
	if err != nil {
		return nil, err
	}
	up := preimages.NewSplitPreimageUploader(preimages.NewDirectPreimageUploader(lg, txs, game),
		preimages.NewLargePreimageUploader(lg, clock.SystemClock, txs, oracle), minLarge)
	resp, err := responder.NewFaultResponder(lg, txs, game, up, oracle)
	if err != nil {
		return nil, err
	}
	counting := &countingResponder{FaultResponder: resp, p: p}
	p.agent = fault.NewAgent(m, clock.SystemClock, clock.SystemClock, game, maxDepth, maxClock, p.liar, counting, lg, false, nil, 0, 0)
	return p, nil
}

// NewTxMgr is a transaction manager for a player's key on L1.
func NewTxMgr(l1 string, key *ecdsa.PrivateKey, lg log.Logger) (txmgr.TxManager, error) {
	return txmgr.NewSimpleTxManager("dishonest-player", lg, &txmetrics.NoopTxMetrics{}, setuputils.NewTxMgrConfig(endpoint.URL(l1), key))
}

// findRead runs the fault-proof program for the disputed block (the first
// lying one) until it first reads the preimage, and returns that step.
func findRead(ctx context.Context, cfg PlayerConfig, lg log.Logger, rollup *sources.RollupClient, l2 *ethclient.Client, l1Head common.Hash, execDepth types.Depth) (uint64, error) {
	if cfg.LieFromBlock == 0 {
		return 0, errors.New("dishonest player: a preimage to lie at needs the block it is read in (LieFromBlock)")
	}
	agreed, err := rollup.OutputAtBlock(ctx, cfg.LieFromBlock-1)
	if err != nil {
		return 0, err
	}
	claimed, err := rollup.OutputAtBlock(ctx, cfg.LieFromBlock)
	if err != nil {
		return 0, err
	}
	in := utils.LocalGameInputs{L1Head: l1Head, L2Head: agreed.BlockRef.Hash, L2OutputRoot: common.Hash(agreed.OutputRoot),
		L2Claim: common.Hash(claimed.OutputRoot), L2SequenceNumber: new(big.Int).SetUint64(cfg.LieFromBlock)}
	t := cannon.NewTraceProviderForTest(lg, (&chmetrics.NoopMetricsImpl{}).ToTypedVmMetrics(cfg.Cannon.VmType.String()), cfg.Cannon, vm.NewOpProgramServerExecutor(lg), cfg.Prestate, in,
		cfg.Dir+"/find-read", execDepth)
	key := cfg.LieAtPreimage
	step, err := t.FindStep(ctx, 0, utils.PreimageLoad(rawKey(key), 0))
	if err != nil {
		return 0, fmt.Errorf("dishonest player: find the read of %s: %w", key, err)
	}
	return step, nil
}

// rawKey is a typed preimage key as op-preimage's Key.
type rawKey common.Hash

func (k rawKey) PreimageKey() [32]byte { return k }

var _ preimage.Key = rawKey{}

// Act plays one round: every move the player's trace calls for (steps it
// cannot make are skipped: its wrong states have no proof). It returns
// errStopped once MaxMoves moves were made.
func (p *Player) Act(ctx context.Context) error {
	if p.max > 0 && p.moves >= p.max {
		return ErrGaveUp
	}
	return p.agent.Act(ctx)
}

// ErrGaveUp is Act's answer once the player made its MaxMoves moves.
var ErrGaveUp = errors.New("dishonest player: gave up")

// Run acts every interval until ctx ends or the player gives up.
func (p *Player) Run(ctx context.Context, interval time.Duration) error {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if err := p.Act(ctx); errors.Is(err, ErrGaveUp) {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
}

// Moves is how many moves the player made.
func (p *Player) Moves() int { return p.moves }

// Address is the player's L1 account.
func (p *Player) Address() common.Address { return p.txMgr.From() }

// Close releases the player's connections.
func (p *Player) Close() {
	for i := len(p.closer) - 1; i >= 0; i-- {
		p.closer[i]()
	}
	p.closer = nil
}

// countingResponder counts the player's moves and stops it at MaxMoves.
type countingResponder struct {
	*responder.FaultResponder
	p *Player
}

func (c *countingResponder) PerformAction(ctx context.Context, a types.Action) error {
	if a.Type == types.ActionTypeStep {
		return nil // its lies have no step proof
	}
	if a.Type == types.ActionTypeMove && c.p.max > 0 && c.p.moves >= c.p.max {
		return nil
	}
	err := c.FaultResponder.PerformAction(ctx, a)
	if err == nil && a.Type == types.ActionTypeMove {
		c.p.moves++
	}
	return err
}

// liar is a trace accessor that answers the honest trace's values except
// for output roots of blocks from lieBlock on and VM states from execution
// trace index lieStep on.
type liar struct {
	honest              types.TraceAccessor
	rollup              outputs.OutputRollupClient
	split, maxDepth     types.Depth
	preBlock, postBlock uint64
	lieBlock, lieStep   uint64
}

func (l *liar) lies(pos types.Position) (bool, error) {
	if pos.Depth() <= l.split {
		return min(l.preBlock+pos.TraceIndex(l.split).Uint64()+1, l.postBlock) >= l.lieBlock, nil
	}
	rel, err := pos.RelativeToAncestorAtDepth(l.split + 1)
	if err != nil {
		return false, err
	}
	return rel.TraceIndex(l.maxDepth-l.split-1).Uint64() >= l.lieStep, nil
}

// Get is the honest value, or a wrong one where the player lies. A wrong
// VM state flips the verdict of a finished one (valid and invalid), so that
// the execution game's root claim is the one the contract expects of a
// player who believes its output.
func (l *liar) Get(ctx context.Context, game types.Game, ref types.Claim, pos types.Position) (common.Hash, error) {
	v, err := l.honest.Get(ctx, game, ref, pos)
	if err != nil {
		return v, err
	}
	lie, err := l.lies(pos)
	if err != nil || !lie {
		return v, err
	}
	if pos.Depth() <= l.split {
		// The dishonest proposer's output (FalseOutput) for the block.
		block := min(l.preBlock+pos.TraceIndex(l.split).Uint64()+1, l.postBlock)
		o, err := l.rollup.OutputAtBlock(ctx, block)
		if err != nil {
			return v, err
		}
		return common.Hash(eth.OutputRoot(FalseOutput(&eth.OutputV0{StateRoot: eth.Bytes32(o.StateRoot),
			MessagePasserStorageRoot: eth.Bytes32(o.WithdrawalStorageRoot), BlockHash: o.BlockRef.Hash}))), nil
	}
	w := crypto.Keccak256Hash([]byte("aievm dishonest state"), v[:])
	switch v[0] {
	case 0: // valid -> invalid
		w[0] = 1
	case 1, 2: // invalid or panic -> valid
		w[0] = 0
	default:
		w[0] = v[0]
	}
	return w, nil
}

// GetStepData has no proof for a wrong state; below lieStep it is honest.
func (l *liar) GetStepData(ctx context.Context, game types.Game, ref types.Claim, pos types.Position) ([]byte, []byte, *types.PreimageOracleData, error) {
	if lie, err := l.lies(pos); err != nil || lie {
		return nil, nil, nil, fmt.Errorf("dishonest player: no step proof for a wrong state at %v", pos)
	}
	return l.honest.GetStepData(ctx, game, ref, pos)
}

func (l *liar) GetL2BlockNumberChallenge(ctx context.Context, game types.Game) (*types.InvalidL2BlockNumberChallenge, error) {
	return nil, types.ErrL2BlockNumberValid
}

var _ types.TraceAccessor = (*liar)(nil)
