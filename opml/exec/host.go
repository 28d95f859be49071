package exec

import (
	"unsafe"

	"github.com/aievm/aievm/opml/model"
	sf "github.com/aievm/aievm/opml/softfloat"
	"github.com/aievm/aievm/opml/tensor"
)

// Byte order inside a run.
//
// Tensor bytes are little endian by definition (SPEC.md, section 1), and
// every tensor the executor takes or gives holds canonical bytes. Kernels,
// though, read and write F32, I32 and F16 data through typed views (unsafe
// casts, no copy), which are only right in the host's byte order. So for
// the length of a run the executor's working tensors hold host-order bytes:
//
//   - inputs are copied (which also aligns them) and converted with
//     tensor.ToHost; constants are converted once, into copies, by New;
//   - wherever bytes leave a run, they are canonical again: the outputs are
//     converted in place at the end, and node roots (Trace), step states,
//     the output buffer and the operands of a StepProof are computed from
//     canonical copies (hostToCanonical).
//
// On a little-endian host (amd64, arm64) host order is the canonical order:
// every conversion is a no-op and nothing is copied. On a big-endian host
// (mips64, the Cannon fault-proof VM) the results are the same bytes. Inside
// exec, kernels therefore use the views below, never tensor.Tensor's F32,
// I32, U16 or Bits (which decode canonical bytes) nor tensor.Dequantize;
// I8 data and quantized blocks have no byte order and are read as bytes.

// hostView casts a host-order tensor's bytes to a slice of T in place.
func hostView[T any](b []byte, size int) []T {
	if len(b) == 0 {
		return nil
	}
	return unsafe.Slice((*T)(unsafe.Pointer(&b[0])), len(b)/size)
}

// f32s views a host-order F32 tensor as float32 values.
func f32s(t *tensor.Tensor) []float32 { return hostView[float32](t.Data, 4) }

// soft views a host-order F32 tensor as soft-float values.
func soft(t *tensor.Tensor) []sf.F32 { return hostView[sf.F32](t.Data, 4) }

// i32s views a host-order I32 tensor as int32 values.
func i32s(t *tensor.Tensor) []int32 { return hostView[int32](t.Data, 4) }

// u16s views a host-order F16 tensor as binary16 bit patterns.
func u16s(t *tensor.Tensor) []uint16 { return hostView[uint16](t.Data, 2) }

// hostCopy returns an 8-byte aligned, host-order copy of canonical data of
// dtype d (typed views need both).
func hostCopy(d tensor.DType, b []byte) []byte {
	c := alignedCopy(b)
	tensor.ToHost(d, c)
	return c
}

// hostConst returns a constant ready for the kernels: its own bytes when
// they are aligned and host order is canonical for its dtype (always on a
// little-endian host), else a host-order copy.
func hostConst(c model.Const) *tensor.Tensor {
	var data []byte
	if tensor.NeedsHostOrder(c.DType) {
		data = hostCopy(c.DType, c.Data)
	} else {
		data = aligned(c.Data)
	}
	return &tensor.Tensor{DType: c.DType, Shape: c.Shape, Data: data}
}

// hostToCanonical returns a host-order tensor with canonical bytes: t itself
// where the two orders agree (always on a little-endian host), else a
// converted copy (t may be shared: a constant, or a buffer still in use).
func hostToCanonical(t *tensor.Tensor) *tensor.Tensor {
	if !tensor.NeedsHostOrder(t.DType) {
		return t
	}
	c := &tensor.Tensor{DType: t.DType, Shape: t.Shape, Data: append([]byte(nil), t.Data...)}
	tensor.ToCanonical(c.DType, c.Data)
	return c
}

// outputsToCanonical converts a finished run's outputs to canonical bytes:
// in place for the run's own buffers, each once (two outputs share one when
// a value is output twice or one output is a reshape of another), and into
// a copy for a constant's buffer, which the executor shares between runs
// (a valid model never outputs one).
func (e *Executor) outputsToCanonical(outs []*tensor.Tensor) {
	if tensor.LittleEndianHost() {
		return
	}
	nIn, nC := len(e.m.Inputs), len(e.m.Consts)
	done := make(map[int]bool, len(outs))
	for i, v := range e.m.OutputIDs {
		s := e.storage[v]
		switch {
		case !tensor.NeedsHostOrder(outs[i].DType) || done[s]:
		case s >= nIn && s < nIn+nC:
			outs[i] = hostToCanonical(outs[i])
		default:
			done[s] = true
			tensor.ToCanonical(outs[i].DType, outs[i].Data)
		}
	}
}
