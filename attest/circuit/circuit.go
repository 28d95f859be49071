// Package circuit is the gnark circuit of an attestable model: a chain of
// the engine's int8 fully connected layers (int8 matmul, int32 bias,
// requantization exactly as the engine's SPEC.md, optional ReLU), with the
// weights bound by a MiMC commitment and the input and output bound by one
// public MiMC hash. It is written from small gadgets (Pack, Requant,
// Clamp) in the style of gnark's std.
package circuit

import (
	"fmt"
	"math/big"

	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/std/hash/mimc"
)

// Layer is one int8 fully connected layer: y[r][j] = requant(b[j] + sum_i
// w[j][i] * x[r][i]), the engine's OpQLinear. Its shape and requantization
// are constants of the circuit; its weights and biases are private inputs.
type Layer struct {
	Rows, In, Out int
	Mult          int64
	Shift         uint8
	ReLU          bool
}

// Spec is an attestable model's architecture: its layers in order, each
// reading the previous one's output.
type Spec struct {
	Layers []Layer
}

// Inputs and Outputs are the element counts of the model's input and output.
func (s *Spec) Inputs() int  { return s.Layers[0].Rows * s.Layers[0].In }
func (s *Spec) Outputs() int { l := s.Layers[len(s.Layers)-1]; return l.Rows * l.Out }

// Validate checks the shape rules the circuit relies on.
func (s *Spec) Validate() error {
	if len(s.Layers) == 0 {
		return fmt.Errorf("no layers")
	}
	for i, l := range s.Layers {
		if l.Rows < 1 || l.In < 1 || l.Out < 1 {
			return fmt.Errorf("layer %d: empty shape %dx%dx%d", i, l.Rows, l.In, l.Out)
		}
		if l.Shift < 1 || l.Shift > 62 {
			return fmt.Errorf("layer %d: shift %d outside [1, 62]", i, l.Shift)
		}
		if l.Mult <= 0 || l.Mult >= 1<<31 {
			return fmt.Errorf("layer %d: multiplier %d outside (0, 2^31)", i, l.Mult)
		}
		if i > 0 && l.Rows*l.In != s.Layers[i-1].Rows*s.Layers[i-1].Out {
			return fmt.Errorf("layer %d reads %d values, layer %d writes %d", i, l.Rows*l.In, i-1, s.Layers[i-1].Rows*s.Layers[i-1].Out)
		}
	}
	return nil
}

// Circuit proves MiMC(weights) == Commit and MiMC(MiMC(input), output) ==
// IO where output = model(input). Only Commit and IO are public.
type Circuit struct {
	Commit frontend.Variable     `gnark:",public"`
	IO     frontend.Variable     `gnark:",public"`
	X      []frontend.Variable   // input, int8
	W      [][]frontend.Variable // per layer, Out x In int8, row major
	B      [][]frontend.Variable // per layer, Out int32
	Spec   *Spec                 `gnark:"-"`
}

// New returns the circuit of spec with its variables allocated, for
// compilation.
func New(spec *Spec) *Circuit {
	c := &Circuit{Spec: spec, X: make([]frontend.Variable, spec.Inputs())}
	for _, l := range spec.Layers {
		c.W = append(c.W, make([]frontend.Variable, l.In*l.Out))
		c.B = append(c.B, make([]frontend.Variable, l.Out))
	}
	return c
}

// Define is the circuit's statement.
func (c *Circuit) Define(api frontend.API) error {
	s := c.Spec
	if err := s.Validate(); err != nil {
		return err
	}
	rc := bitChecker{api}
	// The weights' commitment: per layer the shape and requantization, the
	// weights packed 31 per element (range-checked to int8), the biases.
	h, err := mimc.NewMiMC(api)
	if err != nil {
		return err
	}
	for i, l := range s.Layers {
		for _, v := range l.Header() {
			h.Write(v)
		}
		h.Write(Pack(api, rc, c.W[i])...)
		h.Write(c.B[i]...)
	}
	api.AssertIsEqual(h.Sum(), c.Commit)

	// The forward pass.
	x := c.X
	in := Pack(api, rc, x) // range-checks the input to int8
	for i, l := range s.Layers {
		y := make([]frontend.Variable, 0, l.Rows*l.Out)
		for r := 0; r < l.Rows; r++ {
			xr := x[r*l.In : (r+1)*l.In]
			for j := 0; j < l.Out; j++ {
				acc := c.B[i][j]
				for k, w := range c.W[i][j*l.In : (j+1)*l.In] {
					acc = api.Add(acc, api.Mul(w, xr[k]))
				}
				y = append(y, Requant(api, rc, acc, l))
			}
		}
		x = y
	}

	// The input and output hash.
	hi, err := mimc.NewMiMC(api)
	if err != nil {
		return err
	}
	hi.Write(in...)
	ho, err := mimc.NewMiMC(api)
	if err != nil {
		return err
	}
	ho.Write(hi.Sum())
	ho.Write(Pack(api, nil, x)...) // requantized values are in int8 range by construction
	api.AssertIsEqual(ho.Sum(), c.IO)
	return nil
}

