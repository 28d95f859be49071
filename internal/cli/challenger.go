package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/urfave/cli/v2"

	"github.com/aievm/aievm/fraudproof"
	"github.com/aievm/aievm/fraudproof/prove"
	"github.com/aievm/aievm/geth-fork/aigeth"
	"github.com/aievm/aievm/internal/l1tx"
	"github.com/aievm/aievm/model-da/models"
	"github.com/aievm/aievm/model-da/onchain"
	"github.com/aievm/aievm/opml/examples"
	"github.com/aievm/aievm/opml/examples/classic"
	"github.com/aievm/aievm/opml/examples/iris"
	"github.com/aievm/aievm/opml/model"
)

var (
	chL1RPC    = &cli.StringFlag{Name: "l1-eth-rpc", Value: "http://127.0.0.1:8545", Usage: "L1 JSON-RPC of the chain the InferenceOracle is on"}
	chOracle   = &cli.StringFlag{Name: "oracle", Usage: "InferenceOracle address (required; `make run` prints the devnet's)"}
	chKey      = &cli.StringFlag{Name: "private-key", EnvVars: []string{"AIEVM_CHALLENGER_KEY"}, Usage: "hex key of the challenger's L1 account, which pays bonds and gas (or --keystore)"}
	chDataDir  = &cli.StringFlag{Name: "datadir", Value: "data/challenger", Usage: "game state (games.json, resumed on restart) and model store (models/)"}
	chPeers    = &cli.StringSliceFlag{Name: "ai.peers", Usage: "model store peers: trustless gateway URLs (the devnet's: http://127.0.0.1:5001)"}
	chCache    = &cli.IntFlag{Name: "ai.cache", Value: 2048, Usage: "MiB of parsed models kept in memory"}
	chL2RPC    = &cli.StringFlag{Name: "l2-eth-rpc", Usage: "L2 JSON-RPC: rebuild models no peer has from their publication on chain"}
	chRegistry = &cli.StringFlag{Name: "ai.registry", Value: aigeth.DefaultRegistry.Hex(), Usage: "ModelRegistry address on L2"}
	chPoll     = &cli.DurationFlag{Name: "poll-interval", Value: time.Second, Usage: "time between two looks at the oracle"}
	// Transaction manager (op-service's txmgr), named as op-challenger's.
	txConfirmations = &cli.Uint64Flag{Name: "num-confirmations", Value: 3, Usage: "blocks that make a sent transaction final"}
	txResubmit      = &cli.DurationFlag{Name: "resubmission-timeout", Value: 24 * time.Second, Usage: "resend a transaction with higher fees after this long"}
	txReceiptPoll   = &cli.DurationFlag{Name: "txmgr.receipt-query-interval", Value: 12 * time.Second, Usage: "how often to look for a sent transaction's receipt"}
	chMetrics       = &cli.BoolFlag{Name: "metrics.enabled", Usage: "serve Prometheus metrics at http://<metrics.addr>:<metrics.port>/metrics"}
	chMetAddr       = &cli.StringFlag{Name: "metrics.addr", Value: "127.0.0.1", Usage: "metrics listen address"}
	chMetPort       = &cli.IntFlag{Name: "metrics.port", Value: 7300, Usage: "metrics listen port"}
	chLogLevel      = &cli.StringFlag{Name: "log.level", Value: "info", Usage: "error, warn, info or debug"}
)

