#!/usr/bin/env python3
"""Report of `make bench-lca`: Yuheng (`yuheng lca bench-mtx --json`) against Brightway (`bench_bw.py`) on the same
synthetic technosphere. Prints a Markdown table and writes every raw number to --out.

Monte Carlo distributions are compared in a way that respects Brightway's small sample: for each Brightway statistic
estimated from n iterations, the 95 % sampling interval that the statistic would have if both engines sampled the same
distribution is computed from Yuheng's (much larger) sample — for the mean m_y ± 1.96·sd_y/√n, for a p-quantile the
order-statistic interval [Q_y(p − 1.96·√(p(1−p)/n)), Q_y(p + 1.96·√(p(1−p)/n))] — and the table says whether
Brightway's value lies inside. Standard library only.
"""
import argparse
import json
import math
import re
import sys


def gnu_time(path):
    out = {}
    try:
        text = open(path).read()
    except OSError:
        return out
    for key, pat in (("wall_s", r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)"),
                     ("user_s", r"User time \(seconds\): (\S+)"), ("sys_s", r"System time \(seconds\): (\S+)"),
                     ("max_rss_kb", r"Maximum resident set size \(kbytes\): (\d+)")):
        m = re.search(pat, text)
        if not m:
            continue
        v = m.group(1)
        if key == "wall_s":
            parts = [float(p) for p in v.split(":")]
            out[key] = sum(p * 60 ** (len(parts) - 1 - i) for i, p in enumerate(parts))
        else:
            out[key] = float(v)
    return out


