// Package store is a node's local model store: model files kept as IPFS
// blocks (UnixFS, CIDv1, raw leaves, 1 MiB chunks) in an on-disk flatfs
// blockstore, and an index from model address to CID, size and header. An
// index entry is the model's pin; garbage collection deletes blocks no
// pinned model reaches.
package store

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/ipfs/boxo/blockservice"
	"github.com/ipfs/boxo/blockstore"
	chunker "github.com/ipfs/boxo/chunker"
	"github.com/ipfs/boxo/ipld/merkledag"
	"github.com/ipfs/boxo/ipld/unixfs/importer/balanced"
	"github.com/ipfs/boxo/ipld/unixfs/importer/helpers"
	uio "github.com/ipfs/boxo/ipld/unixfs/io"
	blocks "github.com/ipfs/go-block-format"
	"github.com/ipfs/go-cid"
	"github.com/ipfs/go-datastore"
	flatfs "github.com/ipfs/go-ds-flatfs"
	format "github.com/ipfs/go-ipld-format"
	mh "github.com/multiformats/go-multihash"
	"golang.org/x/sync/errgroup"

	"github.com/aievm/aievm/opml/merkle"
	"github.com/aievm/aievm/opml/model"
)

// ChunkSize is the UnixFS leaf size: bitswap refuses blocks over 2 MiB.
const ChunkSize = 1 << 20

// Entry is one indexed (pinned) model.
type Entry struct {
	Address string     `json:"address"` // 0x-prefixed model address
	CID     string     `json:"cid"`
	Size    int64      `json:"size"`
	Name    string     `json:"name"`
	Cost    model.Cost `json:"cost"`
}

// Store is an on-disk model store. It is safe for concurrent use.
type Store struct {
	dir   string
	ds    *directDS
	bs    blockstore.Blockstore
	dag   format.DAGService
	mu    sync.Mutex // serializes index writes and GC
	index map[string]Entry
	batch int // layoutBatch (tests make it smaller)
	// writing is held for reading from a write's first block to its pin,
	// and for writing by GC, which would otherwise delete the blocks of a
	// model not yet pinned (an entry without its blocks).
	writing sync.RWMutex
}

// Errors a caller can test for.
var (
	ErrNotFound = errors.New("model not in the local store")
	ErrNotModel = errors.New("not a valid model file")
)

// Open opens (creating if needed) a store in dir.
func Open(dir string) (*Store, error) {
	if err := os.MkdirAll(filepath.Join(dir, "index"), 0o755); err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	// sync=true: every block is fsynced before Put (or a batch's Commit)
	// returns, so the index entry written after the last block never
	// outlives its blocks (directDS keeps that for what it writes).
	blocksDir := filepath.Join(dir, "blocks")
	ds, err := flatfs.CreateOrOpen(blocksDir, flatfs.NextToLast(2), true)
	if err != nil {
		return nil, fmt.Errorf("open store blocks: %w", err)
	}
	os.RemoveAll(filepath.Join(dir, "staging")) // fetches a crash left half done
	dds, err := newDirect(ds, blocksDir)
	if err != nil {
		ds.Close()
		return nil, fmt.Errorf("open store blocks: %w", err)
	}
	bs := verifying{blockstore.NewBlockstore(dds, blockstore.NoPrefix())}
	s := &Store{dir: dir, ds: dds, bs: bs, batch: layoutBatch, dag: merkledag.NewDAGService(blockservice.New(bs, nil)), index: map[string]Entry{}}
	if err := s.loadIndex(); err != nil {
		ds.Close()
		return nil, err
	}
	return s, nil
}

// Close releases the store.
func (s *Store) Close() error { return s.ds.Close() }

// Blockstore exposes the blocks (for serving them).
func (s *Store) Blockstore() blockstore.Blockstore { return s.bs }

func (s *Store) loadIndex() error {
	des, err := os.ReadDir(filepath.Join(s.dir, "index"))
	if err != nil {
		return fmt.Errorf("read index: %w", err)
	}
	for _, de := range des {
		if !strings.HasSuffix(de.Name(), ".json") {
			continue // leftovers of an interrupted write (*.tmp) are ignored
		}
		b, err := os.ReadFile(filepath.Join(s.dir, "index", de.Name()))
		if err != nil {
			return fmt.Errorf("read index entry %s: %w", de.Name(), err)
		}
		var e Entry
		if err := json.Unmarshal(b, &e); err != nil {
			return fmt.Errorf("index entry %s: %w", de.Name(), err)
		}
		s.index[e.Address] = e
	}
	return nil
}

