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
# wait_for LOG PATTERN PID SECONDS WHAT: waits until PATTERN appears in LOG;
# fails with LOG's tail if process PID exits or SECONDS pass first.
wait_for() {
  local log=$1 pattern=$2 pid=$3 secs=$4 what=$5
  for _ in $(seq "$secs"); do
    grep -q "$pattern" "$log" && return 0
    kill -0 "$pid" 2>/dev/null || { echo "FAIL: $what exited before it was ready; the end of its log:"; tail -n 30 "$log"; exit 1; }
    sleep 1
  done
  echo "FAIL: $what not ready after ${secs} s; the end of its log:"; tail -n 30 "$log"; exit 1
}
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
# Not `ipfs id`: it answers from the repo before the daemon is online, and
# `ipfs swarm connect` then fails ("must be run in online mode"). Kubo prints
# "Daemon is ready" once it is online with its API and gateway serving.
wait_for "$work/kubo.log" 'Daemon is ready' "${pids[-1]}" 120 "kubo daemon"
kubo_id=$("$ipfs" id -f '<id>')
echo "kubo $("$ipfs" version -n) up as $kubo_id"

"$aievm" model build --out "$work/models" iris decoder >/dev/null

# 1) Ours -> Kubo over bitswap.
"$aievm" model publish --datadir "$work/ours" "$work/models/decoder.opml" | tee "$work/pub.txt"
cid=$(awk '/^cid:/ {print $2}' "$work/pub.txt")
"$aievm" da serve --datadir "$work/ours" --http.addr 127.0.0.1:28088 --p2p.listen /ip4/127.0.0.1/tcp/24011 >"$work/serve.log" 2>&1 &
serve_pid=$!
pids+=("$serve_pid")
wait_for "$work/serve.log" '^bitswap:' "$serve_pid" 60 "aievm da serve"
ours=$(awk '/^bitswap:/ {print $2}' "$work/serve.log")
"$ipfs" swarm connect "$ours" >/dev/null
timeout 120 "$ipfs" cat "$cid" >"$work/kubo-got.opml"
cmp "$work/kubo-got.opml" "$work/models/decoder.opml"
echo "PASS ours -> kubo: ipfs cat $cid matches the published model"

# 2) Kubo -> ours: Kubo's own import with our chunking gives our CIDs
# (a one-chunk and a multi-chunk model).
for m in iris decoder; do
  kc=$("$ipfs" add -Q --cid-version=1 --raw-leaves --chunker=size-1048576 "$work/models/$m.opml")
  oc=$("$aievm" model publish --datadir "$work/check" "$work/models/$m.opml" | awk '/^cid:/ {print $2}')
  [ "$kc" = "$oc" ] || { echo "FAIL: $m: kubo CID $kc, ours $oc"; exit 1; }
  echo "PASS same CID for $m from Kubo's importer and ours: $kc"
done
kcid=$("$ipfs" add -Q --cid-version=1 --raw-leaves --chunker=size-1048576 "$work/models/iris.opml")
"$aievm" model get --datadir "$work/via-gw" --peers http://127.0.0.1:28180 -o "$work/gw.opml" "$kcid" >/dev/null
cmp "$work/gw.opml" "$work/models/iris.opml"
echo "PASS kubo -> ours over Kubo's trustless gateway"
"$aievm" model get --datadir "$work/via-bs" --peers "/ip4/127.0.0.1/tcp/24001/p2p/$kubo_id" -o "$work/bs.opml" "$kcid" >/dev/null
cmp "$work/bs.opml" "$work/models/iris.opml"
echo "PASS kubo -> ours over bitswap"

# 3) Optional figures (KUBO_BENCH_MB=256): the same model file through Kubo
# and through ours, publish and fetch over loopback.
rate() { echo "$1 / ($3 - $2)" | bc -l | cut -c1-6; }
if [ -n "${KUBO_BENCH_MB:-}" ]; then
  mb=$KUBO_BENCH_MB
  # Five distinct files of the size, each published once by each tool,
  # alternating (disk timings on a VM vary run to run); the medians are
  # printed. Nothing is deleted between runs: ext4 skips inodes freed in the
  # last minutes when it allocates one, reading their inode blocks, so files
  # created just after a mass delete (rm -rf, ipfs repo gc) pay for it, as
  # much as the publish itself on this VM. Each publish starts with no dirty
  # pages left by the step before (an fsync on ext4 also waits for other
  # files' pending writes).
  median() { sort -n | sed -n 3p; }
  : >"$work/kubo-rates"; : >"$work/our-rates"
  for run in 1 2 3 4 5; do
    "$aievm" da bench --mb "$mb" --seed "$run" --write "$work/big$run.opml"
    sync
    t0=$(date +%s.%N); bigcid=$("$ipfs" add -Q --cid-version=1 --raw-leaves --chunker=size-1048576 "$work/big$run.opml"); t1=$(date +%s.%N)
    rate "$mb" "$t0" "$t1" >>"$work/kubo-rates"
    sync
    t0=$(date +%s.%N); "$aievm" model publish --datadir "$work/bigours" "$work/big$run.opml" >/dev/null 2>&1; t1=$(date +%s.%N)
    rate "$mb" "$t0" "$t1" >>"$work/our-rates"
  done
  echo "publish $mb MiB: kubo ipfs add $(median <"$work/kubo-rates") MB/s (median of $(paste -sd' ' "$work/kubo-rates"))"
  echo "publish $mb MiB: ours (validate, address, every block flushed to disk) $(median <"$work/our-rates") MB/s (median of $(paste -sd' ' "$work/our-rates"))"
  t0=$(date +%s.%N); "$aievm" model get --datadir "$work/bigfromkubo" --peers http://127.0.0.1:28180 "$bigcid" >/dev/null; t1=$(date +%s.%N)
  echo "fetch $mb MiB: ours from Kubo's gateway (verified, pinned) $(rate "$mb" "$t0" "$t1") MB/s"
  kill "$serve_pid" 2>/dev/null || true
  "$aievm" da serve --datadir "$work/bigours" --http.addr 127.0.0.1:28089 --p2p.listen /ip4/127.0.0.1/tcp/24012 >"$work/serve2.log" 2>&1 &
  pids+=($!)
  wait_for "$work/serve2.log" '^bitswap:' "${pids[-1]}" 60 "aievm da serve (figures)"
  "$ipfs" pin rm "$bigcid" >/dev/null && "$ipfs" repo gc >/dev/null
  "$ipfs" swarm connect "$(awk '/^bitswap:/ {print $2}' "$work/serve2.log")" >/dev/null
  t0=$(date +%s.%N); "$ipfs" cat "$bigcid" >/dev/null; t1=$(date +%s.%N)
  echo "fetch $mb MiB: kubo ipfs cat from our bitswap $(rate "$mb" "$t0" "$t1") MB/s"
fi
echo "5 passed, 0 failed"

