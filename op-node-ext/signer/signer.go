// Package signer is a remote signer for the stock OP Stack services: op-node
// (sequencer block payloads), op-batcher, op-proposer and op-challenger
// (L1 transactions) use it through their standard --signer.endpoint and
// --signer.address flags, so their keys stay in encrypted geth keystore files
// held by one process instead of raw hex on command lines and in environments.
//
// It serves, over HTTP JSON-RPC, the methods op-service/signer's client calls:
//
//   - health_status: "ok" (the client pings it on connect);
//   - eth_signTransaction: an EIP-1559, EIP-4844 (without its sidecar, which the
//     client re-attaches) or EIP-7702 transaction, returned RLP-encoded;
//   - opsigner_signBlockPayload, opsigner_signBlockPayloadV2: a sequencer's
//     P2P block signature, the same 65 bytes op-node's local signer makes.
//
// Every request names the key (from, senderAddress) and a chain id; the key
// must be one of the loaded ones and the chain id one of the configured ones:
// a signer that signs for any chain is a replay risk. Block payloads must use
// the OP Stack block-signing domain (all zero): with a free domain the 96-byte
// signing message could be shaped into another message's preimage, e.g. a
// typed transaction's.
//
// It serves plain HTTP, or HTTPS with mutual TLS (Config.TLS, from LoadTLS):
// TLS 1.3 and a client certificate from a given CA, what OP's services present
// with their default --signer.tls.enabled. An optional bearer token
// (Authorization: Bearer <token>; OP's clients send it with --signer.header
// "Authorization=Bearer <token>") guards every request too. Without either,
// anyone who reaches the port can sign.
//
// Browsers are kept out, as geth's --http.vhosts keeps them out of its RPC: a
// request carrying an Origin header (browsers send one; OP's Go clients never
// do) gets HTTP 403, and so does one whose Host header names a host other
// than an IP literal, localhost or one of Config.VirtualHosts. Without this a
// web page open on the signer's host could, by DNS rebinding, reach a
// loopback signer with no token and have it sign.
//
// Request bodies are capped at MaxBodyBytes and JSON-RPC batches at
// MaxBatchItems calls and MaxBatchResponseBytes of results. Each request is counted in aievm_signer_requests_total{method,
// result}. Key material is never logged; signed transactions are logged at info
// level, block payloads (one per L2 block) at debug level.
package signer

import (
	"context"
	"crypto/ecdsa"
	"crypto/subtle"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"net"
	"net/http"
	"net/netip"
	"slices"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/log"
	"github.com/ethereum/go-ethereum/rpc"
	"github.com/holiman/uint256"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/ethereum-optimism/optimism/op-service/eth"
	opsigner "github.com/ethereum-optimism/optimism/op-service/signer"
)

// MaxBodyBytes caps a request body: 1 MiB, room for a transaction with about
// 500 kB of calldata (hex doubles it; op-batcher's calldata frames are at most
// 120 kB and blob transactions come without their blobs).
const MaxBodyBytes = 1 << 20

// MaxBatchItems and MaxBatchResponseBytes bound a JSON-RPC batch: a larger
// batch is answered with one "batch too large" error and none of its calls is
// made; a batch whose results pass MaxBatchResponseBytes is cut there, its
// remaining calls answered with "response too large". OP's clients send no
// batches; the bounds keep a 1 MiB body from asking for thousands of
// signatures (or logging thousands of refusals).
const (
	MaxBatchItems         = 16
	MaxBatchResponseBytes = 1 << 20
)

// The JSON-RPC methods served, as op-service/signer's client names them.
const (
	MethodHealth             = "health_status"
	MethodSignTransaction    = "eth_signTransaction"
	MethodSignBlockPayload   = "opsigner_signBlockPayload"
	MethodSignBlockPayloadV2 = "opsigner_signBlockPayloadV2"
)

// Config configures a Service.
type Config struct {
	Keys []*ecdsa.PrivateKey // the keys served (LoadKeys); at least one
	// ChainIDs are the chain ids the signer signs for: transactions and block
	// payloads for any other chain are refused. At least one.
	ChainIDs []uint64
	// AuthToken, if set, is required as "Authorization: Bearer <AuthToken>"
	// on every request; others get HTTP 401.
	AuthToken string
	// TLS, if set, is the server side of mutual TLS (LoadTLS): Serve serves
	// HTTPS with it. nil: plain HTTP.
	TLS *tls.Config
	// VirtualHosts are the host names accepted in a request's Host header
	// besides IP literals and localhost (case-insensitive, without a port);
	// "*" accepts any. Others get HTTP 403, a guard against DNS rebinding.
	VirtualHosts []string
	// Registerer gets aievm_signer_requests_total; nil: not registered.
	Registerer prometheus.Registerer
	Log        log.Logger // nil: log.Root()
}

