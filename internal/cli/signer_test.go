package cli

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/log"
	"github.com/urfave/cli/v2"

	"github.com/ethereum-optimism/optimism/op-service/eth"
	opsigner "github.com/ethereum-optimism/optimism/op-service/signer"
	optls "github.com/ethereum-optimism/optimism/op-service/tls"

	"github.com/aievm/aievm/internal/testpki"
)

func runSignerApp(ctx context.Context, out io.Writer, args ...string) error {
	app := &cli.App{Name: "aievm", Writer: out, ErrWriter: io.Discard, Commands: []*cli.Command{SignerCommand}}
	return app.RunContext(ctx, append([]string{"aievm", "signer"}, args...))
}

func TestSigner(t *testing.T) {
	for _, f := range SignerCommand.Flags {
		for _, e := range f.(interface{ GetEnvVars() []string }).GetEnvVars() {
			t.Setenv(e, "") // restored after the test
			os.Unsetenv(e)  // urfave/cli takes an empty variable for a value
		}
	}
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	pw, wrong, empty, token := write("pw", "pw\n"), write("wrong", "nope\n"), write("empty", ""), write("token", "tok\n")
	ks := filepath.Join(dir, "keystore")
	loose := write("loose", "pw\n") // open to others: refused
	if err := os.Chmod(loose, 0o644); err != nil {
		t.Fatal(err)
	}

	var out bytes.Buffer
	if err := runSignerApp(context.Background(), &out, "new-key", "--keystore", ks, "--password", pw, "--lightkdf"); err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`address: (0x[0-9a-fA-F]{40})\nkeystore file: (.+)\n`).FindStringSubmatch(out.String())
	if m == nil {
		t.Fatalf("new-key printed %q", out.String())
	}
	addr := common.HexToAddress(m[1])

	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"no keystore", []string{"--password", pw, "--chain-id", "901"}, "--keystore (or AIEVM_SIGNER_KEYSTORE) is required"},
		{"no chain id", []string{"--keystore", ks, "--password", pw}, "--chain-id (or AIEVM_SIGNER_CHAIN_ID) is required"},
		{"no password", []string{"--keystore", ks, "--chain-id", "901"}, "--password (or AIEVM_SIGNER_PASSWORD) is required"},
		{"wrong password", []string{"--keystore", ks, "--password", wrong, "--chain-id", "901"}, ": wrong password"},
		{"empty password file", []string{"--keystore", ks, "--password", empty, "--chain-id", "901"}, "is empty"},
		{"not a keystore", []string{"--keystore", pw, "--password", pw, "--chain-id", "901"}, "is not a keystore file"},
		{"missing keystore", []string{"--keystore", filepath.Join(dir, "none"), "--password", pw, "--chain-id", "901"}, "no such file"},
		{"chain id 0", []string{"--keystore", ks, "--password", pw, "--chain-id", "0"}, "chain id 0"},
		{"chain id not a number", []string{"--keystore", ks, "--password", pw, "--chain-id", "sepolia"}, "chain-id"},
		{"empty token file", []string{"--keystore", ks, "--password", pw, "--chain-id", "901", "--auth.token-file", empty}, "--auth.token-file"},
		{"password file open to others", []string{"--keystore", ks, "--password", loose, "--chain-id", "901"}, "--password: password file " + loose + " is open to group or others (mode 0644): chmod 600 it"},
		{"token file open to others", []string{"--keystore", ks, "--password", pw, "--chain-id", "901", "--auth.token-file", loose}, "--auth.token-file: auth token file " + loose + " is open to group or others"},
		{"new-key, password file open to others", []string{"new-key", "--keystore", ks, "--password", loose}, "is open to group or others"},
		{"vhost with a port", []string{"--keystore", ks, "--password", pw, "--chain-id", "901", "--rpc.vhosts", "signer.internal:8560"}, "virtual host"},
		{"bad log level", []string{"--keystore", ks, "--password", pw, "--chain-id", "901", "--log.level", "loud"}, "--log.level"},
		{"new-key without keystore", []string{"new-key", "--password", pw}, "--keystore (or AIEVM_SIGNER_KEYSTORE) is required"},
		{"new-key without password", []string{"new-key", "--keystore", ks}, "--password (or AIEVM_SIGNER_PASSWORD) is required"},
	} {
		err := runSignerApp(context.Background(), io.Discard, c.args...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one saying %q", c.name, err, c.want)
		}
	}

	// Mutual TLS: a CA, the signer's certificate, a client's.
	ca := testpki.NewCA(t, "ca")
	srvCert, srvKey := ca.Server(t, "signer")
	cliCert, cliKey := ca.Client(t, "op-node")
	tlsArgs := []string{"--tls.cert", srvCert, "--tls.key", srvKey, "--tls.ca", ca.File}
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"certificate only", []string{"--tls.cert", srvCert}, "--tls.cert set, --tls.key and --tls.ca missing"},
		{"no CA", []string{"--tls.cert", srvCert, "--tls.key", srvKey}, "--tls.cert and --tls.key set, --tls.ca missing"},
		{"CA only", []string{"--tls.ca", ca.File}, "--tls.ca set, --tls.cert and --tls.key missing"},
		{"key of another certificate", []string{"--tls.cert", cliCert, "--tls.key", srvKey, "--tls.ca", ca.File}, "--tls.cert/--tls.key/--tls.ca: tls: certificate"},
		{"CA not PEM", []string{"--tls.cert", srvCert, "--tls.key", srvKey, "--tls.ca", pw}, "holds no PEM certificate"},
		{"all interfaces, plain HTTP, no token", []string{"--rpc.addr", "0.0.0.0"}, `--rpc.addr "0.0.0.0" is beyond loopback`},
		{"no address, plain HTTP, no token", []string{"--rpc.addr", ""}, `--rpc.addr "" is beyond loopback`},
		// Past the exposure check: the wrong password stops them after it.
		{"all interfaces with a token", []string{"--rpc.addr", "0.0.0.0", "--auth.token-file", token, "--password", wrong}, ": wrong password"},
		{"all interfaces with mutual TLS", append([]string{"--rpc.addr", "0.0.0.0", "--password", wrong}, tlsArgs...), ": wrong password"},
		{"loopback, plain HTTP, no token", []string{"--rpc.addr", "127.0.0.1", "--password", wrong}, ": wrong password"},
	} {
		args := append([]string{"--keystore", ks, "--password", pw, "--chain-id", "901"}, c.args...)
		err := runSignerApp(context.Background(), io.Discard, args...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one saying %q", c.name, err, c.want)
		}
	}

	// Serve: the key new-key made, chain ids from the environment, a token.
	t.Setenv("AIEVM_SIGNER_CHAIN_ID", "901,11155111")
	url := serveSigner(t, "http://", addr, "--keystore", ks, "--password", pw, "--rpc.port", "0", "--auth.token-file", token,
		"--rpc.vhosts", "signer.internal,other.example")
	signBlock(t, url, http.Header{"Authorization": []string{"Bearer tok"}}, optls.CLIConfig{}, addr)
	// Host: an IP, localhost or a --rpc.vhosts name (DNS rebinding); no Origin.
	for _, c := range []struct {
		host, origin string
		code         int
	}{
		{strings.TrimPrefix(url, "http://"), "", http.StatusOK},
		{"localhost:8560", "", http.StatusOK},
		{"signer.internal:8560", "", http.StatusOK},
		{"other.example", "", http.StatusOK},
		{"evil.example:8560", "", http.StatusForbidden},
		{"localhost:8560", "http://evil.example", http.StatusForbidden},
	} {
		req, err := http.NewRequest(http.MethodPost, url, strings.NewReader(`{"jsonrpc":"2.0","id":1,"method":"health_status","params":[]}`))
		if err != nil {
			t.Fatal(err)
		}
		req.Host = c.host
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer tok")
		if c.origin != "" {
			req.Header.Set("Origin", c.origin)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != c.code {
			t.Errorf("Host %s, Origin %q: HTTP %d, want %d", c.host, c.origin, resp.StatusCode, c.code)
		}
	}

	// Serve mutual TLS, the files from the environment: OP's client, as the
	// services' defaults make it, signs through it.
	t.Setenv("AIEVM_SIGNER_TLS_CERT", srvCert)
	t.Setenv("AIEVM_SIGNER_TLS_KEY", srvKey)
	t.Setenv("AIEVM_SIGNER_TLS_CA", ca.File)
	url = serveSigner(t, "https://", addr, "--keystore", ks, "--password", pw, "--rpc.port", "0")
	signBlock(t, url, nil, optls.CLIConfig{Enabled: true, TLSCaCert: ca.File, TLSCert: cliCert, TLSKey: cliKey}, addr)
	if _, err := opsigner.NewSignerClient(log.NewLogger(log.DiscardHandler()), "http://"+strings.TrimPrefix(url, "https://"), nil, optls.CLIConfig{}); err == nil {
		t.Error("plain HTTP to the mutual TLS signer: no error")
	}
}

