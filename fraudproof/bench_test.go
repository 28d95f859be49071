package fraudproof

import (
	"context"
	"testing"

	"github.com/aievm/aievm/opml/examples"
)

// TestMeasure: a measured dispute ends in the node the claim starts lying
// at, with every figure filled in and consistent.
func TestMeasure(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		model   string
		lieFrom int
	}{{"iris", 2}, {"mlp", 0}} {
		m := mustModel(t, c.model)
		f, err := Measure(context.Background(), m, examples.SampleBytes(m, 2), c.lieFrom)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%+v", f)
		switch {
		case f.DisputeNode != c.lieFrom:
			t.Errorf("%s: phase 2 ran in node %d, the claim lies from node %d", c.model, f.DisputeNode, c.lieFrom)
		case f.Rounds < 3 || f.StepGas == 0 || f.GameGas <= f.StepGas || f.NodeSteps == 0:
			t.Errorf("%s: implausible figures %+v", c.model, f)
		case f.CostliestStep == 0 || f.CostliestStep > 30_000_000 || f.Prep <= 0 || f.Play <= 0:
			t.Errorf("%s: implausible step price or times %+v", c.model, f)
		}
	}
}
