// Package prestate builds the AI EVM's fault-proof program for one chain and
// its Cannon absolute prestate.
//
// The program (fraudproof/program: op-program's client with the inference
// precompile) reads the chain's rollup config and L2 and L1 chain configs
// from files compiled into it: the on-chain game can only give it the chain
// id. So each chain gets its own build. The configs are added to op-program's
// chainconfig/configs directory through a go build overlay (the module copy
// is never written), which makes the per-chain build a recompile of one
// package and a link. The build is reproducible (-trimpath, no VCS stamp, no
// cgo): the same sources, configs and Go toolchain give the same ELF, the
// same Cannon state and so the same prestate hash.
package prestate

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/ethereum/go-ethereum/common"
)

// StateType is the Cannon state version MIPS64.sol accepts in the pinned OP
// contracts (op-deployer's standard MIPS version 8).
const StateType = "multithreaded64-5"

// Toolchain is what a build needs: the program's module, the go.work that
// builds it against the patched op-geth and optimism v1.19.0 (made by
// `make fork`), and the cannon binary.
type Toolchain struct {
	ProgramDir string // fraudproof/program
	GoWork     string // build/program.work
	Cannon     string // bin/cannon
	Go         string // the go command ("go" if empty)
}

// Check reports what is missing, with the command that makes it.
func (t Toolchain) Check() error {
	var errs []error
	for _, f := range []struct{ path, what string }{
		{filepath.Join(t.ProgramDir, "go.mod"), "the fault-proof program's source (fraudproof/program)"},
		{t.GoWork, "its go.work (make fork)"},
		{t.Cannon, "the cannon binary (make build)"},
	} {
		if _, err := os.Stat(f.path); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", f.what, err))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("prestate: %w", err)
	}
	return nil
}

// Chain is what the program compiles in: the rollup config and the L2 and
// L1 genesis files, as JSON (their allocations are dropped: op-program reads
// only the chain configs). L1Genesis may be nil for an L1 op-program knows
// (mainnet, Sepolia, Holesky, Hoodi).
type Chain struct {
	L2ChainID, L1ChainID uint64
	Registry             common.Address  // ModelRegistry, the precompile's gate (zero: the predeploy)
	Rollup               json.RawMessage // op-node's rollup config
	L2Genesis            json.RawMessage
	L1Genesis            json.RawMessage
}

// Prestate is a built program and its absolute prestate.
type Prestate struct {
	Hash  common.Hash // the absolute prestate: FaultDisputeGame's, op-challenger's
	ELF   string      // the program, for Cannon (big-endian MIPS64)
	State string      // Cannon's state at step 0 (op-challenger's --cannon-prestate)
}

// Build compiles the program for chain into dir and makes its prestate
// there (dir/program.elf, dir/prestate.bin.gz, dir/prestate.json).
func Build(ctx context.Context, t Toolchain, c Chain, dir string) (*Prestate, error) {
	if err := t.Check(); err != nil {
		return nil, err
	}
	if len(c.Rollup) == 0 || len(c.L2Genesis) == 0 {
		return nil, errors.New("prestate: the chain needs a rollup config and an L2 genesis")
	}
	// The record goes first and comes back last: a build that fails midway
	// leaves no prestate that Read would take.
	if err := os.Remove(filepath.Join(dir, "prestate.json")); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("prestate: %w", err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "configs"), 0o755); err != nil {
		return nil, fmt.Errorf("prestate: %w", err)
	}
	abs := func(p string) (string, error) { return filepath.Abs(p) }
	progDir, err := abs(t.ProgramDir)
	if err != nil {
		return nil, err
	}
	work, err := abs(t.GoWork)
	if err != nil {
		return nil, err
	}
	configs, err := optimismConfigsDir(work)
	if err != nil {
		return nil, err
	}
	l2, err := withoutAlloc(c.L2Genesis)
	if err != nil {
		return nil, fmt.Errorf("prestate: L2 genesis: %w", err)
	}
	files := map[string][]byte{
		fmt.Sprintf("%d-rollup.json", c.L2ChainID):     c.Rollup,
		fmt.Sprintf("%d-genesis-l2.json", c.L2ChainID): l2,
	}
	if len(c.L1Genesis) > 0 {
		l1, err := withoutAlloc(c.L1Genesis)
		if err != nil {
			return nil, fmt.Errorf("prestate: L1 genesis: %w", err)
		}
		files[fmt.Sprintf("%d-genesis-l1.json", c.L1ChainID)] = l1
	}
	overlay := map[string]map[string]string{"Replace": {}}
	for name, b := range files {
		p, err := abs(filepath.Join(dir, "configs", name))
		if err != nil {
			return nil, err
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			return nil, err
		}
		overlay["Replace"][filepath.Join(configs, name)] = p
	}
	ob, _ := json.Marshal(overlay)
	overlayPath, err := abs(filepath.Join(dir, "overlay.json"))
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(overlayPath, ob, 0o644); err != nil {
		return nil, err
	}
	elf, err := abs(filepath.Join(dir, "program.elf"))
	if err != nil {
		return nil, err
	}
	goCmd := t.Go
	if goCmd == "" {
		goCmd = "go"
	}
	args := []string{"build", "-overlay", overlayPath, "-trimpath", "-buildvcs=false", "-o", elf}
	if c.Registry != (common.Address{}) {
		args = append(args, "-ldflags=-X main.registry="+c.Registry.Hex())
	}
	build := exec.CommandContext(ctx, goCmd, append(args, "./cmd/aievm-program")...)
	build.Dir = progDir
	build.Env = append(os.Environ(), "GOWORK="+work, "GOOS=linux", "GOARCH=mips64", "GOMIPS64=softfloat", "CGO_ENABLED=0", "GOFLAGS=", "GOEXPERIMENT=")
	if out, err := build.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("prestate: build the program: %w\n%s", err, out)
	}
	return Load(ctx, t.Cannon, elf, dir)
}

