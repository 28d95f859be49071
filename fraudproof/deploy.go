// Package fraudproof plays the opML dispute game of contracts/src/opml: a
// Player watches the InferenceOracle on L1, re-runs every proposed inference
// with the engine, challenges wrong ones and defends its own, bisecting down
// to one step that the L1 verifier re-executes. Deploy puts the oracle and
// its verifiers on a chain.
package fraudproof

import (
	"context"
	"crypto/ecdsa"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/aievm/aievm/contracts/bindings"
	"github.com/aievm/aievm/internal/ethtx"
)

// Params are the oracle's constructor arguments.
type Params struct {
	ProposeBond   *big.Int
	ChallengeBond *big.Int
	Window        time.Duration // challenge window of a claim
	Clock         time.Duration // each party's total thinking time in a game
}

// DefaultParams suit a local devnet: 0.1 ETH bonds, a 10-minute window and
// 5 minutes on each clock.
func DefaultParams() Params {
	b := big.NewInt(1e17)
	return Params{ProposeBond: b, ChallengeBond: b, Window: 10 * time.Minute, Clock: 5 * time.Minute}
}

// Contracts are the deployed addresses.
type Contracts struct {
	Oracle     common.Address `json:"oracle"`
	StepsInt   common.Address `json:"stepsInt"`
	StepsFloat common.Address `json:"stepsFloat"`
	StepsMat   common.Address `json:"stepsMat"`
	Reader     common.Address `json:"reader"`
}

// Deploy deploys the step verifiers, the model reader and the oracle.
func Deploy(ctx context.Context, c ethtx.Client, key *ecdsa.PrivateKey, p Params) (*Contracts, error) {
	out := &Contracts{}
	create := func(name, bin string, args []byte) (common.Address, error) {
		return ethtx.Deploy(ctx, c, key, name, bin, args)
	}
	var err error
	if out.StepsInt, err = create("StepsInt", bindings.StepsIntMetaData.Bin, nil); err != nil {
		return nil, err
	}
	if out.StepsFloat, err = create("StepsFloat", bindings.StepsFloatMetaData.Bin, nil); err != nil {
		return nil, err
	}
	if out.StepsMat, err = create("StepsMat", bindings.StepsMatMetaData.Bin, nil); err != nil {
		return nil, err
	}
	if out.Reader, err = create("ModelReader", bindings.ModelReaderMetaData.Bin, nil); err != nil {
		return nil, err
	}
	args := bindings.NewInferenceOracle().PackConstructor(p.ProposeBond, p.ChallengeBond, uint64(p.Window/time.Second),
		uint64(p.Clock/time.Second), out.StepsInt, out.StepsFloat, out.StepsMat, out.Reader)
	if out.Oracle, err = create("InferenceOracle", bindings.InferenceOracleMetaData.Bin, args); err != nil {
		return nil, err
	}
	return out, nil
}
