package signer

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/keystore"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/crypto/kzg4844"
	"github.com/ethereum/go-ethereum/log"
	"github.com/ethereum/go-ethereum/rpc"
	"github.com/holiman/uint256"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/ethereum-optimism/optimism/op-service/eth"
	opsigner "github.com/ethereum-optimism/optimism/op-service/signer"
	optls "github.com/ethereum-optimism/optimism/op-service/tls"
)

var discard = log.NewLogger(log.DiscardHandler())

const (
	testPassword = "correct horse battery staple"
	l1Chain      = 11155111
	l2Chain      = 901
)

// makeKeystore stores n fresh keys in a keystore directory with light scrypt.
func makeKeystore(t *testing.T, n int) string {
	t.Helper()
	dir := t.TempDir()
	for range n {
		if _, err := NewKey(dir, testPassword, keystore.LightScryptN, keystore.LightScryptP); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

type harness struct {
	url  string
	keys []*ecdsa.PrivateKey
	from common.Address // keys[0]'s address
	reg  *prometheus.Registry
	c    *opsigner.SignerClient // OP's client, if no token is needed
	tls  optls.CLIConfig        // OP's clients' TLS configuration
}

// start serves the keys of a fresh two-key keystore on 127.0.0.1:0, over
// plain HTTP.
func start(t *testing.T, token string) *harness {
	t.Helper()
	return startWith(t, token, nil, optls.CLIConfig{})
}

// startWith serves as start does, over HTTPS with serverTLS if it is set;
// OP's clients connect with clientTLS.
func startWith(t *testing.T, token string, serverTLS *tls.Config, clientTLS optls.CLIConfig) *harness {
	t.Helper()
	keys, err := LoadKeys([]string{makeKeystore(t, 2)}, testPassword, discard)
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) != 2 {
		t.Fatalf("loaded %d keys, want 2", len(keys))
	}
	reg := prometheus.NewRegistry()
	s, err := New(Config{Keys: keys, ChainIDs: []uint64{l1Chain, l2Chain}, AuthToken: token, TLS: serverTLS, Registerer: reg, Log: discard})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Serve: %v", err)
		}
		s.Close()
	})
	scheme := "http://"
	if serverTLS != nil {
		scheme = "https://"
	}
	h := &harness{url: scheme + ln.Addr().String(), keys: keys, from: crypto.PubkeyToAddress(keys[0].PublicKey), reg: reg, tls: clientTLS}
	if token == "" {
		if h.c, err = h.client(t, nil); err != nil {
			t.Fatal(err)
		}
	}
	return h
}

// client is OP's signer client, as op-batcher and op-node make it.
func (h *harness) client(t *testing.T, headers http.Header) (*opsigner.SignerClient, error) {
	t.Helper()
	c, err := opsigner.NewSignerClient(discard, h.url, headers, h.tls)
	if err == nil {
		t.Cleanup(c.Close)
	}
	return c, err
}

func bearer(token string) http.Header {
	return http.Header{"Authorization": []string{"Bearer " + token}}
}

func dynamicFeeTx(chain uint64) *types.Transaction {
	to := common.HexToAddress("0xff00000000000000000000000000000000000901")
	return types.NewTx(&types.DynamicFeeTx{ChainID: new(big.Int).SetUint64(chain), Nonce: 7, GasTipCap: big.NewInt(1e9),
		GasFeeCap: big.NewInt(3e9), Gas: 60_000, To: &to, Value: big.NewInt(12345), Data: []byte("frame")})
}

func blobTx(t *testing.T, chain uint64) *types.Transaction {
	t.Helper()
	var blob kzg4844.Blob
	copy(blob[:], "a batch in a blob")
	commit, err := kzg4844.BlobToCommitment(&blob)
	if err != nil {
		t.Fatal(err)
	}
	proof, err := kzg4844.ComputeBlobProof(&blob, commit)
	if err != nil {
		t.Fatal(err)
	}
	sidecar := types.NewBlobTxSidecar(types.BlobSidecarVersion0, []kzg4844.Blob{blob}, []kzg4844.Commitment{commit}, []kzg4844.Proof{proof})
	to := common.HexToAddress("0xff00000000000000000000000000000000000901")
	return types.NewTx(&types.BlobTx{ChainID: uint256.NewInt(chain), Nonce: 8, GasTipCap: uint256.NewInt(1e9), GasFeeCap: uint256.NewInt(3e9),
		Gas: 21_000, To: to, BlobFeeCap: uint256.NewInt(1e9), BlobHashes: sidecar.BlobHashes(), Sidecar: sidecar})
}

