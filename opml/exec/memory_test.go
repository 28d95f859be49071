package exec_test

import (
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/aievm/aievm/opml/exec"
	"github.com/aievm/aievm/opml/model"
	"github.com/aievm/aievm/opml/tensor"
)

// memoryModel builds a one-node model of a random kind and shape whose
// working memory matters: a linear layer, a convolution (stride 1 or more),
// a quantized matmul, attention.
func memoryModel(r *rand.Rand, kind uint8) (*model.Model, []*tensor.Tensor, error) {
	b := model.NewBuilder("memory")
	i8 := func(name string, s tensor.Shape) model.Value {
		t := tensor.New(tensor.I8, s)
		for j := range t.Data {
			t.Data[j] = byte(r.IntN(256))
		}
		return b.Const(name, t)
	}
	bias := func(n int) model.Value { return b.Const("b", tensor.New(tensor.I32, tensor.Shape{n})) }
	var in *tensor.Tensor
	switch kind % 4 {
	case 0:
		rows, k, m := 1+r.IntN(64), 1+r.IntN(300), 1+r.IntN(64)
		in = tensor.New(tensor.I8, tensor.Shape{rows, k})
		x := b.Input("x", tensor.I8, in.Shape)
		b.Output("y", b.QLinear("l", x, i8("w", tensor.Shape{m, k}), bias(m), 1<<30, 31, false))
	case 1:
		c, h, w, o, kh, kw := 1+r.IntN(8), 8+r.IntN(40), 8+r.IntN(40), 1+r.IntN(8), 1+r.IntN(5), 1+r.IntN(5)
		stride, pad := 1+r.IntN(3), r.IntN(3)
		in = tensor.New(tensor.I8, tensor.Shape{c, h, w})
		x := b.Input("x", tensor.I8, in.Shape)
		b.Output("y", b.QConv2D("c", x, i8("w", tensor.Shape{o, c, kh, kw}), bias(o), stride, pad, 1<<30, 31, false))
	case 2:
		t, k, m := 1+r.IntN(16), 32*(1+r.IntN(8)), 1+r.IntN(64)
		in = tensor.New(tensor.F32, tensor.Shape{t, k})
		x := b.Input("x", tensor.F32, in.Shape)
		w := tensor.New(tensor.Q8_0, tensor.Shape{m, k})
		b.Output("y", b.Node("mm", model.OpMatMul, nil, x, b.Const("w", w)))
	default:
		heads, dh, t := 1+r.IntN(4), 2*(1+r.IntN(8)), 1+r.IntN(32)
		in = tensor.New(tensor.F32, tensor.Shape{t, heads * dh})
		x := b.Input("x", tensor.F32, in.Shape)
		b.Output("y", b.Attention("a", x, x, x, heads, heads))
	}
	m, err := b.Build()
	return m, []*tensor.Tensor{in}, err
}

// slack is what a run allocates besides tensors, working memory and the
// prepared weight layouts a first run builds (value tables, closures,
// goroutines): fixed.
func slack(m *model.Model) uint64 { return 32<<10 + m.PreparedBytes }

