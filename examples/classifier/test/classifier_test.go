// Package classifier_test tests IrisClassifier on geth's simulated backend,
// with MockInference at the inference precompile's address (0xa1) in the
// genesis allocation: the contract runs unchanged, on outputs the test sets.
// It compiles the Solidity with solc-js (node ../scripts/compile.js), so it
// needs node and, outside the aievm repository, `npm install`.
package classifier_test

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"encoding/binary"
	"encoding/json"
	"errors"
	"math"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/core/vm"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient/simulated"
	"github.com/ethereum/go-ethereum/params"
	"github.com/ethereum/go-ethereum/rpc"
)

// inferenceAddress is the AI EVM's inference precompile (AILib.INFERENCE).
var inferenceAddress = common.HexToAddress("0xa1")

// irisModel is the devnet's iris model address; any 32 bytes would do here.
var irisModel = common.HexToHash("0xdd286d1cb007062da4ec11a28ebcb4fbdada061f0a02b6146efd04b6a10d597d")

// artifact is one contract as scripts/compile.js writes it.
type artifact struct {
	ABI              abi.ABI
	Bytecode         []byte
	DeployedBytecode []byte
}

// compileExample compiles src/ and test/ with solc-js into a temporary
// directory and reads the artifacts back.
func compileExample(t *testing.T, names ...string) map[string]artifact {
	t.Helper()
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("node is not installed: the test compiles the contracts with solc-js (install Node.js to run it)")
	}
	out := t.TempDir()
	cmd := exec.Command("node", filepath.Join("..", "scripts", "compile.js"), out)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("node scripts/compile.js: %v\n%s", err, msg)
	}
	arts := map[string]artifact{}
	for _, name := range names {
		b, err := os.ReadFile(filepath.Join(out, name+".json"))
		if err != nil {
			t.Fatalf("read %s's artifact: %v", name, err)
		}
		var raw struct {
			ABI              json.RawMessage `json:"abi"`
			Bytecode         string          `json:"bytecode"`
			DeployedBytecode string          `json:"deployedBytecode"`
		}
		if err := json.Unmarshal(b, &raw); err != nil {
			t.Fatalf("parse %s's artifact: %v", name, err)
		}
		parsed, err := abi.JSON(bytes.NewReader(raw.ABI))
		if err != nil {
			t.Fatalf("%s's ABI: %v", name, err)
		}
		arts[name] = artifact{parsed, common.FromHex(raw.Bytecode), common.FromHex(raw.DeployedBytecode)}
	}
	return arts
}

// chain is a simulated chain with one funded key.
type chain struct {
	t       *testing.T
	backend *simulated.Backend
	client  simulated.Client
	key     *ecdsa.PrivateKey
	from    common.Address
	signer  types.Signer
}

func newChain(t *testing.T, alloc types.GenesisAlloc) *chain {
	t.Helper()
	key, err := crypto.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	from := crypto.PubkeyToAddress(key.PublicKey)
	alloc[from] = types.Account{Balance: new(big.Int).Lsh(big.NewInt(1), 100)}
	b := simulated.NewBackend(alloc)
	t.Cleanup(func() { b.Close() })
	id, err := b.Client().ChainID(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return &chain{t: t, backend: b, client: b.Client(), key: key, from: from, signer: types.LatestSignerForChainID(id)}
}

// send mines a transaction (to nil: a deployment) and returns its receipt,
// failing the test if it reverts.
func (c *chain) send(to *common.Address, data []byte) *types.Receipt {
	c.t.Helper()
	ctx := context.Background()
	nonce, err := c.client.PendingNonceAt(ctx, c.from)
	if err != nil {
		c.t.Fatal(err)
	}
	head, err := c.client.HeaderByNumber(ctx, nil)
	if err != nil {
		c.t.Fatal(err)
	}
	tx := types.MustSignNewTx(c.key, c.signer, &types.DynamicFeeTx{Nonce: nonce, To: to, Data: data, Gas: 5_000_000,
		GasTipCap: big.NewInt(1), GasFeeCap: new(big.Int).Add(new(big.Int).Mul(head.BaseFee, big.NewInt(2)), big.NewInt(1))})
	if err := c.client.SendTransaction(ctx, tx); err != nil {
		c.t.Fatal(err)
	}
	c.backend.Commit()
	r, err := c.client.TransactionReceipt(ctx, tx.Hash())
	if err != nil || r.Status != types.ReceiptStatusSuccessful {
		c.t.Fatalf("transaction to %v: receipt %+v, %v", to, r, err)
	}
	return r
}

// call makes an eth_call; a revert comes back as its Error(string) reason.
func (c *chain) call(to common.Address, data []byte) (ret []byte, reason string, err error) {
	ret, err = c.client.CallContract(context.Background(), ethereum.CallMsg{From: c.from, To: &to, Data: data}, nil)
	var de rpc.DataError
	if errors.As(err, &de) {
		if s, ok := de.ErrorData().(string); ok {
			if r, uerr := abi.UnpackRevert(common.FromHex(s)); uerr == nil {
				return nil, r, err
			}
		}
	}
	return ret, "", err
}

func pack(t *testing.T, a abi.ABI, method string, args ...any) []byte {
	t.Helper()
	b, err := a.Pack(method, args...)
	if err != nil {
		t.Fatalf("pack %s: %v", method, err)
	}
	return b
}

// f32 is the little-endian bytes of float32 values (the model's tensors).
func f32(vs ...float32) []byte {
	var b []byte
	for _, v := range vs {
		b = binary.LittleEndian.AppendUint32(b, math.Float32bits(v))
	}
	return b
}

// fixed18 is a float32 times 10^18, truncated toward zero (AITensor.f32ToFixed).
func fixed18(v float32) *big.Int {
	r := new(big.Rat).SetFloat64(float64(v))
	r.Mul(r, new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(18), nil)))
	return new(big.Int).Quo(r.Num(), r.Denom())
}

