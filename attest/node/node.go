package node

import (
	"context"
	"crypto/ecdsa"
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
	"github.com/aievm/aievm/internal/l1tx"
	"github.com/aievm/aievm/opml/model"
	"github.com/ethereum-optimism/optimism/op-service/txmgr"
	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/prometheus/client_golang/prometheus"
)

// Models gives a model by its address (a model store, a fetcher).
type Models interface {
	Model(ctx context.Context, addr model.Address) (*model.Model, error)
}

// Config configures a Node.
// Client is what a node needs of the chain its Settlement is on: reads and
// logs, and what its transaction manager (op-service's txmgr) asks.
type Client interface {
	settle.Client
	l1tx.Backend
}

type Config struct {
	Chain      Client
	Settlement common.Address
	Key        *ecdsa.PrivateKey // a staked node's key
	Models     Models
	KeysRoot   string        // key directories by model address (`aievm attest setup`)
	Validators []string      // validators' base URLs
	BatchSize  int           // settle once this many results are ready (default 16)
	BatchWait  time.Duration // or once the oldest has waited this long (default 5s)
	FromBlock  uint64        // first block to scan for requests
	Log        *slog.Logger
	// Tx tunes the transaction manager settlements are sent with (fee
	// bumping, resubmission, nonces); zero values are op-challenger's.
	Tx l1tx.Options
}

// Node serves a Settlement's requests.
type Node struct {
	cfg  Config
	tx   *txmgr.SimpleTxManager
	http *http.Client

	mu      sync.Mutex
	models  map[model.Address]prover
	next    uint64
	ready   []pending
	retries []job
	quorum  uint32
	metrics metrics
}

type pending struct {
	res   bindings.SettlementResult
	since time.Time
}

// job is a request to serve; one the node failed to serve (a validator
// down, say) is tried again after a growing pause until maxAttempts.
type job struct {
	id       *big.Int
	model    [32]byte
	input    []byte
	attempts int
	at       time.Time
}

const maxAttempts = 3

type metrics struct {
	proof   prometheus.Histogram
	settled prometheus.Counter
	gas     prometheus.Gauge
	errors  *prometheus.CounterVec
}

var requestedTopic = func() common.Hash {
	a, err := bindings.SettlementMetaData.ParseABI()
	if err != nil {
		panic(err) // generated ABI
	}
	return a.Events["Requested"].ID
}()

// New returns a node; it reads the Settlement's quorum.
func New(ctx context.Context, cfg Config) (*Node, error) {
	if cfg.BatchSize <= 0 {
		cfg.BatchSize = 16
	}
	if cfg.BatchWait <= 0 {
		cfg.BatchWait = 5 * time.Second
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	tx, err := l1tx.New(ctx, "attest-node", cfg.Chain, cfg.Key, cfg.Tx)
	if err != nil {
		return nil, err
	}
	n := &Node{cfg: cfg, tx: tx, http: &http.Client{Timeout: time.Minute},
		models: map[model.Address]prover{}, next: cfg.FromBlock}
	out, err := cfg.Chain.CallContract(ctx, ethereum.CallMsg{To: &cfg.Settlement, Data: stABI.PackQuorum()}, nil)
	if err != nil {
		return nil, fmt.Errorf("settlement %s: %w", cfg.Settlement, err)
	}
	if n.quorum, err = stABI.UnpackQuorum(out); err != nil {
		return nil, fmt.Errorf("settlement %s: %w", cfg.Settlement, err)
	}
	n.metrics = metrics{
		proof: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "aievm_attest_proof_seconds",
			Help: "Time to prove one inference result.", Buckets: prometheus.ExponentialBuckets(0.05, 2, 12)}),
		settled: prometheus.NewCounter(prometheus.CounterOpts{Name: "aievm_attest_results_settled_total", Help: "Results settled by this node."}),
		gas:     prometheus.NewGauge(prometheus.GaugeOpts{Name: "aievm_attest_settle_gas_per_result", Help: "Gas per result of the last settled batch."}),
		errors: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "aievm_attest_errors_total",
			Help: "Requests the node could not serve, by error code."}, []string{"code"}),
	}
	return n, nil
}

