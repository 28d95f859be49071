// Package onnx reads and writes ONNX model files (the protobuf messages
// ModelProto, GraphProto, NodeProto, TensorProto, AttributeProto and
// ValueInfoProto, by field number, on protowire), evaluates the classic-ML
// op subset in float32 for calibration and error measurement, and imports
// float or QDQ models into the engine's int8 format.
package onnx

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"

	"google.golang.org/protobuf/encoding/protowire"
)

// ONNX tensor element types used here.
const (
	Float = 1
	Uint8 = 2
	Int8  = 3
	Int32 = 6
	Int64 = 7
)

// Attribute types.
const (
	AttrFloat   = 1
	AttrInt     = 2
	AttrString  = 3
	AttrTensor  = 4
	AttrGraph   = 5
	AttrFloats  = 6
	AttrInts    = 7
	AttrStrings = 8
)

// Model is an ONNX model: its opset and its main graph.
type Model struct {
	IRVersion int64
	Opset     int64 // default-domain opset version
	Producer  string
	Graph     Graph
}

// Graph is a topologically sorted list of nodes over named values.
type Graph struct {
	Name         string
	Nodes        []Node
	Initializers []*Tensor
	Inputs       []ValueInfo
	Outputs      []ValueInfo
}

// Node is one operator application.
type Node struct {
	Name, OpType, Domain string
	Inputs, Outputs      []string
	Attrs                map[string]Attr
}

// Attr is an attribute value; Type says which field is set.
type Attr struct {
	Type   int64
	F      float32
	I      int64
	S      []byte
	T      *Tensor
	Floats []float32
	Ints   []int64
	// Strings is a list of strings (the modes of ai.onnx.ml's trees).
	Strings []string
	// G is a subgraph (the branches of an If).
	G *Graph
}

// Tensor holds a constant. Float tensors fill Floats, integer tensors fill
// Ints (whatever their width).
type Tensor struct {
	Name     string
	DataType int32
	Dims     []int64
	Floats   []float32
	Ints     []int64
}

// ValueInfo names a graph input or output with its element type and shape
// (-1 for a symbolic dimension).
type ValueInfo struct {
	Name     string
	ElemType int32
	Shape    []int64
}

// Elements is the product of the dims.
func (t *Tensor) Elements() int {
	n := 1
	for _, d := range t.Dims {
		n *= int(d)
	}
	return n
}

// ErrFormat marks bytes that are not a well-formed ONNX model.
var ErrFormat = errors.New("malformed ONNX")

// Limits on hostile input.
const (
	maxElements = 1 << 28
	maxDepth    = 8
)

type field struct {
	num protowire.Number
	typ protowire.Type
	v   uint64 // varint / fixed values
	b   []byte // bytes values
}

// fields splits a message into its fields.
func fields(b []byte) ([]field, error) {
	var out []field
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return nil, fmt.Errorf("%w: %v", ErrFormat, protowire.ParseError(n))
		}
		b = b[n:]
		f := field{num: num, typ: typ}
		switch typ {
		case protowire.VarintType:
			f.v, n = protowire.ConsumeVarint(b)
		case protowire.Fixed32Type:
			var v uint32
			v, n = protowire.ConsumeFixed32(b)
			f.v = uint64(v)
		case protowire.Fixed64Type:
			f.v, n = protowire.ConsumeFixed64(b)
		case protowire.BytesType:
			f.b, n = protowire.ConsumeBytes(b)
		default:
			n = protowire.ConsumeFieldValue(num, typ, b)
		}
		if n < 0 {
			return nil, fmt.Errorf("%w: field %d: %v", ErrFormat, num, protowire.ParseError(n))
		}
		b = b[n:]
		out = append(out, f)
	}
	return out, nil
}

// ints appends a repeated int field's values, packed or not.
func ints(dst []int64, f field) ([]int64, error) {
	if f.typ == protowire.VarintType {
		return append(dst, int64(f.v)), nil
	}
	if f.typ != protowire.BytesType {
		return nil, fmt.Errorf("%w: int field %d has wire type %d", ErrFormat, f.num, f.typ)
	}
	b := f.b
	for len(b) > 0 {
		v, n := protowire.ConsumeVarint(b)
		if n < 0 {
			return nil, fmt.Errorf("%w: packed ints", ErrFormat)
		}
		if len(dst) >= maxElements {
			return nil, fmt.Errorf("%w: too many values", ErrFormat)
		}
		dst = append(dst, int64(v))
		b = b[n:]
	}
	return dst, nil
}

