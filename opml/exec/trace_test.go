package exec

import (
	"bytes"
	"encoding/hex"
	"math/rand/v2"
	"testing"

	"github.com/aievm/aievm/opml/examples"
	"github.com/aievm/aievm/opml/merkle"
	"github.com/aievm/aievm/opml/model"
	"github.com/aievm/aievm/opml/modeltest"
	"github.com/aievm/aievm/opml/tensor"
)

func example(t *testing.T, name string) *model.Model {
	t.Helper()
	if name == "floatops" {
		return FloatOpsModel(t, 4, 64, tensor.Q4_0)
	}
	if kind, ok := map[string]uint8{"trees": 22, "plumbing": 23, "normalize": 24}[name]; ok { // a tree ensemble with hostile table entries; slices and concats; normalizes (modeltest)
		m, _, err := modeltest.Random(rand.New(rand.NewPCG(2, uint64(kind))), kind)
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

// TestTraceAgreesAcrossPaths: both paths commit to the same node roots, the
// list root commits to them, and the last node roots match the outputs.
func TestTraceAgreesAcrossPaths(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"mlp", "cnn", "decoder-q4", "trees", "plumbing", "normalize"} {
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
	for _, name := range []string{"mlp", "cnn", "floatops", "decoder", "trees", "plumbing", "normalize"} {
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

// goldenTraces pins what the dispute game compares across machines, per
// model on SampleInput(seed 1): the trace root, the hash of the outputs
// (fast and reference paths must both give it) and a hash of the step
// proofs at the middle step of the first, middle and last nodes (both state
// commitments, the operands' bytes and the output buffer). The tiny
// decoders cover F16 and F32 weights, which no example uses. Like golden in
// exec_test.go, CI checks them on amd64 and under qemu-user on arm64 and
// big-endian mips64; update them only with a SPEC.md change.
var goldenTraces = map[string]struct{ root, outputs, steps string }{
	"cnn":        {"669fc1fc71aa249103d685cfbe77534930c17457211c0a49122c08b63fc065c1", "bc09a3a2ac9c8a322cd42f80d445e13d8852a21bd03af9055fd71854c5c23b21", "88404a8a2f7961e02885dd8b59e7d8aaad811b0f912fd68c41317362b78259eb"},
	"decoder":    {"f3b678fe996f8ee392e4cb6d222a5cb6f913ea504282d7b2de777cf02c2a5ba6", "d74f04fd012444095b53ed4c24db38d37e6493a7875de4b3d59d8d996999c98e", "bda12258e917c86d818ff82b32429b2d9a32b0c6dbd29b49f38184f20233c41a"},
	"decoder-q4": {"812ec4a7f6ef0af64ba3b2b1ef8cf50903735e53f6337245e097aadf8eb6bb06", "f75e4403c78a6df3ce483d3b89a922b00e81b6f126854cf56e2796bdb33cf975", "6cba373418da6cc1a7331c7be790e29af797a2707add52131ba6d074d023e468"},
	"floatops":   {"e50e08aa5bba07f922a3b5f2ad7b52d96ec4112045c044523c9339b51bd4467a", "a42463591992698f78757377a3fc61f8836be3993905264946b07106dfff4967", "75504eab40dd6b8fc815931d4d34e8a7a9a0185f8126ab34c7d9bf1565d7bfa8"},
	"mlp":        {"eb7e6a32d78a4e059492c23cce2931eaf563a542b0d312500dbde0b140ed4643", "a43c776087a8ed30863f8dcce8eb424dd69a3be2961fc726b6542b34c226a03b", "86ecfe7a4cebafa3c0b79d5c16b06d29d072d76d70d3be94dad5326be4b3bc51"},
	"tiny-f16":   {"28c2b346cbf72ac22ce561a2985bb1d06844d5aae0f72c48e8c4b63adf715e66", "c6a32a983dd6c623cb679b5ac60ecdecdfe86b7c2bcf154a2e836d11091769ac", "fd393d3fd441ea4be25f4bf0a3ed47a7f589d978f337ed35e64b622a0fa27aea"},
	"tiny-f32":   {"d8f8c35624b24e6fe8757dfafc91bc4aff2ab5980428df49f77139e5f0c4be93", "1ec0b352998c868e6ca24c3f2da84ab93b6f240a8ea0b939eb657d687b640b74", "1f499db1e8d373ad23c1170550a80335f204bdd69917b55fdbfb82a9db3f9984"},
}

func TestGoldenTraces(t *testing.T) {
	t.Parallel()
	tiny := func(w tensor.DType) examples.DecoderConfig {
		c := examples.SmallDecoder
		c.Name, c.Weights = "tiny-"+w.String(), w
		c.Vocab, c.Dim, c.Hidden, c.Layers, c.Heads, c.KVHeads, c.Seq = 64, 32, 64, 1, 2, 1, 4
		return c
	}
	models := map[string]func(*testing.T) *model.Model{
		"tiny-f16": func(t *testing.T) *model.Model { return decoder(t, tiny(tensor.F16)) },
		"tiny-f32": func(t *testing.T) *model.Model { return decoder(t, tiny(tensor.F32)) },
	}
	for _, name := range []string{"mlp", "cnn", "floatops", "decoder", "decoder-q4"} {
		models[name] = func(t *testing.T) *model.Model { return example(t, name) }
	}
	for name, build := range models {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			m := build(t)
			in := examples.SampleInput(m, 1)
			e, err := New(m, Options{})
			if err != nil {
				t.Fatal(err)
			}
			tr, err := e.Trace(in)
			if err != nil {
				t.Fatal(err)
			}
			var outs []byte
			for _, o := range tr.Outputs {
				outs = append(outs, o.Data...)
			}
			if m.Cost.MACs < 1e6 { // the reference path is slow under emulation
				ref, err := New(m, Options{Mode: Reference})
				if err != nil {
					t.Fatal(err)
				}
				ro, err := ref.Run(in)
				if err != nil {
					t.Fatal(err)
				}
				var b []byte
				for _, o := range ro {
					b = append(b, o.Data...)
				}
				if !bytes.Equal(b, outs) {
					t.Fatalf("%s: fast and reference outputs differ", name)
				}
			}
			var steps []byte
			for _, node := range []int{0, len(m.Nodes) / 2, len(m.Nodes) - 1} {
				p, err := e.StepStates(in, node, e.NodeSteps(node)/2)
				if err != nil {
					t.Fatalf("%s node %d: %v", name, node, err)
				}
				before, after := p.Before.Commitment(), p.After.Commitment()
				steps = append(append(steps, before[:]...), after[:]...)
				for _, x := range p.Inputs {
					steps = append(steps, x.Data...)
				}
				steps = append(steps, p.Out...)
			}
			oh, sh := merkle.Keccak(outs), merkle.Keccak(steps)
			got := [3]string{hex.EncodeToString(tr.Root[:]), hex.EncodeToString(oh[:]), hex.EncodeToString(sh[:])}
			t.Logf("golden trace %s root=%s outputs=%s steps=%s", name, got[0], got[1], got[2])
			if g := goldenTraces[name]; got != [3]string{g.root, g.outputs, g.steps} {
				t.Errorf("%s: trace root, outputs, steps\n%s\n%s\n%s\ngolden\n%s\n%s\n%s", name, got[0], got[1], got[2], g.root, g.outputs, g.steps)
			}
		})
	}
}

func decoder(t *testing.T, c examples.DecoderConfig) *model.Model {
	t.Helper()
	m, err := examples.Decoder(c)
	if err != nil {
		t.Fatal(err)
	}
	return m
}
