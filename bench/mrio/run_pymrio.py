#!/usr/bin/env python3
"""pymrio side of `make bench-mrio`: load a pymrio save_all folder, run calc_all, dump the regional accounts.

Usage: python3 run_pymrio.py FOLDER --accounts OUT.json [--timings OUT_TIMINGS.json] [--extension NAME]

FOLDER is the `pymrio_txt/` copy written by ../shared/bench/mrio/gen_synthetic.py. The process does exactly what a
pymrio user would do (pymrio.load_all, IOSystem.calc_all) so that /usr/bin/time around it measures the whole job,
as it does for `yuheng mrio accounts`. The in-process timings (load and calc_all separately, wall and CPU) go to
--timings; D_cba_reg, D_pba_reg, D_imp_reg and D_exp_reg of one extension go to --accounts as
{"D_cba_reg": {stressor: {region: value}}, ...} - the shape of Yuheng's `mrio accounts --json`.
Needs numpy, pandas, pymrio (measured with pymrio 0.7.0); threadpoolctl, if installed, names the BLAS kernel.
"""
import argparse
import json
import os
import platform
import resource
import sys
import time
from pathlib import Path

ACCOUNTS = ("D_cba_reg", "D_pba_reg", "D_imp_reg", "D_exp_reg")


def rss_peak_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # KiB on Linux


def clock():
    return time.perf_counter(), time.process_time()


def since(start):
    w, c = clock()
    return round(w - start[0], 4), round(c - start[1], 4)


def as_nested(frame):
    """DataFrame (stressor rows x region columns) -> {stressor: {region: float}}."""
    out = {}
    for label, row in frame.iterrows():
        key = " | ".join(map(str, label)) if isinstance(label, tuple) else str(label)
        out[key] = {str(region): float(v) for region, v in row.items()}
    return out


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("folder", type=Path)
    p.add_argument("--accounts", type=Path, required=True, help="write the four D_*_reg here (JSON)")
    p.add_argument("--timings", type=Path, help="write load/calc_all timings and versions here (JSON)")
    p.add_argument("--extension", default=None, help="extension to dump (default: the first one with data)")
    a = p.parse_args(argv)

    t_import = clock()
    import numpy
    import pandas
    import pymrio
    info = {"python": platform.python_version(), "numpy": numpy.__version__, "pandas": pandas.__version__,
            "pymrio": pymrio.__version__, "import_wall_s": since(t_import)[0],
            "loadavg_before": list(os.getloadavg()),
            "openblas_env": {k: os.environ.get(k) for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "OPENBLAS_NUM_THREADS")}}

    t = clock()
    io = pymrio.load_all(a.folder)
    info["load_wall_s"], info["load_cpu_s"] = since(t)
    info["rss_peak_mib_after_load"] = round(rss_peak_mib(), 1)
    info["n"] = int(io.Z.shape[0])

    t = clock()
    io.calc_all()
    info["calc_all_wall_s"], info["calc_all_cpu_s"] = since(t)
    info["rss_peak_mib_after_calc_all"] = round(rss_peak_mib(), 1)
    info["loadavg_after"] = list(os.getloadavg())

    exts = list(io.get_extensions(data=True))
    if not exts:
        sys.exit("run_pymrio.py: the MRIO has no extension")
    ext = next((e for e in exts if e.name == a.extension), None) if a.extension else exts[0]
    if ext is None:
        sys.exit(f"run_pymrio.py: no extension {a.extension!r}; available: {[e.name for e in exts]}")
    dump = {"extension": ext.name, "regions": [str(r) for r in io.get_regions()]}
    for name in ACCOUNTS:
        dump[name] = as_nested(getattr(ext, name))
    a.accounts.write_text(json.dumps(dump))

    try:
        import threadpoolctl
        info["blas"] = [{k: d.get(k) for k in ("internal_api", "version", "architecture", "num_threads", "threading_layer")}
                        for d in threadpoolctl.threadpool_info()]
    except ImportError:
        info["blas"] = "threadpoolctl not installed"
    text = json.dumps(info, indent=1)
    if a.timings:
        a.timings.write_text(text)
    print(text)


if __name__ == "__main__":
    main()
