package onnx

import (
	"fmt"
	"math"
	"slices"

	"github.com/aievm/aievm/opml/model"
	"github.com/aievm/aievm/opml/tensor"
)

// MLDomain is the ONNX domain of classic machine learning ops (scikit-learn,
// XGBoost and LightGBM exports).
const MLDomain = "ai.onnx.ml"

// SupportedML lists the ai.onnx.ml ops the importer lowers to engine ops.
var SupportedML = []string{"TreeEnsembleClassifier", "TreeEnsembleRegressor", "TreeEnsemble", "LinearClassifier",
	"LinearRegressor", "Scaler", "Normalizer", "ZipMap"}

// maxTreeNodes bounds the nodes of one tree ensemble read from a file.
const maxTreeNodes = 1 << 22

// treeModes maps ONNX's node modes to the engine's.
var treeModes = map[string]int32{"LEAF": model.TreeLeaf, "BRANCH_LEQ": model.TreeLEQ, "BRANCH_LT": model.TreeLT,
	"BRANCH_GTE": model.TreeGTE, "BRANCH_GT": model.TreeGT, "BRANCH_EQ": model.TreeEQ, "BRANCH_NEQ": model.TreeNEQ}

// ensemble is a TreeEnsembleClassifier or TreeEnsembleRegressor read from
// its attributes and checked: the tables of engine op trees.
type ensemble struct {
	nodes, leaves, roots []int32
	base                 []float32
	depth                int
	targets              int
	average              bool
	post                 string
	classes              int  // classifier: class labels (0 for a regressor)
	binary               bool // classifier of two classes scored by one logit (ORT's binary case)
}

// treeKey names a node as the file does: tree id and node id.
type treeKey struct{ tree, node int64 }

