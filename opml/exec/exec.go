// Package exec runs a model's graph. Two paths compute the same bits: the
// reference path (soft-float, scalar, the spec in code) and the fast path
// (hardware float32 under the rules of SPEC.md, threads where exact). On
// request it records a trace for the opML dispute game: the root of every
// node's output and the root of the list of those roots, and for one node
// the machine state before and after any primitive step. Memory stays
// bounded by the model's peak activation size: each intermediate tensor is
// freed after its last use, traced or not.
package exec

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"sync"
	"unsafe"

	"github.com/aievm/aievm/opml/merkle"
	"github.com/aievm/aievm/opml/model"
	"github.com/aievm/aievm/opml/tensor"
)

// Mode selects the arithmetic path.
type Mode int

// Paths.
const (
	Fast      Mode = iota // hardware float32 with explicit rounding; the default
	Reference             // soft-float, scalar; the spec's executable form
)

func (m Mode) String() string {
	if m == Reference {
		return "reference"
	}
	return "fast"
}

// Options configure an Executor.
type Options struct {
	Mode    Mode
	Threads int // fast path worker goroutines; 0 means GOMAXPROCS
	// MaxActivationBytes refuses models whose peak activation size is larger
	// (0: no limit). Callers running untrusted models set it.
	MaxActivationBytes uint64
}

// Executor runs one model. It is safe for concurrent use.
type Executor struct {
	m         *model.Model
	opts      Options
	storage   []int
	freeAfter [][]int          // value ids to drop after each node, aliases included
	reuse     *reusePlan       // which outputs take a freed buffer (fast runs without hooks)
	consts    []*tensor.Tensor // the constants, aligned and in host byte order (host.go)
	packs     sync.Map         // prepared weight layouts (layoutKey) and scratch pools (fast path)
}

// New prepares an executor for m. On a big-endian host it keeps a host-order
// copy of the model's F32, I32 and F16 constants (host.go); on a
// little-endian host it uses the model's bytes.
func New(m *model.Model, opts Options) (*Executor, error) {
	if opts.MaxActivationBytes > 0 && m.Cost.ActivationBytes > opts.MaxActivationBytes {
		return nil, fmt.Errorf("exec: model %q needs %d activation bytes, limit %d", m.Name, m.Cost.ActivationBytes, opts.MaxActivationBytes)
	}
	if opts.Threads <= 0 {
		opts.Threads = runtime.GOMAXPROCS(0)
	}
	e := &Executor{m: m, opts: opts, consts: make([]*tensor.Tensor, len(m.Consts))}
	for i, c := range m.Consts {
		e.consts[i] = hostConst(c)
	}
	var roots [][]int
	e.storage, roots = m.Liveness()
	aliases := make(map[int][]int)
	for v, s := range e.storage {
		aliases[s] = append(aliases[s], v)
	}
	e.reuse = planReuse(m, e.storage, roots)
	e.freeAfter = make([][]int, len(roots))
	for i, rs := range roots {
		for _, r := range rs {
			e.freeAfter[i] = append(e.freeAfter[i], aliases[r]...)
		}
	}
	return e, nil
}

// Model returns the executor's model.
func (e *Executor) Model() *model.Model { return e.m }

// ErrInput reports inputs that do not match the model's input specs.
var ErrInput = errors.New("input does not match the model")

func (e *Executor) checkInputs(in []*tensor.Tensor) error {
	if len(in) != len(e.m.Inputs) {
		return fmt.Errorf("%w: %d inputs, model takes %d", ErrInput, len(in), len(e.m.Inputs))
	}
	for i, s := range e.m.Inputs {
		t := in[i]
		if t == nil || t.DType != s.DType || !t.Shape.Equal(s.Shape) || len(t.Data) != s.Bytes() {
			return fmt.Errorf("%w: input %d (%s) must be %v", ErrInput, i, s.Name, s)
		}
	}
	return nil
}

