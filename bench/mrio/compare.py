#!/usr/bin/env python3
"""Compare Yuheng's regional accounts with pymrio's, entry by entry.

Usage: python3 compare.py YUHENG.json PYMRIO.json [--tol 1e-9] [--out compare.json]

YUHENG.json: output of `yuheng mrio accounts --json`; PYMRIO.json: the --accounts file of run_pymrio.py.
Both hold D_cba_reg, D_pba_reg, D_imp_reg, D_exp_reg as {stressor: {region: value}}. pymrio is the reference.
For every stressor and region of every account: relative difference |yuheng - pymrio| / |pymrio|; where the
pymrio value is exactly 0 the difference is taken absolutely and scaled by the largest |value| of that account
(so it passes when |yuheng| <= tol * max|account|). Missing or extra stressors/regions count as a failure.
Prints a JSON summary (max per account, where it occurs, overall max, pass) and exits 0 even on a mismatch:
the caller decides (run.sh fails after printing its table).
"""
import argparse
import json
import math
import sys
from pathlib import Path

ACCOUNTS = ("D_cba_reg", "D_pba_reg", "D_imp_reg", "D_exp_reg")


def compare_account(mine, ref):
    problems = []
    if set(mine) != set(ref):
        problems.append(f"stressors differ: only yuheng {sorted(set(mine) - set(ref))[:5]}, only pymrio {sorted(set(ref) - set(mine))[:5]}")
    scale = max((abs(v) for row in ref.values() for v in row.values()), default=0.0)
    worst, where, entries, zeros = 0.0, None, 0, 0
    for s in sorted(set(mine) & set(ref)):
        a, b = mine[s], ref[s]
        if set(a) != set(b):
            problems.append(f"{s}: regions differ: only yuheng {sorted(set(a) - set(b))[:5]}, only pymrio {sorted(set(b) - set(a))[:5]}")
        for r in b:
            if r not in a:
                continue
            y, p = float(a[r]), float(b[r])
            entries += 1
            if not (math.isfinite(y) and math.isfinite(p)):
                d = 0.0 if (y == p or (math.isnan(y) and math.isnan(p))) else math.inf
            elif p != 0.0:
                d = abs(y - p) / abs(p)
            else:
                zeros += 1
                d = abs(y) / scale if scale > 0 else abs(y)
            if where is None or d > worst:
                worst, where = d, {"stressor": s, "region": r, "yuheng": y, "pymrio": p}
    return {"max_rel_diff": worst, "at": where, "entries": entries, "zero_reference_entries": zeros,
            "max_abs_value": scale, "problems": problems}


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("yuheng", type=Path)
    p.add_argument("pymrio", type=Path)
    p.add_argument("--tol", type=float, default=1e-9)
    p.add_argument("--out", type=Path)
    a = p.parse_args(argv)
    mine, ref = json.loads(a.yuheng.read_text()), json.loads(a.pymrio.read_text())
    res = {"tolerance": a.tol, "reference": "pymrio calc_all", "accounts": {}}
    for name in ACCOUNTS:
        if name not in mine or name not in ref:
            res["accounts"][name] = {"max_rel_diff": math.inf, "problems": [f"{name} missing in " + ("yuheng" if name not in mine else "pymrio")]}
            continue
        res["accounts"][name] = compare_account(mine[name], ref[name])
    accs = res["accounts"].values()
    res["max_rel_diff"] = max(v["max_rel_diff"] for v in accs)
    res["entries"] = sum(v.get("entries", 0) for v in accs)
    res["pass"] = bool(res["max_rel_diff"] <= a.tol and not any(v["problems"] for v in accs))
    text = json.dumps(res, indent=1, default=str)
    if a.out:
        a.out.write_text(text)
    print(text)


if __name__ == "__main__":
    sys.exit(main())