// FormatAddress renders a model address as 0x-prefixed hex.
func FormatAddress(a model.Address) string { return "0x" + hex.EncodeToString(a[:]) }

// ParseAddress reads a 0x-prefixed (or bare) 32-byte hex model address.
func ParseAddress(s string) (model.Address, error) {
	var a model.Address
	b, err := hex.DecodeString(strings.TrimPrefix(s, "0x"))
	if err != nil || len(b) != len(a) {
		return a, fmt.Errorf("malformed model address %q (want 32 bytes of hex)", s)
	}
	copy(a[:], b)
	return a, nil
}

// importer settings: any change changes every model's CID. dag receives
// the blocks.
func (s *Store) params(dag format.DAGService) *helpers.DagBuilderParams {
	return &helpers.DagBuilderParams{
		Dagserv:    dag,
		Maxlinks:   helpers.DefaultLinksPerBlock,
		RawLeaves:  true,
		CidBuilder: cid.V1Builder{Codec: cid.DagProtobuf, MhType: mh.SHA2_256},
	}
}

// Publish validates a model file, stores it as blocks, syncs them to disk
// and only then indexes (pins) it, so a crash never leaves an index entry
// without its blocks. Publishing the same file again is a no-op.
//
// The model address (Keccak over every 1 KiB, on every core) is computed
// while the blocks are hashed, written and synced: a file already
// published costs that hashing, and its blocks are not written again.
func (s *Store) Publish(ctx context.Context, file []byte) (Entry, error) {
	return s.PublishChecked(ctx, file, nil)
}

// PublishChecked is Publish of a file whose bytes might change while it is
// read (a mapping of a file on disk, under a lease): unchanged, if not nil,
// reports whether they may have. It is called before each batch of blocks
// is stored (after the batch's bytes were read: a block is never stored
// under a key hashed from other bytes) and once more before the pin, after
// the address is computed; an error from it stores no more blocks and pins
// nothing.
func (s *Store) PublishChecked(ctx context.Context, file []byte, unchanged func() error) (Entry, error) {
	ctx = withSource(ctx, unchanged)
	m, err := model.Decode(file)
	if err != nil {
		return Entry{}, fmt.Errorf("%w: %v", ErrNotModel, err)
	}
	s.writing.RLock()
	defer s.writing.RUnlock()
	// Decode accepts only the canonical encoding, so the file is m.Encode()
	// and its root the model address (without encoding it again).
	addrc := make(chan model.Address, 1)
	go func() { addrc <- merkle.BuildParallel(file, merkle.ModelLeafSize, runtime.GOMAXPROCS(0)).Root() }()
	root, err := s.layout(ctx, file, s.dag)
	addr := FormatAddress(<-addrc)
	if err == nil && unchanged != nil {
		err = unchanged()
	}
	if err != nil {
		return Entry{}, fmt.Errorf("publish %s: %w", addr, err)
	}
	if e, ok := s.Lookup(addr); ok {
		return e, nil
	}
	e := Entry{Address: addr, CID: root.String(), Size: int64(len(file)), Name: m.Name, Cost: m.Cost}
	return e, s.pin(ctx, e)
}

// Replace stores a model file again over a damaged copy (one that no longer
// reads back): every block is rewritten, where Publish would keep a block
// whose key it already holds, damaged or not.
func (s *Store) Replace(ctx context.Context, file []byte) (Entry, error) {
	m, err := model.Decode(file)
	if err != nil {
		return Entry{}, fmt.Errorf("%w: %v", ErrNotModel, err)
	}
	return s.write(ctx, file, m, merkledag.NewDAGService(blockservice.New(overwrite{s.bs}, nil)))
}

// overwrite is a blockstore whose Put replaces a block it already holds. It
// answers Has with false, or the block service would skip the Put.
type overwrite struct{ blockstore.Blockstore }

