package e2e

import (
	"bytes"
	"context"
	"errors"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/aievm/aievm/contracts/bindings"
	"github.com/aievm/aievm/internal/ethtx"
	"github.com/aievm/aievm/op-node-ext/devnet"
	"github.com/aievm/aievm/opml/examples/qdq"
	"github.com/aievm/aievm/opml/exec"
	"github.com/aievm/aievm/opml/onnx"
	"github.com/aievm/aievm/opml/tensor"
)

// testInline: a QDQ ONNX model carried in a transaction runs through the
// inline precompile (0xa0) as Axonum's AILib.onnxInference calls it, gives
// the engine's output for the fixed-rule conversion and is re-derived by
// the verifier; bad calls revert with their reasons.
func testInline(t *testing.T, ctx context.Context, d *devnet.Devnet, seq, ver *ethclient.Client) {
	st := d.State()
	cls := bindings.NewClassifier()
	onnxModel := qdq.Model()
	x := tensor.FromF32(tensor.Shape{1, qdq.Inputs}, []float32{0.5, -1, 0.25, 2, -0.75, 1, 0, -0.1})
	om, err := onnx.Decode(onnxModel)
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
	want, err := e.Run([]*tensor.Tensor{x})
	if err != nil {
		t.Fatal(err)
	}
	size := big.NewInt(int64(len(want[0].Data)))
	r, err := ethtx.Send(ctx, seq, d.UserKey(3), ethtx.Tx{To: &st.Demo, Data: cls.PackInferenceOnnx(onnxModel, x.Data, size)}, time.Minute)
	if err != nil {
		t.Fatalf("inline inference tx: %v", err)
	}
	if r.Status != 1 {
		t.Fatalf("inline inference tx reverted (gas used %d)", r.GasUsed)
	}
	ev, err := cls.UnpackInferenceEvent(r.Logs[0])
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(ev.Output, want[0].Data) {
		t.Fatalf("inline output %x, engine %x", ev.Output, want[0].Data)
	}
	t.Logf("a %d-byte QDQ ONNX model ran inline in L2 block %d, gas used %d", len(onnxModel), r.BlockNumber, r.GasUsed)
	got := waitBlock(t, ctx, ver, r.BlockNumber, 3*time.Minute)
	if wantB := waitBlock(t, ctx, seq, r.BlockNumber, time.Second); got.Hash() != wantB.Hash() {
		t.Fatalf("verifier block %d %s, sequencer %s", r.BlockNumber, got.Hash(), wantB.Hash())
	}
	for _, tc := range []struct {
		name  string
		data  []byte
		input []byte
		want  string
	}{
		{"not ONNX", []byte("not a model"), x.Data, "inline model cannot be converted"},
		{"short input", onnxModel, x.Data[:8], "input size does not match the model: 8 bytes given"},
	} {
		_, err := seq.CallContract(ctx, ethereum.CallMsg{To: &st.Demo, Data: cls.PackPredictOnnx(tc.data, tc.input, size)}, nil)
		var de rpc.DataError
		if !errors.As(err, &de) {
			t.Fatalf("%s: %v, want a revert", tc.name, err)
		}
		data, _ := hexutil.Decode(de.ErrorData().(string))
		reason, _ := abi.UnpackRevert(data)
		if !strings.Contains(reason, tc.want) {
			t.Errorf("%s: reason %q, want %q", tc.name, reason, tc.want)
		}
	}
}
