// Package aigeth is the AI side of the ai-geth execution client: the model
// store, its gateway, the follower that makes registered models local and
// the inference precompile behind the ModelRegistry gate. ai-geth is op-geth's
// own cmd/geth with these added by the fork delta (geth-fork/delta): its
// flags join geth's, Setup runs before the eth service is created and Attach
// right after, so every geth flag and subcommand works as in op-geth.
package aigeth

import (
	"context"
	"fmt"
	"math/big"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/eth"
	"github.com/ethereum/go-ethereum/log"
	"github.com/ethereum/go-ethereum/metrics"
	"github.com/ethereum/go-ethereum/node"
	"github.com/gofrs/flock"
	"github.com/urfave/cli/v2"

	"github.com/aievm/aievm/contracts/bindings"
	"github.com/aievm/aievm/geth-fork/precompile"
	"github.com/aievm/aievm/model-da/fetch"
	"github.com/aievm/aievm/model-da/models"
	"github.com/aievm/aievm/model-da/server"
	"github.com/aievm/aievm/model-da/store"
	"github.com/aievm/aievm/opml/exec"
	"github.com/aievm/aievm/opml/kernelcap"
	"github.com/aievm/aievm/opml/model"
)

// DefaultRegistry is ModelRegistry's predeploy address on AI EVM chains.
var DefaultRegistry = precompile.DefaultRegistry

// AI flags: the model store and the precompile.
var (
	AIDataDirFlag = &cli.StringFlag{Name: "ai.datadir", EnvVars: []string{"AIEVM_AI_DATADIR"}, Usage: "model store directory (default: <datadir>/models)", Category: "AI EVM"}
	AIPeersFlag   = &cli.StringSliceFlag{Name: "ai.peers", EnvVars: []string{"AIEVM_AI_PEERS"}, Usage: "model store peers: gateway URLs (http://host:port)", Category: "AI EVM"}
	AICacheFlag   = &cli.IntFlag{Name: "ai.cache", EnvVars: []string{"AIEVM_AI_CACHE"}, Value: 2048, Usage: "MiB of parsed models kept in memory", Category: "AI EVM"}
	AIGatewayFlag = &cli.StringFlag{Name: "ai.gateway", EnvVars: []string{"AIEVM_AI_GATEWAY"}, Usage: "serve the model store's trustless gateway on this address (host:port; empty: off)", Category: "AI EVM"}
	AIRegistry    = &cli.StringFlag{Name: "ai.registry", EnvVars: []string{"AIEVM_AI_REGISTRY"}, Value: DefaultRegistry.Hex(), Usage: "ModelRegistry address (the registry gate)", Category: "AI EVM"}
	AITimeoutFlag = &cli.DurationFlag{Name: "ai.timeout", EnvVars: []string{"AIEVM_AI_TIMEOUT"}, Value: 30 * time.Second, Usage: "how long a call may take to read a model from the local store", Category: "AI EVM"}
)

// Flags are ai-geth's own flags, added to geth's (the fork delta merges them
// into cmd/geth's flag list): every geth and op-geth flag and subcommand
// works as in op-geth.
var Flags = []cli.Flag{AIDataDirFlag, AIPeersFlag, AICacheFlag, AIGatewayFlag, AIRegistry, AITimeoutFlag}

// Metrics of the AI EVM, exported with geth's (--metrics; Prometheus at
// /debug/metrics/prometheus on --metrics.addr:--metrics.port). Counters end
// in _total, as Prometheus names them.
var (
	cacheHits   = metrics.NewRegisteredCounter("aievm/models/hits_total", nil)
	cacheLoads  = metrics.NewRegisteredCounter("aievm/models/loads_total", nil)
	modelFetch  = metrics.NewRegisteredCounter("aievm/models/fetches_total", nil)
	rebuilds    = metrics.NewRegisteredCounter("aievm/models/rebuilds_total", nil)
	cacheBytes  = metrics.NewRegisteredGauge("aievm/models/bytes", nil)
	storeModels = metrics.NewRegisteredGauge("aievm/store/models", nil)
)