// Service signs for its keys. It is an http.Handler serving JSON-RPC.
type Service struct {
	keys     map[common.Address]*ecdsa.PrivateKey
	chains   map[uint64]bool
	token    []byte
	tls      *tls.Config
	vhosts   map[string]bool
	anyHost  bool
	log      log.Logger
	requests *prometheus.CounterVec
	rpc      *rpc.Server
}

// New makes a Service from cfg.
func New(cfg Config) (*Service, error) {
	if len(cfg.Keys) == 0 {
		return nil, errors.New("signer: no keys")
	}
	if len(cfg.ChainIDs) == 0 {
		return nil, errors.New("signer: no chain ids: name the chains it may sign for")
	}
	s := &Service{keys: make(map[common.Address]*ecdsa.PrivateKey), chains: make(map[uint64]bool), tls: cfg.TLS, log: cfg.Log}
	for _, k := range cfg.Keys {
		if k == nil {
			return nil, errors.New("signer: nil key")
		}
		s.keys[crypto.PubkeyToAddress(k.PublicKey)] = k
	}
	for _, id := range cfg.ChainIDs {
		if id == 0 {
			return nil, errors.New("signer: chain id 0 is not a chain id")
		}
		s.chains[id] = true
	}
	if cfg.AuthToken != "" {
		s.token = []byte(cfg.AuthToken)
	}
	s.vhosts = map[string]bool{"localhost": true}
	for _, h := range cfg.VirtualHosts {
		h = strings.ToLower(strings.TrimSpace(h))
		switch {
		case h == "*":
			s.anyHost = true
		case h == "" || strings.ContainsAny(h, ":/[] "):
			return nil, fmt.Errorf("signer: virtual host %q: want a host name without a port, or *", h)
		default:
			s.vhosts[h] = true
		}
	}
	if s.log == nil {
		s.log = log.Root()
	}
	s.requests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "aievm_signer_requests_total",
		Help: "JSON-RPC requests to the remote signer, by method and result (ok, error).",
	}, []string{"method", "result"})
	for _, m := range []string{MethodHealth, MethodSignTransaction, MethodSignBlockPayload, MethodSignBlockPayloadV2} {
		s.requests.WithLabelValues(m, "ok")
		s.requests.WithLabelValues(m, "error")
	}
	if cfg.Registerer != nil {
		if err := cfg.Registerer.Register(s.requests); err != nil {
			return nil, fmt.Errorf("signer: metrics: %w", err)
		}
	}
	s.rpc = rpc.NewServer()
	s.rpc.SetHTTPBodyLimit(MaxBodyBytes)
	s.rpc.SetBatchLimits(MaxBatchItems, MaxBatchResponseBytes)
	for name, api := range map[string]any{"health": healthAPI{s}, "eth": ethAPI{s}, "opsigner": opsignerAPI{s}} {
		if err := s.rpc.RegisterName(name, api); err != nil {
			return nil, fmt.Errorf("signer: %w", err)
		}
	}
	return s, nil
}

// Addresses are the addresses of the keys served, sorted.
func (s *Service) Addresses() []common.Address {
	out := make([]common.Address, 0, len(s.keys))
	for a := range s.keys {
		out = append(out, a)
	}
	slices.SortFunc(out, func(a, b common.Address) int { return a.Cmp(b) })
	return out
}

// allowHost reports whether a Host header names an IP literal, localhost
// or a configured virtual host. An empty one (HTTP/1.0) is accepted, as geth
// accepts it: browsers always send one.
func (s *Service) allowHost(hostport string) bool {
	if hostport == "" || s.anyHost {
		return true
	}
	host, _, err := net.SplitHostPort(hostport)
	if err != nil { // no port
		host = hostport
	}
	host = strings.ToLower(strings.TrimSuffix(strings.TrimPrefix(host, "["), "]"))
	if _, err := netip.ParseAddr(host); err == nil {
		return true
	}
	return s.vhosts[host]
}

