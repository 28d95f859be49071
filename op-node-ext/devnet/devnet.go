package devnet

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/rand"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"

	batcherpkg "github.com/ethereum-optimism/optimism/op-batcher/batcher"
	batcherflags "github.com/ethereum-optimism/optimism/op-batcher/flags"
	"github.com/ethereum-optimism/optimism/op-e2e/e2eutils/blobstore"
	"github.com/ethereum-optimism/optimism/op-e2e/e2eutils/fakebeacon"
	"github.com/ethereum-optimism/optimism/op-e2e/e2eutils/geth"
	"github.com/ethereum-optimism/optimism/op-e2e/e2eutils/setuputils"
	rollupnode "github.com/ethereum-optimism/optimism/op-node/node"
	"github.com/ethereum-optimism/optimism/op-node/rollup"
	"github.com/ethereum-optimism/optimism/op-node/rollup/derive"
	"github.com/ethereum-optimism/optimism/op-proposer/proposer"
	"github.com/ethereum-optimism/optimism/op-service/cliapp"
	"github.com/ethereum-optimism/optimism/op-service/clock"
	"github.com/ethereum-optimism/optimism/op-service/endpoint"
	oplog "github.com/ethereum-optimism/optimism/op-service/log"
	opmetricscfg "github.com/ethereum-optimism/optimism/op-service/metrics"
	oprpc "github.com/ethereum-optimism/optimism/op-service/rpc"
	"github.com/ethereum-optimism/optimism/op-service/txmgr"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/eth/ethconfig"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/log"
	"github.com/ethereum/go-ethereum/node"
	"github.com/ethereum/go-ethereum/params"

	"github.com/aievm/aievm/internal/l1tx"
	"github.com/aievm/aievm/op-node-ext/aigethproc"
	"github.com/aievm/aievm/op-node-ext/chain"
	"github.com/aievm/aievm/op-node-ext/dapp"
	"github.com/aievm/aievm/op-node-ext/dishonest"
	"github.com/aievm/aievm/op-node-ext/opdeploy"
	"github.com/aievm/aievm/op-node-ext/resolver"
)

// keys are the devnet's dev keys.
type keys struct {
	deployer, batcher, proposer, sequencer, challenger *ecdsa.PrivateKey
	dishonest                                          *ecdsa.PrivateKey // the adversary of the output games (local devnet only)
	faultChallenger                                    *ecdsa.PrivateKey // op-challenger's (the challenger key on an external L1)
	users                                              []*ecdsa.PrivateKey
}

// newKeys derives the dev keys from the seed, replaced by any keys the
// config gives.
func newKeys(cfg Config) (keys, error) {
	seed := cfg.Seed
	k := keys{deployer: chain.DevKey(seed, chain.Deployer), batcher: chain.DevKey(seed, chain.Batcher),
		proposer: chain.DevKey(seed, chain.Proposer), sequencer: chain.DevKey(seed, chain.Sequencer),
		challenger: chain.DevKey(seed, chain.Challenger), dishonest: chain.DevKey(seed, chain.Dishonest),
		faultChallenger: chain.DevKey(seed, chain.FaultChallenger)}
	for i := 0; i < cfg.Users; i++ {
		k.users = append(k.users, chain.DevKey(seed, chain.User(i)))
	}
	for _, o := range []struct {
		name, hex string
		key       **ecdsa.PrivateKey
	}{{"deployer", cfg.DeployerKey, &k.deployer}, {"batcher", cfg.BatcherKey, &k.batcher}, {"proposer", cfg.ProposerKey, &k.proposer},
		{"challenger", cfg.ChallengerKey, &k.challenger}, {"sequencer", cfg.SequencerKey, &k.sequencer}} {
		if o.hex == "" {
			continue
		}
		key, err := crypto.HexToECDSA(strings.TrimPrefix(o.hex, "0x"))
		if err != nil {
			return k, fmt.Errorf("devnet: %s key: %w", o.name, err)
		}
		*o.key = key
	}
	if cfg.L1RPC != "" {
		// Only the local L1 funds derived keys: op-challenger sends with the
		// challenger's (so does the opML challenger: run one of them).
		k.faultChallenger = k.challenger
	}
	return k, nil
}