// serveSigner runs the signer with args until the test ends, checks that it
// prints a URL starting with scheme and addr, and returns the URL.
func serveSigner(t *testing.T, scheme string, addr common.Address, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	outR, outW := io.Pipe()
	done := make(chan error, 1)
	go func() {
		err := runSignerApp(ctx, outW, args...)
		outW.Close()
		done <- err
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("signer stopped with %v", err)
			}
		case <-time.After(10 * time.Second):
			t.Error("signer did not stop")
		}
	})
	// The first two lines: the URL and the address.
	lines := bufio.NewScanner(outR)
	var printed []string
	for len(printed) < 2 && lines.Scan() {
		printed = append(printed, lines.Text())
	}
	go io.Copy(io.Discard, outR)
	m := regexp.MustCompile(`^signer: serving (https?://\S+) for chain ids \[901 11155111\]\nsigner: address (0x[0-9a-fA-F]{40})$`).FindStringSubmatch(strings.Join(printed, "\n"))
	if m == nil {
		cancel()
		t.Fatalf("signer printed %q (%v)", printed, <-done)
	}
	if !strings.HasPrefix(m[1], scheme+"127.0.0.1:") {
		t.Errorf("serving %s, want a %s URL", m[1], scheme)
	}
	if m[2] != addr.Hex() {
		t.Fatalf("serving %s, new-key made %s", m[2], addr.Hex())
	}
	return m[1]
}

// signBlock signs a block payload through OP's client with headers and cfg.
func signBlock(t *testing.T, url string, headers http.Header, cfg optls.CLIConfig, addr common.Address) {
	t.Helper()
	cl, err := opsigner.NewSignerClient(log.NewLogger(log.DiscardHandler()), url, headers, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	hash := opsigner.PayloadHash([]byte("payload"))
	sig, err := cl.SignBlockPayloadV2(context.Background(), &opsigner.BlockPayloadArgsV2{ChainID: eth.ChainIDFromUInt64(901), PayloadHash: hash, SenderAddress: &addr})
	if err != nil {
		t.Fatal(err)
	}
	auth := &opsigner.OPStackP2PBlockAuthV1{Allowed: addr, Chain: eth.ChainIDFromUInt64(901)}
	if err := auth.VerifyP2PBlockSignature(hash, sig); err != nil {
		t.Error(err)
	}
}