func (o overwrite) Has(context.Context, cid.Cid) (bool, error) { return false, nil }

func (o overwrite) Put(ctx context.Context, b blocks.Block) error {
	if err := o.DeleteBlock(ctx, b.Cid()); err != nil && !errors.Is(err, format.ErrNotFound{}) && !errors.Is(err, datastore.ErrNotFound) {
		return err
	}
	return o.Blockstore.Put(ctx, b)
}

func (o overwrite) PutMany(ctx context.Context, bs []blocks.Block) error {
	for _, b := range bs {
		if err := o.Put(ctx, b); err != nil {
			return err
		}
	}
	return nil
}

// write stores file (model m) as blocks through dag, then pins it.
func (s *Store) write(ctx context.Context, file []byte, m *model.Model, dag format.DAGService) (Entry, error) {
	s.writing.RLock()
	defer s.writing.RUnlock()
	addr := FormatAddress(m.Address())
	root, err := s.layout(ctx, file, dag)
	if err != nil {
		return Entry{}, fmt.Errorf("publish %s: %w", addr, err)
	}
	e := Entry{Address: addr, CID: root.String(), Size: int64(len(file)), Name: m.Name, Cost: m.Cost}
	return e, s.pin(ctx, e)
}

// layoutBatch is how many bytes of blocks layout hands to the blockstore at
// once (split over the batches in flight, one per CPU): a batch's direct
// writes run concurrently, and each batch syncs its directories once.
const layoutBatch = 64 << 20

// layoutNodes bounds the nodes of the batches in flight likewise (boxo's
// buffered DAG's default).
const layoutNodes = 128

// layout chunks file into UnixFS blocks, stores them through dag in
// batches, and returns the root CID once every block is durable. It
// returns only when no batch still reads the file or writes, error or not.
func (s *Store) layout(ctx context.Context, file []byte, dag format.DAGService) (cid.Cid, error) {
	buf := newBatchedDAG(ctx, dag, s.batch)
	db, err := s.params(buf).New(&fileSplitter{file: file})
	if err != nil {
		return cid.Undef, err
	}
	root, err := balanced.Layout(db)
	if cerr := buf.commit(); err == nil {
		err = cerr
	}
	if err != nil {
		return cid.Undef, err
	}
	return root.Cid(), nil
}

// batchedDAG is the DAG service layout writes through: nodes gathered into
// batches, each stored by AddMany on a goroutine of its own, GOMAXPROCS at
// most at once. Unlike boxo's buffered DAG, whose Commit returns at the
// first error with other batches still writing (and reading the file),
// commit waits for every batch it started. For one goroutine's use.
type batchedDAG struct {
	format.DAGService
	ctx             context.Context // cancelled at the first failed batch
	g               *errgroup.Group
	maxSize, maxNum int
	nodes           []format.Node
	size            int
}

// newBatchedDAG stores through dag in batches of bytes/GOMAXPROCS bytes.
func newBatchedDAG(ctx context.Context, dag format.DAGService, bytes int) *batchedDAG {
	n := runtime.GOMAXPROCS(0)
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(n)
	return &batchedDAG{DAGService: dag, ctx: ctx, g: g, maxSize: bytes / n, maxNum: max(1, layoutNodes/n)}
}

// Add adds a node to the current batch.
func (b *batchedDAG) Add(ctx context.Context, n format.Node) error {
	return b.AddMany(ctx, []format.Node{n})
}

// AddMany adds nodes to the current batch, storing it once it is full; it
// fails once a batch has.
func (b *batchedDAG) AddMany(_ context.Context, ns []format.Node) error {
	if err := b.ctx.Err(); err != nil {
		return err
	}
	b.nodes = append(b.nodes, ns...)
	for _, n := range ns {
		b.size += len(n.RawData())
	}
	if b.size >= b.maxSize || len(b.nodes) >= b.maxNum {
		b.flush()
	}
	return nil
}

// flush stores the current batch on its own goroutine (waiting for a free
// one).
func (b *batchedDAG) flush() {
	nodes := b.nodes
	b.nodes, b.size = nil, 0
	b.g.Go(func() error { return b.DAGService.AddMany(b.ctx, nodes) })
}

