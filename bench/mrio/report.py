#!/usr/bin/env python3
"""Assemble the result of `make bench-mrio`: table on stdout, everything in one JSON file.

Usage: python3 report.py --work DIR --out mrio_bench.json [--context context.json]

DIR holds what run.sh left there: yuheng.time / pymrio.time (GNU `/usr/bin/time -v` output), pymrio_timings.json
(run_pymrio.py), compare.json (compare.py), optionally read_probe.time (Yuheng stopped right after reading Z, Y, x)
and yuheng_stderr.txt. Ratios: pymrio/yuheng for wall and CPU time (how many times faster Yuheng is),
yuheng/pymrio for peak RSS (fraction of pymrio's memory). Goals from the issue: >= 10x faster, <= 0.25 of the
memory, results equal to 1e-9 relative. Exit status 0 whatever the outcome (run.sh decides).
"""
import argparse
import json
import re
from pathlib import Path

GOAL_SPEEDUP, GOAL_MEMORY, GOAL_TOL = 10.0, 0.25, 1e-9


def parse_time_v(path):
    """The fields of GNU time -v that matter here."""
    if not path.is_file():
        return None
    txt = path.read_text()

    def field(label):
        m = re.search(r"^\s*" + re.escape(label) + r":\s*(.+)$", txt, re.M)
        return m.group(1).strip() if m else None

    wall = field("Elapsed (wall clock) time (h:mm:ss or m:ss)")
    secs = 0.0
    for part in wall.split(":"):
        secs = secs * 60 + float(part)
    user, sys_ = float(field("User time (seconds)")), float(field("System time (seconds)"))
    return {"wall_s": round(secs, 2), "user_s": user, "sys_s": sys_, "cpu_s": round(user + sys_, 2),
            "cpu_percent": field("Percent of CPU this job got"),
            "peak_rss_mib": round(int(field("Maximum resident set size (kbytes)")) / 1024.0, 1),
            "major_page_faults": int(field("Major (requiring I/O) page faults") or 0),
            "exit_status": int(field("Exit status") or 0)}


