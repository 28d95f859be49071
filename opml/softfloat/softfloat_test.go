package softfloat

import (
	"math"
	"math/rand/v2"
	"sort"
	"testing"
)

// edge holds operands where rounding and special cases live.
var edge = []uint32{
	0x00000000, 0x80000000, // ±0
	0x00000001, 0x80000001, // smallest subnormal
	0x007FFFFF, 0x807FFFFF, // largest subnormal
	0x00800000, 0x80800000, // smallest normal
	0x00800001, 0x00FFFFFF,
	0x3F800000, 0xBF800000, // ±1
	0x3F800001, 0x3F7FFFFF, // 1 ± ulp
	0x3F000000, 0x3FC00000, 0x40000000, 0x40400000,
	0x4B000000, 0x4B000001, 0x4AFFFFFF, // 2^23 neighbourhood
	0x4B800000, 0x4F000000, 0xCF000000, 0x4EFFFFFF, // 2^24, ±2^31
	0x7F7FFFFF, 0xFF7FFFFF, // ±max
	0x7F800000, 0xFF800000, // ±Inf
	0x7FC00000, 0xFFC00000, 0x7F800001, 0x7FBFFFFF, // NaNs
	0x33800000, 0x34000000, // 2^-24, 2^-23
	0x0C000000, 0x1F800000, 0x5F800000, 0x72800000,
}

// operand draws a test operand: uniform bits, edge values, sparse
// significands (which make exact ties common) or a value near ref.
func operand(r *rand.Rand, ref uint32) uint32 {
	switch r.IntN(6) {
	case 0:
		return edge[r.IntN(len(edge))]
	case 1: // sparse significand: few bits set, ties are frequent
		var frac uint32
		for i := r.IntN(4); i >= 0; i-- {
			frac |= 1 << r.IntN(23)
		}
		return uint32(r.IntN(2))<<31 | uint32(r.IntN(256))<<23 | frac
	case 2: // near ref's exponent: cancellation and alignment
		ex := int(ref>>23&0xFF) - r.IntN(30) + 3
		ex = max(0, min(254, ex))
		return uint32(r.IntN(2))<<31 | uint32(ex)<<23 | r.Uint32()&fracMask
	case 3: // subnormal or tiny
		return uint32(r.IntN(2))<<31 | r.Uint32()&0x00FFFFFF
	default:
		return r.Uint32()
	}
}

func sameBits(got F32, want float32) bool {
	if math.IsNaN(float64(want)) {
		return got == NaN
	}
	return uint32(got) == math.Float32bits(want)
}

func iterations(t testing.TB) int {
	if testing.Short() {
		return 200_000
	}
	return 2_000_000
}

func TestBinaryOpsMatchHardware(t *testing.T) {
	t.Parallel()
	ops := []struct {
		name string
		soft func(a, b F32) F32
		hard func(a, b float32) float32
	}{
		{"add", Add, func(a, b float32) float32 { return a + b }},
		{"sub", Sub, func(a, b float32) float32 { return a - b }},
		{"mul", Mul, func(a, b float32) float32 { return a * b }},
		{"div", Div, func(a, b float32) float32 { return a / b }},
	}
	for _, op := range ops {
		t.Run(op.name, func(t *testing.T) {
			t.Parallel()
			r := rand.New(rand.NewPCG(1, uint64(len(op.name))))
			n := iterations(t)
			for i := 0; i < n; i++ {
				a := r.Uint32()
				if i&1 == 0 {
					a = operand(r, 0x3F800000)
				}
				b := operand(r, a)
				fa, fb := math.Float32frombits(a), math.Float32frombits(b)
				got := op.soft(F32(a), F32(b))
				if want := op.hard(fa, fb); !sameBits(got, want) {
					t.Fatalf("%s(%#08x, %#08x) = %#08x, hardware %#08x", op.name, a, b, uint32(got), math.Float32bits(want))
				}
			}
		})
	}
	// Every pair of edge values, exhaustively.
	for _, a := range edge {
		for _, b := range edge {
			for _, op := range ops {
				got := op.soft(F32(a), F32(b))
				if want := op.hard(math.Float32frombits(a), math.Float32frombits(b)); !sameBits(got, want) {
					t.Fatalf("%s(%#08x, %#08x) = %#08x, hardware %#08x", op.name, a, b, uint32(got), math.Float32bits(want))
				}
			}
		}
	}
}

