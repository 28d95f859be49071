package cli

import (
	"bytes"
	"strings"
	"testing"

	"github.com/urfave/cli/v2"
)

func TestChallengerFlags(t *testing.T) {
	t.Setenv("AIEVM_CHALLENGER_KEY", "")
	key := "0x" + strings.Repeat("11", 32)
	oracle := "0x" + strings.Repeat("22", 20)
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"no key", []string{"--oracle", oracle}, "a key is required: --keystore with --password, or --private-key"},
		{"bad key", []string{"--oracle", oracle, "--private-key", "0x1234"}, "--private-key"},
		{"no oracle", []string{"--private-key", key}, `--oracle: "" is not an address`},
		{"bad oracle", []string{"--private-key", key, "--oracle", "0x12"}, `--oracle: "0x12" is not an address`},
		{"bad log level", []string{"--private-key", key, "--oracle", oracle, "--log.level", "loud"}, "--log.level"},
		{"bench unknown model", []string{"bench", "gpt5"}, `unknown example model "gpt5"`},
	} {
		var out bytes.Buffer
		app := &cli.App{Name: "aievm", Writer: &out, ErrWriter: &out, Commands: []*cli.Command{ChallengerCommand}}
		err := app.Run(append([]string{"aievm", "challenger", "--datadir", t.TempDir()}, c.args...))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one saying %q", c.name, err, c.want)
		}
	}
}
