package cli

import (
	"fmt"
	"net"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/ethereum/go-ethereum/accounts/keystore"
	"github.com/ethereum/go-ethereum/log"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/urfave/cli/v2"

	"github.com/aievm/aievm/op-node-ext/signer"
)

// signerEnv is a signer flag's environment variable: AIEVM_SIGNER_ and the
// flag's name in capitals, . and - as _ (rpc.port: AIEVM_SIGNER_RPC_PORT).
func signerEnv(name string) []string {
	return []string{"AIEVM_SIGNER_" + strings.ToUpper(strings.NewReplacer(".", "_", "-", "_").Replace(name))}
}

var (
	sgKeystore = &cli.StringSliceFlag{Name: "keystore", EnvVars: signerEnv("keystore"),
		Usage: "keystore file, or directory of keystore files, geth's format (required; repeatable)"}
	sgPassword = &cli.StringFlag{Name: "password", EnvVars: signerEnv("password"),
		Usage: "file holding the keystore password, one for all keys; a trailing newline is trimmed (required)"}
	sgChainID = &cli.Uint64SliceFlag{Name: "chain-id", EnvVars: signerEnv("chain-id"),
		Usage: "chain id to sign for (required; repeatable): the L1's for op-batcher, op-proposer and op-challenger transactions, the L2's for op-node's block payloads"}
	sgRPCAddr = &cli.StringFlag{Name: "rpc.addr", EnvVars: signerEnv("rpc.addr"), Value: "127.0.0.1",
		Usage: "listen address (beyond loopback, set --auth.token-file)"}
	sgRPCPort   = &cli.IntFlag{Name: "rpc.port", EnvVars: signerEnv("rpc.port"), Value: 8560, Usage: "listen port"}
	sgTokenFile = &cli.StringFlag{Name: "auth.token-file", EnvVars: signerEnv("auth.token-file"),
		Usage: `file holding a token every request must carry as "Authorization: Bearer <token>" (OP services: --signer.header "Authorization=Bearer <token>")`}
	sgMetrics  = &cli.BoolFlag{Name: "metrics.enabled", EnvVars: signerEnv("metrics.enabled"), Usage: "serve Prometheus metrics at http://<metrics.addr>:<metrics.port>/metrics"}
	sgMetAddr  = &cli.StringFlag{Name: "metrics.addr", EnvVars: signerEnv("metrics.addr"), Value: "127.0.0.1", Usage: "metrics listen address"}
	sgMetPort  = &cli.IntFlag{Name: "metrics.port", EnvVars: signerEnv("metrics.port"), Value: 7310, Usage: "metrics listen port (OP services default to 7300)"}
	sgLogLevel = &cli.StringFlag{Name: "log.level", EnvVars: signerEnv("log.level"), Value: "info", Usage: "error, warn, info or debug"}
)

// SignerCommand serves keystore keys to OP Stack services as a remote signer
// (op-node-ext/signer).
var SignerCommand = &cli.Command{
	Name:  "signer",
	Usage: "remote signer for op-node, op-batcher, op-proposer and op-challenger (--signer.endpoint/--signer.address), keys in keystore files",
	Description: `Decrypts the keystore files with --password and signs, over JSON-RPC, the
transactions and sequencer block payloads the OP Stack services send with
--signer.endpoint http://127.0.0.1:8560 --signer.address <address>, for the chain
ids given with --chain-id only. Serves loopback by default; beyond it, set
--auth.token-file (and have the services send the token with --signer.header) or
put it behind a proxy with mutual TLS. Every flag has an environment variable
AIEVM_SIGNER_<FLAG> (--rpc.port: AIEVM_SIGNER_RPC_PORT).`,
	Flags:  []cli.Flag{sgKeystore, sgPassword, sgChainID, sgRPCAddr, sgRPCPort, sgTokenFile, sgMetrics, sgMetAddr, sgMetPort, sgLogLevel},
	Action: runSigner,
	Subcommands: []*cli.Command{{
		Name:  "new-key",
		Usage: "make a random key in a keystore file and print its address",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "keystore", EnvVars: signerEnv("keystore"), Usage: "directory to store the key in, created if missing (required)"},
			sgPassword,
			&cli.BoolFlag{Name: "lightkdf", Usage: "weaker, faster key derivation (as geth's --lightkdf; for throwaway keys)"},
		},
		Action: signerNewKey,
	}},
}

