package fmath

import (
	"math"
	"math/rand/v2"
	"testing"

	sf "github.com/aievm/aievm/opml/softfloat"
)

type fn struct {
	name     string
	ref      func(sf.F32) sf.F32
	fast     func(float32) float32
	exact    func(float64) float64
	lo, hi   float32 // domain where maxUlp is promised
	maxUlp   float64 // documented error bound (opml/SPEC.md)
	absTol   float64 // absolute error bound where |f(x)| < absBelow
	absBelow float64
}

var fns = []fn{
	{"exp", Exp, ExpFast, math.Exp, -87, 88, 2, 0, 0},
	{"tanh", Tanh, TanhFast, math.Tanh, -12, 12, 3, 0, 0},
	{"sigmoid", Sigmoid, SigmoidFast, func(x float64) float64 { return 1 / (1 + math.Exp(-x)) }, -80, 80, 3, 0, 0},
	{"silu", SiLU, SiLUFast, func(x float64) float64 { return x / (1 + math.Exp(-x)) }, -80, 80, 3, 0, 0},
	{"gelu", GELU, GELUFast, func(x float64) float64 {
		return 0.5 * x * (1 + math.Tanh(math.Sqrt(2/math.Pi)*(x+0.044715*x*x*x)))
	}, -10, 10, 16, 1e-6, 0.05},
	{"rsqrt", Rsqrt, RsqrtFast, func(x float64) float64 { return 1 / math.Sqrt(x) }, 1e-30, 1e30, 1.5, 0, 0},
	{"sin", Sin, SinFast, math.Sin, -8192, 8192, 2, 2e-7, 1e-2},
	{"cos", Cos, CosFast, math.Cos, -8192, 8192, 2, 2e-7, 1e-2},
	{"sincos-sin", Sin, func(x float32) float32 { s, _ := SinCosFast(x); return s }, math.Sin, -8192, 8192, 2, 2e-7, 1e-2},
	{"sincos-cos", Cos, func(x float32) float32 { _, c := SinCosFast(x); return c }, math.Cos, -8192, 8192, 2, 2e-7, 1e-2},
}

// ulpErr is |got - want| in units of the float32 ulp at want.
func ulpErr(got float32, want float64) float64 {
	if math.IsInf(want, 0) || math.IsInf(float64(got), 0) {
		if float64(got) == want {
			return 0
		}
		return math.Inf(1)
	}
	w := float32(want)
	ulp := math.Abs(float64(math.Nextafter32(w, float32(math.Inf(1)))) - float64(w))
	if ulp == 0 || math.IsInf(ulp, 0) {
		ulp = math.Abs(float64(w) - float64(math.Nextafter32(w, 0)))
	}
	if want == 0 || ulp == 0 {
		return math.Abs(float64(got))
	}
	return math.Abs(float64(got)-want) / ulp
}

func input(r *rand.Rand, f fn, i int) float32 {
	switch i % 4 {
	case 0: // anywhere
		return math.Float32frombits(r.Uint32())
	case 1: // small
		return float32(r.NormFloat64())
	default: // across the promised domain
		return f.lo + float32(r.Float64())*(f.hi-f.lo)
	}
}

// TestFastMatchesReference checks every fast form bit for bit against the
// reference on random inputs, NaN and Inf included.
func TestFastMatchesReference(t *testing.T) {
	t.Parallel()
	n := 300_000
	if testing.Short() {
		n = 30_000
	}
	for _, f := range fns {
		t.Run(f.name, func(t *testing.T) {
			t.Parallel()
			r := rand.New(rand.NewPCG(7, uint64(len(f.name))))
			for i := 0; i < n; i++ {
				x := input(r, f, i)
				got := Canon(f.fast(x))
				want := f.ref(sf.FromFloat32(x))
				if math.Float32bits(got) != uint32(want) {
					t.Fatalf("%s(%#08x = %g): fast %#08x, reference %#08x", f.name, math.Float32bits(x), x, math.Float32bits(got), uint32(want))
				}
			}
		})
	}
}

// TestErrorAgainstFloat64 measures each function's error against float64 on
// its promised domain and checks the bound documented in SPEC.md.
func TestErrorAgainstFloat64(t *testing.T) {
	t.Parallel()
	for _, f := range fns {
		r := rand.New(rand.NewPCG(8, uint64(len(f.name))))
		worst := 0.0
		var worstX float32
		for i := 0; i < 100_000; i++ {
			x := f.lo + float32(r.Float64())*(f.hi-f.lo)
			if i%2 == 0 { // dense near zero too
				x = float32(r.NormFloat64())
				if x < f.lo || x > f.hi {
					continue
				}
			}
			got := f.fast(x)
			want := f.exact(float64(x))
			e := ulpErr(got, want)
			if math.Abs(want) < f.absBelow {
				// Near a zero crossing the bound is absolute.
				if d := math.Abs(float64(got) - want); d > f.absTol {
					t.Errorf("%s(%g): absolute error %g > %g", f.name, x, d, f.absTol)
				}
				continue
			}
			if e > worst {
				worst, worstX = e, x
			}
		}
		t.Logf("%-8s max error %.2f ulp on [%g, %g] (at x=%g)", f.name, worst, f.lo, f.hi, worstX)
		if worst > f.maxUlp {
			t.Errorf("%s: max error %.2f ulp at x=%g, documented bound %g", f.name, worst, worstX, f.maxUlp)
		}
	}
}

func TestSpecialValues(t *testing.T) {
	t.Parallel()
	inf := sf.PosInf
	tests := []struct {
		name      string
		got, want sf.F32
	}{
		{"exp(NaN)", Exp(sf.NaN), sf.NaN},
		{"exp(+Inf)", Exp(inf), inf},
		{"exp(-Inf)", Exp(sf.NegInf), sf.Zero},
		{"exp(0)", Exp(sf.Zero), sf.One},
		{"exp(100)", Exp(sf.FromFloat32(100)), inf},
		{"tanh(+Inf)", Tanh(inf), sf.One},
		{"tanh(-0)", Tanh(0x80000000), 0x80000000},
		{"sigmoid(-Inf)", Sigmoid(sf.NegInf), sf.Zero},
		{"rsqrt(0)", Rsqrt(sf.Zero), inf},
		{"rsqrt(-1)", Rsqrt(0xBF800000), sf.NaN},
		{"sin(Inf)", Sin(inf), sf.NaN},
		{"cos(0)", Cos(sf.Zero), sf.One},
		{"sin(0)", Sin(sf.Zero), sf.Zero},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s = %#08x, want %#08x", tt.name, uint32(tt.got), uint32(tt.want))
		}
	}
}