// readEnsemble reads a tree ensemble node over features inputs.
func readEnsemble(n *Node, features int) (*ensemble, error) {
	classifier := n.OpType == "TreeEnsembleClassifier"
	ids := func(k string) []int64 { return n.Attrs[k].Ints }
	trees, nodeIDs, feats := ids("nodes_treeids"), ids("nodes_nodeids"), ids("nodes_featureids")
	trueIDs, falseIDs, missing := ids("nodes_truenodeids"), ids("nodes_falsenodeids"), ids("nodes_missing_value_tracks_true")
	modes, values := n.Attrs["nodes_modes"].Strings, n.Attrs["nodes_values"].Floats
	m := len(trees)
	if m == 0 || m > maxTreeNodes {
		return nil, fmt.Errorf("%d tree nodes (want 1 to %d)", m, maxTreeNodes)
	}
	if _, ok := n.Attrs["nodes_values_as_tensor"]; ok && len(values) == 0 {
		return nil, fmt.Errorf("%w: double thresholds (nodes_values_as_tensor)", ErrUnsupported)
	}
	for _, l := range []struct {
		name string
		n    int
	}{{"nodes_nodeids", len(nodeIDs)}, {"nodes_featureids", len(feats)}, {"nodes_modes", len(modes)},
		{"nodes_values", len(values)}, {"nodes_truenodeids", len(trueIDs)}, {"nodes_falsenodeids", len(falseIDs)}} {
		if l.n != m { // in a fixed order: the error is a revert reason of the inline precompile
			return nil, fmt.Errorf("%s has %d entries, nodes_treeids %d", l.name, l.n, m)
		}
	}
	if len(missing) != 0 && len(missing) != m {
		return nil, fmt.Errorf("nodes_missing_value_tracks_true has %d entries, want %d", len(missing), m)
	}
	e := &ensemble{post: string(n.Attrs["post_transform"].S)}
	if e.post == "" {
		e.post = "NONE"
	}
	if !slices.Contains([]string{"NONE", "LOGISTIC", "SOFTMAX"}, e.post) {
		return nil, fmt.Errorf("%w: post_transform %s (supported: NONE, LOGISTIC, SOFTMAX)", ErrUnsupported, e.post)
	}
	// Rows in the file's order; trees in the order they first appear.
	row := map[treeKey]int32{}
	var treeOrder []int64
	seen := map[int64]bool{}
	for i := 0; i < m; i++ {
		k := treeKey{trees[i], nodeIDs[i]}
		if _, dup := row[k]; dup {
			return nil, fmt.Errorf("tree %d has node %d twice", k.tree, k.node)
		}
		row[k] = int32(i)
		if !seen[trees[i]] {
			seen[trees[i]] = true
			treeOrder = append(treeOrder, trees[i])
		}
	}
	// Leaf weights, in the file's order per leaf.
	prefix := "target_"
	if classifier {
		prefix = "class_"
	}
	wTrees, wNodes, wIDs, wVals := ids(prefix+"treeids"), ids(prefix+"nodeids"), ids(prefix+"ids"), n.Attrs[prefix+"weights"].Floats
	if len(wNodes) != len(wTrees) || len(wIDs) != len(wTrees) || len(wVals) != len(wTrees) {
		return nil, fmt.Errorf("%sweights: tree, node, id and weight lists differ in length", prefix)
	}
	if classifier {
		e.classes = len(n.Attrs["classlabels_int64s"].Ints)
		if e.classes == 0 {
			return nil, fmt.Errorf("%w: string class labels (the engine's label output is the class index)", ErrUnsupported)
		}
		for i, l := range n.Attrs["classlabels_int64s"].Ints {
			if l != int64(i) {
				return nil, fmt.Errorf("%w: class labels %v (only 0, 1, ... map to the engine's class index)", ErrUnsupported, n.Attrs["classlabels_int64s"].Ints)
			}
		}
		e.targets = e.classes
		used := map[int64]bool{}
		for _, id := range wIDs {
			used[id] = true
		}
		if e.classes == 2 && len(used) == 1 {
			if !used[0] {
				return nil, fmt.Errorf("%w: a two-class ensemble scoring only class 1", ErrUnsupported)
			}
			if !slices.ContainsFunc(wVals, func(w float32) bool { return w < 0 }) {
				return nil, fmt.Errorf("%w: a two-class ensemble whose weights are all positive (ORT's 1-p form)", ErrUnsupported)
			}
			e.binary = true
		}
	} else {
		e.targets = int(attrInt(n, "n_targets", 1))
		switch agg := string(n.Attrs["aggregate_function"].S); agg {
		case "", "SUM":
		case "AVERAGE":
			e.average = true
		default:
			return nil, fmt.Errorf("%w: aggregate_function %s (supported: SUM, AVERAGE)", ErrUnsupported, agg)
		}
	}
	if e.targets < 1 || e.targets > model.MaxTreeTargets {
		return nil, fmt.Errorf("%w: %d targets (the engine's bound is %d)", ErrUnsupported, e.targets, model.MaxTreeTargets)
	}
	weights := make([][]int32, m) // per row: target, weight bits pairs
	for i := range wTrees {
		r, ok := row[treeKey{wTrees[i], wNodes[i]}]
		if !ok {
			return nil, fmt.Errorf("%sweights entry %d names tree %d node %d, which does not exist", prefix, i, wTrees[i], wNodes[i])
		}
		if wIDs[i] < 0 || wIDs[i] >= int64(e.targets) {
			return nil, fmt.Errorf("%sweights entry %d: target %d of %d", prefix, i, wIDs[i], e.targets)
		}
		w, id := wVals[i], int32(wIDs[i])
		if e.binary { // two targets, the first negated: scores -s and s
			weights[r] = append(weights[r], 0, int32(math.Float32bits(-w)))
			id = 1
		}
		weights[r] = append(weights[r], id, int32(math.Float32bits(w)))
	}
	base := n.Attrs["base_values"].Floats
	switch {
	case e.binary && len(base) <= 1:
		b := float32(0)
		if len(base) == 1 {
			b = base[0]
		}
		e.base = []float32{-b, b}
	case len(base) == 0:
		e.base = make([]float32, e.targets)
	case len(base) == e.targets:
		e.base = base
	default:
		return nil, fmt.Errorf("%d base values for %d targets", len(base), e.targets)
	}
	// The node table.
	child := map[int32]bool{}
	for i := 0; i < m; i++ {
		mode, ok := treeModes[modes[i]]
		if !ok {
			return nil, fmt.Errorf("%w: node mode %q", ErrUnsupported, modes[i])
		}
		if mode == model.TreeLeaf {
			if len(weights[i])/model.TreeLeafWidth > model.MaxLeafWeights {
				return nil, fmt.Errorf("%w: a leaf of %d weights (the engine's bound is %d)", ErrUnsupported, len(weights[i])/2, model.MaxLeafWeights)
			}
			e.nodes = append(e.nodes, model.TreeLeaf, int32(len(e.leaves)/model.TreeLeafWidth), int32(len(weights[i])/model.TreeLeafWidth), 0, 0)
			e.leaves = append(e.leaves, weights[i]...)
			continue
		}
		if len(weights[i]) > 0 {
			return nil, fmt.Errorf("tree %d node %d: a branch with leaf weights", trees[i], nodeIDs[i])
		}
		if feats[i] < 0 || feats[i] >= int64(features) {
			return nil, fmt.Errorf("tree %d node %d reads feature %d of %d", trees[i], nodeIDs[i], feats[i], features)
		}
		t, okT := row[treeKey{trees[i], trueIDs[i]}]
		f, okF := row[treeKey{trees[i], falseIDs[i]}]
		if !okT || !okF {
			return nil, fmt.Errorf("tree %d node %d: a child that does not exist", trees[i], nodeIDs[i])
		}
		child[t], child[f] = true, true
		if len(missing) > 0 && missing[i] != 0 {
			mode |= model.TreeMissingTrue
		}
		e.nodes = append(e.nodes, mode, int32(feats[i]), int32(math.Float32bits(values[i])), t, f)
	}
	if len(e.leaves) == 0 {
		e.leaves = []int32{0, 0} // a table of no weights is still a [L, 2] tensor
	}
	rootOf := map[int64]int32{}
	for i := 0; i < m; i++ {
		if !child[int32(i)] {
			if _, two := rootOf[trees[i]]; two {
				return nil, fmt.Errorf("tree %d has two roots", trees[i])
			}
			rootOf[trees[i]] = int32(i)
		}
	}
	memo := map[int32]int{}
	for _, tr := range treeOrder {
		root, ok := rootOf[tr]
		if !ok {
			return nil, fmt.Errorf("tree %d has no root", tr)
		}
		d, err := treeDepth(e.nodes, root, map[int32]bool{}, memo)
		if err != nil {
			return nil, fmt.Errorf("tree %d: %w", tr, err)
		}
		e.depth = max(e.depth, d)
		e.roots = append(e.roots, root)
	}
	return e, nil
}

