// Package fileread gives the CLI a whole local file's bytes, fixed while it
// uses them. Map maps the file under a read lease (no copy, no fresh memory;
// writers are held back and reported). Read, where no lease is granted,
// copies it on several cores at once: each goroutine reads its own range
// with pread, so the kernel's copy from the page cache (and the faulting-in
// of the fresh buffer) is shared out. Its result is a private copy, as
// os.ReadFile's: nothing read changes if the file does afterwards.
package fileread

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"sync"
)

// minPart is the least a goroutine reads: below it one read is as fast.
const minPart = 8 << 20

// Read returns the contents of the file at path, refusing a file of more
// than limit bytes (before reading it).
func Read(path string, limit int64) ([]byte, error) {
	f, size, err := open(path, limit)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b := make([]byte, size)
	adviseHuge(b)
	parts := int(min(int64(runtime.GOMAXPROCS(0)), max(1, size/minPart)))
	errs := make([]error, parts)
	var wg sync.WaitGroup
	for p := range parts {
		lo, hi := size*int64(p)/int64(parts), size*int64(p+1)/int64(parts)
		wg.Add(1)
		go func() {
			defer wg.Done()
			n, err := f.ReadAt(b[lo:hi], lo)
			if err == io.EOF && int64(n) == hi-lo {
				err = nil
			}
			if err != nil {
				errs[p] = fmt.Errorf("read %s at %d: %w", path, lo+int64(n), err)
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err // the file shrank, or a read failed
		}
	}
	return b, nil
}

// open opens a regular file of at most limit bytes for reading and returns
// its size.
func open(path string, limit int64) (*os.File, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, err
	}
	st, err := f.Stat()
	if err == nil && !st.Mode().IsRegular() {
		err = fmt.Errorf("%s is not a regular file", path)
	}
	if err == nil && st.Size() > limit {
		err = fmt.Errorf("%s is %d bytes, more than the %d allowed", path, st.Size(), limit)
	}
	if err != nil {
		f.Close()
		return nil, 0, err
	}
	return f, st.Size(), nil
}
