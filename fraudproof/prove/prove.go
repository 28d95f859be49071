// Package prove computes what a party of the opML dispute game posts and
// proves, from the engine alone: the prefix states of phase 1 (the list root
// of the node roots with the later nodes zeroed), the step-state commitments
// of phase 2, the binding of the disputed node to the model file, and the
// witness of the final step. It holds the node roots of one run, never every
// intermediate tensor: a step-state answer re-runs the model up to the node.
package prove

import (
	"errors"
	"fmt"
	"math/big"
	"math/rand/v2"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/aievm/aievm/contracts/bindings"
	"github.com/aievm/aievm/fraudproof/evm"
	"github.com/aievm/aievm/opml/exec"
	"github.com/aievm/aievm/opml/merkle"
	"github.com/aievm/aievm/opml/model"
	"github.com/aievm/aievm/opml/tensor"
)

// Run is one inference as the prover sees it: the model file, its input and
// the trace of the honest run.
type Run struct {
	Model  *model.Model
	File   []byte
	Input  []byte
	Output []byte
	Trace  *exec.Trace
	// Elapsed is what the run and its trace took (a challenger's
	// preparation for a claim).
	Elapsed time.Duration
	// Refused, if not nil, is where the engine refused the input: the trace
	// holds the roots of the nodes before it and there is no output. Every
	// claim on this input is wrong.
	Refused *exec.Refusal

	in    []*tensor.Tensor
	e     *exec.Executor
	tree  *merkle.Tree // the model file
	infos map[int]bindings.NodeInfo
}

// NewRun runs m on input (the precompile's byte layout: inputs concatenated)
// and keeps its trace (partial, with Refused set, for an input the engine
// refuses partway). An engine panic (a bug) is an error, not a crashed
// player.
func NewRun(m *model.Model, input []byte) (r *Run, err error) {
	defer func() {
		if p := recover(); p != nil {
			r, err = nil, fmt.Errorf("run %s: engine failure: %v", m.Name, p)
		}
	}()
	return newRun(m, input)
}

func newRun(m *model.Model, input []byte) (*Run, error) {
	in, err := SplitInput(m, input)
	if err != nil {
		return nil, err
	}
	start := time.Now()
	e, err := exec.New(m, exec.Options{})
	if err != nil {
		return nil, err
	}
	tr, err := e.Trace(in)
	var refused *exec.Refusal
	if err != nil && !errors.As(err, &refused) {
		return nil, fmt.Errorf("trace %s: %w", m.Name, err)
	}
	file := m.Encode()
	r := &Run{Model: m, File: file, Input: input, Trace: tr, Refused: refused, in: in, e: e, tree: merkle.Build(file, merkle.ModelLeafSize)}
	r.Elapsed = time.Since(start)
	for _, t := range tr.Outputs {
		r.Output = append(r.Output, t.Data...)
	}
	return r, nil
}

// SplitInput cuts the precompile's concatenated input bytes into the model's
// input tensors.
func SplitInput(m *model.Model, b []byte) ([]*tensor.Tensor, error) {
	var out []*tensor.Tensor
	for i, s := range m.Inputs {
		n := s.Bytes()
		if len(b) < n {
			return nil, fmt.Errorf("input %d (%s): %d bytes left, needs %d", i, s.Name, len(b), n)
		}
		t := tensor.New(s.DType, s.Shape)
		copy(t.Data, b[:n])
		out = append(out, t)
		b = b[n:]
	}
	if len(b) != 0 {
		return nil, fmt.Errorf("input has %d bytes more than the model takes", len(b))
	}
	return out, nil
}

// Nodes is the length of the phase-1 sequence.
func (r *Run) Nodes() int { return len(r.Trace.NodeRoots) }

// list returns the node-root list with nodes k.. zeroed.
func (r *Run) list(k int) []byte {
	b := make([]byte, 32*r.Nodes())
	for i := 0; i < k; i++ {
		copy(b[32*i:], r.Trace.NodeRoots[i][:])
	}
	return b
}

// Prefix is S_k: the list root with nodes k.. zeroed (S_N is the trace root).
func (r *Run) Prefix(k int) merkle.Hash { return merkle.Root(r.list(k), merkle.HashLeafSize) }