// treeDepth is the most nodes on a path from node to a leaf. Depths are
// memoized (a file may share children between branches: paths could
// otherwise number 2^64); onPath finds cycles.
func treeDepth(nodes []int32, node int32, onPath map[int32]bool, memo map[int32]int) (int, error) {
	if d, ok := memo[node]; ok {
		return d, nil
	}
	if onPath[node] {
		return 0, fmt.Errorf("node %d is its own descendant", node)
	}
	r := nodes[node*model.TreeNodeWidth : (node+1)*model.TreeNodeWidth]
	if r[0] == model.TreeLeaf {
		return 1, nil
	}
	onPath[node] = true
	defer delete(onPath, node)
	dt, err := treeDepth(nodes, r[3], onPath, memo)
	if err != nil {
		return 0, err
	}
	df, err := treeDepth(nodes, r[4], onPath, memo)
	if err != nil {
		return 0, err
	}
	d := 1 + max(dt, df)
	if d > model.MaxTreeDepth {
		return 0, fmt.Errorf("%w: depth %d (the engine's bound is %d)", ErrUnsupported, d, model.MaxTreeDepth)
	}
	memo[node] = d
	return d, nil
}

// lowerML lowers an ai.onnx.ml node.
func (im *importer) lowerML(n *Node) error {
	switch n.OpType {
	case "ZipMap": // the probabilities stay a tensor, in class order
		v, err := im.get(n.Inputs[0])
		if err != nil {
			return err
		}
		im.vals[n.Outputs[0]] = v
		return nil
	case "Scaler":
		return im.lowerScaler(n)
	case "Normalizer":
		return im.lowerNormalizer(n)
	case "TreeEnsembleClassifier", "TreeEnsembleRegressor", "TreeEnsemble":
		return im.lowerEnsemble(n)
	case "LinearClassifier", "LinearRegressor":
		return im.lowerLinearML(n)
	}
	return fmt.Errorf("%w: op %s of domain %s (supported: %v)", ErrUnsupported, n.OpType, MLDomain, SupportedML)
}

