package aigeth

import (
	"context"
	"io/fs"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/consensus/beacon"
	"github.com/ethereum/go-ethereum/consensus/ethash"
	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/core/rawdb"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/aievm/aievm/contracts/bindings"
	"github.com/aievm/aievm/geth-fork/precompile"
	"github.com/aievm/aievm/model-da/models"
	"github.com/aievm/aievm/model-da/onchain"
	"github.com/aievm/aievm/model-da/store"
	"github.com/aievm/aievm/opml/examples"
	"github.com/aievm/aievm/opml/llama"
	"github.com/aievm/aievm/opml/model"
	"github.com/aievm/aievm/opml/tensor"
)

// TestChainModelsRebuild: a model published in blocks a node imported comes
// back from that node's own receipts, once for concurrent callers, and is
// stored; a failure is answered from memory until it may be retried.
func TestChainModelsRebuild(t *testing.T) {
	m, err := examples.Decoder(examples.DecoderConfig{Config: llama.Config{Name: "rebuild", Vocab: 256, Dim: 128, Hidden: 256,
		Layers: 1, Heads: 4, KVHeads: 2, Seq: 4, Theta: 10000, Eps: 1e-5}, Weights: tensor.Q8_0})
	if err != nil {
		t.Fatal(err)
	}
	file, addr := m.Encode(), m.Address()
	chunks, err := onchain.Split(file)
	if err != nil || len(chunks) < 2 {
		t.Fatalf("%d chunks (%v), want several", len(chunks), err)
	}
	key, _ := crypto.GenerateKey()
	from := crypto.PubkeyToAddress(key.PublicKey)
	g := precompile.OPGenesis(30_000_000, types.GenesisAlloc{from: {Balance: big.NewInt(1e18)}, DefaultRegistry: RegistryPredeploy()})
	signer := types.LatestSigner(g.Config)
	reg := bindings.NewModelRegistry()
	txs := [][]byte{reg.PackRegister(addr, "bafy", uint64(len(file)), 0, 0, 0)}
	for _, c := range chunks {
		txs = append(txs, reg.PackPublish(addr, uint64(len(file)), big.NewInt(int64(c.Index)), c.Data, c.Proof))
	}
	to := DefaultRegistry
	_, blocks, receipts := core.GenerateChainWithGenesis(g, beacon.New(ethash.NewFaker()), len(txs), func(i int, b *core.BlockGen) {
		b.SetExtra(precompile.GenesisExtra)
		b.AddTx(types.MustSignNewTx(key, signer, &types.DynamicFeeTx{ChainID: g.Config.ChainID, Nonce: uint64(i),
			GasTipCap: big.NewInt(1), GasFeeCap: big.NewInt(1e10), Gas: 8_000_000, To: &to, Data: txs[i]}))
	})
	for i, r := range receipts {
		if r[0].Status != types.ReceiptStatusSuccessful {
			t.Fatalf("tx %d failed", i)
		}
	}
	bc, err := core.NewBlockChain(rawdb.NewMemoryDatabase(), g, beacon.New(ethash.NewFaker()), core.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	defer bc.Stop()
	if _, err := bc.InsertChain(blocks); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	st, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	cm := &chainModels{registry: DefaultRegistry, st: st, cache: models.New(st, nil, 1<<30)}
	state, err := bc.State()
	if err != nil {
		t.Fatal(err)
	}
	next := bc.CurrentBlock().Number.Uint64() + 1
	rebuild := func(get onchain.StateReader) (*model.Model, error) {
		return cm.Rebuild(addr, next, get, func(n uint64) common.Hash { return bc.GetCanonicalHash(n) })
	}
	// Before the chain is open: a failure, remembered.
	if _, err := rebuild(state.GetState); err == nil {
		t.Fatal("rebuilt with no chain")
	}
	cm.chain.Store(bc)
	if _, err := rebuild(state.GetState); err == nil {
		t.Fatal("a recent failure was not answered from memory")
	}
	cm.mu.Lock()
	for k, f := range cm.failed {
		cm.failed[k] = failure{err: f.err, at: time.Now().Add(-failRetry)}
	}
	cm.mu.Unlock()
	// An RPC caller's overridden state (chunk 0's block zeroed, then moved to
	// a block without it) fails for that caller only: the real state's
	// rebuild is neither refused from memory nor joined to the failure.
	zeroed := func(a common.Address, slot common.Hash) common.Hash {
		if slot == onchain.ChunkSlot(addr, 0) {
			return common.Hash{}
		}
		return state.GetState(a, slot)
	}
	moved := func(a common.Address, slot common.Hash) common.Hash {
		if slot == onchain.ChunkSlot(addr, 0) {
			return common.BigToHash(big.NewInt(1)) // the registration's block
		}
		return state.GetState(a, slot)
	}
	for _, get := range []onchain.StateReader{zeroed, moved} {
		if _, err := rebuild(get); err == nil {
			t.Fatal("an overridden publication rebuilt")
		}
	}
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got, err := rebuild(state.GetState)
			if err != nil || got.Address() != addr {
				t.Errorf("rebuild: %v", err)
			}
		}()
	}
	wg.Wait()
	if n := cm.rebuilds.Load(); n != 1 {
		t.Fatalf("%d rebuilds for 4 concurrent callers", n)
	}
	if _, ok := st.Lookup(store.FormatAddress(addr)); !ok {
		t.Fatal("rebuilt model not stored")
	}
	// The stored copy is damaged on disk: a node that cannot load it
	// rebuilds it from chain data and replaces it.
	filepath.WalkDir(filepath.Join(dir, "blocks"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".data") {
			b, _ := os.ReadFile(p)
			b[len(b)/2] ^= 0xff
			os.WriteFile(p, b, 0o644)
		}
		return nil
	})
	cm.cache = models.New(st, nil, 1<<30)
	if _, err := cm.cache.Model(context.Background(), addr); err == nil {
		t.Fatal("the damaged copy still loads")
	}
	if got, err := rebuild(state.GetState); err != nil || got.Address() != addr || cm.rebuilds.Load() != 2 {
		t.Fatalf("rebuild over a damaged copy: %v (rebuilds %d)", err, cm.rebuilds.Load())
	}
	if _, err := models.New(st, nil, 1<<30).Model(context.Background(), addr); err != nil {
		t.Fatalf("the replaced copy does not load: %v", err)
	}
}

// TestFollowerNeverBlocksImport: the log subscription only queues; with the
// worker stuck on a slow fetch and the queue full, a new event is dropped at
// once (op-geth's log feed waits for its subscribers, so a blocking send
// would stall block import).
func TestFollowerNeverBlocksImport(t *testing.T) {
	t.Parallel()
	f := &follower{queue: make(chan job, followQueue)}
	for i := 0; i < followQueue; i++ {
		f.enqueue(job{})
	}
	done := make(chan struct{})
	go func() {
		f.enqueue(job{addr: model.Address{1}})
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("enqueue blocked on a full queue")
	}
}