// commit stores the last batch and waits for every batch: the first error.
func (b *batchedDAG) commit() error {
	if len(b.nodes) > 0 && b.ctx.Err() == nil {
		b.flush()
	}
	return b.g.Wait()
}

// fileSplitter cuts a file held in memory into ChunkSize chunks, the cuts
// chunker.NewSizeSplitter makes, without copying them: each chunk is a
// slice of the file (capacity clipped), which the importer wraps in its raw
// leaf block as is. So publishing allocates no second copy of the model;
// the blocks must not outlive the call (they do not: layout commits them).
type fileSplitter struct {
	file []byte
	off  int
}

var _ chunker.Splitter = (*fileSplitter)(nil)

// NextBytes returns the next chunk, or io.EOF after the last.
func (f *fileSplitter) NextBytes() ([]byte, error) {
	if f.off >= len(f.file) {
		return nil, io.EOF
	}
	end := min(f.off+ChunkSize, len(f.file))
	b := f.file[f.off:end:end]
	f.off = end
	return b, nil
}

// Reader returns the rest of the file.
func (f *fileSplitter) Reader() io.Reader { return bytes.NewReader(f.file[f.off:]) }

// pin writes the index entry atomically (temporary file, fsync, rename).
// The blocks are already durable: the datastore syncs every put.
func (s *Store) pin(_ context.Context, e Entry) error {
	b, err := json.MarshalIndent(e, "", "  ")
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	path := filepath.Join(s.dir, "index", strings.TrimPrefix(e.Address, "0x")+".json")
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return fmt.Errorf("index %s: %w", e.Address, err)
	}
	if _, err := f.Write(b); err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("index %s: %w", e.Address, err)
	}
	s.index[e.Address] = e
	return nil
}

// ErrDamaged means a stored block no longer matches its CID (damaged on
// disk); Replace repairs it.
var ErrDamaged = errors.New("stored block does not match its CID")

// verifying checks every block it reads against its CID (SHA-256 over 1 MiB
// leaves, about 0.6 µs per KiB): a damaged copy reads as an error, never as
// another file. Files are checked against their model address (Keccak, four
// times slower) once, when pinned, not on every read.
type verifying struct{ blockstore.Blockstore }

func (v verifying) Get(ctx context.Context, c cid.Cid) (blocks.Block, error) {
	b, err := v.Blockstore.Get(ctx, c)
	if err != nil {
		return nil, err
	}
	if got, err := c.Prefix().Sum(b.RawData()); err != nil || !got.Equals(c) {
		return nil, fmt.Errorf("%w: %s", ErrDamaged, c)
	}
	return b, nil
}

// ErrOtherModel means a CID holds another model than the one asked for.
var ErrOtherModel = errors.New("the CID holds another model")

// Pin indexes a model whose blocks are already in the store, checking
// that the file is a valid model and, if want is not empty, that its
// address is want: nothing is pinned otherwise. The file is stored again
// in this store's own layout and pinned under that CID.
func (s *Store) Pin(ctx context.Context, c cid.Cid, want string) (Entry, error) {
	return s.PinFrom(ctx, nil, c, want)
}

// PinFrom is Pin of a DAG fetched into stage (read through to the store's
// own blocks; stage nil: the store alone). A fetched DAG must hold most of
// its file's bytes in distinct leaves (a file read twice over from a few
// repeated blocks is a cheap way to make a node read, decode and hash
// 256 MiB: such a model comes from chain data instead). Only the file in
// the store's own layout reaches the store: a stage's blocks never do.
func (s *Store) PinFrom(ctx context.Context, stage *Staging, c cid.Cid, want string) (Entry, error) {
	v := s.main()
	if stage != nil {
		v = newView(readThrough{stage.bs, s.bs})
	}
	file, distinct, err := v.readCID(ctx, c)
	if err != nil {
		return Entry{}, err
	}
	if stage != nil && uint64(len(file)) > 2*distinct+ChunkSize {
		return Entry{}, fmt.Errorf("%w: %d bytes from %d distinct leaf bytes (leaves that repeat)", ErrTooLarge, len(file), distinct)
	}
	m, err := model.Decode(file)
	if err != nil {
		return Entry{}, fmt.Errorf("%w: %v", ErrNotModel, err)
	}
	if addr := FormatAddress(m.Address()); want != "" && !strings.EqualFold(addr, want) {
		return Entry{}, fmt.Errorf("%w: %s holds %s, not %s", ErrOtherModel, c, addr, want)
	}
	return s.write(ctx, file, m, s.dag)
}