// State is the step state of node after k of its steps.
func (r *Run) State(node int, k uint64) (exec.StepState, error) {
	if k == 0 {
		p, err := r.e.StepStates(r.in, node, 0)
		if err != nil {
			return exec.StepState{}, err
		}
		return p.Before, nil
	}
	p, err := r.e.StepStates(r.in, node, k-1)
	if err != nil {
		return exec.StepState{}, err
	}
	return p.After, nil
}

// Steps is node's step count.
func (r *Run) Steps(node int) uint64 { return r.e.NodeSteps(node) }

func hashes(hs []merkle.Hash) [][32]byte {
	out := make([][32]byte, len(hs))
	for i, h := range hs {
		out[i] = h
	}
	return out
}

// listProof is the sibling path of entry i in the list with nodes k.. zeroed.
func (r *Run) listProof(k, i int) ([][32]byte, error) {
	b := r.list(k)
	p, err := merkle.Build(b, merkle.HashLeafSize).Prove(b, 32*i, 32)
	if err != nil {
		return nil, err
	}
	return hashes(p.Siblings), nil
}

// graphProof proves the file prefix that holds the header and the graph.
func (r *Run) graphProof() (bindings.FileProof, error) { return graphProof(r.Model, r.File, r.tree) }

// GraphProof proves the prefix of m's file that holds its header and graph
// against its address: what the oracle's model reader parses (to bind a
// node, or to check that a claim fits its model).
func GraphProof(m *model.Model) (bindings.FileProof, error) {
	file := m.Encode()
	return graphProof(m, file, merkle.Build(file, merkle.ModelLeafSize))
}

func graphProof(m *model.Model, file []byte, tree *merkle.Tree) (bindings.FileProof, error) {
	stripped := *m
	stripped.Consts = make([]model.Const, len(m.Consts))
	for i, c := range m.Consts {
		stripped.Consts[i] = model.Const{Spec: c.Spec}
	}
	n := min(len(stripped.Encode()), len(file))
	fp := bindings.FileProof{Length: uint64(len(file))}
	for off := 0; off < n; off += merkle.ModelLeafSize {
		p, err := tree.Prove(file, off, 1)
		if err != nil {
			return fp, err
		}
		fp.Leaves = append(fp.Leaves, p.Leaves[0])
		fp.Siblings = append(fp.Siblings, hashes(p.Siblings))
	}
	return fp, nil
}

// Fits reports whether a claim's input, output and node count fit model m,
// as the oracle's proveOutput checks them: a claim that does not fit is
// wrong on its face.
func Fits(m *model.Model, input, output []byte, nodes uint64) bool {
	in, out := 0, 0
	for _, s := range m.Inputs {
		in += s.Bytes()
	}
	for _, s := range m.Outputs {
		out += s.Bytes()
	}
	return in == len(input) && out == len(output) && uint64(len(m.Nodes)) == nodes
}

// Binding is what the proposer shows to bind node to its description (the
// end of phase 1, with S_lo = Prefix(node) agreed).
func (r *Run) Binding(node int) (bindings.Binding, error) {
	g, err := r.graphProof()
	if err != nil {
		return bindings.Binding{}, err
	}
	b := bindings.Binding{Graph: g, Input: r.Input, OutRoot: r.Trace.NodeRoots[node]}
	nIn, nC := len(r.Model.Inputs), len(r.Model.Consts)
	for _, v := range r.Model.Nodes[node].In {
		var root [32]byte
		proof := [][32]byte{}
		if k := v - nIn - nC; k >= 0 {
			root = r.Trace.NodeRoots[k]
			if proof, err = r.listProof(node, k); err != nil {
				return b, err
			}
		}
		b.InRoots = append(b.InRoots, root)
		b.InProofs = append(b.InProofs, proof)
	}
	if b.OutProof, err = r.listProof(node, node); err != nil {
		return b, err
	}
	end, err := r.State(node, r.Steps(node))
	if err != nil {
		return b, err
	}
	b.EndRegs = end.Regs
	return b, nil
}

