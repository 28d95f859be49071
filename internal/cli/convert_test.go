package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/urfave/cli/v2"

	"github.com/aievm/aievm/opml/examples"
	"github.com/aievm/aievm/opml/examples/classic"
	"github.com/aievm/aievm/opml/model"
	"github.com/aievm/aievm/opml/onnx"
)

// TestConvertReport: `model convert` reports every problem of a graph at
// once with exit code 2, --shape fixes symbolic dimensions, and a classic
// model exported by XGBoost's real exporter converts.
func TestConvertReport(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	w := onnx.FloatTensor("w", []int64{4, 3}, make([]float32, 12))
	bad := &onnx.Model{Opset: 13, Graph: onnx.Graph{
		Initializers: []*onnx.Tensor{w},
		Inputs:       []onnx.ValueInfo{{Name: "x", ElemType: onnx.Float, Shape: []int64{-1, -1, 4}}, {Name: "ids", ElemType: onnx.Int64, Shape: []int64{1}}},
		Outputs:      []onnx.ValueInfo{{Name: "y", ElemType: onnx.Float}},
		Nodes: []onnx.Node{
			{Name: "loop0", OpType: "Loop", Inputs: []string{"x"}, Outputs: []string{"h0"}},
			{Name: "loop1", OpType: "Loop", Inputs: []string{"h0"}, Outputs: []string{"h1"}},
			{Name: "scan", OpType: "Scan", Inputs: []string{"h1"}, Outputs: []string{"h2"}},
			{Name: "tile", OpType: "Tile", Inputs: []string{"h2", "ids"}, Outputs: []string{"h3"}},
			{Name: "mm", OpType: "MatMul", Inputs: []string{"h3", "w"}, Outputs: []string{"y"}},
		},
	}}
	badPath := filepath.Join(dir, "bad.onnx")
	if err := os.WriteFile(badPath, bad.Encode(), 0o644); err != nil {
		t.Fatal(err)
	}
	// A MatMul over a sequence of symbolic length, fixed by --shape.
	seq := &onnx.Model{Opset: 13, Graph: onnx.Graph{
		Initializers: []*onnx.Tensor{w},
		Inputs:       []onnx.ValueInfo{{Name: "x", ElemType: onnx.Float, Shape: []int64{-1, 4}}},
		Outputs:      []onnx.ValueInfo{{Name: "y", ElemType: onnx.Float}},
		Nodes:        []onnx.Node{{Name: "mm", OpType: "MatMul", Inputs: []string{"x", "w"}, Outputs: []string{"y"}}},
	}}
	seq.Graph.Inputs[0].Shape = []int64{2, -1}
	seq.Graph.Initializers[0] = onnx.FloatTensor("w", []int64{4, 3}, []float32{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
	seqPath := filepath.Join(dir, "seq.onnx")
	if err := os.WriteFile(seqPath, seq.Encode(), 0o644); err != nil {
		t.Fatal(err)
	}
	xgb, err := classic.ONNX("xgb_breast_cancer")
	if err != nil {
		t.Fatal(err)
	}
	xgbPath := filepath.Join(dir, "xgb.onnx")
	if err := os.WriteFile(xgbPath, xgb, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		code int // exit code: 0 ok, 1 error, 2 unsupported
		want []string
	}{
		{"every problem at once", []string{"model", "convert", badPath}, 2, []string{"5 problem(s)",
			"dtype: input ids has element type int64", "shape: input x dimension 1 is symbolic; fix it with --shape x=1,1,4",
			"op: unsupported op Loop: 2 node(s) (loop0, loop1)", "op: unsupported op Scan: 1 node(s) (scan)", "op: unsupported op Tile: 1 node(s) (tile)"}},
		{"symbolic dimension", []string{"model", "convert", seqPath}, 2, []string{"shape: input x dimension 1 is symbolic; fix it with --shape x=2,1"}},
		{"--shape of another rank", []string{"model", "convert", "--shape", "x=2", seqPath}, 1, []string{"1 dimensions given, the input has 2"}},
		{"--shape against a fixed dimension", []string{"model", "convert", "--shape", "x=3,4", seqPath}, 1, []string{"dimension 0 is fixed at 2 in the file, 3 given"}},
		{"--shape of no input", []string{"model", "convert", "--shape", "z=3,4", seqPath}, 1, []string{"the graph has no input z"}},
		{"--shape fixes it", []string{"model", "convert", "--shape", "x=2,4", "--out", filepath.Join(dir, "seq.opml"), seqPath}, 0, []string{"wrote", "address: 0x"}},
		{"XGBoost trees", []string{"model", "convert", xgbPath}, 0, []string{"wrote", "dispute: the L1 one-step verifiers agree with the engine on sample steps of every node"}},
	}
	for _, tt := range tests {
		out, err := runCLI(t, tt.args...)
		code := 0
		if err != nil {
			code = 1
			var ec cli.ExitCoder
			if errors.As(err, &ec) {
				code = ec.ExitCode()
			}
			out += err.Error()
		}
		if code != tt.code {
			t.Errorf("%s: exit code %d, want %d:\n%s", tt.name, code, tt.code, out)
			continue
		}
		for _, w := range tt.want {
			if !strings.Contains(out, w) {
				t.Errorf("%s: output lacks %q:\n%s", tt.name, w, out)
			}
		}
	}
}

// TestConvertChain: `model convert --kv-positions` writes a GGUF's KV-cache
// chain, a file a stage, the models the builder makes, and prints what
// KVCompletion's constructor takes; flags that do not go with it are
// refused before anything is written.
func TestConvertChain(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	g, err := examples.DecoderGGUF(examples.TinyGeneration)
	if err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(dir, "tiny.gguf")
	if err := os.WriteFile(src, g, 0o644); err != nil {
		t.Fatal(err)
	}
	want, err := examples.TinyGenerationChain()
	if err != nil {
		t.Fatal(err)
	}
	out, err := runCLI(t, "model", "convert", "--kv-positions", "8", "--kv-layers", "1", "--out", filepath.Join(dir, "t.opml"), src)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	for i, m := range want {
		b, err := os.ReadFile(filepath.Join(dir, fmt.Sprintf("t.stage%d.opml", i)))
		if err != nil {
			t.Fatal(err)
		}
		got, err := model.Decode(b)
		if err != nil || got.Address() != m.Address() {
			t.Fatalf("stage %d: %v; address differs from the builder's", i, err)
		}
	}
	if !strings.Contains(out, "chain:   2 stages; KVCompletion(models [0x") || !strings.Contains(out, "layers [1,1], positions 8, dim 64, kvWidth 32, vocab 96") {
		t.Fatalf("printed:\n%s", out)
	}
	onnxPath := filepath.Join(dir, "m.onnx")
	if err := os.WriteFile(onnxPath, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--kv-layers", "1"}, "--kv-layers goes with --kv-positions"},
		{[]string{"--kv-positions", "8", "--generate"}, "--generate and --seq do not apply"},
		{[]string{"--kv-positions", "8", "--seq", "8"}, "--generate and --seq do not apply"},
		{[]string{"--kv-positions", "0"}, "--kv-positions 0: want 1 to 4096"},
		{[]string{"--kv-positions", "8", "--kv-layers", "16"}, "--kv-layers 16: want 1 to 15"},
		{[]string{"--kv-positions", "8", "--kv-layers", "0"}, "--kv-layers 0"},
		{[]string{"--kv-positions", "600"}, "over the engine's input bound"},
	} {
		out := filepath.Join(t.TempDir(), "x.opml")
		if _, err := runCLI(t, append(append([]string{"model", "convert", "--out", out}, tc.args...), src)...); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: %v, want %q", tc.args, err, tc.want)
		}
		if files, _ := filepath.Glob(filepath.Join(filepath.Dir(out), "*")); len(files) != 0 {
			t.Errorf("%v: wrote %v", tc.args, files)
		}
	}
	if _, err := runCLI(t, "model", "convert", "--kv-positions", "8", onnxPath); err == nil || !strings.Contains(err.Error(), "for GGUF files") {
		t.Errorf("--kv-positions with ONNX: %v", err)
	}
}
