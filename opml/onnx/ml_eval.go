package onnx

import (
	"fmt"
	"math"
	"slices"
)

// evalML evaluates an ai.onnx.ml node (or a Cast) as ONNX Runtime defines
// it, straight from the node's attributes: the importer's twin, which
// reads the same attributes into engine tables.
func evalML(n *Node, in []*Value) ([]*Value, error) {
	if err := need(in, 1); err != nil {
		return nil, err
	}
	x := in[0]
	switch n.OpType {
	case "Cast", "ZipMap", "Identity":
		return []*Value{x}, nil
	}
	if len(x.Shape) != 2 {
		return nil, fmt.Errorf("input of shape %v (want [N, features])", x.Shape)
	}
	rows, f := x.Shape[0], x.Shape[1]
	if rows < 0 || f < 0 || (f > 0 && rows > len(x.Data)/f) || rows*f != len(x.Data) {
		return nil, fmt.Errorf("input of shape %v holds %d values", x.Shape, len(x.Data))
	}
	switch n.OpType {
	case "Scaler":
		off, scale := n.Attrs["offset"].Floats, n.Attrs["scale"].Floats
		y := &Value{Shape: x.Shape, Data: slices.Clone(x.Data)}
		for i := range y.Data {
			if len(off) > 0 {
				y.Data[i] -= off[(i%f)%len(off)]
			}
			if len(scale) > 0 {
				y.Data[i] *= scale[(i%f)%len(scale)]
			}
		}
		return []*Value{y}, nil
	case "Normalizer":
		norm := string(n.Attrs["norm"].S)
		if _, ok := norms[norm]; !ok {
			return nil, fmt.Errorf("%w: Normalizer norm %q (supported: MAX, L1, L2)", ErrUnsupported, norm)
		}
		return []*Value{evalNormalizer(norm, x)}, nil
	case "LinearClassifier", "LinearRegressor":
		coef, icpt := n.Attrs["coefficients"].Floats, n.Attrs["intercepts"].Floats
		t := len(coef) / max(1, f)
		scores := make([][]float32, rows)
		for r := range scores {
			scores[r] = make([]float32, t)
			for c := 0; c < t; c++ {
				var acc float32
				for k := 0; k < f; k++ {
					acc += x.Data[r*f+k] * coef[c*f+k]
				}
				if c < len(icpt) {
					acc += icpt[c]
				}
				scores[r][c] = acc
			}
		}
		return mlOutputs(n, scores, string(n.Attrs["post_transform"].S), false), nil
	case "TreeEnsembleClassifier", "TreeEnsembleRegressor":
		return evalTrees(n, x)
	case "TreeEnsemble":
		return evalTreesV5(n, x)
	}
	return nil, fmt.Errorf("%w: op %s of domain %s", ErrUnsupported, n.OpType, MLDomain)
}

// evalTrees walks every tree per row, in the order the trees first appear,
// summing leaf weights per target in float32, then adds the base values
// (ORT's TreeEnsemble with float thresholds).
func evalTrees(n *Node, x *Value) ([]*Value, error) {
	if _, err := readEnsemble(n, x.Shape[1]); err != nil { // every index below is checked there
		return nil, err
	}
	classifier := n.OpType == "TreeEnsembleClassifier"
	ints := func(k string) []int64 { return n.Attrs[k].Ints }
	trees, ids, feats := ints("nodes_treeids"), ints("nodes_nodeids"), ints("nodes_featureids")
	tIDs, fIDs, missing := ints("nodes_truenodeids"), ints("nodes_falsenodeids"), ints("nodes_missing_value_tracks_true")
	modes, vals := n.Attrs["nodes_modes"].Strings, n.Attrs["nodes_values"].Floats
	at := map[treeKey]int{}
	var order []int64
	seen := map[int64]bool{}
	for i := range trees {
		if !seen[trees[i]] {
			seen[trees[i]] = true
			order = append(order, trees[i])
		}
		at[treeKey{trees[i], ids[i]}] = i
	}
	isChild := map[int]bool{}
	for i := range trees {
		if modes[i] != "LEAF" {
			isChild[at[treeKey{trees[i], tIDs[i]}]] = true
			isChild[at[treeKey{trees[i], fIDs[i]}]] = true
		}
	}
	root := map[int64]int{}
	for i := range trees {
		if !isChild[i] {
			root[trees[i]] = i
		}
	}
	prefix := "target_"
	targets := int(attrInt(n, "n_targets", 1))
	if classifier {
		prefix, targets = "class_", len(ints("classlabels_int64s"))
	}
	type weight struct {
		target int
		w      float32
	}
	leafW := map[int][]weight{}
	wt, wn, wi, wv := ints(prefix+"treeids"), ints(prefix+"nodeids"), ints(prefix+"ids"), n.Attrs[prefix+"weights"].Floats
	used := map[int64]bool{}
	for i := range wt {
		k := at[treeKey{wt[i], wn[i]}]
		leafW[k] = append(leafW[k], weight{int(wi[i]), wv[i]})
		used[wi[i]] = true
	}
	binary := classifier && targets == 2 && len(used) == 1
	rows, f := x.Shape[0], x.Shape[1]
	base := n.Attrs["base_values"].Floats
	scores := make([][]float32, rows)
	for r := range scores {
		s := make([]float32, targets)
		xr := x.Data[r*f : (r+1)*f]
		for _, tr := range order {
			node := root[tr]
			for modes[node] != "LEAF" { // readEnsemble found every path ends in a leaf

				v, t := xr[feats[node]], vals[node]
				var goTrue bool
				if len(missing) > 0 && missing[node] != 0 && v != v {
					goTrue = true
				} else {
					goTrue = map[string]bool{"BRANCH_LEQ": v <= t, "BRANCH_LT": v < t, "BRANCH_GTE": v >= t,
						"BRANCH_GT": v > t, "BRANCH_EQ": v == t, "BRANCH_NEQ": v != t}[modes[node]]
				}
				next := fIDs[node]
				if goTrue {
					next = tIDs[node]
				}
				node = at[treeKey{tr, next}]
			}
			for _, w := range leafW[node] {
				s[w.target] += w.w
			}
		}
		if string(n.Attrs["aggregate_function"].S) == "AVERAGE" {
			for i := range s {
				s[i] /= float32(len(order))
			}
		}
		for i := range s {
			if i < len(base) {
				s[i] += base[i]
			}
		}
		if binary { // ORT: one logit s for class 1; scores -s and s
			s = []float32{-s[0], s[0]}
		}
		scores[r] = s
	}
	return mlOutputs(n, scores, string(n.Attrs["post_transform"].S), !classifier), nil
}

