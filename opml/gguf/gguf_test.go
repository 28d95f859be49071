package gguf_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/aievm/aievm/opml/examples"
	"github.com/aievm/aievm/opml/exec"
	"github.com/aievm/aievm/opml/gguf"
	"github.com/aievm/aievm/opml/llama"
	"github.com/aievm/aievm/opml/tensor"
)

var tiny = llama.Config{Name: "tiny", Vocab: 96, Dim: 64, Hidden: 96, Layers: 2, Heads: 4, KVHeads: 2,
	Seq: 8, Theta: 10000, Eps: 1e-5}

// llamaGGUF writes a llama GGUF holding the example generator's weights.
func llamaGGUF(t testing.TB, c examples.DecoderConfig) []byte {
	t.Helper()
	b, err := examples.DecoderGGUF(c)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestImportMatchesBuilder: a GGUF of the example decoder imports to the very
// same model file (same address) as building it directly, for every weight
// type, and runs tokens in to a next token out.
func TestImportMatchesBuilder(t *testing.T) {
	t.Parallel()
	for _, dt := range []tensor.DType{tensor.Q8_0, tensor.Q4_0, tensor.Q4_1, tensor.F16, tensor.F32} {
		c := examples.DecoderConfig{Config: tiny, Weights: dt}
		file := llamaGGUF(t, c)
		g, err := gguf.Read(bytes.NewReader(file))
		if err != nil {
			t.Fatalf("%s: read: %v", dt, err)
		}
		m, err := gguf.ImportLlama(g, gguf.ImportOptions{Seq: tiny.Seq})
		if err != nil {
			t.Fatalf("%s: import: %v", dt, err)
		}
		want, err := examples.Decoder(c)
		if err != nil {
			t.Fatal(err)
		}
		if m.Address() != want.Address() {
			t.Fatalf("%s: imported address %x, direct build %x", dt, m.Address(), want.Address())
		}
		e, _ := exec.New(m, exec.Options{})
		outs, err := e.Run(examples.SampleInput(m, 1))
		if err != nil {
			t.Fatal(err)
		}
		next := outs[1].I32()[0]
		if next < 0 || int(next) >= tiny.Vocab {
			t.Fatalf("%s: next token %d", dt, next)
		}
		// TokenOnly: the same next token, the only output.
		tm, err := gguf.ImportLlama(g, gguf.ImportOptions{Seq: tiny.Seq, TokenOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		te, _ := exec.New(tm, exec.Options{})
		touts, err := te.Run(examples.SampleInput(tm, 1))
		if err != nil {
			t.Fatal(err)
		}
		if len(tm.Outputs) != 1 || touts[0].I32()[0] != next {
			t.Fatalf("%s: token-only model: %d outputs, next token %d (want 1, %d)", dt, len(tm.Outputs), touts[0].I32()[0], next)
		}
	}
}

func TestImportErrors(t *testing.T) {
	t.Parallel()
	good := llamaGGUF(t, examples.DecoderConfig{Config: tiny, Weights: tensor.Q8_0})
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "malformed"},
		{"bad magic", append([]byte("GGUX"), good[4:]...), "not a GGUF"},
		{"truncated", good[:200], "malformed"},
		{"version 1", append(append([]byte(nil), good[:4]...), append([]byte{1, 0, 0, 0}, good[8:]...)...), "version"},
	}
	for _, tt := range tests {
		_, err := gguf.Read(bytes.NewReader(tt.data))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want %q", tt.name, err, tt.want)
		}
	}
	// A K-quant tensor is named in a clear error.
	var w gguf.Writer
	w.Set("general.architecture", "gpt2")
	var b bytes.Buffer
	w.WriteTo(&b)
	g, err := gguf.Read(bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := gguf.ImportLlama(g, gguf.ImportOptions{}); err == nil || !strings.Contains(err.Error(), "gpt2") {
		t.Errorf("gpt2 architecture: %v", err)
	}
}

// FuzzRead: hostile GGUF bytes give an error, never a panic or a huge
// allocation.
func FuzzRead(f *testing.F) {
	f.Add(llamaGGUF(f, examples.DecoderConfig{Config: llama.Config{Name: "f", Vocab: 32, Dim: 32, Hidden: 32,
		Layers: 1, Heads: 2, KVHeads: 1, Seq: 2, Theta: 10000, Eps: 1e-5}, Weights: tensor.Q4_0})[:2048])
	f.Fuzz(func(t *testing.T, b []byte) {
		g, err := gguf.Read(bytes.NewReader(b))
		if err != nil {
			if !errors.Is(err, gguf.ErrFormat) {
				t.Fatalf("error without ErrFormat: %v", err)
			}
			return
		}
		for _, n := range g.Names() {
			g.Tensor(n) // must not panic
		}
		gguf.ImportLlama(g, gguf.ImportOptions{})
	})
}

// TestLastInputServesEveryPrefix: a generation model (LastInput, Seq
// tokens) given any prompt of up to Seq tokens, right-padded with any ids,
// and last at its final position, gives bit for bit the logits and next
// token of the model imported at the prompt's own length; a position past
// Seq is refused.
func TestLastInputServesEveryPrefix(t *testing.T) {
	t.Parallel()
	for _, dt := range []tensor.DType{tensor.F32, tensor.Q4_1} {
		file := llamaGGUF(t, examples.DecoderConfig{Config: tiny, Weights: dt})
		g, err := gguf.Read(bytes.NewReader(file))
		if err != nil {
			t.Fatal(err)
		}
		gen, err := gguf.ImportLlama(g, gguf.ImportOptions{Seq: tiny.Seq, LastInput: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(gen.Inputs) != 2 || gen.Inputs[1].Name != "last" {
			t.Fatalf("%s: inputs %v, want tokens and last", dt, gen.Inputs)
		}
		ge, err := exec.New(gen, exec.Options{})
		if err != nil {
			t.Fatal(err)
		}
		gr, err := exec.New(gen, exec.Options{Mode: exec.Reference})
		if err != nil {
			t.Fatal(err)
		}
		prompt := []int32{5, 17, 3, 95, 40, 2, 61, 88}
		for n := 1; n <= tiny.Seq; n++ {
			m, err := gguf.ImportLlama(g, gguf.ImportOptions{Seq: n})
			if err != nil {
				t.Fatal(err)
			}
			e, _ := exec.New(m, exec.Options{})
			want, err := e.Run([]*tensor.Tensor{tensor.FromI32(tensor.Shape{n}, prompt[:n])})
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range []struct {
				pad  int32
				path *exec.Executor
				name string
			}{{0, ge, "fast"}, {95, ge, "fast"}, {41, gr, "reference"}} {
				pad, path := c.pad, c.path
				ids := append([]int32(nil), prompt[:n]...)
				for i := len(ids); i < tiny.Seq; i++ {
					ids = append(ids, (pad+int32(7*i))%int32(tiny.Vocab))
				}
				got, err := path.Run([]*tensor.Tensor{tensor.FromI32(tensor.Shape{tiny.Seq}, ids), tensor.FromI32(tensor.Shape{1}, []int32{int32(n - 1)})})
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(got[0].Data, want[0].Data) || !bytes.Equal(got[1].Data, want[1].Data) {
					t.Fatalf("%s: prompt of %d padded with %v (%s path): logits or next token differ from the model of length %d", dt, n, ids[n:], c.name, n)
				}
			}
		}
		_, err = ge.Run([]*tensor.Tensor{tensor.FromI32(tensor.Shape{tiny.Seq}, prompt), tensor.FromI32(tensor.Shape{1}, []int32{int32(tiny.Seq)})})
		if err == nil {
			t.Fatalf("%s: last = %d (past Seq) ran", dt, tiny.Seq)
		}
	}
}

// TestImportStagesMatchesBuilder: a GGUF's KV-cache chain imports to the
// very models (same addresses) that building the chain from the same
// weights gives; a negative split is refused, and 0 puts as many layers in
// a stage as fit.
func TestImportStagesMatchesBuilder(t *testing.T) {
	t.Parallel()
	c := examples.DecoderConfig{Config: tiny, Weights: tensor.Q4_1}
	c.TokenOnly = true
	g, err := gguf.Read(bytes.NewReader(llamaGGUF(t, c)))
	if err != nil {
		t.Fatal(err)
	}
	got, err := gguf.ImportStages(g, gguf.ImportOptions{Name: c.Name, TokenOnly: true}, 8, 1)
	if err != nil {
		t.Fatal(err)
	}
	want, err := examples.DecoderStages(c, 8, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("%d stages, want %d", len(got), len(want))
	}
	for i := range got {
		if got[i].Address() != want[i].Address() {
			t.Errorf("stage %d (%s): address differs from the builder's (%s)", i, got[i].Name, want[i].Name)
		}
	}
	if _, err := gguf.ImportStages(g, gguf.ImportOptions{}, 8, -1); err == nil {
		t.Error("-1 layers a stage imported")
	}
	if auto, err := gguf.ImportStages(g, gguf.ImportOptions{Name: c.Name, TokenOnly: true}, 8, 0); err != nil || len(auto) != 1 {
		t.Errorf("as many layers as fit: %d stages (%v), want the 2 layers in one", len(auto), err)
	}
}
