package attest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"os"
	"path/filepath"
	"time"

	"github.com/aievm/aievm/attest/circuit"
	"github.com/aievm/aievm/opml/model"
	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/backend"
	"github.com/consensys/gnark/backend/groth16"
	groth16bn254 "github.com/consensys/gnark/backend/groth16/bn254"
	"github.com/consensys/gnark/backend/solidity"
	"github.com/consensys/gnark/constraint"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/frontend/cs/r1cs"
)

// SetupNote marks every key set: the setup is single-party.
const SetupNote = "single-party Groth16 setup, for development only: its author could forge proofs"

// Info describes a key set; it is saved next to the keys.
type Info struct {
	Model        string  `json:"model"`
	Commitment   string  `json:"commitment"`
	Constraints  int     `json:"constraints"`
	CompileSecs  float64 `json:"compileSeconds"`
	SetupSecs    float64 `json:"setupSeconds"`
	ProvingBytes int     `json:"provingKeyBytes"`
	Note         string  `json:"note"`
}

// Keys are a model's compiled circuit and Groth16 keys.
type Keys struct {
	CS   constraint.ConstraintSystem
	PK   groth16.ProvingKey
	VK   groth16.VerifyingKey
	Info Info
}

// Files in a key directory.
const (
	fileCS       = "circuit.r1cs"
	filePK       = "proving.key"
	fileVK       = "verifying.key"
	fileInfo     = "setup.json"
	FileVerifier = "Verifier.sol"
)

// Compile compiles the circuit of spec.
func Compile(spec *circuit.Spec) (constraint.ConstraintSystem, error) {
	cs, err := frontend.Compile(ecc.BN254.ScalarField(), r1cs.NewBuilder, circuit.New(spec))
	if err != nil {
		return nil, fmt.Errorf("compile circuit: %w", err)
	}
	return cs, nil
}

// Setup compiles a's circuit and runs the single-party setup.
func Setup(a *Model) (*Keys, error) {
	t := time.Now()
	cs, err := Compile(a.Spec)
	if err != nil {
		return nil, err
	}
	compile := time.Since(t)
	t = time.Now()
	pk, vk, err := groth16.Setup(cs)
	if err != nil {
		return nil, fmt.Errorf("groth16 setup: %w", err)
	}
	k := &Keys{CS: cs, PK: pk, VK: vk, Info: Info{
		Model: fmt.Sprintf("0x%x", a.Address), Commitment: fmt.Sprintf("0x%064x", a.Commitment()),
		Constraints: cs.GetNbConstraints(), CompileSecs: compile.Seconds(), SetupSecs: time.Since(t).Seconds(), Note: SetupNote,
	}}
	return k, nil
}

// Dir is the key directory of model addr under root: one per model address.
func Dir(root string, addr model.Address) string {
	return filepath.Join(root, fmt.Sprintf("0x%x", addr))
}

// Save writes the keys, their info and the exported Solidity verifier to dir.
func (k *Keys) Save(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	var pk bytes.Buffer
	if _, err := k.PK.WriteTo(&pk); err != nil {
		return fmt.Errorf("encode proving key: %w", err)
	}
	k.Info.ProvingBytes = pk.Len()
	var vk, cs, sol bytes.Buffer
	if _, err := k.VK.WriteTo(&vk); err != nil {
		return fmt.Errorf("encode verifying key: %w", err)
	}
	if _, err := k.CS.WriteTo(&cs); err != nil {
		return fmt.Errorf("encode circuit: %w", err)
	}
	if err := k.VK.ExportSolidity(&sol); err != nil {
		return fmt.Errorf("export verifier: %w", err)
	}
	info, _ := json.MarshalIndent(k.Info, "", "  ")
	// The info file goes last: its presence marks a complete key set.
	for _, f := range []struct {
		name string
		b    []byte
	}{{fileCS, cs.Bytes()}, {filePK, pk.Bytes()}, {fileVK, vk.Bytes()}, {FileVerifier, sol.Bytes()}, {fileInfo, info}} {
		if err := writeAtomic(filepath.Join(dir, f.name), f.b); err != nil {
			return err
		}
	}
	return nil
}

