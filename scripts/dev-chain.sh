#!/usr/bin/env bash
# Installs what is missing, builds ssp-node, and starts the dev chain:
# JSON-RPC on ws://127.0.0.1:9944, a block every 3 s. Extra arguments go to ssp-node,
# e.g. `scripts/dev-chain.sh --consensus instant-seal` or `--base-path /tmp/ssp`.
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(scripts/setup.sh)"
cargo build --locked --profile testnet -p ssp-node
args=("$@")
# --dev implies a temporary database unless a base path is given.
exec "$CARGO_TARGET_DIR/testnet/ssp-node" --dev --rpc-cors all "${args[@]}"