// NodeInfo is the description bind derives on chain for node, computed by
// the model reader (so it is byte for byte what the game hashed).
func (r *Run) NodeInfo(vm *evm.EVM, node int) (bindings.NodeInfo, error) {
	if info, ok := r.infos[node]; ok {
		return info, nil
	}
	b, err := r.Binding(node)
	if err != nil {
		return bindings.NodeInfo{}, err
	}
	rd := bindings.NewModelReader()
	ctx := bindings.BindCtx{Node: big.NewInt(int64(node)), SLo: r.Prefix(node), ListLen: big.NewInt(int64(32 * r.Nodes())),
		Model: r.Model.Address(), InputHash: merkle.Keccak(r.Input)}
	out, _, err := vm.Call(vm.Reader, rd.PackBindNode(b, ctx, uint64(r.Nodes())))
	if err != nil {
		return bindings.NodeInfo{}, fmt.Errorf("bind node %d: %w", node, err)
	}
	info, err := rd.UnpackBindNode(out)
	if err == nil {
		if r.infos == nil {
			r.infos = map[int]bindings.NodeInfo{}
		}
		r.infos[node] = info
	}
	return info, err
}

// StateArg converts a step state to the contracts' form.
func StateArg(s exec.StepState) bindings.StepState {
	return bindings.StepState{Step: s.Step, Regs: s.Regs, OutRoot: s.OutRoot}
}

// Step is the witness of the last disputed step.
type Step struct {
	Info   bindings.NodeInfo
	Pre    bindings.StepState
	Leaves []bindings.Leaf
	Post   bindings.StepState // what the verifier computes from them
	Gas    uint64             // the verifier call's execution gas
}

// maxLeaves bounds the leaves a step may open (attention rows open the most).
const maxLeaves = 512

// StepWitness builds the witness of step `step` of node: it calls the step
// verifier, adds each leaf it reports missing, and repeats until it runs.
func (r *Run) StepWitness(vm *evm.EVM, node int, step uint64) (*Step, error) {
	info, err := r.NodeInfo(vm, node)
	if err != nil {
		return nil, err
	}
	sp, err := r.e.StepStates(r.in, node, step)
	if err != nil {
		return nil, err
	}
	w := &Step{Info: info, Pre: StateArg(sp.Before)}
	to := Verifier(vm, model.Op(info.Op))
	for len(w.Leaves) <= maxLeaves {
		out, gas, err := vm.Call(to, stepABI.PackStep(w.Info, w.Pre, w.Leaves))
		if err == nil {
			w.Gas = gas
			w.Post, err = stepABI.UnpackStep(out)
			return w, err
		}
		var rev *evm.Revert
		if !errors.As(err, &rev) {
			return nil, err
		}
		e, ok := stepError(rev.Data).(*bindings.StepsIntMissingLeaf)
		if !ok {
			return nil, fmt.Errorf("node %d step %d: verifier reverted: %v", node, step, describe(rev.Data))
		}
		leaf, err := r.leaf(sp, info, e.Src, int(e.Index.Int64()))
		if err != nil {
			return nil, err
		}
		w.Leaves = append(w.Leaves, leaf)
	}
	return nil, fmt.Errorf("node %d step %d opens more than %d leaves", node, step, maxLeaves)
}

var stepABI = bindings.NewStepsInt() // the three verifiers share the step ABI

// Verifier is the address of the step verifier of op.
func Verifier(vm *evm.EVM, op model.Op) common.Address {
	switch op {
	case model.OpMatMul, model.OpRoPE, model.OpAttention:
		return vm.StepsMat
	case model.OpEmbedding, model.OpRMSNorm, model.OpAdd, model.OpMul, model.OpSiLU, model.OpGELU,
		model.OpSigmoid, model.OpTanh, model.OpSoftmax, model.OpTakeLast, model.OpTrees, model.OpSlice, model.OpConcat, model.OpNormalize:
		return vm.StepsFloat
	}
	return vm.StepsInt
}

// stepError decodes a verifier's custom error (nil if data is none).
func stepError(data []byte) any {
	if len(data) < 4 { // the binding's decoder needs a selector
		return nil
	}
	e, err := stepABI.UnpackError(data)
	if err != nil {
		return nil
	}
	return e
}

