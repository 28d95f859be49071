// Package withdraw moves ETH (or any message) from L2 to L1 the standard OP
// way: initiate it on L2 through the L2ToL1MessagePasser predeploy, prove it
// on L1 in OptimismPortal2 against an output-root dispute game that covers
// its block, and finalize it once the game has resolved and the proof has
// matured. The proof is op-node's own (withdrawals package).
package withdraw

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"math/big"
	"time"

	"github.com/ethereum-optimism/optimism/op-core/predeploys"
	"github.com/ethereum-optimism/optimism/op-node/bindings"
	bindingspreview "github.com/ethereum-optimism/optimism/op-node/bindings/preview"
	"github.com/ethereum-optimism/optimism/op-node/withdrawals"
	"github.com/ethereum/go-ethereum/accounts/abi/bind"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/ethclient/gethclient"
	"github.com/ethereum/go-ethereum/log"

	"github.com/aievm/aievm/internal/ethtx"
)

// Config connects a withdrawer to both chains.
type Config struct {
	L1, L2  *ethclient.Client
	Portal  common.Address // OptimismPortal2 on L1
	Factory common.Address // DisputeGameFactory on L1
	// Key sends the withdrawal on L2 and proves and finalizes it on L1 (the
	// portal finalizes for the account that proved).
	Key  *ecdsa.PrivateKey
	Poll time.Duration // how often to look again while waiting (default 1 s)
	Log  log.Logger    // progress (nil: none)
}

// Withdrawer runs withdrawals.
type Withdrawer struct {
	cfg     Config
	portal  *bindingspreview.OptimismPortal2Caller
	factory *bindings.DisputeGameFactoryCaller
}

// New returns a withdrawer.
func New(cfg Config) (*Withdrawer, error) {
	if cfg.Poll <= 0 {
		cfg.Poll = time.Second
	}
	if cfg.Log == nil {
		cfg.Log = log.NewLogger(log.DiscardHandler())
	}
	p, err := bindingspreview.NewOptimismPortal2Caller(cfg.Portal, cfg.L1)
	if err != nil {
		return nil, err
	}
	f, err := bindings.NewDisputeGameFactoryCaller(cfg.Factory, cfg.L1)
	if err != nil {
		return nil, err
	}
	return &Withdrawer{cfg: cfg, portal: p, factory: f}, nil
}

// Initiate sends value to `to` on L1 through the L2ToL1MessagePasser, with
// gasLimit for the L1 call and data as its calldata. It returns the L2
// receipt.
func (w *Withdrawer) Initiate(ctx context.Context, to common.Address, value *big.Int, gasLimit uint64, data []byte) (*types.Receipt, error) {
	a, err := bindings.L2ToL1MessagePasserMetaData.GetAbi()
	if err != nil {
		return nil, err
	}
	call, err := a.Pack("initiateWithdrawal", to, new(big.Int).SetUint64(gasLimit), data)
	if err != nil {
		return nil, err
	}
	passer := predeploys.L2ToL1MessagePasserAddr
	r, err := ethtx.Send(ctx, w.cfg.L2, w.cfg.Key, ethtx.Tx{To: &passer, Data: call, Value: value}, 2*time.Minute)
	if err != nil {
		return nil, fmt.Errorf("initiate withdrawal: %w", err)
	}
	w.cfg.Log.Info("Withdrawal initiated on L2", "tx", r.TxHash, "block", r.BlockNumber)
	return r, nil
}

// Proven is a withdrawal proven on L1.
type Proven struct {
	Params withdrawals.ProvenWithdrawalParameters
	Hash   common.Hash // the withdrawal's hash, the portal's key for it
}

