// Package fetch gets models from untrusted peers into the local store.
// Every block is checked against its CID as it arrives, the reassembled file
// is checked against the model address, a peer that serves wrong data is
// dropped for the rest of the fetcher's life, and concurrent requests for one
// model share one transfer.
package fetch

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/ipfs/boxo/bitswap"
	"github.com/ipfs/boxo/bitswap/network/bsnet"
	"github.com/ipfs/boxo/blockservice"
	"github.com/ipfs/boxo/ipld/merkledag"
	blocks "github.com/ipfs/go-block-format"
	"github.com/ipfs/go-cid"
	format "github.com/ipfs/go-ipld-format"
	carv2 "github.com/ipld/go-car/v2"
	"github.com/libp2p/go-libp2p/core/host"
	"github.com/libp2p/go-libp2p/core/peer"

	"github.com/aievm/aievm/model-da/server"
	"github.com/aievm/aievm/model-da/store"
	"github.com/aievm/aievm/opml/model"
)

// MaxBlock is the largest block accepted from a peer (bitswap's limit).
const MaxBlock = 2 << 20

// ErrBadData marks a peer that served bytes not matching what was asked.
var ErrBadData = errors.New("peer served data that does not match")

// ErrTooLarge means a transfer exceeded the size the resolver declared.
var ErrTooLarge = errors.New("transfer exceeds the declared model size")

// DAGOverhead bounds the UnixFS structure bytes on top of a file's size:
// one dag-pb node per 174 one-MiB chunks (boxo's DefaultLinksPerBlock), each
// well under 16 KiB, plus the root.
func DAGOverhead(size int64) int64 { return 64<<10 + (size/(174*store.ChunkSize)+1)*(16<<10) }

// ErrNoPeer means no peer could provide the model.
var ErrNoPeer = errors.New("no peer has the model")

// Peer is a source of blocks.
type Peer interface {
	// Name identifies the peer in errors and logs.
	Name() string
	// Fetch gets every block of the DAG under root, handing each to put.
	Fetch(ctx context.Context, root cid.Cid, put func(blocks.Block) error) error
}

// Resolver maps a model address to its CID (a peer's index, and later the
// on-chain ModelRegistry).
type Resolver interface {
	Resolve(ctx context.Context, address string) (store.Entry, error)
}

// Progress is told the bytes received so far for a model.
type Progress func(address string, received, total int64)

// Fetcher fetches into a store.
type Fetcher struct {
	st        *store.Store
	peers     []Peer
	resolvers []Resolver
	progress  Progress
	timeout   time.Duration

	mu       sync.Mutex
	bad      map[string]ban // peer name -> why it was dropped, and when
	inflight map[string]*call
}

type call struct {
	done chan struct{}
	e    store.Entry
	err  error
}

// ban is a peer dropped for serving data that does not verify.
type ban struct {
	err error
	at  time.Time
}

// banTime is how long a peer that served bad data is skipped: not for the
// fetcher's lifetime (a peer fixed, or wrongly accused, gets another chance).
const banTime = 10 * time.Minute

// Options configure a Fetcher.
type Options struct {
	Resolvers   []Resolver
	Progress    Progress
	PeerTimeout time.Duration // per peer attempt; default 2 minutes
}

// New returns a fetcher over peers, tried in order.
func New(st *store.Store, peers []Peer, opts Options) *Fetcher {
	if opts.PeerTimeout == 0 {
		opts.PeerTimeout = 2 * time.Minute
	}
	return &Fetcher{st: st, peers: peers, resolvers: opts.Resolvers, progress: opts.Progress,
		timeout: opts.PeerTimeout, bad: map[string]ban{}, inflight: map[string]*call{}}
}

// Dropped reports the peers dropped for serving bad data, with the reason.
func (f *Fetcher) Dropped() map[string]error {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := map[string]error{}
	for k, v := range f.bad {
		out[k] = v.err
	}
	return out
}

