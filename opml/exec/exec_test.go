package exec_test

import (
	"bytes"
	"encoding/hex"
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/aievm/aievm/opml/examples"
	"github.com/aievm/aievm/opml/exec"
	"github.com/aievm/aievm/opml/merkle"
	"github.com/aievm/aievm/opml/model"
	"github.com/aievm/aievm/opml/tensor"
)

// golden pins, per example model, its address and the hash of its outputs
// on SampleInput(seed 1). Any change of numerics, format or example weights
// changes these, on purpose: update them only with a SPEC.md change. CI
// checks them on amd64 and, under qemu-user, on arm64 and big-endian mips64.
var golden = map[string]struct{ address, outputs string }{
	"cnn":        {"863665087521981ccc0e313e3d53eb07c0a3d3d682081060090349c97deef1ab", "bc09a3a2ac9c8a322cd42f80d445e13d8852a21bd03af9055fd71854c5c23b21"},
	"decoder":    {"f233e45c7645f9db674ee5a8a59ad0c55941772a0c367d8dd891cbe0a0d8bf0e", "d74f04fd012444095b53ed4c24db38d37e6493a7875de4b3d59d8d996999c98e"},
	"decoder-q4": {"744650617c0ee08b741aaaaee6107558c255aebd6adca47ff40832aebe0c906c", "f75e4403c78a6df3ce483d3b89a922b00e81b6f126854cf56e2796bdb33cf975"},
	"mlp":        {"8a4f8170d53d4273fa516460e46eecee6d84aec066abefba644d0c547dd79572", "a43c776087a8ed30863f8dcce8eb424dd69a3be2961fc726b6542b34c226a03b"},
}

func buildExample(t testing.TB, name string) *model.Model {
	t.Helper()
	all, _ := examples.All()
	m, err := all[name]()
	if err != nil {
		t.Fatalf("build %s: %v", name, err)
	}
	return m
}

func outputsHash(outs []*tensor.Tensor) string {
	var b []byte
	for _, o := range outs {
		b = append(b, o.Data...)
	}
	h := merkle.Keccak(b)
	return hex.EncodeToString(h[:])
}

func run(t testing.TB, m *model.Model, mode exec.Mode, in []*tensor.Tensor) []*tensor.Tensor {
	t.Helper()
	e, err := exec.New(m, exec.Options{Mode: mode})
	if err != nil {
		t.Fatal(err)
	}
	outs, err := e.Run(in)
	if err != nil {
		t.Fatalf("%s run: %v", mode, err)
	}
	return outs
}

// TestGolden checks model addresses and output hashes of every example on
// both paths against the pinned values.
func TestGolden(t *testing.T) {
	t.Parallel()
	_, names := examples.All()
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			m := buildExample(t, name)
			addr := m.Address()
			in := examples.SampleInput(m, 1)
			for _, mode := range []exec.Mode{exec.Fast, exec.Reference} {
				if testing.Short() && mode == exec.Reference && name != "mlp" && name != "cnn" {
					continue // the reference decoder is slow under emulation
				}
				got := outputsHash(run(t, m, mode, in))
				t.Logf("golden %s %s address=%x outputs=%s", name, mode, addr, got)
				g := golden[name]
				if hex.EncodeToString(addr[:]) != g.address {
					t.Errorf("%s: address %x, golden %s", name, addr, g.address)
				}
				if got != g.outputs {
					t.Errorf("%s %s: outputs hash %s, golden %s", name, mode, got, g.outputs)
				}
			}
		})
	}
}

// TestFastMatchesReference runs every example on many random inputs on both
// paths and requires identical bytes.
func TestFastMatchesReference(t *testing.T) {
	t.Parallel()
	_, names := examples.All()
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			m := buildExample(t, name)
			seeds := 20
			if m.Cost.MACs > 1e6 {
				seeds = 2
			}
			if testing.Short() {
				seeds = min(seeds, 3)
				if m.Cost.MACs > 1e6 {
					return
				}
			}
			for s := 0; s < seeds; s++ {
				in := examples.SampleInput(m, uint64(s))
				a, b := run(t, m, exec.Fast, in), run(t, m, exec.Reference, in)
				for i := range a {
					if !bytes.Equal(a[i].Data, b[i].Data) {
						t.Fatalf("seed %d output %d: fast and reference differ", s, i)
					}
				}
			}
		})
	}
}

var specials = []uint32{0x7FC00000, 0xFFC00001, 0x7F800000, 0xFF800000, 0x80000000, 0, 1, 0x807FFFFF, 0x7F7FFFFF, 0x3F800000}

func randomF32(r *rand.Rand, n int, special float64) []float32 {
	v := make([]float32, n)
	for i := range v {
		switch {
		case r.Float64() < special:
			v[i] = math.Float32frombits(specials[r.IntN(len(specials))])
		case r.IntN(8) == 0:
			v[i] = math.Float32frombits(r.Uint32())
		default:
			v[i] = float32(r.NormFloat64() * math.Pow(10, float64(r.IntN(7)-3)))
		}
	}
	return v
}

