// Package devnet runs a whole AI EVM rollup on loopback: an in-process L1
// geth dev chain with a fake beacon and OP's standard L1 contracts in its
// genesis (op-deployer), ai-geth as sequencer and as verifier (child
// processes), op-node for each, op-batcher, op-proposer posting output
// games, and a resolver for them. State persists in a data dir; a restart
// resumes.
package devnet

import (
	"errors"
	"fmt"
	"math/big"
	"net"
	"os"

	"github.com/BurntSushi/toml"

	"github.com/aievm/aievm/model-da/store"
	"github.com/aievm/aievm/op-node-ext/opdeploy"
	"github.com/aievm/aievm/opml/model"
	"github.com/aievm/aievm/opml/tokenizer"
)

// Config is a devnet. The zero value of a port means "any free port".
type Config struct {
	DataDir string `toml:"datadir"`
	// Host is where every endpoint listens. A non-loopback host exposes the
	// Engine API and op-node's admin API too, so it needs Expose.
	Host   string `toml:"host"`
	Expose bool   `toml:"expose"`
	Seed   string `toml:"seed"` // dev keys derive from it (chain.DevKey): local devnet only

	L1ChainID   uint64 `toml:"l1_chain_id"`
	L2ChainID   uint64 `toml:"l2_chain_id"`
	L1BlockTime uint64 `toml:"l1_block_time"`
	L2BlockTime uint64 `toml:"l2_block_time"`
	GasLimit    uint64 `toml:"l2_gas_limit"`
	Users       int    `toml:"users"` // prefunded dev accounts

	// ProposalInterval is the L2 blocks between output proposals.
	ProposalInterval uint64 `toml:"proposal_interval"`
	// OPContracts is the directory of OP's compiled contracts-bedrock
	// (`make op-contracts`), which op-deployer deploys on first start.
	OPContracts string `toml:"op_contracts"`
	// Games are the output games' clock and the withdrawal delays, in
	// seconds (fixed at the chain's creation).
	Games opdeploy.Games `toml:"games"`
	// FaultProof is the output games' type and the fault-proof toolchain.
	FaultProof FaultProof `toml:"fault_proof"`
	// OutputBond is the proposer's bond per output game, in wei (default
	// 0.08 ETH). It comes back once the game is final and DelayedWETH's
	// delay has passed: the proposer must hold a bond per game in flight.
	OutputBond string `toml:"output_bond"`
	// BatchInterval is op-batcher's max channel duration, in L1 blocks.
	BatchInterval uint64 `toml:"batch_interval"`

	// OracleWindow is the InferenceOracle's challenge window and OracleClock
	// each party's total time in a dispute game, in seconds (fixed at the
	// chain's creation). OracleClock 0 sizes the clock for the L1's block
	// time (fraudproof.ClockFor); a clock too short for the longest game
	// on that block time is refused.
	OracleWindow uint64 `toml:"oracle_window"`
	OracleClock  uint64 `toml:"oracle_clock"`
	// Challenger runs an honest opML challenger against the oracle
	// (fraudproof.Player; its state in <datadir>/challenger).
	Challenger bool `toml:"challenger"`
	// Attest sets up the Groth16 attestation path on L2 (a Settlement, the
	// attestable example model) and runs a node and three validators in
	// process. Tools is the directory with solc-js (make tools) that
	// compiles the model's verifier.
	Attest bool   `toml:"attest"`
	Tools  string `toml:"tools"`

	Ports Ports `toml:"ports"`

	// WebDir is the dapp page's build (`make web`), served on Ports.Web
	// with the chain's /config.json; "" serves no page. L1Explorer and
	// L2Explorer are block explorer URLs the page passes to wallets
	// (wallet_addEthereumChain's blockExplorerUrls); the local devnet has
	// none.
	WebDir     string `toml:"web_dir"`
	L1Explorer string `toml:"l1_explorer_url"`
	L2Explorer string `toml:"l2_explorer_url"`
	// L1PublicRPC is the L1 endpoint the page gives browsers and wallets
	// when the rollup runs on an external L1, whose l1_rpc often holds an
	// API key and is never published. Without it an external L1 serves no
	// page.
	L1PublicRPC string `toml:"l1_public_rpc"`
	// DappGeneration are generation models published after genesis (say
	// with `aievm model publish`) that the page's prompt box offers too,
	// each with the GGUF file its tokenizer comes from.
	DappGeneration []GenerationModel `toml:"dapp_generation"`

	// L1RPC and L1Beacon point the rollup at an external L1 (Sepolia, say)
	// instead of the in-process dev chain; its contracts come from
	// `aievm devnet deploy-l1` (CreateChain) into the same data dir.
	L1RPC    string `toml:"l1_rpc"`
	L1Beacon string `toml:"l1_beacon"`
	// L1ChainConfig is a JSON chain config of an external L1 that op-node
	// does not know by chain id (it knows mainnet, Sepolia and Hoodi).
	L1ChainConfig string `toml:"l1_chain_config"`
	// Keys (hex) that replace the seed's dev keys: required on an external
	// L1, where nothing may derive from the public seed.
	DeployerKey   string `toml:"deployer_key"`
	BatcherKey    string `toml:"batcher_key"`
	ProposerKey   string `toml:"proposer_key"`
	ChallengerKey string `toml:"challenger_key"`
	SequencerKey  string `toml:"sequencer_key"`

	// GethCommand runs ai-geth (default: the ai-geth binary next to aievm,
	// else in PATH); GethEnv is added to its environment.
	GethCommand []string `toml:"geth_command"`
	GethEnv     []string `toml:"geth_env"`

	// LogLevel of the in-process services' log (op-node, op-batcher, L1
	// geth, proposer), which the CLI writes to <datadir>/devnet.log:
	// "error", "warn", "info", "debug".
	LogLevel string `toml:"log_level"`
}

