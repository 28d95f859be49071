package onnx

import (
	"errors"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

func randFloats(r *rand.Rand, n int, std float64) []float32 {
	v := make([]float32, n)
	for i := range v {
		v[i] = float32(r.NormFloat64() * std)
	}
	return v
}

func node(op string, in, out []string, attrs map[string]Attr) Node {
	if attrs == nil {
		attrs = map[string]Attr{}
	}
	return Node{Name: out[0], OpType: op, Inputs: in, Outputs: out, Attrs: attrs}
}

// floatMLP is Gemm -> Relu -> MatMul+Add -> Relu -> Gemm -> Softmax.
func floatMLP(r *rand.Rand) *Model {
	return &Model{IRVersion: 8, Opset: 13, Producer: "test", Graph: Graph{
		Name: "mlp",
		Nodes: []Node{
			node("Gemm", []string{"x", "w1", "b1"}, []string{"h1"}, map[string]Attr{"transB": Int(1)}),
			node("Relu", []string{"h1"}, []string{"r1"}, nil),
			node("MatMul", []string{"r1", "w2"}, []string{"m2"}, nil),
			node("Add", []string{"m2", "b2"}, []string{"h2"}, nil),
			node("Relu", []string{"h2"}, []string{"r2"}, nil),
			node("Gemm", []string{"r2", "w3", "b3"}, []string{"logits"}, map[string]Attr{"transB": Int(1)}),
			node("Softmax", []string{"logits"}, []string{"probs"}, map[string]Attr{"axis": Int(-1)}),
		},
		Initializers: []*Tensor{
			FloatTensor("w1", []int64{16, 8}, randFloats(r, 128, 0.5)),
			FloatTensor("b1", []int64{16}, randFloats(r, 16, 0.1)),
			FloatTensor("w2", []int64{16, 16}, randFloats(r, 256, 0.3)),
			FloatTensor("b2", []int64{16}, randFloats(r, 16, 0.1)),
			FloatTensor("w3", []int64{4, 16}, randFloats(r, 64, 0.4)),
			FloatTensor("b3", []int64{4}, randFloats(r, 4, 0.1)),
		},
		Inputs:  []ValueInfo{{Name: "x", ElemType: Float, Shape: []int64{-1, 8}}},
		Outputs: []ValueInfo{{Name: "probs", ElemType: Float, Shape: []int64{-1, 4}}},
	}}
}

// floatCNN is Conv+Relu, MaxPool, Conv+Relu, AveragePool, Flatten, Gemm.
func floatCNN(r *rand.Rand) *Model {
	conv := map[string]Attr{"kernel_shape": Ints(3, 3), "pads": Ints(1, 1, 1, 1), "strides": Ints(1, 1)}
	pool := map[string]Attr{"kernel_shape": Ints(2, 2), "strides": Ints(2, 2)}
	return &Model{IRVersion: 8, Opset: 13, Graph: Graph{
		Nodes: []Node{
			node("Conv", []string{"img", "cw1", "cb1"}, []string{"c1"}, conv),
			node("Relu", []string{"c1"}, []string{"r1"}, nil),
			node("MaxPool", []string{"r1"}, []string{"p1"}, pool),
			node("Conv", []string{"p1", "cw2", "cb2"}, []string{"c2"}, conv),
			node("Relu", []string{"c2"}, []string{"r2"}, nil),
			node("AveragePool", []string{"r2"}, []string{"p2"}, pool),
			node("Flatten", []string{"p2"}, []string{"flat"}, nil),
			node("Gemm", []string{"flat", "fw", "fb"}, []string{"logits"}, map[string]Attr{"transB": Int(1)}),
		},
		Initializers: []*Tensor{
			FloatTensor("cw1", []int64{4, 1, 3, 3}, randFloats(r, 36, 0.5)),
			FloatTensor("cb1", []int64{4}, randFloats(r, 4, 0.1)),
			FloatTensor("cw2", []int64{8, 4, 3, 3}, randFloats(r, 288, 0.3)),
			FloatTensor("cb2", []int64{8}, randFloats(r, 8, 0.1)),
			FloatTensor("fw", []int64{10, 32}, randFloats(r, 320, 0.3)),
			FloatTensor("fb", []int64{10}, randFloats(r, 10, 0.1)),
		},
		Inputs:  []ValueInfo{{Name: "img", ElemType: Float, Shape: []int64{1, 1, 8, 8}}},
		Outputs: []ValueInfo{{Name: "logits", ElemType: Float, Shape: []int64{1, 10}}},
	}}
}

func samples(r *rand.Rand, name string, shape []int, n int) []Sample {
	var out []Sample
	size := 1
	for _, d := range shape {
		size *= d
	}
	for i := 0; i < n; i++ {
		out = append(out, Sample{name: {Shape: shape, Data: randFloats(r, size, 1)}})
	}
	return out
}

func TestEncodeDecodeRoundTrip(t *testing.T) {
	t.Parallel()
	for _, m := range []*Model{floatMLP(rand.New(rand.NewPCG(1, 1))), floatCNN(rand.New(rand.NewPCG(2, 2)))} {
		got, err := Decode(m.Encode())
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, m) {
			t.Fatalf("round trip differs:\n got %+v\nwant %+v", got.Graph.Nodes[0], m.Graph.Nodes[0])
		}
	}
}

