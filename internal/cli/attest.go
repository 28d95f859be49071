package cli

import (
	"context"
	"crypto/ecdsa"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"math/big"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	gnarklog "github.com/consensys/gnark/logger"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/urfave/cli/v2"

	"github.com/aievm/aievm/attest"
	"github.com/aievm/aievm/attest/node"
	"github.com/aievm/aievm/attest/settle"
	"github.com/aievm/aievm/contracts/bindings"
	"github.com/aievm/aievm/geth-fork/aigeth"
	"github.com/aievm/aievm/internal/ethtx"
	"github.com/aievm/aievm/opml/examples"
)

var (
	atKeys       = &cli.StringFlag{Name: "keys", Value: "data/attest", Usage: "key directories, one per model address (setup writes them; provers and verifiers read them)"}
	atTools      = &cli.StringFlag{Name: "tools", Value: "tools", Usage: "directory with compile-contracts.js and node_modules/solc (make tools)"}
	atInput      = &cli.StringFlag{Name: "input-hex", Usage: "the model's int8 input bytes as hex (required)"}
	atRPC        = &cli.StringFlag{Name: "rpc", Value: "http://127.0.0.1:9545", Usage: "JSON-RPC of the chain the Settlement is on (the devnet's L2 by default)"}
	atSettlement = &cli.StringFlag{Name: "settlement", Usage: "Settlement address (required; `make run` prints the devnet's)"}
	atLogLevel   = &cli.StringFlag{Name: "log.level", Value: "info", Usage: "error, warn, info or debug"}
	// atValMetPort is the validator's --metrics.port: the node and the
	// challenger take 7300 (as OP's services do), the signer 7310.
	atValMetPort = &cli.IntFlag{Name: "metrics.port", Value: 7311, Usage: "metrics listen port"}
)

func keyFlag(env, who string) *cli.StringFlag {
	return &cli.StringFlag{Name: "private-key", EnvVars: []string{env}, Usage: "hex key of the " + who + " (or --keystore)"}
}

// AttestCommand proves inference results with Groth16 and settles them.
var AttestCommand = &cli.Command{
	Name:  "attest",
	Usage: "Groth16 attestations of int8 MLP inference and their batch settlement (78% node / 12% validators / 10% treasury)",
	Before: func(*cli.Context) error {
		gnarklog.Disable() // gnark logs every compile and proof at debug level; the commands print what matters
		return nil
	},
	Subcommands: []*cli.Command{
		{Name: "setup", Usage: "compile a model's circuit, run the (single-party, development) Groth16 setup, export and compile its verifier",
			ArgsUsage: "<model.opml>", Flags: []cli.Flag{atKeys, atTools}, Action: attestSetup},
		{Name: "prove", Usage: "run a model on an input and prove the result", ArgsUsage: "<model.opml>",
			Flags: []cli.Flag{atKeys, atInput, &cli.StringFlag{Name: "out", Value: "proof.json", Usage: "where to write the proof"}}, Action: attestProve},
		{Name: "verify", Usage: "verify a proof with the model's verifying key", ArgsUsage: "<proof.json>", Flags: []cli.Flag{atKeys}, Action: attestVerify},
		{Name: "publish", Usage: "deploy a model's verifier and record its attestation in ModelRegistry (as the model's registrant)", ArgsUsage: "<model.opml>",
			Flags: []cli.Flag{atKeys, atTools, atRPC, keyFlag("AIEVM_REGISTRANT_KEY", "model's registrant"), keystoreFlag, passwordFlag,
				&cli.StringFlag{Name: "registry", Value: aigeth.DefaultRegistry.Hex(), Usage: "ModelRegistry address"}}, Action: attestPublish},
		{Name: "request", Usage: "escrow a fee and request model(input) from the Settlement", Flags: []cli.Flag{atRPC, atSettlement,
			keyFlag("AIEVM_USER_KEY", "user"), keystoreFlag, passwordFlag, atInput, &cli.StringFlag{Name: "model", Usage: "model address (required)"},
			&cli.StringFlag{Name: "max-fee", Value: "10000000000000000", Usage: "the most the request may cost, in wei (ERR_FEE_EXCEEDED above it)"},
			&cli.StringFlag{Name: "value", Value: "0", Usage: "wei to deposit with the request"}}, Action: attestRequest},
		{Name: "node", Usage: "serve Settlement requests: prove, gather validator signatures, settle in batches", Flags: []cli.Flag{atRPC, atSettlement,
			keyFlag("AIEVM_NODE_KEY", "staked node"), keystoreFlag, passwordFlag, atKeys, chDataDir, chPeers, chRegistry, chCache, chPoll, chMetrics, chMetAddr, chMetPort, atLogLevel,
			txConfirmations, txResubmit, txReceiptPoll,
			&cli.StringSliceFlag{Name: "validators", Usage: "validators' base URLs (http://host:port)"},
			&cli.IntFlag{Name: "batch-size", Value: 16, Usage: "settle once this many results are ready"},
			&cli.DurationFlag{Name: "batch-wait", Value: 5 * time.Second, Usage: "or once the oldest has waited this long"}}, Action: attestNode},
		{Name: "validator", Usage: "check nodes' proofs with this validator's own verifying keys and co-sign results over HTTP", Flags: []cli.Flag{atRPC,
			atSettlement, keyFlag("AIEVM_VALIDATOR_KEY", "staked validator"), keystoreFlag, passwordFlag, atKeys, chMetrics, chMetAddr, atValMetPort, atLogLevel,
			&cli.StringFlag{Name: "http.addr", Value: "127.0.0.1", Usage: "listen address"},
			&cli.IntFlag{Name: "http.port", Value: 9601, Usage: "listen port"}}, Action: attestValidator},
		{Name: "bench", Usage: "constraints, setup and proving time, proof size, verification gas and batch settlement gas per attestable example",
			Flags: []cli.Flag{atKeys, atTools}, ArgsUsage: "[model names; default mlp-attest mnist-attest]", Action: attestBench},
	},
}

