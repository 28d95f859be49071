package dishonest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/ethereum-optimism/optimism/op-service/eth"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/log"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/aievm/aievm/geth-fork/precompile"
)

// fakeL2 answers debug_traceBlockByNumber: block 7 calls the inference
// precompile (nested in a contract call) with model m, others do not.
type fakeL2 struct{ m common.Hash }

func (f *fakeL2) TraceBlockByNumber(_ context.Context, n rpc.BlockNumber, _ map[string]string) ([]json.RawMessage, error) {
	if n != 7 {
		return []json.RawMessage{json.RawMessage(`{"result":{"to":"0x00000000000000000000000000000000000000aa","calls":[]}}`)}, nil
	}
	in := precompile.Pack([32]byte(f.m), 12, []byte{1, 2})
	b, _ := json.Marshal(map[string]any{"result": map[string]any{"to": "0xc1a5510000000000000000000000000000000001",
		"calls": []any{map[string]any{"to": precompile.Address, "input": "0x" + common.Bytes2Hex(in)}}}})
	return []json.RawMessage{b}, nil
}

// TestProxyLies: the first output covering a block that calls a model
// (block 7: the output at 9 covers 7 to 9, answered after 6) is falsified (a wrong state root, the same withdrawals, a
// consistent root), asked again it is the same lie; later outputs over the
// same call, and others, pass unchanged, and so does every other method.
func TestProxyLies(t *testing.T) {
	m := common.HexToHash("0x1234")
	srv := rpc.NewServer()
	if err := srv.RegisterName("debug", &fakeL2{m: m}); err != nil {
		t.Fatal(err)
	}
	l2 := rpc.DialInProc(srv)
	defer l2.Close()
	honest := func(n uint64) *eth.OutputV0 {
		return &eth.OutputV0{StateRoot: eth.Bytes32{byte(n)}, MessagePasserStorageRoot: eth.Bytes32{9}, BlockHash: common.Hash{byte(n), 1}}
	}
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			ID     json.RawMessage   `json:"id"`
			Method string            `json:"method"`
			Params []json.RawMessage `json:"params"`
		}
		json.NewDecoder(r.Body).Decode(&req)
		var res any = "ok"
		if req.Method == "optimism_outputAtBlock" {
			var hex string
			json.Unmarshal(req.Params[0], &hex)
			n := uint64(0)
			for _, c := range strings.TrimPrefix(hex, "0x") {
				n = n*16 + uint64(strings.IndexRune("0123456789abcdef", c))
			}
			o := honest(n)
			res = map[string]any{"version": eth.Bytes32{}, "outputRoot": eth.OutputRoot(o), "stateRoot": o.StateRoot,
				"withdrawalStorageRoot": o.MessagePasserStorageRoot, "blockRef": map[string]any{"hash": o.BlockHash, "number": n}}
		}
		json.NewEncoder(w).Encode(map[string]any{"jsonrpc": "2.0", "id": req.ID, "result": res})
	}))
	defer up.Close()
	p, err := NewProxy("127.0.0.1", up.URL, l2, 4, log.NewLogger(log.DiscardHandler()))
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	c, err := rpc.Dial(p.URL())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for _, tc := range []struct {
		block uint64
		lie   bool
	}{{3, false}, {6, false}, {9, true}, {9, true}, {10, false}, {11, false}} {
		var out struct {
			OutputRoot            common.Hash `json:"outputRoot"`
			StateRoot             common.Hash `json:"stateRoot"`
			WithdrawalStorageRoot common.Hash `json:"withdrawalStorageRoot"`
		}
		if err := c.Call(&out, "optimism_outputAtBlock", hexU(tc.block)); err != nil {
			t.Fatal(err)
		}
		h := honest(tc.block)
		want := h
		if tc.lie {
			want = FalseOutput(h)
		}
		if out.OutputRoot != common.Hash(eth.OutputRoot(want)) || out.StateRoot != common.Hash(want.StateRoot) || out.WithdrawalStorageRoot != common.Hash(h.MessagePasserStorageRoot) {
			t.Errorf("block %d: lie %v: got %+v", tc.block, tc.lie, out)
		}
	}
	lies := p.Lies()
	if len(lies) != 1 || lies[0].Block != 9 || lies[0].Caller != 7 || lies[0].Model != m {
		t.Errorf("lies %+v", lies)
	}
	var s string
	if err := c.Call(&s, "optimism_syncStatus"); err != nil || s != "ok" {
		t.Errorf("passing a call through: %q, %v", s, err)
	}
}

func hexU(n uint64) string { return fmt.Sprintf("0x%x", n) }
