// Package evm runs the dispute game's contracts in an in-memory EVM (geth's
// core/vm/runtime): the one-step verifiers, the model reader and the twin
// harness. Provers use it to find the leaves a step reads (the verifier names
// each missing leaf in its revert), tests use it to check the Solidity twins
// against the Go engine and to measure gas, without a chain.
package evm

import (
	"errors"
	"fmt"
	"math"
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/state"
	"github.com/ethereum/go-ethereum/core/tracing"
	"github.com/ethereum/go-ethereum/core/vm"
	"github.com/ethereum/go-ethereum/core/vm/runtime"
	"github.com/ethereum/go-ethereum/params"
	"github.com/holiman/uint256"

	"github.com/aievm/aievm/contracts/bindings"
)

// GasLimit is the gas one call may use: a block's worth on L1.
const GasLimit = 30_000_000

// EVM holds the verifier contracts. It is not safe for concurrent use.
type EVM struct {
	cfg *runtime.Config
	// Addresses of the deployed contracts.
	StepsInt, StepsFloat, StepsMat, Reader, Twins common.Address
}

// New deploys the step verifiers, the model reader and the twin harness.
func New() (*EVM, error) {
	db, err := state.New(common.Hash{}, state.NewDatabaseForTesting())
	if err != nil {
		return nil, err
	}
	cfg := &runtime.Config{
		ChainConfig: params.MergedTestChainConfig,
		State:       db,
		GasLimit:    GasLimit,
		BlockNumber: big.NewInt(1),
		Time:        1,
		Origin:      common.HexToAddress("0xa1a1"),
	}
	db.SetBalance(cfg.Origin, uint256.NewInt(math.MaxUint64), tracing.BalanceChangeUnspecified)
	e := &EVM{cfg: cfg}
	for _, c := range []struct {
		addr *common.Address
		bin  string
		name string
	}{
		{&e.StepsInt, bindings.StepsIntMetaData.Bin, "StepsInt"},
		{&e.StepsFloat, bindings.StepsFloatMetaData.Bin, "StepsFloat"},
		{&e.StepsMat, bindings.StepsMatMetaData.Bin, "StepsMat"},
		{&e.Reader, bindings.ModelReaderMetaData.Bin, "ModelReader"},
		{&e.Twins, bindings.TwinsMetaData.Bin, "Twins"},
	} {
		_, addr, _, err := runtime.Create(common.FromHex(c.bin), cfg)
		if err != nil {
			return nil, fmt.Errorf("deploy %s: %w", c.name, err)
		}
		*c.addr = addr
	}
	return e, nil
}

// Revert is a call that reverted, with its return data (a custom error or
// Error(string)).
type Revert struct{ Data []byte }

func (r *Revert) Error() string { return fmt.Sprintf("execution reverted (0x%x)", r.Data) }

// Call runs input against the contract at to and returns its output and gas used.
func (e *EVM) Call(to common.Address, input []byte) ([]byte, uint64, error) {
	out, left, err := runtime.Call(to, input, e.cfg)
	used := e.cfg.GasLimit - left
	if errors.Is(err, vm.ErrExecutionReverted) {
		return nil, used, &Revert{Data: out}
	}
	return out, used, err
}
