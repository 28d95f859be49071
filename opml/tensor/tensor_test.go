package tensor

import (
	"encoding/binary"
	"math"
	"testing"
)

func TestRequantize(t *testing.T) {
	t.Parallel()
	tests := []struct {
		acc, mult int32
		shift     uint8
		lo, hi    int32
		want      int32
	}{
		{100, 1 << 30, 31, -128, 127, 50},     // exact half
		{101, 1 << 30, 31, -128, 127, 51},     // 50.5 rounds half up
		{-101, 1 << 30, 31, -128, 127, -50},   // -50.5 rounds half up, toward +Inf
		{-103, 1 << 30, 31, -128, 127, -51},   // -51.5 -> -51
		{1000, 1 << 30, 30, -128, 127, 127},   // saturates high
		{-1000, 1 << 30, 30, -128, 127, -128}, // saturates low
		{-5, 1 << 30, 30, 0, 127, 0},          // ReLU floor
		{math.MaxInt32, math.MaxInt32, 62, -128, 127, 1},
		{math.MinInt32, math.MaxInt32, 1, -128, 127, -128},
	}
	for _, tt := range tests {
		if got := Requantize(tt.acc, tt.mult, tt.shift, tt.lo, tt.hi); got != tt.want {
			t.Errorf("Requantize(%d, %d, %d) = %d, want %d", tt.acc, tt.mult, tt.shift, got, tt.want)
		}
	}
}

func TestQuantMultiplier(t *testing.T) {
	t.Parallel()
	for _, s := range []float64{1, 0.5, 0.3, 1e-3, 1.0 / 96, 7.9} {
		m, sh, err := QuantMultiplier(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := float64(m) / math.Ldexp(1, int(sh)); math.Abs(got-s)/s > 1e-9 || m < 1<<30 {
			t.Errorf("scale %g -> %d/2^%d = %g", s, m, sh, got)
		}
	}
	for _, s := range []float64{0, -1, math.Inf(1), math.NaN(), 1e30} {
		if _, _, err := QuantMultiplier(s); err == nil {
			t.Errorf("scale %g accepted", s)
		}
	}
}

// TestBlockLayouts pins the GGUF byte layouts of Q8_0 and Q4_0.
func TestBlockLayouts(t *testing.T) {
	t.Parallel()
	v := make([]float32, 32)
	for i := range v {
		v[i] = float32(i - 16) // amax 16
	}
	q8, err := QuantizeQ8_0(v)
	if err != nil || len(q8) != 34 {
		t.Fatalf("q8_0: %d bytes, %v", len(q8), err)
	}
	if d := binary.LittleEndian.Uint16(q8); d != 0x3008 { // f16(16/127)
		t.Errorf("q8_0 scale %#04x", d)
	}
	if int8(q8[2]) != -127 || int8(q8[2+16]) != 0 || int8(q8[2+31]) != 119 {
		t.Errorf("q8_0 values %v", q8[2:])
	}
	q4, err := QuantizeQ4_0(v)
	if err != nil || len(q4) != 18 {
		t.Fatalf("q4_0: %d bytes, %v", len(q4), err)
	}
	// Element 0 (-16 -> q=-7 -> nibble 1) low, element 16 (0 -> 8) high.
	if q4[2] != 0x81 {
		t.Errorf("q4_0 first byte %#02x, want 0x81", q4[2])
	}
	back := Dequantize(&Tensor{DType: Q4_0, Shape: Shape{32}, Data: q4})
	for i, x := range back {
		if math.Abs(float64(x-v[i])) > 0.6*16.0/7 { // half a step, plus scale rounding
			t.Errorf("q4_0 element %d: %g -> %g", i, v[i], x)
		}
	}
	if _, err := QuantizeQ8_0(make([]float32, 31)); err == nil {
		t.Error("31 values accepted")
	}
}

func TestCheckShape(t *testing.T) {
	t.Parallel()
	tests := []struct {
		d  DType
		s  Shape
		ok bool
	}{
		{F32, Shape{3, 4}, true},
		{Q8_0, Shape{2, 64}, true},
		{Q4_0, Shape{2, 48}, false},
		{F32, Shape{1, 2, 3, 4, 5}, false},
		{F32, Shape{0}, false},
		{F32, Shape{1 << 16, 1 << 16}, false},
		{DType(99), Shape{1}, false},
	}
	for _, tt := range tests {
		if err := CheckShape(tt.d, tt.s); (err == nil) != tt.ok {
			t.Errorf("CheckShape(%s, %v) = %v", tt.d, tt.s, err)
		}
	}
}
