package onnx

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/aievm/aievm/opml/examples/recurrent"
	"github.com/aievm/aievm/opml/exec"
	"github.com/aievm/aievm/opml/tensor"
)

// stump is a regressor of one tree over two features: x0 <= 0.5 ? 1 : 2,
// with the attributes a test may replace.
func stump(edit func(a map[string]Attr)) *Model {
	a := map[string]Attr{
		"nodes_treeids":      Ints(0, 0, 0),
		"nodes_nodeids":      Ints(0, 1, 2),
		"nodes_featureids":   Ints(0, 0, 0),
		"nodes_modes":        {Type: AttrStrings, Strings: []string{"BRANCH_LEQ", "LEAF", "LEAF"}},
		"nodes_values":       {Type: AttrFloats, Floats: []float32{0.5, 0, 0}},
		"nodes_truenodeids":  Ints(1, 0, 0),
		"nodes_falsenodeids": Ints(2, 0, 0),
		"target_treeids":     Ints(0, 0),
		"target_nodeids":     Ints(1, 2),
		"target_ids":         Ints(0, 0),
		"target_weights":     {Type: AttrFloats, Floats: []float32{1, 2}},
		"n_targets":          Int(1),
	}
	if edit != nil {
		edit(a)
	}
	return &Model{Graph: Graph{
		Inputs:  []ValueInfo{{Name: "x", ElemType: Float, Shape: []int64{1, 2}}},
		Outputs: []ValueInfo{{Name: "y", ElemType: Float}},
		Nodes:   []Node{{Name: "trees", OpType: "TreeEnsembleRegressor", Domain: MLDomain, Inputs: []string{"x"}, Outputs: []string{"y"}, Attrs: a}},
	}}
}

func strs(s ...string) Attr { return Attr{Type: AttrStrings, Strings: s} }

// TestTreeEnsembleHostileAttributes: a tree ensemble's attributes come
// from the file; each malformed one is refused with a clear error, never a
// panic or an engine model that loops.
func TestTreeEnsembleHostileAttributes(t *testing.T) {
	t.Parallel()
	sample := []Sample{{"x": {Shape: []int{1, 2}, Data: []float32{0.25, 3}}}}
	cases := []struct {
		name string
		edit func(a map[string]Attr)
		want string // "" = converts
	}{
		{"valid", nil, ""},
		{"a cycle", func(a map[string]Attr) {
			a["nodes_modes"] = strs("BRANCH_LEQ", "BRANCH_LEQ", "LEAF")
			a["nodes_truenodeids"] = Ints(1, 0, 0)
		}, "a branch with leaf weights"},
		{"a cycle without weights", func(a map[string]Attr) {
			a["nodes_modes"] = strs("BRANCH_LEQ", "BRANCH_LEQ", "LEAF")
			a["target_nodeids"] = Ints(2, 2)
		}, "tree 0 has no root"},
		{"feature out of range", func(a map[string]Attr) { a["nodes_featureids"] = Ints(7, 0, 0) }, "reads feature 7 of 2"},
		{"negative feature", func(a map[string]Attr) { a["nodes_featureids"] = Ints(-1, 0, 0) }, "reads feature -1"},
		{"a missing child", func(a map[string]Attr) { a["nodes_falsenodeids"] = Ints(9, 0, 0) }, "a child that does not exist"},
		{"a node twice", func(a map[string]Attr) { a["nodes_nodeids"] = Ints(0, 1, 1) }, "has node 1 twice"},
		{"an unknown mode", func(a map[string]Attr) { a["nodes_modes"] = strs("BRANCH_MEMBER", "LEAF", "LEAF") }, `node mode "BRANCH_MEMBER"`},
		{"lists of different lengths", func(a map[string]Attr) { a["nodes_values"] = Attr{Type: AttrFloats, Floats: []float32{1}} }, "nodes_values has 1 entries"},
		{"a target out of range", func(a map[string]Attr) { a["target_ids"] = Ints(0, 3) }, "target 3 of 1"},
		{"a weight on no node", func(a map[string]Attr) { a["target_nodeids"] = Ints(1, 5) }, "node 5, which does not exist"},
		{"a PROBIT post transform", func(a map[string]Attr) { a["post_transform"] = Attr{Type: AttrString, S: []byte("PROBIT")} }, "post_transform PROBIT"},
		{"a MAX aggregate", func(a map[string]Attr) { a["aggregate_function"] = Attr{Type: AttrString, S: []byte("MAX")} }, "aggregate_function MAX"},
		{"no nodes", func(a map[string]Attr) {
			for _, k := range []string{"nodes_treeids", "nodes_nodeids", "nodes_featureids", "nodes_truenodeids", "nodes_falsenodeids"} {
				a[k] = Ints()
			}
		}, "0 tree nodes"},
		{"a leaf of 17 weights", func(a map[string]Attr) {
			var tr, nd, id []int64
			var w []float32
			for i := 0; i < 17; i++ {
				tr, nd, id, w = append(tr, 0), append(nd, 1), append(id, 0), append(w, 1)
			}
			a["target_treeids"], a["target_nodeids"], a["target_ids"] = Ints(tr...), Ints(nd...), Ints(id...)
			a["target_weights"] = Attr{Type: AttrFloats, Floats: w}
		}, "a leaf of 17 weights"},
		{"deeper than the engine's bound", func(a map[string]Attr) {
			// a chain of 70 branches, each false child the next
			var tr, nd, f, tt, ff []int64
			var modes []string
			var v []float32
			for i := 0; i < 70; i++ {
				next := int64(i + 1)
				if i == 69 {
					next = 71
				}
				tr, nd, f, tt, ff = append(tr, 0), append(nd, int64(i)), append(f, 0), append(tt, 70), append(ff, next)
				modes, v = append(modes, "BRANCH_LEQ"), append(v, 0)
			}
			tr, nd, f, tt, ff = append(tr, 0, 0), append(nd, 70, 71), append(f, 0, 0), append(tt, 0, 0), append(ff, 0, 0)
			modes, v = append(modes, "LEAF", "LEAF"), append(v, 0, 0)
			a["nodes_treeids"], a["nodes_nodeids"], a["nodes_featureids"] = Ints(tr...), Ints(nd...), Ints(f...)
			a["nodes_truenodeids"], a["nodes_falsenodeids"] = Ints(tt...), Ints(ff...)
			a["nodes_modes"], a["nodes_values"] = strs(modes...), Attr{Type: AttrFloats, Floats: v}
			a["target_nodeids"] = Ints(70, 71)
		}, "depth 65"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m, _, err := Import(stump(tc.edit), "stump", sample)
			if tc.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				e, err := exec.New(m, exec.Options{})
				if err != nil {
					t.Fatal(err)
				}
				for _, c := range []struct{ x, y float32 }{{0.25, 1}, {0.5, 1}, {0.75, 2}} {
					out, err := e.Run([]*tensor.Tensor{tensor.FromF32(tensor.Shape{1, 2}, []float32{c.x, 0})})
					if err != nil {
						t.Fatal(err)
					}
					if got := out[0].F32()[0]; got != c.y {
						t.Errorf("x0 = %g: %g, want %g", c.x, got, c.y)
					}
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one containing %q", err, tc.want)
			}
			if strings.Contains(tc.want, "mode") || strings.Contains(tc.want, "post_transform") || strings.Contains(tc.want, "aggregate") ||
				strings.Contains(tc.want, "17 weights") || strings.Contains(tc.want, "depth") {
				if !errors.Is(err, ErrUnsupported) {
					t.Errorf("%v is not ErrUnsupported", err)
				}
			}
		})
	}
}

