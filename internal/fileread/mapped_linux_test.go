package fileread

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// leased maps path, skipping the test where this file system grants no
// leases (the fallback, Read, is what runs there).
func leased(t *testing.T, path string) *Mapped {
	t.Helper()
	m, err := Map(path, 1<<30)
	if errors.Is(err, unix.EINVAL) || errors.Is(err, unix.ENOLCK) || err != nil && strings.Contains(err.Error(), "not on a local disk") {
		t.Skipf("no leases on this file system: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestMap(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	data := bytes.Repeat([]byte("model bytes "), 100_000)
	path := filepath.Join(dir, "m")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	empty := filepath.Join(dir, "empty")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name, path string
		max        int64
		want       []byte
		err        string
	}{
		{"whole file", path, 1 << 30, data, ""},
		{"empty", empty, 10, []byte{}, ""},
		{"past the bound", path, int64(len(data)) - 1, nil, "more than the"},
		{"a directory", dir, 1 << 30, nil, "not a regular file"},
		{"missing", filepath.Join(dir, "none"), 10, nil, "no such file"},
	} {
		m, err := Map(tt.path, tt.max)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) || errors.Is(err, ErrNoLease) {
				t.Errorf("%s: error %v, want %q (and not ErrNoLease: no fallback for it)", tt.name, err, tt.err)
			}
			continue
		}
		if errors.Is(err, ErrNoLease) {
			t.Skipf("no leases here: %v", err)
		}
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if !bytes.Equal(m.Bytes(), tt.want) || m.Unchanged() != nil {
			t.Errorf("%s: %d bytes, %v", tt.name, len(m.Bytes()), m.Unchanged())
		}
		if err := m.Close(); err != nil {
			t.Errorf("%s: close: %v", tt.name, err)
		}
	}
}

// TestMapRefusedWhileOpenForWriting: a file someone has open for writing
// (or mapped writable) cannot be leased, so its bytes could change under
// the mapping: Map says ErrNoLease and the caller copies it.
func TestMapRefusedWhileOpenForWriting(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "m")
	if err := os.WriteFile(path, []byte("some model"), 0o600); err != nil {
		t.Fatal(err)
	}
	leased(t, path).Close() // leases work here
	w, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if _, err := Map(path, 1<<20); !errors.Is(err, ErrNoLease) {
		t.Fatalf("Map of a file open for writing: %v, want ErrNoLease", err)
	}
}

// TestMapHoldsBackWriters: a writer (open for writing, truncate) that comes
// while the file is mapped waits until Close; Unchanged then reports it, and
// the mapped bytes have not changed meanwhile.
func TestMapHoldsBackWriters(t *testing.T) {
	t.Parallel()
	data := bytes.Repeat([]byte{7}, 3<<20)
	for _, tt := range []struct {
		name  string
		write func(path string) error
	}{
		{"open for writing", func(path string) error {
			f, err := os.OpenFile(path, os.O_WRONLY, 0)
			if err == nil {
				_, err = f.WriteAt([]byte{9}, 1<<20)
				f.Close()
			}
			return err
		}},
		{"truncate", func(path string) error { return os.Truncate(path, 10) }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), "m")
			if err := os.WriteFile(path, data, 0o600); err != nil {
				t.Fatal(err)
			}
			m := leased(t, path)
			done := make(chan error, 1)
			go func() { done <- tt.write(path) }()
			deadline := time.Now().Add(10 * time.Second)
			for m.Unchanged() == nil {
				if time.Now().After(deadline) {
					m.Close()
					t.Fatal("the writer was not seen")
				}
				time.Sleep(time.Millisecond)
			}
			if err := m.Unchanged(); !errors.Is(err, ErrChanged) {
				t.Fatalf("Unchanged: %v, want ErrChanged", err)
			}
			select {
			case err := <-done:
				t.Fatalf("the writer went on while the file was mapped (%v)", err)
			case <-time.After(50 * time.Millisecond):
			}
			if !bytes.Equal(m.Bytes(), data) {
				t.Fatal("the mapped bytes changed before Close")
			}
			if err := m.Close(); err != nil {
				t.Fatal(err)
			}
			if err := <-done; err != nil {
				t.Fatalf("the writer after Close: %v", err)
			}
		})
	}
}

// TestMapSeesReadOnlyTruncate: an open for reading with O_TRUNC (which
// needs only write permission) truncates without breaking a read lease and
// is not held back; Unchanged still reports it, by the size. (Reading the
// mapping after it would fault: this test does not.)
func TestMapSeesReadOnlyTruncate(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "m")
	if err := os.WriteFile(path, bytes.Repeat([]byte{7}, 1<<20), 0o600); err != nil {
		t.Fatal(err)
	}
	m := leased(t, path)
	defer m.Close()
	f, err := os.OpenFile(path, os.O_RDONLY|os.O_TRUNC, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	if err := m.Unchanged(); !errors.Is(err, ErrChanged) {
		t.Fatalf("Unchanged after a read-only O_TRUNC open: %v, want ErrChanged", err)
	}
}

// TestLocalFS: only local disk file systems are mapped; network, FUSE and
// overlay ones are copied.
func TestLocalFS(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name string
		typ  uint32
		want bool
	}{
		{"ext4", unix.EXT4_SUPER_MAGIC, true},
		{"xfs", unix.XFS_SUPER_MAGIC, true},
		{"btrfs", unix.BTRFS_SUPER_MAGIC, true},
		{"tmpfs", unix.TMPFS_MAGIC, true},
		{"nfs", unix.NFS_SUPER_MAGIC, false},
		{"fuse", unix.FUSE_SUPER_MAGIC, false},
		{"overlayfs", unix.OVERLAYFS_SUPER_MAGIC, false},
		{"9p", unix.V9FS_MAGIC, false},
		{"cifs", unix.CIFS_SUPER_MAGIC, false},
	} {
		if got := localFS(tt.typ); got != tt.want {
			t.Errorf("%s: mapped %v, want %v", tt.name, got, tt.want)
		}
	}
}
