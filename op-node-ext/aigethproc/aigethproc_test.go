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
