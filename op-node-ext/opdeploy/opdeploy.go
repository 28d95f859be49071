// Package opdeploy deploys OP's standard contract set for an AI EVM chain
// with op-deployer, from the contracts-bedrock artifacts `make op-contracts`
// compiles: the superchain and implementation contracts and the OP chain
// (OptimismPortal2, SystemConfig, bridges and messengers, DisputeGameFactory,
// AnchorStateRegistry, DelayedWETH) on L1, and the L2 genesis with every
// standard predeploy (L1Block, GasPriceOracle, L2ToL1MessagePasser, bridges,
// fee vaults, ...). Genesis runs op-deployer's genesis target: everything is
// deployed in op-deployer's own script host and comes out as an L1 genesis
// state for a dev L1, with no L1 node and no Foundry.
package opdeploy

import (
	"context"
	"crypto/ecdsa"
	"fmt"
	"math"
	"math/big"
	"path/filepath"
	"time"

	"github.com/ethereum-optimism/optimism/op-chain-ops/addresses"
	"github.com/ethereum-optimism/optimism/op-chain-ops/crossdomain"
	"github.com/ethereum-optimism/optimism/op-chain-ops/genesis"
	"github.com/ethereum-optimism/optimism/op-core/forks"
	"github.com/ethereum-optimism/optimism/op-deployer/pkg/deployer"
	"github.com/ethereum-optimism/optimism/op-deployer/pkg/deployer/artifacts"
	"github.com/ethereum-optimism/optimism/op-deployer/pkg/deployer/inspect"
	"github.com/ethereum-optimism/optimism/op-deployer/pkg/deployer/pipeline"
	"github.com/ethereum-optimism/optimism/op-deployer/pkg/deployer/state"
	"github.com/ethereum-optimism/optimism/op-node/rollup"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/log"
	"github.com/holiman/uint256"
)

// Roles are the chain's keys' addresses, as OP names them.
type Roles struct {
	// Admin owns the L1 proxy admin, SystemConfig and DisputeGameFactory and
	// is the superchain guardian: it can pause withdrawals and set the
	// respected game type. On a public L1 it should be a multisig. The L2
	// proxy admin (every predeploy's, ModelRegistry's included) is owned by
	// its L1→L2 alias, as on OP mainnet: only a deposit from the admin, a
	// contract, can upgrade an L2 predeploy; an EOA admin can never.
	Admin        common.Address
	Batcher      common.Address
	Proposer     common.Address // the only account that may create output games
	Challenger   common.Address // the only account that may challenge them
	UnsafeSigner common.Address // signs unsafe L2 blocks on the P2P network
	FeeRecipient common.Address // receives the L2 fee vaults' balances
}

// Games are the dispute games' shape and clocks and the withdrawal delays
// (times in seconds). OP's defaults are days; a devnet wants minutes.
type Games struct {
	MaxClockDuration        uint64 `toml:"max_clock_duration"`        // a side's chess clock in an output game
	ClockExtension          uint64 `toml:"clock_extension"`           // the least time a side has to answer (doubled at the split depth)
	ProofMaturityDelay      uint64 `toml:"proof_maturity_delay"`      // proven withdrawal -> finalizable
	FinalityDelay           uint64 `toml:"finality_delay"`            // resolved game -> usable for withdrawals (airgap)
	PreimageChallengePeriod uint64 `toml:"preimage_challenge_period"` // PreimageOracle's large-preimage challenge window
	WithdrawalDelay         uint64 `toml:"withdrawal_delay"`          // DelayedWETH's bond withdrawal delay
	// MaxGameDepth and SplitDepth shape FaultDisputeGame: the output
	// bisection covers 2^SplitDepth L2 blocks past the anchor, the
	// execution bisection 2^(MaxGameDepth-SplitDepth-1) VM steps, which
	// must exceed the longest block's trace (fraudproof/README.md).
	MaxGameDepth uint64 `toml:"max_game_depth"`
	SplitDepth   uint64 `toml:"split_depth"`
}

// DevGames are a devnet's: clocks that leave each side time to run Cannon
// on a loaded 2-core machine (at least 60 s per answer, 120 s at the split
// depth, where a side traces a whole block), so a game resolves 150 s after
// its last move and a proven withdrawal is final 2 s after that; the
// output bisection covers 2^20 blocks (12 days of 1-second blocks behind
// the anchor), the execution bisection 2^33 steps. The max depth is even:
// the bottom claims are the proposer's side's, so a challenger defeats a
// wrong root by executing a MIPS step on L1 (with OP's odd 73 a defender
// that played to the bottom loses on time instead, unable to step).
func DevGames() Games {
	return Games{MaxClockDuration: 150, ClockExtension: 60, ProofMaturityDelay: 2, FinalityDelay: 2,
		PreimageChallengePeriod: 1, WithdrawalDelay: 2, MaxGameDepth: 54, SplitDepth: 20}
}

