// Package aigeth assembles the ai-geth execution client: op-geth's node,
// eth service and Engine API (from go-ethereum's cmd/utils, with the flags an
// operator already uses), plus the model store and the inference precompile
// behind the ModelRegistry gate. cmd/ai-geth is its thin main.
package aigeth

import (
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"os"
	"time"

	"github.com/ethereum/go-ethereum/cmd/utils"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/eth/catalyst"
	"github.com/ethereum/go-ethereum/eth/ethconfig"
	"github.com/ethereum/go-ethereum/log"
	"github.com/ethereum/go-ethereum/metrics"
	"github.com/ethereum/go-ethereum/node"
	"github.com/urfave/cli/v2"

	"github.com/aievm/aievm/contracts/bindings"
	"github.com/aievm/aievm/geth-fork/precompile"
	"github.com/aievm/aievm/model-da/fetch"
	"github.com/aievm/aievm/model-da/models"
	"github.com/aievm/aievm/model-da/server"
	"github.com/aievm/aievm/model-da/store"
	"github.com/aievm/aievm/opml/model"
)

// DefaultRegistry is ModelRegistry's predeploy address on AI EVM chains.
var DefaultRegistry = precompile.DefaultRegistry

// AI flags: the model store and the precompile.
var (
	AIDataDirFlag = &cli.StringFlag{Name: "ai.datadir", Usage: "model store directory (default: <datadir>/models)", Category: "AI EVM"}
	AIPeersFlag   = &cli.StringSliceFlag{Name: "ai.peers", Usage: "model store peers: gateway URLs (http://host:port)", Category: "AI EVM"}
	AICacheFlag   = &cli.IntFlag{Name: "ai.cache", Value: 2048, Usage: "MiB of parsed models kept in memory", Category: "AI EVM"}
	AIGatewayFlag = &cli.StringFlag{Name: "ai.gateway", Usage: "serve the model store's trustless gateway on this address (host:port; empty: off)", Category: "AI EVM"}
	AIRegistry    = &cli.StringFlag{Name: "ai.registry", Value: DefaultRegistry.Hex(), Usage: "ModelRegistry address (the registry gate)", Category: "AI EVM"}
	AITimeoutFlag = &cli.DurationFlag{Name: "ai.timeout", Value: 30 * time.Second, Usage: "how long a call may take to read a model from the local store", Category: "AI EVM"}
)

// Flags are every flag ai-geth accepts: the geth and op-geth ones that
// utils.SetNodeConfig and SetEthConfig read, and the AI ones.
var Flags = []cli.Flag{
	utils.DataDirFlag, utils.CacheFlag, utils.TxLookupLimitFlag, utils.NetworkIdFlag, utils.SyncModeFlag, utils.GCModeFlag,
	utils.StateSchemeFlag, utils.HTTPEnabledFlag, utils.HTTPListenAddrFlag, utils.HTTPPortFlag, utils.HTTPApiFlag,
	utils.HTTPVirtualHostsFlag, utils.HTTPCORSDomainFlag, utils.WSEnabledFlag, utils.WSListenAddrFlag, utils.WSPortFlag,
	utils.WSApiFlag, utils.AuthListenFlag, utils.AuthPortFlag, utils.AuthVirtualHostsFlag, utils.JWTSecretFlag,
	utils.IPCDisabledFlag, utils.IPCPathFlag, utils.NoDiscoverFlag, utils.MaxPeersFlag, utils.ListenPortFlag, utils.CryptoKZGFlag,
	utils.RollupSequencerHTTPFlag, utils.RollupTxPoolDisableGossipFlag, utils.RollupHistoricalRPCFlag,
	utils.RollupComputePendingBlock, utils.MetricsEnabledFlag, utils.MetricsHTTPFlag, utils.MetricsPortFlag,
	AIDataDirFlag, AIPeersFlag, AICacheFlag, AIGatewayFlag, AIRegistry, AITimeoutFlag,
}

