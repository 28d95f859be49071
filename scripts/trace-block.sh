#!/usr/bin/env bash
# trace-block.sh: run the fault-proof program under Cannon for one L2 block
# of a running devnet (`make run`, default ports) and print its MIPS steps
# and trace time: the figures in fraudproof/README.md.
#
#   scripts/trace-block.sh <L2 block> [datadir (default data/devnet)]
#
# It proves the block's true output from its parent's, as op-challenger's
# execution trace does, with the devnet's prestate and the verifier's IPC.
set -euo pipefail
block=$1
datadir=${2:-data/devnet}
op_node=${OP_NODE:-http://127.0.0.1:7645}
l1=${L1_RPC:-http://127.0.0.1:8545}
beacon=${L1_BEACON:-http://127.0.0.1:5052}
rpc() { curl -s -X POST -H 'Content-Type: application/json' --data "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"$1\",\"params\":$2}" "$op_node"; }
field() { python3 -c "import json,sys; r=json.load(sys.stdin)['result']; print($1)"; }
l1head=$(rpc optimism_syncStatus '[]' | field 'r["head_l1"]["hash"]')
read -r agreed agreedHash < <(rpc optimism_outputAtBlock "[\"$(printf '0x%x' $((block - 1)))\"]" | field 'r["outputRoot"], r["blockRef"]["hash"]')
claim=$(rpc optimism_outputAtBlock "[\"$(printf '0x%x' "$block")\"]" | field 'r["outputRoot"]')
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
start=$(date +%s.%N)
bin/cannon run --input "$datadir/prestate/prestate.bin.gz" --info-at '%1000000000' --output "$work/out.bin.gz" --meta '' \
  -- "$PWD/bin/aievm-program-host" --server --l1 "$l1" --l1.beacon "$beacon" --l2 "$datadir/verifier/ai-geth.ipc" \
  --datadir "$work/preimages" --l1.head "$l1head" --l2.head "$agreedHash" --l2.outputroot "$agreed" --l2.claim "$claim" \
  --l2.blocknumber "$block" --rollup.config "$datadir/rollup.json" --l2.genesis "$datadir/genesis-l2.json" \
  --l1.chainconfig "$datadir/genesis-l1.json" >"$work/cannon.log" 2>&1 || true
end=$(date +%s.%N)
grep -q 'exited=true code=0' "$work/cannon.log" || { echo "block $block: the program did not verify the output:"; grep -v module=guest "$work/cannon.log" | tail -5; exit 1; }
steps=$(bin/cannon witness --input "$work/out.bin.gz" 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin).get("step","?"))' || echo '?')
printf 'block %d: verified in %.1f s, %s MIPS steps\n' "$block" "$(echo "$end - $start" | bc)" "$steps"
