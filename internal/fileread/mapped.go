package fileread

import "errors"

// ErrNoLease means a file could not be mapped under a read lease (it is open
// for writing somewhere, this process does not own it, the file system has
// no leases, or the platform is not Linux): read it with Read instead.
var ErrNoLease = errors.New("no read lease on the file")

// ErrChanged means a mapped file was opened for writing or truncated while
// it was mapped: what was read from it may mix two versions.
var ErrChanged = errors.New("the file was opened for writing while it was read")
