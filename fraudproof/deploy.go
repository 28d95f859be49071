// Package fraudproof plays the opML dispute game of contracts/src/opml: a
// Player watches the InferenceOracle on L1, re-runs every proposed inference
// with the engine, challenges wrong ones and defends its own, bisecting down
// to one step that the L1 verifier re-executes. Deploy puts the oracle and
// its verifiers on a chain.
package fraudproof

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
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
	// BlockTime is the L1's block time: a clock must let a party make every
	// move of the longest game, each a transaction in a block (0: the clock
	// is not checked).
	BlockTime time.Duration
}

// MovesPerSide bounds the moves one party makes in a game: phase 1 bisects
// at most MaxNodes nodes (10 rounds), phase 2 at most 2^50 steps of one
// node (50 rounds; the format's work bound keeps a node's steps far below),
// plus the binding and the step.
const MovesPerSide = 10 + 50 + 2

// Clock sizing: each move is given blocksPerMove blocks (a transaction
// priced out of a block or two, a reorg) and the clock a fixed slack for a
// party's restart.
const (
	blocksPerMove = 4
	clockSlack    = 30 * time.Minute
)

// ClockFor is the clock for an L1 with this block time: every move of the
// longest game at blocksPerMove blocks each, plus half an hour (80 minutes
// on Ethereum's 12-second blocks).
func ClockFor(blockTime time.Duration) time.Duration {
	return MovesPerSide*blocksPerMove*blockTime + clockSlack
}

// MinClock is the least clock a game can be played in at all on this block
// time: one block per move.
func MinClock(blockTime time.Duration) time.Duration { return MovesPerSide * blockTime }

// DefaultParams suit Ethereum's 12-second blocks: 0.1 ETH bonds, a 10-minute
// window and ClockFor(12s) on each clock.
func DefaultParams() Params {
	b := big.NewInt(1e17)
	return Params{ProposeBond: b, ChallengeBond: b, Window: 10 * time.Minute, Clock: ClockFor(12 * time.Second), BlockTime: 12 * time.Second}
}

// Check refuses parameters a game cannot be played under: a clock shorter
// than one block per move of the longest game loses the honest party its
// games on time.
func (p Params) Check() error {
	if p.BlockTime > 0 && p.Clock < MinClock(p.BlockTime) {
		return fmt.Errorf("oracle clock %s is shorter than the longest game needs on %s blocks (%d moves a side: at least %s; ClockFor gives %s)",
			p.Clock, p.BlockTime, MovesPerSide, MinClock(p.BlockTime), ClockFor(p.BlockTime))
	}
	if p.Clock <= 0 || p.Window <= 0 {
		return errors.New("oracle window and clock must be positive")
	}
	return nil
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
	if err := p.Check(); err != nil {
		return nil, err
	}
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
