package store

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unsafe"

	dshelp "github.com/ipfs/boxo/datastore/dshelp"
	"github.com/ipfs/go-datastore"
	"github.com/ipfs/go-datastore/query"
	flatfs "github.com/ipfs/go-ds-flatfs"
	mh "github.com/multiformats/go-multihash"

	"github.com/aievm/aievm/opml/model"
	"github.com/aievm/aievm/opml/tensor"
)

// at returns a copy of b starting off bytes past a 4 KiB boundary.
func at(b []byte, off int) []byte {
	buf := make([]byte, len(b)+2*directAlign)
	start := (directAlign - int(uintptr(unsafe.Pointer(&buf[0]))%directAlign)) % directAlign
	out := buf[start+off : start+off+len(b)]
	copy(out, b)
	return out
}

// TestDirectWrites: a model's 1 MiB leaves are written with direct I/O when
// the file's bytes are page aligned, through flatfs otherwise; either way
// the store reads them back after a restart, and plain flatfs finds every
// block under its key (the layout is flatfs's own).
func TestDirectWrites(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	big, _ := files(t)
	if oDirect == 0 {
		t.Skip("direct I/O is used on Linux only")
	}
	for _, tt := range []struct {
		name   string
		file   []byte
		off    bool // direct I/O refused by the file system
		direct bool
	}{
		{"aligned", at(big, 0), false, true},
		{"unaligned", at(big, 1), false, false},
		{"refused", at(big, 0), true, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			st, err := Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			st.ds.off.Store(tt.off)
			e, err := st.Publish(ctx, tt.file)
			if err != nil {
				t.Fatal(err)
			}
			if !tt.off && st.ds.off.Load() {
				st.Close()
				if directIOExpected(dir) {
					t.Fatal("direct I/O refused on a file system that takes it")
				}
				t.Skip("this file system refuses direct I/O: flatfs wrote every block")
			}
			leaves := int64(len(big) / ChunkSize) // the full ones
			if n := st.ds.written.Load(); tt.direct && n != leaves || !tt.direct && n != 0 {
				t.Fatalf("%d blocks written directly, want %d", n, map[bool]int64{true: leaves}[tt.direct])
			}
			st.Close()
			if left, _ := os.ReadDir(filepath.Join(dir, "blocks", ".direct")); len(left) != 0 {
				t.Fatalf("%d batch directories left behind", len(left))
			}
			if st, err = Open(dir); err != nil {
				t.Fatal(err)
			}
			if got, err := st.Read(ctx, e.Address); err != nil || !bytes.Equal(got, big) {
				t.Fatalf("read back after a restart: %v", err)
			}
			st.Close()
			plain, err := flatfs.Open(filepath.Join(dir, "blocks"), false)
			if err != nil {
				t.Fatal(err)
			}
			defer plain.Close()
			res, err := plain.Query(ctx, query.Query{})
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for r := range res.Next() {
				k := r.Key
				v, err := plain.Get(ctx, datastore.NewKey(k))
				if err != nil {
					t.Fatal(err)
				}
				want, _ := dshelp.DsKeyToMultihash(datastore.NewKey(k))
				if got, _ := mh.Sum(v, mh.SHA2_256, -1); !bytes.Equal(got, want) {
					t.Fatalf("flatfs holds under %s bytes of another hash", k)
				}
				n++
			}
			if n < int(leaves)+2 { // the leaves, the last one, the root
				t.Fatalf("flatfs lists %d blocks", n)
			}
		})
	}
}

// TestDirectBatch: a Delete after a direct Put in one batch wins; a key
// that is not flatfs's never becomes a path; a batch's files a crash left
// before their rename are removed at Open.
func TestDirectBatch(t *testing.T) {
	t.Parallel()
	if oDirect == 0 {
		t.Skip("direct I/O is used on Linux only")
	}
	ctx := context.Background()
	st, dir := tempStore(t)
	val := at(bytes.Repeat([]byte{1}, directMin), 0)
	b, err := st.ds.Batch(ctx)
	if err != nil {
		t.Fatal(err)
	}
	gone, kept := datastore.NewKey("GONE"), datastore.NewKey("KEPT")
	for _, k := range []datastore.Key{gone, kept} {
		if err := b.Put(ctx, k, val); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Delete(ctx, gone); err != nil {
		t.Fatal(err)
	}
	if err := b.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if has, _ := st.ds.Has(ctx, gone); has {
		t.Fatal("a key deleted after its Put in the batch is stored")
	}
	if v, err := st.ds.Get(ctx, kept); err != nil || !bytes.Equal(v, val) {
		t.Fatalf("the kept key: %v", err)
	}

	b, _ = st.ds.Batch(ctx)
	for _, k := range []string{"/../../escape", "/a/b", "/lower"} {
		err := b.Put(ctx, datastore.RawKey(k), val)
		if err == nil {
			err = b.Commit(ctx)
		}
		if err == nil {
			t.Errorf("key %q stored", k)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "escape.data")); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("a key became a path outside the store")
	}

	st.Close()
	crashed := filepath.Join(dir, "blocks", ".direct", "batch-1")
	if err := os.MkdirAll(crashed, 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(crashed, "X.data"), val, 0o644)
	if st, err = Open(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(crashed); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("a crashed batch's files were kept")
	}
}