// ChallengerCommand runs the opML challenger: it watches the InferenceOracle,
// re-runs every claim with the engine, disputes wrong ones and defends the
// account's own claims until the game is won.
var ChallengerCommand = &cli.Command{
	Name:  "challenger",
	Usage: "watch the InferenceOracle on L1, challenge wrong inference claims and win the games",
	Flags: []cli.Flag{chL1RPC, chL2RPC, chOracle, chKey, keystoreFlag, passwordFlag, chDataDir, chPeers, chRegistry, chCache, chPoll, txConfirmations, txResubmit, txReceiptPoll,
		chMetrics, chMetAddr, chMetPort, chLogLevel},
	Action: func(c *cli.Context) error {
		ctx, stop := signal.NotifyContext(c.Context, os.Interrupt, syscall.SIGTERM)
		defer stop()
		return runChallenger(ctx, c)
	},
	Subcommands: []*cli.Command{{
		Name:      "bench",
		Usage:     "play a full dispute per example model on a simulated L1: rounds, gas, the costliest one-step, challenger time",
		ArgsUsage: "[model names or .opml files; default iris mlp cnn decoder-q4 decoder-h128 xgb_breast_cancer lgbm_wine]",
		Action:    benchDispute,
	}},
}

func benchDispute(c *cli.Context) error {
	names := c.Args().Slice()
	if len(names) == 0 {
		names = []string{"iris", "mlp", "cnn", "decoder-q4", "decoder-h128", "xgb_breast_cancer", "lgbm_wine"}
	}
	all, known := examples.Benchmarks()
	all["iris"] = iris.Model
	for _, n := range classic.Names { // trained here: tree ensembles and linear models
		all[n] = func() (*model.Model, error) { return classic.Model(n) }
		known = append(known, n)
	}
	const l1Block = 12 * time.Second
	clock := fraudproof.ClockFor(l1Block)
	w := tabwriter.NewWriter(c.App.Writer, 2, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, "MODEL	NODES	LIE FROM	NODE STEPS	ROUNDS	AT 12 S BLOCKS	OF A CLOCK	GAME GAS	STEP GAS	COSTLIEST STEP GAS	(NODE, STEP)	MOST STEP EXECUTION	PREP	CHALLENGER	")
	for _, name := range names {
		var m *model.Model
		var err error
		if strings.HasSuffix(name, ".opml") {
			m, _, err = readModel(name)
		} else {
			m, err = buildNamed(all, append([]string{"iris"}, known...), "example", name)
		}
		if err != nil {
			return err
		}
		lie := len(m.Nodes) / 2
		f, err := fraudproof.Measure(c.Context, m, examples.SampleBytes(m, 1), lie)
		if err != nil {
			return fmt.Errorf("bench %s: %w", name, err)
		}
		// Each move is a transaction in a block; a side makes about half.
		atL1 := time.Duration(f.Rounds) * l1Block
		side := time.Duration((f.Rounds+1)/2) * l1Block
		fmt.Fprintf(w, "%s\t%d\t%d\t%d\t%d\t%s\t%.0f%%\t%d\t%d\t%d\t(%d, %d)\t%d\t%s\t%s\t\n", f.Model, f.Nodes, lie, f.NodeSteps, f.Rounds,
			atL1, 100*side.Seconds()/clock.Seconds(), f.GameGas, f.StepGas,
			f.CostliestStep, f.CostliestNode, f.CostliestNodeStep, f.CostliestStepExec, f.Prep.Round(time.Microsecond), f.Play.Round(time.Millisecond))
	}
	w.Flush()
	fmt.Fprintf(c.App.Writer, "Rounds: moves after the challenge. AT 12 S BLOCKS: the game on Ethereum's block time, one block a move; OF A CLOCK: one side's share of ClockFor(12s) = %s. GAME GAS: every transaction from the claim to the end. COSTLIEST STEP: the dearest one-step transaction over every node (above %d nodes, a sample of one node of each kind: nodes of a kind differ by a few thousand gas) and every kind of step (prove.SteerableSteps), the oracle's overhead included; MOST STEP EXECUTION: the most execution gas of any of them (no intrinsic or calldata gas). PREP: the challenger's re-run and trace. CHALLENGER: its wall time over the game (simulated L1 mining every 5 ms).\n", clock, prove.SampleKindsAbove)
	return nil
}

