package devnet

import (
	"context"
	"crypto/ecdsa"
	"encoding/json"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"time"

	bindingspreview "github.com/ethereum-optimism/optimism/op-node/bindings/preview"
	"github.com/ethereum-optimism/optimism/op-node/rollup"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/log"

	"github.com/aievm/aievm/contracts/bindings"
	"github.com/aievm/aievm/fraudproof"
	"github.com/aievm/aievm/geth-fork/aigeth"
	"github.com/aievm/aievm/geth-fork/precompile"
	"github.com/aievm/aievm/internal/ethtx"
	"github.com/aievm/aievm/model-da/store"
	"github.com/aievm/aievm/op-node-ext/aigethproc"
	"github.com/aievm/aievm/op-node-ext/chain"
	"github.com/aievm/aievm/op-node-ext/dapp"
	"github.com/aievm/aievm/op-node-ext/opdeploy"
	"github.com/aievm/aievm/opml/examples"
	"github.com/aievm/aievm/opml/examples/classic"
	"github.com/aievm/aievm/opml/examples/iris"
	"github.com/aievm/aievm/opml/generate"
	"github.com/aievm/aievm/opml/model"
	"github.com/aievm/aievm/opml/tokenizer"
)

// DemoAddress is where the devnet's genesis puts the demo Classifier (an
// example dapp, outside OP's predeploy namespace).
var DemoAddress = common.HexToAddress("0xc1a5510000000000000000000000000000000001")

// Model is an example model published and registered at genesis.
type Model struct {
	Name       string     `json:"name"`
	Address    string     `json:"address"`
	CID        string     `json:"cid"`
	OutputSize int        `json:"outputSize"`
	Sample     string     `json:"sampleInput"` // hex of a valid input
	Cost       model.Cost `json:"cost"`
	// Inputs and Outputs are the model's tensor specs (for the dapp page).
	Inputs  []dapp.Spec `json:"inputs,omitempty"`
	Outputs []dapp.Spec `json:"outputs,omitempty"`
	// Generate is set for a generation model: the dapp page's prompt box
	// generates with it, through its tokenizer (exampleTokenizer).
	Generate *dapp.Generate `json:"generate,omitempty"`
	addr     model.Address
	file     []byte
}

// State is what the first start decided and every restart reuses.
type State struct {
	// Contracts are OP's L1 contracts, deployed by op-deployer.
	Contracts opdeploy.Contracts `json:"l1Contracts"`
	Demo      common.Address     `json:"demo"`
	Registry  common.Address     `json:"registry"`
	Models    []Model            `json:"models"`
	L2Genesis common.Hash        `json:"l2GenesisHash"`
	// Prestate is the absolute prestate of the chain's output games: the
	// Cannon state of its fault-proof program at step 0.
	Prestate common.Hash `json:"absolutePrestate"`
	// Oracle is the opML InferenceOracle on L1 and its step verifiers.
	Oracle fraudproof.Contracts `json:"inferenceOracle"`
	// Attest is the attestation path on L2 (nil until it is set up).
	Attest *AttestState `json:"attest,omitempty"`
}

// files of the data dir.
const (
	l1GenesisFile = "genesis-l1.json"
	l2GenesisFile = "genesis-l2.json"
	rollupFile    = "rollup.json"
	stateFile     = "devnet.json"
)

func (d *Devnet) path(name string) string { return filepath.Join(d.cfg.DataDir, name) }