// Devnet is a running local rollup.
type Devnet struct {
	cfg    Config
	keys   keys
	log    log.Logger
	state  *State
	rollup *rollup.Config
	jwt    [32]byte

	beacon *fakebeacon.FakeBeacon
	l1     *geth.GethInstance
	l1Gen  *core.Genesis

	Sequencer, Verifier *aigethproc.Proc
	seqNode, verNode    *rollupnode.OpNode
	batcher             *batcherpkg.BatcherService
	proposer            *proposer.ProposerService
	liar                *dishonest.Proxy
	liarCancel          context.CancelFunc
	opChallenger        cliapp.Lifecycle
	resolverCancel      context.CancelFunc
	resolverDone        chan struct{}
	challenger          *challenger
	attest              *attestSvc
	web                 *dapp.Server
	extra               []*Follower
}

// Follower is an extra verifier: an ai-geth and an op-node that derives the
// chain from L1 alone.
type Follower struct {
	Geth *aigethproc.Proc
	node *rollupnode.OpNode
}

// StartFollower starts an extra verifier named name with an empty model
// store and no model-store peers: everything it runs comes from L1 data.
// Close stops it with the devnet.
func (d *Devnet) StartFollower(ctx context.Context, name string) (*Follower, error) {
	var free [3]int // RPC, Engine API, op-node
	for i := range free {
		if err := (&Ports{}).fillOne(d.cfg.Host, &free[i]); err != nil {
			return nil, err
		}
	}
	cfg := aigethproc.Config{Command: d.cfg.GethCommand, Env: d.cfg.GethEnv, Host: d.cfg.Host,
		Genesis: d.path(l2GenesisFile), JWT: d.path("jwt.hex"), Name: name, DataDir: d.path(name), LogFile: d.path(name + ".log"),
		HTTPPort: free[0], AuthPort: free[1], RPCGasCap: d.cfg.rpcGasCap(), RPCTxFeeCap: d.cfg.rpcTxFeeCap()}
	g, err := aigethproc.Start(ctx, cfg)
	if err != nil {
		return nil, err
	}
	// No P2P: everything the follower runs must come from L1.
	n, err := d.newOpNode(ctx, opNode{name: name, engine: g, rpc: free[2]})
	if err != nil {
		g.Stop()
		return nil, err
	}
	f := &Follower{Geth: g, node: n}
	d.extra = append(d.extra, f)
	return f, nil
}

// Start brings the devnet up: creating the chain on first start, resuming
// it afterwards.
func Start(ctx context.Context, cfg Config, lg log.Logger) (_ *Devnet, err error) {
	cfg.ForExternalL1()
	if err := cfg.check(); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(cfg.DataDir, 0o755); err != nil {
		return nil, err
	}
	if err := cfg.Ports.fill(cfg.Host); err != nil {
		return nil, err
	}
	k, err := newKeys(cfg)
	if err != nil {
		return nil, err
	}
	d := &Devnet{cfg: cfg, keys: k, log: lg}
	defer func() {
		if err != nil {
			d.Close()
		}
	}()
	if cfg.L1RPC != "" {
		if err := d.useExternalL1(); err != nil {
			return nil, err
		}
		if err := d.loadChain(); errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("devnet: no chain in %s for the external L1: run `aievm devnet deploy-l1` first", cfg.DataDir)
		} else if err != nil {
			return nil, err
		}
		if err := d.checkRoles(ctx); err != nil {
			return nil, err
		}
	} else if err := d.startLocalL1(ctx); err != nil {
		return nil, err
	}
	if err := d.writeJWT(); err != nil {
		return nil, err
	}
	for _, st := range []struct {
		name string
		run  func() error
	}{
		{"execution engines", func() error { return d.startEngines(ctx) }},
		{"op-nodes", func() (err error) {
			if d.seqNode, err = d.startOpNode(ctx, true); err != nil {
				return err
			}
			d.verNode, err = d.startOpNode(ctx, false)
			return err
		}},
		{"op-batcher", func() error { return d.StartBatcher(ctx) }},
		{"model publication", func() error { return d.publishModels(ctx) }},
		{"op-proposer", func() error { return d.startProposer(ctx) }},
		{"op-challenger (Cannon)", func() error { return d.startFaultChallenger(ctx) }},
		{"opML challenger", func() error { return d.startChallenger(ctx) }},
		{"attestation path", func() error { return d.startAttestation(ctx) }},
		{"dapp page", d.startWeb},
	} {
		t0 := time.Now()
		if err := st.run(); err != nil {
			return nil, err
		}
		lg.Info("Devnet service up", "service", st.name, "took", time.Since(t0).Round(time.Millisecond))
	}
	return d, nil
}

