#!/usr/bin/env python3
"""Runs pymrio on the fixtures written by scripts/mrio_fixtures.py and writes, beside each fixture,
`reference.json` with the per-region accounts D_cba_reg, D_pba_reg, D_imp_reg and D_exp_reg of every
extension (the Swift tests compare Yuheng's accounts with them at 1e-9 relative).

    pip install pymrio==0.7.0 pyxlsb openpyxl   # pyxlsb: the WIOD 2016 workbook; openpyxl: GLORIA's ReadMe
    python3 scripts/mrio_fixture_reference.py

Conventions recorded in each file: NaN (empty cells) in the parsed tables are set to 0 before
`calc_all()` (Yuheng reads them as 0; pymrio would carry NaN into every account); stressor keys are
the index tuple joined with " | "; regions are pymrio's labels after parsing.
"""
import json
import math
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
            # pymrio's pseudo-region ALL (OECD 2016's DISC column) has NaN accounts: left out (JSON has no NaN)
            entry[acc] = {key(i): {str(c): float(df.loc[i, c]) for c in df.columns if math.isfinite(float(df.loc[i, c]))} for i in df.index}
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


def parsed(provider, reader, name, **options):
    """pymrio's `reader` on the fixture `name` of `provider`, NaN -> 0, calc_all, saved with the call that made it."""
    d = os.path.join(ROOT, provider)
    io_sys = getattr(pymrio, reader)(os.path.join(d, name), **options)
    zero_nan(io_sys)
    io_sys.calc_all()
    args = "".join(f", {k}={v!r}" for k, v in options.items())
    save(d, io_sys, f"io = pymrio.{reader}('{name}'{args}); NaN -> 0; io.calc_all()")


def pymrio_folder():
    parsed("pymrio", "load_all", "folder")


def exiobase3():
    parsed("exiobase3", "parse_exiobase3", "IOT_2011_ixi.zip")


def oecd2023():
    parsed("oecd2023", "parse_oecd", "ICIO2023_2019.zip")


def oecd2016():
    parsed("oecd2016", "parse_oecd", "ICIO2016_2011.csv")


def oecd2018():
    parsed("oecd2018", "parse_oecd", "ICIO2018_2011.csv")


def eora26():
    parsed("eora26", "parse_eora26", "Eora26_2015_bp.zip")


def exiobase2():
    parsed("exiobase2", "parse_exiobase2", "mrIOT_IxI_fpa_coefficient_version2.2.2.zip", charact=False, popvector=None)


def exiobase1():
    parsed("exiobase1", "parse_exiobase1", "ixi_fpa_44_regions_coeff_txt")


def wiod2013():
    parsed("wiod2013", "parse_wiod", "WIOT09_ROW_Apr12.xlsx")


def figaro():
    """pymrio 0.7.0 has no FIGARO parser: the matrix is split here with pandas by its labels
    (REG_CODE at the first underscore; final-demand codes P3_S13, P3_S14, P3_S15, P51G, P5M are Y;
    rows of the pseudo-region W2 are the factor inputs), independently of Yuheng's reader, and the
    accounts are pymrio's calc_all on the IOSystem built from these frames."""
    d = os.path.join(ROOT, "figaro")
    raw = pd.read_csv(os.path.join(d, "matrix_eu-ic-io_ind-by-ind_23ed_2021.csv"), index_col=0).fillna(0).astype(float)
    fd_codes = {"P3_S13", "P3_S14", "P3_S15", "P51G", "P5M"}
    rows = pd.MultiIndex.from_tuples([tuple(r.split("_", 1)) for r in raw.index], names=["region", "sector"])
    cols = pd.MultiIndex.from_tuples([tuple(c.split("_", 1)) for c in raw.columns], names=["region", "sector"])
    raw.index, raw.columns = rows, cols
    is_va = rows.get_level_values("region") == "W2"
    is_fd = cols.get_level_values("sector").isin(fd_codes)
    Z = raw.loc[~is_va, ~is_fd]
    Z = Z.loc[:, Z.index]
    Y = raw.loc[~is_va, is_fd]
    Y.columns.names = ["region", "category"]
    F = raw.loc[is_va, ~is_fd].loc[:, Z.index]
    F.index = pd.Index(F.index.get_level_values("sector"), name="stressor")
    F_Y = raw.loc[is_va, is_fd]
    F_Y.index = F.index
    F_Y.columns.names = ["region", "category"]
    io_sys = pymrio.IOSystem(Z=Z, Y=Y, unit=pd.DataFrame({"unit": "M.EUR"}, index=Z.index))
    io_sys.factor_inputs = pymrio.Extension(name="factor_inputs", F=F, F_Y=F_Y, unit=pd.DataFrame({"unit": "M.EUR"}, index=F.index))
    io_sys.calc_all()
    save(d, io_sys, "pymrio 0.7.0 has no FIGARO parser: CSV split by label with pandas (REG_CODE; P3_S13/P3_S14/P3_S15/P51G/P5M are Y; W2 rows are factor_inputs), NaN -> 0; pymrio.IOSystem(Z, Y) + Extension(F, F_Y); io.calc_all()")


