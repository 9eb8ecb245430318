#!/usr/bin/env bash
# A local multi-node network of the `local` chain: BABE authors blocks, GRANDPA finalises them.
#
#   scripts/testnet.sh        # 4 nodes: the validators Alice, Bob, Charlie and Dave
#   scripts/testnet.sh 6      # 6 nodes: the 4 validators and 2 full nodes
#   scripts/testnet.sh stop   # stop the nodes of a network started in the background
#
# Every node listens on 127.0.0.1 only: p2p on 30333 + i, JSON-RPC (ws and http) on 9944 + i,
# its database and keystore under $SSP_TESTNET_DIR/node<i> (default /tmp/ssp-testnet, kept
# across runs: a restarted network resumes its chain; delete the directory for a new one).
# Node 0 is the bootnode of the others. The script waits in the foreground and stops every node
# on Ctrl-C; logs are in $SSP_TESTNET_DIR/node<i>.log.
set -euo pipefail
cd "$(dirname "$0")/.."

dir="${SSP_TESTNET_DIR:-/tmp/ssp-testnet}"
pids="$dir/pids"

stop_nodes() {
	[ -f "$pids" ] || return 0
	while read -r pid; do
		kill -INT "$pid" 2>/dev/null || true
	done <"$pids"
	# Give each node 15 s to close its database, then stop it hard.
	for _ in $(seq 1 30); do
		alive=0
		while read -r pid; do kill -0 "$pid" 2>/dev/null && alive=1; done <"$pids"
		[ "$alive" = 0 ] && break
		sleep 0.5
	done
	while read -r pid; do kill -KILL "$pid" 2>/dev/null || true; done <"$pids"
	rm -f "$pids"
	echo "testnet.sh: stopped"
}

if [ "${1:-}" = stop ]; then
	stop_nodes
	exit 0
fi

n="${1:-4}"
if ! [[ "$n" =~ ^[0-9]+$ ]] || [ "$n" -lt 1 ] || [ "$n" -gt 20 ]; then
	echo "testnet.sh: N must be a number of nodes from 1 to 20 (got '$n'), or 'stop'" >&2
	exit 2
fi
if [ -f "$pids" ]; then
	echo "testnet.sh: a network is already running from $dir (scripts/testnet.sh stop)" >&2
	exit 2
fi

eval "$(scripts/setup.sh)"
cargo build --locked --profile testnet -p ssp-node
node_bin="$CARGO_TARGET_DIR/testnet/ssp-node"

mkdir -p "$dir"
: >"$pids"
trap 'stop_nodes' INT TERM

# The validators of the `local` chain's genesis; further nodes are full nodes.
validators=(alice bob charlie dave)
# A fixed network key per node, so that node 0's address (the bootnode) is known in advance.
node_key() { printf '%064x' "$(($1 + 1))"; }
printf '%s' "$(node_key 0)" >"$dir/node0.key"
boot_id="$("$node_bin" key inspect-node-key --file "$dir/node0.key")"
bootnode="/ip4/127.0.0.1/tcp/30333/p2p/$boot_id"

for i in $(seq 0 $((n - 1))); do
	args=(
		--chain local
		--base-path "$dir/node$i"
		--node-key "$(node_key "$i")"
		--listen-addr "/ip4/127.0.0.1/tcp/$((30333 + i))"
		--rpc-port "$((9944 + i))"
		--rpc-cors all
		--no-mdns --no-prometheus --no-telemetry
		--name "ssp-node-$i"
	)
	if [ "$i" -lt ${#validators[@]} ]; then
		args+=(--validator "--${validators[$i]}")
	fi
	if [ "$i" -gt 0 ]; then
		args+=(--bootnodes "$bootnode")
	fi
	"$node_bin" "${args[@]}" >"$dir/node$i.log" 2>&1 &
	echo $! >>"$pids"
	role="full node"
	[ "$i" -lt ${#validators[@]} ] && role="validator ${validators[$i]}"
	echo "node $i ($role): ws://127.0.0.1:$((9944 + i))  log $dir/node$i.log"
done

echo "testnet.sh: $n nodes started; Ctrl-C (or scripts/testnet.sh stop) stops them all"
wait
