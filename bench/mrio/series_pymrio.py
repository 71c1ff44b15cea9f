#!/usr/bin/env python3
"""The pymrio side of `make bench-mrio-series`: load_all + calc_all on every table given, in one process, and dump
the first stressor's D_cba_reg and D_pba_reg per table (what `yuheng mrio series` reports).

Usage: python3 series_pymrio.py --out pymrio.json DIR [DIR ...]   (DIR: a pymrio_txt folder of gen_synthetic.py)
"""
import argparse
import json
import time

import pymrio


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", required=True)
    p.add_argument("tables", nargs="+")
    a = p.parse_args(argv)
    years = []
    for path in a.tables:
        t0, c0 = time.perf_counter(), time.process_time()
        io = pymrio.load_all(path)
        io.calc_all()
        ext = io.stressors
        stressor = ext.D_cba_reg.index[0]
        years.append({"table": path, "stressor": stressor, "wall_s": time.perf_counter() - t0, "cpu_s": time.process_time() - c0,
                      "D_cba_reg": {str(r): float(v) for r, v in ext.D_cba_reg.loc[stressor].items()},
                      "D_pba_reg": {str(r): float(v) for r, v in ext.D_pba_reg.loc[stressor].items()}})
        del io
    with open(a.out, "w") as f:
        json.dump({"years": years}, f)


if __name__ == "__main__":
    main()
