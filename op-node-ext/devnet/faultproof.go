package devnet

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	opchallenger "github.com/ethereum-optimism/optimism/op-challenger"
	chconfig "github.com/ethereum-optimism/optimism/op-challenger/config"
	gameTypes "github.com/ethereum-optimism/optimism/op-challenger/game/types"
	chmetrics "github.com/ethereum-optimism/optimism/op-challenger/metrics"
	"github.com/ethereum-optimism/optimism/op-service/dial"
	"github.com/ethereum-optimism/optimism/op-service/eth"
	"github.com/ethereum-optimism/optimism/op-service/sources"
	"github.com/ethereum-optimism/optimism/op-service/txmgr"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/aievm/aievm/fraudproof/prestate"
	"github.com/aievm/aievm/op-node-ext/chain"
	"github.com/aievm/aievm/op-node-ext/dishonest"
	"github.com/aievm/aievm/op-node-ext/opdeploy"
)

// FaultProof configures the output games' fault proof: the game type, the
// fault-proof program's toolchain and op-challenger's Cannon.
type FaultProof struct {
	// GameType is the respected output game: 0, FaultDisputeGame played
	// with Cannon by op-challenger (default), or 1, PermissionedDisputeGame
	// (opdeploy.CannonGameType, PermissionedGameType).
	GameType uint32 `toml:"game_type"`
	// Cannon and ProgramHost are the cannon binary and the fault-proof
	// program's host (make build: bin/cannon, bin/aievm-program-host).
	Cannon      string `toml:"cannon"`
	ProgramHost string `toml:"program_host"`
	// ProgramDir and ProgramWork are the program's source and go.work:
	// the chain's program is compiled with its configs on first start.
	ProgramDir  string `toml:"program_dir"`
	ProgramWork string `toml:"program_work"`
	// SnapshotFreq is how many VM steps apart op-challenger keeps Cannon
	// snapshots: each move of the execution bisection runs at most that
	// many steps.
	SnapshotFreq uint `toml:"snapshot_freq"`
	// DishonestProposer makes the proposer post a wrong output root for
	// every proposal whose blocks call the inference precompile (a
	// demonstration: op-challenger defeats each).
	DishonestProposer bool `toml:"dishonest_proposer"`
}

// DefaultFaultProof is a repository checkout's toolchain (`make run`).
func DefaultFaultProof() FaultProof {
	return FaultProof{GameType: opdeploy.CannonGameType, Cannon: "bin/cannon", ProgramHost: "bin/aievm-program-host",
		ProgramDir: "fraudproof/program", ProgramWork: "build/program.work", SnapshotFreq: 40_000_000}
}

// In makes the toolchain's relative paths relative to dir instead (a
// repository checkout seen from elsewhere, e.g. a test's package dir).
func (f FaultProof) In(dir string) FaultProof {
	for _, p := range []*string{&f.Cannon, &f.ProgramHost, &f.ProgramDir, &f.ProgramWork} {
		if *p != "" && !filepath.IsAbs(*p) {
			*p = filepath.Join(dir, *p)
		}
	}
	return f
}

// Toolchain is what builds the chain's program and prestate.
func (f FaultProof) Toolchain() prestate.Toolchain {
	return prestate.Toolchain{ProgramDir: f.ProgramDir, GoWork: f.ProgramWork, Cannon: f.Cannon}
}

// prestateDir is where a devnet keeps its fault-proof program and prestate.
const prestateDir = "prestate"

// BuildPrestate builds the fault-proof program for the chain in dataDir (its
// rollup config and genesis files; registry is its ModelRegistry) into out
// and makes its absolute prestate.
func BuildPrestate(ctx context.Context, dataDir string, registry common.Address, t prestate.Toolchain, out string) (*prestate.Prestate, error) {
	rollup, err := os.ReadFile(filepath.Join(dataDir, rollupFile))
	if err != nil {
		return nil, fmt.Errorf("devnet: the chain's rollup config: %w", err)
	}
	var ids struct {
		L1ChainID uint64 `json:"l1_chain_id"`
		L2ChainID uint64 `json:"l2_chain_id"`
	}
	if err := json.Unmarshal(rollup, &ids); err != nil || ids.L2ChainID == 0 {
		return nil, fmt.Errorf("devnet: %s has no chain ids (%v)", rollupFile, err)
	}
	c := prestate.Chain{L1ChainID: ids.L1ChainID, L2ChainID: ids.L2ChainID, Rollup: rollup, Registry: registry}
	if c.L2Genesis, err = os.ReadFile(filepath.Join(dataDir, l2GenesisFile)); err != nil {
		return nil, fmt.Errorf("devnet: %w", err)
	}
	// A local L1's genesis is in the data dir; op-program knows the public
	// L1s' configs itself.
	if b, err := os.ReadFile(filepath.Join(dataDir, l1GenesisFile)); err == nil {
		c.L1Genesis = b
	}
	return prestate.Build(ctx, t, c, out)
}

