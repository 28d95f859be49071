// Command aievm-program is the AI EVM's fault-proof program: OP's op-program
// client with the inference precompile registered, reading models through
// the preimage oracle (fraudproof/modeloracle). Cannon runs it built for
// GOOS=linux GOARCH=mips64 GOMIPS64=softfloat; the L2 chain's rollup config
// and genesis config are compiled in (fraudproof/prestate).
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	preimage "github.com/ethereum-optimism/optimism/op-preimage"
	"github.com/ethereum-optimism/optimism/op-program/client"
	"github.com/ethereum/go-ethereum/common"

	"github.com/aievm/aievm/fraudproof/modeloracle"
	"github.com/aievm/aievm/geth-fork/precompile"
	"github.com/aievm/aievm/opml/model"
)

// registry is the chain's ModelRegistry, the precompile gate's: set at
// build time by fraudproof/prestate (-X main.registry=0x...), so that the
// program and the chain's ai-geth (--ai.registry) gate alike.
var registry = precompile.DefaultRegistry.Hex()

// haltOnFault is the precompile's model source in the program. A model the
// chain made available that the oracle cannot give (preimages that are not
// the model's tree: an impossible answer from an honest host) is not a
// property of the claim, and every exit is a verdict: Cannon records exit 0
// as valid, 1 as invalid and anything else as a panic, which the dispute game
// counts as invalid. So the program never finishes: no trace can be posted
// from it, and no revert the chain did not see is computed.
type haltOnFault struct{ src *modeloracle.Source }

func (h haltOnFault) Model(ctx context.Context, addr model.Address) (*model.Model, error) {
	m, err := h.src.Model(ctx, addr)
	if err != nil && !errors.Is(err, model.ErrInvalid) {
		fmt.Fprintln(os.Stderr, "aievm-program: cannot read a model the chain made available; not finishing:", err)
		for {
		}
	}
	return m, err
}

func main() {
	src := modeloracle.NewSource(preimage.NewOracleClient(preimage.ClientPreimageChannel()),
		preimage.NewHintWriter(preimage.ClientHinterChannel()))
	if !common.IsHexAddress(registry) {
		fmt.Fprintf(os.Stderr, "aievm-program: built with registry %q, not an address\n", registry)
		os.Exit(2)
	}
	p := precompile.New(haltOnFault{src}, precompile.DefaultGas, time.Minute).WithRegistry(common.HexToAddress(registry), nil)
	if err := precompile.Register(p); err != nil {
		fmt.Fprintln(os.Stderr, "aievm-program:", err)
		os.Exit(2)
	}
	if err := precompile.RegisterAt(precompile.InlineAddress, precompile.NewInline(precompile.DefaultGas)); err != nil {
		fmt.Fprintln(os.Stderr, "aievm-program:", err)
		os.Exit(2)
	}
	client.Main(false)
}
