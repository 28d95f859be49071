package exec

import (
	"math/rand/v2"
	"testing"

	"github.com/aievm/aievm/opml/model"
	"github.com/aievm/aievm/opml/tensor"
)

// FloatOpsModel (tests only) chains every float op on an f32[rows, width] input so that
// special values (NaN, Inf, -0, subnormals) flow through all of them.
func FloatOpsModel(t testing.TB, rows, width int, wdt tensor.DType) *model.Model {
	b := model.NewBuilder("floatops")
	x := b.Input("x", tensor.F32, tensor.Shape{rows, width})
	r := rand.New(rand.NewPCG(5, 5))
	vals := make([]float32, width*width)
	for i := range vals {
		vals[i] = float32(r.NormFloat64() * 0.2)
	}
	var w *tensor.Tensor
	switch wdt {
	case tensor.Q8_0:
		d, _ := tensor.QuantizeQ8_0(vals)
		w = &tensor.Tensor{DType: wdt, Shape: tensor.Shape{width, width}, Data: d}
	case tensor.Q4_0:
		d, _ := tensor.QuantizeQ4_0(vals)
		w = &tensor.Tensor{DType: wdt, Shape: tensor.Shape{width, width}, Data: d}
	case tensor.Q4_1:
		d, _ := tensor.QuantizeQ4_1(vals)
		w = &tensor.Tensor{DType: wdt, Shape: tensor.Shape{width, width}, Data: d}
	default:
		w = tensor.FromF32(tensor.Shape{width, width}, vals)
	}
	wv := b.Const("w", w)
	ones := make([]float32, width)
	for i := range ones {
		ones[i] = 1
	}
	nw := b.Const("norm", tensor.FromF32(tensor.Shape{width}, ones))
	h := b.Binary("mm", model.OpMatMul, x, wv)
	n := b.RMSNorm("norm", x, nw, 1e-5)
	h = b.Binary("add", model.OpAdd, h, n)
	h = b.RoPE("rope", h, 2, 10000)
	att := b.Attention("attn", h, h, x, 2, 2)
	s := b.Binary("mul", model.OpMul, b.Unary("silu", model.OpSiLU, att), b.Unary("gelu", model.OpGELU, h))
	s = b.Binary("add2", model.OpAdd, s, b.Unary("tanh", model.OpTanh, b.Unary("sigmoid", model.OpSigmoid, x)))
	b.Output("softmax", b.Unary("softmax", model.OpSoftmax, s))
	b.Output("argmax", b.Unary("argmax", model.OpArgmax, s))
	q := b.Unary("qrelu", model.OpQRelu, b.Quantize("quant", s, 3.5))
	b.Output("q", q)
	if rows*width%64 == 0 {
		img := b.Reshape("image", q, rows*width/64, 8, 8)
		b.Output("avg", b.QAvgPool2D("avgpool", img, 2, 2, 1<<30, 32))
	}
	b.Output("rows", b.Unary("last", model.OpTakeLast, att))
	m, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return m
}
