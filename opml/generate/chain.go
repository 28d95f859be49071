package generate

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"

	"github.com/aievm/aievm/opml/exec"
	"github.com/aievm/aievm/opml/model"
	"github.com/aievm/aievm/opml/tensor"
)

// Chain is a KV-cache chain (llama.BuildStage, `aievm model convert
// --kv-positions`): stage models called one after another for each
// position, each computing that position's row only and reading the
// earlier positions' keys and values from a cache the caller keeps. Its
// tokens are the generation model's (TestChainMatchesGenerationModel) at a
// token's price instead of a sequence's.
type Chain struct {
	Positions int   // cache positions: prompt plus completion is at most Positions+1
	Dim       int   // hidden width passed between stages
	KVWidth   int   // a cache row's width
	Layers    []int // each stage's layers
	Outputs   []int // each stage's output bytes (what a call's outputSize must be)
}

// ErrNotChain marks models without a KV-cache chain's interface.
var ErrNotChain = errors.New("not a kv-cache chain (convert a GGUF with --kv-positions)")

// ChainFromHeaders checks that the models, in order, are the stages of
// one chain: the first takes token i32[1], the others hidden f32[1,Dim];
// each then takes pos i32[1] and cache f32[2·L·P, KV]; each gives hidden
// f32[1,Dim] (the last: optionally logits, then next_token i32[1]), then
// kv f32[2·L, KV].
func ChainFromHeaders(hs []*model.Header) (Chain, error) {
	var c Chain
	if len(hs) == 0 {
		return c, fmt.Errorf("no stages: %w", ErrNotChain)
	}
	for i, h := range hs {
		bad := func(why string) error {
			return fmt.Errorf("stage %d (%q): %s; inputs %v, outputs %v: %w", i, h.Name, why, h.Inputs, h.Outputs, ErrNotChain)
		}
		in, out := h.Inputs, h.Outputs
		if len(in) != 3 || len(out) < 2 {
			return c, bad("want 3 inputs and at least 2 outputs")
		}
		// A header read from a node is untrusted: a valid model's input is
		// at most model.MaxInputBytes, which bounds the cache NewState
		// allocates for it.
		if n := in[0].Bytes() + in[1].Bytes() + in[2].Bytes(); n > model.MaxInputBytes {
			return c, bad(fmt.Sprintf("%d bytes of input, over the bound of %d", n, model.MaxInputBytes))
		}
		first, last := i == 0, i == len(hs)-1
		if first {
			if !isSpec(in[0], tensor.I32, 1) {
				return c, bad("the first stage takes token i32[1]")
			}
		} else if in[0].DType != tensor.F32 || len(in[0].Shape) != 2 || in[0].Shape[0] != 1 || in[0].Shape[1] != c.Dim {
			return c, bad(fmt.Sprintf("a later stage takes hidden f32[1,%d]", c.Dim))
		}
		if !isSpec(in[1], tensor.I32, 1) {
			return c, bad("pos i32[1] must follow")
		}
		cache, kv := in[2], out[len(out)-1]
		if cache.DType != tensor.F32 || len(cache.Shape) != 2 || kv.DType != tensor.F32 || len(kv.Shape) != 2 ||
			kv.Shape[1] != cache.Shape[1] || kv.Shape[0] < 2 || kv.Shape[0]%2 != 0 || cache.Shape[0]%kv.Shape[0] != 0 {
			return c, bad("cache f32[2·L·P, KV] in and kv f32[2·L, KV] out")
		}
		layers, positions := kv.Shape[0]/2, cache.Shape[0]/kv.Shape[0]
		if first {
			c.Positions, c.KVWidth = positions, cache.Shape[1]
		} else if positions != c.Positions || cache.Shape[1] != c.KVWidth {
			return c, bad(fmt.Sprintf("a cache of %d positions of %d, not the first stage's %d of %d", positions, cache.Shape[1], c.Positions, c.KVWidth))
		}
		if last {
			tok := out[len(out)-2]
			if !isSpec(tok, tensor.I32, 1) || len(out) > 3 || (len(out) == 3 && out[0].DType != tensor.F32) {
				return c, bad("the last stage gives [logits,] next_token i32[1], kv")
			}
		} else {
			hid := out[0]
			if len(out) != 2 || hid.DType != tensor.F32 || len(hid.Shape) != 2 || hid.Shape[0] != 1 || (!first && hid.Shape[1] != c.Dim) {
				return c, bad("a stage before the last gives hidden f32[1,Dim], kv")
			}
			c.Dim = hid.Shape[1]
		}
		n := 0
		for _, s := range out {
			n += s.Bytes()
		}
		c.Layers = append(c.Layers, layers)
		c.Outputs = append(c.Outputs, n)
	}
	return c, checkOrder(hs, c)
}

// checkOrder catches stages listed out of order, which the sizes cannot
// (two middle stages of as many layers look alike): when every stage has
// the converter's name, <model>.kv<P>.<first>-<last> (llama.BuildStage),
// the names must be one model's, with c's positions and layers, its layer
// ranges consecutive from 0. Renamed stages are not checked.
func checkOrder(hs []*model.Header, c Chain) error {
	next := 0
	var base string
	for i, h := range hs {
		j := strings.LastIndex(h.Name, ".kv")
		if j < 0 {
			return nil
		}
		var p, first, last int
		if n, err := fmt.Sscanf(h.Name[j:], ".kv%d.%d-%d", &p, &first, &last); err != nil || n != 3 {
			return nil
		}
		if i == 0 {
			base = h.Name[:j]
		}
		if h.Name[:j] != base || p != c.Positions || first != next || last-first+1 != c.Layers[i] {
			return fmt.Errorf("stage %d is %q, not %s.kv%d.%d-%d: stages out of order or from two models: %w",
				i, h.Name, base, c.Positions, next, next+c.Layers[i]-1, ErrNotChain)
		}
		next = last + 1
	}
	return nil
}

