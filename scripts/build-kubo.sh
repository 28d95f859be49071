#!/usr/bin/env bash
# Builds Kubo (the reference IPFS node) from its Go module source, for the
# opt-in interop test. The module proxy does not list kubo's versions, so a
# throwaway module requires the exact version and builds its main package.
# Takes about 10 minutes on 2 cores the first time. Usage: build-kubo.sh OUT
set -euo pipefail
version=v0.43.0
out=${1:-bin/ipfs}
[ -x "$out" ] && "$out" version 2>/dev/null | grep -q "${version#v}" && exit 0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
cat > go.mod <<MOD
module kubobuild

go 1.26.0

require github.com/ipfs/kubo $version
MOD
export GOFLAGS=-mod=mod
go mod download github.com/ipfs/kubo
go build -o kubo github.com/ipfs/kubo/cmd/ipfs
cd - >/dev/null
mkdir -p "$(dirname "$out")"
cp "$work/kubo" "$out"
"$out" version
