package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/ipfs/go-datastore"
	flatfs "github.com/ipfs/go-ds-flatfs"
)

// directDS is the store's block datastore: flatfs, except that a batch
// writes each large, page-aligned value (the 1 MiB leaves of a model file,
// which are slices of the file as read or mapped) with direct I/O into a
// file of flatfs's own layout (`<shard>/<key>.data`, described in flatfs's
// README), then renames it into place at Commit.
//
// Why: a buffered write copies every block into fresh page-cache pages
// before fsync writes them out. Direct I/O hands the disk the caller's
// pages instead: no copy, no new pages (on a VM whose freed memory goes
// back to the host, each fresh page is a fault on the host: that copy was
// the largest and least steady part of a publish), and durable once
// fdatasync has flushed the file's metadata and the device's cache.
//
// Everything else (small or unaligned values, reads, deletes, queries)
// goes to flatfs. flatfs's disk-usage estimate (diskUsage.cache, which
// nothing here reads) does not count directly written blocks. Like flatfs's
// own temporary files, the direct writes' directory belongs to one process:
// opening the store empties it.
type directDS struct {
	*flatfs.Datastore
	root  string           // flatfs's directory
	shard flatfs.ShardFunc // flatfs's shard of a key
	tmp   string           // where direct files are written before the rename (in root, so one file system); emptied at open
	// off is set once the file system refuses direct I/O: batches then
	// write through flatfs only.
	off atomic.Bool
	// written counts values written directly (tests check the path taken).
	written atomic.Int64
	// writeFile writes a value directly: writeDirect (tests make it refuse).
	writeFile func(path string, v []byte) error
}

// directAlign is the alignment direct I/O needs of a value's address and
// length: 4 KiB covers both 512-byte and 4 KiB logical sectors.
const directAlign = 4096

// directMin is the least value written directly: below it the system calls
// and the flush per file cost more than the copy saved.
const directMin = 64 << 10

// directPuts bounds the direct writes a batch runs at once (flatfs's own
// batch runs 16).
const directPuts = 16

// newDirect wraps ds, kept in root; the direct writes' temporary files go
// in root/.direct (one file system for the rename; flatfs lists no dot
// directory), which is emptied here.
func newDirect(ds *flatfs.Datastore, root string) (*directDS, error) {
	tmp := filepath.Join(root, ".direct")
	id, err := flatfs.ParseShardFunc(ds.ShardStr())
	if err != nil {
		return nil, fmt.Errorf("flatfs shard %q: %w", ds.ShardStr(), err)
	}
	if err := os.RemoveAll(tmp); err != nil { // what a crash left before a rename
		return nil, err
	}
	if err := os.MkdirAll(tmp, 0o755); err != nil {
		return nil, err
	}
	return &directDS{Datastore: ds, root: root, shard: id.Func(), tmp: tmp, writeFile: writeDirect}, nil
}

// directable says whether v can be written with direct I/O as it is.
func directable(v []byte) bool {
	return oDirect != 0 && len(v) >= directMin && len(v)%directAlign == 0 &&
		uintptr(unsafe.Pointer(unsafe.SliceData(v)))%directAlign == 0
}

