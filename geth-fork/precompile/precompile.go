// Package precompile is the AI EVM's inference precompile at 0x…a1, wire
// compatible with Axonum's AILib: input is modelAddress (32 bytes) ||
// outputSize (uint256) || inputData, output is uint256 length || outputData.
// The model runs on the engine's fast path; gas comes from the model header's
// counted work. Bad input reverts with an Error(string) reason and never
// panics.
package precompile

import (
	"container/list"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/big"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/vm"
	"github.com/ethereum/go-ethereum/metrics"

	"github.com/aievm/aievm/model-da/onchain"
	"github.com/aievm/aievm/opml/exec"
	"github.com/aievm/aievm/opml/model"
	"github.com/aievm/aievm/opml/tensor"
)

// Address of the inference precompile.
var Address = common.HexToAddress("0x00000000000000000000000000000000000000a1")

// DefaultRegistry is ModelRegistry's predeploy address on AI EVM chains: the
// registry gate of ai-geth and of the fault-proof program.
var DefaultRegistry = common.HexToAddress("0x42000000000000000000000000000000000000a1")

// Models gives the precompile parsed models by address (model-da/models.Cache).
type Models interface {
	Model(ctx context.Context, address model.Address) (*model.Model, error)
}

// Gas prices a call from the model header. The charge for counted work is
// meant to keep inference gas per second of node time no better than
// ecrecover's (3000 gas); `make bench` measures both.
type Gas struct {
	Base           uint64 // every call
	PerInputByte   uint64 // per byte of input data
	MACsPerGas     uint64 // counted multiply-accumulates per gas
	FloatOpsPerGas uint64 // counted soft-float operations per gas
	IntOpsPerGas   uint64 // counted integer operations per gas
	PerWeightKB    uint64 // per KiB of weights touched (memory traffic)
	PerMemoryKB    uint64 // per KiB of peak activations plus the largest node's working memory
	PerPreparedKB  uint64 // per KiB of prepared weight layouts (built by a cold call, up to 32x the weights)
	PerNode        uint64 // per graph node (the executor's fixed cost of running one)
	PerConvertByte uint64 // inline precompile (0xa0): per byte of ONNX converted in the call
}

// DefaultGas are the provisional prices (see README, "Gas").
var DefaultGas = Gas{Base: 6000, PerInputByte: 16, MACsPerGas: 24, FloatOpsPerGas: 6, IntOpsPerGas: 32, PerWeightKB: 80, PerMemoryKB: 24, PerPreparedKB: 64, PerNode: 96, PerConvertByte: 16}

// Cost returns the gas for a call with inputLen bytes of data to a model
// with header cost c; it saturates instead of overflowing.
func (g Gas) Cost(c model.Cost, inputLen int) uint64 {
	sum := g.Base
	add := func(v uint64) {
		if sum+v < sum {
			sum = math.MaxUint64
		} else {
			sum += v
		}
	}
	add(mulSat(uint64(inputLen), g.PerInputByte))
	add(ceilDiv(c.MACs, g.MACsPerGas))
	add(ceilDiv(c.FloatOps, g.FloatOpsPerGas))
	add(ceilDiv(c.IntOps, g.IntOpsPerGas))
	add(mulSat(ceilDiv(c.WeightBytes, 1024), g.PerWeightKB))
	return sum
}

// Model returns the gas for a call with inputLen bytes of data to model m:
// Cost of its header, with PerWeightKB charged on its whole file (what a
// cold call reads), plus its memory (peak activations, the largest node's
// working memory and the prepared layouts of its weights, which a cold call
// builds: all bounded by the model format) and its nodes. It is at least
// Floor(m.FileBytes, inputLen).
func (g Gas) Model(m *model.Model, inputLen int) uint64 {
	c := m.Cost
	c.WeightBytes = m.FileBytes
	sum := g.Cost(c, inputLen)
	for _, v := range []uint64{
		// activations, working memory and prepared layouts: bounded by the format, no overflow
		mulSat(ceilDiv(m.Cost.ActivationBytes+m.ScratchBytes, 1024), g.PerMemoryKB),
		mulSat(ceilDiv(m.PreparedBytes, 1024), g.PerPreparedKB),
		mulSat(uint64(len(m.Nodes)), g.PerNode),
	} {
		if sum+v < sum {
			return math.MaxUint64
		}
		sum += v
	}
	return sum
}

// Floor is the least gas a call with inputLen bytes of data to a model
// whose file has size bytes can cost: known from state (the registry
// records the size) before the model is loaded, so a call that cannot pay
// it fails without making the node load anything.
func (g Gas) Floor(size uint64, inputLen int) uint64 {
	return g.Cost(model.Cost{WeightBytes: size}, inputLen)
}