func TestSignWithOPClient(t *testing.T) {
	t.Parallel()
	h := start(t, "")
	c, ctx := h.c, context.Background()
	l1 := types.LatestSignerForChainID(big.NewInt(l1Chain))
	for _, tc := range []struct {
		name string
		tx   *types.Transaction
	}{
		{"dynamic fee", dynamicFeeTx(l1Chain)},
		{"blob", blobTx(t, l1Chain)},
	} {
		signed, err := c.SignTransaction(ctx, big.NewInt(l1Chain), h.from, tc.tx)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if sender, err := types.Sender(l1, signed); err != nil || sender != h.from {
			t.Errorf("%s: sender %s (%v), want %s", tc.name, sender, err, h.from)
		}
		local, err := types.SignTx(tc.tx, l1, h.keys[0])
		if err != nil {
			t.Fatal(err)
		}
		if signed.Hash() != local.Hash() {
			t.Errorf("%s: signed %s, a local signature gives %s", tc.name, signed.Hash(), local.Hash())
		}
		if signed.Type() != tc.tx.Type() || signed.Nonce() != tc.tx.Nonce() || signed.Value().Cmp(tc.tx.Value()) != 0 || !bytes.Equal(signed.Data(), tc.tx.Data()) {
			t.Errorf("%s: signed transaction differs from the one sent: %+v", tc.name, signed)
		}
		if sc := tc.tx.BlobTxSidecar(); sc != nil {
			got := signed.BlobTxSidecar()
			if got == nil || len(got.Blobs) != 1 || got.Blobs[0] != sc.Blobs[0] || got.Commitments[0] != sc.Commitments[0] {
				t.Errorf("%s: sidecar not re-attached: %+v", tc.name, got)
			}
		}
	}

	// Block payloads: the same bytes as op-node's local signer, and the
	// signature op-node's P2P block auth accepts.
	payloadHash := opsigner.PayloadHash([]byte("an execution payload"))
	want, err := opsigner.NewLocalSigner(h.keys[0]).SignBlockV1(ctx, eth.ChainIDFromUInt64(l2Chain), payloadHash)
	if err != nil {
		t.Fatal(err)
	}
	v1, err := c.SignBlockPayload(ctx, opsigner.NewBlockPayloadArgs(opsigner.SigningDomainBlocksV1, big.NewInt(l2Chain), []byte("an execution payload"), &h.from))
	if err != nil {
		t.Fatal(err)
	}
	v2, err := c.SignBlockPayloadV2(ctx, &opsigner.BlockPayloadArgsV2{ChainID: eth.ChainIDFromUInt64(l2Chain), PayloadHash: payloadHash, SenderAddress: &h.from})
	if err != nil {
		t.Fatal(err)
	}
	auth := &opsigner.OPStackP2PBlockAuthV1{Allowed: h.from, Chain: eth.ChainIDFromUInt64(l2Chain)}
	for name, sig := range map[string]eth.Bytes65{"v1": v1, "v2": v2} {
		if sig != want {
			t.Errorf("%s: signature %s, local signer's %s", name, sig, want)
		}
		if err := auth.VerifyP2PBlockSignature(payloadHash, sig); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}

	// op-node's remote block signer, as --signer.endpoint/--signer.address make it.
	rs, err := opsigner.NewRemoteSigner(discard, opsigner.CLIConfig{Endpoint: h.url, Address: h.from.Hex()})
	if err != nil {
		t.Fatal(err)
	}
	defer rs.Close()
	if sig, err := rs.SignBlockV1(ctx, eth.ChainIDFromUInt64(l2Chain), payloadHash); err != nil || sig != want {
		t.Errorf("remote block signer: %s, %v; want %s", sig, err, want)
	}

	// The second key signs for itself.
	second := crypto.PubkeyToAddress(h.keys[1].PublicKey)
	signed, err := c.SignTransaction(ctx, big.NewInt(l1Chain), second, dynamicFeeTx(l1Chain))
	if err != nil {
		t.Fatal(err)
	}
	if sender, _ := types.Sender(l1, signed); sender != second {
		t.Errorf("second key: sender %s, want %s", sender, second)
	}

	// 1 health_status per client (2), 4 transactions, 2 V1 payloads, 1 V2.
	checkCounts(t, h.reg, map[[2]string]float64{
		{MethodHealth, "ok"}:             2,
		{MethodSignTransaction, "ok"}:    3,
		{MethodSignBlockPayload, "ok"}:   2,
		{MethodSignBlockPayloadV2, "ok"}: 1,
		{MethodSignTransaction, "error"}: 0,
	})
}