// flatKey says whether key is one flatfs takes (a slash, then A-Z, 0-9,
// '-' or '_'): nothing else may become a path.
func flatKey(key datastore.Key) bool {
	ks := key.String()
	if len(ks) < 2 || ks[0] != '/' {
		return false
	}
	for _, c := range ks[1:] {
		if !('0' <= c && c <= '9' || 'A' <= c && c <= 'Z' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// path is where flatfs keeps key: its shard directory and file.
func (d *directDS) path(key datastore.Key) (dir, file string) {
	name := key.String()[1:]
	dir = filepath.Join(d.root, d.shard(name))
	return dir, filepath.Join(dir, name+".data")
}

// sourceCheck is the context key of a write's source check (withSource).
type sourceCheck struct{}

// withSource returns ctx carrying unchanged, the check that the bytes being
// stored are still those of their source (a mapped file nobody may write
// while it is leased). Every batch and Put under ctx calls it once every
// value it holds has been read (written directly, or copied for flatfs)
// and before any of them becomes a block under its key: a block is never
// stored with bytes other than those its key was hashed from.
func withSource(ctx context.Context, unchanged func() error) context.Context {
	if unchanged == nil {
		return ctx
	}
	return context.WithValue(ctx, sourceCheck{}, unchanged)
}

// sourceOf returns ctx's source check, or nil.
func sourceOf(ctx context.Context) func() error {
	f, _ := ctx.Value(sourceCheck{}).(func() error)
	return f
}

// Put stores one value through flatfs; under a source check (withSource),
// a copy of it, once the check passes.
func (d *directDS) Put(ctx context.Context, key datastore.Key, val []byte) error {
	if check := sourceOf(ctx); check != nil {
		val = bytes.Clone(val)
		if err := check(); err != nil {
			return err
		}
	}
	return d.Datastore.Put(ctx, key, val)
}

// errNoDirect means the file system refused direct I/O.
var errNoDirect = errors.New("direct I/O refused")

// writeDirect writes v to a new file at path with direct I/O and flushes
// it (fdatasync: the file's size and extents, and the device's cache).
func writeDirect(path string, v []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL|oDirect, 0o644)
	if err != nil {
		if errors.Is(err, errEINVAL) { // a file system without direct I/O
			return fmt.Errorf("%w: %v", errNoDirect, err)
		}
		return err
	}
	_, err = f.Write(v)
	if errors.Is(err, errEINVAL) { // an alignment this device does not take
		err = fmt.Errorf("%w: %v", errNoDirect, err)
	}
	if err == nil {
		err = fdatasync(f)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
	}
	return err
}

// Batch returns a batch that writes large aligned values directly.
func (d *directDS) Batch(ctx context.Context) (datastore.Batch, error) {
	inner, err := d.Datastore.Batch(ctx)
	if err != nil {
		return nil, err
	}
	return &directBatch{Batch: inner, d: d, check: sourceOf(ctx), gate: make(chan struct{}, directPuts), files: map[datastore.Key]string{}}, nil
}

// directBatch is a flatfs batch whose large aligned values are written
// directly (at Put, directPuts at once) and renamed into place at Commit.
// Like flatfs's batch, it holds on to a value until Commit: the caller must
// not change it meanwhile.
type directBatch struct {
	datastore.Batch // flatfs's: everything not written directly
	d               *directDS
	check           func() error // the source check (withSource), or nil
	gate            chan struct{}
	wg              sync.WaitGroup

	mu    sync.Mutex
	dir   string                   // this batch's directory under d.tmp, made at the first direct Put
	files map[datastore.Key]string // key -> its written (or being written) file in dir
	err   error                    // the first failed direct write
}

// Put writes val directly when it can, else through flatfs's batch (a
// copy of it under a source check: flatfs writes it later). On an error
// the batch is abandoned (boxo's PutMany neither commits nor discards it):
// its direct writes are waited for and removed.
func (b *directBatch) Put(ctx context.Context, key datastore.Key, val []byte) error {
	err := b.put(ctx, key, val)
	if err != nil {
		b.abandon()
	}
	return err
}

func (b *directBatch) put(ctx context.Context, key datastore.Key, val []byte) error {
	if !directable(val) || b.d.off.Load() || !flatKey(key) {
		return b.flatPut(ctx, key, val)
	}
	b.mu.Lock()
	if b.err != nil || b.files[key] != "" {
		err := b.err
		b.mu.Unlock()
		return err // a key already put holds the same bytes (content addressed)
	}
	if b.dir == "" {
		dir, err := os.MkdirTemp(b.d.tmp, "batch-")
		if err != nil {
			b.mu.Unlock()
			return fmt.Errorf("direct batch: %w", err)
		}
		b.dir = dir
	}
	file := filepath.Join(b.dir, key.String()[1:]+".data")
	b.files[key] = file
	b.mu.Unlock()
	select {
	case b.gate <- struct{}{}:
	case <-ctx.Done():
		b.forget(key)
		return ctx.Err()
	}
	b.wg.Add(1)
	go func() {
		defer func() { <-b.gate; b.wg.Done() }()
		err := b.d.writeFile(file, val)
		if err == nil {
			b.d.written.Add(1)
			return
		}
		if errors.Is(err, errNoDirect) {
			b.d.off.Store(true)
			b.forget(key)
			if err = b.flatPut(ctx, key, val); err == nil {
				return
			}
		}
		b.mu.Lock()
		if b.err == nil {
			b.err = fmt.Errorf("put %s: %w", key, err)
		}
		b.mu.Unlock()
	}()
	return nil
}

// flatPut hands val to flatfs's batch, which writes it later: a copy under
// a source check, so that what is checked at Commit is what flatfs writes.
func (b *directBatch) flatPut(ctx context.Context, key datastore.Key, val []byte) error {
	if b.check != nil {
		val = bytes.Clone(val)
	}
	return b.Batch.Put(ctx, key, val)
}

// discardFlat drops flatfs's batch (its Discard waits for its writes and
// removes their files; go-datastore's Batch has no Discard).
func (b *directBatch) discardFlat(ctx context.Context) {
	if d, ok := b.Batch.(interface{ Discard(context.Context) error }); ok {
		d.Discard(ctx)
	}
}

// abandon waits for the batch's writes and removes their files.
func (b *directBatch) abandon() {
	b.wg.Wait() // first: a refused direct write falls back to flatfs's batch
	b.discardFlat(context.Background())
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.dir != "" {
		os.RemoveAll(b.dir)
		b.dir = ""
	}
	b.files = map[datastore.Key]string{}
}

// forget drops key's direct write (written through flatfs instead).
func (b *directBatch) forget(key datastore.Key) {
	b.mu.Lock()
	delete(b.files, key)
	b.mu.Unlock()
}

// Delete cancels a direct Put of key in this batch and deletes through
// flatfs's batch.
func (b *directBatch) Delete(ctx context.Context, key datastore.Key) error {
	b.wg.Wait()
	b.mu.Lock()
	if f := b.files[key]; f != "" {
		os.Remove(f)
		delete(b.files, key)
	}
	b.mu.Unlock()
	return b.Batch.Delete(ctx, key)
}

// Commit runs the source check (if any: nothing is stored if it fails),
// commits flatfs's batch, then renames the direct files into place and
// syncs the directories they went to and flatfs's root (a shard directory
// another batch made): every value is durable when it returns.
func (b *directBatch) Commit(ctx context.Context) error {
	b.wg.Wait()
	b.mu.Lock()
	defer b.mu.Unlock()
	defer func() {
		if b.dir != "" {
			os.RemoveAll(b.dir)
		}
	}()
	if b.err != nil {
		b.discardFlat(ctx)
		return b.err
	}
	if b.check != nil {
		if err := b.check(); err != nil {
			b.discardFlat(ctx)
			return err
		}
	}
	if err := b.Batch.Commit(ctx); err != nil {
		return err
	}
	dirs := map[string]bool{b.d.root: true}
	for key, tmp := range b.files {
		dir, file := b.d.path(key)
		if !dirs[dir] {
			if err := os.Mkdir(dir, 0o755); err != nil && !errors.Is(err, os.ErrExist) {
				return fmt.Errorf("put %s: %w", key, err)
			}
			dirs[dir] = true
		}
		if err := os.Rename(tmp, file); err != nil {
			return fmt.Errorf("put %s: %w", key, err)
		}
	}
	for dir := range dirs {
		if err := syncDir(dir); err != nil {
			return fmt.Errorf("sync %s: %w", dir, err)
		}
	}
	b.files = map[datastore.Key]string{}
	return nil
}

// syncDir makes the entries of dir durable.
func syncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
