// Package llama builds the engine graph of a llama-architecture decoder
// from named weights, using GGUF tensor names. The example decoder and the
// GGUF importer both build through it, so they describe one graph.
package llama

import (
	"fmt"
	"math"

	"github.com/aievm/aievm/opml/model"
	"github.com/aievm/aievm/opml/tensor"
)

// Config sizes a llama-style decoder.
type Config struct {
	Name    string
	Vocab   int
	Dim     int
	Hidden  int
	Layers  int
	Heads   int
	KVHeads int
	Seq     int // tokens per call: the model's fixed input length
	// TokenOnly drops the logits output, leaving the next token: what a
	// contract uses, and all the dispute oracle then stores per claim (a
	// large vocabulary's logits, 196 KB for 49152 tokens, do not fit in an
	// L1 transaction's gas).
	TokenOnly bool
	// LastInput adds a second input, last i32[1]: the position whose next
	// token is predicted. One model then serves every prompt of up to Seq
	// tokens, right-padded with any valid ids: causal attention keeps the
	// padding out of earlier positions. A contract generating across calls
	// appends each token and moves last on.
	LastInput bool
	Theta     float64
	Eps       float32
}

// Validate checks that the sizes describe a buildable model.
func (c Config) Validate() error {
	switch {
	case c.Vocab < 1 || c.Dim < 1 || c.Hidden < 1 || c.Layers < 1 || c.Seq < 1:
		return fmt.Errorf("llama config: sizes must be positive: %+v", c)
	case c.Heads < 1 || c.KVHeads < 1 || c.Dim%c.Heads != 0 || c.Heads%c.KVHeads != 0:
		return fmt.Errorf("llama config: %d heads and %d kv heads do not divide dim %d", c.Heads, c.KVHeads, c.Dim)
	case (c.Dim/c.Heads)%2 != 0:
		return fmt.Errorf("llama config: head size %d is odd (RoPE needs pairs)", c.Dim/c.Heads)
	case !(c.Theta > 0) || math.IsInf(c.Theta, 0) || !(c.Eps > 0):
		return fmt.Errorf("llama config: theta %g and eps %g must be positive", c.Theta, c.Eps)
	}
	return nil
}

// Weights returns a weight by its GGUF name, already in engine layout
// ([out, in] for matrices).
type Weights func(name string) (*tensor.Tensor, error)

// Build returns the decoder: token ids i32[Seq] in (and last i32[1] with
// LastInput); the logits of the last position (or of position last)
// f32[1,Vocab] (unless TokenOnly) and the argmax next token i32[1] out. The
// output projection is "output.weight", or the token embedding when absent
// (tied).
func Build(c Config, w Weights) (*model.Model, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	g := newGraph(c.Name, w)
	b := g.b
	ids := b.Input("tokens", tensor.I32, tensor.Shape{c.Seq})
	var pos model.Value
	if c.LastInput {
		pos = b.Input("last", tensor.I32, tensor.Shape{1})
	}
	embd := g.get("token_embd.weight", c.Vocab, c.Dim)
	x := b.Binary("embed", model.OpEmbedding, ids, embd)
	for l := 0; l < c.Layers; l++ {
		x = g.layer(c, l, x, func(p string, q, k, v model.Value) model.Value {
			q = b.RoPE(p+"rope_q", q, c.Heads, c.Theta)
			k = b.RoPE(p+"rope_k", k, c.KVHeads, c.Theta)
			return b.Attention(p+"attn", q, k, v, c.Heads, c.KVHeads)
		})
	}
	x = b.RMSNorm("output_norm", x, g.get("output_norm.weight", c.Dim), c.Eps)
	var last model.Value
	if c.LastInput {
		// Row last of the hidden states: the embedding op gathers a row of
		// any table, and refuses a position past Seq.
		last = b.Binary("take_last", model.OpEmbedding, pos, x)
	} else {
		last = b.Unary("last", model.OpTakeLast, x)
	}
	g.head(c, last, embd)
	return g.build()
}

// graph builds a decoder's graph from named weights, keeping the first
// weight error for build.
type graph struct {
	name string
	b    *model.Builder
	w    Weights
	err  error
}

func newGraph(name string, w Weights) *graph {
	return &graph{name: name, b: model.NewBuilder(name), w: w}
}

// get adds weight name as a constant, checking its shape.
func (g *graph) get(name string, shape ...int) model.Value {
	t, e := g.w(name)
	if e != nil {
		if g.err == nil {
			g.err = fmt.Errorf("weight %s: %w", name, e)
		}
		return 0
	}
	if !t.Shape.Equal(tensor.Shape(shape)) && g.err == nil {
		g.err = fmt.Errorf("weight %s has shape %v, config needs %v", name, t.Shape, shape)
	}
	return g.b.Const(name, t)
}

