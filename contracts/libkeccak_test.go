package contracts_test

import (
	"bytes"
	"errors"
	"io"
	"math/rand"
	"testing"

	"github.com/ethereum-optimism/optimism/op-challenger/game/keccak/matrix"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/vm/runtime"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/aievm/aievm/contracts/bindings"
)

// keccakHarness runs LibKeccakHarness (our LibKeccak, which OP's
// PreimageOracle links in place of lib-keccak) in an EVM.
type keccakHarness struct {
	t    *testing.T
	cfg  *runtime.Config
	addr common.Address
	b    *bindings.LibKeccakHarness
}

func newKeccakHarness(t *testing.T) *keccakHarness {
	cfg := &runtime.Config{GasLimit: 100_000_000}
	_, addr, _, err := runtime.Create(common.FromHex(bindings.LibKeccakHarnessMetaData.Bin), cfg)
	if err != nil {
		t.Fatal(err)
	}
	return &keccakHarness{t: t, cfg: cfg, addr: addr, b: bindings.NewLibKeccakHarness()}
}

func (h *keccakHarness) call(input []byte) ([]byte, error) {
	h.cfg.GasLimit = 100_000_000
	ret, _, err := runtime.Call(h.addr, input, h.cfg)
	return ret, err
}

func (h *keccakHarness) mustCall(input []byte) []byte {
	ret, err := h.call(input)
	if err != nil {
		h.t.Fatal(err)
	}
	return ret
}

// refPad is Keccak's pad10*1 with domain byte 0x01 to a multiple of 136 bytes.
func refPad(data []byte) []byte {
	n := (len(data)/136 + 1) * 136
	p := make([]byte, n)
	copy(p, data)
	p[len(data)] ^= 0x01
	p[n-1] ^= 0x80
	return p
}

// TestLibKeccakHashes checks the sponge built from LibKeccak (pad, absorb,
// permutation, squeeze) against keccak256 at every padding boundary and on
// random lengths, and both paddings byte for byte.
func TestLibKeccakHashes(t *testing.T) {
	t.Parallel()
	h := newKeccakHarness(t)
	rng := rand.New(rand.NewSource(1))
	lengths := []int{0, 1, 134, 135, 136, 137, 271, 272, 273, 1000}
	for i := 0; i < 20; i++ {
		lengths = append(lengths, rng.Intn(2000))
	}
	for _, n := range lengths {
		data := make([]byte, n)
		rng.Read(data)
		want := crypto.Keccak256Hash(data)
		for name, out := range map[string]func() ([32]byte, error){
			"hash":       func() ([32]byte, error) { return h.b.UnpackHash(h.mustCall(h.b.PackHash(data))) },
			"hashMemory": func() ([32]byte, error) { return h.b.UnpackHashMemory(h.mustCall(h.b.PackHashMemory(data))) },
		} {
			got, err := out()
			if err != nil || common.Hash(got) != want {
				t.Fatalf("%s of %d bytes = %x (%v), want keccak256 %s", name, n, got, err, want)
			}
		}
		for name, pad := range map[string]func() ([]byte, error){
			"pad":       func() ([]byte, error) { return h.b.UnpackPad(h.mustCall(h.b.PackPad(data))) },
			"padMemory": func() ([]byte, error) { return h.b.UnpackPadMemory(h.mustCall(h.b.PackPadMemory(data))) },
		} {
			got, err := pad()
			if err != nil || !bytes.Equal(got, refPad(data)) {
				t.Fatalf("%s of %d bytes differs from pad10*1 (%v)", name, n, err)
			}
		}
	}
}

// TestLibKeccakMatchesChallenger runs PreimageOracle's per-block step
// (absorb one leaf, permute, commit to keccak256(abi.encode(state))) against
// op-challenger's state matrix, the off-chain side of a large-preimage
// challenge: every state, commitment and the final squeeze must agree. A
// block of any size but 136 bytes is refused.
func TestLibKeccakMatchesChallenger(t *testing.T) {
	t.Parallel()
	h := newKeccakHarness(t)
	rng := rand.New(rand.NewSource(2))
	for _, n := range []int{0, 135, 136, 137, 500, 1000} {
		data := make([]byte, n)
		rng.Read(data)
		m := matrix.NewStateMatrix()
		in := bytes.NewReader(data)
		var cur bindings.LibKeccakStateMatrix
		for block := 0; ; block++ {
			_, readErr := m.AbsorbUpTo(in, 136)
			leaf, _ := m.PoststateWithProof()
			out, err := h.b.UnpackAbsorbPermute(h.mustCall(h.b.PackAbsorbPermute(cur, leaf.Input[:])))
			if err != nil {
				t.Fatal(err)
			}
			if out.Arg0.State != [25]uint64(m.StateSnapshot()) || common.Hash(out.Commitment) != m.StateCommitment() {
				t.Fatalf("%d bytes, block %d: state or commitment differs from op-challenger's", n, block)
			}
			cur = out.Arg0
			if errors.Is(readErr, io.EOF) {
				break
			} else if readErr != nil {
				t.Fatal(readErr)
			}
		}
		got, err := h.b.UnpackSqueeze(h.mustCall(h.b.PackSqueeze(cur)))
		if err != nil || common.Hash(got) != m.Hash() || common.Hash(got) != crypto.Keccak256Hash(data) {
			t.Fatalf("squeeze of %d bytes = %x (%v), want %s", n, got, err, m.Hash())
		}
	}
	for _, n := range []int{0, 135, 137, 272} {
		if _, err := h.call(h.b.PackAbsorbPermute(bindings.LibKeccakStateMatrix{}, make([]byte, n))); err == nil {
			t.Fatalf("absorb took a %d-byte block", n)
		}
	}
}