// once runs fn for key unless a call for key is in flight, in which case it
// waits for that call's result.
func (f *Fetcher) once(ctx context.Context, key string, fn func() (store.Entry, error)) (store.Entry, error) {
	f.mu.Lock()
	if c, ok := f.inflight[key]; ok {
		f.mu.Unlock()
		select {
		case <-c.done:
			return c.e, c.err
		case <-ctx.Done():
			return store.Entry{}, ctx.Err()
		}
	}
	c := &call{done: make(chan struct{})}
	f.inflight[key] = c
	f.mu.Unlock()
	c.e, c.err = fn()
	f.mu.Lock()
	delete(f.inflight, key)
	f.mu.Unlock()
	close(c.done)
	return c.e, c.err
}

// FetchAddress makes the model with this address local: already pinned, or
// resolved to a CID and fetched, and checked to have that address.
func (f *Fetcher) FetchAddress(ctx context.Context, address string) (store.Entry, error) {
	if _, err := store.ParseAddress(address); err != nil {
		return store.Entry{}, err
	}
	address = strings.ToLower(address)
	if e, ok := f.st.Lookup(address); ok {
		return e, nil
	}
	return f.once(ctx, address, func() (store.Entry, error) {
		var errs []error
		for _, r := range f.resolvers {
			want, err := r.Resolve(ctx, address)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			c, err := cid.Decode(want.CID)
			if err != nil {
				errs = append(errs, fmt.Errorf("resolver gave malformed CID %q: %w", want.CID, err))
				continue
			}
			e, err := f.fetch(ctx, c, address, want.Size, address)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			return e, nil
		}
		if len(errs) == 0 {
			errs = append(errs, errors.New("no peer to ask (give gateway peers)"))
		}
		return store.Entry{}, fmt.Errorf("fetch model %s: %w", address, errors.Join(errs...))
	})
}

// FetchCID makes the model under this CID local.
func (f *Fetcher) FetchCID(ctx context.Context, c cid.Cid) (store.Entry, error) {
	return f.FetchCIDAs(ctx, c, 0, "")
}

// FetchCIDAs makes the model under this CID local if it is model want
// ("": any) of size bytes (the size the chain records; 0: unknown, bounded
// by model.MaxFileSize): a peer sending much more is cut off, and another
// model is not pinned.
func (f *Fetcher) FetchCIDAs(ctx context.Context, c cid.Cid, size int64, want string) (store.Entry, error) {
	return f.once(ctx, c.String()+"/"+want, func() (store.Entry, error) { return f.fetch(ctx, c, c.String(), size, want) })
}

