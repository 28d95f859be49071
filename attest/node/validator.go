// Package node runs the attestation path's two daemons: a validator that
// checks a node's Groth16 proof with its own verifying key and co-signs the
// result, and a node that serves Settlement requests: it runs the model,
// proves the result, gathers a quorum of validator signatures and settles
// results in batches.
package node

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"encoding/json"
	"fmt"
	"log/slog"
	"math/big"
	"net/http"
	"sync"

	"github.com/aievm/aievm/attest"
	"github.com/aievm/aievm/attest/settle"
	"github.com/aievm/aievm/contracts/bindings"
	"github.com/aievm/aievm/opml/model"
	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

// SignRequest asks a validator to co-sign a result.
type SignRequest struct {
	Request *big.Int      `json:"request"`
	Proof   *attest.Proof `json:"proof"`
}

// SignResponse is a validator's signature.
type SignResponse struct {
	Signer    common.Address `json:"signer"`
	Signature []byte         `json:"signature"`
}

// Validator checks results and signs them for one Settlement.
type Validator struct {
	Chain      settle.Client
	Settlement common.Address
	Key        *ecdsa.PrivateKey
	KeysRoot   string // key directories by model address (attest.Dir)
	Log        *slog.Logger

	mu   sync.Mutex
	keys map[string]*attest.Keys // verifying keys by model
}

var (
	stABI  = bindings.NewSettlement()
	regABI = bindings.NewModelRegistry()
)

// Check verifies that p is a valid proof of request id's result: the
// request is pending, its input and model are p's, p's commitment is the one
// the registry records for the request's model, and the proof verifies
// under the validator's own verifying key.
func (v *Validator) Check(ctx context.Context, id *big.Int, p *attest.Proof) error {
	q, err := request(ctx, v.Chain, v.Settlement, id)
	if err != nil {
		return err
	}
	if q.Status != statusPending {
		return fmt.Errorf("request %v is not pending (status %d)", id, q.Status)
	}
	if common.BytesToHash(crypto.Keccak256(p.Input)) != q.Key {
		return fmt.Errorf("request %v: the proof's input is not the request's", id)
	}
	if p.Model != fmt.Sprintf("0x%x", q.Model) {
		return fmt.Errorf("request %v is for model 0x%x, the proof for %s", id, q.Model, p.Model)
	}
	att, err := attestationOf(ctx, v.Chain, v.Settlement, q.Model)
	if err != nil {
		return err
	}
	if want := fmt.Sprintf("0x%064x", att.Commitment); p.Commitment != want {
		return fmt.Errorf("request %v: proof for commitment %s, the registry records %s", id, p.Commitment, want)
	}
	k, err := v.verifyingKey(p.Model)
	if err != nil {
		return err
	}
	return k.Verify(p)
}

func (v *Validator) verifyingKey(modelHex string) (*attest.Keys, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if k := v.keys[modelHex]; k != nil {
		return k, nil
	}
	var addr model.Address
	if b := common.FromHex(modelHex); len(b) == len(addr) {
		copy(addr[:], b)
	} else {
		return nil, fmt.Errorf("bad model address %q", modelHex)
	}
	k, err := attest.Load(attest.Dir(v.KeysRoot, addr), true)
	if err != nil {
		return nil, err
	}
	if v.keys == nil {
		v.keys = map[string]*attest.Keys{}
	}
	v.keys[modelHex] = k
	return k, nil
}

// Sign checks a result and signs it.
func (v *Validator) Sign(ctx context.Context, id *big.Int, p *attest.Proof) (*SignResponse, error) {
	if err := v.Check(ctx, id, p); err != nil {
		return nil, err
	}
	chainID, err := v.Chain.ChainID(ctx)
	if err != nil {
		return nil, err
	}
	sig, err := settle.Sign(v.Key, settle.Digest(chainID, v.Settlement, id, p.Output))
	if err != nil {
		return nil, err
	}
	v.Log.Info("co-signed", "request", id, "model", p.Model, "output", fmt.Sprintf("%x", p.Output))
	return &SignResponse{Signer: crypto.PubkeyToAddress(v.Key.PublicKey), Signature: sig}, nil
}

// ServeHTTP answers POST /v1/sign with a SignRequest body.
func (v *Validator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || r.URL.Path != "/v1/sign" {
		http.Error(w, "POST /v1/sign", http.StatusNotFound)
		return
	}
	var req SignRequest
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(&req); err != nil || req.Proof == nil || req.Request == nil {
		http.Error(w, fmt.Sprintf("bad sign request: %v", err), http.StatusBadRequest)
		return
	}
	resp, err := v.Sign(r.Context(), req.Request, req.Proof)
	if err != nil {
		v.Log.Warn("refused to sign", "request", req.Request, "err", err)
		http.Error(w, err.Error(), http.StatusUnprocessableEntity)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(resp)
}

// AskValidator posts a sign request to a validator's base URL.
func AskValidator(ctx context.Context, client *http.Client, url string, req SignRequest) (*SignResponse, error) {
	body, err := json.Marshal(req)
	if err != nil {
		return nil, err
	}
	hr, err := http.NewRequestWithContext(ctx, http.MethodPost, url+"/v1/sign", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	hr.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(hr)
	if err != nil {
		return nil, fmt.Errorf("validator %s: %w", url, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		var msg bytes.Buffer
		msg.ReadFrom(resp.Body)
		return nil, fmt.Errorf("validator %s: %s: %s", url, resp.Status, bytes.TrimSpace(msg.Bytes()))
	}
	var out SignResponse
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		return nil, fmt.Errorf("validator %s: %w", url, err)
	}
	return &out, nil
}

const statusPending = 1

func request(ctx context.Context, c settle.Client, settlement common.Address, id *big.Int) (bindings.SettlementRequest, error) {
	out, err := c.CallContract(ctx, ethereum.CallMsg{To: &settlement, Data: stABI.PackGetRequest(id)}, nil)
	if err != nil {
		return bindings.SettlementRequest{}, fmt.Errorf("request %v: %w", id, err)
	}
	return stABI.UnpackGetRequest(out)
}

func attestationOf(ctx context.Context, c settle.Client, settlement common.Address, m [32]byte) (bindings.ModelRegistryAttestation, error) {
	out, err := c.CallContract(ctx, ethereum.CallMsg{To: &settlement, Data: stABI.PackRegistry()}, nil)
	if err != nil {
		return bindings.ModelRegistryAttestation{}, err
	}
	reg, err := stABI.UnpackRegistry(out)
	if err != nil {
		return bindings.ModelRegistryAttestation{}, err
	}
	if out, err = c.CallContract(ctx, ethereum.CallMsg{To: &reg, Data: regABI.PackAttestationOf(m)}, nil); err != nil {
		return bindings.ModelRegistryAttestation{}, err
	}
	return regABI.UnpackAttestationOf(out)
}
