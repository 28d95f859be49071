package tensor

import (
	"encoding/binary"
	"fmt"
	"math"

	sf "github.com/aievm/aievm/opml/softfloat"
)

// Q8_0 block: bytes 0-1 the f16 scale d (little endian), bytes 2-33 the
// int8 values q[0..31]; element i is d*q[i].
//
// Q4_0 block: bytes 0-1 the f16 scale d, bytes 2-17 packed nibbles: byte j
// holds element j in its low nibble and element j+16 in its high nibble,
// each stored as q+8 with q in [-8, 7]; element i is d*q[i].
//
// Q4_1 block: bytes 0-1 the f16 scale d, bytes 2-3 the f16 min m, bytes
// 4-19 packed nibbles as Q4_0's, each q in [0, 15] as is; element i is
// d*q[i] + m.

// BlockScale returns the scale of block b of a quantized tensor's data.
func BlockScale(data []byte, d DType, b int) uint16 {
	return binary.LittleEndian.Uint16(data[b*blockBytes(d):])
}

func blockBytes(d DType) int { return d.info().blockBytes }

// BlockMin returns the min (f16 bits) of block b of Q4_1 data.
func BlockMin(data []byte, b int) uint16 {
	return binary.LittleEndian.Uint16(data[b*blockBytes(Q4_1)+2:])
}

// UnpackBlocks unpacks quantized blocks [lo, hi) of data (dtype d, Q8_0,
// Q4_0 or Q4_1) into their integers q (QK per block, from q[0]; Q4_1's in
// [0, 15]) and scales (f16 bits, one per block): BlockInts and BlockScale
// over a range in one pass.
func UnpackBlocks(data []byte, d DType, lo, hi int, q []int8, scales []uint16) {
	bb := blockBytes(d)
	for b := lo; b < hi; b++ {
		blk := data[b*bb : (b+1)*bb]
		scales[b-lo] = binary.LittleEndian.Uint16(blk)
		qb := (*[QK]int8)(q[(b-lo)*QK:])
		switch d {
		case Q8_0:
			for i := range qb {
				qb[i] = int8(blk[2+i])
			}
		case Q4_1:
			for j := 0; j < QK/2; j++ {
				qb[j] = int8(blk[4+j] & 0x0F)
				qb[j+QK/2] = int8(blk[4+j] >> 4)
			}
		default:
			for j := 0; j < QK/2; j++ {
				qb[j] = int8(blk[2+j]&0x0F) - 8
				qb[j+QK/2] = int8(blk[2+j]>>4) - 8
			}
		}
	}
}

// BlockInts unpacks block b's 32 integers into q.
func BlockInts(data []byte, d DType, b int, q *[QK]int8) {
	var scale [1]uint16
	UnpackBlocks(data, d, b, b+1, q[:], scale[:])
}

// QuantizeQ8_0 quantizes values (length a multiple of 32) to Q8_0 with the
// engine's rule: per block, amax = max |x|, d = amax/127 (binary32),
// q = round_ties_even(x * (1/d)) (q = 0 when d = 0), stored scale f16(d).
// Every step is soft-float, so the bytes are the same on every machine.
func QuantizeQ8_0(values []float32) ([]byte, error) {
	if len(values)%QK != 0 {
		return nil, fmt.Errorf("quantize q8_0: %d values is not a multiple of %d", len(values), QK)
	}
	out := make([]byte, len(values)/QK*blockBytes(Q8_0))
	for b := 0; b*QK < len(values); b++ {
		blk := values[b*QK : (b+1)*QK]
		d, id := blockScale(blk, sf.FromFloat32(127))
		o := out[b*blockBytes(Q8_0):]
		binary.LittleEndian.PutUint16(o, sf.F32ToF16(d))
		for i, x := range blk {
			q := sf.ToInt32(sf.Mul(sf.FromFloat32(x), id))
			o[2+i] = byte(int8(max(-127, min(127, q))))
		}
	}
	return out, nil
}

// QuantizeQ4_0 quantizes values (length a multiple of 32) to Q4_0: per
// block, amax = max |x|, d = amax/7, q = clamp(round_ties_even(x/d), -8, 7).
func QuantizeQ4_0(values []float32) ([]byte, error) {
	if len(values)%QK != 0 {
		return nil, fmt.Errorf("quantize q4_0: %d values is not a multiple of %d", len(values), QK)
	}
	out := make([]byte, len(values)/QK*blockBytes(Q4_0))
	for b := 0; b*QK < len(values); b++ {
		blk := values[b*QK : (b+1)*QK]
		d, id := blockScale(blk, sf.FromFloat32(7))
		o := out[b*blockBytes(Q4_0):]
		binary.LittleEndian.PutUint16(o, sf.F32ToF16(d))
		var q [QK]int32
		for i, x := range blk {
			q[i] = max(-8, min(7, sf.ToInt32(sf.Mul(sf.FromFloat32(x), id))))
		}
		for j := 0; j < QK/2; j++ {
			o[2+j] = byte(q[j]+8) | byte(q[j+QK/2]+8)<<4
		}
	}
	return out, nil
}