// checkCounts compares aievm_signer_requests_total{method,result} in reg
// with want.
func checkCounts(t *testing.T, reg *prometheus.Registry, want map[[2]string]float64) {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	got := make(map[[2]string]float64)
	for _, mf := range mfs {
		if mf.GetName() != "aievm_signer_requests_total" {
			continue
		}
		for _, m := range mf.GetMetric() {
			var k [2]string
			for _, l := range m.GetLabel() {
				switch l.GetName() {
				case "method":
					k[0] = l.GetValue()
				case "result":
					k[1] = l.GetValue()
				}
			}
			got[k] = m.GetCounter().GetValue()
		}
	}
	if len(got) == 0 {
		t.Fatal("no aievm_signer_requests_total in the registry")
	}
	for k, v := range want {
		if g, ok := got[k]; !ok || g != v {
			t.Errorf("aievm_signer_requests_total{method=%q,result=%q} = %v (present: %v), want %v", k[0], k[1], g, ok, v)
		}
	}
}

func TestRefused(t *testing.T) {
	t.Parallel()
	h := start(t, "")
	c, ctx := h.c, context.Background()
	stranger := common.HexToAddress("0x00000000000000000000000000000000000000aa")
	payloadHash := opsigner.PayloadHash([]byte("p"))
	refusals := []struct {
		name string
		call func() error
		want string
	}{
		{"tx from a stranger", func() error {
			_, err := c.SignTransaction(ctx, big.NewInt(l1Chain), stranger, dynamicFeeTx(l1Chain))
			return err
		}, "no key for " + stranger.Hex() + " in this signer"},
		{"tx on a chain not allowed", func() error {
			_, err := c.SignTransaction(ctx, big.NewInt(1), h.from, dynamicFeeTx(1))
			return err
		}, "chain id 1 is not allowed: this signer signs for [901 11155111]"},
		{"payload from a stranger", func() error {
			_, err := c.SignBlockPayload(ctx, opsigner.NewBlockPayloadArgs(opsigner.SigningDomainBlocksV1, big.NewInt(l2Chain), nil, &stranger))
			return err
		}, "no key for"},
		{"payload without sender, two keys", func() error {
			_, err := c.SignBlockPayloadV2(ctx, &opsigner.BlockPayloadArgsV2{ChainID: eth.ChainIDFromUInt64(l2Chain), PayloadHash: payloadHash})
			return err
		}, "no sender address given and this signer holds 2 keys"},
		{"payload on a chain not allowed", func() error {
			_, err := c.SignBlockPayloadV2(ctx, &opsigner.BlockPayloadArgsV2{ChainID: eth.ChainIDFromUInt64(10), PayloadHash: payloadHash, SenderAddress: &h.from})
			return err
		}, "chain id 10 is not allowed"},
		{"payload in another domain", func() error {
			_, err := c.SignBlockPayloadV2(ctx, &opsigner.BlockPayloadArgsV2{Domain: eth.Bytes32{0: 2}, ChainID: eth.ChainIDFromUInt64(l2Chain), PayloadHash: payloadHash, SenderAddress: &h.from})
			return err
		}, "is not the OP Stack block-signing domain"},
	}
	for _, r := range refusals {
		if err := r.call(); err == nil || !strings.Contains(err.Error(), r.want) {
			t.Errorf("%s: error %v, want one saying %q", r.name, err, r.want)
		}
	}

	// Malformed arguments, as a client other than OP's could send them.
	raw, err := rpc.Dial(h.url)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	from := h.from.Hex()
	tx := func(extra string) string {
		return `{"from":"` + from + `","to":"0x00000000000000000000000000000000000000aa","gas":"0x5208","maxFeePerGas":"0x2","maxPriorityFeePerGas":"0x1","nonce":"0x0","chainId":"0x385"` + extra + `}`
	}
	malformed := []struct {
		name, method, arg, want string
	}{
		{"not an object", MethodSignTransaction, `"0x1234"`, "invalid argument"},
		{"bad address", MethodSignTransaction, `{"from":"0xzz"}`, "invalid argument"},
		{"no gas", MethodSignTransaction, `{"from":"` + from + `"}`, "gas not specified"},
		{"legacy gas price", MethodSignTransaction, tx(`,"gasPrice":"0x1"`), "only accepts maxFeePerGas/maxPriorityFeePerGas"},
		{"no from", MethodSignTransaction, strings.Replace(tx(""), `"from":"`+from+`",`, "", 1), "from not specified"},
		{"no chain id", MethodSignTransaction, strings.Replace(tx(""), `,"chainId":"0x385"`, "", 1), "chain id not specified"},
		{"blob creating a contract", MethodSignTransaction, strings.Replace(tx(`,"input":"0x01","maxFeePerBlobGas":"0x1","blobVersionedHashes":["0x0100000000000000000000000000000000000000000000000000000000000000"]`),
			`"to":"0x00000000000000000000000000000000000000aa",`, "", 1), "needs a to address"},
		{"set code creating a contract", MethodSignTransaction, strings.Replace(tx(`,"input":"0x01","authorizationList":[{"chainId":"0x385","address":"0x00000000000000000000000000000000000000aa","nonce":"0x0","yParity":"0x0","r":"0x1","s":"0x1"}]`),
			`"to":"0x00000000000000000000000000000000000000aa",`, "", 1), "needs a to address"},
		{"v1 negative chain", MethodSignBlockPayload, `{"chainId":-901,"payloadHash":"` + payloadB64(payloadHash) + `"}`, "invalid block payload: chain id -901"},
		{"v1 huge chain", MethodSignBlockPayload, `{"chainId":1` + strings.Repeat("0", 80) + `,"payloadHash":"` + payloadB64(payloadHash) + `"}`, "chain_id is too large"},
		{"v1 short hash", MethodSignBlockPayload, `{"chainId":901,"payloadHash":"AAEC"}`, "payloadHash has unexpected length"},
		{"v1 domain not an array", MethodSignBlockPayload, `{"domain":"x","chainId":901}`, "invalid argument"},
		{"v2 no chain", MethodSignBlockPayloadV2, `{"payloadHash":"` + payloadHash.Hex() + `"}`, "chainId not specified"},
		{"v2 null", MethodSignBlockPayloadV2, `null`, "chainId not specified"},
	}
	for _, m := range malformed {
		var res json.RawMessage
		err := raw.CallContext(ctx, &res, m.method, json.RawMessage(m.arg))
		if err == nil || !strings.Contains(err.Error(), m.want) {
			t.Errorf("%s: error %v (result %s), want one saying %q", m.name, err, res, m.want)
		}
	}
	// The first tx(...) shape is fine: the refusals above are for their reasons.
	var ok json.RawMessage
	if err := raw.CallContext(ctx, &ok, MethodSignTransaction, json.RawMessage(tx(""))); err != nil {
		t.Errorf("well-formed transaction: %v", err)
	}

	checkCounts(t, h.reg, map[[2]string]float64{
		{MethodHealth, "ok"}:                1,
		{MethodSignTransaction, "ok"}:       1,
		{MethodSignTransaction, "error"}:    2 + 8,
		{MethodSignBlockPayload, "error"}:   1 + 4,
		{MethodSignBlockPayloadV2, "error"}: 3 + 2,
	})
}