// ServeHTTP refuses browsers (an Origin header, or a Host that is not an IP,
// localhost or a virtual host), checks the bearer token and the body size,
// then serves JSON-RPC.
func (s *Service) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if _, ok := r.Header["Origin"]; ok {
		s.log.Warn("signer: request with an Origin header refused (a browser?)", "remote", r.RemoteAddr, "origin", r.Header.Get("Origin"))
		http.Error(w, "requests with an Origin header are refused: this signer serves no browsers", http.StatusForbidden)
		return
	}
	if !s.allowHost(r.Host) {
		s.log.Warn("signer: request for a host not allowed refused (DNS rebinding?)", "remote", r.RemoteAddr, "host", r.Host)
		http.Error(w, fmt.Sprintf("host %q is not allowed: dial the signer by IP or localhost, or add the name to its --rpc.vhosts", r.Host), http.StatusForbidden)
		return
	}
	if s.token != nil {
		got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || subtle.ConstantTimeCompare([]byte(got), s.token) != 1 {
			s.log.Warn("signer: request without the right bearer token", "remote", r.RemoteAddr)
			w.Header().Set("WWW-Authenticate", `Bearer realm="aievm-signer"`)
			http.Error(w, "missing or wrong bearer token", http.StatusUnauthorized)
			return
		}
	}
	if r.ContentLength > MaxBodyBytes {
		http.Error(w, fmt.Sprintf("request body of %d bytes is over the signer's cap of %d", r.ContentLength, MaxBodyBytes), http.StatusRequestEntityTooLarge)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, MaxBodyBytes)
	s.rpc.ServeHTTP(w, r)
}

// Serve serves on ln, HTTPS if Config.TLS is set, until ctx is done, then
// shuts down (waiting up to 5 s for requests in flight) and returns nil.
// Refused TLS handshakes (no client certificate, one from another CA, plain
// HTTP) are logged as warnings.
func (s *Service) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 30 * time.Second, IdleTimeout: 2 * time.Minute, MaxHeaderBytes: 64 << 10,
		TLSConfig: s.tls, ErrorLog: slog.NewLogLogger(s.log.Handler(), slog.LevelWarn)}
	done := make(chan struct{})
	go func() {
		defer close(done)
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(sctx)
	}()
	var err error
	if s.tls != nil {
		err = srv.ServeTLS(ln, "", "") // the certificate comes from TLSConfig
	} else {
		err = srv.Serve(ln)
	}
	if errors.Is(err, http.ErrServerClosed) {
		<-done
		return nil
	}
	return err
}

// Close stops the JSON-RPC server.
func (s *Service) Close() { s.rpc.Stop() }

// count records a request's result; a refused one is logged.
func (s *Service) count(method string, err error) {
	result := "ok"
	if err != nil {
		result = "error"
		s.log.Warn("signer: request refused", "method", method, "err", err)
	}
	s.requests.WithLabelValues(method, result).Inc()
}

// key is the key of addr, or of the only key if addr is nil.
func (s *Service) key(addr *common.Address) (*ecdsa.PrivateKey, common.Address, error) {
	if addr == nil {
		if len(s.keys) != 1 {
			return nil, common.Address{}, fmt.Errorf("no sender address given and this signer holds %d keys", len(s.keys))
		}
		for a, k := range s.keys {
			return k, a, nil
		}
	}
	k, ok := s.keys[*addr]
	if !ok {
		return nil, common.Address{}, fmt.Errorf("no key for %s in this signer", addr.Hex())
	}
	return k, *addr, nil
}

// allowChain refuses chain ids outside the configured set.
func (s *Service) allowChain(id *big.Int) error {
	if id == nil {
		return errors.New("chain id not specified")
	}
	if id.Sign() <= 0 || !id.IsUint64() || !s.chains[id.Uint64()] {
		return fmt.Errorf("chain id %s is not allowed: this signer signs for %v", id, s.chainList())
	}
	return nil
}

func (s *Service) chainList() []uint64 {
	out := make([]uint64, 0, len(s.chains))
	for id := range s.chains {
		out = append(out, id)
	}
	slices.Sort(out)
	return out
}

// decode parses a method's single argument.
func decode(raw json.RawMessage, v any) error {
	if err := json.Unmarshal(raw, v); err != nil {
		return fmt.Errorf("invalid argument: %w", err)
	}
	return nil
}

