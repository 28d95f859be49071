package llama

import (
	"errors"
	"fmt"

	"github.com/aievm/aievm/opml/model"
	"github.com/aievm/aievm/opml/tensor"
)

// A KV-cache chain runs a decoder one position at a time: each call
// computes the new position's row only, reading the keys and values of the
// earlier positions from a cache that the caller keeps and passes in, so a
// token costs one row of every matmul instead of a whole sequence's. The
// cache of a whole model is too large for one call's input (SmolLM2-135M's
// is 46,080 bytes a position, against the engine's 128 KiB of input), so
// the layers are split into stages, each a model of its own whose input
// holds its layers' cache only:
//
//   - inputs: token i32[1] (the first stage) or hidden f32[1, Dim] (the
//     others), then pos i32[1], then cache f32[2·L·P, KV] (L layers, P
//     positions, KV = KVHeads·head size): layer i's keys at rows
//     [2i·P, 2i·P+P), its values at rows [(2i+1)·P, (2i+2)·P), position j
//     at row j of each;
//   - outputs: hidden f32[1, Dim] (or, from the last stage, logits unless
//     TokenOnly and next_token i32[1]), then kv f32[2L, KV]: layer i's new
//     key (after RoPE) at row 2i and its new value at row 2i+1, which the
//     caller writes into the cache at row pos.
//
// Rows before pos must hold the earlier positions' rows. Row pos is
// multiplied by zero before the new row is added, so it must be a finite
// number (zeros, as a fresh cache holds; an infinity or NaN there makes
// the token wrong); rows after pos are never read. A pos outside [0, P) is
// refused as an input error. For finite activations the chain's next
// token and logits are bit for bit those of Build's model at the same
// position (generate's TestChainMatchesGenerationModel): every op is
// row-wise, the new row is placed at row pos of a P-row matrix (a one-hot
// matmul, exact) so that RoPE rotates it by its position and causal
// attention reads rows 0 to pos, and rows before pos are the cache's (a
// multiply by one, an addition of zero). The price is attention and RoPE over P rows, small
// next to the matmuls for SmolLM2 at 16 positions (its 140M MACs a
// position), growing with P² (comparable to the matmuls near P = 80).

// Stage is one model of a KV-cache chain: Layers layers from First, with a
// cache of Positions positions.
type Stage struct {
	First, Layers, Positions int
}

// Stages splits c's layers into stages of perStage layers (the last may
// have fewer), each with a cache of positions positions.
func Stages(c Config, positions, perStage int) ([]Stage, error) {
	if positions < 1 || perStage < 1 {
		return nil, fmt.Errorf("kv cache: %d positions and %d layers a stage must be positive", positions, perStage)
	}
	var s []Stage
	for l := 0; l < c.Layers; l += perStage {
		s = append(s, Stage{First: l, Layers: min(perStage, c.Layers-l), Positions: positions})
	}
	return s, nil
}

// BuildChain builds c's KV-cache chain of positions positions with w's
// weights: perStage layers a stage, or with perStage 0 as many as keep
// every stage a valid model whose claims fit an L1 transaction (the most
// MaxLayersPerStage allows, then fewer). A stage whose claim (its input
// and outputs) would not fit an L1 transaction (model.MaxL1TxBytes) is
// refused: the opML game could never settle its calls.
func BuildChain(c Config, positions, perStage int, w Weights) ([]*model.Model, error) {
	switch {
	case perStage < 0:
		return nil, fmt.Errorf("kv chain: %d layers a stage", perStage)
	case perStage > 0:
		return buildChain(c, positions, perStage, w)
	}
	most := MaxLayersPerStage(c, positions)
	if most < 1 {
		return nil, fmt.Errorf("kv chain: no layer's cache of %d positions fits a call's input of %d bytes", positions, model.MaxInputBytes)
	}
	var err error
	for per := most; per >= 1; per-- {
		var ms []*model.Model
		if ms, err = buildChain(c, positions, per, w); err == nil {
			return ms, nil
		}
		if !errors.Is(err, model.ErrInvalid) && !errors.Is(err, errClaim) {
			return nil, err
		}
	}
	return nil, fmt.Errorf("kv chain: no split fits: %w", err)
}

