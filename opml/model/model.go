// Package model defines the engine's canonical model file: a header (input
// and output specs and the cost), a graph of nodes over value ids, and
// 32-byte-aligned constant tensors. The model address is the Merkle root of
// the file's bytes (opml/merkle, 1 KiB leaves). The layout is in
// opml/SPEC.md, "Model file".
package model

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"unicode/utf8"

	"github.com/aievm/aievm/opml/merkle"
	"github.com/aievm/aievm/opml/tensor"
)

// Format constants.
const (
	Magic     = "OPML"
	Version   = 1
	Alignment = 32 // tensor data alignment, from the start of the file
	MaxName   = 255
	MaxIO     = 16 // inputs or outputs
	// MaxFileSize bounds a model file (a consensus bound: ModelRegistry
	// registers nothing larger, every node must be able to hold any model).
	MaxFileSize = 256 << 20
	MaxConsts   = 1 << 20 // constant tensors
	MaxInputs   = 8       // inputs of one node
	MaxAttrs    = 8       // attributes of one node
)

// Address is a model's consensus identity: the Merkle root of its file.
type Address = merkle.Hash

// Spec names a tensor's dtype and shape.
type Spec struct {
	Name  string
	DType tensor.DType
	Shape tensor.Shape
}

// Bytes returns the encoded size of a tensor with this spec.
func (s Spec) Bytes() int { return tensor.ByteSize(s.DType, s.Shape) }

func (s Spec) String() string { return fmt.Sprintf("%s%v", s.DType, s.Shape) }

// Const is a constant tensor stored in the file.
type Const struct {
	Spec
	Data []byte
}

// Node is one operation. In lists value ids: ids [0, len(Inputs)) are the
// model inputs, the next len(Consts) ids the constants, then one id per node
// in order.
type Node struct {
	Name string
	Op   Op
	In   []int
	Attr []int64
	Out  Spec // inferred, not stored
	Cost Cost // this node's MACs, float ops and int ops; inferred, not stored
}

// Model is a validated model.
type Model struct {
	Name      string
	Inputs    []Spec
	Outputs   []Spec
	Cost      Cost
	Consts    []Const
	Nodes     []Node
	OutputIDs []int
	// ScratchBytes is the largest working memory one node needs beyond its
	// inputs and output (nodeScratch), and PreparedBytes the fast-path
	// layouts of its constant weights (nodeLayout), which an executor keeps:
	// both derived on build and decode, not stored in the file.
	ScratchBytes, PreparedBytes uint64
	// FileBytes is the length of the model's file (derived): what a node
	// reads to load it.
	FileBytes uint64
}

// ValueSpec returns the spec of value id v.
func (m *Model) ValueSpec(v int) Spec {
	switch {
	case v < len(m.Inputs):
		return m.Inputs[v]
	case v < len(m.Inputs)+len(m.Consts):
		return m.Consts[v-len(m.Inputs)].Spec
	}
	return m.Nodes[v-len(m.Inputs)-len(m.Consts)].Out
}

// NodeID returns the value id of node i's output.
func (m *Model) NodeID(i int) int { return len(m.Inputs) + len(m.Consts) + i }

// ErrInvalid marks a model that breaks the format or the op rules.
var ErrInvalid = errors.New("invalid model")

func invalid(format string, a ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, a...))
}

