package cli

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/ethereum/go-ethereum/log"
	"github.com/urfave/cli/v2"

	"github.com/aievm/aievm/internal/svcbin"
	"github.com/aievm/aievm/op-node-ext/devnet"
)

var (
	devnetDataDir  = &cli.StringFlag{Name: "datadir", Value: devnet.Default().DataDir, Usage: "devnet state: chain, keys' genesis, node data, logs"}
	devnetConfig   = &cli.StringFlag{Name: "config", Usage: "TOML file overriding the defaults (keys as in op-node-ext/README.md)"}
	devnetL1RPC    = &cli.StringFlag{Name: "l1-rpc", Usage: "external L1 JSON-RPC (e.g. Sepolia) instead of the in-process dev chain"}
	devnetL1Beacon = &cli.StringFlag{Name: "l1-beacon", Usage: "external L1 beacon API (with --l1-rpc)"}
	devnetL1Config = &cli.StringFlag{Name: "l1-chain-config", Usage: "JSON chain config of an external L1 op-node does not know by chain id (it knows mainnet, sepolia, hoodi)"}
	devnetL1Chain  = &cli.Uint64Flag{Name: "l1-chain-id", Usage: "L1 chain id (default: 900 locally; 11155111 for Sepolia)"}
	devnetL2Chain  = &cli.Uint64Flag{Name: "l2-chain-id", Usage: "L2 chain id (default 901)"}
	devnetOPC      = &cli.StringFlag{Name: "op-contracts", Value: devnet.Default().OPContracts, Usage: "OP's compiled contracts-bedrock (make op-contracts), deployed by op-deployer on first start"}
	devnetLog      = &cli.StringFlag{Name: "log.level", Value: "info", Usage: "level of <datadir>/devnet.log, the in-process services' log: error, warn, info, debug"}
	devnetWebDir   = &cli.StringFlag{Name: "web.dir", Value: devnet.Default().WebDir, Usage: "the dapp page's build (make web), served with the chain's /config.json; empty: no page"}
	devnetWebPort  = &cli.IntFlag{Name: "web.port", Value: devnet.Default().Ports.Web, Usage: "port of the dapp page (0: any free port)"}
	devnetLiar     = &cli.BoolFlag{Name: "proposer.dishonest", Usage: "demonstration: the proposer posts a wrong output root for each proposal whose blocks call a model, and defends it; op-challenger defeats it at a MIPS step on L1"}
	devnetKeyFlags = []cli.Flag{
		&cli.StringFlag{Name: "deployer-key", EnvVars: []string{"AIEVM_DEPLOYER_KEY"}, Usage: "hex key that deploys the L1 contracts (deploy-l1)"},
		&cli.StringFlag{Name: "batcher-key", EnvVars: []string{"AIEVM_BATCHER_KEY"}, Usage: "hex key of op-batcher's L1 account"},
		&cli.StringFlag{Name: "proposer-key", EnvVars: []string{"AIEVM_PROPOSER_KEY"}, Usage: "hex key of the proposer's L1 account"},
		&cli.StringFlag{Name: "challenger-key", EnvVars: []string{"AIEVM_CHALLENGER_KEY"}, Usage: "hex key of the devnet challenger's L1 account"},
		&cli.StringFlag{Name: "sequencer-key", EnvVars: []string{"AIEVM_SEQUENCER_KEY"}, Usage: "hex key of the sequencer (the unsafe-block signer recorded in SystemConfig)"},
	}
)

// DevnetCommand runs the local rollup (`make run`) or deploys its L1 side
// to an external L1.
var DevnetCommand = &cli.Command{
	Name:   "devnet",
	Usage:  "run the AI EVM rollup on loopback: L1, ai-geth sequencer and verifier, op-node, op-batcher, proposer",
	Flags:  append([]cli.Flag{devnetDataDir, devnetConfig, devnetL1RPC, devnetL1Beacon, devnetL1Config, devnetL1Chain, devnetL2Chain, devnetOPC, devnetLog, devnetWebDir, devnetWebPort, devnetLiar}, devnetKeyFlags...),
	Action: runDevnet,
	Subcommands: []*cli.Command{{
		Name:   "deploy-l1",
		Usage:  "deploy the rollup's L1 contracts to --l1-rpc and write the chain into --datadir (then run `aievm devnet` with the same flags)",
		Flags:  append([]cli.Flag{devnetDataDir, devnetConfig, devnetL1RPC, devnetL1Beacon, devnetL1Config, devnetL1Chain, devnetL2Chain, devnetOPC, devnetLog}, devnetKeyFlags...),
		Action: deployL1,
	}, {
		Name:   "prestate",
		Usage:  "build the fault-proof program of the chain in --datadir again into --out and print its absolute prestate (a reproducibility check)",
		Flags:  []cli.Flag{devnetDataDir, &cli.StringFlag{Name: "out", Required: true, Usage: "directory for the program and its Cannon state"}},
		Action: devnetPrestate,
	}},
}

func devnetPrestate(c *cli.Context) error {
	t0 := time.Now()
	st, err := devnet.ReadState(c.String(devnetDataDir.Name))
	if err != nil {
		return err
	}
	p, err := devnet.BuildPrestate(c.Context, c.String(devnetDataDir.Name), st.Registry, devnet.DefaultFaultProof().Toolchain(), c.String("out"))
	if err != nil {
		return err
	}
	fmt.Fprintf(c.App.Writer, "absolute prestate %s (%s, built in %s)\n", p.Hash, p.ELF, time.Since(t0).Round(time.Millisecond))
	return nil
}

