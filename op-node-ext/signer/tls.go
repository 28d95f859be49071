package signer

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"os"

	"github.com/ethereum/go-ethereum/log"

	"github.com/ethereum-optimism/optimism/op-service/tls/certman"
)

// TLSFiles are the PEM files of the signer's side of mutual TLS, the
// counterpart of the OP services' --signer.tls.cert, --signer.tls.key and
// --signer.tls.ca.
type TLSFiles struct {
	Cert string // the server certificate (chain), for the name or IP the clients dial
	Key  string // its private key
	CA   string // the CA bundle client certificates must chain to
}

// LoadTLS makes the server TLS configuration of mutual TLS as OP's signer
// client expects it: TLS 1.3 at least, the server certificate from f.Cert and
// f.Key, and a client certificate required and verified against f.CA.
//
// The certificate and key are reloaded when their files change, by
// op-service/tls/certman (what OP's clients reload theirs with), so they can
// be renewed without a restart; a pair that fails to load then keeps the
// previous one serving. The CA bundle is read once. stop ends the watching.
func LoadTLS(f TLSFiles, lg log.Logger) (cfg *tls.Config, stop func(), err error) {
	if f.Cert == "" || f.Key == "" || f.CA == "" {
		return nil, nil, errors.New("tls: a certificate, its key and a CA bundle are all needed")
	}
	if lg == nil {
		lg = log.Root()
	}
	pemCAs, err := os.ReadFile(f.CA)
	if err != nil {
		return nil, nil, fmt.Errorf("tls: CA bundle: %w", err)
	}
	cas := x509.NewCertPool()
	if !cas.AppendCertsFromPEM(pemCAs) {
		return nil, nil, fmt.Errorf("tls: CA bundle %s holds no PEM certificate", f.CA)
	}
	// certman only logs a pair it can't load: check it here, for an error.
	if _, err := tls.LoadX509KeyPair(f.Cert, f.Key); err != nil {
		return nil, nil, fmt.Errorf("tls: certificate %s and key %s: %w", f.Cert, f.Key, err)
	}
	cm, err := certman.New(lg, f.Cert, f.Key)
	if err != nil {
		return nil, nil, fmt.Errorf("tls: %w", err)
	}
	if err := cm.Watch(); err != nil {
		return nil, nil, fmt.Errorf("tls: %w", err)
	}
	cfg = &tls.Config{
		MinVersion: tls.VersionTLS13,
		ClientAuth: tls.RequireAndVerifyClientCert,
		ClientCAs:  cas,
		GetCertificate: func(hello *tls.ClientHelloInfo) (*tls.Certificate, error) {
			c, err := cm.GetCertificate(hello)
			if err == nil && c == nil {
				err = errors.New("no server certificate loaded")
			}
			return c, err
		},
	}
	return cfg, cm.Stop, nil
}