func runSigner(c *cli.Context) error {
	lg, err := logger(c)
	if err != nil {
		return err
	}
	paths := c.StringSlice(sgKeystore.Name)
	if len(paths) == 0 {
		return fmt.Errorf("--%s (or %s) is required: a keystore file or directory (aievm signer new-key makes one)", sgKeystore.Name, sgKeystore.EnvVars[0])
	}
	chains := c.Uint64Slice(sgChainID.Name)
	if len(chains) == 0 {
		return fmt.Errorf("--%s (or %s) is required: the chain ids to sign for (the L1's for transactions, the L2's for block payloads)", sgChainID.Name, sgChainID.EnvVars[0])
	}
	password, err := signerPassword(c)
	if err != nil {
		return err
	}
	keys, err := signer.LoadKeys(paths, password)
	if err != nil {
		return err
	}
	var token string
	if f := c.String(sgTokenFile.Name); f != "" {
		if token, err = signer.ReadToken(f); err != nil {
			return fmt.Errorf("--%s: %w", sgTokenFile.Name, err)
		}
	}
	reg := prometheus.NewRegistry()
	svc, err := signer.New(signer.Config{Keys: keys, ChainIDs: chains, AuthToken: token, Registerer: reg, Log: log.NewLogger(lg.Handler())})
	if err != nil {
		return err
	}
	defer svc.Close()
	ctx, stop := signal.NotifyContext(c.Context, os.Interrupt, syscall.SIGTERM)
	defer stop()
	ln, err := net.Listen("tcp", net.JoinHostPort(c.String(sgRPCAddr.Name), fmt.Sprint(c.Int(sgRPCPort.Name))))
	if err != nil {
		return fmt.Errorf("signer: %w", err)
	}
	if c.Bool(sgMetrics.Name) {
		stopMetrics, err := serveRegistry(net.JoinHostPort(c.String(sgMetAddr.Name), fmt.Sprint(c.Int(sgMetPort.Name))), reg)
		if err != nil {
			ln.Close()
			return err
		}
		defer stopMetrics()
	}
	url := "http://" + ln.Addr().String()
	if ip, ok := ln.Addr().(*net.TCPAddr); ok && !ip.IP.IsLoopback() && token == "" {
		lg.Warn("signer: serving beyond loopback without --auth.token-file: anyone who reaches the port can sign", "addr", ln.Addr())
	}
	out := c.App.Writer
	fmt.Fprintf(out, "signer: serving %s for chain ids %v\n", url, chains)
	for _, a := range svc.Addresses() {
		fmt.Fprintf(out, "signer: address %s\n", a.Hex())
	}
	lg.Info("signer started", "url", url, "chain_ids", chains, "addresses", svc.Addresses(), "auth", token != "")
	err = svc.Serve(ctx, ln)
	lg.Info("signer stopped")
	return err
}

// signerPassword reads the --password file.
func signerPassword(c *cli.Context) (string, error) {
	f := c.String(sgPassword.Name)
	if f == "" {
		return "", fmt.Errorf("--%s (or %s) is required: a file holding the keystore password", sgPassword.Name, sgPassword.EnvVars[0])
	}
	pw, err := signer.ReadPassword(f)
	if err != nil {
		return "", fmt.Errorf("--%s: %w", sgPassword.Name, err)
	}
	return pw, nil
}

func signerNewKey(c *cli.Context) error {
	dir := c.String("keystore")
	if dir == "" {
		return fmt.Errorf("new-key: --keystore (or %s) is required: the directory to store the key in", sgKeystore.EnvVars[0])
	}
	password, err := signerPassword(c)
	if err != nil {
		return err
	}
	n, p := keystore.StandardScryptN, keystore.StandardScryptP
	if c.Bool("lightkdf") {
		n, p = keystore.LightScryptN, keystore.LightScryptP
	}
	acct, err := signer.NewKey(dir, password, n, p)
	if err != nil {
		return fmt.Errorf("new-key: %w", err)
	}
	fmt.Fprintf(c.App.Writer, "address: %s\nkeystore file: %s\n", acct.Address.Hex(), acct.URL.Path)
	return nil
}