// hooks let a traced run observe each node's output.
type hooks struct {
	onNode func(i int, out *tensor.Tensor)
	probe  *probe // for the node probe.node, if set
	stopAt int    // stop after this node (-1: run all)
	// live, if set, is told the bytes of live activations after each node
	// (tests use it to check the memory bound).
	live func(node int, bytes uint64)
	// steps, if set, runs every node on the reference path and records the
	// primitive steps its kernel executes (one entry per node).
	steps []uint64
}

// run executes the graph and returns the model outputs.
func (e *Executor) run(in []*tensor.Tensor, h hooks) ([]*tensor.Tensor, error) {
	if err := e.checkInputs(in); err != nil {
		return nil, err
	}
	m := e.m
	vals := make([]*tensor.Tensor, len(e.storage))
	for i, t := range in {
		vals[i] = &tensor.Tensor{DType: t.DType, Shape: t.Shape, Data: hostCopy(t.DType, t.Data)}
	}
	copy(vals[len(m.Inputs):], e.consts)
	rc := &runCtx{threads: e.opts.Threads, e: e}
	// A plain fast run gives some nodes the buffer of an output no longer
	// read, as e.reuse plans (within the model's memory bound). Not when a
	// hook may keep a node's output.
	var held map[int][]byte // root -> its buffer, held for a later node
	reuse := e.opts.Mode == Fast && h.onNode == nil && h.probe == nil && h.steps == nil && h.live == nil
	for i := range m.Nodes {
		n := &m.Nodes[i]
		ins := make([]*tensor.Tensor, len(n.In))
		for j, v := range n.In {
			ins[j] = vals[v]
		}
		id := m.NodeID(i)
		var out *tensor.Tensor
		var p *probe
		if h.probe != nil && h.probe.node == i {
			p = h.probe
		} else if h.steps != nil {
			p = &probe{node: i, target: math.MaxUint64} // counts, captures nothing
		}
		switch {
		case n.Op == model.OpReshape && p == nil:
			out = &tensor.Tensor{DType: n.Out.DType, Shape: n.Out.Shape, Data: ins[0].Data}
		default:
			var buf []byte
			if reuse {
				for _, r := range e.reuse.drop[i] {
					delete(held, r)
				}
				if r := e.reuse.take[i]; r >= 0 {
					buf = held[r]
					delete(held, r)
				}
			}
			out = newOutput(buf, n.Out.DType, n.Out.Shape)
			var err error
			if p != nil || e.opts.Mode == Reference {
				if p != nil {
					p.out = out
					p.ins = ins
					p.start()
				}
				err = refKernels[n.Op](p, n, ins, out)
				if h.steps != nil {
					h.steps[i] = p.count
				}
			} else {
				err = fastKernels[n.Op](rc, n, ins, out)
			}
			if err != nil {
				return nil, fmt.Errorf("node %d %q (%s): %w", i, n.Name, n.Op, err)
			}
		}
		vals[id] = out
		if h.onNode != nil {
			h.onNode(i, hostToCanonical(out))
		}
		if i == h.stopAt {
			return nil, nil
		}
		if reuse {
			for _, r := range e.reuse.keep[i] {
				if held == nil {
					held = map[int][]byte{}
				}
				held[r] = vals[r].Data
			}
		}
		for _, v := range e.freeAfter[i] {
			vals[v] = nil
		}
		if h.live != nil {
			h.live(i, e.liveBytes(vals))
		}
	}
	outs := make([]*tensor.Tensor, len(m.OutputIDs))
	for i, v := range m.OutputIDs {
		outs[i] = vals[v]
		if outs[i] == nil {
			return nil, fmt.Errorf("output %d was freed early (executor bug)", i)
		}
	}
	e.outputsToCanonical(outs)
	return outs, nil
}