// fetch tries each good peer until the DAG under c is complete locally and
// reassembles to a valid model, then pins it.
func (f *Fetcher) fetch(ctx context.Context, c cid.Cid, label string, size int64, want string) (store.Entry, error) {
	total := size // for progress reports (0: unknown)
	if size <= 0 || size > model.MaxFileSize {
		size = model.MaxFileSize // unknown: no model is larger
	}
	// Blocks land in a staging area; only the verified file, stored in
	// the store's own layout, reaches the store (and what it serves).
	stage, err := f.st.NewStaging()
	if err != nil {
		return store.Entry{}, err
	}
	defer stage.Discard()
	var errs []error
	for _, p := range f.peers {
		f.mu.Lock()
		prev, dropped := f.bad[p.Name()]
		if dropped && time.Since(prev.at) >= banTime {
			delete(f.bad, p.Name())
			dropped = false
		}
		f.mu.Unlock()
		if dropped {
			continue
		}
		var received int64
		// Only blocks of the DAG under c are taken, each once: the root, then
		// the links of the DAG nodes received (a CAR lists parents before
		// children). wanted: false once received.
		wanted := map[cid.Cid]bool{c: true}
		put := func(b blocks.Block) error {
			if err := verify(b); err != nil {
				return err
			}
			if want, linked := wanted[b.Cid()]; !want {
				if linked {
					return fmt.Errorf("%w: block %s sent twice", ErrBadData, b.Cid())
				}
				return fmt.Errorf("%w: block %s is not in the DAG under %s (or came before its parent)", ErrBadData, b.Cid(), c)
			}
			wanted[b.Cid()] = false
			if b.Cid().Type() == cid.DagProtobuf {
				nd, err := merkledag.DecodeProtobuf(b.RawData())
				if err != nil {
					return fmt.Errorf("%w: block %s: %v", ErrBadData, b.Cid(), err)
				}
				for _, l := range nd.Links() {
					if _, seen := wanted[l.Cid]; !seen {
						wanted[l.Cid] = true
					}
				}
				if len(wanted) > maxDAGBlocks {
					return fmt.Errorf("%w: the DAG under %s links more than %d blocks", store.ErrTooLarge, c, maxDAGBlocks)
				}
			}
			// A block costs its bytes and its framing (a CAR section's length
			// and CID), so that empty blocks are not free.
			received += int64(len(b.RawData())) + blockFraming
			if received > size+DAGOverhead(size) {
				return fmt.Errorf("%w: %d bytes received, %d declared", ErrTooLarge, received, size)
			}
			if f.progress != nil {
				f.progress(label, received, total)
			}
			return stage.Blockstore().Put(ctx, b)
		}
		pctx, cancel := context.WithTimeout(ctx, f.timeout)
		err := p.Fetch(pctx, c, put)
		cancel()
		if err == nil {
			err = f.complete(ctx, stage.DAG(f.st), c)
		}
		if err == nil {
			var e store.Entry
			if e, err = f.st.PinFrom(ctx, stage, c, want); err == nil {
				return e, nil
			}
			if errors.Is(err, store.ErrNotModel) || errors.Is(err, store.ErrOtherModel) || errors.Is(err, store.ErrTooLarge) {
				err = fmt.Errorf("%w: %w", ErrBadData, err)
			}
		}
		// A CID whose content is not the model asked for (another model, not
		// a model, too large) is the fault of whoever named the CID, not of a
		// peer that served exactly its verified blocks.
		cidFault := errors.Is(err, store.ErrOtherModel) || errors.Is(err, store.ErrNotModel) || errors.Is(err, store.ErrTooLarge)
		if errors.Is(err, ErrBadData) && !cidFault {
			f.mu.Lock()
			f.bad[p.Name()] = ban{err: err, at: time.Now()}
			f.mu.Unlock()
		}
		errs = append(errs, fmt.Errorf("peer %s: %w", p.Name(), err))
		if ctx.Err() != nil || errors.Is(err, store.ErrOtherModel) { // no peer changes what a CID holds
			break
		}
	}
	if len(errs) == 0 {
		return store.Entry{}, fmt.Errorf("%w: %s (no usable peers)", ErrNoPeer, label)
	}
	return store.Entry{}, fmt.Errorf("%w: %s: %w", ErrNoPeer, label, errors.Join(errs...))
}

// complete checks that every block of the DAG under root is now local; a
// peer that reported success without sending them all (a truncated CAR)
// served bad data.
func (f *Fetcher) complete(ctx context.Context, dag format.DAGService, root cid.Cid) error {
	err := merkledag.Walk(ctx, merkledag.GetLinksWithDAG(dag), root, cid.NewSet().Visit)
	if err != nil {
		return fmt.Errorf("%w: incomplete DAG after the transfer: %v", ErrBadData, err)
	}
	return nil
}

// blockFraming is what a block costs a transfer besides its bytes: a CAR
// section's length and CID.
const blockFraming = 64

// maxDAGBlocks bounds the distinct blocks a model's DAG may link: a
// 256 MiB model has at most 4096 leaves of 64 KiB (the smallest the store
// reads) and far fewer interior nodes. It bounds the fetcher's set of
// wanted blocks.
const maxDAGBlocks = 1 << 16

// verify checks a block's bytes against its CID.
func verify(b blocks.Block) error {
	if len(b.RawData()) > MaxBlock {
		return fmt.Errorf("%w: block %s is %d bytes (limit %d)", ErrBadData, b.Cid(), len(b.RawData()), MaxBlock)
	}
	got, err := b.Cid().Prefix().Sum(b.RawData())
	if err != nil {
		return fmt.Errorf("%w: block %s: %v", ErrBadData, b.Cid(), err)
	}
	if !got.Equals(b.Cid()) {
		return fmt.Errorf("%w: hash mismatch for block %s", ErrBadData, b.Cid())
	}
	return nil
}

