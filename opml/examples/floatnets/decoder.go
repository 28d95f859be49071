package floatnets

import (
	"fmt"
	"math"

	"github.com/aievm/aievm/opml/llama"
	"github.com/aievm/aievm/opml/onnx"
	"github.com/aievm/aievm/opml/tensor"
)

// DecoderONNX writes a llama decoder as a float ONNX graph (opset 13) with
// the given weights dequantized to float32, so ONNX Runtime runs the same
// network and weights as the engine: token ids int32[Seq] in, the last
// position's logits f32[1,Vocab] out. RoPE uses precomputed cos/sin tables
// and a fixed pair-rotation matrix; attention is causal through an additive
// mask. ORT evaluates it in float32 without the engine's activation
// quantization, so logits differ by the quantization error.
func DecoderONNX(c llama.Config, weights map[string]*tensor.Tensor) (*onnx.Model, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	g := &graphBuilder{}
	dh := c.Dim / c.Heads
	get := func(name string) (*tensor.Tensor, error) {
		t, ok := weights[name]
		if !ok {
			return nil, fmt.Errorf("decoder onnx: no weight %s", name)
		}
		return t, nil
	}
	// matrix adds W^T [in, out] for MatMul(x, W^T).
	matrix := func(name string) (string, error) {
		t, err := get(name)
		if err != nil {
			return "", err
		}
		v := tensor.Dequantize(t)
		rows, cols := t.Shape[0], t.Shape[1]
		tr := make([]float32, len(v))
		for r := 0; r < rows; r++ {
			for k := 0; k < cols; k++ {
				tr[k*rows+r] = v[r*cols+k]
			}
		}
		return g.init(onnx.FloatTensor(name+".T", []int64{int64(cols), int64(rows)}, tr)), nil
	}
	vector := func(name string) (string, error) {
		t, err := get(name)
		if err != nil {
			return "", err
		}
		return g.init(onnx.FloatTensor(name, []int64{int64(t.Shape[0])}, tensor.Dequantize(t))), nil
	}
	embd, err := get("token_embd.weight")
	if err != nil {
		return nil, err
	}
	embName := g.init(onnx.FloatTensor("token_embd", []int64{int64(c.Vocab), int64(c.Dim)}, tensor.Dequantize(embd)))
	eps := g.init(onnx.FloatTensor("eps", nil, []float32{c.Eps}))
	rmsnorm := func(x, w string) string {
		ms := g.node("ReduceMean", []string{g.node("Mul", []string{x, x}, nil)}, map[string]onnx.Attr{"axes": onnx.Ints(-1), "keepdims": onnx.Int(1)})
		r := g.node("Sqrt", []string{g.node("Add", []string{ms, eps}, nil)}, nil)
		return g.node("Mul", []string{g.node("Div", []string{x, r}, nil), w}, nil)
	}
	ropeTables := func(heads int) (cosName, sinName, rotName string) {
		width := heads * dh
		cs, sn := make([]float32, c.Seq*width), make([]float32, c.Seq*width)
		for t := 0; t < c.Seq; t++ {
			for h := 0; h < heads; h++ {
				for i := 0; i < dh/2; i++ {
					a := float64(t) * math.Pow(c.Theta, -2*float64(i)/float64(dh))
					o := t*width + h*dh + 2*i
					cs[o], cs[o+1] = float32(math.Cos(a)), float32(math.Cos(a))
					sn[o], sn[o+1] = float32(math.Sin(a)), float32(math.Sin(a))
				}
			}
		}
		rot := make([]float32, width*width) // x @ rot: (x0, x1) -> (-x1, x0)
		for p := 0; p < width; p += 2 {
			rot[(p+1)*width+p] = -1
			rot[p*width+p+1] = 1
		}
		dims := []int64{int64(c.Seq), int64(width)}
		return g.init(onnx.FloatTensor(fmt.Sprintf("rope_cos_%d", heads), dims, cs)),
			g.init(onnx.FloatTensor(fmt.Sprintf("rope_sin_%d", heads), dims, sn)),
			g.init(onnx.FloatTensor(fmt.Sprintf("rope_rot_%d", heads), []int64{int64(width), int64(width)}, rot))
	}
	qcos, qsin, qrot := ropeTables(c.Heads)
	kcos, ksin, krot := ropeTables(c.KVHeads)
	rope := func(x, cs, sn, rot string) string {
		return g.node("Add", []string{g.node("Mul", []string{x, cs}, nil),
			g.node("Mul", []string{g.node("MatMul", []string{x, rot}, nil), sn}, nil)}, nil)
	}
	mask := make([]float32, c.Seq*c.Seq)
	for i := 0; i < c.Seq; i++ {
		for j := i + 1; j < c.Seq; j++ {
			mask[i*c.Seq+j] = -1e9
		}
	}
	maskName := g.init(onnx.FloatTensor("causal_mask", []int64{int64(c.Seq), int64(c.Seq)}, mask))
	scale := g.init(onnx.FloatTensor("attn_scale", nil, []float32{float32(1 / math.Sqrt(float64(dh)))}))
	shape := func(name string, dims ...int64) string {
		return g.init(onnx.IntTensor(name, onnx.Int64, []int64{int64(len(dims))}, dims))
	}
	qShape := shape("q_shape", int64(c.Seq), int64(c.Heads), int64(dh))
	kvShape := shape("kv_shape", int64(c.Seq), int64(c.KVHeads), int64(dh))
	outShape := shape("attn_out_shape", int64(c.Seq), int64(c.Dim))
	groups := make([]int64, c.Heads)
	for h := range groups {
		groups[h] = int64(h / (c.Heads / c.KVHeads))
	}
	kvIndex := g.init(onnx.IntTensor("kv_heads", onnx.Int64, []int64{int64(c.Heads)}, groups))
	heads := func(x, shp string) string { // [T, n*dh] -> [n, T, dh]
		return g.node("Transpose", []string{g.node("Reshape", []string{x, shp}, nil)}, map[string]onnx.Attr{"perm": onnx.Ints(1, 0, 2)})
	}

	x := g.node("Gather", []string{embName, "tokens"}, map[string]onnx.Attr{"axis": onnx.Int(0)})
	for l := 0; l < c.Layers; l++ {
		p := fmt.Sprintf("blk.%d.", l)
		names := map[string]string{}
		for _, m := range []string{"attn_q", "attn_k", "attn_v", "attn_output", "ffn_gate", "ffn_up", "ffn_down"} {
			if names[m], err = matrix(p + m + ".weight"); err != nil {
				return nil, err
			}
		}
		an, err := vector(p + "attn_norm.weight")
		if err != nil {
			return nil, err
		}
		fn, err := vector(p + "ffn_norm.weight")
		if err != nil {
			return nil, err
		}
		a := rmsnorm(x, an)
		q := rope(g.node("MatMul", []string{a, names["attn_q"]}, nil), qcos, qsin, qrot)
		k := rope(g.node("MatMul", []string{a, names["attn_k"]}, nil), kcos, ksin, krot)
		v := g.node("MatMul", []string{a, names["attn_v"]}, nil)
		qh := heads(q, qShape)
		kh := g.node("Gather", []string{heads(k, kvShape), kvIndex}, map[string]onnx.Attr{"axis": onnx.Int(0)})
		vh := g.node("Gather", []string{heads(v, kvShape), kvIndex}, map[string]onnx.Attr{"axis": onnx.Int(0)})
		kt := g.node("Transpose", []string{kh}, map[string]onnx.Attr{"perm": onnx.Ints(0, 2, 1)})
		s := g.node("Add", []string{g.node("Mul", []string{g.node("MatMul", []string{qh, kt}, nil), scale}, nil), maskName}, nil)
		pr := g.node("Softmax", []string{s}, map[string]onnx.Attr{"axis": onnx.Int(-1)})
		o := g.node("Transpose", []string{g.node("MatMul", []string{pr, vh}, nil)}, map[string]onnx.Attr{"perm": onnx.Ints(1, 0, 2)})
		o = g.node("MatMul", []string{g.node("Reshape", []string{o, outShape}, nil), names["attn_output"]}, nil)
		x = g.node("Add", []string{x, o}, nil)
		f := rmsnorm(x, fn)
		gate := g.node("MatMul", []string{f, names["ffn_gate"]}, nil)
		silu := g.node("Mul", []string{gate, g.node("Sigmoid", []string{gate}, nil)}, nil)
		up := g.node("MatMul", []string{f, names["ffn_up"]}, nil)
		x = g.node("Add", []string{x, g.node("MatMul", []string{g.node("Mul", []string{silu, up}, nil), names["ffn_down"]}, nil)}, nil)
	}
	on, err := vector("output_norm.weight")
	if err != nil {
		return nil, err
	}
	x = rmsnorm(x, on)
	starts, ends, axes := shape("last_start", int64(c.Seq-1)), shape("last_end", int64(c.Seq)), shape("last_axis", 0)
	last := g.node("Slice", []string{x, starts, ends, axes}, nil)
	head := "output.weight"
	if _, ok := weights[head]; !ok {
		head = "token_embd.weight"
	}
	hw, err := matrix(head)
	if err != nil {
		return nil, err
	}
	g.node("MatMul", []string{last, hw}, nil)
	g.nodes[len(g.nodes)-1].Outputs[0] = "logits" // the graph output's name
	return &onnx.Model{IRVersion: 8, Opset: 13, Producer: "aievm floatnets", Graph: onnx.Graph{
		Name:         c.Name,
		Nodes:        g.nodes,
		Initializers: g.inits,
		Inputs:       []onnx.ValueInfo{{Name: "tokens", ElemType: onnx.Int32, Shape: []int64{int64(c.Seq)}}},
		Outputs:      []onnx.ValueInfo{{Name: "logits", ElemType: onnx.Float, Shape: []int64{1, int64(c.Vocab)}}},
	}}, nil
}

// graphBuilder names nodes and collects initializers.
type graphBuilder struct {
	nodes []onnx.Node
	inits []*onnx.Tensor
	n     int
}

func (g *graphBuilder) init(t *onnx.Tensor) string {
	g.inits = append(g.inits, t)
	return t.Name
}

func (g *graphBuilder) node(op string, in []string, attrs map[string]onnx.Attr) string {
	g.n++
	name := fmt.Sprintf("%s_%d", op, g.n)
	if attrs == nil {
		attrs = map[string]onnx.Attr{}
	}
	g.nodes = append(g.nodes, onnx.Node{Name: name, OpType: op, Inputs: in, Outputs: []string{name}, Attrs: attrs})
	return name
}