// mlOutputs is a classic model's outputs from its scores: a classifier's
// label (first maximum) and post-transformed scores, a regressor's scores.
func mlOutputs(n *Node, scores [][]float32, post string, regressor bool) []*Value {
	rows, t := len(scores), 0
	if rows > 0 {
		t = len(scores[0])
	}
	y := &Value{Shape: []int{rows, t}}
	label := &Value{Shape: []int{rows}}
	for _, s := range scores {
		best := 0
		for i := range s {
			if s[i] > s[best] {
				best = i
			}
		}
		label.Data = append(label.Data, float32(best))
		switch post {
		case "LOGISTIC":
			for _, v := range s {
				y.Data = append(y.Data, float32(1/(1+math.Exp(-float64(v)))))
			}
		case "SOFTMAX":
			m := slices.Max(s)
			var sum float64
			for _, v := range s {
				sum += math.Exp(float64(v - m))
			}
			for _, v := range s {
				y.Data = append(y.Data, float32(math.Exp(float64(v-m))/sum))
			}
		default:
			y.Data = append(y.Data, s...)
		}
	}
	if regressor || n.OpType == "LinearRegressor" {
		return []*Value{y}
	}
	return []*Value{label, y}
}

// evalTreesV5 walks an opset-5 TreeEnsemble from its attributes: per row,
// each tree from its root until a leaf, summing leaf weights per target in
// float32 in tree order.
func evalTreesV5(n *Node, x *Value) ([]*Value, error) {
	if _, err := readEnsembleV5(n, x.Shape[1]); err != nil { // every index below is checked there
		return nil, err
	}
	ints := func(k string) []int64 { return n.Attrs[k].Ints }
	feats, tids, tleaf, fids, fleaf := ints("nodes_featureids"), ints("nodes_truenodeids"), ints("nodes_trueleafs"),
		ints("nodes_falsenodeids"), ints("nodes_falseleafs")
	missing, targets := ints("nodes_missing_value_tracks_true"), ints("leaf_targetids")
	modes, splits, weights := n.Attrs["nodes_modes"].T.Ints, n.Attrs["nodes_splits"].T.Floats, n.Attrs["leaf_weights"].T.Floats
	rows, f := x.Shape[0], x.Shape[1]
	t := int(attrInt(n, "n_targets", 1))
	scores := make([][]float32, rows)
	for r := range scores {
		s := make([]float32, t)
		xr := x.Data[r*f : (r+1)*f]
		for _, root := range ints("tree_roots") {
			node, leaf := int(root), -1
			for leaf < 0 {
				v, th := xr[feats[node]], splits[node]
				var goTrue bool
				if len(missing) > 0 && missing[node] != 0 && v != v {
					goTrue = true
				} else {
					goTrue = []bool{v <= th, v < th, v >= th, v > th, v == th, v != th}[modes[node]]
				}
				next, isLeaf := fids[node], fleaf[node] != 0
				if goTrue {
					next, isLeaf = tids[node], tleaf[node] != 0
				}
				if isLeaf {
					leaf = int(next)
				} else {
					node = int(next)
				}
			}
			s[targets[leaf]] += weights[leaf]
		}
		if attrInt(n, "aggregate_function", 1) == 0 {
			for i := range s {
				s[i] /= float32(len(ints("tree_roots")))
			}
		}
		scores[r] = s
	}
	post := map[int64]string{0: "NONE", 1: "SOFTMAX", 2: "LOGISTIC"}[attrInt(n, "post_transform", 0)]
	return mlOutputs(n, scores, post, true), nil
}

// evalNormalizer is ONNX Runtime's Normalizer: per row, divide by the
// largest element (MAX) or the sum of magnitudes (L1), and for L2 take
// sign(x)·sqrt(x²/Σx²); a row whose norm is zero is copied. (The engine's
// l2 divides by the square root of the sum: the two agree within rounding.)
func evalNormalizer(norm string, x *Value) *Value {
	f := x.Shape[1]
	y := &Value{Shape: x.Shape, Data: slices.Clone(x.Data)}
	for r := 0; r < x.Shape[0]; r++ {
		row := y.Data[r*f : (r+1)*f]
		var a float32
		switch norm {
		case "MAX":
			a = float32(math.Inf(-1))
			for _, v := range row {
				a = max(a, v)
			}
		case "L1":
			for _, v := range row {
				a += float32(math.Abs(float64(v)))
			}
		default:
			for _, v := range row {
				a = float32(a + float32(v*v)) // no fused multiply-add on any CPU
			}
		}
		if a == 0 {
			continue
		}
		for i, v := range row {
			if norm == "L2" {
				row[i] = float32(math.Copysign(math.Sqrt(float64(v*v/a)), float64(v)))
			} else {
				row[i] = v / a
			}
		}
	}
	return y
}
