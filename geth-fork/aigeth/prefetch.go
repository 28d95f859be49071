package aigeth

import (
	"context"
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/log"

	"github.com/aievm/aievm/model-da/fetch"
	"github.com/aievm/aievm/model-da/store"
	"github.com/aievm/aievm/opml/model"
)

// modelRegistered is the topic of ModelRegistry's ModelRegistered event.
var modelRegistered = crypto.Keccak256Hash([]byte("ModelRegistered(bytes32,string,uint64,uint64,uint64,uint64,address)"))

// RegisteredModels reads ModelRegistry's list of model addresses from state:
// bytes32[] addresses sits at slot 1 (length there, elements from
// keccak256(1)). getState reads the registry's storage.
func RegisteredModels(registry common.Address, getState func(common.Address, common.Hash) common.Hash) []common.Hash {
	n := new(big.Int).SetBytes(getState(registry, common.BigToHash(big.NewInt(1))).Bytes())
	if !n.IsUint64() || n.Uint64() > 1<<20 {
		return nil
	}
	base := new(big.Int).SetBytes(crypto.Keccak256(common.BigToHash(big.NewInt(1)).Bytes()))
	out := make([]common.Hash, 0, n.Uint64())
	for i := uint64(0); i < n.Uint64(); i++ {
		slot := new(big.Int).Add(base, new(big.Int).SetUint64(i))
		out = append(out, getState(registry, common.BigToHash(slot)))
	}
	return out
}

// prefetch makes every registered model local: those listed in state at
// start, then each new ModelRegistered event. Failures are logged and
// retried when the model is next called (the precompile waits for it).
func prefetch(ctx context.Context, bc *core.BlockChain, registry common.Address, st *store.Store, f *fetch.Fetcher) {
	get := func(a common.Hash) {
		addr := store.FormatAddress(model.Address(a))
		if _, ok := st.Lookup(addr); ok {
			return
		}
		if _, err := f.FetchAddress(ctx, addr); err != nil {
			log.Warn("Prefetch of a registered model failed", "model", addr, "err", err)
			return
		}
		log.Info("Prefetched registered model", "model", addr)
	}
	logs := make(chan []*types.Log, 16)
	sub := bc.SubscribeLogsEvent(logs)
	defer sub.Unsubscribe()
	if sdb, err := bc.State(); err == nil {
		for _, m := range RegisteredModels(registry, sdb.GetState) {
			get(m)
		}
	}
	for {
		select {
		case ls := <-logs:
			for _, l := range ls {
				if l.Address == registry && len(l.Topics) == 2 && l.Topics[0] == modelRegistered {
					get(l.Topics[1])
				}
			}
		case <-sub.Err():
			return
		case <-ctx.Done():
			return
		}
	}
}