// payloadB64 is a V1 payloadHash ([]byte) as JSON encodes it.
func payloadB64(h common.Hash) string {
	b, _ := json.Marshal(h[:])
	return strings.Trim(string(b), `"`)
}

func TestAuthAndBodyCap(t *testing.T) {
	t.Parallel()
	const token = "s3cret-token"
	h := start(t, token)
	for _, c := range []struct {
		name    string
		headers http.Header
		ok      bool
	}{
		{"no token", nil, false},
		{"wrong token", bearer("guess"), false},
		{"token without Bearer", http.Header{"Authorization": []string{token}}, false},
		{"right token", bearer(token), true},
	} {
		cl, err := h.client(t, c.headers)
		if c.ok {
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
				continue
			}
			if _, err := cl.SignTransaction(context.Background(), big.NewInt(l1Chain), h.from, dynamicFeeTx(l1Chain)); err != nil {
				t.Errorf("%s: %v", c.name, err)
			}
		} else if err == nil || !strings.Contains(err.Error(), "401") {
			t.Errorf("%s: error %v, want a 401", c.name, err)
		}
	}

	send := func(body io.Reader, headers http.Header) (int, string) {
		req, err := http.NewRequest(http.MethodPost, h.url, body)
		if err != nil {
			t.Fatal(err)
		}
		req.Header = headers
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	post := func(body []byte, headers http.Header) int {
		code, _ := send(bytes.NewReader(body), headers)
		return code
	}
	big := []byte(`{"jsonrpc":"2.0","id":1,"method":"eth_signTransaction","params":[{"input":"0x` + strings.Repeat("00", MaxBodyBytes/2) + `"}]}`)
	if code := post(big, bearer(token)); code != http.StatusRequestEntityTooLarge {
		t.Errorf("body over the cap: HTTP %d, want 413", code)
	}
	// Without a length (chunked), the body is cut at the cap: a parse error.
	if code, body := send(io.MultiReader(bytes.NewReader(big)), bearer(token)); code == http.StatusOK && !strings.Contains(body, `"error"`) {
		t.Errorf("chunked body over the cap: HTTP %d %s, want an error", code, body)
	} else {
		t.Logf("chunked body over the cap: HTTP %d %.200s", code, body)
	}
	if code := post(big, http.Header{}); code != http.StatusUnauthorized {
		t.Errorf("body over the cap without token: HTTP %d, want 401", code)
	}
	if code := post([]byte(`{"jsonrpc":"2.0","id":1,"method":"health_status","params":[]}`), bearer(token)); code != http.StatusOK {
		t.Errorf("health_status with token: HTTP %d, want 200", code)
	}
	checkCounts(t, h.reg, map[[2]string]float64{{MethodHealth, "ok"}: 2, {MethodSignTransaction, "ok"}: 1})
}

