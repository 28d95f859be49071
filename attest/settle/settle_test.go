package settle_test

import (
	"context"
	"crypto/ecdsa"
	"math/big"
	"path/filepath"
	"testing"
	"time"

	"github.com/aievm/aievm/attest"
	"github.com/aievm/aievm/attest/settle"
	"github.com/aievm/aievm/contracts/bindings"
	"github.com/aievm/aievm/fraudproof"
	"github.com/aievm/aievm/internal/l1tx"
	"github.com/aievm/aievm/opml/model"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
)

var (
	st  = bindings.NewSettlement()
	orc = bindings.NewInferenceOracle()
)

// world is a settle.Sim with helpers that fail the test.
type world struct {
	*settle.Sim
	t   *testing.T
	ctx context.Context
}

const fee = settle.SimFee

func newWorld(t *testing.T) *world {
	ctx := context.Background()
	s, err := settle.NewSim(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Chain.Close)
	return &world{Sim: s, t: t, ctx: ctx}
}

func ether(n int64) *big.Int { return new(big.Int).Mul(big.NewInt(n), big.NewInt(1e18)) }

func (w *world) send(key *ecdsa.PrivateKey, data []byte, value *big.Int) *types.Receipt {
	w.t.Helper()
	r, err := w.Send(w.ctx, key, data, value)
	if err != nil {
		w.t.Fatalf("%v (%s)", err, settle.ErrorName(err))
	}
	return r
}

// wantError sends and checks that it reverts with the named error.
func (w *world) wantError(what, name string, key *ecdsa.PrivateKey, data []byte) {
	w.t.Helper()
	_, err := w.Send(w.ctx, key, data, nil)
	if got := settle.ErrorName(err); got != name {
		w.t.Fatalf("%s: error %q (%v), want %s", what, got, err, name)
	}
}

func (w *world) call(to common.Address, data []byte) []byte {
	w.t.Helper()
	out, err := w.Call(w.ctx, to, data)
	if err != nil {
		w.t.Fatal(err)
	}
	return out
}

func (w *world) balance(a common.Address) *big.Int {
	w.t.Helper()
	b, err := w.Balance(w.ctx, a)
	if err != nil {
		w.t.Fatal(err)
	}
	return b
}

func (w *world) publish(m *model.Model, a *attest.Model, verifier common.Address) {
	w.t.Helper()
	if err := w.Publish(w.ctx, m, a, verifier); err != nil {
		w.t.Fatal(err)
	}
}

func (w *world) request(m model.Address, input []byte) *big.Int {
	w.t.Helper()
	id, err := w.Request(w.ctx, m, input)
	if err != nil {
		w.t.Fatal(err)
	}
	return id
}

func (w *world) signed(id *big.Int, p *attest.Proof, k int) bindings.SettlementResult {
	w.t.Helper()
	r, err := w.Signed(id, p, k)
	if err != nil {
		w.t.Fatal(err)
	}
	return r
}

type keysFixture struct {
	m    *model.Model
	a    *attest.Model
	keys *attest.Keys
	dir  string
}

func setupKeys(t *testing.T) *keysFixture {
	root := t.TempDir()
	m, a, k, err := attest.Example(root)
	if err != nil {
		t.Fatal(err)
	}
	return &keysFixture{m: m, a: a, keys: k, dir: attest.Dir(root, a.Address)}
}

var tools = filepath.Join("..", "..", "tools")

