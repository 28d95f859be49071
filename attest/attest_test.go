package attest_test

import (
	"bytes"
	"flag"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"github.com/aievm/aievm/attest"
	"github.com/aievm/aievm/attest/circuit"
	"github.com/aievm/aievm/opml/examples"
	"github.com/aievm/aievm/opml/exec"
	"github.com/aievm/aievm/opml/model"
	"github.com/aievm/aievm/opml/tensor"
	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/test"
)

func mlp(t testing.TB) (*model.Model, *attest.Model) {
	t.Helper()
	m, a, _, err := attest.Example("")
	if err != nil {
		t.Fatal(err)
	}
	return m, a
}

func randInput(r *rand.Rand, n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.IntN(256))
	}
	return b
}

// TestCircuitMatchesEngine solves the circuit (no setup) on random inputs:
// the output it hashes must be the engine's, bit for bit, and any other
// output must leave it unsatisfiable.
func TestCircuitMatchesEngine(t *testing.T) {
	t.Parallel()
	m, a := mlp(t)
	e, err := exec.New(m, exec.Options{Mode: exec.Reference})
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 8; i++ {
		x := randInput(r, 4)
		if i == 0 {
			x = []byte{0x80, 0x80, 0x7f, 0x7f} // the int8 extremes
		}
		outs, err := e.Run([]*tensor.Tensor{{DType: tensor.I8, Shape: tensor.Shape{4}, Data: x}})
		if err != nil {
			t.Fatal(err)
		}
		if got := a.Forward(attest.Int8s(x)); !bytes.Equal(attest.Bytes(got), outs[0].Data) {
			t.Fatalf("input %x: native forward pass %x, engine %x", x, attest.Bytes(got), outs[0].Data)
		}
		asg, _ := a.Assignment(attest.Int8s(x))
		if err := test.IsSolved(circuit.New(a.Spec), asg, ecc.BN254.ScalarField()); err != nil {
			t.Fatalf("input %x: circuit not satisfied by the engine's output: %v", x, err)
		}
		bad := append([]byte(nil), outs[0].Data...)
		bad[i%len(bad)]++
		asg.IO = attest.IOHash(x, bad)
		if test.IsSolved(circuit.New(a.Spec), asg, ecc.BN254.ScalarField()) == nil {
			t.Fatalf("input %x: circuit satisfied by a wrong output %x", x, bad)
		}
	}
}

// TestFromModelRefuses names what is not attestable.
func TestFromModelRefuses(t *testing.T) {
	t.Parallel()
	for name, want := range map[string]string{"mlp": "one int8 output", "cnn": "one int8 output"} {
		m, err := map[string]func() (*model.Model, error){"mlp": examples.MLP, "cnn": examples.CNN}[name]()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := attest.FromModel(m); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: err %v, want %q", name, err, want)
		}
	}
	b := model.NewBuilder("relu")
	x := b.Input("x", tensor.I8, tensor.Shape{4})
	b.Output("y", b.Unary("relu", model.OpQRelu, x))
	m, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := attest.FromModel(m); err == nil || !strings.Contains(err.Error(), `"relu" (qrelu) is not attestable`) {
		t.Errorf("qrelu: err %v", err)
	}
}

// TestProveVerify runs the setup, saves and reloads the keys, proves and
// verifies; a tampered output or proof does not verify.
func TestProveVerify(t *testing.T) {
	t.Parallel()
	_, a := mlp(t)
	dir := t.TempDir()
	k, ran, err := attest.LoadOrSetup(dir, a)
	if err != nil || !ran {
		t.Fatalf("setup: ran %v, %v", ran, err)
	}
	if k, ran, err = attest.LoadOrSetup(dir, a); err != nil || ran {
		t.Fatalf("reload: ran %v, %v", ran, err)
	}
	t.Logf("%d constraints, setup %.2fs", k.Info.Constraints, k.Info.SetupSecs)
	x := []byte{1, 0xfe, 100, 0x90}
	p, err := k.Prove(a, x)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(p.Output, attest.Bytes(a.Forward(attest.Int8s(x)))) || len(p.Solidity) != 256 {
		t.Fatalf("proof output %x, %d solidity bytes", p.Output, len(p.Solidity))
	}
	vk, err := attest.Load(attest.Dir(dir, a.Address), true)
	if err != nil {
		t.Fatal(err)
	}
	if err := vk.Verify(p); err != nil {
		t.Fatalf("verify: %v", err)
	}
	bad := *p
	bad.Output = append([]byte(nil), p.Output...)
	bad.Output[0] ^= 1
	if vk.Verify(&bad) == nil {
		t.Fatal("a proof verified with a changed output")
	}
	bad = *p
	bad.Input = []byte{2, 0xfe, 100, 0x90}
	if vk.Verify(&bad) == nil {
		t.Fatal("a proof verified with a changed input")
	}
	// Proof bytes come from the network (validators): any corruption or
	// truncation is an error, never a panic or a pass.
	r := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 64; i++ {
		bad = *p
		bad.Groth16 = append([]byte(nil), p.Groth16...)
		if i%8 == 7 {
			bad.Groth16 = bad.Groth16[:r.IntN(len(bad.Groth16))]
		} else {
			bad.Groth16[r.IntN(len(bad.Groth16))] ^= byte(1 + r.IntN(255))
		}
		if vk.Verify(&bad) == nil {
			t.Fatalf("tampered proof %d verified", i)
		}
	}
}

var update = flag.Bool("update", false, "rewrite contracts/src/attest/MiMC.sol")

// TestMiMCSolidity checks the committed MiMC library against gnark-crypto's
// constants.
func TestMiMCSolidity(t *testing.T) {
	const path = "../contracts/src/attest/MiMC.sol"
	want := attest.MiMCSolidity()
	if *update {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil || string(got) != want {
		t.Fatalf("%s is stale (%v): go test ./attest -run TestMiMCSolidity -update", path, err)
	}
}