func runChallenger(ctx context.Context, c *cli.Context) error {
	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(c.String(chLogLevel.Name))); err != nil {
		return fmt.Errorf("--%s: %w", chLogLevel.Name, err)
	}
	lg := slog.New(slog.NewTextHandler(c.App.ErrWriter, &slog.HandlerOptions{Level: lvl}))
	if !common.IsHexAddress(c.String(chOracle.Name)) {
		return fmt.Errorf("--%s: %q is not an address", chOracle.Name, c.String(chOracle.Name))
	}
	key, err := serviceKey(c, chKey.Name)
	if err != nil {
		return err
	}
	l1, err := ethclient.DialContext(ctx, c.String(chL1RPC.Name))
	if err != nil {
		return fmt.Errorf("L1 %s: %w", c.String(chL1RPC.Name), err)
	}
	defer l1.Close()
	dir := c.String(chDataDir.Name)
	var l2 *ethclient.Client
	if u := c.String(chL2RPC.Name); u != "" {
		if l2, err = ethclient.DialContext(ctx, u); err != nil {
			return fmt.Errorf("--%s: %w", chL2RPC.Name, err)
		}
		defer l2.Close()
	}
	ms, closeStore, err := openModels(c, l2)
	if err != nil {
		return err
	}
	defer closeStore()
	p, err := fraudproof.NewPlayer(fraudproof.Config{Chain: l1, Oracle: common.HexToAddress(c.String(chOracle.Name)), Key: key,
		Models: ms, StatePath: filepath.Join(dir, "games.json"), Log: lg, Tx: txOptions(c)})
	if err != nil {
		return err
	}
	if c.Bool(chMetrics.Name) {
		stopMetrics, err := serveMetrics(net.JoinHostPort(c.String(chMetAddr.Name), fmt.Sprint(c.Int(chMetPort.Name))), fraudproof.NewCollector(p))
		if err != nil {
			return err
		}
		defer stopMetrics()
	}
	lg.Info("challenger started", "account", p.Address(), "oracle", c.String(chOracle.Name), "l1", c.String(chL1RPC.Name), "datadir", dir)
	return p.Run(ctx, c.Duration(chPoll.Name))
}

// serveMetrics serves a registry holding col at http://addr/metrics.
func serveMetrics(addr string, col prometheus.Collector) (stop func(), _ error) {
	reg := prometheus.NewRegistry()
	if err := reg.Register(col); err != nil {
		return nil, err
	}
	return serveRegistry(addr, reg)
}

// serveRegistry serves reg at http://addr/metrics.
func serveRegistry(addr string, reg prometheus.Gatherer) (stop func(), _ error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("metrics: %w", err)
	}
	mux := http.NewServeMux()
	mux.Handle("/metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			slog.Warn("metrics server", "err", err)
		}
	}()
	return func() { srv.Close() }, nil
}

// openModels opens the model store under --datadir with --ai.peers and, if
// l2 is set, rebuilds models no peer has from their publication on l2.
func openModels(c *cli.Context, l2 *ethclient.Client) (*models.Cache, func() error, error) {
	ms, closeStore, err := models.Open(filepath.Join(c.String(chDataDir.Name), "models"), c.StringSlice(chPeers.Name), int64(c.Int(chCache.Name))<<20)
	if err != nil || l2 == nil {
		return ms, closeStore, err
	}
	reg, err := addressFlag(c, chRegistry.Name)
	if err != nil {
		closeStore()
		return nil, nil, err
	}
	return ms.WithChain(onchain.RPCSource(l2, reg)), closeStore, nil
}

// txOptions are the transaction manager's settings from the txmgr flags.
func txOptions(c *cli.Context) l1tx.Options {
	return l1tx.Options{NumConfirmations: c.Uint64(txConfirmations.Name), ResubmissionTimeout: c.Duration(txResubmit.Name),
		ReceiptQueryInterval: c.Duration(txReceiptPoll.Name)}
}
