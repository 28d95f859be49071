package model

import "fmt"

// Bounds that keep every valid model disputable on L1 (SPEC.md section 8,
// "Disputable models"): the dispute game must be able to bind any node of
// the graph and run any of its primitive steps in one L1 transaction (at
// most 2^24 gas, EIP-7825), or a dishonest challenger could steer a game to
// a step no one can run and win on time. A model outside them is invalid:
// every node refuses it alike.
const (
	// MaxNodes bounds a graph's nodes: binding a node parses the graph on
	// L1 (~9M gas for 512 convolutions with a constant each).
	MaxNodes = 1 << 9
	// MaxGraphBytes bounds the file's header and graph section (everything
	// before the first constant's bytes): the binding sends it as calldata
	// and parses it.
	MaxGraphBytes = 48 << 10
	// MaxHeadDim bounds attention's head size (llama's is 128).
	MaxHeadDim = 256
	// AttentionChunk is how many of a head's elements one attention step
	// takes (SPEC.md section 8): a score is summed, and an output row
	// updated, AttentionChunk elements a step, so that one step's L1
	// verification costs about the same whatever the head size (under
	// 300k gas of execution).
	AttentionChunk = 8
	// MaxDisputableConsts bounds a model's constants: binding parses the
	// spec of every one.
	MaxDisputableConsts = 512
	// MaxInputBytes bounds a model's input (an L2 transaction's size):
	// binding a node that reads it hashes it on L1 and carries it as
	// calldata.
	MaxInputBytes = 128 << 10
	// MaxNodeWork bounds one node's counted work (MACs, float ops and int
	// ops): a party answers each phase-2 midpoint by running the node on
	// the reference path (~9 ns an operation: about 10 s at the bound, for
	// each of up to 50 answers, within a clock).
	MaxNodeWork = 1 << 30
)

// AttentionChunks is the number of steps over which an attention step
// spreads one score or one row update of a head of dh elements:
// ⌈dh / AttentionChunk⌉.
func AttentionChunks(dh int) int { return (dh + AttentionChunk - 1) / AttentionChunk }

// graphBytes is the size of the header and graph section of m's encoding.
func (m *Model) graphBytes() int {
	n := m.headerLen() + 4 + 4 + 4*len(m.OutputIDs)
	for _, c := range m.Consts {
		n += specBytes(c.Spec)
	}
	for _, nd := range m.Nodes {
		n += 1 + len(nd.Name) + 1 + 1 + 4*len(nd.In) + 1 + 8*len(nd.Attr)
	}
	return n
}

func specBytes(s Spec) int { return 1 + len(s.Name) + 2 + 4*len(s.Shape) }

// checkDisputable applies the rules that the dispute game's L1 contracts
// need beyond the engine's own: a bounded graph, outputs that are node
// outputs (the game proves an output against the node that produced it),
// and no reshape of a constant (a reshape's output root is its input's
// tensor root, which the game has for activations, not for a constant
// inside the model file: fold the shape into the constant instead).
func (m *Model) checkDisputable() error {
	if n := m.graphBytes(); n > MaxGraphBytes {
		return fmt.Errorf("graph section is %d bytes, more than the bound of %d", n, MaxGraphBytes)
	}
	if len(m.Consts) > MaxDisputableConsts {
		return fmt.Errorf("%d constants, more than the bound of %d", len(m.Consts), MaxDisputableConsts)
	}
	in := 0
	for _, s := range m.Inputs {
		in += s.Bytes()
	}
	if in > MaxInputBytes {
		return fmt.Errorf("%d bytes of input, more than the bound of %d", in, MaxInputBytes)
	}
	nIn := len(m.Inputs) + len(m.Consts)
	for i, n := range m.Nodes {
		if w := satAdd(satAdd(n.Cost.MACs, n.Cost.FloatOps), n.Cost.IntOps); w > MaxNodeWork {
			return fmt.Errorf("node %d %q (%s) counts %d operations, more than the bound of %d (a dispute re-runs a node for every answer)", i, n.Name, n.Op, w, MaxNodeWork)
		}
		if n.Op == OpReshape && n.In[0] >= len(m.Inputs) && n.In[0] < nIn {
			return fmt.Errorf("node %d %q reshapes constant %d: give the constant the new shape", i, n.Name, n.In[0]-len(m.Inputs))
		}
	}
	for i, v := range m.OutputIDs {
		if v < nIn {
			return fmt.Errorf("output %d is value %d, a model input or constant, not a node's output", i, v)
		}
	}
	return nil
}
