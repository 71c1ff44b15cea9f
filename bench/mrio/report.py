#!/usr/bin/env python3
"""Assemble the result of `make bench-mrio`: table on stdout, everything in one JSON file.

Usage: python3 report.py --work DIR --out mrio_bench.json [--context context.json]

DIR holds what run.sh left there: per Yuheng solver S (--solvers, default "lu iterative") yuheng_S.time, yuheng_S.json and
compare_S.json, pymrio.time (GNU `/usr/bin/time -v` output), pymrio_timings.json (run_pymrio.py),
compare_iterative_vs_lu.json, optionally read_probe.time (Yuheng stopped right after reading Z, Y, x). Ratios per
solver: pymrio/yuheng for wall and CPU time (how many times faster Yuheng is), yuheng/pymrio for peak RSS (fraction of
pymrio's memory). Goals from issue 20: >= 20x faster, <= 1/8 of the memory, results equal to 1e-9 relative.
Exit status 0 whatever the outcome (run.sh decides).
"""
import argparse
import json
import re
from pathlib import Path

GOAL_SPEEDUP, GOAL_MEMORY, GOAL_TOL = 20.0, 0.125, 1e-9


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


def solver_result(w, s, py):
    """One Yuheng solver's run: time -v, comparison with pymrio, ratios, goals, the solver report."""
    yu, cmp_ = parse_time_v(w / f"yuheng_{s}.time"), load_json(w / f"compare_{s}.json")
    yj = load_json(w / f"yuheng_{s}.json") or {}
    ratios = {}
    if yu and py:
        ratios = {"wall_pymrio_over_yuheng": py["wall_s"] / yu["wall_s"] if yu["wall_s"] > 0 else None,
                  "cpu_pymrio_over_yuheng": py["cpu_s"] / yu["cpu_s"] if yu["cpu_s"] > 0 else None,
                  "peak_rss_yuheng_over_pymrio": yu["peak_rss_mib"] / py["peak_rss_mib"]}
    goals = {
        "speedup_wall_ge_20": bool(ratios.get("wall_pymrio_over_yuheng") and ratios["wall_pymrio_over_yuheng"] >= GOAL_SPEEDUP),
        "speedup_cpu_ge_20": bool(ratios.get("cpu_pymrio_over_yuheng") and ratios["cpu_pymrio_over_yuheng"] >= GOAL_SPEEDUP),
        "memory_le_eighth": bool(ratios.get("peak_rss_yuheng_over_pymrio") is not None and ratios["peak_rss_yuheng_over_pymrio"] <= GOAL_MEMORY),
        "results_within_1e-9": bool(cmp_ and cmp_.get("pass")),
    }
    return {"time_v": yu, "comparison": cmp_, "ratios": ratios, "goals": goals, "solver": yj.get("solver"),
            "solver_report": yj.get("solver_report"), "warnings": yj.get("warnings")}


def solver_lines(s, r):
    """The table's lines for one solver: ratios, difference from pymrio, goals, the solver's own report."""
    lines = []
    q = r["ratios"]
    if q:
        lines.append(f"{'ratio ' + s:<18} {q['wall_pymrio_over_yuheng']:>8.2f}x {q['cpu_pymrio_over_yuheng']:>8.2f}x "
                     f"{q['peak_rss_yuheng_over_pymrio']:>12.3f}   (time: pymrio/yuheng, memory: yuheng/pymrio)")
    c = r["comparison"]
    if c:
        lines.append(f"  {s}: max relative difference from pymrio (D_cba/pba/imp/exp_reg, {c['entries']} entries): {c['max_rel_diff']:.3e}  "
                     f"(tolerance {c['tolerance']:g}: {'PASS' if c['pass'] else 'FAIL'}); per account: "
                     + ", ".join(f"{k} {v['max_rel_diff']:.2e}" for k, v in c["accounts"].items()))
    rep = r["solver_report"] or {}
    if rep:
        lines.append(f"  {s}: method {rep.get('method')}, iterations {rep.get('iterations')}, relative residual {rep.get('relative_residual')}, "
                     f"estimated rate {rep.get('estimated_rate')}; reason: {rep.get('reason')}" + "".join(f"; note: {x}" for x in rep.get("notes", [])))
    lines.append(f"  {s}: goals: " + ", ".join(f"{k} {'yes' if v else 'NO'}" for k, v in r["goals"].items()))
    return lines


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--work", type=Path, required=True)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--context", type=Path, help="JSON written by run.sh (parameters, machine, versions)")
    p.add_argument("--solvers", default="lu iterative", help="Yuheng's solvers that ran (space separated)")
    a = p.parse_args(argv)
    w = a.work
    solvers = a.solvers.split()
    py = parse_time_v(w / "pymrio.time")
    pyt = load_json(w / "pymrio_timings.json")
    probe = parse_time_v(w / "read_probe.time")
    ctx = load_json(a.context) if a.context else None
    between = load_json(w / "compare_iterative_vs_lu.json")
    results = {s: solver_result(w, s, py) for s in solvers}

    lines = [f"{'tool':<18} {'wall s':>9} {'CPU s':>9} {'peak RSS MiB':>12}"]
    for name, r in [(f"yuheng {s}", results[s]["time_v"]) for s in solvers] + [("pymrio", py)]:
        lines.append(f"{name:<18} {r['wall_s']:>9.2f} {r['cpu_s']:>9.2f} {r['peak_rss_mib']:>12.1f}" if r else f"{name:<18} {'(missing)':>9}")
    for s in solvers:
        lines += solver_lines(s, results[s])
    if between:
        lines.append(f"iterative vs LU (Yuheng): max relative difference {between['max_rel_diff']:.3e} "
                     f"(tolerance {between['tolerance']:g}: {'PASS' if between['pass'] else 'FAIL'})")
    if pyt:
        lines.append(f"pymrio in-process: load_all {pyt['load_wall_s']:.1f} s wall / {pyt['load_cpu_s']:.1f} CPU-s, "
                     f"calc_all {pyt['calc_all_wall_s']:.1f} s wall / {pyt['calc_all_cpu_s']:.1f} CPU-s, "
                     f"peak RSS after load {pyt['rss_peak_mib_after_load']:.0f} MiB")
    first = results[solvers[0]]["time_v"] if solvers else None
    if probe and first:
        lines.append(f"yuheng read only (Z, Y, x parsed, then stopped): {probe['wall_s']:.2f} s wall / {probe['cpu_s']:.2f} CPU-s, "
                     f"peak RSS {probe['peak_rss_mib']:.0f} MiB")
    extra = parse_time_v(w / "yuheng_coretype.time")
    if extra:
        kind = (ctx or {}).get("yuheng_extra_coretype") or "other kernel"
        lines.append(f"(diagnostic: yuheng --solver auto with OPENBLAS_CORETYPE={kind}: {extra['wall_s']:.2f} s wall, {extra['cpu_s']:.2f} CPU-s, "
                     f"{extra['peak_rss_mib']:.1f} MiB)")
    if ctx:
        la = ctx.get("loadavg", {})
        lines.append("load average (1/5/15 min): " + "; ".join(f"{k} {v}" for k, v in la.items()))
    table = "\n".join(lines)
    print(table)
    result = {"parameters": (ctx or {}).get("parameters"), "yuheng": results, "iterative_vs_lu": between,
              "yuheng_read_probe_time_v": probe, "yuheng_other_kernel_time_v": extra, "pymrio": {"time_v": py, "in_process": pyt}, "context": ctx, "table": table}
    a.out.write_text(json.dumps(result, indent=1, default=str))


if __name__ == "__main__":
    main()
