#!/usr/bin/env python3
"""Runs pymrio on the fixtures written by scripts/mrio_fixtures.py and writes, beside each fixture,
`reference.json` with the per-region accounts D_cba_reg, D_pba_reg, D_imp_reg and D_exp_reg of every
extension (the Swift tests compare Yuheng's accounts with them at 1e-9 relative).

    pip install pymrio==0.7.0
    python3 scripts/mrio_fixture_reference.py

Conventions recorded in each file: NaN (empty cells) in the parsed tables are set to 0 before
`calc_all()` (Yuheng reads them as 0; pymrio would carry NaN into every account); stressor keys are
the index tuple joined with " | "; regions are pymrio's labels after parsing.
"""
import json
import os
import sys
import warnings

import pandas as pd
import pymrio
from importlib.metadata import version

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "Fixtures", "mrio")
warnings.simplefilter("ignore")


def key(idx):
    return " | ".join(str(p) for p in idx) if isinstance(idx, tuple) else str(idx)


def zero_nan(io_sys):
    for name in ["Z", "A", "Y", "x"]:
        df = getattr(io_sys, name, None)
        if isinstance(df, pd.DataFrame):
            setattr(io_sys, name, df.fillna(0).astype(float))
    for ext in io_sys.get_extensions(data=True):
        for name in ["F", "F_Y", "S", "S_Y"]:
            df = getattr(ext, name, None)
            if isinstance(df, pd.DataFrame):
                setattr(ext, name, df.fillna(0).astype(float))


def accounts(io_sys, names=None):
    out = {}
    for ext_name, ext in zip(io_sys.get_extensions(), io_sys.get_extensions(data=True)):
        label = names.get(ext_name, ext_name) if names else ext_name
        entry = {"stressors": [key(i) for i in ext.D_cba_reg.index]}
        for acc in ["D_cba_reg", "D_pba_reg", "D_imp_reg", "D_exp_reg"]:
            df = getattr(ext, acc)
            entry[acc] = {key(i): {str(c): float(df.loc[i, c]) for c in df.columns} for i in df.index}
        out[label] = entry
    return out


def save(folder, io_sys, procedure, names=None, extra=None):
    ref = {
        "generator": f"pymrio {version('pymrio')}, pandas {pd.__version__}, Python {sys.version.split()[0]}",
        "procedure": procedure,
        "conventions": "NaN set to 0 before calc_all; stressor keys join the index levels with ' | '",
        "regions": [str(r) for r in io_sys.get_regions()],
        "sectors": [str(s) for s in io_sys.get_sectors()],
        "extensions": accounts(io_sys, names),
    }
    if extra:
        ref.update(extra)
    with open(os.path.join(folder, "reference.json"), "w") as f:
        json.dump(ref, f, indent=1, sort_keys=True)
        f.write("\n")
    print("wrote", os.path.join(folder, "reference.json"))


def pymrio_folder():
    d = os.path.join(ROOT, "pymrio")
    io_sys = pymrio.load_all(os.path.join(d, "folder"))
    zero_nan(io_sys)
    io_sys.calc_all()
    save(d, io_sys, "io = pymrio.load_all('folder'); NaN -> 0; io.calc_all()")


def exiobase3():
    d = os.path.join(ROOT, "exiobase3")
    io_sys = pymrio.parse_exiobase3(os.path.join(d, "IOT_2011_ixi.zip"))
    zero_nan(io_sys)
    io_sys.calc_all()
    save(d, io_sys, "io = pymrio.parse_exiobase3('IOT_2011_ixi.zip'); NaN -> 0; io.calc_all()")


def oecd2023():
    d = os.path.join(ROOT, "oecd2023")
    io_sys = pymrio.parse_oecd(os.path.join(d, "ICIO2023_2019.zip"))
    zero_nan(io_sys)
    io_sys.calc_all()
    save(d, io_sys, "io = pymrio.parse_oecd('ICIO2023_2019.zip'); NaN -> 0; io.calc_all()")


def oecd2018():
    d = os.path.join(ROOT, "oecd2018")
    io_sys = pymrio.parse_oecd(os.path.join(d, "ICIO2018_2011.csv"))
    zero_nan(io_sys)
    io_sys.calc_all()
    save(d, io_sys, "io = pymrio.parse_oecd('ICIO2018_2011.csv'); NaN -> 0; io.calc_all()")


def eora26():
    d = os.path.join(ROOT, "eora26")
    io_sys = pymrio.parse_eora26(os.path.join(d, "Eora26_2015_bp.zip"))
    zero_nan(io_sys)
    io_sys.calc_all()
    save(d, io_sys, "io = pymrio.parse_eora26('Eora26_2015_bp.zip'); NaN -> 0; io.calc_all()")


REFERENCES = {"pymrio": pymrio_folder, "exiobase3": exiobase3, "oecd2023": oecd2023, "oecd2018": oecd2018, "eora26": eora26}

if __name__ == "__main__":
    wanted = sys.argv[1:] or list(REFERENCES)
    for w in wanted:
        REFERENCES[w]()
