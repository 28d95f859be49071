package exec_test

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/aievm/aievm/opml/exec"
	"github.com/aievm/aievm/opml/model"
	"github.com/aievm/aievm/opml/tensor"
)

func randI8(r *rand.Rand, n int) []int8 {
	v := make([]int8, n)
	for i := range v {
		v[i] = int8(r.IntN(256) - 128) // -128 included: kernels must not assume symmetry
	}
	return v
}

// TestIntegerKernelShapes compares the fast and reference paths of the
// integer ops on shapes that exercise every fast-path branch: stride 1 and 2,
// padding, odd kernel widths, channel counts around the SIMD width, and
// output counts that are not multiples of the blocking, with biases and
// requantizations that both clamp and pass values, shifts below and above 32
// (the vector requantization's boundary).
func TestIntegerKernelShapes(t *testing.T) {
	t.Parallel()
	type conv struct{ c, h, w, o, kh, kw, stride, pad int }
	convs := []conv{
		{1, 28, 28, 16, 3, 3, 1, 1}, {16, 14, 14, 32, 3, 3, 1, 1}, {3, 9, 7, 5, 3, 3, 2, 1},
		{2, 8, 8, 6, 1, 1, 1, 0}, {17, 6, 5, 3, 2, 3, 1, 0}, {4, 11, 11, 7, 5, 5, 2, 2}, {1, 5, 5, 1, 5, 5, 1, 0},
		{3, 10, 12, 5, 3, 7, 1, 1}, {1, 6, 6, 2, 3, 3, 2, 1}, {2, 9, 20, 4, 2, 4, 1, 0}, // kernel widths 7 and 4, past the 16-position block
		// Channel pairs (an odd count of channels), widths leaving a short
		// last block of 16; shifts 45, 20 (no vector requantization) and 36.
		{2, 3, 17, 4, 3, 3, 1, 1}, {5, 7, 37, 6, 3, 3, 1, 1}, {5, 7, 37, 6, 3, 3, 1, 1},
	}
	r := rand.New(rand.NewPCG(8, 8))
	shifts := []uint8{38, 31, 32, 45, 20, 36, 62}
	for i, cv := range convs {
		b := model.NewBuilder("conv")
		x := b.Input("x", tensor.I8, tensor.Shape{cv.c, cv.h, cv.w})
		w := b.Const("w", tensor.FromI8(tensor.Shape{cv.o, cv.c, cv.kh, cv.kw}, randI8(r, cv.o*cv.c*cv.kh*cv.kw)))
		bv := make([]int32, cv.o)
		for j := range bv {
			bv[j] = int32(r.IntN(20001) - 10000)
		}
		bias := b.Const("b", tensor.FromI32(tensor.Shape{cv.o}, bv))
		mult := int32(1<<30 + r.IntN(1<<30))
		y := b.QConv2D("conv", x, w, bias, cv.stride, cv.pad, mult, shifts[i%len(shifts)], cv.c%2 == 0)
		b.Output("y", y)
		b.Output("avg", b.QAvgPool2D("avg", y, 1, 1, 1<<30, 30))
		checkPaths(t, fmt.Sprintf("conv %+v", cv), b, func() []*tensor.Tensor {
			return []*tensor.Tensor{tensor.FromI8(tensor.Shape{cv.c, cv.h, cv.w}, randI8(r, cv.c*cv.h*cv.w))}
		})
	}
	for _, ln := range []struct{ rows, k, m int }{{1, 4, 3}, {1, 784, 256}, {3, 33, 7}, {5, 16, 9}, {2, 1, 1}} {
		b := model.NewBuilder("linear")
		shape := tensor.Shape{ln.rows, ln.k}
		x := b.Input("x", tensor.I8, shape)
		w := b.Const("w", tensor.FromI8(tensor.Shape{ln.m, ln.k}, randI8(r, ln.m*ln.k)))
		bias := b.Const("b", tensor.FromI32(tensor.Shape{ln.m}, make([]int32, ln.m)))
		b.Output("y", b.QLinear("fc", x, w, bias, 1<<30, 36, false))
		checkPaths(t, fmt.Sprintf("linear %+v", ln), b, func() []*tensor.Tensor {
			return []*tensor.Tensor{tensor.FromI8(shape, randI8(r, ln.rows*ln.k))}
		})
	}
}