func attestModel(c *cli.Context) (*attest.Model, error) {
	m, _, err := loadModel(c)
	if err != nil {
		return nil, err
	}
	return attest.FromModel(m)
}

func attestSetup(c *cli.Context) error {
	a, err := attestModel(c)
	if err != nil {
		return err
	}
	dir := attest.Dir(c.String(atKeys.Name), a.Address)
	stop := progress(c, "setup")
	k, ran, err := attest.LoadOrSetup(c.String(atKeys.Name), a)
	stop()
	if err != nil {
		return err
	}
	bin, err := attest.VerifierBin(c.String(atTools.Name), dir)
	if err != nil {
		return err
	}
	out := c.App.Writer
	if !ran {
		fmt.Fprintln(out, "keys already set up (reused)")
	}
	fmt.Fprintf(out, "model:        %s\ncommitment:   %s\nconstraints:  %d\ncompile:      %.2fs\nsetup:        %.2fs\nkeys:         %s\nverifier:     %s (%d bytes of creation code)\nnote:         %s\n",
		k.Info.Model, k.Info.Commitment, k.Info.Constraints, k.Info.CompileSecs, k.Info.SetupSecs, dir,
		filepath.Join(dir, attest.FileVerifier), len(bin)/2, attest.SetupNote)
	return nil
}

// progress shows elapsed time on stderr until stop is called: gnark gives
// no progress of its own, and a large setup or proof takes minutes.
func progress(c *cli.Context, what string) (stop func()) {
	done := make(chan struct{})
	start := time.Now()
	go func() {
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-done:
				fmt.Fprintf(c.App.ErrWriter, "\r%s: done in %v\n", what, time.Since(start).Round(time.Millisecond))
				return
			case <-t.C:
				fmt.Fprintf(c.App.ErrWriter, "\r%s: %v ...", what, time.Since(start).Round(time.Second))
			}
		}
	}()
	return func() { close(done); time.Sleep(10 * time.Millisecond) }
}

func inputHex(c *cli.Context) ([]byte, error) {
	if !c.IsSet(atInput.Name) {
		return nil, fmt.Errorf("--%s is required", atInput.Name)
	}
	b, err := hex.DecodeString(strings.TrimPrefix(c.String(atInput.Name), "0x"))
	if err != nil {
		return nil, fmt.Errorf("--%s: %w", atInput.Name, err)
	}
	return b, nil
}

func attestProve(c *cli.Context) error {
	a, err := attestModel(c)
	if err != nil {
		return err
	}
	x, err := inputHex(c)
	if err != nil {
		return err
	}
	if len(x) != a.Spec.Inputs() {
		return fmt.Errorf("--%s: %d bytes, the model takes %d", atInput.Name, len(x), a.Spec.Inputs())
	}
	k, err := attest.Load(attest.Dir(c.String(atKeys.Name), a.Address), false)
	if err != nil {
		return err
	}
	stop := progress(c, fmt.Sprintf("proving %d constraints", k.Info.Constraints))
	t := time.Now()
	p, err := k.Prove(a, x)
	stop()
	if err != nil {
		return err
	}
	b, _ := json.MarshalIndent(p, "", "  ")
	if err := writeFileAtomic(c.String("out"), b); err != nil {
		return err
	}
	fmt.Fprintf(c.App.Writer, "output:   0x%x\nio hash:  %s\nprove:    %v\nproof:    %d bytes for the verifier contract, written to %s\n",
		p.Output, p.IOHash, time.Since(t).Round(time.Millisecond), len(p.Solidity), c.String("out"))
	return nil
}