// exampleModels builds the example models: the trained iris classifier,
// the MLP and the CNN (the decoder is for benchmarks; it is large).
func exampleModels() ([]Model, error) {
	irisM, err := iris.Model()
	if err != nil {
		return nil, err
	}
	all := []*model.Model{irisM}
	samples := map[*model.Model][]byte{irisM: common.FromHex("3333a340000060403333b33fcdcc4c3e")} // sepal 5.1 x 3.5, petal 1.4 x 0.2: a setosa
	for _, build := range []func() (*model.Model, error){examples.MLP, examples.CNN, examples.AttestMLP} {
		m, err := build()
		if err != nil {
			return nil, err
		}
		all = append(all, m)
	}
	// Classic models trained on real data (scikit-learn, XGBoost), each
	// with its first held-out row.
	for _, name := range []string{"xgb_breast_cancer", "logreg_breast_cancer"} {
		m, err := classic.Model(name)
		if err != nil {
			return nil, err
		}
		if samples[m], err = classic.Sample(name); err != nil {
			return nil, err
		}
		all = append(all, m)
	}
	// A toy generation model, for the page's prompt box (its sample: "Hi").
	gen, err := examples.Decoder(examples.TinyGeneration)
	if err != nil {
		return nil, err
	}
	all = append(all, gen)
	// Its KV-cache chain, for `aievm infer --prompt` and KVCompletion.
	chain, err := examples.TinyGenerationChain()
	if err != nil {
		return nil, err
	}
	all = append(all, chain...)
	genTok, err := examples.TinyGenerationTokenizer()
	if err != nil {
		return nil, err
	}
	hi, err := genTok.Encode("Hi", true)
	if err != nil {
		return nil, err
	}
	genIface := generate.Model{Seq: examples.TinyGeneration.Seq}
	if samples[gen], err = genIface.Input(hi); err != nil {
		return nil, err
	}
	var out []Model
	for _, m := range all {
		in, ok := samples[m]
		if !ok {
			in = examples.SampleBytes(m, 1)
		}
		a := m.Address()
		em := Model{Name: m.Name, Address: store.FormatAddress(a), OutputSize: precompile.Outputs(m),
			Sample: common.Bytes2Hex(in), Cost: m.Cost, Inputs: specs(m.Inputs), Outputs: specs(m.Outputs), addr: a, file: m.Encode()}
		if m == gen {
			em.Generate = &dapp.Generate{Seq: genIface.Seq, EOS: genTok.EOS}
		}
		out = append(out, em)
	}
	return out, nil
}

// exampleTokenizer is the tokenizer of the example generation model named
// name.
func exampleTokenizer(name string) (*tokenizer.Tokenizer, error) {
	if name == examples.TinyGeneration.Name {
		return examples.TinyGenerationTokenizer()
	}
	return nil, fmt.Errorf("generation model %s has no tokenizer", name)
}

// specs are tensor specs as the dapp page shows them.
func specs(ss []model.Spec) []dapp.Spec {
	out := make([]dapp.Spec, len(ss))
	for i, s := range ss {
		out[i] = dapp.Spec{DType: s.DType.String(), Shape: s.Shape}
	}
	return out
}

// publishModels puts the example models into a model store (the
// sequencer's) and fills in their CIDs.
func publishModels(ctx context.Context, dir string, ms []Model) error {
	st, err := store.Open(dir)
	if err != nil {
		return err
	}
	defer st.Close()
	for i := range ms {
		e, err := st.Publish(ctx, ms[i].file)
		if err != nil {
			return fmt.Errorf("publish %s: %w", ms[i].Name, err)
		}
		ms[i].CID = e.CID
	}
	return nil
}

// CreateChain deploys OP's contracts to cfg's external L1 (Sepolia, say)
// with op-deployer's live target, from the deployer key, and writes the
// chain (L2 genesis, rollup config, models) into cfg's data dir, for Start
// with the same config. It is `aievm devnet deploy-l1`.
func CreateChain(ctx context.Context, cfg Config, lg log.Logger) (*State, error) {
	if cfg.L1RPC == "" {
		return nil, fmt.Errorf("deploy-l1: no L1 RPC")
	}
	cfg.ForExternalL1()
	if err := cfg.check(); err != nil { // keys of its own: what it deploys is fixed for good
		return nil, fmt.Errorf("deploy-l1: %w", err)
	}
	k, err := newKeys(cfg)
	if err != nil {
		return nil, err
	}
	d := &Devnet{cfg: cfg, keys: k, log: lg}
	if _, err := os.Stat(d.path(stateFile)); err == nil {
		return nil, fmt.Errorf("deploy-l1: %s already holds a chain", cfg.DataDir)
	}
	if err := os.MkdirAll(cfg.DataDir, 0o755); err != nil {
		return nil, err
	}
	if err := d.checkL1ChainID(ctx); err != nil {
		return nil, fmt.Errorf("deploy-l1: %w", err)
	}
	c, err := opdeploy.Deploy(ctx, d.opParams(0), cfg.L1RPC, k.deployer, quietLog(lg))
	if err != nil {
		return nil, fmt.Errorf("deploy-l1: %w", err)
	}
	if err := d.addAIGenesis(ctx, c); err != nil {
		return nil, err
	}
	if err := d.finishChain(ctx); err != nil {
		return nil, fmt.Errorf("deploy-l1: %w", err)
	}
	// On a public L1 nothing is minted on L2: the deployer deposits the ETH
	// that publishing the example models costs on L2, as any user would.
	if err := d.deposit(ctx, k.deployer, publishFunds()); err != nil {
		return nil, fmt.Errorf("deploy-l1: %w", err)
	}
	return d.state, nil
}

