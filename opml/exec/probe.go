package exec

import (
	"encoding/binary"

	"github.com/aievm/aievm/opml/merkle"
	"github.com/aievm/aievm/opml/tensor"
)

// Regs are the registers a node's reference kernel carries between primitive
// steps (an accumulator, a running max, an index, ...). Their meaning per op
// is in SPEC.md, "Primitive steps".
type Regs [4]uint64

// StepState is the machine state of one node between two primitive steps:
// the step counter, the registers and the Merkle root of the node's output
// buffer so far (elements not yet written are zero).
type StepState struct {
	Node    int
	Step    uint64 // steps completed
	Regs    Regs
	OutRoot merkle.Hash
}

// Commitment hashes the state for the phase-2 bisection:
// keccak256(u32 node || u64 step || 4 x u64 regs || outRoot), big endian.
func (s StepState) Commitment() merkle.Hash {
	b := make([]byte, 0, 4+8+32+32)
	b = binary.BigEndian.AppendUint32(b, uint32(s.Node))
	b = binary.BigEndian.AppendUint64(b, s.Step)
	for _, r := range s.Regs {
		b = binary.BigEndian.AppendUint64(b, r)
	}
	b = append(b, s.OutRoot[:]...)
	return merkle.Keccak(b)
}

// probe observes a reference kernel's primitive steps. A nil probe costs one
// nil check per step.
type probe struct {
	node   int
	target uint64 // capture the states before and after this step
	count  uint64
	out    *tensor.Tensor
	before StepState
	after  StepState
	found  bool
	ins    []*tensor.Tensor // the node's operands (host byte order, host.go)
	outAt  []byte           // the output buffer before the target step (canonical)
}

// capture returns the state after p.count steps; the output root is that of
// the canonical bytes (p.out holds host-order bytes).
func (p *probe) capture(r Regs) StepState {
	return StepState{Node: p.node, Step: p.count, Regs: r, OutRoot: TensorRoot(hostToCanonical(p.out))}
}

// saveOut records the output buffer before the target step, canonical.
func (p *probe) saveOut() {
	p.outAt = append([]byte(nil), p.out.Data...)
	tensor.ToCanonical(p.out.DType, p.outAt)
}

// canonicalIns returns the node's operands with canonical bytes, for a
// StepProof.
func (p *probe) canonicalIns() []*tensor.Tensor {
	ins := make([]*tensor.Tensor, len(p.ins))
	for i, t := range p.ins {
		ins[i] = hostToCanonical(t)
	}
	return ins
}

// start records the state before the first step.
func (p *probe) start() {
	if p != nil && p.target == 0 {
		p.before = p.capture(Regs{})
		p.saveOut()
	}
}

// step is called by a kernel after each primitive step with the registers
// after it.
func (p *probe) step(r0, r1, r2, r3 uint64) {
	if p == nil {
		return
	}
	p.count++
	switch p.count {
	case p.target:
		p.before = p.capture(Regs{r0, r1, r2, r3})
		p.saveOut()
	case p.target + 1:
		p.after = p.capture(Regs{r0, r1, r2, r3})
		p.found = true
	}
}

// TensorRoot is the commitment to a tensor's (canonical) bytes used in
// traces.
func TensorRoot(t *tensor.Tensor) merkle.Hash { return merkle.Root(t.Data, merkle.TensorLeafSize) }