func readProof(path string) (*attest.Proof, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var p attest.Proof
	if err := json.Unmarshal(b, &p); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &p, nil
}

func attestVerify(c *cli.Context) error {
	if c.NArg() != 1 {
		return fmt.Errorf("expected one proof file argument (flags go before it)")
	}
	p, err := readProof(c.Args().First())
	if err != nil {
		return err
	}
	k, err := attest.Load(filepath.Join(c.String(atKeys.Name), p.Model), true)
	if err != nil {
		return err
	}
	if err := k.Verify(p); err != nil {
		return err
	}
	fmt.Fprintf(c.App.Writer, "valid: model %s, input 0x%x, output 0x%x\n", p.Model, p.Input, p.Output)
	return nil
}

func dialKey(c *cli.Context) (*ethclient.Client, *ecdsa.PrivateKey, error) {
	key, err := serviceKey(c, "private-key")
	if err != nil {
		return nil, nil, err
	}
	cl, err := ethclient.DialContext(c.Context, c.String(atRPC.Name))
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", c.String(atRPC.Name), err)
	}
	return cl, key, nil
}

// addressFlag parses the address in flag name.
func addressFlag(c *cli.Context, name string) (common.Address, error) {
	if !common.IsHexAddress(c.String(name)) {
		return common.Address{}, fmt.Errorf("--%s: %q is not an address", name, c.String(name))
	}
	return common.HexToAddress(c.String(name)), nil
}

func attestPublish(c *cli.Context) error {
	a, err := attestModel(c)
	if err != nil {
		return err
	}
	registry, err := addressFlag(c, "registry")
	if err != nil {
		return err
	}
	cl, key, err := dialKey(c)
	if err != nil {
		return err
	}
	defer cl.Close()
	verifier, err := settle.DeployVerifier(c.Context, cl, key, c.String(atTools.Name), attest.Dir(c.String(atKeys.Name), a.Address))
	if err != nil {
		return err
	}
	if err := settle.RecordAttestation(c.Context, cl, key, registry, a, verifier); err != nil {
		return err
	}
	fmt.Fprintf(c.App.Writer, "model 0x%x: verifier %s, commitment 0x%064x recorded in %s\n", a.Address, verifier, a.Commitment(), registry)
	return nil
}

func attestRequest(c *cli.Context) error {
	settlement, err := addressFlag(c, atSettlement.Name)
	if err != nil {
		return err
	}
	m := common.FromHex(c.String("model"))
	if len(m) != 32 {
		return fmt.Errorf("--model: want a 32-byte model address")
	}
	x, err := inputHex(c)
	if err != nil {
		return err
	}
	maxFee, ok1 := new(big.Int).SetString(c.String("max-fee"), 10)
	value, ok2 := new(big.Int).SetString(c.String("value"), 10)
	if !ok1 || !ok2 {
		return fmt.Errorf("--max-fee and --value are integers of wei")
	}
	cl, key, err := dialKey(c)
	if err != nil {
		return err
	}
	defer cl.Close()
	r, err := ethtx.Send(c.Context, cl, key, ethtx.Tx{To: &settlement, Data: bindings.NewSettlement().PackRequest([32]byte(m), x, maxFee), Value: value}, time.Minute)
	if err != nil {
		if code := settle.Code(err); code != "" {
			return fmt.Errorf("%s: %w", code, err)
		}
		return err
	}
	id, err := settle.RequestID(r)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.App.Writer, "request %v in block %d (tx %s); the result arrives in a Settled event\n", id, r.BlockNumber, r.TxHash)
	return nil
}

func logger(c *cli.Context) (*slog.Logger, error) {
	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(c.String(atLogLevel.Name))); err != nil {
		return nil, fmt.Errorf("--%s: %w", atLogLevel.Name, err)
	}
	return slog.New(slog.NewTextHandler(c.App.ErrWriter, &slog.HandlerOptions{Level: lvl})), nil
}

// daemon is what the node and the validator commands share: a context
// cancelled by SIGINT/SIGTERM, a logger, the Settlement, a client and a key.
type daemon struct {
	ctx        context.Context
	lg         *slog.Logger
	settlement common.Address
	cl         *ethclient.Client
	key        *ecdsa.PrivateKey
	stop       func()
}