// fill replaces zero ports by free ones.
func (p *Ports) fill(host string) error {
	for _, port := range []*int{&p.L1RPC, &p.L1Beacon, &p.SequencerRPC, &p.SequencerEng, &p.SequencerOp,
		&p.VerifierRPC, &p.VerifierEng, &p.VerifierOp, &p.ModelGateway, &p.Web, &p.SequencerP2P, &p.VerifierP2P,
		&p.SequencerMetrics, &p.VerifierMetrics, &p.SequencerOpMetrics, &p.VerifierOpMetrics, &p.BatcherMetrics,
		&p.ProposerMetrics, &p.ChallengerMetrics} {
		if err := p.fillOne(host, port); err != nil {
			return err
		}
	}
	return nil
}

// fillOne replaces a zero port by a free one whose next port, which an
// RPC's WebSocket takes, is free too.
func (p *Ports) fillOne(host string, port *int) error {
	for *port == 0 {
		l, err := net.Listen("tcp", net.JoinHostPort(host, "0"))
		if err != nil {
			return fmt.Errorf("find a free port: %w", err)
		}
		*port = l.Addr().(*net.TCPAddr).Port
		l.Close()
		if port != &p.L1RPC { // an RPC's WebSocket takes the next port; keep it free too
			if l2, err := net.Listen("tcp", fmt.Sprintf("%s:%d", host, *port+1)); err != nil {
				*port = 0
			} else {
				l2.Close()
			}
		}
	}
	return nil
}

// checkRoles refuses keys other than those the chain was deployed with: a
// proposer whose games the factory refuses, a challenger it does not know.
func (d *Devnet) checkRoles(ctx context.Context) error {
	l1, err := ethclient.DialContext(ctx, d.L1RPC())
	if err != nil {
		return fmt.Errorf("L1: %w", err)
	}
	defer l1.Close()
	g, err := opdeploy.ReadOutputGames(ctx, l1, d.cfg.OPContracts, d.state.Contracts)
	if err != nil {
		return err
	}
	if g.Respected != opdeploy.PermissionedGameType {
		return nil // anyone may propose and challenge
	}
	if p, c := chain.Address(d.keys.proposer), chain.Address(d.keys.challenger); g.Args.Proposer != p || g.Args.Challenger != c {
		return fmt.Errorf("devnet: the chain's output games take proposer %s and challenger %s; the keys given are %s and %s",
			g.Args.Proposer, g.Args.Challenger, p, c)
	}
	return nil
}

