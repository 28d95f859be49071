package store

import (
	"os"
	"syscall"
)

// oDirect opens a file for direct I/O.
const oDirect = syscall.O_DIRECT

// errEINVAL is how Linux refuses direct I/O (a file system without it, or
// an alignment the device does not take).
var errEINVAL error = syscall.EINVAL

// fdatasync flushes f's data and the metadata needed to read it back.
func fdatasync(f *os.File) error {
	sc, err := f.SyscallConn()
	if err != nil {
		return err
	}
	var serr error
	if err := sc.Control(func(fd uintptr) { serr = syscall.Fdatasync(int(fd)) }); err != nil {
		return err
	}
	return serr
}
