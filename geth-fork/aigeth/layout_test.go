package aigeth

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gofrs/flock"
)

func TestMigrateOldLayout(t *testing.T) {
	t.Parallel()
	write := func(t *testing.T, path, content string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	oldChain := func(t *testing.T, dir string) {
		write(t, filepath.Join(dir, OldInstanceDir, "chaindata", "CURRENT"), "old chain")
		write(t, filepath.Join(dir, OldInstanceDir, "nodekey"), "old key")
		write(t, filepath.Join(dir, OldInstanceDir, "LOCK"), "")
	}
	for _, tc := range []struct {
		name    string
		setup   func(t *testing.T, dir string)
		moved   bool
		wantErr string
	}{
		{"no old chain", func(t *testing.T, dir string) { write(t, filepath.Join(dir, "geth", "chaindata", "CURRENT"), "new") }, false, ""},
		{"old chain only", oldChain, true, ""},
		{"old chain and a geth dir a start left without a chain", func(t *testing.T, dir string) {
			oldChain(t, dir)
			write(t, filepath.Join(dir, "geth", "nodekey"), "fresh key")
			write(t, filepath.Join(dir, "geth", "LOCK"), "")
		}, true, ""},
		{"two chains", func(t *testing.T, dir string) {
			oldChain(t, dir)
			write(t, filepath.Join(dir, "geth", "chaindata", "CURRENT"), "new chain")
		}, false, "both hold a chain"},
		{"old dir in use", func(t *testing.T, dir string) {
			oldChain(t, dir)
			l := flock.New(filepath.Join(dir, OldInstanceDir, "LOCK"))
			if ok, err := l.TryLock(); !ok || err != nil {
				t.Fatalf("lock: %v %v", ok, err)
			}
			t.Cleanup(func() { l.Unlock() })
		}, false, "in use by another process"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			tc.setup(t, dir)
			moved, err := MigrateOldLayout(dir)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil || moved != tc.moved {
				t.Fatalf("moved %v, err %v; want moved %v", moved, err, tc.moved)
			}
			if !tc.moved {
				return
			}
			for file, want := range map[string]string{"chaindata/CURRENT": "old chain", "nodekey": "old key"} {
				if b, err := os.ReadFile(filepath.Join(dir, "geth", file)); err != nil || string(b) != want {
					t.Errorf("geth/%s: %q (%v), want %q", file, b, err, want)
				}
			}
			if _, err := os.Stat(filepath.Join(dir, OldInstanceDir)); !os.IsNotExist(err) {
				t.Errorf("the old directory is still there (%v)", err)
			}
		})
	}
}