// Staging holds the blocks of one fetch (no fsync per block, not served,
// not indexed) until PinFrom stores the verified file or Discard drops
// them: a peer's or registrant's junk never reaches the store.
type Staging struct {
	dir string
	ds  *flatfs.Datastore
	bs  blockstore.Blockstore
}

// NewStaging opens a staging area under the store's directory.
func (s *Store) NewStaging() (*Staging, error) {
	if err := os.MkdirAll(filepath.Join(s.dir, "staging"), 0o755); err != nil {
		return nil, fmt.Errorf("staging: %w", err)
	}
	dir, err := os.MkdirTemp(filepath.Join(s.dir, "staging"), "fetch-")
	if err != nil {
		return nil, fmt.Errorf("staging: %w", err)
	}
	ds, err := flatfs.CreateOrOpen(dir, flatfs.NextToLast(2), false)
	if err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("staging: %w", err)
	}
	return &Staging{dir: dir, ds: ds, bs: verifying{blockstore.NewBlockstore(ds, blockstore.NoPrefix())}}, nil
}

// Blockstore is where a fetch puts blocks.
func (st *Staging) Blockstore() blockstore.Blockstore { return st.bs }

// DAG reads the staged blocks, then the store's.
func (st *Staging) DAG(s *Store) format.DAGService { return newView(readThrough{st.bs, s.bs}).dag }

// Discard removes the staging area and its blocks.
func (st *Staging) Discard() error {
	err := st.ds.Close()
	if rerr := os.RemoveAll(st.dir); err == nil {
		err = rerr
	}
	return err
}

// readThrough reads blocks from a stage, then from the store; it writes to
// the stage.
type readThrough struct {
	blockstore.Blockstore // the stage
	store                 blockstore.Blockstore
}

func (r readThrough) Get(ctx context.Context, c cid.Cid) (blocks.Block, error) {
	b, err := r.Blockstore.Get(ctx, c)
	if err != nil && isNotFound(err) {
		return r.store.Get(ctx, c)
	}
	return b, err
}

func (r readThrough) GetSize(ctx context.Context, c cid.Cid) (int, error) {
	n, err := r.Blockstore.GetSize(ctx, c)
	if err != nil && isNotFound(err) {
		return r.store.GetSize(ctx, c)
	}
	return n, err
}

func (r readThrough) Has(ctx context.Context, c cid.Cid) (bool, error) {
	if ok, err := r.Blockstore.Has(ctx, c); ok || err != nil {
		return ok, err
	}
	return r.store.Has(ctx, c)
}

func isNotFound(err error) bool {
	return errors.Is(err, format.ErrNotFound{}) || errors.Is(err, datastore.ErrNotFound)
}

// Lookup returns the index entry of an address.
func (s *Store) Lookup(address string) (Entry, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.index[strings.ToLower(address)]
	return e, ok
}

// List returns every indexed model, sorted by name then address.
func (s *Store) List() []Entry {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Entry, 0, len(s.index))
	for _, e := range s.index {
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Name != out[j].Name {
			return out[i].Name < out[j].Name
		}
		return out[i].Address < out[j].Address
	})
	return out
}

// ErrTooLarge means a DAG declares, or reassembles to, more than a model
// file may hold (a DAG whose links repeat expands far beyond its blocks).
var ErrTooLarge = errors.New("file larger than a model may be")

// maxLeafVisits bounds the leaf reads of one file: a 256 MiB model in
// chunks of at least 64 KiB (this store writes 1 MiB; Kubo's default is
// 256 KiB). A DAG whose links repeat tiny or empty leaves declares little
// and is walked for ever without it.
const maxLeafVisits = model.MaxFileSize / (64 << 10)

// maxDAGDepth bounds the DAG's depth (a balanced UnixFS tree of a model
// is a few levels).
const maxDAGDepth = 32

