package cli

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"text/tabwriter"
	"time"

	"github.com/ipfs/go-cid"
	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/urfave/cli/v2"

	"github.com/aievm/aievm/model-da/fetch"
	"github.com/aievm/aievm/model-da/server"
	"github.com/aievm/aievm/model-da/store"
	"github.com/aievm/aievm/opml/model"
	"github.com/aievm/aievm/opml/tensor"
)

func init() {
	DACommand.Subcommands = append(DACommand.Subcommands, &cli.Command{
		Name:  "bench",
		Usage: "Publish a large synthetic model and fetch it over loopback (gateway and bitswap); print MB/s",
		Flags: []cli.Flag{&cli.IntFlag{Name: "mb", Value: 256, Usage: "model size in MiB"},
			&cli.StringFlag{Name: "write", Usage: "only write the synthetic model to this file (for comparing other tools on it)"},
			&cli.Uint64Flag{Name: "seed", Usage: "with --write: the weights' seed (default --mb), for distinct files of one size"}},
		Action: func(c *cli.Context) error {
			if out := c.String("write"); out != "" {
				seed := uint64(c.Int("mb"))
				if c.IsSet("seed") {
					seed = c.Uint64("seed")
				}
				b, err := syntheticModel(c.Int("mb"), seed)
				if err != nil {
					return err
				}
				return writeFileAtomic(out, b)
			}
			return benchDA(c, c.Int("mb"))
		},
	})
}

// syntheticModel is a valid model file of just under mb MiB (so that 256,
// the bound on a model file, fits): one f32 matrix, random from seed.
func syntheticModel(mb int, seed uint64) ([]byte, error) {
	if mb < 1 {
		return nil, fmt.Errorf("--mb %d: want at least 1", mb)
	}
	rows := mb*256 - 1 // 4 KiB per row of 1024 floats; one row's room for the header
	w := tensor.New(tensor.F32, tensor.Shape{rows, 1024})
	r := rand.New(rand.NewPCG(seed, 1))
	for i := range w.F32() {
		w.F32()[i] = float32(r.NormFloat64())
	}
	b := model.NewBuilder(fmt.Sprintf("synthetic-%dmb", mb))
	x := b.Input("x", tensor.F32, tensor.Shape{1, 1024})
	b.Output("y", b.Binary("mm", model.OpMatMul, x, b.Const("w", w)))
	m, err := b.Build()
	if err != nil {
		return nil, err
	}
	return m.Encode(), nil
}

func benchDA(c *cli.Context, mb int) error {
	file, err := syntheticModel(mb, uint64(mb))
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "da-bench")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	open := func(name string) (*store.Store, error) { return store.Open(filepath.Join(dir, name)) }
	origin, err := open("origin")
	if err != nil {
		return err
	}
	defer origin.Close()
	size := float64(len(file)) / (1 << 20)
	w := tabwriter.NewWriter(c.App.Writer, 2, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(c.App.Writer, "model: %.0f MiB, 1 MiB chunks, flatfs layout (leaves by direct I/O, each flushed), loopback\n", size)
	fmt.Fprintln(w, "STEP\tSECONDS\tMB/S\t")
	row := func(name string, d time.Duration) {
		fmt.Fprintf(w, "%s\t%.2f\t%.1f\t\n", name, d.Seconds(), size/d.Seconds())
	}
	t := time.Now()
	e, err := origin.Publish(c.Context, file)
	if err != nil {
		return err
	}
	row("publish (validate, chunk, store, pin)", time.Since(t))
	gw, err := server.ServeHTTP(origin, "127.0.0.1:0")
	if err != nil {
		return err
	}
	defer gw.Close()
	viaGW, err := open("gateway")
	if err != nil {
		return err
	}
	defer viaGW.Close()
	t = time.Now()
	f := fetch.New(viaGW, []fetch.Peer{&fetch.Gateway{URL: gw.URL()}}, fetch.Options{Resolvers: []fetch.Resolver{&fetch.Index{URL: gw.URL()}}})
	if _, err := f.FetchAddress(c.Context, e.Address); err != nil {
		return err
	}
	row("fetch over the trustless gateway (CAR, verified, pinned)", time.Since(t))
	bsrv, err := server.ServeBitswap(c.Context, origin, "/ip4/127.0.0.1/tcp/0")
	if err != nil {
		return err
	}
	defer bsrv.Close()
	viaBS, err := open("bitswap")
	if err != nil {
		return err
	}
	defer viaBS.Close()
	h, err := server.NewHost("/ip4/127.0.0.1/tcp/0")
	if err != nil {
		return err
	}
	defer h.Close()
	info, err := peer.AddrInfoFromP2pAddr(bsrv.Addrs()[0])
	if err != nil {
		return err
	}
	bs := fetch.NewBitswap(c.Context, h, *info, viaBS)
	defer bs.Close()
	root, _ := cid.Decode(e.CID)
	t = time.Now()
	if _, err := fetch.New(viaBS, []fetch.Peer{bs}, fetch.Options{}).FetchCID(c.Context, root); err != nil {
		return err
	}
	row("fetch over bitswap (verified, pinned)", time.Since(t))
	return w.Flush()
}
