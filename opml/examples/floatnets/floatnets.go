// Package floatnets holds the float ONNX networks the engine is measured
// against ONNX Runtime on: the trained iris classifier and MNIST-shaped MLP
// and CNN with deterministic weights. Each comes with the engine model
// imported from that very ONNX file, so both runtimes run the same network
// and weights (the engine's quantized to int8 with calibration).
package floatnets

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/aievm/aievm/opml/examples"
	"github.com/aievm/aievm/opml/examples/iris"
	"github.com/aievm/aievm/opml/model"
	"github.com/aievm/aievm/opml/onnx"
	"github.com/aievm/aievm/opml/tensor"
)

// Net is one benchmark network.
type Net struct {
	Name   string
	ONNX   *onnx.Model
	Input  string
	Shape  []int
	Vocab  int // > 0: the input is token ids below Vocab (int32), not floats
	Engine *model.Model
	Calib  *onnx.Report // int8 vs float on the calibration samples
}

// EngineInput converts one sample to the engine model's input tensor.
func (n *Net) EngineInput(s onnx.Sample) []*tensor.Tensor {
	v := s[n.Input].Data
	if n.Vocab > 0 {
		ids := make([]int32, len(v))
		for i, x := range v {
			ids[i] = int32(x)
		}
		return []*tensor.Tensor{tensor.FromI32(n.Engine.Inputs[0].Shape, ids)}
	}
	return []*tensor.Tensor{tensor.FromF32(n.Engine.Inputs[0].Shape, v)}
}

// irisRange is each iris feature's range over the data set (cm).
var irisRange = [4][2]float64{{4.3, 7.9}, {2.0, 4.4}, {1.0, 6.9}, {0.1, 2.5}}

// Inputs draws n deterministic input samples for the net: pixels in [0,1)
// for the image nets, measurements within the data set's ranges for iris.
func (n *Net) Inputs(seed uint64, count int) []onnx.Sample {
	r := rand.New(rand.NewPCG(seed, 11))
	size := 1
	for _, d := range n.Shape {
		size *= d
	}
	var out []onnx.Sample
	for i := 0; i < count; i++ {
		v := make([]float32, size)
		for j := range v {
			if n.Vocab > 0 {
				v[j] = float32(r.IntN(n.Vocab)) // token ids, exact in float32
			} else if n.Name == "iris" {
				lo, hi := irisRange[j][0], irisRange[j][1]
				v[j] = float32(lo + r.Float64()*(hi-lo))
			} else {
				v[j] = float32(r.Float64())
			}
		}
		out = append(out, onnx.Sample{n.Input: {Shape: n.Shape, Data: v}})
	}
	return out
}

func heWeights(r *rand.Rand, fanIn int, dims ...int64) []float32 {
	n := 1
	for _, d := range dims {
		n *= int(d)
	}
	std := math.Sqrt(2 / float64(fanIn))
	v := make([]float32, n)
	for i := range v {
		v[i] = float32(r.NormFloat64() * std)
	}
	return v
}

func small(r *rand.Rand, n int) []float32 {
	v := make([]float32, n)
	for i := range v {
		v[i] = float32(r.NormFloat64() * 0.05)
	}
	return v
}

func nd(name, op string, in []string, attrs map[string]onnx.Attr) onnx.Node {
	if attrs == nil {
		attrs = map[string]onnx.Attr{}
	}
	return onnx.Node{Name: name, OpType: op, Inputs: in, Outputs: []string{name}, Attrs: attrs}
}

// MLP784 is 784 -> 256 -> 128 -> 10 with ReLU and a softmax.
func MLP784() *onnx.Model {
	r := rand.New(rand.NewPCG(784, 1))
	tb := map[string]onnx.Attr{"transB": onnx.Int(1)}
	return &onnx.Model{IRVersion: 8, Opset: 13, Producer: "aievm floatnets", Graph: onnx.Graph{
		Name: "mlp784",
		Nodes: []onnx.Node{
			nd("fc1", "Gemm", []string{"pixels", "w1", "b1"}, tb), nd("relu1", "Relu", []string{"fc1"}, nil),
			nd("fc2", "Gemm", []string{"relu1", "w2", "b2"}, tb), nd("relu2", "Relu", []string{"fc2"}, nil),
			nd("fc3", "Gemm", []string{"relu2", "w3", "b3"}, tb),
			nd("probs", "Softmax", []string{"fc3"}, map[string]onnx.Attr{"axis": onnx.Int(-1)}),
		},
		Initializers: []*onnx.Tensor{
			onnx.FloatTensor("w1", []int64{256, 784}, heWeights(r, 784, 256, 784)), onnx.FloatTensor("b1", []int64{256}, small(r, 256)),
			onnx.FloatTensor("w2", []int64{128, 256}, heWeights(r, 256, 128, 256)), onnx.FloatTensor("b2", []int64{128}, small(r, 128)),
			onnx.FloatTensor("w3", []int64{10, 128}, heWeights(r, 128, 10, 128)), onnx.FloatTensor("b3", []int64{10}, small(r, 10)),
		},
		Inputs:  []onnx.ValueInfo{{Name: "pixels", ElemType: onnx.Float, Shape: []int64{1, 784}}},
		Outputs: []onnx.ValueInfo{{Name: "probs", ElemType: onnx.Float, Shape: []int64{1, 10}}},
	}}
}

