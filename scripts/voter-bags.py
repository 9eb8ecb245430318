#!/usr/bin/env python3
"""Writes runtime/src/voter_bags.rs: the bag thresholds of the runtime's bags-list VoterList.

The same construction as polkadot-sdk's `generate-bags` (pallet-bags-list's utils): N_BAGS bags
whose upper thresholds grow by a constant ratio from the existential deposit's vote weight to
u64::MAX. The runtime's `U128CurrencyToVote` maps a balance to itself while the issuance stays
below u64::MAX (the dev and local presets' issuance does), so a threshold is a balance in
plancks.

    scripts/voter-bags.py            # rewrites runtime/src/voter_bags.rs
"""
import os

N_BAGS = 200
EXISTENTIAL_WEIGHT = 1_000_000_000  # EXISTENTIAL_DEPOSIT = 1 milli-unit
MAX = 2**64 - 1

ratio = (MAX / EXISTENTIAL_WEIGHT) ** (1.0 / (N_BAGS - 1))
thresholds = [EXISTENTIAL_WEIGHT]
while len(thresholds) < N_BAGS - 1:
    last = thresholds[-1]
    nxt = max(round(last * ratio), last + 1)
    if nxt >= MAX:
        break
    thresholds.append(int(nxt))
thresholds.append(MAX)

out = os.path.join(os.path.dirname(__file__), "..", "runtime", "src", "voter_bags.rs")
with open(out, "w") as f:
    f.write("//! The runtime's voter bag thresholds, written by `scripts/voter-bags.py` (the\n")
    f.write("//! construction of polkadot-sdk's `generate-bags`). Do not edit by hand.\n\n")
    f.write(f"/// Upper thresholds of the {len(thresholds)} bags (each {ratio:.6} times the one before).\n")
    f.write(f"pub const THRESHOLDS: [u64; {len(thresholds)}] = [\n")
    for t in thresholds:
        f.write(f"\t{t:_},\n")
    f.write("];\n")
print(f"wrote {len(thresholds)} thresholds, ratio {ratio:.6}")