// optimismConfigsDir is op-program's chainconfig/configs directory in the
// optimism module that the program's go.work replaces optimism with.
func optimismConfigsDir(work string) (string, error) {
	b, err := os.ReadFile(work)
	if err != nil {
		return "", fmt.Errorf("prestate: %w", err)
	}
	for _, l := range bytes.Split(b, []byte("\n")) {
		f := bytes.Fields(l)
		if len(f) == 4 && string(f[0]) == "replace" && string(f[1]) == "github.com/ethereum-optimism/optimism" {
			return filepath.Join(filepath.Dir(work), string(f[3]), "op-program", "chainconfig", "configs"), nil
		}
	}
	return "", fmt.Errorf("prestate: %s does not replace the optimism module (run make fork)", work)
}

// withoutAlloc is a genesis file with an empty allocation: op-program reads
// only its config, and the allocation would only grow the program.
func withoutAlloc(genesis json.RawMessage) ([]byte, error) {
	var g map[string]json.RawMessage
	if err := json.Unmarshal(genesis, &g); err != nil {
		return nil, err
	}
	if len(g["config"]) == 0 {
		return nil, errors.New("genesis without a chain config")
	}
	g["alloc"] = json.RawMessage("{}")
	return json.Marshal(g)
}

// Load makes the Cannon state of an ELF at step 0 and its hash: cannon
// load-elf, then a proof at step 0 whose pre-state is the prestate.
func Load(ctx context.Context, cannon, elf, dir string) (*Prestate, error) {
	state := filepath.Join(dir, "prestate.bin.gz")
	proof := filepath.Join(dir, "prestate.json")
	if err := os.Remove(proof); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("prestate: %w", err)
	}
	run := func(args ...string) error {
		cmd := exec.CommandContext(ctx, cannon, args...)
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("prestate: cannon %s: %w\n%s", args[0], err, tail(out))
		}
		return nil
	}
	if err := run("load-elf", "--type", StateType, "--path", elf, "--out", state, "--meta", ""); err != nil {
		return nil, err
	}
	tmp := filepath.Join(dir, "step0")
	if err := os.MkdirAll(tmp, 0o755); err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	if err := run("run", "--input", state, "--proof-at", "=0", "--stop-at", "=1", "--proof-fmt", filepath.Join(tmp, "%d.json"),
		"--output", "", "--meta", ""); err != nil {
		return nil, err
	}
	b, err := os.ReadFile(filepath.Join(tmp, "0.json"))
	if err != nil {
		return nil, fmt.Errorf("prestate: cannon wrote no proof at step 0: %w", err)
	}
	var p struct {
		Pre common.Hash `json:"pre"`
	}
	if err := json.Unmarshal(b, &p); err != nil || p.Pre == (common.Hash{}) {
		return nil, fmt.Errorf("prestate: cannon's proof at step 0 has no pre-state (%v)", err)
	}
	// Cannon's state hash carries the VM status in its first byte: a
	// prestate is unfinished (3).
	if p.Pre[0] != 3 {
		return nil, fmt.Errorf("prestate: step 0 of %s is not an unfinished state: %s", elf, p.Pre)
	}
	out := &Prestate{Hash: p.Pre, ELF: elf, State: state}
	absState, err := filepath.Abs(state)
	if err != nil {
		return nil, fmt.Errorf("prestate: %w", err)
	}
	out.State = absState
	rec, _ := json.MarshalIndent(map[string]string{"prestate": p.Pre.Hex(), "elf": elf, "state": absState, "stateType": StateType}, "", "  ")
	if err := os.WriteFile(proof+".tmp", append(rec, '\n'), 0o644); err != nil {
		return nil, fmt.Errorf("prestate: %w", err)
	}
	if err := os.Rename(proof+".tmp", proof); err != nil {
		return nil, fmt.Errorf("prestate: %w", err)
	}
	return out, nil
}

// Read returns the prestate Build recorded in dir, if any.
func Read(dir string) (*Prestate, error) {
	b, err := os.ReadFile(filepath.Join(dir, "prestate.json"))
	if err != nil {
		return nil, err
	}
	var r struct {
		Prestate common.Hash `json:"prestate"`
		ELF      string      `json:"elf"`
		State    string      `json:"state"`
	}
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf("prestate: %s: %w", dir, err)
	}
	if _, err := os.Stat(r.State); err != nil {
		return nil, fmt.Errorf("prestate: %s: %w", dir, err)
	}
	return &Prestate{Hash: r.Prestate, ELF: r.ELF, State: r.State}, nil
}

func tail(b []byte) []byte {
	if len(b) > 2000 {
		return b[len(b)-2000:]
	}
	return b
}
