package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/aievm/aievm/opml/examples"
	"github.com/aievm/aievm/opml/model"
)

// TestAttestErrors checks what the attest commands say about bad input,
// before any key or chain is needed.
func TestAttestErrors(t *testing.T) {
	for _, env := range []string{"AIEVM_NODE_KEY", "AIEVM_VALIDATOR_KEY", "AIEVM_USER_KEY"} {
		t.Setenv(env, "")
	}
	dir := t.TempDir()
	write := func(name string, build func() (*model.Model, error)) string {
		m, err := build()
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, m.Encode(), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	cnn, mlp := write("cnn.opml", examples.CNN), write("mlp.opml", examples.AttestMLP)
	key := "0x" + strings.Repeat("11", 32)
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"setup of a float model", []string{"setup", "--keys", dir, cnn}, "attestation needs exactly one int8 output"},
		{"prove without input", []string{"prove", "--keys", dir, mlp}, "--input-hex is required"},
		{"prove a wrong size", []string{"prove", "--keys", dir, "--input-hex", "0102", mlp}, "2 bytes, the model takes 4"},
		{"prove without keys", []string{"prove", "--keys", dir, "--input-hex", "01020304", mlp}, "run `aievm attest setup` first"},
		{"verify no file", []string{"verify", "--keys", dir}, "expected one proof file"},
		{"node without key", []string{"node", "--settlement", "0x" + strings.Repeat("22", 20)}, "a key is required: --keystore with --password, or --private-key"},
		{"validator bad settlement", []string{"validator", "--settlement", "0x12", "--private-key", key}, `--settlement: "0x12" is not an address`},
		{"request bad model", []string{"request", "--settlement", "0x" + strings.Repeat("22", 20), "--model", "0x12"}, "--model: want a 32-byte model address"},
		{"bench unknown model", []string{"bench", "gpt5"}, `unknown attestable model "gpt5"`},
	} {
		var out bytes.Buffer
		app := &cli.App{Name: "aievm", Writer: &out, ErrWriter: &out, Commands: []*cli.Command{AttestCommand}}
		err := app.Run(append([]string{"aievm", "attest"}, c.args...))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one saying %q", c.name, err, c.want)
		}
	}
}

// TestValidatorMetricsFlags runs `aievm attest validator --metrics.enabled`
// (no chain is dialled before a request needs one) and checks its metrics
// endpoint counts a malformed co-sign request as refused.
func TestValidatorMetricsFlags(t *testing.T) {
	t.Setenv("AIEVM_VALIDATOR_KEY", "")
	httpPort, metricsPort := freePort(t), freePort(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		var out bytes.Buffer
		app := &cli.App{Name: "aievm", Writer: &out, ErrWriter: &out, Commands: []*cli.Command{AttestCommand}}
		done <- app.RunContext(ctx, []string{"aievm", "attest", "validator", "--settlement", "0x" + strings.Repeat("22", 20),
			"--private-key", "0x" + strings.Repeat("11", 32), "--rpc", "http://127.0.0.1:1", "--log.level", "error",
			"--http.port", fmt.Sprint(httpPort), "--metrics.enabled", "--metrics.port", fmt.Sprint(metricsPort)})
	}()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("validator: %v", err)
		}
	}()
	scrape := func() string {
		t.Helper()
		for i := 0; ; i++ {
			r, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/metrics", metricsPort))
			if err == nil {
				b, _ := io.ReadAll(r.Body)
				r.Body.Close()
				return string(b)
			}
			if i == 100 {
				t.Fatalf("metrics: %v", err)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	if m := scrape(); !strings.Contains(m, `aievm_attest_validator_requests_total{result="refused"} 0`) ||
		!strings.Contains(m, "aievm_attest_validator_verify_seconds_count 0") {
		t.Fatalf("metrics before any request:\n%s", m)
	}
	var r *http.Response
	var err error
	for i := 0; i < 100; i++ { // the metrics server starts before the validator's
		if r, err = http.Post(fmt.Sprintf("http://127.0.0.1:%d/v1/sign", httpPort), "application/json", strings.NewReader("{")); err == nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err != nil {
		t.Fatal(err)
	}
	r.Body.Close()
	if r.StatusCode != http.StatusBadRequest {
		t.Fatalf("malformed request: %s", r.Status)
	}
	if m := scrape(); !strings.Contains(m, `aievm_attest_validator_requests_total{result="refused"} 1`) {
		t.Fatalf("metrics after a malformed request:\n%s", m)
	}
}

// freePort is a TCP port free on 127.0.0.1 a moment ago.
func freePort(t *testing.T) int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}
