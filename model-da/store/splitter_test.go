package store

import (
	"bytes"
	"errors"
	"io"
	"testing"

	chunker "github.com/ipfs/boxo/chunker"
)

// TestFileSplitter: the zero-copy splitter cuts a file where
// chunker.NewSizeSplitter does, for sizes around the chunk size, and hands
// out slices that cannot grow into the next chunk.
func TestFileSplitter(t *testing.T) {
	t.Parallel()
	for _, n := range []int{0, 1, ChunkSize - 1, ChunkSize, ChunkSize + 1, 3*ChunkSize + 7} {
		file := make([]byte, n)
		for i := range file {
			file[i] = byte(i * 31)
		}
		want := chunks(t, chunker.NewSizeSplitter(bytes.NewReader(file), ChunkSize))
		got := chunks(t, &fileSplitter{file: file})
		if len(got) != len(want) {
			t.Fatalf("%d bytes: %d chunks, want %d", n, len(got), len(want))
		}
		for i := range got {
			if !bytes.Equal(got[i], want[i]) {
				t.Fatalf("%d bytes: chunk %d differs", n, i)
			}
			if cap(got[i]) != len(got[i]) {
				t.Fatalf("%d bytes: chunk %d has capacity %d past its %d bytes", n, i, cap(got[i]), len(got[i]))
			}
		}
	}
}

// chunks drains a splitter (a nil chunk also ends it, as the importer reads).
func chunks(t *testing.T, s chunker.Splitter) [][]byte {
	var out [][]byte
	for {
		b, err := s.NextBytes()
		if errors.Is(err, io.EOF) || (err == nil && b == nil) {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, b)
	}
}
