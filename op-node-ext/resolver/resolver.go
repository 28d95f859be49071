// Package resolver resolves the chain's output-root dispute games once
// their clocks have run out, so withdrawals proven against them can be
// finalized, and claims the bonds back for their claimants (the proposer)
// with op-challenger's bond claimer. op-challenger resolves the games it
// plays; on a chain whose games are permissioned and unchallenged (no
// fault-proof VM runs the AI EVM yet, issue 19) nothing else would. Anyone
// may resolve a game or claim a credit for its owner: the result depends
// only on the game's state, not on who calls.
package resolver

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"time"

	"github.com/ethereum-optimism/optimism/op-challenger/game/fault/claims"
	"github.com/ethereum-optimism/optimism/op-challenger/game/fault/contracts"
	"github.com/ethereum-optimism/optimism/op-challenger/game/fault/contracts/metrics"
	gameTypes "github.com/ethereum-optimism/optimism/op-challenger/game/types"
	"github.com/ethereum-optimism/optimism/op-challenger/sender"
	"github.com/ethereum-optimism/optimism/op-service/sources/batching"
	"github.com/ethereum-optimism/optimism/op-service/sources/batching/rpcblock"
	"github.com/ethereum-optimism/optimism/op-service/txmgr"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/log"
)

// Config is a resolver.
type Config struct {
	L1       *ethclient.Client
	Factory  common.Address // DisputeGameFactory
	GameType uint32         // the games it resolves
	Tx       txmgr.TxManager
	Poll     time.Duration
	Log      log.Logger
	// Claimants get their credit (bonds) back from resolved games: the
	// game's claimCredit, once the game is final and again once
	// DelayedWETH's delay has passed.
	Claimants []common.Address
}

// Resolver resolves games of one type in one factory.
type Resolver struct {
	cfg      Config
	caller   *batching.MultiCaller
	factory  *contracts.DisputeGameFactoryContract
	open     []gameTypes.GameMetadata // the type's games not yet resolved, oldest first
	seen     uint64                   // the factory's games read so far
	maxClock uint64                   // the type's clock, seconds (0 until read)
	warned   map[common.Address]bool  // games left to op-challenger, said once
	claimer  *claims.Claimer
	owed     []gameTypes.GameMetadata // resolved games whose bonds are not all claimed
	bound    map[common.Address]contracts.FaultDisputeGameContract
	claimed  time.Time // the last claim round
}

// claimEvery is how often the resolver tries to claim bonds back, in polls:
// a bond waits out the finality delay and DelayedWETH's delay, so looking
// every poll would only load the L1 endpoint.
const claimEvery = 10

// New connects a resolver to the factory.
func New(ctx context.Context, cfg Config) (*Resolver, error) {
	caller := batching.NewMultiCaller(cfg.L1.Client(), batching.DefaultBatchSize)
	f, err := contracts.NewDisputeGameFactoryContract(ctx, metrics.NoopContractMetrics, cfg.Factory, caller)
	if err != nil {
		return nil, fmt.Errorf("resolver: factory %s: %w", cfg.Factory, err)
	}
	return &Resolver{cfg: cfg, caller: caller, factory: f, warned: map[common.Address]bool{},
		bound: map[common.Address]contracts.FaultDisputeGameContract{}}, nil
}

// game binds a game's contract once (binding reads its type and version).
func (r *Resolver) game(ctx context.Context, g gameTypes.GameMetadata) (contracts.FaultDisputeGameContract, error) {
	if c, ok := r.bound[g.Proxy]; ok {
		return c, nil
	}
	c, err := contracts.NewFaultDisputeGameContract(ctx, metrics.NoopContractMetrics, g.Proxy, r.caller)
	if err != nil {
		return nil, err
	}
	r.bound[g.Proxy] = c
	return c, nil
}

// bondContract is the claimer's view of a game.
func (r *Resolver) bondContract(g gameTypes.GameMetadata) (claims.BondContract, error) {
	return r.game(context.Background(), g)
}

// bondLog records claimed bonds in the log.
type bondLog struct{ log log.Logger }

func (b bondLog) RecordBondClaimed(amount *big.Int) { b.log.Info("Claimed a bond back", "wei", amount) }

