package l1tx

import (
	"context"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/ethclient"

	"github.com/aievm/aievm/internal/simchain"
)

var (
	_ Backend = (*ethclient.Client)(nil)
	_ Backend = simchain.Client{}
)

// TestSendAndNonces: transactions sent concurrently get distinct nonces and
// are included; a call whose estimate reverts is not sent and does not use
// up a nonce; value transfers arrive.
func TestSendAndNonces(t *testing.T) {
	t.Parallel()
	chain := simchain.New(2)
	defer chain.Close()
	ctx := context.Background()
	m, err := New(ctx, "test", chain.Client(), chain.Keys[0], Options{NumConfirmations: 1, ReceiptQueryInterval: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	to := common.HexToAddress("0x1234")
	errs := make(chan error, 8)
	for i := 0; i < 8; i++ {
		go func() {
			_, err := Send(ctx, m, chain.Client(), &to, nil, big.NewInt(1), 0)
			errs <- err
		}()
	}
	for i := 0; i < 8; i++ {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if b, err := chain.Client().BalanceAt(ctx, to, nil); err != nil || b.Int64() != 8 {
		t.Fatalf("balance %v %v, want 8 wei from 8 transactions", b, err)
	}
	// A contract creation that reverts at once (PUSH0 PUSH0 REVERT).
	if _, err := Send(ctx, m, chain.Client(), nil, []byte{0x5f, 0x5f, 0xfd}, nil, 0); err == nil {
		t.Fatal("a reverting call was sent")
	}
	r, err := Send(ctx, m, chain.Client(), &to, nil, big.NewInt(1), 0)
	if err != nil || r.Status != types.ReceiptStatusSuccessful {
		t.Fatalf("after a refused call: %v", err)
	}
	if n, err := chain.Client().NonceAt(ctx, m.From(), nil); err != nil || n != 9 {
		t.Fatalf("nonce %d %v, want 9: the refused call used none", n, err)
	}
}
