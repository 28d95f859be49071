package aigethproc

import (
	"slices"
	"strings"
	"testing"
)

// TestArgsExposeNoDebug: the node's user RPC serves no debug or admin
// namespace (a web page could call debug_setHead through open CORS) and
// checks virtual hosts.
func TestArgsExposeNoDebug(t *testing.T) {
	t.Parallel()
	a := Config{DataDir: "d", Host: "127.0.0.1", HTTPPort: 1, AuthPort: 2, JWT: "j"}.args()
	api := a[slices.Index(a, "--http.api")+1]
	if strings.Contains(api, "debug") || strings.Contains(api, "admin") || a[slices.Index(a, "--http.vhosts")+1] == "*" {
		t.Fatalf("ai-geth args expose too much: %v", a)
	}
}

// TestArgsCaps: the RPC gas and fee caps are geth's defaults unless set (a
// chain whose blocks hold a language model's call raises both).
func TestArgsCaps(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		cfg       Config
		gas, fees string // "" when the flag is absent
	}{
		{Config{}, "", ""},
		{Config{RPCGasCap: 200_000_000, RPCTxFeeCap: "100"}, "200000000", "100"},
	} {
		a := c.cfg.args()
		flag := func(name string) string {
			if i := slices.Index(a, name); i >= 0 {
				return a[i+1]
			}
			return ""
		}
		if flag("--rpc.gascap") != c.gas || flag("--rpc.txfeecap") != c.fees {
			t.Errorf("%+v: --rpc.gascap %q --rpc.txfeecap %q, want %q %q", c.cfg, flag("--rpc.gascap"), flag("--rpc.txfeecap"), c.gas, c.fees)
		}
	}
}
