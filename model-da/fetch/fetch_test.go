package fetch

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ipfs/boxo/blockservice"
	"github.com/ipfs/boxo/ipld/merkledag"
	"github.com/ipfs/boxo/ipld/unixfs"
	blocks "github.com/ipfs/go-block-format"
	"github.com/ipfs/go-cid"
	ipld "github.com/ipfs/go-ipld-format"
	carv2 "github.com/ipld/go-car/v2"
	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/multiformats/go-multihash"

	"github.com/aievm/aievm/model-da/internal/testmodels"
	"github.com/aievm/aievm/model-da/server"
	"github.com/aievm/aievm/model-da/store"
	"github.com/aievm/aievm/opml/model"
	"github.com/aievm/aievm/opml/tensor"
)

// origin is a store holding both test models, served by a real gateway.
type origin struct {
	st       *store.Store
	big      store.Entry
	small    store.Entry
	bigFile  []byte
	carCalls atomic.Int64
	srv      *httptest.Server
}

func newOrigin(t *testing.T) *origin {
	t.Helper()
	big, small, err := testmodels.Files()
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	o := &origin{st: st, bigFile: big}
	if o.big, err = st.Publish(context.Background(), big); err != nil {
		t.Fatal(err)
	}
	if o.small, err = st.Publish(context.Background(), small); err != nil {
		t.Fatal(err)
	}
	h, err := server.Handler(st)
	if err != nil {
		t.Fatal(err)
	}
	o.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/ipfs/") {
			o.carCalls.Add(1)
		}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(o.srv.Close)
	return o
}

// tampering proxies the origin, changing the CAR stream.
func tampering(t *testing.T, o *origin, alter func(b []byte) []byte, delay time.Duration) *httptest.Server {
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(delay)
		resp, err := http.Get(o.srv.URL + r.URL.String())
		if err != nil {
			http.Error(w, err.Error(), 502)
			return
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if strings.HasPrefix(r.URL.Path, "/ipfs/") {
			b = alter(b)
		}
		w.WriteHeader(resp.StatusCode)
		w.Write(b)
	}))
	t.Cleanup(s.Close)
	return s
}

