package model_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/aievm/aievm/opml/examples"
	"github.com/aievm/aievm/opml/merkle"
	"github.com/aievm/aievm/opml/model"
	"github.com/aievm/aievm/opml/tensor"
)

func exampleFiles(t testing.TB) map[string][]byte {
	all, names := examples.All()
	out := map[string][]byte{}
	for _, n := range names {
		if n == "decoder" {
			continue // decoder-q4 covers the same graph, smaller
		}
		m, err := all[n]()
		if err != nil {
			t.Fatal(err)
		}
		out[n] = m.Encode()
	}
	return out
}

func TestRoundTripAndAddress(t *testing.T) {
	t.Parallel()
	for name, b := range exampleFiles(t) {
		m, err := model.Decode(b)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !bytes.Equal(m.Encode(), b) {
			t.Fatalf("%s: re-encoding differs", name)
		}
		if m.Address() != merkle.Root(b, merkle.ModelLeafSize) {
			t.Fatalf("%s: address is not the Merkle root of the file", name)
		}
		h, n, err := model.DecodeHeader(b)
		if err != nil || h.Cost != m.Cost || len(h.Outputs) != len(m.Outputs) {
			t.Fatalf("%s: header %+v, %v", name, h, err)
		}
		// The header alone is enough: a prefix of the file decodes.
		if _, _, err := model.DecodeHeader(b[:n]); err != nil {
			t.Fatalf("%s: header prefix: %v", name, err)
		}
		// Tensor data is aligned: the decoder's slices point into b.
		for i, c := range m.Consts {
			if off := cap(b) - cap(c.Data); off%model.Alignment != 0 {
				t.Fatalf("%s: constant %d at offset %d is not %d-aligned", name, i, off, model.Alignment)
			}
		}
	}
}

func TestBuildIsDeterministic(t *testing.T) {
	t.Parallel()
	a, b := exampleFiles(t), exampleFiles(t)
	for n := range a {
		if !bytes.Equal(a[n], b[n]) {
			t.Fatalf("%s: two builds differ", n)
		}
	}
}

func TestDecodeRejects(t *testing.T) {
	t.Parallel()
	good := exampleFiles(t)["mlp"]
	mut := func(f func(b []byte) []byte) []byte { return f(append([]byte(nil), good...)) }
	hlen := int(binary.LittleEndian.Uint32(good[8:]))
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "bad magic"},
		{"bad magic", mut(func(b []byte) []byte { b[0] = 'X'; return b }), "bad magic"},
		{"future version", mut(func(b []byte) []byte { b[4] = 9; return b }), "unsupported version"},
		{"truncated header", good[:20], "truncated"},
		{"truncated data", good[:len(good)-1], "past the end"},
		{"trailing byte", append(append([]byte(nil), good...), 0), "trailing"},
		{"cost lie", mut(func(b []byte) []byte { b[hlen-40]++; return b }), "header cost"},
		{"header length lie", mut(func(b []byte) []byte { b[8]++; return b }), "header length"},
		{"huge count", mut(func(b []byte) []byte {
			binary.LittleEndian.PutUint32(b[hlen:], 0xFFFFFFFF)
			return b
		}), "count"},
	}
	for _, tt := range tests {
		_, err := model.Decode(tt.data)
		if err == nil || !errors.Is(err, model.ErrInvalid) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want ErrInvalid mentioning %q", tt.name, err, tt.want)
		}
	}
}

func TestBuilderRejects(t *testing.T) {
	t.Parallel()
	w := tensor.FromI8(tensor.Shape{3, 4}, make([]int8, 12))
	bias := tensor.FromI32(tensor.Shape{3}, make([]int32, 3))
	tests := []struct {
		name  string
		build func(b *model.Builder)
		want  string
	}{
		{"shape mismatch", func(b *model.Builder) {
			x := b.Input("x", tensor.I8, tensor.Shape{5})
			b.Output("y", b.QLinear("fc", x, b.Const("w", w), b.Const("b", bias), 1<<30, 31, false))
		}, "do not agree"},
		{"bad requant shift", func(b *model.Builder) {
			x := b.Input("x", tensor.I8, tensor.Shape{4})
			b.Output("y", b.QLinear("fc", x, b.Const("w", w), b.Const("b", bias), 1<<30, 63, false))
		}, "shift"},
		{"float into int op", func(b *model.Builder) {
			x := b.Input("x", tensor.F32, tensor.Shape{4})
			b.Output("y", b.QLinear("fc", x, b.Const("w", w), b.Const("b", bias), 1<<30, 31, false))
		}, "dtype"},
		{"no output", func(b *model.Builder) { b.Input("x", tensor.F32, tensor.Shape{4}) }, "outputs"},
		{"q8_0 row not multiple of 32", func(b *model.Builder) {
			x := b.Input("x", tensor.F32, tensor.Shape{1, 40})
			b.Output("y", b.Binary("mm", model.OpMatMul, x, b.Const("w", &tensor.Tensor{DType: tensor.Q8_0, Shape: tensor.Shape{2, 40}})))
		}, "multiple of 32"},
		{"reshape changes size", func(b *model.Builder) {
			x := b.Input("x", tensor.F32, tensor.Shape{4})
			b.Output("y", b.Reshape("r", x, 5))
		}, "element count"},
		{"huge output", func(b *model.Builder) {
			x := b.Input("x", tensor.I8, tensor.Shape{1 << 20, 4})
			big := tensor.New(tensor.I8, tensor.Shape{1 << 12, 4})
			b.Output("y", b.QLinear("fc", x, b.Const("w", big), b.Const("b", tensor.New(tensor.I32, tensor.Shape{1 << 12})), 1<<30, 31, false))
		}, "more than"},
	}
	for _, tt := range tests {
		b := model.NewBuilder(tt.name)
		tt.build(b)
		_, err := b.Build()
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want one mentioning %q", tt.name, err, tt.want)
		}
	}
}

// FuzzDecode: hostile bytes give an error or a model that re-encodes to the
// same bytes; never a panic, never an allocation beyond the input's size.
func FuzzDecode(f *testing.F) {
	for _, b := range exampleFiles(f) {
		if len(b) < 64<<10 {
			f.Add(b)
		}
	}
	f.Add([]byte("OPML"))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := model.Decode(b)
		if err != nil {
			if !errors.Is(err, model.ErrInvalid) {
				t.Fatalf("error without ErrInvalid: %v", err)
			}
			return
		}
		if !bytes.Equal(m.Encode(), b) {
			t.Fatal("accepted a non-canonical encoding")
		}
	})
}

// TestMutationsNeverPanic flips random bytes of a real file.
func TestMutationsNeverPanic(t *testing.T) {
	t.Parallel()
	good := exampleFiles(t)["cnn"]
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 3000; i++ {
		b := append([]byte(nil), good...)
		for k := 0; k < 1+r.IntN(4); k++ {
			b[r.IntN(len(b))] ^= byte(1 + r.IntN(255))
		}
		if r.IntN(4) == 0 {
			b = b[:r.IntN(len(b))]
		}
		if m, err := model.Decode(b); err == nil && !bytes.Equal(m.Encode(), b) {
			t.Fatal("mutated file accepted in a non-canonical form")
		}
	}
}