// validate infers every node's output and cost, checks the declared output
// specs and computes the header cost. It is run on build and on decode.
func (m *Model) validate() error {
	if err := checkName(m.Name); err != nil {
		return invalid("model name: %v", err)
	}
	if len(m.Inputs) < 1 || len(m.Inputs) > MaxIO || len(m.OutputIDs) < 1 || len(m.OutputIDs) > MaxIO {
		return invalid("needs 1 to %d inputs and outputs, has %d and %d", MaxIO, len(m.Inputs), len(m.OutputIDs))
	}
	if len(m.Nodes) > MaxNodes || len(m.Consts) > MaxConsts {
		return invalid("too many nodes or constants")
	}
	for i, s := range m.Inputs {
		if err := checkSpec(s); err != nil {
			return invalid("input %d: %v", i, err)
		}
		if s.DType.Quantized() || s.DType == tensor.F16 {
			return invalid("input %d: dtype %s cannot be an input", i, s.DType)
		}
	}
	var cost Cost
	m.ScratchBytes, m.PreparedBytes = 0, 0
	prepared := map[[2]int]uint64{} // (constant, layout) -> bytes
	for i, c := range m.Consts {
		if err := checkSpec(c.Spec); err != nil {
			return invalid("constant %d: %v", i, err)
		}
		if len(c.Data) != c.Bytes() {
			return invalid("constant %q: %d bytes, spec needs %d", c.Name, len(c.Data), c.Bytes())
		}
		cost.WeightBytes += uint64(len(c.Data))
	}
	nIn := len(m.Inputs) + len(m.Consts)
	for i := range m.Nodes {
		n := &m.Nodes[i]
		info, ok := ops[n.Op]
		if !ok {
			return invalid("node %d: unknown op %d", i, uint8(n.Op))
		}
		if err := checkName(n.Name); err != nil {
			return invalid("node %d name: %v", i, err)
		}
		if len(n.In) != info.inputs || (info.attrs >= 0 && len(n.Attr) != info.attrs) || len(n.Attr) > MaxAttrs {
			return invalid("node %d (%s): %d inputs and %d attributes, want %d and %d", i, n.Op, len(n.In), len(n.Attr), info.inputs, info.attrs)
		}
		in := make([]Spec, len(n.In))
		for j, v := range n.In {
			if v < 0 || v >= nIn+i {
				return invalid("node %d (%s): input %d refers to value %d, not yet defined", i, n.Op, j, v)
			}
			in[j] = m.ValueSpec(v)
		}
		out, err := info.infer(in, n.Attr)
		if err != nil {
			return invalid("node %d %q (%s): %v", i, n.Name, n.Op, err)
		}
		if err := tensor.CheckShape(out.DType, out.Shape); err != nil {
			return invalid("node %d %q (%s): output %v", i, n.Name, n.Op, err)
		}
		out.Name = n.Name
		n.Out = out
		sc := nodeScratch(n.Op, in, out, n.Attr)
		if layout, b := nodeLayout(n.Op, in, n.Attr); layout != 0 {
			if w := n.In[1]; w >= len(m.Inputs) && w < nIn { // a constant: prepared once, kept
				prepared[[2]int{w, int(layout)}] = b
			} else { // prepared on every run
				sc = satAdd(sc, b)
			}
		}
		if sc > MaxScratchBytes {
			return invalid("node %d %q (%s): %d bytes of working memory, more than the bound of %d", i, n.Name, n.Op, sc, uint64(MaxScratchBytes))
		}
		m.ScratchBytes = max(m.ScratchBytes, sc)
		macs, flops, iops := nodeCost(n.Op, in, out, n.Attr)
		n.Cost = Cost{MACs: macs, FloatOps: flops, IntOps: iops}
		cost.MACs = satAdd(cost.MACs, macs)
		cost.FloatOps = satAdd(cost.FloatOps, flops)
		cost.IntOps = satAdd(cost.IntOps, iops)
		if cost.MACs > MaxWork || cost.FloatOps > MaxWork || cost.IntOps > MaxWork {
			return invalid("node %d %q (%s): counted work past the bound of %d per kind (MACs %d, float ops %d, int ops %d so far)",
				i, n.Name, n.Op, uint64(MaxWork), cost.MACs, cost.FloatOps, cost.IntOps)
		}
	}
	outs := make([]Spec, len(m.OutputIDs))
	for i, v := range m.OutputIDs {
		if v < 0 || v >= nIn+len(m.Nodes) {
			return invalid("output %d refers to value %d", i, v)
		}
		outs[i] = m.ValueSpec(v)
		if i < len(m.Outputs) {
			outs[i].Name = m.Outputs[i].Name
		}
		if err := checkName(outs[i].Name); err != nil {
			return invalid("output %d name: %v", i, err)
		}
	}
	m.Outputs = outs
	m.FileBytes = uint64(m.graphBytes())
	for _, c := range m.Consts {
		m.FileBytes = (m.FileBytes+Alignment-1)/Alignment*Alignment + uint64(len(c.Data))
	}
	if err := m.checkDisputable(); err != nil {
		return invalid("not disputable on L1: %v", err)
	}
	for _, b := range prepared {
		m.PreparedBytes = satAdd(m.PreparedBytes, b)
	}
	if m.PreparedBytes > MaxPreparedBytes {
		return invalid("%d bytes of prepared weight layouts, more than the bound of %d", m.PreparedBytes, uint64(MaxPreparedBytes))
	}
	cost.ActivationBytes = m.peakActivation()
	if cost.ActivationBytes > MaxActivationBytes {
		return invalid("%d bytes of live activations at peak, more than the bound of %d", cost.ActivationBytes, uint64(MaxActivationBytes))
	}
	m.Cost = cost
	return nil
}