// GenerationModel is a generation model for the dapp page: its name, its
// address (0x and 64 hex digits), its positions (the seq of `aievm model
// convert --generate`) and the GGUF file whose tokenizer it uses.
type GenerationModel struct {
	Name      string `toml:"name"`
	Address   string `toml:"address"`
	Seq       int    `toml:"seq"`
	Tokenizer string `toml:"tokenizer"`
}

// MaxGenerationSeq bounds a generation model's positions: its input,
// 4·(seq+1) bytes, within the engine's input bound.
const MaxGenerationSeq = model.MaxInputBytes/4 - 1

// check refuses an entry the page could not use: a missing name, a
// malformed or repeated address, positions out of range, a tokenizer file
// that does not read (it is read again when the page starts).
func (g GenerationModel) check(seen map[model.Address]bool) error {
	a, err := store.ParseAddress(g.Address)
	switch {
	case g.Name == "":
		return errors.New("no name")
	case err != nil:
		return fmt.Errorf("address: %w", err)
	case seen[a]:
		return fmt.Errorf("address %s listed twice", g.Address)
	case g.Seq < 1 || g.Seq > MaxGenerationSeq:
		return fmt.Errorf("seq %d: want 1 to %d (the model's positions)", g.Seq, MaxGenerationSeq)
	case g.Tokenizer == "":
		return errors.New("no tokenizer file (the model's GGUF)")
	}
	if _, err := tokenizer.Open(g.Tokenizer); err != nil {
		return fmt.Errorf("tokenizer: %w", err)
	}
	seen[a] = true
	return nil
}

// Ports are the devnet's listen ports on Host.
type Ports struct {
	L1RPC        int `toml:"l1_rpc"`
	L1Beacon     int `toml:"l1_beacon"`
	SequencerRPC int `toml:"sequencer_rpc"` // HTTP; WebSocket on the next port
	SequencerEng int `toml:"sequencer_engine"`
	SequencerOp  int `toml:"sequencer_op_node"`
	VerifierRPC  int `toml:"verifier_rpc"`
	VerifierEng  int `toml:"verifier_engine"`
	VerifierOp   int `toml:"verifier_op_node"`
	ModelGateway int `toml:"model_gateway"`
	Web          int `toml:"web"` // the dapp page
	// op-node's libp2p (the sequencer gossips unsafe blocks to the verifier).
	SequencerP2P int `toml:"sequencer_p2p"`
	VerifierP2P  int `toml:"verifier_p2p"`
	// Prometheus: ai-geth's at /debug/metrics/prometheus, the others' at /metrics.
	SequencerMetrics   int `toml:"sequencer_metrics"`
	VerifierMetrics    int `toml:"verifier_metrics"`
	SequencerOpMetrics int `toml:"sequencer_op_node_metrics"`
	VerifierOpMetrics  int `toml:"verifier_op_node_metrics"`
	BatcherMetrics     int `toml:"op_batcher_metrics"`
	ProposerMetrics    int `toml:"op_proposer_metrics"`
	ChallengerMetrics  int `toml:"op_challenger_metrics"`
}

