package opdeploy

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"encoding/json"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"time"

	"github.com/ethereum-optimism/optimism/op-challenger/game/fault/contracts/gameargs"
	"github.com/ethereum-optimism/optimism/op-service/eth"
	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"

	"github.com/aievm/aievm/internal/ethtx"
)

// OutputGameType is OP's PermissionedDisputeGame: a game over an L2 output
// root at an L2 block number, which only the proposer may create and only
// the challenger may challenge.
const OutputGameType = 1

// OutputGames configure the output-root games.
type OutputGames struct {
	// Bond is what the proposer posts with each game (back to it once the
	// game resolves in its favour and DelayedWETH's delay has passed).
	Bond *big.Int
	// AbsolutePrestate is the fault-proof VM's starting state that a
	// bisection of the game ends in. Until op-program and Cannon run the AI
	// EVM it is a placeholder: a permissioned game then resolves by its
	// clock alone (a challenge cannot reach a provable step).
	AbsolutePrestate common.Hash
}

// NoPrestate is the devnet's placeholder absolute prestate (see OutputGames).
var NoPrestate = common.HexToHash("0x03" + "00000000000000000000000000000000000000000000000000000000000000")

// EnableOutputGames registers PermissionedDisputeGame (type 1) in the
// chain's DisputeGameFactory with its arguments and bond, and makes it the
// game type the AnchorStateRegistry and OptimismPortal2 respect, so
// op-proposer's output games back withdrawals. op-deployer cannot do it:
// the OP contracts it deploys (optimism v1.19.6) start every chain on super-
// root games (type 5) and refuse type 1 as the first respected type. The
// admin sends the transactions as the factory's owner (the L1 proxy admin
// owner) and the superchain guardian.
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
	calls := []struct {
		to   common.Address
		abi  *abi.ABI
		sig  string
		args []any
	}{
		{c.DisputeGameFactory, dgf, "setImplementation(uint32,address,bytes)", []any{uint32(OutputGameType), c.PermissionedDisputeGame, args.PackPermissioned()}},
		{c.DisputeGameFactory, dgf, "setInitBond(uint32,uint256)", []any{uint32(OutputGameType), g.Bond}},
		{c.AnchorStateRegistry, asr, "setRespectedGameType(uint32)", []any{uint32(OutputGameType)}},
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
	for _, m := range a.Methods {
		if m.Sig == sig {
			in, err := m.Inputs.Pack(args...)
			if err != nil {
				return nil, fmt.Errorf("opdeploy: %s: %w", sig, err)
			}
			return append(m.ID, in...), nil
		}
	}
	return nil, fmt.Errorf("opdeploy: the ABI has no %s", sig)
}
