// Package dishonest is the devnet's adversary of its own fault proofs, for
// demonstrations and tests: a rollup RPC that lies about output roots, so
// that the standard op-proposer posts wrong ones, and a player that defends
// those lies (or attacks honest roots) in the output games, with a trace
// that is honest up to a chosen point and wrong from there on. Nothing here
// runs unless the devnet is asked for it (dishonest_proposer).
package dishonest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/ethereum-optimism/optimism/op-service/eth"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/log"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/aievm/aievm/geth-fork/precompile"
)

// Lie is one output root the proxy falsified.
type Lie struct {
	Block   uint64      // the L2 block of the output
	Honest  common.Hash // its true output root
	Claimed common.Hash // what the proxy answered: the root of Output
	Output  eth.OutputV0
	Caller  uint64      // the block in the window that called the inference precompile
	Model   common.Hash // the model it called
}

// Proxy is a rollup RPC (op-node's optimism_* namespace) in front of an
// honest one. It answers optimism_outputAtBlock with a wrong output root
// whenever a block in the window of blocks before it (the blocks a proposal
// covers) calls the inference precompile; every other call passes through.
type Proxy struct {
	upstream string
	l2       *rpc.Client // an L2 node with the debug namespace (call traces)
	window   uint64
	log      log.Logger
	srv      *http.Server
	addr     string

	mu       sync.Mutex
	callers  map[uint64]common.Hash // blocks traced: the model each calls (zero: none)
	answered uint64                 // the highest output answered so far
	lies     []Lie
}

// maxBody bounds a request or response the proxy reads.
const maxBody = 4 << 20

// NewProxy serves the lying rollup RPC on host (a free port) in front of
// upstream; l2 traces blocks (debug_traceBlockByNumber). An output covers
// the blocks since the last output answered, at most window of
// them. It lies once per block that calls a model: about the first output
// asked for that covers it.
func NewProxy(host, upstream string, l2 *rpc.Client, window uint64, lg log.Logger) (*Proxy, error) {
	if window == 0 {
		return nil, errors.New("dishonest: a window of at least one block")
	}
	l, err := net.Listen("tcp", net.JoinHostPort(host, "0"))
	if err != nil {
		return nil, fmt.Errorf("dishonest: %w", err)
	}
	p := &Proxy{upstream: upstream, l2: l2, window: window, log: lg, callers: map[uint64]common.Hash{}, addr: l.Addr().String()}
	p.srv = &http.Server{Handler: p, ReadHeaderTimeout: 10 * time.Second}
	go p.srv.Serve(l)
	return p, nil
}

// URL is the proxy's endpoint, for op-proposer's --rollup-rpc.
func (p *Proxy) URL() string { return "http://" + p.addr }

// Close stops the proxy.
func (p *Proxy) Close() error { return p.srv.Close() }

// Lies are the output roots falsified so far.
func (p *Proxy) Lies() []Lie {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]Lie(nil), p.lies...)
}

// FalseOutput is the dishonest proposer's output for a true one: the same
// block and the same withdrawals (so a withdrawal can be proven against it),
// a wrong state root.
func FalseOutput(o *eth.OutputV0) *eth.OutputV0 {
	f := *o
	f.StateRoot = eth.Bytes32(crypto.Keccak256Hash([]byte("aievm dishonest proposer"), o.StateRoot[:]))
	return &f
}

type request struct {
	Method string            `json:"method"`
	Params []json.RawMessage `json:"params"`
}

