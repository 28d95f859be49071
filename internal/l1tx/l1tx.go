// Package l1tx gives the AI EVM's daemons that send transactions (the opML
// challenger, the attestation node) op-service's transaction manager: fee
// estimation and bumping, resubmission, nonce management (a dropped
// transaction's nonce is reused) and metrics, configured like
// op-challenger's, over any client (*ethclient.Client, or the simulated
// backend's client in tests).
package l1tx

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"math/big"
	"time"

	opcrypto "github.com/ethereum-optimism/optimism/op-service/crypto"
	"github.com/ethereum-optimism/optimism/op-service/txmgr"
	txmetrics "github.com/ethereum-optimism/optimism/op-service/txmgr/metrics"
	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/log"
	"github.com/ethereum/go-ethereum/params"
)

// Backend is what the manager needs of a node.
type Backend interface {
	txmgr.ETHBackend
	ChainID(ctx context.Context) (*big.Int, error)
}

// Options tune the manager; zero values take op-challenger's defaults
// (txmgr.DefaultChallengerFlagValues).
type Options struct {
	// NumConfirmations is how many blocks make a transaction final for
	// the sender (default 3; tests 1).
	NumConfirmations uint64
	// ReceiptQueryInterval is how often a receipt is looked for (default
	// 12 s, an L1 block; tests less).
	ReceiptQueryInterval time.Duration
	// ResubmissionTimeout is how long a transaction waits before it is sent
	// again with higher fees (default 24 s).
	ResubmissionTimeout time.Duration
	// Metrics records the manager's metrics (nil: none).
	Metrics txmetrics.TxMetricer
	// Log is the manager's logger (nil: discarded).
	Log log.Logger
}

// New returns a transaction manager that signs with key.
func New(ctx context.Context, name string, b Backend, key *ecdsa.PrivateKey, o Options) (*txmgr.SimpleTxManager, error) {
	chainID, err := b.ChainID(ctx)
	if err != nil {
		return nil, fmt.Errorf("%s: chain id: %w", name, err)
	}
	d := txmgr.DefaultChallengerFlagValues
	cfg := &txmgr.Config{
		Backend:                   b,
		ChainID:                   chainID,
		TxSendTimeout:             d.TxSendTimeout,
		TxNotInMempoolTimeout:     d.TxNotInMempoolTimeout,
		NetworkTimeout:            d.NetworkTimeout,
		RetryInterval:             d.RetryInterval,
		MaxRetries:                d.MaxRetries,
		ReceiptQueryInterval:      d.ReceiptQueryInterval,
		NumConfirmations:          d.NumConfirmations,
		SafeAbortNonceTooLowCount: d.SafeAbortNonceTooLowCount,
		Signer: func(ctx context.Context, from common.Address, tx *types.Transaction) (*types.Transaction, error) {
			return opcrypto.PrivateKeySignerFn(key, chainID)(from, tx)
		},
		From: crypto.PubkeyToAddress(key.PublicKey),
	}
	if o.NumConfirmations > 0 {
		cfg.NumConfirmations = o.NumConfirmations
	}
	if o.ReceiptQueryInterval > 0 {
		cfg.ReceiptQueryInterval = o.ReceiptQueryInterval
	}
	resubmit := d.ResubmissionTimeout
	if o.ResubmissionTimeout > 0 {
		resubmit = o.ResubmissionTimeout
	}
	cfg.ResubmissionTimeout.Store(int64(resubmit))
	cfg.FeeLimitMultiplier.Store(d.FeeLimitMultiplier)
	cfg.FeeLimitThreshold.Store(gwei(d.FeeLimitThresholdGwei))
	cfg.MinTipCap.Store(gwei(d.MinTipCapGwei))
	cfg.MinBaseFee.Store(gwei(d.MinBaseFeeGwei))
	cfg.MinBlobTxFee.Store(big.NewInt(params.GWei))
	m := o.Metrics
	if m == nil {
		m = &txmetrics.NoopTxMetrics{}
	}
	l := o.Log
	if l == nil {
		l = log.NewLogger(log.DiscardHandler())
	}
	return txmgr.NewSimpleTxManagerFromConfig(name, l, m, cfg)
}

func gwei(g float64) *big.Int {
	v, _ := new(big.Float).Mul(big.NewFloat(g), big.NewFloat(params.GWei)).Int(nil)
	return v
}

// ErrReverted is returned, wrapped, for a transaction that was included
// and failed.
var ErrReverted = errors.New("transaction reverted")

// Estimator is what Send needs to estimate a transaction's gas.
type Estimator interface {
	EstimateGas(ctx context.Context, msg ethereum.CallMsg) (uint64, error)
}

// Send estimates the gas of a call from the manager's account (plus extra,
// for work the estimate cannot see, such as a storage write that depends
// on the including block's time), hands it to the manager and waits for its
// receipt. A call whose estimate reverts is not sent; a transaction
// included and reverted returns its receipt and ErrReverted.
func Send(ctx context.Context, m txmgr.TxManager, e Estimator, to *common.Address, data []byte, value *big.Int, extra uint64) (*types.Receipt, error) {
	gas, err := e.EstimateGas(ctx, ethereum.CallMsg{From: m.From(), To: to, Data: data, Value: value})
	if err != nil {
		return nil, fmt.Errorf("estimate gas: %w", err)
	}
	r, err := m.Send(ctx, txmgr.TxCandidate{TxData: data, To: to, GasLimit: gas + extra, Value: value})
	if err != nil {
		return r, err
	}
	if r.Status != types.ReceiptStatusSuccessful {
		return r, fmt.Errorf("%w: %s (gas %d of %d)", ErrReverted, r.TxHash, r.GasUsed, gas+extra)
	}
	return r, nil
}
