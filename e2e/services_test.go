package e2e

import (
	"context"
	"crypto/ecdsa"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ethereum-optimism/optimism/op-service/eth"
	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/keystore"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/log"
	"github.com/ethereum/go-ethereum/p2p/enode"
	"github.com/ethereum/go-ethereum/rpc"
	"github.com/google/uuid"

	"github.com/aievm/aievm/attest/settle"
	"github.com/aievm/aievm/contracts/bindings"
	"github.com/aievm/aievm/fraudproof/prestate"
	"github.com/aievm/aievm/internal/ethtx"
	"github.com/aievm/aievm/internal/svcbin"
	"github.com/aievm/aievm/op-node-ext/aigethproc"
	"github.com/aievm/aievm/op-node-ext/chain"
	"github.com/aievm/aievm/op-node-ext/devnet"
)

// TestServices runs the rollup as an operator does (docs/operators.md):
// every service a process of its own command with standard flags, nothing
// wired in-process. On a standalone L1 with the chain deployed by deploy-l1:
// ai-geth sequencer and verifier; OP's stock op-node for each, the
// sequencer gossiping unsafe blocks to the verifier over P2P; op-batcher and
// the sequencer's block signing through `aievm signer`, which holds their
// keys in keystore files; op-proposer; op-challenger; the aievm challenger;
// the attestation node and validator.
// It checks that the verifier follows the sequencer's unsafe head over P2P
// within 2 s, that every service's metrics endpoint answers, that the
// batcher's L1 transactions come from the keystore's key, that op-proposer's
// game claims the verifier's output, and that a new ai-geth snap-syncs from
// the sequencer's over devp2p.
func TestServices(t *testing.T) {
	if testing.Short() {
		t.Skip("services: not in -short")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 12*time.Minute)
	defer cancel()
	dir := t.TempDir()
	bins := map[string]string{}
	for name := range svcbin.Packages {
		p, err := svcbin.Locate(name, filepath.Join(dir, "bin"))
		if err != nil {
			t.Fatal(err)
		}
		bins[name] = p
	}
	lg := log.NewLogger(log.DiscardHandler())
	if testing.Verbose() {
		lg = log.NewLogger(log.NewTerminalHandlerWithLevel(os.Stderr, log.LevelWarn, false))
	}

	// The operator's keys: fresh, nothing derived from a public seed. The
	// batcher's and the sequencer's live in keystore files the signer opens.
	roles := []chain.Role{chain.Deployer, chain.Batcher, chain.Proposer, chain.Challenger, chain.Sequencer}
	keys := map[chain.Role]*ecdsa.PrivateKey{}
	funds := map[common.Address]*big.Int{}
	for _, r := range roles {
		k, err := crypto.GenerateKey()
		if err != nil {
			t.Fatal(err)
		}
		keys[r] = k
		funds[chain.Address(k)] = new(big.Int).Mul(big.NewInt(1000), big.NewInt(1e18))
	}
	hexKey := func(r chain.Role) string { return hexutil.Encode(crypto.FromECDSA(keys[r])) }
	keystoreDir, password := filepath.Join(dir, "keystore"), filepath.Join(dir, "password")
	if err := os.WriteFile(password, []byte("correct horse battery staple\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, r := range []chain.Role{chain.Batcher, chain.Sequencer} {
		writeKeystore(t, keystoreDir, keys[r], "correct horse battery staple")
	}
	// The aievm challenger's key: a keystore file of its own.
	opmlKey, err := crypto.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	funds[chain.Address(opmlKey)] = new(big.Int).Mul(big.NewInt(1000), big.NewInt(1e18))
	opmlKeystore := writeKeystore(t, filepath.Join(dir, "opml-keystore"), opmlKey, "correct horse battery staple")

	// L1 and the chain on it.
	l1, err := devnet.StartL1(ctx, devnet.L1Options{DataDir: filepath.Join(dir, "l1"), Host: "127.0.0.1", OPContracts: filepath.Join("..", "build", "op-contracts"),
		ChainID: 900, BlockTime: 2, Funds: funds}, lg)
	if err != nil {
		t.Fatal(err)
	}
	defer l1.Close()
	chainDir := filepath.Join(dir, "chain")
	l1Config := filepath.Join(chainDir, "l1-chain-config.json")
	if err := l1.WriteL1ChainConfig(l1Config); err != nil {
		t.Fatal(err)
	}
	cfg := devnet.Default()
	cfg.DataDir, cfg.OPContracts, cfg.L1ChainID, cfg.L2ChainID = chainDir, filepath.Join("..", "build", "op-contracts"), 900, 901
	cfg.FaultProof = cfg.FaultProof.In("..")
	cfg.L1RPC, cfg.L1Beacon, cfg.L1ChainConfig = l1.L1RPC(), l1.L1Beacon(), l1Config
	cfg.Users, cfg.Attest, cfg.GethCommand = 0, false, []string{bins["ai-geth"]}
	cfg.DeployerKey, cfg.BatcherKey, cfg.ProposerKey = hexKey(chain.Deployer), hexKey(chain.Batcher), hexKey(chain.Proposer)
	cfg.ChallengerKey, cfg.SequencerKey = hexKey(chain.Challenger), hexKey(chain.Sequencer)
	cfg.OutputBond = "1000000000000000"
	t0 := time.Now()
	st, err := devnet.CreateChain(ctx, cfg, lg)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("deploy-l1 on the standalone L1 in %s", time.Since(t0).Round(time.Millisecond))
	pre, err := prestate.Read(filepath.Join(chainDir, "prestate"))
	if err != nil {
		t.Fatal(err)
	}
	file := func(name string) string { return filepath.Join(chainDir, name) }
	jwt := filepath.Join(dir, "jwt.hex")
	if err := os.WriteFile(jwt, []byte(hexutil.Encode(crypto.Keccak256([]byte(dir)))), 0o600); err != nil {
		t.Fatal(err)
	}

	ps := &procs{t: t, dir: filepath.Join(dir, "logs")}
	defer ps.stopAll()
	port := func() string { return strconv.Itoa(freePort(t)) }

	// ai-geth: sequencer (serving its model gateway) and verifier.
	type engine struct{ http, auth, metrics, gateway, p2p string }
	engines := map[string]engine{}
	for _, name := range []string{"sequencer", "verifier"} {
		e := engine{http: port(), auth: port(), metrics: port(), gateway: "127.0.0.1:" + port(), p2p: port()}
		engines[name] = e
		data := filepath.Join(dir, name)
		ps.run("ai-geth init "+name, bins["ai-geth"], nil, "init", "--datadir", data, "--state.scheme", "hash", file("genesis-l2.json"))
		args := []string{"--datadir", data, "--syncmode", "full", "--gcmode", "archive", "--nodiscover", "--port", e.p2p,
			"--http", "--http.addr", "127.0.0.1", "--http.port", e.http, "--http.api", "eth,net,web3",
			"--authrpc.addr", "127.0.0.1", "--authrpc.port", e.auth, "--authrpc.jwtsecret", jwt,
			"--metrics", "--metrics.addr", "127.0.0.1", "--metrics.port", e.metrics, "--verbosity", "3", "--rollup.disabletxpoolgossip"}
		if name == "sequencer" {
			args = append(args, "--ai.gateway", e.gateway)
		} else {
			args = append(args, "--ai.peers", "http://"+engines["sequencer"].gateway, "--rollup.sequencerhttp", "http://127.0.0.1:"+engines["sequencer"].http)
		}
		ps.start("ai-geth "+name, bins["ai-geth"], nil, args...)
		waitHTTP(t, ctx, "http://127.0.0.1:"+e.http, `{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}`)
	}

	// The signer: the batcher's and the sequencer's keys, for L1 and L2.
	signerPort, signerMetrics := port(), port()
	ps.start("aievm signer", bins["aievm"], []string{"AIEVM_SIGNER_PASSWORD=" + password},
		"signer", "--keystore", keystoreDir, "--chain-id", "900", "--chain-id", "901", "--rpc.port", signerPort,
		"--metrics.enabled", "--metrics.addr", "127.0.0.1", "--metrics.port", signerMetrics)
	signer := "http://127.0.0.1:" + signerPort
	waitHTTP(t, ctx, signer, `{"jsonrpc":"2.0","id":1,"method":"health_status","params":[]}`)

	// op-node: the sequencer signs its blocks through the signer and gossips
	// them; the verifier dials it as a static peer.
	// With discovery off op-node still resolves its bootnodes, OP's public
	// ones by default: a private network names its own (here one that is
	// never dialed).
	bootKey, err := crypto.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	bootnode := enode.NewV4(&bootKey.PublicKey, net.IPv4(127, 0, 0, 1), 1, 1).URLv4()
	type opnode struct{ rpc, metrics, p2p string }
	nodes := map[string]opnode{}
	for _, name := range []string{"sequencer", "verifier"} {
		n := opnode{rpc: port(), metrics: port(), p2p: port()}
		nodes[name] = n
		args := []string{"--l1", l1.L1RPC(), "--l1.beacon", l1.L1Beacon(), "--l1.rpckind", "standard", "--l1.http-poll-interval", "500ms",
			"--l2", "http://127.0.0.1:" + engines[name].auth, "--l2.jwt-secret", jwt,
			"--rollup.config", file("rollup.json"), "--rollup.l1-chain-config", l1Config,
			"--rpc.addr", "127.0.0.1", "--rpc.port", n.rpc, "--metrics.enabled", "--metrics.addr", "127.0.0.1", "--metrics.port", n.metrics,
			"--p2p.listen.ip", "127.0.0.1", "--p2p.listen.tcp", n.p2p, "--p2p.listen.udp", "0", "--p2p.no-discovery", "--p2p.bootnodes", bootnode,
			"--p2p.priv.path", filepath.Join(dir, name+"-p2p.key"), "--p2p.peerstore.path", "memory", "--p2p.discovery.path", "memory",
			"--safedb.path", filepath.Join(dir, name+"-safedb"), "--log.level", "info"}
		if name == "sequencer" {
			args = append(args, "--sequencer.enabled", "--sequencer.l1-confs", "0", "--verifier.l1-confs", "0",
				"--signer.endpoint", signer, "--signer.address", chain.Address(keys[chain.Sequencer]).Hex(), "--signer.tls.enabled=false")
		} else {
			peer, err := devnet.PeerAddr(ctx, "http://127.0.0.1:"+nodes["sequencer"].rpc, "127.0.0.1")
			if err != nil {
				t.Fatal(err)
			}
			args = append(args, "--verifier.l1-confs", "0", "--p2p.static", peer)
		}
		ps.start("op-node "+name, bins["op-node"], nil, args...)
		waitHTTP(t, ctx, "http://127.0.0.1:"+n.rpc, `{"jsonrpc":"2.0","id":1,"method":"optimism_syncStatus","params":[]}`)
	}
	seqNode, verNode := "http://127.0.0.1:"+nodes["sequencer"].rpc, "http://127.0.0.1:"+nodes["verifier"].rpc

	// op-batcher through the signer; op-proposer and the challengers with
	// keys from the environment, never on a command line.
	batcherMetrics, proposerMetrics, challengerMetrics, aiChallengerMetrics := port(), port(), port(), port()
	// op-batcher reaches the sequencer's ai-geth over IPC: its DA throttling
	// calls miner_setMaxDASize, a namespace never served over HTTP.
	ps.start("op-batcher", bins["op-batcher"], nil, "--l1-eth-rpc", l1.L1RPC(), "--l2-eth-rpc", filepath.Join(dir, "sequencer", "geth.ipc"),
		"--data-availability-type", "auto",
		"--rollup-rpc", seqNode, "--signer.endpoint", signer, "--signer.address", chain.Address(keys[chain.Batcher]).Hex(), "--signer.tls.enabled=false",
		"--max-channel-duration", "2", "--poll-interval", "500ms", "--num-confirmations", "1", "--sub-safety-margin", "4",
		"--rpc.addr", "127.0.0.1", "--rpc.port", port(), "--metrics.enabled", "--metrics.addr", "127.0.0.1", "--metrics.port", batcherMetrics)
	ps.start("op-proposer", bins["op-proposer"], []string{"OP_PROPOSER_PRIVATE_KEY=" + hexKey(chain.Proposer)},
		"--l1-eth-rpc", l1.L1RPC(), "--rollup-rpc", verNode, "--game-factory-address", st.Contracts.DisputeGameFactory.Hex(),
		"--game-type", fmt.Sprint(cfg.FaultProof.GameType), "--proposal-interval", "10s", "--allow-non-finalized", "--poll-interval", "1s",
		"--num-confirmations", "1", "--rpc.addr", "127.0.0.1", "--rpc.port", port(), "--metrics.enabled", "--metrics.addr", "127.0.0.1", "--metrics.port", proposerMetrics)
	f := cfg.FaultProof
	ps.start("op-challenger", bins["op-challenger"], []string{"OP_CHALLENGER_PRIVATE_KEY=" + hexKey(chain.Challenger)},
		"--l1-eth-rpc", l1.L1RPC(), "--l1-beacon", l1.L1Beacon(), "--rollup-rpc", verNode, "--l2-eth-rpc", filepath.Join(dir, "verifier", "geth.ipc"),
		"--game-factory-address", st.Contracts.DisputeGameFactory.Hex(), "--game-types", "cannon", "--datadir", filepath.Join(dir, "op-challenger"),
		"--cannon-bin", absPath(t, f.Cannon), "--cannon-server", absPath(t, f.ProgramHost), "--cannon-prestate", pre.State,
		"--cannon-rollup-config", file("rollup.json"), "--cannon-l2-genesis", file("genesis-l2.json"), "--cannon-l1-genesis", l1Config,
		"--num-confirmations", "1", "--metrics.enabled", "--metrics.addr", "127.0.0.1", "--metrics.port", challengerMetrics)
	ps.start("aievm challenger", bins["aievm"], []string{"AIEVM_PASSWORD=" + password},
		"challenger", "--keystore", opmlKeystore, "--l1-eth-rpc", l1.L1RPC(), "--l2-eth-rpc", "http://127.0.0.1:"+engines["verifier"].http, "--oracle", st.Oracle.Oracle.Hex(),
		"--ai.peers", "http://"+engines["sequencer"].gateway, "--datadir", filepath.Join(dir, "aievm-challenger"), "--num-confirmations", "1",
		"--metrics.enabled", "--metrics.addr", "127.0.0.1", "--metrics.port", aiChallengerMetrics)

	// The attestation node and a validator, keys in keystore files, on a
	// Settlement the deployer makes on L2 once its deposit arrived
	// (TestDevnet plays the attestation path: here they start and serve
	// their metrics).
	l2 := dial(t, ctx, "http://127.0.0.1:"+engines["sequencer"].http)
	deployer := keys[chain.Deployer]
	waitFor(t, 3*time.Minute, func() string {
		if b, err := l2.BalanceAt(ctx, chain.Address(deployer), nil); err != nil || b.Sign() == 0 {
			return fmt.Sprintf("the deployer's deposit has not reached L2 (%v)", err)
		}
		return ""
	})
	results, err := ethtx.Deploy(ctx, l2, deployer, "PrecompileResults", bindings.PrecompileResultsBin, common.LeftPadBytes(st.Registry.Bytes(), 32))
	if err != nil {
		t.Fatal(err)
	}
	settleAddr, err := settle.Deploy(ctx, l2, deployer, settle.Params{Registry: st.Registry, Results: results, Treasury: chain.Address(deployer),
		MinStake: big.NewInt(1e18), UnbondingDelay: time.Hour, RequestTimeout: 10 * time.Minute, Quorum: 1})
	if err != nil {
		t.Fatal(err)
	}
	settlement := settleAddr.Hex()
	attestKeys := map[string]string{}
	for _, who := range []string{"node", "validator"} {
		k, err := crypto.GenerateKey()
		if err != nil {
			t.Fatal(err)
		}
		attestKeys[who] = writeKeystore(t, filepath.Join(dir, "attest-"+who), k, "correct horse battery staple")
	}
	validatorHTTP, validatorMetrics, attestMetrics := port(), port(), port()
	ps.start("aievm attest validator", bins["aievm"], []string{"AIEVM_PASSWORD=" + password},
		"attest", "validator", "--rpc", "http://127.0.0.1:"+engines["verifier"].http, "--settlement", settlement,
		"--keystore", attestKeys["validator"], "--keys", filepath.Join(dir, "attest-keys"), "--http.addr", "127.0.0.1", "--http.port", validatorHTTP,
		"--metrics.enabled", "--metrics.addr", "127.0.0.1", "--metrics.port", validatorMetrics)
	ps.start("aievm attest node", bins["aievm"], []string{"AIEVM_PASSWORD=" + password},
		"attest", "node", "--rpc", "http://127.0.0.1:"+engines["sequencer"].http, "--settlement", settlement,
		"--keystore", attestKeys["node"], "--keys", filepath.Join(dir, "attest-keys"), "--datadir", filepath.Join(dir, "attest-node"),
		"--ai.peers", "http://"+engines["sequencer"].gateway, "--validators", "http://127.0.0.1:"+validatorHTTP,
		"--metrics.enabled", "--metrics.addr", "127.0.0.1", "--metrics.port", attestMetrics)

	t.Run("the verifier follows the sequencer's unsafe head over P2P within 2 s", func(t *testing.T) {
		seq, ver := dialRPC(t, ctx, seqNode), dialRPC(t, ctx, verNode)
		// Blocks made before the verifier joined the gossip come by
		// derivation from L1: measure from when it has caught up.
		caughtUp := syncStatus(t, ctx, seq).UnsafeL2.Number
		waitFor(t, 3*time.Minute, func() string {
			if v := syncStatus(t, ctx, ver).UnsafeL2.Number; v < caughtUp {
				return fmt.Sprintf("the verifier's unsafe head %d, the sequencer's was %d", v, caughtUp)
			}
			return ""
		})
		made := map[uint64]time.Time{}
		var lags []time.Duration
		deadline := time.Now().Add(90 * time.Second)
		for len(lags) < 10 {
			if time.Now().After(deadline) {
				t.Fatalf("after 90 s, %d sequencer blocks reached the verifier (lags %v)", len(lags), lags)
			}
			s, v := syncStatus(t, ctx, seq), syncStatus(t, ctx, ver)
			now := time.Now()
			if _, ok := made[s.UnsafeL2.Number]; !ok {
				made[s.UnsafeL2.Number] = now
			}
			for n, at := range made {
				if v.UnsafeL2.Number >= n {
					lags = append(lags, now.Sub(at))
					delete(made, n)
				} else if now.Sub(at) > 2*time.Second {
					t.Fatalf("block %d: the verifier's unsafe head is %d (safe %d) %s after the sequencer made it", n, v.UnsafeL2.Number, v.SafeL2.Number, now.Sub(at).Round(time.Millisecond))
				}
			}
			time.Sleep(50 * time.Millisecond)
		}
		var worst time.Duration
		for _, l := range lags {
			worst = max(worst, l)
		}
		t.Logf("%d blocks gossiped; the verifier had each at most %s after the sequencer (polled every 50 ms)", len(lags), worst.Round(time.Millisecond))
	})

	t.Run("the batcher's transactions are signed by the keystore's key, and the verifier derives them", func(t *testing.T) {
		l1c := dial(t, ctx, l1.L1RPC())
		batcher := chain.Address(keys[chain.Batcher])
		ver := dialRPC(t, ctx, verNode)
		waitFor(t, 3*time.Minute, func() string {
			nonce, err := l1c.NonceAt(ctx, batcher, nil)
			if err != nil {
				return err.Error()
			}
			if v := syncStatus(t, ctx, ver); nonce == 0 || v.SafeL2.Number == 0 {
				return fmt.Sprintf("batcher %s: %d L1 transactions; the verifier's safe head %d", batcher, nonce, v.SafeL2.Number)
			}
			return ""
		})
		body := metricsBody(t, "http://127.0.0.1:"+signerMetrics+"/metrics")
		if !regexp.MustCompile(`aievm_signer_requests_total\{method="eth_signTransaction",result="ok"\} [1-9]`).MatchString(body) {
			t.Fatalf("the signer signed no transaction:\n%s", grepLines(body, "aievm_signer"))
		}
		if !regexp.MustCompile(`aievm_signer_requests_total\{method="opsigner_signBlockPayloadV2",result="ok"\} [1-9]|aievm_signer_requests_total\{method="opsigner_signBlockPayload",result="ok"\} [1-9]`).MatchString(body) {
			t.Fatalf("the signer signed no block:\n%s", grepLines(body, "aievm_signer"))
		}
	})

	t.Run("every service serves its metrics", func(t *testing.T) {
		for _, m := range []struct{ service, url, want string }{
			{"ai-geth sequencer", "http://127.0.0.1:" + engines["sequencer"].metrics + "/debug/metrics/prometheus", "aievm_inference_calls_total"},
			{"ai-geth verifier", "http://127.0.0.1:" + engines["verifier"].metrics + "/debug/metrics/prometheus", "aievm_store_models"},
			{"op-node sequencer", "http://127.0.0.1:" + nodes["sequencer"].metrics + "/metrics", "op_node_default_up"},
			{"op-node verifier", "http://127.0.0.1:" + nodes["verifier"].metrics + "/metrics", "op_node_default_p2p_peer_count"},
			{"op-batcher", "http://127.0.0.1:" + batcherMetrics + "/metrics", "op_batcher_default_up"},
			{"op-proposer", "http://127.0.0.1:" + proposerMetrics + "/metrics", "op_proposer_default_up"},
			{"op-challenger", "http://127.0.0.1:" + challengerMetrics + "/metrics", "op_challenger_up"},
			{"aievm challenger", "http://127.0.0.1:" + aiChallengerMetrics + "/metrics", "aievm_challenger_"},
			{"aievm signer", "http://127.0.0.1:" + signerMetrics + "/metrics", "aievm_signer_requests_total"},
			{"aievm attest node", "http://127.0.0.1:" + attestMetrics + "/metrics", "aievm_attest_results_settled_total"},
			{"aievm attest validator", "http://127.0.0.1:" + validatorMetrics + "/metrics", "aievm_attest_validator_requests_total"},
		} {
			if body := metricsBody(t, m.url); !strings.Contains(body, m.want) {
				t.Errorf("%s: %s has no %s", m.service, m.url, m.want)
			}
		}
	})

	t.Run("op-proposer posts an output game the verifier agrees with", func(t *testing.T) {
		l1c := dial(t, ctx, l1.L1RPC())
		waitFor(t, 3*time.Minute, func() string {
			n, err := gameCount(ctx, l1c, st.Contracts.DisputeGameFactory)
			if err != nil {
				return err.Error()
			}
			if n == 0 {
				return "no output game yet"
			}
			return ""
		})
		call := func(to common.Address, sig string, args ...byte) []byte {
			out, err := l1c.CallContract(ctx, ethereum.CallMsg{To: &to, Data: append(crypto.Keccak256([]byte(sig))[:4], args...)}, nil)
			if err != nil {
				t.Fatalf("%s: %v", sig, err)
			}
			return out
		}
		game := common.BytesToAddress(call(st.Contracts.DisputeGameFactory, "gameAtIndex(uint256)", make([]byte, 32)...)[64:96])
		root := common.BytesToHash(call(game, "rootClaim()"))
		block := new(big.Int).SetBytes(call(game, "l2SequenceNumber()")).Uint64()
		var out eth.OutputResponse
		if err := dialRPC(t, ctx, verNode).CallContext(ctx, &out, "optimism_outputAtBlock", hexutil.Uint64(block)); err != nil {
			t.Fatal(err)
		}
		if common.Hash(out.OutputRoot) != root {
			t.Fatalf("game %s claims %s at L2 block %d; the verifier computes %s", game, root, block, common.Hash(out.OutputRoot))
		}
		t.Logf("output game %s: L2 block %d, root %s, as the verifier computes it", game, block, root)
	})
	t.Run("a new ai-geth snap-syncs the state from the sequencer's over devp2p, driven by op-node's EL sync", func(t *testing.T) {
		// geth snap-syncs only a chain longer than the 64 blocks it always
		// executes itself: wait for one, with room for a pivot.
		seq := dial(t, ctx, "http://127.0.0.1:"+engines["sequencer"].http)
		waitFor(t, 3*time.Minute, func() string {
			if n, err := seq.BlockNumber(ctx); err != nil || n < 100 {
				return fmt.Sprintf("sequencer at block %d (%v), want 100 for a snap sync", n, err)
			}
			return ""
		})
		data := filepath.Join(dir, "snap")
		e := engine{http: port(), auth: port(), p2p: port()}
		ps.run("ai-geth init snap", bins["ai-geth"], nil, "init", "--datadir", data, "--state.scheme", "hash", file("genesis-l2.json"))
		ps.start("ai-geth snap", bins["ai-geth"], nil, "--datadir", data, "--syncmode", "snap", "--nodiscover", "--port", e.p2p,
			"--http", "--http.addr", "127.0.0.1", "--http.port", e.http, "--http.api", "eth,net,web3",
			"--authrpc.addr", "127.0.0.1", "--authrpc.port", e.auth, "--authrpc.jwtsecret", jwt,
			"--ai.peers", "http://"+engines["sequencer"].gateway, "--rollup.disabletxpoolgossip")
		waitHTTP(t, ctx, "http://127.0.0.1:"+e.http, `{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}`)
		enode := strings.Trim(strings.TrimSpace(ps.output(bins["ai-geth"], "attach", "--exec", "admin.nodeInfo.enode", filepath.Join(dir, "sequencer", "geth.ipc"))), `"`)
		if out := ps.output(bins["ai-geth"], "attach", "--exec", fmt.Sprintf("admin.addPeer(%q)", enode), filepath.Join(data, "geth.ipc")); strings.TrimSpace(out) != "true" {
			t.Fatalf("admin.addPeer: %s", out)
		}
		peer, err := devnet.PeerAddr(ctx, seqNode, "127.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		ps.start("op-node snap", bins["op-node"], nil, "--l1", l1.L1RPC(), "--l1.beacon", l1.L1Beacon(), "--l1.rpckind", "standard",
			"--l2", "http://127.0.0.1:"+e.auth, "--l2.jwt-secret", jwt, "--rollup.config", file("rollup.json"), "--rollup.l1-chain-config", l1Config,
			"--syncmode", "execution-layer", "--verifier.l1-confs", "0", "--rpc.addr", "127.0.0.1", "--rpc.port", port(),
			"--p2p.listen.ip", "127.0.0.1", "--p2p.listen.tcp", port(), "--p2p.listen.udp", "0", "--p2p.no-discovery", "--p2p.bootnodes", bootnode,
			"--p2p.priv.path", filepath.Join(dir, "snap-p2p.key"), "--p2p.peerstore.path", "memory", "--p2p.discovery.path", "memory",
			"--p2p.static", peer)
		snap := dial(t, ctx, "http://127.0.0.1:"+e.http)
		target, err := seq.BlockNumber(ctx)
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		waitFor(t, 4*time.Minute, func() string {
			h, err := snap.HeaderByNumber(ctx, new(big.Int).SetUint64(target))
			if err != nil {
				n, _ := snap.BlockNumber(ctx)
				return fmt.Sprintf("the snap node has no block %d yet (head %d): %v", target, n, err)
			}
			want, err := seq.HeaderByNumber(ctx, new(big.Int).SetUint64(target))
			if err != nil {
				return err.Error()
			}
			if h.Hash() != want.Hash() {
				return fmt.Sprintf("block %d: snap node %s, sequencer %s", target, h.Hash(), want.Hash())
			}
			if sp, err := snap.SyncProgress(ctx); err != nil || sp != nil {
				return fmt.Sprintf("the snap node is still syncing: %+v (%v)", sp, err)
			}
			return ""
		})
		took := time.Since(start)
		// The state at the head is the sequencer's; the state of an early
		// block was never executed here: it came by snap sync, not by
		// replaying the chain.
		who := chain.Address(keys[chain.Deployer])
		got, err := snap.BalanceAt(ctx, who, new(big.Int).SetUint64(target))
		if err != nil {
			t.Fatalf("state at block %d on the snap node: %v", target, err)
		}
		if want, err := seq.BalanceAt(ctx, who, new(big.Int).SetUint64(target)); err != nil || got.Cmp(want) != 0 {
			t.Fatalf("balance at block %d: snap node %s, sequencer %s (%v)", target, got, want, err)
		}
		if _, err := snap.BalanceAt(ctx, who, big.NewInt(10)); err == nil {
			t.Fatal("the snap node has the state of block 10: it replayed the chain instead of snap-syncing")
		}
		t.Logf("the snap node reached block %d in %s, with its state by snap sync (none before the pivot)", target, took.Round(time.Millisecond))
	})
	ps.checkAlive()
}

// procs are the test's service processes, each logging to a file.
type procs struct {
	t    *testing.T
	dir  string
	list []*proc
}

type proc struct {
	name string
	cmd  *exec.Cmd
	log  string
	done chan error
}

// run runs a command to completion (e.g. ai-geth init).
func (ps *procs) run(name, bin string, env []string, args ...string) {
	ps.t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), env...)
	if out, err := cmd.CombinedOutput(); err != nil {
		ps.t.Fatalf("%s: %v\n%s", name, err, out)
	}
}

