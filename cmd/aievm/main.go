// Command aievm is the AI EVM rollup's toolbox: model files, the model
// store, the local devnet, inference calls, the challenger and the
// attestation services. ai-geth is its own binary (make services).
package main

import (
	"fmt"
	"os"

	"github.com/urfave/cli/v2"

	aicli "github.com/aievm/aievm/internal/cli"
)

func main() {
	app := &cli.App{
		Name:     "aievm",
		Usage:    "AI EVM rollup tools",
		Before:   aicli.CheckEnvironment,
		Commands: []*cli.Command{aicli.DevnetCommand, aicli.InferCommand, aicli.ModelCommand, aicli.DACommand, aicli.PrecompileCommand, aicli.ChallengerCommand, aicli.AttestCommand, aicli.WithdrawCommand, aicli.SignerCommand},
	}
	if err := app.Run(os.Args); err != nil {
		fmt.Fprintln(os.Stderr, "aievm:", err)
		os.Exit(1)
	}
}
