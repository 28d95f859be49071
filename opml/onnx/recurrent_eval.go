package onnx

import (
	"fmt"
	"math"
)

// evalRNN evaluates an LSTM or GRU of one direction in float64 (the
// evaluator's reference for the unrolled engine graph): outputs Y
// [seq, 1, 1, H], Y_h and (LSTM) Y_c [1, 1, H].
func evalRNN(n *Node, in []*Value) ([]*Value, error) {
	gates := 4
	if n.OpType == "GRU" {
		gates = 3
	}
	if err := need(in, 3); err != nil {
		return nil, err
	}
	x, w, r := in[0], in[1], in[2]
	h := int(attrInt(n, "hidden_size", 0))
	if len(x.Shape) != 3 || x.Shape[1] != 1 || h < 1 || h > 1<<12 {
		return nil, fmt.Errorf("%s: input %v, hidden size %d (want [seq, 1, I])", n.OpType, x.Shape, h)
	}
	seq, inDim := x.Shape[0], x.Shape[2]
	if len(w.Data) != gates*h*inDim || len(r.Data) != gates*h*h {
		return nil, fmt.Errorf("%s: W or R of the wrong size", n.OpType)
	}
	b := make([]float32, 2*gates*h)
	if bv := opt(in, 3); bv != nil {
		if len(bv.Data) != len(b) {
			return nil, fmt.Errorf("%s: B of %d values, want %d", n.OpType, len(bv.Data), len(b))
		}
		b = bv.Data
	}
	state := func(i int) ([]float64, error) {
		s := make([]float64, h)
		if v := opt(in, i); v != nil {
			if len(v.Data) != h {
				return nil, fmt.Errorf("%s: initial state of %d values, want %d", n.OpType, len(v.Data), h)
			}
			for j, f := range v.Data {
				s[j] = float64(f)
			}
		}
		return s, nil
	}
	hs, err := state(5)
	if err != nil {
		return nil, err
	}
	cs, err := state(6)
	if err != nil {
		return nil, err
	}
	sig := func(v float64) float64 { return 1 / (1 + math.Exp(-v)) }
	// dot is row j of m (of width k) times v.
	dot := func(m []float32, j int, v []float64) float64 {
		var s float64
		for k, f := range v {
			s += float64(m[j*len(v)+k]) * f
		}
		return s
	}
	y := &Value{Shape: []int{seq, 1, 1, h}, Data: make([]float32, seq*h)}
	lbr := attrInt(n, "linear_before_reset", 0) != 0
	for i := 0; i < seq; i++ {
		t := i
		if string(n.Attrs["direction"].S) == "reverse" {
			t = seq - 1 - i
		}
		xt := make([]float64, inDim)
		for k := range xt {
			xt[k] = float64(x.Data[t*inDim+k])
		}
		pre := func(g, j int) float64 { // x W_g^T + Wb_g (row j of gate g)
			return dot(w.Data, g*h+j, xt) + float64(b[g*h+j])
		}
		rec := func(g, j int, v []float64) float64 { // v R_g^T + Rb_g
			return dot(r.Data, g*h+j, v) + float64(b[gates*h+g*h+j])
		}
		next := make([]float64, h)
		if gates == 4 {
			nc := make([]float64, h)
			for j := 0; j < h; j++ {
				gi := sig(pre(0, j) + rec(0, j, hs))
				gO := sig(pre(1, j) + rec(1, j, hs))
				gf := sig(pre(2, j) + rec(2, j, hs))
				gc := math.Tanh(pre(3, j) + rec(3, j, hs))
				nc[j] = gf*cs[j] + gi*gc
				next[j] = gO * math.Tanh(nc[j])
			}
			cs = nc
		} else {
			z, rg := make([]float64, h), make([]float64, h)
			for j := 0; j < h; j++ {
				z[j] = sig(pre(0, j) + rec(0, j, hs))
				rg[j] = sig(pre(1, j) + rec(1, j, hs))
			}
			rh := make([]float64, h)
			for j := range rh {
				rh[j] = rg[j] * hs[j]
			}
			for j := 0; j < h; j++ {
				var hh float64
				if lbr {
					hh = math.Tanh(pre(2, j) + rg[j]*rec(2, j, hs))
				} else {
					hh = math.Tanh(pre(2, j) + rec(2, j, rh))
				}
				next[j] = (1-z[j])*hh + z[j]*hs[j]
			}
		}
		hs = next
		for j, v := range hs {
			y.Data[t*h+j] = float32(v)
		}
	}
	last := func(s []float64) *Value {
		v := &Value{Shape: []int{1, 1, h}}
		for _, f := range s {
			v.Data = append(v.Data, float32(f))
		}
		return v
	}
	return []*Value{y, last(hs), last(cs)}, nil
}
