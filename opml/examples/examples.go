// Package examples builds the engine's example models, one per supported
// family: an int8 MLP classifier, an int8 CNN, and a llama-style decoder with
// Q8_0 or Q4_0 weights. Weights come from a seeded integer generator so that
// every machine builds byte-identical files (and so identical addresses);
// they are synthetic, for tests, golden vectors and benchmarks.
package examples

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"sort"

	"github.com/aievm/aievm/opml/gguf"
	"github.com/aievm/aievm/opml/llama"
	"github.com/aievm/aievm/opml/model"
	sf "github.com/aievm/aievm/opml/softfloat"
	"github.com/aievm/aievm/opml/tensor"
	"github.com/aievm/aievm/opml/tokenizer"
)

// gen draws deterministic weights. It never uses floating-point library
// functions: values are integers scaled by exact powers of two.
type gen struct{ r *rand.Rand }

func newGen(seed uint64) *gen { return &gen{rand.New(rand.NewPCG(seed, 0x0a1))} }

func (g *gen) i8(n int, lim int) []int8 {
	v := make([]int8, n)
	for i := range v {
		v[i] = int8(g.r.IntN(2*lim+1) - lim)
	}
	return v
}

func (g *gen) i32(n int, lim int) []int32 {
	v := make([]int32, n)
	for i := range v {
		v[i] = int32(g.r.IntN(2*lim+1) - lim)
	}
	return v
}

// normal draws approximately N(0, std^2) values as a sum of four uniform
// 12-bit integers times an exact power of two (std is rounded to one).
func (g *gen) normal(n int, std float32) []float32 {
	// The sum of 4 uniforms on [-2048, 2047] has std ~2365; pick 2^e near std/2365.
	scale := float32(1)
	for scale*2365 > std {
		scale /= 2
	}
	v := make([]float32, n)
	for i := range v {
		s := 0
		for j := 0; j < 4; j++ {
			s += g.r.IntN(4096) - 2048
		}
		v[i] = float32(s) * scale
	}
	return v
}

func (g *gen) ones(n int) []float32 {
	v := make([]float32, n)
	for i := range v {
		v[i] = 1 + float32(g.r.IntN(64)-32)/512
	}
	return v
}

// MLP is a 4 -> 16 -> 16 -> 3 int8 classifier (the shape of an iris model):
// input i8[4], outputs class probabilities f32[3] and the class i32[1].
func MLP() (*model.Model, error) {
	g := newGen(1)
	b := model.NewBuilder("mlp")
	x := b.Input("features", tensor.I8, tensor.Shape{4})
	h := qlinear(b, g, "fc1", x, 4, 16, true)
	h = qlinear(b, g, "fc2", h, 16, 16, true)
	h = qlinear(b, g, "fc3", h, 16, 3, false)
	logits := b.Dequantize("logits", h, 1.0/16)
	b.Output("probs", b.Unary("softmax", model.OpSoftmax, logits))
	b.Output("class", b.Unary("argmax", model.OpArgmax, h))
	return b.Build()
}

func qlinear(b *model.Builder, g *gen, name string, x model.Value, in, out int, relu bool) model.Value {
	w := b.Const(name+".weight", tensor.FromI8(tensor.Shape{out, in}, g.i8(out*in, 127)))
	bias := b.Const(name+".bias", tensor.FromI32(tensor.Shape{out}, g.i32(out, 2000)))
	mult, shift := requantFor(in)
	return b.QLinear(name, x, w, bias, mult, shift, relu)
}

// requantFor picks a requantization that keeps a K-term dot product of
// random int8 values roughly in int8 range: scale ~ 1/(64*sqrt(K)).
func requantFor(k int) (int32, uint8) {
	root := 1
	for root*root < k {
		root++
	}
	mult, shift, err := tensor.QuantMultiplier(1.0 / float64(96*root))
	if err != nil {
		panic(err) // constant inputs; cannot fail
	}
	return mult, shift
}

