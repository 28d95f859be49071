package opdeploy

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"time"

	"github.com/ethereum-optimism/optimism/op-challenger/game/fault/contracts/gameargs"
	"github.com/ethereum-optimism/optimism/op-node/rollup"
	"github.com/ethereum-optimism/optimism/op-service/eth"
	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core"

	"github.com/aievm/aievm/internal/ethtx"
)

// Output-root game types (the DisputeGameFactory's game types): games over
// an L2 output root at an L2 block number.
const (
	// CannonGameType is OP's FaultDisputeGame: anyone may propose or
	// challenge; a bisection ends in one step of the MIPS64 VM (Cannon)
	// running the fault-proof program on L1.
	CannonGameType = 0
	// PermissionedGameType is PermissionedDisputeGame: only the proposer
	// may create one and only the challenger may challenge it.
	PermissionedGameType = 1
)

// superRootGameType is SuperPermissionedDisputeGame, op-deployer's first game.
const superRootGameType = 5

// OutputGames configure the output-root games.
type OutputGames struct {
	// Type is the game type made respected: CannonGameType or
	// PermissionedGameType.
	Type uint32
	// Bond is what the proposer posts with each game. The proposer can claim
	// it back (the game's claimCredit) once the game has resolved in its
	// favour and DelayedWETH's delay has passed; the devnet does not.
	Bond *big.Int
	// AbsolutePrestate is the fault-proof VM's starting state that a
	// bisection of the game ends in: the fault-proof program's Cannon state
	// at step 0 (fraudproof/prestate).
	AbsolutePrestate common.Hash
}

// EnableOutputGames registers the output game of type g.Type in the chain's
// DisputeGameFactory with its arguments (the absolute prestate, MIPS64, the
// AnchorStateRegistry, DelayedWETH, the chain id, and for a permissioned
// game the proposer and challenger) and bond, and makes it the game type
// the AnchorStateRegistry and OptimismPortal2 respect, so op-proposer's
// games back withdrawals. It retires the super-root game op-deployer set
// up (type 5, which resolves as it is created): it unregisters it and moves
// the registry's retirement timestamp to now, so no game made before, of
// any type, can back a withdrawal. op-deployer cannot do it: the OP
// contracts it deploys (optimism v1.19.6) start every chain on super-root
// games (type 5). The admin sends the transactions as the factory's owner
// (the L1 proxy admin owner) and the superchain guardian.
func EnableOutputGames(ctx context.Context, l1 ethtx.Client, admin *ecdsa.PrivateKey, artifactsDir string, p Params, c Contracts, g OutputGames) error {
	dgf, err := loadABI(artifactsDir, "DisputeGameFactory")
	if err != nil {
		return err
	}
	asr, err := loadABI(artifactsDir, "AnchorStateRegistry")
	if err != nil {
		return err
	}
	args := gameargs.GameArgs{AbsolutePrestate: g.AbsolutePrestate, Vm: c.MIPS, AnchorStateRegistry: c.AnchorStateRegistry,
		Weth: c.DelayedWETH, L2ChainID: eth.ChainIDFromUInt64(p.L2ChainID), Proposer: p.Roles.Proposer, Challenger: p.Roles.Challenger}
	impl, packed := c.FaultDisputeGame, args.PackPermissionless()
	switch g.Type {
	case CannonGameType:
	case PermissionedGameType:
		impl, packed = c.PermissionedDisputeGame, args.PackPermissioned()
	default:
		return fmt.Errorf("opdeploy: game type %d is not an output game this chain sets up (0 cannon, 1 permissioned)", g.Type)
	}
	if impl == (common.Address{}) || g.AbsolutePrestate[0] != 3 {
		return fmt.Errorf("opdeploy: game type %d needs its implementation (%s) and an unfinished-VM prestate (%s)", g.Type, impl, g.AbsolutePrestate)
	}
	calls := []struct {
		to   common.Address
		abi  *abi.ABI
		sig  string
		args []any
	}{
		{c.DisputeGameFactory, dgf, "setImplementation(uint32,address,bytes)", []any{g.Type, impl, packed}},
		{c.DisputeGameFactory, dgf, "setInitBond(uint32,uint256)", []any{g.Type, g.Bond}},
		{c.DisputeGameFactory, dgf, "setImplementation(uint32,address)", []any{uint32(superRootGameType), common.Address{}}},
		{c.DisputeGameFactory, dgf, "setInitBond(uint32,uint256)", []any{uint32(superRootGameType), new(big.Int)}},
		{c.AnchorStateRegistry, asr, "setRespectedGameType(uint32)", []any{g.Type}},
		{c.AnchorStateRegistry, asr, "updateRetirementTimestamp()", nil},
	}
	for _, call := range calls {
		data, err := pack(call.abi, call.sig, call.args...)
		if err != nil {
			return err
		}
		to := call.to
		if _, err := ethtx.Send(ctx, l1, admin, ethtx.Tx{To: &to, Data: data}, 2*time.Minute); err != nil {
			return fmt.Errorf("opdeploy: %s: %w", call.sig, err)
		}
	}
	return nil
}

