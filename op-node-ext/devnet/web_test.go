package devnet

import (
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/log"

	"github.com/aievm/aievm/op-node-ext/aigethproc"
)

// TestDappPage: the page publishes only what browsers may have (never an
// external L1's l1_rpc, which often holds an API key), and a busy port does
// not stop the devnet.
func TestDappPage(t *testing.T) {
	web := t.TempDir()
	if err := os.WriteFile(filepath.Join(web, "index.html"), []byte("<html></html>"), 0o644); err != nil {
		t.Fatal(err)
	}
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	const secret = "https://l1.example/v3/SECRET-API-KEY"
	for _, c := range []struct {
		name      string
		l1RPC     string
		public    string
		port      int
		wantPage  bool
		wantL1RPC string
	}{
		{"local L1", "", "", 0, true, "http://127.0.0.1:8545"},
		{"external L1 with a public endpoint", secret, "https://public.example", 0, true, "https://public.example"},
		{"external L1 without one: no page", secret, "", 0, false, ""},
		{"a busy port gives way to a free one", "", "", busy.Addr().(*net.TCPAddr).Port, true, "http://127.0.0.1:8545"},
	} {
		t.Run(c.name, func(t *testing.T) {
			cfg := Default()
			cfg.WebDir, cfg.L1RPC, cfg.L1PublicRPC, cfg.Ports.Web = web, c.l1RPC, c.public, c.port
			d := &Devnet{cfg: cfg, state: &State{}, log: log.NewLogger(log.DiscardHandler()), Sequencer: &aigethproc.Proc{}}
			if err := d.startWeb(); err != nil {
				t.Fatal(err)
			}
			if (d.DappURL() != "") != c.wantPage {
				t.Fatalf("page at %q, want one: %v", d.DappURL(), c.wantPage)
			}
			if !c.wantPage {
				return
			}
			defer d.web.Close()
			r, err := http.Get(d.DappURL() + "config.json")
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(r.Body)
			r.Body.Close()
			if strings.Contains(string(b), "SECRET") || !strings.Contains(string(b), `"rpcUrl": "`+c.wantL1RPC+`"`) || r.Header.Get("Access-Control-Allow-Origin") != "" {
				t.Fatalf("config.json (CORS %q):\n%s", r.Header.Get("Access-Control-Allow-Origin"), b)
			}
		})
	}
}