// Main runs ai-geth with args (args[0] is the program name) and logs to
// stderr as geth does; it returns the process exit code. cmd/ai-geth, the
// aievm CLI's ai-geth command and the e2e tests' child processes use it.
func Main(args []string) int {
	log.SetDefault(log.NewLogger(log.NewTerminalHandlerWithLevel(os.Stderr, log.LevelInfo, true)))
	if err := NewApp().Run(args); err != nil {
		fmt.Fprintln(os.Stderr, "ai-geth:", err)
		return 1
	}
	return 0
}

// NewApp returns the ai-geth command.
func NewApp() *cli.App {
	return &cli.App{
		Name:   "ai-geth",
		Usage:  "the AI EVM execution client: op-geth with the inference precompile",
		Flags:  Flags,
		Action: run,
		Commands: []*cli.Command{{
			Name:      "init",
			Usage:     "Write a genesis block from a genesis.json (like geth init)",
			ArgsUsage: "<genesis.json>",
			Flags:     Flags,
			Action:    initGenesis,
		}},
	}
}

func makeStack(ctx *cli.Context) (*node.Node, error) {
	cfg := node.DefaultConfig
	cfg.Name = "ai-geth"
	// As geth: an IPC endpoint in the data dir (every namespace, for local
	// tools such as the fault-proof host: never exposed to web pages).
	cfg.IPCPath = "ai-geth.ipc"
	// As geth's own main does: eth is served by default next to net and web3.
	cfg.HTTPModules = append(cfg.HTTPModules, "eth")
	cfg.WSModules = append(cfg.WSModules, "eth")
	utils.SetNodeConfig(ctx, &cfg)
	return node.New(&cfg)
}

// Metrics of the AI EVM, exported with geth's (--metrics, Prometheus at
// /debug/metrics/prometheus on --metrics.addr:--metrics.port).
var (
	cacheHits   = metrics.NewRegisteredGauge("aievm/models/hits", nil)
	cacheLoads  = metrics.NewRegisteredGauge("aievm/models/loads", nil)
	modelFetch  = metrics.NewRegisteredGauge("aievm/models/fetches", nil)
	cacheBytes  = metrics.NewRegisteredGauge("aievm/models/bytes", nil)
	rebuilds    = metrics.NewRegisteredGauge("aievm/models/rebuilds", nil)
	storeModels = metrics.NewRegisteredGauge("aievm/store/models", nil)
)

// setupAI opens the model store, starts its gateway if asked, and registers
// the gated inference precompile. It must run before any EVM does.
func setupAI(ctx *cli.Context, stack *node.Node) (*aiNode, error) {
	if mib := ctx.Int(AICacheFlag.Name); mib < model.MaxFileSize>>20 {
		return nil, fmt.Errorf("--%s %d: at least %d MiB, the largest model, so that every model a node runs stays parsed", AICacheFlag.Name, mib, model.MaxFileSize>>20)
	}
	dir := ctx.String(AIDataDirFlag.Name)
	if dir == "" {
		dir = stack.ResolvePath("models")
	}
	st, err := store.Open(dir)
	if err != nil {
		return nil, err
	}
	var peers []fetch.Peer
	var resolvers []fetch.Resolver
	for _, p := range ctx.StringSlice(AIPeersFlag.Name) {
		peer, res := fetch.FromGateway(p)
		peers, resolvers = append(peers, peer), append(resolvers, res)
	}
	f := fetch.New(st, peers, fetch.Options{Resolvers: resolvers})
	// The precompile reads local data only (the store, else the node's own
	// chain); peers fill the store in the background (follower).
	cache := models.New(st, nil, int64(ctx.Int(AICacheFlag.Name))<<20)
	if !common.IsHexAddress(ctx.String(AIRegistry.Name)) {
		st.Close()
		return nil, fmt.Errorf("--%s: %q is not an address", AIRegistry.Name, ctx.String(AIRegistry.Name))
	}
	registry := common.HexToAddress(ctx.String(AIRegistry.Name))
	chain := &chainModels{registry: registry, st: st, cache: cache}
	p := precompile.New(cache, precompile.DefaultGas, ctx.Duration(AITimeoutFlag.Name)).WithRegistry(registry, chain.Rebuild)
	p.Log = func(format string, args ...any) {
		log.Error("Inference precompile: node fault (block building leaves the transaction out, block import halts)", "err", fmt.Sprintf(format, args...))
	}
	if err := precompile.Register(p); err != nil {
		st.Close()
		return nil, err
	}
	closers := []func(){func() { st.Close() }}
	if addr := ctx.String(AIGatewayFlag.Name); addr != "" {
		gw, err := server.ServeHTTP(st, addr)
		if err != nil {
			st.Close()
			return nil, err
		}
		log.Info("Model store gateway", "url", gw.URL())
		closers = append(closers, func() { gw.Close() })
	}
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(3 * time.Second)
		defer t.Stop()
		for {
			cacheHits.Update(cache.Stats.Hits.Load())
			cacheLoads.Update(cache.Stats.Loads.Load())
			modelFetch.Update(cache.Stats.Fetches.Load())
			cacheBytes.Update(cache.Size())
			rebuilds.Update(chain.rebuilds.Load())
			storeModels.Update(int64(len(st.List())))
			select {
			case <-t.C:
			case <-done:
				return
			}
		}
	}()
	log.Info("AI EVM ready", "models", len(st.List()), "store", dir, "registry", ctx.String(AIRegistry.Name))
	return &aiNode{store: st, fetcher: f, chain: chain, close: func() {
		close(done)
		for i := len(closers) - 1; i >= 0; i-- {
			closers[i]()
		}
	}}, nil
}