// FuzzFastMatchesReference feeds random float tensors, special values
// included, through every float op on both paths and compares the bits.
func FuzzFastMatchesReference(f *testing.F) {
	for s := uint64(0); s < 40; s++ {
		f.Add(s, uint8(s%4), s%4 == 0)
	}
	models := map[uint8]*model.Model{
		0: exec.FloatOpsModel(f, 5, 64, tensor.Q8_0),
		1: exec.FloatOpsModel(f, 5, 64, tensor.Q4_0),
		2: exec.FloatOpsModel(f, 5, 64, tensor.F32),
		3: exec.FloatOpsModel(f, 5, 64, tensor.Q4_1),
	}
	f.Fuzz(func(t *testing.T, seed uint64, kind uint8, special bool) {
		m := models[kind%4]
		r := rand.New(rand.NewPCG(seed, 9))
		p := 0.0
		if special {
			p = 0.05
		}
		in := []*tensor.Tensor{tensor.FromF32(tensor.Shape{5, 64}, randomF32(r, 5*64, p))}
		a, b := run(t, m, exec.Fast, in), run(t, m, exec.Reference, in)
		for i := range a {
			if !bytes.Equal(a[i].Data, b[i].Data) {
				t.Fatalf("seed %d kind %d output %d (%s): fast and reference differ", seed, kind, i, m.Outputs[i].Name)
			}
		}
	})
}

func TestInputErrors(t *testing.T) {
	t.Parallel()
	m := buildExample(t, "decoder")
	e, err := exec.New(m, exec.Options{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		in   []*tensor.Tensor
		want error
	}{
		{"no inputs", nil, exec.ErrInput},
		{"wrong dtype", []*tensor.Tensor{tensor.New(tensor.F32, tensor.Shape{16})}, exec.ErrInput},
		{"wrong shape", []*tensor.Tensor{tensor.New(tensor.I32, tensor.Shape{15})}, exec.ErrInput},
		{"token out of range", []*tensor.Tensor{tensor.FromI32(tensor.Shape{16}, []int32{5000})}, exec.ErrTokenRange{}},
		{"negative token", []*tensor.Tensor{tensor.FromI32(tensor.Shape{16}, []int32{-1})}, exec.ErrTokenRange{}},
	}
	for _, tt := range tests {
		_, err := e.Run(tt.in)
		var tr exec.ErrTokenRange
		if err == nil || (!errors.Is(err, tt.want) && !(errors.As(err, &tr) && tt.want == exec.ErrTokenRange{})) {
			t.Errorf("%s: error %v, want %v", tt.name, err, tt.want)
		}
	}
	if _, err := exec.New(m, exec.Options{MaxActivationBytes: 1024}); err == nil {
		t.Error("activation limit not enforced")
	}
}

// TestSharedOutputBuffers: outputs that share one buffer (a value output
// twice, a reshape of an output, a reshape of the input) all come back as
// the canonical bytes. On a big-endian host each buffer must be converted
// from host order exactly once.
func TestSharedOutputBuffers(t *testing.T) {
	t.Parallel()
	b := model.NewBuilder("shared")
	x := b.Input("x", tensor.F32, tensor.Shape{2, 3})
	ids := b.Input("ids", tensor.I32, tensor.Shape{4})
	y := b.Binary("add", model.OpAdd, x, x)
	z := b.Binary("mul", model.OpMul, x, x)
	b.Output("y", y) // pairs: converting a shared buffer twice undoes it
	b.Output("y again", y)
	b.Output("z", z)
	b.Output("z reshaped", b.Reshape("rz", z, 3, 2))
	b.Output("x reshaped", b.Reshape("rx", x, 6))
	b.Output("ids reshaped", b.Reshape("rids", ids, 2, 2))
	m, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	xv := []float32{1, -2.5, 3e-40, float32(math.Inf(1)), 0.1, -0}
	idv := []int32{1, -2, 1 << 30, math.MinInt32}
	in := []*tensor.Tensor{tensor.FromF32(tensor.Shape{2, 3}, xv), tensor.FromI32(tensor.Shape{4}, idv)}
	y2, z2 := make([]float32, len(xv)), make([]float32, len(xv))
	for i, v := range xv {
		y2[i], z2[i] = v+v, v*v
	}
	yb, zb := tensor.FromF32(tensor.Shape{6}, y2).Data, tensor.FromF32(tensor.Shape{6}, z2).Data
	want := [][]byte{yb, yb, zb, zb, in[0].Data, in[1].Data}
	for _, mode := range []exec.Mode{exec.Fast, exec.Reference} {
		for i, o := range run(t, m, mode, in) {
			if !bytes.Equal(o.Data, want[i]) {
				t.Errorf("%s output %d (%s): % x, want % x", mode, i, m.Outputs[i].Name, o.Data, want[i])
			}
		}
	}
}