func ceilDiv(a, b uint64) uint64 {
	if b == 0 {
		return 0
	}
	return a/b + min(1, a%b)
}

func mulSat(a, b uint64) uint64 {
	if a != 0 && b > math.MaxUint64/a {
		return math.MaxUint64
	}
	return a * b
}

// Reasons a call reverts; each is returned as Error(string) revert data.
var (
	ErrShortInput   = errors.New("inference: input shorter than 64 bytes (model address, output size)")
	ErrUnavailable  = errors.New("inference: model unavailable")
	ErrOutputSize   = errors.New("inference: output size does not match the model")
	ErrInputSize    = errors.New("inference: input size does not match the model")
	ErrInputValue   = errors.New("inference: input value out of range for the model")
	ErrUnregistered = errors.New("inference: model not registered in ModelRegistry")
	ErrNotAvailable = errors.New("inference: model not yet available (its file is not fully published on chain)")
	ErrInvalidModel = errors.New("inference: published model file is not a valid model")
)

// Call is a parsed precompile input.
type Call struct {
	Model      model.Address
	OutputSize *big.Int
	Input      []byte
}

// Parse splits precompile input; it never panics.
func Parse(input []byte) (Call, error) {
	if len(input) < 64 {
		return Call{}, ErrShortInput
	}
	var c Call
	copy(c.Model[:], input[:32])
	c.OutputSize = new(big.Int).SetBytes(input[32:64])
	c.Input = input[64:]
	return c, nil
}

// Pack is Parse's inverse: the precompile input (AILib's wire format) that
// calls model m for outputSize bytes on input.
func Pack(m model.Address, outputSize uint64, input []byte) []byte {
	b := make([]byte, 0, 64+len(input))
	b = append(b, m[:]...)
	b = append(b, make([]byte, 24)...)
	b = binary.BigEndian.AppendUint64(b, outputSize)
	return append(b, input...)
}

// Inference is the precompile. It caches one executor per model so that
// weight layouts are prepared once.
type Inference struct {
	models  Models
	gas     Gas
	timeout time.Duration

	mu       sync.Mutex
	execs    map[model.Address]*list.Element // of *execEntry, in lru
	lru      *list.List                      // front: most recently used executor
	prepared uint64                          // prepared layout bytes the cached executors keep
	invalid  map[model.Address]error         // published files that are not valid models

	registry common.Address // ModelRegistry; zero: no registry gate
	rebuild  Rebuilder      // makes a published model local from the node's own chain
	// Faults counts node faults: models available on chain that this node
	// could not produce from its own data (a metric; each is also logged).
	Faults atomic.Int64
	// Log, if set, is told about each node fault.
	Log func(format string, args ...any)
}

// MaxExecutors and MaxPreparedExecBytes bound the executor cache: its
// models stay in the Models cache's byte budget; these bound the executors
// and the prepared weight layouts they keep (least recently used go first).
const (
	MaxExecutors         = 32
	MaxPreparedExecBytes = 2 * model.MaxPreparedBytes
)

// maxInvalid bounds the memo of published files that do not decode. Each
// entry cost its publisher a whole publication; when full, one entry goes,
// never all (clearing it all would let a caller force rebuilds at will).
const maxInvalid = 1 << 16

// New returns the precompile over a model source. timeout bounds how long a
// call may take to load a model from it (a local store: the source must not
// reach the network).
func New(models Models, gas Gas, timeout time.Duration) *Inference {
	return &Inference{models: models, gas: gas, timeout: timeout, execs: map[model.Address]*list.Element{}, lru: list.New(),
		invalid: map[model.Address]error{}}
}

// Rebuilder makes a model that is available on chain local from the node's
// own chain data (onchain.RebuildLocal over its receipts) and returns it;
// number is the executing block, getState reads its state and getHash its
// ancestors' hashes. It must not use the network.
type Rebuilder func(addr model.Address, number uint64, getState onchain.StateReader, getHash func(uint64) common.Hash) (*model.Model, error)

// WithRegistry enables the registry gate: a call runs only if the
// ModelRegistry at addr records the model as available (every chunk of its
// file published through the chain) before the executing block; otherwise it
// reverts on every node alike ("not registered", "not yet available"). An
// available model runs from local data: the model source, else rebuild
// (nil: none). A node that cannot produce an available model has a fault of
// its own (NodeFault), never a revert other nodes would not see. It needs the
// fork delta (geth-fork/delta), which calls RequiredGasWithState and
// RunWithState.
func (p *Inference) WithRegistry(addr common.Address, rebuild Rebuilder) *Inference {
	p.registry, p.rebuild = addr, rebuild
	return p
}