func client(t *testing.T) *store.Store {
	st, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func TestFetchByAddressFromGateway(t *testing.T) {
	t.Parallel()
	o := newOrigin(t)
	st := client(t)
	var last int64
	f := New(st, []Peer{&Gateway{URL: o.srv.URL}}, Options{Resolvers: []Resolver{&Index{URL: o.srv.URL}},
		Progress: func(_ string, got, total int64) { last = got }})
	e, err := f.FetchAddress(context.Background(), o.big.Address)
	if err != nil {
		t.Fatal(err)
	}
	if e != o.big {
		t.Fatalf("entry %+v, want %+v", e, o.big)
	}
	b, err := st.Read(context.Background(), e.Address)
	if err != nil || !bytes.Equal(b, o.bigFile) {
		t.Fatalf("fetched bytes differ: %v", err)
	}
	if last < o.big.Size {
		t.Fatalf("progress reported %d of %d bytes", last, o.big.Size)
	}
}

// TestBadPeersAreDropped: a peer that corrupts a block, one that truncates
// the CAR, and one too slow are each passed over for the honest peer; the
// lying ones are dropped with the reason.
func TestBadPeersAreDropped(t *testing.T) {
	t.Parallel()
	o := newOrigin(t)
	corrupt := tampering(t, o, func(b []byte) []byte {
		b = append([]byte(nil), b...)
		b[len(b)-100] ^= 0xff // inside the last block's data
		return b
	}, 0)
	truncated := tampering(t, o, func(b []byte) []byte { return b[:len(b)/2] }, 0)
	slow := tampering(t, o, func(b []byte) []byte { return b }, 2*time.Second)
	tests := []struct {
		name    string
		bad     *httptest.Server
		dropped bool
		want    string
	}{
		{"corrupt block", corrupt, true, "content integrity"},
		{"truncated CAR", truncated, true, "does not match"},
		{"slow peer", slow, false, "deadline"},
	}
	for _, tt := range tests {
		st := client(t)
		f := New(st, []Peer{&Gateway{URL: tt.bad.URL}, &Gateway{URL: o.srv.URL}},
			Options{Resolvers: []Resolver{&Index{URL: o.srv.URL}}, PeerTimeout: 500 * time.Millisecond})
		e, err := f.FetchAddress(context.Background(), o.big.Address)
		if err != nil || e.CID != o.big.CID {
			t.Fatalf("%s: fetch failed despite an honest peer: %v", tt.name, err)
		}
		d := f.Dropped()
		if _, ok := d[tt.bad.URL]; ok != tt.dropped {
			t.Fatalf("%s: dropped=%v, want %v (%v)", tt.name, ok, tt.dropped, d)
		}
		if tt.dropped && !strings.Contains(d[tt.bad.URL].Error(), tt.want) {
			t.Fatalf("%s: reason %v, want one mentioning %q", tt.name, d[tt.bad.URL], tt.want)
		}
	}
	// Only liars: a clear error naming the peer.
	st := client(t)
	f := New(st, []Peer{&Gateway{URL: corrupt.URL}}, Options{Resolvers: []Resolver{&Index{URL: o.srv.URL}}})
	_, err := f.FetchAddress(context.Background(), o.big.Address)
	if !errors.Is(err, ErrNoPeer) || !strings.Contains(err.Error(), corrupt.URL) || !strings.Contains(err.Error(), "content integrity") {
		t.Fatalf("error %v: want ErrNoPeer naming %s and the integrity failure", err, corrupt.URL)
	}
}

// TestResolverLies: a resolver pointing the address at another model's CID
// is caught when the fetched file's address is recomputed.
func TestResolverLies(t *testing.T) {
	t.Parallel()
	o := newOrigin(t)
	liar := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		e := o.small
		w.Write([]byte(`{"address":"` + o.big.Address + `","cid":"` + e.CID + `","size":1}`))
	}))
	defer liar.Close()
	st := client(t)
	f := New(st, []Peer{&Gateway{URL: o.srv.URL}}, Options{Resolvers: []Resolver{&Index{URL: liar.URL}, &Index{URL: o.srv.URL}}})
	e, err := f.FetchAddress(context.Background(), o.big.Address)
	if err != nil || e.Address != o.big.Address {
		t.Fatalf("fetch through a lying resolver then an honest one: %+v, %v", e, err)
	}
	if _, ok := st.Lookup(o.small.Address); ok {
		t.Fatal("the wrongly resolved model was left pinned")
	}
}

