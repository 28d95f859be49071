// Package withdraw moves ETH (or any message) from L2 to L1 the standard OP
// way: initiate it on L2 through the L2ToL1MessagePasser predeploy, prove it
// on L1 in OptimismPortal2 against an output-root dispute game that covers
// its block, and finalize it once the game has resolved and the proof has
// matured. The proof is op-node's own (withdrawals package).
package withdraw

import (
	"context"
	"crypto/ecdsa"
	"fmt"
	"math/big"
	"time"

	"github.com/ethereum-optimism/optimism/op-core/predeploys"
	"github.com/ethereum-optimism/optimism/op-node/bindings"
	bindingspreview "github.com/ethereum-optimism/optimism/op-node/bindings/preview"
	"github.com/ethereum-optimism/optimism/op-node/withdrawals"
	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi"
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

// Proven is a withdrawal proven on L1 (or already finalized).
type Proven struct {
	Tx        bindingspreview.TypesWithdrawalTransaction // the withdrawal as the portal takes it
	Hash      common.Hash                                // its hash, the portal's key for it
	Game      *big.Int                                   // the game proven against (nil: proven earlier)
	Finalized bool                                       // finalized already (by anyone)
}

// pending reads the withdrawal L2 transaction l2Tx initiated.
func (w *Withdrawer) pending(ctx context.Context, l2Tx common.Hash) (*Proven, error) {
	r, err := w.cfg.L2.TransactionReceipt(ctx, l2Tx)
	if err != nil {
		return nil, fmt.Errorf("withdrawal %s on L2: %w", l2Tx, err)
	}
	ev, err := withdrawals.ParseMessagePassed(r)
	if err != nil {
		return nil, fmt.Errorf("L2 transaction %s initiates no withdrawal: %w", l2Tx, err)
	}
	h, err := withdrawals.WithdrawalHash(ev)
	if err != nil {
		return nil, err
	}
	return &Proven{Hash: h, Tx: bindingspreview.TypesWithdrawalTransaction{Nonce: ev.Nonce, Sender: ev.Sender, Target: ev.Target,
		Value: ev.Value, GasLimit: ev.GasLimit, Data: ev.Data}}, nil
}

// state reports whether the portal has finalized the withdrawal and
// whether this withdrawer's account has proven it against a game that can
// still back it (one the challenger won cannot: the withdrawal must be
// proven again).
func (w *Withdrawer) state(ctx context.Context, hash common.Hash) (finalized, proven bool, err error) {
	opts := &bind.CallOpts{Context: ctx}
	if finalized, err = w.portal.FinalizedWithdrawals(opts, hash); err != nil || finalized {
		return finalized, false, err
	}
	p, err := w.portal.ProvenWithdrawals(opts, hash, crypto.PubkeyToAddress(w.cfg.Key.PublicKey))
	if err != nil || p.Timestamp == 0 {
		return false, false, err
	}
	ret, err := w.cfg.L1.CallContract(ctx, ethereum.CallMsg{To: &p.DisputeGameProxy, Data: statusCall}, nil)
	if err != nil || len(ret) != 32 {
		return false, false, fmt.Errorf("status of game %s: %v", p.DisputeGameProxy, err)
	}
	if ret[31] == challengerWins {
		w.cfg.Log.Warn("The game the withdrawal was proven against was won by its challenger: proving again", "game", p.DisputeGameProxy)
		return false, false, nil
	}
	return false, true, nil
}

// A dispute game's status() and the value that means its root claim lost.
var statusCall = crypto.Keccak256([]byte("status()"))[:4]

const challengerWins = 1

// finalizedLogs finds the portal's WithdrawalFinalized event for hash,
// looking back from the head a window of blocks at a time (public RPCs cap
// a query's range), at most lookBack blocks.
func (w *Withdrawer) finalizedLogs(ctx context.Context, ev common.Hash, hash common.Hash) ([]types.Log, error) {
	const window, lookBack = 5_000, 1_000_000
	head, err := w.cfg.L1.BlockNumber(ctx)
	if err != nil {
		return nil, err
	}
	for to := head; ; {
		from := uint64(0)
		if to >= window {
			from = to - window + 1
		}
		logs, err := w.cfg.L1.FilterLogs(ctx, ethereum.FilterQuery{FromBlock: new(big.Int).SetUint64(from), ToBlock: new(big.Int).SetUint64(to),
			Addresses: []common.Address{w.cfg.Portal}, Topics: [][]common.Hash{{ev}, {hash}}})
		if err != nil {
			return nil, err
		}
		if len(logs) > 0 || from == 0 || head-from >= lookBack {
			return logs, nil
		}
		to = from - 1
	}
}

// Prove waits for an output game that covers the block of L2 transaction
// l2Tx (op-proposer creates one every few blocks) and proves the
// transaction's withdrawal against it. A withdrawal this account has
// proven already is not proven again (a new proof would restart its
// maturity delay), nor one already finalized: rerunning resumes.
func (w *Withdrawer) Prove(ctx context.Context, l2Tx common.Hash) (*Proven, error) {
	p, err := w.pending(ctx, l2Tx)
	if err != nil {
		return nil, err
	}
	finalized, proven, err := w.state(ctx, p.Hash)
	if err != nil {
		return nil, fmt.Errorf("withdrawal %s: %w", p.Hash, err)
	}
	if finalized || proven {
		p.Finalized = finalized
		w.cfg.Log.Info("Withdrawal already on L1", "withdrawal", p.Hash, "proven", proven, "finalized", finalized)
		return p, nil
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
	a, err := bindingspreview.OptimismPortal2MetaData.GetAbi()
	if err != nil {
		return nil, err
	}
	call, err := a.Pack("proveWithdrawalTransaction", p.Tx, params.L2OutputIndex, bindingspreview.TypesOutputRootProof{
		Version: params.OutputRootProof.Version, StateRoot: params.OutputRootProof.StateRoot,
		MessagePasserStorageRoot: params.OutputRootProof.MessagePasserStorageRoot, LatestBlockhash: params.OutputRootProof.LatestBlockhash,
	}, params.WithdrawalProof)
	if err != nil {
		return nil, err
	}
	// The portal takes a proof only in a block after the game's creation. A
	// proof sent but not seen mined in time is not sent again if it landed.
	err = w.waitFor(ctx, "the portal to take the proof", func() error {
		if _, proven, err := w.state(ctx, p.Hash); err == nil && proven {
			return nil
		}
		_, err := ethtx.Send(ctx, w.cfg.L1, w.cfg.Key, ethtx.Tx{To: &w.cfg.Portal, Data: call}, 2*time.Minute)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("prove withdrawal: %w", err)
	}
	p.Game = params.L2OutputIndex
	w.cfg.Log.Info("Withdrawal proven on L1", "withdrawal", p.Hash, "game", p.Game)
	return p, nil
}

// Finalize waits until the portal would finalize the proven withdrawal (its
// game resolved and past the finality delay, the proof past its maturity
// delay) and finalizes it: the value reaches its L1 target. A withdrawal
// finalized already, by anyone, is reported as it went. It returns the
// finalizing transaction's receipt (nil if it was not this call's).
func (w *Withdrawer) Finalize(ctx context.Context, p *Proven) (*types.Receipt, error) {
	from := crypto.PubkeyToAddress(w.cfg.Key.PublicKey)
	err := w.waitFor(ctx, "the game to resolve and the proof to mature", func() error {
		if finalized, _, err := w.state(ctx, p.Hash); err == nil && finalized {
			p.Finalized = true
			return nil
		}
		return w.portal.CheckWithdrawal(&bind.CallOpts{Context: ctx}, p.Hash, from)
	})
	if err != nil {
		return nil, err
	}
	a, err := bindingspreview.OptimismPortal2MetaData.GetAbi()
	if err != nil {
		return nil, err
	}
	var logs []types.Log
	var r *types.Receipt
	if p.Finalized {
		logs, err = w.finalizedLogs(ctx, a.Events["WithdrawalFinalized"].ID, p.Hash)
		if err != nil {
			return nil, fmt.Errorf("withdrawal %s finalized already; its event: %w", p.Hash, err)
		}
	} else {
		call, err := a.Pack("finalizeWithdrawalTransaction", p.Tx)
		if err != nil {
			return nil, err
		}
		if r, err = ethtx.Send(ctx, w.cfg.L1, w.cfg.Key, ethtx.Tx{To: &w.cfg.Portal, Data: call}, 2*time.Minute); err != nil {
			return nil, fmt.Errorf("finalize withdrawal: %w", err)
		}
		for _, lg := range r.Logs {
			logs = append(logs, *lg)
		}
	}
	// The portal finalizes a withdrawal whose L1 call fails too (it cannot
	// be replayed): say so rather than report success.
	ok, err := finalizedOK(a, w.cfg.Portal, p.Hash, logs)
	if err != nil {
		return r, err
	}
	if !ok {
		return r, fmt.Errorf("withdrawal %s finalized, but its L1 call to %s failed: the value stays in the portal", p.Hash, p.Tx.Target)
	}
	w.cfg.Log.Info("Withdrawal finalized on L1", "withdrawal", p.Hash)
	return r, nil
}

// finalizedOK reads the success flag of the portal's WithdrawalFinalized
// event for hash among logs.
func finalizedOK(a *abi.ABI, portal common.Address, hash common.Hash, logs []types.Log) (bool, error) {
	ev := a.Events["WithdrawalFinalized"]
	for _, lg := range logs {
		if lg.Address != portal || len(lg.Topics) != 2 || lg.Topics[0] != ev.ID || lg.Topics[1] != hash {
			continue
		}
		out, err := ev.Inputs.NonIndexed().Unpack(lg.Data)
		if err != nil || len(out) != 1 {
			return false, fmt.Errorf("withdrawal %s: unreadable WithdrawalFinalized event: %v", hash, err)
		}
		ok, _ := out[0].(bool)
		return ok, nil
	}
	return false, fmt.Errorf("withdrawal %s: no WithdrawalFinalized event", hash)
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
			w.cfg.Log.Info("Waiting for "+what, "now", err)
			logged = true
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("waiting for %s: %w (last: %v)", what, ctx.Err(), err)
		case <-t.C:
		}
	}
}
