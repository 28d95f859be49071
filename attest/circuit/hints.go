package circuit

import (
	"fmt"
	"math/big"

	"github.com/consensys/gnark/constraint/solver"
)

func init() { solver.RegisterHint(divHint, clampHint) }

// signed reads a field element as a signed integer in (-p/2, p/2).
func signed(field, v *big.Int) *big.Int {
	half := new(big.Int).Rsh(field, 1)
	if v.Cmp(half) > 0 {
		return new(big.Int).Sub(v, field)
	}
	return new(big.Int).Set(v)
}

// divHint returns q = floor(t / 2^s) and r = t - q*2^s for a signed t.
func divHint(field *big.Int, in, out []*big.Int) error {
	if len(in) != 2 || len(out) != 2 {
		return fmt.Errorf("divHint: want 2 inputs and 2 outputs")
	}
	t, s := signed(field, in[0]), uint(in[1].Uint64())
	q := new(big.Int).Rsh(t, s) // arithmetic: floor for negatives
	r := new(big.Int).Sub(t, new(big.Int).Lsh(q, s))
	out[0].Mod(q, field)
	out[1].Set(r)
	return nil
}

// clampHint returns (q > hi, q < lo) as 0/1 for a signed q.
func clampHint(field *big.Int, in, out []*big.Int) error {
	if len(in) != 3 || len(out) != 2 {
		return fmt.Errorf("clampHint: want 3 inputs and 2 outputs")
	}
	q, lo, hi := signed(field, in[0]), signed(field, in[1]), signed(field, in[2])
	out[0].SetInt64(0)
	out[1].SetInt64(0)
	if q.Cmp(hi) > 0 {
		out[0].SetInt64(1)
	}
	if q.Cmp(lo) < 0 {
		out[1].SetInt64(1)
	}
	return nil
}
