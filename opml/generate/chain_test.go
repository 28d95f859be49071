package generate_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/aievm/aievm/opml/examples"
	"github.com/aievm/aievm/opml/exec"
	"github.com/aievm/aievm/opml/generate"
	"github.com/aievm/aievm/opml/llama"
	"github.com/aievm/aievm/opml/model"
	"github.com/aievm/aievm/opml/tensor"
)

// chain builds the tiny decoder's KV-cache chain of positions positions,
// perStage layers a stage, with c's TokenOnly.
func chain(t *testing.T, c llama.Config, positions, perStage int) ([]*model.Model, generate.Chain, []*exec.Executor) {
	t.Helper()
	ms, err := examples.DecoderStages(examples.DecoderConfig{Config: c, Weights: examples.TinyGeneration.Weights}, positions, perStage)
	if err != nil {
		t.Fatal(err)
	}
	ch, es, err := generate.EngineChain(ms, exec.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return ms, ch, es
}

// TestChainMatchesGenerationModel: at every position, a KV-cache chain's
// logits and next token are bit for bit the generation model's (the whole
// sequence recomputed each call), whatever the split into stages, and its
// greedy completions are the same tokens with the same stop reasons.
func TestChainMatchesGenerationModel(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c := tiny
	c.Seq, c.LastInput = 8, true
	full := build(t, c)
	fe, err := exec.New(full, exec.Options{})
	if err != nil {
		t.Fatal(err)
	}
	gm := generate.Model{Seq: c.Seq}
	seq := []int32{5, 17, 3, 95, 0, 42, 42, 7}
	for _, per := range []int{1, 2} { // two stages of one layer; one stage of both
		t.Run(fmt.Sprintf("%d-layers-a-stage", per), func(t *testing.T) {
			t.Parallel()
			_, ch, es := chain(t, c, c.Seq, per)
			if len(ch.Layers) != 2/per {
				t.Fatalf("%d stages", len(ch.Layers))
			}
			// Each position's logits: the last stage's output before its
			// token and kv.
			var last []byte
			calls := generate.EngineStages(es)
			record := func(ctx context.Context, i int, in []byte) ([]byte, error) {
				out, err := calls(ctx, i, in)
				if i == len(es)-1 {
					last = out
				}
				return out, err
			}
			st := ch.NewState()
			for p, tok := range seq {
				next, err := st.Step(ctx, record, tok, p)
				if err != nil {
					t.Fatal(err)
				}
				in, err := gm.Input(seq[:p+1])
				if err != nil {
					t.Fatal(err)
				}
				want, err := generate.RunBytes(fe, in)
				if err != nil {
					t.Fatal(err)
				}
				logits := 4 * tiny.Vocab
				if !bytes.Equal(last[:logits], want[:logits]) {
					t.Fatalf("position %d: logits differ from the generation model's", p)
				}
				if w, _ := generate.Token(want[logits:]); next != w {
					t.Fatalf("position %d: token %d, the generation model's %d", p, next, w)
				}
			}
			if _, err := st.Step(ctx, calls, 1, len(seq)); err == nil {
				t.Fatal("a step past the cache's positions ran")
			}
			for _, tc := range []struct {
				prompt []int32
				max    int
				eos    int32
			}{
				{[]int32{5, 17, 3}, 100, -1},
				{[]int32{1}, 3, -1},
				{seq, 5, -1},
				{[]int32{9, 9}, 100, 83}, // the end token after three
			} {
				tokenOnly := func(ctx context.Context, in []byte) ([]byte, error) {
					out, err := generate.RunBytes(fe, in)
					if err != nil {
						return nil, err
					}
					return out[4*tiny.Vocab:], nil
				}
				want, wstop, werr := gm.Greedy(ctx, tokenOnly, tc.prompt, tc.max, tc.eos, nil)
				got, gstop, gerr := ch.Greedy(ctx, calls, tc.prompt, tc.max, tc.eos, nil)
				if werr != nil || gerr != nil || !slices.Equal(got, want) || gstop != wstop {
					t.Errorf("prompt %v: chain %v %s (%v), generation model %v %s (%v)", tc.prompt, got, gstop, gerr, want, wstop, werr)
				}
			}
		})
	}
}

// TestChainIgnoresLaterCacheRows: whatever the cache holds after pos
// (infinities and NaNs included) and whatever finite numbers it holds at
// pos (a contract reusing its memory), the token is the same; and a pos
// outside the cache is refused by the stage itself.
func TestChainIgnoresLaterCacheRows(t *testing.T) {
	t.Parallel()
	c := tiny
	_, ch, es := chain(t, c, 8, 1)
	call := generate.EngineStages(es)
	prompt := []int32{5, 17, 3}
	clean := ch.NewState()
	var want []int32
	for p, tok := range prompt {
		next, err := clean.Step(context.Background(), call, tok, p)
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, next)
	}
	// Before each position, row pos of every key and value block holds
	// large finite numbers and the rows after it NaN or infinities.
	junk := ch.NewState()
	row := 4 * ch.KVWidth
	var got []int32
	for p, tok := range prompt {
		for i, l := range ch.Layers {
			cache := junk.Cache(i)
			for blk := 0; blk < 2*l; blk++ {
				for j := p; j < ch.Positions; j++ {
					r := cache[(blk*ch.Positions+j)*row : (blk*ch.Positions+j+1)*row]
					for k := 0; k < len(r); k += 4 {
						v := float32(math.NaN())
						switch {
						case j == p:
							v = 1e30 * float32(k%97-48)
						case k%8 == 4:
							v = float32(math.Inf(1 - 2*(k%3)))
						}
						binary.LittleEndian.PutUint32(r[k:], math.Float32bits(v))
					}
				}
			}
		}
		next, err := junk.Step(context.Background(), call, tok, p)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, next)
	}
	if !slices.Equal(got, want) {
		t.Fatalf("with junk at and after pos: %v, clean cache: %v", got, want)
	}
	// The stage refuses pos = P and a negative pos.
	for _, pos := range []int32{8, -1} {
		in := clean.Input(0, binary.LittleEndian.AppendUint32(nil, 5), 0)
		binary.LittleEndian.PutUint32(in[4:], uint32(pos))
		var tr exec.ErrTokenRange
		if _, err := generate.RunBytes(es[0], in); !errors.As(err, &tr) {
			t.Errorf("pos %d: %v, want a token range error", pos, err)
		}
	}
}

