package precompile

import (
	"bytes"
	"errors"
	"math"
	"math/big"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/vm"

	"github.com/aievm/aievm/opml/examples/classic"
	"github.com/aievm/aievm/opml/examples/qdq"
	"github.com/aievm/aievm/opml/exec"
	"github.com/aievm/aievm/opml/onnx"
	"github.com/aievm/aievm/opml/tensor"
)

// inlineOnnx is a float graph with the given nodes and initializers over
// an input x [1, 4].
func inlineOnnx(nodes []onnx.Node, inits ...*onnx.Tensor) []byte {
	return (&onnx.Model{Opset: 13, Graph: onnx.Graph{Nodes: nodes, Initializers: inits,
		Inputs:  []onnx.ValueInfo{{Name: "x", ElemType: onnx.Float, Shape: []int64{1, 4}}},
		Outputs: []onnx.ValueInfo{{Name: "y", ElemType: onnx.Float}}}}).Encode()
}

// TestInlineRunsQDQ: the inline precompile converts a QDQ model by the
// fixed rule and gives what the engine gives for that conversion, priced
// above its floor; a classic XGBoost file runs inline too.
func TestInlineRunsQDQ(t *testing.T) {
	t.Parallel()
	p := NewInline(DefaultGas)
	x := tensor.FromF32(tensor.Shape{1, qdq.Inputs}, []float32{0.5, -1, 0.25, 2, -0.75, 1, 0, -0.1})
	xgb, err := classic.ONNX("xgb_breast_cancer")
	if err != nil {
		t.Fatal(err)
	}
	row, err := classic.Sample("xgb_breast_cancer")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name        string
		model, data []byte
	}{{"qdq", qdq.Model(), x.Data}, {"xgb", xgb, row}} {
		om, err := onnx.Decode(tc.model)
		if err != nil {
			t.Fatal(err)
		}
		m, err := onnx.ImportFixed(om, "inline")
		if err != nil {
			t.Fatal(err)
		}
		e, err := exec.New(m, exec.Options{Mode: exec.Reference})
		if err != nil {
			t.Fatal(err)
		}
		want, err := e.Run([]*tensor.Tensor{{DType: tensor.F32, Shape: m.Inputs[0].Shape, Data: tc.data}})
		if err != nil {
			t.Fatal(err)
		}
		in := PackInline(tc.model, tc.data)
		out, err := p.Run(in)
		if err != nil {
			t.Fatalf("%s: %v (%s)", tc.name, err, reason(out))
		}
		var wantOut []byte
		for _, o := range want {
			wantOut = append(wantOut, o.Data...)
		}
		if new(big.Int).SetBytes(out[:32]).Int64() != int64(len(wantOut)) || !bytes.Equal(out[32:], wantOut) {
			t.Fatalf("%s: output %x, engine %x", tc.name, out, wantOut)
		}
		c, _ := ParseInline(in)
		gas := p.RequiredGas(in)
		if gas != p.price(c, m) || gas <= p.floor(c) {
			t.Errorf("%s: %d gas, want the floor %d plus the run (%d)", tc.name, gas, p.floor(c), p.price(c, m))
		}
		t.Logf("%s: %d bytes of ONNX, %d gas (floor %d)", tc.name, len(tc.model), gas, p.floor(c))
	}
}

// TestInlineFailuresRevertWithReason: malformed calls and models that the
// fixed rule refuses revert with their reason; a call with less gas than
// its floor fails before any conversion.
func TestInlineFailuresRevertWithReason(t *testing.T) {
	t.Parallel()
	p := NewInline(DefaultGas)
	good := qdq.Model()
	x := make([]byte, 4*qdq.Inputs)
	lengths := func(ml, il uint64, rest []byte) []byte {
		b := make([]byte, 64)
		new(big.Int).SetUint64(ml).FillBytes(b[:32])
		new(big.Int).SetUint64(il).FillBytes(b[32:64])
		return append(b, rest...)
	}
	w := onnx.FloatTensor("w", []int64{4, 3}, make([]float32, 12))
	conv := onnx.FloatTensor("k", []int64{1, 1, 1, 1}, []float32{1})
	tests := []struct {
		name  string
		input []byte
		want  string
	}{
		{"empty", nil, "shorter than 64 bytes"},
		{"lengths past the data", lengths(10, 10, make([]byte, 5)), "lengths do not match"},
		{"lengths short of the data", lengths(1, 1, make([]byte, 5)), "lengths do not match"},
		{"a model past the bound", lengths(MaxInlineModelBytes+1, 0, nil), "model at most"},
		{"a length past 2^64", append(bytes.Repeat([]byte{0xff}, 32), make([]byte, 32)...), "lengths do not match"},
		{"not ONNX", PackInline([]byte("not a model"), x), "inline model cannot be converted"},
		{"wrong input size", PackInline(good, x[:7]), "input size does not match the model: 7 bytes given"},
		{"a float MatMul with Relu needs calibration", PackInline(inlineOnnx([]onnx.Node{
			{Name: "mm", OpType: "MatMul", Inputs: []string{"x", "w"}, Outputs: []string{"h"}},
			{Name: "relu", OpType: "Relu", Inputs: []string{"h"}, Outputs: []string{"y"}}}, w), make([]byte, 16)),
			"needs a calibrated int8 scale"},
		{"a float conv needs calibration", PackInline(inlineOnnx([]onnx.Node{
			{Name: "c", OpType: "Conv", Inputs: []string{"x", "k"}, Outputs: []string{"y"}}}, conv), make([]byte, 16)),
			"needs a calibrated int8 scale"},
		{"an unsupported op is reported", PackInline(inlineOnnx([]onnx.Node{
			{Name: "l", OpType: "Loop", Inputs: []string{"x"}, Outputs: []string{"y"}}}), make([]byte, 16)),
			"unsupported op Loop: 1 node(s) (l)"},
	}
	for _, tt := range tests {
		gas := p.RequiredGas(tt.input)
		out, err := p.Run(tt.input)
		if !errors.Is(err, vm.ErrExecutionReverted) || !strings.Contains(reason(out), tt.want) {
			t.Errorf("%s: err %v reason %q, want a revert mentioning %q", tt.name, err, reason(out), tt.want)
		}
		if gas < DefaultGas.Base {
			t.Errorf("%s: %d gas, less than the base", tt.name, gas)
		}
	}
	// Too little gas for the floor: answered without converting.
	fresh := NewInline(DefaultGas)
	in := PackInline(good, x)
	c, _ := ParseInline(in)
	if got, _ := fresh.RequiredGasWithState(0, 0, 100, nil, nil, in); got != fresh.floor(c) || fresh.lru.Len() != 0 {
		t.Errorf("with 100 gas: %d (floor %d), %d conversions made", got, fresh.floor(c), fresh.lru.Len())
	}
	if got, _ := fresh.RequiredGasWithState(0, 0, math.MaxUint64, nil, nil, in); got <= fresh.floor(c) || fresh.lru.Len() != 1 {
		t.Errorf("with all the gas: %d (floor %d), %d conversions made", got, fresh.floor(c), fresh.lru.Len())
	}
}

// TestInlineAddress: 0xa0, Axonum's address, beside 0xa1.
func TestInlineAddress(t *testing.T) {
	if InlineAddress == Address || InlineAddress != common.BytesToAddress([]byte{0xa0}) {
		t.Fatalf("inline address %s", InlineAddress)
	}
}
