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

	"github.com/aievm/aievm/fraudproof/modeloracle"
	"github.com/aievm/aievm/geth-fork/precompile"
	"github.com/aievm/aievm/opml/model"
)

// abortOnFault is the precompile's model source in the program. A model the
// chain made available that the oracle cannot give is not a property of the
// claim: the program stops with op-program's "failed" exit code (2), never
// with a verdict (0 valid, 1 invalid) or a revert the chain did not see.
type abortOnFault struct{ src *modeloracle.Source }

func (a abortOnFault) Model(ctx context.Context, addr model.Address) (*model.Model, error) {
	m, err := a.src.Model(ctx, addr)
	if err != nil && !errors.Is(err, model.ErrInvalid) {
		fmt.Fprintln(os.Stderr, "aievm-program: cannot read a model the chain made available:", err)
		os.Exit(2)
	}
	return m, err
}

func main() {
	src := modeloracle.NewSource(preimage.NewOracleClient(preimage.ClientPreimageChannel()),
		preimage.NewHintWriter(preimage.ClientHinterChannel()))
	p := precompile.New(abortOnFault{src}, precompile.DefaultGas, time.Minute).WithRegistry(precompile.DefaultRegistry, nil)
	if err := precompile.Register(p); err != nil {
		fmt.Fprintln(os.Stderr, "aievm-program:", err)
		os.Exit(2)
	}
	client.Main(false)
}
