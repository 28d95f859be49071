package signer

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"math/big"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/ethereum-optimism/optimism/op-service/eth"
	opsigner "github.com/ethereum-optimism/optimism/op-service/signer"
	optls "github.com/ethereum-optimism/optimism/op-service/tls"

	"github.com/aievm/aievm/internal/testpki"
)

// startTLS serves with mutual TLS: a server certificate for 127.0.0.1 and
// client certificates from ca. OP's clients present a certificate from ca.
func startTLS(t *testing.T, ca *testpki.CA) *harness {
	t.Helper()
	srvCert, srvKey := ca.Server(t, "signer")
	cfg, stop, err := LoadTLS(TLSFiles{Cert: srvCert, Key: srvKey, CA: ca.File}, discard)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(stop)
	cliCert, cliKey := ca.Client(t, "op-batcher")
	return startWith(t, "", cfg, optls.CLIConfig{Enabled: true, TLSCaCert: ca.File, TLSCert: cliCert, TLSKey: cliKey})
}

// TestMutualTLS: OP's clients, with their default --signer.tls.enabled, sign
// through the signer; clients without the right certificate, or without TLS,
// reach nothing.
func TestMutualTLS(t *testing.T) {
	t.Parallel()
	ca := testpki.NewCA(t, "signer-ca")
	h := startTLS(t, ca)
	if !strings.HasPrefix(h.url, "https://127.0.0.1:") {
		t.Fatalf("url %s", h.url)
	}
	ctx := context.Background()

	// op-batcher's client (made by startWith, which pinged health_status).
	signed, err := h.c.SignTransaction(ctx, big.NewInt(l1Chain), h.from, dynamicFeeTx(l1Chain))
	if err != nil {
		t.Fatal(err)
	}
	if sender, err := types.Sender(types.LatestSignerForChainID(big.NewInt(l1Chain)), signed); err != nil || sender != h.from {
		t.Errorf("sender %s (%v), want %s", sender, err, h.from)
	}
	// op-node's block signer, with a certificate of its own.
	nodeCert, nodeKey := ca.Client(t, "op-node")
	rs, err := opsigner.NewRemoteSigner(discard, opsigner.CLIConfig{Endpoint: h.url, Address: h.from.Hex(),
		TLSConfig: optls.CLIConfig{Enabled: true, TLSCaCert: ca.File, TLSCert: nodeCert, TLSKey: nodeKey}})
	if err != nil {
		t.Fatal(err)
	}
	defer rs.Close()
	payloadHash := opsigner.PayloadHash([]byte("an execution payload"))
	sig, err := rs.SignBlockV1(ctx, eth.ChainIDFromUInt64(l2Chain), payloadHash)
	if err != nil {
		t.Fatal(err)
	}
	auth := &opsigner.OPStackP2PBlockAuthV1{Allowed: h.from, Chain: eth.ChainIDFromUInt64(l2Chain)}
	if err := auth.VerifyP2PBlockSignature(payloadHash, sig); err != nil {
		t.Error(err)
	}

	// Refused: each either fails the handshake or never gets past it.
	other := testpki.NewCA(t, "another-ca")
	strangerCert, strangerKey := other.Client(t, "stranger")
	goodCert, goodKey := ca.Client(t, "op-proposer")
	opClient := func(endpoint string, cfg optls.CLIConfig) error {
		c, err := opsigner.NewSignerClient(discard, endpoint, nil, cfg)
		if err == nil {
			c.Close()
		}
		return err
	}
	// health_status over a client of this TLS configuration.
	raw := func(cfg *tls.Config) error {
		c, err := rpc.DialOptions(ctx, h.url, rpc.WithHTTPClient(&http.Client{Transport: &http.Transport{TLSClientConfig: cfg}}))
		if err != nil {
			return err
		}
		defer c.Close()
		var status string
		return c.CallContext(ctx, &status, MethodHealth)
	}
	roots := x509.NewCertPool()
	roots.AppendCertsFromPEM(ca.CertPEM)
	good, err := tls.LoadX509KeyPair(goodCert, goodKey)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		call func() error
		want string
	}{
		{"no client certificate", func() error {
			return raw(&tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS13})
		}, "tls: certificate required"},
		{"a client certificate from another CA", func() error {
			return opClient(h.url, optls.CLIConfig{Enabled: true, TLSCaCert: ca.File, TLSCert: strangerCert, TLSKey: strangerKey})
		}, "tls: unknown certificate authority"},
		{"a client certificate for the server", func() error {
			srvCert, srvKey := ca.Server(t, "not-a-client")
			return opClient(h.url, optls.CLIConfig{Enabled: true, TLSCaCert: ca.File, TLSCert: srvCert, TLSKey: srvKey})
		}, "tls: bad certificate"},
		{"TLS 1.2", func() error {
			return raw(&tls.Config{RootCAs: roots, Certificates: []tls.Certificate{good}, MaxVersion: tls.VersionTLS12})
		}, "tls: protocol version not supported"},
		{"plain HTTP to the TLS port", func() error {
			return opClient("http://"+strings.TrimPrefix(h.url, "https://"), optls.CLIConfig{})
		}, "Client sent an HTTP request to an HTTPS server"},
		// The client side of the check: a client that trusts another CA
		// does not take the signer for its signer.
		{"a client trusting another CA", func() error {
			return opClient(h.url, optls.CLIConfig{Enabled: true, TLSCaCert: other.File, TLSCert: goodCert, TLSKey: goodKey})
		}, "certificate signed by unknown authority"},
	} {
		if err := c.call(); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one saying %q", c.name, err, c.want)
		}
	}
	// The right certificate, for contrast with the refusals.
	if err := raw(&tls.Config{RootCAs: roots, Certificates: []tls.Certificate{good}}); err != nil {
		t.Errorf("a client certificate from the CA: %v", err)
	}

	// Only the accepted clients got through: op-batcher's, op-node's, the
	// last raw one.
	checkCounts(t, h.reg, map[[2]string]float64{
		{MethodHealth, "ok"}:           3,
		{MethodSignTransaction, "ok"}:  1,
		{MethodSignBlockPayload, "ok"}: 1,
	})
}

