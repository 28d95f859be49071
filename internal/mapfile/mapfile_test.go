package mapfile

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
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	data := bytes.Repeat([]byte("model"), 1000)
	for _, tt := range []struct {
		name, path string
		max        int64
		want       []byte
		err        string
	}{
		{"a file", write("a", data), 1 << 20, data, ""},
		{"at the bound", write("b", data), int64(len(data)), data, ""},
		{"past the bound", write("c", data), int64(len(data)) - 1, nil, "more than the 4999 allowed"},
		{"empty", write("d", nil), 10, []byte{}, ""},
		{"missing", filepath.Join(dir, "none"), 10, nil, "no such file"},
	} {
		b, release, err := Read(tt.path, tt.max)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%s: error %v, want %q", tt.name, err, tt.err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if !bytes.Equal(b, tt.want) {
			t.Errorf("%s: read %d bytes, want %d", tt.name, len(b), len(tt.want))
		}
		if err := release(); err != nil {
			t.Errorf("%s: release: %v", tt.name, err)
		}
	}
}
