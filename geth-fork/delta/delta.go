// Package delta applies the AI EVM's minimal fork delta to a copy of the
// pinned op-geth: one added file in core/vm (a context-aware precompile
// hook) and the four precompile call sites in core/vm/evm.go redirected to
// it. It also completes a copy of the pinned optimism module, whose
// published form lacks a generated file (ApplyOptimism). The copies are used
// through a generated, gitignored go.work, so no op-geth or optimism source
// is committed. See geth-fork/README.md.
package delta

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

//go:embed aievm_hook.go.txt
var hookFile []byte

// gethMainFile joins the AI EVM to geth's own main (cmd/geth/aievm.go):
// ai-geth is op-geth's cmd/geth built from the patched copy.
//
//go:embed aievm_geth.go.txt
var gethMainFile []byte

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
	for _, f := range fixes() {
		if err := f.apply(dst); err != nil {
			return err
		}
	}
	if err := os.WriteFile(filepath.Join(dst, "cmd", "geth", "aievm.go"), gethMainFile, 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dst, "core", "vm", "aievm_hook.go"), hookFile, 0o644)
}

// gethMain makes op-geth's cmd/geth the ai-geth command: the AI flags join
// geth's node flags, and makeFullNode sets up the model store and the
// precompile before it creates the eth service and attaches the chain right
// after (functions of cmd/geth/aievm.go).
var gethMain = []fix{{
	// nodeFlags: the node command's, and dumpconfig's and console's too.
	file: "cmd/geth/main.go",
	old:  "\t}, utils.NetworkFlags, utils.DatabaseFlags)\n",
	new:  "\t}, utils.NetworkFlags, utils.DatabaseFlags, aievmFlags) // aievm delta: the AI flags\n",
	why:  "geth's node flags include the AI flags",
}, {
	file: "cmd/geth/config.go",
	old:  "\tbackend, eth := utils.RegisterEthService(stack, &cfg.Eth)\n",
	new: "\taievm := aievmSetup(ctx, stack) // aievm delta: the precompile before any EVM\n" +
		"\tbackend, eth := utils.RegisterEthService(stack, &cfg.Eth)\n\taievm.Attach(eth) // aievm delta\n",
	why: "makeFullNode sets up the AI EVM around the eth service",
}}

// fixes are every text edit of the delta, in the order Apply makes them.
func fixes() []fix { return slices.Concat(faultPlumbing, gethMain, upstreamFixes) }

// fix is an edit of upstream code, replacing one exact text.
type fix struct {
	file, old, new, why string
}

// faultPlumbing carries a node fault of the inference precompile (a model
// available on chain that this node cannot produce) out of the EVM as the
// transaction's error, so that it is never a revert other nodes would not
// see: the EVM records it, core.ApplyMessage returns it (so a deposit is not
// turned into a failed deposit, and the miner leaves a pool transaction out
// of the block it builds), and block import (BlockChain.ProcessBlock, not
// state regeneration for tracing) and building with forced transactions
// (payload attributes: deposits, a verifier's derived batches) halt the node.
var faultPlumbing = []fix{{
	file: "core/vm/evm.go",
	old:  "type EVM struct {\n",
	new:  "type EVM struct {\n\taievmFault error // aievm delta: node fault of a state-aware precompile in this message\n\n",
	why:  "the EVM records a node fault",
}, {
	file: "core/state_transition.go",
	old:  "\tevm.SetTxContext(NewEVMTxContext(msg))\n\treturn newStateTransition(evm, msg, gp).execute()\n}",
	new: "\tevm.SetTxContext(NewEVMTxContext(msg))\n\tevm.TakeAIEVMFault() // aievm delta\n" +
		"\tres, err := newStateTransition(evm, msg, gp).execute()\n" +
		"\tif fault := evm.TakeAIEVMFault(); fault != nil { // aievm delta: a node fault is the message's error\n" +
		"\t\treturn nil, fault\n\t}\n\treturn res, err\n}",
	why: "ApplyMessage returns a node fault",
}, {
	file: "core/blockchain.go",
	old:  "\tres, err := bc.processor.Process(pctx, block, statedb, bc.cfg.VmConfig)\n\tspanEnd(&err)\n",
	new:  "\tres, err := bc.processor.Process(pctx, block, statedb, bc.cfg.VmConfig)\n\tspanEnd(&err)\n\tvm.AIEVMHaltOnFault(err) // aievm delta: a node importing a block halts on a node fault\n",
	why:  "block import halts on a node fault",
}, {
	// Payload attributes force their transactions into the block: on a
	// verifier deriving from L1 every batch transaction, on the sequencer the
	// deposits. A fault there must halt too: op-node would take the failed
	// build for a bad batch and replace the block with a deposit-only one.
	file: "miner/worker.go",
	old:  "\t\terr = miner.commitTransaction(ctx, work, tx)\n\t\tif err != nil {\n\t\t\treturn &newPayloadResult{err: fmt.Errorf(\"failed to force-include tx:",
	new:  "\t\terr = miner.commitTransaction(ctx, work, tx)\n\t\tif err != nil {\n\t\t\tvm.AIEVMHaltOnFault(err) // aievm delta: a forced transaction cannot be left out\n\t\t\treturn &newPayloadResult{err: fmt.Errorf(\"failed to force-include tx:",
	why:  "building with forced transactions halts on a node fault",
}}