func TestLoadTLS(t *testing.T) {
	t.Parallel()
	ca := testpki.NewCA(t, "ca")
	cert, key := ca.Server(t, "signer")
	_, otherKey := ca.Server(t, "other")
	dir := t.TempDir()
	notPEM := filepath.Join(dir, "ca.txt")
	if err := os.WriteFile(notPEM, []byte("not a certificate"), 0o600); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "missing")
	for _, c := range []struct {
		name string
		f    TLSFiles
		want string
	}{
		{"no CA", TLSFiles{Cert: cert, Key: key}, "all needed"},
		{"no key", TLSFiles{Cert: cert, CA: ca.File}, "all needed"},
		{"missing CA", TLSFiles{Cert: cert, Key: key, CA: missing}, "CA bundle: open " + missing},
		{"CA not PEM", TLSFiles{Cert: cert, Key: key, CA: notPEM}, "CA bundle " + notPEM + " holds no PEM certificate"},
		{"missing certificate", TLSFiles{Cert: missing, Key: key, CA: ca.File}, "certificate " + missing},
		{"key of another certificate", TLSFiles{Cert: cert, Key: otherKey, CA: ca.File}, "private key does not match public key"},
		{"a key for a certificate", TLSFiles{Cert: key, Key: key, CA: ca.File}, "certificate " + key},
	} {
		if _, _, err := LoadTLS(c.f, discard); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one saying %q", c.name, err, c.want)
		}
	}
	cfg, stop, err := LoadTLS(TLSFiles{Cert: cert, Key: key, CA: ca.File}, discard)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	if cfg.MinVersion != tls.VersionTLS13 || cfg.ClientAuth != tls.RequireAndVerifyClientCert || cfg.ClientCAs == nil {
		t.Errorf("config: min version %x, client auth %v, client CAs %v", cfg.MinVersion, cfg.ClientAuth, cfg.ClientCAs)
	}
	if c, err := cfg.GetCertificate(&tls.ClientHelloInfo{}); err != nil || c == nil || len(c.Certificate) == 0 {
		t.Errorf("GetCertificate: %v, %v", c, err)
	}
}