// normalizer is a Normalizer of the given norm over [2, 3] (or shape).
func normalizer(norm string, shape ...int64) *Model {
	if shape == nil {
		shape = []int64{2, 3}
	}
	return &Model{Graph: Graph{
		Inputs:  []ValueInfo{{Name: "x", ElemType: Float, Shape: shape}},
		Outputs: []ValueInfo{{Name: "y", ElemType: Float}},
		Nodes: []Node{{Name: "norm", OpType: "Normalizer", Domain: MLDomain, Inputs: []string{"x"}, Outputs: []string{"y"},
			Attrs: map[string]Attr{"norm": {Type: AttrString, S: []byte(norm)}}}},
	}}
}

// TestNormalizer: each of ONNX's norms converts (calibrated and by the
// fixed rule) to op normalize and agrees with ONNX Runtime's formulas
// (evalNormalizer), a zero row copied; an unknown norm or a shape other
// than [N, features] is refused with a clear error.
func TestNormalizer(t *testing.T) {
	t.Parallel()
	x := []float32{3, -4, 1.5, 0, 0, 0}
	sample := []Sample{{"x": {Shape: []int{2, 3}, Data: x}}}
	for _, norm := range []string{"MAX", "L1", "L2"} {
		t.Run(norm, func(t *testing.T) {
			want := evalNormalizer(norm, &Value{Shape: []int{2, 3}, Data: x}).Data
			calibrated, _, err := Import(normalizer(norm), "n", sample)
			if err != nil {
				t.Fatal(err)
			}
			fixed, err := ImportFixed(normalizer(norm), "n")
			if err != nil {
				t.Fatal(err)
			}
			if string(fixed.Encode()) != string(calibrated.Encode()) {
				t.Error("the fixed rule and calibration give different models")
			}
			twins, err := exec.NewTwins(fixed)
			if err != nil {
				t.Fatal(err)
			}
			out, err := twins.Run([]*tensor.Tensor{tensor.FromF32(tensor.Shape{2, 3}, x)})
			if err != nil {
				t.Fatal(err)
			}
			for i, got := range out[0].F32() {
				if d := got - want[i]; d > 1e-6 || d < -1e-6 {
					t.Errorf("y[%d] = %g, ONNX Runtime's formula %g", i, got, want[i])
				}
			}
		})
	}
	for _, c := range []struct {
		m    *Model
		want string
	}{
		{normalizer("SUM"), `Normalizer norm "SUM"`},
		{normalizer(""), `Normalizer norm ""`},
		{normalizer("L2", 2, 3, 4), "input of shape [2 3 4]"},
	} {
		if len(c.m.Graph.Inputs[0].Shape) == 2 { // calibrated: the evaluation refuses it first
			if _, _, err := Import(c.m, "n", sample); err == nil || !strings.Contains(err.Error(), c.want) || !errors.Is(err, ErrUnsupported) {
				t.Errorf("calibrated: error %v, want ErrUnsupported containing %q", err, c.want)
			}
		}
		if _, err := ImportFixed(c.m, "n"); err == nil || !strings.Contains(err.Error(), c.want) || !errors.Is(err, ErrUnsupported) {
			t.Errorf("error %v, want ErrUnsupported containing %q", err, c.want)
		}
	}
}

