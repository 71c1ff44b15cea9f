#!/usr/bin/env python3
"""Writes tiny MRIO fixtures in the published layouts of OECD ICIO and Eora26 under
Tests/Fixtures/mrio/<provider>/ (synthetic, deterministic values from numpy's seeded generator).

    python3 scripts/mrio_provider_fixtures.py      # rewrites the fixtures (byte-identical on a rerun)
    python3 scripts/mrio_fixture_reference.py oecd2023 oecd2018 eora26   # pymrio's accounts on them

Layouts (as the providers publish them and as pymrio's parse_oecd / parse_eora26 read them):

- OECD ICIO 2021/2023 (`ICIO2023_2019.csv`): one comma-separated matrix, first column and first
  row the labels `REG_SECTOR`; final-demand columns `REG_HFCE`, `REG_NPISH`, `REG_GGFC`, `REG_GFCF`,
  `REG_INVNT`, `REG_DPABR`; rows `TLS` and `VA` (factor inputs); a totals row `OUT` and a totals
  column `OUT`; China and Mexico split into `CN1`, `CN2` and `MX1`, `MX2` beside `CHN` and `MEX`
  (intermediate rows and columns only; final demand is by CHN and MEX). Zipped as the OECD ships it.
- OECD ICIO 2016/2018 (`ICIO2018_2011.csv`): the same with `TAXSUB` and `VALU` rows, an `OUTPUT`
  totals row and a `TOTAL` totals column, final demand `HFCE`, `NPISH`, `GGFC`, `GFCF`, `INVNT`, `P33`.
- Eora26 (`Eora26_2015_bp.zip`): headerless tab-separated `Eora26_2015_bp_T.txt` (Z), `_FD.txt` (Y),
  `_Q.txt` / `_QY.txt` (satellite), `_VA.txt` (value added) and the label files `labels_T.txt`,
  `labels_FD.txt`, `labels_Q.txt`, `labels_VA.txt`; a rest of the world `ROW` with a single
  sector `TOTAL` (dropped by the parser); stressor labels carry their unit in parentheses.
"""
import io
import os
import zipfile

import numpy as np

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "Fixtures", "mrio")
FIXED_DATE = (2020, 1, 1, 0, 0, 0)


def num(v):
    v = float(v)
    return "0.0" if v == 0 else repr(v)


def zip_write(path, files):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in files:
            info = zipfile.ZipInfo(name, FIXED_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text)
    with open(path, "wb") as f:
        f.write(buf.getvalue())


def oecd(rng, folder, fname, fd_cats, factor_rows, total_row, total_col, blank_cells, zipped):
    regions = ["AUS", "CHN", "MEX", "ROW", "CN1", "CN2", "MX1", "MX2"]
    sectors = ["A01", "B05", "C10T12", "D"]
    fd_regions = ["AUS", "CHN", "MEX", "ROW"]
    rows = [f"{r}_{s}" for r in regions for s in sectors]
    cols_fd = [f"{r}_{c}" for r in fd_regions for c in fd_cats]
    n, m = len(rows), len(cols_fd)
    Z = rng.uniform(0, 40, (n, n)) * (rng.uniform(0, 1, (n, n)) > 0.3)
    Y = rng.uniform(0, 300, (n, m)) * (rng.uniform(0, 1, (n, m)) > 0.2)
    Y[2, 4] = -3.5  # an inventory change
    F = rng.uniform(10, 200, (len(factor_rows), n))
    FY = np.zeros((len(factor_rows), m))
    FY[0, :] = rng.uniform(0, 5, m)  # taxes on final demand
    x = Z.sum(axis=1) + Y.sum(axis=1)
    header = ['""'] + [f'"{c}"' for c in rows + cols_fd + [total_col]]
    lines = [",".join(header)]
    for i, lab in enumerate(rows):
        cells = [num(v) for v in list(Z[i]) + list(Y[i]) + [x[i]]]
        if (i, 3) in blank_cells:
            cells[3] = ""  # an empty cell (pandas reads NaN; pymrio fills 0)
        lines.append(",".join([f'"{lab}"'] + cells))
    for k, lab in enumerate(factor_rows):
        lines.append(",".join([f'"{lab}"'] + [num(v) for v in list(F[k]) + list(FY[k]) + [0.0]]))
    out = Z.sum(axis=0) + F.sum(axis=0)
    lines.append(",".join([f'"{total_row}"'] + [num(v) for v in list(out) + [0.0] * m + [0.0]]))
    text = "\n".join(lines) + "\n"
    if zipped:
        zip_write(os.path.join(ROOT, folder, fname.replace(".csv", ".zip")), [(fname, text)])
        return
    os.makedirs(os.path.join(ROOT, folder), exist_ok=True)
    with open(os.path.join(ROOT, folder, fname), "w", newline="\n") as f:
        f.write(text)


