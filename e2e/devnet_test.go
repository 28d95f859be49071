// Package e2e tests the whole rollup over a real local devnet: in-process
// L1 geth, ai-geth sequencer and verifier (child processes of the ai-geth
// binary), op-node, op-batcher and the proposer.
package e2e

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/log"
	"github.com/ethereum/go-ethereum/rpc"
	"github.com/urfave/cli/v2"

	"github.com/aievm/aievm/contracts/bindings"
	aicli "github.com/aievm/aievm/internal/cli"
	"github.com/aievm/aievm/internal/ethtx"
	"github.com/aievm/aievm/internal/svcbin"
	"github.com/aievm/aievm/op-node-ext/chain"
	"github.com/aievm/aievm/op-node-ext/devnet"
)

// gethBin is the ai-geth binary the devnets run (make services, or built
// here when the tests run without make).
var gethBin string

// TestMain finds or builds ai-geth, and runs this binary as the aievm
// challenger when a test starts it as a child.
func TestMain(m *testing.M) {
	if os.Getenv(challengerEnv) == "1" {
		os.Exit(runChallengerChild())
	}
	flag.Parse()
	if testing.Short() { // every test here skips: build nothing
		os.Exit(m.Run())
	}
	dir, err := os.MkdirTemp("", "aievm-e2e-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if gethBin, err = svcbin.Locate("ai-geth", dir); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func startDevnet(t *testing.T, ctx context.Context, opts ...func(*devnet.Config)) *devnet.Devnet {
	t.Helper()
	cfg := devnet.Default()
	cfg.DataDir = t.TempDir()
	cfg.Ports = devnet.Ports{} // any free ports
	cfg.ProposalInterval = 4
	cfg.Users = cliUser + 1
	// Seconds: the game test waits them out. The clock is the least that lets
	// the longest game be played on 2-second L1 blocks (fraudproof.MinClock).
	cfg.OracleWindow, cfg.OracleClock = 90, 130
	cfg.GethCommand = []string{gethBin}
	cfg.Tools = filepath.Join("..", "tools")
	cfg.OPContracts = filepath.Join("..", "build", "op-contracts") // make op-contracts
	cfg.WebDir = filepath.Join("..", "build", "web")               // make web
	cfg.FaultProof = cfg.FaultProof.In("..")                       // make build: bin/cannon, bin/aievm-program-host
	// No output game is disputed here (TestFaultProof disputes them): short
	// clocks let withdrawals finalize in seconds.
	cfg.Games.MaxClockDuration, cfg.Games.ClockExtension = 4, 1
	for _, o := range opts {
		o(&cfg)
	}
	lvl := log.LevelError
	if testing.Verbose() {
		lvl = log.LevelWarn
	}
	if v := os.Getenv("AIEVM_E2E_VERBOSITY"); v != "" { // info or debug: every service's log
		if err := lvl.UnmarshalText([]byte(v)); err != nil {
			t.Fatalf("AIEVM_E2E_VERBOSITY: %v", err)
		}
	}
	lg := log.NewLogger(log.NewTerminalHandlerWithLevel(os.Stderr, lvl, false))
	start := time.Now()
	d, err := devnet.Start(ctx, cfg, lg)
	if err != nil {
		t.Fatalf("start devnet: %v", err)
	}
	t.Logf("devnet up in %s (data dir %s)", time.Since(start).Round(time.Millisecond), cfg.DataDir)
	t.Cleanup(func() {
		if err := d.Close(); err != nil {
			t.Errorf("close devnet: %v", err)
		}
		if t.Failed() {
			for _, f := range []string{"sequencer.log", "verifier.log"} {
				b, _ := os.ReadFile(filepath.Join(cfg.DataDir, f))
				if len(b) > 4000 {
					b = b[len(b)-4000:]
				}
				t.Logf("%s (tail):\n%s", f, b)
			}
		}
	})
	return d
}

func dial(t *testing.T, ctx context.Context, url string) *ethclient.Client {
	t.Helper()
	c, err := ethclient.DialContext(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c
}

// waitSafe waits until the sequencer's safe head (derived from L1) reaches n.
func waitSafe(t *testing.T, ctx context.Context, c *ethclient.Client, n *big.Int, timeout time.Duration) time.Duration {
	t.Helper()
	start := time.Now()
	for {
		h, err := c.HeaderByNumber(ctx, big.NewInt(int64(rpc.SafeBlockNumber)))
		if err == nil && h.Number.Cmp(n) >= 0 {
			return time.Since(start)
		}
		if time.Since(start) > timeout {
			t.Fatalf("safe head did not reach block %s in %s (safe %v, err %v)", n, timeout, h, err)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// waitBlock waits until c has block n and returns its header.
func waitBlock(t *testing.T, ctx context.Context, c *ethclient.Client, n *big.Int, timeout time.Duration) *types.Header {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		h, err := c.HeaderByNumber(ctx, n)
		if err == nil {
			return h
		}
		if time.Now().After(deadline) {
			t.Fatalf("block %s not there after %s: %v", n, timeout, err)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func TestDevnet(t *testing.T) {
	if testing.Short() {
		t.Skip("devnet: not in -short")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()
	d := startDevnet(t, ctx)
	st := d.State()
	seq, ver, l1 := dial(t, ctx, d.Sequencer.HTTP()), dial(t, ctx, d.Verifier.HTTP()), dial(t, ctx, d.L1RPC())
	user := d.UserKey(0)
	iris := st.Models[0]

	var inferBlock *big.Int
	t.Run("inference tx is batched and re-derived by the verifier", func(t *testing.T) {
		cls := bindings.NewClassifier()
		var maddr [32]byte
		copy(maddr[:], common.FromHex(iris.Address))
		data := cls.PackInference(maddr, common.FromHex(iris.Sample), big.NewInt(int64(iris.OutputSize)))
		r, err := ethtx.Send(ctx, seq, user, ethtx.Tx{To: &st.Demo, Data: data}, time.Minute)
		if err != nil {
			t.Fatalf("inference tx: %v", err)
		}
		included := time.Now()
		ev, err := cls.UnpackInferenceEvent(r.Logs[0])
		if err != nil {
			t.Fatal(err)
		}
		if len(ev.Output) != iris.OutputSize {
			t.Fatalf("output %d bytes, want %d", len(ev.Output), iris.OutputSize)
		}
		inferBlock = r.BlockNumber
		// OP's L1 data fee, from the L1Block predeploy's view of L1 (GasPriceOracle's formula).
		if r.L1Fee == nil || r.L1Fee.Sign() <= 0 || r.L1GasUsed == nil || r.L1GasUsed.Sign() <= 0 {
			t.Fatalf("receipt without an L1 fee: l1Fee %v, l1GasUsed %v", r.L1Fee, r.L1GasUsed)
		}
		t.Logf("L1 fee of the inference tx: %s wei for %s L1 gas", r.L1Fee, r.L1GasUsed)
		waitSafe(t, ctx, seq, r.BlockNumber, 3*time.Minute)
		t.Logf("inference tx in L2 block %d; safe (batched to L1 and derived) %s after inclusion", r.BlockNumber, time.Since(included).Round(time.Millisecond))
		want := waitBlock(t, ctx, seq, r.BlockNumber, time.Second)
		got := waitBlock(t, ctx, ver, r.BlockNumber, 2*time.Minute)
		if got.Hash() != want.Hash() || got.Root != want.Root {
			t.Fatalf("verifier block %d: hash %s root %s; sequencer: hash %s root %s", r.BlockNumber, got.Hash(), got.Root, want.Hash(), want.Root)
		}
		// The verifier ran the model itself: its state has the output.
		ret, err := ver.CallContract(ctx, ethereum.CallMsg{To: &st.Demo, Data: cls.PackLastOutput()}, r.BlockNumber)
		if err != nil {
			t.Fatal(err)
		}
		if out, _ := cls.UnpackLastOutput(ret); !bytes.Equal(out, ev.Output) {
			t.Fatalf("verifier lastOutput %x, event %x", out, ev.Output)
		}
	})

	t.Run("an ONNX model carried in the call (0xa0) runs in a transaction; bad calls revert with reasons", func(t *testing.T) {
		testInline(t, ctx, d, seq, ver)
	})

	t.Run("each example model inside the fault-proof program under Cannon computes what ai-geth did", func(t *testing.T) {
		testProgramAgrees(t, ctx, d, seq)
	})

	t.Run("register and call an unavailable model: the chain goes on", func(t *testing.T) {
		testHaltAttack(t, ctx, d, seq, ver, l1)
	})

	t.Run("a model published on chain is called; a fresh verifier derives it from L1", func(t *testing.T) {
		testPublishAndFollow(t, ctx, d, seq)
	})

	t.Run("deposit through OptimismPortal2 arrives on L2", func(t *testing.T) {
		to := common.HexToAddress("0x00000000000000000000000000000000d3905173")
		amount := big.NewInt(1_234_567_890)
		data := packPortal(t, "depositTransaction", to, amount, uint64(100_000), false, []byte(nil))
		if _, err := ethtx.Send(ctx, l1, user, ethtx.Tx{To: &st.Contracts.OptimismPortal, Data: data, Value: amount}, time.Minute); err != nil {
			t.Fatalf("deposit: %v", err)
		}
		waitBalance(t, ctx, ver, to, amount, 2*time.Minute)
		// Deposits buy L2 gas under the portal's resource metering: no more
		// than maxResourceLimit (20M) per L1 block.
		tooMuch := packPortal(t, "depositTransaction", to, new(big.Int), uint64(20_000_001), false, []byte(nil))
		_, err := l1.CallContract(ctx, ethereum.CallMsg{From: chain.Address(user), To: &st.Contracts.OptimismPortal, Data: tooMuch, Gas: 25_000_000}, nil)
		var de rpc.DataError
		outOfGas := hexutil.Encode(crypto.Keccak256([]byte("OutOfGas()"))[:4])
		if !errors.As(err, &de) || !strings.HasPrefix(fmt.Sprint(de.ErrorData()), outOfGas) {
			t.Fatalf("a deposit buying more than the resource limit of L2 gas: %v, want ResourceMetering's OutOfGas()", err)
		}
	})

	t.Run("ERC-20 deposit through the standard bridge arrives on L2", func(t *testing.T) {
		testBridgeERC20(t, ctx, d, l1, ver)
	})

	t.Run("op-proposer's output games match the verifier and resolve", func(t *testing.T) {
		testOutputGames(t, ctx, d, l1, ver)
	})

	t.Run("withdrawal proven and finalized on L1 against a resolved game", func(t *testing.T) {
		testWithdrawal(t, ctx, d, l1, seq)
	})

	t.Run("restarting op-node and op-batcher loses nothing", func(t *testing.T) {
		if inferBlock == nil {
			t.Skip("needs the inference block")
		}
		if err := d.StopBatcher(ctx); err != nil {
			t.Fatal(err)
		}
		if err := d.RestartSequencerOpNode(ctx); err != nil {
			t.Fatal(err)
		}
		// Transactions while the batcher is down are batched after it restarts.
		var last *types.Receipt
		for i := 0; i < 3; i++ {
			to := common.BigToAddress(big.NewInt(int64(0xbeef00 + i)))
			r, err := ethtx.Send(ctx, seq, user, ethtx.Tx{To: &to, Value: big.NewInt(1)}, time.Minute)
			if err != nil {
				t.Fatalf("tx %d after op-node restart: %v", i, err)
			}
			last = r
		}
		if err := d.StartBatcher(ctx); err != nil {
			t.Fatal(err)
		}
		waitSafe(t, ctx, seq, last.BlockNumber, 3*time.Minute)
		for n := new(big.Int).Set(inferBlock); n.Cmp(last.BlockNumber) <= 0; n.Add(n, big.NewInt(1)) {
			want := waitBlock(t, ctx, seq, n, time.Second)
			got := waitBlock(t, ctx, ver, n, time.Minute)
			if got.Hash() != want.Hash() {
				t.Fatalf("block %s: verifier %s, sequencer %s", n, got.Hash(), want.Hash())
			}
		}
	})

	t.Run("aievm infer calls and sends", func(t *testing.T) {
		infer := func(args ...string) (string, error) {
			var out bytes.Buffer
			app := &cli.App{Name: "aievm", Writer: &out, ErrWriter: &out, Commands: []*cli.Command{aicli.InferCommand}}
			err := app.RunContext(ctx, append([]string{"aievm", "infer", "--rpc", d.Verifier.HTTP(), "--model", iris.Address}, args...))
			return out.String(), err
		}
		run := func(args ...string) string {
			out, err := infer(args...)
			if err != nil {
				t.Fatalf("aievm infer %v: %v\n%s", args, err, out)
			}
			return out
		}
		call := run("--input", "0x"+iris.Sample, "--format", "f32")
		sent := run("--input", "0x"+iris.Sample, "--format", "f32", "--send", "--key", hexutil.Encode(crypto.FromECDSA(d.UserKey(2))))
		if !strings.HasPrefix(call, "[0.99") || !strings.HasSuffix(sent, call) || !strings.HasPrefix(sent, "tx 0x") {
			t.Fatalf("eth_call printed %q, the transaction %q", call, sent)
		}
		// The sample is these four measurements as f32; the output size comes from the model's header.
		if f32 := run("--input-f32", "5.1,3.5,1.4,0.2", "--format", "f32"); f32 != call {
			t.Fatalf("--input-f32 printed %q, --input %q", f32, call)
		}
		if _, err := infer("--input", "0x00"); err == nil || !strings.Contains(err.Error(), "input size does not match the model: 1 bytes given") {
			t.Fatalf("bad input: %v", err)
		}
	})

	t.Run("aievm infer --prompt: the toy generation model, and its KV-cache chain", func(t *testing.T) {
		testInferPrompt(t, ctx, d)
	})

	t.Run("ethers.js client does what MetaMask does", func(t *testing.T) {
		out := runNode(t, ctx, "wallet client", "../tools/wallet-client.js", "RPC="+d.Sequencer.HTTP(),
			"CHAIN_ID="+fmt.Sprint(d.Rollup().L2ChainID), "KEY="+hexutil.Encode(crypto.FromECDSA(d.UserKey(1))), "CONTRACT="+st.Demo.Hex(),
			"MODEL="+iris.Address, "INPUT=0x"+iris.Sample, "OUTPUT_SIZE="+fmt.Sprint(iris.OutputSize))
		if !strings.Contains(out, "output 0x") {
			t.Fatalf("no decoded output in:\n%s", out)
		}
	})

	t.Run("dapp page in Chromium: connect, classify by transaction, deposit, withdraw, attested inference", func(t *testing.T) {
		testDappPage(t, ctx, d)
	})

	t.Run("the example project's deploy script deploys IrisClassifier and classifies through the precompile", func(t *testing.T) {
		testExampleDeploy(t, ctx, d, iris.Address)
	})

	t.Run("attested inference: proved, co-signed, settled 78/12/10", func(t *testing.T) {
		testAttestation(t, ctx, d, seq)
	})

	t.Run("opML dispute game on L1: honest parties win, a killed challenger resumes", func(t *testing.T) {
		testDisputeGame(t, ctx, d)
	})
}
