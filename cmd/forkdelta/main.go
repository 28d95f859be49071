// Command forkdelta prepares the AI EVM build: it copies the pinned op-geth
// and optimism modules from the module cache, applies the fork delta and the
// optimism build remedy (geth-fork/delta) and writes the gitignored go.work
// that uses the patched copies. `make` runs it.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/aievm/aievm/geth-fork/delta"
)

func main() {
	out := flag.String("out", "build/op-geth", "where to put the patched op-geth")
	optOut := flag.String("optimism-out", "build/optimism", "where to put the completed optimism module")
	work := flag.String("work", "go.work", "go.work file to write")
	progOut := flag.String("program-out", "build/optimism-program", "where to put the optimism module the fault-proof program builds from")
	progWork := flag.String("program-work", "build/program.work", "go.work file of the fault-proof program (fraudproof/program) to write")
	flag.Parse()
	if err := run(*out, *optOut, *work); err != nil {
		fmt.Fprintln(os.Stderr, "forkdelta:", err)
		os.Exit(1)
	}
	if err := runProgram(*out, *progOut, *progWork); err != nil {
		fmt.Fprintln(os.Stderr, "forkdelta:", err)
		os.Exit(1)
	}
}

type module struct{ Path, Version, Dir string }

// locate downloads (a no-op when cached) and locates the module version that
// the go.mod in dir pins for path, after its replaces.
func locate(dir, path string) (module, error) {
	var mod module
	cmd := exec.Command("go", "mod", "download", "-json", path)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off")
	cmd.Stderr = os.Stderr
	b, err := cmd.Output()
	if err != nil {
		return mod, fmt.Errorf("%s: %w: %v", path, delta.ErrNoModule, err)
	}
	if err := json.Unmarshal(b, &mod); err != nil || mod.Dir == "" {
		return mod, fmt.Errorf("%s: %w: go mod download said %q", path, delta.ErrNoModule, b)
	}
	return mod, nil
}

func run(out, optOut, work string) error {
	const gethPath, optPath = "github.com/ethereum/go-ethereum", "github.com/ethereum-optimism/optimism"
	geth, err := locate(".", gethPath) // op-geth, by go.mod's replace
	if err != nil {
		return err
	}
	if err := delta.Apply(geth.Dir, out); err != nil {
		return err
	}
	opt, err := locate(".", optPath)
	if err != nil {
		return err
	}
	if err := delta.ApplyOptimism(opt.Dir, geth.Dir, optOut); err != nil {
		return err
	}
	gw := delta.GoWork(goVersion(), delta.Replace{Module: gethPath, Dir: out}, delta.Replace{Module: optPath, Dir: optOut})
	if err := os.WriteFile(work, []byte(gw), 0o644); err != nil {
		return err
	}
	fmt.Printf("patched %s@%s into %s and %s@%s into %s; wrote %s\n", geth.Path, geth.Version, out, opt.Path, opt.Version, optOut, work)
	return nil
}

// goVersion is the go directive of the repository's go.mod.
func goVersion() string {
	gv := "1.26.0"
	goMod, err := os.ReadFile("go.mod")
	if err == nil {
		for _, l := range strings.Split(string(goMod), "\n") {
			if strings.HasPrefix(l, "go ") {
				gv = strings.TrimSpace(strings.TrimPrefix(l, "go "))
			}
		}
	}
	return gv
}

// programDir is the fault-proof program's module (its own go.mod: it pins
// optimism v1.19.0, the last release with op-program).
const programDir = "fraudproof/program"

// runProgram prepares the fault-proof program's build: optimism v1.19.0 with
// the program delta in progOut, and a go.work at work that builds
// fraudproof/program against it and the patched op-geth in gethOut.
func runProgram(gethOut, progOut, work string) error {
	const optPath = "github.com/ethereum-optimism/optimism"
	opt, err := locate(programDir, optPath)
	if err != nil {
		return err
	}
	if err := delta.ApplyProgram(opt.Dir, progOut); err != nil {
		return err
	}
	rel := func(p string) (string, error) { return filepath.Rel(filepath.Dir(work), p) }
	use, err := rel(programDir)
	if err != nil {
		return err
	}
	geth, err := rel(gethOut)
	if err != nil {
		return err
	}
	prog, err := rel(progOut)
	if err != nil {
		return err
	}
	gw := delta.GoWorkUsing(goVersion(), use, delta.Replace{Module: "github.com/ethereum/go-ethereum", Dir: geth},
		delta.Replace{Module: optPath, Dir: prog})
	if err := os.WriteFile(work, []byte(gw), 0o644); err != nil {
		return err
	}
	fmt.Printf("patched %s@%s into %s for the fault-proof program; wrote %s\n", opt.Path, opt.Version, progOut, work)
	return nil
}
