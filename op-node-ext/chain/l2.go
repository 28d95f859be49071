package chain

import (
	"fmt"

	"github.com/ethereum-optimism/optimism/op-chain-ops/genesis"
	"github.com/ethereum-optimism/optimism/op-node/rollup"
	"github.com/ethereum-optimism/optimism/op-service/eth"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/core/types"
)

// L2Params are the choices that define an AI EVM L2 chain.
type L2Params struct {
	L1ChainID, L2ChainID uint64
	L2BlockTime          uint64 // seconds
	GasLimit             uint64
	BatchInbox           common.Address
	Batcher              common.Address
	Contracts            L1Contracts
	Alloc                types.GenesisAlloc // predeploys and funded accounts
}

// NewL2 returns the L2 genesis (every OP fork through Jovian active from
// block 0, so the inference precompile is live) and the op-node rollup
// config anchored at the L1 block l1Origin.
func NewL2(p L2Params, l1Origin eth.BlockRef) (*core.Genesis, *rollup.Config, error) {
	dc := deployConfig(p)
	g, err := genesis.NewL2Genesis(dc, &l1Origin)
	if err != nil {
		return nil, nil, fmt.Errorf("L2 genesis: %w", err)
	}
	for a, acc := range p.Alloc {
		g.Alloc[a] = acc
	}
	rc, err := dc.RollupConfig(&l1Origin, g.ToBlock().Hash(), 0)
	if err != nil {
		return nil, nil, fmt.Errorf("rollup config: %w", err)
	}
	if err := rc.Check(); err != nil {
		return nil, nil, fmt.Errorf("rollup config: %w", err)
	}
	return g, rc, nil
}

// deployConfig is OP's deploy config for the parts op-node reads. The
// portal and SystemConfig are ours (see contracts/src/rollup).
func deployConfig(p L2Params) *genesis.DeployConfig {
	var dc genesis.DeployConfig
	zero := hexutil.Uint64(0)
	dc.L1ChainID, dc.L2ChainID = p.L1ChainID, p.L2ChainID
	dc.L2BlockTime = p.L2BlockTime
	// Sequencing window and drift as on OP mainnet, scaled for a dev L1.
	dc.MaxSequencerDrift, dc.SequencerWindowSize, dc.ChannelTimeoutBedrock = 600, 100, 50
	dc.BatchInboxAddress = p.BatchInbox
	dc.BatchSenderAddress = p.Batcher
	dc.OptimismPortalProxy = p.Contracts.OptimismPortal
	dc.SystemConfigProxy = p.Contracts.SystemConfig
	dc.L2GenesisBlockGasLimit = hexutil.Uint64(p.GasLimit)
	dc.GasPriceOracleBaseFeeScalar, dc.GasPriceOracleBlobBaseFeeScalar = 1368, 810949
	dc.EIP1559Elasticity, dc.EIP1559Denominator, dc.EIP1559DenominatorCanyon = 6, 50, 250
	for _, f := range []**hexutil.Uint64{&dc.L2GenesisRegolithTimeOffset, &dc.L2GenesisCanyonTimeOffset, &dc.L2GenesisDeltaTimeOffset,
		&dc.L2GenesisEcotoneTimeOffset, &dc.L2GenesisFjordTimeOffset, &dc.L2GenesisGraniteTimeOffset,
		&dc.L2GenesisHoloceneTimeOffset, &dc.L2GenesisIsthmusTimeOffset, &dc.L2GenesisJovianTimeOffset} {
		*f = &zero
	}
	return &dc
}
