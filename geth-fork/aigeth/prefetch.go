package aigeth

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/log"
	"github.com/ipfs/go-cid"
	"golang.org/x/sync/singleflight"

	"github.com/aievm/aievm/model-da/fetch"
	"github.com/aievm/aievm/model-da/models"
	"github.com/aievm/aievm/model-da/onchain"
	"github.com/aievm/aievm/model-da/store"
	"github.com/aievm/aievm/opml/model"
)

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

// chainModels makes published models local from the node's own chain: it is
// the precompile's Rebuilder and the follower's way of filling in a model
// that became available. It never uses the network.
type chainModels struct {
	registry common.Address
	st       *store.Store
	cache    *models.Cache
	chain    atomic.Pointer[core.BlockChain] // set once the eth service is up
	rebuilds atomic.Int64

	flight singleflight.Group // one rebuild per model at a time (block import, prefetcher, follower, RPC)
	mu     sync.Mutex
	failed map[string]failure // recent failures by model and publication: retried only after failRetry
}

// failure is a rebuild that failed and when.
type failure struct {
	err error
	at  time.Time
}

// failRetry is how long a failed rebuild is answered from memory: a node
// fault repeats for every call to the model, and each must not redo the work.
const failRetry = 10 * time.Second

// hashWindow is how far back the executing chain's own block hashes are
// used to find a chunk's block (GetHash walks headers one by one); older
// blocks are looked up in the canonical chain, which a reorg does not reach.
const hashWindow = 256

// logsAt returns, for a block executing at number whose ancestors' hashes
// getHash gives, the logs of its ancestor at height n: its own chain's block
// when recent, the canonical one otherwise.
func (c *chainModels) logsAt(number uint64, getHash func(uint64) common.Hash) onchain.LogsAt {
	return func(n uint64) ([]*types.Log, error) {
		bc := c.chain.Load()
		if bc == nil {
			return nil, fmt.Errorf("chain not open yet")
		}
		var hash common.Hash
		if n < number && number-n <= hashWindow {
			hash = getHash(n)
		}
		if hash == (common.Hash{}) {
			hash = bc.GetCanonicalHash(n)
		}
		if hash == (common.Hash{}) {
			return nil, fmt.Errorf("no block %d", n)
		}
		var logs []*types.Log
		for _, r := range bc.GetReceiptsByHash(hash) {
			logs = append(logs, r.Logs...)
		}
		return logs, nil
	}
}

// Rebuild rebuilds model addr from the publication logs of blocks this node
// holds (for a block executing at number: getState reads its state, getHash
// its ancestors' hashes), stores it (replacing a damaged copy) and returns it
// parsed. A file that is not a valid model gives an error wrapping
// model.ErrInvalid: every node gets the same bytes and the same verdict.
// Concurrent calls for one publication share one rebuild; a failure is
// remembered per publication (a state an RPC caller overrode names another
// one, so it cannot poison the real one).
func (c *chainModels) Rebuild(addr model.Address, number uint64, getState onchain.StateReader, getHash func(uint64) common.Hash) (*model.Model, error) {
	pub, err := onchain.ReadPublication(getState, c.registry, addr)
	if err != nil {
		return nil, err
	}
	key := store.FormatAddress(addr) + "/" + pub.Key()
	c.mu.Lock()
	if f, ok := c.failed[key]; ok && time.Since(f.at) < failRetry {
		c.mu.Unlock()
		return nil, f.err
	}
	c.mu.Unlock()
	v, err, _ := c.flight.Do(key, func() (any, error) {
		m, err := c.rebuild(addr, pub, c.logsAt(number, getHash))
		if err != nil && !errors.Is(err, model.ErrInvalid) {
			c.mu.Lock()
			if c.failed == nil {
				c.failed = map[string]failure{}
			}
			for k := range c.failed { // bounded: a throttle, not a record
				if len(c.failed) < 1024 {
					break
				}
				delete(c.failed, k)
			}
			c.failed[key] = failure{err: err, at: time.Now()}
			c.mu.Unlock()
		}
		return m, err
	})
	if err != nil {
		return nil, err
	}
	return v.(*model.Model), nil
}

