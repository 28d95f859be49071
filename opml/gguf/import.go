package gguf

import (
	"fmt"

	"github.com/aievm/aievm/opml/llama"
	"github.com/aievm/aievm/opml/model"
	"github.com/aievm/aievm/opml/tensor"
)

// ImportOptions adjust an import.
type ImportOptions struct {
	Seq  int    // tokens per call (the model's input length); default 16
	Name string // model name; default general.name or "llama"
	// TokenOnly makes the next token the only output (llama.Config.TokenOnly).
	TokenOnly bool
	// LastInput adds the input last, the position whose next token is
	// predicted (llama.Config.LastInput): a model for generation.
	LastInput bool
}

// ForGeneration are the options of a generation model of seq positions
// (`aievm model convert --generate`): the next token after position last,
// its only output.
func ForGeneration(seq int) ImportOptions {
	return ImportOptions{Seq: seq, TokenOnly: true, LastInput: true}
}

func (g *File) uintKey(key string) (int, error) {
	v, ok := g.Metadata[key]
	if !ok {
		return 0, fmt.Errorf("metadata %s missing", key)
	}
	switch x := v.(type) {
	case uint32:
		return int(x), nil
	case int32:
		return int(x), nil
	case uint64:
		return int(x), nil
	}
	return 0, fmt.Errorf("metadata %s has type %T, want an integer", key, v)
}

func (g *File) floatKey(key string, def float32) (float32, error) {
	v, ok := g.Metadata[key]
	if !ok {
		return def, nil
	}
	if f, ok := v.(float32); ok {
		return f, nil
	}
	return 0, fmt.Errorf("metadata %s has type %T, want float32", key, v)
}

// LlamaConfig reads the llama.* metadata.
func (g *File) LlamaConfig(opts ImportOptions) (llama.Config, error) {
	var c llama.Config
	if a, _ := g.Metadata["general.architecture"].(string); a != "llama" {
		return c, fmt.Errorf("architecture %q is not supported (llama is)", a)
	}
	var err error
	ints := []struct {
		dst *int
		key string
	}{
		{&c.Dim, "llama.embedding_length"}, {&c.Hidden, "llama.feed_forward_length"},
		{&c.Layers, "llama.block_count"}, {&c.Heads, "llama.attention.head_count"},
	}
	for _, f := range ints {
		if *f.dst, err = g.uintKey(f.key); err != nil {
			return c, err
		}
	}
	c.KVHeads = c.Heads
	if _, ok := g.Metadata["llama.attention.head_count_kv"]; ok {
		if c.KVHeads, err = g.uintKey("llama.attention.head_count_kv"); err != nil {
			return c, err
		}
	}
	theta, err := g.floatKey("llama.rope.freq_base", 10000)
	if err != nil {
		return c, err
	}
	if c.Eps, err = g.floatKey("llama.attention.layer_norm_rms_epsilon", 1e-5); err != nil {
		return c, err
	}
	c.Theta = float64(theta)
	for _, t := range g.Tensors {
		if t.Name == "token_embd.weight" && len(t.Dims) == 2 {
			c.Vocab = int(t.Dims[1])
		}
	}
	if c.Vocab == 0 {
		return c, fmt.Errorf("tensor token_embd.weight missing or not a matrix")
	}
	c.Seq, c.TokenOnly, c.LastInput = opts.Seq, opts.TokenOnly, opts.LastInput
	if c.Seq == 0 {
		c.Seq = 16
	}
	c.Name = opts.Name
	if c.Name == "" {
		c.Name, _ = g.Metadata["general.name"].(string)
		if c.Name == "" {
			c.Name = "llama"
		}
	}
	return c, c.Validate()
}

// ImportLlama converts a llama-architecture GGUF into an engine model. Q8_0,
// Q4_0 and Q4_1 weights are kept bit for bit; F32 and F16 matrices are kept as
// they are (the matmul runs them in binary32); norms must be F32.
func ImportLlama(g *File, opts ImportOptions) (*model.Model, error) {
	c, err := g.LlamaConfig(opts)
	if err != nil {
		return nil, fmt.Errorf("import llama: %w", err)
	}
	m, err := llama.Build(c, g.weights)
	if err != nil {
		return nil, fmt.Errorf("import llama: %w", err)
	}
	return m, nil
}

// weights reads a weight for llama's builders: as stored, norms widened
// exactly to F32 when F16.
func (g *File) weights(name string) (*tensor.Tensor, error) {
	t, err := g.Tensor(name)
	if err != nil {
		return nil, err
	}
	if len(t.Shape) == 1 && t.DType == tensor.F16 { // norms: widen exactly to F32
		t = tensor.FromF32(t.Shape, tensor.Dequantize(t))
	}
	return t, nil
}

// ImportStages converts a llama-architecture GGUF into the stages of a
// KV-cache chain (llama.BuildChain): positions cache positions, perStage
// layers a stage (0: as many as fit). opts.Seq and opts.LastInput are not
// used.
func ImportStages(g *File, opts ImportOptions, positions, perStage int) ([]*model.Model, error) {
	c, err := g.LlamaConfig(opts)
	if err != nil {
		return nil, fmt.Errorf("import llama stages: %w", err)
	}
	ms, err := llama.BuildChain(c, positions, perStage, g.weights)
	if err != nil {
		return nil, fmt.Errorf("import llama stages: %w", err)
	}
	return ms, nil
}