// startLocalL1 starts the in-process L1, creating the chain on first start.
// A first start that did not finish left no state file: it begins again.
func (d *Devnet) startLocalL1(ctx context.Context) error {
	err := d.loadChain()
	fresh := errors.Is(err, os.ErrNotExist)
	if fresh {
		for _, p := range []string{"l1", l1GenesisFile, l2GenesisFile, rollupFile, prestateDir} {
			if err := os.RemoveAll(d.path(p)); err != nil {
				return err
			}
		}
		d.log.Info("Creating the chain (first start): OP's contracts by op-deployer", "datadir", d.cfg.DataDir, "artifacts", d.cfg.OPContracts)
		t0 := time.Now()
		if err := d.createGenesis(ctx); err != nil {
			return fmt.Errorf("create chain: %w", err)
		}
		d.log.Info("Genesis created", "took", time.Since(t0).Round(time.Millisecond))
	} else if err != nil {
		return err
	}
	t0 := time.Now()
	if err := d.startL1(); err != nil {
		return err
	}
	d.log.Info("Devnet service up", "service", "L1", "took", time.Since(t0).Round(time.Millisecond))
	if fresh {
		t0 := time.Now()
		defer func() {
			d.log.Info("Chain completed on L1 (output games, InferenceOracle)", "took", time.Since(t0).Round(time.Millisecond))
		}()
		if err := d.finishChain(ctx); err != nil {
			return fmt.Errorf("create chain: %w", err)
		}
	}
	return nil
}

func (d *Devnet) startL1() error {
	gen, err := d.l1Genesis()
	if err != nil {
		return err
	}
	d.l1Gen = gen
	d.beacon = fakebeacon.NewBeacon(d.log.New("svc", "l1-beacon"), blobstore.New(), gen.Timestamp, d.cfg.L1BlockTime)
	if err := d.beacon.Start(fmt.Sprintf("%s:%d", d.cfg.Host, d.cfg.Ports.L1Beacon)); err != nil {
		return fmt.Errorf("L1 beacon: %w", err)
	}
	persist := func(_ *ethconfig.Config, n *node.Config) error {
		n.DataDir = d.path("l1")
		n.HTTPHost, n.HTTPPort = d.cfg.Host, d.cfg.Ports.L1RPC
		n.HTTPVirtualHosts, n.HTTPCors = []string{"*"}, []string{"*"}
		n.WSHost, n.WSPort = d.cfg.Host, 0
		n.P2P.ListenAddr, n.P2P.NoDiscovery, n.P2P.MaxPeers = "", true, 0
		return nil
	}
	d.l1, _, err = geth.InitL1(d.cfg.L1BlockTime, 8, gen, clock.SystemClock, d.path("l1/blobpool"), d.beacon, persist)
	if err != nil {
		return fmt.Errorf("L1 geth: %w", err)
	}
	if err := d.l1.Node.Start(); err != nil {
		return fmt.Errorf("L1 geth: %w", err)
	}
	return nil
}

// useExternalL1 takes the L1 chain config of a known public L1 (op-node
// needs it) for the endpoints the config names.
func (d *Devnet) useExternalL1() error {
	var cfg *params.ChainConfig
	switch d.cfg.L1ChainID {
	case params.MainnetChainConfig.ChainID.Uint64():
		cfg = params.MainnetChainConfig
	case params.SepoliaChainConfig.ChainID.Uint64():
		cfg = params.SepoliaChainConfig
	case params.HoodiChainConfig.ChainID.Uint64():
		cfg = params.HoodiChainConfig
	default:
		if d.cfg.L1ChainConfig == "" {
			return fmt.Errorf("devnet: external L1 chain id %d is not one op-node knows (mainnet, sepolia, hoodi): give its chain config (l1_chain_config)", d.cfg.L1ChainID)
		}
		cfg = new(params.ChainConfig)
		if err := readJSON(d.cfg.L1ChainConfig, cfg); err != nil {
			return fmt.Errorf("devnet: l1_chain_config: %w", err)
		}
		if cfg.ChainID == nil || cfg.ChainID.Uint64() != d.cfg.L1ChainID {
			return fmt.Errorf("devnet: l1_chain_config %s is chain %v, the L1 is %d", d.cfg.L1ChainConfig, cfg.ChainID, d.cfg.L1ChainID)
		}
	}
	d.l1Gen = &core.Genesis{Config: cfg}
	return nil
}

