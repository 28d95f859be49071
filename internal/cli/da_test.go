package cli

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/aievm/aievm/internal/fileread"
	"github.com/aievm/aievm/model-da/server"
	"github.com/aievm/aievm/model-da/store"
)

func runApp(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out strings.Builder
	app := &cli.App{Name: "aievm", Writer: &out, ErrWriter: &out, Commands: []*cli.Command{ModelCommand, DACommand}}
	err := app.Run(append([]string{"aievm"}, args...))
	return out.String(), err
}

func TestDACommands(t *testing.T) {
	dir := t.TempDir()
	models, a, b := filepath.Join(dir, "m"), filepath.Join(dir, "a"), filepath.Join(dir, "b")
	if _, err := runApp(t, "model", "build", "--out", models, "iris", "cnn"); err != nil {
		t.Fatal(err)
	}
	out, err := runApp(t, "model", "publish", "--datadir", a, filepath.Join(models, "iris.opml"))
	if err != nil || !strings.Contains(out, "address: 0xdd286d1cb007062d") || !strings.Contains(out, "cid:     bafk") {
		t.Fatalf("publish: %v\n%s", err, out)
	}
	if _, err := runApp(t, "model", "publish", "--datadir", a, filepath.Join(models, "cnn.opml")); err != nil {
		t.Fatal(err)
	}
	out, _ = runApp(t, "model", "ls", "--datadir", a)
	if !strings.Contains(out, "iris") || !strings.Contains(out, "cnn") {
		t.Fatalf("ls:\n%s", out)
	}
	// Serve store a; fetch into store b by address over the gateway.
	st, err := store.Open(a)
	if err != nil {
		t.Fatal(err)
	}
	gw, err := server.ServeHTTP(st, "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer gw.Close()
	got := filepath.Join(dir, "got.opml")
	out, err = runApp(t, "model", "get", "--datadir", b, "--peers", gw.URL(), "-o", got,
		"0xdd286d1cb007062da4ec11a28ebcb4fbdada061f0a02b6146efd04b6a10d597d")
	if err != nil || !strings.Contains(out, "name:    iris") {
		t.Fatalf("get: %v\n%s", err, out)
	}
	if out, err := runApp(t, "model", "inspect", got); err != nil || !strings.Contains(out, "0xdd286d1cb007062d") {
		t.Fatalf("fetched file does not inspect as iris: %v\n%s", err, out)
	}
	st.Close()
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"model", "get", "--datadir", b, "bafynope"}, "neither a model address"},
		{[]string{"model", "get", "--datadir", b, "--peers", "ftp://x", "0x" + strings.Repeat("00", 32)}, "want a gateway URL"},
		{[]string{"model", "rm", "--datadir", b, "0x1234"}, "malformed model address"},
		{[]string{"model", "publish", "--datadir", b, "/etc/hostname"}, "not a valid model file"},
	}
	for _, tt := range tests {
		_, err := runApp(t, tt.args...)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%v: error %v, want %q", tt.args, err, tt.want)
		}
	}
	out, err = runApp(t, "model", "rm", "--datadir", b, "0xdd286d1cb007062da4ec11a28ebcb4fbdada061f0a02b6146efd04b6a10d597d")
	if err != nil {
		t.Fatal(err)
	}
	if out, err = runApp(t, "da", "gc", "--datadir", b); err != nil || !strings.Contains(out, "removed 1 blocks") {
		t.Fatalf("gc: %v %s", err, out)
	}
}

// TestPublishReadsAFileThatMayChange: `model publish` maps the file under a
// read lease, and copies it instead when someone has it open for writing
// (the lease is refused); a writer coming while it is mapped makes the
// publish store no block and pin nothing, for a model of one block (a
// single Put) and of several (batches with direct writes).
func TestPublishReadsAFileThatMayChange(t *testing.T) {
	dir := t.TempDir()
	models := filepath.Join(dir, "m")
	if _, err := runApp(t, "model", "build", "--out", models, "iris", "decoder"); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(models, "iris.opml")
	w, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	out, err := runApp(t, "model", "publish", "--datadir", filepath.Join(dir, "a"), path)
	w.Close()
	if err != nil || !strings.Contains(out, "address: 0xdd286d1cb007062d") {
		t.Fatalf("publish of a file open for writing elsewhere: %v\n%s", err, out)
	}

	for _, name := range []string{"iris", "decoder"} {
		path := filepath.Join(models, name+".opml")
		b, unchanged, done, err := readPublished(path, true)
		if err != nil {
			t.Fatal(err)
		}
		if unchanged == nil {
			done()
			t.Skip("no read lease here: the file was copied")
		}
		wrote := make(chan error, 1)
		go func() { wrote <- os.WriteFile(path, []byte("not a model"), 0o644) }()
		for deadline := time.Now().Add(10 * time.Second); unchanged() == nil; time.Sleep(time.Millisecond) {
			if time.Now().After(deadline) {
				done()
				t.Fatal("the writer was not seen")
			}
		}
		data := filepath.Join(dir, "b-"+name)
		st, err := store.Open(data)
		if err != nil {
			t.Fatal(err)
		}
		_, err = st.PublishChecked(context.Background(), b, unchanged)
		n := len(st.List())
		st.Close()
		done()
		if !errors.Is(err, fileread.ErrChanged) {
			t.Fatalf("%s: publish while a writer waits: %v, want ErrChanged", name, err)
		}
		if err := <-wrote; err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Fatalf("%s: pinned", name)
		}
		blocks, _ := filepath.Glob(filepath.Join(data, "blocks", "*", "*.data"))
		if len(blocks) != 0 {
			t.Fatalf("%s: %d blocks stored from a file being written", name, len(blocks))
		}
	}
}
