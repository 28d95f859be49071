package exec

import (
	"math"
	"testing"

	"github.com/aievm/aievm/opml/model"
	"github.com/aievm/aievm/opml/tensor"
)

// TestNormalize: op normalize's vectors on both paths (bit for bit, NaN
// canonical): a zero row is copied (±0 kept), MAX divides by the largest
// element (not the largest magnitude), and a NaN anywhere in a row makes
// the whole row NaN.
func TestNormalize(t *testing.T) {
	t.Parallel()
	nan, negZero, inf := float32(math.NaN()), float32(math.Copysign(0, -1)), float32(math.Inf(1))
	cases := []struct {
		name string
		norm int64
		x    []float32
		want []float32
	}{
		{"max", model.NormMax, []float32{1, -4, 2}, []float32{0.5, -2, 1}},
		{"max all negative", model.NormMax, []float32{-1, -4, -2}, []float32{1, 4, 2}},
		{"max zero", model.NormMax, []float32{negZero, 0, negZero}, []float32{negZero, 0, negZero}},
		{"max zero with negatives", model.NormMax, []float32{-3, 0, -1}, []float32{-3, 0, -1}},
		{"l1", model.NormL1, []float32{1, -4, 3}, []float32{0.125, -0.5, 0.375}},
		{"l1 zero", model.NormL1, []float32{0, negZero, 0}, []float32{0, negZero, 0}},
		{"l2", model.NormL2, []float32{3, -4, 0}, []float32{0.6, -0.8, 0}},
		{"l2 underflow to zero", model.NormL2, []float32{1e-30, -1e-30, 0}, []float32{1e-30, -1e-30, 0}},
		{"l2 overflow", model.NormL2, []float32{3e38, 1}, []float32{0, 0}},
		{"l2 nan", model.NormL2, []float32{nan, 1, 2}, []float32{nan, nan, nan}},
		{"max nan", model.NormMax, []float32{1, nan, 2}, []float32{nan, nan, nan}},
		{"l1 inf", model.NormL1, []float32{inf, 1}, []float32{nan, 0}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := model.NewBuilder("normalize")
			x := b.Input("x", tensor.F32, tensor.Shape{1, len(c.x)})
			b.Output("y", b.Node("n", model.OpNormalize, []int64{c.norm}, x))
			m, err := b.Build()
			if err != nil {
				t.Fatal(err)
			}
			twins, err := NewTwins(m)
			if err != nil {
				t.Fatal(err)
			}
			outs, err := twins.Run([]*tensor.Tensor{tensor.FromF32(tensor.Shape{1, len(c.x)}, c.x)})
			if err != nil {
				t.Fatal(err)
			}
			for i, got := range outs[0].F32() {
				w := c.want[i]
				if w != w {
					if math.Float32bits(got) != 0x7FC00000 {
						t.Errorf("y[%d] = %v (%#x), want the canonical NaN", i, got, math.Float32bits(got))
					}
				} else if math.Float32bits(got) != math.Float32bits(w) {
					t.Errorf("y[%d] = %v, want %v", i, got, w)
				}
			}
		})
	}
}

// TestNormalizeRefusesBadNorms: the norm attribute and the shape are
// checked when a model is built (and so when one is decoded).
func TestNormalizeRefusesBadNorms(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		norm  int64
		shape tensor.Shape
	}{{-1, tensor.Shape{2, 3}}, {3, tensor.Shape{2, 3}}, {1 << 40, tensor.Shape{2, 3}}, {model.NormL1, tensor.Shape{6}}, {model.NormL1, tensor.Shape{1, 2, 3}}} {
		b := model.NewBuilder("normalize")
		x := b.Input("x", tensor.F32, c.shape)
		b.Output("y", b.Node("n", model.OpNormalize, []int64{c.norm}, x))
		if _, err := b.Build(); err == nil {
			t.Errorf("norm %d over %v: built", c.norm, c.shape)
		}
	}
}
