package devnet

import (
	"github.com/ethereum/go-ethereum/common"

	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestConfig(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, c := range []struct {
		name, toml, err string
		check           func(Config) bool
	}{
		{"overrides", "l2_chain_id = 4242\n[ports]\nl1_rpc = 0\n", "", func(c Config) bool { return c.L2ChainID == 4242 && c.Ports.L1RPC == 0 && c.L1ChainID == 900 }},
		{"unknown key", "l2_chain = 1\n", `unknown key "l2_chain"`, nil},
		{"same chain ids", "l1_chain_id = 5\nl2_chain_id = 5\n", "distinct", nil},
		{"external L1 without beacon", "l1_rpc = \"http://127.0.0.1:1\"\n", "beacon", nil},
		{"bad toml", "l1_chain_id = \n", "devnet config", nil},
		{"oracle and challenger", "oracle_window = 60\noracle_clock = 30\nchallenger = false\n", "",
			func(c Config) bool { return c.OracleWindow == 60 && c.OracleClock == 30 && !c.Challenger }},
		{"no oracle clock", "oracle_clock = 0\n", "window and clock", nil},
	} {
		p := filepath.Join(dir, strings.ReplaceAll(c.name, " ", "_")+".toml")
		if err := os.WriteFile(p, []byte(c.toml), 0o644); err != nil {
			t.Fatal(err)
		}
		cfg := Default()
		cfg.GethCommand = []string{"ai-geth"}
		err := LoadTOML(p, &cfg)
		if err == nil {
			err = cfg.check()
		}
		if c.err == "" && (err != nil || !c.check(cfg)) {
			t.Errorf("%s: %v, %+v", c.name, err, cfg)
		}
		if c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)) {
			t.Errorf("%s: error %v, want one saying %q", c.name, err, c.err)
		}
	}
}

func TestBatchInbox(t *testing.T) {
	t.Parallel()
	if got := BatchInbox(901); got != common.HexToAddress("0xff00000000000000000000000000000000000385") {
		t.Fatalf("BatchInbox(901) = %s", got)
	}
}
