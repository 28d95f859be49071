package exec

import (
	"math"

	"github.com/aievm/aievm/opml/model"
	sf "github.com/aievm/aievm/opml/softfloat"
	"github.com/aievm/aievm/opml/tensor"
)

// fkey orders binary32 bit patterns as the values compare: for a and b
// not NaN, a < b iff fkey(a) < fkey(b), and -0 and +0 share a key. Both
// paths compare thresholds this way (it is exact, and as fast as hardware).
func fkey(x sf.F32) uint32 {
	u := uint32(x)
	if u == 0x80000000 {
		u = 0
	}
	if u&0x80000000 != 0 {
		return ^u
	}
	return u | 0x80000000
}

// treeBranch reports whether a branch of mode sends x to its true child
// (threshold t), as IEEE 754 compares: a NaN compares false but !=. ok is
// false for a mode that is neither a branch nor a leaf.
func treeBranch(mode int32, x, t sf.F32) (next, ok bool) {
	cmp := mode &^ model.TreeMissingTrue
	ok = cmp >= model.TreeLEQ && cmp <= model.TreeNEQ
	if isNaN(x) || isNaN(t) {
		return (mode&model.TreeMissingTrue != 0 && isNaN(x)) || cmp == model.TreeNEQ, ok
	}
	kx, kt := fkey(x), fkey(t)
	switch cmp {
	case model.TreeLEQ:
		return kx <= kt, ok
	case model.TreeLT:
		return kx < kt, ok
	case model.TreeGTE:
		return kx >= kt, ok
	case model.TreeGT:
		return kx > kt, ok
	case model.TreeEQ:
		return kx == kt, ok
	}
	return kx != kt, ok
}

// treeWalk is one step of a tree's walk over row xr: it visits node (a
// row of the node table; over: the walk has ended) and returns where the
// walk goes. A leaf adds its weights to yr and ends the walk; so does
// anything out of range, and then the node returned is 0.
func treeWalk(nodes, leaves []int32, xr, yr []sf.F32, node int64, over bool, add func(a, b sf.F32) sf.F32) (int64, bool) {
	m := int64(len(nodes) / model.TreeNodeWidth)
	if over || node < 0 || node >= m {
		return 0, true
	}
	row := nodes[node*model.TreeNodeWidth : (node+1)*model.TreeNodeWidth]
	if row[0] == model.TreeLeaf {
		start, count := int64(row[1]), int64(row[2])
		if start < 0 || count < 0 || count > model.MaxLeafWeights || start+count > int64(len(leaves)/model.TreeLeafWidth) {
			return 0, true
		}
		for i := start; i < start+count; i++ {
			target := int64(leaves[i*model.TreeLeafWidth])
			if target >= 0 && target < int64(len(yr)) {
				yr[target] = add(yr[target], sf.F32(uint32(leaves[i*model.TreeLeafWidth+1])))
			}
		}
		return 0, true
	}
	f := int64(row[1])
	if f < 0 || f >= int64(len(xr)) {
		return 0, true
	}
	toTrue, ok := treeBranch(row[0], xr[f], sf.F32(uint32(row[2])))
	next := int64(row[4])
	if toTrue {
		next = int64(row[3])
	}
	if !ok || next < 0 || next >= m {
		return 0, true
	}
	return next, false
}

// refTrees: per row, for each tree depth steps of its walk (the first
// starts at the tree's root; a step visits one node: a branch moves to a
// child, a leaf adds its weights to the row's outputs, in the output
// buffer), then per target one step y = (average ? y / R : y) + base[t].
// Regs: the walk's node and 1 once it has ended, both 0 after a tree's
// last step and in the finish steps.
func refTrees(p *probe, n *model.Node, in []*tensor.Tensor, out *tensor.Tensor) error {
	runTrees(p, n, in, soft(out), sf.Add, sf.Div)
	return nil
}

// fastTrees is refTrees in hardware binary32 (round to nearest even, as
// soft-float), with NaNs made canonical at the end, as soft-float makes
// every NaN it produces.
func fastTrees(_ *runCtx, n *model.Node, in []*tensor.Tensor, out *tensor.Tensor) error {
	f32 := func(x sf.F32) float32 { return math.Float32frombits(uint32(x)) }
	bits := func(x float32) sf.F32 { return sf.F32(math.Float32bits(x)) }
	runTrees(nil, n, in, soft(out),
		func(a, b sf.F32) sf.F32 { return bits(f32(a) + f32(b)) },
		func(a, b sf.F32) sf.F32 { return bits(f32(a) / f32(b)) })
	canon(f32s(out))
	return nil
}

// runTrees runs a trees node with the given binary32 add and divide,
// telling p (if any) every step.
func runTrees(p *probe, n *model.Node, in []*tensor.Tensor, y []sf.F32, add, div func(a, b sf.F32) sf.F32) {
	x, nodes, leaves, roots, base := soft(in[0]), i32s(in[1]), i32s(in[2]), i32s(in[3]), soft(in[4])
	f, t := in[0].Shape[1], len(base)
	depth, average := int(n.Attr[0]), n.Attr[1] == 1
	count := sf.FromInt32(int32(len(roots)))
	for r := 0; r < in[0].Shape[0]; r++ {
		xr, yr := x[r*f:(r+1)*f], y[r*t:(r+1)*t]
		for _, root := range roots {
			node, over := int64(root), false
			for j := 0; j < depth; j++ {
				node, over = treeWalk(nodes, leaves, xr, yr, node, over, add)
				if j == depth-1 {
					p.step(0, 0, 0, 0)
				} else {
					p.step(uint64(node), b2u(over), 0, 0)
				}
			}
		}
		for i := range yr {
			v := yr[i]
			if average {
				v = div(v, count)
			}
			yr[i] = add(v, base[i])
			p.step(0, 0, 0, 0)
		}
	}
}

func isNaN(x sf.F32) bool { return uint32(x)&0x7fffffff > 0x7f800000 }

func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}