// RegistrySlot is the storage slot of ModelRegistry's record of a model
// whose low 8 bytes hold its size (non-zero once registered).
func RegistrySlot(m model.Address) common.Hash { return onchain.SizeSlot(m) }

// NodeFault is a failure of this node, not of the call: a model available on
// chain that the node cannot produce from its own data (local corruption, a
// bug). The fork delta turns it into a transaction error instead of a
// revert: the sequencer leaves the transaction out of the block it builds (a
// deposit, which it cannot leave out, stops block building), and a node
// importing a block halts rather than compute something else.
type NodeFault struct{ Err error }

func (f *NodeFault) Error() string { return "aievm node fault: " + f.Err.Error() }
func (f *NodeFault) Unwrap() error { return f.Err }

// AIEVMNodeFault marks the error for the fork delta's hook.
func (*NodeFault) AIEVMNodeFault() {}

// gate applies the registry gate to a call in block number, from state
// alone: the parsed call and the model's registry status, or a revert
// reason (revert != nil).
func (p *Inference) gate(number uint64, getState func(common.Address, common.Hash) common.Hash, input []byte) (c Call, st onchain.Status, revert error) {
	c, err := Parse(input)
	if err != nil {
		return c, st, err
	}
	st = onchain.ReadStatus(getState, p.registry, c.Model)
	switch {
	case !st.Registered():
		return c, st, fmt.Errorf("%w: 0x%x", ErrUnregistered, c.Model)
	case !st.AvailableIn(number):
		return c, st, fmt.Errorf("%w: 0x%x (%d chunks published)", ErrNotAvailable, c.Model, st.Published)
	}
	return c, st, nil
}

// resolve applies the registry gate to a call in block number: the parsed
// call and its model, a revert reason (revert != nil), or a node fault.
func (p *Inference) resolve(number uint64, getState func(common.Address, common.Hash) common.Hash, getHash func(uint64) common.Hash, input []byte) (c Call, m *model.Model, revert, fault error) {
	c, _, revert = p.gate(number, getState, input)
	if revert != nil {
		return c, nil, revert, nil
	}
	return p.load(c, number, getState, getHash)
}

// load produces the model of a call that passed the gate: a model, the
// revert of a published file that is not a model, or a node fault.
func (p *Inference) load(c Call, number uint64, getState func(common.Address, common.Hash) common.Hash, getHash func(uint64) common.Hash) (_ Call, m *model.Model, revert, fault error) {
	p.mu.Lock()
	bad, isBad := p.invalid[c.Model]
	p.mu.Unlock()
	if isBad {
		return c, nil, bad, nil
	}
	m, err := p.model(c.Model)
	if err != nil && p.rebuild != nil {
		m, err = p.rebuild(c.Model, number, getState, getHash)
	}
	switch {
	case err == nil:
		return c, m, nil, nil
	case errors.Is(err, model.ErrInvalid):
		// The published bytes are what the registry checked: every node gets
		// the same file and the same verdict.
		bad := fmt.Errorf("%w: 0x%x: %v", ErrInvalidModel, c.Model, err)
		p.mu.Lock()
		if len(p.invalid) >= maxInvalid {
			for k := range p.invalid {
				delete(p.invalid, k)
				break
			}
		}
		p.invalid[c.Model] = bad
		p.mu.Unlock()
		return c, nil, bad, nil
	}
	p.Faults.Add(1)
	faultsMeter.Inc(1)
	f := &NodeFault{Err: fmt.Errorf("model 0x%x is available on chain but not in local data: %w", c.Model, err)}
	if p.Log != nil {
		p.Log("%v", f)
	}
	return c, nil, nil, f
}

// RequiredGasWithState is RequiredGas behind the registry gate (called by
// the fork delta's hook with the gas the call has): a call that reverts at
// the gate costs the base and per-byte charge; a call with less gas than
// the Floor of its model's registered size gets that floor (and fails out
// of gas) before anything is loaded.
func (p *Inference) RequiredGasWithState(number, _, gas uint64, getState func(common.Address, common.Hash) common.Hash, getHash func(uint64) common.Hash, input []byte) (uint64, error) {
	if p.registry == (common.Address{}) {
		return p.RequiredGas(input), nil
	}
	c, st, revert := p.gate(number, getState, input)
	if revert != nil {
		return p.gas.Cost(model.Cost{}, len(c.Input)), nil
	}
	if floor := p.gas.Floor(st.Size, len(c.Input)); gas < floor {
		floorsMeter.Inc(1)
		return floor, nil
	}
	c, m, revert, fault := p.load(c, number, getState, getHash)
	switch {
	case fault != nil:
		return 0, fault
	case revert != nil: // a published file that is not a model: it was loaded, the floor is due
		return p.gas.Floor(st.Size, len(c.Input)), nil
	}
	return p.gas.Model(m, len(c.Input)), nil
}

