// Command forkdelta prepares the AI EVM build: it copies the pinned op-geth
// from the module cache, applies the fork delta (geth-fork/delta) and writes
// the gitignored go.work that uses the patched copy. `make` runs it.
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
	work := flag.String("work", "go.work", "go.work file to write")
	flag.Parse()
	if err := run(*out, *work); err != nil {
		fmt.Fprintln(os.Stderr, "forkdelta:", err)
		os.Exit(1)
	}
}

func run(out, work string) error {
	// Download (a no-op when cached) and locate the module go.mod pins for
	// go-ethereum: with the replace, that is op-geth.
	cmd := exec.Command("go", "mod", "download", "-json", "github.com/ethereum/go-ethereum")
	cmd.Env = append(os.Environ(), "GOWORK=off")
	cmd.Stderr = os.Stderr
	b, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("%w: %v", delta.ErrNoModule, err)
	}
	var mod struct{ Path, Version, Dir string }
	if err := json.Unmarshal(b, &mod); err != nil || mod.Dir == "" {
		return fmt.Errorf("%w: go mod download said %q", delta.ErrNoModule, b)
	}
	if err := delta.Apply(mod.Dir, out); err != nil {
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
	if err := os.WriteFile(work, []byte(delta.GoWork(gv, out)), 0o644); err != nil {
		return err
	}
	fmt.Printf("patched %s@%s into %s; wrote %s\n", mod.Path, mod.Version, out, work)
	return nil
}
