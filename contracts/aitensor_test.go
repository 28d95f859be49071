package contracts_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"math/big"
	"math/rand"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/state"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/core/vm"
	"github.com/ethereum/go-ethereum/core/vm/runtime"

	"github.com/aievm/aievm/contracts/bindings"
)

// evm is an in-memory EVM (Cancun, no OP forks: no inference precompile)
// whose state persists across calls.
type evm struct {
	t   *testing.T
	cfg *runtime.Config
}

func newEVM(t *testing.T) *evm {
	t.Helper()
	st, err := state.New(types.EmptyRootHash, state.NewDatabaseForTesting())
	if err != nil {
		t.Fatal(err)
	}
	return &evm{t: t, cfg: &runtime.Config{State: st, GasLimit: 100_000_000}}
}

// deploy runs creation code and returns the new contract's address.
func (e *evm) deploy(bin string) common.Address {
	e.t.Helper()
	e.cfg.GasLimit = 100_000_000
	_, addr, _, err := runtime.Create(common.FromHex(bin), e.cfg)
	if err != nil {
		e.t.Fatalf("deploy: %v", err)
	}
	return addr
}

// call runs a call; a revert comes back as its Error(string) reason.
func (e *evm) call(to common.Address, data []byte) (ret []byte, reason string, err error) {
	e.cfg.GasLimit = 100_000_000
	ret, _, err = runtime.Call(to, data, e.cfg)
	if errors.Is(err, vm.ErrExecutionReverted) {
		if r, uerr := abi.UnpackRevert(ret); uerr == nil {
			return nil, r, err
		}
	}
	return ret, "", err
}

func f32Bytes(vs ...float32) []byte {
	b := make([]byte, 0, 4*len(vs))
	for _, v := range vs {
		b = binary.LittleEndian.AppendUint32(b, math.Float32bits(v))
	}
	return b
}

// bitsBytes is f32Bytes from raw bits (NaNs, -0).
func bitsBytes(bs ...uint32) []byte {
	b := make([]byte, 0, 4*len(bs))
	for _, v := range bs {
		b = binary.LittleEndian.AppendUint32(b, v)
	}
	return b
}

// wantFixed is f32ToFixed in math/big: the exact value times 10^d, truncated
// toward zero; ok is false where the contract must revert.
func wantFixed(bits uint32, d uint8) (*big.Int, bool) {
	f := math.Float32frombits(bits)
	if math.IsNaN(float64(f)) || math.IsInf(float64(f), 0) || d > 77 {
		return nil, false
	}
	r := new(big.Rat).SetFloat64(float64(f)) // exact: float32 widens exactly
	r.Mul(r, new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(d)), nil)))
	q := new(big.Int).Quo(r.Num(), r.Denom()) // truncates toward zero
	if q.CmpAbs(new(big.Int).Lsh(big.NewInt(1), 255)) >= 0 {
		return nil, false
	}
	return q, true
}

// TestAITensorF32ToFixed checks f32ToFixed against math/big on edge values
// (zeros, subnormals, the largest finite, NaN and infinities, the decimals
// and int256 bounds) and on random bits.
func TestAITensorF32ToFixed(t *testing.T) {
	t.Parallel()
	e := newEVM(t)
	h, addr := bindings.NewAITensorHarness(), e.deploy(bindings.AITensorHarnessMetaData.Bin)
	type vec struct {
		bits   uint32
		d      uint8
		reason string // expected revert reason ("" if none)
	}
	vecs := []vec{
		{0x00000000, 18, ""},                  // +0
		{0x80000000, 18, ""},                  // -0
		{math.Float32bits(1), 0, ""},          // 1
		{math.Float32bits(-1), 6, ""},         // -1
		{math.Float32bits(0.5), 0, ""},        // truncates to 0
		{math.Float32bits(-0.5), 0, ""},       // toward zero: 0, not -1
		{math.Float32bits(-1.5), 0, ""},       // -1
		{math.Float32bits(0.1), 18, ""},       // 0.100000001490116119
		{math.Float32bits(0.99999994), 2, ""}, // 99
		{math.Float32bits(-123.456), 4, ""},   // negative with decimals
		{0x00000001, 0, ""},                   // smallest subnormal: 0
		{0x00000001, 77, ""},                  // smallest subnormal with the most decimals
		{0x807fffff, 60, ""},                  // largest negative subnormal
		{0x00800000, 50, ""},                  // smallest normal
		{0x7f7fffff, 0, ""},                   // largest finite
		{0x7f7fffff, 38, ""},                  // largest finite, most decimals that fit
		{0xff7fffff, 38, ""},                  // its negative
		{0x7f7fffff, 39, "AITensor: f32 out of int256 range"},
		{math.Float32bits(1), 76, ""},                                  // 10^76 < 2^255
		{math.Float32bits(1), 77, "AITensor: f32 out of int256 range"}, // 10^77 > 2^255
		{math.Float32bits(1), 78, "AITensor: more than 77 decimals"},
		{math.Float32bits(8), 77, "AITensor: f32 out of int256 range"},
		{0x7f800000, 0, "AITensor: f32 is infinite"}, // +Inf
		{0xff800000, 0, "AITensor: f32 is infinite"}, // -Inf
		{0x7fc00000, 0, "AITensor: f32 is NaN"},      // quiet NaN
		{0xff800001, 0, "AITensor: f32 is NaN"},      // negative signalling NaN
		{math.Float32bits(3e38), 255, "AITensor: more than 77 decimals"},
	}
	rng := rand.New(rand.NewSource(7))
	for i := 0; i < 1500; i++ {
		vecs = append(vecs, vec{rng.Uint32(), uint8(rng.Intn(80)), "?"})
	}
	for _, v := range vecs {
		want, ok := wantFixed(v.bits, v.d)
		ret, reason, err := e.call(addr, h.PackF32ToFixed(v.bits, v.d))
		if v.reason != "?" && (reason != v.reason || ok != (v.reason == "")) {
			t.Errorf("f32ToFixed(%#08x, %d): reason %q, want %q (math/big says ok=%v)", v.bits, v.d, reason, v.reason, ok)
			continue
		}
		if !ok {
			if err == nil || !strings.HasPrefix(reason, "AITensor: ") {
				t.Errorf("f32ToFixed(%#08x, %d) = %x, %v (%q); want a revert", v.bits, v.d, ret, err, reason)
			}
			continue
		}
		if err != nil {
			t.Errorf("f32ToFixed(%#08x, %d): %v %q, want %s", v.bits, v.d, err, reason, want)
			continue
		}
		got, err := h.UnpackF32ToFixed(ret)
		if err != nil || got.Cmp(want) != 0 {
			t.Errorf("f32ToFixed(%#08x = %g, %d) = %s (%v), want %s", v.bits, math.Float32frombits(v.bits), v.d, got, err, want)
		}
	}
}

