package cli

import (
	"crypto/tls"
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
		Usage: "listen address (beyond loopback, set the --tls.* flags or --auth.token-file)"}
	sgRPCPort   = &cli.IntFlag{Name: "rpc.port", EnvVars: signerEnv("rpc.port"), Value: 8560, Usage: "listen port"}
	sgRPCVHosts = &cli.StringSliceFlag{Name: "rpc.vhosts", EnvVars: signerEnv("rpc.vhosts"), Value: cli.NewStringSlice("localhost"),
		Usage: "host names accepted in a request's Host header besides IP literals and localhost, as geth's --http.vhosts (comma-separated or repeatable; * for any): a guard against DNS rebinding. Name here the host in the services' --signer.endpoint if it is not an IP"}
	sgTLSCert = &cli.StringFlag{Name: "tls.cert", EnvVars: signerEnv("tls.cert"),
		Usage: "server certificate, PEM, for the name or IP the services dial: with --tls.key and --tls.ca, serve HTTPS with mutual TLS (OP services: --signer.tls.ca/cert/key)"}
	sgTLSKey = &cli.StringFlag{Name: "tls.key", EnvVars: signerEnv("tls.key"), Usage: "the server certificate's private key, PEM"}
	sgTLSCA  = &cli.StringFlag{Name: "tls.ca", EnvVars: signerEnv("tls.ca"),
		Usage: "CA bundle, PEM, that the services' client certificates must chain to"}
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
--signer.endpoint <url> --signer.address <address>, for the chain ids given with
--chain-id only.

With --tls.cert, --tls.key and --tls.ca it serves HTTPS with mutual TLS (TLS 1.3,
client certificates required from the CA), what the services speak by default
(--signer.tls.ca, --signer.tls.cert, --signer.tls.key); the certificate and key
are reloaded when their files change. Without them it serves plain HTTP, which the
services reach with --signer.tls.enabled=false, on loopback only unless
--auth.token-file is set (the services send the token with --signer.header).
Requests from browsers (an Origin header) and for a Host other than an IP,
localhost or a --rpc.vhosts name are refused (HTTP 403). The --password and
--auth.token-file files must not be open to group or others (chmod 600).
Every flag has an environment variable AIEVM_SIGNER_<FLAG> (--rpc.port:
AIEVM_SIGNER_RPC_PORT, --tls.cert: AIEVM_SIGNER_TLS_CERT).`,
	Flags:  []cli.Flag{sgKeystore, sgPassword, sgChainID, sgRPCAddr, sgRPCPort, sgRPCVHosts, sgTLSCert, sgTLSKey, sgTLSCA, sgTokenFile, sgMetrics, sgMetAddr, sgMetPort, sgLogLevel},
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
	tlsFiles, err := signerTLSFiles(c)
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
	var token string
	if f := c.String(sgTokenFile.Name); f != "" {
		if token, err = signer.ReadToken(f); err != nil {
			return fmt.Errorf("--%s: %w", sgTokenFile.Name, err)
		}
	}
	// The address is resolved once, checked, and listened on as checked.
	addr, err := net.ResolveTCPAddr("tcp", net.JoinHostPort(c.String(sgRPCAddr.Name), fmt.Sprint(c.Int(sgRPCPort.Name))))
	if err != nil {
		return fmt.Errorf("--%s: %w", sgRPCAddr.Name, err)
	}
	if tlsFiles == nil && token == "" && (addr.IP == nil || !addr.IP.IsLoopback()) {
		return fmt.Errorf("--%s %q is beyond loopback, where anyone who reaches the port could sign: serve mutual TLS (--%s, --%s, --%s), set --%s, or listen on 127.0.0.1",
			sgRPCAddr.Name, c.String(sgRPCAddr.Name), sgTLSCert.Name, sgTLSKey.Name, sgTLSCA.Name, sgTokenFile.Name)
	}
	glog := log.NewLogger(lg.Handler())
	var tlsCfg *tls.Config
	scheme := "http://"
	if tlsFiles != nil {
		cfg, stopTLS, err := signer.LoadTLS(*tlsFiles, glog)
		if err != nil {
			return fmt.Errorf("--%s/--%s/--%s: %w", sgTLSCert.Name, sgTLSKey.Name, sgTLSCA.Name, err)
		}
		defer stopTLS()
		tlsCfg, scheme = cfg, "https://"
	} else if !addr.IP.IsLoopback() {
		lg.Warn("signer: plain HTTP beyond loopback: the bearer token and what is signed cross the network in the clear; across an untrusted network serve mutual TLS (--tls.cert, --tls.key, --tls.ca)", "addr", addr)
	}
	password, err := signerPassword(c)
	if err != nil {
		return err
	}
	keys, err := signer.LoadKeys(paths, password, glog)
	if err != nil {
		return err
	}
	reg := prometheus.NewRegistry()
	svc, err := signer.New(signer.Config{Keys: keys, ChainIDs: chains, AuthToken: token, TLS: tlsCfg,
		VirtualHosts: c.StringSlice(sgRPCVHosts.Name), Registerer: reg, Log: glog})
	if err != nil {
		return err
	}
	defer svc.Close()
	ctx, stop := signal.NotifyContext(c.Context, os.Interrupt, syscall.SIGTERM)
	defer stop()
	ln, err := net.ListenTCP("tcp", addr)
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
	url := scheme + ln.Addr().String()
	out := c.App.Writer
	fmt.Fprintf(out, "signer: serving %s for chain ids %v\n", url, chains)
	for _, a := range svc.Addresses() {
		fmt.Fprintf(out, "signer: address %s\n", a.Hex())
	}
	lg.Info("signer started", "url", url, "chain_ids", chains, "addresses", svc.Addresses(), "mtls", tlsFiles != nil, "auth", token != "")
	err = svc.Serve(ctx, ln)
	lg.Info("signer stopped")
	return err
}

// signerTLSFiles reads --tls.cert, --tls.key and --tls.ca: all three, or
// none (nil: plain HTTP).
func signerTLSFiles(c *cli.Context) (*signer.TLSFiles, error) {
	var set, unset []string
	for _, f := range []*cli.StringFlag{sgTLSCert, sgTLSKey, sgTLSCA} {
		if c.String(f.Name) != "" {
			set = append(set, "--"+f.Name)
		} else {
			unset = append(unset, "--"+f.Name)
		}
	}
	switch len(set) {
	case 0:
		return nil, nil
	case 3:
		return &signer.TLSFiles{Cert: c.String(sgTLSCert.Name), Key: c.String(sgTLSKey.Name), CA: c.String(sgTLSCA.Name)}, nil
	}
	return nil, fmt.Errorf("mutual TLS takes --%s, --%s and --%s together (or none, for plain HTTP): %s set, %s missing",
		sgTLSCert.Name, sgTLSKey.Name, sgTLSCA.Name, strings.Join(set, " and "), strings.Join(unset, " and "))
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
