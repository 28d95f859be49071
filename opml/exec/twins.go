package exec

import (
	"bytes"
	"fmt"

	"github.com/aievm/aievm/opml/model"
	"github.com/aievm/aievm/opml/tensor"
)

// Twins runs a model on the fast and the reference path and checks that
// they agree byte for byte: what a test of a model (an import, an
// example) asks of every run.
type Twins struct{ fast, ref *Executor }

// NewTwins prepares both paths for m.
func NewTwins(m *model.Model) (*Twins, error) {
	fast, err := New(m, Options{})
	if err != nil {
		return nil, err
	}
	ref, err := New(m, Options{Mode: Reference})
	if err != nil {
		return nil, err
	}
	return &Twins{fast, ref}, nil
}

// Run runs both paths and returns the outputs, or an error if either fails
// or they differ.
func (t *Twins) Run(in []*tensor.Tensor) ([]*tensor.Tensor, error) {
	outs, err := t.fast.Run(in)
	if err != nil {
		return nil, err
	}
	refOuts, err := t.ref.Run(in)
	if err != nil {
		return nil, fmt.Errorf("reference path: %w", err)
	}
	for j := range outs {
		if !bytes.Equal(outs[j].Data, refOuts[j].Data) {
			return nil, fmt.Errorf("output %d: the fast and reference paths differ", j)
		}
	}
	return outs, nil
}
