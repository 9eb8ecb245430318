#!/usr/bin/env bash
# Runs the runtime fuzzer: N random call sequences over the `development` preset (SSP calls,
# staking calls, staking slashes, block advances), with `try_state` of every pallet and the
# issuance check after every step and every block.
#
#   scripts/fuzz.sh 10000                    # 10,000 sequences
#   SSP_FUZZ_SEED=21841 scripts/fuzz.sh 1    # replay the sequence a failure printed
#   SSP_FUZZ_STEPS=200 scripts/fuzz.sh 500   # longer sequences
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(scripts/setup.sh)"
export SSP_FUZZ_SEQUENCES="${1:-1000}"
# The fuzzer runs natively: the wasm blob is not needed.
export SKIP_WASM_BUILD=1
exec cargo test --locked --profile testnet -p ssp-runtime --features try-runtime --test fuzz \
	random_sequences_keep_the_books -- --nocapture
