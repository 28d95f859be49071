package store

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	chunker "github.com/ipfs/boxo/chunker"
	"github.com/ipfs/boxo/ipld/merkledag"
	"github.com/ipfs/boxo/ipld/unixfs"
	"github.com/ipfs/boxo/ipld/unixfs/importer/balanced"
	"github.com/ipfs/boxo/ipld/unixfs/importer/helpers"
	blocks "github.com/ipfs/go-block-format"
	"github.com/ipfs/go-cid"
	mh "github.com/multiformats/go-multihash"

	"github.com/aievm/aievm/model-da/internal/testmodels"
	"github.com/aievm/aievm/opml/examples/iris"
	"github.com/aievm/aievm/opml/model"
)

func files(t *testing.T) ([]byte, []byte) {
	t.Helper()
	big, small, err := testmodels.Files()
	if err != nil {
		t.Fatal(err)
	}
	return big, small
}

func TestPublishRoundTripAndRestart(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	big, small := files(t)
	dir := t.TempDir()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	e, err := s.Publish(ctx, big)
	if err != nil {
		t.Fatal(err)
	}
	m, _ := model.Decode(big)
	if e.Address != FormatAddress(m.Address()) || e.Size != int64(len(big)) || e.Name != "decoder-q4" {
		t.Fatalf("entry %+v", e)
	}
	c, err := cid.Decode(e.CID)
	if err != nil || c.Version() != 1 || c.Type() != cid.DagProtobuf {
		t.Fatalf("CID %s: want CIDv1 dag-pb (%v)", e.CID, err)
	}
	if _, err := s.Publish(ctx, small); err != nil {
		t.Fatal(err)
	}
	// Same file, another store: same CID and address.
	s2, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	e2, err := s2.Publish(ctx, big)
	if err != nil || e2 != e {
		t.Fatalf("second store gave %+v, %v; want %+v", e2, err, e)
	}
	// Restart: the index survives and the bytes come back verified.
	s.Close()
	s, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if len(s.List()) != 2 {
		t.Fatalf("after restart %d models indexed, want 2", len(s.List()))
	}
	back, err := s.Read(ctx, e.Address)
	if err != nil || !bytes.Equal(back, big) {
		t.Fatalf("read back after restart: %v", err)
	}
}

func TestPublishRejectsNonModels(t *testing.T) {
	t.Parallel()
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, b := range [][]byte{nil, []byte("hello"), make([]byte, 3<<20)} {
		if _, err := s.Publish(context.Background(), b); !errors.Is(err, ErrNotModel) {
			t.Errorf("publish of %d junk bytes: %v", len(b), err)
		}
	}
	if len(s.List()) != 0 {
		t.Fatal("junk was indexed")
	}
}

// TestInterruptedPublishAndGC: blocks written without an index entry (a
// crash before pinning) are not a model and are collected; an unpinned
// model's blocks go too; a pinned model's stay.
func TestInterruptedPublishAndGC(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	big, small := files(t)
	dir := t.TempDir()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	keep, err := s.Publish(ctx, small)
	if err != nil {
		t.Fatal(err)
	}
	gone, err := s.Publish(ctx, big)
	if err != nil {
		t.Fatal(err)
	}
	// Simulate a crash mid-pin: a half-written index file.
	if err := os.WriteFile(filepath.Join(dir, "index", "deadbeef.json.tmp"), []byte(`{"addr`), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := s.Unpin(gone.Address); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if s, err = Open(dir); err != nil {
		t.Fatalf("reopen after an interrupted index write: %v", err)
	}
	defer s.Close()
	if len(s.List()) != 1 {
		t.Fatalf("%d models indexed, want 1", len(s.List()))
	}
	n, err := s.GC(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n < 3 { // the decoder's root and its chunks
		t.Fatalf("GC removed %d blocks, want the unpinned decoder's", n)
	}
	if _, err := s.Read(ctx, keep.Address); err != nil {
		t.Fatalf("pinned model lost by GC: %v", err)
	}
	if _, err := s.Read(ctx, gone.Address); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unpinned model still readable: %v", err)
	}
	if n, _ := s.GC(ctx); n != 0 {
		t.Fatalf("second GC removed %d blocks", n)
	}
}

func TestParseAddress(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"", "0x12", "zz", "0x" + string(make([]byte, 64))} {
		if _, err := ParseAddress(s); err == nil {
			t.Errorf("ParseAddress(%q) accepted", s)
		}
	}
	a := model.Address{1, 2, 3}
	if b, err := ParseAddress(FormatAddress(a)); err != nil || b != a {
		t.Fatal("round trip failed")
	}
}

