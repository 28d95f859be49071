// Package classic holds the classic machine learning examples: models
// trained here with scikit-learn, XGBoost and LightGBM on data sets that
// scikit-learn ships, exported by the libraries' own ONNX exporters
// (skl2onnx, onnxmltools) and checked in ONNX Runtime against the
// library's predictions (train.py, with pinned requirements.txt). Each
// NAME.onnx comes with NAME.json: the held-out rows and the library's and
// ONNX Runtime's labels and probabilities on them.
package classic

import (
	"embed"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"

	"github.com/aievm/aievm/opml/model"
	"github.com/aievm/aievm/opml/onnx"
)

//go:embed *.onnx *.json *.opml
var files embed.FS

// Names lists the examples: classifiers, then the regressor rf_diabetes,
// also as the opset-5 TreeEnsemble (which no exporter writes yet: train.py
// rewrites the exported ensemble).
var Names = []string{"xgb_breast_cancer", "lgbm_wine", "logreg_breast_cancer", "logreg_wine_l2", "logreg_wine_max", "rf_diabetes", "rf_diabetes_v5"}

// HeldOut is an example's held-out rows and the predictions on them.
type HeldOut struct {
	About         string      `json:"about"`
	Accuracy      float64     `json:"accuracy"`
	Inputs        [][]float32 `json:"inputs"`
	Truth         []float64   `json:"truth"`
	LibraryLabels []int       `json:"libraryLabels"`
	LibraryProbs  [][]float32 `json:"libraryProbs"`
	ORTLabels     []int       `json:"ortLabels"`
	ORTProbs      [][]float32 `json:"ortProbs"`
	// A regressor's predictions instead of labels and probabilities.
	LibraryValues []float32 `json:"libraryValues"`
	ORTValues     []float32 `json:"ortValues"`
}

// Model returns an example's committed engine model (NAME.opml, which
// Convert reproduces byte for byte: tested).
func Model(name string) (*model.Model, error) {
	b, err := files.ReadFile(name + ".opml")
	if err != nil {
		return nil, err
	}
	return model.Decode(b)
}

// Sample is an example's first held-out row as the model's input bytes
// (little-endian binary32).
func Sample(name string) ([]byte, error) {
	h, err := Rows(name)
	if err != nil {
		return nil, err
	}
	var b []byte
	for _, v := range h.Inputs[0] {
		b = binary.LittleEndian.AppendUint32(b, math.Float32bits(v))
	}
	return b, nil
}

// ONNX returns an example's ONNX file.
func ONNX(name string) ([]byte, error) { return files.ReadFile(name + ".onnx") }

// Rows returns an example's held-out rows and predictions.
func Rows(name string) (*HeldOut, error) {
	b, err := files.ReadFile(name + ".json")
	if err != nil {
		return nil, err
	}
	var h HeldOut
	if err := json.Unmarshal(b, &h); err != nil {
		return nil, fmt.Errorf("%s.json: %w", name, err)
	}
	return &h, nil
}

// Convert converts an example's ONNX file to the engine's format (one row
// per call), calibrating on its held-out rows (its ops are all binary32:
// nothing is quantized), and reports the error against float evaluation.
func Convert(name string) (*model.Model, *onnx.Report, error) {
	b, err := ONNX(name)
	if err != nil {
		return nil, nil, err
	}
	om, err := onnx.Decode(b)
	if err != nil {
		return nil, nil, err
	}
	h, err := Rows(name)
	if err != nil {
		return nil, nil, err
	}
	in := om.Graph.Inputs[0].Name
	var samples []onnx.Sample
	for _, row := range h.Inputs {
		samples = append(samples, onnx.Sample{in: &onnx.Value{Shape: []int{1, len(row)}, Data: row}})
	}
	return onnx.Import(om, name, samples)
}
