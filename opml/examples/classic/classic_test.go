package classic

import (
	"bytes"
	"math"
	"os"
	"testing"

	"github.com/aievm/aievm/opml/exec"
	"github.com/aievm/aievm/opml/tensor"
)

// probBound is the most an engine probability (or a regressor's
// prediction, relative to it) may differ from ONNX Runtime's: both sum the
// same binary32 terms, but ORT's linear models use fused multiply-adds in
// another order, its exp differs in the last bits, it may sum a large
// ensemble's trees in another order, and its L2 Normalizer takes
// sign(x)·sqrt(x²/Σx²) per element where the engine divides by sqrt(Σx²)
// (the scaler behind it then magnifies the last bits).
const probBound = 1e-6

// TestClassicModelsAgreeWithORT: every example converts (to the committed
// file), and on every held-out row the engine (fast and reference paths)
// gives ONNX Runtime's label and the library's, and probabilities (a
// regressor's predictions) within probBound of ORT's.
func TestClassicModelsAgreeWithORT(t *testing.T) {
	t.Parallel()
	for _, name := range Names {
		t.Run(name, func(t *testing.T) {
			m, rep, err := Convert(name)
			if err != nil {
				t.Fatal(err)
			}
			committed, _ := files.ReadFile(name + ".opml") // none yet: written with AIEVM_UPDATE_CLASSIC=1
			if !bytes.Equal(m.Encode(), committed) {
				if os.Getenv("AIEVM_UPDATE_CLASSIC") == "1" {
					if err := os.WriteFile(name+".opml", m.Encode(), 0o644); err != nil {
						t.Fatal(err)
					}
				} else {
					t.Fatalf("converting %s.onnx no longer gives the committed %s.opml (AIEVM_UPDATE_CLASSIC=1 rewrites it)", name, name)
				}
			}
			h, err := Rows(name)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%s: %s; %d nodes; against float evaluation: %s", name, h.About, len(m.Nodes), rep)
			twins, err := exec.NewTwins(m)
			if err != nil {
				t.Fatal(err)
			}
			var worst float64
			for i, row := range h.Inputs {
				in := []*tensor.Tensor{tensor.FromF32(m.Inputs[0].Shape, row)}
				outs, err := twins.Run(in)
				if err != nil {
					t.Fatalf("row %d: %v", i, err)
				}
				if h.ORTValues != nil { // a regressor: relative to the prediction
					y := float64(outs[0].F32()[0])
					worst = math.Max(worst, math.Abs(y-float64(h.ORTValues[i]))/math.Max(1, math.Abs(float64(h.ORTValues[i]))))
					continue
				}
				label := int(outs[0].I32()[0])
				if label != h.ORTLabels[i] || label != h.LibraryLabels[i] {
					t.Errorf("row %d: label %d, ORT %d, library %d", i, label, h.ORTLabels[i], h.LibraryLabels[i])
				}
				for k, p := range outs[1].F32() {
					worst = math.Max(worst, math.Abs(float64(p)-float64(h.ORTProbs[i][k])))
				}
			}
			if worst > probBound {
				t.Errorf("outputs differ from ORT's by up to %.3g (bound %g)", worst, probBound)
			}
			if h.ORTValues != nil {
				t.Logf("%d held-out rows: max |y - y_ort| / max(1, |y_ort|) = %.3g", len(h.Inputs), worst)
			} else {
				t.Logf("%d held-out rows: every label = ORT's = the library's; max |p - p_ort| = %.3g", len(h.Inputs), worst)
			}
		})
	}
}