// TestConcurrentPublishes: one file published twice at once into one store
// (blocks of one key renamed into place twice) reads back.
func TestConcurrentPublishes(t *testing.T) {
	t.Parallel()
	big, _ := files(t)
	st, _ := tempStore(t)
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = st.Publish(context.Background(), at(big, 0))
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(st.List()) != 1 {
		t.Fatalf("%d entries", len(st.List()))
	}
	if got, err := st.Read(context.Background(), st.List()[0].Address); err != nil || !bytes.Equal(got, big) {
		t.Fatalf("read back: %v", err)
	}
}

// TestPublishCheckedPinsNothingOnChange: when the file's bytes may have
// changed while they were read (the check fails), no block is stored (each
// batch is checked before its blocks are) and nothing is pinned.
func TestPublishCheckedPinsNothingOnChange(t *testing.T) {
	t.Parallel()
	big, _ := files(t)
	st, _ := tempStore(t)
	changed := errors.New("changed")
	if _, err := st.PublishChecked(context.Background(), big, func() error { return changed }); !errors.Is(err, changed) {
		t.Fatalf("publish: %v, want the check's error", err)
	}
	if len(st.List()) != 0 {
		t.Fatal("a file that changed was pinned")
	}
	keys, err := st.bs.AllKeysChan(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for k := range keys {
		t.Fatalf("block %s stored from bytes that may have changed", k)
	}
	if _, err := st.PublishChecked(context.Background(), big, func() error { return nil }); err != nil || len(st.List()) != 1 {
		t.Fatalf("publish again: %v", err)
	}
}

// TestGCDuringPublish: GC running while a model is published never
// deletes the blocks of a model not yet pinned (which would leave an entry
// without its blocks).
func TestGCDuringPublish(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	big, _ := files(t)
	st, _ := tempStore(t)
	for round := 0; round < 20; round++ {
		stop, done := make(chan struct{}), make(chan error, 1)
		go func() {
			for {
				select {
				case <-stop:
					done <- nil
					return
				default:
				}
				if _, err := st.GC(ctx); err != nil {
					done <- err
					return
				}
			}
		}()
		e, err := st.Publish(ctx, big)
		close(stop)
		if gerr := <-done; err == nil {
			err = gerr
		}
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.Read(ctx, e.Address); err != nil {
			t.Fatalf("round %d: pinned, then: %v", round, err)
		}
		if err := st.Unpin(e.Address); err != nil {
			t.Fatal(err)
		}
	}
}

// bigModel is a valid model file of about mb MiB (one f32 matrix).
func bigModel(t *testing.T, mb int) []byte {
	t.Helper()
	w := tensor.New(tensor.F32, tensor.Shape{mb*256 - 1, 1024})
	for i := range w.F32() {
		w.F32()[i] = float32(i % 251)
	}
	b := model.NewBuilder("big")
	x := b.Input("x", tensor.F32, tensor.Shape{1, 1024})
	b.Output("y", b.Binary("mm", model.OpMatMul, x, b.Const("w", w)))
	m, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return at(m.Encode(), 0)
}

// TestFailedPublishLeavesNothingRunning: when one batch fails (its source
// check), Publish returns only once every other batch has finished: no
// block is written, nor the file read, after it returns (the CLI unmaps the
// file then). boxo's buffered DAG returned with the others still writing.
func TestFailedPublishLeavesNothingRunning(t *testing.T) {
	t.Parallel()
	st, dir := tempStore(t)
	st.batch = 4 << 20 // several batches in flight
	var calls atomic.Int32
	check := func() error {
		if calls.Add(1) == 1 {
			return errors.New("changed")
		}
		time.Sleep(100 * time.Millisecond)
		return nil
	}
	if _, err := st.PublishChecked(context.Background(), bigModel(t, 16), check); err == nil {
		t.Fatal("a failed check published")
	}
	count := func() int {
		m, _ := filepath.Glob(filepath.Join(dir, "blocks", "*", "*.data"))
		return len(m)
	}
	before := count()
	time.Sleep(400 * time.Millisecond)
	if after := count(); after != before {
		t.Fatalf("%d blocks when Publish returned, %d later", before, after)
	}
}

// TestDirectRefusedAtRunTime: a file system that refuses direct I/O at the
// first write (open or write EINVAL) gets every block through flatfs, and
// no direct write again.
func TestDirectRefusedAtRunTime(t *testing.T) {
	t.Parallel()
	big, _ := files(t)
	st, dir := tempStore(t)
	var tries atomic.Int32
	st.ds.writeFile = func(string, []byte) error { tries.Add(1); return errNoDirect }
	e, err := st.Publish(context.Background(), at(big, 0))
	if err != nil {
		t.Fatal(err)
	}
	if !st.ds.off.Load() || st.ds.written.Load() != 0 || tries.Load() == 0 {
		t.Fatalf("off %v, %d written directly, %d tries", st.ds.off.Load(), st.ds.written.Load(), tries.Load())
	}
	if got, err := st.Read(context.Background(), e.Address); err != nil || !bytes.Equal(got, big) {
		t.Fatalf("read back: %v", err)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "blocks", ".*", "*", "*")); len(left) != 0 {
		t.Fatalf("temporary files left: %v", left)
	}
}

// tempStore opens a store in a fresh directory, closed when the test ends.
func tempStore(t *testing.T) (*Store, string) {
	t.Helper()
	dir := t.TempDir()
	st, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st, dir
}
