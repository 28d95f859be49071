package prove

import (
	"fmt"
	"math"
	"testing"

	"github.com/aievm/aievm/opml/model"
	"github.com/aievm/aievm/opml/tensor"
)

// TestNormalizeStepsMatchEngine: every step of normalize nodes of every
// norm runs on the L1 verifier and gives the engine's state: random chains
// (zero, negative and NaN rows) and rows of ±0, NaN, infinities and
// values whose squares overflow or underflow.
func TestNormalizeStepsMatchEngine(t *testing.T) {
	t.Parallel()
	vm := newVM(t)
	samples := randomSamples(24, 4, 31)
	negZero, nan, inf := float32(math.Copysign(0, -1)), float32(math.NaN()), float32(math.Inf(1))
	rows := []float32{
		negZero, 0, negZero, 0,
		-3, -1, -2, -5,
		1e-30, -1e-30, 1e-38, 1,
		3e38, -3e38, 1, 2,
		nan, 1, 2, 3,
		inf, -inf, 1, 0,
		1e-45, 0, negZero, 2,
	}
	x := tensor.FromF32(tensor.Shape{len(rows) / 4, 4}, rows)
	for norm := model.NormMax; norm <= model.NormL2; norm++ {
		b := model.NewBuilder(fmt.Sprintf("normalize-%d", norm))
		b.Output("y", b.Node("n", model.OpNormalize, []int64{norm}, b.Input("x", tensor.F32, x.Shape)))
		m, err := b.Build()
		if err != nil {
			t.Fatal(err)
		}
		samples = append(samples, stepSample{m, x.Data})
	}
	var steps int
	var maxGas uint64
	for _, s := range samples {
		run, err := NewRun(s.m, s.in)
		if err != nil {
			t.Fatal(err)
		}
		for node, n := range s.m.Nodes {
			for step := uint64(0); step < run.Steps(node); step++ {
				gas := checkStep(t, vm, run, node, step, fmt.Sprintf("%s node %d (norm %d) step %d", s.m.Name, node, n.Attr[0], step))
				maxGas = max(maxGas, gas)
				steps++
			}
		}
	}
	t.Logf("%d normalize steps checked on L1; the costliest %d gas", steps, maxGas)
}