// StandardGames are OP mainnet's (op-deployer's standard values): a game's
// clock is 3.5 days, a withdrawal matures in 7 days, depths 73 and 30.
func StandardGames() Games {
	return Games{MaxClockDuration: 302400, ClockExtension: 10800, ProofMaturityDelay: 604800, FinalityDelay: 302400,
		PreimageChallengePeriod: 86400, WithdrawalDelay: 302400, MaxGameDepth: 73, SplitDepth: 30}
}

// maxGameDepth is FaultDisputeGame's bound (LibPosition's position bits).
const maxGameDepth = 125

// Check applies the bounds the contracts' constructors and initializers
// enforce, so a bad choice fails here with a clear error, not in the script host.
func (g Games) Check() error {
	switch {
	case g.ClockExtension == 0 || g.ProofMaturityDelay == 0 || g.FinalityDelay == 0 || g.PreimageChallengePeriod == 0 || g.WithdrawalDelay == 0:
		return fmt.Errorf("game delays must be positive: %+v", g)
	case g.ClockExtension > math.MaxUint64/4 || g.PreimageChallengePeriod > math.MaxUint64/4:
		return fmt.Errorf("clock extension and preimage challenge period must be below 2^62 s: %+v", g)
	case g.MaxClockDuration < 2*g.ClockExtension || g.MaxClockDuration < g.ClockExtension+g.PreimageChallengePeriod:
		return fmt.Errorf("max clock duration %d s is below max(2 x clock extension, clock extension + preimage challenge period)", g.MaxClockDuration)
	case g.MaxGameDepth > maxGameDepth || g.SplitDepth < 2 || g.SplitDepth+1 >= g.MaxGameDepth:
		return fmt.Errorf("game depths: want 2 <= split depth (%d) < max game depth (%d) - 1 <= %d", g.SplitDepth, g.MaxGameDepth, maxGameDepth-1)
	case g.SplitDepth > 63 || g.MaxGameDepth-g.SplitDepth-1 > 63:
		// Trace indexes of both bisections are uint64 in op-challenger.
		return fmt.Errorf("game depths: the output bisection (%d) and the execution bisection (%d) must each be at most 63 levels", g.SplitDepth, g.MaxGameDepth-g.SplitDepth-1)
	}
	return nil
}

// Params choose the chain.
type Params struct {
	Artifacts   string // directory holding forge-artifacts/ (make op-contracts)
	L1ChainID   uint64
	L2ChainID   uint64
	L2BlockTime uint64 // seconds
	GasLimit    uint64 // L2 block gas limit
	L1GasLimit  uint64 // a dev L1's genesis block gas limit (0: op-deployer's, 30M)
	GenesisTime uint64 // L1 and L2 genesis timestamp
	Roles       Roles
	Games       Games
	// Deployer runs the deployment in op-deployer's script host; on the dev
	// L1 it is just the sender of the deployment's transactions.
	Deployer common.Address
	// L1Funds are the dev L1's funded accounts.
	L1Funds map[common.Address]*big.Int
	// SequencerWindow, MaxSequencerDrift and ChannelTimeout are op-node's
	// derivation windows (L1 blocks, seconds, L1 blocks); zero is OP's default.
	SequencerWindow, MaxSequencerDrift, ChannelTimeout uint64
}

// Chain is what Genesis deployed.
type Chain struct {
	L1        *core.Genesis  // the dev L1's genesis, OP's contracts deployed in it
	L2        *core.Genesis  // the L2 genesis, every OP predeploy in it
	Rollup    *rollup.Config // op-node's config, anchored at L1 and L2 genesis
	Contracts Contracts      // where the contracts are
}

// Contracts are the addresses of the chain's L1 contracts.
type Contracts struct {
	SystemConfig                 common.Address `json:"systemConfig"`
	OptimismPortal               common.Address `json:"optimismPortal"`
	L1StandardBridge             common.Address `json:"l1StandardBridge"`
	L1CrossDomainMessenger       common.Address `json:"l1CrossDomainMessenger"`
	L1ERC721Bridge               common.Address `json:"l1ERC721Bridge"`
	OptimismMintableERC20Factory common.Address `json:"optimismMintableERC20Factory"`
	ETHLockbox                   common.Address `json:"ethLockbox"`
	DisputeGameFactory           common.Address `json:"disputeGameFactory"`
	AnchorStateRegistry          common.Address `json:"anchorStateRegistry"`
	DelayedWETH                  common.Address `json:"delayedWETH"`
	PermissionedDisputeGame      common.Address `json:"permissionedDisputeGameImpl"`
	FaultDisputeGame             common.Address `json:"faultDisputeGameImpl"`
	MIPS                         common.Address `json:"mips"`
	PreimageOracle               common.Address `json:"preimageOracle"`
	StorageSetter                common.Address `json:"storageSetterImpl"`
	ProxyAdmin                   common.Address `json:"proxyAdmin"`
	SuperchainConfig             common.Address `json:"superchainConfig"`
}

