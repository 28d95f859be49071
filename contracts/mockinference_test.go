package contracts_test

import (
	"bytes"
	"encoding/json"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/tracing"

	"github.com/aievm/aievm/contracts/bindings"
	"github.com/aievm/aievm/geth-fork/precompile"
	"github.com/aievm/aievm/opml/model"
)

// TestMockInferenceArtifacts: the committed ABI and runtime code of
// MockInference (what Hardhat users place with hardhat_setCode) are the
// binding's.
func TestMockInferenceArtifacts(t *testing.T) {
	t.Parallel()
	var bound []abiEntry
	if err := json.Unmarshal([]byte(bindings.MockInferenceMetaData.ABI), &bound); err != nil {
		t.Fatal(err)
	}
	if mustJSON(bound) != mustJSON(readABI(t, "MockInference")) {
		t.Error("abi/MockInference.json differs from the binding's ABI: run make contracts")
	}
	code, err := os.ReadFile(filepath.Join("abi", "MockInference.runtime.hex"))
	if err != nil || strings.TrimSpace(string(code)) != bindings.MockInferenceRuntime {
		t.Errorf("abi/MockInference.runtime.hex is not MockInference's runtime code (%v): run make contracts", err)
	}
}

// TestMockInference places MockInference's runtime code at 0xa1 of a chain
// without the precompile (as vm.etch or hardhat_setCode do: empty storage),
// sets outputs, and calls it through AILib (the demo Classifier and
// FailureModes, compiled unchanged): exact outputs beat a model's default,
// and each failure reverts with the reason AILib bubbles.
func TestMockInference(t *testing.T) {
	t.Parallel()
	e := newEVM(t)
	e.cfg.State.SetCode(precompile.Address, common.FromHex(bindings.MockInferenceRuntime), tracing.CodeChangeUnspecified)
	mock := bindings.NewMockInference()
	cl, fm := bindings.NewClassifier(), bindings.NewFailureModes()
	clAddr, fmAddr := e.deploy(bindings.ClassifierMetaData.Bin), e.deploy(bindings.FailureModesMetaData.Bin)
	modelA, modelB, modelC := common.HexToHash("0xaa01"), common.HexToHash("0xbb02"), common.HexToHash("0xcc03")
	setosa, other := f32Bytes(5.1, 3.5, 1.4, 0.2), f32Bytes(6.7, 3.0, 5.2, 2.3)
	outSetosa, outDefault := f32Bytes(0.98, 0.015, 0.005), f32Bytes(0.01, 0.09, 0.9)
	for _, set := range [][]byte{
		mock.PackSetOutput(modelA, setosa, outSetosa),
		mock.PackSetDefault(modelA, outDefault),
		mock.PackSetDefault(modelB, []byte{0x80, 0x7f}),
		mock.PackSetRevert(modelC, "inference: model not registered in ModelRegistry"),
		mock.PackSetDefault(modelC, []byte{1}), // the revert wins
	} {
		if _, reason, err := e.call(precompile.Address, set); err != nil {
			t.Fatalf("setter: %v %q", err, reason)
		}
	}
	cases := []struct {
		name   string
		model  common.Hash
		input  []byte
		size   int64
		want   []byte
		reason string
	}{
		{"exact input", modelA, setosa, 12, outSetosa, ""},
		{"default for other input", modelA, other, 12, outDefault, ""},
		{"default for empty input", modelA, nil, 12, outDefault, ""},
		{"int8 model", modelB, []byte{1, 2, 3}, 2, []byte{0x80, 0x7f}, ""},
		{"size mismatch", modelA, setosa, 11, nil, "inference: output size does not match the model: 11 bytes asked, MockInference gives 12"},
		{"nothing set", common.HexToHash("0xdd04"), setosa, 12, nil,
			"MockInference: no output set for model 0x000000000000000000000000000000000000000000000000000000000000dd04 (input of 16 bytes)"},
		{"set revert", modelC, setosa, 1, nil, "inference: model not registered in ModelRegistry"},
	}
	for _, c := range cases {
		res, reason, err := e.call(fmAddr, fm.PackAttempt(c.model, c.input, big.NewInt(c.size)))
		if err != nil {
			t.Fatalf("%s: attempt: %v %q", c.name, err, reason)
		}
		at, err := fm.UnpackAttempt(res)
		if err != nil || at.Ok != (c.reason == "") || at.Reason != c.reason {
			t.Errorf("%s: ok=%v reason %q (%v), want %q", c.name, at.Ok, at.Reason, err, c.reason)
		}
		if c.reason != "" {
			continue
		}
		// predict is a view: AILib's STATICCALL reaches the mock, which must not write.
		ret, reason, err := e.call(clAddr, cl.PackPredict(c.model, c.input, big.NewInt(c.size)))
		if err != nil {
			t.Fatalf("%s: predict: %v %q", c.name, err, reason)
		}
		if got, err := cl.UnpackPredict(ret); err != nil || !bytes.Equal(got, c.want) {
			t.Errorf("%s: predict = %x (%v), want %x", c.name, got, err, c.want)
		}
	}
	// A transaction through the Classifier stores the mock's output.
	if _, reason, err := e.call(clAddr, cl.PackInference(modelA, setosa, big.NewInt(12))); err != nil {
		t.Fatalf("inference: %v %q", err, reason)
	}
	if ret, _, err := e.call(clAddr, cl.PackLastOutput()); err != nil {
		t.Fatal(err)
	} else if got, _ := cl.UnpackLastOutput(ret); !bytes.Equal(got, outSetosa) {
		t.Errorf("lastOutput %x, want %x", got, outSetosa)
	}
	// The wire format directly: length word then output; short input reverts.
	if ret, _, err := e.call(precompile.Address, precompile.Pack(model.Address(modelA), 12, setosa)); err != nil || !bytes.Equal(ret, append(common.LeftPadBytes([]byte{12}, 32), outSetosa...)) {
		t.Errorf("raw call: %x %v", ret, err)
	}
	if _, reason, _ := e.call(precompile.Address, make([]byte, 63)); reason != "inference: input shorter than 64 bytes (model address, output size)" {
		t.Errorf("short call: reason %q", reason)
	}
	if ret, _, err := e.call(precompile.Address, mock.PackOutputOf(modelA, other)); err != nil {
		t.Fatal(err)
	} else if o, err := mock.UnpackOutputOf(ret); err != nil || !o.Set || !bytes.Equal(o.Output, outDefault) {
		t.Errorf("outputOf: %+v %v", o, err)
	}
}
