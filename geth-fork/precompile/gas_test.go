package precompile

import (
	"context"
	"fmt"
	"math/big"
	"math/rand/v2"
	"runtime"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/aievm/aievm/model-da/onchain"

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
	// maxStepsPerGas: primitive steps of the reference path (SPEC.md) a
	// node may run per unit of its compute gas (its counted MACs, float
	// ops and integer ops at their prices; the cheapest, a MAC or an
	// integer op, costs 1/32 gas), plus one step per node (a reshape's,
	// paid by PerNode). A step is at least one operation: a quantized
	// matmul block is 32 MACs, an attention step 8 elements of a row.
	maxStepsPerGas = 32
	// nodeAllocBytes: bookkeeping a run allocates per node (operand lists,
	// tensor headers), what PerNode pays for besides the dispatch.
	nodeAllocBytes = 256
	// allocSlack: what a run allocates once besides what the memory charge
	// covers (value tables, closures, goroutines).
	allocSlack = 64 << 10
)

// opsPerStep is how many operations one primitive step of node n does
// (SPEC.md section 8): a quantized matmul step is a 32-element block, an
// attention step 8 elements of a dot product or a row update of one head;
// others one.
func opsPerStep(m *model.Model, n model.Node) uint64 {
	switch {
	case n.Op == model.OpMatMul && m.ValueSpec(n.In[1]).DType.Quantized():
		return tensor.QK
	case n.Op == model.OpAttention:
		return uint64(min(model.AttentionChunk, m.ValueSpec(n.In[0]).Shape[1]/int(n.Attr[0])))
	}
	return 1
}

