package precompile

import (
	"slices"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/vm"
	"github.com/ethereum/go-ethereum/crypto"
)

// Timing is one measured precompile: gas per call and median node time.
type Timing struct {
	Name string
	Gas  uint64
	Time time.Duration
}

// MgasPerSecond is the gas charged per second of node time, in millions.
func (t Timing) MgasPerSecond() float64 { return float64(t.Gas) / t.Time.Seconds() / 1e6 }

// Measure runs a precompile on input until budget is spent (at least 20
// calls) and returns its gas and median time per call.
func Measure(name string, p vm.PrecompiledContract, input []byte, budget time.Duration) (Timing, error) {
	var d []time.Duration
	start := time.Now()
	for len(d) < 20 || time.Since(start) < budget {
		t := time.Now()
		if _, err := p.Run(input); err != nil {
			return Timing{}, err
		}
		d = append(d, time.Since(t))
	}
	slices.Sort(d)
	return Timing{Name: name, Gas: p.RequiredGas(input), Time: d[len(d)/2]}, nil
}

// Ecrecover measures geth's ecrecover precompile (3000 gas) on a valid
// signature: the yardstick inference gas is calibrated against.
func Ecrecover(budget time.Duration) (Timing, error) {
	key, _ := crypto.HexToECDSA("b71c71a67e1177ad4e901695e1b4b9ee17ae16c6668d313eac2f96dbcda3f291")
	hash := crypto.Keccak256([]byte("aievm"))
	sig, err := crypto.Sign(hash, key)
	if err != nil {
		return Timing{}, err
	}
	in := make([]byte, 128)
	copy(in, hash)
	in[63] = sig[64] + 27
	copy(in[64:], sig[:64])
	return Measure("ecrecover", vm.PrecompiledContractsCancun[common.BytesToAddress([]byte{1})], in, budget)
}

// ColdInline is the inline precompile converting anew on every call: what
// a call with ONNX bytes no node has cached costs (conversion and run).
func ColdInline(gas Gas) vm.PrecompiledContract { return coldInline{gas} }

type coldInline struct{ gas Gas }

func (c coldInline) RequiredGas(in []byte) uint64  { return NewInline(c.gas).RequiredGas(in) }
func (c coldInline) Run(in []byte) ([]byte, error) { return NewInline(c.gas).Run(in) }
func (c coldInline) Name() string                  { return "INFERENCE_ONNX (cold)" }
