package e2e

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/aievm/aievm/op-node-ext/devnet"
)

// chromium is Debian's browser (.ci/run installs it).
const chromium = "/usr/bin/chromium"

// testDappPage drives the dapp page the devnet serves in a headless
// Chromium (web/test/browser.mjs) with a wallet that signs the way MetaMask
// does: connect and add the network, classify an iris by eth_call and by
// transaction, see a revert reason, deposit ETH from L1, withdraw it back
// (prove, finalize), request an attested inference. Screenshots go to
// build/screenshots.
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
	runNode(t, ctx, "browser test (screenshots in "+shots+")", "../web/test/browser.mjs", // every step
		"PAGE_URL="+d.DappURL(), "KEY="+hexutil.Encode(crypto.FromECDSA(d.UserKey(2))), "SCREENSHOTS="+shots, "CHROMIUM="+chromium)
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