// CNN is a small int8 image classifier: i8[1,16,16] -> conv3x3(8) -> pool2
// -> conv3x3(16) -> pool2 -> linear(10); outputs logits f32[10] and the
// class i32[1].
func CNN() (*model.Model, error) {
	g := newGen(2)
	b := model.NewBuilder("cnn")
	x := b.Input("image", tensor.I8, tensor.Shape{1, 16, 16})
	conv := func(name string, x model.Value, cin, cout int) model.Value {
		w := b.Const(name+".weight", tensor.FromI8(tensor.Shape{cout, cin, 3, 3}, g.i8(cout*cin*9, 127)))
		bias := b.Const(name+".bias", tensor.FromI32(tensor.Shape{cout}, g.i32(cout, 2000)))
		mult, shift := requantFor(cin * 9)
		return b.QConv2D(name, x, w, bias, 1, 1, mult, shift, true)
	}
	h := conv("conv1", x, 1, 8)
	h = b.QMaxPool2D("pool1", h, 2, 2)
	h = conv("conv2", h, 8, 16)
	h = b.QMaxPool2D("pool2", h, 2, 2)
	h = b.Reshape("flatten", h, 16*4*4)
	h = qlinear(b, g, "fc", h, 256, 10, false)
	logits := b.Dequantize("logits", h, 1.0/16)
	b.Output("logits", logits)
	b.Output("class", b.Unary("argmax", model.OpArgmax, h))
	return b.Build()
}

// DecoderConfig sizes the example decoder and picks its weight dtype.
type DecoderConfig struct {
	llama.Config
	Weights tensor.DType // matrices: Q8_0, Q4_0, Q4_1, F16 or F32
}

// SmallDecoder is the example decoder: about 3.9M parameters, 16 tokens in.
var SmallDecoder = DecoderConfig{
	Config: llama.Config{Name: "decoder", Vocab: 1024, Dim: 256, Hidden: 768, Layers: 4, Heads: 8, KVHeads: 4,
		Seq: 16, Theta: 10000, Eps: 1e-5},
	Weights: tensor.Q8_0,
}

// TinyGeneration is a generation model at toy size (Q4_1, 8 positions,
// the next token after position last): what the tests of Completion.sol,
// of the generation loop and of a dispute over a generated token run fast.
var TinyGeneration = DecoderConfig{
	Config: llama.Config{Name: "tiny-gen", Vocab: 96, Dim: 64, Hidden: 96, Layers: 2, Heads: 4, KVHeads: 2,
		Seq: 8, Theta: 10000, Eps: 1e-5, TokenOnly: true, LastInput: true},
	Weights: tensor.Q4_1,
}

// TinyGenerationTokenizer is TinyGeneration's vocabulary: token 0 is
// "<|endoftext|>" (its end token), and tokens 1 to 95 are the printable
// ASCII characters from the space to '~', one token each (no merges). The
// model's weights are random, so what it writes is noise, but a page or a
// CLI can round-trip text through it as through a real model's tokenizer.
func TinyGenerationTokenizer() (*tokenizer.Tokenizer, error) {
	texts, types := tinyVocab()
	if len(texts) != TinyGeneration.Vocab {
		return nil, fmt.Errorf("tiny-gen tokenizer: %d tokens for a vocabulary of %d", len(texts), TinyGeneration.Vocab)
	}
	t, err := tokenizer.New(texts, types, nil, "default")
	if err != nil {
		return nil, fmt.Errorf("tiny-gen tokenizer: %w", err)
	}
	t.EOS = 0
	return t, nil
}

// TinyGenerationTokenizerGGUF is TinyGenerationTokenizer as a GGUF file
// holding only the tokenizer: what `aievm infer --prompt --tokenizer`
// reads.
func TinyGenerationTokenizerGGUF() ([]byte, error) {
	texts, types := tinyVocab()
	var w gguf.Writer
	w.Set("tokenizer.ggml.model", "gpt2")
	w.Set("tokenizer.ggml.tokens", texts)
	w.Set("tokenizer.ggml.token_type", types)
	w.Set("tokenizer.ggml.merges", []string{})
	w.Set("tokenizer.ggml.eos_token_id", uint32(0))
	var b bytes.Buffer
	if _, err := w.WriteTo(&b); err != nil {
		return nil, fmt.Errorf("tiny-gen tokenizer: %w", err)
	}
	return b.Bytes(), nil
}

// tinyVocab is TinyGeneration's vocabulary: texts and token types.
func tinyVocab() ([]string, []int32) {
	texts := []string{"<|endoftext|>"}
	types := []int32{tokenizer.TypeControl}
	for c := byte(' '); c <= '~'; c++ {
		texts = append(texts, tokenizer.ByteLevel(string(c)))
		types = append(types, tokenizer.TypeNormal)
	}
	return texts, types
}

