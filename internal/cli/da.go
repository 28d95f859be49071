package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/ethereum/go-ethereum/log"
	"github.com/ipfs/go-cid"
	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/urfave/cli/v2"

	"github.com/aievm/aievm/internal/fileread"
	"github.com/aievm/aievm/model-da/fetch"
	"github.com/aievm/aievm/model-da/server"
	"github.com/aievm/aievm/model-da/store"
	"github.com/aievm/aievm/opml/model"
)

var (
	daDirFlag = &cli.StringFlag{Name: "datadir", Value: "data/da", Usage: "model store directory", EnvVars: []string{"AIEVM_DA_DIR"}}
	peersFlag = &cli.StringSliceFlag{Name: "peers", Usage: "peers to fetch from: gateway URLs (http://host:port) or libp2p multiaddrs (/ip4/.../tcp/.../p2p/<id>)"}
)

// daModelCommands extend `aievm model` with the store's commands.
var daModelCommands = []*cli.Command{
	{
		Name: "publish",
		Usage: "Store a model file as IPFS blocks, pin and index it; print its address and CID. With --rpc, also " +
			"publish it through the chain (register, upload its chunks, wait until callable); rerun to resume",
		ArgsUsage: "<file.opml>",
		Flags:     []cli.Flag{daDirFlag, pubRPC, pubKey, pubRegistry, pubParallel, pubTimeout},
		Action:    publishModel,
	},
	modelStatusCommand,
	benchPublishCommand,
	{
		Name:      "get",
		Usage:     "Get a model by address or CID, from the local store or peers (verified), optionally writing it to a file",
		ArgsUsage: "<address|cid>",
		Flags: []cli.Flag{daDirFlag, peersFlag,
			&cli.StringFlag{Name: "o", Usage: "write the model file here"},
			&cli.DurationFlag{Name: "timeout", Value: 10 * time.Minute, Usage: "give up after this long"}},
		Action: getModel,
	},
	{
		Name:   "ls",
		Usage:  "List the models in the local store",
		Flags:  []cli.Flag{daDirFlag},
		Action: listModels,
	},
	{
		Name:      "rm",
		Usage:     "Unpin a model (its blocks go at the next `aievm da gc`)",
		ArgsUsage: "<address>",
		Flags:     []cli.Flag{daDirFlag},
		Action:    removeModel,
	},
}

// DACommand is `aievm da`: run the model store's servers and maintain it.
var DACommand = &cli.Command{
	Name:  "da",
	Usage: "Model data availability: serve the model store to peers, collect garbage",
	Subcommands: []*cli.Command{
		{
			Name:  "serve",
			Usage: "Serve the store over an IPFS trustless gateway and bitswap until interrupted",
			Flags: []cli.Flag{daDirFlag, &cli.StringSliceFlag{Name: "peers", Usage: "gateway URLs of peers whose models to mirror (fetched and verified) before serving"},
				&cli.StringFlag{Name: "http.addr", Value: "127.0.0.1:8088", Usage: "gateway listen address"},
				&cli.StringFlag{Name: "p2p.listen", Value: "/ip4/127.0.0.1/tcp/4011", Usage: "bitswap (libp2p TCP) listen multiaddr; empty disables"}},
			Action: serveDA,
		},
		{
			Name:   "gc",
			Usage:  "Delete blocks no pinned model needs",
			Flags:  []cli.Flag{daDirFlag},
			Action: gcDA,
		},
	},
}

func init() { ModelCommand.Subcommands = append(ModelCommand.Subcommands, daModelCommands...) }

func openStore(c *cli.Context) (*store.Store, error) {
	return store.Open(c.String("datadir"))
}

// progressBar prints a one-line progress report to w for transfers over 8 MB.
func progressBar(w io.Writer, what string, total int64) func(done int64) {
	last := time.Time{}
	return func(done int64) {
		if total < 8<<20 || (time.Since(last) < 200*time.Millisecond && done < total) {
			return
		}
		last = time.Now()
		const width = 30
		n := int(float64(width) * float64(done) / float64(total))
		n = min(max(n, 0), width)
		fmt.Fprintf(w, "\r%s [%s%s] %5.1f%% of %d MB", what, strings.Repeat("#", n), strings.Repeat(".", width-n),
			100*float64(done)/float64(total), total>>20)
		if done >= total {
			fmt.Fprintln(w)
		}
	}
}