// prestate returns the chain's fault-proof program and absolute prestate,
// building them if the data dir does not have them. A build whose prestate
// is not the one the chain's games were set up with (the program changed
// since) is refused: op-challenger could not play those games.
func (d *Devnet) prestate(ctx context.Context) (*prestate.Prestate, error) {
	dir := d.path(prestateDir)
	if p, err := prestate.Read(dir); err == nil && (d.state.Prestate == (common.Hash{}) || p.Hash == d.state.Prestate) {
		return p, nil
	}
	t0 := time.Now()
	p, err := BuildPrestate(ctx, d.cfg.DataDir, d.state.Registry, d.cfg.FaultProof.Toolchain(), dir)
	if err != nil {
		return nil, err
	}
	d.log.Info("Fault-proof program built", "prestate", p.Hash, "took", time.Since(t0).Round(time.Millisecond))
	if d.state.Prestate != (common.Hash{}) && p.Hash != d.state.Prestate {
		return nil, fmt.Errorf("devnet: the fault-proof program built now has prestate %s; the chain's games were set up with %s (the program or its toolchain changed): start a new chain", p.Hash, d.state.Prestate)
	}
	return p, nil
}

// startFaultChallenger runs the standard op-challenger on the chain's
// Cannon games: it plays every game whose root it disagrees with down to a
// MIPS step on L1, loads the preimages that step needs, resolves games and
// claims its bonds and the proposer's.
func (d *Devnet) startFaultChallenger(ctx context.Context) error {
	if d.cfg.FaultProof.GameType != opdeploy.CannonGameType {
		return nil
	}
	f := d.cfg.FaultProof
	for _, p := range []string{f.Cannon, f.ProgramHost} {
		if _, err := os.Stat(p); err != nil {
			return fmt.Errorf("op-challenger: %w (make build)", err)
		}
	}
	pre, err := d.prestate(ctx)
	if err != nil {
		return err
	}
	cfg := d.challengerConfig("op-challenger")
	if err := os.MkdirAll(cfg.Datadir, 0o755); err != nil {
		return err
	}
	cfg.CannonAbsolutePreState = pre.State
	cfg.PollInterval = time.Duration(d.cfg.L1BlockTime) * time.Second
	cfg.MaxConcurrency = 2
	cfg.AdditionalBondClaimants = []common.Address{chain.Address(d.keys.proposer)}
	cfg.TxMgrConfig = d.txMgr(d.keys.faultChallenger, txmgr.DefaultChallengerFlagValues)
	cfg.MetricsConfig = d.metricsConfig(d.cfg.Ports.ChallengerMetrics)
	if err := cfg.Check(); err != nil {
		return fmt.Errorf("op-challenger: %w", err)
	}
	svc, err := opchallenger.Main(ctx, d.log.New("svc", "op-challenger"), &cfg, chmetrics.NewMetrics())
	if err != nil {
		return fmt.Errorf("op-challenger: %w", err)
	}
	if err := svc.Start(ctx); err != nil {
		return fmt.Errorf("op-challenger: %w", err)
	}
	d.opChallenger = svc
	return nil
}

func (d *Devnet) stopFaultChallenger(ctx context.Context) error {
	if d.opChallenger == nil {
		return nil
	}
	err := d.opChallenger.Stop(ctx)
	d.opChallenger = nil
	if errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}

func absPath(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}