// Node is the AI side of a running ai-geth: the model store, its gateway,
// the precompile's view of the chain and the follower that makes
// registered models local. It is a node.Lifecycle of geth's stack.
type Node struct {
	store   *store.Store
	fetcher *fetch.Fetcher
	cache   *models.Cache
	chain   *chainModels
	bc      *core.BlockChain
	gateway string // host:port of the trustless gateway; empty: none
	closers []func()
	cancel  context.CancelFunc
	wg      sync.WaitGroup
}

// Setup opens the model store and registers the gated inference precompile.
// geth's makeFullNode calls it (through the fork delta) before the eth
// service exists, so that no EVM ever runs without the precompile; the node
// registers itself as a lifecycle of stack.
func Setup(ctx *cli.Context, stack *node.Node) (*Node, error) {
	if kernelcap.Err != nil {
		return nil, kernelcap.Err
	}
	log.Info("Inference engine kernels", "simd", exec.SIMD, "ceiling", kernelcap.Max)
	if mib := ctx.Int(AICacheFlag.Name); mib < model.MaxFileSize>>20 {
		return nil, fmt.Errorf("--%s %d: at least %d MiB, the largest model, so that every model a node runs stays parsed", AICacheFlag.Name, mib, model.MaxFileSize>>20)
	}
	if !common.IsHexAddress(ctx.String(AIRegistry.Name)) {
		return nil, fmt.Errorf("--%s: %q is not an address", AIRegistry.Name, ctx.String(AIRegistry.Name))
	}
	var peers []fetch.Peer
	var resolvers []fetch.Resolver
	for _, p := range ctx.StringSlice(AIPeersFlag.Name) {
		if err := CheckPeer(p); err != nil {
			return nil, fmt.Errorf("--%s: %w", AIPeersFlag.Name, err)
		}
		peer, res := fetch.FromGateway(p)
		peers, resolvers = append(peers, peer), append(resolvers, res)
	}
	if stack.DataDir() != "" {
		moved, err := MigrateOldLayout(stack.DataDir())
		if err != nil {
			return nil, err
		}
		if moved {
			log.Warn("Moved the chain from ai-geth's old directory into geth's", "from", filepath.Join(stack.DataDir(), OldInstanceDir), "to", stack.ResolvePath(""))
		}
	}
	dir := ctx.String(AIDataDirFlag.Name)
	if dir == "" {
		dir = stack.ResolvePath("models")
	}
	st, err := store.Open(dir)
	if err != nil {
		return nil, err
	}
	n := &Node{store: st, gateway: ctx.String(AIGatewayFlag.Name), closers: []func(){func() { st.Close() }}}
	n.fetcher = fetch.New(st, peers, fetch.Options{Resolvers: resolvers})
	// The precompile reads local data only (the store, else the node's own
	// chain); peers fill the store in the background (follower).
	n.cache = models.New(st, nil, int64(ctx.Int(AICacheFlag.Name))<<20)
	registry := common.HexToAddress(ctx.String(AIRegistry.Name))
	n.chain = &chainModels{registry: registry, st: st, cache: n.cache}
	p := precompile.New(n.cache, precompile.DefaultGas, ctx.Duration(AITimeoutFlag.Name)).WithRegistry(registry, n.chain.Rebuild)
	p.Log = func(format string, args ...any) {
		log.Error("Inference precompile: node fault (block building leaves the transaction out, block import halts)", "err", fmt.Sprintf(format, args...))
	}
	if err := precompile.Register(p); err != nil {
		st.Close()
		return nil, err
	}
	if err := precompile.RegisterAt(precompile.InlineAddress, precompile.NewInline(precompile.DefaultGas)); err != nil {
		st.Close()
		return nil, err
	}
	stack.RegisterLifecycle(n)
	log.Info("AI EVM ready", "models", len(st.List()), "store", dir, "registry", registry, "peers", len(peers))
	return n, nil
}

// OldInstanceDir is where ai-geth kept its chain before it became geth's own
// command (<datadir>/ai-geth); geth keeps it in <datadir>/geth.
const OldInstanceDir = "ai-geth"

