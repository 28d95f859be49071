module github.com/aievm/aievm

go 1.26.0

// op-geth replaces go-ethereum, as in every OP Stack build (see DESIGN.md).
replace github.com/ethereum/go-ethereum => github.com/ethereum-optimism/op-geth v1.101702.3

require golang.org/x/crypto v0.58.0

require golang.org/x/sys v0.49.0 // indirect