// Browsers are refused, against DNS rebinding: an Origin header, or a Host
// that is not an IP, localhost or a virtual host.
func TestHostAndOrigin(t *testing.T) {
	t.Parallel()
	key, _ := crypto.GenerateKey()
	service := func(vhosts ...string) *Service {
		s, err := New(Config{Keys: []*ecdsa.PrivateKey{key}, ChainIDs: []uint64{l1Chain}, VirtualHosts: vhosts, Log: discard})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(s.Close)
		return s
	}
	call := func(s *Service, host string, headers map[string]string) (int, string) {
		r := httptest.NewRequest(http.MethodPost, "http://127.0.0.1:8560/", strings.NewReader(`{"jsonrpc":"2.0","id":1,"method":"health_status","params":[]}`))
		r.Host = host
		r.Header.Set("Content-Type", "application/json")
		for k, v := range headers {
			r.Header.Set(k, v)
		}
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		return w.Code, w.Body.String()
	}
	plain, named, anyHost := service(), service("signer.internal", "Other.Example"), service("*")
	for _, c := range []struct {
		name    string
		s       *Service
		host    string
		headers map[string]string
		ok      bool
		want    string // in the body of a refusal
	}{
		{"IPv4 with port", plain, "127.0.0.1:8560", nil, true, ""},
		{"IPv4", plain, "127.0.0.1", nil, true, ""},
		{"IPv6 with port", plain, "[::1]:8560", nil, true, ""},
		{"IPv6", plain, "[::1]", nil, true, ""},
		{"another IP", plain, "10.0.0.5:8560", nil, true, ""},
		{"localhost with port", plain, "localhost:8560", nil, true, ""},
		{"localhost, capitals", plain, "LocalHost", nil, true, ""},
		{"no Host (HTTP/1.0)", plain, "", nil, true, ""},
		{"rebound name", plain, "evil.example:8560", nil, false, `host "evil.example:8560" is not allowed`},
		{"rebound name, no port", plain, "evil.example", nil, false, "is not allowed"},
		{"a subdomain of localhost", plain, "localhost.evil.example", nil, false, "is not allowed"},
		{"a vhost without vhosts", plain, "signer.internal:8560", nil, false, "--rpc.vhosts"},
		{"a vhost", named, "signer.internal:8560", nil, true, ""},
		{"a vhost, capitals", named, "other.example", nil, true, ""},
		{"localhost with vhosts", named, "localhost:8560", nil, true, ""},
		{"not a vhost", named, "evil.example:8560", nil, false, "is not allowed"},
		{"any host", anyHost, "evil.example:8560", nil, true, ""},
		{"Origin", plain, "127.0.0.1:8560", map[string]string{"Origin": "http://evil.example:8560"}, false, "requests with an Origin header are refused"},
		{"Origin null", plain, "localhost:8560", map[string]string{"Origin": "null"}, false, "Origin header"},
		{"Origin, any host", anyHost, "127.0.0.1:8560", map[string]string{"Origin": "http://127.0.0.1:8560"}, false, "Origin header"},
	} {
		code, body := call(c.s, c.host, c.headers)
		if c.ok {
			if code != http.StatusOK || !strings.Contains(body, `"result":"ok"`) {
				t.Errorf("%s: HTTP %d %s, want 200 ok", c.name, code, body)
			}
		} else if code != http.StatusForbidden || !strings.Contains(body, c.want) {
			t.Errorf("%s: HTTP %d %s, want 403 saying %q", c.name, code, body, c.want)
		}
	}
	for _, bad := range []string{"signer.internal:8560", "http://x", ""} {
		if _, err := New(Config{Keys: []*ecdsa.PrivateKey{key}, ChainIDs: []uint64{1}, VirtualHosts: []string{bad}}); err == nil || !strings.Contains(err.Error(), "virtual host") {
			t.Errorf("virtual host %q: %v, want an error", bad, err)
		}
	}

	// Over the network: the Host a browser sends after a DNS rebind.
	h := start(t, "")
	req, err := http.NewRequest(http.MethodPost, h.url, strings.NewReader(`{"jsonrpc":"2.0","id":1,"method":"health_status","params":[]}`))
	if err != nil {
		t.Fatal(err)
	}
	req.Host = "evil.example:8560"
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("Host evil.example over the network: HTTP %d, want 403", resp.StatusCode)
	}
}