// gasCoversWork runs m cold (a new executor: the first run builds the
// prepared weight layouts) and returns an error if the gas g charges does
// not cover the primitive steps its reference run executes or the bytes
// its fast run allocates.
func gasCoversWork(g Gas, m *model.Model, in []*tensor.Tensor) error {
	ref, err := exec.New(m, exec.Options{Mode: exec.Reference})
	if err != nil {
		return err
	}
	steps, err := ref.CountSteps(in)
	if err != nil {
		return err
	}
	for i, n := range m.Nodes {
		// Each node's compute alone, not the charges for nodes, memory and
		// weights: those pay for other work. Its work is its steps, each
		// weighed by the operations one step does (SPEC.md section 8).
		compute := ceilDiv(n.Cost.MACs, g.MACsPerGas) + ceilDiv(n.Cost.FloatOps, g.FloatOpsPerGas) + ceilDiv(n.Cost.IntOps, g.IntOpsPerGas)
		w := opsPerStep(m, n)
		if steps[i]*w > maxStepsPerGas*compute+w {
			return fmt.Errorf("%s node %d (%s): %d steps of %d operations for %d gas of compute (more than %d operations per gas)",
				m.Name, i, n.Op, steps[i], w, compute, maxStepsPerGas)
		}
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
	// Covered: the bytes the memory charges price (peak activations,
	// working memory, prepared layouts), each node's output (written element
	// by element, so counted work too) and its bookkeeping, and a slack.
	covered := m.Cost.ActivationBytes + m.ScratchBytes + m.PreparedBytes + allocSlack
	for _, n := range m.Nodes {
		covered += uint64(n.Out.Bytes()) + nodeAllocBytes
	}
	if got := after.TotalAlloc - before.TotalAlloc; got > covered {
		return fmt.Errorf("%s: allocated %d bytes; the memory charged (activations %d, working memory %d, prepared %d), outputs and per-node bookkeeping cover %d",
			m.Name, got, m.Cost.ActivationBytes, m.ScratchBytes, m.PreparedBytes, covered)
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
	noWork.Nodes = append([]model.Node(nil), im2col.Nodes...)
	for i := range noWork.Nodes {
		noWork.Nodes[i].Cost = model.Cost{}
	}
	noScratch := *im2col
	noScratch.ScratchBytes = 0
	free := DefaultGas
	free.MACsPerGas, free.IntOpsPerGas = 1<<40, 1<<40
	cheap := DefaultGas
	cheap.MACsPerGas *= 64
	all, _ := examples.All()
	decoder, err := all["decoder-q4"]()
	if err != nil {
		t.Fatal(err)
	}
	cheapMatmul := DefaultGas
	cheapMatmul.MACsPerGas *= 32
	understated := *decoder
	understated.PreparedBytes = decoder.PreparedBytes * 4 / 10
	for _, c := range []struct {
		name string
		g    Gas
		m    *model.Model
	}{
		{"header claims no work", DefaultGas, &noWork},
		{"header claims no working memory", DefaultGas, &noScratch},
		{"work priced at nothing", free, im2col},
		{"MACs priced 64 times too low", cheap, im2col},
		{"a decoder's MACs priced 32 times too low", cheapMatmul, decoder},
		{"a decoder's prepared layouts understated", DefaultGas, &understated},
	} {
		in := in
		if c.m != im2col {
			in = examples.SampleInput(c.m, 1)
		}
		if err := gasCoversWork(c.g, c.m, in); err == nil {
			t.Errorf("%s: the check passed", c.name)
		}
	}
	if err := gasCoversWork(DefaultGas, im2col, in); err != nil {
		t.Fatal(err)
	}
}

// countingModels counts the loads a precompile asks of its model source.
type countingModels struct {
	mapModels
	loads *int
}

func (c countingModels) Model(ctx context.Context, a model.Address) (*model.Model, error) {
	*c.loads++
	return c.mapModels.Model(ctx, a)
}

// TestFloorBeforeLoad: a call with less gas than the floor of its model's
// registered size fails out of gas without the node loading the model (a
// contract cycling zero-gas calls over models larger than any cache made
// every node read, decode and prepare them for 100 gas each); with enough
// gas it is priced in full, and the floor never exceeds the full price.
func TestFloorBeforeLoad(t *testing.T) {
	t.Parallel()
	reg := common.HexToAddress("0x4200000000000000000000000000000000000aa1")
	adv, names := examples.Adversarial()
	for _, name := range names {
		m, err := adv[name]()
		if err != nil {
			t.Fatal(err)
		}
		addr := m.Address()
		slots := map[common.Hash]common.Hash{
			onchain.SizeSlot(addr):         common.BigToHash(new(big.Int).SetUint64(m.FileBytes)),
			onchain.AvailabilitySlot(addr): common.BigToHash(new(big.Int).Lsh(big.NewInt(1), 64+3)), // completed in block 8
		}
		getState := func(a common.Address, slot common.Hash) common.Hash { return slots[slot] }
		loads, rebuilds := 0, 0
		p := New(countingModels{mapModels{addr: m}, &loads}, DefaultGas, time.Second).WithRegistry(reg,
			func(model.Address, uint64, onchain.StateReader, func(uint64) common.Hash) (*model.Model, error) {
				rebuilds++
				return m, nil
			})
		in := Pack(addr, uint64(Outputs(m)), examples.SampleBytes(m, 1))
		n := len(in) - 64
		floor, full := DefaultGas.Floor(m.FileBytes, n), DefaultGas.Model(m, n)
		if floor > full || floor < DefaultGas.Base+uint64(m.FileBytes/1024)*DefaultGas.PerWeightKB {
			t.Fatalf("%s: floor %d, full price %d", name, floor, full)
		}
		got, err := p.RequiredGasWithState(10, 1, floor-1, getState, noHash, in)
		if err != nil || got != floor || loads != 0 || rebuilds != 0 {
			t.Fatalf("%s with gas below the floor: %d %v, %d loads, %d rebuilds; want the floor %d and nothing loaded", name, got, err, loads, rebuilds, floor)
		}
		if got, err := p.RequiredGasWithState(10, 1, full, getState, noHash, in); err != nil || got != full || loads != 1 {
			t.Fatalf("%s with gas enough: %d %v (%d loads), want %d", name, got, err, loads, full)
		}
	}
}
