package examples

import (
	"sort"

	"github.com/aievm/aievm/opml/model"
	"github.com/aievm/aievm/opml/tensor"
)

// Adversarial returns models built to do as much work per gas as the format
// lets one: the rows of `aievm precompile bench` that show no call is
// cheaper per second of node time than ecrecover. Their weights are zero
// (the work does not depend on values).
func Adversarial() (map[string]func() (*model.Model, error), []string) {
	m := map[string]func() (*model.Model, error){
		// As many nodes as a model may have, each counting almost nothing: per-node overhead.
		"many-tiny-nodes": func() (*model.Model, error) {
			b := model.NewBuilder("many-tiny-nodes")
			x := b.Input("x", tensor.I8, tensor.Shape{1, 4, 4})
			for i := 0; i < model.MaxNodes-1; i++ {
				x = b.Unary("r", model.OpQRelu, x)
			}
			b.Output("y", x)
			return b.Build()
		},
		// A tree ensemble whose every walk visits the most nodes: 10000
		// trees sharing one chain of 63 branches, 16 rows.
		"deep-trees": func() (*model.Model, error) {
			const depth, trees, rows = model.MaxTreeDepth, 10000, 16
			b := model.NewBuilder("deep-trees")
			x := b.Input("x", tensor.F32, tensor.Shape{rows, 1})
			var nodes []int32
			for d := int32(0); d < depth-1; d++ {
				nodes = append(nodes, model.TreeLEQ, 0, 0x3f800000, d+1, d+1) // x <= 1: either way, one level down
			}
			nodes = append(nodes, model.TreeLeaf, 0, 1, 0, 0)
			b.Output("y", b.Node("t", model.OpTrees, []int64{depth, 0}, x,
				b.Const("nodes", tensor.FromI32(tensor.Shape{depth, model.TreeNodeWidth}, nodes)),
				b.Const("leaves", tensor.FromI32(tensor.Shape{1, model.TreeLeafWidth}, []int32{0, 0x3f800000})),
				b.Const("roots", tensor.FromI32(tensor.Shape{trees}, make([]int32, trees))),
				b.Const("base", tensor.New(tensor.F32, tensor.Shape{1}))))
			return b.Build()
		},
		// Normalizes by l2, which divides every element and takes a square
		// root per row, on rows of one element: the most rows per float op.
		"normalize-rows": func() (*model.Model, error) {
			b := model.NewBuilder("normalize-rows")
			x := b.Input("x", tensor.F32, tensor.Shape{1 << 14, 1})
			for i := 0; i < 64; i++ {
				x = b.Node("n", model.OpNormalize, []int64{model.NormL2}, x)
			}
			b.Output("y", x)
			return b.Build()
		},
		// Q4_1 blocks one per row (k = 32), the mins' part as dear as the
		// scales': the most per-block work per MAC.
		"q4_1-narrow": func() (*model.Model, error) {
			b := model.NewBuilder("q4_1-narrow")
			x := b.Input("x", tensor.F32, tensor.Shape{64, tensor.QK})
			w := b.Const("w", tensor.New(tensor.Q4_1, tensor.Shape{8192, tensor.QK}))
			b.Output("y", b.Node("mm", model.OpMatMul, nil, x, w))
			return b.Build()
		},
		// A strided convolution whose gathered operands dwarf its input.
		"large-im2col": func() (*model.Model, error) {
			b := model.NewBuilder("large-im2col")
			x := b.Input("x", tensor.I8, tensor.Shape{8, 124, 124}) // 120 KiB: its binding fits L1
			w := b.Const("w", tensor.New(tensor.I8, tensor.Shape{8, 8, 7, 7}))
			bias := b.Const("b", tensor.New(tensor.I32, tensor.Shape{8}))
			b.Output("y", b.QConv2D("c", x, w, bias, 2, 3, 1<<30, 31, false))
			return b.Build()
		},
		// A long embedding: megabytes of output for a few float ops.
		"embedding-heavy": func() (*model.Model, error) {
			b := model.NewBuilder("embedding-heavy")
			ids := b.Input("ids", tensor.I32, tensor.Shape{4096})
			table := b.Const("table", tensor.New(tensor.F32, tensor.Shape{16, 1024}))
			b.Output("y", b.Node("e", model.OpEmbedding, nil, ids, table))
			return b.Build()
		},
		// The most weight bytes touched per MAC: one row through a large layer.
		"weight-heavy": func() (*model.Model, error) {
			b := model.NewBuilder("weight-heavy")
			x := b.Input("x", tensor.I8, tensor.Shape{1, 4096})
			w := b.Const("w", tensor.New(tensor.I8, tensor.Shape{2048, 4096}))
			bias := b.Const("b", tensor.New(tensor.I32, tensor.Shape{2048}))
			b.Output("y", b.QLinear("l", x, w, bias, 1<<30, 31, false))
			return b.Build()
		},
		// The most prepared layout per weight byte: a one-column layer (each
		// int8 weight widens to a 16-lane int16 row, 32x).
		"one-column": func() (*model.Model, error) {
			b := model.NewBuilder("one-column")
			x := b.Input("x", tensor.I8, tensor.Shape{1, 1})
			w := b.Const("w", tensor.New(tensor.I8, tensor.Shape{1 << 22, 1}))
			bias := b.Const("b", tensor.New(tensor.I32, tensor.Shape{1 << 22}))
			b.Output("y", b.QLinear("l", x, w, bias, 1<<30, 31, false))
			return b.Build()
		},
		// A convolution whose tap layout dwarfs its weights (16-32x) and
		// whose output is one pixel.
		"wide-conv": func() (*model.Model, error) {
			b := model.NewBuilder("wide-conv")
			x := b.Input("x", tensor.I8, tensor.Shape{256, 3, 3})
			w := b.Const("w", tensor.New(tensor.I8, tensor.Shape{256, 256, 3, 3}))
			bias := b.Const("b", tensor.New(tensor.I32, tensor.Shape{256}))
			b.Output("y", b.QConv2D("c", x, w, bias, 1, 0, 1<<30, 31, false))
			return b.Build()
		},
	}
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	sort.Strings(names)
	return m, names
}