// newOutput is tensor.New, or a tensor over buf (cleared: what a fresh
// buffer would hold) when it is the right size.
func newOutput(buf []byte, d tensor.DType, s tensor.Shape) *tensor.Tensor {
	if buf != nil && len(buf) == tensor.ByteSize(d, s) {
		clear(buf)
		return &tensor.Tensor{DType: d, Shape: append(tensor.Shape(nil), s...), Data: buf}
	}
	return tensor.New(d, s)
}

// liveBytes sums the distinct activation buffers still referenced.
func (e *Executor) liveBytes(vals []*tensor.Tensor) uint64 {
	nIn, nC := len(e.m.Inputs), len(e.m.Consts)
	var n uint64
	for v, t := range vals {
		if t != nil && (v < nIn || v >= nIn+nC) && e.storage[v] == v {
			n += uint64(len(t.Data))
		}
	}
	return n
}

// Run executes the model on inputs.
func (e *Executor) Run(in []*tensor.Tensor) ([]*tensor.Tensor, error) {
	return e.run(in, hooks{stopAt: -1})
}

// CountSteps runs the model on the reference path and returns, per node,
// the primitive steps its kernel executed (SPEC.md, "Primitive steps"),
// counted as they run rather than derived from shapes: the measure of work
// that tests hold the gas charge against.
func (e *Executor) CountSteps(in []*tensor.Tensor) ([]uint64, error) {
	steps := make([]uint64, len(e.m.Nodes))
	_, err := e.run(in, hooks{stopAt: -1, steps: steps})
	return steps, err
}

// Trace is the phase-1 commitment of one execution.
type Trace struct {
	NodeRoots []merkle.Hash // root of each node's output tensor, in node order
	Root      merkle.Hash   // root of the list of NodeRoots (32-byte leaves)
	Outputs   []*tensor.Tensor
}

// ListRoot commits a list of node roots.
func ListRoot(roots []merkle.Hash) merkle.Hash {
	b := make([]byte, 0, 32*len(roots))
	for _, r := range roots {
		b = append(b, r[:]...)
	}
	return merkle.Root(b, merkle.HashLeafSize)
}

// Refusal is a run the engine refused partway: node Node cannot run its
// primitive step Step (an embedding id outside the table). Every claim of a
// result for such an input is wrong; a dispute steers to that step, which
// no one can run on L1.
type Refusal struct {
	Node int
	Step uint64
	Err  error
}

func (r *Refusal) Error() string {
	return fmt.Sprintf("node %d refuses step %d: %v", r.Node, r.Step, r.Err)
}

func (r *Refusal) Unwrap() error { return r.Err }

// Trace runs the model and commits every node's output. Only one root per
// node is kept; tensors are freed as in Run. If the engine refuses the input
// partway, the error is a *Refusal and the trace holds the roots of the
// nodes before it (the rest zero, no outputs).
func (e *Executor) Trace(in []*tensor.Tensor) (*Trace, error) {
	tr := &Trace{NodeRoots: make([]merkle.Hash, len(e.m.Nodes))}
	done := 0
	outs, err := e.run(in, hooks{stopAt: -1, onNode: func(i int, out *tensor.Tensor) {
		tr.NodeRoots[i] = TensorRoot(out)
		done = i + 1
	}})
	var bad ErrTokenRange
	if errors.As(err, &bad) {
		n := &e.m.Nodes[done]
		d := uint64(n.Out.Shape[len(n.Out.Shape)-1])
		tr.Root = ListRoot(tr.NodeRoots)
		return tr, &Refusal{Node: done, Step: uint64(bad.At) * d, Err: err}
	}
	if err != nil {
		return nil, err
	}
	tr.Outputs = outs
	tr.Root = ListRoot(tr.NodeRoots)
	return tr, nil
}