// TestImportFloatModels quantizes float models on import and checks the
// measured error against float evaluation.
func TestImportFloatModels(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(3, 3))
	tests := []struct {
		name    string
		m       *Model
		input   string
		shape   []int
		maxErr  float64 // documented bound for these models (README, SPEC)
		meanErr float64
	}{
		{"mlp", floatMLP(r), "x", []int{1, 8}, 0.06, 0.01},
		{"cnn", floatCNN(r), "img", []int{1, 1, 8, 8}, 0.4, 0.06},
	}
	for _, tt := range tests {
		m, err := Decode(tt.m.Encode())
		if err != nil {
			t.Fatal(err)
		}
		cal := samples(r, tt.input, tt.shape, 256)
		em, rep, err := Import(m, tt.name, cal)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		// Error on fresh samples, not the calibration set.
		rep2, err := Measure(em, m, samples(r, tt.input, tt.shape, 64))
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %d engine nodes; calibration set %v; fresh set %v", tt.name, len(em.Nodes), rep, rep2)
		for _, r := range []*Report{rep, rep2} {
			if r.MaxAbsErr > tt.maxErr || r.MeanAbsErr > tt.meanErr {
				t.Errorf("%s: error %v above the bound (max %g, mean %g)", tt.name, r, tt.maxErr, tt.meanErr)
			}
			if r.Agreement < 0.9 {
				t.Errorf("%s: argmax agreement %.2f", tt.name, r.Agreement)
			}
		}
	}
}

// TestImportQDQ: a pre-quantized QLinearMatMul model keeps its scales.
func TestImportQDQ(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(4, 4))
	w := make([]int64, 8*4)
	for i := range w {
		w[i] = int64(r.IntN(255) - 127)
	}
	scalar := func(name string, v float32) *Tensor { return FloatTensor(name, nil, []float32{v}) }
	zero := func(name string) *Tensor { return IntTensor(name, Int8, nil, []int64{0}) }
	m := &Model{IRVersion: 8, Opset: 13, Graph: Graph{
		Nodes: []Node{
			node("QuantizeLinear", []string{"x", "xs", "xz"}, []string{"xq"}, nil),
			node("QLinearMatMul", []string{"xq", "xs", "xz", "w", "ws", "wz", "ys", "yz"}, []string{"yq"}, nil),
			node("DequantizeLinear", []string{"yq", "ys", "yz"}, []string{"y"}, nil),
		},
		Initializers: []*Tensor{scalar("xs", 0.02), zero("xz"), IntTensor("w", Int8, []int64{8, 4}, w),
			scalar("ws", 0.01), zero("wz"), scalar("ys", 0.05), zero("yz")},
		Inputs:  []ValueInfo{{Name: "x", ElemType: Float, Shape: []int64{1, 8}}},
		Outputs: []ValueInfo{{Name: "y", ElemType: Float, Shape: []int64{1, 4}}},
	}}
	_, rep, err := Import(m, "qdq", samples(r, "x", []int{1, 8}, 32))
	if err != nil {
		t.Fatal(err)
	}
	// The float evaluation rounds ties to even and the engine rounds half
	// up, so at most one output step (0.05) apart.
	if rep.MaxAbsErr > 0.05+1e-6 {
		t.Errorf("QDQ import error %v", rep)
	}
}

func TestImportErrors(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(5, 5))
	lstm := floatMLP(r)
	lstm.Graph.Nodes[1].OpType = "LSTM"
	asym := floatMLP(r)
	asym.Graph.Nodes = append([]Node{node("QuantizeLinear", []string{"x0", "s", "z"}, []string{"x"}, nil)}, asym.Graph.Nodes...)
	asym.Graph.Initializers = append(asym.Graph.Initializers, FloatTensor("s", nil, []float32{0.1}), IntTensor("z", Int8, nil, []int64{3}))
	asym.Graph.Inputs[0].Name = "x0"
	tests := []struct {
		name string
		m    *Model
		want string
	}{
		{"unsupported op", lstm, "LSTM"},
		{"asymmetric", asym, "zero point 3"},
	}
	for _, tt := range tests {
		_, _, err := Import(tt.m, tt.name, samples(r, tt.m.Graph.Inputs[0].Name, []int{1, 8}, 4))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want one naming %q", tt.name, err, tt.want)
		}
	}
	if _, err := Decode([]byte{0xff, 0xff}); !errors.Is(err, ErrFormat) {
		t.Errorf("garbage decoded: %v", err)
	}
}

func FuzzDecode(f *testing.F) {
	f.Add(floatMLP(rand.New(rand.NewPCG(1, 1))).Encode())
	f.Add(floatCNN(rand.New(rand.NewPCG(1, 1))).Encode())
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := Decode(b)
		if err != nil {
			return
		}
		NewEvaluator(&m.Graph) // must not panic on odd initializers
	})
}