func publishModel(c *cli.Context) error {
	if c.NArg() != 1 {
		return errors.New("expected one model file argument (flags go before it)")
	}
	b, unchanged, done, err := readPublished(c.Args().First(), c.String(pubRPC.Name) == "")
	if err != nil {
		return fmt.Errorf("read model: %w", err)
	}
	defer done()
	st, err := openStore(c)
	if err != nil {
		return err
	}
	defer st.Close()
	bar := progressBar(c.App.ErrWriter, "publish", int64(len(b)))
	bar(0)
	e, err := st.PublishChecked(c.Context, b, unchanged)
	if err != nil {
		return fmt.Errorf("publish %s: %w", c.Args().First(), err)
	}
	bar(int64(len(b)))
	fmt.Fprintf(c.App.Writer, "address: %s\ncid:     %s\nsize:    %d bytes\nname:    %s\n", e.Address, e.CID, e.Size, e.Name)
	if c.String(pubRPC.Name) != "" {
		return publishOnChain(c, b, e)
	}
	return nil
}

// readPublished reads the model file to publish. The address, the CIDs and the
// stored blocks must come from the same bytes even if the file changes
// meanwhile: so the file is either mapped under a read lease (quick, if
// mapped is set and Linux grants the lease; unchanged then says whether a
// writer came) or copied (Read; unchanged nil). done releases the file.
func readPublished(path string, mapped bool) (b []byte, unchanged func() error, done func(), err error) {
	if mapped {
		m, err := fileread.Map(path, model.MaxFileSize)
		if err == nil {
			return m.Bytes(), m.Unchanged, func() { m.Close() }, nil
		}
		if !errors.Is(err, fileread.ErrNoLease) {
			return nil, nil, nil, err
		}
		log.Debug("Model file not mapped, copying it", "err", err)
	}
	b, err = fileread.Read(path, model.MaxFileSize)
	return b, nil, func() {}, err
}

// peersFrom builds fetch peers and resolvers from --peers.
func peersFrom(ctx context.Context, c *cli.Context, st *store.Store) ([]fetch.Peer, []fetch.Resolver, func(), error) {
	var peers []fetch.Peer
	var resolvers []fetch.Resolver
	var closers []func()
	closeAll := func() {
		for _, f := range closers {
			f()
		}
	}
	for _, p := range c.StringSlice("peers") {
		switch {
		case strings.HasPrefix(p, "http://") || strings.HasPrefix(p, "https://"):
			peer, res := fetch.FromGateway(p)
			peers, resolvers = append(peers, peer), append(resolvers, res)
		case strings.HasPrefix(p, "/"):
			info, err := peer.AddrInfoFromString(p)
			if err != nil {
				closeAll()
				return nil, nil, nil, fmt.Errorf("peer %q: %w", p, err)
			}
			h, err := server.NewHost("/ip4/127.0.0.1/tcp/0")
			if err != nil {
				closeAll()
				return nil, nil, nil, err
			}
			bs := fetch.NewBitswap(ctx, h, *info, st)
			closers = append(closers, func() { bs.Close(); h.Close() })
			peers = append(peers, bs)
		default:
			closeAll()
			return nil, nil, nil, fmt.Errorf("peer %q: want a gateway URL (http://...) or a libp2p multiaddr (/ip4/...)", p)
		}
	}
	return peers, resolvers, closeAll, nil
}

