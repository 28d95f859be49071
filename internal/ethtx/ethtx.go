// Package ethtx sends a signed EIP-1559 transaction the way a wallet does
// (chain id, nonce, fee and gas estimates from the node) and waits for its
// receipt, for deployments and one-shot commands (the devnet, the CLI);
// daemons that send for long (the opML challenger and proposer, the
// attestation node) use internal/l1tx (op-service's txmgr) instead.
package ethtx

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
)

// Client is what Send needs of a node: *ethclient.Client, or the simulated
// backend's client in tests.
type Client interface {
	ethereum.ChainIDReader
	ethereum.PendingStateReader
	ethereum.GasPricer1559
	ethereum.ChainReader
	ethereum.GasEstimator
	ethereum.TransactionSender
	ethereum.TransactionReader
}

// Tx is what to send. To nil creates a contract from Data.
type Tx struct {
	To    *common.Address
	Data  []byte
	Value *big.Int
	Gas   uint64 // 0: estimate, plus a margin
	// ExtraGas is added to an estimate: work the estimate cannot see, like
	// a storage write that depends on the including block's time.
	ExtraGas uint64
	// Nonce, if set, replaces the node's pending nonce (Sender numbers its
	// transactions itself).
	Nonce *uint64
}

// ErrReverted is returned, wrapped, for a mined transaction that failed.
var ErrReverted = errors.New("transaction reverted")

// Send signs tx with key, sends it and waits up to timeout for its receipt.
// A reverted transaction returns its receipt and ErrReverted.
func Send(ctx context.Context, c Client, key *ecdsa.PrivateKey, tx Tx, timeout time.Duration) (*types.Receipt, error) {
	signed, err := Sign(ctx, c, key, tx)
	if err != nil {
		return nil, err
	}
	if err := c.SendTransaction(ctx, signed); err != nil {
		return nil, fmt.Errorf("send transaction: %w", err)
	}
	r, err := Wait(ctx, c, signed.Hash(), timeout)
	return r, withReason(ctx, c, key, tx, r, err)
}

// withReason adds the revert reason to a reverted transaction's error,
// replaying it as a call on the state before its block (where c can call).
func withReason(ctx context.Context, c Client, key *ecdsa.PrivateKey, tx Tx, r *types.Receipt, err error) error {
	cc, ok := c.(ethereum.ContractCaller)
	if !errors.Is(err, ErrReverted) || r == nil || !ok || r.BlockNumber == nil || r.BlockNumber.Sign() == 0 {
		return err
	}
	_, cerr := cc.CallContract(ctx, ethereum.CallMsg{From: crypto.PubkeyToAddress(key.PublicKey), To: tx.To, Data: tx.Data,
		Value: tx.Value, Gas: r.GasUsed + 1}, new(big.Int).Sub(r.BlockNumber, big.NewInt(1)))
	if cerr == nil {
		return err
	}
	return fmt.Errorf("%w (%v)", err, cerr)
}

// Deploy creates a contract from its creation code bin (hex) followed by
// the packed constructor args, and returns its address.
func Deploy(ctx context.Context, c Client, key *ecdsa.PrivateKey, name, bin string, args []byte) (common.Address, error) {
	data := append(common.FromHex(bin), args...)
	r, err := Send(ctx, c, key, Tx{Data: data}, 2*time.Minute)
	if err != nil {
		return common.Address{}, fmt.Errorf("deploy %s: %w", name, err)
	}
	return r.ContractAddress, nil
}

// Sender sends transactions from one key for many goroutines at once: it
// numbers them itself, so that a transaction sent before the node's pool has
// promoted the previous one does not reuse its nonce, and the goroutines wait
// for their receipts in parallel.
type Sender struct {
	c   Client
	key *ecdsa.PrivateKey

	mu   sync.Mutex
	next uint64 // the nonce after the last one sent
}

// NewSender returns a Sender of key's transactions through c.
func NewSender(c Client, key *ecdsa.PrivateKey) *Sender { return &Sender{c: c, key: key} }

