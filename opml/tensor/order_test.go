package tensor

import (
	"bytes"
	"math"
	"slices"
	"testing"
)

// hostOrders are the accessor paths this machine can run: the explicit
// decoding a big-endian host uses (le = false) everywhere, and the in-place
// views of a little-endian host only on one.
func hostOrders() []bool {
	if littleEndian {
		return []bool{false, true}
	}
	return []bool{false}
}

// Values whose bytes all differ, so a wrong order cannot pass, with their
// canonical (little-endian) bytes, pinned by hand.
var (
	f32Vals  = []float32{1.5, -2.75, math.Float32frombits(0x01020304)}
	f32Bytes = []byte{0x00, 0x00, 0xC0, 0x3F, 0x00, 0x00, 0x30, 0xC0, 0x04, 0x03, 0x02, 0x01}
	i32Vals  = []int32{-2, 0x01020304, math.MinInt32}
	i32Bytes = []byte{0xFE, 0xFF, 0xFF, 0xFF, 0x04, 0x03, 0x02, 0x01, 0x00, 0x00, 0x00, 0x80}
	u16Vals  = []uint16{0x3C00, 0x0102, 0xFBFF}
	u16Bytes = []byte{0x00, 0x3C, 0x02, 0x01, 0xFF, 0xFB}
)

// TestAccessorsDecodeCanonicalBytes runs the typed accessors' bodies on both
// host paths: each must read the canonical bytes as the pinned values, and
// write them back as the same bytes. On amd64 this covers the big-endian
// path too.
func TestAccessorsDecodeCanonicalBytes(t *testing.T) {
	t.Parallel()
	for _, le := range hostOrders() {
		if got := f32s(f32Bytes, le); !slices.Equal(got, f32Vals) {
			t.Errorf("le=%v: f32s = %v, want %v", le, got, f32Vals)
		}
		if got, want := u32s(f32Bytes, le), []uint32{0x3FC00000, 0xC0300000, 0x01020304}; !slices.Equal(got, want) {
			t.Errorf("le=%v: u32s = %#x, want %#x", le, got, want)
		}
		if got := i32s(i32Bytes, le); !slices.Equal(got, i32Vals) {
			t.Errorf("le=%v: i32s = %v, want %v", le, got, i32Vals)
		}
		if got := u16s(u16Bytes, le); !slices.Equal(got, u16Vals) {
			t.Errorf("le=%v: u16s = %#x, want %#x", le, got, u16Vals)
		}
		for _, tt := range []struct {
			name string
			put  func([]byte)
			want []byte
		}{
			{"putF32", func(b []byte) { putF32(b, f32Vals, le) }, f32Bytes},
			{"putI32", func(b []byte) { putI32(b, i32Vals, le) }, i32Bytes},
			{"putU16", func(b []byte) { putU16(b, u16Vals, le) }, u16Bytes},
			// A short destination takes what fits; a short source leaves the rest.
			{"putF32 short dst", func(b []byte) { putF32(b[:6], f32Vals, le) }, append(f32Bytes[:4:4], make([]byte, 8)...)},
			{"putI32 short src", func(b []byte) { putI32(b, i32Vals[:1], le) }, append(i32Bytes[:4:4], make([]byte, 8)...)},
		} {
			b := make([]byte, len(tt.want))
			tt.put(b)
			if !bytes.Equal(b, tt.want) {
				t.Errorf("le=%v: %s wrote % x, want % x", le, tt.name, b, tt.want)
			}
		}
		// Decoding and aliasing: the big-endian path returns a copy, the
		// little-endian one a view.
		b := bytes.Clone(f32Bytes)
		f32s(b, le)[0] = 0
		if aliased := b[3] == 0; aliased != le {
			t.Errorf("le=%v: write through the accessor reached the bytes: %v", le, aliased)
		}
		if got := f32s(nil, le); len(got) != 0 {
			t.Errorf("le=%v: f32s(nil) = %v", le, got)
		}
	}
}

