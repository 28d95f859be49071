#!/usr/bin/env bash
# Moves models between our model store and Kubo, both ways, over loopback
# only: a model published by us is fetched by Kubo over bitswap (`ipfs cat`
# must match), and a model added to Kubo is fetched by our store over
# bitswap and over Kubo's trustless gateway. Kubo runs with no bootstrap
# peers, no routing, no MDNS and no telemetry. Usage: interop-kubo.sh IPFS AIEVM
set -euo pipefail
ipfs=$(realpath "$1"); aievm=$(realpath "$2")
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
export IPFS_PATH=$work/kubo IPFS_TELEMETRY=off
"$ipfs" init --profile=test >/dev/null
"$ipfs" config --json Bootstrap '[]'
"$ipfs" config Routing.Type none
"$ipfs" config --json Discovery.MDNS.Enabled false
"$ipfs" config --json Addresses.Swarm '["/ip4/127.0.0.1/tcp/24001"]'
"$ipfs" config Addresses.API /ip4/127.0.0.1/tcp/25001
"$ipfs" config Addresses.Gateway /ip4/127.0.0.1/tcp/28180
"$ipfs" daemon >"$work/kubo.log" 2>&1 &
pids+=($!)
for _ in $(seq 60); do "$ipfs" id >/dev/null 2>&1 && break; sleep 1; done
kubo_id=$("$ipfs" id -f '<id>')
echo "kubo $("$ipfs" version -n) up as $kubo_id"

"$aievm" model build --out "$work/models" iris decoder >/dev/null

# 1) Ours -> Kubo over bitswap.
"$aievm" model publish --datadir "$work/ours" "$work/models/decoder.opml" | tee "$work/pub.txt"
cid=$(awk '/^cid:/ {print $2}' "$work/pub.txt")
"$aievm" da serve --datadir "$work/ours" --http.addr 127.0.0.1:28088 --p2p.listen /ip4/127.0.0.1/tcp/24011 >"$work/serve.log" 2>&1 &
pids+=($!)
for _ in $(seq 30); do grep -q '^bitswap:' "$work/serve.log" && break; sleep 1; done
ours=$(awk '/^bitswap:/ {print $2}' "$work/serve.log")
"$ipfs" swarm connect "$ours" >/dev/null
timeout 120 "$ipfs" cat "$cid" >"$work/kubo-got.opml"
cmp "$work/kubo-got.opml" "$work/models/decoder.opml"
echo "PASS ours -> kubo: ipfs cat $cid matches the published model"

# 2) Kubo -> ours: Kubo's own import with our chunking gives our CID.
kcid=$("$ipfs" add -Q --cid-version=1 --raw-leaves --chunker=size-1048576 "$work/models/iris.opml")
ourcid=$("$aievm" model publish --datadir "$work/check" "$work/models/iris.opml" | awk '/^cid:/ {print $2}')
[ "$kcid" = "$ourcid" ] || { echo "FAIL: kubo CID $kcid, ours $ourcid"; exit 1; }
echo "PASS same CID from Kubo's importer and ours: $kcid"
"$aievm" model get --datadir "$work/via-gw" --peers http://127.0.0.1:28180 -o "$work/gw.opml" "$kcid" >/dev/null
cmp "$work/gw.opml" "$work/models/iris.opml"
echo "PASS kubo -> ours over Kubo's trustless gateway"
"$aievm" model get --datadir "$work/via-bs" --peers "/ip4/127.0.0.1/tcp/24001/p2p/$kubo_id" -o "$work/bs.opml" "$kcid" >/dev/null
cmp "$work/bs.opml" "$work/models/iris.opml"
echo "PASS kubo -> ours over bitswap"
echo "3 passed, 0 failed"
