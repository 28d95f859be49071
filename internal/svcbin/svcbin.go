// Package svcbin finds the node's service binaries (`make services`:
// ai-geth, op-node, op-batcher, op-proposer, op-challenger) for the devnet
// and for tests that run them as child processes, and builds one when a
// test runs without make.
package svcbin

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// EnvDir names the directory of prebuilt binaries (make test sets it to bin/).
const EnvDir = "AIEVM_BIN"

// Packages are the Go packages of the services, by binary name.
var Packages = map[string]string{
	"ai-geth":       "github.com/ethereum/go-ethereum/cmd/geth", // with the fork delta (geth-fork/README.md)
	"op-node":       "github.com/ethereum-optimism/optimism/op-node/cmd",
	"op-batcher":    "github.com/ethereum-optimism/optimism/op-batcher/cmd",
	"op-proposer":   "github.com/ethereum-optimism/optimism/op-proposer/cmd",
	"op-challenger": "github.com/ethereum-optimism/optimism/op-challenger/cmd",
	"aievm":         "github.com/aievm/aievm/cmd/aievm",
}

// Find returns the path of binary name: in $AIEVM_BIN if set, else next to
// the running executable, else in PATH.
func Find(name string) (string, error) {
	if dir := os.Getenv(EnvDir); dir != "" {
		p := filepath.Join(dir, name)
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("%s: %w (%s=%s; make services builds it)", name, err, EnvDir, dir)
		}
		return p, nil
	}
	if self, err := os.Executable(); err == nil {
		p := filepath.Join(filepath.Dir(self), name)
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p, nil
		}
	}
	p, err := exec.LookPath(name)
	if err != nil {
		return "", fmt.Errorf("%s not found next to this executable or in PATH (make services builds bin/%s): %w", name, name, err)
	}
	return p, nil
}

// Locate returns binary name from $AIEVM_BIN when set, else builds it into
// dir with `go build` (from within the repository, whose go.work carries the
// fork delta). Tests use it so that `go test` works without make.
func Locate(name, dir string) (string, error) {
	if os.Getenv(EnvDir) != "" {
		return Find(name)
	}
	pkg, ok := Packages[name]
	if !ok {
		return "", fmt.Errorf("svcbin: no service %q", name)
	}
	out := filepath.Join(dir, name)
	cmd := exec.Command("go", "build", "-o", out, pkg)
	if b, err := cmd.CombinedOutput(); err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return "", fmt.Errorf("build %s (%s): %w\n%s", name, pkg, err, b)
		}
		return "", fmt.Errorf("build %s: %w", name, err)
	}
	return out, nil
}