def eora26(rng):
    regions = [("Albania", "ALB"), ("Brazil", "BRA"), ("China", "CHN")]
    sectors = ["Agriculture", "Mining and Quarrying", "Electricity, Gas and Water"]
    cats = ["Household final consumption P.3h", "Government final consumption P.3g", "Changes in inventories P.52"]
    labels_T = [(full, code, "Industries", s) for full, code in regions for s in sectors] + [("Rest of the World", "ROW", "Industries", "TOTAL")]
    labels_FD = [(full, code, "Final Demand", c) for full, code in regions + [("Rest of the World", "ROW")] for c in cats]
    labels_Q = [("Energy Usage (TJ)", "Natural Gas"), ("Energy Usage (TJ)", "Coal"), ("CO2 emissions (Gg)", "Total")]
    labels_VA = [("Primary input", "Compensation of employees D.1"), ("Primary input", "Operating surplus B.2n")]
    n, m = len(labels_T), len(labels_FD)
    T = rng.uniform(0, 50, (n, n)) * (rng.uniform(0, 1, (n, n)) > 0.3)
    FD = rng.uniform(0, 400, (n, m)) * (rng.uniform(0, 1, (n, m)) > 0.2)
    FD[1, 2] = -4.25
    Q = rng.uniform(0, 30, (len(labels_Q), n))
    QY = np.zeros((len(labels_Q), m))
    QY[2, ::3] = rng.uniform(1, 9, m // 3)  # household emissions
    VA = rng.uniform(5, 90, (len(labels_VA), n))

    def mat(M):
        return "".join("\t".join(num(v) for v in row) + "\n" for row in M)

    def lab(rows):
        return "".join("\t".join(r) + "\t\n" for r in rows)  # Eora's label files end every line with a tab

    files = [
        ("Eora26_2015_bp_T.txt", mat(T)), ("Eora26_2015_bp_FD.txt", mat(FD)), ("Eora26_2015_bp_Q.txt", mat(Q)),
        ("Eora26_2015_bp_QY.txt", mat(QY)), ("Eora26_2015_bp_VA.txt", mat(VA)),
        ("labels_T.txt", lab(labels_T)), ("labels_FD.txt", lab(labels_FD)), ("labels_Q.txt", lab(labels_Q)), ("labels_VA.txt", lab(labels_VA)),
    ]
    zip_write(os.path.join(ROOT, "eora26", "Eora26_2015_bp.zip"), files)


if __name__ == "__main__":
    oecd(np.random.default_rng(2023), "oecd2023", "ICIO2023_2019.csv", ["HFCE", "NPISH", "GGFC", "GFCF", "INVNT", "DPABR"],
         ["TLS", "VA"], "OUT", "OUT", {(5, 3)}, zipped=True)
    oecd(np.random.default_rng(2018), "oecd2018", "ICIO2018_2011.csv", ["HFCE", "NPISH", "GGFC", "GFCF", "INVNT", "P33"],
         ["TAXSUB", "VALU"], "OUTPUT", "TOTAL", set(), zipped=False)
    eora26(np.random.default_rng(26))
    print("wrote oecd2023, oecd2018, eora26 under", ROOT)