// Genesis deploys the chain with op-deployer's genesis target: into the
// genesis of a new dev L1 (Chain.L1).
func Genesis(ctx context.Context, p Params, lg log.Logger) (*Chain, error) {
	st, err := apply(ctx, p, deployer.ApplyPipelineOpts{DeploymentTarget: deployer.DeploymentTargetGenesis, Logger: lg})
	if err != nil {
		return nil, err
	}
	l1 := *st.L1DevGenesis
	l1.StateHash = nil
	l1.Alloc = st.L1StateDump.Data.Accounts
	c, err := chainOf(st, p)
	if err != nil {
		return nil, err
	}
	if got, want := l1.ToBlock().Hash(), c.Rollup.Genesis.L1.Hash; got != want {
		return nil, fmt.Errorf("opdeploy: the L1 genesis hashes to %s, the rollup config anchors at %s", got, want)
	}
	c.L1 = &l1
	return c, nil
}

// Deploy deploys the chain to a running L1 (Sepolia, say) with
// op-deployer's live target: its transactions are sent from key, which must
// be funded there (p.L1Funds is ignored). The L2 genesis is anchored at
// the L1 block op-deployer picks once the contracts are in; Chain.L1 is nil.
func Deploy(ctx context.Context, p Params, l1RPC string, key *ecdsa.PrivateKey, lg log.Logger) (*Chain, error) {
	p.L1Funds = nil
	st, err := apply(ctx, p, deployer.ApplyPipelineOpts{DeploymentTarget: deployer.DeploymentTargetLive, L1RPCUrl: l1RPC,
		DeployerPrivateKey: key, Logger: lg, ReceiptQueryInterval: time.Second})
	if err != nil {
		return nil, err
	}
	return chainOf(st, p)
}

// apply runs op-deployer's pipeline for p with the target opts name.
func apply(ctx context.Context, p Params, opts deployer.ApplyPipelineOpts) (*state.State, error) {
	if err := p.Games.Check(); err != nil {
		return nil, fmt.Errorf("opdeploy: %w", err)
	}
	dir, err := filepath.Abs(p.Artifacts)
	if err != nil {
		return nil, err
	}
	loc, err := artifacts.NewFileLocator(dir)
	if err != nil {
		return nil, fmt.Errorf("opdeploy: artifacts %s: %w", dir, err)
	}
	intent, err := p.intent(loc, opts.DeploymentTarget == deployer.DeploymentTargetGenesis)
	if err != nil {
		return nil, err
	}
	st := &state.State{Version: 1}
	opts.Intent, opts.State, opts.StateWriter = intent, st, pipeline.NoopStateWriter()
	if err := deployer.ApplyPipeline(ctx, opts); err != nil {
		return nil, fmt.Errorf("opdeploy: op-deployer apply (artifacts in %s: run make op-contracts): %w", dir, err)
	}
	return st, nil
}

// chainOf is the L2 genesis, rollup config and addresses of an applied deployment.
func chainOf(st *state.State, p Params) (*Chain, error) {
	id := l2ID(p.L2ChainID)
	l2, rc, err := inspect.GenesisAndRollup(st, id)
	if err != nil {
		return nil, fmt.Errorf("opdeploy: L2 genesis: %w", err)
	}
	cs, err := st.Chain(id)
	if err != nil {
		return nil, err
	}
	return &Chain{L2: l2, Rollup: rc, Contracts: contractsOf(st, cs)}, nil
}

func l2ID(id uint64) common.Hash { return common.BigToHash(new(big.Int).SetUint64(id)) }