// TestReplaceRepairsDamagedBlocks: a stored model whose blocks were damaged
// on disk reads back only after Replace (Publish keeps the damaged blocks).
func TestReplaceRepairsDamagedBlocks(t *testing.T) {
	t.Parallel()
	st, dir := tempStore(t)
	file := iris.ModelBytes()
	e, err := st.Publish(context.Background(), file)
	if err != nil {
		t.Fatal(err)
	}
	filepath.WalkDir(filepath.Join(dir, "blocks"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".data") {
			b, _ := os.ReadFile(p)
			b[len(b)/2] ^= 0xff
			os.WriteFile(p, b, 0o644)
		}
		return nil
	})
	if _, err := st.Read(context.Background(), e.Address); !errors.Is(err, ErrDamaged) {
		t.Fatalf("a damaged model read back: %v", err)
	}
	if err := st.Unpin(e.Address); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Publish(context.Background(), file); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Read(context.Background(), e.Address); err == nil {
		t.Fatal("Publish repaired damaged blocks: Replace is not needed")
	}
	if _, err := st.Replace(context.Background(), file); err != nil {
		t.Fatal(err)
	}
	if got, err := st.Read(context.Background(), e.Address); err != nil || !bytes.Equal(got, file) {
		t.Fatalf("after Replace: %v", err)
	}
}

// fileNode is a UnixFS file node declaring leaves of the given sizes.
func fileNode(t *testing.T, sizes ...uint64) *merkledag.ProtoNode {
	t.Helper()
	fsn := unixfs.NewFSNode(unixfs.TFile)
	for _, s := range sizes {
		fsn.AddBlockSize(s)
	}
	b, err := fsn.GetBytes()
	if err != nil {
		t.Fatal(err)
	}
	nd := merkledag.NodeWithData(b)
	nd.SetCidBuilder(cid.V1Builder{Codec: cid.DagProtobuf, MhType: mh.SHA2_256})
	return nd
}

// TestHostileLayouts: DAGs a registrant or a peer could name instead of a
// model's usual layout are refused before the file is read or allocated: one
// declaring far more than its leaves hold, and one whose interior blocks
// (padded with a 1.9 MiB link name) are walked again by every one of
// thousands of links while holding few distinct bytes. A model fetched under
// any layout is pinned in the store's own, so later reads are cheap.
func TestHostileLayouts(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st, _ := tempStore(t)
	put := func(bs ...blocks.Block) {
		for _, b := range bs {
			if err := st.bs.Put(ctx, b); err != nil {
				t.Fatal(err)
			}
		}
	}
	// 256 MiB declared, one byte held.
	tiny := merkledag.NewRawNode([]byte("x"))
	liar := fileNode(t, model.MaxFileSize)
	if err := liar.AddNodeLink("", tiny); err != nil {
		t.Fatal(err)
	}
	put(tiny, liar)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	if _, err := st.ReadCID(ctx, liar.Cid()); err == nil || !strings.Contains(err.Error(), "declares") {
		t.Fatalf("a DAG declaring 256 MiB over one byte: %v", err)
	}
	if runtime.ReadMemStats(&after); after.TotalAlloc-before.TotalAlloc > 16<<20 {
		t.Fatalf("refusing it allocated %d MiB", (after.TotalAlloc-before.TotalAlloc)>>20)
	}

	// 2048 links to 8 heavy interior blocks over one 64 KiB leaf.
	leaf := merkledag.NewRawNode(make([]byte, 64<<10))
	put(leaf)
	var heavy []*merkledag.ProtoNode
	for k := 0; k < 8; k++ {
		x := fileNode(t, 64<<10)
		if err := x.AddNodeLink(strings.Repeat(string(rune('A'+k)), 1900<<10), leaf); err != nil {
			t.Fatal(err)
		}
		heavy = append(heavy, x)
		put(x)
	}
	sizes := make([]uint64, 2048)
	for i := range sizes {
		sizes[i] = 64 << 10
	}
	root := fileNode(t, sizes...)
	for i := range sizes {
		if err := root.AddNodeLink("", heavy[i%len(heavy)]); err != nil {
			t.Fatal(err)
		}
	}
	put(root)
	start := time.Now()
	if _, err := st.ReadCID(ctx, root.Cid()); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("interior blocks walked 2048 times: %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("refusing it took %s", d)
	}

	// A model under a layout of 64 KiB leaves is pinned under the store's own.
	file := iris.ModelBytes()
	db, err := (&helpers.DagBuilderParams{Dagserv: st.dag, Maxlinks: 3, RawLeaves: true,
		CidBuilder: cid.V1Builder{Codec: cid.DagProtobuf, MhType: mh.SHA2_256}}).New(chunker.NewSizeSplitter(bytes.NewReader(file), 256))
	if err != nil {
		t.Fatal(err)
	}
	other, err := balanced.Layout(db)
	if err != nil {
		t.Fatal(err)
	}
	e, err := st.Pin(ctx, other.Cid(), "")
	if err != nil {
		t.Fatal(err)
	}
	own, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer own.Close()
	want, err := own.Publish(ctx, file)
	if err != nil {
		t.Fatal(err)
	}
	if e.CID != want.CID || e.CID == other.Cid().String() {
		t.Fatalf("pinned under %s; the store's layout is %s, the fetched one %s", e.CID, want.CID, other.Cid())
	}
	if got, err := st.Read(ctx, e.Address); err != nil || !bytes.Equal(got, file) {
		t.Fatalf("read back: %v", err)
	}
}