// goArgmaxF32 is argmax in Go's float order, first index on ties.
func goArgmaxF32(b []byte) int {
	best := 0
	for i := 1; i < len(b)/4; i++ {
		if math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:])) > math.Float32frombits(binary.LittleEndian.Uint32(b[4*best:])) {
			best = i
		}
	}
	return best
}

// TestAITensorReaders checks the readers, argmax and encoders on edge vectors
// (negative floats, -0 against +0, subnormals, infinities, NaN, empty and
// ragged tensors, out-of-range indexes) and on random tensors.
func TestAITensorReaders(t *testing.T) {
	t.Parallel()
	e := newEVM(t)
	h, addr := bindings.NewAITensorHarness(), e.deploy(bindings.AITensorHarnessMetaData.Bin)
	index := func(ret []byte, unpack func([]byte) (*big.Int, error)) int64 {
		v, err := unpack(ret)
		if err != nil {
			t.Fatal(err)
		}
		return v.Int64()
	}
	inf, ninf := float32(math.Inf(1)), float32(math.Inf(-1))
	argmaxF32 := []struct {
		name   string
		t      []byte
		want   int64
		reason string
	}{
		{"ascending", f32Bytes(1, 2, 3), 2, ""},
		{"negative, first largest", f32Bytes(-1, -2, -3), 0, ""},
		{"negative, last largest", f32Bytes(-3, -2, -1), 2, ""},
		{"sign beats magnitude", f32Bytes(1, -3), 0, ""},
		{"negative vs zero", f32Bytes(-1e-30, 0), 1, ""},
		{"-0 equals +0: first", bitsBytes(0x80000000, 0x00000000), 0, ""},
		{"+0 equals -0: first", bitsBytes(0x00000000, 0x80000000), 0, ""},
		{"-0 above negative subnormal", bitsBytes(0x80000001, 0x80000000), 1, ""},
		{"subnormals", bitsBytes(0x00000001, 0x00000002, 0x80000003), 1, ""},
		{"infinities", f32Bytes(ninf, -math.MaxFloat32, inf, math.MaxFloat32), 2, ""},
		{"-inf lowest", f32Bytes(ninf, -math.MaxFloat32), 1, ""},
		{"ties", f32Bytes(0.5, 0.7, 0.7), 1, ""},
		{"one value", f32Bytes(-7), 0, ""},
		{"NaN", bitsBytes(math.Float32bits(1), 0x7fc00000), 0, "AITensor: NaN in argmaxF32"},
		{"negative NaN", bitsBytes(0xffc00000), 0, "AITensor: NaN in argmaxF32"},
		{"empty", nil, 0, "AITensor: empty tensor"},
		{"ragged", make([]byte, 5), 0, "AITensor: length not a multiple of 4"},
	}
	for _, c := range argmaxF32 {
		ret, reason, err := e.call(addr, h.PackArgmaxF32(c.t))
		if reason != c.reason || (c.reason == "" && (err != nil || index(ret, h.UnpackArgmaxF32) != c.want)) {
			t.Errorf("argmaxF32 %s: %x %v %q; want %d, reason %q", c.name, ret, err, reason, c.want, c.reason)
		}
	}
	argmaxI8 := []struct {
		t      []byte
		want   int64
		reason string
	}{
		{[]byte{0x80, 0x7f}, 1, ""},       // -128, 127
		{[]byte{0x7f, 0x80}, 0, ""},       // 127, -128
		{[]byte{0xff, 0xfe, 0x80}, 0, ""}, // -1, -2, -128
		{[]byte{0xfe, 0x00, 0xff}, 1, ""}, // -2, 0, -1
		{[]byte{3, 5, 5}, 1, ""},          // first on ties
		{[]byte{0x80}, 0, ""},
		{nil, 0, "AITensor: empty tensor"},
	}
	for _, c := range argmaxI8 {
		ret, reason, err := e.call(addr, h.PackArgmaxI8(c.t))
		if reason != c.reason || (c.reason == "" && (err != nil || index(ret, h.UnpackArgmaxI8) != c.want)) {
			t.Errorf("argmaxI8 %x: %x %v %q; want %d, reason %q", c.t, ret, err, reason, c.want, c.reason)
		}
	}
	// Random tensors: argmax, every value read back, encoders round-trip.
	rng := rand.New(rand.NewSource(3))
	for n := 1; n <= 40; n++ {
		vals := make([]float32, n)
		bits := make([]uint32, n)
		i8 := make([]int8, n)
		for i := range vals {
			vals[i] = float32(rng.NormFloat64()) * float32(math.Pow(10, float64(rng.Intn(20)-10)))
			if rng.Intn(5) == 0 {
				vals[i] = vals[rng.Intn(i+1)] // ties
			}
			bits[i], i8[i] = math.Float32bits(vals[i]), int8(rng.Intn(256)-128)
		}
		tf, ti := f32Bytes(vals...), make([]byte, n)
		for i, v := range i8 {
			ti[i] = byte(v)
		}
		ret, _, err := e.call(addr, h.PackArgmaxF32(tf))
		if err != nil || index(ret, h.UnpackArgmaxF32) != int64(goArgmaxF32(tf)) {
			t.Errorf("argmaxF32(%v): %x %v, want %d", vals, ret, err, goArgmaxF32(tf))
		}
		wantI8 := 0
		for i, v := range i8 {
			if v > i8[wantI8] {
				wantI8 = i
			}
		}
		if ret, _, err := e.call(addr, h.PackArgmaxI8(ti)); err != nil || index(ret, h.UnpackArgmaxI8) != int64(wantI8) {
			t.Errorf("argmaxI8(%v): %x %v, want %d", i8, ret, err, wantI8)
		}
		i := rng.Intn(n)
		if ret, _, err := e.call(addr, h.PackF32At(tf, big.NewInt(int64(i)))); err != nil {
			t.Errorf("f32At: %v", err)
		} else if got, _ := h.UnpackF32At(ret); got != bits[i] {
			t.Errorf("f32At(%d) = %#08x, want %#08x", i, got, bits[i])
		}
		if ret, _, err := e.call(addr, h.PackInt8At(ti, big.NewInt(int64(i)))); err != nil {
			t.Errorf("int8At: %v", err)
		} else if got, _ := h.UnpackInt8At(ret); got != i8[i] {
			t.Errorf("int8At(%d) = %d, want %d", i, got, i8[i])
		}
		if ret, _, err := e.call(addr, h.PackEncodeF32(bits)); err != nil {
			t.Errorf("encodeF32: %v", err)
		} else if got, _ := h.UnpackEncodeF32(ret); !bytes.Equal(got, tf) {
			t.Errorf("encodeF32(%x) = %x, want %x", bits, got, tf)
		}
		if ret, _, err := e.call(addr, h.PackEncodeI8(i8)); err != nil {
			t.Errorf("encodeI8: %v", err)
		} else if got, _ := h.UnpackEncodeI8(ret); !bytes.Equal(got, ti) {
			t.Errorf("encodeI8(%v) = %x, want %x", i8, got, ti)
		}
	}
	// Bounds.
	bounds := []struct {
		name   string
		data   []byte
		reason string
	}{
		{"int8At past the end", h.PackInt8At([]byte{1, 2}, big.NewInt(2)), "AITensor: int8 index out of range"},
		{"int8At of empty", h.PackInt8At(nil, big.NewInt(0)), "AITensor: int8 index out of range"},
		{"int8At huge index", h.PackInt8At([]byte{1}, new(big.Int).Lsh(big.NewInt(1), 255)), "AITensor: int8 index out of range"},
		{"f32At past the end", h.PackF32At(f32Bytes(1, 2), big.NewInt(2)), "AITensor: f32 index out of range"},
		{"f32At partial value", h.PackF32At(make([]byte, 7), big.NewInt(1)), "AITensor: f32 index out of range"},
		{"f32At huge index", h.PackF32At(f32Bytes(1), new(big.Int).Lsh(big.NewInt(1), 254)), "AITensor: f32 index out of range"},
		{"f32Length ragged", h.PackF32Length(make([]byte, 6)), "AITensor: length not a multiple of 4"},
		{"f32At last", h.PackF32At(f32Bytes(1, -2.5), big.NewInt(1)), ""},
	}
	for _, c := range bounds {
		if _, reason, _ := e.call(addr, c.data); reason != c.reason {
			t.Errorf("%s: reason %q, want %q", c.name, reason, c.reason)
		}
	}
}
