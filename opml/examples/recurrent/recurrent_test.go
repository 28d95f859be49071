package recurrent

import (
	"math"
	"testing"

	"github.com/aievm/aievm/opml/exec"
	"github.com/aievm/aievm/opml/onnx"
	"github.com/aievm/aievm/opml/tensor"
)

// ortBound is the most an engine output may differ from ONNX Runtime's:
// the engine sums in binary32 in its own order and its exp differs from
// ORT's in the last bits, over 8 steps of recurrence.
const ortBound = 1e-6

// TestRecurrentAgreesWithORT: each LSTM and GRU converts (calibrated, and
// by the inline precompile's fixed rule, to the same model), runs the same
// on both paths, carries its state as inputs and outputs, and agrees with
// ONNX Runtime within ortBound on every output of every recorded run.
func TestRecurrentAgreesWithORT(t *testing.T) {
	t.Parallel()
	for _, name := range Names {
		t.Run(name, func(t *testing.T) {
			b, err := ONNX(name)
			if err != nil {
				t.Fatal(err)
			}
			om, err := onnx.Decode(b)
			if err != nil {
				t.Fatal(err)
			}
			runs, err := ORT(name)
			if err != nil {
				t.Fatal(err)
			}
			var samples []onnx.Sample
			for _, c := range runs.Cases {
				s := onnx.Sample{}
				for _, in := range om.Graph.Inputs {
					shape := make([]int, len(in.Shape))
					for i, d := range in.Shape {
						shape[i] = int(d)
					}
					s[in.Name] = &onnx.Value{Shape: shape, Data: c.Inputs[in.Name]}
				}
				samples = append(samples, s)
			}
			m, rep, err := onnx.Import(om, name, samples)
			if err != nil {
				t.Fatal(err)
			}
			fixed, err := onnx.ImportFixed(om, name)
			if err != nil {
				t.Fatal(err)
			}
			if fixed.Address() != m.Address() {
				t.Error("the fixed rule converts a float recurrent model to another model than calibration")
			}
			twins, err := exec.NewTwins(m)
			if err != nil {
				t.Fatal(err)
			}
			var worst float64
			for i, c := range runs.Cases {
				var in []*tensor.Tensor
				for _, s := range m.Inputs {
					in = append(in, tensor.FromF32(s.Shape, c.Inputs[s.Name]))
				}
				outs, err := twins.Run(in)
				if err != nil {
					t.Fatalf("run %d: %v", i, err)
				}
				for j, o := range outs {
					for k, v := range o.F32() {
						worst = math.Max(worst, math.Abs(float64(v)-float64(c.Outputs[j][k])))
					}
				}
			}
			if worst > ortBound {
				t.Errorf("outputs differ from ORT's by up to %.3g (bound %g)", worst, ortBound)
			}
			t.Logf("%s: %d nodes, %d runs: max |y - y_ort| = %.3g; against float evaluation: %s", name, len(m.Nodes), len(runs.Cases), worst, rep)
		})
	}
}

// TestConstantIfAgreesWithORT: an If on a constant condition lowers to the
// branch it takes (by the fixed rule: its float MatMul runs in binary32)
// and agrees with ONNX Runtime within ortBound.
func TestConstantIfAgreesWithORT(t *testing.T) {
	t.Parallel()
	b, err := ONNX(IfConst)
	if err != nil {
		t.Fatal(err)
	}
	om, err := onnx.Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	runs, err := ORT(IfConst)
	if err != nil {
		t.Fatal(err)
	}
	m, err := onnx.ImportFixed(om, IfConst)
	if err != nil {
		t.Fatal(err)
	}
	twins, err := exec.NewTwins(m)
	if err != nil {
		t.Fatal(err)
	}
	var worst float64
	for i, c := range runs.Cases {
		outs, err := twins.Run([]*tensor.Tensor{tensor.FromF32(m.Inputs[0].Shape, c.Inputs["x"])})
		if err != nil {
			t.Fatalf("run %d: %v", i, err)
		}
		for k, v := range outs[0].F32() {
			worst = math.Max(worst, math.Abs(float64(v)-float64(c.Outputs[0][k])))
		}
	}
	if worst > ortBound {
		t.Errorf("outputs differ from ORT's by up to %.3g (bound %g)", worst, ortBound)
	}
	t.Logf("%s: %d engine nodes; max |y - y_ort| = %.3g over %d runs", IfConst, len(m.Nodes), worst, len(runs.Cases))
}