func (c *chainModels) rebuild(addr model.Address, pub onchain.Publication, logsAt onchain.LogsAt) (*model.Model, error) {
	key := store.FormatAddress(addr)
	if _, ok := c.st.Lookup(key); ok {
		if m, err := c.cache.Model(context.Background(), addr); err == nil {
			return m, nil // stored meanwhile (by an earlier caller or a peer)
		}
	}
	file, err := pub.Rebuild(c.registry, addr, logsAt)
	if err != nil {
		return nil, err
	}
	m, err := model.Decode(file)
	if err != nil {
		return nil, fmt.Errorf("model %s: %w", key, err)
	}
	save := c.st.Publish
	if _, ok := c.st.Lookup(key); ok { // a copy that did not load: damaged
		log.Warn("Replacing a damaged stored model with its copy rebuilt from chain data", "model", key)
		save = c.st.Replace
	}
	if _, err := save(context.Background(), file); err != nil {
		return nil, fmt.Errorf("store rebuilt model %s: %w", key, err)
	}
	c.cache.Add(m, int64(len(file)))
	c.rebuilds.Add(1)
	log.Info("Rebuilt a model from chain data", "model", key, "bytes", len(file))
	return m, nil
}

// job is one model for the follower to make local.
type job struct{ addr model.Address }

// follower makes registered models local in the background, off the block
// import path: op-geth's log feed blocks until subscribers drain, so the
// subscription loop only queues (dropping when the bounded queue is full;
// the precompile rebuilds from chain data on first use anyway). A model
// available on chain is rebuilt from the node's own chain data; one that is
// not (yet), or that the node lacks the receipts of, is fetched from the
// model store's peers by the CID recorded on chain.
type follower struct {
	bc      *core.BlockChain
	chain   *chainModels
	st      *store.Store
	fetcher *fetch.Fetcher
	queue   chan job
}

// followQueue bounds the follower's backlog.
const followQueue = 256

// run follows the chain until ctx ends, and returns once its workers have
// stopped (no fetch or rebuild outlives it).
func (f *follower) run(ctx context.Context) {
	var wg sync.WaitGroup
	defer wg.Wait()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel() // a subscription error stops the workers too
	f.queue = make(chan job, followQueue)
	wg.Add(1)
	go func() {
		defer wg.Done()
		f.work(ctx)
	}()
	logs := make(chan []*types.Log, 64)
	sub := f.bc.SubscribeLogsEvent(logs)
	defer sub.Unsubscribe()
	if sdb, err := f.bc.State(); err == nil {
		wg.Add(1)
		go func() { // the models registered so far, without dropping any (the loop below drains the log feed)
			defer wg.Done()
			for _, m := range RegisteredModels(f.chain.registry, sdb.GetState) {
				select {
				case f.queue <- job{addr: model.Address(m)}:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	for {
		select {
		case ls := <-logs:
			for _, l := range ls {
				if l.Address != f.chain.registry || len(l.Topics) < 2 {
					continue
				}
				if t := l.Topics[0]; t == onchain.TopicModelRegistered || t == onchain.TopicModelAvailable {
					f.enqueue(job{addr: model.Address(l.Topics[1])})
				}
			}
		case <-sub.Err():
			return
		case <-ctx.Done():
			return
		}
	}
}

func (f *follower) enqueue(j job) {
	select {
	case f.queue <- j:
	default:
		log.Warn("Model follower queue full; the model is rebuilt from chain data on first use", "model", store.FormatAddress(j.addr))
	}
}

func (f *follower) work(ctx context.Context) {
	for {
		select {
		case j := <-f.queue:
			f.get(ctx, j)
		case <-ctx.Done():
			return
		}
	}
}

// get makes one model local: an available model from the node's own chain
// data (local, the guarantee), else from the peers by its on-chain CID (the
// way a node without the receipts, or before publication completes, fills in).
func (f *follower) get(ctx context.Context, j job) {
	addr := store.FormatAddress(j.addr)
	if _, ok := f.st.Lookup(addr); ok {
		return
	}
	sdb, err := f.bc.State()
	if err != nil {
		return
	}
	st := onchain.ReadStatus(sdb.GetState, f.chain.registry, j.addr)
	if !st.Registered() {
		return
	}
	next := f.bc.CurrentBlock().Number.Uint64() + 1
	if st.AvailableIn(next) {
		_, err := f.chain.Rebuild(j.addr, next, sdb.GetState, func(uint64) common.Hash { return common.Hash{} })
		if err == nil {
			return
		}
		log.Warn("Cannot rebuild an available model from chain data; trying model-store peers", "model", addr, "err", err)
	}
	onChainCID := onchain.ReadCID(sdb.GetState, f.chain.registry, j.addr)
	c, err := cid.Decode(onChainCID)
	if err != nil {
		return
	}
	if _, err := f.fetcher.FetchCIDAs(ctx, c, int64(st.Size), addr); err == nil {
		log.Info("Fetched a registered model by its on-chain CID", "model", addr, "cid", onChainCID)
	} else {
		log.Debug("Registered model not on model-store peers", "model", addr, "err", err)
	}
}