// mlInput returns a node's f32 [N, F] input.
func (im *importer) mlInput(n *Node) (*lowered, int, error) {
	x, err := im.float(n.Inputs[0])
	if err != nil {
		return nil, 0, err
	}
	if len(x.shape) != 2 {
		return nil, 0, fmt.Errorf("%w: input of shape %v (want [N, features])", ErrUnsupported, x.shape)
	}
	return x, x.shape[1], nil
}

// rowsConst is a constant [N, F] of v repeated per row (v of F values, or
// one value for every feature).
func (im *importer) rowsConst(name string, v []float32, rows, f int) (model.Value, error) {
	if len(v) != 1 && len(v) != f {
		return 0, fmt.Errorf("%d values for %d features", len(v), f)
	}
	if rows < 0 || f < 0 || (f > 0 && rows > maxMade/f) {
		return 0, fmt.Errorf("%w: a constant of %d x %d", ErrUnsupported, rows, f)
	}
	if err := im.made(rows * f); err != nil {
		return 0, err
	}
	d := make([]float32, rows*f)
	for i := range d {
		d[i] = v[(i%f)%len(v)]
	}
	return im.b.Const(im.constName(name), tensor.FromF32(tensor.Shape{rows, f}, d)), nil
}

// lowerScaler: y = (x - offset) * scale, as x + (-offset) then times scale.
func (im *importer) lowerScaler(n *Node) error {
	x, f, err := im.mlInput(n)
	if err != nil {
		return err
	}
	off, scale := slices.Clone(n.Attrs["offset"].Floats), n.Attrs["scale"].Floats
	for i := range off {
		off[i] = -off[i]
	}
	y := x.v
	if len(off) > 0 {
		c, err := im.rowsConst(n.Name+".offset", off, x.shape[0], f)
		if err != nil {
			return fmt.Errorf("offset: %w", err)
		}
		y = im.b.Binary(n.Name+".sub", model.OpAdd, y, c)
	}
	if len(scale) > 0 {
		c, err := im.rowsConst(n.Name+".scale", scale, x.shape[0], f)
		if err != nil {
			return fmt.Errorf("scale: %w", err)
		}
		y = im.b.Binary(n.Name+".mul", model.OpMul, y, c)
	}
	im.vals[n.Outputs[0]] = &lowered{v: y, shape: x.shape}
	return nil
}

// norms maps Normalizer's norm attribute to the engine's.
var norms = map[string]int64{"MAX": model.NormMax, "L1": model.NormL1, "L2": model.NormL2}