// TestSettlement plays the contract's rules on a simulated L1 with real
// Groth16 proofs and the verifier gnark exported.
func TestSettlement(t *testing.T) {
	f := setupKeys(t)
	w := newWorld(t)
	verifier, err := settle.DeployVerifier(w.ctx, w.Chain.Client(), w.Owner, tools, f.dir)
	if err != nil {
		t.Fatal(err)
	}
	addr := f.m.Address()

	// Before the model is offered: ERR_MODEL_UNAVAILABLE.
	w.wantError("unregistered model", "ModelUnavailable", w.User, st.PackRequest(addr, []byte{1, 2, 3, 4}, big.NewInt(fee)))
	w.publish(f.m, f.a, verifier)
	w.wantError("fee above max", "FeeExceeded", w.User, st.PackRequest(addr, []byte{1, 2, 3, 4}, big.NewInt(fee-1)))
	w.wantError("no balance", "InsufficientBalance", w.Stranger, st.PackRequest(addr, []byte{1, 2, 3, 4}, big.NewInt(fee)))
	w.wantError("input size", "BadInput", w.User, st.PackRequest(addr, []byte{1, 2, 3}, big.NewInt(fee)))

	// Four distinct inputs and their proofs; requests cycle through them.
	inputs := [][]byte{{1, 2, 3, 4}, {0x80, 0x7f, 0, 0xff}, {9, 200, 17, 33}, {100, 100, 100, 100}}
	proofs := make([]*attest.Proof, len(inputs))
	for i, x := range inputs {
		t0 := time.Now()
		if proofs[i], err = f.keys.Prove(f.a, x); err != nil {
			t.Fatal(err)
		}
		t.Logf("proof %d: %v", i, time.Since(t0))
	}

	// The settlement's input/output hash is the circuit's.
	id := w.request(addr, inputs[0])
	io, err := st.UnpackIoHash(w.call(w.Settlement, st.PackIoHash(id, proofs[0].Output)))
	if err != nil || io.Cmp(attest.IOHash(inputs[0], proofs[0].Output)) != 0 {
		t.Fatalf("on-chain io hash %v (%v), want %v", io, err, attest.IOHash(inputs[0], proofs[0].Output))
	}

	// Tampered batches revert, a stranger cannot settle, a thin quorum fails.
	tampered := w.signed(id, proofs[0], 2)
	tampered.Proof = append([]byte(nil), tampered.Proof...)
	tampered.Proof[5] ^= 1
	w.wantError("tampered proof", "ProofInvalid", w.Node, st.PackSettle([]bindings.SettlementResult{tampered}))
	wrongOut := *proofs[0]
	wrongOut.Output = append([]byte(nil), proofs[0].Output...)
	wrongOut.Output[1]++
	w.wantError("tampered output", "ProofInvalid", w.Node, st.PackSettle([]bindings.SettlementResult{w.signed(id, &wrongOut, 2)}))
	w.wantError("another input's proof", "ProofInvalid", w.Node, st.PackSettle([]bindings.SettlementResult{w.signed(id, proofs[1], 2)}))
	w.wantError("unstaked node", "NotStaked", w.Stranger, st.PackSettle([]bindings.SettlementResult{w.signed(id, proofs[0], 2)}))
	w.wantError("one signature", "QuorumFailed", w.Node, st.PackSettle([]bindings.SettlementResult{w.signed(id, proofs[0], 1)}))
	dup := w.signed(id, proofs[0], 1)
	dup.Signatures = append(dup.Signatures, dup.Signatures[0])
	w.wantError("one signer twice", "QuorumFailed", w.Node, st.PackSettle([]bindings.SettlementResult{dup}))
	strangerSig := w.signed(id, proofs[0], 1)
	sig, _ := settle.Sign(w.Stranger, settle.Digest(w.ChainID, w.Settlement, id, proofs[0].Output))
	strangerSig = settle.Result(id, proofs[0], []settle.Signature{{Signer: crypto.PubkeyToAddress(w.Validators[0].PublicKey), Sig: strangerSig.Signatures[0]},
		{Signer: crypto.PubkeyToAddress(w.Stranger.PublicKey), Sig: sig}})
	w.wantError("a non-validator's signature", "QuorumFailed", w.Node, st.PackSettle([]bindings.SettlementResult{strangerSig}))

	// Batches of 1, 16 and 64 (the first holds id): every fee splits
	// 78 / 12 / 10 exactly, dust to the treasury.
	nodeAddr := crypto.PubkeyToAddress(w.Node.PublicKey)
	all := []common.Address{nodeAddr, w.Treasury}
	for _, v := range w.Validators {
		all = append(all, crypto.PubkeyToAddress(v.PublicKey))
	}
	for _, size := range []int{1, 16, 64} {
		var batch []bindings.SettlementResult
		for i := 0; i < size; i++ {
			rid := id
			if size > 1 || i > 0 {
				rid = w.request(addr, inputs[i%len(inputs)])
			}
			k := 2 + i%2 // alternately 2 and 3 co-signers
			batch = append(batch, w.signed(rid, proofs[i%len(inputs)], k))
		}
		before := map[common.Address]*big.Int{}
		for _, a := range all {
			before[a] = w.balance(a)
		}
		r := w.send(w.Node, st.PackSettle(batch), nil)
		t.Logf("batch of %d: %d gas, %d per result", size, r.GasUsed, r.GasUsed/uint64(size))
		want := map[common.Address]*big.Int{}
		for _, a := range all {
			want[a] = new(big.Int)
		}
		for i := 0; i < size; i++ {
			k := 2 + i%2
			op, each, tr := settle.Split(big.NewInt(fee), k)
			if new(big.Int).Add(new(big.Int).Add(op, tr), new(big.Int).Mul(each, big.NewInt(int64(k)))).Cmp(big.NewInt(fee)) != 0 {
				t.Fatal("split does not add up to the fee")
			}
			want[nodeAddr].Add(want[nodeAddr], op)
			want[w.Treasury].Add(want[w.Treasury], tr)
			for j := 0; j < k; j++ {
				want[all[2+j]].Add(want[all[2+j]], each)
			}
		}
		for _, a := range all {
			got := new(big.Int).Sub(w.balance(a), before[a])
			if got.Cmp(want[a]) != 0 {
				t.Fatalf("batch of %d: %s gained %v, want %v", size, a, got, want[a])
			}
		}
		// 78% of the fee rounds down to 780000000000013 wei, 12% to
		// 120000000000002 which 3 signers split as 40000000000000 each; the
		// treasury takes 10% and the rest: 100000000000004.
		if op, each, tr := settle.Split(big.NewInt(fee), 3); op.String() != "780000000000013" || each.String() != "40000000000000" || tr.String() != "100000000000004" {
			t.Fatalf("split of %d: %v %v %v", fee, op, each, tr)
		}
		if size == 1 {
			w.wantError("settled twice", "NotPending", w.Node, st.PackSettle(batch))
		}
	}
	if e, _ := st.UnpackEscrowed(w.call(w.Settlement, st.PackEscrowed())); e.Sign() != 0 {
		t.Fatalf("escrow %v after settling everything", e)
	}

	// A request nobody settles is refunded after its timeout.
	lone := w.request(addr, inputs[2])
	w.wantError("cancel before timeout", "TooEarly", w.User, st.PackCancel(lone))
	if err := w.Chain.Advance(11 * time.Minute); err != nil {
		t.Fatal(err)
	}
	before := w.balance(crypto.PubkeyToAddress(w.User.PublicKey))
	w.send(w.User, st.PackCancel(lone), nil)
	if got := new(big.Int).Sub(w.balance(crypto.PubkeyToAddress(w.User.PublicKey)), before); got.Int64() != fee {
		t.Fatalf("refund %v, want %d", got, fee)
	}
	testSlash(t, w, f, verifier)
}

