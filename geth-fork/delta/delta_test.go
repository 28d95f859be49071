package delta

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func fakeModule(t *testing.T, sites int) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{"core/vm/evm.go": "package vm\n" + strings.Repeat("func f() {\n\t"+callSite+"\n}\n", sites)}
	for _, f := range fixes() {
		if files[f.file] == "" {
			files[f.file] = "package x\n"
		}
		files[f.file] += f.old + "\n"
	}
	for name, src := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o444); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestApply(t *testing.T) {
	t.Parallel()
	dst := filepath.Join(t.TempDir(), "op-geth")
	if err := Apply(fakeModule(t, wantCallSites), dst); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(filepath.Join(dst, "core", "vm", "evm.go"))
	if strings.Count(string(b), patchedCall) != wantCallSites || strings.Contains(string(b), callSite) {
		t.Fatalf("call sites not redirected:\n%s", b)
	}
	for _, added := range []string{"core/vm/aievm_hook.go", "cmd/geth/aievm.go"} {
		if _, err := os.Stat(filepath.Join(dst, filepath.FromSlash(added))); err != nil {
			t.Fatalf("%s not added", added)
		}
	}
	for _, f := range fixes() {
		if b, _ := os.ReadFile(filepath.Join(dst, filepath.FromSlash(f.file))); !strings.Contains(string(b), f.new) {
			t.Fatalf("fix %q not applied:\n%s", f.why, b)
		}
	}
	// Upstream drift is reported, not silently half-applied.
	if err := Apply(fakeModule(t, 3), dst); err == nil || !strings.Contains(err.Error(), "rebase the delta") {
		t.Fatalf("drifted upstream: %v", err)
	}
	if err := Apply(t.TempDir(), dst); err == nil {
		t.Fatal("a non-op-geth directory was accepted")
	}
	w := GoWork("1.26.0", Replace{"github.com/ethereum/go-ethereum", "build/op-geth"}, Replace{"github.com/ethereum-optimism/optimism", "build/optimism"})
	for _, want := range []string{"replace github.com/ethereum/go-ethereum => ./build/op-geth\n", "replace github.com/ethereum-optimism/optimism => ./build/optimism\n"} {
		if !strings.Contains(w, want) {
			t.Fatalf("go.work lacks %q:\n%s", want, w)
		}
	}
}

func TestApplyOptimism(t *testing.T) {
	t.Parallel()
	src, opGeth := t.TempDir(), t.TempDir()
	sc := filepath.Join(src, "op-core", "superchain")
	const (
		chainIn  = "name = \"OP Mainnet\"\nsuperchain_level = 2\nchain_id = 10\n[genesis]\n  l2_time = 1\n  superchain_level = 3\n"
		chainOut = "name = \"OP Mainnet\"\nchain_id = 10\n[genesis]\n  l2_time = 1\n  superchain_level = 3\n"
		other    = "superchain_level = 1\n" // not a chain config: copied as it is
	)
	bundle := zipOf(t, map[string]string{"configs/mainnet/op.toml": chainIn, "chains.json": other})
	for dir, files := range map[string]map[string]string{
		sc:                                  {superchainZipSum: "00  " + superchainZip + "\n", "chain.go": "package superchain\n"},
		filepath.Join(opGeth, "superchain"): {superchainZip: string(bundle)},
	} {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for name, body := range files {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o444); err != nil {
				t.Fatal(err)
			}
		}
	}
	dst := filepath.Join(t.TempDir(), "optimism")
	if err := ApplyOptimism(src, opGeth, dst); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(filepath.Join(dst, "op-core", "superchain", superchainZip))
	sum, _ := os.ReadFile(filepath.Join(dst, "op-core", "superchain", superchainZipSum))
	digest := sha256.Sum256(got)
	if want := hex.EncodeToString(digest[:]) + "  " + superchainZip + "\n"; string(sum) != want {
		t.Fatalf("sum %q, want %q", sum, want)
	}
	files := unzip(t, got)
	if files["configs/mainnet/op.toml"] != chainOut || files["chains.json"] != other || len(files) != 2 {
		t.Fatalf("bundle not matched to the module: %q", files)
	}
	if err := ApplyOptimism(t.TempDir(), opGeth, dst); err == nil {
		t.Fatal("a non-optimism directory was accepted")
	}
	if err := os.WriteFile(filepath.Join(opGeth, "superchain", superchainZip), []byte("not a zip"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := ApplyOptimism(src, opGeth, dst); err == nil {
		t.Fatal("a bundle that is not a zip was accepted")
	}
}

func zipOf(t *testing.T, files map[string]string) []byte {
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	for name, body := range files {
		f, err := w.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		f.Write([]byte(body))
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func unzip(t *testing.T, b []byte) map[string]string {
	r, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, f := range r.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(rc)
		rc.Close()
		out[f.Name] = string(body)
	}
	return out
}