func TestUnaryOpsMatchHardware(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(2, 2))
	n := iterations(t)
	check := func(a uint32) {
		f := math.Float32frombits(a)
		if got, want := Sqrt(F32(a)), float32(math.Sqrt(float64(f))); !sameBits(got, want) {
			t.Fatalf("sqrt(%#08x) = %#08x, want %#08x", a, uint32(got), math.Float32bits(want))
		}
		// Rounding a float64 holding an exact float32 is exact, so this is a
		// correct independent reference for ties-to-even conversion.
		want := int32(0)
		if !math.IsNaN(float64(f)) {
			v := math.RoundToEven(float64(f))
			switch {
			case v >= math.MaxInt32:
				want = math.MaxInt32
			case v <= math.MinInt32:
				want = math.MinInt32
			default:
				want = int32(v)
			}
		}
		if got := ToInt32(F32(a)); got != want {
			t.Fatalf("toInt32(%#08x = %g) = %d, want %d", a, f, got, want)
		}
	}
	for _, a := range edge {
		check(a)
	}
	for i := 0; i < n; i++ {
		check(operand(r, 0x3F800000))
	}
	// Ties just around integers.
	for k := int32(-70000); k < 70000; k++ {
		check(math.Float32bits(float32(k) + 0.5))
	}
	for i := 0; i < n; i++ {
		v := int32(r.Uint32())
		if i&3 == 0 {
			v >>= r.IntN(31)
		}
		if got, want := FromInt32(v), float32(v); !sameBits(got, want) {
			t.Fatalf("fromInt32(%d) = %#08x, want %#08x", v, uint32(got), math.Float32bits(want))
		}
	}
	for _, v := range []int32{0, 1, -1, math.MaxInt32, math.MinInt32, 1<<24 + 1, -(1<<24 + 1), 1<<25 + 2} {
		if got, want := FromInt32(v), float32(v); !sameBits(got, want) {
			t.Fatalf("fromInt32(%d) = %#08x, want %#08x", v, uint32(got), math.Float32bits(want))
		}
	}
}

func TestCompareMatchesHardware(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(3, 3))
	n := iterations(t)
	for i := 0; i < n; i++ {
		a := operand(r, 0x3F800000)
		b := operand(r, a)
		if i%7 == 0 {
			b = a ^ uint32(r.IntN(2))<<31
		}
		fa, fb := math.Float32frombits(a), math.Float32frombits(b)
		if Eq(F32(a), F32(b)) != (fa == fb) || Lt(F32(a), F32(b)) != (fa < fb) || Le(F32(a), F32(b)) != (fa <= fb) {
			t.Fatalf("compare(%#08x, %#08x) disagrees with hardware", a, b)
		}
	}
}

func TestMinMaxNegAbs(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		got, want F32
	}{
		{"max(-0,+0)", Max(0x80000000, 0), 0},
		{"max(+0,-0)", Max(0, 0x80000000), 0},
		{"min(+0,-0)", Min(0, 0x80000000), 0x80000000},
		{"max(NaN,1)", Max(0x7FA00000, One), NaN},
		{"min(1,NaN)", Min(One, 0xFFC00001), NaN},
		{"max(1,2)", Max(One, 0x40000000), 0x40000000},
		{"min(-1,2)", Min(0xBF800000, 0x40000000), 0xBF800000},
		{"neg(NaN)", Neg(0xFFC00000), NaN},
		{"abs(-NaN)", Abs(0xFFC00000), NaN},
		{"abs(-1)", Abs(0xBF800000), One},
		{"sqrt(-0)", Sqrt(0x80000000), 0x80000000},
		{"sqrt(-1)", Sqrt(0xBF800000), NaN},
		{"pow2(-149)", Pow2(-149), 1},
		{"pow2(-126)", Pow2(-126), 0x00800000},
		{"pow2(127)", Pow2(127), 0x7F000000},
		{"pow2(128)", Pow2(128), PosInf},
		{"pow2(-150)", Pow2(-150), 0},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s = %#08x, want %#08x", tt.name, uint32(tt.got), uint32(tt.want))
		}
	}
}