// FromGateway returns the peer and the resolver of a trustless gateway's
// URL (one of ai-geth's --ai.peers): its CAR downloads and its model index.
func FromGateway(url string) (Peer, Resolver) {
	u := strings.TrimRight(url, "/")
	return &Gateway{URL: u}, &Index{URL: u}
}

// Gateway fetches from an IPFS trustless gateway as one CAR response.
type Gateway struct {
	URL    string
	Client *http.Client
}

// Name is the gateway's URL.
func (g *Gateway) Name() string { return g.URL }

func (g *Gateway) client() *http.Client {
	if g.Client != nil {
		return g.Client
	}
	return http.DefaultClient
}

// Fetch streams the CAR of the whole DAG, verifying each block, and checks
// that the DAG is complete (a truncated CAR is bad data).
func (g *Gateway) Fetch(ctx context.Context, root cid.Cid, put func(blocks.Block) error) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, g.URL+"/ipfs/"+root.String()+"?format=car&dag-scope=all", nil)
	if err != nil {
		return err
	}
	// Blocks in depth-first order, parents first: what the fetcher's check
	// that every block belongs to the DAG under root needs.
	req.Header.Set("Accept", "application/vnd.ipld.car; version=1; order=dfs; dups=n")
	resp, err := g.client().Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
		return fmt.Errorf("gateway answered %s: %s", resp.Status, strings.TrimSpace(string(b)))
	}
	// No CAR of a model is larger than this: a stream past it (say, padding
	// a CARv2 header skips without handing blocks to put) is bad data.
	body := &capped{r: resp.Body, left: maxCARBytes}
	br, err := carv2.NewBlockReader(body)
	if err != nil {
		if ctx.Err() != nil || isNetErr(err) {
			return fmt.Errorf("CAR stream interrupted: %w", err) // the network, not a lie
		}
		return fmt.Errorf("%w: CAR header: %v", ErrBadData, err)
	}
	for {
		b, err := br.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			if errors.Is(err, errCARTooLarge) {
				return fmt.Errorf("%w: %v", ErrBadData, err)
			}
			if ctx.Err() != nil || isNetErr(err) {
				return fmt.Errorf("CAR stream interrupted: %w", err) // the network, not a lie
			}
			return fmt.Errorf("%w: CAR stream: %v", ErrBadData, err)
		}
		if err := put(b); err != nil {
			return err
		}
	}
	return nil
}

// maxCARBytes bounds a CAR stream: the largest model, its DAG's interior
// blocks and the CAR's framing (a varint and a CID a block).
var maxCARBytes = model.MaxFileSize + DAGOverhead(model.MaxFileSize) + 1<<20

var errCARTooLarge = errors.New("CAR stream longer than any model's")

// capped reads at most left bytes of r, then fails with errCARTooLarge.
type capped struct {
	r    io.Reader
	left int64
}

func (c *capped) Read(p []byte) (int, error) {
	if c.left <= 0 {
		return 0, errCARTooLarge
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	return n, err
}

// Index resolves addresses through a peer gateway's model index.
type Index struct {
	URL     string
	Client  *http.Client  // nil: one with Timeout
	Timeout time.Duration // per request without Client (default 30 s)
}

// getJSON GETs path from the peer into v (at most limit bytes); a 404 is
// reported as errNotFound.
func (x *Index) getJSON(ctx context.Context, path string, limit int64, v any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, x.URL+path, nil)
	if err != nil {
		return err
	}
	c := x.Client
	if c == nil {
		c = &http.Client{Timeout: cmp.Or(x.Timeout, indexTimeout)}
	}
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	switch resp.StatusCode {
	case http.StatusOK:
		return json.NewDecoder(io.LimitReader(resp.Body, limit)).Decode(v)
	case http.StatusNotFound:
		return errNotFound
	}
	return errors.New(resp.Status)
}