// RunWithState is Run behind the registry gate (called by the fork delta's
// hook). It never waits on the network.
func (p *Inference) RunWithState(number, _ uint64, getState func(common.Address, common.Hash) common.Hash, getHash func(uint64) common.Hash, input []byte) ([]byte, error) {
	if p.registry == (common.Address{}) {
		return p.Run(input)
	}
	start := time.Now()
	defer latency.UpdateSince(start)
	c, m, revert, fault := p.resolve(number, getState, getHash, input)
	switch {
	case fault != nil:
		return nil, fault
	case revert != nil:
		return p.finish(nil, revert)
	}
	return p.finish(p.runModel(c, m))
}

// Name is the precompile's name in traces.
func (p *Inference) Name() string { return "INFERENCE" }

func (p *Inference) model(addr model.Address) (*model.Model, error) {
	ctx, cancel := context.WithTimeout(context.Background(), p.timeout)
	defer cancel()
	m, err := p.models.Model(ctx, addr)
	if err != nil {
		return nil, fmt.Errorf("%w: 0x%x: %w", ErrUnavailable, addr, err)
	}
	return m, nil
}

// RequiredGas prices the call from the model header; an unparsable call or
// an unavailable model costs the base and per-byte charge (Run reverts).
func (p *Inference) RequiredGas(input []byte) uint64 {
	c, err := Parse(input)
	if err != nil {
		return p.gas.Base
	}
	m, err := p.model(c.Model)
	if err != nil {
		return p.gas.Cost(model.Cost{}, len(c.Input))
	}
	return p.gas.Model(m, len(c.Input))
}

// Metrics (geth's registry; collected when the node runs with --metrics).
var (
	callsMeter   = metrics.NewRegisteredCounter("aievm/inference/calls_total", nil)
	revertsMeter = metrics.NewRegisteredCounter("aievm/inference/reverts_total", nil)
	latency      = metrics.NewRegisteredTimer("aievm/inference/latency", nil)
	faultsMeter  = metrics.NewRegisteredCounter("aievm/inference/faults_total", nil)
	floorsMeter  = metrics.NewRegisteredCounter("aievm/inference/floors_total", nil) // calls failed at the floor, nothing loaded
)

// Run executes the model. Errors revert with their reason.
func (p *Inference) Run(input []byte) ([]byte, error) {
	start := time.Now()
	out, err := p.run(input)
	latency.UpdateSince(start)
	return p.finish(out, err)
}

func (p *Inference) finish(out []byte, err error) ([]byte, error) { return finish(out, err) }

// finish counts a call and turns an error into revert data.
func finish(out []byte, err error) ([]byte, error) {
	callsMeter.Inc(1)
	if err != nil {
		revertsMeter.Inc(1)
		return revertReason(err.Error()), vm.ErrExecutionReverted
	}
	return out, nil
}

// Outputs sums a model's output bytes: what outputSize must equal.
func Outputs(m *model.Model) int {
	n := 0
	for _, s := range m.Outputs {
		n += s.Bytes()
	}
	return n
}

func (p *Inference) run(input []byte) ([]byte, error) {
	c, err := Parse(input)
	if err != nil {
		return nil, err
	}
	m, err := p.model(c.Model)
	if err != nil {
		return nil, err
	}
	return p.runModel(c, m)
}

// runModel checks a parsed call against model m and runs it.
func (p *Inference) runModel(c Call, m *model.Model) ([]byte, error) {
	want := Outputs(m)
	if !c.OutputSize.IsUint64() || c.OutputSize.Uint64() != uint64(want) {
		return nil, fmt.Errorf("%w: %s bytes asked, model 0x%x gives %d", ErrOutputSize, c.OutputSize, c.Model, want)
	}
	var ins []*tensor.Tensor
	data := c.Input
	need := 0
	for _, s := range m.Inputs {
		need += s.Bytes()
	}
	if len(data) != need {
		return nil, fmt.Errorf("%w: %d bytes given, model 0x%x takes %d", ErrInputSize, len(data), c.Model, need)
	}
	for _, s := range m.Inputs {
		n := s.Bytes()
		ins = append(ins, &tensor.Tensor{DType: s.DType, Shape: s.Shape, Data: data[:n]})
		data = data[n:]
	}
	e, err := p.executor(c.Model, m)
	if err != nil {
		return nil, err
	}
	outs, err := safeRun(e, ins)
	if err != nil {
		var tr exec.ErrTokenRange
		if errors.As(err, &tr) {
			return nil, fmt.Errorf("%w: %v", ErrInputValue, tr)
		}
		return nil, fmt.Errorf("inference: %v", err)
	}
	res := make([]byte, 32, 32+want)
	binary.BigEndian.PutUint64(res[24:], uint64(want))
	for _, o := range outs {
		res = append(res, o.Data...)
	}
	return res, nil
}

