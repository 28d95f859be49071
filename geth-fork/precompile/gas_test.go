package precompile

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/aievm/aievm/opml/examples"
	"github.com/aievm/aievm/opml/exec"
	"github.com/aievm/aievm/opml/model"
	"github.com/aievm/aievm/opml/modeltest"
	"github.com/aievm/aievm/opml/tensor"
)

// Work a unit of gas may buy at most, counted, never timed: the
// calibration against ecrecover (aievm precompile bench) sets the prices,
// these bound what the prices can let through.
const (
	// maxStepsPerGas: primitive steps of the reference path (SPEC.md) per
	// unit of gas above the base and input charge; the cheapest counted
	// work in DefaultGas (a MAC or an integer op) costs 1/32 gas.
	maxStepsPerGas = 32
	// nodeAllocBytes: bookkeeping a run allocates per node (operand lists,
	// tensor headers), what PerNode pays for besides the dispatch.
	nodeAllocBytes = 256
	// allocSlack: what a run allocates once besides what the memory charge
	// covers (value tables, closures, goroutines).
	allocSlack = 64 << 10
)

// workGas is the gas g charges m above the base and input charge.
func workGas(g Gas, m *model.Model, in []*tensor.Tensor) uint64 {
	n := 0
	for _, t := range in {
		n += len(t.Data)
	}
	return g.Model(m, n) - g.Cost(model.Cost{}, n)
}

// gasCoversWork runs m cold (a new executor: the first run builds the
// prepared weight layouts) and returns an error if the gas g charges does
// not cover the primitive steps its reference run executes or the bytes
// its fast run allocates.
func gasCoversWork(g Gas, m *model.Model, in []*tensor.Tensor) error {
	gas := workGas(g, m, in)
	ref, err := exec.New(m, exec.Options{Mode: exec.Reference})
	if err != nil {
		return err
	}
	steps, err := ref.CountSteps(in)
	if err != nil {
		return err
	}
	if steps > maxStepsPerGas*gas {
		return fmt.Errorf("%s: %d primitive steps for %d gas of work (more than %d per gas)", m.Name, steps, gas, maxStepsPerGas)
	}
	fast, err := exec.New(m, exec.Options{Mode: exec.Fast, MaxActivationBytes: model.MaxActivationBytes})
	if err != nil {
		return err
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	if _, err := fast.Run(in); err != nil {
		return err
	}
	runtime.ReadMemStats(&after)
	// Covered: the memory charge's bytes (peak activations, working memory,
	// prepared layouts), each node's output (written element by element, so
	// counted work too) and its bookkeeping, and a fixed slack.
	memGas := mulSat(ceilDiv(m.Cost.ActivationBytes+m.ScratchBytes+m.PreparedBytes, 1024), g.PerMemoryKB)
	covered := memGas/max(1, g.PerMemoryKB)*1024 + allocSlack
	for _, n := range m.Nodes {
		covered += uint64(n.Out.Bytes()) + nodeAllocBytes
	}
	if got := after.TotalAlloc - before.TotalAlloc; got > covered {
		return fmt.Errorf("%s: allocated %d bytes; the memory charge (%d gas), outputs and per-node bookkeeping cover %d", m.Name, got, memGas, covered)
	}
	return nil
}

// FuzzGasCoversWork: for random valid models (every op, chains of them),
// the gas charged covers the work a cold call performs, counted: primitive
// steps and bytes allocated. Not parallel: it reads the process's
// allocation counter.
func FuzzGasCoversWork(f *testing.F) {
	for k := uint8(0); k < modeltest.Kinds; k++ {
		f.Add(uint64(k), k)
	}
	f.Fuzz(func(t *testing.T, seed uint64, kind uint8) {
		m, in, err := modeltest.Random(rand.New(rand.NewPCG(seed, 3)), kind)
		if err != nil {
			t.Skip(err) // a random shape the op refuses
		}
		if err := gasCoversWork(DefaultGas, m, in); err != nil {
			t.Fatal(err)
		}
	})
}

// TestGasCoversWorkOfWorstModels: the models built to be cheap per gas
// (aievm precompile bench) are held to the same bound.
func TestGasCoversWorkOfWorstModels(t *testing.T) {
	adv, names := examples.Adversarial()
	for _, name := range names {
		m, err := adv[name]()
		if err != nil {
			t.Fatal(err)
		}
		if err := gasCoversWork(DefaultGas, m, examples.SampleInput(m, 1)); err != nil {
			t.Fatal(err)
		}
	}
}

// TestGasCheckCatchesUnderpricing: the check fails for a model whose header
// understates its work (the cost that wrapped to zero in the finding) or
// its working memory, and for prices that make counted work free.
func TestGasCheckCatchesUnderpricing(t *testing.T) {
	adv, _ := examples.Adversarial()
	im2col, err := adv["large-im2col"]()
	if err != nil {
		t.Fatal(err)
	}
	in := examples.SampleInput(im2col, 1)
	noWork := *im2col
	noWork.Cost = model.Cost{}
	noScratch := *im2col
	noScratch.ScratchBytes = 0
	free := DefaultGas
	free.MACsPerGas, free.IntOpsPerGas = 1<<40, 1<<40
	for _, c := range []struct {
		name string
		g    Gas
		m    *model.Model
	}{
		{"header claims no work", DefaultGas, &noWork},
		{"header claims no working memory", DefaultGas, &noScratch},
		{"work priced at nothing", free, im2col},
	} {
		if err := gasCoversWork(c.g, c.m, in); err == nil {
			t.Errorf("%s: the check passed", c.name)
		}
	}
	if err := gasCoversWork(DefaultGas, im2col, in); err != nil {
		t.Fatal(err)
	}
}
