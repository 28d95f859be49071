package delta

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func fakeModule(t *testing.T, sites int) string {
	t.Helper()
	dir := t.TempDir()
	vm := filepath.Join(dir, "core", "vm")
	if err := os.MkdirAll(vm, 0o755); err != nil {
		t.Fatal(err)
	}
	src := "package vm\n" + strings.Repeat("func f() {\n\t"+callSite+"\n}\n", sites)
	if err := os.WriteFile(filepath.Join(vm, "evm.go"), []byte(src), 0o444); err != nil {
		t.Fatal(err)
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
	if _, err := os.Stat(filepath.Join(dst, "core", "vm", "aievm_hook.go")); err != nil {
		t.Fatal("hook file not added")
	}
	// Upstream drift is reported, not silently half-applied.
	if err := Apply(fakeModule(t, 3), dst); err == nil || !strings.Contains(err.Error(), "rebase the delta") {
		t.Fatalf("drifted upstream: %v", err)
	}
	if err := Apply(t.TempDir(), dst); err == nil {
		t.Fatal("a non-op-geth directory was accepted")
	}
	if w := GoWork("1.26.0", "build/op-geth"); !strings.Contains(w, "replace github.com/ethereum/go-ethereum => ./build/op-geth") {
		t.Fatalf("go.work:\n%s", w)
	}
}