func checkPaths(t *testing.T, name string, b *model.Builder, input func() []*tensor.Tensor) {
	t.Helper()
	m, err := b.Build()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	// One fast executor for every input: its reused scratch buffers must not
	// carry anything from one run into the next.
	fast, err := exec.New(m, exec.Options{Mode: exec.Fast})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 5; i++ {
		in := input()
		a, err := fast.Run(in)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		c := run(t, m, exec.Reference, in)
		for j := range a {
			if !bytes.Equal(a[j].Data, c[j].Data) {
				t.Fatalf("%s: output %d differs between fast and reference", name, j)
			}
		}
	}
}

// TestQuantMatMulShapes compares the fast and reference paths of the
// quantized MatMul (Q8_0 and Q4_0) on row counts around the kernels' row
// groups (4 and 16: whole groups, tails, fewer rows than a group) and
// activations with zero, huge and non-finite blocks.
func TestQuantMatMulShapes(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(44, 44))
	for _, dt := range []tensor.DType{tensor.Q8_0, tensor.Q4_0, tensor.Q4_1} {
		for _, s := range []struct{ t, k, m int }{{1, 32, 1}, {3, 64, 5}, {2, 96, 17}, {5, 256, 20}, {16, 64, 33}, {1, 32, 16}, {4, 160, 48}} {
			vals := make([]float32, s.m*s.k)
			for i := range vals {
				vals[i] = float32(r.NormFloat64())
			}
			var data []byte
			var err error
			switch dt {
			case tensor.Q8_0:
				data, err = tensor.QuantizeQ8_0(vals)
			case tensor.Q4_0:
				data, err = tensor.QuantizeQ4_0(vals)
			default:
				data, err = tensor.QuantizeQ4_1(vals)
			}
			if err != nil {
				t.Fatal(err)
			}
			b := model.NewBuilder("matmul")
			x := b.Input("x", tensor.F32, tensor.Shape{s.t, s.k})
			w := b.Const("w", &tensor.Tensor{DType: dt, Shape: tensor.Shape{s.m, s.k}, Data: data})
			b.Output("y", b.Node("mm", model.OpMatMul, nil, x, w))
			checkPaths(t, fmt.Sprintf("%s matmul %+v", dt, s), b, func() []*tensor.Tensor {
				v := make([]float32, s.t*s.k)
				for i := range v {
					v[i] = float32(r.NormFloat64() * math.Pow(2, float64(r.IntN(60)-30)))
				}
				switch r.IntN(4) { // one special block
				case 0:
					clear(v[:32])
				case 1:
					v[r.IntN(len(v))] = float32(math.NaN())
				case 2:
					v[r.IntN(len(v))] = float32(math.Inf(-1))
				}
				return []*tensor.Tensor{tensor.FromF32(tensor.Shape{s.t, s.k}, v)}
			})
		}
	}
}

// TestAttentionShapes compares the fast and reference paths of Attention
// on sequence lengths around the vector width (scores of 16 keys a lane
// each), grouped heads, head sizes below, at and past 16, with special
// values in the inputs.
func TestAttentionShapes(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(9, 99))
	for _, s := range []struct{ t, heads, kv, dh int }{{1, 1, 1, 4}, {5, 2, 1, 16}, {17, 4, 2, 20}, {33, 8, 4, 32}, {16, 3, 3, 7}, {40, 2, 2, 48}} {
		b := model.NewBuilder("attn")
		q := b.Input("q", tensor.F32, tensor.Shape{s.t, s.heads * s.dh})
		k := b.Input("k", tensor.F32, tensor.Shape{s.t, s.kv * s.dh})
		v := b.Input("v", tensor.F32, tensor.Shape{s.t, s.kv * s.dh})
		b.Output("y", b.Attention("a", q, k, v, s.heads, s.kv))
		checkPaths(t, fmt.Sprintf("attention %+v", s), b, func() []*tensor.Tensor {
			var ins []*tensor.Tensor
			for _, w := range []int{s.heads, s.kv, s.kv} {
				x := make([]float32, s.t*w*s.dh)
				for i := range x {
					x[i] = float32(r.NormFloat64() * 3)
				}
				if r.IntN(3) == 0 {
					x[r.IntN(len(x))] = []float32{float32(math.NaN()), float32(math.Inf(1)), 1e30}[r.IntN(3)]
				}
				ins = append(ins, tensor.FromF32(tensor.Shape{s.t, w * s.dh}, x))
			}
			return ins
		})
	}
}

