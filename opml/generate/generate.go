// Package generate runs greedy text generation one call at a time with a
// generation model: a llama model converted with a last-position input
// (`aievm model convert --generate`). Each call takes the tokens so far,
// right-padded to the model's length, and the position of the last one,
// and returns the next token; the caller appends it and calls again. The
// same loop runs against a node (eth_call to the precompile), an engine in
// process, or a contract on chain, so their completions can be compared.
// A KV-cache chain (Chain) runs the same loop at one position's work a
// token.
package generate

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/aievm/aievm/opml/exec"
	"github.com/aievm/aievm/opml/model"
	"github.com/aievm/aievm/opml/tensor"
)

// Model is the interface of a generation model, read from its header.
type Model struct {
	Seq int // positions: a call takes 1 to Seq tokens, so prompt plus completion is at most Seq+1
}

// ErrNotGeneration marks a model without a generation model's interface.
var ErrNotGeneration = errors.New("not a generation model (convert a GGUF with --generate)")

// FromHeader checks that a model takes tokens i32[Seq] and last i32[1] and
// returns next_token i32[1] only.
func FromHeader(h *model.Header) (Model, error) {
	in, out := h.Inputs, h.Outputs
	if len(in) != 2 || len(out) != 1 ||
		in[0].DType != tensor.I32 || len(in[0].Shape) != 1 ||
		in[1].DType != tensor.I32 || !in[1].Shape.Equal(tensor.Shape{1}) ||
		out[0].DType != tensor.I32 || out[0].Shape.Elements() != 1 {
		return Model{}, fmt.Errorf("model %q: inputs %v, outputs %v: %w", h.Name, in, out, ErrNotGeneration)
	}
	return Model{Seq: in[0].Shape[0]}, nil
}

// Input returns the call's input bytes for the tokens so far: each token
// as little-endian i32, padded with token 0 to Seq, then the last position.
func (m Model) Input(ids []int32) ([]byte, error) {
	if len(ids) == 0 || len(ids) > m.Seq {
		return nil, fmt.Errorf("%d tokens: the model takes 1 to %d", len(ids), m.Seq)
	}
	b := make([]byte, 4*(m.Seq+1))
	for i, id := range ids {
		binary.LittleEndian.PutUint32(b[4*i:], uint32(id))
	}
	binary.LittleEndian.PutUint32(b[4*m.Seq:], uint32(len(ids)-1))
	return b, nil
}

// Token reads the next token from a call's output.
func Token(out []byte) (int32, error) {
	if len(out) != 4 {
		return 0, fmt.Errorf("output of %d bytes, want a token's 4", len(out))
	}
	return int32(binary.LittleEndian.Uint32(out)), nil
}

// Call runs the model once on an input and returns its output bytes.
type Call func(ctx context.Context, input []byte) ([]byte, error)

// Stop says why a generation ended.
type Stop string

// The reasons a generation ends.
const (
	StopMaxTokens Stop = "max-tokens"   // as many tokens as asked
	StopEOS       Stop = "end-of-text"  // the model gave the end token
	StopContext   Stop = "context-full" // prompt and completion fill Seq+1 tokens
)

// Greedy generates up to max tokens after prompt, calling emit with each
// as it comes; eos (or -1 for none) ends the completion and is not
// returned. It returns the completion and why it stopped.
func (m Model) Greedy(ctx context.Context, call Call, prompt []int32, max int, eos int32, emit func(int32)) ([]int32, Stop, error) {
	return loop(prompt, max, m.Seq, eos, emit, func(ids []int32) (int32, error) {
		in, err := m.Input(ids)
		if err != nil {
			return 0, err
		}
		out, err := call(ctx, in)
		if err != nil {
			return 0, err
		}
		return Token(out)
	})
}

// loop is the greedy loop of Model.Greedy and Chain.Greedy: next returns
// the token after ids, the sequence so far (at most seq tokens).
func loop(prompt []int32, max, seq int, eos int32, emit func(int32), next func(ids []int32) (int32, error)) ([]int32, Stop, error) {
	if len(prompt) == 0 {
		return nil, "", errors.New("empty prompt")
	}
	if len(prompt) > seq {
		return nil, "", fmt.Errorf("prompt of %d tokens: the model takes at most %d", len(prompt), seq)
	}
	ids := append([]int32(nil), prompt...)
	for len(ids)-len(prompt) < max {
		if len(ids) > seq { // the last call took seq tokens
			return ids[len(prompt):], StopContext, nil
		}
		tok, err := next(ids)
		if err != nil {
			return ids[len(prompt):], "", fmt.Errorf("token %d: %w", len(ids)-len(prompt), err)
		}
		if tok == eos {
			return ids[len(prompt):], StopEOS, nil
		}
		ids = append(ids, tok)
		if emit != nil {
			emit(tok)
		}
	}
	return ids[len(prompt):], StopMaxTokens, nil
}

// Engine returns a Call that runs a generation model in process.
func (m Model) Engine(e *exec.Executor) Call {
	return func(_ context.Context, input []byte) ([]byte, error) {
		if len(input) != 4*(m.Seq+1) {
			return nil, fmt.Errorf("input of %d bytes, want %d", len(input), 4*(m.Seq+1))
		}
		out, err := e.Run([]*tensor.Tensor{
			{DType: tensor.I32, Shape: tensor.Shape{m.Seq}, Data: input[:4*m.Seq]},
			{DType: tensor.I32, Shape: tensor.Shape{1}, Data: input[4*m.Seq:]},
		})
		if err != nil {
			return nil, err
		}
		return out[0].Data, nil
	}
}
