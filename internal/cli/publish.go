package cli

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/params"
	"github.com/urfave/cli/v2"

	"github.com/aievm/aievm/contracts/bindings"
	"github.com/aievm/aievm/geth-fork/aigeth"
	"github.com/aievm/aievm/geth-fork/precompile"
	"github.com/aievm/aievm/model-da/onchain"
	"github.com/aievm/aievm/model-da/onchain/bench"
	"github.com/aievm/aievm/model-da/store"
	"github.com/aievm/aievm/opml/examples"
	"github.com/aievm/aievm/opml/model"
)

// Flags of on-chain publication (`aievm model publish --rpc`, `model status`).
var (
	pubRPC      = &cli.StringFlag{Name: "rpc", EnvVars: []string{"AIEVM_L2_RPC"}, Usage: "L2 JSON-RPC URL: also publish the model through the chain (register, upload its chunks) so it becomes callable"}
	pubKey      = &cli.StringFlag{Name: "private-key", EnvVars: []string{"AIEVM_PRIVATE_KEY"}, Usage: "hex key of the L2 account that pays for publication (with --rpc)"}
	pubRegistry = &cli.StringFlag{Name: "registry", Value: aigeth.DefaultRegistry.Hex(), Usage: "ModelRegistry address"}
	pubParallel = &cli.IntFlag{Name: "parallel", Value: 16, Usage: "chunk transactions in flight (a 96.6 MB model: 12 min at 4, 5.6 min at 32 on the devnet)"}
	pubTimeout  = &cli.DurationFlag{Name: "timeout", Value: 30 * time.Minute, Usage: "give up after this long (a later run resumes)"}
)

func registryFlag(c *cli.Context) (common.Address, error) { return addressFlag(c, pubRegistry.Name) }

// publishOnChain makes the model file callable on the chain at --rpc.
func publishOnChain(c *cli.Context, file []byte, e store.Entry) error {
	if c.String(pubKey.Name) == "" {
		return errors.New("--rpc needs --private-key (or AIEVM_PRIVATE_KEY)")
	}
	key, err := crypto.HexToECDSA(strings.TrimPrefix(c.String(pubKey.Name), "0x"))
	if err != nil {
		return fmt.Errorf("--%s: %w", pubKey.Name, err)
	}
	reg, err := registryFlag(c)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(c.Context, c.Duration(pubTimeout.Name))
	defer cancel()
	l2, err := ethclient.DialContext(ctx, c.String(pubRPC.Name))
	if err != nil {
		return fmt.Errorf("--rpc: %w", err)
	}
	defer l2.Close()
	m, err := model.Decode(file)
	if err != nil {
		return err
	}
	w := c.App.ErrWriter
	start := time.Now()
	p := &onchain.Publisher{Client: l2, Key: key, Registry: reg, Parallel: c.Int(pubParallel.Name),
		Progress: func(done, total int) {
			// At most one update a percent: a model of 1,474 chunks would
			// otherwise write as many, which a log keeps as one long line.
			if done != total && done*100/total == (done-1)*100/total {
				return
			}
			fmt.Fprintf(w, "\rpublish on chain: %d/%d chunks", done, total)
			if done == total {
				fmt.Fprintln(w)
			}
		}}
	rep, err := p.Publish(ctx, file, e.CID)
	if err != nil {
		return err
	}
	in := 0
	for _, s := range m.Inputs {
		in += s.Bytes()
	}
	fmt.Fprintf(c.App.Writer, "on chain: available from L2 block %d (%d chunks; this run sent %d, %d bytes, %d gas, fee %s wei, %s)\n",
		rep.AvailableIn, rep.Chunks, rep.Sent, rep.Bytes, rep.GasUsed, rep.Fee, time.Since(start).Round(time.Millisecond))
	fmt.Fprintf(c.App.Writer, "output:  %d bytes\ncall:    %d gas in the precompile (%d input bytes), plus the transaction's own\n",
		precompile.Outputs(m), precompile.DefaultGas.Model(m, in), in)
	return nil
}

