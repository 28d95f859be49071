package cli

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestPublishFlags: on-chain publication and status refuse bad flags with a
// clear error before touching the network.
func TestPublishFlags(t *testing.T) {
	dir := t.TempDir()
	if _, err := runApp(t, "model", "build", "--out", dir, "iris"); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "iris.opml")
	store := filepath.Join(dir, "store")
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no key", []string{"model", "publish", "--datadir", store, "--rpc", "http://127.0.0.1:1", file}, "--rpc needs --private-key"},
		{"bad key", []string{"model", "publish", "--datadir", store, "--rpc", "http://127.0.0.1:1", "--private-key", "0x12", file}, "--private-key"},
		{"bad registry", []string{"model", "publish", "--datadir", store, "--rpc", "http://127.0.0.1:1", "--private-key",
			"0x" + strings.Repeat("11", 32), "--registry", "nope", file}, `--registry: "nope" is not an address`},
		{"status without rpc", []string{"model", "status", "0x" + strings.Repeat("ab", 32)}, "--rpc is required"},
		{"status of a bad address", []string{"model", "status", "--rpc", "http://127.0.0.1:1", "0x12"}, "address"},
		{"status without address", []string{"model", "status", "--rpc", "http://127.0.0.1:1"}, "expected one model address"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := runApp(t, tt.args...)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err %v, want %q\n%s", err, tt.want, out)
			}
		})
	}
}