// TestMaxPoolShapes compares the fast and reference paths of QMaxPool2D,
// the 2x2 stride-2 rows (vectorized 32 outputs at a time, or a plane at
// once up to 32 outputs a row) with widths around 32 and 64, odd sizes,
// and the generic windows.
func TestMaxPoolShapes(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(2, 2))
	for _, s := range []struct{ c, h, w, k, stride int }{{1, 2, 64, 2, 2}, {3, 6, 130, 2, 2}, {2, 5, 71, 2, 2}, {4, 8, 8, 2, 2}, {2, 9, 66, 3, 2}, {1, 7, 40, 2, 1},
		{3, 7, 29, 2, 2}, {2, 4, 63, 2, 2}, {2, 4, 65, 2, 2}, {16, 28, 28, 2, 2}, {2, 6, 16, 2, 2}, {3, 9, 33, 2, 2},
		{2, 6, 11, 2, 2}, {2, 6, 15, 2, 2}} {
		b := model.NewBuilder("pool")
		x := b.Input("x", tensor.I8, tensor.Shape{s.c, s.h, s.w})
		b.Output("y", b.QMaxPool2D("p", x, s.k, s.stride))
		checkPaths(t, fmt.Sprintf("maxpool %+v", s), b, func() []*tensor.Tensor {
			return []*tensor.Tensor{tensor.FromI8(tensor.Shape{s.c, s.h, s.w}, randI8(r, s.c*s.h*s.w))}
		})
	}
}

// TestRunReusesFreedBuffers: a fast run hands the buffer of an output no
// longer read to a later node of the same size (8 KiB here, past
// reuseMin). A graph of same-sized
// values, one read through reshape aliases (its buffer freed once, with
// them), values read again later, an output aliasing another: every run,
// several at once on one executor, gives the reference path's bytes, and
// the outputs returned by one run are not touched by the next.
func TestRunReusesFreedBuffers(t *testing.T) {
	t.Parallel()
	b := model.NewBuilder("reuse")
	x := b.Input("x", tensor.F32, tensor.Shape{32, 64})
	a := b.Binary("a", model.OpAdd, x, x)
	ra := b.Reshape("ra", a, 64, 32) // aliases of a: its buffer is free only after c
	rb := b.Reshape("rb", ra, 32, 64)
	c := b.Binary("c", model.OpMul, rb, x)
	d := b.Binary("d", model.OpAdd, c, x) // may take a's buffer
	e := b.Binary("e", model.OpMul, d, c) // must not take the same one
	f := b.Binary("f", model.OpAdd, e, d) // reads d after e was written
	g := b.Binary("g", model.OpMul, f, x)
	h := b.Binary("h", model.OpAdd, g, g)
	b.Output("h", h)
	b.Output("rg", b.Reshape("rg", g, 64, 32)) // an output aliasing a value
	m, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	fast, err := exec.New(m, exec.Options{Mode: exec.Fast})
	if err != nil {
		t.Fatal(err)
	}
	r0 := rand.New(rand.NewPCG(9, 9))
	inputs := make([][]*tensor.Tensor, 16)
	wants := make([][]*tensor.Tensor, len(inputs))
	for i := range inputs {
		v := make([]float32, 32*64)
		for j := range v {
			v[j] = float32(r0.NormFloat64())
		}
		inputs[i] = []*tensor.Tensor{tensor.FromF32(tensor.Shape{32, 64}, v)}
		wants[i] = run(t, m, exec.Reference, inputs[i])
	}
	first, err := fast.Run(inputs[0])
	if err != nil {
		t.Fatal(err)
	}
	errs := make([]error, len(inputs))
	var wg sync.WaitGroup
	for i, in := range inputs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got, err := fast.Run(in)
			if err != nil {
				errs[i] = err
				return
			}
			for j := range got {
				if !bytes.Equal(got[j].Data, wants[i][j].Data) {
					errs[i] = fmt.Errorf("input %d: output %d differs from the reference", i, j)
				}
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	for j := range first {
		if !bytes.Equal(first[j].Data, wants[0][j].Data) {
			t.Fatalf("output %d of the first run changed under later runs", j)
		}
	}
}
