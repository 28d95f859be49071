// Package nodefault holds the tests of the fork delta's node-fault plumbing
// (geth-fork/delta): a model available on chain that a node cannot produce
// from its own data is an error of the transaction, never a revert. The
// tests register a gated inference precompile for their own binary.
package nodefault