// writeJWT loads the Engine API secret, generating it on first start from
// the system's randomness into jwt.hex (mode 0600): nothing public derives it.
func (d *Devnet) writeJWT() error {
	path := d.path("jwt.hex")
	if b, err := os.ReadFile(path); err == nil {
		s, err := hexutil.Decode(strings.TrimSpace(string(b)))
		if err != nil || len(s) != len(d.jwt) {
			return fmt.Errorf("devnet: %s is not a 32-byte hex secret (delete it to generate a new one)", path)
		}
		// Data dirs made before secrets were random hold one derived from
		// the public seed: replace it (ai-geth reads the file at each start).
		if !bytes.Equal(s, crypto.Keccak256([]byte(d.cfg.Seed+"/jwt"))) {
			copy(d.jwt[:], s)
			return os.Chmod(path, 0o600)
		}
		d.log.Warn("Replacing the Engine API secret derived from the public seed with a random one", "file", path)
	} else if !errors.Is(err, os.ErrNotExist) {
		return err
	}
	if _, err := rand.Read(d.jwt[:]); err != nil {
		return fmt.Errorf("devnet: generate the JWT secret: %w", err)
	}
	return os.WriteFile(path, []byte(hexutil.Encode(d.jwt[:])), 0o600)
}

func (d *Devnet) startEngines(ctx context.Context) error {
	base := aigethproc.Config{Command: d.cfg.GethCommand, Env: d.cfg.GethEnv, Host: d.cfg.Host,
		Genesis: d.path(l2GenesisFile), JWT: d.path("jwt.hex"), RPCGasCap: d.cfg.rpcGasCap(), RPCTxFeeCap: d.cfg.rpcTxFeeCap()}
	seq := base
	seq.Name, seq.DataDir, seq.LogFile = "sequencer", d.path("sequencer"), d.path("sequencer.log")
	seq.HTTPPort, seq.AuthPort, seq.MetricsPort = d.cfg.Ports.SequencerRPC, d.cfg.Ports.SequencerEng, d.cfg.Ports.SequencerMetrics
	seq.Gateway = fmt.Sprintf("%s:%d", d.cfg.Host, d.cfg.Ports.ModelGateway)
	var err error
	if d.Sequencer, err = aigethproc.Start(ctx, seq); err != nil {
		return err
	}
	// The verifier starts with an empty model store and fetches the models
	// by content address from the sequencer's gateway.
	ver := base
	ver.Name, ver.DataDir, ver.LogFile = "verifier", d.path("verifier"), d.path("verifier.log")
	ver.HTTPPort, ver.AuthPort, ver.MetricsPort = d.cfg.Ports.VerifierRPC, d.cfg.Ports.VerifierEng, d.cfg.Ports.VerifierMetrics
	ver.Peers = []string{"http://" + seq.Gateway}
	ver.SequencerHTTP = d.Sequencer.HTTP()
	ver.StateScheme = "hash" // the fault-proof host reads its trie nodes by hash
	d.Verifier, err = aigethproc.Start(ctx, ver)
	return err
}

func (d *Devnet) startOpNode(ctx context.Context, sequencer bool) (*rollupnode.OpNode, error) {
	if sequencer {
		return d.newOpNode(ctx, opNode{name: "op-node-sequencer", engine: d.Sequencer, rpc: d.cfg.Ports.SequencerOp,
			p2p: d.cfg.Ports.SequencerP2P, metrics: d.cfg.Ports.SequencerOpMetrics, sequencer: true})
	}
	peer, err := PeerAddr(ctx, d.seqNode.HTTPEndpoint(), d.p2pIP())
	if err != nil {
		return nil, err
	}
	return d.newOpNode(ctx, opNode{name: "op-node-verifier", engine: d.Verifier, rpc: d.cfg.Ports.VerifierOp,
		p2p: d.cfg.Ports.VerifierP2P, metrics: d.cfg.Ports.VerifierOpMetrics, staticPeer: peer})
}

