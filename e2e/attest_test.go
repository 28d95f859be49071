package e2e

import (
	"bytes"
	"context"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/ethclient"

	"github.com/aievm/aievm/attest"
	"github.com/aievm/aievm/attest/settle"
	"github.com/aievm/aievm/contracts/bindings"
	"github.com/aievm/aievm/internal/ethtx"
	"github.com/aievm/aievm/op-node-ext/chain"
	"github.com/aievm/aievm/op-node-ext/devnet"
)

// testAttestation requests attested inferences on the devnet's L2: the
// devnet's node proves them with Groth16, its three validators co-sign, the
// node settles them in a batch, and the node's, the validators' and the
// treasury's balances grow by 78%, 12% / 3 and the rest of each fee. A fee
// cap under the fee is refused with ERR_FEE_EXCEEDED. The output is the
// engine's, and the precompile (the slashing source) agrees with it.
func testAttestation(t *testing.T, ctx context.Context, d *devnet.Devnet, seq *ethclient.Client) {
	a := d.State().Attest
	if a == nil {
		t.Fatal("the devnet set up no attestation path")
	}
	st := bindings.NewSettlement()
	user := d.UserKey(0)
	_, am, _, err := attest.Example("")
	if err != nil {
		t.Fatal(err)
	}
	call := func(data []byte) []byte {
		t.Helper()
		out, err := seq.CallContract(ctx, ethereum.CallMsg{To: &a.Settlement, Data: data}, nil)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	balance := func(who common.Address) *big.Int {
		b, err := st.UnpackBalanceOf(call(st.PackBalanceOf(who)))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	nodeAddr := chain.Address(chain.DevKey("aievm devnet", chain.AttestNode))
	parties := []common.Address{nodeAddr, a.Treasury}
	for i := 0; i < 3; i++ {
		parties = append(parties, chain.Address(chain.DevKey("aievm devnet", chain.Validator(i))))
	}
	before := map[common.Address]*big.Int{}
	for _, p := range parties {
		before[p] = balance(p)
	}
	var maddr [32]byte
	copy(maddr[:], common.FromHex(a.Model))

	_, err = ethtx.Send(ctx, seq, user, ethtx.Tx{To: &a.Settlement, Data: st.PackRequest(maddr, []byte{1, 2, 3, 4}, big.NewInt(1)), Value: a.Fee}, time.Minute)
	if code := settle.Code(err); code != "ERR_FEE_EXCEEDED" {
		t.Fatalf("request under its fee: %q (%v), want ERR_FEE_EXCEEDED", code, err)
	}
	inputs := [][]byte{{1, 2, 3, 4}, {0x80, 0x7f, 0x10, 0xf0}}
	var ids []*big.Int
	for _, x := range inputs {
		r, err := ethtx.Send(ctx, seq, user, ethtx.Tx{To: &a.Settlement, Data: st.PackRequest(maddr, x, a.Fee), Value: a.Fee}, time.Minute)
		if err != nil {
			t.Fatalf("request: %v (%s)", err, settle.Code(err))
		}
		id, err := settle.RequestID(r)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	start := time.Now()
	waitFor(t, 3*time.Minute, func() string {
		for _, id := range ids {
			q, err := st.UnpackGetRequest(call(st.PackGetRequest(id)))
			if err != nil || q.Status != 2 {
				return "request " + id.String() + " not settled"
			}
		}
		return ""
	})
	t.Logf("%d attested requests settled %s after the last was filed", len(ids), time.Since(start).Round(time.Millisecond))

	// The Settled events carry the engine's outputs.
	logs, err := seq.FilterLogs(ctx, ethereum.FilterQuery{Addresses: []common.Address{a.Settlement}})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]byte{}
	for _, l := range logs {
		if ev, err := st.UnpackSettledEvent(&l); err == nil {
			got[ev.Id.String()] = ev.Output
		}
	}
	for i, id := range ids {
		want := am.Forward(attest.Int8s(inputs[i]))
		if !bytes.Equal(got[id.String()], attest.Bytes(want)) {
			t.Fatalf("request %v settled output %x, engine %x", id, got[id.String()], attest.Bytes(want))
		}
	}
	op, each, tr := settle.Split(a.Fee, 3)
	n := big.NewInt(int64(len(ids)))
	for i, p := range parties {
		gain := new(big.Int).Sub(balance(p), before[p])
		want := map[int]*big.Int{0: new(big.Int).Mul(op, n), 1: new(big.Int).Mul(tr, n)}[i]
		if i >= 2 {
			want = new(big.Int).Mul(each, n)
		}
		if gain.Cmp(want) != 0 {
			t.Fatalf("party %d (%s) gained %v, want %v (fee %v: %v / %v x3 / %v)", i, p, gain, want, a.Fee, op, each, tr)
		}
	}
	// The node withdraws its earnings as ETH.
	nodeKey := chain.DevKey("aievm devnet", chain.AttestNode)
	eth0, _ := seq.BalanceAt(ctx, nodeAddr, nil)
	earned := balance(nodeAddr)
	r, err := ethtx.Send(ctx, seq, nodeKey, ethtx.Tx{To: &a.Settlement, Data: st.PackWithdraw(earned)}, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	eth1, _ := seq.BalanceAt(ctx, nodeAddr, r.BlockNumber)
	if fees := new(big.Int).Mul(r.EffectiveGasPrice, new(big.Int).SetUint64(r.GasUsed)); new(big.Int).Sub(eth1, eth0).Cmp(new(big.Int).Sub(earned, fees)) > 0 || balance(nodeAddr).Sign() != 0 {
		t.Fatalf("withdraw: ETH %v -> %v for %v earned", eth0, eth1, earned)
	}
	// The slashing source, the inference precompile, agrees with the settled output.
	res := bindings.NewInferenceOracle()
	out, err := seq.CallContract(ctx, ethereum.CallMsg{To: &a.Results, Data: res.PackResultOf(maddr, inputs[0])}, nil)
	if err != nil {
		t.Fatal(err)
	}
	ro, err := res.UnpackResultOf(out)
	if err != nil || !ro.Ok || !bytes.Equal(ro.Output, got[ids[0].String()]) {
		t.Fatalf("PrecompileResults.resultOf: %+v (%v), settled %x", ro, err, got[ids[0].String()])
	}
}