// allocated runs m once on the fast path and returns the bytes allocated.
func allocated(t *testing.T, m *model.Model, in []*tensor.Tensor) uint64 {
	t.Helper()
	e, err := exec.New(m, exec.Options{Mode: exec.Fast, MaxActivationBytes: model.MaxActivationBytes})
	if err != nil {
		t.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	if _, err := e.Run(in); err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestStridedConvMemory: a strided convolution's gathered operands (here
// ~0.7 MB, far above the slack) are what its declared working memory
// covers. Not parallel: it reads the process's allocation counter.
func TestStridedConvMemory(t *testing.T) {
	b := model.NewBuilder("strided")
	x := b.Input("x", tensor.I8, tensor.Shape{8, 64, 64})
	w := b.Const("w", tensor.New(tensor.I8, tensor.Shape{4, 8, 5, 5}))
	bias := b.Const("b", tensor.New(tensor.I32, tensor.Shape{4}))
	b.Output("y", b.QConv2D("c", x, w, bias, 2, 0, 1<<30, 31, false))
	m, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	got := allocated(t, m, []*tensor.Tensor{tensor.New(tensor.I8, tensor.Shape{8, 64, 64})})
	if got < 256<<10 || got > m.Cost.ActivationBytes+m.ScratchBytes+slack(m) {
		t.Fatalf("allocated %d bytes; declared activations %d + working memory %d + slack %d", got, m.Cost.ActivationBytes, m.ScratchBytes, slack(m))
	}
}

// TestKernelMemory: the shapes where each fast kernel's working memory is
// largest against its declared bound (long attention with 128-float heads,
// a long RoPE, a wide quantized matmul whose packing must not double the
// weights, a tall stride-1 convolution on the VNNI path (shift >= 32))
// allocate no more than the model declares. Not parallel: it reads the
// process's allocation counter.
func TestKernelMemory(t *testing.T) {
	cases := []struct {
		name  string
		build func(b *model.Builder) (*tensor.Tensor, error)
	}{
		{"attention t=120 dh=128", func(b *model.Builder) (*tensor.Tensor, error) {
			x := b.Input("x", tensor.F32, tensor.Shape{120, 256}) // 120 KiB: its binding fits L1
			b.Output("y", b.Attention("a", x, x, x, 2, 2))
			return tensor.New(tensor.F32, tensor.Shape{120, 256}), nil
		}},
		{"rope t=1920", func(b *model.Builder) (*tensor.Tensor, error) {
			x := b.Input("x", tensor.F32, tensor.Shape{1920, 16}) // 120 KiB: its binding fits L1
			b.Output("y", b.RoPE("r", x, 1, 10000))
			return tensor.New(tensor.F32, tensor.Shape{1920, 16}), nil
		}},
		{"q8_0 matmul 64x4096", func(b *model.Builder) (*tensor.Tensor, error) {
			vals := make([]float32, 64*4096)
			for i := range vals {
				vals[i] = float32(i%17) - 8
			}
			data, err := tensor.QuantizeQ8_0(vals)
			x := b.Input("x", tensor.F32, tensor.Shape{1, 4096})
			b.Output("y", b.Node("mm", model.OpMatMul, nil, x, b.Const("w", &tensor.Tensor{DType: tensor.Q8_0, Shape: tensor.Shape{64, 4096}, Data: data})))
			return tensor.New(tensor.F32, tensor.Shape{1, 4096}), err
		}},
		{"stride-1 conv 1x4096x4, shift 40", func(b *model.Builder) (*tensor.Tensor, error) {
			x := b.Input("x", tensor.I8, tensor.Shape{1, 4096, 4})
			w := b.Const("w", tensor.New(tensor.I8, tensor.Shape{4, 1, 3, 4}))
			b.Output("y", b.QConv2D("c", x, w, b.Const("b", tensor.New(tensor.I32, tensor.Shape{4})), 1, 1, 1<<30, 40, false))
			return tensor.New(tensor.I8, tensor.Shape{1, 4096, 4}), nil
		}},
	}
	for _, c := range cases {
		b := model.NewBuilder("memory")
		in, err := c.build(b)
		if err != nil {
			t.Fatal(err)
		}
		m, err := b.Build()
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got, bound := allocated(t, m, []*tensor.Tensor{in}), m.Cost.ActivationBytes+m.ScratchBytes+slack(m); got > bound {
			t.Errorf("%s: allocated %d bytes, declared activations %d + working memory %d + slack %d", c.name, got,
				m.Cost.ActivationBytes, m.ScratchBytes, slack(m))
		}
	}
}

// FuzzMemoryCovered: for random valid models, the bytes the fast executor
// actually allocates in a run stay within what the model declares and is
// bounded by (peak activations plus the largest working memory), counted, not
// timed. Not parallel: it reads the process's allocation counter.
func FuzzMemoryCovered(f *testing.F) {
	for s := uint64(0); s < 24; s++ {
		f.Add(s, uint8(s))
	}
	f.Fuzz(func(t *testing.T, seed uint64, kind uint8) {
		r := rand.New(rand.NewPCG(seed, 77))
		m, in, err := memoryModel(r, kind)
		if err != nil {
			t.Skip(err) // a random shape the op refuses
		}
		got := allocated(t, m, in)
		if bound := m.Cost.ActivationBytes + m.ScratchBytes + slack(m); got > bound {
			t.Fatalf("%s %v: allocated %d bytes, declared activations %d + working memory %d + slack %d", m.Nodes[0].Op,
				m.Nodes[0].Out.Shape, got, m.Cost.ActivationBytes, m.ScratchBytes, slack(m))
		}
	})
}

// TestSharedWeightLayouts: one weight feeding a stride-1 and a strided
// convolution and a linear layer is prepared once per layout (the fast path
// used to keep one layout per weight and hand it to the other node), and the
// fast path still matches the reference.
func TestSharedWeightLayouts(t *testing.T) {
	b := model.NewBuilder("shared")
	x := b.Input("x", tensor.I8, tensor.Shape{2, 9, 9})
	wt := tensor.New(tensor.I8, tensor.Shape{2, 2, 3, 3})
	for i := range wt.Data {
		wt.Data[i] = byte(i*37 + 5)
	}
	w := b.Const("w", wt)
	bias := b.Const("b", tensor.New(tensor.I32, tensor.Shape{2}))
	b.Output("s1", b.QConv2D("c1", x, w, bias, 1, 0, 1<<30, 20, false))
	b.Output("s2", b.QConv2D("c2", x, w, bias, 2, 0, 1<<30, 20, false))
	m, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	in := tensor.New(tensor.I8, tensor.Shape{2, 9, 9})
	for i := range in.Data {
		in.Data[i] = byte(i * 13)
	}
	fast, err := exec.New(m, exec.Options{Mode: exec.Fast})
	if err != nil {
		t.Fatal(err)
	}
	for pass := 0; pass < 2; pass++ { // the second pass uses the cached layouts
		a, err := fast.Run([]*tensor.Tensor{in})
		if err != nil {
			t.Fatal(err)
		}
		r := run(t, m, exec.Reference, []*tensor.Tensor{in})
		for i := range a {
			if string(a[i].Data) != string(r[i].Data) {
				t.Fatalf("pass %d output %d: fast %x, reference %x", pass, i, a[i].Data, r[i].Data)
			}
		}
	}
}

// TestSharedWeightOneStride1Layout: one weight feeding two stride-1
// convolutions, one with a shift the vector requantization takes (40) and
// one it does not (20), stays within the bound: model.nodeLayout charges
// one stride-1 layout per weight, and on VNNI CPUs both nodes used to
// prepare their own (quads for one, pairs for the other). Both still match
// the reference.
func TestSharedWeightOneStride1Layout(t *testing.T) {
	for _, kw := range []int{29, 1} { // quads on VNNI CPUs; pairs everywhere
		b := model.NewBuilder("shared-stride1")
		c, o, kh := 31, 128, 1
		x := b.Input("x", tensor.I8, tensor.Shape{c, 2, 30})
		wt := tensor.New(tensor.I8, tensor.Shape{o, c, kh, kw})
		for i := range wt.Data {
			wt.Data[i] = byte(i*29 + 3)
		}
		w := b.Const("w", wt)
		bias := b.Const("b", tensor.New(tensor.I32, tensor.Shape{o}))
		b.Output("a", b.QConv2D("c1", x, w, bias, 1, 0, 1<<30, 40, false))
		b.Output("b", b.QConv2D("c2", x, w, bias, 1, 0, 1<<30, 20, false))
		m, err := b.Build()
		if err != nil {
			t.Fatal(err)
		}
		in := tensor.New(tensor.I8, tensor.Shape{c, 2, 30})
		for i := range in.Data {
			in.Data[i] = byte(i * 7)
		}
		if got, bound := allocated(t, m, []*tensor.Tensor{in}), m.Cost.ActivationBytes+m.ScratchBytes+slack(m); got > bound {
			t.Errorf("kernel width %d, kernels %s: allocated %d bytes, bound %d (prepared %d)", kw, exec.SIMD, got, bound, m.PreparedBytes)
		}
		a := run(t, m, exec.Fast, []*tensor.Tensor{in})
		r := run(t, m, exec.Reference, []*tensor.Tensor{in})
		for i := range a {
			if string(a[i].Data) != string(r[i].Data) {
				t.Fatalf("kernel width %d: output %d: fast and reference differ", kw, i)
			}
		}
	}
}
