// Package settle talks to the Settlement contract (contracts/src/attest):
// it deploys it and a model's verifier, records a model's attestation in
// ModelRegistry, signs results as a validator and assembles batches of
// proof, output and quorum signatures.
package settle

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"fmt"
	"math/big"
	"sort"
	"time"

	"github.com/aievm/aievm/attest"
	"github.com/aievm/aievm/contracts/bindings"
	"github.com/aievm/aievm/internal/ethtx"
	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

// Roles of Settlement.stake.
const (
	RoleNode      uint8 = 1
	RoleValidator uint8 = 2
)

// Client is what this package needs of a chain.
type Client interface {
	ethtx.Client
	ethereum.ContractCaller
	ethereum.LogFilterer
}

// Params of a Settlement deployment.
type Params struct {
	Registry, Results, Treasury common.Address
	MinStake                    *big.Int
	UnbondingDelay              time.Duration
	RequestTimeout              time.Duration
	Quorum                      uint32
}

// Deploy creates a Settlement.
func Deploy(ctx context.Context, c Client, key *ecdsa.PrivateKey, p Params) (common.Address, error) {
	args := bindings.NewSettlement().PackConstructor(p.Registry, p.Results, p.Treasury, p.MinStake,
		uint64(p.UnbondingDelay/time.Second), uint64(p.RequestTimeout/time.Second), p.Quorum)
	return ethtx.Deploy(ctx, c, key, "Settlement", bindings.SettlementMetaData.Bin, args)
}

// DeployVerifier deploys the verifier gnark exported for a model's keys.
func DeployVerifier(ctx context.Context, c Client, key *ecdsa.PrivateKey, toolsDir, keyDir string) (common.Address, error) {
	bin, err := attest.VerifierBin(toolsDir, keyDir)
	if err != nil {
		return common.Address{}, err
	}
	return ethtx.Deploy(ctx, c, key, "Groth16Verifier", string(bin), nil)
}

// RecordAttestation records model a's commitment and verifier in the
// registry; key must be the model's registrant.
func RecordAttestation(ctx context.Context, c Client, key *ecdsa.PrivateKey, registry common.Address, a *attest.Model, verifier common.Address) error {
	data := bindings.NewModelRegistry().PackSetAttestation(a.Address, a.Commitment(), verifier,
		uint32(a.Spec.Inputs()), uint32(a.Spec.Outputs()))
	if _, err := ethtx.Send(ctx, c, key, ethtx.Tx{To: &registry, Data: data}, time.Minute); err != nil {
		return fmt.Errorf("record attestation of 0x%x: %w", a.Address, err)
	}
	return nil
}

// Digest is what validators sign for a result: Settlement.resultDigest.
func Digest(chainID *big.Int, settlement common.Address, request *big.Int, output []byte) []byte {
	inner := crypto.Keccak256(
		common.LeftPadBytes(chainID.Bytes(), 32), common.LeftPadBytes(settlement.Bytes(), 32),
		common.LeftPadBytes(request.Bytes(), 32), crypto.Keccak256(output))
	return crypto.Keccak256([]byte("\x19Ethereum Signed Message:\n32"), inner)
}

// Sign signs a result digest (v as 27 or 28).
func Sign(key *ecdsa.PrivateKey, digest []byte) ([]byte, error) {
	sig, err := crypto.Sign(digest, key)
	if err != nil {
		return nil, err
	}
	sig[64] += 27
	return sig, nil
}

// Signature is one validator's signature of a result.
type Signature struct {
	Signer common.Address
	Sig    []byte
}

// Result assembles one batch entry: the request, the proof's output and
// Solidity proof bytes, and the signatures ordered by signer address, as
// Settlement requires.
func Result(request *big.Int, p *attest.Proof, sigs []Signature) bindings.SettlementResult {
	sorted := append([]Signature(nil), sigs...)
	sort.Slice(sorted, func(i, j int) bool { return bytes.Compare(sorted[i].Signer[:], sorted[j].Signer[:]) < 0 })
	r := bindings.SettlementResult{Request: request, Output: p.Output, Proof: p.Solidity}
	for _, s := range sorted {
		r.Signatures = append(r.Signatures, s.Sig)
	}
	return r
}

// Split is how Settlement divides a fee among the node, k co-signing
// validators and the treasury (which takes the rounding dust).
func Split(fee *big.Int, k int) (operator, each, treasury *big.Int) {
	operator = new(big.Int).Div(new(big.Int).Mul(fee, big.NewInt(7800)), big.NewInt(10000))
	validators := new(big.Int).Div(new(big.Int).Mul(fee, big.NewInt(1200)), big.NewInt(10000))
	each = new(big.Int).Div(validators, big.NewInt(int64(k)))
	treasury = new(big.Int).Sub(fee, operator)
	treasury.Sub(treasury, new(big.Int).Mul(each, big.NewInt(int64(k))))
	return operator, each, treasury
}