// proposerRollupRPC is where op-proposer reads outputs: the verifier's
// op-node, or with dishonest_proposer a proxy that lies about every output
// whose proposal covers an inference call, whose lies a dishonest player
// then defends in their games (package dishonest).
func (d *Devnet) proposerRollupRPC(ctx context.Context) (string, error) {
	if !d.cfg.FaultProof.DishonestProposer {
		return d.verNode.HTTPEndpoint(), nil
	}
	l2, err := rpc.DialContext(ctx, d.Verifier.IPC())
	if err != nil {
		return "", fmt.Errorf("dishonest proposer: %w", err)
	}
	lg := d.log.New("svc", "dishonest")
	p, err := dishonest.NewProxy(d.cfg.Host, d.verNode.HTTPEndpoint(), l2, 256, lg)
	if err != nil {
		l2.Close()
		return "", err
	}
	pre, err := d.prestate(ctx)
	if err != nil {
		p.Close()
		l2.Close()
		return "", err
	}
	dctx, cancel := context.WithCancel(context.Background())
	d.liar, d.liarCancel = p, func() { cancel(); p.Close(); l2.Close() }
	go p.Defend(dctx, d.PlayerConfig(pre.State), d.state.Contracts.DisputeGameFactory, d.cfg.FaultProof.GameType,
		time.Duration(d.cfg.L1BlockTime)*time.Second)
	return p.URL(), nil
}

// PlayerConfig is a dishonest player's setup on this devnet, without its
// game and lies: the dishonest dev account, the verifier's endpoints and
// op-challenger's Cannon.
func (d *Devnet) PlayerConfig(prestateFile string) dishonest.PlayerConfig {
	return dishonest.PlayerConfig{L1: d.L1RPC(), Key: d.keys.dishonest, Rollup: d.verNode.HTTPEndpoint(), L2: d.Verifier.IPC(),
		Cannon: d.challengerConfig("dishonest").Cannon, Prestate: prestateFile, Dir: d.path("dishonest"), Log: d.log.New("svc", "dishonest")}
}

// challengerConfig is op-challenger's config for the chain's Cannon games,
// its data in the data dir's subdirectory dir: the verifier's endpoints
// (its IPC for the host, which reads trie nodes through debug_dbGet), the
// chain's configs, the fault-proof toolchain.
func (d *Devnet) challengerConfig(dir string) chconfig.Config {
	f := d.cfg.FaultProof
	cfg := chconfig.NewConfig(d.state.Contracts.DisputeGameFactory, d.L1RPC(), d.beaconURL(), d.verNode.HTTPEndpoint(),
		d.Verifier.IPC(), d.path(dir), gameTypes.CannonGameType)
	cfg.Cannon.VmBin, cfg.Cannon.Server = absPath(f.Cannon), absPath(f.ProgramHost)
	cfg.Cannon.RollupConfigPaths, cfg.Cannon.L2GenesisPaths = []string{d.path(rollupFile)}, []string{d.path(l2GenesisFile)}
	if d.cfg.L1RPC == "" {
		cfg.Cannon.L1GenesisPath = d.path(l1GenesisFile)
	}
	cfg.Cannon.SnapshotFreq, cfg.Cannon.InfoFreq = f.SnapshotFreq, 100_000_000
	return cfg
}

// Liar is the dishonest proposer's rollup RPC (nil unless
// dishonest_proposer is set): its Lies are the wrong roots proposed.
func (d *Devnet) Liar() *dishonest.Proxy { return d.liar }

// Prestate is the chain's fault-proof program and absolute prestate.
func (d *Devnet) Prestate(ctx context.Context) (*prestate.Prestate, error) { return d.prestate(ctx) }

func (d *Devnet) stopLiar() {
	if d.liarCancel != nil {
		d.liarCancel()
		d.liarCancel = nil
	}
}

// BlockTrace is one run of the fault-proof program over an L2 block.
type BlockTrace struct {
	Block  uint64
	Steps  uint64        // MIPS steps to the program's exit (or to the cap)
	Capped bool          // stopped at the step cap before exiting
	Took   time.Duration // Cannon's wall time, host included
	Output common.Hash   // the output root the program verified
}

