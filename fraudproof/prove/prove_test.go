package prove

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/aievm/aievm/fraudproof/evm"
	"github.com/aievm/aievm/opml/examples"
	"github.com/aievm/aievm/opml/examples/iris"
	"github.com/aievm/aievm/opml/exec"
	"github.com/aievm/aievm/opml/model"
)

func exampleModel(t *testing.T, name string) *model.Model {
	t.Helper()
	if name == "iris" {
		m, err := iris.Model()
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	all, _ := examples.All()
	m, err := all[name]()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestStepVerifiersMatchEngine: for every node of the example models (a
// sample for the decoder), random steps and each node's first and last
// steps re-executed by the Solidity verifiers from the proven leaves give
// the engine's state after the step, commitment for commitment, each
// within stepGasGoal.
func TestStepVerifiersMatchEngine(t *testing.T) {
	t.Parallel()
	vm, err := evm.New()
	if err != nil {
		t.Fatal(err)
	}
	perNode := 12
	if testing.Short() {
		perNode = 3
	}
	for _, name := range []string{"iris", "mlp", "cnn", "decoder-q4"} {
		m := exampleModel(t, name)
		run, err := NewRun(m, examples.SampleBytes(m, 1))
		if err != nil {
			t.Fatal(err)
		}
		r := rand.New(rand.NewPCG(uint64(len(name)), 1))
		nodes := make([]int, len(m.Nodes))
		for i := range nodes {
			nodes[i] = i
		}
		if name == "decoder-q4" { // one node of each op kind
			nodes = nil
			seen := map[model.Op]bool{}
			for i, n := range m.Nodes {
				if !seen[n.Op] {
					seen[n.Op] = true
					nodes = append(nodes, i)
				}
			}
		}
		var maxGas uint64
		for _, node := range nodes {
			total := run.Steps(node)
			steps := []uint64{0, total - 1}
			for k := 0; k < perNode && name != "decoder-q4"; k++ {
				steps = append(steps, r.Uint64N(total))
			}
			if name == "decoder-q4" {
				n := 3
				if m.Nodes[node].Op == model.OpAttention { // every phase, keys before and after the query
					n = 40
				}
				for k := 0; k < n; k++ {
					steps = append(steps, r.Uint64N(total))
				}
			}
			for _, s := range steps {
				w, err := run.StepWitness(vm, node, s)
				if err != nil {
					t.Fatalf("%s node %d (%s) step %d: %v", name, node, m.Nodes[node].Op, s, err)
				}
				want, err := run.State(node, s+1)
				if err != nil {
					t.Fatal(err)
				}
				got := exec.StepState{Node: node, Step: w.Post.Step, Regs: w.Post.Regs, OutRoot: w.Post.OutRoot}
				if got.Commitment() != want.Commitment() {
					t.Fatalf("%s node %d (%s) step %d/%d: verifier %+v, engine %+v", name, node, m.Nodes[node].Op, s, total, got, want)
				}
				if w.Gas > stepGasGoal {
					t.Errorf("%s node %d (%s) step %d: %d gas, more than the goal of %d", name, node, m.Nodes[node].Op, s, w.Gas, stepGasGoal)
				}
				maxGas = max(maxGas, w.Gas)
			}
		}
		t.Logf("%s: costliest verified step %d gas (execution)", name, maxGas)
	}
}

// TestCheckDisputable: the example models pass; a model whose op's verifier
// is missing on the chain (here: no StepsMat contract) is rejected, naming
// the op.
func TestCheckDisputable(t *testing.T) {
	t.Parallel()
	vm, err := evm.New()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"iris", "mlp", "cnn", "decoder-q4"} {
		m := exampleModel(t, name)
		if err := CheckDisputable(vm, m, examples.SampleBytes(m, 3)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	broken, err := evm.New()
	if err != nil {
		t.Fatal(err)
	}
	broken.StepsMat = broken.Reader // a contract that is no step verifier
	m := exampleModel(t, "decoder-q4")
	err = CheckDisputable(broken, m, examples.SampleBytes(m, 3))
	if err == nil || !strings.Contains(err.Error(), "op matmul") {
		t.Fatalf("a model with an op without a working verifier: %v", err)
	}
	if err := CheckDisputable(broken, exampleModel(t, "mlp"), examples.SampleBytes(exampleModel(t, "mlp"), 3)); err != nil {
		t.Fatalf("mlp uses no StepsMat op: %v", err)
	}
}