func describe(data []byte) string {
	if e := stepError(data); e != nil {
		return fmt.Sprintf("%T%+v", e, e)
	}
	return fmt.Sprintf("0x%x", data)
}

// leaf opens leaf index of operand src (or of the output before the step).
func (r *Run) leaf(sp *exec.StepProof, info bindings.NodeInfo, src uint8, index int) (bindings.Leaf, error) {
	var data []byte
	var tree *merkle.Tree
	size := merkle.TensorLeafSize
	switch {
	case src == 255:
		data = sp.Out
	case int(src) < len(info.Ins) && info.Ins[src].LeafSize == merkle.ModelLeafSize:
		data, tree, size = r.File, r.tree, merkle.ModelLeafSize
	case int(src) < len(sp.Inputs):
		data = sp.Inputs[src].Data
	default:
		return bindings.Leaf{}, fmt.Errorf("verifier asked for operand %d of %d", src, len(sp.Inputs))
	}
	if tree == nil {
		tree = merkle.Build(data, size)
	}
	p, err := tree.Prove(data, index*size, 1)
	if err != nil {
		return bindings.Leaf{}, fmt.Errorf("open leaf %d of operand %d: %w", index, src, err)
	}
	return bindings.Leaf{Src: src, Index: uint64(index), Data: p.Leaves[0], Siblings: hashes(p.Siblings)}, nil
}

// OutputProof proves, for output k, the root the trace holds at the node
// that produces it: [root, siblings...] as InferenceOracle.proveOutput takes it.
func (r *Run) OutputProof(k int) (bindings.FileProof, [][32]byte, error) {
	g, err := r.graphProof()
	if err != nil {
		return g, nil, err
	}
	node := r.Model.OutputIDs[k] - len(r.Model.Inputs) - len(r.Model.Consts)
	sib, err := r.listProof(r.Nodes(), node)
	if err != nil {
		return g, nil, err
	}
	return g, append([][32]byte{r.Trace.NodeRoots[node]}, sib...), nil
}

// Forge returns a dishonest copy of r, for tests and demonstrations of the
// game: the roots of nodes from on are replaced by junk and the output's
// last byte is flipped, with the roots of output nodes at or after from
// made to agree with the wrong output (so that only bisection finds the
// lie). With from at or past the last node, the trace stays right and only
// the output is wrong.
func Forge(r *Run, from int) *Run {
	bad := *r
	roots := append([]merkle.Hash(nil), r.Trace.NodeRoots...)
	bad.Output = append([]byte(nil), r.Output...)
	bad.Output[len(bad.Output)-1] ^= 1
	if from >= len(roots) {
		return &bad
	}
	for i := from; i < len(roots); i++ {
		roots[i] = merkle.Keccak([]byte("forged"), []byte{byte(i)})
	}
	m, off := r.Model, 0
	for k, v := range m.OutputIDs {
		n := m.Outputs[k].Bytes()
		if node := v - len(m.Inputs) - len(m.Consts); node >= from {
			roots[node] = merkle.Root(bad.Output[off:off+n], merkle.TensorLeafSize)
		}
		off += n
	}
	bad.Trace = &exec.Trace{NodeRoots: roots, Root: exec.ListRoot(roots), Outputs: r.Trace.Outputs}
	return &bad
}

// SteerableSteps are the steps of node (total of them) a dishonest
// challenger could steer a game to that exercise each kind of step: the
// first and last and their neighbours, the middle, for attention every
// phase boundary of the first and last rows (max, sum, weight, accumulate;
// keys before, at and after the query; a key's first and last chunk), and,
// with r, four random ones.
func SteerableSteps(m *model.Model, node int, total uint64, r *rand.Rand) []uint64 {
	steps := []uint64{0, total - 1, total / 2}
	if total > 1 {
		steps = append(steps, 1, total-2)
	}
	for k := 0; r != nil && k < 4; k++ {
		steps = append(steps, r.Uint64N(total))
	}
	if n := m.Nodes[node]; n.Op == model.OpAttention {
		x := m.ValueSpec(n.In[0]).Shape
		tt, c := uint64(x[0]), uint64(model.AttentionChunks(x[1]/int(n.Attr[0])))
		rows := total / (4 * tt * c)
		// per row: key 0's chunks of each phase, the last key's, and the
		// phase boundaries (the weight's last chunk sets p, the
		// accumulate's last clears it)
		offs := []uint64{0, c - 1, tt*c - 1, tt * c, tt*c + c - 1, 2*tt*c - 1, 2 * tt * c, 2*tt*c + c - 1,
			2*tt*c + c, 2*tt*c + 2*c - 1, 4*tt*c - 2*c, 4*tt*c - c - 1, 4*tt*c - c, 4*tt*c - 1}
		for _, row := range []uint64{0, rows - 1} {
			for _, off := range offs {
				steps = append(steps, row*4*tt*c+off)
			}
		}
	}
	return steps
}

