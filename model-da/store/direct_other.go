//go:build !linux

package store

import (
	"os"
	"syscall"
)

// oDirect is 0: direct I/O is used on Linux only (directable is false).
const oDirect = 0

// errEINVAL is never returned here (no direct writes).
var errEINVAL error = syscall.EINVAL

// fdatasync is f.Sync where fdatasync is not portable.
func fdatasync(f *os.File) error { return f.Sync() }
