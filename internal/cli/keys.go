package cli

import (
	"crypto/ecdsa"
	"fmt"
	"log/slog"
	"strings"

	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/log"
	"github.com/urfave/cli/v2"

	"github.com/aievm/aievm/op-node-ext/signer"
)

// The key of a service that signs with one key: a keystore file unlocked
// with a password file (what an operator uses), or a hex --private-key,
// best given in the environment (the devnet's public dev keys, tests).
var (
	keystoreFlag = &cli.StringFlag{Name: "keystore", EnvVars: []string{"AIEVM_KEYSTORE"},
		Usage: "keystore file of the service's key, unlocked with --password (instead of --private-key)"}
	passwordFlag = &cli.StringFlag{Name: "password", EnvVars: []string{"AIEVM_PASSWORD"},
		Usage: "file holding the --keystore password (a trailing newline is trimmed)"}
)

// serviceKey returns the key from --keystore and --password, or else from
// the hex key flag named keyFlag; exactly one of the two must be given.
func serviceKey(c *cli.Context, keyFlag string) (*ecdsa.PrivateKey, error) {
	ks, hexKey := c.String(keystoreFlag.Name), c.String(keyFlag)
	switch {
	case ks != "" && hexKey != "":
		return nil, fmt.Errorf("--%s and --%s both given: use one", keystoreFlag.Name, keyFlag)
	case ks != "":
		pwFile := c.String(passwordFlag.Name)
		if pwFile == "" {
			return nil, fmt.Errorf("--%s needs --%s, a file holding its password", keystoreFlag.Name, passwordFlag.Name)
		}
		pw, err := signer.ReadPassword(pwFile)
		if err != nil {
			return nil, fmt.Errorf("--%s: %w", passwordFlag.Name, err)
		}
		// Its warning (a keystore file open to group or others) to stderr.
		lg := log.NewLogger(slog.NewTextHandler(c.App.ErrWriter, &slog.HandlerOptions{Level: slog.LevelWarn}))
		keys, err := signer.LoadKeys([]string{ks}, pw, lg)
		if err != nil {
			return nil, fmt.Errorf("--%s: %w", keystoreFlag.Name, err)
		}
		if len(keys) != 1 {
			return nil, fmt.Errorf("--%s %s: %d keys, want one (name a file, not a directory of several)", keystoreFlag.Name, ks, len(keys))
		}
		return keys[0], nil
	case hexKey != "":
		k, err := crypto.HexToECDSA(strings.TrimPrefix(hexKey, "0x"))
		if err != nil {
			return nil, fmt.Errorf("--%s: %w", keyFlag, err)
		}
		return k, nil
	}
	return nil, fmt.Errorf("a key is required: --%s with --%s, or --%s", keystoreFlag.Name, passwordFlag.Name, keyFlag)
}