// floats appends a repeated float field's values, packed or not.
func floats(dst []float32, f field) ([]float32, error) {
	switch f.typ {
	case protowire.Fixed32Type:
		return append(dst, math.Float32frombits(uint32(f.v))), nil
	case protowire.BytesType:
		if len(f.b)%4 != 0 {
			return nil, fmt.Errorf("%w: packed floats of %d bytes", ErrFormat, len(f.b))
		}
		for i := 0; i < len(f.b); i += 4 {
			dst = append(dst, math.Float32frombits(binary.LittleEndian.Uint32(f.b[i:])))
		}
		return dst, nil
	}
	return nil, fmt.Errorf("%w: float field %d has wire type %d", ErrFormat, f.num, f.typ)
}

// Decode parses an ONNX model.
func Decode(b []byte) (*Model, error) {
	fs, err := fields(b)
	if err != nil {
		return nil, err
	}
	m := &Model{}
	var haveGraph bool
	for _, f := range fs {
		switch f.num {
		case 1:
			m.IRVersion = int64(f.v)
		case 2:
			m.Producer = string(f.b)
		case 7:
			if err := decodeGraph(f.b, &m.Graph, 0); err != nil {
				return nil, err
			}
			haveGraph = true
		case 8:
			os, err := fields(f.b)
			if err != nil {
				return nil, err
			}
			var domain string
			var version int64
			for _, o := range os {
				switch o.num {
				case 1:
					domain = string(o.b)
				case 2:
					version = int64(o.v)
				}
			}
			if domain == "" || domain == "ai.onnx" {
				m.Opset = version
			}
		}
	}
	if !haveGraph {
		return nil, fmt.Errorf("%w: no graph", ErrFormat)
	}
	return m, nil
}

