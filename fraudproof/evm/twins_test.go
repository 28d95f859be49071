package evm

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/aievm/aievm/contracts/bindings"
	"github.com/aievm/aievm/opml/exec"
	"github.com/aievm/aievm/opml/fmath"
	sf "github.com/aievm/aievm/opml/softfloat"
	"github.com/aievm/aievm/opml/tensor"
)

// edges are the binary32 operands every primitive meets in the tests:
// zeros, ones, subnormals, the normal boundary, the largest finite values,
// infinities and NaNs (canonical and not).
var edges = []uint32{
	0x00000000, 0x80000000, 0x3F800000, 0xBF800000, 0x00000001, 0x80000001, 0x007FFFFF, 0x807FFFFF,
	0x00800000, 0x80800000, 0x7F7FFFFF, 0xFF7FFFFF, 0x7F800000, 0xFF800000, 0x7FC00000, 0xFFC00000,
	0x7F800001, 0x4B000000, 0x4AFFFFFF, 0x4F000000, 0xCF000000, 0x3F000000, 0x3EFFFFFF, 0x40490FDB,
	0x42B17218, 0xC2CFF1B5, 0x33800000, 0x4EFFFFFF, 0xCF000001, 0x3FC00000, 0x40200000, 0x3F200000,
}

// operand draws a random binary32 pattern: an edge value, a value near 1,
// a value in the transcendentals' working range, or any 32 bits.
func operand(r *rand.Rand) uint32 {
	switch r.IntN(6) {
	case 0:
		return edges[r.IntN(len(edges))]
	case 1:
		return 0x3F000000 + uint32(r.IntN(0x01000000)) | uint32(r.IntN(2))<<31
	case 2:
		return uint32(sf.FromFloat32(float32(r.NormFloat64() * 20)))
	case 3:
		return uint32(r.IntN(0x00800000)) | uint32(r.IntN(2))<<31 // subnormal
	}
	return r.Uint32()
}

func b2u(b bool) uint32 {
	if b {
		return 1
	}
	return 0
}

// primitives maps each Twins code to the Go engine's function.
var primitives = map[uint8]struct {
	name string
	fn   func(a, b uint32) uint32
}{
	0:  {"add", func(a, b uint32) uint32 { return uint32(sf.Add(sf.F32(a), sf.F32(b))) }},
	1:  {"sub", func(a, b uint32) uint32 { return uint32(sf.Sub(sf.F32(a), sf.F32(b))) }},
	2:  {"mul", func(a, b uint32) uint32 { return uint32(sf.Mul(sf.F32(a), sf.F32(b))) }},
	3:  {"div", func(a, b uint32) uint32 { return uint32(sf.Div(sf.F32(a), sf.F32(b))) }},
	4:  {"sqrt", func(a, _ uint32) uint32 { return uint32(sf.Sqrt(sf.F32(a))) }},
	5:  {"eq", func(a, b uint32) uint32 { return b2u(sf.Eq(sf.F32(a), sf.F32(b))) }},
	6:  {"lt", func(a, b uint32) uint32 { return b2u(sf.Lt(sf.F32(a), sf.F32(b))) }},
	7:  {"le", func(a, b uint32) uint32 { return b2u(sf.Le(sf.F32(a), sf.F32(b))) }},
	8:  {"max", func(a, b uint32) uint32 { return uint32(sf.Max(sf.F32(a), sf.F32(b))) }},
	9:  {"min", func(a, b uint32) uint32 { return uint32(sf.Min(sf.F32(a), sf.F32(b))) }},
	10: {"neg", func(a, _ uint32) uint32 { return uint32(sf.Neg(sf.F32(a))) }},
	11: {"abs", func(a, _ uint32) uint32 { return uint32(sf.Abs(sf.F32(a))) }},
	12: {"i32->f32", func(a, _ uint32) uint32 { return uint32(sf.FromInt32(int32(a))) }},
	13: {"f32->i32", func(a, _ uint32) uint32 { return uint32(sf.ToInt32(sf.F32(a))) }},
	14: {"f16->f32", func(a, _ uint32) uint32 { return uint32(sf.F16ToF32(uint16(a))) }},
	15: {"f32->f16", func(a, _ uint32) uint32 { return uint32(sf.F32ToF16(sf.F32(a))) }},
	16: {"pow2", func(a, _ uint32) uint32 { return uint32(sf.Pow2(int32(a))) }},
	17: {"exp", func(a, _ uint32) uint32 { return uint32(fmath.Exp(sf.F32(a))) }},
	18: {"tanh", func(a, _ uint32) uint32 { return uint32(fmath.Tanh(sf.F32(a))) }},
	19: {"sigmoid", func(a, _ uint32) uint32 { return uint32(fmath.Sigmoid(sf.F32(a))) }},
	20: {"silu", func(a, _ uint32) uint32 { return uint32(fmath.SiLU(sf.F32(a))) }},
	21: {"gelu", func(a, _ uint32) uint32 { return uint32(fmath.GELU(sf.F32(a))) }},
	22: {"rsqrt", func(a, _ uint32) uint32 { return uint32(fmath.Rsqrt(sf.F32(a))) }},
	23: {"sin", func(a, _ uint32) uint32 { return uint32(fmath.Sin(sf.F32(a))) }},
	24: {"cos", func(a, _ uint32) uint32 { return uint32(fmath.Cos(sf.F32(a))) }},
}

// twinCases is how many random operand sets each twin is checked on.
const twinCases = 10_000

