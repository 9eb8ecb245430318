#!/usr/bin/env bash
# Runs every test of the repository: the Rust tests of every crate, then the end-to-end test
# against the built node. Installs what is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(SSP_WITH_BROWSER=1 scripts/setup.sh)"

start=$(date +%s)
# The same build as scripts/dev-chain.sh, then the tests in the same profile: the dependencies
# are compiled once for both.
cargo build --locked --profile testnet -p ssp-node
echo "test.sh: build finished in $(($(date +%s) - start)) s"
cargo test --locked --profile testnet --workspace
# The pallets' v2 benchmarks, run as tests in their mocks (each at its worst case).
cargo test --locked --profile testnet --features runtime-benchmarks \
	-p pallet-ssp-restaking -p pallet-ssp-leasing -p pallet-ssp-slashing -p pallet-ssp-keys \
	-p pallet-ssp-validation -p pallet-ssp-index -p pallet-ssp-cover
# The runtime fuzzer, a small quota (`scripts/fuzz.sh N` runs N sequences): random SSP and
# staking calls with `try_state` of every pallet after every step and block. Native only.
SKIP_WASM_BUILD=1 SSP_FUZZ_SEQUENCES="${SSP_FUZZ_SEQUENCES:-40}" \
	cargo test --locked --profile testnet -p ssp-runtime --features try-runtime --test fuzz
# The scale benchmark at a small size (N = 10): budgets held, paging complete.
scripts/scale.sh 10
echo "test.sh: rust tests finished at $(($(date +%s) - start)) s"

# The dashboard: its unit tests, then its build, which the browser test (e2e/dashboard.test.mjs)
# loads in Chromium against a dev chain.
(cd dashboard && npm ci --no-audit --no-fund --loglevel=error && npm test --silent && npm run build --silent)
(cd e2e && npm ci --no-audit --no-fund --loglevel=error)
SSP_NODE="$CARGO_TARGET_DIR/testnet/ssp-node" node --test e2e/
echo "test.sh: all tests finished in $(($(date +%s) - start)) s"
