// Package attest proves inference results with gnark Groth16 proofs over
// BN254 for attestable models (chains of the engine's int8 fully connected
// layers, see package circuit), and produces what the on-chain Settlement
// needs: the weights' MiMC commitment recorded in ModelRegistry, the public
// input/output hash, proofs in the EVM verifier's format, and the verifier
// contract exported by gnark. Keys come from a single-party setup, for
// development: whoever ran it could forge proofs (the Settlement's slashing
// path catches a result the AI EVM disagrees with).
package attest

import (
	"fmt"
	"math/big"

	"github.com/aievm/aievm/attest/circuit"
	"github.com/aievm/aievm/opml/examples"
	"github.com/aievm/aievm/opml/model"
	"github.com/aievm/aievm/opml/tensor"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr/mimc"
	"github.com/consensys/gnark/frontend"
)

// Model is an attestable model: its architecture and its weights.
type Model struct {
	Address model.Address
	Spec    *circuit.Spec
	W       [][]int8  // per layer, Out x In
	B       [][]int32 // per layer

	commit *big.Int // Commitment, computed once by FromModel
}

// FromModel checks that m is attestable (one int8 input, one int8 output,
// only qlinear and qrelu-free qlinear chains) and extracts it.
func FromModel(m *model.Model) (*Model, error) {
	if len(m.Inputs) != 1 || m.Inputs[0].DType != tensor.I8 {
		return nil, fmt.Errorf("model %s: attestation needs exactly one int8 input", m.Name)
	}
	if len(m.OutputIDs) != 1 || m.Outputs[0].DType != tensor.I8 {
		return nil, fmt.Errorf("model %s: attestation needs exactly one int8 output", m.Name)
	}
	a := &Model{Address: m.Address(), Spec: &circuit.Spec{}}
	nIn, nConst := len(m.Inputs), len(m.Consts)
	prev := 0 // the value the next layer must read
	for i, n := range m.Nodes {
		if n.Op != model.OpQLinear {
			return nil, fmt.Errorf("model %s: node %d %q (%s) is not attestable: only qlinear layers are", m.Name, i, n.Name, n.Op)
		}
		if n.In[0] != prev {
			return nil, fmt.Errorf("model %s: node %d %q does not read the previous layer", m.Name, i, n.Name)
		}
		w, b := n.In[1], n.In[2]
		if w < nIn || w >= nIn+nConst || b < nIn || b >= nIn+nConst {
			return nil, fmt.Errorf("model %s: node %d %q: weights and bias must be constants", m.Name, i, n.Name)
		}
		ws, bs := m.Consts[w-nIn], m.Consts[b-nIn]
		out, in := ws.Shape[0], ws.Shape[1]
		x := m.ValueSpec(n.In[0])
		l := circuit.Layer{Rows: x.Shape.Elements() / in, In: in, Out: out,
			Mult: n.Attr[0], Shift: uint8(n.Attr[1]), ReLU: n.Attr[2] == 1}
		a.Spec.Layers = append(a.Spec.Layers, l)
		a.W = append(a.W, (&tensor.Tensor{DType: tensor.I8, Shape: ws.Shape, Data: ws.Data}).I8())
		a.B = append(a.B, (&tensor.Tensor{DType: tensor.I32, Shape: bs.Shape, Data: bs.Data}).I32())
		prev = nIn + nConst + i
	}
	if len(m.Nodes) == 0 || m.OutputIDs[0] != prev {
		return nil, fmt.Errorf("model %s: the output must be the last layer's", m.Name)
	}
	if err := a.Spec.Validate(); err != nil {
		return nil, fmt.Errorf("model %s: %w", m.Name, err)
	}
	a.commit = a.commitment()
	return a, nil
}

// Forward runs the layers natively with the engine's arithmetic; tests
// compare it with the engine and the circuit.
func (a *Model) Forward(x []int8) []int8 {
	for i, l := range a.Spec.Layers {
		lo := int32(-128)
		if l.ReLU {
			lo = 0
		}
		y := make([]int8, 0, l.Rows*l.Out)
		for r := 0; r < l.Rows; r++ {
			for j := 0; j < l.Out; j++ {
				acc := a.B[i][j]
				for k := 0; k < l.In; k++ {
					acc += int32(a.W[i][j*l.In+k]) * int32(x[r*l.In+k])
				}
				y = append(y, int8(tensor.Requantize(acc, int32(l.Mult), l.Shift, lo, 127)))
			}
		}
		x = y
	}
	return x
}