// attend turns layer p's projections q, k and v into the attention's
// output rows: RoPE and causal attention over the whole sequence (Build),
// or over a cache (BuildStage).
type attend func(p string, q, k, v model.Value) model.Value

// layer adds decoder layer l to the hidden rows x: attention through att,
// then the SiLU-gated MLP, each with its residual.
func (g *graph) layer(c Config, l int, x model.Value, att attend) model.Value {
	b := g.b
	dh := c.Dim / c.Heads
	p := fmt.Sprintf("blk.%d.", l)
	a := b.RMSNorm(p+"attn_norm", x, g.get(p+"attn_norm.weight", c.Dim), c.Eps)
	q := b.Binary(p+"attn_q", model.OpMatMul, a, g.get(p+"attn_q.weight", c.Dim, c.Dim))
	k := b.Binary(p+"attn_k", model.OpMatMul, a, g.get(p+"attn_k.weight", c.KVHeads*dh, c.Dim))
	v := b.Binary(p+"attn_v", model.OpMatMul, a, g.get(p+"attn_v.weight", c.KVHeads*dh, c.Dim))
	o := att(p, q, k, v)
	o = b.Binary(p+"attn_output", model.OpMatMul, o, g.get(p+"attn_output.weight", c.Dim, c.Dim))
	x = b.Binary(p+"attn_residual", model.OpAdd, x, o)
	f := b.RMSNorm(p+"ffn_norm", x, g.get(p+"ffn_norm.weight", c.Dim), c.Eps)
	gate := b.Binary(p+"ffn_gate", model.OpMatMul, f, g.get(p+"ffn_gate.weight", c.Hidden, c.Dim))
	up := b.Binary(p+"ffn_up", model.OpMatMul, f, g.get(p+"ffn_up.weight", c.Hidden, c.Dim))
	h := b.Binary(p+"ffn_swiglu", model.OpMul, b.Unary(p+"ffn_silu", model.OpSiLU, gate), up)
	down := b.Binary(p+"ffn_down", model.OpMatMul, h, g.get(p+"ffn_down.weight", c.Dim, c.Hidden))
	return b.Binary(p+"ffn_residual", model.OpAdd, x, down)
}

// head adds the output projection of the normalized row last ("output.weight",
// or the token embedding embd when absent: tied) and the argmax: the
// outputs logits (unless TokenOnly) and next_token.
func (g *graph) head(c Config, last, embd model.Value) {
	b := g.b
	head := embd
	if _, e := g.w("output.weight"); e == nil {
		head = g.get("output.weight", c.Vocab, c.Dim)
	}
	logits := b.Binary("output", model.OpMatMul, last, head)
	if !c.TokenOnly {
		b.Output("logits", logits)
	}
	b.Output("next_token", b.Unary("argmax", model.OpArgmax, logits))
}

func (g *graph) build() (*model.Model, error) {
	if g.err != nil {
		return nil, fmt.Errorf("build %s: %w", g.name, g.err)
	}
	return g.b.Build()
}

// MatrixNames lists the matrix weights of a config, in build order, with
// their engine shapes; norms are rank-1 vectors of Dim.
func MatrixNames(c Config) (mats map[string]tensor.Shape, norms []string) {
	dh := c.Dim / c.Heads
	mats = map[string]tensor.Shape{
		"token_embd.weight": {c.Vocab, c.Dim},
		"output.weight":     {c.Vocab, c.Dim},
	}
	norms = []string{"output_norm.weight"}
	for l := 0; l < c.Layers; l++ {
		p := fmt.Sprintf("blk.%d.", l)
		mats[p+"attn_q.weight"] = tensor.Shape{c.Dim, c.Dim}
		mats[p+"attn_k.weight"] = tensor.Shape{c.KVHeads * dh, c.Dim}
		mats[p+"attn_v.weight"] = tensor.Shape{c.KVHeads * dh, c.Dim}
		mats[p+"attn_output.weight"] = tensor.Shape{c.Dim, c.Dim}
		mats[p+"ffn_gate.weight"] = tensor.Shape{c.Hidden, c.Dim}
		mats[p+"ffn_up.weight"] = tensor.Shape{c.Hidden, c.Dim}
		mats[p+"ffn_down.weight"] = tensor.Shape{c.Dim, c.Hidden}
		norms = append(norms, p+"attn_norm.weight", p+"ffn_norm.weight")
	}
	return mats, norms
}