// errClaim marks a stage whose claim would not fit an L1 transaction.
var errClaim = errors.New("a claim of its input and outputs would not fit an L1 transaction")

func buildChain(c Config, positions, perStage int, w Weights) ([]*model.Model, error) {
	stages, err := Stages(c, positions, perStage)
	if err != nil {
		return nil, err
	}
	var ms []*model.Model
	for i, s := range stages {
		m, err := BuildStage(c, s, w)
		if err != nil {
			return nil, fmt.Errorf("stage %d: %w", i, err)
		}
		if claim, _ := m.L1CallBytes(); claim > model.MaxL1TxBytes {
			return nil, fmt.Errorf("stage %d (%d layers): %w (%d bytes, over %d): use fewer layers a stage", i, s.Layers, errClaim, claim, model.MaxL1TxBytes)
		}
		ms = append(ms, m)
	}
	return ms, nil
}

// CacheRows is the rows of a stage's cache input (2·Layers·Positions).
func (s Stage) CacheRows() int { return 2 * s.Layers * s.Positions }

// KVWidth is a cache row's width: the key (or value) of every kv head.
func (c Config) KVWidth() int { return c.KVHeads * (c.Dim / c.Heads) }

// BuildStage returns stage s of c's KV-cache chain (see above). c.Seq and
// c.LastInput are not used; c.TokenOnly applies to the last stage.
func BuildStage(c Config, s Stage, w Weights) (*model.Model, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	if s.First < 0 || s.Layers < 1 || s.Positions < 1 || s.Positions > MaxStagePositions || s.First+s.Layers > c.Layers {
		return nil, fmt.Errorf("kv stage: layers [%d, %d) and %d positions (1 to %d) for a model of %d layers", s.First, s.First+s.Layers, s.Positions, MaxStagePositions, c.Layers)
	}
	first, last := s.First == 0, s.First+s.Layers == c.Layers
	g := newGraph(fmt.Sprintf("%s.kv%d.%d-%d", c.Name, s.Positions, s.First, s.First+s.Layers-1), w)
	b := g.b
	kvw, p := c.KVWidth(), s.Positions
	var x, embd model.Value
	if first {
		tok := b.Input("token", tensor.I32, tensor.Shape{1})
		embd = g.get("token_embd.weight", c.Vocab, c.Dim)
		x = b.Binary("embed", model.OpEmbedding, tok, embd)
	} else {
		x = b.Input("hidden", tensor.F32, tensor.Shape{1, c.Dim})
	}
	pos := b.Input("pos", tensor.I32, tensor.Shape{1})
	cache := b.Input("cache", tensor.F32, tensor.Shape{s.CacheRows(), kvw})

	// The one-hot column of pos, [P, 1]: a row of the identity (the
	// embedding refuses a pos outside [0, P)); and the cache's keep mask,
	// [P, KV]: ones on the rows before pos, zeros from pos on.
	ident, before := make([]float32, p*p), make([]float32, p*p)
	for i := 0; i < p; i++ {
		ident[i*p+i] = 1
		for j := 0; j < i; j++ {
			before[i*p+j] = 1
		}
	}
	ones := make([]float32, kvw)
	for i := range ones {
		ones[i] = 1
	}
	hot := b.Reshape("pos_onehot", b.Binary("pos_row", model.OpEmbedding, pos,
		b.Const("kv.identity", tensor.FromF32(tensor.Shape{p, p}, ident))), p, 1)
	keepCol := b.Reshape("keep_col", b.Binary("keep_row", model.OpEmbedding, pos,
		b.Const("kv.before", tensor.FromF32(tensor.Shape{p, p}, before))), p, 1)
	keep := b.Binary("keep", model.OpMatMul, keepCol, b.Const("kv.ones", tensor.FromF32(tensor.Shape{kvw, 1}, ones)))
	// place puts row r [1, n] at row pos of a [P, n] matrix of zeros.
	place := func(name string, r model.Value, n int) model.Value {
		return b.Binary(name, model.OpMatMul, hot, b.Reshape(name+"_col", r, n, 1))
	}

	var kv model.Value
	for i := 0; i < s.Layers; i++ {
		x = g.layer(c, s.First+i, x, func(pre string, q, k, v model.Value) model.Value {
			q = b.RoPE(pre+"rope_q", place(pre+"q_at_pos", q, c.Dim), c.Heads, c.Theta)
			k = b.RoPE(pre+"rope_k", place(pre+"k_at_pos", k, kvw), c.KVHeads, c.Theta)
			v = place(pre+"v_at_pos", v, kvw)
			kc := b.Node(pre+"cache_k", model.OpSlice, []int64{int64(2 * i * p), int64(p), 0, int64(kvw)}, cache)
			vc := b.Node(pre+"cache_v", model.OpSlice, []int64{int64((2*i + 1) * p), int64(p), 0, int64(kvw)}, cache)
			kf := b.Binary(pre+"keys", model.OpAdd, b.Binary(pre+"cache_k_kept", model.OpMul, kc, keep), k)
			vf := b.Binary(pre+"values", model.OpAdd, b.Binary(pre+"cache_v_kept", model.OpMul, vc, keep), v)
			rows := b.Binary(pre+"new_kv", model.OpConcat,
				b.Binary(pre+"new_k", model.OpEmbedding, pos, k), b.Binary(pre+"new_v", model.OpEmbedding, pos, v))
			if i == 0 {
				kv = rows
			} else {
				kv = b.Binary(pre+"kv", model.OpConcat, kv, rows)
			}
			o := b.Attention(pre+"attn", q, kf, vf, c.Heads, c.KVHeads)
			return b.Binary(pre+"attn_row", model.OpEmbedding, pos, o)
		})
	}
	if last {
		x = b.RMSNorm("output_norm", x, g.get("output_norm.weight", c.Dim), c.Eps)
		if !first {
			embd = 0
			if _, e := w("output.weight"); e != nil { // tied: the head is the embedding
				embd = g.get("token_embd.weight", c.Vocab, c.Dim)
			}
		}
		g.head(c, x, embd)
	} else {
		b.Output("hidden", x)
	}
	b.Output("kv", kv)
	return g.build()
}

// A stage's graph has stageNodes plus layerNodes a layer at most
// (TestStageNodes): the one-hot and keep mask, the embedding in the first
// stage, the norm, head and argmax in the last.
const (
	layerNodes = 33
	stageNodes = 8
)

// MaxStagePositions bounds a chain's cache positions: a stage holds two
// P×P binary32 tables (64 MiB each at the bound), and BuildStage refuses
// more before allocating them.
const MaxStagePositions = 4096

// MaxLayersPerStage is an upper bound on the layers a stage of c with
// positions cache positions can hold: its input (hidden row, pos and
// cache) within model.MaxInputBytes, its graph within model.MaxNodes; or 0
// if not even one layer fits. A stage that large may still fail other
// bounds (its binding or claim within an L1 transaction): BuildChain with
// perStage 0 finds the most that fit.
func MaxLayersPerStage(c Config, positions int) int {
	x := 4 * max(c.Dim, 1) // hidden f32[1, Dim] (a token is less)
	perLayer := 2 * positions * c.KVWidth() * 4
	if perLayer <= 0 || positions > MaxStagePositions {
		return 0
	}
	return max(0, min((model.MaxInputBytes-x-4)/perLayer, (model.MaxNodes-stageNodes)/layerNodes))
}