// output runs a command to completion and returns its standard output.
func (ps *procs) output(bin string, args ...string) string {
	ps.t.Helper()
	out, err := exec.Command(bin, args...).Output()
	if err != nil {
		ps.t.Fatalf("%s %v: %v", filepath.Base(bin), args, err)
	}
	return string(out)
}

// start starts a long-running service; stopAll interrupts it.
func (ps *procs) start(name, bin string, env []string, args ...string) {
	ps.t.Helper()
	if err := os.MkdirAll(ps.dir, 0o755); err != nil {
		ps.t.Fatal(err)
	}
	logPath := filepath.Join(ps.dir, strings.ReplaceAll(name, " ", "-")+".log")
	f, err := os.Create(logPath)
	if err != nil {
		ps.t.Fatal(err)
	}
	cmd := exec.Command(bin, args...)
	cmd.Env, cmd.Stdout, cmd.Stderr = append(os.Environ(), env...), f, f
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		f.Close()
		ps.t.Fatalf("%s: %v", name, err)
	}
	p := &proc{name: name, cmd: cmd, log: logPath, done: make(chan error, 1)}
	go func() { p.done <- cmd.Wait(); f.Close() }()
	ps.list = append(ps.list, p)
	time.Sleep(200 * time.Millisecond)
	ps.checkAlive()
}