// lowerNormalizer: each row over its norm, engine op normalize.
func (im *importer) lowerNormalizer(n *Node) error {
	x, _, err := im.mlInput(n)
	if err != nil {
		return err
	}
	norm, ok := norms[string(n.Attrs["norm"].S)]
	if !ok {
		return fmt.Errorf("%w: Normalizer norm %q (supported: MAX, L1, L2)", ErrUnsupported, n.Attrs["norm"].S)
	}
	im.vals[n.Outputs[0]] = &lowered{v: im.b.Node(n.Name, model.OpNormalize, []int64{norm}, x.v), shape: x.shape}
	return nil
}

// lowerEnsemble lowers a tree ensemble to op trees, and a classifier's
// label to the argmax of its scores.
func (im *importer) lowerEnsemble(n *Node) error {
	x, f, err := im.mlInput(n)
	if err != nil {
		return err
	}
	read := readEnsemble
	if n.OpType == "TreeEnsemble" {
		read = readEnsembleV5
	}
	e, err := read(n, f)
	if err != nil {
		return err
	}
	avg := int64(0)
	if e.average {
		avg = 1
	}
	i32 := func(k string, v []int32, w int) model.Value {
		shape := tensor.Shape{len(v)}
		if w > 1 {
			shape = tensor.Shape{len(v) / w, w}
		}
		return im.b.Const(im.constName(n.Name+"."+k), tensor.FromI32(shape, v))
	}
	scores := im.b.Node(n.Name, model.OpTrees, []int64{int64(e.depth), avg}, x.v,
		i32("nodes", e.nodes, model.TreeNodeWidth), i32("leaves", e.leaves, model.TreeLeafWidth), i32("roots", e.roots, 1),
		im.b.Const(im.constName(n.Name+".base"), tensor.FromF32(tensor.Shape{len(e.base)}, e.base)))
	return im.scored(n, scores, x.shape[0], len(e.base), e.post, e.classes > 0)
}

// scored sets a classic model's outputs from its scores [rows, targets]:
// a classifier's label (the first maximum score) and its post-transformed
// scores; a regressor's post-transformed scores.
func (im *importer) scored(n *Node, scores model.Value, rows, targets int, post string, classifier bool) error {
	shape := []int{rows, targets}
	y := scores
	switch post {
	case "LOGISTIC":
		y = im.b.Unary(n.Name+".logistic", model.OpSigmoid, scores)
	case "SOFTMAX":
		y = im.b.Unary(n.Name+".softmax", model.OpSoftmax, scores)
	case "NONE", "":
	default:
		return fmt.Errorf("%w: post_transform %s (supported: NONE, LOGISTIC, SOFTMAX)", ErrUnsupported, post)
	}
	if !classifier {
		im.vals[n.Outputs[0]] = &lowered{v: y, shape: shape}
		return nil
	}
	if len(n.Outputs) != 2 {
		return fmt.Errorf("a classifier with %d outputs (want label and scores)", len(n.Outputs))
	}
	im.vals[n.Outputs[0]] = &lowered{v: im.b.Unary(n.Name+".label", model.OpArgmax, scores), shape: []int{rows}, label: true}
	im.vals[n.Outputs[1]] = &lowered{v: y, shape: shape}
	return nil
}