// aiNode is the AI side of a running node.
type aiNode struct {
	store   *store.Store
	fetcher *fetch.Fetcher
	chain   *chainModels
	close   func()
}

func run(ctx *cli.Context) error {
	if ctx.Bool(utils.MetricsEnabledFlag.Name) {
		utils.SetupMetrics(&metrics.Config{Enabled: true, HTTP: ctx.String(utils.MetricsHTTPFlag.Name), Port: ctx.Int(utils.MetricsPortFlag.Name)})
	}
	stack, err := makeStack(ctx)
	if err != nil {
		return fmt.Errorf("node: %w", err)
	}
	defer stack.Close()
	ai, err := setupAI(ctx, stack)
	if err != nil {
		return fmt.Errorf("ai: %w", err)
	}
	defer ai.close()
	ethCfg := ethconfig.Defaults
	utils.SetEthConfig(ctx, stack, &ethCfg)
	backend, eth := utils.RegisterEthService(stack, &ethCfg)
	ai.chain.chain.Store(eth.BlockChain()) // before the Engine API can deliver a block
	utils.RegisterFilterAPI(stack, backend, &ethCfg)
	if err := catalyst.Register(stack, eth); err != nil { // engine_* for op-node (JWT on the auth port)
		return err
	}
	utils.StartNode(ctx, stack, false)
	pctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	fl := &follower{bc: eth.BlockChain(), chain: ai.chain, st: ai.store, fetcher: ai.fetcher}
	go fl.run(pctx)
	stack.Wait()
	return nil
}

func initGenesis(ctx *cli.Context) error {
	if ctx.NArg() != 1 {
		return fmt.Errorf("expected one genesis.json argument")
	}
	f, err := os.Open(ctx.Args().First())
	if err != nil {
		return err
	}
	defer f.Close()
	genesis := new(core.Genesis)
	if err := json.NewDecoder(f).Decode(genesis); err != nil {
		return fmt.Errorf("genesis %s: %w", ctx.Args().First(), err)
	}
	stack, err := makeStack(ctx)
	if err != nil {
		return err
	}
	defer stack.Close()
	db := utils.MakeChainDatabase(ctx, stack, false)
	defer db.Close()
	tdb := utils.MakeTrieDatabase(ctx, stack, db, false, false, genesis.IsVerkle())
	defer tdb.Close()
	_, hash, _, err := core.SetupGenesisBlockWithOverride(db, tdb, genesis, nil, nil)
	if err != nil {
		return fmt.Errorf("write genesis: %w", err)
	}
	log.Info("Wrote genesis", "hash", hash)
	fmt.Println(hash.Hex())
	return nil
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
