// Package proposer posts L2 output roots to L2OutputOracle on L1: every
// Interval L2 blocks, the output root op-node computes for the block (OP's
// version-0 output) once the block is safe, i.e. derived from L1 batches.
package proposer

import (
	"context"
	"crypto/ecdsa"
	"fmt"
	"math/big"
	"time"

	"github.com/ethereum-optimism/optimism/op-service/eth"
	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/log"

	"github.com/aievm/aievm/contracts/bindings"
	"github.com/aievm/aievm/internal/ethtx"
)

// Rollup is the part of op-node's RPC the proposer uses
// (sources.RollupClient).
type Rollup interface {
	SyncStatus(ctx context.Context) (*eth.SyncStatus, error)
	OutputAtBlock(ctx context.Context, blockNum uint64) (*eth.OutputResponse, error)
}

// Config is a proposer.
type Config struct {
	L1       *ethclient.Client
	Rollup   Rollup
	Oracle   common.Address
	Key      *ecdsa.PrivateKey
	Interval uint64        // L2 blocks between outputs
	Poll     time.Duration // how often to look for a new safe head
	// Finalized proposes only L2 blocks derived from finalized L1 blocks
	// (OP's default); otherwise safe ones (faster, for devnets).
	Finalized bool
	Log       log.Logger
}

// Proposer is a running proposer.
type Proposer struct {
	cfg    Config
	oracle *bindings.L2OutputOracle
}

// New checks the config.
func New(cfg Config) (*Proposer, error) {
	if cfg.Interval == 0 {
		return nil, fmt.Errorf("proposer: interval must be at least one L2 block")
	}
	if cfg.Poll == 0 {
		cfg.Poll = time.Second
	}
	if cfg.Log == nil {
		cfg.Log = log.Root()
	}
	return &Proposer{cfg: cfg, oracle: bindings.NewL2OutputOracle()}, nil
}

// Run proposes until ctx ends. Errors are logged and retried.
func (p *Proposer) Run(ctx context.Context) {
	t := time.NewTicker(p.cfg.Poll)
	defer t.Stop()
	for {
		if n, err := p.Step(ctx); err != nil {
			if ctx.Err() != nil {
				return
			}
			p.cfg.Log.Warn("Proposal failed", "err", err)
		} else if n > 0 {
			continue // maybe more are due
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Step proposes the next due output, if its block is safe (or finalized),
// and returns the L2 block proposed (0: none due).
func (p *Proposer) Step(ctx context.Context) (uint64, error) {
	latest, err := p.latest(ctx)
	if err != nil {
		return 0, err
	}
	next := latest + p.cfg.Interval
	st, err := p.cfg.Rollup.SyncStatus(ctx)
	if err != nil {
		return 0, fmt.Errorf("sync status: %w", err)
	}
	head := st.SafeL2
	if p.cfg.Finalized {
		head = st.FinalizedL2
	}
	if head.Number < next || head.Time >= st.HeadL1.Time {
		return 0, nil // not safe yet, or too new for the oracle's clock check
	}
	out, err := p.cfg.Rollup.OutputAtBlock(ctx, next)
	if err != nil {
		return 0, fmt.Errorf("output at %d: %w", next, err)
	}
	data := p.oracle.PackProposeL2Output(out.OutputRoot, new(big.Int).SetUint64(next))
	if _, err := ethtx.Send(ctx, p.cfg.L1, p.cfg.Key, ethtx.Tx{To: &p.cfg.Oracle, Data: data}, 2*time.Minute); err != nil {
		return 0, fmt.Errorf("propose output of L2 block %d: %w", next, err)
	}
	p.cfg.Log.Info("Proposed output", "l2block", next, "root", common.Hash(out.OutputRoot))
	return next, nil
}

func (p *Proposer) latest(ctx context.Context) (uint64, error) {
	ret, err := p.cfg.L1.CallContract(ctx, ethereum.CallMsg{To: &p.cfg.Oracle, Data: p.oracle.PackLatestBlockNumber()}, nil)
	if err != nil {
		return 0, fmt.Errorf("oracle latest block: %w", err)
	}
	n, err := p.oracle.UnpackLatestBlockNumber(ret)
	if err != nil {
		return 0, fmt.Errorf("oracle latest block: %w", err)
	}
	return n.Uint64(), nil
}
