// Package simchain is an in-memory chain (geth's simulated backend) that mines
// on its own, for tests and benchmarks that play contracts in seconds.
package simchain

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/eth/ethconfig"
	"github.com/ethereum/go-ethereum/ethclient/simulated"
	"github.com/ethereum/go-ethereum/node"
)

// SimChain is an in-memory L1 (geth's simulated backend) that mines a block
// every few milliseconds, with funded keys: for tests and `aievm challenger
// bench`, where a game is played in seconds.
type SimChain struct {
	Backend *simulated.Backend
	Keys    []*ecdsa.PrivateKey

	cancel  context.CancelFunc
	stopped chan struct{}
	adjust  chan adjustment
}

// adjustment asks the mining goroutine to move the clock by d and to
// answer on done.
type adjustment struct {
	d    time.Duration
	done chan error
}

// maxAdjustTries bounds how many blocks Advance mines to empty the pool:
// the simulated beacon moves the clock only on an empty block.
const maxAdjustTries = 100

// New starts a simulated L1 with n funded keys and a 60M block gas
// limit; opts adjust the backend's configuration (see WithoutTxGasCap).
func New(n int, opts ...func(*node.Config, *ethconfig.Config)) *SimChain {
	s := &SimChain{stopped: make(chan struct{}), adjust: make(chan adjustment)}
	alloc := types.GenesisAlloc{}
	for i := 0; i < n; i++ {
		k, err := crypto.ToECDSA(crypto.Keccak256([]byte(fmt.Sprintf("simchain/%d", i))))
		if err != nil {
			panic(err) // a keccak output is a valid key but for ~2^-128 of inputs
		}
		s.Keys = append(s.Keys, k)
		alloc[crypto.PubkeyToAddress(k.PublicKey)] = types.Account{Balance: new(big.Int).Lsh(big.NewInt(1), 100)}
	}
	s.Backend = simulated.NewBackend(alloc, append([]func(*node.Config, *ethconfig.Config){simulated.WithBlockGasLimit(60_000_000)}, opts...)...)
	ctx, cancel := context.WithCancel(context.Background())
	s.cancel = cancel
	go func() {
		defer close(s.stopped)
		for ctx.Err() == nil {
			select {
			case a := <-s.adjust:
				a.done <- s.adjustTime(a.d)
			case <-time.After(5 * time.Millisecond):
				s.Backend.Commit()
			}
		}
	}()
	return s
}

// WithoutTxGasCap runs the chain under Prague rules, without Osaka's
// EIP-7825 cap of 2^24 gas per transaction: the rules of the AI rollup
// (OP Isthmus), where large settlement batches fit in one transaction.
func WithoutTxGasCap(_ *node.Config, e *ethconfig.Config) {
	cfg := *e.Genesis.Config
	cfg.OsakaTime = nil
	if cfg.BlobScheduleConfig != nil {
		bs := *cfg.BlobScheduleConfig
		bs.Osaka = nil
		cfg.BlobScheduleConfig = &bs
	}
	e.Genesis.Config = &cfg
}

// Client is the chain's client.
func (s *SimChain) Client() Client { return Client{s.Backend.Client()} }

// Client is the simulated backend's client with what a transaction manager
// (op-service's txmgr) also asks of a node: the blob base fee (the
// simulated chain's blob pool is empty: 1 wei) and Close (the chain closes
// with the SimChain).
type Client struct{ simulated.Client }

// BlobBaseFee implements txmgr.ETHBackend.
func (Client) BlobBaseFee(context.Context) (*big.Int, error) { return big.NewInt(1), nil }

// Close implements txmgr.ETHBackend; the SimChain's Close stops the chain.
func (Client) Close() {}

// Advance moves the chain's clock by d: the next block is at least d after
// the last one (d <= 0 does nothing). The mining goroutine does it between two blocks, so that it
// never races a commit; transactions still pending are mined first.
func (s *SimChain) Advance(d time.Duration) error {
	if d <= 0 {
		return nil
	}
	done := make(chan error, 1)
	select {
	case s.adjust <- adjustment{d, done}:
	case <-s.stopped:
		return errors.New("advance the clock: the chain is closed")
	}
	return <-done
}

// adjustTime mines the pending transactions, then an empty block d after
// its parent: the simulated beacon refuses to move the clock on a block
// that has transactions, and it refused silently before (a test's timeout
// did not pass when a transaction was still in the pool).
func (s *SimChain) adjustTime(d time.Duration) error {
	var err error
	for i := 0; i < maxAdjustTries; i++ {
		if err = s.Backend.AdjustTime(d); err == nil {
			return nil
		}
		s.Backend.Commit()
	}
	return fmt.Errorf("advance the clock by %v: %w", d, err)
}

// Close stops mining and the backend.
func (s *SimChain) Close() {
	s.cancel()
	<-s.stopped
	s.Backend.Close()
}
