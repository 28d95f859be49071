package devnet

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"os"
	"path/filepath"

	"github.com/ethereum-optimism/optimism/op-node/rollup"
	"github.com/ethereum-optimism/optimism/op-service/eth"
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
	"github.com/aievm/aievm/opml/examples"
	"github.com/aievm/aievm/opml/examples/iris"
	"github.com/aievm/aievm/opml/model"
)

// DemoAddress is the demo Classifier's predeploy address on L2.
var DemoAddress = common.HexToAddress("0x42000000000000000000000000000000000000a2")

// BatchInbox is where op-batcher sends batches on L1.
func BatchInbox(l2ChainID uint64) common.Address {
	return common.BigToAddress(new(big.Int).Add(new(big.Int).Lsh(big.NewInt(0xff), 152), new(big.Int).SetUint64(l2ChainID)))
}

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
	Contracts chain.L1Contracts `json:"l1Contracts"`
	Demo      common.Address    `json:"demo"`
	Registry  common.Address    `json:"registry"`
	Models    []Model           `json:"models"`
	L2Genesis common.Hash       `json:"l2GenesisHash"`
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
// `aievm devnet deploy-l1`; the local devnet does the same on first start.
func CreateChain(ctx context.Context, cfg Config, lg log.Logger) (*State, error) {
	if cfg.L1RPC == "" {
		return nil, fmt.Errorf("deploy-l1: no L1 RPC")
	}
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
	if err := d.createChain(ctx); err != nil {
		return nil, err
	}
	return d.state, nil
}

// createChain makes the chain on first start: L1 contracts, then the L2
// genesis anchored at the L1 head, then the output oracle for it. It writes
// the genesis files, the rollup config and the state.
func (d *Devnet) createChain(ctx context.Context) error {
	l1, err := ethclient.DialContext(ctx, d.L1RPC())
	if err != nil {
		return fmt.Errorf("L1: %w", err)
	}
	defer l1.Close()
	if id, err := l1.ChainID(ctx); err != nil {
		return fmt.Errorf("L1 chain id: %w", err)
	} else if id.Uint64() != d.cfg.L1ChainID {
		return fmt.Errorf("L1 at %s has chain id %d, the config says %d", d.L1RPC(), id, d.cfg.L1ChainID)
	}
	k := d.keys
	sys, portal, err := chain.DeployL1Base(ctx, l1, k.deployer, chain.Address(k.sequencer), chain.Address(k.batcher))
	if err != nil {
		return err
	}
	head, err := l1.HeaderByNumber(ctx, nil)
	if err != nil {
		return fmt.Errorf("L1 head: %w", err)
	}
	origin := eth.BlockRef{Hash: head.Hash(), Number: head.Number.Uint64(), Time: head.Time, ParentHash: head.ParentHash}

	ms, err := exampleModels()
	if err != nil {
		return err
	}
	if err := publishModels(ctx, aigethproc.ModelDir(d.path("sequencer")), ms); err != nil {
		return err
	}
	var reg []aigeth.GenesisModel
	for _, m := range ms {
		reg = append(reg, aigeth.GenesisModel{Address: m.addr, CID: m.CID, Size: uint64(len(m.file)),
			MACs: m.Cost.MACs, FloatOps: m.Cost.FloatOps, IntOps: m.Cost.IntOps, Registrant: chain.Address(k.deployer)})
	}
	alloc := types.GenesisAlloc{
		aigeth.DefaultRegistry: aigeth.RegistryPredeploy(reg...),
		DemoAddress:            {Balance: new(big.Int), Code: common.FromHex(bindings.ClassifierRuntime)},
	}
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
	contracts := chain.L1Contracts{SystemConfig: sys, OptimismPortal: portal}
	g, rc, err := chain.NewL2(chain.L2Params{L1ChainID: d.cfg.L1ChainID, L2ChainID: d.cfg.L2ChainID, L2BlockTime: d.cfg.L2BlockTime,
		GasLimit: d.cfg.GasLimit, BatchInbox: BatchInbox(d.cfg.L2ChainID), Batcher: chain.Address(k.batcher),
		Contracts: contracts, Alloc: alloc}, origin)
	if err != nil {
		return err
	}
	contracts.L2OutputOracle, err = chain.DeployOutputOracle(ctx, l1, k.deployer, chain.Address(k.proposer), rc.Genesis.L2Time, rc.BlockTime)
	if err != nil {
		return err
	}
	oracle, err := fraudproof.Deploy(ctx, l1, k.deployer, d.cfg.oracleParams())
	if err != nil {
		return fmt.Errorf("InferenceOracle: %w", err)
	}
	st := &State{Contracts: contracts, Demo: DemoAddress, Registry: aigeth.DefaultRegistry, Models: ms, L2Genesis: rc.Genesis.L2.Hash,
		Oracle: *oracle}
	if err := writeJSON(d.path(l2GenesisFile), g); err != nil {
		return err
	}
	if err := writeJSON(d.path(rollupFile), rc); err != nil {
		return err
	}
	// The state last: its presence means the chain exists.
	if err := writeJSON(d.path(stateFile), st); err != nil {
		return err
	}
	d.state, d.rollup = st, rc
	return nil
}

// loadChain reads what createChain wrote. It returns os.ErrNotExist (wrapped)
// before the first start.
func (d *Devnet) loadChain() error {
	var st State
	if err := readJSON(d.path(stateFile), &st); err != nil {
		return err
	}
	var rc rollup.Config
	if err := readJSON(d.path(rollupFile), &rc); err != nil {
		return err
	}
	d.state, d.rollup = &st, &rc
	return nil
}

// l1Genesis returns the persisted L1 genesis, creating it on first start.
func (d *Devnet) l1Genesis() (*core.Genesis, error) {
	var g core.Genesis
	err := readJSON(d.path(l1GenesisFile), &g)
	if err == nil {
		return &g, nil
	}
	if !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	k := d.keys
	funded := []common.Address{chain.Address(k.deployer), chain.Address(k.batcher), chain.Address(k.proposer), chain.Address(k.challenger)}
	for _, u := range k.users {
		funded = append(funded, chain.Address(u))
	}
	gen, err := chain.NewL1Genesis(d.cfg.L1ChainID, d.cfg.L1BlockTime, funded, devBalance())
	if err != nil {
		return nil, err
	}
	return gen, writeJSON(d.path(l1GenesisFile), gen)
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
