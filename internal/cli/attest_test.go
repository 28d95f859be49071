package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

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
		{"node without key", []string{"node", "--settlement", "0x" + strings.Repeat("22", 20)}, "--private-key is required"},
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
