package e2e

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
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
	script, err := filepath.Abs("../web/test/browser.mjs")
	if err != nil {
		t.Fatal(err)
	}
	shots, err := filepath.Abs("../build/screenshots")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(ctx, "node", script)
	cmd.Env = append(os.Environ(), "PAGE_URL="+d.DappURL(), "KEY="+hexutil.Encode(crypto.FromECDSA(d.UserKey(2))),
		"SCREENSHOTS="+shots, "CHROMIUM="+chromium, "WITHDRAW=1", "ATTEST=1")
	out, err := cmd.CombinedOutput()
	t.Logf("browser test (screenshots in %s):\n%s", shots, out)
	if err != nil {
		t.Fatalf("browser test: %v", err)
	}
}
