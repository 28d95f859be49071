package exec

import (
	"testing"

	"github.com/aievm/aievm/opml/examples"
	"github.com/aievm/aievm/opml/merkle"
	"github.com/aievm/aievm/opml/model"
	"github.com/aievm/aievm/opml/tensor"
)

func example(t *testing.T, name string) *model.Model {
	t.Helper()
	if name == "floatops" {
		return FloatOpsModel(t, 4, 64, tensor.Q4_0)
	}
	all, _ := examples.All()
	m, err := all[name]()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestTraceAgreesAcrossPaths: both paths commit to the same node roots, the
// list root commits to them, and the last node roots match the outputs.
func TestTraceAgreesAcrossPaths(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"mlp", "cnn", "decoder-q4"} {
		m := example(t, name)
		in := examples.SampleInput(m, 3)
		var traces [2]*Trace
		for i, mode := range []Mode{Fast, Reference} {
			e, err := New(m, Options{Mode: mode})
			if err != nil {
				t.Fatal(err)
			}
			if traces[i], err = e.Trace(in); err != nil {
				t.Fatal(err)
			}
		}
		a, b := traces[0], traces[1]
		if a.Root != b.Root {
			t.Fatalf("%s: trace roots differ between paths", name)
		}
		if ListRoot(a.NodeRoots) != a.Root || len(a.NodeRoots) != len(m.Nodes) {
			t.Fatalf("%s: list root does not commit to the node roots", name)
		}
		for i, v := range m.OutputIDs {
			node := v - len(m.Inputs) - len(m.Consts)
			if TensorRoot(a.Outputs[i]) != a.NodeRoots[node] {
				t.Fatalf("%s: output %d root differs from its node root", name, i)
			}
		}
	}
}

// TestStepStatesChain: for sampled nodes and steps, the state after step s
// is the state before step s+1; the state before step 0 has an all-zero
// output; the state after the last step commits to the node's traced output.
func TestStepStatesChain(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"mlp", "cnn", "floatops", "decoder-q4"} {
		m := example(t, name)
		in := examples.SampleInput(m, 2)
		e, err := New(m, Options{})
		if err != nil {
			t.Fatal(err)
		}
		tr, err := e.Trace(in)
		if err != nil {
			t.Fatal(err)
		}
		nodes := []int{0, len(m.Nodes) / 2, len(m.Nodes) - 1}
		if name != "decoder-q4" {
			nodes = nil
			for i := range m.Nodes {
				nodes = append(nodes, i)
			}
		}
		for _, node := range nodes {
			total := e.NodeSteps(node)
			first, err := e.StepStates(in, node, 0)
			if err != nil {
				t.Fatalf("%s node %d: %v", name, node, err)
			}
			zero := tensor.New(m.Nodes[node].Out.DType, m.Nodes[node].Out.Shape)
			if first.Before.OutRoot != TensorRoot(zero) || first.Before.Step != 0 {
				t.Fatalf("%s node %d: initial state is not the empty output", name, node)
			}
			last, err := e.StepStates(in, node, total-1)
			if err != nil {
				t.Fatal(err)
			}
			if last.After.OutRoot != tr.NodeRoots[node] || last.After.Step != total {
				t.Fatalf("%s node %d (%s): final step state does not commit to the traced output", name, node, m.Nodes[node].Op)
			}
			mid := total / 2
			if mid+1 < total {
				p, err := e.StepStates(in, node, mid)
				if err != nil {
					t.Fatal(err)
				}
				q, err := e.StepStates(in, node, mid+1)
				if err != nil {
					t.Fatal(err)
				}
				if p.After.Commitment() != q.Before.Commitment() {
					t.Fatalf("%s node %d: after(%d) != before(%d)", name, node, mid, mid+1)
				}
				if p.Before.Commitment() == p.After.Commitment() && m.Nodes[node].Op != model.OpQRelu {
					// A step must change the state (its counter at least).
					t.Fatalf("%s node %d: step %d changed nothing", name, node, mid)
				}
			}
		}
		if _, err := e.StepStates(in, 0, e.NodeSteps(0)); err == nil {
			t.Fatalf("%s: step beyond the node accepted", name)
		}
	}
}

// TestMemoryBounded: while running or tracing, live activation bytes never
// exceed the model's declared peak, and every intermediate is freed.
func TestMemoryBounded(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"cnn", "decoder"} {
		m := example(t, name)
		e, err := New(m, Options{})
		if err != nil {
			t.Fatal(err)
		}
		var peak uint64
		var roots int
		_, err = e.run(examples.SampleInput(m, 1), hooks{stopAt: -1,
			onNode: func(int, *tensor.Tensor) { roots++ },
			live:   func(_ int, b uint64) { peak = max(peak, b) }})
		if err != nil {
			t.Fatal(err)
		}
		if peak > m.Cost.ActivationBytes {
			t.Fatalf("%s: live activations reached %d bytes, declared peak %d", name, peak, m.Cost.ActivationBytes)
		}
		var all uint64
		for _, n := range m.Nodes {
			all += uint64(n.Out.Bytes())
		}
		t.Logf("%s: peak live %d bytes of %d produced in total over %d nodes", name, peak, all, roots)
		if name == "decoder" && peak*4 > all {
			t.Fatalf("%s: peak %d is not well below the sum of all activations %d", name, peak, all)
		}
	}
}

func TestCommitmentLayout(t *testing.T) {
	s := StepState{Node: 1, Step: 2, Regs: Regs{3}, OutRoot: merkle.Hash{4}}
	if s.Commitment() == (StepState{Node: 1, Step: 3, Regs: Regs{3}, OutRoot: merkle.Hash{4}}).Commitment() {
		t.Fatal("commitment ignores the step counter")
	}
}

// TestEveryOpHasKernels: an op the format accepts has a reference kernel
// (the spec), a fast kernel and appears in a tested model.
func TestEveryOpHasKernels(t *testing.T) {
	used := map[model.Op]bool{}
	for _, name := range []string{"mlp", "cnn", "floatops", "decoder"} {
		for _, n := range example(t, name).Nodes {
			used[n.Op] = true
		}
	}
	for _, op := range model.Ops() {
		if refKernels[op] == nil || fastKernels[op] == nil {
			t.Errorf("op %s lacks a reference or fast kernel", op)
		}
		if !used[op] {
			t.Errorf("op %s is in no tested model", op)
		}
	}
}