// NodeSteps returns the number of primitive steps of node i (SPEC.md,
// "Primitive steps"), computed from its shapes.
func (e *Executor) NodeSteps(i int) uint64 {
	n := &e.m.Nodes[i]
	in := func(j int) tensor.Shape { return e.m.ValueSpec(n.In[j]).Shape }
	outN := uint64(n.Out.Shape.Elements())
	switch n.Op {
	case model.OpQLinear:
		return outN * uint64(in(1)[1]+1)
	case model.OpQConv2D:
		w := in(1)
		return outN * uint64(w[1]*w[2]*w[3]+1)
	case model.OpQMaxPool2D:
		return outN * uint64(n.Attr[0]*n.Attr[0])
	case model.OpQAvgPool2D:
		return outN * uint64(n.Attr[0]*n.Attr[0]+1)
	case model.OpArgmax:
		return uint64(in(0).Elements())
	case model.OpRMSNorm, model.OpNormalize:
		r, d := rows(in(0))
		return uint64(r * (2*d + 1))
	case model.OpMatMul:
		k := uint64(in(1)[1])
		if e.m.ValueSpec(n.In[1]).DType.Quantized() {
			k /= tensor.QK
		}
		return outN * k
	case model.OpRoPE:
		return outN / 2
	case model.OpAttention: // per (t, h) row and key: C max, C sum, C weight, C accumulate
		t, heads := uint64(in(0)[0]), uint64(n.Attr[0])
		chunks := uint64(model.AttentionChunks(in(0)[1] / int(heads)))
		return t * heads * 4 * t * chunks
	case model.OpSoftmax:
		return 3 * outN
	case model.OpReshape:
		return 1
	case model.OpTrees:
		return model.TreeSteps(uint64(in(0)[0]), uint64(in(3)[0]), uint64(n.Attr[0]), uint64(in(4)[0]))
	}
	return outN
}

// StepProof is the phase-2 data for one primitive step of one node.
type StepProof struct {
	Before, After StepState
	Steps         uint64 // the node's total step count
	// Inputs are the node's operand tensors and Out its output buffer before
	// the step: what a one-step proof opens leaves of.
	Inputs []*tensor.Tensor
	Out    []byte
}

// StepStates runs the model up to node (fast path before it), then runs that
// node on the reference path and returns the states before and after step
// (0-based). Only the node's inputs are held, not every tensor.
func (e *Executor) StepStates(in []*tensor.Tensor, node int, step uint64) (*StepProof, error) {
	if node < 0 || node >= len(e.m.Nodes) {
		return nil, fmt.Errorf("step states: node %d outside [0, %d)", node, len(e.m.Nodes))
	}
	total := e.NodeSteps(node)
	if step >= total {
		return nil, fmt.Errorf("step states: step %d outside node %d's %d steps", step, node, total)
	}
	p := &probe{node: node, target: step}
	_, err := e.run(in, hooks{stopAt: node, probe: p})
	var bad ErrTokenRange
	switch {
	case err != nil && errors.As(err, &bad) && p.found:
		// The node refuses a later step; this one ran.
		return &StepProof{Before: p.before, After: p.after, Steps: total, Inputs: p.canonicalIns(), Out: p.outAt}, nil
	case err != nil:
		return nil, err
	}
	if !p.found || p.count != total {
		return nil, fmt.Errorf("step states: node %d ran %d steps, spec says %d (engine bug)", node, p.count, total)
	}
	return &StepProof{Before: p.before, After: p.after, Steps: total, Inputs: p.canonicalIns(), Out: p.outAt}, nil
}

// aligned returns b if its start is 8-byte aligned, else an aligned copy, so
// that typed views are valid.
func aligned(b []byte) []byte {
	if len(b) == 0 || uintptr(unsafe.Pointer(&b[0]))%8 == 0 {
		return b
	}
	return alignedCopy(b)
}

func alignedCopy(b []byte) []byte {
	buf := make([]uint64, (len(b)+7)/8)
	if len(buf) == 0 {
		return []byte{}
	}
	out := unsafe.Slice((*byte)(unsafe.Pointer(&buf[0])), len(b))
	copy(out, b)
	return out
}