// TestDeclaredSizeBoundsTheTransfer: a transfer may not exceed the size the
// resolver declared (plus the UnixFS structure).
func TestDeclaredSizeBoundsTheTransfer(t *testing.T) {
	t.Parallel()
	o := newOrigin(t)
	small := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"address":"` + o.big.Address + `","cid":"` + o.big.CID + `","size":1000}`))
	}))
	defer small.Close()
	st := client(t)
	f := New(st, []Peer{&Gateway{URL: o.srv.URL}}, Options{Resolvers: []Resolver{&Index{URL: small.URL}}})
	_, err := f.FetchAddress(context.Background(), o.big.Address)
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("error %v, want ErrTooLarge", err)
	}
	if len(f.Dropped()) != 0 {
		t.Fatal("the peer was dropped for the resolver's wrong size")
	}
	// By CID with the size the chain records: the same bound.
	c, err := cid.Decode(o.big.CID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.FetchCIDAs(context.Background(), c, 1000, ""); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("FetchCIDSize: %v, want ErrTooLarge", err)
	}
	if e, err := f.FetchCIDAs(context.Background(), c, o.big.Size, o.big.Address); err != nil || e.Address != o.big.Address {
		t.Fatalf("FetchCIDSize with the true size: %v", err)
	}
}

func TestConcurrentFetchesShareOneTransfer(t *testing.T) {
	t.Parallel()
	o := newOrigin(t)
	st := client(t)
	f := New(st, []Peer{&Gateway{URL: o.srv.URL}}, Options{Resolvers: []Resolver{&Index{URL: o.srv.URL}}})
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := f.FetchAddress(context.Background(), o.big.Address)
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if n := o.carCalls.Load(); n != 1 {
		t.Fatalf("%d transfers for 8 concurrent requests, want 1", n)
	}
}

func TestMirror(t *testing.T) {
	t.Parallel()
	o := newOrigin(t)
	st := client(t)
	x := &Index{URL: o.srv.URL}
	f := New(st, []Peer{&Gateway{URL: o.srv.URL}}, Options{Resolvers: []Resolver{x}})
	got, err := f.Mirror(context.Background(), x)
	if err != nil || len(got) != 2 || len(st.List()) != 2 {
		t.Fatalf("mirrored %d models (%v), store has %d; want 2", len(got), err, len(st.List()))
	}
}

func TestHostileInputs(t *testing.T) {
	t.Parallel()
	o := newOrigin(t)
	st := client(t)
	f := New(st, []Peer{&Gateway{URL: o.srv.URL}}, Options{Resolvers: []Resolver{&Index{URL: o.srv.URL}}})
	ctx := context.Background()
	if _, err := f.FetchAddress(ctx, "0xnothex"); err == nil || !strings.Contains(err.Error(), "malformed model address") {
		t.Errorf("malformed address: %v", err)
	}
	unknown := "0x" + strings.Repeat("ab", 32)
	if _, err := f.FetchAddress(ctx, unknown); err == nil || !strings.Contains(err.Error(), "does not have model") {
		t.Errorf("unknown model: %v", err)
	}
	if _, err := cid.Decode("bafynotacid"); err == nil {
		t.Error("malformed CID decoded")
	}
	// A CID of something that is not a model: fetched, then refused.
	raw, _ := cid.Prefix{Version: 1, Codec: cid.Raw, MhType: 0x12, MhLength: -1}.Sum([]byte("not a model"))
	if _, err := f.FetchCID(ctx, raw); err == nil {
		t.Error("fetching an absent CID succeeded")
	}
}

func TestFetchOverBitswap(t *testing.T) {
	t.Parallel()
	o := newOrigin(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	srv, err := server.ServeBitswap(ctx, o.st, "/ip4/127.0.0.1/tcp/0")
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	h, err := server.NewHost("/ip4/127.0.0.1/tcp/0")
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	info, err := peer.AddrInfoFromP2pAddr(srv.Addrs()[0])
	if err != nil {
		t.Fatal(err)
	}
	st := client(t)
	bs := NewBitswap(ctx, h, *info, st)
	defer bs.Close()
	f := New(st, []Peer{bs}, Options{})
	c, _ := cid.Decode(o.big.CID)
	e, err := f.FetchCID(ctx, c)
	if err != nil {
		t.Fatal(err)
	}
	if e.Address != o.big.Address {
		t.Fatalf("bitswap fetch gave %s, want %s", e.Address, o.big.Address)
	}
}

// TestHostilePeers: a DAG whose links repeat one block (a few blocks, but
// hundreds of MiB reassembled) is refused before it is read, also when the
// size is unknown; a resolver that never answers gives up; a peer whose
// stream breaks is not banned, and bans expire; a CID holding another
// model does not unpin that model where the store already had it.
func TestHostilePeers(t *testing.T) {
	t.Parallel()
	o := newOrigin(t)
	ctx := context.Background()

	// 300 links to one 1 MiB leaf: 300 MiB declared, 1 MiB sent.
	leaf := merkledag.NewRawNode(bytes.Repeat([]byte{7}, store.ChunkSize))
	fsn := unixfs.NewFSNode(unixfs.TFile)
	root := new(merkledag.ProtoNode)
	for i := 0; i < 300; i++ {
		fsn.AddBlockSize(store.ChunkSize)
		if err := root.AddRawLink("", &ipld.Link{Cid: leaf.Cid(), Size: store.ChunkSize}); err != nil {
			t.Fatal(err)
		}
	}
	data, err := fsn.GetBytes()
	if err != nil {
		t.Fatal(err)
	}
	root.SetData(data)
	root.SetCidBuilder(cid.V1Builder{Codec: cid.DagProtobuf, MhType: multihash.SHA2_256})
	for _, b := range []blocks.Block{leaf, root} {
		if err := o.st.Blockstore().Put(ctx, b); err != nil {
			t.Fatal(err)
		}
	}
	st := client(t)
	f := New(st, []Peer{&Gateway{URL: o.srv.URL}}, Options{})
	if _, err := f.FetchCID(ctx, root.Cid()); !errors.Is(err, ErrBadData) || !strings.Contains(err.Error(), "larger than a model") {
		t.Fatalf("repeated-link DAG: %v, want refused as too large", err)
	}
	if len(f.Dropped()) != 0 {
		t.Fatalf("the peer that served the CID's verified blocks was banned: %v", f.Dropped())
	}

	// An index that never answers.
	stall := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }))
	defer stall.Close()
	start := time.Now()
	if _, err := (&Index{URL: stall.URL, Timeout: 300 * time.Millisecond}).Resolve(ctx, o.big.Address); err == nil || time.Since(start) > 5*time.Second {
		t.Fatalf("stalled index: %v after %s", err, time.Since(start))
	}

	// A stream that breaks mid-way (connection reset): tried again later, not banned.
	var calls atomic.Int64
	flaky := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/ipfs/") && calls.Add(1) == 1 {
			w.Header().Set("Content-Type", "application/vnd.ipld.car")
			w.WriteHeader(http.StatusOK)
			w.(http.Flusher).Flush()
			conn, _, _ := w.(http.Hijacker).Hijack()
			conn.(*net.TCPConn).SetLinger(0)
			conn.Close() // reset
			return
		}
		o.srv.Config.Handler.ServeHTTP(w, r)
	}))
	defer flaky.Close()
	st = client(t)
	f = New(st, []Peer{&Gateway{URL: flaky.URL}}, Options{Resolvers: []Resolver{&Index{URL: o.srv.URL}}})
	if _, err := f.FetchAddress(ctx, o.small.Address); err == nil || len(f.Dropped()) != 0 {
		t.Fatalf("broken stream: %v, dropped %v; want an error and no ban", err, f.Dropped())
	}
	if _, err := f.FetchAddress(ctx, o.small.Address); err != nil {
		t.Fatalf("after a broken stream: %v", err)
	}

	// A ban expires.
	f.mu.Lock()
	f.bad[flaky.URL] = ban{err: ErrBadData, at: time.Now().Add(-banTime)}
	f.mu.Unlock()
	if _, err := f.FetchAddress(ctx, o.big.Address); err != nil {
		t.Fatalf("after an expired ban: %v", err)
	}

	// The store holds small; a resolver says big is at small's CID.
	st = client(t)
	smallFile, err := o.st.Read(ctx, o.small.Address)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Publish(ctx, smallFile); err != nil {
		t.Fatal(err)
	}
	lying := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"address":"` + o.big.Address + `","cid":"` + o.small.CID + `","size":` + fmt.Sprint(o.small.Size) + `}`))
	}))
	defer lying.Close()
	f = New(st, []Peer{&Gateway{URL: o.srv.URL}}, Options{Resolvers: []Resolver{&Index{URL: lying.URL}}})
	if _, err := f.FetchAddress(ctx, o.big.Address); err == nil {
		t.Fatal("a CID holding another model was accepted")
	}
	if _, ok := st.Lookup(o.small.Address); !ok {
		t.Fatal("the model the store already held was unpinned")
	}
	if len(f.Dropped()) != 0 {
		t.Fatalf("the peer was banned for the resolver's lie: %v", f.Dropped())
	}
}

