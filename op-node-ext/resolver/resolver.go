// Package resolver resolves the chain's output-root dispute games once
// their clocks have run out, so withdrawals proven against them can be
// finalized. op-challenger resolves the games it plays; on a chain whose
// games are permissioned and unchallenged (no fault-proof VM runs the AI
// EVM yet, issue 19) nothing else would. Anyone may resolve a game: the
// result depends only on the game's state, not on who calls.
package resolver

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/ethereum-optimism/optimism/op-challenger/game/fault/contracts"
	"github.com/ethereum-optimism/optimism/op-challenger/game/fault/contracts/metrics"
	gameTypes "github.com/ethereum-optimism/optimism/op-challenger/game/types"
	"github.com/ethereum-optimism/optimism/op-service/sources/batching"
	"github.com/ethereum-optimism/optimism/op-service/sources/batching/rpcblock"
	"github.com/ethereum-optimism/optimism/op-service/txmgr"
	"github.com/ethereum/go-ethereum/common"
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
}

// Resolver resolves games of one type in one factory.
type Resolver struct {
	cfg     Config
	caller  *batching.MultiCaller
	factory *contracts.DisputeGameFactoryContract
	done    map[common.Address]bool // resolved games
	from    uint64                  // games before this index are all resolved
}

// New connects a resolver to the factory.
func New(ctx context.Context, cfg Config) (*Resolver, error) {
	caller := batching.NewMultiCaller(cfg.L1.Client(), batching.DefaultBatchSize)
	f, err := contracts.NewDisputeGameFactoryContract(ctx, metrics.NoopContractMetrics, cfg.Factory, caller)
	if err != nil {
		return nil, fmt.Errorf("resolver: factory %s: %w", cfg.Factory, err)
	}
	return &Resolver{cfg: cfg, caller: caller, factory: f, done: map[common.Address]bool{}}, nil
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
// how many it resolved.
func (r *Resolver) Step(ctx context.Context) (int, error) {
	head, err := r.cfg.L1.HeaderByNumber(ctx, nil)
	if err != nil {
		return 0, err
	}
	count, err := r.factory.GetGameCount(ctx, head.Hash())
	if err != nil {
		return 0, err
	}
	resolved := 0
	var errs []error
	allDone := true
	for i := r.from; i < count; i++ {
		g, err := r.factory.GetGame(ctx, i, rpcblock.ByHash(head.Hash()))
		if err != nil {
			return resolved, err
		}
		if g.GameType != r.cfg.GameType || r.done[g.Proxy] {
			if allDone {
				r.from = i + 1
			}
			continue
		}
		ok, err := r.resolve(ctx, g)
		if err != nil {
			errs = append(errs, fmt.Errorf("game %d at %s: %w", i, g.Proxy, err))
		}
		if ok {
			r.done[g.Proxy] = true
			resolved++
			if allDone {
				r.from = i + 1
			}
		} else {
			allDone = false
		}
	}
	return resolved, errors.Join(errs...)
}

// resolve resolves one game if its clock has run out; it reports whether
// the game is resolved.
func (r *Resolver) resolve(ctx context.Context, g gameTypes.GameMetadata) (bool, error) {
	game, err := contracts.NewFaultDisputeGameContract(ctx, metrics.NoopContractMetrics, g.Proxy, r.caller)
	if err != nil {
		return false, err
	}
	status, err := game.GetStatus(ctx)
	if err != nil {
		return false, err
	}
	if status != gameTypes.GameStatusInProgress {
		return true, nil
	}
	// The root claim first (a game with counter-claims would need them
	// resolved bottom-up: op-challenger's job, and no one but the
	// permissioned challenger can make them).
	if err := game.CallResolveClaim(ctx, 0); err == nil {
		tx, err := game.ResolveClaimTx(0)
		if err != nil {
			return false, err
		}
		if _, err := r.cfg.Tx.Send(ctx, tx); err != nil {
			return false, fmt.Errorf("resolveClaim: %w", err)
		}
	}
	if _, err := game.CallResolve(ctx); err != nil {
		return false, nil // clock still running, or claims left to resolve
	}
	tx, err := game.ResolveTx()
	if err != nil {
		return false, err
	}
	if _, err := r.cfg.Tx.Send(ctx, tx); err != nil {
		return false, fmt.Errorf("resolve: %w", err)
	}
	r.cfg.Log.Info("Resolved output game", "game", g.Proxy, "index", g.Index)
	return true, nil
}