// upstreamFixes are op-geth bugs the delta fixes until upstream does.
var upstreamFixes = []fix{{
	file: "miner/payload_building.go",
	old:  "func (payload *Payload) WaitFull() {\n\tpayload.lock.Lock()\n\tdefer payload.lock.Unlock()\n\tpayload.cond.Wait()\n}",
	new: "func (payload *Payload) WaitFull() {\n\tpayload.lock.Lock()\n\tdefer payload.lock.Unlock()\n" +
		"\tfor payload.full == nil && payload.err == nil { // aievm delta: a full payload built before the wait is not missed\n" +
		"\t\tpayload.cond.Wait()\n\t}\n}",
	// The simulated beacon (ai-geth --dev, ethclient/simulated) seals a block
	// by waiting for the first full payload; when the builder finishes before
	// the wait begins, the broadcast is lost and Commit hangs for ever
	// (ethereum-optimism/op-geth#288).
	why: "Payload.WaitFull misses a payload built before it waits",
}}

func (f fix) apply(dst string) error {
	p := filepath.Join(dst, filepath.FromSlash(f.file))
	b, err := os.ReadFile(p)
	if err != nil {
		return fmt.Errorf("fork delta: fix %q: %w", f.why, err)
	}
	if n := strings.Count(string(b), f.old); n != 1 {
		return fmt.Errorf("fork delta: fix %q: %s has the upstream text %d times, want 1: rebase the delta (geth-fork/README.md)", f.why, f.file, n)
	}
	return os.WriteFile(p, []byte(strings.Replace(string(b), f.old, f.new, 1)), 0o644)
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

// Superchain file names in optimism's op-core/superchain and op-geth's
// superchain package.
const (
	superchainZip    = "superchain-configs.zip"
	superchainZipSum = "superchain-configs.zip.sha256"
)

// ApplyOptimism copies the optimism module at src to dst (replacing dst) and
// supplies the one file its published module lacks: op-core/superchain's
// embedded superchain-configs.zip, which upstream generates and gitignores.
// It takes op-geth's copy of the same registry bundle from opGeth, made to
// match the module's strict decoder (matchBundle), and pins its digest in
// the .sha256 file beside it, so `op-node/node` and op-deployer build and
// can read every chain config.
func ApplyOptimism(src, opGeth, dst string) error {
	dir := filepath.Join("op-core", "superchain")
	if _, err := os.Stat(filepath.Join(src, dir, superchainZipSum)); err != nil {
		return fmt.Errorf("optimism delta: %s is not an optimism module: %w", src, err)
	}
	zip, err := os.ReadFile(filepath.Join(opGeth, "superchain", superchainZip))
	if err != nil {
		return fmt.Errorf("optimism delta: op-geth's superchain bundle: %w", err)
	}
	if zip, err = matchBundle(zip); err != nil {
		return fmt.Errorf("optimism delta: op-geth's superchain bundle: %w", err)
	}
	if err := os.RemoveAll(dst); err != nil {
		return err
	}
	if err := copyTree(src, dst); err != nil {
		return fmt.Errorf("optimism delta: copy optimism: %w", err)
	}
	if err := os.WriteFile(filepath.Join(dst, dir, superchainZip), zip, 0o644); err != nil {
		return err
	}
	sum := sha256.Sum256(zip)
	line := fmt.Sprintf("%s  %s\n", hex.EncodeToString(sum[:]), superchainZip)
	return os.WriteFile(filepath.Join(dst, dir, superchainZipSum), []byte(line), 0o644)
}

// programFixes fit optimism v1.19.0, the module the fault-proof program is
// built from (fraudproof/program), to the pinned op-geth, which is newer
// than the one v1.19.0 pins (v1.101702.3-rc.2).
var programFixes = []fix{{
	file: "op-node/rollup/superchain.go",
	old:  "\tcfg.InteropTime = hardforks.InteropTime\n",
	new:  "\t// aievm delta: op-geth v1.101702.3's superchain hard forks have no InteropTime (interop is never scheduled)\n",
	why:  "the rollup config reads a hard fork op-geth no longer has",
}}

// ApplyProgram copies the optimism module at src (v1.19.0, which still has
// op-program) to dst (replacing dst) and applies programFixes.
func ApplyProgram(src, dst string) error {
	if _, err := os.Stat(filepath.Join(src, "op-program", "client", "program.go")); err != nil {
		return fmt.Errorf("program delta: %s is not an optimism module with op-program: %w", src, err)
	}
	if err := os.RemoveAll(dst); err != nil {
		return err
	}
	if err := copyTree(src, dst); err != nil {
		return fmt.Errorf("program delta: copy optimism: %w", err)
	}
	for _, f := range programFixes {
		if err := f.apply(dst); err != nil {
			return err
		}
	}
	return nil
}

// bundleKeysUnknown are chain-config keys that op-geth's newer registry
// bundle carries and the optimism module's structs do not model. Its strict
// TOML decoder refuses them (op-deployer's L2 genesis panics on OP mainnet's
// config), so the bundle drops them. They are registry metadata: no node or
// deployment reads them.
var bundleKeysUnknown = []string{"superchain_level"}

// matchBundle rewrites a superchain-configs.zip without the lines that set
// bundleKeysUnknown in the chain configs (configs/<network>/<chain>.toml).
// Every other entry is copied as it is.
func matchBundle(b []byte) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		r, err := f.Open()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.Name, err)
		}
		body, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.Name, err)
		}
		if strings.HasPrefix(f.Name, "configs/") && strings.HasSuffix(f.Name, ".toml") {
			body = dropTOMLKeys(body, bundleKeysUnknown)
		}
		hdr := f.FileHeader
		w, err := zw.CreateHeader(&hdr)
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(body); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// dropTOMLKeys removes the top-level `key = value` lines of the given keys.
func dropTOMLKeys(toml []byte, keys []string) []byte {
	lines := strings.SplitAfter(string(toml), "\n")
	kept := lines[:0]
	top := true // before the first [table] header
	for _, l := range lines {
		if strings.HasPrefix(strings.TrimSpace(l), "[") {
			top = false
		}
		k, _, ok := strings.Cut(l, "=")
		if top && ok && slices.Contains(keys, strings.TrimSpace(k)) {
			continue
		}
		kept = append(kept, l)
	}
	return []byte(strings.Join(kept, ""))
}

// Replace is one go.work replace: module path => directory (relative to the
// go.work file).
type Replace struct{ Module, Dir string }

// GoWork returns the go.work that builds the repository against the
// patched copies.
func GoWork(goVersion string, reps ...Replace) string { return GoWorkUsing(goVersion, ".", reps...) }

// GoWorkUsing returns a go.work that builds the module in directory use
// (relative to the go.work file) against the patched copies.
func GoWorkUsing(goVersion, use string, reps ...Replace) string {
	var b strings.Builder
	fmt.Fprintf(&b, "go %s\n\nuse %s\n\n", goVersion, filepath.ToSlash(use))
	for _, r := range reps {
		fmt.Fprintf(&b, "replace %s => ./%s\n", r.Module, filepath.ToSlash(r.Dir))
	}
	return b.String()
}

// ErrNoModule means a pinned module (op-geth, optimism) could not be located.
var ErrNoModule = errors.New("module not found (run `go mod download`)")
