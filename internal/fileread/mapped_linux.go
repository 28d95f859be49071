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
// back any later open for writing or truncate(2) (for up to
// /proc/sys/fs/lease-break-time, 45 s by default) until the lease is
// released, telling the holder it is wanted (SIGIO, which Go ignores when
// nothing listens for it). Unchanged reports whether that has happened:
// what was read before a call that returns nil is the file as mapped.
//
// Limits, each checked or stated:
//   - Only local disk file systems are mapped (localFS): on a network or
//     FUSE file system, or an overlay, the file can change without a local
//     open, which no lease sees.
//   - An open for reading with O_TRUNC (it needs only write permission)
//     truncates without breaking a read lease. Unchanged sees it (the size),
//     but reading the mapping past the new end faults first: the process
//     dies of SIGBUS, having read nothing else.
//   - A writer let through once the break time is over changes the bytes
//     in place: Unchanged has reported the break for the whole break time
//     by then, so a caller that checks it after each use of the bytes (as
//     the store does before storing each batch of blocks) never keeps
//     changed ones.
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
	var fs unix.Statfs_t
	if err := unix.Fstatfs(int(f.Fd()), &fs); err != nil || !localFS(uint32(fs.Type)) {
		f.Close()
		return nil, fmt.Errorf("%w: %s: not on a local disk file system (type %#x, %v)", ErrNoLease, path, fs.Type, err)
	}
	if _, err := unix.FcntlInt(f.Fd(), unix.F_SETLEASE, unix.F_RDLCK); err != nil {
		f.Close()
		return nil, fmt.Errorf("%w: %s: %w", ErrNoLease, path, err)
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
			return nil, fmt.Errorf("%w: map %s: %w", ErrNoLease, path, err)
		}
	}
	return m, nil
}

// localFS says whether a file system type (statfs's f_type) is a local
// disk's, where only this kernel writes a file: ext2/3/4, XFS, Btrfs, F2FS
// and tmpfs.
func localFS(t uint32) bool {
	switch t {
	case unix.EXT4_SUPER_MAGIC, unix.XFS_SUPER_MAGIC, unix.BTRFS_SUPER_MAGIC, unix.F2FS_SUPER_MAGIC, unix.TMPFS_MAGIC:
		return true
	}
	return false
}

// Bytes is the file's contents, valid until Close.
func (m *Mapped) Bytes() []byte { return m.b }

// Unchanged returns ErrChanged if the lease has been broken since Map (the
// file was opened for writing or truncated: the opener is held back until
// Close, or until the break time runs out) or the file's size is no longer
// the mapping's (truncated by an open with O_TRUNC, which breaks no read
// lease).
func (m *Mapped) Unchanged() error {
	lease, err := unix.FcntlInt(m.f.Fd(), unix.F_GETLEASE, 0)
	if err != nil {
		return fmt.Errorf("lease on %s: %w", m.f.Name(), err)
	}
	if lease != unix.F_RDLCK {
		return fmt.Errorf("%s: %w", m.f.Name(), ErrChanged)
	}
	st, err := m.f.Stat()
	if err != nil {
		return fmt.Errorf("stat %s: %w", m.f.Name(), err)
	}
	if st.Size() != int64(len(m.b)) {
		return fmt.Errorf("%s: %w (%d bytes, mapped %d)", m.f.Name(), ErrChanged, st.Size(), len(m.b))
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