// Collectors are the node's Prometheus metrics.
func (n *Node) Collectors() []prometheus.Collector {
	return []prometheus.Collector{n.metrics.proof, n.metrics.settled, n.metrics.gas, n.metrics.errors}
}

// Run serves requests until ctx ends, looking for new ones every poll.
func (n *Node) Run(ctx context.Context, poll time.Duration) error {
	t := time.NewTicker(poll)
	defer t.Stop()
	for {
		if err := n.Tick(ctx); err != nil && ctx.Err() == nil {
			n.cfg.Log.Warn("tick", "err", err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

// Tick serves the requests filed since the last tick and settles a batch
// when one is due.
func (n *Node) Tick(ctx context.Context) error {
	head, err := n.cfg.Chain.HeaderByNumber(ctx, nil)
	if err != nil {
		return err
	}
	// One block behind the head: a node may not have indexed the newest
	// block's logs yet, and a request missed there would be missed for good.
	if last := head.Number.Uint64(); last >= n.next+1 {
		last--
		logs, err := n.cfg.Chain.FilterLogs(ctx, ethereum.FilterQuery{FromBlock: new(big.Int).SetUint64(n.next), ToBlock: new(big.Int).SetUint64(last),
			Addresses: []common.Address{n.cfg.Settlement}, Topics: [][]common.Hash{{requestedTopic}}})
		if err != nil {
			return err
		}
		for _, l := range logs {
			ev, err := stABI.UnpackRequestedEvent(&l)
			if err != nil {
				continue
			}
			n.serve(ctx, job{id: ev.Id, model: ev.Model, input: ev.Input})
		}
		n.next = last + 1
	}
	due := n.retries
	n.retries = nil
	for _, r := range due {
		if time.Now().Before(r.at) {
			n.retries = append(n.retries, r)
		} else {
			n.serve(ctx, r)
		}
	}
	for len(n.ready) > 0 && (len(n.ready) >= n.cfg.BatchSize || time.Since(n.ready[0].since) >= n.cfg.BatchWait) {
		if err := n.Flush(ctx); err != nil {
			return err
		}
	}
	return nil
}

// serve serves one request, queueing it for another attempt if it fails.
func (n *Node) serve(ctx context.Context, r job) {
	res, err := n.Serve(ctx, r.id, r.model, r.input)
	if err == nil {
		n.ready = append(n.ready, pending{res: res, since: time.Now()})
		return
	}
	r.attempts++
	n.fail(err, "request", r.id, "attempt", r.attempts)
	if r.attempts < maxAttempts {
		r.at = time.Now().Add(time.Duration(r.attempts) * 5 * time.Second)
		n.retries = append(n.retries, r)
	}
}

// errQuorum marks a result too few validators signed.
var errQuorum = errors.New("ERR_QUORUM_FAILED")

func (n *Node) fail(err error, kv ...any) {
	code := settle.Code(err)
	switch {
	case code != "":
	case errors.Is(err, errQuorum):
		code = errQuorum.Error()
	default:
		code = "other"
	}
	n.metrics.errors.WithLabelValues(code).Inc()
	n.cfg.Log.Warn("request not served", append(kv, "code", code, "err", err)...)
}

// Serve runs model(input), proves it and gathers the validators'
// signatures: one batch entry for request id.
func (n *Node) Serve(ctx context.Context, id *big.Int, addr [32]byte, input []byte) (bindings.SettlementResult, error) {
	pr, err := n.prover(ctx, addr)
	if err != nil {
		return bindings.SettlementResult{}, err
	}
	t := time.Now()
	p, err := pr.keys.Prove(pr.model, input)
	if err != nil {
		return bindings.SettlementResult{}, fmt.Errorf("request %v: %w", id, err)
	}
	n.metrics.proof.Observe(time.Since(t).Seconds())
	sigs := n.gather(ctx, id, p)
	if len(sigs) < int(n.quorum) {
		return bindings.SettlementResult{}, fmt.Errorf("request %v: %w: %d of %d signatures", id, errQuorum, len(sigs), n.quorum)
	}
	n.cfg.Log.Info("proved", "request", id, "model", p.Model, "output", fmt.Sprintf("%x", p.Output), "prove", time.Since(t).Round(time.Millisecond), "signatures", len(sigs))
	return settle.Result(id, p, sigs), nil
}

// prover is an attestable model (its commitment computed once) and its
// proving keys.
type prover struct {
	model *attest.Model
	keys  *attest.Keys
}

// prover loads model addr and its keys once.
func (n *Node) prover(ctx context.Context, addr model.Address) (prover, error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if p, ok := n.models[addr]; ok {
		return p, nil
	}
	m, err := n.cfg.Models.Model(ctx, addr)
	if err != nil {
		return prover{}, fmt.Errorf("model 0x%x: %w", addr, err)
	}
	a, err := attest.FromModel(m)
	if err != nil {
		return prover{}, err
	}
	k, err := attest.Load(attest.Dir(n.cfg.KeysRoot, addr), false)
	if err != nil {
		return prover{}, err
	}
	p := prover{model: a, keys: k}
	n.models[addr] = p
	return p, nil
}

// gather asks every validator at once and keeps the signatures it gets.
func (n *Node) gather(ctx context.Context, id *big.Int, p *attest.Proof) []settle.Signature {
	var mu sync.Mutex
	var wg sync.WaitGroup
	var sigs []settle.Signature
	for _, url := range n.cfg.Validators {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := AskValidator(ctx, n.http, url, SignRequest{Request: id, Proof: p})
			if err != nil {
				n.cfg.Log.Warn("no signature", "request", id, "validator", url, "err", err)
				return
			}
			mu.Lock()
			sigs = append(sigs, settle.Signature{Signer: r.Signer, Sig: r.Signature})
			mu.Unlock()
		}()
	}
	wg.Wait()
	return sigs
}

// Flush settles the oldest ready results, at most BatchSize, in one
// transaction. If the batch fails
// (a request was cancelled meanwhile, say), each result is tried alone.
func (n *Node) Flush(ctx context.Context) error {
	k := min(len(n.ready), n.cfg.BatchSize) // a backlog goes out in batches of at most BatchSize
	batch := make([]bindings.SettlementResult, k)
	for i, p := range n.ready[:k] {
		batch[i] = p.res
	}
	n.ready = n.ready[k:]
	r, err := n.settle(ctx, batch)
	if err == nil {
		n.settled(r, len(batch))
		return nil
	}
	if len(batch) == 1 {
		n.fail(err, "request", batch[0].Request)
		return nil
	}
	n.cfg.Log.Warn("batch failed, settling one by one", "results", len(batch), "code", settle.Code(err), "err", err)
	for _, res := range batch {
		if r, err := n.settle(ctx, []bindings.SettlementResult{res}); err != nil {
			n.fail(err, "request", res.Request)
		} else {
			n.settled(r, 1)
		}
	}
	return nil
}

func (n *Node) settle(ctx context.Context, batch []bindings.SettlementResult) (*types.Receipt, error) {
	return l1tx.Send(ctx, n.tx, n.cfg.Chain, &n.cfg.Settlement, stABI.PackSettle(batch), nil, 0)
}

func (n *Node) settled(r *types.Receipt, count int) {
	n.metrics.settled.Add(float64(count))
	n.metrics.gas.Set(float64(r.GasUsed) / float64(count))
	n.cfg.Log.Info("settled", "results", count, "gas", r.GasUsed, "gasPerResult", r.GasUsed/uint64(count), "block", r.BlockNumber)
}