var errNotFound = errors.New("not found")

// indexTimeout bounds an index request: a peer that never answers must not
// hang a load.
const indexTimeout = 30 * time.Second

// isNetErr reports a network failure (reset, timeout) rather than bad bytes.
func isNetErr(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) || errors.Is(err, syscall.ECONNRESET)
}

// Resolve asks the peer which CID holds the model.
func (x *Index) Resolve(ctx context.Context, address string) (store.Entry, error) {
	var e store.Entry
	err := x.getJSON(ctx, server.IndexPath+"/"+address, 1<<16, &e)
	if errors.Is(err, errNotFound) {
		return store.Entry{}, fmt.Errorf("peer %s does not have model %s", x.URL, address)
	}
	if err != nil {
		return store.Entry{}, fmt.Errorf("resolve %s at %s: %w", address, x.URL, err)
	}
	return e, nil
}

// List returns the models a peer gateway indexes.
func (x *Index) List(ctx context.Context) ([]store.Entry, error) {
	var es []store.Entry
	if err := x.getJSON(ctx, server.IndexPath, 16<<20, &es); err != nil {
		return nil, fmt.Errorf("list models at %s: %w", x.URL, err)
	}
	return es, nil
}

// Mirror fetches (verified) every model the index lists that the store
// lacks, and returns the entries now local. Models that fail are reported
// in the error; the others are still mirrored.
func (f *Fetcher) Mirror(ctx context.Context, x *Index) ([]store.Entry, error) {
	es, err := x.List(ctx)
	if err != nil {
		return nil, err
	}
	var got []store.Entry
	var errs []error
	for _, e := range es {
		local, err := f.FetchAddress(ctx, e.Address)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		got = append(got, local)
	}
	return got, errors.Join(errs...)
}

// Bitswap fetches over bitswap from one libp2p peer.
type Bitswap struct {
	Host host.Host     // our host (server.NewHost)
	Peer peer.AddrInfo // the peer to ask
	st   *store.Store  // set by NewBitswap
	bs   *bitswap.Bitswap
}

// NewBitswap prepares a bitswap client that writes into st.
func NewBitswap(ctx context.Context, h host.Host, p peer.AddrInfo, st *store.Store) *Bitswap {
	return &Bitswap{Host: h, Peer: p, st: st, bs: bitswap.New(ctx, bsnet.NewFromIpfsHost(h), nil, st.Blockstore())}
}

// Name is the peer id.
func (b *Bitswap) Name() string { return "bitswap:" + b.Peer.ID.String() }

// Close stops the client.
func (b *Bitswap) Close() error { return b.bs.Close() }

// Fetch connects and walks the DAG; bitswap verifies every block's hash.
func (b *Bitswap) Fetch(ctx context.Context, root cid.Cid, put func(blocks.Block) error) error {
	if err := b.Host.Connect(ctx, b.Peer); err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	dag := merkledag.NewDAGService(blockservice.New(b.st.Blockstore(), &reporting{b.bs, put}))
	return merkledag.FetchGraph(ctx, root, dag)
}

// reporting wraps the bitswap exchange so fetched blocks pass through put
// (verification and progress) too.
type reporting struct {
	*bitswap.Bitswap
	put func(blocks.Block) error
}

func (r *reporting) GetBlock(ctx context.Context, c cid.Cid) (blocks.Block, error) {
	b, err := r.Bitswap.GetBlock(ctx, c)
	if err == nil {
		err = r.put(b)
	}
	return b, err
}

func (r *reporting) GetBlocks(ctx context.Context, cs []cid.Cid) (<-chan blocks.Block, error) {
	in, err := r.Bitswap.GetBlocks(ctx, cs)
	if err != nil {
		return nil, err
	}
	out := make(chan blocks.Block)
	go func() {
		defer close(out)
		for b := range in {
			if r.put(b) != nil {
				return
			}
			select {
			case out <- b:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out, nil
}
