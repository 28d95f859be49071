// Package tensor defines the engine's element types, shapes and tensors, and
// the GGUF-compatible block-quantized layouts Q8_0, Q4_0 and Q4_1. A tensor is its
// canonical little-endian bytes plus a dtype and a shape. Tensor bytes are
// little endian by definition, on every host: see order.go for how typed
// values are read and written on little- and big-endian machines.
package tensor

import (
	"errors"
	"fmt"
)

// DType is an element type. Its numeric value is part of the model file
// format.
type DType uint8

// Element types.
const (
	F32  DType = 1 // IEEE-754 binary32
	F16  DType = 2 // IEEE-754 binary16 (storage only; widened exactly)
	I8   DType = 3 // two's complement int8
	I32  DType = 4 // two's complement int32
	Q8_0 DType = 5 // blocks of 32: f16 scale d, 32 x int8 q; x = d*q
	Q4_0 DType = 6 // blocks of 32: f16 scale d, 16 bytes of nibbles; x = d*(q-8)
	Q4_1 DType = 7 // blocks of 32: f16 scale d, f16 min m, 16 bytes of nibbles; x = d*q + m
)

// QK is the number of elements in a Q8_0, Q4_0 or Q4_1 block.
const QK = 32

// dtypeInfo is indexed by DType (an array: it is read per tensor and per
// block on hot paths); the zero entry marks an unknown dtype.
var dtypeInfo = [...]struct {
	name       string
	blockElems int
	blockBytes int
}{
	F32:  {"f32", 1, 4},
	F16:  {"f16", 1, 2},
	I8:   {"i8", 1, 1},
	I32:  {"i32", 1, 4},
	Q8_0: {"q8_0", QK, 2 + QK},
	Q4_0: {"q4_0", QK, 2 + QK/2},
	Q4_1: {"q4_1", QK, 4 + QK/2},
}

// Valid reports whether d is a known dtype.
func (d DType) Valid() bool { return d.info().blockElems != 0 }

// info is d's entry in dtypeInfo, the zero entry for an unknown dtype.
func (d DType) info() (i struct {
	name       string
	blockElems int
	blockBytes int
}) {
	if int(d) < len(dtypeInfo) {
		i = dtypeInfo[d]
	}
	return i
}

func (d DType) String() string {
	if d.Valid() {
		return d.info().name
	}
	return fmt.Sprintf("dtype(%d)", uint8(d))
}

// BlockElems is the number of elements one storage block holds (1 or 32).
func (d DType) BlockElems() int { return d.info().blockElems }

// Quantized reports whether d is a block-quantized weight type.
func (d DType) Quantized() bool { return d == Q8_0 || d == Q4_0 || d == Q4_1 }

// Limits that keep every size computation in range; checked on every shape
// read from a file.
const (
	MaxRank     = 4
	MaxDim      = 1 << 24
	MaxElements = 1 << 31
)

// Shape is a list of dimensions, outermost first.
type Shape []int

// Elements returns the product of the dimensions (1 for a scalar).
func (s Shape) Elements() int {
	n := 1
	for _, d := range s {
		n *= d
	}
	return n
}

// Equal reports whether two shapes are the same.
func (s Shape) Equal(o Shape) bool {
	if len(s) != len(o) {
		return false
	}
	for i := range s {
		if s[i] != o[i] {
			return false
		}
	}
	return true
}

func (s Shape) String() string { return fmt.Sprint([]int(s)) }

// ErrShape reports a shape outside the engine's limits.
var ErrShape = errors.New("invalid shape")

// CheckShape validates a shape against the limits and d's block size.
func CheckShape(d DType, s Shape) error {
	if !d.Valid() {
		return fmt.Errorf("%w: unknown dtype %d", ErrShape, uint8(d))
	}
	if len(s) > MaxRank {
		return fmt.Errorf("%w: rank %d > %d", ErrShape, len(s), MaxRank)
	}
	n := 1
	for _, dim := range s {
		if dim < 1 || dim > MaxDim {
			return fmt.Errorf("%w: dimension %d outside [1, %d]", ErrShape, dim, MaxDim)
		}
		n *= dim
		if n > MaxElements {
			return fmt.Errorf("%w: more than %d elements", ErrShape, MaxElements)
		}
	}
	if be := d.BlockElems(); be > 1 && (len(s) == 0 || s[len(s)-1]%be != 0) {
		return fmt.Errorf("%w: %s needs the last dimension to be a multiple of %d, got %v", ErrShape, d, be, s)
	}
	return nil
}

// ByteSize returns the encoded size of a tensor of dtype d and shape s, which
// must have passed CheckShape.
func ByteSize(d DType, s Shape) int {
	i := d.info()
	return s.Elements() / i.blockElems * i.blockBytes
}

// Tensor is a dtype, a shape and the canonical little-endian bytes.
type Tensor struct {
	DType DType
	Shape Shape
	Data  []byte
}

// New allocates a zeroed tensor.
func New(d DType, s Shape) *Tensor {
	return &Tensor{DType: d, Shape: append(Shape(nil), s...), Data: make([]byte, ByteSize(d, s))}
}

// FromF32 builds an F32 tensor from values (as many as the shape holds; a
// shorter v leaves the rest zero).
func FromF32(s Shape, v []float32) *Tensor {
	t := New(F32, s)
	putF32(t.Data, v, littleEndian)
	return t
}

// FromU16 builds an F16 tensor from binary16 bit patterns.
func FromU16(s Shape, v []uint16) *Tensor {
	t := New(F16, s)
	putU16(t.Data, v, littleEndian)
	return t
}

// FromI8 builds an I8 tensor from values.
func FromI8(s Shape, v []int8) *Tensor {
	t := New(I8, s)
	copy(t.I8(), v)
	return t
}

// FromI32 builds an I32 tensor from values.
func FromI32(s Shape, v []int32) *Tensor {
	t := New(I32, s)
	putI32(t.Data, v, littleEndian)
	return t
}

// ArgmaxF32 returns the index of the first largest value (for reports and
// tests; the argmax op has its own spec).
func ArgmaxF32(v []float32) int {
	best := 0
	for i, x := range v {
		if x > v[best] {
			best = i
		}
	}
	return best
}
