// Package qdq builds the example model of the inline ONNX precompile
// (0xa0): a small classifier that carries its own quantization (a
// QuantizeLinear, two QLinearMatMuls, a DequantizeLinear), as quantization
// tools export it, so it converts by the fixed rule without calibration.
package qdq

import (
	"math/rand/v2"
	"strconv"

	"github.com/aievm/aievm/opml/model"
	"github.com/aievm/aievm/opml/onnx"
)

// Inputs and Classes are the model's input features and output scores.
const (
	Inputs  = 8
	Hidden  = 16
	Classes = 3
)

// Model returns the ONNX file (deterministic weights).
func Model() []byte {
	r := rand.New(rand.NewPCG(7, 7))
	weights := func(name string, k, m int) *onnx.Tensor {
		w := make([]int64, k*m)
		for i := range w {
			w[i] = int64(r.IntN(255) - 127)
		}
		return onnx.IntTensor(name, onnx.Int8, []int64{int64(k), int64(m)}, w)
	}
	scalar := func(name string, v float32) *onnx.Tensor { return onnx.FloatTensor(name, nil, []float32{v}) }
	zero := func(name string) *onnx.Tensor { return onnx.IntTensor(name, onnx.Int8, nil, []int64{0}) }
	node := func(op string, in, out []string) onnx.Node {
		return onnx.Node{Name: out[0], OpType: op, Inputs: in, Outputs: out}
	}
	m := &onnx.Model{IRVersion: 8, Opset: 13, Producer: "aievm qdq example", Graph: onnx.Graph{
		Name: "qdq",
		Nodes: []onnx.Node{
			node("QuantizeLinear", []string{"x", "xs", "z"}, []string{"xq"}),
			node("QLinearMatMul", []string{"xq", "xs", "z", "w1", "ws", "z", "hs", "z"}, []string{"hq"}),
			node("QLinearMatMul", []string{"hq", "hs", "z", "w2", "ws", "z", "ys", "z"}, []string{"yq"}),
			node("DequantizeLinear", []string{"yq", "ys", "z"}, []string{"y"}),
		},
		Initializers: []*onnx.Tensor{scalar("xs", 0.02), zero("z"), weights("w1", Inputs, Hidden), weights("w2", Hidden, Classes),
			scalar("ws", 0.01), scalar("hs", 0.05), scalar("ys", 0.1)},
		Inputs:  []onnx.ValueInfo{{Name: "x", ElemType: onnx.Float, Shape: []int64{1, Inputs}}},
		Outputs: []onnx.ValueInfo{{Name: "y", ElemType: onnx.Float, Shape: []int64{1, Classes}}},
	}}
	return m.Encode()
}

// Adversarial returns ONNX files that make the inline precompile's
// conversion as dear as it can be per byte, for the gas bench: the most
// nodes the engine takes, each a few bytes (a chain of sigmoids on one
// float), and the most weight bytes a call may carry (one float MatMul,
// transposed on conversion).
func Adversarial() (names []string, files map[string][]byte) {
	one := []onnx.ValueInfo{{Name: "x", ElemType: onnx.Float, Shape: []int64{1, 1}}}
	var chain []onnx.Node
	prev := "x"
	for i := 0; i < model.MaxNodes; i++ {
		out := "s" + strconv.Itoa(i)
		chain = append(chain, onnx.Node{OpType: "Sigmoid", Inputs: []string{prev}, Outputs: []string{out}})
		prev = out
	}
	nodes := &onnx.Model{Opset: 13, Graph: onnx.Graph{Nodes: chain, Inputs: one,
		Outputs: []onnx.ValueInfo{{Name: prev, ElemType: onnx.Float}}}}
	const k, m = 256, 250 // 250 KiB of float weights, within the 256 KiB bound
	w := make([]float32, k*m)
	for i := range w {
		w[i] = float32(i%7) - 3
	}
	wide := &onnx.Model{Opset: 13, Graph: onnx.Graph{
		Nodes:        []onnx.Node{{Name: "mm", OpType: "MatMul", Inputs: []string{"x", "w"}, Outputs: []string{"y"}}},
		Initializers: []*onnx.Tensor{onnx.FloatTensor("w", []int64{k, m}, w)},
		Inputs:       []onnx.ValueInfo{{Name: "x", ElemType: onnx.Float, Shape: []int64{1, k}}},
		Outputs:      []onnx.ValueInfo{{Name: "y", ElemType: onnx.Float}}}}
	return []string{"inline-many-nodes", "inline-wide-float"},
		map[string][]byte{"inline-many-nodes": nodes.Encode(), "inline-wide-float": wide.Encode()}
}
