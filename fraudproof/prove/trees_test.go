package prove

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/aievm/aievm/opml/model"
	"github.com/aievm/aievm/opml/tensor"
)

// hostileTrees is a model of one trees node over tables of random, mostly
// hostile entries: leaves, the six branch modes with and without the
// missing bit, unknown modes, indices (features, children, roots, leaf
// ranges and targets) just out of range or any int32, leaves of up to 17
// weights, thresholds and weights of ±0, NaN and infinities, over an x of
// NaN, ±0, infinities and small integers. activation: x is a node's output
// (leaves of 256 bytes) rather than the model input.
func hostileTrees(r *rand.Rand, rows, features, m, l, trees, depth, targets int, activation bool) (*model.Model, []byte, error) {
	special := func() float32 {
		switch r.IntN(8) {
		case 0:
			return float32(math.NaN())
		case 1:
			return float32(math.Copysign(0, -1))
		case 2:
			return 0
		case 3:
			return float32(math.Inf(1 - 2*r.IntN(2)))
		}
		return float32(r.IntN(7) - 3)
	}
	index := func(n int) int32 { // mostly in [0, n), sometimes just out of it or anything
		switch r.IntN(24) {
		case 0:
			return -1 - int32(r.IntN(2))
		case 1:
			return int32(n + r.IntN(2))
		case 2:
			return int32(r.Uint32())
		}
		return int32(r.IntN(max(n, 1)))
	}
	b := model.NewBuilder(fmt.Sprintf("hostile-trees-%dx%d-%d-%d", rows, features, trees, depth))
	x := make([]float32, rows*features)
	for i := range x {
		x[i] = special()
	}
	xt := tensor.FromF32(tensor.Shape{rows, features}, x)
	xv := b.Input("x", tensor.F32, xt.Shape)
	if activation { // x + (-0) is x, -0 included, NaN made canonical
		zeros := make([]float32, rows*features)
		for i := range zeros {
			zeros[i] = float32(math.Copysign(0, -1))
		}
		xv = b.Binary("x", model.OpAdd, xv, b.Const("z", tensor.FromF32(xt.Shape, zeros)))
	}
	nodes := make([]int32, 0, m*model.TreeNodeWidth)
	for i := 0; i < m; i++ {
		switch k := r.IntN(20); {
		case k < 7: // leaf
			start, count := index(l), int32(1+r.IntN(model.MaxLeafWeights))
			switch r.IntN(8) {
			case 0:
				count = int32(model.MaxLeafWeights + r.IntN(2))
			case 1:
				count = int32(r.IntN(2)) - 1
			}
			nodes = append(nodes, model.TreeLeaf, start, count, index(3), index(3))
		case k < 18: // branch
			mode := int32(model.TreeLEQ + r.IntN(6))
			if r.IntN(2) == 0 {
				mode |= model.TreeMissingTrue
			}
			child := func() int32 { // mostly forward, so walks go deep
				if r.IntN(6) == 0 || i+1 >= m {
					return index(m)
				}
				return int32(i + 1 + r.IntN(min(m-i-1, 4)))
			}
			nodes = append(nodes, mode, index(features), int32(math.Float32bits(special())), child(), child())
		default: // unknown modes
			mode := []int32{model.TreeMissingTrue, 7, 15, model.TreeMissingTrue + 7, -1, math.MinInt32, int32(r.Uint32())}[r.IntN(7)]
			nodes = append(nodes, mode, index(features), int32(math.Float32bits(special())), index(m), index(m))
		}
	}
	leaves := make([]int32, 0, l*model.TreeLeafWidth)
	for i := 0; i < l; i++ {
		w := float32(r.NormFloat64())
		if r.IntN(10) == 0 {
			w = special()
		}
		leaves = append(leaves, index(targets), int32(math.Float32bits(w)))
	}
	roots := make([]int32, trees)
	for i := range roots {
		roots[i] = index(m)
		if r.IntN(2) == 0 { // the walk starts at the top of the table, where it can go deepest
			roots[i] = int32(r.IntN(min(m, 4)))
		}
	}
	base := make([]float32, targets)
	for i := range base {
		base[i] = float32(r.NormFloat64())
	}
	y := b.Node("trees", model.OpTrees, []int64{int64(depth), int64(r.IntN(2))}, xv,
		b.Const("nodes", tensor.FromI32(tensor.Shape{m, model.TreeNodeWidth}, nodes)),
		b.Const("leaves", tensor.FromI32(tensor.Shape{l, model.TreeLeafWidth}, leaves)),
		b.Const("roots", tensor.FromI32(tensor.Shape{trees}, roots)),
		b.Const("base", tensor.FromF32(tensor.Shape{targets}, base)))
	b.Output("y", y)
	mod, err := b.Build()
	return mod, xt.Data, err
}