// checkL1ChainID refuses an L1 whose chain id is not the config's: the
// deployment's transactions would be signed for another chain.
func (d *Devnet) checkL1ChainID(ctx context.Context) error {
	l1, err := ethclient.DialContext(ctx, d.L1RPC())
	if err != nil {
		return fmt.Errorf("L1: %w", err)
	}
	defer l1.Close()
	id, err := l1.ChainID(ctx)
	if err != nil {
		return fmt.Errorf("L1 chain id: %w", err)
	}
	if id.Uint64() != d.cfg.L1ChainID {
		return fmt.Errorf("the L1 at %s has chain id %d, the config says %d (--l1-chain-id)", d.L1RPC(), id, d.cfg.L1ChainID)
	}
	return nil
}

// publishFunds is what the deployer deposits to publish the example models
// on a public chain's L2: 0.05 ETH.
func publishFunds() *big.Int { return new(big.Int).Mul(big.NewInt(5), big.NewInt(1e16)) }

// deposit sends value from key's L1 account to the same account on L2
// through OptimismPortal2.
func (d *Devnet) deposit(ctx context.Context, key *ecdsa.PrivateKey, value *big.Int) error {
	l1, err := ethclient.DialContext(ctx, d.L1RPC())
	if err != nil {
		return fmt.Errorf("L1: %w", err)
	}
	defer l1.Close()
	a, err := bindingspreview.OptimismPortal2MetaData.GetAbi()
	if err != nil {
		return err
	}
	data, err := a.Pack("depositTransaction", chain.Address(key), value, uint64(100_000), false, []byte{})
	if err != nil {
		return err
	}
	portal := d.state.Contracts.OptimismPortal
	if _, err := ethtx.Send(ctx, l1, key, ethtx.Tx{To: &portal, Data: data, Value: value}, 5*time.Minute); err != nil {
		return fmt.Errorf("deposit to L2: %w", err)
	}
	return nil
}

// quietLog is lg for op-deployer, whose script host warns of every revert
// its scripts expect: errors only.
func quietLog(lg log.Logger) log.Logger {
	h := log.NewGlogHandler(lg.Handler())
	h.Verbosity(log.LevelError)
	return log.NewLogger(h).New("svc", "op-deployer")
}

// opParams are op-deployer's choices for this devnet, its L1 and L2
// starting at genesisTime.
func (d *Devnet) opParams(genesisTime uint64) opdeploy.Params {
	k := d.keys
	funds := map[common.Address]*big.Int{}
	for _, key := range append([]*ecdsa.PrivateKey{k.deployer, k.batcher, k.proposer, k.challenger, k.dishonest, k.faultChallenger}, k.users...) {
		funds[chain.Address(key)] = devBalance()
	}
	return opdeploy.Params{Artifacts: d.cfg.OPContracts, L1ChainID: d.cfg.L1ChainID, L2ChainID: d.cfg.L2ChainID,
		L2BlockTime: d.cfg.L2BlockTime, GasLimit: d.cfg.GasLimit, L1GasLimit: d.cfg.devL1GasLimit(), GenesisTime: genesisTime, Deployer: chain.Address(k.deployer),
		Roles: opdeploy.Roles{Admin: chain.Address(k.deployer), Batcher: chain.Address(k.batcher), Proposer: chain.Address(k.proposer),
			Challenger: chain.Address(k.challenger), UnsafeSigner: chain.Address(k.sequencer), FeeRecipient: chain.Address(k.deployer)},
		Games: d.cfg.Games, L1Funds: funds,
		// Sequencing window and channel timeout as on OP mainnet, scaled
		// down for the dev L1; on a public L1 OP's own (3600 L1 blocks: 12
		// hours; 300 L1 blocks, Granite's protocol constant of 50 aside).
		SequencerWindow: d.sequencerWindow(), MaxSequencerDrift: 600, ChannelTimeout: d.channelTimeout()}
}

