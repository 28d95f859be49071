package tensor

import (
	"encoding/binary"
	"math"
	"unsafe"
)

// Byte order.
//
// Tensor bytes are little endian by definition (SPEC.md, section 1), on every
// host; no code casts them to host-order types on a big-endian host.
//
// On a little-endian host (amd64, arm64) the accessors F32, Bits, I32 and U16
// view Data in place: reads and writes through them touch the canonical
// bytes, with no copy.
// On a big-endian host (mips64, the Cannon fault-proof VM) they decode the
// little-endian bytes explicitly into a new slice, and the From constructors
// encode explicitly. An engine that wants typed views on every host converts
// its working buffers with ToHost when they enter it and back with
// ToCanonical before any byte leaves it (package exec does, for the length
// of a run); both are no-ops on a little-endian host.
//
// I8 data and the block-quantized types have no multi-byte elements to
// reorder: their bytes are read bytewise and their f16 scales with explicit
// little-endian decoding (BlockScale, UnpackBlocks), in every byte order.

// littleEndian is the host's byte order, fixed at start-up.
var littleEndian = binary.NativeEndian.Uint16([]byte{1, 0}) == 1

// LittleEndianHost reports whether this machine is little endian: whether
// the typed accessors alias the canonical bytes and ToHost is a no-op.
func LittleEndianHost() bool { return littleEndian }

// orderUnit is the size of the units of d's data whose bytes a byte order
// reverses: 4 for F32 and I32, 2 for F16, 1 for I8 and the quantized types
// (and unknown dtypes).
func orderUnit(d DType) int {
	switch d {
	case F32, I32:
		return 4
	case F16:
		return 2
	}
	return 1
}

// SwapOrder reverses the bytes of every element of data of dtype d in place
// (4 for F32 and I32, 2 for F16), converting between little- and big-endian
// element order; I8 and quantized data are unchanged, and so is a trailing
// partial element. It is its own inverse and does not depend on the host.
func SwapOrder(d DType, data []byte) {
	switch orderUnit(d) {
	case 4:
		for i := 0; i+4 <= len(data); i += 4 {
			b := data[i : i+4 : i+4]
			b[0], b[1], b[2], b[3] = b[3], b[2], b[1], b[0]
		}
	case 2:
		for i := 0; i+2 <= len(data); i += 2 {
			data[i], data[i+1] = data[i+1], data[i]
		}
	}
}

// NeedsHostOrder reports whether ToHost changes data of dtype d on this
// host: only on a big-endian host, and only for F32, I32 and F16.
func NeedsHostOrder(d DType) bool { return !littleEndian && orderUnit(d) > 1 }

// ToHost converts canonical (little-endian) data of dtype d in place to the
// host's byte order, in which a typed view of it (an unsafe cast) reads the
// right values: a no-op on a little-endian host, SwapOrder on a big-endian
// one. Host-order bytes must not leave the code that made them: hash,
// store or return them only after ToCanonical.
func ToHost(d DType, data []byte) {
	if NeedsHostOrder(d) {
		SwapOrder(d, data)
	}
}

// ToCanonical converts host-order data of dtype d back to canonical
// little-endian bytes in place: the inverse of ToHost.
func ToCanonical(d DType, data []byte) { ToHost(d, data) }

// view casts b to a slice of T in place; only valid for host-order data
// (canonical data on a little-endian host).
func view[T any](b []byte, size int) []T {
	if len(b) == 0 {
		return nil
	}
	return unsafe.Slice((*T)(unsafe.Pointer(&b[0])), len(b)/size)
}

// elems returns the whole size-byte elements of canonical data: viewed in
// place when le (the host is little endian), else decoded one by one with
// get into a new slice.
func elems[T any](data []byte, size int, le bool, get func([]byte) T) []T {
	if le {
		return view[T](data, size)
	}
	v := make([]T, len(data)/size)
	for i := range v {
		v[i] = get(data[i*size:])
	}
	return v
}

// put writes values into canonical data, as many as both hold: through a
// view when le, else encoding each with set.
func put[T any](data []byte, v []T, size int, le bool, set func([]byte, T)) {
	if le {
		copy(view[T](data, size), v)
		return
	}
	for i := range min(len(v), len(data)/size) {
		set(data[i*size:], v[i])
	}
}

// Little-endian codecs of one element, and the accessors' bodies with the
// host's byte order as a parameter (tests run the big-endian path anywhere).
func getF32(b []byte) float32               { return math.Float32frombits(binary.LittleEndian.Uint32(b)) }
func setF32(b []byte, v float32)            { binary.LittleEndian.PutUint32(b, math.Float32bits(v)) }
func getI32(b []byte) int32                 { return int32(binary.LittleEndian.Uint32(b)) }
func setI32(b []byte, v int32)              { binary.LittleEndian.PutUint32(b, uint32(v)) }
func setU16(b []byte, v uint16)             { binary.LittleEndian.PutUint16(b, v) }
func f32s(b []byte, le bool) []float32      { return elems(b, 4, le, getF32) }
func u32s(b []byte, le bool) []uint32       { return elems(b, 4, le, binary.LittleEndian.Uint32) }
func i32s(b []byte, le bool) []int32        { return elems(b, 4, le, getI32) }
func u16s(b []byte, le bool) []uint16       { return elems(b, 2, le, binary.LittleEndian.Uint16) }
func putF32(b []byte, v []float32, le bool) { put(b, v, 4, le, setF32) }
func putI32(b []byte, v []int32, le bool)   { put(b, v, 4, le, setI32) }
func putU16(b []byte, v []uint16, le bool)  { put(b, v, 2, le, setU16) }

// F32 returns an F32 tensor's values. On a little-endian host the slice
// aliases Data, so writes through it change the tensor; on a big-endian host
// it is a decoded copy, and writes through it are lost. Code that must run
// on every host writes values with FromF32 (or encodes Data itself).
func (t *Tensor) F32() []float32 { return f32s(t.Data, littleEndian) }

// Bits returns an F32 tensor's values as bit patterns (for the soft-float
// path); aliasing as for F32.
func (t *Tensor) Bits() []uint32 { return u32s(t.Data, littleEndian) }

// I8 views an I8 tensor's data in place, on every host (bytes have no byte
// order).
func (t *Tensor) I8() []int8 { return view[int8](t.Data, 1) }

// I32 returns an I32 tensor's values; aliasing as for F32 (write with
// FromI32).
func (t *Tensor) I32() []int32 { return i32s(t.Data, littleEndian) }

// U16 returns an F16 tensor's bit patterns; aliasing as for F32 (write with
// FromU16).
func (t *Tensor) U16() []uint16 { return u16s(t.Data, littleEndian) }