// loadABI reads a contract's ABI from its Foundry-layout artifact.
func loadABI(dir, name string) (*abi.ABI, error) {
	f, err := os.Open(filepath.Join(dir, "forge-artifacts", name+".sol", name+".json"))
	if err != nil {
		return nil, fmt.Errorf("opdeploy: %s artifact: %w", name, err)
	}
	defer f.Close()
	var art struct {
		ABI json.RawMessage `json:"abi"`
	}
	if err := json.NewDecoder(f).Decode(&art); err != nil {
		return nil, fmt.Errorf("opdeploy: %s artifact: %w", name, err)
	}
	a, err := abi.JSON(bytes.NewReader(art.ABI))
	if err != nil {
		return nil, fmt.Errorf("opdeploy: %s ABI: %w", name, err)
	}
	return &a, nil
}

// pack encodes a call to the method with signature sig (overloads differ
// only by it).
func pack(a *abi.ABI, sig string, args ...any) ([]byte, error) {
	m, err := method(a, sig)
	if err != nil {
		return nil, err
	}
	in, err := m.Inputs.Pack(args...)
	if err != nil {
		return nil, fmt.Errorf("opdeploy: %s: %w", sig, err)
	}
	return append(m.ID, in...), nil
}

// method is the ABI's method with signature sig.
func method(a *abi.ABI, sig string) (abi.Method, error) {
	for _, m := range a.Methods {
		if m.Sig == sig {
			return m, nil
		}
	}
	return abi.Method{}, fmt.Errorf("opdeploy: the ABI has no %s", sig)
}

// OutputGameSetup is what the chain's L1 contracts say of its games.
type OutputGameSetup struct {
	Respected    uint32         // the game type OptimismPortal2 respects
	Output       common.Address // the respected type's implementation
	SuperRoot    common.Address // the type-5 implementation (zero once retired)
	Args         gameargs.GameArgs
	Bond         *big.Int // the respected type's bond
	RetiredUntil uint64   // games created at or before this time back nothing
}

// ReadOutputGames reads the games' setup from the chain's L1 contracts.
func ReadOutputGames(ctx context.Context, l1 ethereum.ContractCaller, artifactsDir string, c Contracts) (*OutputGameSetup, error) {
	abis := map[string]*abi.ABI{}
	for _, n := range []string{"DisputeGameFactory", "AnchorStateRegistry", "OptimismPortal2"} {
		a, err := loadABI(artifactsDir, n)
		if err != nil {
			return nil, err
		}
		abis[n] = a
	}
	call := func(to common.Address, contract, sig string, args ...any) ([]any, error) {
		m, err := method(abis[contract], sig)
		if err != nil {
			return nil, err
		}
		data, err := pack(abis[contract], sig, args...)
		if err != nil {
			return nil, err
		}
		ret, err := l1.CallContract(ctx, ethereum.CallMsg{To: &to, Data: data}, nil)
		if err != nil {
			return nil, fmt.Errorf("opdeploy: %s.%s: %w", contract, sig, err)
		}
		out, err := m.Outputs.Unpack(ret)
		if err != nil || len(out) == 0 {
			return nil, fmt.Errorf("opdeploy: %s.%s: %d values (%v)", contract, sig, len(out), err)
		}
		return out, nil
	}
	var s OutputGameSetup
	var errs []error
	read := func(dst any, to common.Address, contract, sig string, args ...any) {
		out, err := call(to, contract, sig, args...)
		if err != nil {
			errs = append(errs, err)
			return
		}
		switch d := dst.(type) {
		case *uint32:
			*d, _ = out[0].(uint32)
		case *uint64:
			*d, _ = out[0].(uint64)
		case *common.Address:
			*d, _ = out[0].(common.Address)
		case **big.Int:
			*d, _ = out[0].(*big.Int)
		case *[]byte:
			*d, _ = out[0].([]byte)
		}
	}
	var args []byte
	read(&s.Respected, c.OptimismPortal, "OptimismPortal2", "respectedGameType()")
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	read(&s.Output, c.DisputeGameFactory, "DisputeGameFactory", "gameImpls(uint32)", s.Respected)
	read(&s.SuperRoot, c.DisputeGameFactory, "DisputeGameFactory", "gameImpls(uint32)", uint32(superRootGameType))
	read(&args, c.DisputeGameFactory, "DisputeGameFactory", "gameArgs(uint32)", s.Respected)
	read(&s.Bond, c.DisputeGameFactory, "DisputeGameFactory", "initBonds(uint32)", s.Respected)
	read(&s.RetiredUntil, c.AnchorStateRegistry, "AnchorStateRegistry", "retirementTimestamp()")
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	ga, err := gameargs.Parse(args)
	if err != nil {
		return nil, fmt.Errorf("opdeploy: type-%d game args: %w", s.Respected, err)
	}
	s.Args = ga
	return &s, nil
}