// maxInteriorBytes bounds the bytes of interior (non-leaf) blocks a read of
// a file of n bytes goes through, repeats included: 1 MiB plus 1/64 of the
// file (this store's layout needs ~50 bytes a MiB). A DAG whose links make a
// reader walk heavy interior blocks again and again is refused, however few
// distinct bytes it holds.
func maxInteriorBytes(n uint64) uint64 { return 1<<20 + n/64 }

// dagWalk is what reading the file under a DAG costs: leaf visits, leaf
// bytes and interior bytes, repeats included.
type dagWalk struct{ leaves, leafBytes, interior uint64 }

func (w *dagWalk) add(o dagWalk) {
	w.leaves += o.leaves
	w.leafBytes += o.leafBytes
	w.interior += o.interior
}

// over reports whether a walk is past every bound a model's file could need.
func (w dagWalk) over() bool {
	return w.leaves > maxLeafVisits || w.leafBytes > model.MaxFileSize || w.interior > maxInteriorBytes(model.MaxFileSize)
}

// walk totals the reads of the DAG under c without reading leaf data (a raw
// leaf's size comes from the blockstore), stopping once past the bounds;
// memo holds finished subtrees, so it reads each distinct block once.
func (v view) walk(ctx context.Context, c cid.Cid, depth int, memo map[cid.Cid]dagWalk, distinct *uint64) (dagWalk, error) {
	if w, ok := memo[c]; ok {
		return w, nil
	}
	if depth > maxDAGDepth {
		return dagWalk{}, fmt.Errorf("%w: DAG deeper than %d", ErrTooLarge, maxDAGDepth)
	}
	if c.Type() == cid.Raw {
		n, err := v.bs.GetSize(ctx, c)
		if err != nil {
			return dagWalk{}, err
		}
		w := dagWalk{leaves: 1, leafBytes: uint64(n)}
		memo[c] = w
		*distinct += w.leafBytes
		return w, nil
	}
	nd, err := v.dag.Get(ctx, c)
	if err != nil {
		return dagWalk{}, err
	}
	links := nd.Links()
	if len(links) == 0 { // a dag-pb leaf: its data is the file's
		w := dagWalk{leaves: 1, leafBytes: uint64(len(nd.RawData()))}
		memo[c] = w
		*distinct += w.leafBytes
		return w, nil
	}
	w := dagWalk{interior: uint64(len(nd.RawData()))}
	for _, l := range links {
		sub, err := v.walk(ctx, l.Cid, depth+1, memo, distinct)
		if err != nil {
			return dagWalk{}, err
		}
		if w.add(sub); w.over() {
			return w, nil
		}
	}
	memo[c] = w
	return w, nil
}

// ReadCID reassembles a UnixFS file from local blocks. Before it reads or
// allocates anything, it walks the DAG's links and refuses one whose file
// would be larger than model.MaxFileSize, whose leaves do not hold the size
// it declares, or whose links repeat (many leaf visits, or heavy interior
// blocks read again and again).
func (s *Store) ReadCID(ctx context.Context, c cid.Cid) ([]byte, error) {
	b, _, err := s.main().readCID(ctx, c)
	return b, err
}

// view reads DAGs from a blockstore.
type view struct {
	bs  blockstore.Blockstore
	dag format.DAGService
}

func newView(bs blockstore.Blockstore) view {
	return view{bs: bs, dag: merkledag.NewDAGService(blockservice.New(bs, nil))}
}

func (s *Store) main() view { return view{bs: s.bs, dag: s.dag} }