func getModel(c *cli.Context) error {
	if c.NArg() != 1 {
		return errors.New("expected one address or CID argument (flags go before it)")
	}
	arg := c.Args().First()
	ctx, cancel := context.WithTimeout(c.Context, c.Duration("timeout"))
	defer cancel()
	st, err := openStore(c)
	if err != nil {
		return err
	}
	defer st.Close()
	peers, resolvers, closePeers, err := peersFrom(ctx, c, st)
	if err != nil {
		return err
	}
	defer closePeers()
	var bar func(int64)
	f := fetch.New(st, peers, fetch.Options{Resolvers: resolvers, Progress: func(_ string, got, total int64) {
		if bar == nil {
			bar = progressBar(c.App.ErrWriter, "fetch", total)
		}
		bar(got)
	}})
	var e store.Entry
	if strings.HasPrefix(arg, "0x") || len(arg) == 64 {
		e, err = f.FetchAddress(ctx, arg)
	} else {
		cc, cerr := cid.Decode(arg)
		if cerr != nil {
			return fmt.Errorf("%q is neither a model address (0x + 64 hex) nor a CID: %w", arg, cerr)
		}
		if e, err = st.Pin(ctx, cc, ""); err != nil { // already local?
			e, err = f.FetchCID(ctx, cc)
		}
	}
	if err != nil {
		if len(peers) == 0 {
			return fmt.Errorf("%w (no --peers given)", err)
		}
		return err
	}
	fmt.Fprintf(c.App.Writer, "address: %s\ncid:     %s\nsize:    %d bytes\nname:    %s\n", e.Address, e.CID, e.Size, e.Name)
	if out := c.String("o"); out != "" {
		b, err := st.Read(ctx, e.Address)
		if err != nil {
			return err
		}
		return writeFileAtomic(out, b)
	}
	return nil
}

func listModels(c *cli.Context) error {
	st, err := openStore(c)
	if err != nil {
		return err
	}
	defer st.Close()
	w := tabwriter.NewWriter(c.App.Writer, 2, 4, 2, ' ', 0)
	fmt.Fprintln(w, "NAME\tADDRESS\tCID\tBYTES\tMACS")
	for _, e := range st.List() {
		fmt.Fprintf(w, "%s\t%s\t%s\t%d\t%d\n", e.Name, e.Address, e.CID, e.Size, e.Cost.MACs)
	}
	return w.Flush()
}

func removeModel(c *cli.Context) error {
	if c.NArg() != 1 {
		return errors.New("expected one model address argument")
	}
	if _, err := store.ParseAddress(c.Args().First()); err != nil {
		return err
	}
	st, err := openStore(c)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.Unpin(c.Args().First()); err != nil {
		return err
	}
	fmt.Fprintf(c.App.Writer, "unpinned %s (run `aievm da gc` to free its blocks)\n", c.Args().First())
	return nil
}

func gcDA(c *cli.Context) error {
	st, err := openStore(c)
	if err != nil {
		return err
	}
	defer st.Close()
	n, err := st.GC(c.Context)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.App.Writer, "removed %d blocks\n", n)
	return nil
}

// mirrorPeers fetches every model the --peers gateways list.
func mirrorPeers(c *cli.Context, st *store.Store) error {
	peers, resolvers, closePeers, err := peersFrom(c.Context, c, st)
	if err != nil {
		return err
	}
	defer closePeers()
	f := fetch.New(st, peers, fetch.Options{Resolvers: resolvers})
	for _, r := range resolvers {
		x := r.(*fetch.Index)
		got, err := f.Mirror(c.Context, x)
		fmt.Fprintf(c.App.Writer, "mirrored %d models from %s\n", len(got), x.URL)
		if err != nil {
			fmt.Fprintf(c.App.ErrWriter, "warning: %v\n", err)
		}
	}
	return nil
}

func serveDA(c *cli.Context) error {
	st, err := openStore(c)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := mirrorPeers(c, st); err != nil {
		return err
	}
	gw, err := server.ServeHTTP(st, c.String("http.addr"))
	if err != nil {
		return err
	}
	defer gw.Close()
	fmt.Fprintf(c.App.Writer, "gateway:  %s/ipfs/<cid>  (index: %s%s)\n", gw.URL(), gw.URL(), server.IndexPath)
	if l := c.String("p2p.listen"); l != "" {
		bs, err := server.ServeBitswap(c.Context, st, l)
		if err != nil {
			return err
		}
		defer bs.Close()
		for _, a := range bs.Addrs() {
			fmt.Fprintf(c.App.Writer, "bitswap:  %s\n", a)
		}
	}
	fmt.Fprintf(c.App.Writer, "serving %d models from %s; Ctrl-C stops\n", len(st.List()), c.String("datadir"))
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	select {
	case <-sig:
	case <-c.Context.Done():
	}
	return nil
}
