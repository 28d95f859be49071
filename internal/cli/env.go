package cli

import (
	"github.com/urfave/cli/v2"

	"github.com/aievm/aievm/opml/kernelcap"
)

// CheckEnvironment refuses to run with an environment setting the engine
// could not read (AIEVM_KERNELS), rather than silently ignoring it.
func CheckEnvironment(*cli.Context) error { return kernelcap.Err }