// devBatcherPending bounds op-batcher's transactions in flight on the
// in-process L1 (OP's default, for a public L1, is 1).
const devBatcherPending = 16

// StartBatcher starts op-batcher (calldata batches to the batch inbox).
func (d *Devnet) StartBatcher(ctx context.Context) error {
	cfg := &batcherpkg.CLIConfig{
		L1EthRpc: d.L1RPC(), L2EthRpc: []string{d.Sequencer.HTTP()}, RollupRpc: []string{d.seqNode.HTTPEndpoint()},
		MaxChannelDuration: d.cfg.BatchInterval, MaxL1TxSize: 120_000, TargetNumFrames: 1, ApproxComprRatio: 0.4,
		SubSafetyMargin: 4, PollInterval: 100 * time.Millisecond,
		// At most devBatcherPending batch transactions in flight: unbounded,
		// a backlog of L2 data (a 96 MB model published in minutes) sent
		// hundreds at once, each retried by its own goroutine once L1's
		// base fee outran the batcher's balance, and the storm of RPC
		// connections used up the process's file descriptors.
		MaxPendingTransactions: devBatcherPending,
		TxMgrConfig:            d.txMgr(d.keys.batcher, txmgr.DefaultBatcherFlagValues),
		LogConfig:              oplog.CLIConfig{Level: log.LevelWarn, Format: oplog.FormatText},
		MetricsConfig:          d.metricsConfig(d.cfg.Ports.BatcherMetrics),
		DataAvailabilityType:   d.batchData(), CompressionAlgo: derive.Zlib,
	}
	if d.cfg.L1RPC != "" { // a public L1: OP's defaults
		cfg.SubSafetyMargin, cfg.PollInterval, cfg.MaxPendingTransactions = 10, 6*time.Second, 1
	}
	lg := d.log.New("svc", "op-batcher")
	svc, err := batcherpkg.BatcherServiceFromCLIConfig(ctx, func(err error) { lg.Error("op-batcher fatal", "err", err) }, "aievm-devnet", cfg, lg)
	if err != nil {
		return fmt.Errorf("op-batcher: %w", err)
	}
	if err := svc.Start(ctx); err != nil {
		return fmt.Errorf("op-batcher: %w", err)
	}
	d.batcher = svc
	return nil
}

// l1Poll is how often a service looks at L1: dev on the dev L1, public on
// an external one (OP's defaults; hosted RPCs rate-limit).
func (d *Devnet) l1Poll(dev, public time.Duration) time.Duration {
	if d.cfg.L1RPC == "" {
		return dev
	}
	return public
}

// l1TxOptions are our own services' L1 transaction settings: one
// confirmation and receipts polled every devPoll on the dev L1; on an
// external one 3 confirmations and a look every 12 seconds, as OP's
// challenger does.
func (d *Devnet) l1TxOptions(devPoll time.Duration, lg log.Logger) l1tx.Options {
	if d.cfg.L1RPC == "" {
		return l1tx.Options{NumConfirmations: 1, ReceiptQueryInterval: devPoll, Log: lg}
	}
	return l1tx.Options{NumConfirmations: 3, ReceiptQueryInterval: 12 * time.Second, Log: lg}
}

// metricsConfig serves an OP service's Prometheus metrics on port of the
// devnet's host (0: none).
func (d *Devnet) metricsConfig(port int) opmetricscfg.CLIConfig {
	return opmetricscfg.CLIConfig{Enabled: port != 0, ListenAddr: d.cfg.Host, ListenPort: port}
}

// txMgr is the L1 transaction settings of op-batcher, op-proposer and
// op-challenger signing with key. On the dev L1 they are quick (one
// confirmation, 3-second resubmission, 50 ms receipt polling); on an
// external L1, OP's defaults for the service (the batcher's and proposer's:
// 10 confirmations, 48-second resubmission, 12-second receipt polling; the
// challenger's: 3 confirmations, a send timeout).
func (d *Devnet) txMgr(key *ecdsa.PrivateKey, defaults txmgr.DefaultFlagValues) txmgr.CLIConfig {
	if d.cfg.L1RPC == "" {
		return setuputils.NewTxMgrConfig(endpoint.URL(d.L1RPC()), key)
	}
	c := txmgr.NewCLIConfig(d.L1RPC(), defaults)
	c.PrivateKey = hexutil.Encode(crypto.FromECDSA(key))
	return c
}

