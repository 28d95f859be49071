package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/urfave/cli/v2"
)

func runCLI(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	app := &cli.App{Name: "aievm", Writer: &out, ErrWriter: &out, Commands: []*cli.Command{ModelCommand},
		ExitErrHandler: func(*cli.Context, error) {}} // the test reads the exit code; never os.Exit
	err := app.Run(append([]string{"aievm"}, args...))
	return out.String(), err
}

func TestModelCommands(t *testing.T) {
	dir := t.TempDir()
	mlp := filepath.Join(dir, "mlp.opml")
	tests := []struct {
		name    string
		args    []string
		want    []string // substrings of the output (or error)
		wantErr bool
	}{
		{"build", []string{"model", "build", "--out", dir, "mlp", "cnn"}, []string{"mlp", "0x8a4f8170d53d4273", "cnn"}, false},
		{"build unknown", []string{"model", "build", "--out", dir, "gpt5"}, []string{`unknown example model "gpt5"`}, true},
		{"inspect", []string{"model", "inspect", "--graph", mlp}, []string{"address:   0x8a4f8170", "features  i8", "qlinear", "368 MACs"}, false},
		{"run hex", []string{"model", "run", "--input-hex", "0x2a1c3f08", mlp}, []string{"probs f32[3]: 0.162678 0.5334 0.303922", "class i32[1]: 1"}, false},
		{"run reference", []string{"model", "run", "--mode", "reference", "--input-hex", "2a1c3f08", mlp}, []string{"class i32[1]: 1", "reference path"}, false},
		{"run short input", []string{"model", "run", "--input-hex", "2a1c", mlp}, []string{"input is 2 bytes, model \"mlp\" takes 4"}, true},
		{"run bad mode", []string{"model", "run", "--mode", "gpu", mlp}, []string{"--mode must be fast or reference"}, true},
		{"inspect garbage", []string{"model", "inspect", "/dev/null"}, []string{"invalid model"}, true},
		{"convert missing", []string{"model", "convert", filepath.Join(dir, "none.gguf")}, []string{"no such file"}, true},
	}
	for _, tt := range tests {
		out, err := runCLI(t, tt.args...)
		if (err != nil) != tt.wantErr {
			t.Fatalf("%s: error %v (output %q)", tt.name, err, out)
		}
		if err != nil {
			out += err.Error()
		}
		for _, w := range tt.want {
			if !strings.Contains(out, w) {
				t.Errorf("%s: output lacks %q:\n%s", tt.name, w, out)
			}
		}
	}
	if _, err := os.Stat(mlp + ".tmp"); !os.IsNotExist(err) {
		t.Error("temporary file left behind")
	}
}
