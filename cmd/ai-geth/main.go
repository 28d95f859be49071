// Command ai-geth is the AI EVM execution client: op-geth with the
// inference precompile and the model store (see geth-fork/aigeth).
package main

import (
	"fmt"
	"os"

	"github.com/ethereum/go-ethereum/log"

	"github.com/aievm/aievm/geth-fork/aigeth"
)

func main() {
	log.SetDefault(log.NewLogger(log.NewTerminalHandlerWithLevel(os.Stderr, log.LevelInfo, true)))
	if err := aigeth.NewApp().Run(os.Args); err != nil {
		fmt.Fprintln(os.Stderr, "ai-geth:", err)
		os.Exit(1)
	}
}
