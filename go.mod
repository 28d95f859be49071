module github.com/aievm/aievm

go 1.26.0

// op-geth replaces go-ethereum, as in every OP Stack build (see DESIGN.md).
replace github.com/ethereum/go-ethereum => github.com/ethereum-optimism/op-geth v1.101702.3

require golang.org/x/crypto v0.58.0

require (
	github.com/cpuguy83/go-md2man/v2 v2.0.5 // indirect
	github.com/russross/blackfriday/v2 v2.1.0 // indirect
	github.com/urfave/cli/v2 v2.27.5 // indirect
	github.com/xrash/smetrics v0.0.0-20240521201337-686a1a2994c1 // indirect
	golang.org/x/sys v0.49.0 // indirect
	google.golang.org/protobuf v1.36.10 // indirect
)