// Load reads a key set saved by Save. With verifyOnly it reads only the
// verifying key and the info.
func Load(dir string, verifyOnly bool) (*Keys, error) {
	k := &Keys{VK: groth16.NewVerifyingKey(ecc.BN254)}
	b, err := os.ReadFile(filepath.Join(dir, fileInfo))
	if err != nil {
		return nil, fmt.Errorf("load keys: %w (run `aievm attest setup` first)", err)
	}
	if err := json.Unmarshal(b, &k.Info); err != nil {
		return nil, fmt.Errorf("load keys: %s: %w", fileInfo, err)
	}
	if err := readInto(filepath.Join(dir, fileVK), k.VK); err != nil {
		return nil, err
	}
	if verifyOnly {
		return k, nil
	}
	k.CS, k.PK = groth16.NewCS(ecc.BN254), groth16.NewProvingKey(ecc.BN254)
	if err := readInto(filepath.Join(dir, fileCS), k.CS); err != nil {
		return nil, err
	}
	if err := readInto(filepath.Join(dir, filePK), k.PK); err != nil {
		return nil, err
	}
	return k, nil
}

// LoadOrSetup loads a's keys from their directory under root, or runs the
// setup and saves them there. It reports whether it ran the setup.
func LoadOrSetup(root string, a *Model) (*Keys, bool, error) {
	dir := Dir(root, a.Address)
	k, err := Load(dir, false)
	if err == nil {
		if k.Info.Commitment != fmt.Sprintf("0x%064x", a.Commitment()) {
			return nil, false, fmt.Errorf("keys in %s are for commitment %s, not this model's", dir, k.Info.Commitment)
		}
		return k, false, nil
	}
	if !errors.Is(err, os.ErrNotExist) {
		return nil, false, err
	}
	if k, err = Setup(a); err != nil {
		return nil, false, err
	}
	return k, true, k.Save(dir)
}

// Proof is one attested inference.
type Proof struct {
	Model      string `json:"model"`
	Input      []byte `json:"input"`
	Output     []byte `json:"output"`
	Commitment string `json:"commitment"` // 0x-hex field element
	IOHash     string `json:"ioHash"`     // 0x-hex field element
	Groth16    []byte `json:"groth16"`    // gnark's encoding
	Solidity   []byte `json:"solidity"`   // the verifier contract's proof bytes
}

// Prove runs a on input x and proves the result.
func (k *Keys) Prove(a *Model, x []byte) (*Proof, error) {
	asg, y := a.Assignment(Int8s(x))
	w, err := frontend.NewWitness(asg, ecc.BN254.ScalarField())
	if err != nil {
		return nil, fmt.Errorf("witness: %w", err)
	}
	p, err := groth16.Prove(k.CS, k.PK, w, solidity.WithProverTargetSolidityVerifier(backend.GROTH16))
	if err != nil {
		return nil, fmt.Errorf("prove: %w", err)
	}
	var raw bytes.Buffer
	if _, err := p.WriteTo(&raw); err != nil {
		return nil, err
	}
	return &Proof{
		Model: fmt.Sprintf("0x%x", a.Address), Input: x, Output: Bytes(y),
		Commitment: fmt.Sprintf("0x%064x", asg.Commit), IOHash: fmt.Sprintf("0x%064x", asg.IO),
		Groth16: raw.Bytes(), Solidity: p.(*groth16bn254.Proof).MarshalSolidity(),
	}, nil
}

// Verify checks p against the verifying key, recomputing its public input
// from p's input and output and the commitment from the key set.
func (k *Keys) Verify(p *Proof) error {
	if p.Commitment != k.Info.Commitment {
		return fmt.Errorf("proof for commitment %s, keys for %s", p.Commitment, k.Info.Commitment)
	}
	commit, _ := new(big.Int).SetString(k.Info.Commitment[2:], 16)
	pub := &circuit.Circuit{Commit: commit, IO: IOHash(p.Input, p.Output)}
	w, err := frontend.NewWitness(pub, ecc.BN254.ScalarField(), frontend.PublicOnly())
	if err != nil {
		return err
	}
	proof := groth16.NewProof(ecc.BN254)
	if _, err := proof.ReadFrom(bytes.NewReader(p.Groth16)); err != nil {
		return fmt.Errorf("decode proof: %w", err)
	}
	if err := groth16.Verify(proof, k.VK, w, solidity.WithVerifierTargetSolidityVerifier(backend.GROTH16)); err != nil {
		return fmt.Errorf("verify: %w", err)
	}
	return nil
}

func readInto(path string, r io.ReaderFrom) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("load keys: %w", err)
	}
	defer f.Close()
	if _, err := r.ReadFrom(f); err != nil {
		return fmt.Errorf("load keys: %s: %w", filepath.Base(path), err)
	}
	return nil
}

func writeAtomic(path string, b []byte) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