// ProveBlock runs the chain's fault-proof program under Cannon over L2 block
// n, from its parent's output to its true output as op-challenger's
// execution trace does, with the verifier as the host's L2 node, in a
// scratch directory under dir. It fails unless the program verifies the
// output (exit 0): the AI EVM inside the VM computed the block as ai-geth
// did. Block n must exist; ProveBlock waits (under ctx) until the verifier
// has derived it from L1, which may lag the sequencer's safe head. A positive maxSteps stops the
// run there: a trace longer than the game's execution bisection cannot be
// disputed step by step (Capped).
func (d *Devnet) ProveBlock(ctx context.Context, n uint64, dir string, maxSteps uint64) (*BlockTrace, error) {
	if n == 0 {
		return nil, errors.New("devnet: block 0 is the genesis: nothing to prove")
	}
	pre, err := d.prestate(ctx)
	if err != nil {
		return nil, err
	}
	rc, err := dial.DialRollupClientWithTimeout(ctx, d.log, d.verNode.HTTPEndpoint())
	if err != nil {
		return nil, fmt.Errorf("devnet: rollup RPC: %w", err)
	}
	defer rc.Close()
	sync, err := waitVerifierSafe(ctx, rc, n)
	if err != nil {
		return nil, err
	}
	agreed, err := rc.OutputAtBlock(ctx, n-1)
	if err != nil {
		return nil, err
	}
	claimed, err := rc.OutputAtBlock(ctx, n)
	if err != nil {
		return nil, err
	}
	work, err := os.MkdirTemp(dir, fmt.Sprintf("prove-%d-", n))
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(work)
	final := filepath.Join(work, "final.bin.gz")
	f := d.cfg.FaultProof
	args := []string{"run", "--input", pre.State, "--output", final, "--meta", "", "--info-at", "never", "--",
		absPath(f.ProgramHost), "--server", "--l1", d.L1RPC(), "--l1.beacon", d.beaconURL(), "--l2", d.Verifier.IPC(),
		"--datadir", filepath.Join(work, "preimages"), "--l1.head", sync.HeadL1.Hash.Hex(), "--l2.head", agreed.BlockRef.Hash.Hex(),
		"--l2.outputroot", common.Hash(agreed.OutputRoot).Hex(), "--l2.claim", common.Hash(claimed.OutputRoot).Hex(),
		"--l2.blocknumber", fmt.Sprint(n), "--rollup.config", d.path(rollupFile), "--l2.genesis", d.path(l2GenesisFile), "--log.level", "warn"}
	if d.cfg.L1RPC == "" {
		args = append(args, "--l1.chainconfig", d.path(l1GenesisFile))
	}
	if maxSteps > 0 {
		args = append([]string{"run", "--stop-at", fmt.Sprintf("=%d", maxSteps)}, args[1:]...)
	}
	t0 := time.Now()
	out, err := exec.CommandContext(ctx, absPath(f.Cannon), args...).CombinedOutput()
	took := time.Since(t0)
	if err != nil {
		return nil, fmt.Errorf("devnet: cannon over block %d: %w\n%s", n, err, lastLines(out, 20))
	}
	w, err := exec.CommandContext(ctx, absPath(f.Cannon), "witness", "--input", final).Output()
	if err != nil {
		return nil, fmt.Errorf("devnet: cannon witness: %w", err)
	}
	var st struct {
		Step     uint64 `json:"step"`
		Exited   bool   `json:"exited"`
		ExitCode uint8  `json:"exitCode"`
	}
	if err := json.Unmarshal(w, &st); err != nil {
		return nil, fmt.Errorf("devnet: cannon witness: %w", err)
	}
	if !st.Exited && maxSteps > 0 && st.Step >= maxSteps {
		return &BlockTrace{Block: n, Steps: st.Step, Capped: true, Took: took, Output: common.Hash(claimed.OutputRoot)}, nil
	}
	if !st.Exited || st.ExitCode != 0 {
		return nil, fmt.Errorf("devnet: the fault-proof program did not verify block %d's output %s (exited %v, code %d):\n%s",
			n, common.Hash(claimed.OutputRoot), st.Exited, st.ExitCode, lastLines(out, 20))
	}
	return &BlockTrace{Block: n, Steps: st.Step, Took: took, Output: common.Hash(claimed.OutputRoot)}, nil
}

// lastLines is the end of a command's output, for errors.
func lastLines(b []byte, n int) string {
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// waitVerifierSafe polls the verifier's sync status until its safe head
// reaches block n, which the sequencer must already have made: the program's
// host reads the block from the verifier, so the verifier, not the
// sequencer, must have it safe.
func waitVerifierSafe(ctx context.Context, rc *sources.RollupClient, n uint64) (*eth.SyncStatus, error) {
	for {
		sync, err := rc.SyncStatus(ctx)
		if err != nil {
			return nil, fmt.Errorf("devnet: verifier sync status: %w", err)
		}
		if sync.SafeL2.Number >= n {
			return sync, nil
		}
		if sync.UnsafeL2.Number < n {
			return nil, fmt.Errorf("devnet: block %d does not exist yet (verifier's head %d)", n, sync.UnsafeL2.Number)
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("devnet: block %d is not safe on the verifier (safe head %d): %w", n, sync.SafeL2.Number, ctx.Err())
		case <-time.After(250 * time.Millisecond):
		}
	}
}