// TestRepeatedEmptyLeaves: a DAG three levels deep, 2000 links a level, all
// to one empty leaf, declares 0 bytes and passes every size check, but a
// reader would walk 8e9 leaves: it is refused at once.
func TestRepeatedEmptyLeaves(t *testing.T) {
	t.Parallel()
	o := newOrigin(t)
	ctx := context.Background()
	leaf := merkledag.NewRawNode(nil)
	level := func(child cid.Cid) *merkledag.ProtoNode {
		fsn := unixfs.NewFSNode(unixfs.TFile)
		n := new(merkledag.ProtoNode)
		for i := 0; i < 2000; i++ {
			fsn.AddBlockSize(0)
			n.AddRawLink("", &ipld.Link{Cid: child})
		}
		data, _ := fsn.GetBytes()
		n.SetData(data)
		n.SetCidBuilder(cid.V1Builder{Codec: cid.DagProtobuf, MhType: multihash.SHA2_256})
		return n
	}
	l1 := level(leaf.Cid())
	l2 := level(l1.Cid())
	root := level(l2.Cid())
	for _, b := range []blocks.Block{leaf, l1, l2, root} {
		if err := o.st.Blockstore().Put(ctx, b); err != nil {
			t.Fatal(err)
		}
	}
	start := time.Now()
	if _, err := o.st.ReadCID(ctx, root.Cid()); !errors.Is(err, store.ErrTooLarge) || time.Since(start) > 10*time.Second {
		t.Fatalf("read: %v after %s, want refused at once", err, time.Since(start))
	}
}