// channelTimeout is the L1 blocks a channel's frames may span (before
// Granite; from Granite on the protocol fixes it at 50).
func (d *Devnet) channelTimeout() uint64 {
	if d.cfg.L1RPC != "" {
		return 300
	}
	return 50
}

// sequencerWindow is the L1 blocks a batch may land after its L1 origin.
func (d *Devnet) sequencerWindow() uint64 {
	if d.cfg.L1RPC != "" {
		return 3600
	}
	return 100
}

// createGenesis makes the chain on the first start of the local devnet:
// op-deployer deploys OP's contracts into the L1 genesis and writes the L2
// genesis with OP's predeploys; addAIGenesis adds ours. finishChain
// completes the chain once L1 runs.
func (d *Devnet) createGenesis(ctx context.Context) error {
	c, err := opdeploy.Genesis(ctx, d.opParams(uint64(time.Now().Unix())), quietLog(d.log))
	if err != nil {
		return err
	}
	if err := d.addAIGenesis(ctx, c); err != nil {
		return err
	}
	d.l1Gen = c.L1
	return writeJSON(d.path(l1GenesisFile), c.L1)
}

// addAIGenesis adds the AI EVM's parts to an L2 genesis from op-deployer:
// the ModelRegistry predeploy with the example models registered (and
// published to the sequencer's model store), the demo Classifier and the
// dev accounts, whose ETH the dev L1's portal backs. It writes the L2
// genesis and the rollup config.
func (d *Devnet) addAIGenesis(ctx context.Context, c *opdeploy.Chain) error {
	ms, err := exampleModels()
	if err != nil {
		return err
	}
	if err := publishModels(ctx, aigethproc.ModelDir(d.path("sequencer")), ms); err != nil {
		return err
	}
	k := d.keys
	var reg []aigeth.GenesisModel
	for _, m := range ms {
		reg = append(reg, aigeth.GenesisModel{Address: m.addr, CID: m.CID, Size: uint64(len(m.file)),
			MACs: m.Cost.MACs, FloatOps: m.Cost.FloatOps, IntOps: m.Cost.IntOps, Registrant: chain.Address(k.deployer)})
	}
	if err := c.SetPredeploy(aigeth.DefaultRegistry, common.FromHex(bindings.ModelRegistryRuntime), aigeth.RegistryPredeploy(reg...).Storage); err != nil {
		return err
	}
	alloc := types.GenesisAlloc{DemoAddress: {Balance: new(big.Int), Code: common.FromHex(bindings.ClassifierRuntime)}}
	for _, u := range k.users {
		alloc[chain.Address(u)] = types.Account{Balance: devBalance()}
	}
	if d.cfg.Attest { // seed-derived keys: only on the local devnet (check refuses them elsewhere)
		for _, a := range attestAccounts(d.cfg.Seed, k.deployer) {
			alloc[a] = types.Account{Balance: devBalance()}
		}
	} else if c.L1 != nil {
		alloc[chain.Address(k.deployer)] = types.Account{Balance: devBalance()} // it publishes the example models
	}
	if err := c.AddAccounts(alloc); err != nil {
		return err
	}
	if c.L1 != nil { // a dev L1: its portal backs the dev accounts' L2 ETH, so they can withdraw it
		minted := new(big.Int)
		for _, acc := range alloc {
			minted.Add(minted, acc.Balance)
		}
		if err := c.BackL2Funds(minted); err != nil {
			return err
		}
	}
	if err := writeJSON(d.path(l2GenesisFile), c.L2); err != nil {
		return err
	}
	if err := writeJSON(d.path(rollupFile), c.Rollup); err != nil {
		return err
	}
	d.rollup = c.Rollup
	d.state = &State{Contracts: c.Contracts, Demo: DemoAddress, Registry: aigeth.DefaultRegistry, Models: ms, L2Genesis: c.Rollup.Genesis.L2.Hash}
	return nil
}