func (s *Service) signTransaction(raw json.RawMessage) (hexutil.Bytes, error) {
	var args opsigner.TransactionArgs
	if err := decode(raw, &args); err != nil {
		return nil, err
	}
	if err := args.Check(); err != nil {
		return nil, fmt.Errorf("invalid transaction: %w", err)
	}
	if args.From == nil {
		return nil, errors.New("invalid transaction: from not specified")
	}
	key, from, err := s.key(args.From)
	if err != nil {
		return nil, err
	}
	chainID := (*uint256.Int)(args.ChainID).ToBig()
	if err := s.allowChain(chainID); err != nil {
		return nil, err
	}
	// ToTransactionData dereferences To for these shapes: a blob or set-code
	// transaction can't create a contract.
	if args.To == nil && (args.BlobVersionedHashes != nil || args.AuthList != nil) {
		return nil, errors.New("invalid transaction: a blob or set-code transaction needs a to address")
	}
	data, err := args.ToTransactionData()
	if err != nil {
		return nil, fmt.Errorf("invalid transaction: %w", err)
	}
	tx, err := types.SignNewTx(key, types.LatestSignerForChainID(chainID), data)
	if err != nil {
		return nil, fmt.Errorf("sign transaction: %w", err)
	}
	b, err := tx.MarshalBinary()
	if err != nil {
		return nil, fmt.Errorf("encode transaction: %w", err)
	}
	s.log.Info("signer: signed transaction", "from", from, "chain", chainID, "type", tx.Type(), "nonce", tx.Nonce(), "to", tx.To(), "hash", tx.Hash())
	return b, nil
}

// signBlock signs a block-signing message for sender.
func (s *Service) signBlock(msg *opsigner.BlockSigningMessage, sender *common.Address) (eth.Bytes65, error) {
	if msg.Domain != eth.Bytes32(opsigner.SigningDomainBlocksV1) {
		return eth.Bytes65{}, fmt.Errorf("domain %s is not the OP Stack block-signing domain (all zero)", msg.Domain)
	}
	if err := s.allowChain(msg.ChainID.ToBig()); err != nil {
		return eth.Bytes65{}, err
	}
	key, from, err := s.key(sender)
	if err != nil {
		return eth.Bytes65{}, err
	}
	hash := msg.ToSigningHash()
	sig, err := crypto.Sign(hash[:], key)
	if err != nil {
		return eth.Bytes65{}, fmt.Errorf("sign block payload: %w", err)
	}
	s.log.Debug("signer: signed block payload", "sender", from, "chain", msg.ChainID, "payload_hash", msg.PayloadHash)
	return eth.Bytes65(sig), nil
}

func (s *Service) signBlockPayload(raw json.RawMessage) (eth.Bytes65, error) {
	var args opsigner.BlockPayloadArgs
	if err := decode(raw, &args); err != nil {
		return eth.Bytes65{}, err
	}
	// Message converts the chain id with a conversion that panics below zero.
	if args.ChainID != nil && args.ChainID.Sign() < 0 {
		return eth.Bytes65{}, fmt.Errorf("invalid block payload: chain id %s", args.ChainID)
	}
	msg, err := args.Message()
	if err != nil {
		return eth.Bytes65{}, fmt.Errorf("invalid block payload: %w", err)
	}
	return s.signBlock(msg, args.SenderAddress)
}

func (s *Service) signBlockPayloadV2(raw json.RawMessage) (eth.Bytes65, error) {
	var args opsigner.BlockPayloadArgsV2
	if err := decode(raw, &args); err != nil {
		return eth.Bytes65{}, err
	}
	msg, err := args.Message()
	if err != nil {
		return eth.Bytes65{}, fmt.Errorf("invalid block payload: %w", err)
	}
	return s.signBlock(msg, args.SenderAddress)
}

// The JSON-RPC namespaces: their exported methods are what is served. The
// arguments are taken raw so that a malformed one is counted and reported
// like any other refusal.

type healthAPI struct{ s *Service }

// Status is health_status.
func (a healthAPI) Status() string {
	a.s.count(MethodHealth, nil)
	return "ok"
}

type ethAPI struct{ s *Service }

// SignTransaction is eth_signTransaction.
func (a ethAPI) SignTransaction(args json.RawMessage) (hexutil.Bytes, error) {
	b, err := a.s.signTransaction(args)
	a.s.count(MethodSignTransaction, err)
	return b, err
}

type opsignerAPI struct{ s *Service }

// SignBlockPayload is opsigner_signBlockPayload.
func (a opsignerAPI) SignBlockPayload(args json.RawMessage) (eth.Bytes65, error) {
	sig, err := a.s.signBlockPayload(args)
	a.s.count(MethodSignBlockPayload, err)
	return sig, err
}

// SignBlockPayloadV2 is opsigner_signBlockPayloadV2.
func (a opsignerAPI) SignBlockPayloadV2(args json.RawMessage) (eth.Bytes65, error) {
	sig, err := a.s.signBlockPayloadV2(args)
	a.s.count(MethodSignBlockPayloadV2, err)
	return sig, err
}
