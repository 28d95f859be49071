package precompile

import (
	"container/list"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/aievm/aievm/opml/exec"
	"github.com/aievm/aievm/opml/model"
	"github.com/aievm/aievm/opml/onnx"
	"github.com/aievm/aievm/opml/tensor"
)

// InlineAddress is the inline ONNX precompile, wire compatible with
// Axonum's AILib.onnxInference: input is model_len (uint256) || input_len
// (uint256) || model (ONNX bytes) || input; output, as at Address, is
// uint256 length || outputs.
var InlineAddress = common.HexToAddress("0x00000000000000000000000000000000000000a0")

// Bounds of an inline call (consensus constants): the ONNX file and the
// input data it may carry.
const (
	MaxInlineModelBytes = 256 << 10
	MaxInlineInputBytes = 64 << 10
)

// Reasons an inline call reverts, besides those it shares with Address
// (ErrInputSize).
var (
	ErrInlineShort  = errors.New("inference: inline input shorter than 64 bytes (model length, input length)")
	ErrInlineLength = errors.New("inference: inline lengths do not match the call data")
	ErrInlineModel  = errors.New("inference: inline model cannot be converted")
)

// maxReason bounds the conversion report a revert carries.
const maxReason = 1024

// InlineCall is a parsed inline call.
type InlineCall struct {
	Model []byte // ONNX bytes
	Input []byte
}

// ParseInline splits an inline call; it never panics.
func ParseInline(input []byte) (InlineCall, error) {
	if len(input) < 64 {
		return InlineCall{}, ErrInlineShort
	}
	word := func(b []byte) (uint64, bool) {
		for _, x := range b[:24] {
			if x != 0 {
				return 0, false
			}
		}
		return binary.BigEndian.Uint64(b[24:32]), true
	}
	ml, ok1 := word(input[:32])
	il, ok2 := word(input[32:64])
	if !ok1 || !ok2 || ml > MaxInlineModelBytes || il > MaxInlineInputBytes {
		return InlineCall{}, fmt.Errorf("%w: model at most %d bytes, input at most %d", ErrInlineLength, MaxInlineModelBytes, MaxInlineInputBytes)
	}
	if uint64(len(input)-64) != ml+il {
		return InlineCall{}, fmt.Errorf("%w: %d + %d bytes declared, %d given", ErrInlineLength, ml, il, len(input)-64)
	}
	return InlineCall{Model: input[64 : 64+ml], Input: input[64+ml:]}, nil
}

// PackInline is ParseInline's inverse.
func PackInline(onnxModel, input []byte) []byte {
	b := make([]byte, 64, 64+len(onnxModel)+len(input))
	binary.BigEndian.PutUint64(b[24:], uint64(len(onnxModel)))
	binary.BigEndian.PutUint64(b[56:], uint64(len(input)))
	return append(append(b, onnxModel...), input...)
}

// Inline is the inline ONNX precompile: it converts the call's ONNX bytes
// by onnx.ImportFixed (no calibration, no evaluation: the same engine
// model on every node) and runs the result on the engine's fast path.
// Conversions are cached by the hash of the bytes; the cache changes only
// speed, never a result.
type Inline struct {
	gas Gas

	mu    sync.Mutex
	cache map[common.Hash]*list.Element // of *converted
	lru   *list.List
}

// converted is one cached conversion: a model and its executor, or the
// reason it cannot run.
type converted struct {
	key common.Hash
	m   *model.Model
	e   *exec.Executor
	err error
}

// maxConverted bounds the conversion cache (each entry holds at most a
// MaxInlineModelBytes model and its prepared layouts).
const maxConverted = 8

// NewInline returns the inline precompile with the given prices.
func NewInline(gas Gas) *Inline {
	return &Inline{gas: gas, cache: map[common.Hash]*list.Element{}, lru: list.New()}
}

// Name is the precompile's name in traces.
func (p *Inline) Name() string { return "INFERENCE_ONNX" }

// floor is what a call costs before conversion: the base, its data and
// the conversion of its ONNX bytes (their weights read as a model file's).
func (p *Inline) floor(c InlineCall) uint64 {
	f := p.gas.Floor(uint64(len(c.Model)), len(c.Input))
	v := mulSat(uint64(len(c.Model)), p.gas.PerConvertByte)
	if f+v < f {
		return math.MaxUint64
	}
	return f + v
}

// price is the whole charge of a call whose model converted: the floor
// plus the model's work, memory and nodes as Address charges them.
func (p *Inline) price(c InlineCall, m *model.Model) uint64 {
	f, run := p.floor(c), p.gas.Model(m, len(c.Input))
	if f+run < f {
		return math.MaxUint64
	}
	return f + run
}

