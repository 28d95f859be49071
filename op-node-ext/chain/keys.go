// Package chain names an AI EVM rollup's roles and derives the devnet's
// dev keys for them.
package chain

import (
	"crypto/ecdsa"
	"fmt"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

// Role names a dev key.
type Role string

// The devnet's roles. Users are prefunded on L1 and L2 for people and tests.
const (
	Deployer   Role = "deployer"    // deploys the L1 contracts; OP's admin roles on the devnet
	Batcher    Role = "batcher"     // op-batcher's L1 account
	Proposer   Role = "proposer"    // op-proposer: creates the output games
	Sequencer  Role = "sequencer"   // the unsafe-block signer recorded in SystemConfig
	Challenger Role = "challenger"  // the output games' challenger and the devnet's opML challenger
	AttestNode Role = "attest-node" // the devnet's attestation node, staked in the L2 Settlement
	Treasury   Role = "treasury"    // receives the Settlement's 10%
	Dishonest  Role = "dishonest"   // the devnet's adversary in output games (dishonest_proposer, tests)
	// FaultChallenger is op-challenger's account on the local devnet: apart
	// from Challenger's, which the opML challenger sends with (one nonce
	// sequence per sender).
	FaultChallenger Role = "fault-challenger"
)

// Validator returns the role of the devnet's attestation validator i.
func Validator(i int) Role { return Role(fmt.Sprintf("validator%d", i)) }

// User returns the role of dev user i.
func User(i int) Role { return Role(fmt.Sprintf("user%d", i)) }

// DevKey derives the dev key of a role from a seed: keccak256(seed "/" role).
// Dev keys are public knowledge; never use them on a public network.
func DevKey(seed string, r Role) *ecdsa.PrivateKey {
	k, err := crypto.ToECDSA(crypto.Keccak256([]byte(seed + "/" + string(r))))
	if err != nil { // a keccak output is a valid key but for ~2^-128 of seeds
		panic(fmt.Sprintf("dev key %s/%s: %v", seed, r, err))
	}
	return k
}

// Address is the account of a key.
func Address(k *ecdsa.PrivateKey) common.Address { return crypto.PubkeyToAddress(k.PublicKey) }