// TestConstructorsAreCanonical: the From constructors write canonical bytes
// on this host, and the methods read them back.
func TestConstructorsAreCanonical(t *testing.T) {
	t.Parallel()
	if x := FromF32(Shape{3}, f32Vals); !bytes.Equal(x.Data, f32Bytes) || !slices.Equal(x.F32(), f32Vals) {
		t.Errorf("FromF32: % x", x.Data)
	}
	if x := FromI32(Shape{3}, i32Vals); !bytes.Equal(x.Data, i32Bytes) || !slices.Equal(x.I32(), i32Vals) {
		t.Errorf("FromI32: % x", x.Data)
	}
	if x := FromU16(Shape{3}, u16Vals); !bytes.Equal(x.Data, u16Bytes) || !slices.Equal(x.U16(), u16Vals) {
		t.Errorf("FromU16: % x", x.Data)
	}
	if x := FromI8(Shape{2}, []int8{-1, 2}); !bytes.Equal(x.Data, []byte{0xFF, 0x02}) {
		t.Errorf("FromI8: % x", x.Data)
	}
}

// TestSwapOrder pins the element sizes each dtype reorders.
func TestSwapOrder(t *testing.T) {
	t.Parallel()
	q8 := bytes.Repeat([]byte{1, 2, 3}, 34/3+1)[:34]
	tests := []struct {
		d        DType
		in, want []byte
	}{
		{F32, f32Bytes, []byte{0x3F, 0xC0, 0x00, 0x00, 0xC0, 0x30, 0x00, 0x00, 0x01, 0x02, 0x03, 0x04}},
		{I32, i32Bytes, []byte{0xFF, 0xFF, 0xFF, 0xFE, 0x01, 0x02, 0x03, 0x04, 0x80, 0x00, 0x00, 0x00}},
		{F16, u16Bytes, []byte{0x3C, 0x00, 0x01, 0x02, 0xFB, 0xFF}},
		{I8, []byte{1, 2, 3, 4}, []byte{1, 2, 3, 4}},
		{Q8_0, q8, q8}, // bytes, and an f16 scale always read as little endian
		{Q4_0, q8[:18], q8[:18]},
		{F32, []byte{1, 2, 3, 4, 5, 6}, []byte{4, 3, 2, 1, 5, 6}}, // partial element left
		{DType(99), []byte{1, 2}, []byte{1, 2}},
		{F32, nil, nil},
	}
	for _, tt := range tests {
		b := bytes.Clone(tt.in)
		SwapOrder(tt.d, b)
		if !bytes.Equal(b, tt.want) {
			t.Errorf("SwapOrder(%s, % x) = % x, want % x", tt.d, tt.in, b, tt.want)
		}
		SwapOrder(tt.d, b)
		if !bytes.Equal(b, tt.in) {
			t.Errorf("SwapOrder(%s) twice changed % x to % x", tt.d, tt.in, b)
		}
	}
}

// TestToHost: after ToHost, an in-place typed view (what kernels use) reads
// the values on this host, whatever its byte order; ToCanonical restores
// the bytes.
func TestToHost(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		d     DType
		bytes []byte
		check func([]byte) bool
	}{
		{F32, f32Bytes, func(b []byte) bool { return slices.Equal(view[float32](b, 4), f32Vals) }},
		{I32, i32Bytes, func(b []byte) bool { return slices.Equal(view[int32](b, 4), i32Vals) }},
		{F16, u16Bytes, func(b []byte) bool { return slices.Equal(view[uint16](b, 2), u16Vals) }},
	} {
		b := bytes.Clone(tt.bytes)
		ToHost(tt.d, b)
		if !tt.check(b) {
			t.Errorf("%s: host view of % x after ToHost is wrong", tt.d, b)
		}
		if changed := !bytes.Equal(b, tt.bytes); changed != NeedsHostOrder(tt.d) || changed == littleEndian {
			t.Errorf("%s: ToHost changed the bytes: %v on a little-endian host: %v", tt.d, changed, littleEndian)
		}
		ToCanonical(tt.d, b)
		if !bytes.Equal(b, tt.bytes) {
			t.Errorf("%s: ToCanonical gave % x, want % x", tt.d, b, tt.bytes)
		}
	}
	for _, d := range []DType{I8, Q8_0, Q4_0} {
		if NeedsHostOrder(d) {
			t.Errorf("%s needs host order", d)
		}
	}
}