// Commitment is MiMC over, per layer, its header, its weights packed 31 per
// element and its biases: the value ModelRegistry records for the model.
func (a *Model) Commitment() *big.Int {
	if a.commit == nil { // a Model not made by FromModel
		return a.commitment()
	}
	return new(big.Int).Set(a.commit)
}

func (a *Model) commitment() *big.Int {
	h := mimc.NewMiMC()
	for i, l := range a.Spec.Layers {
		for _, v := range l.Header() {
			writeInt(h, v)
		}
		for _, limb := range PackInt8(a.W[i]) {
			writeBig(h, limb)
		}
		for _, b := range a.B[i] {
			writeInt(h, int64(b))
		}
	}
	return new(big.Int).SetBytes(h.Sum(nil))
}

// InputHash is MiMC over the input packed 31 bytes per element; the
// Settlement computes it when a request is made.
func InputHash(x []byte) *big.Int {
	h := mimc.NewMiMC()
	for _, limb := range PackInt8(Int8s(x)) {
		writeBig(h, limb)
	}
	return new(big.Int).SetBytes(h.Sum(nil))
}

// IOHash is MiMC(InputHash(input), packed output): the public input that
// binds a proof to one request's input and one output.
func IOHash(input, output []byte) *big.Int {
	h := mimc.NewMiMC()
	writeBig(h, InputHash(input))
	for _, limb := range PackInt8(Int8s(output)) {
		writeBig(h, limb)
	}
	return new(big.Int).SetBytes(h.Sum(nil))
}

// PackInt8 is circuit.Pack natively: 31 values per limb, little endian,
// each as v+128.
func PackInt8(v []int8) []*big.Int {
	var out []*big.Int
	for k := 0; k < len(v); k += circuit.LimbBytes {
		limb := new(big.Int)
		for t := min(len(v)-k, circuit.LimbBytes) - 1; t >= 0; t-- {
			limb.Lsh(limb, 8).Or(limb, big.NewInt(int64(uint8(int16(v[k+t])+128))))
		}
		out = append(out, limb)
	}
	return out
}

// Assignment is the full witness of the circuit for input x, and the
// output it proves.
func (a *Model) Assignment(x []int8) (*circuit.Circuit, []int8) {
	c := &circuit.Circuit{Spec: a.Spec, Commit: a.Commitment()}
	y := a.Forward(x)
	c.IO = IOHash(Bytes(x), Bytes(y))
	c.X = vars(x)
	for i := range a.Spec.Layers {
		c.W = append(c.W, vars(a.W[i]))
		bv := make([]frontend.Variable, len(a.B[i]))
		for j, b := range a.B[i] {
			bv[j] = int64(b)
		}
		c.B = append(c.B, bv)
	}
	return c, y
}

func vars(v []int8) []frontend.Variable {
	out := make([]frontend.Variable, len(v))
	for i, x := range v {
		out[i] = int64(x)
	}
	return out
}

func writeInt(h interface{ Write([]byte) (int, error) }, v int64) {
	var e fr.Element
	e.SetInt64(v)
	b := e.Bytes()
	h.Write(b[:])
}

func writeBig(h interface{ Write([]byte) (int, error) }, v *big.Int) {
	var e fr.Element
	e.SetBigInt(v)
	b := e.Bytes()
	h.Write(b[:])
}

// Int8s reads bytes as the int8 values they encode (two's complement).
func Int8s(b []byte) []int8 {
	v := make([]int8, len(b))
	for i, x := range b {
		v[i] = int8(x)
	}
	return v
}

// Bytes encodes int8 values as bytes, the tensor and wire form.
func Bytes(v []int8) []byte {
	b := make([]byte, len(v))
	for i, x := range v {
		b[i] = byte(x)
	}
	return b
}

// Example is the attestable example model (examples.AttestMLP, the devnet's
// and the tests') and, unless keysRoot is "", its keys loaded from or set
// up under keysRoot.
func Example(keysRoot string) (*model.Model, *Model, *Keys, error) {
	m, err := examples.AttestMLP()
	if err != nil {
		return nil, nil, nil, err
	}
	a, err := FromModel(m)
	if err != nil || keysRoot == "" {
		return m, a, nil, err
	}
	k, _, err := LoadOrSetup(keysRoot, a)
	return m, a, k, err
}
