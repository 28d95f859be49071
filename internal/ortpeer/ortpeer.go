// Package ortpeer runs a model in ONNX Runtime (npm onnxruntime-node, one
// CPU thread) through tools/ort.js, the peer the engine is measured against.
package ortpeer

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// Request is one ORT run: every sample is evaluated; sample 0 is timed
// Iterations times after a warm-up.
type Request struct {
	Input      string      `json:"input"`
	DType      string      `json:"dtype,omitempty"` // "float32" (default) or "int32"
	Shape      []int       `json:"shape"`
	Samples    [][]float32 `json:"samples"`
	Iterations int         `json:"iterations"`
}

// Result carries the first output per sample and the latencies.
type Result struct {
	Outputs  [][]float32 `json:"outputs"`
	MinMS    float64     `json:"min_ms"`
	MedianMS float64     `json:"median_ms"`
}

// ErrUnavailable means node or the npm packages are not installed.
var ErrUnavailable = errors.New("ONNX Runtime peer unavailable (needs node and `make tools`)")

// Run executes model (ONNX bytes) in ONNX Runtime. toolsDir holds ort.js and
// node_modules.
func Run(toolsDir string, onnxModel []byte, req Request) (*Result, error) {
	node, err := exec.LookPath("node")
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrUnavailable, err)
	}
	if _, err := os.Stat(filepath.Join(toolsDir, "node_modules", "onnxruntime-node")); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrUnavailable, err)
	}
	dir, err := os.MkdirTemp("", "ortpeer")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	mp, rp := filepath.Join(dir, "model.onnx"), filepath.Join(dir, "request.json")
	rb, err := json.Marshal(req)
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(mp, onnxModel, 0o644); err != nil {
		return nil, err
	}
	if err := os.WriteFile(rp, rb, 0o644); err != nil {
		return nil, err
	}
	var out, stderr bytes.Buffer
	cmd := exec.Command(node, filepath.Join(toolsDir, "ort.js"), mp, rp)
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("onnxruntime: %v: %s", err, stderr.String())
	}
	var res Result
	if err := json.Unmarshal(out.Bytes(), &res); err != nil {
		return nil, fmt.Errorf("onnxruntime output: %w", err)
	}
	if len(res.Outputs) != len(req.Samples) {
		return nil, fmt.Errorf("onnxruntime returned %d outputs for %d samples", len(res.Outputs), len(req.Samples))
	}
	return &res, nil
}
