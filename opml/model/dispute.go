package model

import (
	"fmt"
	"math/bits"

	"github.com/aievm/aievm/opml/merkle"
)

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
	// calldata. A model's input and outputs are bound further by
	// MaxL1TxBytes (L1CallBytes).
	MaxInputBytes = 128 << 10
	// MaxL1TxBytes bounds the transactions of the dispute game: geth's
	// transaction pool (and other clients') refuses a transaction over
	// 128 KiB, so a move past it would never be mined and its sender would
	// lose on time. A binding (and a proof of the output) carries the input
	// and the graph section with its Merkle proof, so a model whose binding
	// could pass it is invalid; a claim carries the input and the outputs,
	// and one past it cannot be proposed (L1CallBytes).
	MaxL1TxBytes = 128 << 10
	// MaxNodeWork bounds one node's counted work (MACs, float ops and int
	// ops): a party answers each phase-2 midpoint by running the node on
	// the reference path (~9 ns an operation: about 10 s at the bound, for
	// each of up to 50 answers, within a clock).
	MaxNodeWork = 1 << 30
)

// L1TxEnvelope is what a transaction adds to its calldata: nonce, fees,
// gas, recipient, value, access list, signature and the RLP headers (about
// 150 bytes for a dynamic-fee transaction), with room to spare.
const L1TxEnvelope = 512

// L1CallBytes bounds the size of the L1 transactions the dispute game's
// moves over m send, envelope included (MaxL1TxBytes bounds both): claim,
// the proposal of an input and its outputs (InferenceOracle.propose); and
// bind, the binding of any node (InferenceOracle.bind), which carries the
// input, the file's header and graph section in 1 KiB leaves each with its
// Merkle path, and a node's operand and output proofs; the proof of an
// output (proveOutput) carries the same but the input. fraudproof/prove
// checks that every move's real calldata is within them
// (TestL1CallBytesBoundMoves). A claim is bounded by gas too: propose
// stores the outputs, about 22k gas a 32-byte word, so under L1's 2^24 gas
// a transaction (EIP-7825) outputs past about 20 KB cannot be proposed
// whatever their bytes. m must be a built or decoded model (its FileBytes
// set).
func (m *Model) L1CallBytes() (claim, bind int) {
	in := m.InputBytes()
	word := func(n int) int { return (n + 31) / 32 * 32 }
	// propose(bytes32 model, bytes input, bytes output, bytes32 root,
	// uint64 nodes): selector, five head words, two lengths.
	claim = 4 + 7*32 + word(in) + word(m.outputBytes()) + L1TxEnvelope
	// The graph proof: its head (length, two offsets, two array lengths),
	// then per leaf an offset and a length word, 1 KiB, and an offset, a
	// length word and the sibling hashes of a path of the file's depth.
	leaves := (m.graphBytes() + merkle.ModelLeafSize - 1) / merkle.ModelLeafSize
	fileLeaves := max(1, (int(min(m.FileBytes, 1<<40))+merkle.ModelLeafSize-1)/merkle.ModelLeafSize)
	depth := bits.Len(uint(fileLeaves - 1))
	graph := 5*32 + leaves*(4*32+merkle.ModelLeafSize+32*depth)
	// The rest of a binding, at most: the call's selector and head, the
	// struct's head, eight operand roots and proofs and the output's proof
	// (paths of up to 10 hashes in the trace's node list of MaxNodes), and
	// the end registers; proveOutput's operands are fewer.
	const rest = 4 + 4*32 + 8*32 + 8*32 + 8*(3*32+10*32) + 3*32 + 10*32 + 4*32
	bind = word(in) + 2*32 + graph + rest + L1TxEnvelope
	return claim, bind
}

func (m *Model) outputBytes() int {
	n := 0
	for _, s := range m.Outputs {
		n += s.Bytes()
	}
	return n
}

// InputBytes is the size of a call's input: every input's bytes, in order
// (what the precompile takes after the model address and output size).
func (m *Model) InputBytes() int {
	n := 0
	for _, s := range m.Inputs {
		n += s.Bytes()
	}
	return n
}

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
	in := m.InputBytes()
	if in > MaxInputBytes {
		return fmt.Errorf("%d bytes of input, more than the bound of %d", in, MaxInputBytes)
	}
	// A claim too large for L1 cannot be proposed at all, true or false;
	// a binding too large would let a false claim stand (the honest party
	// could not make its move), so only the binding makes a model invalid.
	if _, bind := m.L1CallBytes(); bind > MaxL1TxBytes {
		return fmt.Errorf("binding a node, its input (%d bytes) and its graph section (%d bytes) with their proof make an L1 transaction of up to %d bytes, more than the bound of %d", in, m.graphBytes(), bind, MaxL1TxBytes)
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
