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
	"github.com/aievm/aievm/model-da/store"
	"github.com/aievm/aievm/op-node-ext/aigethproc"
	"github.com/aievm/aievm/op-node-ext/chain"
	"github.com/aievm/aievm/op-node-ext/opdeploy"
	"github.com/aievm/aievm/opml/examples"
	"github.com/aievm/aievm/opml/examples/iris"
	"github.com/aievm/aievm/opml/model"
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
	addr       model.Address
	file       []byte
}

// State is what the first start decided and every restart reuses.
type State struct {
	// Contracts are OP's L1 contracts, deployed by op-deployer.
	Contracts opdeploy.Contracts `json:"l1Contracts"`
	Demo      common.Address     `json:"demo"`
	Registry  common.Address     `json:"registry"`
	Models    []Model            `json:"models"`
	L2Genesis common.Hash        `json:"l2GenesisHash"`
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
	for _, build := range []func() (*model.Model, error){examples.MLP, examples.CNN, examples.AttestMLP} {
		m, err := build()
		if err != nil {
			return nil, err
		}
		all = append(all, m)
	}
	var out []Model
	for _, m := range all {
		var in []byte
		if m == irisM {
			in = common.FromHex("3333a340000060403333b33fcdcc4c3e") // sepal 5.1 x 3.5, petal 1.4 x 0.2: a setosa
		} else {
			in = examples.SampleBytes(m, 1)
		}
		a := m.Address()
		out = append(out, Model{Name: m.Name, Address: store.FormatAddress(a), OutputSize: precompile.Outputs(m),
			Sample: common.Bytes2Hex(in), Cost: m.Cost, addr: a, file: m.Encode()})
	}
	return out, nil
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

// CreateChain deploys the rollup's L1 contracts to cfg's external L1 with
// the deployer key and writes the chain (genesis, rollup config, models)
// into cfg's data dir, for Start with the same config. It is
// `aievm devnet deploy-l1`.
func CreateChain(ctx context.Context, cfg Config, lg log.Logger) (*State, error) {
	return nil, fmt.Errorf("deploy-l1: not yet on OP's standard contracts (issue 18)")
}

// opParams are op-deployer's choices for this devnet, its L1 and L2
// starting at genesisTime.
func (d *Devnet) opParams(genesisTime uint64) opdeploy.Params {
	k := d.keys
	funds := map[common.Address]*big.Int{}
	for _, key := range append([]*ecdsa.PrivateKey{k.deployer, k.batcher, k.proposer, k.challenger}, k.users...) {
		funds[chain.Address(key)] = devBalance()
	}
	return opdeploy.Params{Artifacts: d.cfg.OPContracts, L1ChainID: d.cfg.L1ChainID, L2ChainID: d.cfg.L2ChainID,
		L2BlockTime: d.cfg.L2BlockTime, GasLimit: d.cfg.GasLimit, GenesisTime: genesisTime, Deployer: chain.Address(k.deployer),
		Roles: opdeploy.Roles{Admin: chain.Address(k.deployer), Batcher: chain.Address(k.batcher), Proposer: chain.Address(k.proposer),
			Challenger: chain.Address(k.challenger), UnsafeSigner: chain.Address(k.sequencer), FeeRecipient: chain.Address(k.deployer)},
		Games: d.cfg.Games, L1Funds: funds,
		// Sequencing window and drift as on OP mainnet, scaled for a dev L1.
		SequencerWindow: 100, MaxSequencerDrift: 600, ChannelTimeout: 50}
}

// createGenesis makes the chain on the first start of the local devnet:
// op-deployer deploys OP's contracts into the L1 genesis and writes the L2
// genesis with OP's predeploys, to which it adds the AI EVM's: the
// ModelRegistry predeploy with the example models registered (published to
// the sequencer's model store), the demo Classifier and the dev accounts.
// It writes the genesis files and the rollup config; finishChain completes
// the chain once L1 runs.
func (d *Devnet) createGenesis(ctx context.Context) error {
	p := d.opParams(uint64(time.Now().Unix()))
	// op-deployer's script host warns of every revert its scripts expect: errors only.
	quiet := log.NewGlogHandler(d.log.Handler())
	quiet.Verbosity(log.LevelError)
	c, err := opdeploy.Genesis(ctx, p, log.NewLogger(quiet).New("svc", "op-deployer"))
	if err != nil {
		return err
	}
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
	} else {
		alloc[chain.Address(k.deployer)] = types.Account{Balance: devBalance()} // it publishes the example models
	}
	if err := c.AddAccounts(alloc); err != nil {
		return err
	}
	for name, v := range map[string]any{l1GenesisFile: c.L1, l2GenesisFile: c.L2, rollupFile: c.Rollup} {
		if err := writeJSON(d.path(name), v); err != nil {
			return err
		}
	}
	d.l1Gen, d.rollup = c.L1, c.Rollup
	d.state = &State{Contracts: c.Contracts, Demo: DemoAddress, Registry: aigeth.DefaultRegistry, Models: ms, L2Genesis: c.Rollup.Genesis.L2.Hash}
	return nil
}

// finishChain completes a new chain on its running L1: it makes OP's
// permissioned output game the respected one (opdeploy.EnableOutputGames)
// and deploys the opML InferenceOracle, then writes the state: its presence
// means the chain exists.
func (d *Devnet) finishChain(ctx context.Context) error {
	l1, err := ethclient.DialContext(ctx, d.L1RPC())
	if err != nil {
		return fmt.Errorf("L1: %w", err)
	}
	defer l1.Close()
	k := d.keys
	err = opdeploy.EnableOutputGames(ctx, l1, k.deployer, d.cfg.OPContracts, d.opParams(0), d.state.Contracts,
		opdeploy.OutputGames{Bond: outputBond(), AbsolutePrestate: opdeploy.NoPrestate})
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

// outputBond is the proposer's bond per output game on the devnet: 0.08 ETH, OP mainnet's.
func outputBond() *big.Int { return new(big.Int).Mul(big.NewInt(8), big.NewInt(1e16)) }

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
	if st.Contracts.DisputeGameFactory == (common.Address{}) {
		return fmt.Errorf("devnet: %s holds a chain made before OP's standard contracts: remove the data dir to start a new one", d.cfg.DataDir)
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