// Prove waits for an output game that covers the block of L2 transaction
// l2Tx (op-proposer creates one every few blocks) and proves the
// transaction's withdrawal against it.
func (w *Withdrawer) Prove(ctx context.Context, l2Tx common.Hash) (*Proven, error) {
	r, err := w.cfg.L2.TransactionReceipt(ctx, l2Tx)
	if err != nil {
		return nil, fmt.Errorf("withdrawal %s on L2: %w", l2Tx, err)
	}
	if _, err := withdrawals.ParseMessagePassed(r); err != nil {
		return nil, fmt.Errorf("L2 transaction %s initiates no withdrawal: %w", l2Tx, err)
	}
	var params withdrawals.ProvenWithdrawalParameters
	err = w.waitFor(ctx, "an output game covering the withdrawal", func() error {
		var err error
		params, err = withdrawals.ProveWithdrawalParametersFaultProofs(ctx, gethclient.New(w.cfg.L2.Client()), w.cfg.L2, w.cfg.L2,
			l2Tx, w.factory, w.portal)
		return err
	})
	if err != nil {
		return nil, err
	}
	wtx := withdrawalTx(params)
	a, err := bindingspreview.OptimismPortal2MetaData.GetAbi()
	if err != nil {
		return nil, err
	}
	call, err := a.Pack("proveWithdrawalTransaction", wtx, params.L2OutputIndex, bindingspreview.TypesOutputRootProof{
		Version: params.OutputRootProof.Version, StateRoot: params.OutputRootProof.StateRoot,
		MessagePasserStorageRoot: params.OutputRootProof.MessagePasserStorageRoot, LatestBlockhash: params.OutputRootProof.LatestBlockhash,
	}, params.WithdrawalProof)
	if err != nil {
		return nil, err
	}
	// The portal takes a proof only in a block after the game's creation.
	err = w.waitFor(ctx, "the portal to take the proof", func() error {
		_, err := ethtx.Send(ctx, w.cfg.L1, w.cfg.Key, ethtx.Tx{To: &w.cfg.Portal, Data: call}, 2*time.Minute)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("prove withdrawal: %w", err)
	}
	h, err := hashOf(params)
	if err != nil {
		return nil, err
	}
	w.cfg.Log.Info("Withdrawal proven on L1", "withdrawal", h, "game", params.L2OutputIndex)
	return &Proven{Params: params, Hash: h}, nil
}

// Finalize waits until the portal would finalize the proven withdrawal (its
// game resolved and past the finality delay, the proof past its maturity
// delay) and finalizes it: the value reaches its L1 target.
func (w *Withdrawer) Finalize(ctx context.Context, p *Proven) (*types.Receipt, error) {
	from := crypto.PubkeyToAddress(w.cfg.Key.PublicKey)
	err := w.waitFor(ctx, "the game to resolve and the proof to mature", func() error {
		return w.portal.CheckWithdrawal(&bind.CallOpts{Context: ctx}, p.Hash, from)
	})
	if err != nil {
		return nil, err
	}
	a, err := bindingspreview.OptimismPortal2MetaData.GetAbi()
	if err != nil {
		return nil, err
	}
	call, err := a.Pack("finalizeWithdrawalTransaction", withdrawalTx(p.Params))
	if err != nil {
		return nil, err
	}
	r, err := ethtx.Send(ctx, w.cfg.L1, w.cfg.Key, ethtx.Tx{To: &w.cfg.Portal, Data: call}, 2*time.Minute)
	if err != nil {
		return nil, fmt.Errorf("finalize withdrawal: %w", err)
	}
	// The portal finalizes a withdrawal whose L1 call fails too (it cannot
	// be replayed): say so rather than report success.
	ev := a.Events["WithdrawalFinalized"]
	for _, lg := range r.Logs {
		if lg.Address == w.cfg.Portal && len(lg.Topics) == 2 && lg.Topics[0] == ev.ID && lg.Topics[1] == p.Hash {
			out, err := ev.Inputs.NonIndexed().Unpack(lg.Data)
			if err != nil || len(out) != 1 {
				return r, fmt.Errorf("finalize withdrawal %s: unreadable WithdrawalFinalized event: %v", p.Hash, err)
			}
			if ok, _ := out[0].(bool); !ok {
				return r, fmt.Errorf("withdrawal %s finalized, but its L1 call to %s failed (tx %s): the value stays in the portal", p.Hash, p.Params.Target, r.TxHash)
			}
			w.cfg.Log.Info("Withdrawal finalized on L1", "withdrawal", p.Hash, "tx", r.TxHash)
			return r, nil
		}
	}
	return r, fmt.Errorf("finalize withdrawal %s: no WithdrawalFinalized event in tx %s", p.Hash, r.TxHash)
}

// waitFor retries f every Poll until it succeeds or ctx ends; the error
// then says what was awaited and f's last error.
func (w *Withdrawer) waitFor(ctx context.Context, what string, f func() error) error {
	t := time.NewTicker(w.cfg.Poll)
	defer t.Stop()
	logged := false
	for {
		err := f()
		if err == nil {
			return nil
		}
		if !logged {
			w.cfg.Log.Info("Waiting for " + what)
			logged = true
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("waiting for %s: %w (last: %v)", what, ctx.Err(), err)
		case <-t.C:
		}
	}
}

func withdrawalTx(p withdrawals.ProvenWithdrawalParameters) bindingspreview.TypesWithdrawalTransaction {
	return bindingspreview.TypesWithdrawalTransaction{Nonce: p.Nonce, Sender: p.Sender, Target: p.Target, Value: p.Value,
		GasLimit: p.GasLimit, Data: p.Data}
}

// hashOf is the withdrawal's hash as the portal computes it.
func hashOf(p withdrawals.ProvenWithdrawalParameters) (common.Hash, error) {
	if p.Nonce == nil || p.Value == nil || p.GasLimit == nil {
		return common.Hash{}, errors.New("withdrawal parameters incomplete")
	}
	return withdrawals.WithdrawalHash(&bindings.L2ToL1MessagePasserMessagePassed{Nonce: p.Nonce, Sender: p.Sender, Target: p.Target,
		Value: p.Value, GasLimit: p.GasLimit, Data: p.Data})
}
