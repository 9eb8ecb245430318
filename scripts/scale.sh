#!/usr/bin/env bash
# The scale benchmark: N networks × N operators per network × 100·N restakers on the runtime,
# one full lease period with a wave of slashes across every network, block by block. Prints
# each block's SSP hook weights and largest call weight, then a summary (each as a share of the
# block, blocks the sweep / slash queue / refresh backlog took, state size, wall time of a
# period), and fails if a budget is broken or paging is incomplete.
#
#   scripts/scale.sh            # N = 10 (what CI runs)
#   scripts/scale.sh 100 1000   # several sizes in turn
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(scripts/setup.sh)"

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10)
for n in "${sizes[@]}"; do
	SKIP_WASM_BUILD=1 SSP_SCALE_N="$n" cargo test --locked --profile testnet -p ssp-runtime \
		--features try-runtime --test scale -- --nocapture
done