// TestChainFromHeadersRefuses: a generation model, stages out of order or
// from two chains (two middle stages alike in size included, told apart
// by their names), and an empty list are not a chain.
func TestChainFromHeadersRefuses(t *testing.T) {
	t.Parallel()
	c := tiny
	c.TokenOnly = true
	a, _, _ := chain(t, c, 8, 1)
	b, _, _ := chain(t, c, 4, 1)
	four := c
	four.Layers = 4
	d, _, _ := chain(t, four, 8, 1)
	if _, err := generate.ChainFromHeaders([]*model.Header{header(d[0]), header(d[1]), header(d[2]), header(d[3])}); err != nil {
		t.Fatalf("four stages in order: %v", err)
	}
	gen := c
	gen.Seq, gen.LastInput = 8, true
	for name, ms := range map[string][]*model.Model{
		"none":             nil,
		"generation model": {build(t, gen)},
		"reversed":         {a[1], a[0]},
		"two chains":       {a[0], b[1]},
		"first stage only": {a[0]},
		"last stage only":  {a[1]},
		"middle swapped":   {d[0], d[2], d[1], d[3]},
	} {
		var hs []*model.Header
		for _, m := range ms {
			hs = append(hs, header(m))
		}
		if _, err := generate.ChainFromHeaders(hs); !errors.Is(err, generate.ErrNotChain) {
			t.Errorf("%s: %v, want ErrNotChain", name, err)
		}
	}
	// A header a hostile node could serve: a chain's shape with a cache of
	// a million positions (256 MB), which no valid model takes.
	huge := header(a[0])
	huge.Inputs = slices.Clone(huge.Inputs)
	huge.Inputs[2].Shape = tensor.Shape{2 * 1_000_000, huge.Inputs[2].Shape[1]}
	if _, err := generate.ChainFromHeaders([]*model.Header{huge, header(a[1])}); !errors.Is(err, generate.ErrNotChain) || !strings.Contains(err.Error(), "bound") {
		t.Errorf("a cache of a million positions: %v, want refused for the input bound", err)
	}
}