// junkPeer streams blocks whose bytes match their CIDs but belong to no DAG
// anyone asked for, until told to stop.
type junkPeer struct{ sent atomic.Int64 }

func (*junkPeer) Name() string { return "junk" }

func (j *junkPeer) Fetch(ctx context.Context, _ cid.Cid, put func(blocks.Block) error) error {
	for i := 0; ctx.Err() == nil; i++ {
		b := merkledag.NewRawNode(bytes.Repeat([]byte{byte(i), byte(i >> 8), byte(i >> 16)}, store.ChunkSize/3))
		j.sent.Add(1)
		if err := put(b); err != nil {
			return err
		}
	}
	return ctx.Err()
}

// TestJunkBlocksAreRefusedAndBanned: a peer that answers a request with
// hash-valid blocks outside the requested DAG is cut off at its first such
// block (not after the model's whole size) and banned; an honest peer then
// serves the model.
func TestJunkBlocksAreRefusedAndBanned(t *testing.T) {
	t.Parallel()
	o := newOrigin(t)
	ctx := context.Background()
	st := client(t)
	junk := &junkPeer{}
	f := New(st, []Peer{junk, &Gateway{URL: o.srv.URL}}, Options{})
	c, err := cid.Decode(o.big.CID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.FetchCIDAs(ctx, c, o.big.Size, o.big.Address); err != nil {
		t.Fatalf("the honest peer after the junk one: %v", err)
	}
	if n := junk.sent.Load(); n != 1 {
		t.Fatalf("the junk peer sent %d blocks before it was cut off, want 1", n)
	}
	if why, ok := f.Dropped()["junk"]; !ok || !errors.Is(why, ErrBadData) {
		t.Fatalf("the junk peer was not banned: %v", f.Dropped())
	}
}

// TestPaddedCARIsCutOffAndBanned: a CARv2 whose header sends the reader
// past endless padding (bytes that never reach the fetcher as blocks) is cut
// off once longer than any model's CAR, and its peer banned.
func TestPaddedCARIsCutOffAndBanned(t *testing.T) {
	t.Parallel()
	var sent atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/vnd.ipld.car")
		w.Write(carv2.Pragma)
		h := carv2.NewHeader(1 << 40)
		h.DataOffset = 1 << 50
		h.WriteTo(w)
		buf := make([]byte, 1<<20)
		for r.Context().Err() == nil {
			n, err := w.Write(buf)
			sent.Add(int64(n))
			if err != nil {
				return
			}
		}
	}))
	defer srv.Close()
	f := New(client(t), []Peer{&Gateway{URL: srv.URL}}, Options{PeerTimeout: time.Minute})
	c, err := cid.Decode("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.FetchCIDAs(context.Background(), c, 1000, ""); !errors.Is(err, ErrBadData) {
		t.Fatalf("padded CAR: %v, want bad data", err)
	}
	if _, banned := f.Dropped()[srv.URL]; !banned {
		t.Fatalf("the padding peer was not banned: %v", f.Dropped())
	}
	if n := sent.Load(); n > 2*maxCARBytes {
		t.Fatalf("read %d MiB of padding", n>>20)
	}
}