def load_json(path):
    return json.loads(path.read_text()) if path.is_file() else None


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--work", type=Path, required=True)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--context", type=Path, help="JSON written by run.sh (parameters, machine, versions)")
    a = p.parse_args(argv)
    w = a.work
    yu, py = parse_time_v(w / "yuheng.time"), parse_time_v(w / "pymrio.time")
    cmp_ = load_json(w / "compare.json")
    pyt = load_json(w / "pymrio_timings.json")
    probe = parse_time_v(w / "read_probe.time")
    ctx = load_json(a.context) if a.context else None
    yj = load_json(w / "yuheng.json") or {}

    ratios = {}
    if yu and py:
        ratios = {"wall_pymrio_over_yuheng": py["wall_s"] / yu["wall_s"] if yu["wall_s"] > 0 else None,
                  "cpu_pymrio_over_yuheng": py["cpu_s"] / yu["cpu_s"] if yu["cpu_s"] > 0 else None,
                  "peak_rss_yuheng_over_pymrio": yu["peak_rss_mib"] / py["peak_rss_mib"]}
    maxrel = cmp_["max_rel_diff"] if cmp_ else None
    goals = {
        "speedup_wall_ge_10": bool(ratios.get("wall_pymrio_over_yuheng") and ratios["wall_pymrio_over_yuheng"] >= GOAL_SPEEDUP),
        "speedup_cpu_ge_10": bool(ratios.get("cpu_pymrio_over_yuheng") and ratios["cpu_pymrio_over_yuheng"] >= GOAL_SPEEDUP),
        "memory_le_quarter": bool(ratios.get("peak_rss_yuheng_over_pymrio") is not None and ratios["peak_rss_yuheng_over_pymrio"] <= GOAL_MEMORY),
        "results_within_1e-9": bool(cmp_ and cmp_.get("pass")),
    }

    lines = []
    lines.append(f"{'tool':<8} {'wall s':>9} {'CPU s':>9} {'peak RSS MiB':>12}")
    for name, r in (("yuheng", yu), ("pymrio", py)):
        if r:
            lines.append(f"{name:<8} {r['wall_s']:>9.2f} {r['cpu_s']:>9.2f} {r['peak_rss_mib']:>12.1f}")
        else:
            lines.append(f"{name:<8} {'(missing)':>9}")
    extra = parse_time_v(w / "yuheng_coretype.time")
    extra_cmp = load_json(w / "compare_coretype.json")
    ratios_extra = None
    if extra and py:
        kind = (ctx or {}).get("yuheng_extra_coretype") or "other kernel"
        ratios_extra = {"openblas_coretype": kind, "wall_pymrio_over_yuheng": py["wall_s"] / extra["wall_s"],
                        "cpu_pymrio_over_yuheng": py["cpu_s"] / extra["cpu_s"],
                        "peak_rss_yuheng_over_pymrio": extra["peak_rss_mib"] / py["peak_rss_mib"],
                        "max_rel_diff": extra_cmp["max_rel_diff"] if extra_cmp else None}
    if ratios:
        lines.append(f"{'ratio':<8} {ratios['wall_pymrio_over_yuheng']:>8.2f}x {ratios['cpu_pymrio_over_yuheng']:>8.2f}x "
                     f"{ratios['peak_rss_yuheng_over_pymrio']:>12.3f}   (time: pymrio/yuheng, memory: yuheng/pymrio)")
    if ratios_extra:
        lines.append(f"(diagnostic, not in the ratios above: yuheng with OPENBLAS_CORETYPE={ratios_extra['openblas_coretype']}: "
                     f"{extra['wall_s']:.2f} s wall, {extra['cpu_s']:.2f} CPU-s, {extra['peak_rss_mib']:.1f} MiB; "
                     f"pymrio/yuheng {ratios_extra['wall_pymrio_over_yuheng']:.2f}x wall, {ratios_extra['cpu_pymrio_over_yuheng']:.2f}x CPU; "
                     f"max rel. diff {ratios_extra['max_rel_diff']:.2e})")
    if maxrel is not None:
        lines.append(f"max relative difference (D_cba/pba/imp/exp_reg, {cmp_['entries']} entries): {maxrel:.3e}  "
                     f"(tolerance {cmp_['tolerance']:g}: {'PASS' if cmp_['pass'] else 'FAIL'})")
        lines.append("  per account: " + ", ".join(f"{k} {v['max_rel_diff']:.2e}" for k, v in cmp_["accounts"].items()))
    lines.append("goals: " + ", ".join(f"{k} {'yes' if v else 'NO'}" for k, v in goals.items()))
    if pyt:
        lines.append(f"pymrio in-process: load_all {pyt['load_wall_s']:.1f} s wall / {pyt['load_cpu_s']:.1f} CPU-s, "
                     f"calc_all {pyt['calc_all_wall_s']:.1f} s wall / {pyt['calc_all_cpu_s']:.1f} CPU-s, "
                     f"peak RSS after load {pyt['rss_peak_mib_after_load']:.0f} MiB")
    if probe and yu:
        lines.append(f"yuheng read only (Z, Y, x parsed, then stopped): {probe['wall_s']:.2f} s wall / {probe['cpu_s']:.2f} CPU-s, "
                     f"peak RSS {probe['peak_rss_mib']:.0f} MiB; the rest (F, checks, I-A, LU, solves, JSON): "
                     f"{max(0.0, yu['wall_s'] - probe['wall_s']):.2f} s wall / {max(0.0, yu['cpu_s'] - probe['cpu_s']):.2f} CPU-s")
    if ctx:
        la = ctx.get("loadavg", {})
        lines.append("load average (1/5/15 min): " + "; ".join(f"{k} {v}" for k, v in la.items()))
    table = "\n".join(lines)
    print(table)

    result = {"parameters": (ctx or {}).get("parameters"), "goals": goals, "ratios": ratios,
              "yuheng_other_kernel": {"time_v": extra, "ratios": ratios_extra, "comparison": extra_cmp} if extra else None,
              "yuheng": {"time_v": yu, "solver": yj.get("solver"), "warnings": yj.get("warnings"), "read_probe_time_v": probe},
              "pymrio": {"time_v": py, "in_process": pyt},
              "comparison": cmp_, "context": ctx, "table": table}
    a.out.write_text(json.dumps(result, indent=1, default=str))


if __name__ == "__main__":
    main()
