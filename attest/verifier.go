package attest

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// VerifierBin returns the creation code of the Groth16 verifier exported to
// keyDir by Save, compiling it once with the pinned solc-js in toolsDir
// (tools/compile-contracts.js, needs node and `make tools`) and caching the
// result as Verifier.bin next to the keys.
func VerifierBin(toolsDir, keyDir string) ([]byte, error) {
	cached := filepath.Join(keyDir, "Verifier.bin")
	if b, err := os.ReadFile(cached); err == nil {
		return b, nil
	}
	src, err := os.ReadFile(filepath.Join(keyDir, FileVerifier))
	if err != nil {
		return nil, fmt.Errorf("verifier source: %w (run `aievm attest setup` first)", err)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		return nil, fmt.Errorf("compile verifier: needs node: %w", err)
	}
	tmp, err := os.MkdirTemp("", "verifier")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	if err := os.WriteFile(filepath.Join(tmp, FileVerifier), src, 0o644); err != nil {
		return nil, err
	}
	var stderr bytes.Buffer
	cmd := exec.Command(node, filepath.Join(toolsDir, "compile-contracts.js"), tmp, filepath.Join(tmp, "out"))
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("compile verifier with solc-js: %v: %s", err, stderr.String())
	}
	bin, err := os.ReadFile(filepath.Join(tmp, "out", "Verifier.bin"))
	if err != nil {
		return nil, fmt.Errorf("compile verifier: %w", err)
	}
	return bin, writeAtomic(cached, bin)
}