// modelStatus is `aievm model status <address>`.
func modelStatus(c *cli.Context) error {
	if c.NArg() != 1 {
		return errors.New("expected one model address argument (flags go before it)")
	}
	addr, err := store.ParseAddress(c.Args().First())
	if err != nil {
		return err
	}
	if c.String(pubRPC.Name) == "" {
		return errors.New("--rpc is required")
	}
	reg, err := registryFlag(c)
	if err != nil {
		return err
	}
	l2, err := ethclient.DialContext(c.Context, c.String(pubRPC.Name))
	if err != nil {
		return fmt.Errorf("--rpc: %w", err)
	}
	defer l2.Close()
	rec, pub, err := onchain.Record(c.Context, l2, reg, addr)
	if err != nil {
		return err
	}
	w := c.App.Writer
	if rec.Size == 0 {
		fmt.Fprintf(w, "model %s: not registered\n", store.FormatAddress(addr))
		return nil
	}
	r := bindings.NewModelRegistry()
	out, err := l2.CallContract(c.Context, ethereum.CallMsg{To: &reg, Data: r.PackIsAvailable(addr)}, nil)
	if err != nil {
		return fmt.Errorf("isAvailable: %w", err)
	}
	avail, err := r.UnpackIsAvailable(out)
	if err != nil {
		return err
	}
	state := "registered, not yet available (publish the rest: aievm model publish --rpc ...)"
	switch {
	case avail:
		state = "available (callable)"
	case pub.CompletedAt.Sign() != 0:
		state = fmt.Sprintf("published in block %s; callable from the next block", pub.CompletedAt)
	}
	fmt.Fprintf(w, "model:      %s\nstatus:     %s\ncid:        %s\nsize:       %d bytes\nchunks:     %s of %s published\nregistrant: %s (block %d)\n",
		store.FormatAddress(addr), state, rec.Cid, rec.Size, pub.Published, pub.Chunks, rec.Registrant, rec.RegisteredAt)
	if !avail && pub.Chunks.Sign() > 0 {
		var missing []string
		for i := int64(0); i < pub.Chunks.Int64() && len(missing) < 16; i++ {
			out, err := l2.CallContract(c.Context, ethereum.CallMsg{To: &reg, Data: r.PackChunkPublishedAt(addr, big.NewInt(i))}, nil)
			if err != nil {
				return err
			}
			if at, _ := r.UnpackChunkPublishedAt(out); at == nil || at.Sign() == 0 {
				missing = append(missing, fmt.Sprint(i))
			}
		}
		fmt.Fprintf(w, "missing:    chunks %s\n", strings.Join(missing, ", "))
	}
	return nil
}

var modelStatusCommand = &cli.Command{
	Name:      "status",
	Usage:     "Show a model's registration and on-chain publication: registered, chunks published, callable",
	ArgsUsage: "<address>",
	Flags:     []cli.Flag{pubRPC, pubRegistry},
	Action:    modelStatus,
}

// benchPublish is `aievm model bench-publish`: publication gas and L1 data
// per MiB, and the time to rebuild each example model from chain data.
func benchPublish(c *cli.Context) error {
	w := tabwriter.NewWriter(c.App.Writer, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, "MODEL\tBYTES\tCHUNKS\tL2 GAS\tL2 GAS/MiB\tL1 BYTES/MiB\tL1 GAS/MiB (calldata floor)\tBLOBS/MiB\tPUBLISH\tREBUILD\t")
	all, known := examples.All()
	for _, name := range c.StringSlice("models") {
		m, err := buildNamed(all, known, "example", name)
		if err != nil {
			return err
		}
		r, err := bench.Publish(c.Context, m.Encode())
		if err != nil {
			return fmt.Errorf("bench %s: %w", name, err)
		}
		l1 := r.L1BytesPerMiB()
		fmt.Fprintf(w, "%s\t%d\t%d\t%d\t%.0f\t%.0f\t%.0f\t%.1f\t%s\t%s\t\n", name, r.Bytes, r.Chunks, r.GasUsed, r.GasPerMiB(), l1,
			l1*float64(4*params.TxCostFloorPerToken), l1/float64(blobBytes), r.Publish.Round(time.Millisecond), r.Rebuild.Round(time.Millisecond))
	}
	return w.Flush()
}

// blobBytes is what one EIP-4844 blob carries for op-batcher.
const blobBytes = 130044

var benchPublishCommand = &cli.Command{
	Name:   "bench-publish",
	Usage:  "Publish example models through the chain (simulated, real ModelRegistry): L2 gas and L1 data per MiB, rebuild time",
	Flags:  []cli.Flag{&cli.StringSliceFlag{Name: "models", Value: cli.NewStringSlice("cnn", "decoder-q4", "decoder"), Usage: "example models to publish"}},
	Action: benchPublish,
}