// TestMLEvalChecksValues: a classic op over a constant whose values do not
// fill its shape (a Model built in memory; Decode refuses such bytes) is an
// error from the calibrated import, not a panic.
func TestMLEvalChecksValues(t *testing.T) {
	t.Parallel()
	for _, op := range []string{"Normalizer", "Scaler", "LinearRegressor"} {
		for _, k := range []int{0, 2, 7} {
			m := &Model{Graph: Graph{
				Inputs:       []ValueInfo{{Name: "x", ElemType: Float, Shape: []int64{2, 3}}},
				Outputs:      []ValueInfo{{Name: "y", ElemType: Float}},
				Initializers: []*Tensor{{Name: "c", DataType: Float, Dims: []int64{2, 3}, Floats: make([]float32, k)}},
				Nodes: []Node{{Name: "n", OpType: op, Domain: MLDomain, Inputs: []string{"c"}, Outputs: []string{"y"},
					Attrs: map[string]Attr{"norm": {Type: AttrString, S: []byte("L2")}, "coefficients": {Type: AttrFloats, Floats: []float32{1, 1, 1}}}}},
			}}
			if _, _, err := Import(m, "n", []Sample{{"x": {Shape: []int{2, 3}, Data: make([]float32, 6)}}}); err == nil {
				t.Errorf("%s over a constant of %d values for [2 3]: imported", op, k)
			}
		}
	}
}

// FuzzImportML: any bytes that decode import to a model or an error, never
// a panic or a hang (tree tables, lists and shapes come from the file),
// calibrated and by the fixed rule (which the inline precompile runs).
func FuzzImportML(f *testing.F) {
	f.Add(stump(nil).Encode())
	for _, name := range []string{"lstm_exported", "gru", recurrent.IfConst} {
		b, err := recurrent.ONNX(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add(stump(func(a map[string]Attr) { a["nodes_falsenodeids"] = Ints(0, 0, 0) }).Encode())
	f.Add(normalizer("L2").Encode())
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := Decode(b)
		if err != nil || len(m.Graph.Inputs) == 0 {
			return
		}
		s := Sample{}
		for _, in := range m.Graph.Inputs {
			v := &Value{}
			n := 1
			for _, d := range in.Shape {
				d = max(1, min(d, 64))
				v.Shape, n = append(v.Shape, int(d)), n*int(d)
			}
			if n > 1<<12 {
				return
			}
			v.Data = make([]float32, n)
			s[in.Name] = v
		}
		Import(m, "fuzz", []Sample{s}) //nolint:errcheck // only panics matter
		ImportFixed(m, "fuzz")         //nolint:errcheck
	})
}

// TestFoldingBounded: shape plumbing a file folds cannot make more than a
// bounded number of elements, one constant or many.
func TestFoldingBounded(t *testing.T) {
	t.Parallel()
	shape := IntTensor("s", Int64, []int64{2}, []int64{1 << 20, 1 << 20})
	small := IntTensor("t", Int64, []int64{1}, []int64{1 << 19})
	var many []Node
	for i := 0; i < 16; i++ {
		many = append(many, Node{Name: "c" + strconv.Itoa(i), OpType: "ConstantOfShape", Inputs: []string{"t"}, Outputs: []string{"z" + strconv.Itoa(i)}})
	}
	for _, tc := range []struct {
		name  string
		nodes []Node
		init  *Tensor
	}{
		{"one huge constant", []Node{{Name: "c", OpType: "ConstantOfShape", Inputs: []string{"s"}, Outputs: []string{"z"}}}, shape},
		{"many large constants", many, small},
	} {
		nodes := append(tc.nodes, Node{Name: "id", OpType: "Identity", Inputs: []string{"x"}, Outputs: []string{"y"}})
		m := &Model{Opset: 14, Graph: Graph{Nodes: nodes, Initializers: []*Tensor{tc.init},
			Inputs:  []ValueInfo{{Name: "x", ElemType: Float, Shape: []int64{1, 2}}},
			Outputs: []ValueInfo{{Name: "y", ElemType: Float}}}}
		if _, err := ImportFixed(m, "bomb"); err == nil || !strings.Contains(err.Error(), "more than") {
			t.Errorf("%s: %v, want a refusal past the bound", tc.name, err)
		}
	}
}