// TinyGenerationChain is TinyGeneration's KV-cache chain: two stages of
// one layer, a cache of its 8 positions (DecoderStages).
func TinyGenerationChain() ([]*model.Model, error) {
	return DecoderStages(TinyGeneration, TinyGeneration.Seq, 1)
}

// DecoderWeights generates the decoder's named weights (GGUF names, engine
// layout) deterministically.
func DecoderWeights(c DecoderConfig) map[string]*tensor.Tensor {
	g := newGen(3)
	mats, norms := llama.MatrixNames(c.Config)
	names := make([]string, 0, len(mats))
	for n := range mats {
		names = append(names, n)
	}
	sort.Strings(names)
	w := map[string]*tensor.Tensor{}
	for _, n := range names {
		s := mats[n]
		w[n] = quantize(c.Weights, s, g.normal(s.Elements(), 0.05))
	}
	for _, n := range norms {
		w[n] = tensor.FromF32(tensor.Shape{c.Dim}, g.ones(c.Dim))
	}
	return w
}

// Decoder builds the example llama-style decoder (see llama.Build).
func Decoder(c DecoderConfig) (*model.Model, error) {
	switch c.Weights {
	case tensor.Q8_0, tensor.Q4_0, tensor.Q4_1, tensor.F16, tensor.F32:
	default:
		return nil, fmt.Errorf("decoder weights: %s not supported", c.Weights)
	}
	w := DecoderWeights(c)
	return llama.Build(c.Config, func(name string) (*tensor.Tensor, error) {
		if t, ok := w[name]; ok {
			return t, nil
		}
		return nil, fmt.Errorf("no weight %q", name)
	})
}

// DecoderStages builds the example decoder's KV-cache chain (see
// llama.BuildChain): positions cache positions, perStage layers a stage (0:
// as many as fit).
func DecoderStages(c DecoderConfig, positions, perStage int) ([]*model.Model, error) {
	w := DecoderWeights(c)
	return llama.BuildChain(c.Config, positions, perStage, func(name string) (*tensor.Tensor, error) {
		if t, ok := w[name]; ok {
			return t, nil
		}
		return nil, fmt.Errorf("no weight %q", name)
	})
}

// DecoderGGUF writes the example decoder as a llama GGUF file (no
// tokenizer beyond three tokens): what the importer's and the CLI's tests
// convert.
func DecoderGGUF(c DecoderConfig) ([]byte, error) {
	var w gguf.Writer
	w.Set("general.architecture", "llama")
	w.Set("general.name", c.Name)
	w.Set("llama.embedding_length", uint32(c.Dim))
	w.Set("llama.feed_forward_length", uint32(c.Hidden))
	w.Set("llama.block_count", uint32(c.Layers))
	w.Set("llama.attention.head_count", uint32(c.Heads))
	w.Set("llama.attention.head_count_kv", uint32(c.KVHeads))
	w.Set("llama.rope.freq_base", float32(c.Theta))
	w.Set("llama.attention.layer_norm_rms_epsilon", c.Eps)
	w.Set("tokenizer.ggml.tokens", []string{"<s>", "</s>", "a"})
	weights := DecoderWeights(c)
	names := make([]string, 0, len(weights))
	for n := range weights {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		w.Add(n, weights[n])
	}
	var b bytes.Buffer
	if _, err := w.WriteTo(&b); err != nil {
		return nil, fmt.Errorf("decoder gguf: %w", err)
	}
	return b.Bytes(), nil
}

// quantize stores float weights in dtype d with the engine's deterministic
// quantizers.
func quantize(d tensor.DType, s tensor.Shape, v []float32) *tensor.Tensor {
	t := &tensor.Tensor{DType: d, Shape: s}
	var err error
	switch d {
	case tensor.Q8_0:
		t.Data, err = tensor.QuantizeQ8_0(v)
	case tensor.Q4_0:
		t.Data, err = tensor.QuantizeQ4_0(v)
	case tensor.Q4_1:
		t.Data, err = tensor.QuantizeQ4_1(v)
	case tensor.F16:
		h := make([]uint16, len(v))
		for i, x := range v {
			h[i] = sf.F32ToF16(sf.FromFloat32(x))
		}
		t = tensor.FromU16(s, h)
	default:
		t = tensor.FromF32(s, v)
	}
	if err != nil {
		panic(err) // shapes are multiples of 32 by construction
	}
	return t
}

