package simchain

import (
	"context"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
)

// TestAdvanceWithPendingTransactions: a transaction sent just before
// Advance is still in the pool when the clock moves; the clock must move
// all the same (the simulated beacon refuses to on a non-empty block).
func TestAdvanceWithPendingTransactions(t *testing.T) {
	s := New(1)
	defer s.Close()
	ctx := context.Background()
	c := s.Client()
	key := s.Keys[0]
	from := crypto.PubkeyToAddress(key.PublicKey)
	chainID, err := c.ChainID(ctx)
	if err != nil {
		t.Fatal(err)
	}
	signer := types.LatestSignerForChainID(chainID)
	for i := 0; i < 20; i++ {
		head, err := c.HeaderByNumber(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		nonce, err := c.PendingNonceAt(ctx, from)
		if err != nil {
			t.Fatal(err)
		}
		tx := types.MustSignNewTx(key, signer, &types.DynamicFeeTx{ChainID: chainID, Nonce: nonce,
			GasTipCap: big.NewInt(1), GasFeeCap: big.NewInt(1e12), Gas: 21000, To: &common.Address{1}, Value: big.NewInt(1)})
		if err := c.SendTransaction(ctx, tx); err != nil {
			t.Fatal(err)
		}
		if err := s.Advance(time.Hour); err != nil {
			t.Fatal(err)
		}
		after, err := c.HeaderByNumber(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if after.Time < head.Time+3600 {
			t.Fatalf("try %d: the clock moved from %d to %d, want at least an hour", i, head.Time, after.Time)
		}
	}
}