// TestNoPrecompileAt0xa1: the simulated backend's chain has no precompile at
// 0xa1 (go-ethereum has none; the AI EVM's is registered only in op-geth's
// OP-fork tables, by its node): the mock placed there is what runs.
func TestNoPrecompileAt0xa1(t *testing.T) {
	rules := params.AllDevChainProtocolChanges.Rules(big.NewInt(0), true, 0)
	for _, a := range vm.ActivePrecompiles(rules) {
		if a == inferenceAddress {
			t.Fatal("0xa1 is a precompile on the simulated backend's chain: code placed there would not run")
		}
	}
}

// TestIrisClassifier sets MockInference's outputs for the inputs each case
// sends, then checks IrisClassifier's predict (eth_call) and classify (a
// transaction and its Classified event), and the revert reasons callers see.
func TestIrisClassifier(t *testing.T) {
	arts := compileExample(t, "IrisClassifier", "MockInference")
	cls, mock := arts["IrisClassifier"], arts["MockInference"]
	c := newChain(t, types.GenesisAlloc{inferenceAddress: {Code: mock.DeployedBytecode, Balance: new(big.Int)}})
	deployArgs, err := cls.ABI.Pack("", irisModel)
	if err != nil {
		t.Fatal(err)
	}
	addr := c.send(nil, append(append([]byte(nil), cls.Bytecode...), deployArgs...)).ContractAddress

	// The mock answers, not a precompile: nothing is set for this model yet.
	if _, reason, _ := c.call(addr, pack(t, cls.ABI, "predict", [4]uint32{})); !strings.HasPrefix(reason, "MockInference: no output set for model 0xdd286d1c") {
		t.Fatalf("predict before any output is set: reason %q", reason)
	}

	cases := []struct {
		name        string
		in          [4]float32
		out         []byte // set for this input ("" : none)
		wantSpecies int64
		wantP       float32
		reason      string
	}{
		{"setosa", [4]float32{5.1, 3.5, 1.4, 0.2}, f32(0.9999976, 2.0205032e-06, 3.5989677e-07), 0, 0.9999976, ""},
		{"versicolor", [4]float32{6.4, 3.2, 4.5, 1.5}, f32(0.01, 0.75, 0.24), 1, 0.75, ""},
		{"virginica", [4]float32{6.3, 3.3, 6.0, 2.5}, f32(0.001, 0.049, 0.95), 2, 0.95, ""},
		{"tie: first", [4]float32{6, 3, 5, 2}, f32(0.1, 0.45, 0.45), 1, 0.45, ""},
		{"negative outputs", [4]float32{1, 1, 1, 1}, f32(-3, -0.5, -2), 1, -0.5, ""},
		{"output too short", [4]float32{2, 2, 2, 2}, f32(1, 0), 0, 0, "inference: output size does not match the model: 12 bytes asked, MockInference gives 8"},
		{"NaN output", [4]float32{3, 3, 3, 3}, append(f32(0.5, 0.5), 0, 0, 0xc0, 0x7f), 0, 0, "AITensor: NaN in argmaxF32"},
		{"no output set", [4]float32{9, 9, 9, 9}, nil, 0, 0, "MockInference: no output set for model 0xdd286d1cb007062da4ec11a28ebcb4fbdada061f0a02b6146efd04b6a10d597d (input of 16 bytes)"},
	}
	for _, tc := range cases {
		input := f32(tc.in[:]...)
		if tc.out != nil {
			c.send(&inferenceAddress, pack(t, mock.ABI, "setOutput", irisModel, input, tc.out))
		}
		var bits [4]uint32
		for i, v := range tc.in {
			bits[i] = math.Float32bits(v)
		}
		ret, reason, err := c.call(addr, pack(t, cls.ABI, "predict", bits))
		if tc.reason != "" {
			if reason != tc.reason {
				t.Errorf("%s: predict reason %q (%v), want %q", tc.name, reason, err, tc.reason)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: predict: %v %q", tc.name, err, reason)
			continue
		}
		res, err := cls.ABI.Unpack("predict", ret)
		wantP := fixed18(tc.wantP)
		if err != nil || res[0].(*big.Int).Int64() != tc.wantSpecies || res[1].(*big.Int).Cmp(wantP) != 0 {
			t.Errorf("%s: predict = %v (%v), want species %d p=%s", tc.name, res, err, tc.wantSpecies, wantP)
		}
		r := c.send(&addr, pack(t, cls.ABI, "classify", bits))
		if len(r.Logs) != 1 {
			t.Fatalf("%s: classify: %d logs, want the Classified event", tc.name, len(r.Logs))
		}
		ev, err := cls.ABI.Unpack("Classified", r.Logs[0].Data)
		if err != nil || common.BytesToAddress(r.Logs[0].Topics[1].Bytes()) != c.from || ev[0].([4]uint32) != bits ||
			ev[1].(*big.Int).Int64() != tc.wantSpecies || ev[2].(*big.Int).Cmp(wantP) != 0 {
			t.Errorf("%s: Classified event %v (%v), want species %d p=%s", tc.name, ev, err, tc.wantSpecies, wantP)
		}
	}
}