// widestLeafTrees is the costliest step a trees node can have: a leaf of
// MaxLeafWeights weights spread over a row of the most targets (every
// 256-byte leaf of the row's outputs), read from two 1024-byte leaves of
// the leaf table.
func widestLeafTrees() (*model.Model, []byte, error) {
	b := model.NewBuilder("widest-leaf-trees")
	const targets = model.MaxTreeTargets
	xt := tensor.FromF32(tensor.Shape{2, 1}, []float32{1, 2})
	xv := b.Input("x", tensor.F32, xt.Shape)
	nodes := []int32{model.TreeLEQ, 0, int32(math.Float32bits(1.5)), 1, 1, model.TreeLeaf, 120, model.MaxLeafWeights, 0, 0}
	leaves := make([]int32, 2*(120+model.MaxLeafWeights))
	for i := 0; i < model.MaxLeafWeights; i++ {
		leaves[2*(120+i)] = int32(targets/model.MaxLeafWeights*i + i%3)
		leaves[2*(120+i)+1] = int32(math.Float32bits(float32(i) + 0.5))
	}
	y := b.Node("trees", model.OpTrees, []int64{3, 1}, xv,
		b.Const("nodes", tensor.FromI32(tensor.Shape{2, model.TreeNodeWidth}, nodes)),
		b.Const("leaves", tensor.FromI32(tensor.Shape{len(leaves) / 2, 2}, leaves)),
		b.Const("roots", tensor.FromI32(tensor.Shape{2}, []int32{0, 1})),
		b.Const("base", tensor.FromF32(tensor.Shape{targets}, make([]float32, targets))))
	b.Output("y", y)
	m, err := b.Build()
	return m, xt.Data, err
}

// TestTreeStepsMatchEngine: every step of trees nodes (random models of
// opml/modeltest's trees kind, models of hostile tables, the widest leaf)
// re-executed by the L1 verifier gives the engine's state after it, within
// stepGasGoal; L1 counts the node's steps as the engine does.
func TestTreeStepsMatchEngine(t *testing.T) {
	t.Parallel()
	vm := newVM(t)
	var samples []stepSample
	add := func(m *model.Model, in []byte, err error) {
		if err != nil {
			t.Fatal(err)
		}
		samples = append(samples, stepSample{m, in})
	}
	seeds := uint64(8)
	if testing.Short() {
		seeds = 3
	}
	samples = append(samples, randomSamples(22, seeds, 23)...)
	for seed := uint64(0); seed < seeds; seed++ {
		r := rand.New(rand.NewPCG(seed, 29))
		// tables of more than one 1024-byte leaf of the model file
		add(hostileTrees(r, 1+r.IntN(3), 1+r.IntN(6), 30+r.IntN(40), 100+r.IntN(60), 1+r.IntN(6), 1+r.IntN(10), 1+r.IntN(5), seed%2 == 1))
	}
	add(widestLeafTrees())
	var maxGas uint64
	var costliest string
	var walks, adds, moves int // tree walks, steps adding a leaf's weights, steps moving to a child
	for _, s := range samples {
		run, err := NewRun(s.m, s.in)
		if err != nil {
			t.Fatal(err)
		}
		for node, n := range s.m.Nodes {
			if n.Op != model.OpTrees {
				continue
			}
			total := run.Steps(node)
			info, err := run.NodeInfo(vm, node)
			if err != nil {
				t.Fatal(err)
			}
			if info.Steps != total {
				t.Fatalf("%s node %d: %d steps on L1, %d in the engine", s.m.Name, node, info.Steps, total)
			}
			pre, err := run.State(node, 0)
			if err != nil {
				t.Fatal(err)
			}
			trees, depth := uint64(s.m.ValueSpec(n.In[3]).Shape[0]), uint64(n.Attr[0])
			perRow := trees*depth + uint64(s.m.ValueSpec(n.In[4]).Shape[0])
			for step := uint64(0); step < total; step++ {
				what := fmt.Sprintf("%s node %d step %d of %d", s.m.Name, node, step, total)
				if gas := checkStep(t, vm, run, node, step, what); gas > maxGas {
					maxGas, costliest = gas, what
				}
				want, err := run.State(node, step+1)
				if err != nil {
					t.Fatal(err)
				}
				if i := step % perRow; i < trees*depth {
					if i%depth == 0 {
						walks++
					}
					if want.OutRoot != pre.OutRoot {
						adds++
					}
					if want.Regs[1] == 0 && i%depth != depth-1 {
						moves++
					}
				}
				pre = want
			}
		}
	}
	// The samples must exercise the walks, not only walks that end at once.
	if adds < walks/4 || moves < walks/2 {
		t.Errorf("%d tree walks: %d steps add leaf weights, %d move to a child", walks, adds, moves)
	}
	t.Logf("%d tree walks (%d steps add leaf weights, %d move to a child); costliest: %s, %d gas", walks, adds, moves, costliest, maxGas)
}