// blocksPeer serves the given blocks, in order, whatever is asked.
type blocksPeer struct{ bs []blocks.Block }

func (*blocksPeer) Name() string { return "blocks" }

func (p *blocksPeer) Fetch(_ context.Context, _ cid.Cid, put func(blocks.Block) error) error {
	for _, b := range p.bs {
		if err := put(b); err != nil {
			return err
		}
	}
	return nil
}

// storedBlocks counts the blocks in a store.
func storedBlocks(t *testing.T, st *store.Store) int {
	t.Helper()
	keys, err := st.Blockstore().AllKeysChan(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for range keys {
		n++
	}
	return n
}

// TestFailedFetchesLeaveNothing: what a registrant's CID or a peer brings
// that is not the model asked for never reaches the store (nor, so, what
// the node serves): a CID of junk, a valid model read twice over from a few
// repeated blocks (a cheap DAG that makes a node read, decode and hash far
// more than it downloads), and a peer repeating a block, which is banned at
// the second copy.
func TestFailedFetchesLeaveNothing(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := client(t)
	before := storedBlocks(t, st)

	junk := merkledag.NewRawNode(bytes.Repeat([]byte("junk"), 1<<16))
	f := New(st, []Peer{&blocksPeer{[]blocks.Block{junk}}}, Options{})
	if _, err := f.FetchCID(ctx, junk.Cid()); !errors.Is(err, ErrBadData) {
		t.Fatalf("junk: %v", err)
	}

	// A valid model of zero weights, its 1 MiB leaves all one block.
	b := model.NewBuilder("zeros")
	x := b.Input("x", tensor.F32, tensor.Shape{1, 1024})
	y := b.Binary("mm", model.OpMatMul, x, b.Const("w", tensor.New(tensor.F32, tensor.Shape{4096, 1024})))
	b.Output("y", y)
	m, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	origin := client(t)
	e, err := origin.Publish(ctx, m.Encode())
	if err != nil {
		t.Fatal(err)
	}
	c, err := cid.Decode(e.CID)
	if err != nil {
		t.Fatal(err)
	}
	var dag []blocks.Block
	seen := map[cid.Cid]bool{}
	ds := merkledag.NewDAGService(blockservice.New(origin.Blockstore(), nil))
	if err := merkledag.Walk(ctx, merkledag.GetLinksWithDAG(ds), c, func(k cid.Cid) bool {
		if !seen[k] {
			seen[k] = true
			blk, err := origin.Blockstore().Get(ctx, k)
			if err != nil {
				t.Fatal(err)
			}
			dag = append(dag, blk)
		}
		return true
	}); err != nil {
		t.Fatal(err)
	}
	f = New(st, []Peer{&blocksPeer{dag}}, Options{})
	if _, err := f.FetchCIDAs(ctx, c, e.Size, e.Address); !errors.Is(err, store.ErrTooLarge) || len(f.Dropped()) != 0 {
		t.Fatalf("a model from %d distinct blocks of %d bytes: %v (bans %v)", len(dag), e.Size, err, f.Dropped())
	}

	// The same block twice.
	twice := &blocksPeer{[]blocks.Block{dag[0], dag[0]}}
	f = New(st, []Peer{twice}, Options{})
	if _, err := f.FetchCIDAs(ctx, c, e.Size, e.Address); !errors.Is(err, ErrBadData) {
		t.Fatalf("a block sent twice: %v", err)
	}
	if _, banned := f.Dropped()["blocks"]; !banned {
		t.Fatal("the peer repeating a block was not banned")
	}
	if after := storedBlocks(t, st); after != before {
		t.Fatalf("the store went from %d to %d blocks after fetches that failed", before, after)
	}
}
