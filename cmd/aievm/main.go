// Command aievm is the AI EVM rollup's toolbox: model files today; the
// devnet, inference calls and the challenger join as they land.
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
		Commands: []*cli.Command{aicli.ModelCommand, aicli.DACommand, aicli.PrecompileCommand},
	}
	if err := app.Run(os.Args); err != nil {
		fmt.Fprintln(os.Stderr, "aievm:", err)
		os.Exit(1)
	}
}