// CNN28 is a LeNet-like 1x28x28 -> conv3x3(16)+ReLU -> maxpool2 ->
// conv3x3(32)+ReLU -> maxpool2 -> flatten -> 10 -> softmax.
func CNN28() *onnx.Model {
	r := rand.New(rand.NewPCG(28, 1))
	conv := map[string]onnx.Attr{"kernel_shape": onnx.Ints(3, 3), "pads": onnx.Ints(1, 1, 1, 1), "strides": onnx.Ints(1, 1)}
	pool := map[string]onnx.Attr{"kernel_shape": onnx.Ints(2, 2), "strides": onnx.Ints(2, 2)}
	return &onnx.Model{IRVersion: 8, Opset: 13, Producer: "aievm floatnets", Graph: onnx.Graph{
		Name: "cnn28",
		Nodes: []onnx.Node{
			nd("conv1", "Conv", []string{"image", "cw1", "cb1"}, conv), nd("relu1", "Relu", []string{"conv1"}, nil),
			nd("pool1", "MaxPool", []string{"relu1"}, pool),
			nd("conv2", "Conv", []string{"pool1", "cw2", "cb2"}, conv), nd("relu2", "Relu", []string{"conv2"}, nil),
			nd("pool2", "MaxPool", []string{"relu2"}, pool),
			nd("flat", "Flatten", []string{"pool2"}, nil),
			nd("fc", "Gemm", []string{"flat", "fw", "fb"}, map[string]onnx.Attr{"transB": onnx.Int(1)}),
			nd("probs", "Softmax", []string{"fc"}, map[string]onnx.Attr{"axis": onnx.Int(-1)}),
		},
		Initializers: []*onnx.Tensor{
			onnx.FloatTensor("cw1", []int64{16, 1, 3, 3}, heWeights(r, 9, 16, 1, 3, 3)), onnx.FloatTensor("cb1", []int64{16}, small(r, 16)),
			onnx.FloatTensor("cw2", []int64{32, 16, 3, 3}, heWeights(r, 144, 32, 16, 3, 3)), onnx.FloatTensor("cb2", []int64{32}, small(r, 32)),
			onnx.FloatTensor("fw", []int64{10, 32 * 7 * 7}, heWeights(r, 32*49, 10, 32*49)), onnx.FloatTensor("fb", []int64{10}, small(r, 10)),
		},
		Inputs:  []onnx.ValueInfo{{Name: "image", ElemType: onnx.Float, Shape: []int64{1, 1, 28, 28}}},
		Outputs: []onnx.ValueInfo{{Name: "probs", ElemType: onnx.Float, Shape: []int64{1, 10}}},
	}}
}

// All returns the networks with their engine models, calibrated on 128
// deterministic samples each (iris: its committed model, calibrated on its
// training flowers).
func All() ([]*Net, error) {
	im, err := iris.Model()
	if err != nil {
		return nil, err
	}
	io, err := onnx.Decode(iris.ONNXBytes())
	if err != nil {
		return nil, err
	}
	nets := []*Net{
		{Name: "iris", ONNX: io, Input: "features", Shape: []int{1, 4}, Engine: im},
		{Name: "mlp784", ONNX: MLP784(), Input: "pixels", Shape: []int{1, 784}},
		{Name: "cnn28", ONNX: CNN28(), Input: "image", Shape: []int{1, 1, 28, 28}},
	}
	for _, dt := range []tensor.DType{tensor.Q8_0, tensor.Q4_0} {
		c := examples.SmallDecoder
		c.Weights = dt
		if dt == tensor.Q4_0 {
			c.Name = "decoder-q4"
		}
		em, err := examples.Decoder(c)
		if err != nil {
			return nil, err
		}
		om, err := DecoderONNX(c.Config, examples.DecoderWeights(c))
		if err != nil {
			return nil, err
		}
		nets = append(nets, &Net{Name: c.Name, ONNX: om, Input: "tokens", Shape: []int{c.Seq}, Vocab: c.Vocab, Engine: em})
	}
	for _, n := range nets {
		if n.Engine != nil {
			continue
		}
		n.Engine, n.Calib, err = onnx.Import(n.ONNX, n.Name, n.Inputs(1, 128))
		if err != nil {
			return nil, fmt.Errorf("import %s: %w", n.Name, err)
		}
	}
	return nets, nil
}