func TestF16Conversions(t *testing.T) {
	t.Parallel()
	// Every finite half, widened, as float64 and sorted: the reference set
	// that narrowing must choose from.
	type half struct {
		v float64
		h uint16
	}
	var halves []half
	for h := 0; h < 1<<16; h++ {
		w := F16ToF32(uint16(h))
		ex := h >> 10 & 0x1F
		if ex == 0x1F {
			if h&0x3FF != 0 && w != NaN {
				t.Fatalf("f16 NaN %#04x widened to %#08x", h, uint32(w))
			}
			continue
		}
		// Widening is exact: its value equals the half's value computed in float64.
		frac := float64(h & 0x3FF)
		v := math.Ldexp(frac, -24)
		if ex != 0 {
			v = math.Ldexp(1024+frac, ex-25)
		}
		if h&0x8000 != 0 {
			v = -v
		}
		if float64(w.Float32()) != v || (v == 0 && uint32(w)>>31 != uint32(h)>>15) {
			t.Fatalf("F16ToF32(%#04x) = %g, want %g", h, w.Float32(), v)
		}
		if back := F32ToF16(w); back != uint16(h) {
			t.Fatalf("round trip %#04x -> %#08x -> %#04x", h, uint32(w), back)
		}
		if h&0x8000 == 0 {
			halves = append(halves, half{v, uint16(h)})
		}
	}
	sort.Slice(halves, func(i, j int) bool { return halves[i].v < halves[j].v })
	maxHalf := halves[len(halves)-1].v // 65504
	ref := func(f float32) uint16 {
		x := math.Abs(float64(f))
		sign := uint16(math.Float32bits(f)>>31) << 15
		// Overflow: beyond max + half an ulp (2^15/2 = 16) rounds to Inf; a tie
		// at exactly 65520 goes to the even neighbour, Inf.
		if x >= maxHalf+16 {
			return sign | 0x7C00
		}
		i := sort.Search(len(halves), func(i int) bool { return halves[i].v >= x })
		if i == len(halves) {
			return sign | halves[i-1].h // below the overflow threshold
		}
		if halves[i].v == x || i == 0 {
			return sign | halves[i].h
		}
		lo, hi := halves[i-1], halves[i]
		switch {
		case x-lo.v < hi.v-x:
			return sign | lo.h
		case x-lo.v > hi.v-x:
			return sign | hi.h
		case lo.h&1 == 0:
			return sign | lo.h
		default:
			return sign | hi.h
		}
	}
	r := rand.New(rand.NewPCG(4, 4))
	for i := 0; i < iterations(t)/2; i++ {
		var a uint32
		switch i % 3 {
		case 0: // in half's range, including its subnormals
			a = uint32(r.IntN(2))<<31 | uint32(100+r.IntN(45))<<23 | r.Uint32()&fracMask
		case 1: // exact ties: a half value plus half its ulp
			a = math.Float32bits(F16ToF32(uint16(r.IntN(0x7C00))).Float32()) | 1<<12
		default:
			a = operand(r, 0x3F800000)
		}
		f := math.Float32frombits(a)
		if math.IsNaN(float64(f)) {
			if F32ToF16(F32(a)) != 0x7E00 {
				t.Fatalf("F32ToF16(NaN %#08x) not canonical", a)
			}
			continue
		}
		if got, want := F32ToF16(F32(a)), ref(f); got != want {
			t.Fatalf("F32ToF16(%#08x = %g) = %#04x, want %#04x", a, f, got, want)
		}
	}
}

func FuzzArithmetic(f *testing.F) {
	f.Add(uint32(0x3F800000), uint32(0x00000001))
	f.Add(uint32(0x7F7FFFFF), uint32(0x7F7FFFFF))
	f.Fuzz(func(t *testing.T, a, b uint32) {
		fa, fb := math.Float32frombits(a), math.Float32frombits(b)
		for _, c := range []struct {
			got  F32
			want float32
		}{
			{Add(F32(a), F32(b)), fa + fb},
			{Sub(F32(a), F32(b)), fa - fb},
			{Mul(F32(a), F32(b)), fa * fb},
			{Div(F32(a), F32(b)), fa / fb},
			{Sqrt(F32(a)), float32(math.Sqrt(float64(fa)))},
		} {
			if !sameBits(c.got, c.want) {
				t.Fatalf("(%#08x, %#08x): got %#08x want %#08x", a, b, uint32(c.got), math.Float32bits(c.want))
			}
		}
	})
}