// intent is op-deployer's custom intent for one L2 chain, every OP fork
// through Jovian active at genesis (op-geth supports none after it).
func (p Params) intent(loc *artifacts.Locator, devL1 bool) (*state.Intent, error) {
	forkTimes, err := genesis.ForkOverridesAtGenesis(forks.Jovian)
	if err != nil {
		return nil, err
	}
	overrides := map[string]any{"l2BlockTime": p.L2BlockTime, "eip1559DenominatorCanyon": uint64(250)}
	for k, v := range forkTimes {
		overrides[k] = v
	}
	for k, v := range map[string]uint64{"sequencerWindowSize": p.SequencerWindow, "maxSequencerDrift": p.MaxSequencerDrift,
		"channelTimeout": p.ChannelTimeout} {
		if v != 0 {
			overrides[k] = v
		}
	}
	prefund := map[common.Address]*hexutil.U256{}
	for a, v := range p.L1Funds {
		u, overflow := uint256.FromBig(v)
		if overflow {
			return nil, fmt.Errorf("opdeploy: L1 balance of %s overflows", a)
		}
		prefund[a] = (*hexutil.U256)(u)
	}
	zero := uint64(0)
	var l1Dev *state.L1DevGenesisParams
	if devL1 {
		l1Dev = &state.L1DevGenesisParams{
			BlockParams:      state.L1DevGenesisBlockParams{Timestamp: p.GenesisTime, GasLimit: p.L1GasLimit},
			PragueTimeOffset: &zero,
			Prefund:          prefund,
		}
	}
	r := p.Roles
	return &state.Intent{
		ConfigType: state.IntentTypeCustom, L1ChainID: p.L1ChainID, FundDevAccounts: false,
		SuperchainRoles:    &addresses.SuperchainRoles{SuperchainProxyAdminOwner: r.Admin, SuperchainGuardian: r.Admin, Challenger: r.Challenger},
		L1ContractsLocator: loc, L2ContractsLocator: loc,
		GlobalDeployOverrides: map[string]any{
			"faultGameMaxClockDuration": p.Games.MaxClockDuration, "faultGameClockExtension": p.Games.ClockExtension,
			"proofMaturityDelaySeconds": p.Games.ProofMaturityDelay, "disputeGameFinalityDelaySeconds": p.Games.FinalityDelay,
			"preimageOracleChallengePeriod": p.Games.PreimageChallengePeriod, "faultGameWithdrawalDelay": p.Games.WithdrawalDelay,
			"faultGameMaxDepth": p.Games.MaxGameDepth, "faultGameSplitDepth": p.Games.SplitDepth,
		},
		L1DevGenesisParams: l1Dev,
		Chains: []*state.ChainIntent{{
			ID: l2ID(p.L2ChainID), BaseFeeVaultRecipient: r.FeeRecipient, L1FeeVaultRecipient: r.FeeRecipient,
			SequencerFeeVaultRecipient: r.FeeRecipient, OperatorFeeVaultRecipient: r.FeeRecipient,
			Eip1559DenominatorCanyon: 250, Eip1559Denominator: 50, Eip1559Elasticity: 6, GasLimit: p.GasLimit,
			Roles: state.ChainRoles{L1ProxyAdminOwner: r.Admin, L2ProxyAdminOwner: crossdomain.ApplyL1ToL2Alias(r.Admin), SystemConfigOwner: r.Admin,
				UnsafeBlockSigner: r.UnsafeSigner, Batcher: r.Batcher, Proposer: r.Proposer, Challenger: r.Challenger},
			DeployOverrides: overrides,
		}},
	}, nil
}

func contractsOf(st *state.State, cs *state.ChainState) Contracts {
	c := Contracts{
		SystemConfig: cs.SystemConfigProxy, OptimismPortal: cs.OptimismPortalProxy, L1StandardBridge: cs.L1StandardBridgeProxy,
		L1CrossDomainMessenger: cs.L1CrossDomainMessengerProxy, L1ERC721Bridge: cs.L1Erc721BridgeProxy,
		OptimismMintableERC20Factory: cs.OptimismMintableErc20FactoryProxy, ETHLockbox: cs.EthLockboxProxy,
		DisputeGameFactory: cs.DisputeGameFactoryProxy, AnchorStateRegistry: cs.AnchorStateRegistryProxy,
		DelayedWETH: cs.DelayedWethPermissionedGameProxy, ProxyAdmin: cs.OpChainProxyAdminImpl,
	}
	if st.ImplementationsDeployment != nil {
		c.PermissionedDisputeGame = st.ImplementationsDeployment.PermissionedDisputeGameImpl
		c.FaultDisputeGame = st.ImplementationsDeployment.FaultDisputeGameImpl
		c.MIPS = st.ImplementationsDeployment.MipsImpl
		c.PreimageOracle = st.ImplementationsDeployment.PreimageOracleImpl
		c.StorageSetter = st.ImplementationsDeployment.StorageSetterImpl
	}
	if st.SuperchainDeployment != nil {
		c.SuperchainConfig = st.SuperchainDeployment.SuperchainConfigProxy
	}
	return c
}
