// Package models is the model API of a node (the inference precompile's
// way in): Model(ctx, address) returns the parsed, ready-to-run model from
// an in-memory cache bounded in bytes (least recently used evicted first),
// loading it from the local store or fetching it from peers when missing.
package models

import (
	"container/list"
	"context"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/aievm/aievm/model-da/fetch"
	"github.com/aievm/aievm/model-da/store"
	"github.com/aievm/aievm/opml/merkle"
	"github.com/aievm/aievm/opml/model"
)

// Stats counts cache activity (for metrics).
type Stats struct {
	Hits, Loads, Fetches, Evictions, Rebuilds atomic.Int64
}

// Rebuild returns a model's file from chain data (onchain.RebuildRPC): the
// way to a model that no model-store peer has. The file is checked against
// the address before use.
type Rebuild func(ctx context.Context, address model.Address) ([]byte, error)

// Cache holds parsed models up to a byte budget.
type Cache struct {
	st       *store.Store
	fetcher  *fetch.Fetcher // nil: no peers
	rebuild  Rebuild        // nil: no chain source
	maxBytes int64
	Stats    Stats

	mu    sync.Mutex
	lru   *list.List // front: most recently used
	items map[string]*list.Element
	size  int64
	loads map[string]*load
}

type item struct {
	address string
	m       *model.Model
	bytes   int64
}

type load struct {
	done chan struct{}
	m    *model.Model
	err  error
}

// New returns a cache of at most maxBytes of model files over a store and
// an optional fetcher.
func New(st *store.Store, f *fetch.Fetcher, maxBytes int64) *Cache {
	return &Cache{st: st, fetcher: f, maxBytes: maxBytes, lru: list.New(), items: map[string]*list.Element{}, loads: map[string]*load{}}
}

// WithChain makes the cache rebuild a model from chain data when no peer
// has it. Call it before first use.
func (c *Cache) WithChain(r Rebuild) *Cache {
	c.rebuild = r
	return c
}

// Size returns the bytes of cached model files.
func (c *Cache) Size() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.size
}

// Model returns the model with this address. It honours ctx's deadline; a
// model that cannot be loaded in time gives an error, never a partial model.
func (c *Cache) Model(ctx context.Context, address model.Address) (*model.Model, error) {
	key := store.FormatAddress(address)
	c.mu.Lock()
	if el, ok := c.items[key]; ok {
		c.lru.MoveToFront(el)
		c.mu.Unlock()
		c.Stats.Hits.Add(1)
		return el.Value.(*item).m, nil
	}
	l, loading := c.loads[key]
	if !loading {
		l = &load{done: make(chan struct{})}
		c.loads[key] = l
		go c.load(key, l)
	}
	c.mu.Unlock()
	select {
	case <-l.done:
		return l.m, l.err
	case <-ctx.Done():
		return nil, fmt.Errorf("model %s: %w", key, ctx.Err())
	}
}

// load reads or fetches a model; it runs detached from any one caller's
// context so that a caller giving up does not abort a transfer others wait on.
func (c *Cache) load(key string, l *load) {
	defer func() {
		c.mu.Lock()
		delete(c.loads, key)
		c.mu.Unlock()
		close(l.done)
	}()
	ctx := context.Background()
	if _, ok := c.st.Lookup(key); !ok {
		if l.err = c.obtain(ctx, key); l.err != nil {
			return
		}
	}
	b, err := c.st.Read(ctx, key)
	if err != nil {
		l.err = err
		return
	}
	m, err := model.Decode(b)
	if err != nil {
		l.err = fmt.Errorf("model %s: %w", key, err)
		return
	}
	c.Stats.Loads.Add(1)
	l.m = m
	c.insert(key, m, int64(len(b)))
}

// obtain makes a missing model local: from the peers, else from chain data.
func (c *Cache) obtain(ctx context.Context, key string) error {
	err := fmt.Errorf("model %s: %w", key, store.ErrNotFound)
	if c.fetcher != nil {
		c.Stats.Fetches.Add(1)
		if _, err = c.fetcher.FetchAddress(ctx, key); err == nil {
			return nil
		}
	}
	if c.rebuild == nil {
		return err
	}
	addr, perr := store.ParseAddress(key)
	if perr != nil {
		return perr
	}
	file, rerr := c.rebuild(ctx, addr)
	if rerr != nil {
		return fmt.Errorf("%w; from chain data: %v", err, rerr)
	}
	if got := model.Address(merkle.Root(file, merkle.ModelLeafSize)); got != addr {
		return fmt.Errorf("model %s: chain data gave model %s", key, store.FormatAddress(got))
	}
	if _, err := c.st.Publish(ctx, file); err != nil {
		return fmt.Errorf("model %s from chain data: %w", key, err)
	}
	c.Stats.Rebuilds.Add(1)
	return nil
}

// Add puts a parsed model whose file has n bytes into the cache (a model a
// node rebuilt and stored itself), replacing any entry for its address.
func (c *Cache) Add(m *model.Model, n int64) { c.insert(store.FormatAddress(m.Address()), m, n) }

func (c *Cache) insert(key string, m *model.Model, n int64) {
	if n > c.maxBytes {
		return // larger than the whole cache: served, not kept
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[key]; ok { // one entry per model, whoever inserts first
		c.lru.Remove(el)
		c.size -= el.Value.(*item).bytes
	}
	c.items[key] = c.lru.PushFront(&item{address: key, m: m, bytes: n})
	c.size += n
	for c.size > c.maxBytes {
		el := c.lru.Back()
		it := el.Value.(*item)
		c.lru.Remove(el)
		delete(c.items, it.address)
		c.size -= it.bytes
		c.Stats.Evictions.Add(1)
	}
}

// Open opens the model store in dir and a cache of maxBytes over it that
// fetches missing models from the trustless gateways at peers (URLs), the
// way a node outside the sequencer gets models. close releases the store.
func Open(dir string, peers []string, maxBytes int64) (_ *Cache, close func() error, _ error) {
	st, err := store.Open(dir)
	if err != nil {
		return nil, nil, err
	}
	var ps []fetch.Peer
	var rs []fetch.Resolver
	for _, u := range peers {
		p, r := fetch.FromGateway(u)
		ps, rs = append(ps, p), append(rs, r)
	}
	return New(st, fetch.New(st, ps, fetch.Options{Resolvers: rs}), maxBytes), st.Close, nil
}