// Send signs and sends tx with the next nonce and waits up to timeout for
// its receipt, as the function Send does.
func (s *Sender) Send(ctx context.Context, tx Tx, timeout time.Duration) (*types.Receipt, error) {
	s.mu.Lock()
	n, err := s.c.PendingNonceAt(ctx, crypto.PubkeyToAddress(s.key.PublicKey))
	if err != nil {
		s.mu.Unlock()
		return nil, fmt.Errorf("nonce: %w", err)
	}
	n = max(n, s.next)
	tx.Nonce = &n
	signed, err := Sign(ctx, s.c, s.key, tx)
	if err == nil {
		err = s.c.SendTransaction(ctx, signed)
	}
	if err != nil {
		s.mu.Unlock()
		return nil, fmt.Errorf("send transaction: %w", err)
	}
	s.next = n + 1
	s.mu.Unlock()
	r, err := Wait(ctx, s.c, signed.Hash(), timeout)
	return r, withReason(ctx, s.c, s.key, tx, r, err)
}

// Sign fills in chain id, nonce, fees and gas from the node and signs tx.
func Sign(ctx context.Context, c Client, key *ecdsa.PrivateKey, tx Tx) (*types.Transaction, error) {
	from := crypto.PubkeyToAddress(key.PublicKey)
	chainID, err := c.ChainID(ctx)
	if err != nil {
		return nil, fmt.Errorf("chain id: %w", err)
	}
	var nonce uint64
	if tx.Nonce != nil {
		nonce = *tx.Nonce
	} else if nonce, err = c.PendingNonceAt(ctx, from); err != nil {
		return nil, fmt.Errorf("nonce of %s: %w", from, err)
	}
	tip, err := c.SuggestGasTipCap(ctx)
	if err != nil {
		return nil, fmt.Errorf("gas tip: %w", err)
	}
	head, err := c.HeaderByNumber(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("head: %w", err)
	}
	feeCap := new(big.Int).Add(tip, new(big.Int).Mul(head.BaseFee, big.NewInt(2)))
	value := tx.Value
	if value == nil {
		value = new(big.Int)
	}
	gas := tx.Gas
	if gas == 0 {
		est, err := c.EstimateGas(ctx, ethereum.CallMsg{From: from, To: tx.To, Data: tx.Data, Value: value})
		if err != nil {
			return nil, fmt.Errorf("estimate gas: %w", err)
		}
		gas = est + est/4 + tx.ExtraGas
	}
	return types.SignNewTx(key, types.LatestSignerForChainID(chainID), &types.DynamicFeeTx{
		ChainID: chainID, Nonce: nonce, GasTipCap: tip, GasFeeCap: feeCap, Gas: gas, To: tx.To, Data: tx.Data, Value: value,
	})
}

// Wait polls for the receipt of hash until timeout.
func Wait(ctx context.Context, c Client, hash common.Hash, timeout time.Duration) (*types.Receipt, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	t := time.NewTicker(100 * time.Millisecond)
	defer t.Stop()
	for {
		r, err := c.TransactionReceipt(ctx, hash)
		if err == nil {
			if r.Status != types.ReceiptStatusSuccessful {
				return r, fmt.Errorf("%w: %s in block %d", ErrReverted, hash, r.BlockNumber)
			}
			return r, nil
		}
		// A fresh node answers "transaction indexing is in progress" until its
		// index catches up: that is "not yet", like NotFound.
		if !errors.Is(err, ethereum.NotFound) && !strings.Contains(err.Error(), "indexing is in progress") {
			return nil, fmt.Errorf("receipt of %s: %w", hash, err)
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("receipt of %s: %w", hash, ctx.Err())
		case <-t.C:
		}
	}
}

// FilterLogs is FilterLogs tried again a few times: a node's log index can
// lag its head by a moment ("failed to retrieve log value pointer"), which
// is "not yet", not "no logs".
func FilterLogs(ctx context.Context, c ethereum.LogFilterer, q ethereum.FilterQuery) ([]types.Log, error) {
	var err error
	for try := 0; try < 8; try++ {
		var logs []types.Log
		if logs, err = c.FilterLogs(ctx, q); err == nil {
			return logs, nil
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(time.Duration(try+1) * 100 * time.Millisecond):
		}
	}
	return nil, err
}