// A batch over MaxBatchItems is refused whole: one error, no signature.
func TestBatchLimit(t *testing.T) {
	t.Parallel()
	h := start(t, "")
	tx := `{"from":"` + h.from.Hex() + `","to":"0x00000000000000000000000000000000000000aa","gas":"0x5208","maxFeePerGas":"0x2","maxPriorityFeePerGas":"0x1","nonce":"0x0","chainId":"0x385"}`
	batch := func(n int, method, params string) []byte {
		calls := make([]string, n)
		for i := range calls {
			calls[i] = fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":%q,"params":[%s]}`, i, method, params)
		}
		return []byte("[" + strings.Join(calls, ",") + "]")
	}
	post := func(body []byte) []map[string]json.RawMessage {
		t.Helper()
		resp, err := http.Post(h.url, "application/json", bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out []map[string]json.RawMessage
		if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
			t.Fatalf("HTTP %d: %v", resp.StatusCode, err)
		}
		return out
	}
	for _, n := range []int{MaxBatchItems + 1, 2000} {
		body := batch(n, MethodSignTransaction, tx)
		if len(body) > MaxBodyBytes {
			t.Fatalf("batch of %d: %d bytes, over the body cap", n, len(body))
		}
		out := post(body)
		if len(out) != 1 || !strings.Contains(string(out[0]["error"]), "batch too large") || out[0]["result"] != nil {
			t.Errorf("batch of %d signatures: %d answers, the first %s; want one batch too large error", n, len(out), out[0])
		}
	}
	if out := post(batch(MaxBatchItems, MethodHealth, "")); len(out) != MaxBatchItems || string(out[0]["result"]) != `"ok"` {
		t.Errorf("batch of %d: %d answers, the first %s; want %d oks", MaxBatchItems, len(out), out[0], MaxBatchItems)
	}
	checkCounts(t, h.reg, map[[2]string]float64{
		{MethodHealth, "ok"}:             1 + MaxBatchItems, // the client's ping, the batch
		{MethodSignTransaction, "ok"}:    0,
		{MethodSignTransaction, "error"}: 0,
	})
}

