package model

import "github.com/aievm/aievm/opml/tensor"

// Tree ensembles (op trees, SPEC.md section 5): the tables a decision-tree
// ensemble is stored in. A node is a row of TreeNodeWidth int32s:
//
//	branch: mode, feature, threshold (binary32 bits), true child, false child
//	leaf:   TreeLeaf, first leaf weight, weight count, 0, 0
//
// and a leaf weight a row of two: target, weight (binary32 bits). Node
// indices are rows of the node table; each tree starts at its row of roots.
// The tables are data a model's author writes, so every index is checked
// as the walk reads it: an index out of range, an unknown mode or a leaf of
// more than MaxLeafWeights weights ends the tree's walk (it adds nothing),
// and a weight whose target is out of range is skipped.
const (
	TreeNodeWidth  = 5
	TreeLeafWidth  = 2
	MaxTreeDepth   = 64 // bound of attr depth: steps per tree
	MaxLeafWeights = 16 // bound of a leaf's weights: what one step adds
	// MaxTreeTargets bounds the outputs per row (classes or regression
	// targets), so that a row's outputs span a few leaves of the output's
	// Merkle tree and a leaf step stays cheap on L1 wherever its weights go.
	MaxTreeTargets = 256
)

// Tree node modes: the comparison a branch makes of x[feature] with its
// threshold, true going to the true child. TreeMissingTrue added to a
// branch mode sends NaN to the true child; otherwise NaN compares as IEEE
// 754 says (false, but true for TreeNEQ).
const (
	TreeLeaf        = 0
	TreeLEQ         = 1 // x <= t
	TreeLT          = 2 // x < t
	TreeGTE         = 3 // x >= t
	TreeGT          = 4 // x > t
	TreeEQ          = 5 // x == t
	TreeNEQ         = 6 // x != t
	TreeMissingTrue = 16
)

// inferTrees checks the shapes of a trees node: x:f32[N,F],
// nodes:i32[M,5], leaves:i32[L,2], roots:i32[R], base:f32[T]; attrs depth
// in [1, MaxTreeDepth] and average (0: scores are sums over the trees, 1:
// sums divided by R) -> f32[N,T].
func inferTrees(in []Spec, a []int64) (Spec, error) {
	x, nodes, leaves, roots, base := in[0], in[1], in[2], in[3], in[4]
	if err := firstErr(want(x, 0, tensor.F32), rank(x, 0, 2), want(nodes, 1, tensor.I32), rank(nodes, 1, 2),
		want(leaves, 2, tensor.I32), rank(leaves, 2, 2), want(roots, 3, tensor.I32), rank(roots, 3, 1),
		want(base, 4, tensor.F32), rank(base, 4, 1)); err != nil {
		return Spec{}, err
	}
	if nodes.Shape[1] != TreeNodeWidth || leaves.Shape[1] != TreeLeafWidth {
		return Spec{}, errf("tree tables nodes%v leaves%v: want [M,%d] and [L,%d]", nodes.Shape, leaves.Shape, TreeNodeWidth, TreeLeafWidth)
	}
	if a[0] < 1 || a[0] > MaxTreeDepth {
		return Spec{}, errf("tree depth %d outside [1, %d]", a[0], MaxTreeDepth)
	}
	if a[1] != 0 && a[1] != 1 {
		return Spec{}, errf("tree average flag %d not 0 or 1", a[1])
	}
	if base.Shape[0] > MaxTreeTargets {
		return Spec{}, errf("%d tree targets > %d", base.Shape[0], MaxTreeTargets)
	}
	return Spec{DType: tensor.F32, Shape: tensor.Shape{x.Shape[0], base.Shape[0]}}, nil
}

// TreeSteps is the number of primitive steps of a trees node over rows
// rows: per row, depth steps per tree, then one per target.
func TreeSteps(rows, trees, depth, targets uint64) uint64 {
	return satMul(rows, satAdd(satMul(trees, depth), targets))
}

// TreeVisitOps is what one node visit of a tree walk counts, in int ops:
// reading the node's row, its index checks and the compare cost about as
// much time as 64 requantizations (measured: `aievm precompile bench`,
// deep-trees).
const TreeVisitOps = 64

// treeCost counts a trees node: TreeVisitOps int ops per node a walk may
// visit (each tree visits at most depth nodes per row), a float op per
// leaf weight it may add (at most MaxLeafWeights per tree), two per
// output for the finish.
func treeCost(in []Spec, out Spec, attr []int64) (flops, iops uint64) {
	rows, trees := uint64(in[0].Shape[0]), uint64(in[3].Shape[0])
	return satSum(satMul(rows, trees, MaxLeafWeights), satMul(2, uint64(out.Shape.Elements()))),
		satMul(rows, trees, uint64(attr[0]), TreeVisitOps)
}
