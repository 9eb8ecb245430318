#!/usr/bin/env bash
# Prints restaking's weights next to pallet-staking's for the same kind of work (the figures in
# docs/building.md): restake vs bond_extra, request_withdrawal vs unbond, and slash(r) at 1 and
# 100 restakers. Restaking is benchmarked here, on this machine. pallet-staking's own
# benchmarks of bond_extra and unbond need a bags-list `VoterList` (this runtime uses
# `UseNominatorsAndValidatorsMap`, whose `score_update_worst_case` is unimplemented), so its
# figures are pallet-staking 50's published `SubstrateWeight` (Parity's reference machine):
# compare the database reads and writes exactly, the execution time only roughly.
#
#   scripts/weights-vs-staking.sh                  # STEPS 20, REPEAT 10
#   STEPS=50 REPEAT=20 scripts/weights-vs-staking.sh
#
# Weights count each database read at 25 us and each write at 100 us (the runtime's
# RocksDbWeight), as the runtime charges them. Needs the node built with runtime-benchmarks
# (scripts/benchmark.sh builds it; this script builds it too if it is missing).
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(scripts/setup.sh)"
STEPS="${STEPS:-20}"
REPEAT="${REPEAT:-10}"
bench_node="$CARGO_TARGET_DIR/testnet/ssp-node-bench"
if [ ! -x "$bench_node" ]; then
	cargo build --locked --profile testnet -p ssp-node --features runtime-benchmarks
	cp "$CARGO_TARGET_DIR/testnet/ssp-node" "$bench_node"
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
run() {
	"$bench_node" benchmark pallet --chain dev --pallet "$1" --extrinsic "$2" \
		--steps "$STEPS" --repeat "$REPEAT" --wasm-execution compiled \
		--template scripts/weight-template.hbs --output "$out/$1.rs" >/dev/null 2>&1
}
run pallet_ssp_restaking restake,request_withdrawal,slash
staking_weights=$(ls -d "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/pallet-staking-50.0.0/src/weights.rs | head -1)
python3 - "$staking_weights" "$out/pallet_ssp_restaking.rs" <<'PY'
import re, sys
READ, WRITE, PS = 25_000_000, 100_000_000, 1_000_000  # picoseconds; ps per us
BASE_EXTRINSIC = 108_157_000  # frame-support 49's ExtrinsicBaseWeight, ps
NORMAL = 2 * 10**12 * 75 // 100  # 75% of the runtime's 2 s block

def weights(path):
    src = open(path).read()
    body = src.split("impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {")[1]
    body = body.split("impl WeightInfo for ()")[0]
    out = {}
    for m in re.finditer(r"fn (\w+)\(([^)]*)\) -> Weight \{(.*?)\n\t\}", body, re.S):
        name, args, text = m.groups()
        base = int(re.search(r"Weight::from_parts\(([\d_]+),", text).group(1).replace("_", ""))
        slope = sum(int(x.replace("_", "")) for x in re.findall(r"Weight::from_parts\(([\d_]+), 0\)\.saturating_mul\(\w\.into\(\)\)", text))
        reads = sum(int(x) for x in re.findall(r"reads\((\d+)_u64\)\)", text))
        writes = sum(int(x) for x in re.findall(r"writes\((\d+)_u64\)\)", text))
        rslope = sum(int(x) for x in re.findall(r"reads\(\(?(\d+)_u64\)?\.saturating_mul", text))
        wslope = sum(int(x) for x in re.findall(r"writes\(\(?(\d+)_u64\)?\.saturating_mul", text))
        out[name] = lambda r=0, b=base, s=slope, rd=reads, wr=writes, rs=rslope, ws=wslope: (
            b + s * r + (rd + rs * r) * READ + (wr + ws * r) * WRITE, rd + rs * r, wr + ws * r)
    return out

staking, restaking = weights(sys.argv[1]), weights(sys.argv[2])
def us(w): return f"{w / PS:,.1f} us"
print("| restaking call (measured here) | weight (reads/writes) | staking call (published) | weight (reads/writes) | ratio |")
print("|---|---|---|---|---|")
for mine, theirs in [("restake", "bond_extra"), ("request_withdrawal", "unbond")]:
    a, b = restaking[mine](), staking[theirs]()
    print(f"| `{mine}` | {us(a[0])} ({a[1]}/{a[2]}) | `{theirs}` | {us(b[0])} ({b[1]}/{b[2]}) | {a[0] / b[0]:.2f}x |")
one, many = restaking["slash"](1), restaking["slash"](100)
print()
print(f"restakes that fit in one block by weight: {NORMAL // (restaking['restake']()[0] + BASE_EXTRINSIC)}")
print(f"slash at 1 restaker: {us(one[0])} ({one[1]}/{one[2]}); at 100: {us(many[0])} ({many[1]}/{many[2]}); ratio {many[0] / one[0]:.3f}")
PY
