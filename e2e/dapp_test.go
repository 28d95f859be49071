package e2e

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/urfave/cli/v2"

	aicli "github.com/aievm/aievm/internal/cli"
	"github.com/aievm/aievm/model-da/store"
	"github.com/aievm/aievm/op-node-ext/devnet"
	"github.com/aievm/aievm/opml/examples"
	opexec "github.com/aievm/aievm/opml/exec"
	"github.com/aievm/aievm/opml/generate"
)

// chromium is Debian's browser (.ci/run installs it).
const chromium = "/usr/bin/chromium"

// testDappPage drives the dapp page the devnet serves in a headless
// Chromium (web/test/browser.mjs) with a wallet that signs the way MetaMask
// does: connect and add the network, classify an iris by eth_call and by
// transaction, see a revert reason, generate text from a prompt with the toy
// generation model (the tokens the engine's greedy loop gives), deposit ETH
// from L1, withdraw it back (prove, finalize), request an attested
// inference. Screenshots go to build/screenshots.
func testDappPage(t *testing.T, ctx context.Context, d *devnet.Devnet) {
	if d.DappURL() == "" {
		t.Fatal("the devnet serves no dapp page (make web)")
	}
	if _, err := os.Stat(chromium); err != nil {
		t.Fatalf("%s: %v (apt-get install chromium; .ci/run does)", chromium, err)
	}
	shots, err := filepath.Abs("../build/screenshots")
	if err != nil {
		t.Fatal(err)
	}
	// The prompt box with the toy model: 5 tokens (stopped by the count),
	// then as many as the context holds.
	ids, text, stop := tinyCompletion(t, ctx, "Hi", 5)
	full, _, fullStop := tinyCompletion(t, ctx, "Hi", 100)
	if fullStop != generate.StopContext {
		t.Fatalf("tiny-gen's completion of Hi stopped for %s, not a full context", fullStop)
	}
	runNode(t, ctx, "browser test (screenshots in "+shots+")", "../web/test/browser.mjs", // every step
		"PAGE_URL="+d.DappURL(), "KEY="+hexutil.Encode(crypto.FromECDSA(d.UserKey(2))), "SCREENSHOTS="+shots, "CHROMIUM="+chromium,
		"GEN_MODEL="+examples.TinyGeneration.Name, "GEN_PROMPT=Hi", "GEN_MAX=5", "EXPECT_GEN_IDS="+ids, "EXPECT_GEN_STOP="+string(stop),
		"EXPECT_GEN_TEXT=Hi"+text, "GEN_MAX_FULL=100", "EXPECT_GEN_FULL_IDS="+full)
}

// testInferPrompt: `aievm infer --prompt` generates the engine's greedy
// tokens with the devnet's toy generation model (an eth_call a token) and
// with its KV-cache chain (an eth_call a stage for each position), both
// published at genesis.
func testInferPrompt(t *testing.T, ctx context.Context, d *devnet.Devnet) {
	tok := filepath.Join(t.TempDir(), "tiny-gen.gguf")
	b, err := examples.TinyGenerationTokenizerGGUF()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(tok, b, 0o644); err != nil {
		t.Fatal(err)
	}
	want, _, _ := tinyCompletion(t, ctx, "Hi", 5)
	gen, err := examples.Decoder(examples.TinyGeneration)
	if err != nil {
		t.Fatal(err)
	}
	chain, err := examples.TinyGenerationChain()
	if err != nil {
		t.Fatal(err)
	}
	stages := make([]string, len(chain))
	for i, m := range chain {
		stages[i] = store.FormatAddress(m.Address())
	}
	for _, models := range []string{store.FormatAddress(gen.Address()), strings.Join(stages, ",")} {
		var out bytes.Buffer
		app := &cli.App{Name: "aievm", Writer: &out, ErrWriter: &out, Commands: []*cli.Command{aicli.InferCommand}}
		if err := app.RunContext(ctx, []string{"aievm", "infer", "--rpc", d.Verifier.HTTP(), "--model", models,
			"--tokenizer", tok, "--prompt", "Hi", "--max-tokens", "5"}); err != nil {
			t.Fatalf("aievm infer --model %s: %v\n%s", models, err, out.String())
		}
		if got := idList(parseTokens(t, out.String())); got != want {
			t.Fatalf("aievm infer --model %s: tokens %s, the engine's %s\n%s", models, got, want, out.String())
		}
	}
}

// tinyCompletion is the devnet's toy generation model's greedy completion
// of prompt, run in process: its ids (space-separated), its text and why
// it stopped.
func tinyCompletion(t *testing.T, ctx context.Context, prompt string, max int) (string, string, generate.Stop) {
	t.Helper()
	m, err := examples.Decoder(examples.TinyGeneration)
	if err != nil {
		t.Fatal(err)
	}
	tk, err := examples.TinyGenerationTokenizer()
	if err != nil {
		t.Fatal(err)
	}
	e, err := opexec.New(m, opexec.Options{})
	if err != nil {
		t.Fatal(err)
	}
	g := generate.Model{Seq: examples.TinyGeneration.Seq}
	in, err := tk.Encode(prompt, true)
	if err != nil {
		t.Fatal(err)
	}
	out, stop, err := g.Greedy(ctx, g.Engine(e), in, max, tk.EOS, nil)
	if err != nil {
		t.Fatal(err)
	}
	text, err := tk.Decode(out)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("tiny-gen's greedy completion of %q: %q (%v, %s)", prompt, text, out, stop)
	return idList(out), text, stop
}

// idList is token ids as the page shows them: decimal, space-separated.
func idList(ids []int32) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = fmt.Sprint(id)
	}
	return strings.Join(s, " ")
}

// testExampleDeploy runs the example project's deploy script
// (examples/classifier/deploy.js) against the devnet: it compiles
// IrisClassifier with solc-js, deploys it, classifies a virginica by eth_call
// and by transaction through the real inference precompile.
func testExampleDeploy(t *testing.T, ctx context.Context, d *devnet.Devnet, irisAddr string) {
	out := runNode(t, ctx, "deploy.js", "../examples/classifier/deploy.js", "RPC="+d.Sequencer.HTTP(),
		"KEY="+hexutil.Encode(crypto.FromECDSA(d.UserKey(3))), "MODEL="+irisAddr, "INPUT=6.7,3.0,5.2,2.3")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if last := lines[len(lines)-1]; !strings.HasPrefix(last, "species 2 p=") {
		t.Fatalf("deploy.js classified 6.7/3.0/5.2/2.3 cm as %q, want a virginica (species 2)", last)
	}
}

// runNode runs one of the repository's node scripts (path relative to e2e/)
// with env added to the test's, logs its output under name, fails the test
// if it fails, and returns the output.
func runNode(t *testing.T, ctx context.Context, name, path string, env ...string) string {
	t.Helper()
	if _, err := exec.LookPath("node"); err != nil {
		t.Fatal("node not installed (make tools; .ci/run installs it)")
	}
	script, err := filepath.Abs(path)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(ctx, "node", script)
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	t.Logf("%s:\n%s", name, out)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return string(out)
}
