#!/usr/bin/env bash
# Compiles the Solidity sources with the pinned solc-js and generates Go
# bindings with abigen (v2, pinned by go.mod's tool directive) into OUT
# (default contracts/bindings). `make contracts` writes the committed
# bindings; `make test` regenerates into a temporary directory and fails if
# they differ from the committed ones.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-contracts/bindings}
build=$(mktemp -d)
trap 'rm -rf "$build"' EXIT
node scripts/compile-contracts.js contracts/src "$build" >/dev/null
mkdir -p "$out"
for abi in "$build"/*.abi; do
  name=$(basename "$abi" .abi)
  lower=$(echo "$name" | sed -E 's/([a-z0-9])([A-Z])/\1_\2/g' | tr '[:upper:]' '[:lower:]')
  go tool abigen --v2 --abi "$abi" --bin "$build/$name.bin" --pkg bindings --type "$name" --out "$out/$lower.go"
done