// MigrateOldLayout moves the chain ai-geth kept in <dataDir>/ai-geth, before
// it became geth's own command, into geth's <dataDir>/geth, entry by entry
// (geth's directory may exist already: a node holds its LOCK while it
// starts). It reports whether it moved anything. It refuses when both hold a
// chain (the operator keeps one) and when another process still holds the
// old directory's lock. Without it geth would start a new chain from genesis
// beside the old one, and a sequencer would lose its unbatched blocks.
func MigrateOldLayout(dataDir string) (bool, error) {
	old, cur := filepath.Join(dataDir, OldInstanceDir), filepath.Join(dataDir, "geth")
	if _, err := os.Stat(filepath.Join(old, "chaindata")); err != nil {
		return false, nil
	}
	if _, err := os.Stat(filepath.Join(cur, "chaindata")); err == nil {
		return false, fmt.Errorf("%s and %s both hold a chain (%s is ai-geth's from before it became geth's own command): keep one, remove the other, and start again", old, cur, old)
	}
	lock := flock.New(filepath.Join(old, "LOCK"))
	locked, err := lock.TryLock()
	if err != nil {
		return false, fmt.Errorf("lock %s: %w", old, err)
	}
	if !locked {
		return false, fmt.Errorf("%s is in use by another process: stop it first", old)
	}
	defer lock.Unlock()
	if err := os.MkdirAll(cur, 0o700); err != nil {
		return false, err
	}
	entries, err := os.ReadDir(old)
	if err != nil {
		return false, err
	}
	for _, e := range entries {
		if e.Name() == "LOCK" {
			continue
		}
		dst := filepath.Join(cur, e.Name())
		// What a start without a chain left there (a node key, a JWT secret)
		// gives way to the chain's own.
		if err := os.RemoveAll(dst); err != nil {
			return false, err
		}
		if err := os.Rename(filepath.Join(old, e.Name()), dst); err != nil {
			return false, fmt.Errorf("move %s into %s: %w", e.Name(), cur, err)
		}
	}
	lock.Unlock()
	if err := os.RemoveAll(old); err != nil {
		return true, err
	}
	return true, nil
}

// CheckPeer validates a model store peer (--ai.peers): an http or https
// gateway URL with a host, so that a typo fails at start, not at the first
// fetch.
func CheckPeer(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("peer %q: %w", raw, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("peer %q: want an http:// or https:// gateway URL", raw)
	}
	if u.Host == "" || u.Hostname() == "" {
		return fmt.Errorf("peer %q: no host", raw)
	}
	if u.Port() != "" {
		if p, err := strconv.Atoi(u.Port()); err != nil || p < 1 || p > 65535 {
			return fmt.Errorf("peer %q: bad port", raw)
		}
	}
	if u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return fmt.Errorf("peer %q: a gateway URL has no user, query or fragment", raw)
	}
	return nil
}

// Attach gives the AI side the node's chain: the precompile's rebuilds read
// it, and the follower watches its logs. geth's makeFullNode calls it right
// after creating the eth service, before the Engine API can deliver a block.
func (n *Node) Attach(e *eth.Ethereum) {
	if e == nil {
		return
	}
	n.bc = e.BlockChain()
	n.chain.chain.Store(n.bc)
}

// Start serves the gateway and starts the follower and the metrics updater
// (node.Lifecycle).
func (n *Node) Start() error {
	if n.gateway != "" {
		gw, err := server.ServeHTTP(n.store, n.gateway)
		if err != nil {
			return fmt.Errorf("model store gateway: %w", err)
		}
		log.Info("Model store gateway", "url", gw.URL())
		n.closers = append(n.closers, func() { gw.Close() })
	}
	ctx, cancel := context.WithCancel(context.Background())
	n.cancel = cancel
	if n.bc != nil {
		fl := &follower{bc: n.bc, chain: n.chain, st: n.store, fetcher: n.fetcher}
		n.wg.Add(1)
		go func() {
			defer n.wg.Done()
			fl.run(ctx)
		}()
	}
	n.wg.Add(1)
	go func() {
		defer n.wg.Done()
		n.updateMetrics(ctx)
	}()
	return nil
}

// Stop stops the follower and closes the gateway and the store
// (node.Lifecycle).
func (n *Node) Stop() error {
	if n.cancel != nil {
		n.cancel()
		n.wg.Wait() // the follower and the metrics, before the store closes
	}
	for i := len(n.closers) - 1; i >= 0; i-- {
		n.closers[i]()
	}
	n.closers = nil
	return nil
}

