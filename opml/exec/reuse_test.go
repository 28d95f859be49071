package exec

import (
	"testing"

	"github.com/aievm/aievm/opml/examples"
	"github.com/aievm/aievm/opml/model"
	"github.com/aievm/aievm/opml/tensor"
)

// TestReusePlanWithinMemoryBound: a run that holds freed buffers for later
// nodes must stay within the activation bytes the model is charged for.
// The attack: outputs of ever different sizes (each slice a column
// narrower), none of which a later node can take, so holding every one
// would keep the sum of all outputs alive (747 MiB measured for a model
// charged 3 MiB, before the plan). Also every example and adversarial
// model, and a chain whose same-sized buffers are all reused.
func TestReusePlanWithinMemoryBound(t *testing.T) {
	t.Parallel()
	models := map[string]*model.Model{}
	{
		b := model.NewBuilder("narrowing-slices")
		const rows, cols, n = 512, 1024, 200
		x := b.Input("x", tensor.F32, tensor.Shape{8, cols})
		v := x
		for r := 8; r < rows; r *= 2 {
			v = b.Node("c", model.OpConcat, nil, v, v)
		}
		for i := 1; i <= n; i++ {
			v = b.Node("s", model.OpSlice, []int64{0, rows, 0, int64(cols - i)}, v)
		}
		b.Output("y", b.Node("s", model.OpSlice, []int64{0, 1, 0, 1}, v))
		m, err := b.Build()
		if err != nil {
			t.Fatal(err)
		}
		models[m.Name] = m
	}
	{
		// A buffer freed early whose size comes back only after the peak:
		// holding it across the peak would pass the bound.
		b := model.NewBuilder("held-across-peak")
		x := b.Input("x", tensor.F32, tensor.Shape{64, 64})
		a := b.Binary("a", model.OpAdd, x, x)
		v := b.Binary("b", model.OpAdd, a, x) // a is free from here
		for r := 64; r < 4096; r *= 2 {
			v = b.Node("c", model.OpConcat, nil, v, v) // the peak
		}
		b.Output("y", b.Node("s", model.OpSlice, []int64{0, 64, 0, 64}, v)) // a's size again
		m, err := b.Build()
		if err != nil {
			t.Fatal(err)
		}
		models[m.Name] = m
	}
	{
		b := model.NewBuilder("same-size-chain")
		v := b.Input("x", tensor.F32, tensor.Shape{64, 64})
		for i := 0; i < 50; i++ {
			v = b.Binary("a", model.OpAdd, v, v)
		}
		b.Output("y", v)
		m, err := b.Build()
		if err != nil {
			t.Fatal(err)
		}
		models[m.Name] = m
	}
	all, _ := examples.All()
	adv, _ := examples.Adversarial()
	for _, set := range []map[string]func() (*model.Model, error){all, adv} {
		for name, build := range set {
			m, err := build()
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			models[name] = m
		}
	}
	for name, m := range models {
		storage, roots := m.Liveness()
		p := planReuse(m, storage, roots)
		if p.most > m.Cost.ActivationBytes {
			t.Errorf("%s: live plus held reach %d bytes, the model is charged for %d", name, p.most, m.Cost.ActivationBytes)
		}
		taken := 0
		for _, r := range p.take {
			if r >= 0 {
				taken++
			}
		}
		if name == "same-size-chain" && taken < 45 {
			t.Errorf("%s: %d of 50 outputs reuse a buffer", name, taken)
		}
	}
}
