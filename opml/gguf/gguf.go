// Package gguf reads and writes GGUF files (version 2 and 3), the format of
// llama.cpp models, and imports llama-architecture GGUFs with F32, F16, Q8_0
// or Q4_0 tensors into the engine's model format. The reader checks every
// length and count against the file's size before allocating.
package gguf

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"sort"

	"github.com/aievm/aievm/opml/tensor"
)

// Magic is "GGUF" read as a little-endian uint32.
const Magic = 0x46554747

// DefaultAlignment is the data alignment when general.alignment is absent.
const DefaultAlignment = 32

// Value types of metadata.
const (
	TypeUint8   = 0
	TypeInt8    = 1
	TypeUint16  = 2
	TypeInt16   = 3
	TypeUint32  = 4
	TypeInt32   = 5
	TypeFloat32 = 6
	TypeBool    = 7
	TypeString  = 8
	TypeArray   = 9
	TypeUint64  = 10
	TypeInt64   = 11
	TypeFloat64 = 12
)

// GGML tensor types this package maps to engine dtypes.
const (
	GGMLF32  = 0
	GGMLF16  = 1
	GGMLQ4_0 = 2
	GGMLQ4_1 = 3
	GGMLQ8_0 = 8
)

var ggmlNames = map[uint32]string{0: "F32", 1: "F16", 2: "Q4_0", 3: "Q4_1", 6: "Q5_0", 7: "Q5_1", 8: "Q8_0",
	9: "Q8_1", 10: "Q2_K", 11: "Q3_K", 12: "Q4_K", 13: "Q5_K", 14: "Q6_K", 15: "Q8_K", 30: "BF16"}

func dtypeOf(t uint32) (tensor.DType, error) {
	switch t {
	case GGMLF32:
		return tensor.F32, nil
	case GGMLF16:
		return tensor.F16, nil
	case GGMLQ4_0:
		return tensor.Q4_0, nil
	case GGMLQ4_1:
		return tensor.Q4_1, nil
	case GGMLQ8_0:
		return tensor.Q8_0, nil
	}
	name := ggmlNames[t]
	if name == "" {
		name = fmt.Sprintf("type %d", t)
	}
	return 0, fmt.Errorf("GGML tensor type %s is not supported (F32, F16, Q8_0, Q4_0 and Q4_1 are)", name)
}

func ggmlOf(d tensor.DType) uint32 {
	switch d {
	case tensor.F16:
		return GGMLF16
	case tensor.Q4_0:
		return GGMLQ4_0
	case tensor.Q4_1:
		return GGMLQ4_1
	case tensor.Q8_0:
		return GGMLQ8_0
	}
	return GGMLF32
}

// TensorInfo describes one tensor of a GGUF file.
type TensorInfo struct {
	Name   string
	Dims   []uint64 // GGML order: Dims[0] is the contiguous dimension
	Type   uint32
	Offset uint64 // from the start of the data section
}

// File is a parsed GGUF header with access to tensor data.
type File struct {
	Version   uint32
	Metadata  map[string]any // uint*/int*/float*/bool/string, []any for arrays
	Tensors   []TensorInfo
	Alignment uint64
	DataStart int64
	r         io.ReaderAt
	size      int64
}

// ErrFormat marks a malformed GGUF file.
var ErrFormat = errors.New("malformed GGUF")

// Limits on hostile headers.
const (
	maxString  = 1 << 20
	maxDims    = 4
	maxEntries = 1 << 24
)

type reader struct {
	r    *bufio.Reader
	off  int64
	size int64
	err  error
}

func (r *reader) fail(format string, a ...any) {
	if r.err == nil {
		r.err = fmt.Errorf("%w: %s (at byte %d)", ErrFormat, fmt.Sprintf(format, a...), r.off)
	}
}

