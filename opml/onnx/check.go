package onnx

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/aievm/aievm/opml/tensor"
)

// Problem is one reason a graph cannot be converted, found before any
// lowering: an op the importer does not lower (with every node using it),
// a dimension left symbolic, an input of an element type it does not
// read.
type Problem struct {
	Kind  string   // "op", "shape" or "dtype"
	What  string   // the op, or the input and dimension
	Nodes []string // the op's nodes, in graph order
	Hint  string
}

func (p Problem) String() string {
	s := p.What
	if len(p.Nodes) > 0 {
		names := p.Nodes
		if len(names) > 8 {
			names = append(slices.Clone(names[:8]), fmt.Sprintf("... %d more", len(p.Nodes)-8))
		}
		s += fmt.Sprintf(": %d node(s) (%s)", len(p.Nodes), strings.Join(names, ", "))
	}
	if p.Hint != "" {
		s += "; " + p.Hint
	}
	return p.Kind + ": " + s
}

// Problems is every problem Check found.
type Problems []Problem

func (ps Problems) Error() string {
	var lines []string
	for i, p := range ps {
		if i == maxListed {
			lines = append(lines, fmt.Sprintf("  ... %d more", len(ps)-maxListed))
			break
		}
		lines = append(lines, "  "+p.String())
	}
	return fmt.Sprintf("%d problem(s):\n%s", len(ps), strings.Join(lines, "\n"))
}

// maxListed bounds the problems a report spells out.
const maxListed = 32

// supportedOp reports whether the importer has a lowering for a node's op
// (some lowerings refuse particular uses later, with their own error).
func supportedOp(n *Node) bool {
	switch n.Domain {
	case "", "ai.onnx":
		return slices.Contains(Supported, n.OpType)
	case MLDomain:
		return slices.Contains(SupportedML, n.OpType)
	}
	return false
}

// Check lists every problem of the graph at once: each unsupported op
// (with its count and node names), each symbolic dimension past the batch,
// each input of an element type other than float. A nil result means the
// importer will try to lower every node.
func Check(m *Model) Problems {
	var ps Problems
	ops := map[string]*Problem{}
	var order []string
	var nodes []Node // the graph's, and its branches' (an If's outer and inner ops all lower)
	var walk func(g *Graph, depth int)
	walk = func(g *Graph, depth int) {
		for _, n := range g.Nodes {
			nodes = append(nodes, n)
			for _, name := range sortedAttrNames(n.Attrs) {
				if a := n.Attrs[name]; a.G != nil && depth < maxDepth {
					walk(a.G, depth+1)
				}
			}
		}
	}
	walk(&m.Graph, 0)
	for i, n := range nodes {
		if supportedOp(&n) {
			continue
		}
		key := n.OpType
		if n.Domain != "" && n.Domain != "ai.onnx" {
			key = n.Domain + "." + n.OpType
		}
		p, ok := ops[key]
		if !ok {
			p = &Problem{Kind: "op", What: "unsupported op " + key}
			ops[key] = p
			order = append(order, key)
		}
		name := n.Name
		if name == "" {
			name = "#" + strconv.Itoa(i)
		}
		p.Nodes = append(p.Nodes, name)
	}
	inits := map[string]bool{}
	for _, t := range m.Graph.Initializers {
		inits[t.Name] = true
	}
	for _, in := range m.Graph.Inputs {
		if inits[in.Name] {
			continue
		}
		if in.ElemType != Float {
			ps = append(ps, Problem{Kind: "dtype", What: fmt.Sprintf("input %s has element type %s", in.Name, elemTypeName(in.ElemType)),
				Hint: "only float inputs are read"})
		}
		if len(in.Shape) > tensor.MaxRank+1 { // (a batch dimension is dropped)
			ps = append(ps, Problem{Kind: "shape", What: fmt.Sprintf("input %s has rank %d", in.Name, len(in.Shape)),
				Hint: fmt.Sprintf("the engine's tensors have at most %d dimensions", tensor.MaxRank)})
			continue
		}
		for i, d := range in.Shape {
			if d < 1 && i > 0 {
				ps = append(ps, Problem{Kind: "shape", What: fmt.Sprintf("input %s dimension %d is symbolic", in.Name, i),
					Hint: fmt.Sprintf("fix it with --shape %s=%s", in.Name, shapeHint(in.Shape))})
			}
		}
	}
	sort.SliceStable(order, func(a, b int) bool { return len(ops[order[a]].Nodes) > len(ops[order[b]].Nodes) })
	for _, k := range order {
		ps = append(ps, *ops[k])
		if strings.HasPrefix(k, MLDomain+".") {
			ps[len(ps)-1].Hint = "supported in " + MLDomain + ": " + strings.Join(SupportedML, ", ")
		}
	}
	return ps
}

func shapeHint(s []int64) string {
	parts := make([]string, len(s))
	for i, d := range s {
		if d < 1 {
			d = 1
		}
		parts[i] = strconv.FormatInt(d, 10)
	}
	return strings.Join(parts, ",")
}

func elemTypeName(t int32) string {
	names := map[int32]string{Float: "float", Uint8: "uint8", Int8: "int8", Int32: "int32", Int64: "int64", 9: "bool", 10: "float16", 11: "double", 8: "string"}
	if n, ok := names[t]; ok {
		return n
	}
	return fmt.Sprintf("type %d", t)
}

// SetShapes fixes the dimensions of graph inputs (ONNX Runtime's free
// dimension overrides): shapes maps an input's name to its full shape,
// which must keep the input's rank and agree with its fixed dimensions.
func SetShapes(m *Model, shapes map[string][]int64) error {
	for name, s := range shapes {
		i := slices.IndexFunc(m.Graph.Inputs, func(v ValueInfo) bool { return v.Name == name })
		if i < 0 {
			return fmt.Errorf("--shape %s: the graph has no input %s", name, name)
		}
		in := &m.Graph.Inputs[i]
		if len(s) != len(in.Shape) {
			return fmt.Errorf("--shape %s: %d dimensions given, the input has %d", name, len(s), len(in.Shape))
		}
		for j, d := range s {
			if d < 1 || d > maxElements {
				return fmt.Errorf("--shape %s: dimension %d is %d", name, j, d)
			}
			if in.Shape[j] >= 1 && in.Shape[j] != d {
				return fmt.Errorf("--shape %s: dimension %d is fixed at %d in the file, %d given", name, j, in.Shape[j], d)
			}
		}
		in.Shape = slices.Clone(s)
	}
	return nil
}

// ParseShape parses an --shape value, "name=1,512".
func ParseShape(v string) (string, []int64, error) {
	name, dims, ok := strings.Cut(v, "=")
	if !ok || name == "" || dims == "" {
		return "", nil, fmt.Errorf("--shape %q: want name=d1,d2,...", v)
	}
	var s []int64
	for _, f := range strings.Split(dims, ",") {
		d, err := strconv.ParseInt(strings.TrimSpace(f), 10, 64)
		if err != nil || d < 1 {
			return "", nil, fmt.Errorf("--shape %q: %q is not a positive dimension", v, f)
		}
		s = append(s, d)
	}
	return name, s, nil
}