// Liveness returns, for every value id, the id whose storage it uses (a
// reshape aliases its input), and for every node the storage ids that are
// dead after it runs (no later node reads them and they are not outputs).
// Constants are never freed. The executor frees exactly these, which bounds
// its memory to Cost.ActivationBytes.
func (m *Model) Liveness() (storage []int, freeAfter [][]int) {
	nIn := len(m.Inputs) + len(m.Consts)
	total := nIn + len(m.Nodes)
	storage = make([]int, total)
	for v := range storage {
		storage[v] = v
		if v >= nIn && m.Nodes[v-nIn].Op == OpReshape {
			storage[v] = storage[m.Nodes[v-nIn].In[0]]
		}
	}
	last := make([]int, total) // last node reading a storage id
	for v := range last {
		last[v] = -1
	}
	for v := nIn; v < total; v++ {
		last[storage[v]] = max(last[storage[v]], v-nIn) // produced here
	}
	for i, n := range m.Nodes {
		for _, v := range n.In {
			last[storage[v]] = max(last[storage[v]], i)
		}
	}
	for _, v := range m.OutputIDs {
		last[storage[v]] = len(m.Nodes)
	}
	freeAfter = make([][]int, len(m.Nodes))
	for v, l := range last {
		isConst := v >= len(m.Inputs) && v < nIn
		if storage[v] == v && !isConst && l >= 0 && l < len(m.Nodes) {
			freeAfter[l] = append(freeAfter[l], v)
		}
	}
	return storage, freeAfter
}

// peakActivation is the largest total of live input and node-output bytes
// when nodes run in order and storage is freed as Liveness says.
func (m *Model) peakActivation() uint64 {
	storage, freeAfter := m.Liveness()
	var live uint64
	for i := range m.Inputs {
		live += uint64(m.Inputs[i].Bytes())
	}
	peak := live
	for i, n := range m.Nodes {
		if v := m.NodeID(i); storage[v] == v {
			live += uint64(n.Out.Bytes())
		}
		peak = max(peak, live)
		for _, v := range freeAfter[i] {
			live -= uint64(m.ValueSpec(v).Bytes())
		}
	}
	return peak
}

func checkName(s string) error {
	if len(s) > MaxName {
		return fmt.Errorf("longer than %d bytes", MaxName)
	}
	if !utf8.ValidString(s) {
		return errors.New("not UTF-8")
	}
	return nil
}

func checkSpec(s Spec) error {
	if err := checkName(s.Name); err != nil {
		return err
	}
	return tensor.CheckShape(s.DType, s.Shape)
}

// Encode returns the canonical file bytes.
func (m *Model) Encode() []byte {
	e := &encoder{}
	m.encode(e)
	return e.buf
}

// encode writes the canonical encoding to e.
func (m *Model) encode(e *encoder) {
	e.write([]byte(Magic))
	e.u16(Version)
	e.u16(0) // reserved
	e.u32(uint32(m.headerLen()))
	e.name(m.Name)
	e.specs(m.Inputs)
	e.specs(m.Outputs)
	for _, v := range []uint64{m.Cost.MACs, m.Cost.FloatOps, m.Cost.IntOps, m.Cost.WeightBytes, m.Cost.ActivationBytes} {
		e.u64(v)
	}
	// Graph.
	e.u32(uint32(len(m.Consts)))
	for _, c := range m.Consts {
		e.spec(c.Spec)
	}
	e.u32(uint32(len(m.Nodes)))
	for _, n := range m.Nodes {
		e.name(n.Name)
		e.byte(byte(n.Op))
		e.byte(byte(len(n.In)))
		for _, v := range n.In {
			e.u32(uint32(v))
		}
		e.byte(byte(len(n.Attr)))
		for _, a := range n.Attr {
			e.u64(uint64(a))
		}
	}
	for _, v := range m.OutputIDs {
		e.u32(uint32(v))
	}
	for _, c := range m.Consts {
		e.pad()
		e.write(c.Data)
	}
}

// headerLen is the byte length of the header: magic through cost.
func (m *Model) headerLen() int {
	n := 4 + 2 + 2 + 4 + 1 + len(m.Name) + 2 + 5*8
	for _, s := range append(append([]Spec(nil), m.Inputs...), m.Outputs...) {
		n += 1 + len(s.Name) + 2 + 4*len(s.Shape)
	}
	return n
}

// Address returns the model address of the canonical encoding.
func (m *Model) Address() Address { return merkle.Root(m.Encode(), merkle.ModelLeafSize) }

// encoder produces the canonical encoding: appended to buf, or, when match
// is set, compared with match in place (Decode's canonical check, which then
// copies nothing: weights decoded from match are compared with themselves).
type encoder struct {
	buf   []byte
	match []byte // non-nil: compare with these bytes instead of appending
	n     int    // bytes produced
	diff  bool   // a compared byte differed, or match ran out
}

