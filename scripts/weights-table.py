#!/usr/bin/env python3
"""Print every SSP call and hook at the runtime's bounds as a share of the block.

Reads the generated `weights.rs` of the SSP pallets (the `SubstrateWeight` impl), evaluates
each function with its components at the runtime's bounds (the values below; `None` is read
from the `ConstU32` of that name in runtime/src/configs/ssp.rs, or else in the pallets'
`SspDefaultConfig`, which the runtime takes), adds the database
weights of the runtime (RocksDB: 25 µs a read, 100 µs a write) and prints a markdown table: ref
time in ms and as a share of the 2 s block, proof size in KiB and as a share of a 5 MiB
parachain proof, and whether it is within the budget (10% for a call, 5% for a hook).

    scripts/weights-table.py            # the table for docs/performance.md
"""
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BLOCK_REF_TIME_PS = 2 * 10**12  # 2 s of ref time (runtime/src/configs/mod.rs)
PROOF_BUDGET = 5 * 1024 * 1024  # a parachain's proof budget
READ_PS, WRITE_PS = 25_000_000, 100_000_000  # RocksDbWeight

# The component values at the runtime's bounds, per (pallet, function, component).
BOUNDS = {
    ("leasing", "on_initialize", "n"): ("MaxNetworksPerBlock", None),
    ("restaking", "on_initialize", "a"): ("MaxAllocationRefreshesPerBlock", None),
    ("slashing", "on_initialize", "n"): ("MaxSlashesPerBlock", None),
    ("slashing", "report_offence", "e"): ("MaxEvidenceLen", 256),
    ("slashing", "apply_slash", "r"): ("restakers of the operator (flat)", 100),
    ("keys", "snapshot_page", "o"): ("MaxSnapshotBackersPerBlock", None),
    ("keys", "end_validation", "e"): ("MaxKeptEpochs", None),
    ("cover", "on_initialize", "n"): ("MaxExpiriesPerBlock", None),
    ("cover", "slash_listener", "s"): ("MaxSwapsPerNetwork", None),
}
# The hooks' functions: the keys hook is `on_initialize_idle` plus its pages and ended networks;
# the validation hook is `on_initialize_idle` plus the agenda's tasks of the block.
HOOKS = {"on_initialize", "snapshot_page", "end_validation"}
VALIDATION_TASKS = ("open_round", "close_round", "finalize", "close_dispute", "jail_non_voters", "slash_attesters")
# The index pool's hook is `idle`, plus `start` in a block following a new index, plus
# `StepsPerBlock` of its dearest step.
INDEX_PARTS = ("start", "opt_in_step", "allocate_step", "opt_out_step", "idle")


def runtime_const(name):
    """The runtime's value: set in ssp.rs, or else the pallets' `SspDefaultConfig` it takes."""
    sources = [ROOT / "runtime/src/configs/ssp.rs"] + sorted(ROOT.glob("pallets/*/src/lib.rs"))
    for source in sources:
        m = re.search(rf"type {name} = ConstU32<([\d_]+)>;", source.read_text())
        if m:
            return int(m.group(1).replace("_", ""))
    return None


def parse(pallet):
    text = (ROOT / f"pallets/{pallet}/src/weights.rs").read_text()
    body = text.split("impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {", 1)[1]
    body = body.split("\n}\n", 1)[0]
    out = {}
    for m in re.finditer(r"fn (\w+)\(([^)]*)\) -> Weight \{(.*?)\n\t\}", body, re.S):
        name, args, fn = m.group(1), m.group(2), m.group(3)
        # A component the weight does not depend on is generated as `_x`.
        comps = [c.lstrip("_") for c in re.findall(r"(\w+): u32", args)]
        terms = []
        base = re.search(r"Weight::from_parts\(([\d_]+), ([\d_]+)\)\n", fn)
        terms.append(("const", int(base.group(1).replace("_", "")), int(base.group(2).replace("_", "")), None))
        for a, b, c in re.findall(r"Weight::from_parts\(([\d_]+), ([\d_]+)\)\.saturating_mul\((\w+)\.into\(\)\)", fn):
            terms.append(("const", int(a.replace("_", "")), int(b.replace("_", "")), c))
        for kind, k in re.findall(r"DbWeight::get\(\)\.(reads|writes)\(([\d_]+)_u64\)\)", fn):
            terms.append((kind, int(k.replace("_", "")), 0, None))
        for kind, k, c in re.findall(r"DbWeight::get\(\)\.(reads|writes)\(\(([\d_]+)_u64\)\.saturating_mul\((\w+)\.into\(\)\)\)", fn):
            terms.append((kind, int(k.replace("_", "")), 0, c))
        out[name] = (comps, terms)
    return out


def evaluate(terms, values):
    ref, proof, reads, writes = 0, 0, 0, 0
    for kind, a, b, comp in terms:
        mul = values[comp] if comp else 1
        if kind == "const":
            ref += a * mul
            proof += b * mul
        elif kind == "reads":
            ref += READ_PS * a * mul
            reads += a * mul
        else:
            ref += WRITE_PS * a * mul
            writes += a * mul
    return ref, proof, reads, writes


