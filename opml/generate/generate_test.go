package generate_test

import (
	"context"
	"encoding/binary"
	"errors"
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

// tiny is the test generation model's architecture, options cleared.
var tiny = func() llama.Config {
	c := examples.TinyGeneration.Config
	c.TokenOnly, c.LastInput = false, false
	return c
}()

// build returns the tiny decoder with c's options.
func build(t *testing.T, c llama.Config) *model.Model {
	t.Helper()
	m, err := examples.Decoder(examples.DecoderConfig{Config: c, Weights: examples.TinyGeneration.Weights})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func header(m *model.Model) *model.Header {
	return &model.Header{Name: m.Name, Inputs: m.Inputs, Outputs: m.Outputs, Cost: m.Cost}
}

// TestGreedyMatchesPerLengthModels: generating with the generation model
// gives, token by token, the argmax of the plain model imported at each
// length (what the engine computes for the whole sequence), and stops at
// the context's end.
func TestGreedyMatchesPerLengthModels(t *testing.T) {
	t.Parallel()
	c := tiny
	c.TokenOnly, c.LastInput = true, true
	gen := build(t, c)
	g, err := generate.FromHeader(header(gen))
	if err != nil {
		t.Fatal(err)
	}
	e, err := exec.New(gen, exec.Options{})
	if err != nil {
		t.Fatal(err)
	}
	prompt := []int32{5, 17, 3}
	var emitted []int32
	got, stop, err := g.Greedy(context.Background(), g.Engine(e), prompt, 100, -1, func(id int32) { emitted = append(emitted, id) })
	if err != nil {
		t.Fatal(err)
	}
	if stop != generate.StopContext || len(got) != tiny.Seq-len(prompt)+1 || !slices.Equal(got, emitted) {
		t.Fatalf("stop %q after %v (emitted %v): want %q after %d tokens", stop, got, emitted, generate.StopContext, tiny.Seq-len(prompt)+1)
	}
	ids := slices.Clone(prompt)
	for i, next := range got {
		pc := tiny
		pc.Seq = len(ids)
		pe, _ := exec.New(build(t, pc), exec.Options{})
		out, err := pe.Run([]*tensor.Tensor{tensor.FromI32(tensor.Shape{len(ids)}, ids)})
		if err != nil {
			t.Fatal(err)
		}
		if want := out[1].I32()[0]; next != want {
			t.Fatalf("token %d: %d, the model of length %d gives %d", i, next, len(ids), want)
		}
		ids = append(ids, next)
	}
}

// TestGreedyStops: max tokens, the end token (not returned), and a failing
// call, with a scripted model.
func TestGreedyStops(t *testing.T) {
	t.Parallel()
	g := generate.Model{Seq: 6}
	script := func(tokens ...int32) generate.Call {
		return func(_ context.Context, in []byte) ([]byte, error) {
			last := int(binary.LittleEndian.Uint32(in[4*6:]))
			i := last - 1 // the prompt has 2 tokens
			if i >= len(tokens) {
				return nil, errors.New("node down")
			}
			return binary.LittleEndian.AppendUint32(nil, uint32(tokens[i])), nil
		}
	}
	tests := []struct {
		name  string
		call  generate.Call
		max   int
		want  []int32
		stop  generate.Stop
		error string
	}{
		{"max tokens", script(7, 8, 9), 2, []int32{7, 8}, generate.StopMaxTokens, ""},
		{"end token", script(7, 2, 9), 5, []int32{7}, generate.StopEOS, ""},
		{"context", script(7, 8, 9, 10, 11, 12), 10, []int32{7, 8, 9, 10, 11}, generate.StopContext, ""},
		{"call fails", script(7), 5, []int32{7}, "", "token 1: node down"},
		{"bad output", func(context.Context, []byte) ([]byte, error) { return []byte{1}, nil }, 5, nil, "", "output of 1 bytes"},
		{"none asked", script(), 0, nil, generate.StopMaxTokens, ""},
	}
	for _, tt := range tests {
		got, stop, err := g.Greedy(context.Background(), tt.call, []int32{1, 1}, tt.max, 2, nil)
		if tt.error != "" {
			if err == nil || !strings.Contains(err.Error(), tt.error) {
				t.Errorf("%s: error %v, want %q", tt.name, err, tt.error)
			}
			continue
		}
		if err != nil || stop != tt.stop || !slices.Equal(got, tt.want) {
			t.Errorf("%s: %v, %q, %v; want %v, %q", tt.name, got, stop, err, tt.want, tt.stop)
		}
	}
	for _, p := range [][]int32{nil, make([]int32, 7)} {
		if _, _, err := g.Greedy(context.Background(), script(), p, 1, -1, nil); err == nil {
			t.Errorf("prompt of %d tokens accepted by a model of 6", len(p))
		}
	}
}

// TestFromHeader refuses models without the generation interface.
func TestFromHeader(t *testing.T) {
	t.Parallel()
	plain := tiny
	plain.TokenOnly = true
	logits := tiny
	logits.LastInput = true
	for name, c := range map[string]llama.Config{"no last input": plain, "logits too": logits} {
		if _, err := generate.FromHeader(header(build(t, c))); !errors.Is(err, generate.ErrNotGeneration) {
			t.Errorf("%s: %v, want ErrNotGeneration", name, err)
		}
	}
}

// TestTinyGenerationTokenizer: the toy model's vocabulary round-trips
// printable ASCII one character a token, ends with token 0, and refuses
// what it has no token for.
func TestTinyGenerationTokenizer(t *testing.T) {
	t.Parallel()
	tk, err := examples.TinyGenerationTokenizer()
	if err != nil {
		t.Fatal(err)
	}
	if tk.Vocab() != examples.TinyGeneration.Vocab || tk.EOS != 0 {
		t.Fatalf("vocab %d eos %d, want %d and 0", tk.Vocab(), tk.EOS, examples.TinyGeneration.Vocab)
	}
	for _, c := range []struct {
		text string
		ids  []int32
		err  string
	}{
		{text: "Hi there!", ids: []int32{41, 74, 1, 85, 73, 70, 83, 70, 2}},
		{text: " ~", ids: []int32{1, 95}},
		{text: "<|endoftext|>", ids: []int32{0}},
		{text: "line\nbreak", err: "no token"},
		{text: "café", err: "no token"},
	} {
		ids, err := tk.Encode(c.text, true)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("Encode(%q) = %v, %v; want an error with %q", c.text, ids, err, c.err)
			}
			continue
		}
		if err != nil || !slices.Equal(ids, c.ids) {
			t.Errorf("Encode(%q) = %v, %v; want %v", c.text, ids, err, c.ids)
			continue
		}
		if back, err := tk.Decode(ids); err != nil || back != c.text {
			t.Errorf("Decode(%v) = %q, %v; want %q", ids, back, err, c.text)
		}
	}
}
