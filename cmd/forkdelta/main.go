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
	"strings"

	"github.com/aievm/aievm/geth-fork/delta"
)

func main() {
	out := flag.String("out", "build/op-geth", "where to put the patched op-geth")
	optOut := flag.String("optimism-out", "build/optimism", "where to put the completed optimism module")
	work := flag.String("work", "go.work", "go.work file to write")
	flag.Parse()
	if err := run(*out, *optOut, *work); err != nil {
		fmt.Fprintln(os.Stderr, "forkdelta:", err)
		os.Exit(1)
	}
}

type module struct{ Path, Version, Dir string }

// locate downloads (a no-op when cached) and locates the module version that
// go.mod pins for path, after its replaces.
func locate(path string) (module, error) {
	var mod module
	cmd := exec.Command("go", "mod", "download", "-json", path)
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
	geth, err := locate(gethPath) // op-geth, by go.mod's replace
	if err != nil {
		return err
	}
	if err := delta.Apply(geth.Dir, out); err != nil {
		return err
	}
	opt, err := locate(optPath)
	if err != nil {
		return err
	}
	if err := delta.ApplyOptimism(opt.Dir, geth.Dir, optOut); err != nil {
		return err
	}
	gv := "1.26.0"
	goMod, err := os.ReadFile("go.mod")
	if err == nil {
		for _, l := range strings.Split(string(goMod), "\n") {
			if strings.HasPrefix(l, "go ") {
				gv = strings.TrimSpace(strings.TrimPrefix(l, "go "))
			}
		}
	}
	gw := delta.GoWork(gv, delta.Replace{Module: gethPath, Dir: out}, delta.Replace{Module: optPath, Dir: optOut})
	if err := os.WriteFile(work, []byte(gw), 0o644); err != nil {
		return err
	}
	fmt.Printf("patched %s@%s into %s and %s@%s into %s; wrote %s\n", geth.Path, geth.Version, out, opt.Path, opt.Version, optOut, work)
	return nil
}
