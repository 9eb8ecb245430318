#!/usr/bin/env bash
# Prints restaking's weights next to pallet-staking's for the same kind of work, all measured in
# one run of `benchmark pallet` on this machine against this runtime (the figures in
# docs/building.md): restake vs bond_extra, request_withdrawal vs unbond; how many restakes fit
# in a block; and the slashing pallet's apply_slash(r) at 1 and 100 restakers behind the
# slashed operator (slash application must not grow with restakers).
#
#   scripts/weights-vs-staking.sh                  # STEPS 20, REPEAT 10
#   STEPS=50 REPEAT=20 scripts/weights-vs-staking.sh
#
# Weights count each database read at 25 us and each write at 100 us (the runtime's
# RocksDbWeight), as the runtime charges them. Builds the node with runtime-benchmarks (as
# scripts/benchmark.sh does) if it is not up to date.
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(scripts/setup.sh)"
STEPS="${STEPS:-20}"
REPEAT="${REPEAT:-10}"
cargo build --locked --profile testnet -p ssp-node --features runtime-benchmarks
bench_node="$CARGO_TARGET_DIR/testnet/ssp-node-bench"
cp "$CARGO_TARGET_DIR/testnet/ssp-node" "$bench_node"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
run() {
	"$bench_node" benchmark pallet --chain dev --pallet "$1" --extrinsic "$2" \
		--steps "$STEPS" --repeat "$REPEAT" --wasm-execution compiled \
		--template scripts/weight-template.hbs --output "$out/$1.rs" >/dev/null 2>&1 ||
		{ echo "weights-vs-staking.sh: benchmark of $1 failed" >&2; exit 1; }
}
run pallet_ssp_restaking restake,request_withdrawal
run pallet_staking bond_extra,unbond
run pallet_ssp_slashing apply_slash
python3 - "$out/pallet_staking.rs" "$out/pallet_ssp_restaking.rs" "$out/pallet_ssp_slashing.rs" <<'PY'
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

staking, restaking, slashing = weights(sys.argv[1]), weights(sys.argv[2]), weights(sys.argv[3])
def us(w): return f"{w / PS:,.1f} us"
print("| restaking call | weight (reads/writes) | staking call | weight (reads/writes) | ratio |")
print("|---|---|---|---|---|")
for mine, theirs in [("restake", "bond_extra"), ("request_withdrawal", "unbond")]:
    a, b = restaking[mine](), staking[theirs]()
    print(f"| `{mine}` | {us(a[0])} ({a[1]}/{a[2]}) | `{theirs}` | {us(b[0])} ({b[1]}/{b[2]}) | {a[0] / b[0]:.2f}x |")
one, many = slashing["apply_slash"](1), slashing["apply_slash"](100)
print()
print(f"restakes that fit in one block by weight: {NORMAL // (restaking['restake']()[0] + BASE_EXTRINSIC)}")
print(f"apply_slash at 1 restaker: {us(one[0])} ({one[1]}/{one[2]}); at 100: {us(many[0])} ({many[1]}/{many[2]}); ratio {many[0] / one[0]:.3f}")
PY