// lowerLinearML: scores = x W^T + intercepts (one row of W per class or
// target), then the post transform.
func (im *importer) lowerLinearML(n *Node) error {
	x, f, err := im.mlInput(n)
	if err != nil {
		return err
	}
	classifier := n.OpType == "LinearClassifier"
	coef, icpt := n.Attrs["coefficients"].Floats, n.Attrs["intercepts"].Floats
	targets := int(attrInt(n, "targets", 1))
	if classifier {
		targets = len(n.Attrs["classlabels_ints"].Ints)
		if targets == 0 {
			return fmt.Errorf("%w: string class labels (the engine's label output is the class index)", ErrUnsupported)
		}
		for i, l := range n.Attrs["classlabels_ints"].Ints {
			if l != int64(i) {
				return fmt.Errorf("%w: class labels %v (only 0, 1, ...)", ErrUnsupported, n.Attrs["classlabels_ints"].Ints)
			}
		}
	}
	if len(coef) != targets*f {
		if classifier && len(coef) == f {
			return fmt.Errorf("%w: a two-class linear classifier of one coefficient row", ErrUnsupported)
		}
		return fmt.Errorf("%d coefficients for %d targets of %d features", len(coef), targets, f)
	}
	if len(icpt) != 0 && len(icpt) != targets {
		return fmt.Errorf("%d intercepts for %d targets", len(icpt), targets)
	}
	w := im.b.Const(im.constName(n.Name+".coefficients"), tensor.FromF32(tensor.Shape{targets, f}, coef))
	scores := im.b.Binary(n.Name+".matmul", model.OpMatMul, x.v, w)
	if len(icpt) > 0 {
		c, err := im.rowsConst(n.Name+".intercepts", icpt, x.shape[0], targets)
		if err != nil {
			return err
		}
		scores = im.b.Binary(n.Name+".add", model.OpAdd, scores, c)
	}
	return im.scored(n, scores, x.shape[0], targets, string(n.Attrs["post_transform"].S), classifier)
}

// lowerCast passes a class label through a cast to an integer type (the
// exporters' Cast of the label to int64); other casts are unsupported.
func (im *importer) lowerCast(n *Node) error {
	x, err := im.get(n.Inputs[0])
	if err != nil {
		return err
	}
	to := attrInt(n, "to", 0)
	if !x.label || (to != Int64 && to != Int32) {
		return fmt.Errorf("%w: Cast to type %d (only a class label to an integer type)", ErrUnsupported, to)
	}
	im.vals[n.Outputs[0]] = x
	return nil
}