func (r *reader) bytes(n uint64) []byte {
	if r.err != nil {
		return nil
	}
	if n > uint64(r.size-r.off) {
		r.fail("%d bytes requested, %d left", n, r.size-r.off)
		return nil
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(r.r, b); err != nil {
		r.fail("read: %v", err)
		return nil
	}
	r.off += int64(n)
	return b
}

func (r *reader) u32() uint32 {
	if b := r.bytes(4); b != nil {
		return binary.LittleEndian.Uint32(b)
	}
	return 0
}

func (r *reader) u64() uint64 {
	if b := r.bytes(8); b != nil {
		return binary.LittleEndian.Uint64(b)
	}
	return 0
}

func (r *reader) str() string {
	n := r.u64()
	if n > maxString {
		r.fail("string of %d bytes", n)
		return ""
	}
	return string(r.bytes(n))
}

// count reads a u64 count whose entries need at least minBytes each.
func (r *reader) count(minBytes uint64) uint64 {
	n := r.u64()
	if r.err == nil && (n > maxEntries || n*minBytes > uint64(r.size-r.off)) {
		r.fail("count %d exceeds the file", n)
		return 0
	}
	return n
}

func (r *reader) value(t uint32, depth int) any {
	switch t {
	case TypeUint8, TypeInt8, TypeBool:
		b := r.bytes(1)
		if b == nil {
			return nil
		}
		switch t {
		case TypeUint8:
			return b[0]
		case TypeInt8:
			return int8(b[0])
		}
		return b[0] != 0
	case TypeUint16, TypeInt16:
		b := r.bytes(2)
		if b == nil {
			return nil
		}
		v := binary.LittleEndian.Uint16(b)
		if t == TypeInt16 {
			return int16(v)
		}
		return v
	case TypeUint32:
		return r.u32()
	case TypeInt32:
		return int32(r.u32())
	case TypeFloat32:
		return math.Float32frombits(r.u32())
	case TypeUint64:
		return r.u64()
	case TypeInt64:
		return int64(r.u64())
	case TypeFloat64:
		return math.Float64frombits(r.u64())
	case TypeString:
		return r.str()
	case TypeArray:
		if depth > 2 {
			r.fail("arrays nested too deep")
			return nil
		}
		et := r.u32()
		n := r.count(1)
		out := make([]any, 0, min(n, 1<<16))
		for i := uint64(0); i < n && r.err == nil; i++ {
			out = append(out, r.value(et, depth+1))
		}
		return out
	}
	r.fail("unknown metadata type %d", t)
	return nil
}

// Open opens the GGUF file at path and parses its header; the file stays
// open for tensor data until the returned closer is called.
func Open(path string) (*File, io.Closer, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	g, err := Read(f)
	if err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("read %s: %w", path, err)
	}
	return g, f, nil
}

// Read parses a GGUF file's header from r (an *os.File works) and keeps r
// for tensor data.
func Read(f interface {
	io.ReaderAt
	io.Seeker
}) (*File, error) {
	size, err := f.Seek(0, io.SeekEnd)
	if err != nil {
		return nil, fmt.Errorf("gguf: size: %w", err)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, fmt.Errorf("gguf: seek: %w", err)
	}
	return parse(io.NewSectionReader(f, 0, size), size)
}

func parse(ra io.ReaderAt, size int64) (*File, error) {
	r := &reader{r: bufio.NewReaderSize(io.NewSectionReader(ra, 0, size), 1<<16), size: size}
	if m := r.u32(); r.err == nil && m != Magic {
		return nil, fmt.Errorf("%w: not a GGUF file (magic %#x)", ErrFormat, m)
	}
	g := &File{Version: r.u32(), Metadata: map[string]any{}, r: ra, size: size}
	if r.err == nil && g.Version != 2 && g.Version != 3 {
		return nil, fmt.Errorf("%w: unsupported version %d (2 and 3 are)", ErrFormat, g.Version)
	}
	nt := r.count(24)
	nkv := r.count(12)
	for i := uint64(0); i < nkv && r.err == nil; i++ {
		k := r.str()
		g.Metadata[k] = r.value(r.u32(), 0)
	}
	for i := uint64(0); i < nt && r.err == nil; i++ {
		ti := TensorInfo{Name: r.str()}
		nd := r.u32()
		if nd == 0 || nd > maxDims {
			r.fail("tensor %q has %d dimensions", ti.Name, nd)
		}
		for j := uint32(0); j < nd && r.err == nil; j++ {
			d := r.u64()
			if d == 0 || d > tensor.MaxDim {
				r.fail("tensor %q dimension %d", ti.Name, d)
			}
			ti.Dims = append(ti.Dims, d)
		}
		ti.Type = r.u32()
		ti.Offset = r.u64()
		g.Tensors = append(g.Tensors, ti)
	}
	if r.err != nil {
		return nil, r.err
	}
	g.Alignment = DefaultAlignment
	if a, ok := g.Metadata["general.alignment"]; ok {
		v, ok := a.(uint32)
		if !ok || v == 0 || v&(v-1) != 0 {
			return nil, fmt.Errorf("%w: general.alignment %v is not a power of two", ErrFormat, a)
		}
		g.Alignment = uint64(v)
	}
	g.DataStart = int64((uint64(r.off) + g.Alignment - 1) / g.Alignment * g.Alignment)
	return g, nil
}

// Shape returns a tensor's engine shape (outermost first).
func (t TensorInfo) Shape() tensor.Shape {
	s := make(tensor.Shape, len(t.Dims))
	for i, d := range t.Dims {
		s[len(s)-1-i] = int(d)
	}
	return s
}