// Default is what `make run` starts: well-known ports (L1 8545, L2 9545).
func Default() Config {
	return Config{
		DataDir: "data/devnet", Host: "127.0.0.1", Seed: "aievm devnet",
		L1ChainID: 900, L2ChainID: 901, L1BlockTime: 2, L2BlockTime: 1, GasLimit: 30_000_000, Users: 4,
		ProposalInterval: 10, BatchInterval: 1, LogLevel: "info", OPContracts: "build/op-contracts", Games: opdeploy.DevGames(),
		FaultProof: DefaultFaultProof(), WebDir: "build/web",
		OracleWindow: 300, OracleClock: 0, Challenger: true, Attest: true, Tools: "tools",
		Ports: Ports{L1RPC: 8545, L1Beacon: 5052, SequencerRPC: 9545, SequencerEng: 9551, SequencerOp: 7545,
			VerifierRPC: 9645, VerifierEng: 9651, VerifierOp: 7645, ModelGateway: 5001, Web: 8080,
			SequencerP2P: 9222, VerifierP2P: 9223, SequencerMetrics: 6060, VerifierMetrics: 6070,
			SequencerOpMetrics: 7300, BatcherMetrics: 7301, ProposerMetrics: 7302, ChallengerMetrics: 7303, VerifierOpMetrics: 7305},
	}
}

// ForExternalL1 replaces the devnet's fast defaults that would be unsafe or
// ruinous on a public L1, where L1RPC points (a value the config changed
// from its default is kept): OP mainnet's game and withdrawal delays field
// by field instead of the dev ones, an output game every 30 minutes
// instead of every 10 blocks (each posts a bond), 12-second L1 blocks, a
// batch at most every 25 L1 blocks, and a 10-minute InferenceOracle
// window. CreateChain and Start apply it; it is idempotent.
func (c *Config) ForExternalL1() {
	if c.L1RPC == "" {
		return
	}
	def, dev, std := Default(), opdeploy.DevGames(), opdeploy.StandardGames()
	for _, f := range []struct {
		cur      *uint64
		dev, std uint64
	}{
		{&c.Games.MaxClockDuration, dev.MaxClockDuration, std.MaxClockDuration},
		{&c.Games.ClockExtension, dev.ClockExtension, std.ClockExtension},
		{&c.Games.ProofMaturityDelay, dev.ProofMaturityDelay, std.ProofMaturityDelay},
		{&c.Games.FinalityDelay, dev.FinalityDelay, std.FinalityDelay},
		{&c.Games.PreimageChallengePeriod, dev.PreimageChallengePeriod, std.PreimageChallengePeriod},
		{&c.Games.WithdrawalDelay, dev.WithdrawalDelay, std.WithdrawalDelay},
		{&c.Games.MaxGameDepth, dev.MaxGameDepth, std.MaxGameDepth},
		{&c.Games.SplitDepth, dev.SplitDepth, std.SplitDepth},
	} {
		if *f.cur == f.dev {
			*f.cur = f.std
		}
	}
	if c.ProposalInterval == def.ProposalInterval && c.L2BlockTime > 0 {
		c.ProposalInterval = 1800 / c.L2BlockTime
	}
	if c.L1BlockTime == def.L1BlockTime {
		c.L1BlockTime = 12
	}
	if c.BatchInterval == def.BatchInterval {
		c.BatchInterval = 25
	}
	if c.OracleWindow == def.OracleWindow {
		c.OracleWindow = 600
	}
}

// LoadTOML overlays a TOML file on cfg; unknown keys are an error.
func LoadTOML(path string, cfg *Config) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("devnet config: %w", err)
	}
	md, err := toml.Decode(string(b), cfg)
	if err != nil {
		return fmt.Errorf("devnet config %s: %w", path, err)
	}
	if u := md.Undecoded(); len(u) > 0 {
		return fmt.Errorf("devnet config %s: unknown key %q", path, u[0].String())
	}
	return nil
}