func (e *encoder) write(p []byte) {
	switch {
	case e.match == nil:
		e.buf = append(e.buf, p...)
	case e.diff:
	case len(p) > len(e.match)-e.n || string(e.match[e.n:e.n+len(p)]) != string(p):
		e.diff = true
	}
	e.n += len(p)
}

// matches reports whether the encoding equalled all of match.
func (e *encoder) matches() bool { return !e.diff && e.n == len(e.match) }

func (e *encoder) byte(v byte) { e.write([]byte{v}) }
func (e *encoder) u16(v uint16) {
	var b [2]byte
	binary.LittleEndian.PutUint16(b[:], v)
	e.write(b[:])
}
func (e *encoder) u32(v uint32) {
	var b [4]byte
	binary.LittleEndian.PutUint32(b[:], v)
	e.write(b[:])
}
func (e *encoder) u64(v uint64) {
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], v)
	e.write(b[:])
}

func (e *encoder) pad() {
	for e.n%Alignment != 0 {
		e.byte(0)
	}
}

func (e *encoder) name(s string) {
	e.byte(byte(len(s)))
	e.write([]byte(s))
}

func (e *encoder) spec(s Spec) {
	e.name(s.Name)
	e.byte(byte(s.DType))
	e.byte(byte(len(s.Shape)))
	for _, d := range s.Shape {
		e.u32(uint32(d))
	}
}

func (e *encoder) specs(s []Spec) {
	e.byte(byte(len(s)))
	for _, x := range s {
		e.spec(x)
	}
}

// reader decodes with bounds checks; the first error sticks.
type reader struct {
	b   []byte
	off int
	err error
}

func (r *reader) take(n int) []byte {
	if r.err != nil {
		return nil
	}
	if n < 0 || n > len(r.b)-r.off {
		r.err = fmt.Errorf("%w: truncated at byte %d (need %d more)", ErrInvalid, r.off, n)
		return nil
	}
	s := r.b[r.off : r.off+n]
	r.off += n
	return s
}

func (r *reader) u8() int {
	if s := r.take(1); s != nil {
		return int(s[0])
	}
	return 0
}

func (r *reader) u16() int {
	if s := r.take(2); s != nil {
		return int(binary.LittleEndian.Uint16(s))
	}
	return 0
}

func (r *reader) u32() uint32 {
	if s := r.take(4); s != nil {
		return binary.LittleEndian.Uint32(s)
	}
	return 0
}

func (r *reader) u64() uint64 {
	if s := r.take(8); s != nil {
		return binary.LittleEndian.Uint64(s)
	}
	return 0
}

func (r *reader) name() string { return string(r.take(r.u8())) }

func (r *reader) spec() Spec {
	s := Spec{Name: r.name(), DType: tensor.DType(r.u8())}
	rk := r.u8()
	if rk > tensor.MaxRank && r.err == nil {
		r.err = invalid("rank %d > %d", rk, tensor.MaxRank)
	}
	for i := 0; i < rk && r.err == nil; i++ {
		d := r.u32()
		if d == 0 || d > tensor.MaxDim {
			r.err = invalid("dimension %d outside [1, %d]", d, tensor.MaxDim)
		}
		s.Shape = append(s.Shape, int(d))
	}
	if r.err == nil {
		if err := checkSpec(s); err != nil {
			r.err = invalid("%v", err)
		}
	}
	return s
}

// count reads a u32 count and checks that count entries of at least
// minBytes each can still fit in the file, so that no hostile count makes
// the decoder allocate beyond the input's size.
func (r *reader) count(limit, minBytes int) int {
	n := r.u32()
	if r.err == nil && (n > uint32(limit) || int(n)*minBytes > len(r.b)-r.off) {
		r.err = invalid("count %d exceeds the limit or the file", n)
		return 0
	}
	return int(n)
}

// Header is the file prefix that gas and input checks need.
type Header struct {
	Name    string
	Inputs  []Spec
	Outputs []Spec
	Cost    Cost
}

