// Package recurrent holds the recurrent example models: an LSTM and a GRU
// (forward and reverse, both GRU reset forms) as ONNX defines them, with
// ONNX Runtime's outputs on random inputs (make.py). Their state is a
// model input and output, so a contract can carry it across calls;
// lstm_exported builds its zero state from the input's shape at run time
// and gathers its last step, as exporters emit it.
package recurrent

import (
	"embed"
	"encoding/json"
	"fmt"
)

//go:embed *.onnx *.json
var files embed.FS

// Names lists the examples.
var Names = []string{"lstm", "lstm_reverse", "gru", "gru_lbr0", "lstm_exported"}

// IfConst is an example of an If on a constant condition (a flag fixed at
// export) around float layers: the importer lowers the branch taken.
const IfConst = "if_const"

// Case is one run in ONNX Runtime: input values by name, and the outputs
// in the graph's order.
type Case struct {
	Inputs  map[string][]float32 `json:"inputs"`
	Outputs [][]float32          `json:"outputs"`
}

// Runs is an example's recorded ONNX Runtime runs.
type Runs struct {
	Inputs []string `json:"inputs"` // the graph's input names in order
	Cases  []Case   `json:"cases"`
}

// ONNX returns an example's ONNX file.
func ONNX(name string) ([]byte, error) { return files.ReadFile(name + ".onnx") }

// ORT returns an example's recorded runs.
func ORT(name string) (*Runs, error) {
	b, err := files.ReadFile(name + ".json")
	if err != nil {
		return nil, err
	}
	var r Runs
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf("%s.json: %w", name, err)
	}
	return &r, nil
}
