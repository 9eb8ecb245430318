#!/usr/bin/env bash
# Regenerates `weights.rs` of every SSP pallet in the runtime from its v2 benchmarks:
# builds ssp-node with `--features runtime-benchmarks`, then runs `benchmark pallet` per pallet.
#
#   scripts/benchmark.sh                 # every SSP pallet
#   scripts/benchmark.sh pallet_ssp_restaking
#   STEPS=10 REPEAT=5 scripts/benchmark.sh   # quicker, less precise
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(scripts/setup.sh)"

STEPS="${STEPS:-50}"
REPEAT="${REPEAT:-20}"
# pallet name in the runtime => crate directory
declare -A PALLETS=(
	[pallet_ssp_restaking]=pallets/restaking
	[pallet_ssp_leasing]=pallets/leasing
	[pallet_ssp_slashing]=pallets/slashing
	[pallet_ssp_keys]=pallets/keys
	[pallet_ssp_validation]=pallets/validation
	[pallet_ssp_index]=pallets/index
	[pallet_ssp_cover]=pallets/cover
)

cargo build --locked --profile testnet -p ssp-node --features runtime-benchmarks
bench_node="$CARGO_TARGET_DIR/testnet/ssp-node-bench"
cp "$CARGO_TARGET_DIR/testnet/ssp-node" "$bench_node"

available=$("$bench_node" benchmark pallet --list=pallets --chain dev 2>/dev/null | tail -n +2)
selected=("$@")
[ ${#selected[@]} -gt 0 ] || selected=("${!PALLETS[@]}")
for pallet in "${selected[@]}"; do
	dir="${PALLETS[$pallet]:-}"
	[ -n "$dir" ] || { echo "benchmark.sh: unknown pallet $pallet" >&2; exit 1; }
	if ! grep -qx "$pallet" <<<"$available"; then
		echo "benchmark.sh: $pallet is not in the runtime yet, skipped" >&2
		continue
	fi
	echo "benchmark.sh: $pallet -> $dir/src/weights.rs" >&2
	"$bench_node" benchmark pallet --chain dev --pallet "$pallet" --extrinsic '*' \
		--steps "$STEPS" --repeat "$REPEAT" --wasm-execution compiled \
		--template scripts/weight-template.hbs --output "$dir/src/weights.rs"
done
