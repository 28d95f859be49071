package fileread

import (
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// Mapped is a file mapped read-only under a read lease (fcntl F_SETLEASE):
// the bytes come straight from the page cache, with no fresh buffer to
// fault in and no copy, yet they cannot change unnoticed. A lease is only
// granted while nobody has the file open for writing, and the kernel holds
// back any later open for writing or truncate (for up to
// /proc/sys/fs/lease-break-time, 45 s by default) until the lease is
// released, telling the holder it is wanted (SIGIO, which Go ignores when
// nothing listens for it). Unchanged reports whether that has happened.
//
// A truncate let through once the break time is over makes reading the
// mapping past the new end fault (the process crashes): callers must be
// done with the bytes, and check Unchanged, well within the break time.
type Mapped struct {
	f *os.File
	b []byte
}

// Map maps the file at path under a read lease, refusing a file of more
// than limit bytes. It fails with ErrNoLease when the lease or the mapping
// cannot be had; other errors (missing, not a regular file, too large) are
// the file's.
func Map(path string, limit int64) (*Mapped, error) {
	f, size, err := open(path, limit)
	if err != nil {
		return nil, err
	}
	if _, err := unix.FcntlInt(f.Fd(), unix.F_SETLEASE, unix.F_RDLCK); err != nil {
		f.Close()
		return nil, fmt.Errorf("%w: %s: %v", ErrNoLease, path, err)
	}
	m := &Mapped{f: f, b: []byte{}}
	if size > 0 {
		// Stat came before the lease: a truncate in between leaves the
		// mapping longer than the file.
		st, err := f.Stat()
		if err == nil && st.Size() != size {
			err = ErrChanged
		}
		if err == nil {
			m.b, err = unix.Mmap(int(f.Fd()), 0, int(size), unix.PROT_READ, unix.MAP_SHARED)
		}
		if err != nil {
			m.Close()
			return nil, fmt.Errorf("%w: map %s: %v", ErrNoLease, path, err)
		}
	}
	return m, nil
}

// Bytes is the file's contents, valid until Close.
func (m *Mapped) Bytes() []byte { return m.b }

// Unchanged returns ErrChanged if the lease has been broken since Map: the
// file was opened for writing or truncated (the opener is held back until
// Close, or until the break time runs out).
func (m *Mapped) Unchanged() error {
	lease, err := unix.FcntlInt(m.f.Fd(), unix.F_GETLEASE, 0)
	if err != nil {
		return fmt.Errorf("lease on %s: %w", m.f.Name(), err)
	}
	if lease != unix.F_RDLCK {
		return fmt.Errorf("%s: %w", m.f.Name(), ErrChanged)
	}
	return nil
}

// Close unmaps the file and releases the lease (a held-back writer goes on).
func (m *Mapped) Close() error {
	var err error
	if len(m.b) > 0 {
		err = unix.Munmap(m.b)
	}
	m.b = nil
	if cerr := m.f.Close(); err == nil { // closing releases the lease
		err = cerr
	}
	return err
}