// bitChecker range-checks by binary decomposition. gnark's lookup-based
// checker is cheaper in constraints but adds a Pedersen commitment to every
// proof, and checking it costs the EVM verifier about 100k more gas per
// proof; settlement gas is the scarcer resource here.
type bitChecker struct{ api frontend.API }

// Check constrains v to [0, 2^bits).
func (b bitChecker) Check(v frontend.Variable, bits int) { b.api.ToBinary(v, bits) }

// Header is the constant part of a layer's commitment: rows, in, out,
// mult, shift, relu.
func (l Layer) Header() []int64 {
	relu := int64(0)
	if l.ReLU {
		relu = 1
	}
	return []int64{int64(l.Rows), int64(l.In), int64(l.Out), l.Mult, int64(l.Shift), relu}
}

// LimbBytes is how many int8 values one field element packs.
const LimbBytes = 31

// Pack packs int8 values 31 per field element, little endian, each value
// stored as v+128 (the byte v^0x80 of its two's complement). With a range
// checker it also proves every value is an int8.
func Pack(api frontend.API, rc frontend.Rangechecker, v []frontend.Variable) []frontend.Variable {
	var out []frontend.Variable
	for k := 0; k < len(v); k += LimbBytes {
		limb := frontend.Variable(0)
		for t := 0; t < LimbBytes && k+t < len(v); t++ {
			u := api.Add(v[k+t], 128)
			if rc != nil {
				rc.Check(u, 8)
			}
			limb = api.Add(limb, api.Mul(u, new(big.Int).Lsh(big.NewInt(1), uint(8*t))))
		}
		out = append(out, limb)
	}
	return out
}

// bound is the bit width that holds every intermediate of Requant with an
// offset: |acc| < 2^31 and mult < 2^31, so |acc*mult + round| < 2^63.
const bound = 64

// Requant is the engine's requantization of an int32 accumulator:
// clamp((acc*mult + 2^(shift-1)) >> shift, floor, 127) with floor 0 under
// ReLU and -128 otherwise. The shift is a floor division proven by a
// remainder in [0, 2^shift); the clamp by two range-checked comparisons.
// acc is also proven to fit in int32, as the engine's arithmetic requires.
func Requant(api frontend.API, rc frontend.Rangechecker, acc frontend.Variable, l Layer) frontend.Variable {
	rc.Check(api.Add(acc, int64(1)<<31), 32)
	t := api.Add(api.Mul(acc, l.Mult), int64(1)<<(l.Shift-1))
	qr, err := api.Compiler().NewHint(divHint, 2, t, int(l.Shift))
	if err != nil {
		panic(err) // the hint is registered in init
	}
	q, r := qr[0], qr[1]
	rc.Check(r, int(l.Shift))
	rc.Check(api.Add(q, new(big.Int).Lsh(big.NewInt(1), bound-2)), bound-1)
	api.AssertIsEqual(t, api.Add(api.Mul(q, new(big.Int).Lsh(big.NewInt(1), uint(l.Shift))), r))
	floor := int64(-128)
	if l.ReLU {
		floor = 0
	}
	return Clamp(api, rc, q, floor, 127)
}

// Clamp returns min(hi, max(lo, q)) for |q| < 2^(bound-2): the prover
// names which side q is on and the circuit range-checks the difference on
// that side.
func Clamp(api frontend.API, rc frontend.Rangechecker, q frontend.Variable, lo, hi int64) frontend.Variable {
	f, err := api.Compiler().NewHint(clampHint, 2, q, lo, hi)
	if err != nil {
		panic(err)
	}
	above, below := f[0], f[1]
	api.AssertIsBoolean(above)
	api.AssertIsBoolean(below)
	// above: q - (hi+1) >= 0, else hi - q >= 0.
	rc.Check(api.Select(above, api.Sub(q, hi+1), api.Sub(hi, q)), bound-1)
	// below: (lo-1) - q >= 0, else q - lo >= 0.
	rc.Check(api.Select(below, api.Sub(lo-1, q), api.Sub(q, lo)), bound-1)
	y := api.Select(above, hi, q)
	return api.Select(below, lo, y)
}