func isSpec(s model.Spec, d tensor.DType, n int) bool {
	return s.DType == d && len(s.Shape) == 1 && s.Shape[0] == n
}

// StageCall runs stage i of a chain once on an input and returns its
// output bytes.
type StageCall func(ctx context.Context, stage int, input []byte) ([]byte, error)

// State is a generation's caches, one per stage, and the positions done.
type State struct {
	c      Chain
	caches [][]byte // stage i: f32[2·L·P, KV], little endian
	done   int
}

// NewState returns empty caches for a generation with chain c.
func (c Chain) NewState() *State {
	s := &State{c: c}
	for _, l := range c.Layers {
		s.caches = append(s.caches, make([]byte, 4*2*l*c.Positions*c.KVWidth))
	}
	return s
}

// Cache is stage i's cache: rows of little-endian f32, as the stage takes
// it.
func (s *State) Cache(stage int) []byte { return s.caches[stage] }

// Input is stage i's input for position pos after the previous stage's
// hidden row (or token, for the first stage): x, then pos, then the cache.
func (s *State) Input(stage int, x []byte, pos int) []byte {
	in := make([]byte, 0, len(x)+4+len(s.caches[stage]))
	in = append(in, x...)
	in = binary.LittleEndian.AppendUint32(in, uint32(pos))
	return append(in, s.caches[stage]...)
}

// Step runs position pos (the next one: positions run in order) through
// every stage with token tok and returns the next token.
func (s *State) Step(ctx context.Context, call StageCall, tok int32, pos int) (int32, error) {
	c := s.c
	if pos != s.done || pos >= c.Positions {
		return 0, fmt.Errorf("position %d: the chain is at %d of %d", pos, s.done, c.Positions)
	}
	x := binary.LittleEndian.AppendUint32(nil, uint32(tok))
	for i, l := range c.Layers {
		out, err := call(ctx, i, s.Input(i, x, pos))
		if err != nil {
			return 0, fmt.Errorf("stage %d: %w", i, err)
		}
		if len(out) != c.Outputs[i] {
			return 0, fmt.Errorf("stage %d: %d bytes of output, want %d", i, len(out), c.Outputs[i])
		}
		row := 4 * c.KVWidth
		kv := out[len(out)-2*l*row:]
		for r := 0; r < 2*l; r++ { // row r is layer r/2's key (even) or value (odd)
			copy(s.caches[i][(r*c.Positions+pos)*row:], kv[r*row:(r+1)*row])
		}
		x = out[:len(out)-len(kv)]
	}
	s.done++
	return Token(x[len(x)-4:])
}

// Greedy is Model.Greedy with a chain: each new position runs once through
// the stages, so a token costs one position's work.
func (c Chain) Greedy(ctx context.Context, call StageCall, prompt []int32, max int, eos int32, emit func(int32)) ([]int32, Stop, error) {
	s := c.NewState()
	return loop(prompt, max, c.Positions, eos, emit, func(ids []int32) (int32, error) {
		var next int32
		for s.done < len(ids) {
			t, err := s.Step(ctx, call, ids[s.done], s.done)
			if err != nil {
				return 0, err
			}
			next = t
		}
		return next, nil
	})
}

// ChainOf is ChainFromHeaders of stage models ms, in order.
func ChainOf(ms []*model.Model) (Chain, error) {
	hs := make([]*model.Header, len(ms))
	for i, m := range ms {
		hs[i] = &model.Header{Name: m.Name, Inputs: m.Inputs, Outputs: m.Outputs, Cost: m.Cost}
	}
	return ChainFromHeaders(hs)
}

// EngineChain is the chain of stage models ms, in order, run in process:
// its interface (ChainOf) and an executor a stage, which EngineStages
// makes a StageCall of.
func EngineChain(ms []*model.Model, o exec.Options) (Chain, []*exec.Executor, error) {
	c, err := ChainOf(ms)
	if err != nil {
		return c, nil, err
	}
	es := make([]*exec.Executor, len(ms))
	for i, m := range ms {
		if es[i], err = exec.New(m, o); err != nil {
			return c, nil, fmt.Errorf("stage %d: %w", i, err)
		}
	}
	return c, es, nil
}

// EngineStages returns a StageCall that runs the stages in process.
func EngineStages(es []*exec.Executor) StageCall {
	return func(_ context.Context, i int, input []byte) ([]byte, error) {
		if i < 0 || i >= len(es) {
			return nil, fmt.Errorf("no stage %d", i)
		}
		return RunBytes(es[i], input)
	}
}

// RunBytes runs e on its inputs' bytes laid end to end (as the precompile
// takes them) and returns its outputs' bytes laid end to end.
func RunBytes(e *exec.Executor, input []byte) ([]byte, error) {
	var ins []*tensor.Tensor
	for _, s := range e.Model().Inputs {
		n := s.Bytes()
		if len(input) < n {
			return nil, fmt.Errorf("input of %d bytes too short for the model's", len(input))
		}
		ins = append(ins, &tensor.Tensor{DType: s.DType, Shape: s.Shape, Data: input[:n]})
		input = input[n:]
	}
	if len(input) != 0 {
		return nil, fmt.Errorf("%d bytes of input past the model's", len(input))
	}
	outs, err := e.Run(ins)
	if err != nil {
		return nil, err
	}
	var b []byte
	for _, o := range outs {
		b = append(b, o.Data...)
	}
	return b, nil
}
