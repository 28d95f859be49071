// Command aievm-program-host is the host of the AI EVM's fault-proof program:
// OP's op-program host (the flags, the server mode Cannon and op-challenger
// use), whose prefetcher also answers the program's l2-model hints with the
// model's Merkle-tree preimages, rebuilt from the L2 node's logs
// (fraudproof/modeloracle). Give it to op-challenger as --cannon-server.
package main

import (
	"context"
	"fmt"
	"os"

	preimage "github.com/ethereum-optimism/optimism/op-preimage"
	"github.com/ethereum-optimism/optimism/op-program/host"
	hostcommon "github.com/ethereum-optimism/optimism/op-program/host/common"
	"github.com/ethereum-optimism/optimism/op-program/host/config"
	"github.com/ethereum-optimism/optimism/op-program/host/flags"
	"github.com/ethereum-optimism/optimism/op-program/host/kvstore"
	"github.com/ethereum-optimism/optimism/op-program/host/prefetcher"
	opclient "github.com/ethereum-optimism/optimism/op-service/client"
	"github.com/ethereum-optimism/optimism/op-service/ctxinterrupt"
	"github.com/ethereum-optimism/optimism/op-service/eth"
	oplog "github.com/ethereum-optimism/optimism/op-service/log"
	"github.com/ethereum-optimism/optimism/op-service/sources"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/log"
	"github.com/urfave/cli/v2"

	"github.com/aievm/aievm/fraudproof/modeloracle"
	"github.com/aievm/aievm/geth-fork/precompile"
	"github.com/aievm/aievm/model-da/onchain"
	"github.com/aievm/aievm/opml/kernelcap"
	"github.com/aievm/aievm/opml/model"
)

// registryFlag names the chain's ModelRegistry (the address the program's
// precompile gate reads).
var registryFlag = &cli.StringFlag{
	Name:    "ai.registry",
	Usage:   "ModelRegistry address on L2, where the host rebuilds models from",
	Value:   precompile.DefaultRegistry.Hex(),
	EnvVars: []string{"AIEVM_REGISTRY"},
}

func main() {
	oplog.SetupDefaults()
	app := cli.NewApp()
	app.Name = "aievm-program-host"
	app.Usage = "op-program's host for the AI EVM fault-proof program"
	app.Flags = append(append([]cli.Flag{}, flags.Flags...), registryFlag)
	app.Action = run
	if err := app.Run(os.Args); err != nil {
		log.Crit("aievm-program-host failed", "err", err)
	}
}

func run(ctx *cli.Context) error {
	if kernelcap.Err != nil { // the model trees it rebuilds hash with the chosen kernels
		return kernelcap.Err
	}
	logger := oplog.NewLogger(oplog.AppOut(ctx), oplog.ReadCLIConfig(ctx))
	oplog.SetGlobalLogHandler(logger.Handler())
	reg := ctx.String(registryFlag.Name)
	if !common.IsHexAddress(reg) {
		return fmt.Errorf("--%s %q is not an address", registryFlag.Name, reg)
	}
	cfg, err := config.NewConfigFromCLI(logger, ctx)
	if err != nil {
		return err
	}
	if err := cfg.Check(); err != nil {
		return fmt.Errorf("invalid config: %w", err)
	}
	creator := prefetcherWithModels(common.HexToAddress(reg))
	hostCtx, stop := ctxinterrupt.WithSignalWaiter(context.Background())
	defer stop()
	c := ctxinterrupt.WithCancelOnInterrupt(hostCtx)
	if cfg.ServerMode {
		return hostcommon.RunPreimageServer(c, logger, cfg, preimage.ClientPreimageChannel(), preimage.ClientHinterChannel(), creator)
	}
	if err := hostcommon.FaultProofProgram(c, logger, cfg, hostcommon.WithPrefetcher(creator)); err != nil {
		return err
	}
	logger.Info("Claim successfully verified")
	return nil
}

// prefetcherWithModels is op-program's online prefetcher (as its host builds
// it) wrapped to answer l2-model hints.
func prefetcherWithModels(registry common.Address) hostcommon.PrefetcherCreator {
	return func(ctx context.Context, logger log.Logger, kv kvstore.KV, cfg *config.Config) (hostcommon.Prefetcher, error) {
		if !cfg.FetchingEnabled() {
			return nil, nil // offline: every preimage, models' too, must be in the data directory
		}
		l1RPC, err := opclient.NewRPC(ctx, logger, cfg.L1URL, opclient.WithDialAttempts(10))
		if err != nil {
			return nil, fmt.Errorf("L1 RPC: %w", err)
		}
		l1Cl, err := sources.NewL1Client(l1RPC, logger, nil, sources.L1ClientSimpleConfig(cfg.L1TrustRPC, cfg.L1RPCKind, 100))
		if err != nil {
			return nil, fmt.Errorf("L1 client: %w", err)
		}
		beacon := sources.NewL1BeaconClient(sources.NewBeaconHTTPClient(opclient.NewBasicHTTPClient(cfg.L1BeaconURL, logger)),
			sources.L1BeaconClientConfig{FetchAllSidecars: false})
		l2Sources, err := prefetcher.NewRetryingL2SourcesFromURLs(ctx, logger, cfg.Rollups, cfg.L2URLs, cfg.L2ExperimentalURLs)
		if err != nil {
			return nil, fmt.Errorf("L2 sources: %w", err)
		}
		p := prefetcher.NewPrefetcher(logger, l1Cl, beacon, eth.ChainIDFromBig(cfg.Rollups[0].L2ChainID), l2Sources, kv,
			host.MakeProgramExecutor(logger, cfg), cfg.L2Head, cfg.AgreedPrestate)
		l2, err := ethclient.DialContext(ctx, cfg.L2URLs[0])
		if err != nil {
			return nil, fmt.Errorf("L2 RPC %s: %w", cfg.L2URLs[0], err)
		}
		fetch := func(ctx context.Context, addr model.Address) ([]byte, error) {
			logger.Info("Rebuilding a model from L2 logs", "model", common.Hash(addr))
			return onchain.RebuildRPC(ctx, l2, registry, addr)
		}
		return modeloracle.WithModels(p, kv, fetch), nil
	}
}
