package e2e

import (
	"bytes"
	"context"
	"crypto/rand"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/urfave/cli/v2"

	"github.com/aievm/aievm/contracts/bindings"
	"github.com/aievm/aievm/geth-fork/precompile"
	aicli "github.com/aievm/aievm/internal/cli"
	"github.com/aievm/aievm/internal/ethtx"
	"github.com/aievm/aievm/model-da/onchain"
	"github.com/aievm/aievm/model-da/store"
	"github.com/aievm/aievm/op-node-ext/devnet"
	"github.com/aievm/aievm/opml/examples"
	"github.com/aievm/aievm/opml/llama"
	"github.com/aievm/aievm/opml/tensor"
)

// headAdvances fails unless c's head passes from by at least n blocks within d.
func headAdvances(t *testing.T, ctx context.Context, name string, c *ethclient.Client, from uint64, n uint64, d time.Duration) uint64 {
	t.Helper()
	deadline := time.Now().Add(d)
	for {
		h, err := c.BlockNumber(ctx)
		if err == nil && h >= from+n {
			return h
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: head at %d (%v), not past %d after %s: the chain is halted", name, h, err, from+n, d)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// sameBlock fails unless the verifier's block n is the sequencer's.
func sameBlock(t *testing.T, ctx context.Context, seq, ver *ethclient.Client, n *big.Int, timeout time.Duration) {
	t.Helper()
	want := waitBlock(t, ctx, seq, n, timeout)
	got := waitBlock(t, ctx, ver, n, timeout)
	if got.Hash() != want.Hash() || got.Root != want.Root {
		t.Fatalf("block %s: verifier hash %s root %s; sequencer hash %s root %s", n, got.Hash(), got.Root, want.Hash(), want.Root)
	}
}

// testHaltAttack replays the attack that once halted the chain for good:
// register a model nobody can have, then call it, as an L2 transaction and
// as an L1 deposit. Both nodes keep making blocks, the calls revert with
// "not yet available" on both, and their state roots agree.
func testHaltAttack(t *testing.T, ctx context.Context, d *devnet.Devnet, seq, ver, l1 *ethclient.Client) {
	st := d.State()
	user := d.UserKey(3)
	var r [32]byte
	rand.Read(r[:])
	reg, cls := bindings.NewModelRegistry(), bindings.NewClassifier()
	if _, err := ethtx.Send(ctx, seq, user, ethtx.Tx{To: &st.Registry, Data: reg.PackRegister(r, "bafkreiunavailable", 1000, 1, 1, 1)}, time.Minute); err != nil {
		t.Fatalf("register: %v", err)
	}
	call := cls.PackInference(r, make([]byte, 16), big.NewInt(12))
	rc, err := ethtx.Send(ctx, seq, user, ethtx.Tx{To: &st.Demo, Data: call, Gas: 500_000}, time.Minute)
	if err == nil || rc == nil || rc.Status != types.ReceiptStatusFailed {
		t.Fatalf("call to an unavailable model: receipt %v, err %v; want a reverted transaction", rc, err)
	}
	headAdvances(t, ctx, "sequencer", seq, rc.BlockNumber.Uint64(), 5, 10*time.Second)
	// The same call as a deposit from L1, which the sequencer cannot refuse.
	dep := packPortal(t, "depositTransaction", st.Demo, new(big.Int), uint64(500_000), false, call)
	if _, err := ethtx.Send(ctx, l1, user, ethtx.Tx{To: &st.Contracts.OptimismPortal, Data: dep}, time.Minute); err != nil {
		t.Fatalf("deposit: %v", err)
	}
	var depBlock *big.Int
	for from := rc.BlockNumber.Uint64(); depBlock == nil; {
		head := headAdvances(t, ctx, "sequencer", seq, from, 1, 10*time.Second)
		for n := from + 1; n <= head && depBlock == nil; n++ {
			b, err := seq.BlockByNumber(ctx, new(big.Int).SetUint64(n))
			if err != nil {
				t.Fatal(err)
			}
			for _, tx := range b.Transactions() {
				if tx.Type() == types.DepositTxType && tx.To() != nil && *tx.To() == st.Demo {
					depBlock = b.Number()
					r, err := seq.TransactionReceipt(ctx, tx.Hash())
					if err != nil || r.Status != types.ReceiptStatusFailed {
						t.Fatalf("deposit receipt %v (%v), want a reverted call", r, err)
					}
				}
			}
		}
		from = head
		if ctx.Err() != nil {
			t.Fatal("deposit never reached L2")
		}
	}
	headAdvances(t, ctx, "sequencer", seq, depBlock.Uint64(), 5, 10*time.Second)
	for _, n := range []*big.Int{rc.BlockNumber, depBlock} {
		waitSafe(t, ctx, seq, n, 3*time.Minute)
		sameBlock(t, ctx, seq, ver, n, time.Minute)
		for name, c := range map[string]*ethclient.Client{"sequencer": seq, "verifier": ver} {
			_, err := c.CallContract(ctx, ethereum.CallMsg{From: st.Demo, To: &st.Demo, Data: call}, n)
			if err == nil || !strings.Contains(err.Error(), "not yet available") {
				t.Fatalf("%s at block %s: %v, want a revert 'not yet available'", name, n, err)
			}
		}
	}
	vh, _ := ver.BlockNumber(ctx)
	headAdvances(t, ctx, "verifier", ver, vh, 2, 30*time.Second)
	t.Logf("attack calls reverted in blocks %s (L2 tx) and %s (deposit); both nodes kept going", rc.BlockNumber, depBlock)
}

// testPublishAndFollow publishes a new model through the chain after
// genesis, calls it in a transaction, then starts a verifier with no model
// peers and an empty model store, which derives the chain from L1 and
// reaches the same state root.
func testPublishAndFollow(t *testing.T, ctx context.Context, d *devnet.Devnet, seq *ethclient.Client) {
	st := d.State()
	m, err := examples.Decoder(examples.DecoderConfig{Config: llama.Config{Name: "e2e-decoder", Vocab: 256, Dim: 128, Hidden: 256,
		Layers: 2, Heads: 4, KVHeads: 2, Seq: 4, Theta: 10000, Eps: 1e-5}, Weights: tensor.Q8_0})
	if err != nil {
		t.Fatal(err)
	}
	file := m.Encode()
	addr := m.Address()
	cls := bindings.NewClassifier()
	in := examples.SampleBytes(m, 1)
	call := cls.PackInference(addr, in, big.NewInt(int64(precompile.Outputs(m))))
	user := d.UserKey(3)
	// Registered and half published: not callable.
	p := &onchain.Publisher{Client: seq, Key: user, Registry: st.Registry, Parallel: 1}
	pctx, stop := context.WithCancel(ctx)
	p.Progress = func(done, total int) {
		if done >= 1 {
			stop()
		}
	}
	p.Publish(pctx, file, "bafkrei-e2e")
	if _, err := seq.CallContract(ctx, ethereum.CallMsg{To: &st.Demo, Data: call}, nil); err == nil || !strings.Contains(err.Error(), "not yet available") {
		t.Fatalf("half-published model: %v, want 'not yet available'", err)
	}
	// The rest with the CLI, as a user would: status, publish (resumes), status.
	aievm := func(args ...string) string {
		var out bytes.Buffer
		app := &cli.App{Name: "aievm", Writer: &out, ErrWriter: &out, Commands: []*cli.Command{aicli.ModelCommand}}
		if err := app.RunContext(ctx, append([]string{"aievm", "model"}, args...)); err != nil {
			t.Fatalf("aievm model %v: %v\n%s", args, err, out.String())
		}
		return out.String()
	}
	a := store.FormatAddress(addr)
	if out := aievm("status", "--rpc", d.Sequencer.HTTP(), a); !strings.Contains(out, "not yet available") || !strings.Contains(out, "missing:") {
		t.Fatalf("status of a half-published model:\n%s", out)
	}
	path := filepath.Join(t.TempDir(), "m.opml")
	if err := os.WriteFile(path, file, 0o644); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	out := aievm("publish", "--datadir", t.TempDir(), "--rpc", d.Sequencer.HTTP(), "--private-key", hexutil.Encode(crypto.FromECDSA(user)), path)
	if !strings.Contains(out, "address: "+a) || !strings.Contains(out, "on chain: available from L2 block") {
		t.Fatalf("publish printed:\n%s", out)
	}
	t.Logf("published %d bytes in %s:\n%s", len(file), time.Since(start).Round(time.Millisecond), out)
	if out := aievm("status", "--rpc", d.Sequencer.HTTP(), a); !strings.Contains(out, "available (callable)") {
		t.Fatalf("status after publication:\n%s", out)
	}
	r, err := ethtx.Send(ctx, seq, user, ethtx.Tx{To: &st.Demo, Data: call}, time.Minute)
	if err != nil {
		t.Fatalf("call the published model: %v", err)
	}
	ev, err := cls.UnpackInferenceEvent(r.Logs[0])
	if err != nil || len(ev.Output) != precompile.Outputs(m) {
		t.Fatalf("inference event %v (%v)", ev, err)
	}
	f, err := d.StartFollower(ctx, "follower")
	if err != nil {
		t.Fatalf("start a fresh verifier: %v", err)
	}
	fc := dial(t, ctx, f.Geth.HTTP())
	waitSafe(t, ctx, seq, r.BlockNumber, 3*time.Minute)
	sameBlock(t, ctx, seq, fc, r.BlockNumber, 3*time.Minute)
	ret, err := fc.CallContract(ctx, ethereum.CallMsg{To: &st.Demo, Data: cls.PackLastOutput()}, r.BlockNumber)
	if err != nil {
		t.Fatal(err)
	}
	if out, _ := cls.UnpackLastOutput(ret); !bytes.Equal(out, ev.Output) {
		t.Fatalf("fresh verifier computed %x, sequencer %x", out, ev.Output)
	}
}