def main():
    print("| pallet | call or hook (components at the bounds) | ref time | % of block | proof | % of 5 MiB | reads / writes | budget |")
    print("|---|---|---:|---:|---:|---:|---:|---|")
    over = 0
    for pallet in ("leasing", "restaking", "slashing", "keys", "validation", "index", "cover"):
        for name, (comps, terms) in sorted(parse(pallet).items()):
            values, shown = {}, []
            for c in comps:
                label, v = BOUNDS[(pallet, name, c)]
                if v is None:
                    v = runtime_const(label)
                    if v is None:
                        sys.exit(f"weights-table.py: no `type {label} = ConstU32<..>` in ssp.rs or a pallet")
                values[c] = v
                shown.append(f"{c} = {v}")
            ref, proof, reads, writes = evaluate(terms, values)
            hook = name.startswith(tuple(HOOKS)) or name in VALIDATION_TASKS
            hook = hook or (pallet == "index" and name in INDEX_PARTS)
            hook = hook or (pallet == "cover" and name == "slash_listener")
            budget = 5.0 if hook else 10.0
            rt_pct = 100 * ref / BLOCK_REF_TIME_PS
            pf_pct = 100 * proof / PROOF_BUDGET
            ok = rt_pct <= budget and pf_pct <= budget
            over += 0 if ok else 1
            label = f"`{name}`" + (f" ({', '.join(shown)})" if shown else "")
            verdict = f"≤ {budget:g}%: " + ("yes" if ok else "**no**")
            print(f"| {pallet} | {label} | {ref / 1e9:,.2f} ms | {rt_pct:.2f}% | {proof / 1024:,.0f} KiB | {pf_pct:.2f}% | {reads} / {writes} | {verdict} |")
    # The validation hook's worst block: the agenda's tasks up to `MaxHookWeight`
    # (the first task always runs), at most `MaxTasksPerBlock`, plus the idle read.
    fns = parse("validation")
    tasks = runtime_const("MaxTasksPerBlock")
    budget = None
    for source in [ROOT / "runtime/src/configs/ssp.rs", ROOT / "pallets/validation/src/lib.rs"]:
        m = re.search(r"MaxHookWeight: [\w:]*Weight =\s*[\w:]*Weight::from_parts\(([\d_]+), ([\d_ *]+)\)", source.read_text())
        if m:
            budget = (int(m.group(1).replace("_", "")), eval(m.group(2).replace("_", "")))
            break
    if budget is None:
        sys.exit("weights-table.py: no MaxHookWeight in ssp.rs or the validation pallet")
    idle = evaluate(fns["on_initialize_idle"][1], {})
    worst = max((evaluate(fns[t][1], {}) for t in VALIDATION_TASKS), key=lambda w: w[0])
    ref = idle[0] + max(min(tasks * worst[0], budget[0]), worst[0])
    proof = idle[1] + max(min(tasks * worst[1], budget[1]), worst[1])
    rt_pct, pf_pct = 100 * ref / BLOCK_REF_TIME_PS, 100 * proof / PROOF_BUDGET
    ok = rt_pct <= 5.0 and pf_pct <= 5.0
    over += 0 if ok else 1
    print(f"| validation | hook, worst block: tasks up to MaxHookWeight ({budget[0] / 1e9:.0f} ms, {budget[1] / 1024:.0f} KiB), at most {tasks} | {ref / 1e9:,.2f} ms | {rt_pct:.2f}% | {proof / 1024:,.0f} KiB | {pf_pct:.2f}% | — | ≤ 5%: " + ("yes" if ok else "**no**") + " |")
    # The index pool's worst block: a new index followed and `StepsPerBlock` of its dearest step.
    fns = parse("index")
    steps = runtime_const("StepsPerBlock")
    parts = [evaluate(fns["idle"][1], {}), evaluate(fns["start"][1], {})]
    step = max((evaluate(fns[t][1], {}) for t in ("opt_in_step", "allocate_step", "opt_out_step")), key=lambda w: w[0])
    ref = sum(p[0] for p in parts) + steps * step[0]
    proof = sum(p[1] for p in parts) + steps * step[1]
    rt_pct, pf_pct = 100 * ref / BLOCK_REF_TIME_PS, 100 * proof / PROOF_BUDGET
    ok = rt_pct <= 5.0 and pf_pct <= 5.0
    over += 0 if ok else 1
    print(f"| index | hook, worst block: a new index and {steps} steps (StepsPerBlock) | {ref / 1e9:,.2f} ms | {rt_pct:.2f}% | {proof / 1024:,.0f} KiB | {pf_pct:.2f}% | — | ≤ 5%: " + ("yes" if ok else "**no**") + " |")
    print(f"\n{over} over budget.", file=sys.stderr)


if __name__ == "__main__":
    main()