func TestLoadKeys(t *testing.T) {
	t.Parallel()
	good := makeKeystore(t, 1)
	files, err := os.ReadDir(good)
	if err != nil || len(files) != 1 {
		t.Fatal(files, err)
	}
	goodFile := filepath.Join(good, files[0].Name())
	junkDir := t.TempDir()
	junk := filepath.Join(junkDir, "notes.txt")
	os.WriteFile(junk, []byte("not a key"), 0o600)
	otherJSON := filepath.Join(t.TempDir(), "genesis.json")
	os.WriteFile(otherJSON, []byte(`{"config":{"chainId":901}}`), 0o600)
	withHidden := makeKeystore(t, 2)
	os.WriteFile(filepath.Join(withHidden, ".DS_Store"), []byte("x"), 0o600)
	os.WriteFile(filepath.Join(withHidden, "README"), []byte("keys"), 0o600)

	for _, c := range []struct {
		name     string
		paths    []string
		password string
		keys     int    // wanted, if no error
		want     string // error
	}{
		{"a directory", []string{good}, testPassword, 1, ""},
		{"a file", []string{goodFile}, testPassword, 1, ""},
		{"the same key twice", []string{good, goodFile}, testPassword, 1, ""},
		{"hidden files and READMEs skipped", []string{withHidden, good}, testPassword, 3, ""},
		{"wrong password", []string{good}, "wrong", 0, goodFile + ": wrong password"},
		{"a text file", []string{junk}, testPassword, 0, junk + " is not a keystore file"},
		{"a text file in a directory", []string{good, junkDir}, testPassword, 0, junk + " is not a keystore file"},
		{"other JSON", []string{otherJSON}, testPassword, 0, otherJSON + " is not a keystore file"},
		{"missing", []string{filepath.Join(good, "nope")}, testPassword, 0, "no such file"},
		{"empty directory", []string{t.TempDir()}, testPassword, 0, "no keystore files in"},
		{"no paths", nil, testPassword, 0, "no keystore files in"},
	} {
		keys, err := LoadKeys(c.paths, c.password, discard)
		if c.want != "" {
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("%s: error %v, want one saying %q", c.name, err, c.want)
			}
			continue
		}
		if err != nil || len(keys) != c.keys {
			t.Errorf("%s: %d keys, %v; want %d", c.name, len(keys), err, c.keys)
		}
	}
}

// A keystore file open to group or others loads, with a warning.
func TestKeystoreFileMode(t *testing.T) {
	t.Parallel()
	dir := makeKeystore(t, 1)
	files, err := os.ReadDir(dir)
	if err != nil || len(files) != 1 {
		t.Fatal(files, err)
	}
	file := filepath.Join(dir, files[0].Name())
	load := func() string {
		var buf bytes.Buffer
		keys, err := LoadKeys([]string{dir}, testPassword, log.NewLogger(slog.NewTextHandler(&buf, nil)))
		if err != nil || len(keys) != 1 {
			t.Fatalf("%d keys, %v", len(keys), err)
		}
		return buf.String()
	}
	if out := load(); out != "" {
		t.Errorf("a 0600 keystore file (as geth writes it) logged %q", out)
	}
	if err := os.Chmod(file, 0o644); err != nil {
		t.Fatal(err)
	}
	if out := load(); !strings.Contains(out, "level=WARN") || !strings.Contains(out, "open to group or others") || !strings.Contains(out, "mode=0644") || !strings.Contains(out, file) {
		t.Errorf("a 0644 keystore file logged %q, want a warning naming it", out)
	}
}

func TestSecretFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(s), 0o600)
		return p
	}
	for _, c := range []struct {
		name, content, password, token, err string
	}{
		{"plain", "pw", "pw", "pw", ""},
		{"newline", "pw\n", "pw", "pw", ""},
		{"crlf", "pw\r\n", "pw", "pw", ""},
		{"inner spaces kept", " p w \n", " p w ", "p w", ""},
		{"empty", "\n", "", "", "is empty"},
	} {
		p := write(c.name, c.content)
		pw, err1 := ReadPassword(p)
		tok, err2 := ReadToken(p)
		if c.err != "" {
			if err1 == nil || err2 == nil || !strings.Contains(err1.Error(), c.err) {
				t.Errorf("%s: %v, %v; want errors saying %q", c.name, err1, err2, c.err)
			}
			continue
		}
		if pw != c.password || tok != c.token || err1 != nil || err2 != nil {
			t.Errorf("%s: password %q (%v), token %q (%v); want %q, %q", c.name, pw, err1, tok, err2, c.password, c.token)
		}
	}
	// A file open to group or others is refused, as ssh refuses such a key.
	for _, mode := range []os.FileMode{0o644, 0o640, 0o604, 0o660, 0o620} {
		p := write(fmt.Sprintf("mode%o", mode), "pw\n")
		if err := os.Chmod(p, mode); err != nil {
			t.Fatal(err)
		}
		want := fmt.Sprintf("is open to group or others (mode %04o): chmod 600 it", mode)
		if _, err := ReadPassword(p); err == nil || !strings.Contains(err.Error(), "password file "+p+" "+want) {
			t.Errorf("password file mode %o: %v, want an error saying %q", mode, err, want)
		}
		if _, err := ReadToken(p); err == nil || !strings.Contains(err.Error(), "auth token file "+p+" "+want) {
			t.Errorf("token file mode %o: %v, want an error saying %q", mode, err, want)
		}
	}
	for _, mode := range []os.FileMode{0o600, 0o400, 0o700} {
		p := write(fmt.Sprintf("mode%o", mode), "pw\n")
		if err := os.Chmod(p, mode); err != nil {
			t.Fatal(err)
		}
		if pw, err := ReadPassword(p); pw != "pw" || err != nil {
			t.Errorf("password file mode %o: %q, %v", mode, pw, err)
		}
		if tok, err := ReadToken(p); tok != "pw" || err != nil {
			t.Errorf("token file mode %o: %q, %v", mode, tok, err)
		}
	}
	if _, err := ReadPassword(filepath.Join(dir, "missing")); err == nil {
		t.Error("missing password file: no error")
	}
	if _, err := NewKey(dir, "", keystore.LightScryptN, keystore.LightScryptP); err == nil {
		t.Error("NewKey with an empty password: no error")
	}
}

func TestNewConfig(t *testing.T) {
	t.Parallel()
	key, _ := crypto.GenerateKey()
	for _, c := range []struct {
		name string
		cfg  Config
		want string
	}{
		{"no keys", Config{ChainIDs: []uint64{1}}, "no keys"},
		{"no chain ids", Config{Keys: []*ecdsa.PrivateKey{key}}, "no chain ids"},
		{"chain id 0", Config{Keys: []*ecdsa.PrivateKey{key}, ChainIDs: []uint64{0}}, "chain id 0"},
		{"nil key", Config{Keys: []*ecdsa.PrivateKey{nil}, ChainIDs: []uint64{1}}, "nil key"},
	} {
		if _, err := New(c.cfg); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one saying %q", c.name, err, c.want)
		}
	}
	reg := prometheus.NewRegistry()
	cfg := Config{Keys: []*ecdsa.PrivateKey{key}, ChainIDs: []uint64{1}, Registerer: reg}
	if _, err := New(cfg); err != nil {
		t.Fatal(err)
	}
	if _, err := New(cfg); err == nil || !strings.Contains(err.Error(), "metrics") {
		t.Errorf("a second service on the same registry: %v, want a metrics error", err)
	}
}
