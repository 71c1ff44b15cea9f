#!/usr/bin/env python3
"""Reads pymrio's own mock tables (tests/mock_mrios/ of a pymrio checkout: one small table per provider layout,
GPL-3.0, never copied into Yuheng) with pymrio's parsers and with `yuheng mrio accounts --json`, and prints the largest
relative difference of D_cba/D_pba/D_imp/D_exp per region for every extension both read (OECD 2016: pymrio's
pseudo-region ALL of the DISC column is skipped; the regions' D_pba and D_exp differ by design, docs/formats-mrio.md).

    python3 scripts/pymrio_mock_check.py PYMRIO_CHECKOUT [YUHENG_BINARY]

Needs pymrio (0.7.0 here), pandas and openpyxl; the binary defaults to .build/debug/yuheng.
"""
import json
import os
import subprocess
import sys
import warnings

import pymrio

warnings.simplefilter("ignore")


def key(idx):
    # Yuheng trims labels ("…non-residents " in WIOD's workbook); pymrio keeps the spaces.
    return " | ".join(str(p).strip() for p in idx) if isinstance(idx, tuple) else str(idx).strip()


CASES = [
    ("EXIOBASE 3", "exio3_mock", lambda p: pymrio.parse_exiobase3(p)),
    ("EXIOBASE 1", "exio1_mock", lambda p: pymrio.parse_exiobase1(p)),
    ("EXIOBASE 2", "exio2_mock/mrIOT_PxP_ita_coefficient_version2.2.2.zip", lambda p: pymrio.parse_exiobase2(p, charact=False, popvector=None)),
    ("Eora26", "eora26_mock", lambda p: pymrio.parse_eora26(p, year=2010)),
    ("OECD ICIO 2016", "oecd_mock/ICIO2016_2003.csv", lambda p: pymrio.parse_oecd(p)),
    ("OECD ICIO 2018 (csv)", "oecd_mock/ICIO2018_2010.CSV", lambda p: pymrio.parse_oecd(p)),
    ("OECD ICIO 2018 (zip)", "oecd_mock/ICIO2018_2010.zip", lambda p: pymrio.parse_oecd(p)),
    ("GLORIA 059", "gloria_mock", lambda p: pymrio.parse_gloria(p, year=2022, version=59)),
    ("WIOD 2013", "wiod_mock/wiot09_row_sep12.xlsx", lambda p: pymrio.parse_wiod(p, year=2009)),
]


def main():
    root = os.path.join(sys.argv[1], "tests", "mock_mrios")
    binary = sys.argv[2] if len(sys.argv) > 2 else ".build/debug/yuheng"
    for label, rel, parse in CASES:
        path = os.path.join(root, rel)
        try:
            io_sys = parse(path)
            for name in ["Z", "A", "Y", "x"]:
                df = getattr(io_sys, name, None)
                if df is not None:
                    setattr(io_sys, name, df.fillna(0))
            io_sys.calc_all()
        except Exception as e:  # noqa: BLE001 - report and go on
            print(f"{label:22s} pymrio failed: {e}")
            continue
        worst = {}
        for ext_name, ext in zip(io_sys.get_extensions(), io_sys.get_extensions(data=True)):
            if label.startswith("WIOD") and ext_name != "factor_inputs":
                continue  # the environmental and socio-economic accounts (.xls, SEA) are not read by Yuheng
            r = subprocess.run([binary, "mrio", "accounts", "--mrio", path, "--extension", ext_name, "--json"], capture_output=True, text=True)
            if r.returncode != 0:
                print(f"{label:22s} {ext_name}: yuheng exit {r.returncode}: {r.stderr.strip()[:200]}")
                continue
            mine = json.loads(r.stdout)
            for acc in ["D_cba_reg", "D_pba_reg", "D_imp_reg", "D_exp_reg"]:
                df = getattr(ext, acc)
                scale = max(float(abs(df.values).max()), 1e-300)
                for idx in df.index:
                    for region in df.columns:
                        if str(region) == "ALL":
                            continue  # pymrio's pseudo-region of the OECD 2016 discrepancy column (DISC)
                        want = float(df.loc[idx, region])
                        got = mine[acc].get(key(idx), {}).get(str(region))
                        if got is None:
                            worst[acc] = max(worst.get(acc, 0), float("inf")) if str(region) in mine["regions"] else worst.get(acc, 0)
                            continue
                        d = abs(got - want) / (abs(want) if want != 0 else scale)
                        worst[acc] = max(worst.get(acc, 0), d)
        print(f"{label:22s} " + "  ".join(f"{a}: {worst.get(a, float('nan')):.1e}" for a in ["D_cba_reg", "D_pba_reg", "D_imp_reg", "D_exp_reg"]))


if __name__ == "__main__":
    main()
