#!/usr/bin/env bash
# Builds Kubo (the reference IPFS node) from its Go module source, for the
# interop test. The module proxy does not list kubo's versions, so a
# throwaway module requires the exact version and builds its main package.
# Takes 3-4 minutes on 2 cores the first time; `make test-interop` keeps
# the binary in build/kubo-<version>/ipfs, so later runs skip this.
# Usage: build-kubo.sh VERSION OUT
set -euo pipefail
version=${1:?usage: build-kubo.sh VERSION OUT}
out=${2:?usage: build-kubo.sh VERSION OUT}
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
# Through a temporary name: an interrupted copy leaves no binary that looks built.
cp "$work/kubo" "$out.tmp"
mv "$out.tmp" "$out"
"$out" version