// CheckDisputable shows that every node of m has one-step twins on L1 that
// agree with the engine: for each node, the steps of SteerableSteps run
// through the Solidity verifiers (in vm) within an L1 transaction's gas and
// give the engine's state after them. The format's rules (opml/model,
// "Disputable models") make every valid model disputable; this checks the
// two implementations agree on a given model (model conversion runs it).
// A model of more than SampleKindsAbove nodes (a decoder's repeated layers)
// is sampled: one node of each kind (stepKind) is checked, since each check
// re-runs the model up to the node and the node on the reference path.
// Nodes of one kind differ only in where their constants sit in the file,
// and so in which of their steps read across a 1024-byte leaf: that read is
// shared by every verifier and swept by the prove tests, not here.
func CheckDisputable(vm *evm.EVM, m *model.Model, input []byte) error {
	r, err := NewRun(m, input)
	if err != nil {
		return err
	}
	for _, node := range CheckedNodes(m) {
		n := m.Nodes[node]
		for _, step := range SteerableSteps(m, node, r.Steps(node), nil) {
			w, err := r.StepWitness(vm, node, step)
			if err != nil {
				return fmt.Errorf("op %s (node %d) step %d has no working one-step verifier: %w", n.Op, node, step, err)
			}
			if w.Gas > MaxStepGas {
				return fmt.Errorf("op %s (node %d) step %d needs %d gas on L1, more than %d", n.Op, node, step, w.Gas, uint64(MaxStepGas))
			}
			want, err := r.State(node, step+1)
			if err != nil {
				return err
			}
			got := exec.StepState{Node: node, Step: w.Post.Step, Regs: w.Post.Regs, OutRoot: w.Post.OutRoot}
			if got.Commitment() != want.Commitment() {
				return fmt.Errorf("op %s (node %d) step %d: the L1 verifier's step disagrees with the engine's", n.Op, node, step)
			}
		}
	}
	return nil
}

// SampleKindsAbove is the node count above which CheckDisputable checks
// one node of each kind rather than every node.
const SampleKindsAbove = 64

// CheckedNodes are the nodes whose one-steps a check of m runs: every node,
// or above SampleKindsAbove nodes the first of each kind (stepKind).
func CheckedNodes(m *model.Model) []int {
	var out []int
	seen := map[string]bool{}
	for node := range m.Nodes {
		if len(m.Nodes) > SampleKindsAbove {
			k := stepKind(m, node)
			if seen[k] {
				continue
			}
			seen[k] = true
		}
		out = append(out, node)
	}
	return out
}

// stepKind names what a node's one-step verification depends on, but for
// its constants' offsets in the file: its op, attributes and output, and
// per input its dtype, shape and whether it is a model input, a constant or
// a node's output (where its leaves come from).
func stepKind(m *model.Model, node int) string {
	n := m.Nodes[node]
	k := fmt.Sprintf("%d %v %s%v", n.Op, n.Attr, n.Out.DType, n.Out.Shape)
	for _, v := range n.In {
		src := "node"
		switch {
		case v < len(m.Inputs):
			src = "input"
		case v < len(m.Inputs)+len(m.Consts):
			src = "const"
		}
		s := m.ValueSpec(v)
		k += fmt.Sprintf(" %s %s%v", src, s.DType, s.Shape)
	}
	return k
}

// MaxStepGas is the most execution gas a one-step verification may take:
// the oracle's checks, the calldata and the transaction's base cost must
// fit beside it in one L1 transaction (2^24 gas, EIP-7825).
const MaxStepGas = 12_000_000