func newDaemon(c *cli.Context) (*daemon, error) {
	lg, err := logger(c)
	if err != nil {
		return nil, err
	}
	settlement, err := addressFlag(c, atSettlement.Name)
	if err != nil {
		return nil, err
	}
	cl, key, err := dialKey(c)
	if err != nil {
		return nil, err
	}
	ctx, stop := signal.NotifyContext(c.Context, os.Interrupt, syscall.SIGTERM)
	return &daemon{ctx: ctx, lg: lg, settlement: settlement, cl: cl, key: key, stop: func() { stop(); cl.Close() }}, nil
}

func attestNode(c *cli.Context) error {
	d, err := newDaemon(c)
	if err != nil {
		return err
	}
	defer d.stop()
	ctx, lg, settlement, cl, key := d.ctx, d.lg, d.settlement, d.cl, d.key
	ms, closeStore, err := openModels(c, cl)
	if err != nil {
		return err
	}
	defer closeStore()
	n, err := node.New(ctx, node.Config{Chain: cl, Settlement: settlement, Key: key, Models: ms, KeysRoot: c.String(atKeys.Name),
		Validators: c.StringSlice("validators"), BatchSize: c.Int("batch-size"), BatchWait: c.Duration("batch-wait"), Log: lg, Tx: txOptions(c)})
	if err != nil {
		return err
	}
	if c.Bool(chMetrics.Name) {
		stopMetrics, err := serveMetrics(net.JoinHostPort(c.String(chMetAddr.Name), fmt.Sprint(c.Int(chMetPort.Name))), collectors(n.Collectors()))
		if err != nil {
			return err
		}
		defer stopMetrics()
	}
	lg.Info("attestation node started", "account", crypto.PubkeyToAddress(key.PublicKey), "settlement", settlement, "validators", len(c.StringSlice("validators")))
	return n.Run(ctx, c.Duration(chPoll.Name))
}

// collectors groups several collectors into one.
type collectors []prometheus.Collector

func (cs collectors) Describe(ch chan<- *prometheus.Desc) {
	for _, c := range cs {
		c.Describe(ch)
	}
}

func (cs collectors) Collect(ch chan<- prometheus.Metric) {
	for _, c := range cs {
		c.Collect(ch)
	}
}

func attestValidator(c *cli.Context) error {
	d, err := newDaemon(c)
	if err != nil {
		return err
	}
	defer d.stop()
	ctx, lg, settlement, cl, key := d.ctx, d.lg, d.settlement, d.cl, d.key
	v := &node.Validator{Chain: cl, Settlement: settlement, Key: key, KeysRoot: c.String(atKeys.Name), Log: lg}
	if c.Bool(chMetrics.Name) {
		reg := prometheus.NewRegistry()
		if v.Metrics, err = node.NewValidatorMetrics(reg); err != nil {
			return err
		}
		stopMetrics, err := serveRegistry(net.JoinHostPort(c.String(chMetAddr.Name), fmt.Sprint(c.Int(atValMetPort.Name))), reg)
		if err != nil {
			return err
		}
		defer stopMetrics()
	}
	addr := net.JoinHostPort(c.String("http.addr"), fmt.Sprint(c.Int("http.port")))
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: v, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		srv.Close()
	}()
	lg.Info("validator serving", "url", "http://"+ln.Addr().String(), "account", crypto.PubkeyToAddress(key.PublicKey))
	if err := srv.Serve(ln); err != http.ErrServerClosed {
		return err
	}
	return nil
}

func attestBench(c *cli.Context) error {
	names := c.Args().Slice()
	all, known := examples.Attestable()
	if len(names) == 0 {
		names = known
	}
	w := tabwriter.NewWriter(c.App.Writer, 2, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, "MODEL\tCONSTRAINTS\tSETUP\tPROVE\tPROOF BYTES\tVERIFY GAS\tGAS/RESULT x1\tx16\tx64\t")
	for _, name := range names {
		m, err := buildNamed(all, known, "attestable", name)
		if err != nil {
			return err
		}
		f, err := settle.Measure(context.Background(), c.String(atTools.Name), c.String(atKeys.Name), m, []int{1, 16, 64})
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		fmt.Fprintf(w, "%s\t%d\t%v\t%v\t%d\t%d\t%d\t%d\t%d\t\n", f.Model, f.Constraints, f.Setup.Round(10*time.Millisecond),
			f.Prove.Round(time.Millisecond), f.ProofBytes, f.VerifyGas, f.PerResultGas[1], f.PerResultGas[16], f.PerResultGas[64])
	}
	fmt.Fprintln(c.App.Writer, "verify gas: verifyProof as a transaction (21000 intrinsic and calldata included); gas/result: Settlement.settle of a batch, warm balances, 2-3 validator signatures per result")
	return w.Flush()
}