// claim claims the claimants' credit from resolved games and forgets the
// games with nothing left to claim.
func (r *Resolver) claim(ctx context.Context) error {
	if len(r.owed) == 0 || len(r.cfg.Claimants) == 0 {
		for _, g := range r.owed {
			delete(r.bound, g.Proxy)
		}
		r.owed = nil
		return nil
	}
	if time.Since(r.claimed) < claimEvery*r.cfg.Poll {
		return nil
	}
	r.claimed = time.Now()
	if r.claimer == nil { // its sender's queue lives as long as ctx: Run's
		r.claimer = claims.NewBondClaimer(r.cfg.Log, bondLog{r.cfg.Log}, r.bondContract, sender.NewTxSender(ctx, r.cfg.Log, r.cfg.Tx, 4), false, r.cfg.Claimants...)
	}
	err := r.claimer.ClaimBonds(ctx, r.owed)
	owed := r.owed[:0]
	for _, g := range r.owed {
		game, cerr := r.game(ctx, g)
		if cerr != nil {
			owed = append(owed, g)
			continue
		}
		left := false
		for _, c := range r.cfg.Claimants {
			if credit, _, cerr := game.GetCredit(ctx, c); cerr != nil || credit.Sign() > 0 {
				left = true
			}
		}
		if left {
			owed = append(owed, g)
		} else {
			delete(r.bound, g.Proxy)
		}
	}
	r.owed = owed
	return err
}

// Run resolves games until ctx ends.
func (r *Resolver) Run(ctx context.Context) {
	t := time.NewTicker(r.cfg.Poll)
	defer t.Stop()
	for {
		if n, err := r.Step(ctx); err != nil && ctx.Err() == nil {
			r.cfg.Log.Warn("Resolving games", "err", err)
		} else if n > 0 {
			r.cfg.Log.Info("Resolved games", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Step resolves every game of the type whose clock has run out and returns
// how many it resolved. It reads each new game of the factory once and
// looks at a game again only once its clock can have run out.
func (r *Resolver) Step(ctx context.Context) (int, error) {
	head, err := r.cfg.L1.HeaderByNumber(ctx, nil)
	if err != nil {
		return 0, err
	}
	count, err := r.factory.GetGameCount(ctx, head.Hash())
	if err != nil {
		return 0, err
	}
	for ; r.seen < count; r.seen++ {
		g, err := r.factory.GetGame(ctx, r.seen, rpcblock.ByHash(head.Hash()))
		if err != nil {
			return 0, err
		}
		if g.GameType == r.cfg.GameType {
			r.open = append(r.open, g)
		}
	}
	resolved := 0
	var errs []error
	open := r.open[:0]
	for _, g := range r.open {
		if r.maxClock > 0 && head.Time < g.Timestamp+r.maxClock { // created in time order: so are the rest
			open = append(open, g)
			continue
		}
		ok, err := r.resolve(ctx, g)
		if err != nil {
			errs = append(errs, fmt.Errorf("game %d at %s: %w", g.Index, g.Proxy, err))
		}
		if ok {
			resolved++
			r.owed = append(r.owed, g)
		} else {
			open = append(open, g)
		}
	}
	r.open = open
	if err := r.claim(ctx); err != nil {
		errs = append(errs, fmt.Errorf("claim bonds: %w", err))
	}
	return resolved, errors.Join(errs...)
}

// resolve resolves one game if its clock has run out; it reports whether
// the game is resolved.
func (r *Resolver) resolve(ctx context.Context, g gameTypes.GameMetadata) (bool, error) {
	game, err := r.game(ctx, g)
	if err != nil {
		return false, err
	}
	if r.maxClock == 0 {
		d, err := game.GetMaxClockDuration(ctx)
		if err != nil {
			return false, err
		}
		r.maxClock = uint64(d / time.Second)
	}
	status, err := game.GetStatus(ctx)
	if err != nil {
		return false, err
	}
	if status != gameTypes.GameStatusInProgress {
		return true, nil
	}
	// The root claim first. A game with counter-claims needs them resolved
	// bottom-up, which is op-challenger's job (only the permissioned
	// challenger can have made them): left to it.
	if err := game.CallResolveClaim(ctx, 0); err == nil {
		tx, err := game.ResolveClaimTx(0)
		if err != nil {
			return false, err
		}
		if err := r.send(ctx, tx); err != nil {
			return false, fmt.Errorf("resolveClaim: %w", err)
		}
	}
	if _, err := game.CallResolve(ctx); err != nil {
		if n, cerr := game.GetClaimCount(ctx); cerr == nil && n > 1 && !r.warned[g.Proxy] {
			r.warned[g.Proxy] = true
			r.cfg.Log.Warn("Output game has counter-claims: left to op-challenger", "game", g.Proxy, "claims", n)
		}
		return false, nil // clock still running, or claims left to resolve
	}
	tx, err := game.ResolveTx()
	if err != nil {
		return false, err
	}
	if err := r.send(ctx, tx); err != nil {
		return false, fmt.Errorf("resolve: %w", err)
	}
	r.cfg.Log.Info("Resolved output game", "game", g.Proxy, "index", g.Index)
	return true, nil
}

// send sends a transaction and fails unless it succeeded.
func (r *Resolver) send(ctx context.Context, tx txmgr.TxCandidate) error {
	rc, err := r.cfg.Tx.Send(ctx, tx)
	if err != nil {
		return err
	}
	if rc.Status != types.ReceiptStatusSuccessful {
		return fmt.Errorf("transaction %s reverted", rc.TxHash)
	}
	return nil
}
