#!/usr/bin/env bash
# Builds the security dashboard (dashboard/) and serves it on 127.0.0.1, printing its URL. The
# page reads the node at ws://127.0.0.1:9944 (scripts/dev-chain.sh) unless SSP_RPC says otherwise.
#
#   scripts/dashboard.sh                                   # http://127.0.0.1:8080
#   PORT=9000 SSP_RPC=ws://127.0.0.1:9955 scripts/dashboard.sh
set -euo pipefail
cd "$(dirname "$0")/../dashboard"
port="${PORT:-8080}"
rpc="${SSP_RPC:-ws://127.0.0.1:9944}"
command -v npm >/dev/null 2>&1 &&
	node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)' || {
	echo "dashboard: needs Node.js >= 20.19 with npm (Vite 8), found $(node --version 2>/dev/null || echo none)" >&2
	exit 1
}
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
	npm ci --no-audit --no-fund --loglevel=error
fi
# The node the page reads when its URL names none.
VITE_SSP_RPC="$rpc" npm run build --silent
echo "dashboard: open http://127.0.0.1:$port/ (it reads $rpc; another node: ?rpc=ws://host:port)"
# Vite's preview server: a static file server for dist/, on loopback only.
exec npx --no-install vite preview --host 127.0.0.1 --port "$port" --strictPort