// updateMetrics copies the cache's and the chain's counts into the metrics
// every 3 seconds.
func (n *Node) updateMetrics(ctx context.Context) {
	t := time.NewTicker(3 * time.Second)
	defer t.Stop()
	var last struct{ hits, loads, fetches, rebuilds int64 }
	for {
		inc := func(c *metrics.Counter, now int64, prev *int64) {
			c.Inc(now - *prev)
			*prev = now
		}
		inc(cacheHits, n.cache.Stats.Hits.Load(), &last.hits)
		inc(cacheLoads, n.cache.Stats.Loads.Load(), &last.loads)
		inc(modelFetch, n.cache.Stats.Fetches.Load(), &last.fetches)
		inc(rebuilds, n.chain.rebuilds.Load(), &last.rebuilds)
		cacheBytes.Update(n.cache.Size())
		storeModels.Update(int64(len(n.store.List())))
		select {
		case <-t.C:
		case <-ctx.Done():
			return
		}
	}
}

// RegistryPredeploy is the genesis account of ModelRegistry at
// DefaultRegistry: its runtime code, and optionally models registered at
// genesis (their records and the address list, in the contract's storage
// layout).
func RegistryPredeploy(genesisModels ...GenesisModel) types.Account {
	acc := types.Account{Balance: big.NewInt(0), Code: common.FromHex(bindings.ModelRegistryRuntime), Storage: map[common.Hash]common.Hash{}}
	one := common.BigToHash(big.NewInt(1))
	base := new(big.Int).SetBytes(crypto.Keccak256(one.Bytes()))
	for i, m := range genesisModels {
		rec := new(big.Int).SetBytes(crypto.Keccak256(m.Address[:], make([]byte, 32)))
		// Slot 0 of the record: the CID string.
		storeString(acc.Storage, common.BigToHash(rec), m.CID)
		// Slot 1: size | macs<<64 | floatOps<<128 | intOps<<192.
		packed := new(big.Int).SetUint64(m.Size)
		packed.Or(packed, new(big.Int).Lsh(new(big.Int).SetUint64(m.MACs), 64))
		packed.Or(packed, new(big.Int).Lsh(new(big.Int).SetUint64(m.FloatOps), 128))
		packed.Or(packed, new(big.Int).Lsh(new(big.Int).SetUint64(m.IntOps), 192))
		acc.Storage[common.BigToHash(new(big.Int).Add(rec, big.NewInt(1)))] = common.BigToHash(packed)
		// Slot 2: registrant | registeredAt<<160 (block 0).
		if m.Registrant != (common.Address{}) {
			acc.Storage[common.BigToHash(new(big.Int).Add(rec, big.NewInt(2)))] = common.BytesToHash(m.Registrant.Bytes())
		}
		acc.Storage[common.BigToHash(new(big.Int).Add(base, big.NewInt(int64(i))))] = common.Hash(m.Address)
	}
	acc.Storage[one] = common.BigToHash(big.NewInt(int64(len(genesisModels))))
	return acc
}

// GenesisModel is a model registered at genesis.
type GenesisModel struct {
	Address                      model.Address
	CID                          string
	Size, MACs, FloatOps, IntOps uint64
	// Registrant may later record the model's attestation (zero: nobody).
	Registrant common.Address
}

// storeString writes a Solidity storage string at slot: up to 31 bytes
// inline (data, then 2*len in the last byte); longer ones as 2*len+1 in the
// slot and the bytes from keccak256(slot) on.
func storeString(st map[common.Hash]common.Hash, slot common.Hash, s string) {
	if len(s) < 32 {
		var h common.Hash
		copy(h[:], s)
		h[31] = byte(2 * len(s))
		st[slot] = h
		return
	}
	st[slot] = common.BigToHash(big.NewInt(int64(2*len(s) + 1)))
	data := new(big.Int).SetBytes(crypto.Keccak256(slot[:]))
	for i := 0; i*32 < len(s); i++ {
		var h common.Hash
		copy(h[:], s[i*32:])
		st[common.BigToHash(new(big.Int).Add(data, big.NewInt(int64(i))))] = h
	}
}