// QuantizeQ4_1 quantizes values (length a multiple of 32) to Q4_1 as
// llama.cpp does, in soft-float: per block, lo = min x, hi = max x,
// d = (hi - lo)/15, q = clamp(round_ties_even((x - lo) * (1/d)), 0, 15)
// (q = 0 when d is 0 or not finite), stored f16(d) and f16(lo).
func QuantizeQ4_1(values []float32) ([]byte, error) {
	if len(values)%QK != 0 {
		return nil, fmt.Errorf("quantize q4_1: %d values is not a multiple of %d", len(values), QK)
	}
	out := make([]byte, len(values)/QK*blockBytes(Q4_1))
	for b := 0; b*QK < len(values); b++ {
		blk := values[b*QK : (b+1)*QK]
		lo, hi := sf.FromFloat32(blk[0]), sf.FromFloat32(blk[0])
		for _, x := range blk {
			lo, hi = sf.Min(lo, sf.FromFloat32(x)), sf.Max(hi, sf.FromFloat32(x))
		}
		d := sf.Div(sf.Sub(hi, lo), sf.FromInt32(15))
		id := sf.Zero
		if d != sf.Zero && !d.IsNaN() && !d.IsInf() {
			id = sf.Div(sf.One, d)
		}
		o := out[b*blockBytes(Q4_1):]
		binary.LittleEndian.PutUint16(o, sf.F32ToF16(d))
		binary.LittleEndian.PutUint16(o[2:], sf.F32ToF16(lo))
		var q [QK]int32
		for i, x := range blk {
			q[i] = max(0, min(15, sf.ToInt32(sf.Mul(sf.Sub(sf.FromFloat32(x), lo), id))))
		}
		for j := 0; j < QK/2; j++ {
			o[4+j] = byte(q[j]) | byte(q[j+QK/2])<<4
		}
	}
	return out, nil
}

// blockScale returns d = amax/levels and its inverse (0 for an all-zero or
// non-finite block's inverse).
func blockScale(blk []float32, levels sf.F32) (d, id sf.F32) {
	amax := sf.Zero
	for _, x := range blk {
		amax = sf.Max(amax, sf.Abs(sf.FromFloat32(x)))
	}
	d = sf.Div(amax, levels)
	if d == sf.Zero || d.IsNaN() || d.IsInf() {
		return sf.Canonical(d), sf.Zero
	}
	return d, sf.Div(sf.One, d)
}

// Dequantize returns a tensor's values as float32 (F32, F16, Q8_0, Q4_0, Q4_1, I8,
// I32); for display, tests and importers, not for consensus arithmetic.
func Dequantize(t *Tensor) []float32 {
	n := t.Shape.Elements()
	out := make([]float32, n)
	switch t.DType {
	case F32:
		copy(out, t.F32())
	case F16:
		for i, h := range t.U16() {
			out[i] = sf.F16ToF32(h).Float32()
		}
	case I8:
		for i, v := range t.I8() {
			out[i] = float32(v)
		}
	case I32:
		for i, v := range t.I32() {
			out[i] = float32(v)
		}
	case Q8_0, Q4_0, Q4_1:
		var q [QK]int8
		for b := 0; b < n/QK; b++ {
			d := sf.F16ToF32(BlockScale(t.Data, t.DType, b)).Float32()
			var m float32
			if t.DType == Q4_1 {
				m = sf.F16ToF32(BlockMin(t.Data, b)).Float32()
			}
			BlockInts(t.Data, t.DType, b, &q)
			for i := range q {
				out[b*QK+i] = float32(d*float32(q[i])) + m // no fused multiply-add: the same on every CPU
			}
		}
	}
	return out
}

// Requantize is the engine's one pinned integer rounding rule: it scales an
// int32 accumulator by mult/2^shift, rounding half up (toward +Inf), and
// saturates to [lo, hi]:
//
//	y = clamp((int64(acc)*int64(mult) + 2^(shift-1)) >> shift, lo, hi)
//
// with an arithmetic right shift. mult is in [1, 2^31) and shift in [1, 62],
// so the int64 arithmetic cannot overflow.
func Requantize(acc int32, mult int32, shift uint8, lo, hi int32) int32 {
	v := (int64(acc)*int64(mult) + int64(1)<<(shift-1)) >> shift
	return int32(max(int64(lo), min(int64(hi), v)))
}

// QuantMultiplier splits a positive real scale into (mult, shift) with mult
// in [2^30, 2^31) so that mult/2^shift approximates it; used by model
// builders, never at inference time. It fails for scales the rule cannot
// express.
func QuantMultiplier(scale float64) (int32, uint8, error) {
	if !(scale > 0) || math.IsInf(scale, 0) {
		return 0, 0, fmt.Errorf("quant multiplier: scale %g must be positive and finite", scale)
	}
	frac, exp := math.Frexp(scale) // scale = frac * 2^exp, frac in [0.5, 1)
	m := int64(math.Round(frac * (1 << 31)))
	if m == 1<<31 {
		m >>= 1
		exp++
	}
	shift := 31 - exp
	if shift < 1 || shift > 62 {
		return 0, 0, fmt.Errorf("quant multiplier: scale %g out of range", scale)
	}
	return int32(m), uint8(shift), nil
}