def wiod2016():
    """pymrio 0.7.0 has no parser for the WIOD 2016 release: the binary workbook is read with pandas and pyxlsb
    (pip install pyxlsb; header=None), split by its labels independently of Yuheng's reader — rows 7 on, columns E
    on; rows of country TOT are the summary rows, of which II_fob and GO (totals) are dropped and the rest are the
    extension factor_inputs named by column B; columns whose code (row 3) is CONS_h, CONS_np, CONS_g, GFCF or INVEN
    are Y; the GO column is dropped — and the accounts are pymrio's calc_all on the IOSystem built from these frames."""
    d = os.path.join(ROOT, "wiod2016")
    raw = pd.read_excel(os.path.join(d, "WIOT2014_Nov16_ROW.xlsb"), engine="pyxlsb", sheet_name="2014", header=None)
    codes, regions_c = raw.iloc[2, 4:].tolist(), raw.iloc[4, 4:].tolist()
    rows = raw.iloc[6:, :]
    data = rows.iloc[:, 4:].apply(pd.to_numeric, errors="coerce").fillna(0.0).astype(float)
    fd_codes = {"CONS_h", "CONS_np", "CONS_g", "GFCF", "INVEN"}
    is_fd = [c in fd_codes for c in codes]
    is_z = [(not f) and r != "TOT" for c, f, r in zip(codes, is_fd, regions_c)]
    row_region, row_code, row_name = rows.iloc[:, 2].tolist(), rows.iloc[:, 0].tolist(), rows.iloc[:, 1].tolist()
    z_rows = [i for i, r in enumerate(row_region) if r != "TOT"]
    f_rows = [i for i, (r, c) in enumerate(zip(row_region, row_code)) if r == "TOT" and c not in ("II_fob", "GO")]
    zi = pd.MultiIndex.from_tuples([(row_region[i], row_code[i]) for i in z_rows], names=["region", "sector"])
    zc = pd.MultiIndex.from_tuples([(r, c) for r, c, z in zip(regions_c, codes, is_z) if z], names=["region", "sector"])
    yc = pd.MultiIndex.from_tuples([(r, c) for r, c, f in zip(regions_c, codes, is_fd) if f], names=["region", "category"])
    zcols = [k for k, z in enumerate(is_z) if z]
    ycols = [k for k, f in enumerate(is_fd) if f]
    Z = pd.DataFrame(data.iloc[z_rows, zcols].to_numpy(), index=zi, columns=zc).loc[:, zi]
    Y = pd.DataFrame(data.iloc[z_rows, ycols].to_numpy(), index=zi, columns=yc)
    fi = pd.Index([row_name[i] for i in f_rows], name="stressor")
    F = pd.DataFrame(data.iloc[f_rows, zcols].to_numpy(), index=fi, columns=zc).loc[:, zi]
    F_Y = pd.DataFrame(data.iloc[f_rows, ycols].to_numpy(), index=fi, columns=yc)
    io_sys = pymrio.IOSystem(Z=Z, Y=Y, unit=pd.DataFrame({"unit": "M.USD"}, index=Z.index))
    io_sys.factor_inputs = pymrio.Extension(name="factor_inputs", F=F, F_Y=F_Y, unit=pd.DataFrame({"unit": "M.USD"}, index=F.index))
    io_sys.calc_all()
    save(d, io_sys, "pymrio 0.7.0 has no WIOD 2016 parser: xlsb read with pandas + pyxlsb (header=None), split by label (country TOT rows: "
         "factor_inputs without II_fob and GO; CONS_h/CONS_np/CONS_g/GFCF/INVEN columns are Y; GO column dropped), NaN -> 0; "
         "pymrio.IOSystem(Z, Y) + Extension(F, F_Y); io.calc_all()")


def gloria():
    parsed("gloria", "parse_gloria", ".", year=2019, version=59)


REFERENCES = {"pymrio": pymrio_folder, "exiobase3": exiobase3, "oecd2023": oecd2023, "oecd2018": oecd2018, "oecd2016": oecd2016, "eora26": eora26,
              "exiobase2": exiobase2, "exiobase1": exiobase1, "wiod2013": wiod2013, "figaro": figaro,
              "gloria": gloria, "wiod2016": wiod2016}

if __name__ == "__main__":
    wanted = sys.argv[1:] or list(REFERENCES)
    for w in wanted:
        REFERENCES[w]()