// testSlash: a registrant records model D's attestation with another
// model's commitment (so proofs of the wrong weights verify); the node
// settles D(x) wrong, the InferenceOracle's accepted result for D(x)
// contradicts it, and the node is slashed. An honest result is not.
func testSlash(t *testing.T, w *world, f *keysFixture, verifier common.Address) {
	d := perturbed(t, f.m)
	w.publish(d, f.a, verifier)
	x := []byte{1, 2, 3, 4}
	p, err := f.keys.Prove(f.a, x) // A's weights, claimed as D's result
	if err != nil {
		t.Fatal(err)
	}
	id := w.request(d.Address(), x)
	w.send(w.Node, st.PackSettle([]bindings.SettlementResult{w.signed(id, p, 2)}), nil)
	honest := w.request(f.m.Address(), x)
	w.send(w.Node, st.PackSettle([]bindings.SettlementResult{w.signed(honest, p, 2)}), nil)

	w.wantError("slash without a canonical result", "NotSlashable", w.Stranger, st.PackSlash(id, x, p.Output))
	prop, err := fraudproof.NewPlayer(fraudproof.Config{Chain: w.Chain.Client(), Oracle: w.Oracle, Key: w.Owner,
		Models: fraudproof.ModelSet{d.Address(): d, f.m.Address(): f.m}, DefendOnly: true,
		Tx: l1tx.Options{NumConfirmations: 1, ReceiptQueryInterval: 10 * time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	var claims []uint64
	for _, m := range []*model.Model{d, f.m} {
		c, err := prop.Propose(w.ctx, m, x, nil)
		if err != nil {
			t.Fatal(err)
		}
		claims = append(claims, c)
	}
	if err := w.Chain.Advance(2 * time.Minute); err != nil {
		t.Fatal(err)
	}
	for _, c := range claims {
		if _, err := w.SendTo(w.ctx, w.Owner, w.Oracle, orc.PackFinalize(new(big.Int).SetUint64(c)), nil); err != nil {
			t.Fatal(err)
		}
	}
	w.wantError("slash an honest result", "NotSlashable", w.Stranger, st.PackSlash(honest, x, p.Output))
	w.wantError("slash with another input", "NotSlashable", w.Stranger, st.PackSlash(id, []byte{1, 2, 3, 5}, p.Output))
	user, stranger := crypto.PubkeyToAddress(w.User.PublicKey), crypto.PubkeyToAddress(w.Stranger.PublicKey)
	ub, sb, tb := w.balance(user), w.balance(stranger), w.balance(w.Treasury)
	w.send(w.Stranger, st.PackSlash(id, x, p.Output), nil)
	stake := ether(1)
	rest := new(big.Int).Sub(stake, big.NewInt(fee))
	half := new(big.Int).Div(rest, big.NewInt(2))
	for _, c := range []struct {
		who  common.Address
		was  *big.Int
		gain *big.Int
	}{{user, ub, big.NewInt(fee)}, {stranger, sb, half}, {w.Treasury, tb, new(big.Int).Sub(rest, half)}} {
		if got := new(big.Int).Sub(w.balance(c.who), c.was); got.Cmp(c.gain) != 0 {
			t.Fatalf("slash: %s gained %v, want %v", c.who, got, c.gain)
		}
	}
	active, _ := st.UnpackIsActive(w.call(w.Settlement, st.PackIsActive(crypto.PubkeyToAddress(w.Node.PublicKey), settle.RoleNode)))
	if active {
		t.Fatal("a slashed node is still active")
	}
}

// perturbed is m with its last bias shifted far enough to change outputs.
func perturbed(t *testing.T, m *model.Model) *model.Model {
	c := *m
	c.Name = m.Name + "-perturbed"
	c.Consts = append([]model.Const(nil), m.Consts...)
	last := len(c.Consts) - 1 // the last layer's bias (int32 little endian)
	c.Consts[last].Data = append([]byte(nil), c.Consts[last].Data...)
	c.Consts[last].Data[1] ^= 0x40 // +-16384 on bias 0
	d, err := model.Decode(c.Encode())
	if err != nil {
		t.Fatal(err)
	}
	return d
}