// check rejects configs that cannot run.
func (c *Config) check() error {
	switch {
	case c.DataDir == "":
		return fmt.Errorf("devnet: no data dir")
	case c.FaultProof.DishonestProposer && (c.L1RPC != "" || c.FaultProof.GameType != opdeploy.CannonGameType):
		return fmt.Errorf("devnet: a dishonest proposer is a local demonstration of Cannon games (no external L1, game type 0)")
	case c.L1ChainID == 0 || c.L2ChainID == 0 || c.L1ChainID == c.L2ChainID:
		return fmt.Errorf("devnet: chain ids must be distinct and non-zero (l1 %d, l2 %d)", c.L1ChainID, c.L2ChainID)
	case c.L1BlockTime == 0 || c.L2BlockTime == 0:
		return fmt.Errorf("devnet: block times must be at least one second")
	case c.L1RPC == "" && c.L1BlockTime < 2:
		// Seen: with 1-second slots the fake beacon seals every block before
		// the payload holds a transaction; batches and deposits never land.
		return fmt.Errorf("devnet: the in-process L1 needs blocks of 2 s or more (l1_block_time %d)", c.L1BlockTime)
	case c.OracleWindow == 0:
		return fmt.Errorf("devnet: the oracle's window must be at least one second")
	case c.ProposalInterval == 0:
		return fmt.Errorf("devnet: proposal interval must be at least one block")
	case c.OutputBond != "" && !isWei(c.OutputBond):
		return fmt.Errorf("devnet: output_bond %q is not an amount of wei", c.OutputBond)
	case c.OPContracts == "":
		return fmt.Errorf("devnet: no op_contracts directory (make op-contracts builds build/op-contracts)")
	case len(c.GethCommand) == 0:
		return fmt.Errorf("devnet: no ai-geth command")
	case (c.L1RPC == "") != (c.L1Beacon == ""):
		return fmt.Errorf("devnet: an external L1 needs both its RPC and its beacon endpoint")
	case c.L1RPC != "" && (c.DeployerKey == "" || c.BatcherKey == "" || c.ProposerKey == "" || c.SequencerKey == "" || c.ChallengerKey == ""):
		// The challenger key is the output games' permissioned challenger
		// even with challenger = false: a seed-derived one could counter
		// every output and win every game.
		return fmt.Errorf("devnet: an external L1 needs keys of its own (deployer, batcher, proposer, sequencer, challenger): the dev keys derive from a public seed")
	case c.L1RPC != "" && (c.Users > 0 || c.Attest):
		return fmt.Errorf("devnet: on an external L1 set users = 0 and attest = false: dev accounts and the attestation path's keys derive from a public seed")
	case !c.Expose && !isLoopback(c.Host):
		return fmt.Errorf("devnet: host %q is not a loopback address: the Engine API and op-node's admin API would listen there too; set expose = true if that is meant", c.Host)
	}
	seen := map[model.Address]bool{}
	for _, g := range c.DappGeneration {
		if err := g.check(seen); err != nil {
			return fmt.Errorf("devnet: dapp_generation %q: %w", g.Name, err)
		}
	}
	if err := c.Games.Check(); err != nil {
		return fmt.Errorf("devnet: games: %w", err)
	}
	if err := c.oracleParams().Check(); err != nil {
		return fmt.Errorf("devnet: %w (set oracle_clock = 0 to size it)", err)
	}
	return nil
}

// isWei reports whether s is a decimal amount of wei below 2^256.
func isWei(s string) bool {
	v, ok := new(big.Int).SetString(s, 10)
	return ok && v.Sign() >= 0 && v.BitLen() <= 256
}

// isLoopback reports whether host is a loopback address or localhost.
func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// rpcGasCap is the nodes' eth_call gas cap: geth's default (0, 50M), or
// the block gas limit when that is higher, so that whatever fits in a block
// can be called and estimated.
func (c Config) rpcGasCap() uint64 {
	if c.GasLimit > 50_000_000 {
		return c.GasLimit
	}
	return 0
}

// devL1GasLimit is the in-process L1's block gas limit: op-deployer's 30M,
// or the L2's when that is higher. An L2 whose blocks are raised for large
// models gets an L1 whose blocks hold their batches: publishing SmolLM2
// and its KV-cache chain (222 MB) into 30M blocks raised L1's base fee
// 12.5% a block until the batcher's 10,000 ETH ran out and the safe head
// stopped.
func (c Config) devL1GasLimit() uint64 {
	if c.GasLimit > 30_000_000 {
		return c.GasLimit
	}
	return 0
}

// rpcTxFeeCap is the nodes' fee cap on sent transactions, in ether:
// geth's default (1), or on a chain whose blocks hold more than 50M gas,
// where one call of a large model at a congested base fee costs more, 100
// (a 200M-gas transaction at 500 gwei): still a guard for whoever signed.
func (c Config) rpcTxFeeCap() string {
	if c.GasLimit > 50_000_000 {
		return "100"
	}
	return ""
}