// devnetConfigFrom reads the config (defaults, TOML, flags) and opens the
// services' log file in the data dir; close it when done.
func devnetConfigFrom(c *cli.Context) (devnet.Config, log.Logger, func(), error) {
	cfg := devnet.Default()
	if p := c.String(devnetConfig.Name); p != "" {
		if err := devnet.LoadTOML(p, &cfg); err != nil {
			return cfg, nil, nil, err
		}
	}
	if c.IsSet(devnetDataDir.Name) || cfg.DataDir == "" {
		cfg.DataDir = c.String(devnetDataDir.Name)
	}
	if v := c.String(devnetL1RPC.Name); v != "" {
		// An external L1: no dev accounts or attestation path, whose keys
		// derive from the public seed (a TOML config must say so itself).
		cfg.L1RPC, cfg.Users, cfg.Attest = v, 0, false
	}
	if v := c.String(devnetL1Beacon.Name); v != "" {
		cfg.L1Beacon = v
	}
	if v := c.String(devnetL1Config.Name); v != "" {
		cfg.L1ChainConfig = v
	}
	if c.IsSet(devnetOPC.Name) {
		cfg.OPContracts = c.String(devnetOPC.Name)
	}
	if c.IsSet(devnetWebDir.Name) {
		cfg.WebDir = c.String(devnetWebDir.Name)
	}
	if c.IsSet(devnetWebPort.Name) {
		cfg.Ports.Web = c.Int(devnetWebPort.Name)
	}
	if c.IsSet(devnetL1Chain.Name) {
		cfg.L1ChainID = c.Uint64(devnetL1Chain.Name)
	}
	if c.IsSet(devnetL2Chain.Name) {
		cfg.L2ChainID = c.Uint64(devnetL2Chain.Name)
	}
	for _, k := range []struct {
		flag string
		dst  *string
	}{{"deployer-key", &cfg.DeployerKey}, {"batcher-key", &cfg.BatcherKey}, {"proposer-key", &cfg.ProposerKey},
		{"challenger-key", &cfg.ChallengerKey}, {"sequencer-key", &cfg.SequencerKey}} {
		if v := c.String(k.flag); v != "" {
			*k.dst = v
		}
	}
	if c.Bool(devnetLiar.Name) {
		cfg.FaultProof.DishonestProposer = true
	}
	if c.IsSet(devnetLog.Name) || cfg.LogLevel == "" {
		cfg.LogLevel = c.String(devnetLog.Name)
	}
	lvl, ok := map[string]slog.Level{"error": log.LevelError, "warn": log.LevelWarn, "info": log.LevelInfo, "debug": log.LevelDebug}[cfg.LogLevel]
	if !ok {
		return cfg, nil, nil, fmt.Errorf("--log.level %q: want error, warn, info or debug", cfg.LogLevel)
	}
	cfg.ForExternalL1()
	if len(cfg.GethCommand) == 0 {
		bin, err := svcbin.Find("ai-geth")
		if err != nil {
			return cfg, nil, nil, err
		}
		cfg.GethCommand = []string{bin}
	}
	if err := os.MkdirAll(cfg.DataDir, 0o755); err != nil {
		return cfg, nil, nil, err
	}
	f, err := os.OpenFile(filepath.Join(cfg.DataDir, "devnet.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return cfg, nil, nil, err
	}
	lg := log.NewLogger(log.NewTerminalHandlerWithLevel(f, lvl, false))
	return cfg, lg, func() { f.Close() }, nil
}

func runDevnet(c *cli.Context) error {
	cfg, lg, closeLog, err := devnetConfigFrom(c)
	if err != nil {
		return err
	}
	defer closeLog()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	start := time.Now()
	fmt.Fprintf(c.App.Writer, "Starting the AI EVM devnet in %s ...\n", cfg.DataDir)
	d, err := devnet.Start(ctx, cfg, lg)
	if err != nil {
		return err
	}
	d.PrintInfo(c.App.Writer)
	fmt.Fprintf(c.App.Writer, "(up in %s)\n", time.Since(start).Round(time.Millisecond))
	<-ctx.Done()
	fmt.Fprintln(c.App.Writer, "\nStopping the devnet ...")
	return d.Close()
}

func deployL1(c *cli.Context) error {
	cfg, lg, closeLog, err := devnetConfigFrom(c)
	if err != nil {
		return err
	}
	defer closeLog()
	if cfg.L1RPC == "" {
		return fmt.Errorf("deploy-l1 needs --l1-rpc (the local devnet deploys its own on first start)")
	}
	st, err := devnet.CreateChain(c.Context, cfg, lg)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.App.Writer, "OptimismPortal2    %s\nDisputeGameFactory %s\nL1StandardBridge   %s\nSystemConfig       %s\nInferenceOracle    %s\nL2 genesis         %s\nwritten to %s\n",
		st.Contracts.OptimismPortal, st.Contracts.DisputeGameFactory, st.Contracts.L1StandardBridge, st.Contracts.SystemConfig, st.Oracle.Oracle, st.L2Genesis, cfg.DataDir)
	return nil
}
