package devnet

import (
	"context"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/log"
	"github.com/ethereum/go-ethereum/params"

	"github.com/aievm/aievm/op-node-ext/opdeploy"
)

// L1Options configure a standalone L1.
type L1Options struct {
	DataDir     string
	Host        string // listen host (loopback)
	Ports       Ports  // L1RPC and L1Beacon are used; zero: any free port
	OPContracts string // OP's compiled contracts (make op-contracts)
	ChainID     uint64
	BlockTime   uint64                      // seconds
	Funds       map[common.Address]*big.Int // genesis balances
	// Rules adjust the genesis (nil: as it is), e.g. to stand in for a
	// public L1's chain id and forks.
	Rules func(*core.Genesis)
}

// StartL1 starts the devnet's L1 alone: a geth dev chain with a fake beacon
// API, blocks every BlockTime seconds, whose genesis (op-deployer's dev
// genesis, which also holds the CREATE2 deployer live deployments use)
// funds Funds. It is the L1 for `aievm devnet deploy-l1` and for services
// run as separate processes (docs/operators.md), standing in for a public
// L1. Close stops it.
func StartL1(ctx context.Context, o L1Options, lg log.Logger) (*Devnet, error) {
	d := &Devnet{cfg: Config{DataDir: o.DataDir, Host: o.Host, L1BlockTime: o.BlockTime, Ports: o.Ports}, log: lg}
	if err := d.cfg.Ports.fill(d.cfg.Host); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(o.DataDir, 0o755); err != nil {
		return nil, err
	}
	other := common.HexToAddress("0x5a0d")
	base, err := opdeploy.Genesis(ctx, opdeploy.Params{Artifacts: o.OPContracts, L1ChainID: o.ChainID, L2ChainID: o.ChainID + 1, L2BlockTime: 1,
		GasLimit: 30_000_000, GenesisTime: uint64(time.Now().Unix()), Deployer: other,
		Roles: opdeploy.Roles{Admin: other, Batcher: other, Proposer: other, Challenger: other, UnsafeSigner: other, FeeRecipient: other},
		Games: opdeploy.DevGames(), L1Funds: o.Funds}, quietLog(lg))
	if err != nil {
		return nil, fmt.Errorf("L1 genesis: %w", err)
	}
	if o.Rules != nil {
		o.Rules(base.L1)
	}
	if err := writeJSON(d.path(l1GenesisFile), base.L1); err != nil {
		return nil, err
	}
	if err := d.startL1(); err != nil {
		d.Close()
		return nil, err
	}
	return d, nil
}

// L1Beacon is the L1's beacon API URL.
func (d *Devnet) L1Beacon() string { return d.beaconURL() }

// L1ChainConfig is the L1's chain config (op-node's --rollup.l1-chain-config
// for an L1 it does not know by chain id).
func (d *Devnet) L1ChainConfig() *params.ChainConfig { return d.l1Gen.Config }

// WriteL1ChainConfig writes the L1's chain config as JSON to path.
func (d *Devnet) WriteL1ChainConfig(path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return writeJSON(path, d.l1Gen.Config)
}
