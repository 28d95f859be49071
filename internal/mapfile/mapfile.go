// Package mapfile reads a large local file without copying it: on Unix the
// file is mapped read-only into memory (its pages are the page cache's, so
// publishing a 256 MiB model neither zeroes nor copies 256 MiB first);
// elsewhere it is read. A mapped file must not be truncated while mapped
// (the process would fault): it is for the operator's own files, read once
// by a command.
package mapfile

import (
	"errors"
	"fmt"
	"io"
	"os"
)

// Read returns the contents of the file at path, refusing a file of more
// than max bytes, and a function that releases them (after which they must
// not be used).
func Read(path string, max int64) ([]byte, func() error, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	if st.Size() > max {
		return nil, nil, fmt.Errorf("%s is %d bytes, more than the %d allowed", path, st.Size(), max)
	}
	if st.Size() == 0 || !st.Mode().IsRegular() {
		b, err := readAll(f, max)
		return b, func() error { return nil }, err
	}
	return mmap(f, int(st.Size()))
}

// readAll reads f to its end, refusing more than max bytes (a file whose
// size Stat does not tell, such as a pipe).
func readAll(f *os.File, max int64) ([]byte, error) {
	var b []byte
	buf := make([]byte, 1<<20)
	for {
		n, err := f.Read(buf)
		b = append(b, buf[:n]...)
		if int64(len(b)) > max {
			return nil, fmt.Errorf("%s is more than the %d bytes allowed", f.Name(), max)
		}
		if err != nil {
			if errors.Is(err, io.EOF) {
				return b, nil
			}
			return nil, err
		}
	}
}
