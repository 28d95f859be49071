package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/keystore"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/urfave/cli/v2"

	"github.com/aievm/aievm/op-node-ext/signer"
)

func TestServiceKey(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	pw, wrong := filepath.Join(dir, "pw"), filepath.Join(dir, "wrong")
	if err := os.WriteFile(pw, []byte("s3cret\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(wrong, []byte("guess\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	one := filepath.Join(dir, "one")
	acct, err := signer.NewKey(one, "s3cret", keystore.LightScryptN, keystore.LightScryptP)
	if err != nil {
		t.Fatal(err)
	}
	two := filepath.Join(dir, "two")
	for range 2 {
		if _, err := signer.NewKey(two, "s3cret", keystore.LightScryptN, keystore.LightScryptP); err != nil {
			t.Fatal(err)
		}
	}
	hexKey, _ := crypto.GenerateKey()
	for _, tc := range []struct {
		name string
		args []string
		want string // address, or an error's text
	}{
		{"keystore file and password", []string{"--keystore", acct.URL.Path, "--password", pw}, acct.Address.Hex()},
		{"a directory of one key", []string{"--keystore", one, "--password", pw}, acct.Address.Hex()},
		{"hex key", []string{"--private-key", hexutil.Encode(crypto.FromECDSA(hexKey))}, crypto.PubkeyToAddress(hexKey.PublicKey).Hex()},
		{"both", []string{"--keystore", acct.URL.Path, "--password", pw, "--private-key", "0x01"}, "both given"},
		{"keystore without password", []string{"--keystore", acct.URL.Path}, "needs --password"},
		{"wrong password", []string{"--keystore", acct.URL.Path, "--password", wrong}, "wrong password"},
		{"two keys", []string{"--keystore", two, "--password", pw}, "2 keys, want one"},
		{"not hex", []string{"--private-key", "zz"}, "--private-key"},
		{"nothing", nil, "a key is required"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got string
			app := &cli.App{Flags: []cli.Flag{keystoreFlag, passwordFlag, &cli.StringFlag{Name: "private-key"}},
				Action: func(c *cli.Context) error {
					k, err := serviceKey(c, "private-key")
					if err != nil {
						got = err.Error()
						return nil
					}
					got = crypto.PubkeyToAddress(k.PublicKey).Hex()
					return nil
				}}
			if err := app.Run(append([]string{"x"}, tc.args...)); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(got, tc.want) {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
		})
	}
}
