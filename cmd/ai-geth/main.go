// Command ai-geth is the AI EVM execution client: op-geth with the
// inference precompile and the model store (see geth-fork/aigeth).
package main

import (
	"os"

	"github.com/aievm/aievm/geth-fork/aigeth"
)

func main() { os.Exit(aigeth.Main(os.Args)) }