// All returns every example model by name.
func All() (map[string]func() (*model.Model, error), []string) {
	m := map[string]func() (*model.Model, error){
		"mlp":     MLP,
		"cnn":     CNN,
		"decoder": func() (*model.Model, error) { return Decoder(SmallDecoder) },
		"decoder-q4": func() (*model.Model, error) {
			c := SmallDecoder
			c.Name, c.Weights = "decoder-q4", tensor.Q4_0
			return Decoder(c)
		},
	}
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	sort.Strings(names)
	return m, names
}

// Benchmarks are All plus models that size the dispute game's worst steps:
// decoder-h128, the decoder with two heads of 128 floats (llama's head
// size; an attention step is a dot product or a row update of a head).
func Benchmarks() (map[string]func() (*model.Model, error), []string) {
	m, names := All()
	m["decoder-h128"] = func() (*model.Model, error) {
		c := SmallDecoder
		c.Name, c.Heads, c.KVHeads = "decoder-h128", 2, 1
		return Decoder(c)
	}
	names = append(names, "decoder-h128")
	sort.Strings(names)
	return m, names
}

// AttestMLP is a 4 -> 16 -> 16 -> 3 int8 classifier whose only output is
// its int8 logits: a model of the family package attest proves with Groth16
// (no float ops). Its argmax is the class.
func AttestMLP() (*model.Model, error) { return intMLP("mlp-attest", 3, []int{4, 16, 16, 3}) }

// AttestMNIST is a 784 -> 32 -> 10 int8 classifier of the same family, the
// size of an MNIST digit model, for the attestation figures.
func AttestMNIST() (*model.Model, error) { return intMLP("mnist-attest", 4, []int{784, 32, 10}) }

// Attestable returns the attestable example models by name.
func Attestable() (map[string]func() (*model.Model, error), []string) {
	return map[string]func() (*model.Model, error){"mlp-attest": AttestMLP, "mnist-attest": AttestMNIST},
		[]string{"mlp-attest", "mnist-attest"}
}

// intMLP chains qlinear layers of the given widths, ReLU on all but the last.
func intMLP(name string, seed uint64, widths []int) (*model.Model, error) {
	g := newGen(seed)
	b := model.NewBuilder(name)
	h := b.Input("x", tensor.I8, tensor.Shape{widths[0]})
	for i := 1; i < len(widths); i++ {
		h = qlinear(b, g, fmt.Sprintf("fc%d", i), h, widths[i-1], widths[i], i < len(widths)-1)
	}
	b.Output("logits", h)
	return b.Build()
}

// SampleBytes is SampleInput as the precompile takes it: the inputs'
// canonical bytes, concatenated.
func SampleBytes(m *model.Model, seed uint64) []byte {
	var b []byte
	for _, t := range SampleInput(m, seed) {
		b = append(b, t.Data...)
	}
	return b
}

// SampleInput returns a deterministic input for an example model, seeded by
// seed.
func SampleInput(m *model.Model, seed uint64) []*tensor.Tensor {
	g := newGen(100 + seed)
	var out []*tensor.Tensor
	for i, s := range m.Inputs {
		n := s.Shape.Elements()
		switch s.DType {
		case tensor.I8:
			out = append(out, tensor.FromI8(s.Shape, g.i8(n, 127)))
		case tensor.I32:
			// Ids below the rows of the embedding that reads this input
			// (token ids, or a position in a generation model).
			vocab := 1 << 30
			for _, nd := range m.Nodes {
				if nd.Op == model.OpEmbedding && nd.In[0] == i {
					vocab = min(vocab, m.ValueSpec(nd.In[1]).Shape[0])
				}
			}
			v := make([]int32, n)
			for i := range v {
				v[i] = int32(g.r.IntN(vocab))
			}
			out = append(out, tensor.FromI32(s.Shape, v))
		default:
			out = append(out, tensor.FromF32(s.Shape, g.normal(n, 1)))
		}
	}
	return out
}
