package chain

import (
	"context"
	"crypto/ecdsa"
	"fmt"
	"math/big"

	"github.com/ethereum-optimism/optimism/op-chain-ops/genesis"
	"github.com/ethereum-optimism/optimism/op-service/eth"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/ethclient"

	"github.com/aievm/aievm/contracts/bindings"
	"github.com/aievm/aievm/internal/ethtx"
)

// L1Contracts are the rollup's contracts on L1.
type L1Contracts struct {
	SystemConfig   common.Address `json:"systemConfig"`
	OptimismPortal common.Address `json:"optimismPortal"`
	L2OutputOracle common.Address `json:"l2OutputOracle"`
}

// NewL1Genesis is a local L1 dev chain (Prague from genesis, blocks every
// blockTime seconds under a fake beacon) with the given accounts funded.
func NewL1Genesis(chainID uint64, blockTime uint64, funded []common.Address, balance *big.Int) (*core.Genesis, error) {
	zero := uint64(0)
	g, err := genesis.NewL1GenesisMinimal(&genesis.DevL1DeployConfigMinimal{
		L1ChainID: eth.ChainIDFromUInt64(chainID), L1PragueTimeOffset: &zero,
		DevL1DeployConfig: genesis.DevL1DeployConfig{L1BlockTime: blockTime},
	})
	if err != nil {
		return nil, fmt.Errorf("L1 genesis: %w", err)
	}
	if g.Alloc == nil {
		g.Alloc = types.GenesisAlloc{}
	}
	for _, a := range funded {
		g.Alloc[a] = types.Account{Balance: balance}
	}
	return g, nil
}

// DeployL1Base deploys SystemConfig (recording the unsafe-block signer and
// the batcher) and OptimismPortal from the deployer key. They must exist
// before the L2 genesis picks its L1 origin.
func DeployL1Base(ctx context.Context, l1 *ethclient.Client, deployer *ecdsa.PrivateKey, unsafeSigner, batcher common.Address) (sys, portal common.Address, err error) {
	sys, err = ethtx.Deploy(ctx, l1, deployer, "SystemConfig", bindings.SystemConfigMetaData.Bin, bindings.NewSystemConfig().PackConstructor(unsafeSigner, batcher))
	if err != nil {
		return
	}
	portal, err = ethtx.Deploy(ctx, l1, deployer, "OptimismPortal", bindings.OptimismPortalMetaData.Bin, nil)
	return
}

// DeployOutputOracle deploys L2OutputOracle for an L2 chain starting at
// l2Genesis with the given block time, accepting outputs from proposer.
func DeployOutputOracle(ctx context.Context, l1 *ethclient.Client, deployer *ecdsa.PrivateKey, proposer common.Address, l2GenesisTime, l2BlockTime uint64) (common.Address, error) {
	args := bindings.NewL2OutputOracle().PackConstructor(proposer, new(big.Int).SetUint64(l2GenesisTime), new(big.Int).SetUint64(l2BlockTime))
	return ethtx.Deploy(ctx, l1, deployer, "L2OutputOracle", bindings.L2OutputOracleMetaData.Bin, args)
}
