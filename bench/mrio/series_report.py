#!/usr/bin/env python3
"""Assemble the result of `make bench-mrio-series`: a table on stdout and one JSON file.

Usage: python3 series_report.py --work DIR --out FILE [--solvers "lu iterative"] [--loadavg TEXT]

DIR holds yuheng_<solver>.time/.json (`yuheng mrio series --json`), pymrio.time and pymrio.json (series_pymrio.py).
Per solver: wall, CPU, peak RSS, the ratios against the pymrio loop, the iterations of every table (from each year's
`solver`; "warm" marks a table that started from the previous table's solution), and the largest relative difference
of D_cba_reg and D_pba_reg from pymrio's (where pymrio's value is 0: scaled by the largest |value|). Goal of issue 20:
the 28 tables at n = 9,800 in under 3 minutes on 2 cores.
"""
import argparse
import json
import re
from pathlib import Path

from report import load_json, parse_time_v


def max_difference(yuheng, pymrio):
    """Largest relative difference over tables, accounts and regions."""
    worst = 0.0
    for y, p in zip(yuheng["years"], pymrio["years"]):
        for key in ("D_cba_reg", "D_pba_reg"):
            ref = p[key]
            scale = max((abs(v) for v in ref.values()), default=0.0) or 1.0
            for region, v in ref.items():
                u = y[key][region]
                worst = max(worst, abs(u - v) / (abs(v) if v != 0 else scale))
    return worst


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--work", type=Path, required=True)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--solvers", default="lu iterative")
    p.add_argument("--loadavg", default="")
    a = p.parse_args(argv)
    py, pj = parse_time_v(a.work / "pymrio.time"), load_json(a.work / "pymrio.json")
    lines = [f"{'tool':<18} {'wall s':>9} {'CPU s':>9} {'peak RSS MiB':>12} {'x pymrio (wall)':>16} {'max rel diff':>13}"]
    result = {"solvers": {}, "pymrio": {"time_v": py}, "loadavg": a.loadavg}
    ok = bool(py and pj)
    for s in a.solvers.split():
        t, j = parse_time_v(a.work / f"yuheng_{s}.time"), load_json(a.work / f"yuheng_{s}.json")
        if not (t and j and pj):
            lines.append(f"yuheng {s:<11} (missing)")
            ok = False
            continue
        diff = max_difference(j, pj)
        ok = ok and diff <= 1e-9
        its = []
        for y in j["years"]:
            m = re.search(r"(\d+) iterations", y.get("solver", ""))
            its.append((int(m.group(1)) if m else None, "(warm start)" in y.get("solver", "")))
        result["solvers"][s] = {"time_v": t, "max_rel_diff": diff, "iterations": its, "solver_first": j["years"][0].get("solver")}
        lines.append(f"{'yuheng ' + s:<18} {t['wall_s']:>9.2f} {t['cpu_s']:>9.2f} {t['peak_rss_mib']:>12.1f} "
                     f"{py['wall_s'] / t['wall_s']:>15.2f}x {diff:>13.2e}")
        if any(i is not None for i, _ in its):
            lines.append(f"  {s}: iterations per table: " + " ".join(f"{i}{'w' if w else ''}" for i, w in its) + "  (w: warm start)")
    if py:
        lines.append(f"{'pymrio loop':<18} {py['wall_s']:>9.2f} {py['cpu_s']:>9.2f} {py['peak_rss_mib']:>12.1f}")
    lines.append(f"load average (start; end): {a.loadavg}")
    table = "\n".join(lines)
    print(table)
    result["table"], result["pass"] = table, ok
    a.out.write_text(json.dumps(result, indent=1, default=str))
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()