// readCID is ReadCID over v; it also returns the file's distinct leaf bytes.
func (v view) readCID(ctx context.Context, c cid.Cid) ([]byte, uint64, error) {
	n, err := v.dag.Get(ctx, c)
	if err != nil {
		return nil, 0, fmt.Errorf("read %s: %w", c, err)
	}
	r, err := uio.NewDagReader(ctx, n, v.dag)
	if err != nil {
		return nil, 0, fmt.Errorf("read %s: %w", c, err)
	}
	if r.Size() > model.MaxFileSize {
		return nil, 0, fmt.Errorf("read %s: %w: declares %d bytes", c, ErrTooLarge, r.Size())
	}
	var distinct uint64
	w, err := v.walk(ctx, c, 0, map[cid.Cid]dagWalk{}, &distinct)
	switch {
	case err != nil:
		return nil, 0, fmt.Errorf("read %s: %w", c, err)
	case w.over() || w.interior > maxInteriorBytes(w.leafBytes):
		return nil, 0, fmt.Errorf("read %s: %w: links that repeat (%d leaf reads, %d leaf bytes, %d interior bytes)", c, ErrTooLarge, w.leaves, w.leafBytes, w.interior)
	case w.leafBytes != r.Size():
		// dag-pb leaves may carry UnixFS framing: then the data is a little
		// less than the block; never more.
		if w.leafBytes < r.Size() || c.Type() == cid.Raw {
			return nil, 0, fmt.Errorf("read %s: leaves hold %d bytes, the DAG declares %d", c, w.leafBytes, r.Size())
		}
	}
	// The declared size, now known to be held by the leaves, is the buffer
	// (one allocation, no regrowth).
	b := make([]byte, r.Size())
	if _, err := io.ReadFull(r, b); err != nil {
		return nil, 0, fmt.Errorf("read %s: leaves hold less than the declared %d bytes: %w", c, len(b), err)
	}
	if n, err := r.Read(make([]byte, 1)); n > 0 || err != io.EOF {
		return nil, 0, fmt.Errorf("read %s: leaves hold more than the declared %d bytes (%v)", c, len(b), err)
	}
	return b, distinct, nil
}

// Read returns a pinned model's file. It was checked against the model
// address when pinned and its blocks are checked against their CIDs as they
// are read, so it is the file the address names (or an error), without the
// cost of hashing it to its address again.
func (s *Store) Read(ctx context.Context, address string) ([]byte, error) {
	e, ok := s.Lookup(address)
	if !ok {
		return nil, fmt.Errorf("%w: %s", ErrNotFound, address)
	}
	c, err := cid.Decode(e.CID)
	if err != nil {
		return nil, fmt.Errorf("index entry %s: %w", address, err)
	}
	b, err := s.ReadCID(ctx, c)
	if err != nil {
		return nil, fmt.Errorf("model %s: %w", address, err)
	}
	if int64(len(b)) != e.Size {
		return nil, fmt.Errorf("model %s: %w: %d bytes, indexed as %d", address, ErrDamaged, len(b), e.Size)
	}
	return b, nil
}

// Unpin removes a model from the index; its blocks go at the next GC.
func (s *Store) Unpin(address string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	address = strings.ToLower(address)
	if _, ok := s.index[address]; !ok {
		return fmt.Errorf("%w: %s", ErrNotFound, address)
	}
	if err := os.Remove(filepath.Join(s.dir, "index", strings.TrimPrefix(address, "0x")+".json")); err != nil {
		return fmt.Errorf("unpin %s: %w", address, err)
	}
	delete(s.index, address)
	return nil
}

// GC deletes every block that no pinned model reaches and returns how many
// blocks it deleted.
func (s *Store) GC(ctx context.Context) (int, error) {
	s.writing.Lock()
	defer s.writing.Unlock()
	s.mu.Lock()
	defer s.mu.Unlock()
	keep := map[string]bool{}
	for _, e := range s.index {
		c, err := cid.Decode(e.CID)
		if err != nil {
			return 0, fmt.Errorf("gc: index entry %s: %w", e.Address, err)
		}
		err = merkledag.Walk(ctx, merkledag.GetLinksWithDAG(s.dag), c, func(c cid.Cid) bool {
			if keep[string(c.Hash())] {
				return false
			}
			keep[string(c.Hash())] = true
			return true
		})
		if err != nil {
			return 0, fmt.Errorf("gc: walk %s: %w", e.Address, err)
		}
	}
	keys, err := s.bs.AllKeysChan(ctx)
	if err != nil {
		return 0, fmt.Errorf("gc: %w", err)
	}
	var drop []cid.Cid
	for c := range keys {
		if !keep[string(c.Hash())] {
			drop = append(drop, c)
		}
	}
	for _, c := range drop {
		if err := s.bs.DeleteBlock(ctx, c); err != nil {
			return 0, fmt.Errorf("gc: delete %s: %w", c, err)
		}
	}
	return len(drop), nil
}