// TestFloatTwins: every soft-float primitive and transcendental of the
// Solidity twins (F32.sol, FMath.sol) gives the Go engine's bits on 10,000
// operand pairs each, edge values included.
func TestFloatTwins(t *testing.T) {
	t.Parallel()
	e, err := New()
	if err != nil {
		t.Fatal(err)
	}
	tw := bindings.NewTwins()
	for code := uint8(0); code < uint8(len(primitives)); code++ {
		p := primitives[code]
		r := rand.New(rand.NewPCG(uint64(code), 7))
		var a, b []uint32
		// every pair of edge values first, then random operands
		for _, x := range edges {
			for _, y := range edges {
				a, b = append(a, x), append(b, y)
			}
		}
		for len(a) < twinCases {
			x, y := operand(r), operand(r)
			switch code {
			case 14: // f16 inputs: all 65,536 halves are covered below
				x = uint32(len(a)) % 65536
			case 16: // pow2 takes small integers
				x = uint32(int32(r.IntN(600) - 300))
			}
			a, b = append(a, x), append(b, y)
		}
		if code == 14 {
			for h := len(a); h < 65536; h++ {
				a, b = append(a, uint32(h)), append(b, 0)
			}
		}
		const batch = 500
		for lo := 0; lo < len(a); lo += batch {
			hi := min(lo+batch, len(a))
			out, _, err := e.Call(e.Twins, tw.PackF32(code, a[lo:hi], b[lo:hi]))
			if err != nil {
				t.Fatalf("%s: %v", p.name, err)
			}
			got, err := tw.UnpackF32(out)
			if err != nil || len(got) != hi-lo {
				t.Fatalf("%s: %d results, %v", p.name, len(got), err)
			}
			for i, g := range got {
				if want := p.fn(a[lo+i], b[lo+i]); g != want {
					t.Fatalf("%s(0x%08x, 0x%08x): Solidity 0x%08x, Go 0x%08x", p.name, a[lo+i], b[lo+i], g, want)
				}
			}
		}
	}
}

// TestIntegerTwins: requantization and the q8_0 activation block dot product
// (Kernels.sol) against the Go engine on 10,000 random cases each.
func TestIntegerTwins(t *testing.T) {
	t.Parallel()
	e, err := New()
	if err != nil {
		t.Fatal(err)
	}
	tw := bindings.NewTwins()
	r := rand.New(rand.NewPCG(3, 9))
	acc, mult, shift, relu := make([]int32, twinCases), make([]int32, twinCases), make([]uint8, twinCases), make([]bool, twinCases)
	for i := range acc {
		acc[i] = int32(r.Uint32())
		if i%3 == 0 {
			acc[i] = int32(r.IntN(1<<16) - 1<<15)
		}
		mult[i] = int32(1 + r.IntN(1<<31-1))
		shift[i] = uint8(1 + r.IntN(62))
		relu[i] = r.IntN(2) == 0
	}
	for lo := 0; lo < twinCases; lo += 1000 {
		hi := lo + 1000
		out, _, err := e.Call(e.Twins, tw.PackRequant(acc[lo:hi], mult[lo:hi], shift[lo:hi], relu[lo:hi]))
		if err != nil {
			t.Fatal(err)
		}
		got, err := tw.UnpackRequant(out)
		if err != nil {
			t.Fatal(err)
		}
		for i, g := range got {
			k := lo + i
			lo8 := int32(-128)
			if relu[k] {
				lo8 = 0
			}
			if want := int8(tensor.Requantize(acc[k], mult[k], shift[k], lo8, 127)); g != want {
				t.Fatalf("requant(%d, %d, %d, %v): Solidity %d, Go %d", acc[k], mult[k], shift[k], relu[k], g, want)
			}
		}
	}
	for n := 0; n < twinCases; n++ {
		var xs [32]uint32
		var qw [32]int8
		for i := range xs {
			xs[i] = operand(r)
			if n%4 != 0 { // mostly finite activations, as in a model
				xs[i] = uint32(sf.FromFloat32(float32(r.NormFloat64())))
			}
			if n%8 == 3 { // ties: amax 127 * 2^k, so x * (1/dx) lands on j + 1/2 (or an ulp off)
				k := r.IntN(150) - 140 // the elements stay nonzero
				if i == 0 {
					xs[i] = uint32(sf.FromFloat32(float32(math.Ldexp(127, k))))
				} else {
					xs[i] = uint32(sf.FromFloat32(float32(math.Ldexp(float64(r.IntN(254)-127)+0.5, k)))) + uint32(r.IntN(3)) - 1
				}
			}
			qw[i] = int8(r.IntN(256) - 128)
			if n%2 == 0 {
				qw[i] = int8(r.IntN(16) - 8) // q4_0 range
			}
		}
		out, _, err := e.Call(e.Twins, tw.PackQuantDot(xs, qw))
		if err != nil {
			t.Fatal(err)
		}
		got, err := tw.UnpackQuantDot(out)
		if err != nil {
			t.Fatal(err)
		}
		x := make([]sf.F32, 32)
		for i := range xs {
			x[i] = sf.F32(xs[i])
		}
		dxf, isum := exec.QuantBlockDot(x, &qw)
		dx := uint32(dxf)
		if got.Dx != dx || got.Isum != isum {
			t.Fatalf("quantDot case %d: Solidity (0x%08x, %d), Go (0x%08x, %d)", n, got.Dx, got.Isum, dx, isum)
		}
	}
}