// batchData is how op-batcher posts batches: calldata on the dev L1 (its
// fake beacon keeps blobs, but calldata keeps the devnet's batches
// readable); on an external L1, blobs or calldata, whichever costs less.
func (d *Devnet) batchData() batcherflags.DataAvailabilityType {
	if d.cfg.L1RPC == "" {
		return batcherflags.CalldataType
	}
	return batcherflags.AutoType
}

// StopBatcher stops op-batcher.
func (d *Devnet) StopBatcher(ctx context.Context) error {
	if d.batcher == nil {
		return nil
	}
	err := d.batcher.Stop(ctx)
	d.batcher = nil
	return err
}

// RestartSequencerOpNode stops the sequencer's op-node and starts a new one
// on the same engine and port.
func (d *Devnet) RestartSequencerOpNode(ctx context.Context) error {
	if err := d.seqNode.Stop(ctx); err != nil {
		return fmt.Errorf("stop op-node: %w", err)
	}
	n, err := d.startOpNode(ctx, true)
	if err != nil {
		return err
	}
	d.seqNode = n
	return nil
}

// startProposer starts op-proposer, which posts an output root as a
// PermissionedDisputeGame every ProposalInterval L2 blocks, and the
// resolver that resolves those games once their clocks run out. The
// proposer reads outputs from the verifier, which derives from L1 alone:
// it proposes what anyone can recompute.
func (d *Devnet) startProposer(ctx context.Context) error {
	tx := d.txMgr(d.keys.proposer, txmgr.DefaultBatcherFlagValues)
	rollupRPC, err := d.proposerRollupRPC(ctx)
	if err != nil {
		return err
	}
	cfg := &proposer.CLIConfig{
		L1EthRpc: d.L1RPC(), RollupRpc: rollupRPC,
		DGFAddress: d.state.Contracts.DisputeGameFactory.Hex(), DisputeGameType: d.cfg.FaultProof.GameType,
		ProposalInterval: time.Duration(d.cfg.ProposalInterval*d.cfg.L2BlockTime) * time.Second,
		// On the dev L1 finality lags 32 blocks: propose safe outputs. On a
		// public L1, only outputs derived from finalized L1 blocks.
		PollInterval: d.l1Poll(time.Second, 6*time.Second), AllowNonFinalized: d.cfg.L1RPC == "", TxMgrConfig: tx,
		RPCConfig:     oprpc.CLIConfig{ListenAddr: d.cfg.Host},
		LogConfig:     oplog.CLIConfig{Level: log.LevelWarn, Format: oplog.FormatText},
		MetricsConfig: d.metricsConfig(d.cfg.Ports.ProposerMetrics),
	}
	if err := cfg.Check(); err != nil {
		return fmt.Errorf("op-proposer: %w", err)
	}
	svc, err := proposer.ProposerServiceFromCLIConfig(ctx, "aievm-devnet", cfg, d.log.New("svc", "op-proposer"))
	if err != nil {
		return fmt.Errorf("op-proposer: %w", err)
	}
	if err := svc.Start(ctx); err != nil {
		return fmt.Errorf("op-proposer: %w", err)
	}
	d.proposer = svc
	if d.cfg.FaultProof.GameType == opdeploy.CannonGameType {
		return nil // op-challenger resolves Cannon games and claims the proposer's bonds
	}
	return d.startResolver(ctx)
}