// GenesisOutputRoot is the output root of the L2 genesis block: the anchor
// every output game bisects from until a game has resolved.
func GenesisOutputRoot(l2 *core.Genesis) (common.Hash, error) {
	h := l2.ToBlock().Header()
	if h.WithdrawalsHash == nil {
		return common.Hash{}, errors.New("opdeploy: the L2 genesis has no withdrawals root (Isthmus not active at genesis)")
	}
	root, err := rollup.ComputeL2OutputRootV0(eth.HeaderBlockInfo(h), *h.WithdrawalsHash)
	return common.Hash(root), err
}

// Storage of OP's AnchorStateRegistry (contracts-bedrock's storage layout
// snapshot) and of a proxy (EIP-1967).
var (
	asrStartingRootSlot = common.BigToHash(big.NewInt(3)) // startingAnchorRoot.root; .l2SequenceNumber is slot 4
	eip1967ImplSlot     = common.HexToHash("0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc")
)

// SetStartingAnchor makes the L2 genesis output root the AnchorStateRegistry's
// starting anchor, in place of op-deployer's placeholder (0xdead…): op-deployer
// computes it only for chains deployed with permissionless games, which
// needs the fault-proof prestate before the chain exists, and the prestate
// needs the chain's configs. op-challenger refuses games whose starting
// root is not the true output. As OP's upgrades do, the admin points the
// registry's proxy at the StorageSetter, writes the slot, and points it back.
func SetStartingAnchor(ctx context.Context, l1 interface {
	ethtx.Client
	ethereum.ChainStateReader
	ethereum.ContractCaller
}, admin *ecdsa.PrivateKey, artifactsDir string, c Contracts, root common.Hash) error {
	pa, err := loadABI(artifactsDir, "ProxyAdmin")
	if err != nil {
		return err
	}
	ss, err := loadABI(artifactsDir, "StorageSetter")
	if err != nil {
		return err
	}
	implWord, err := l1.StorageAt(ctx, c.AnchorStateRegistry, eip1967ImplSlot, nil)
	if err != nil {
		return fmt.Errorf("opdeploy: AnchorStateRegistry's implementation: %w", err)
	}
	impl := common.BytesToAddress(implWord)
	if impl == (common.Address{}) || c.StorageSetter == (common.Address{}) || impl == c.StorageSetter {
		// The last: a run that stopped between the two upgrades; the
		// registry must be repaired by hand (upgrade to its implementation).
		return fmt.Errorf("opdeploy: AnchorStateRegistry implementation %s, StorageSetter %s: need both, distinct", impl, c.StorageSetter)
	}
	set, err := pack(ss, "setBytes32(bytes32,bytes32)", asrStartingRootSlot, root)
	if err != nil {
		return err
	}
	steps := []struct {
		sig  string
		args []any
	}{
		{"upgradeAndCall(address,address,bytes)", []any{c.AnchorStateRegistry, c.StorageSetter, set}},
		{"upgrade(address,address)", []any{c.AnchorStateRegistry, impl}},
	}
	for _, st := range steps {
		data, err := pack(pa, st.sig, st.args...)
		if err != nil {
			return err
		}
		to := c.ProxyAdmin
		if _, err := ethtx.Send(ctx, l1, admin, ethtx.Tx{To: &to, Data: data}, 2*time.Minute); err != nil {
			return fmt.Errorf("opdeploy: ProxyAdmin.%s: %w", st.sig, err)
		}
	}
	// Read back what op-challenger will read: the anchor is the root at
	// L2 block 0, and the registry runs its own code again.
	asr, err := loadABI(artifactsDir, "AnchorStateRegistry")
	if err != nil {
		return err
	}
	m, err := method(asr, "getAnchorRoot()")
	if err != nil {
		return err
	}
	to := c.AnchorStateRegistry
	ret, err := l1.CallContract(ctx, ethereum.CallMsg{To: &to, Data: m.ID}, nil)
	if err != nil {
		return fmt.Errorf("opdeploy: AnchorStateRegistry.getAnchorRoot: %w", err)
	}
	out, err := m.Outputs.Unpack(ret)
	if err != nil || len(out) != 2 {
		return fmt.Errorf("opdeploy: AnchorStateRegistry.getAnchorRoot: %d values (%v)", len(out), err)
	}
	got, _ := out[0].([32]byte)
	n, _ := out[1].(*big.Int)
	if common.Hash(got) != root || n == nil || n.Sign() != 0 {
		return fmt.Errorf("opdeploy: the anchor reads %x at L2 block %v after the update, want %s at 0", got, n, root)
	}
	return nil
}