// convert returns the conversion of ONNX bytes, from the cache or made.
func (p *Inline) convert(b []byte) *converted {
	key := crypto.Keccak256Hash(b)
	p.mu.Lock()
	if el, ok := p.cache[key]; ok {
		p.lru.MoveToFront(el)
		p.mu.Unlock()
		return el.Value.(*converted)
	}
	p.mu.Unlock()
	c := &converted{key: key}
	c.m, c.e, c.err = convertInline(b)
	if c.err != nil {
		msg := c.err.Error()
		if len(msg) > maxReason {
			msg = msg[:maxReason] + "..."
		}
		c.err = fmt.Errorf("%w: %s", ErrInlineModel, msg)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if el, ok := p.cache[key]; ok { // converted meanwhile by another call
		return el.Value.(*converted)
	}
	for p.lru.Len() >= maxConverted {
		old := p.lru.Back()
		p.lru.Remove(old)
		delete(p.cache, old.Value.(*converted).key)
	}
	p.cache[key] = p.lru.PushFront(c)
	return c
}

// convertInline decodes and converts ONNX bytes by the fixed rule and
// prepares the executor; a panic on the way (a bug) is an error alike on
// every node.
func convertInline(b []byte) (m *model.Model, e *exec.Executor, err error) {
	defer func() {
		if r := recover(); r != nil {
			m, e, err = nil, nil, fmt.Errorf("converter failure: %v", r)
		}
	}()
	om, err := onnx.Decode(b)
	if err != nil {
		return nil, nil, err
	}
	if m, err = onnx.ImportFixedBounded(om, "inline", MadePerByte*len(b)); err != nil {
		return nil, nil, err
	}
	e, err = exec.New(m, exec.Options{MaxActivationBytes: model.MaxActivationBytes})
	return m, e, err
}

// MadePerByte bounds what a conversion may make beyond the file's own
// tensors (folded constants, per-row biases) per byte of ONNX, within
// onnx.ImportFixed's own bound: the work a call's floor pays for.
const MadePerByte = 16

// RequiredGas prices a call: a malformed one costs the base and its
// bytes; one whose model does not convert costs its floor (the
// conversion was done); else the floor plus the model's run.
func (p *Inline) RequiredGas(input []byte) uint64 {
	return p.requiredGas(math.MaxUint64, input)
}

// RequiredGasWithState is RequiredGas for the fork delta's hook, which
// says how much gas the call has: a call that cannot pay its floor fails
// out of gas before any conversion.
func (p *Inline) RequiredGasWithState(_, _, gas uint64, _ func(common.Address, common.Hash) common.Hash, _ func(uint64) common.Hash, input []byte) (uint64, error) {
	return p.requiredGas(gas, input), nil
}

func (p *Inline) requiredGas(gas uint64, input []byte) uint64 {
	c, err := ParseInline(input)
	if err != nil {
		return p.gas.Cost(model.Cost{}, len(input))
	}
	floor := p.floor(c)
	if gas < floor {
		floorsMeter.Inc(1)
		return floor
	}
	conv := p.convert(c.Model)
	if conv.err != nil {
		return floor
	}
	return p.price(c, conv.m)
}

// Run converts (or finds) the model and runs it; errors revert with their
// reason.
func (p *Inline) Run(input []byte) ([]byte, error) {
	start := time.Now()
	defer latency.UpdateSince(start)
	c, err := ParseInline(input)
	if err != nil {
		return finish(nil, err)
	}
	conv := p.convert(c.Model)
	if conv.err != nil {
		return finish(nil, conv.err)
	}
	return finish(runInline(conv, c.Input))
}

// RunWithState is Run for the fork delta's hook (the inline precompile
// reads no state).
func (p *Inline) RunWithState(_, _ uint64, _ func(common.Address, common.Hash) common.Hash, _ func(uint64) common.Hash, input []byte) ([]byte, error) {
	return p.Run(input)
}

// runInline checks the input against the model and runs it.
func runInline(conv *converted, data []byte) ([]byte, error) {
	m := conv.m
	need := 0
	for _, s := range m.Inputs {
		need += s.Bytes()
	}
	if len(data) != need {
		return nil, fmt.Errorf("%w: %d bytes given, the inline model takes %d", ErrInputSize, len(data), need)
	}
	var ins []*tensor.Tensor
	for _, s := range m.Inputs {
		n := s.Bytes()
		ins = append(ins, &tensor.Tensor{DType: s.DType, Shape: s.Shape, Data: data[:n]})
		data = data[n:]
	}
	outs, err := safeRun(conv.e, ins)
	if err != nil {
		return nil, fmt.Errorf("inference: %v", err)
	}
	want := Outputs(m)
	res := make([]byte, 32, 32+want)
	binary.BigEndian.PutUint64(res[24:], uint64(want))
	for _, o := range outs {
		res = append(res, o.Data...)
	}
	return res, nil
}
