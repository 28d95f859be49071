package llama_test

import (
	"strings"
	"testing"

	"github.com/aievm/aievm/opml/examples"
	"github.com/aievm/aievm/opml/llama"
	"github.com/aievm/aievm/opml/model"
	"github.com/aievm/aievm/opml/tensor"
)

// deep is a toy decoder with more layers than a stage's graph holds.
var deep = examples.DecoderConfig{Config: llama.Config{Name: "deep", Vocab: 32, Dim: 32, Hidden: 32, Layers: 20, Heads: 2, KVHeads: 1,
	Seq: 2, Theta: 10000, Eps: 1e-5, TokenOnly: true}, Weights: tensor.Q8_0}

// TestStageNodes: every stage's graph, first, middle, last or all in one,
// has at most stageNodes plus layerNodes a layer (exactly that when one
// stage is both first and last), so MaxLayersPerStage's split always
// builds, and one layer more than it gives is refused by the format.
func TestStageNodes(t *testing.T) {
	t.Parallel()
	for _, per := range []int{1, 3, 7} {
		ms, err := examples.DecoderStages(deep, 2, per)
		if err != nil {
			t.Fatal(err)
		}
		for i, m := range ms {
			layers := min(per, deep.Layers-i*per)
			if n := len(m.Nodes); n > 8+33*layers {
				t.Errorf("%d layers a stage, stage %d: %d nodes, over 8 + 33 a layer", per, i, n)
			}
		}
	}
	one := deep
	one.Layers = 4
	ms, err := examples.DecoderStages(one, 2, 4)
	if err != nil || len(ms) != 1 || len(ms[0].Nodes) != 8+33*4 {
		t.Fatalf("one stage of 4 layers: %d models (%v)", len(ms), err)
	}
	per := llama.MaxLayersPerStage(deep.Config, 2)
	if per != (model.MaxNodes-8)/33 {
		t.Fatalf("MaxLayersPerStage = %d, want the node bound's %d", per, (model.MaxNodes-8)/33)
	}
	if _, err := examples.DecoderStages(deep, 2, per); err != nil {
		t.Fatalf("%d layers a stage: %v", per, err)
	}
	if _, err := examples.DecoderStages(deep, 2, per+1); err == nil || !strings.Contains(err.Error(), "nodes") {
		t.Fatalf("%d layers a stage: %v, want refused for its nodes", per+1, err)
	}
}

// TestMaxLayersPerStage: the split keeps a stage's input within the
// engine's bound, and gives 0 when one layer's cache does not fit or the
// positions pass MaxStagePositions, which BuildStage refuses before
// allocating anything.
func TestMaxLayersPerStage(t *testing.T) {
	t.Parallel()
	c := llama.Config{Name: "smol", Vocab: 49152, Dim: 576, Hidden: 1536, Layers: 30, Heads: 9, KVHeads: 3, Seq: 1, Theta: 1e5, Eps: 1e-5}
	for _, tc := range []struct{ positions, want int }{{16, 5}, {64, 1}, {84, 0}, {1, 15}} {
		if got := llama.MaxLayersPerStage(c, tc.positions); got != tc.want {
			t.Errorf("%d positions: %d layers a stage, want %d", tc.positions, got, tc.want)
		}
		if tc.want > 0 {
			if in := 4*c.Dim + 4 + 2*tc.want*tc.positions*c.KVWidth()*4; in > model.MaxInputBytes {
				t.Errorf("%d positions: a stage's input is %d bytes", tc.positions, in)
			}
		}
	}
	if got := llama.MaxLayersPerStage(deep.Config, llama.MaxStagePositions+1); got != 0 {
		t.Errorf("past MaxStagePositions: %d layers", got)
	}
	if _, err := llama.BuildStage(deep.Config, llama.Stage{Layers: 1, Positions: 1 << 30}, nil); err == nil {
		t.Error("a stage of 2^30 positions was built")
	}
}