// Tensor reads a tensor's data as an engine tensor.
func (g *File) Tensor(name string) (*tensor.Tensor, error) {
	for _, ti := range g.Tensors {
		if ti.Name != name {
			continue
		}
		d, err := dtypeOf(ti.Type)
		if err != nil {
			return nil, fmt.Errorf("tensor %s: %w", name, err)
		}
		s := ti.Shape()
		if err := tensor.CheckShape(d, s); err != nil {
			return nil, fmt.Errorf("tensor %s: %w", name, err)
		}
		n := int64(tensor.ByteSize(d, s))
		start := g.DataStart + int64(ti.Offset)
		if ti.Offset%g.Alignment != 0 || start < g.DataStart || start+n > g.size {
			return nil, fmt.Errorf("%w: tensor %s data [%d, +%d) outside the file or misaligned", ErrFormat, name, start, n)
		}
		t := &tensor.Tensor{DType: d, Shape: s, Data: make([]byte, n)}
		if _, err := g.r.ReadAt(t.Data, start); err != nil {
			return nil, fmt.Errorf("tensor %s: %w", name, err)
		}
		return t, nil
	}
	return nil, fmt.Errorf("tensor %s not in the file", name)
}

// Writer builds a GGUF file (version 3). Tests and tools use it to make
// GGUFs; the importer never needs it.
type Writer struct {
	kv      []kvPair
	tensors []namedTensor
}

type kvPair struct {
	key string
	val any
}

type namedTensor struct {
	name string
	t    *tensor.Tensor
}

// Set adds a metadata value: uint32, int32, float32, uint64, bool, string,
// or []string.
func (w *Writer) Set(key string, v any) { w.kv = append(w.kv, kvPair{key, v}) }

// Add adds a tensor (stored in GGML order: shape reversed).
func (w *Writer) Add(name string, t *tensor.Tensor) {
	w.tensors = append(w.tensors, namedTensor{name, t})
}

// WriteTo writes the file.
func (w *Writer) WriteTo(out io.Writer) (int64, error) {
	var b []byte
	u32 := func(v uint32) { b = binary.LittleEndian.AppendUint32(b, v) }
	u64 := func(v uint64) { b = binary.LittleEndian.AppendUint64(b, v) }
	str := func(s string) { u64(uint64(len(s))); b = append(b, s...) }
	u32(Magic)
	u32(3)
	u64(uint64(len(w.tensors)))
	u64(uint64(len(w.kv)))
	for _, p := range w.kv {
		str(p.key)
		switch v := p.val.(type) {
		case uint32:
			u32(TypeUint32)
			u32(v)
		case int32:
			u32(TypeInt32)
			u32(uint32(v))
		case float32:
			u32(TypeFloat32)
			u32(math.Float32bits(v))
		case uint64:
			u32(TypeUint64)
			u64(v)
		case bool:
			u32(TypeBool)
			if v {
				b = append(b, 1)
			} else {
				b = append(b, 0)
			}
		case string:
			u32(TypeString)
			str(v)
		case []string:
			u32(TypeArray)
			u32(TypeString)
			u64(uint64(len(v)))
			for _, s := range v {
				str(s)
			}
		case []int32:
			u32(TypeArray)
			u32(TypeInt32)
			u64(uint64(len(v)))
			for _, x := range v {
				u32(uint32(x))
			}
		default:
			return 0, fmt.Errorf("gguf writer: metadata %s has unsupported type %T", p.key, p.val)
		}
	}
	var off uint64
	offsets := make([]uint64, len(w.tensors))
	for i, nt := range w.tensors {
		str(nt.name)
		u32(uint32(len(nt.t.Shape)))
		for j := len(nt.t.Shape) - 1; j >= 0; j-- {
			u64(uint64(nt.t.Shape[j]))
		}
		u32(ggmlOf(nt.t.DType))
		offsets[i] = off
		u64(off)
		off = (off + uint64(len(nt.t.Data)) + DefaultAlignment - 1) / DefaultAlignment * DefaultAlignment
	}
	for len(b)%DefaultAlignment != 0 {
		b = append(b, 0)
	}
	start := len(b)
	for i, nt := range w.tensors {
		for uint64(len(b)-start) < offsets[i] {
			b = append(b, 0)
		}
		b = append(b, nt.t.Data...)
	}
	n, err := out.Write(b)
	return int64(n), err
}

// Names lists the file's tensor names, sorted.
func (g *File) Names() []string {
	var n []string
	for _, t := range g.Tensors {
		n = append(n, t.Name)
	}
	sort.Strings(n)
	return n
}
