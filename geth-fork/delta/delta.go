// Package delta applies the AI EVM's minimal fork delta to a copy of the
// pinned op-geth: one added file in core/vm (a context-aware precompile
// hook) and the four precompile call sites in core/vm/evm.go redirected to
// it. The copy is used through a generated, gitignored go.work replace, so
// no op-geth source is committed. See geth-fork/README.md.
package delta

import (
	_ "embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

//go:embed aievm_hook.go.txt
var hookFile []byte

// callSite is the upstream call that the delta redirects, and its count.
const (
	callSite      = "ret, gas, err = RunPrecompiledContract(stateDB, p, addr, input, gas, evm.Config.Tracer)"
	patchedCall   = "ret, gas, err = evm.runPrecompile(stateDB, p, addr, input, gas)"
	wantCallSites = 4
)

// Apply copies the op-geth module at src to dst (replacing dst) and applies
// the delta. It fails, naming what changed, if upstream no longer matches:
// that is the signal to rebase the delta.
func Apply(src, dst string) error {
	if _, err := os.Stat(filepath.Join(src, "core", "vm", "evm.go")); err != nil {
		return fmt.Errorf("fork delta: %s is not an op-geth module: %w", src, err)
	}
	if err := os.RemoveAll(dst); err != nil {
		return err
	}
	if err := copyTree(src, dst); err != nil {
		return fmt.Errorf("fork delta: copy op-geth: %w", err)
	}
	evm := filepath.Join(dst, "core", "vm", "evm.go")
	b, err := os.ReadFile(evm)
	if err != nil {
		return err
	}
	if n := strings.Count(string(b), callSite); n != wantCallSites {
		return fmt.Errorf("fork delta: core/vm/evm.go has %d precompile call sites like %q, the delta expects %d: rebase the delta (geth-fork/README.md)", n, callSite, wantCallSites)
	}
	if err := os.WriteFile(evm, []byte(strings.ReplaceAll(string(b), callSite, patchedCall)), 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dst, "core", "vm", "aievm_hook.go"), hookFile, 0o644)
}

// copyTree copies a directory (module cache files are read-only; copies are
// made writable), skipping nothing the build needs.
func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
}

// GoWork returns the go.work that builds the repository at root against the
// patched copy at dir (relative to root).
func GoWork(goVersion, dir string) string {
	return fmt.Sprintf("go %s\n\nuse .\n\nreplace github.com/ethereum/go-ethereum => ./%s\n", goVersion, filepath.ToSlash(dir))
}

// ErrNoModule means the op-geth module could not be located.
var ErrNoModule = errors.New("op-geth module not found (run `go mod download`)")