def quantile_from_grid(grid, p):
    """Yuheng's quantile at p from its grid Q(0.001), ..., Q(0.999) (linear interpolation, clamped)."""
    x = p * 1000 - 1
    if x <= 0:
        return grid[0]
    if x >= len(grid) - 1:
        return grid[-1]
    i = int(x)
    return grid[i] + (x - i) * (grid[i + 1] - grid[i])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--yuheng", required=True)
    ap.add_argument("--brightway", required=True)
    ap.add_argument("--metadata")
    ap.add_argument("--yuheng-time")
    ap.add_argument("--brightway-time")
    ap.add_argument("--loadavg", nargs="*", default=[])
    ap.add_argument("--out")
    a = ap.parse_args()
    y = json.load(open(a.yuheng))
    b = json.load(open(a.brightway))
    meta = json.load(open(a.metadata)) if a.metadata else {}
    yt, bt = gnu_time(a.yuheng_time) if a.yuheng_time else {}, gnu_time(a.brightway_time) if a.brightway_time else {}

    rows = []
    def row(what, yv, bv, ratio=None, note=""):
        rows.append((what, yv, bv, ratio, note))

    def fmt(v, d=4):
        if v is None:
            return "—"
        if isinstance(v, str):
            return v
        if abs(v) >= 1e4 or (abs(v) < 1e-3 and v != 0):
            return f"{v:.4g}"
        return f"{v:.{d}f}"

    y_it_cpu, b_it_cpu = y["mc_it_per_cpu_s"], b.get("mc_it_per_cpu_s")
    row("MC iterations", y["mc_iterations"], b.get("mc_iterations"))
    row("MC iterations per CPU-second", y_it_cpu, b_it_cpu, y_it_cpu / b_it_cpu if b_it_cpu else None, "ratio Yuheng/Brightway")
    row("MC iterations per wall second", y["mc_it_per_s"], b.get("mc_it_per_s"),
        y["mc_it_per_s"] / b["mc_it_per_s"] if b.get("mc_it_per_s") else None, f"Yuheng with {y['workers']} workers")
    row("MC CPU s / wall s", f"{y['mc_cpu_s']:.2f} / {y['mc_wall_s']:.2f}", f"{b.get('mc_cpu_s', 0):.2f} / {b.get('mc_wall_s', 0):.2f}")
    bw_first = b.get("first_lci_factorize_solve_wall_cpu_s", [None, None])
    y_first = y["first_result_wall_cpu_s"]
    bw_lcia = b.get("lcia_wall_cpu_s", [0, 0])
    bw_first_total = [bw_first[0] + bw_lcia[0], bw_first[1] + bw_lcia[1]] if bw_first[0] is not None else [None, None]
    row("first result, CPU s (factorise + solve + score)", y_first[1], bw_first_total[1],
        bw_first_total[1] / y_first[1] if bw_first_total[1] and y_first[1] else None, "ratio Brightway/Yuheng")
    row("first result, wall s", y_first[0], bw_first_total[0], bw_first_total[0] / y_first[0] if bw_first_total[0] and y_first[0] else None)
    y2, b2 = y["second_fu_wall_cpu_s"], b.get("second_fu_lci_lcia_wall_cpu_s", [None, None])
    row("second functional unit, CPU s", y2[1], b2[1], b2[1] / y2[1] if b2[1] and y2[1] else None, "ratio Brightway/Yuheng")
    row("second functional unit, wall s", y2[0], b2[0], b2[0] / y2[0] if b2[0] and y2[0] else None)
    ref1, ref2 = meta.get("reference_score_fu1"), meta.get("reference_score_fu2")
    for key, yv, bv, ref in (("score fu1", y["score_fu1"], b.get("score_fu1"), ref1), ("score fu2", y["score_fu2"], b.get("score_fu2"), ref2)):
        note = ""
        if ref:
            note = f"rel. diff. to SciPy reference: Yuheng {abs(yv - ref) / abs(ref):.1e}" + (f", Brightway {abs(bv - ref) / abs(ref):.1e}" if bv is not None else "")
        row(key, yv, bv, None, note)

    # distributions
    n_b = b.get("mc_iterations", 0) + 1  # bench_bw.py keeps the first (setup) draw too
    grid = y.get("quantile_grid")
    checks = {}
    def compare(label, yv, bv, lo, hi):
        inside = lo <= bv <= hi if bv is not None and lo is not None else None
        checks[label] = {"yuheng": yv, "brightway": bv, "interval_for_brightway_n": [lo, hi], "consistent": inside}
        row(f"MC {label}", yv, bv, bv / yv if bv is not None and yv else None,
            (f"Brightway's n = {n_b}: 95 % sampling interval [{fmt(lo)}, {fmt(hi)}] → " + ("consistent" if inside else "OUTSIDE")) if lo is not None and bv is not None else "")
    sd = y["sd"]
    half = 1.96 * sd / math.sqrt(n_b) if n_b > 0 else None
    compare("mean", y["mean"], b.get("mc_mean"), y["mean"] - half if half else None, y["mean"] + half if half else None)
    for p, kb, ky in ((0.025, "mc_p2.5", "p2_5"), (0.975, "mc_p97.5", "p97_5")):
        lo = hi = None
        if grid and n_b > 1:
            w = 1.96 * math.sqrt(p * (1 - p) / n_b)
            lo, hi = quantile_from_grid(grid, max(0.001, p - w)), quantile_from_grid(grid, min(0.999, p + w))
        compare(f"{p * 100:g} percentile", y[ky], b.get(kb), lo, hi)
    row("MC median", y["median"], None)
    row("deterministic score (fu1)", y["mc_deterministic"], b.get("score_fu1"))

    la = " / ".join(a.loadavg)
    print(f"\n## LCA Monte Carlo benchmark — n = {y['n_act']} activities, A nnz {y['A_nnz']}, B nnz {y['B_nnz']}\n")
    print(f"Lognormal σ = {math.log(y['gsd']):.3g} on every off-diagonal A entry and every B entry (median = amount); "
          f"Yuheng seed {y['seed']}, {y['workers']} workers; Brightway solver {b.get('solver_requested')} "
          f"(PARDISO importable: {b.get('PYPARDISO')}); load average (start yuheng / start brightway / end): {la}\n")
    print("| | Yuheng | Brightway | ratio | note |")
    print("|---|---:|---:|---:|---|")
    for what, yv, bv, ratio, note in rows:
        print(f"| {what} | {fmt(yv) if not isinstance(yv, int) else yv} | {fmt(bv) if not isinstance(bv, int) else bv} | "
              f"{'' if ratio is None else f'{ratio:.3g}'} | {note} |")
    print(f"\nYuheng: {y['factorization']['symbolic_analyses']} symbolic analyses, {y['factorization']['numeric_factorizations']} numeric "
          f"factorisations ({y['factorization']['repivots']} repivots) for {y['mc_iterations']} iterations; sampled per iteration "
          f"{y['uncertain_technosphere']} A entries and {y['uncertain_biosphere_sampled']} of {y['uncertain_biosphere_total']} B entries "
          "(only characterised flows can change the score).")
    if yt or bt:
        print(f"Process totals (GNU time): Yuheng {yt.get('wall_s', 0):.1f} s wall, {yt.get('user_s', 0) + yt.get('sys_s', 0):.1f} s CPU, "
              f"peak RSS {yt.get('max_rss_kb', 0) / 1024:.0f} MiB; Brightway {bt.get('wall_s', 0):.1f} s wall, "
              f"{bt.get('user_s', 0) + bt.get('sys_s', 0):.1f} s CPU, peak RSS {bt.get('max_rss_kb', 0) / 1024:.0f} MiB.")
    result = {"yuheng": y, "brightway": b, "metadata": meta, "distribution_checks": checks, "yuheng_time": yt, "brightway_time": bt,
              "loadavg": a.loadavg, "ratio_mc_it_per_cpu_s": y_it_cpu / b_it_cpu if b_it_cpu else None}
    if a.out:
        result["yuheng"] = {k: v for k, v in y.items() if k != "quantile_grid"}
        open(a.out, "w").write(json.dumps(result, indent=1))
        print(f"\nraw numbers: {a.out}")
    bad = [k for k, v in checks.items() if v["consistent"] is False]
    if bad:
        print(f"\nnote: Brightway's {', '.join(bad)} lie outside the sampling interval of Yuheng's distribution", file=sys.stderr)


if __name__ == "__main__":
    main()