// ServeHTTP answers one JSON-RPC request: upstream's answer, falsified for
// optimism_outputAtBlock where the proxy lies.
func (p *Proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	resp, err := p.forward(r.Context(), body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	var req request
	if json.Unmarshal(body, &req) == nil && req.Method == "optimism_outputAtBlock" {
		resp = p.falsify(r.Context(), resp)
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(resp)
}

func (p *Proxy) forward(ctx context.Context, body []byte) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, p.upstream, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	return io.ReadAll(io.LimitReader(res.Body, maxBody))
}

// falsify rewrites an optimism_outputAtBlock response when the window
// before its block calls the inference precompile. A response it cannot
// read, or a window it cannot trace, passes unchanged.
func (p *Proxy) falsify(ctx context.Context, resp []byte) []byte {
	var msg map[string]json.RawMessage
	if json.Unmarshal(resp, &msg) != nil || len(msg["result"]) == 0 {
		return resp
	}
	var out map[string]json.RawMessage
	if json.Unmarshal(msg["result"], &out) != nil {
		return resp
	}
	var honest eth.OutputV0
	var root common.Hash
	var ref struct {
		Hash   common.Hash `json:"hash"`
		Number uint64      `json:"number"`
	}
	if json.Unmarshal(out["outputRoot"], &root) != nil || json.Unmarshal(out["blockRef"], &ref) != nil ||
		json.Unmarshal(out["stateRoot"], &honest.StateRoot) != nil || json.Unmarshal(out["withdrawalStorageRoot"], &honest.MessagePasserStorageRoot) != nil {
		return resp
	}
	honest.BlockHash = ref.Hash
	if common.Hash(eth.OutputRoot(&honest)) != root {
		return resp // not an output this proxy knows how to falsify
	}
	n := ref.Number
	caller, model, err := p.lieFor(n)
	if caller == 0 {
		caller, model, err = p.callerIn(ctx, n)
	}
	if err != nil {
		p.log.Warn("Dishonest proposer: cannot trace, telling the truth", "block", n, "err", err)
		return resp
	}
	if caller == 0 || p.liedAbout(caller, n) {
		return resp
	}
	f := FalseOutput(&honest)
	lie := common.Hash(eth.OutputRoot(f))
	out["outputRoot"], _ = json.Marshal(lie)
	out["stateRoot"], _ = json.Marshal(f.StateRoot)
	msg["result"], _ = json.Marshal(out)
	b, err := json.Marshal(msg)
	if err != nil {
		return resp
	}
	p.mu.Lock()
	if len(p.lies) == 0 || p.lies[len(p.lies)-1].Block != n {
		p.lies = append(p.lies, Lie{Block: n, Honest: root, Claimed: lie, Output: *f, Caller: caller, Model: model})
		p.log.Warn("Dishonest proposer: lying about an output", "block", n, "honest", root, "claimed", lie, "inference_in_block", caller, "model", model)
	}
	p.mu.Unlock()
	return b
}

// lieFor is the calling block and model of the lie told about the output
// at n, if one was: asked again, the proxy tells it again.
func (p *Proxy) lieFor(n uint64) (uint64, common.Hash, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, l := range p.lies {
		if l.Block == n {
			return l.Caller, l.Model, nil
		}
	}
	return 0, common.Hash{}, nil
}

// liedAbout reports whether the proxy lied already about another output
// for the same calling block: one wrong root per block that calls a model.
func (p *Proxy) liedAbout(caller, n uint64) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, l := range p.lies {
		if l.Caller == caller && l.Block != n {
			return true
		}
	}
	return false
}

// callerIn returns the latest block that calls the inference precompile
// among those the output at n covers and no output answered before did
// (at most window blocks), and the model it calls; or 0.
func (p *Proxy) callerIn(ctx context.Context, n uint64) (uint64, common.Hash, error) {
	p.mu.Lock()
	lo := p.answered + 1
	p.mu.Unlock()
	if n >= p.window && lo < n-p.window+1 {
		lo = n - p.window + 1
	}
	if lo > n { // an output asked for again, or an earlier one: its own block
		lo = n
	}
	var caller uint64
	var model common.Hash
	for b := n; b >= lo && b > 0 && caller == 0; b-- {
		m, err := p.modelCalled(ctx, b)
		if err != nil {
			return 0, m, err
		}
		if m != (common.Hash{}) {
			caller, model = b, m
		}
	}
	p.mu.Lock()
	p.answered = max(p.answered, n)
	p.mu.Unlock()
	return caller, model, nil
}

// call is a callTracer frame.
type call struct {
	To    common.Address `json:"to"`
	Input hexutil.Bytes  `json:"input"`
	Error string         `json:"error"`
	Calls []call         `json:"calls"`
}

// find returns the first call to the inference precompile in c's tree that
// succeeded (a reverted one may never have read the model).
func (c *call) find() *call {
	if c.To == precompile.Address && c.Error == "" {
		return c
	}
	for i := range c.Calls {
		if f := c.Calls[i].find(); f != nil {
			return f
		}
	}
	return nil
}

// modelCalled returns the model block b first calls through the inference
// precompile (its call traces; memoized), or zero.
func (p *Proxy) modelCalled(ctx context.Context, b uint64) (common.Hash, error) {
	p.mu.Lock()
	m, ok := p.callers[b]
	p.mu.Unlock()
	if ok {
		return m, nil
	}
	var traces []struct {
		Result call `json:"result"`
	}
	err := p.l2.CallContext(ctx, &traces, "debug_traceBlockByNumber", hexutil.Uint64(b), map[string]string{"tracer": "callTracer"})
	if err != nil {
		return m, fmt.Errorf("trace block %d: %w", b, err)
	}
	for _, t := range traces {
		if c := t.Result.find(); c != nil {
			if pc, err := precompile.Parse(c.Input); err == nil {
				m = common.Hash(pc.Model)
				break
			}
		}
	}
	p.mu.Lock()
	p.callers[b] = m
	p.mu.Unlock()
	return m, nil
}