// finishChain completes a new chain on its running L1: it builds the
// chain's fault-proof program and prestate, makes the L2 genesis output root
// the starting anchor (opdeploy.SetStartingAnchor), registers the output
// game of the configured type with that prestate as the respected one
// (opdeploy.EnableOutputGames) and deploys the opML InferenceOracle, then
// writes the state: its presence means the chain exists.
func (d *Devnet) finishChain(ctx context.Context) error {
	l1, err := ethclient.DialContext(ctx, d.L1RPC())
	if err != nil {
		return fmt.Errorf("L1: %w", err)
	}
	defer l1.Close()
	k := d.keys
	pre, err := d.prestate(ctx)
	if err != nil {
		return err
	}
	d.state.Prestate = pre.Hash
	var l2 core.Genesis
	if err := readJSON(d.path(l2GenesisFile), &l2); err != nil {
		return err
	}
	anchor, err := opdeploy.GenesisOutputRoot(&l2)
	if err != nil {
		return err
	}
	if err := opdeploy.SetStartingAnchor(ctx, l1, k.deployer, d.cfg.OPContracts, d.state.Contracts, anchor); err != nil {
		return err
	}
	err = opdeploy.EnableOutputGames(ctx, l1, k.deployer, d.cfg.OPContracts, d.opParams(0), d.state.Contracts,
		opdeploy.OutputGames{Type: d.cfg.FaultProof.GameType, Bond: d.cfg.outputBond(), AbsolutePrestate: pre.Hash})
	if err != nil {
		return err
	}
	oracle, err := fraudproof.Deploy(ctx, l1, k.deployer, d.cfg.oracleParams())
	if err != nil {
		return fmt.Errorf("InferenceOracle: %w", err)
	}
	d.state.Oracle = *oracle
	return writeJSON(d.path(stateFile), d.state)
}

// outputBond is the proposer's bond per output game: the config's, else
// 0.08 ETH, OP mainnet's (check has refused a value that does not parse).
func (c *Config) outputBond() *big.Int {
	if b, ok := new(big.Int).SetString(c.OutputBond, 10); ok {
		return b
	}
	return new(big.Int).Mul(big.NewInt(8), big.NewInt(1e16))
}

// ReadState reads the state of the chain in a devnet data dir (its
// contracts and models), for tools that act on a running devnet.
func ReadState(dataDir string) (*State, error) {
	var st State
	if err := readJSON(filepath.Join(dataDir, stateFile), &st); err != nil {
		return nil, err
	}
	return &st, nil
}

// loadChain reads what finishChain wrote. It returns os.ErrNotExist
// (wrapped) before the first start.
func (d *Devnet) loadChain() error {
	var st State
	if err := readJSON(d.path(stateFile), &st); err != nil {
		return err
	}
	if st.Contracts.DisputeGameFactory == (common.Address{}) || st.Prestate == (common.Hash{}) {
		return fmt.Errorf("devnet: %s holds a chain made before OP's standard contracts and fault proofs: remove the data dir to start a new one", d.cfg.DataDir)
	}
	var rc rollup.Config
	if err := readJSON(d.path(rollupFile), &rc); err != nil {
		return err
	}
	d.state, d.rollup = &st, &rc
	return nil
}

// l1Genesis reads the persisted L1 genesis.
func (d *Devnet) l1Genesis() (*core.Genesis, error) {
	var g core.Genesis
	if err := readJSON(d.path(l1GenesisFile), &g); err != nil {
		return nil, err
	}
	return &g, nil
}

// devBalance is 10,000 ETH.
func devBalance() *big.Int { return new(big.Int).Mul(big.NewInt(10_000), big.NewInt(1e18)) }

func writeJSON(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Errorf("encode %s: %w", path, err)
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

func readJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}