func decodeGraph(b []byte, g *Graph, depth int) error {
	if depth > maxDepth {
		return fmt.Errorf("%w: nesting too deep", ErrFormat)
	}
	fs, err := fields(b)
	if err != nil {
		return err
	}
	for _, f := range fs {
		var err error
		switch f.num {
		case 1:
			var n Node
			n, err = decodeNode(f.b, depth)
			g.Nodes = append(g.Nodes, n)
		case 2:
			g.Name = string(f.b)
		case 5:
			var t *Tensor
			t, err = decodeTensor(f.b)
			g.Initializers = append(g.Initializers, t)
		case 11, 12:
			var v ValueInfo
			v, err = decodeValueInfo(f.b)
			if f.num == 11 {
				g.Inputs = append(g.Inputs, v)
			} else {
				g.Outputs = append(g.Outputs, v)
			}
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func decodeNode(b []byte, depth int) (Node, error) {
	n := Node{Attrs: map[string]Attr{}}
	fs, err := fields(b)
	if err != nil {
		return n, err
	}
	for _, f := range fs {
		switch f.num {
		case 1:
			n.Inputs = append(n.Inputs, string(f.b))
		case 2:
			n.Outputs = append(n.Outputs, string(f.b))
		case 3:
			n.Name = string(f.b)
		case 4:
			n.OpType = string(f.b)
		case 7:
			n.Domain = string(f.b)
		case 5:
			name, a, err := decodeAttr(f.b, depth)
			if err != nil {
				return n, err
			}
			n.Attrs[name] = a
		}
	}
	return n, nil
}

func decodeAttr(b []byte, depth int) (string, Attr, error) {
	var a Attr
	var name string
	fs, err := fields(b)
	if err != nil {
		return "", a, err
	}
	for _, f := range fs {
		var err error
		switch f.num {
		case 1:
			name = string(f.b)
		case 20:
			a.Type = int64(f.v)
		case 2:
			a.F = math.Float32frombits(uint32(f.v))
		case 3:
			a.I = int64(f.v)
		case 4:
			a.S = f.b
		case 5:
			a.T, err = decodeTensor(f.b)
		case 7:
			a.Floats, err = floats(a.Floats, f)
		case 8:
			a.Ints, err = ints(a.Ints, f)
		case 9:
			a.Strings = append(a.Strings, string(f.b))
		case 6:
			a.G = &Graph{}
			err = decodeGraph(f.b, a.G, depth+1)
		}
		if err != nil {
			return "", a, err
		}
	}
	return name, a, nil
}

func decodeTensor(b []byte) (*Tensor, error) {
	t := &Tensor{}
	fs, err := fields(b)
	if err != nil {
		return nil, err
	}
	var raw []byte
	var hasRaw bool
	for _, f := range fs {
		var err error
		switch f.num {
		case 1:
			t.Dims, err = ints(t.Dims, f)
		case 2:
			t.DataType = int32(f.v)
		case 4:
			t.Floats, err = floats(t.Floats, f)
		case 5, 7:
			t.Ints, err = ints(t.Ints, f)
		case 8:
			t.Name = string(f.b)
		case 9:
			raw, hasRaw = f.b, true
		case 13, 14:
			if f.num == 14 && f.v == 1 {
				return nil, fmt.Errorf("tensor %s: external data is not supported", t.Name)
			}
		}
		if err != nil {
			return nil, err
		}
	}
	n := 1
	for _, d := range t.Dims {
		if d < 0 || d > maxElements || n*int(d) > maxElements {
			return nil, fmt.Errorf("%w: tensor %s dims %v", ErrFormat, t.Name, t.Dims)
		}
		n *= int(d)
	}
	if hasRaw {
		if err := t.fromRaw(raw, n); err != nil {
			return nil, err
		}
	}
	// int32_data holds int8/uint8/int32 values; sign-fix narrow types.
	if t.DataType == Int8 {
		for i, v := range t.Ints {
			t.Ints[i] = int64(int8(v))
		}
	}
	if got := max(len(t.Floats), len(t.Ints)); got != n && !(n == 1 && got == 0 && len(t.Dims) == 0) {
		return nil, fmt.Errorf("%w: tensor %s has %d values, dims %v need %d", ErrFormat, t.Name, got, t.Dims, n)
	}
	return t, nil
}

func (t *Tensor) fromRaw(raw []byte, n int) error {
	size := map[int32]int{Float: 4, Uint8: 1, Int8: 1, Int32: 4, Int64: 8}[t.DataType]
	if size == 0 {
		return fmt.Errorf("tensor %s: data type %d is not supported", t.Name, t.DataType)
	}
	if len(raw) != n*size {
		return fmt.Errorf("%w: tensor %s raw data %d bytes, want %d", ErrFormat, t.Name, len(raw), n*size)
	}
	for i := 0; i < n; i++ {
		switch t.DataType {
		case Float:
			t.Floats = append(t.Floats, math.Float32frombits(binary.LittleEndian.Uint32(raw[4*i:])))
		case Uint8:
			t.Ints = append(t.Ints, int64(raw[i]))
		case Int8:
			t.Ints = append(t.Ints, int64(int8(raw[i])))
		case Int32:
			t.Ints = append(t.Ints, int64(int32(binary.LittleEndian.Uint32(raw[4*i:]))))
		case Int64:
			t.Ints = append(t.Ints, int64(binary.LittleEndian.Uint64(raw[8*i:])))
		}
	}
	return nil
}

func decodeValueInfo(b []byte) (ValueInfo, error) {
	var v ValueInfo
	fs, err := fields(b)
	if err != nil {
		return v, err
	}
	for _, f := range fs {
		switch f.num {
		case 1:
			v.Name = string(f.b)
		case 2: // TypeProto
			tfs, err := fields(f.b)
			if err != nil {
				return v, err
			}
			for _, tf := range tfs {
				if tf.num != 1 { // tensor_type
					continue
				}
				ttf, err := fields(tf.b)
				if err != nil {
					return v, err
				}
				for _, x := range ttf {
					switch x.num {
					case 1:
						v.ElemType = int32(x.v)
					case 2:
						dims, err := fields(x.b)
						if err != nil {
							return v, err
						}
						for _, d := range dims {
							if d.num != 1 {
								continue
							}
							dv := int64(-1)
							dfs, err := fields(d.b)
							if err != nil {
								return v, err
							}
							for _, df := range dfs {
								if df.num == 1 {
									dv = int64(df.v)
								}
							}
							v.Shape = append(v.Shape, dv)
						}
					}
				}
			}
		}
	}
	return v, nil
}

// Encode writes the model as ONNX protobuf bytes.
func (m *Model) Encode() []byte {
	var b []byte
	b = protowire.AppendTag(b, 1, protowire.VarintType)
	b = protowire.AppendVarint(b, uint64(m.IRVersion))
	b = appendString(b, 2, m.Producer)
	b = appendMsg(b, 7, m.Graph.encode())
	var os []byte
	os = appendString(os, 1, "")
	os = protowire.AppendTag(os, 2, protowire.VarintType)
	os = protowire.AppendVarint(os, uint64(m.Opset))
	return appendMsg(b, 8, os)
}

func appendString(b []byte, num protowire.Number, s string) []byte {
	b = protowire.AppendTag(b, num, protowire.BytesType)
	return protowire.AppendString(b, s)
}

func appendMsg(b []byte, num protowire.Number, m []byte) []byte {
	b = protowire.AppendTag(b, num, protowire.BytesType)
	return protowire.AppendBytes(b, m)
}

func appendVarint(b []byte, num protowire.Number, v int64) []byte {
	b = protowire.AppendTag(b, num, protowire.VarintType)
	return protowire.AppendVarint(b, uint64(v))
}

func (g *Graph) encode() []byte {
	var b []byte
	for _, n := range g.Nodes {
		b = appendMsg(b, 1, n.encode())
	}
	b = appendString(b, 2, g.Name)
	for _, t := range g.Initializers {
		b = appendMsg(b, 5, t.encode())
	}
	for _, v := range g.Inputs {
		b = appendMsg(b, 11, v.encode())
	}
	for _, v := range g.Outputs {
		b = appendMsg(b, 12, v.encode())
	}
	return b
}

func (n *Node) encode() []byte {
	var b []byte
	for _, s := range n.Inputs {
		b = appendString(b, 1, s)
	}
	for _, s := range n.Outputs {
		b = appendString(b, 2, s)
	}
	b = appendString(b, 3, n.Name)
	b = appendString(b, 4, n.OpType)
	for _, name := range sortedAttrNames(n.Attrs) {
		a := n.Attrs[name]
		var ab []byte
		ab = appendString(ab, 1, name)
		ab = appendVarint(ab, 20, a.Type)
		switch a.Type {
		case AttrFloat:
			ab = protowire.AppendTag(ab, 2, protowire.Fixed32Type)
			ab = protowire.AppendFixed32(ab, math.Float32bits(a.F))
		case AttrInt:
			ab = appendVarint(ab, 3, a.I)
		case AttrString:
			ab = protowire.AppendTag(ab, 4, protowire.BytesType)
			ab = protowire.AppendBytes(ab, a.S)
		case AttrTensor:
			ab = appendMsg(ab, 5, a.T.encode())
		case AttrFloats:
			ab = appendMsg(ab, 7, packFloats(a.Floats))
		case AttrInts:
			ab = appendMsg(ab, 8, packInts(a.Ints))
		case AttrStrings:
			for _, x := range a.Strings {
				ab = appendString(ab, 9, x)
			}
		case AttrGraph:
			ab = appendMsg(ab, 6, a.G.encode())
		}
		b = appendMsg(b, 5, ab)
	}
	if n.Domain != "" {
		b = appendString(b, 7, n.Domain)
	}
	return b
}

func sortedAttrNames(m map[string]Attr) []string {
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	for i := 1; i < len(names); i++ {
		for j := i; j > 0 && names[j] < names[j-1]; j-- {
			names[j], names[j-1] = names[j-1], names[j]
		}
	}
	return names
}

func packInts(v []int64) []byte {
	var b []byte
	for _, x := range v {
		b = protowire.AppendVarint(b, uint64(x))
	}
	return b
}

func packFloats(v []float32) []byte {
	b := make([]byte, 0, 4*len(v))
	for _, x := range v {
		b = binary.LittleEndian.AppendUint32(b, math.Float32bits(x))
	}
	return b
}

func (t *Tensor) encode() []byte {
	var b []byte
	b = appendMsg(b, 1, packInts(t.Dims))
	b = appendVarint(b, 2, int64(t.DataType))
	b = appendString(b, 8, t.Name)
	var raw []byte
	switch t.DataType {
	case Float:
		raw = packFloats(t.Floats)
	case Int8, Uint8:
		for _, v := range t.Ints {
			raw = append(raw, byte(v))
		}
	case Int32:
		for _, v := range t.Ints {
			raw = binary.LittleEndian.AppendUint32(raw, uint32(v))
		}
	case Int64:
		for _, v := range t.Ints {
			raw = binary.LittleEndian.AppendUint64(raw, uint64(v))
		}
	}
	b = protowire.AppendTag(b, 9, protowire.BytesType)
	return protowire.AppendBytes(b, raw)
}

func (v *ValueInfo) encode() []byte {
	var shape []byte
	for _, d := range v.Shape {
		var dim []byte
		if d >= 0 {
			dim = appendVarint(dim, 1, d)
		} else {
			dim = appendString(dim, 2, "N")
		}
		shape = appendMsg(shape, 1, dim)
	}
	var tt []byte
	tt = appendVarint(tt, 1, int64(v.ElemType))
	tt = appendMsg(tt, 2, shape)
	var typ []byte
	typ = appendMsg(typ, 1, tt)
	var b []byte
	b = appendString(b, 1, v.Name)
	return appendMsg(b, 2, typ)
}

// Convenience constructors for writers.

// FloatTensor makes a float initializer.
func FloatTensor(name string, dims []int64, v []float32) *Tensor {
	return &Tensor{Name: name, DataType: Float, Dims: dims, Floats: v}
}

// IntTensor makes an integer initializer of the given ONNX type.
func IntTensor(name string, typ int32, dims []int64, v []int64) *Tensor {
	return &Tensor{Name: name, DataType: typ, Dims: dims, Ints: v}
}

// Ints is an INTS attribute; Int an INT; Float a FLOAT.
func Ints(v ...int64) Attr     { return Attr{Type: AttrInts, Ints: v} }
func Int(v int64) Attr         { return Attr{Type: AttrInt, I: v} }
func FloatAttr(f float32) Attr { return Attr{Type: AttrFloat, F: f} }