// DecodeHeader reads just the header from a prefix of a model file (at
// least HeaderLen bytes of it).
func DecodeHeader(b []byte) (*Header, int, error) {
	r := &reader{b: b}
	if string(r.take(4)) != Magic {
		return nil, 0, invalid("not a model file (bad magic)")
	}
	if v := r.u16(); r.err == nil && v != Version {
		return nil, 0, invalid("unsupported version %d (this engine reads %d)", v, Version)
	}
	if rs := r.u16(); r.err == nil && rs != 0 {
		return nil, 0, invalid("reserved field is %d, want 0", rs)
	}
	hlen := int(r.u32())
	h := &Header{Name: r.name()}
	for _, dst := range []*[]Spec{&h.Inputs, &h.Outputs} {
		n := r.u8()
		if n > MaxIO && r.err == nil {
			r.err = invalid("%d inputs or outputs > %d", n, MaxIO)
		}
		for i := 0; i < n && r.err == nil; i++ {
			*dst = append(*dst, r.spec())
		}
	}
	c := &h.Cost
	for _, p := range []*uint64{&c.MACs, &c.FloatOps, &c.IntOps, &c.WeightBytes, &c.ActivationBytes} {
		*p = r.u64()
	}
	if r.err != nil {
		return nil, 0, r.err
	}
	if r.off != hlen {
		return nil, 0, invalid("header length field %d, actual %d", hlen, r.off)
	}
	return h, r.off, nil
}

// Decode parses and validates a model file. It never panics on hostile input,
// never allocates more than a small multiple of len(b), and accepts only the
// canonical encoding: re-encoding the result gives b back.
func Decode(b []byte) (*Model, error) {
	if len(b) > MaxFileSize {
		return nil, invalid("%d bytes, more than the bound of %d", len(b), MaxFileSize)
	}
	h, off, err := DecodeHeader(b)
	if err != nil {
		return nil, err
	}
	r := &reader{b: b, off: off}
	m := &Model{Name: h.Name, Inputs: h.Inputs, Outputs: h.Outputs}
	nc := r.count(MaxConsts, 4)
	for i := 0; i < nc && r.err == nil; i++ {
		m.Consts = append(m.Consts, Const{Spec: r.spec()})
	}
	nn := r.count(MaxNodes, 4)
	for i := 0; i < nn && r.err == nil; i++ {
		n := Node{Name: r.name(), Op: Op(r.u8())}
		k := r.u8()
		if k > MaxInputs && r.err == nil {
			r.err = invalid("node %d has %d inputs", i, k)
		}
		for j := 0; j < k && r.err == nil; j++ {
			n.In = append(n.In, int(r.u32()))
		}
		k = r.u8()
		if k > MaxAttrs && r.err == nil {
			r.err = invalid("node %d has %d attributes", i, k)
		}
		for j := 0; j < k && r.err == nil; j++ {
			n.Attr = append(n.Attr, int64(r.u64()))
		}
		m.Nodes = append(m.Nodes, n)
	}
	for i := 0; i < len(h.Outputs) && r.err == nil; i++ {
		m.OutputIDs = append(m.OutputIDs, int(r.u32()))
	}
	for i := range m.Consts {
		if r.err != nil {
			break
		}
		if p := (Alignment - r.off%Alignment) % Alignment; p > 0 {
			if z := r.take(p); z != nil && !allZero(z) {
				r.err = invalid("nonzero padding before constant %d", i)
			}
		}
		if r.err == nil && m.Consts[i].Bytes() > len(b)-r.off {
			r.err = invalid("constant %q (%d bytes) runs past the end of the file", m.Consts[i].Name, m.Consts[i].Bytes())
		}
		m.Consts[i].Data = r.take(m.Consts[i].Bytes())
	}
	if r.err != nil {
		return nil, r.err
	}
	if r.off != len(b) {
		return nil, invalid("%d trailing bytes after the last tensor", len(b)-r.off)
	}
	declared := *h
	if err := m.validate(); err != nil {
		return nil, err
	}
	if m.Cost != declared.Cost {
		return nil, invalid("header cost %+v differs from the graph's %+v", declared.Cost, m.Cost)
	}
	for i := range declared.Outputs {
		if !specEqual(declared.Outputs[i], m.Outputs[i]) {
			return nil, invalid("header output %d is %v, graph gives %v", i, declared.Outputs[i], m.Outputs[i])
		}
	}
	canon := &encoder{match: b}
	if m.encode(canon); !canon.matches() {
		return nil, invalid("not the canonical encoding")
	}
	if m.FileBytes != uint64(len(b)) { // derived sizes agree with the encoding
		return nil, fmt.Errorf("model: derived file size %d for a file of %d bytes (engine bug)", m.FileBytes, len(b))
	}
	return m, nil
}

func specEqual(a, b Spec) bool {
	return a.Name == b.Name && a.DType == b.DType && a.Shape.Equal(b.Shape)
}

func allZero(b []byte) bool {
	for _, x := range b {
		if x != 0 {
			return false
		}
	}
	return true
}

// F32Attr encodes a float32 attribute as its bit pattern.
func F32Attr(f float32) int64 { return int64(math.Float32bits(f)) }
