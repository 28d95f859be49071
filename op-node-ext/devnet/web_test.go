package devnet

import (
	"bytes"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/log"

	"github.com/aievm/aievm/op-node-ext/aigethproc"
	"github.com/aievm/aievm/op-node-ext/dapp"
	"github.com/aievm/aievm/opml/gguf"
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

// TestDappGeneration: the page's prompt box offers the example generation
// model and the configured ones, each with its tokenizer (a configured
// one's read from its GGUF file, whose end token the page gets); a
// tokenizer file that cannot be read stops the start with its reason.
func TestDappGeneration(t *testing.T) {
	web := t.TempDir()
	if err := os.WriteFile(filepath.Join(web, "index.html"), []byte("<html></html>"), 0o644); err != nil {
		t.Fatal(err)
	}
	tokFile := filepath.Join(t.TempDir(), "tok.gguf")
	writeTokenizer(t, tokFile)
	ms, err := exampleModels()
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(ms, func(m Model) bool { return m.Name == "tiny-gen" })
	if i < 0 || ms[i].Generate == nil {
		t.Fatalf("no generation model tiny-gen among the examples")
	}
	gen := ms[i]
	addr := "0x" + strings.Repeat("ab", 32)
	cfg := Default()
	cfg.WebDir = web
	// Given without 0x and in upper case, the address reaches the page as
	// the chain spells it.
	cfg.DappGeneration = []GenerationModel{{Name: "ab-gen", Address: strings.Repeat("AB", 32), Seq: 4, Tokenizer: tokFile}}
	d := &Devnet{cfg: cfg, state: &State{Models: []Model{gen}}, log: log.NewLogger(log.DiscardHandler()), Sequencer: &aigethproc.Proc{}}
	if err := d.startWeb(); err != nil {
		t.Fatal(err)
	}
	defer d.web.Close()
	r, err := http.Get(d.DappURL() + "config.json")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(r.Body)
	r.Body.Close()
	var page dapp.Config
	if err := json.Unmarshal(body, &page); err != nil || len(page.Models) != 2 {
		t.Fatalf("config.json: %v\n%s", err, body)
	}
	if g := page.Models[0].Generate; g == nil || g.Seq != 8 || g.EOS != 0 {
		t.Fatalf("tiny-gen's generate: %+v", g)
	}
	if g := page.Models[1].Generate; g == nil || g.Seq != 4 || g.EOS != 0 || page.Models[1].Inputs[0].Shape[0] != 4 || page.Models[1].Address != addr {
		t.Fatalf("ab-gen: %+v", page.Models[1])
	}
	for model, want := range map[string]string{gen.Address: `{"ids":[66,67]}`, addr: `{"ids":[3]}`} {
		r, err := http.Post(d.DappURL()+"api/tokenize", "application/json", strings.NewReader(`{"model":"`+model+`","text":"ab"}`))
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(r.Body)
		r.Body.Close()
		if strings.TrimSpace(string(got)) != want {
			t.Errorf("tokenize ab with %s: %s, want %s", model, got, want)
		}
	}
	for _, c := range []struct {
		name string
		g    GenerationModel
		want string
	}{
		{"a missing tokenizer file", GenerationModel{Name: "ab-gen", Address: addr, Seq: 4, Tokenizer: filepath.Join(t.TempDir(), "missing.gguf")}, "ab-gen"},
		{"the example model's address", GenerationModel{Name: "again", Address: strings.ToUpper(gen.Address[2:]), Seq: 8, Tokenizer: tokFile}, "is the example model tiny-gen's"},
	} {
		cfg := d.cfg
		cfg.DappGeneration = []GenerationModel{c.g}
		if err := (&Devnet{cfg: cfg, state: d.state, log: d.log, Sequencer: d.Sequencer}).startWeb(); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want an error with %q", c.name, err, c.want)
		}
	}
}

// writeTokenizer writes a GGUF file holding only a tokenizer: <eos>, a, b
// and ab (merged from a and b).
func writeTokenizer(t *testing.T, path string) {
	t.Helper()
	var w gguf.Writer
	w.Set("tokenizer.ggml.model", "gpt2")
	w.Set("tokenizer.ggml.tokens", []string{"<eos>", "a", "b", "ab"})
	w.Set("tokenizer.ggml.merges", []string{"a b"})
	w.Set("tokenizer.ggml.eos_token_id", uint32(0))
	var b bytes.Buffer
	if _, err := w.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}
