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
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"net/http"
	"sync"
	"time"

	"github.com/aievm/aievm/attest"
	"github.com/aievm/aievm/attest/settle"
	"github.com/aievm/aievm/contracts/bindings"
	"github.com/aievm/aievm/opml/model"
	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/prometheus/client_golang/prometheus"
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
	Metrics    *ValidatorMetrics // optional (NewValidatorMetrics); nil counts nothing

	mu   sync.Mutex
	keys map[string]*attest.Keys // verifying keys by model
}

var (
	stABI  = bindings.NewSettlement()
	regABI = bindings.NewModelRegistry()
)

// Outcomes of a co-sign request, the result label of
// aievm_attest_validator_requests_total.
const (
	ResultSigned  = "signed"  // checked and signed
	ResultRefused = "refused" // malformed, or the result or its proof does not check out
	ResultError   = "error"   // the validator could not decide: chain unreachable, no verifying key, ...
)

// ValidatorMetrics are a validator's Prometheus metrics: co-sign requests
// by outcome (refusals point at a bad node, errors at the validator or its
// chain) and the time its proof verifications take.
type ValidatorMetrics struct {
	requests *prometheus.CounterVec
	verify   prometheus.Histogram
}

// NewValidatorMetrics creates a validator's metrics and registers them on
// reg: aievm_attest_validator_requests_total{result} and
// aievm_attest_validator_verify_seconds.
func NewValidatorMetrics(reg prometheus.Registerer) (*ValidatorMetrics, error) {
	m := &ValidatorMetrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "aievm_attest_validator_requests_total",
			Help: "Co-sign requests by outcome: signed, refused (malformed, or a result or proof that does not check out) or error."}, []string{"result"}),
		verify: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "aievm_attest_validator_verify_seconds",
			Help: "Time to verify one Groth16 proof.", Buckets: prometheus.ExponentialBuckets(0.0005, 2, 12)}),
	}
	for _, r := range []string{ResultSigned, ResultRefused, ResultError} {
		m.requests.WithLabelValues(r) // export zeros before the first request
	}
	for _, c := range []prometheus.Collector{m.requests, m.verify} {
		if err := reg.Register(c); err != nil {
			return nil, fmt.Errorf("validator metrics: %w", err)
		}
	}
	return m, nil
}

// count counts a co-sign request with outcome result.
func (m *ValidatorMetrics) count(result string) {
	if m != nil {
		m.requests.WithLabelValues(result).Inc()
	}
}

// verified records the time of one proof verification.
func (m *ValidatorMetrics) verified(d time.Duration) {
	if m != nil {
		m.verify.Observe(d.Seconds())
	}
}

// refusal marks an error that is the validator's verdict on a request, not
// a failure to reach one.
type refusal struct{ error }

func (r refusal) Unwrap() error { return r.error }

func refuse(format string, args ...any) error { return refusal{fmt.Errorf(format, args...)} }

// outcome is the result label of a co-sign request that ended with err.
func outcome(err error) string {
	var r refusal
	switch {
	case err == nil:
		return ResultSigned
	case errors.As(err, &r):
		return ResultRefused
	default:
		return ResultError
	}
}

// Check verifies that p is a valid proof of request id's result: the
// request is pending, its input and model are p's, p's commitment is the one
// the registry records for the request's model, and the proof verifies
// under the validator's own verifying key. Its verdicts (a check that fails)
// count as refusals, failures to check (the chain unreachable, no verifying
// key for the model) as errors.
func (v *Validator) Check(ctx context.Context, id *big.Int, p *attest.Proof) error {
	q, err := request(ctx, v.Chain, v.Settlement, id)
	if err != nil {
		return err
	}
	if q.Status != statusPending {
		return refuse("request %v is not pending (status %d)", id, q.Status)
	}
	if common.BytesToHash(crypto.Keccak256(p.Input)) != q.Key {
		return refuse("request %v: the proof's input is not the request's", id)
	}
	if p.Model != fmt.Sprintf("0x%x", q.Model) {
		return refuse("request %v is for model 0x%x, the proof for %s", id, q.Model, p.Model)
	}
	att, err := attestationOf(ctx, v.Chain, v.Settlement, q.Model)
	if err != nil {
		return fmt.Errorf("request %v: attestation of model 0x%x: %w", id, q.Model, err)
	}
	if want := fmt.Sprintf("0x%064x", att.Commitment); p.Commitment != want {
		return refuse("request %v: proof for commitment %s, the registry records %s", id, p.Commitment, want)
	}
	k, err := v.verifyingKey(p.Model)
	if err != nil {
		return fmt.Errorf("request %v: %w", id, err)
	}
	t := time.Now()
	err = k.Verify(p)
	v.Metrics.verified(time.Since(t))
	if err != nil {
		return refusal{fmt.Errorf("request %v: %w", id, err)}
	}
	return nil
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
		return nil, fmt.Errorf("request %v: chain id: %w", id, err)
	}
	sig, err := settle.Sign(v.Key, settle.Digest(chainID, v.Settlement, id, p.Output))
	if err != nil {
		return nil, fmt.Errorf("request %v: sign: %w", id, err)
	}
	v.Log.Info("co-signed", "request", id, "model", p.Model, "output", fmt.Sprintf("%x", p.Output))
	return &SignResponse{Signer: crypto.PubkeyToAddress(v.Key.PublicKey), Signature: sig}, nil
}

// ServeHTTP answers POST /v1/sign with a SignRequest body: a SignResponse,
// 400 for a malformed request, 422 for a refusal, 503 when the validator
// could not check the result.
func (v *Validator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || r.URL.Path != "/v1/sign" {
		http.Error(w, "POST /v1/sign", http.StatusNotFound)
		return
	}
	var req SignRequest
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(&req); err != nil || req.Proof == nil || req.Request == nil {
		v.Metrics.count(ResultRefused)
		http.Error(w, fmt.Sprintf("bad sign request: %v", err), http.StatusBadRequest)
		return
	}
	resp, err := v.Sign(r.Context(), req.Request, req.Proof)
	res := outcome(err)
	v.Metrics.count(res)
	switch res {
	case ResultRefused:
		v.Log.Warn("refused to sign", "request", req.Request, "err", err)
		http.Error(w, err.Error(), http.StatusUnprocessableEntity)
		return
	case ResultError:
		v.Log.Error("could not check a result", "request", req.Request, "err", err)
		http.Error(w, err.Error(), http.StatusServiceUnavailable)
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