// safeRun runs e, turning an engine panic (a bug: the engine is meant to
// refuse what it cannot run when the model is decoded) into an error, the
// same on every node, instead of a crashed node.
func safeRun(e *exec.Executor, ins []*tensor.Tensor) (outs []*tensor.Tensor, err error) {
	defer func() {
		if r := recover(); r != nil {
			outs, err = nil, fmt.Errorf("engine failure: %v", r)
		}
	}()
	return e.Run(ins)
}

func (p *Inference) executor(addr model.Address, m *model.Model) (*exec.Executor, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if el, ok := p.execs[addr]; ok && el.Value.(*execEntry).e.Model() == m {
		p.lru.MoveToFront(el)
		return el.Value.(*execEntry).e, nil
	}
	e, err := exec.New(m, exec.Options{MaxActivationBytes: model.MaxActivationBytes})
	if err != nil {
		return nil, err
	}
	if el, ok := p.execs[addr]; ok { // an executor of an older parse of the model
		p.dropExec(el)
	}
	// Least recently used first, within a count and the bytes of prepared
	// weight layouts the executors keep.
	for p.lru.Len() > 0 && (p.lru.Len() >= MaxExecutors || p.prepared+m.PreparedBytes > MaxPreparedExecBytes) {
		p.dropExec(p.lru.Back())
	}
	p.execs[addr] = p.lru.PushFront(&execEntry{addr: addr, e: e, bytes: m.PreparedBytes})
	p.prepared += m.PreparedBytes
	return e, nil
}

// execEntry is one cached executor.
type execEntry struct {
	addr  model.Address
	e     *exec.Executor
	bytes uint64 // its prepared weight layouts
}

func (p *Inference) dropExec(el *list.Element) {
	x := el.Value.(*execEntry)
	p.lru.Remove(el)
	delete(p.execs, x.addr)
	p.prepared -= x.bytes
}

// revertReason ABI-encodes Error(string), the data Solidity decodes as a
// revert reason.
func revertReason(msg string) []byte {
	b := make([]byte, 4+32+32+(len(msg)+31)/32*32)
	copy(b, []byte{0x08, 0xc3, 0x79, 0xa0})
	b[4+31] = 0x20
	binary.BigEndian.PutUint64(b[4+32+24:], uint64(len(msg)))
	copy(b[4+64:], msg)
	return b
}

// forks are the OP Stack precompile tables the inference precompile joins.
// L1 tables are left alone: an in-process L1 geth shares these globals.
func forks() []struct {
	name  string
	m     vm.PrecompiledContracts
	addrs *[]common.Address
} {
	return []struct {
		name  string
		m     vm.PrecompiledContracts
		addrs *[]common.Address
	}{
		{"Fjord", vm.PrecompiledContractsFjord, &vm.PrecompiledAddressesFjord},
		{"Granite", vm.PrecompiledContractsGranite, &vm.PrecompiledAddressesGranite},
		{"Isthmus", vm.PrecompiledContractsIsthmus, &vm.PrecompiledAddressesIsthmus},
		{"Jovian", vm.PrecompiledContractsJovian, &vm.PrecompiledAddressesJovian},
	}
}

var registerMu sync.Mutex

// Register installs p at Address in every OP-fork precompile table (and
// its warm-address list), refusing if the address is taken. It is the one
// piece of global mutable state: call it once at start-up, before any EVM
// runs.
func Register(p vm.PrecompiledContract) error { return RegisterAt(Address, p) }

// RegisterAt is Register at another address (the inline precompile's).
func RegisterAt(addr common.Address, p vm.PrecompiledContract) error {
	registerMu.Lock()
	defer registerMu.Unlock()
	for _, f := range forks() {
		if old, ok := f.m[addr]; ok {
			return fmt.Errorf("register %s precompile: %s already has %s at %s", p.Name(), f.name, old.Name(), addr)
		}
	}
	for _, f := range forks() {
		f.m[addr] = p
		*f.addrs = append(*f.addrs, addr)
	}
	return nil
}