func (d *Devnet) startResolver(ctx context.Context) error {
	l1c, err := ethclient.DialContext(ctx, d.L1RPC())
	if err != nil {
		return fmt.Errorf("resolver: %w", err)
	}
	lg := d.log.New("svc", "resolver")
	txm, err := l1tx.New(ctx, "resolver", l1c, d.keys.deployer, d.l1TxOptions(200*time.Millisecond, lg))
	if err != nil {
		l1c.Close()
		return err
	}
	r, err := resolver.New(ctx, resolver.Config{L1: l1c, Factory: d.state.Contracts.DisputeGameFactory, GameType: d.cfg.FaultProof.GameType,
		Tx: txm, Poll: time.Duration(d.cfg.L1BlockTime) * time.Second, Log: lg, Claimants: []common.Address{chain.Address(d.keys.proposer)}})
	if err != nil {
		txm.Close()
		l1c.Close()
		return err
	}
	rctx, cancel := context.WithCancel(context.Background())
	d.resolverCancel, d.resolverDone = cancel, make(chan struct{})
	go func() {
		defer close(d.resolverDone)
		defer l1c.Close()
		defer txm.Close()
		r.Run(rctx)
	}()
	return nil
}

// Close stops everything in reverse order of start. The data dir keeps the
// chain; the next Start resumes it.
func (d *Devnet) Close() error {
	var errs []error
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if d.web != nil {
		errs = append(errs, d.web.Close())
	}
	d.challenger.stop()
	d.attest.stop()
	if err := d.stopFaultChallenger(ctx); err != nil {
		errs = append(errs, err)
	}
	if d.resolverCancel != nil {
		d.resolverCancel()
		<-d.resolverDone
	}
	if d.proposer != nil {
		if err := d.proposer.Stop(ctx); err != nil {
			errs = append(errs, err)
		}
	}
	d.stopLiar()
	if err := d.StopBatcher(ctx); err != nil {
		errs = append(errs, err)
	}
	for _, f := range d.extra {
		errs = append(errs, f.node.Stop(ctx), f.Geth.Stop())
	}
	for _, n := range []*rollupnode.OpNode{d.verNode, d.seqNode} {
		if n != nil {
			if err := n.Stop(ctx); err != nil {
				errs = append(errs, err)
			}
		}
	}
	for _, p := range []*aigethproc.Proc{d.Verifier, d.Sequencer} {
		if p != nil {
			if err := p.Stop(); err != nil {
				errs = append(errs, err)
			}
		}
	}
	if d.l1 != nil {
		if err := d.l1.Close(); err != nil {
			errs = append(errs, err)
		}
	}
	if d.beacon != nil {
		if err := d.beacon.Close(); err != nil && !errors.Is(err, net.ErrClosed) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// L1RPC is the L1 JSON-RPC URL.
func (d *Devnet) L1RPC() string {
	if d.cfg.L1RPC != "" {
		return d.cfg.L1RPC
	}
	return fmt.Sprintf("http://%s:%d", d.cfg.Host, d.cfg.Ports.L1RPC)
}

func (d *Devnet) beaconURL() string {
	if d.cfg.L1Beacon != "" {
		return d.cfg.L1Beacon
	}
	return d.beacon.BeaconAddr()
}

// SequencerOpNode is the sequencer op-node's RPC URL.
func (d *Devnet) SequencerOpNode() string { return d.seqNode.HTTPEndpoint() }

// VerifierOpNode is the verifier op-node's RPC URL.
func (d *Devnet) VerifierOpNode() string { return d.verNode.HTTPEndpoint() }

// State is the chain's addresses and models.
func (d *Devnet) State() State { return *d.state }

// Rollup is the op-node rollup config.
func (d *Devnet) Rollup() *rollup.Config { return d.rollup }

// ProposerKey is op-proposer's key.
func (d *Devnet) ProposerKey() *ecdsa.PrivateKey { return d.keys.proposer }

// UserKey is dev user i's key.
func (d *Devnet) UserKey(i int) *ecdsa.PrivateKey { return d.keys.users[i] }

// DataDir is where the devnet keeps its state and logs.
func (d *Devnet) DataDir() string { return filepath.Clean(d.cfg.DataDir) }
