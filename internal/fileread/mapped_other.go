//go:build !linux

package fileread

import "fmt"

// Mapped is a file mapped under a read lease: Linux only (see
// mapped_linux.go); elsewhere Map always fails with ErrNoLease.
type Mapped struct{}

// Map fails with ErrNoLease: read the file with Read.
func Map(path string, _ int64) (*Mapped, error) {
	return nil, fmt.Errorf("%w: %s: leases are Linux's", ErrNoLease, path)
}

// Bytes is nil: Map never succeeds here.
func (*Mapped) Bytes() []byte { return nil }

// Unchanged is nil: Map never succeeds here.
func (*Mapped) Unchanged() error { return nil }

// Close does nothing: Map never succeeds here.
func (*Mapped) Close() error { return nil }