// checkAlive fails the test if a service exited.
func (ps *procs) checkAlive() {
	ps.t.Helper()
	for _, p := range ps.list {
		select {
		case err := <-p.done:
			p.done <- err
			ps.t.Fatalf("%s exited: %v\n%s", p.name, err, aigethproc.Tail(p.log, 3000))
		default:
		}
	}
}

// stopAll interrupts every service, newest first, and shows their logs'
// ends if the test failed.
func (ps *procs) stopAll() {
	for i := len(ps.list) - 1; i >= 0; i-- {
		p := ps.list[i]
		_ = p.cmd.Process.Signal(os.Interrupt)
		select {
		case err := <-p.done:
			p.done <- err
		case <-time.After(15 * time.Second):
			_ = p.cmd.Process.Kill()
		}
		if ps.t.Failed() {
			ps.t.Logf("--- %s (%s):\n%s", p.name, p.log, aigethproc.Tail(p.log, 2000))
		}
	}
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func absPath(t *testing.T, p string) string {
	t.Helper()
	a, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// writeKeystore stores key in dir as a keystore file (light scrypt: a
// test) and returns the file's path.
func writeKeystore(t *testing.T, dir string, key *ecdsa.PrivateKey, password string) string {
	t.Helper()
	id, err := uuid.NewRandom()
	if err != nil {
		t.Fatal(err)
	}
	k := &keystore.Key{Id: id, Address: crypto.PubkeyToAddress(key.PublicKey), PrivateKey: key}
	b, err := keystore.EncryptKey(k, password, keystore.LightScryptN, keystore.LightScryptP)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "UTC--"+k.Address.Hex())
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// waitHTTP waits until url answers the JSON-RPC request body with a result.
func waitHTTP(t *testing.T, ctx context.Context, url, body string) {
	t.Helper()
	deadline := time.Now().Add(90 * time.Second)
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, url, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if resp, err := http.DefaultClient.Do(req); err == nil {
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK && strings.Contains(string(b), `"result"`) {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s did not answer %s in 90 s", url, body)
		}
		time.Sleep(250 * time.Millisecond)
	}
}

func dialRPC(t *testing.T, ctx context.Context, url string) *rpc.Client {
	t.Helper()
	c, err := rpc.DialContext(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c
}

func syncStatus(t *testing.T, ctx context.Context, c *rpc.Client) *eth.SyncStatus {
	t.Helper()
	var s eth.SyncStatus
	if err := c.CallContext(ctx, &s, "optimism_syncStatus"); err != nil {
		t.Fatalf("optimism_syncStatus: %v", err)
	}
	return &s
}

func metricsBody(t *testing.T, url string) string {
	t.Helper()
	resp, err := (&http.Client{Timeout: 10 * time.Second}).Get(url)
	if err != nil {
		t.Fatalf("metrics %s: %v", url, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("metrics %s: %s", url, resp.Status)
	}
	return string(b)
}

func grepLines(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// gameCount is DisputeGameFactory.gameCount().
func gameCount(ctx context.Context, c *ethclient.Client, factory common.Address) (uint64, error) {
	out, err := c.CallContract(ctx, ethereum.CallMsg{To: &factory, Data: crypto.Keccak256([]byte("gameCount()"))[:4]}, nil)
	if err != nil {
		return 0, fmt.Errorf("gameCount: %w", err)
	}
	return new(big.Int).SetBytes(out).Uint64(), nil
}
