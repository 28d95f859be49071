package modeltest

import (
	"math/rand/v2"
	"testing"

	"github.com/aievm/aievm/opml/exec"
	"github.com/aievm/aievm/opml/model"
)

// TestEveryKindBuildsAndRuns: each kind gives, for most seeds, a valid model
// that decodes from its encoding and runs on its inputs.
func TestEveryKindBuildsAndRuns(t *testing.T) {
	t.Parallel()
	for kind := uint8(0); kind < Kinds; kind++ {
		built := 0
		for seed := uint64(0); seed < 8; seed++ {
			m, in, err := Random(rand.New(rand.NewPCG(seed, uint64(kind))), kind)
			if err != nil {
				continue
			}
			built++
			if _, err := model.Decode(m.Encode()); err != nil {
				t.Fatalf("kind %d seed %d: %v", kind, seed, err)
			}
			e, err := exec.New(m, exec.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := e.Run(in); err != nil {
				t.Fatalf("kind %d seed %d (%s): %v", kind, seed, m.Nodes[0].Op, err)
			}
		}
		if built < 4 {
			t.Errorf("kind %d: only %d of 8 seeds build a model", kind, built)
		}
	}
}
