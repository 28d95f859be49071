package onnx

import (
	"math"
	"strconv"
	"strings"
	"testing"
	"time"
)

// graph is a model of the given nodes and initializers over a float input
// x of shape.
func graph(shape []int64, nodes []Node, inits ...*Tensor) *Model {
	return &Model{Opset: 14, Graph: Graph{Nodes: nodes, Initializers: inits,
		Inputs:  []ValueInfo{{Name: "x", ElemType: Float, Shape: shape}},
		Outputs: []ValueInfo{{Name: "y", ElemType: Float}}}}
}

// TestFixedRuleRefusesHostileFiles: what the inline precompile converts in
// a call comes from calldata. Each of these files is refused with a clear
// error, quickly, the same on every CPU (a float read as an integer is
// checked first: Go converts a NaN or an out-of-range float differently on
// amd64, arm64 and mips64).
func TestFixedRuleRefusesHostileFiles(t *testing.T) {
	t.Parallel()
	nan := float32(math.NaN())
	q := func(name string, v float32) *Tensor { return FloatTensor(name, nil, []float32{v}) }
	z := IntTensor("z", Int8, nil, []int64{0})
	qlinear := func(w *Tensor) *Model {
		return graph([]int64{1, 2}, []Node{
			{Name: "q", OpType: "QuantizeLinear", Inputs: []string{"x", "s", "z"}, Outputs: []string{"xq"}},
			{Name: "mm", OpType: "QLinearMatMul", Inputs: []string{"xq", "s", "z", "w", "s", "z", "s", "z"}, Outputs: []string{"yq"}},
			{Name: "dq", OpType: "DequantizeLinear", Inputs: []string{"yq", "s", "z"}, Outputs: []string{"y"}},
		}, q("s", 0.1), z, w)
	}
	deep := make([]int64, 8000)
	for i := range deep {
		deep[i] = -1
	}
	var concatIn []string
	for i := 0; i < 64; i++ {
		concatIn = append(concatIn, "e")
	}
	manyAxes := make([]int64, 85000)
	for i := range manyAxes {
		manyAxes[i] = int64(i)
	}
	var growing []Node
	prev := "c"
	for i := 0; i < 100; i++ {
		out := "u" + strconv.Itoa(i)
		growing = append(growing, Node{Name: out, OpType: "Unsqueeze", Inputs: []string{prev, "a"}, Outputs: []string{out}})
		prev = out
	}
	growing = append(growing, Node{Name: "y", OpType: "Identity", Inputs: []string{"x"}, Outputs: []string{"y"}})
	var reuse []Node
	for i := 0; i < 5000; i++ {
		reuse = append(reuse, Node{Name: "m" + strconv.Itoa(i), OpType: "MatMul", Inputs: []string{"x", "w"}, Outputs: []string{"i" + strconv.Itoa(i)}})
	}
	reuse = append(reuse, Node{Name: "y", OpType: "Identity", Inputs: []string{"x"}, Outputs: []string{"y"}})
	lstm := graph([]int64{1, 1, 4}, []Node{{Name: "l", OpType: "LSTM", Inputs: []string{"x", "", ""}, Outputs: []string{"y"},
		Attrs: map[string]Attr{"hidden_size": Int(4096)}}})
	cases := []struct {
		name string
		m    *Model
		made int
		want string
	}{
		{"a NaN reshape target", graph([]int64{1, 4}, []Node{{Name: "r", OpType: "Reshape", Inputs: []string{"x", "t"}, Outputs: []string{"y"}}},
			FloatTensor("t", []int64{3}, []float32{nan, 2, 2})), 0, "reshape target"},
		{"a NaN int8 weight", qlinear(FloatTensor("w", []int64{2, 2}, []float32{1, nan, 2, 3})), 0, "weight NaN is not int8"},
		{"a 300 int8 weight", qlinear(FloatTensor("w", []int64{2, 2}, []float32{1, 300, 2, 3})), 0, "weight 300 is not int8"},
		{"a NaN gather index", graph([]int64{3, 2}, []Node{{Name: "g", OpType: "Gather", Inputs: []string{"x", "i"}, Outputs: []string{"y"}}},
			FloatTensor("i", nil, []float32{nan})), 0, "gather index NaN"},
		{"a gather of no index", graph([]int64{3, 2}, []Node{{Name: "g", OpType: "Gather", Inputs: []string{"x", ""}, Outputs: []string{"y"}}}), 0, "Gather of an activation"},
		{"a rank-8000 input", graph(deep, nil), 0, "has rank 8000"},
		{"a concat of empty constants repeated a million times", graph([]int64{1, 2}, []Node{
			{Name: "e", OpType: "ConstantOfShape", Inputs: []string{"s"}, Outputs: []string{"e"}},
			{Name: "c", OpType: "Concat", Inputs: concatIn, Outputs: []string{"c"}, Attrs: map[string]Attr{"axis": Int(1)}},
			{Name: "y", OpType: "Identity", Inputs: []string{"x"}, Outputs: []string{"y"}},
		}, IntTensor("s", Int64, []int64{2}, []int64{1 << 20, 0})), 0, "concat of 64 values"},
		{"an LSTM of missing weights, hidden size 4096, in a small file", lstm, 16 * 100, "would make more than"},
		{"an Unsqueeze of 85000 axes", graph([]int64{1, 2}, []Node{
			{Name: "u", OpType: "Unsqueeze", Inputs: []string{"c"}, Outputs: []string{"u"}, Attrs: map[string]Attr{"axes": Ints(manyAxes...)}},
			{Name: "y", OpType: "Identity", Inputs: []string{"x"}, Outputs: []string{"y"}}}, FloatTensor("c", nil, []float32{1})), 0, "85000 axes"},
		{"Unsqueezes growing a constant's rank", graph([]int64{1, 2}, growing, FloatTensor("c", nil, []float32{1}),
			IntTensor("a", Int64, []int64{1}, []int64{0})), 0, "rank 9"},
		{"an If on a computed condition", graph([]int64{1, 2}, []Node{{Name: "b", OpType: "If", Inputs: []string{"x"}, Outputs: []string{"y"},
			Attrs: map[string]Attr{"then_branch": {Type: AttrGraph, G: &Graph{}}, "else_branch": {Type: AttrGraph, G: &Graph{}}}}}), 0,
			"an If whose condition is not a constant"},
		{"one initializer copied by 5000 MatMuls", graph([]int64{1, 4}, reuse, FloatTensor("w", []int64{4, 8192}, make([]float32, 4*8192))),
			16 * 250000, "would make more than"},
	}
	for _, tc := range cases {
		start := time.Now()
		_, err := ImportFixedBounded(tc.m, "hostile", tc.made)
		if tc.made == 0 {
			_, err = ImportFixed(tc.m, "hostile")
		}
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want an error containing %q", tc.name, err, tc.want)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("%s: refused after %v", tc.name, d) // a loose bound: the work must not depend on the declared sizes
		}
	}
}

// TestTreeErrorsDeterministic: the same bad file gives the same error every
// time (a revert reason is consensus output).
func TestTreeErrorsDeterministic(t *testing.T) {
	t.Parallel()
	m := stump(func(a map[string]Attr) {
		a["nodes_values"] = Attr{Type: AttrFloats, Floats: []float32{1}}
		a["nodes_modes"] = strs("LEAF")
		a["nodes_featureids"] = Ints(0)
	})
	_, first := ImportFixed(m, "stump")
	for i := 0; i < 50; i++ {
		if _, err := ImportFixed(m, "stump"); err == nil || err.Error() != first.Error() {
			t.Fatalf("run %d: %v, first run: %v", i, err, first)
		}
	}
}