// readEnsembleV5 reads an opset-5 TreeEnsemble over features inputs:
// interior nodes and leaves in separate lists (a leaf has one weight),
// modes and thresholds as tensors. The engine's node table holds the
// interior nodes first, then one row per leaf.
func readEnsembleV5(n *Node, features int) (*ensemble, error) {
	ints := func(k string) []int64 { return n.Attrs[k].Ints }
	tensorAttr := func(k string) *Tensor { return n.Attrs[k].T }
	feats, tids, tleaf, fids, fleaf := ints("nodes_featureids"), ints("nodes_truenodeids"), ints("nodes_trueleafs"),
		ints("nodes_falsenodeids"), ints("nodes_falseleafs")
	missing, roots, targets := ints("nodes_missing_value_tracks_true"), ints("tree_roots"), ints("leaf_targetids")
	modes, splits, weights := tensorAttr("nodes_modes"), tensorAttr("nodes_splits"), tensorAttr("leaf_weights")
	if modes == nil || splits == nil || weights == nil {
		return nil, fmt.Errorf("TreeEnsemble without nodes_modes, nodes_splits or leaf_weights")
	}
	if splits.DataType != Float || weights.DataType != Float {
		return nil, fmt.Errorf("%w: TreeEnsemble thresholds or weights of type %s (float only)", ErrUnsupported, elemTypeName(splits.DataType))
	}
	m, l := len(feats), len(targets)
	if m == 0 || m+l > maxTreeNodes || len(roots) == 0 {
		return nil, fmt.Errorf("TreeEnsemble of %d nodes, %d leaves and %d trees", m, l, len(roots))
	}
	for _, c := range []struct {
		name string
		n    int
	}{{"nodes_truenodeids", len(tids)}, {"nodes_trueleafs", len(tleaf)}, {"nodes_falsenodeids", len(fids)},
		{"nodes_falseleafs", len(fleaf)}, {"nodes_modes", len(modes.Ints)}, {"nodes_splits", len(splits.Floats)}} {
		if c.n != m {
			return nil, fmt.Errorf("%s has %d entries, nodes_featureids %d", c.name, c.n, m)
		}
	}
	if len(weights.Floats) != l || (len(missing) != 0 && len(missing) != m) {
		return nil, fmt.Errorf("leaf_weights has %d entries for %d leaves, nodes_missing_value_tracks_true %d for %d nodes",
			len(weights.Floats), l, len(missing), m)
	}
	e := &ensemble{targets: int(attrInt(n, "n_targets", 1))}
	if e.targets < 1 || e.targets > model.MaxTreeTargets {
		return nil, fmt.Errorf("%w: %d targets (the engine's bound is %d)", ErrUnsupported, e.targets, model.MaxTreeTargets)
	}
	switch agg := attrInt(n, "aggregate_function", 1); agg {
	case 0:
		e.average = true
	case 1:
	default:
		return nil, fmt.Errorf("%w: aggregate_function %d (supported: 0 AVERAGE, 1 SUM)", ErrUnsupported, agg)
	}
	posts := map[int64]string{0: "NONE", 1: "SOFTMAX", 2: "LOGISTIC"}
	post, ok := posts[attrInt(n, "post_transform", 0)]
	if !ok {
		return nil, fmt.Errorf("%w: post_transform %d (supported: 0 NONE, 1 SOFTMAX, 2 LOGISTIC)", ErrUnsupported, attrInt(n, "post_transform", 0))
	}
	e.post = post
	child := func(id, leaf int64) (int32, error) {
		if leaf != 0 {
			if id < 0 || id >= int64(l) {
				return 0, fmt.Errorf("a leaf %d of %d", id, l)
			}
			return int32(int64(m) + id), nil
		}
		if id < 0 || id >= int64(m) {
			return 0, fmt.Errorf("a node %d of %d", id, m)
		}
		return int32(id), nil
	}
	for i := 0; i < m; i++ {
		code := modes.Ints[i]
		if code < 0 || code > 5 {
			return nil, fmt.Errorf("%w: node mode %d (BRANCH_MEMBER and others)", ErrUnsupported, code)
		}
		if feats[i] < 0 || feats[i] >= int64(features) {
			return nil, fmt.Errorf("node %d reads feature %d of %d", i, feats[i], features)
		}
		t, err := child(tids[i], tleaf[i])
		if err != nil {
			return nil, fmt.Errorf("node %d's true branch: %w", i, err)
		}
		f, err := child(fids[i], fleaf[i])
		if err != nil {
			return nil, fmt.Errorf("node %d's false branch: %w", i, err)
		}
		mode := int32(code) + model.TreeLEQ
		if len(missing) > 0 && missing[i] != 0 {
			mode |= model.TreeMissingTrue
		}
		e.nodes = append(e.nodes, mode, int32(feats[i]), int32(math.Float32bits(splits.Floats[i])), t, f)
	}
	for j := 0; j < l; j++ {
		if targets[j] < 0 || targets[j] >= int64(e.targets) {
			return nil, fmt.Errorf("leaf %d: target %d of %d", j, targets[j], e.targets)
		}
		e.nodes = append(e.nodes, model.TreeLeaf, int32(j), 1, 0, 0)
		e.leaves = append(e.leaves, int32(targets[j]), int32(math.Float32bits(weights.Floats[j])))
	}
	e.base = make([]float32, e.targets)
	memo := map[int32]int{}
	for k, r := range roots {
		if r < 0 || r >= int64(m) {
			return nil, fmt.Errorf("tree %d's root %d of %d nodes", k, r, m)
		}
		d, err := treeDepth(e.nodes, int32(r), map[int32]bool{}, memo)
		if err != nil {
			return nil, fmt.Errorf("tree %d: %w", k, err)
		}
		e.depth = max(e.depth, d)
		e.roots = append(e.roots, int32(r))
	}
	return e, nil
}
