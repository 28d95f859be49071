package fileread

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRead(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name string, n int) (string, []byte) {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(i*7 + i>>13)
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return p, b
	}
	big, bigData := write("big", 3*minPart+12345) // read in parts
	small, smallData := write("small", 100)
	empty, _ := write("empty", 0)
	for _, tt := range []struct {
		name, path string
		max        int64
		want       []byte
		err        string
	}{
		{"in parts", big, 1 << 30, bigData, ""},
		{"one part", small, 100, smallData, ""},
		{"empty", empty, 10, []byte{}, ""},
		{"past the bound", small, 99, nil, "more than the 99 allowed"},
		{"a directory", dir, 1 << 30, nil, "not a regular file"},
		{"missing", filepath.Join(dir, "none"), 10, nil, "no such file"},
	} {
		b, err := Read(tt.path, tt.max)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%s: error %v, want %q", tt.name, err, tt.err)
			}
			continue
		}
		if err != nil || !bytes.Equal(b, tt.want) {
			t.Errorf("%s: %d bytes, %v; want %d bytes", tt.name, len(b), err, len(tt.want))
		}
	}
}
