package node_test

import (
	"context"
	"crypto/ecdsa"
	"fmt"
	"log/slog"
	"math/big"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aievm/aievm/attest"
	"github.com/aievm/aievm/attest/node"
	"github.com/aievm/aievm/attest/settle"
	"github.com/aievm/aievm/contracts/bindings"
	"github.com/aievm/aievm/fraudproof"
	"github.com/aievm/aievm/opml/model"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
)

// TestNodeAndValidators serves requests end to end on a simulated chain:
// the node proves, three validator services check and co-sign over HTTP,
// the node settles them in batches of at most two; a validator refuses a
// proof of another input; with too few validators reachable the node
// reports ERR_QUORUM_FAILED and settles on a later attempt.
func TestNodeAndValidators(t *testing.T) {
	ctx := context.Background()
	root := keysRoot
	s, m, a, _ := published(t, true)
	log := slog.New(slog.DiscardHandler)
	var urls []string
	var vals []*node.Validator
	for _, k := range s.Validators {
		v := &node.Validator{Chain: s.Chain.Client(), Settlement: s.Settlement, Key: k, KeysRoot: root, Log: log}
		srv := httptest.NewServer(v)
		defer srv.Close()
		urls, vals = append(urls, srv.URL), append(vals, v)
	}
	inputs := [][]byte{{1, 2, 3, 4}, {5, 6, 7, 8}, {0x80, 0x7f, 0, 1}}
	var ids []*big.Int
	for _, x := range inputs {
		id, err := s.Request(ctx, m.Address(), x)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	// A validator checks the proof against the request.
	other, err := attestKeys(t, root, a).Prove(a, []byte{9, 9, 9, 9})
	if err != nil {
		t.Fatal(err)
	}
	if err := vals[0].Check(ctx, ids[0], other); err == nil || !strings.Contains(err.Error(), "not the request's") {
		t.Fatalf("validator accepted a proof of another input: %v", err)
	}

	n, err := node.New(ctx, node.Config{Chain: s.Chain.Client(), Settlement: s.Settlement, Key: s.Node, Tx: fraudproof.SimTx,
		Models: fraudproof.ModelSet{m.Address(): m}, KeysRoot: root, Validators: urls, BatchSize: 2, BatchWait: 500 * time.Millisecond, Log: log}) // 3 requests: batches of 2 and 1
	if err != nil {
		t.Fatal(err)
	}
	st := bindings.NewSettlement()
	settled := func(id *big.Int) bool {
		out, err := s.Call(ctx, s.Settlement, st.PackGetRequest(id))
		if err != nil {
			t.Fatal(err)
		}
		q, err := st.UnpackGetRequest(out)
		return err == nil && q.Status == 2
	}
	// tick ticks n until cond holds (the node reads one block behind the head).
	tick := func(n *node.Node, what string, cond func() bool) {
		t.Helper()
		for i := 0; !cond(); i++ {
			if i == 100 {
				t.Fatalf("%s: not after 100 ticks", what)
			}
			if err := n.Tick(ctx); err != nil {
				t.Logf("tick: %v", err) // a node retries on the next tick
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	tick(n, "batch settled", func() bool { return settled(ids[0]) && settled(ids[1]) && settled(ids[2]) })
	op, _, _ := settle.Split(big.NewInt(settle.SimFee), 3)
	if b, _ := s.Balance(ctx, addr(s.Node)); b.Cmp(new(big.Int).Mul(op, big.NewInt(int64(len(inputs))))) != 0 {
		t.Fatalf("node balance %v, want %d x %v", b, len(inputs), op)
	}
	if got := testutil.ToFloat64(n.Collectors()[1]); got != float64(len(inputs)) {
		t.Fatalf("settled metric %v", got)
	}

	// A validator that is down at first: the first attempt finds one
	// signature of a quorum of two (ERR_QUORUM_FAILED), the retry settles.
	flaky := &flakyHandler{h: vals[1], fail: 1}
	fsrv := httptest.NewServer(flaky)
	defer fsrv.Close()
	r, err := s.Send(ctx, s.User, st.PackRequest(m.Address(), []byte{3, 3, 3, 3}, big.NewInt(settle.SimFee)), nil)
	if err != nil {
		t.Fatal(err)
	}
	id, _ := settle.RequestID(r)
	n2, err := node.New(ctx, node.Config{Chain: s.Chain.Client(), Settlement: s.Settlement, Key: s.Node, Tx: fraudproof.SimTx, Models: fraudproof.ModelSet{m.Address(): m},
		KeysRoot: root, Validators: []string{urls[0], fsrv.URL}, BatchWait: time.Millisecond, FromBlock: r.BlockNumber.Uint64(), Log: log})
	if err != nil {
		t.Fatal(err)
	}
	quorumFailures := n2.Collectors()[3].(*prometheus.CounterVec).WithLabelValues("ERR_QUORUM_FAILED")
	tick(n2, "quorum failure", func() bool { return testutil.ToFloat64(quorumFailures) == 1 })
	if settled(id) {
		t.Fatal("settled without a quorum")
	}
	time.Sleep(5 * time.Second) // the first retry's pause
	tick(n2, "retried request settled", func() bool { return settled(id) })
	if got := testutil.ToFloat64(quorumFailures); got != 1 {
		t.Fatalf("quorum failures counted: %v, want 1", got)
	}
}

// keysRoot holds the example model's keys, set up by the first test that
// asks (the setup takes seconds) and shared by the package's tests.
var keysRoot string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "attest-node-keys")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	keysRoot = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// published is the example model, its keys under keysRoot, published at
// SimFee on a new simulated Settlement that closes when t ends. With
// verifier its Groth16 verifier is deployed (solc, from tools/); without,
// another contract stands in (validators never call it, nodes neither).
func published(t *testing.T, verifier bool) (*settle.Sim, *model.Model, *attest.Model, *attest.Keys) {
	t.Helper()
	ctx := context.Background()
	m, a, k, err := attest.Example(keysRoot)
	if err != nil {
		t.Fatal(err)
	}
	s, err := settle.NewSim(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Chain.Close)
	v := s.Registry
	if verifier {
		if v, err = settle.DeployVerifier(ctx, s.Chain.Client(), s.Owner, filepath.Join("..", "..", "tools"), attest.Dir(keysRoot, a.Address)); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Publish(ctx, m, a, v); err != nil {
		t.Fatal(err)
	}
	return s, m, a, k
}

// flakyHandler answers 503 to its first fail requests.
type flakyHandler struct {
	h    http.Handler
	mu   sync.Mutex
	fail int
}

func (f *flakyHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	down := f.fail > 0
	f.fail--
	f.mu.Unlock()
	if down {
		http.Error(w, "down", http.StatusServiceUnavailable)
		return
	}
	f.h.ServeHTTP(w, r)
}

func attestKeys(t *testing.T, root string, a *attest.Model) *attest.Keys {
	k, err := attest.Load(attest.Dir(root, a.Address), false)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func addr(k *ecdsa.PrivateKey) common.Address { return crypto.PubkeyToAddress(k.PublicKey) }
