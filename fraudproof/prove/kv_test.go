package prove

import (
	"context"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/aievm/aievm/opml/examples"
	"github.com/aievm/aievm/opml/exec"
	"github.com/aievm/aievm/opml/generate"
)

// TestKVStagesAreDisputable: every node of a KV-cache chain's stages (the
// tiny generation model's, one layer a stage), run at position 3 with the
// cache its earlier positions wrote, binds on L1 and runs every step a
// challenger could steer a game to on the L1 verifiers, giving the
// engine's state, within stepGasGoal: the one-hot placement (a matmul by
// an activation), the gathers from activations, the cache's slices and
// the kv rows' concatenation included.
func TestKVStagesAreDisputable(t *testing.T) {
	t.Parallel()
	vm := newVM(t)
	ms, err := examples.TinyGenerationChain()
	if err != nil {
		t.Fatal(err)
	}
	ch, es, err := generate.EngineChain(ms, exec.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// Positions 0 to 2 fill the caches; position 3's inputs are recorded.
	st := ch.NewState()
	call := generate.EngineStages(es)
	inputs := make([][]byte, len(ms))
	record := func(ctx context.Context, i int, in []byte) ([]byte, error) {
		inputs[i] = in
		return call(ctx, i, in)
	}
	for p, tok := range []int32{5, 17, 3, 42} {
		if _, err := st.Step(context.Background(), record, tok, p); err != nil {
			t.Fatal(err)
		}
	}
	r := rand.New(rand.NewPCG(7, 7))
	var maxGas uint64
	var costliest string
	for i, m := range ms {
		if binary.LittleEndian.Uint32(inputs[i][len(inputs[i])-len(st.Cache(i))-4:]) != 3 {
			t.Fatalf("stage %d: recorded input is not position 3's", i)
		}
		if err := CheckDisputable(vm, m, inputs[i]); err != nil {
			t.Fatalf("stage %d: %v", i, err)
		}
		run, err := NewRun(m, inputs[i])
		if err != nil {
			t.Fatal(err)
		}
		for node := range m.Nodes {
			total := run.Steps(node)
			for _, step := range SteerableSteps(m, node, total, r) {
				what := fmt.Sprintf("%s node %d %q (%s) step %d of %d", m.Name, node, m.Nodes[node].Name, m.Nodes[node].Op, step, total)
				if gas := checkStep(t, vm, run, node, step, what); gas > maxGas {
					maxGas, costliest = gas, what
				}
			}
		}
	}
	t.Logf("costliest step: %s, %d gas", costliest, maxGas)
}
