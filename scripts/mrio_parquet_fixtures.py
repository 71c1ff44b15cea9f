#!/usr/bin/env python3
"""Writes the Parquet fixtures under Tests/Fixtures/mrio/pymrio_parquet/ from the text fixture
Tests/Fixtures/mrio/pymrio/folder (empty NaN cells, Y's regions in another order, a
coefficient-only extension), and pymrio's accounts on them.

pyarrow needs numpy >= 2, so this runs in its own environment:

    python3 -m venv /tmp/pqenv && /tmp/pqenv/bin/pip install "numpy>=2" pandas pyarrow pymrio==0.7.0
    /tmp/pqenv/bin/python scripts/mrio_parquet_fixtures.py

- folder/: `pymrio.load_all(text folder).save_all(folder, table_format="parquet")`, exactly what
  pymrio writes (snappy, dictionary pages, data pages v1, nullable columns with the NaN cells as
  values or nulls as pyarrow stores them).
- variants/: the same tables rewritten with the other options pyarrow offers, one per file: Z gzip
  with data pages v2 and its NaN cells as NaN values (not nulls), Y uncompressed without
  dictionaries in BYTE_STREAM_SPLIT, emissions/F in row groups of two rows and small pages, F_Y
  gzip; and x (Z·1 + Y·1) and population, which the text fixture lacks. The accounts must not change.
- bad/zstd.parquet: Z compressed with ZSTD (refused with an error that says how to write it).
- reference.json: pymrio 0.7.0 on folder/ (NaN -> 0, calc_all), as scripts/mrio_fixture_reference.py writes them.
"""
import os
import shutil
import sys

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pymrio

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "Tests", "Fixtures", "mrio")
OUT = os.path.join(ROOT, "pymrio_parquet")


def write(df, path, split_floats=False, **options):
    table = pa.Table.from_pandas(df)
    if split_floats:
        options["use_byte_stream_split"] = [f.name for f in table.schema if pa.types.is_floating(f.type)]
    pq.write_table(table, path, **options)


def main():
    if os.path.exists(OUT):
        shutil.rmtree(OUT)
    io_sys = pymrio.load_all(os.path.join(ROOT, "pymrio", "folder"))
    folder = os.path.join(OUT, "folder")
    io_sys.save_all(folder, table_format="parquet")

    variants = os.path.join(OUT, "variants")
    shutil.copytree(folder, variants)
    write(io_sys.Y, os.path.join(variants, "Y.parquet"), compression="none", use_dictionary=False, split_floats=True)
    write(pymrio.calc_x(io_sys.Z.fillna(0), io_sys.Y.fillna(0)), os.path.join(variants, "x.parquet"))
    regions = list(io_sys.get_regions())
    population = pd.DataFrame([[1.5e6 * (k + 1) for k in range(len(regions))]], index=["population"], columns=regions)
    write(population, os.path.join(variants, "population.parquet"))
    em = io_sys.emissions
    write(em.F, os.path.join(variants, "emissions", "F.parquet"), row_group_size=2, data_page_size=64)
    write(em.F_Y, os.path.join(variants, "emissions", "F_Y.parquet"), compression="gzip")
    # Z with its NaN cells stored as NaN values, not as the nulls pandas writes for them.
    t = pa.Table.from_pandas(io_sys.Z)
    cols = [pa.array(io_sys.Z[c].to_numpy(), type=pa.float64(), from_pandas=False) if c in io_sys.Z.columns else t.column(k)
            for k, c in enumerate([eval(n) if n.startswith("(") else n for n in t.schema.names])]
    pq.write_table(pa.table(cols, schema=t.schema), os.path.join(variants, "Z.parquet"), compression="gzip", data_page_version="2.0")

    bad = os.path.join(OUT, "bad")
    os.makedirs(bad)
    write(io_sys.Z, os.path.join(bad, "zstd.parquet"), compression="zstd")

    sys.path.insert(0, HERE)
    import mrio_fixture_reference as ref
    ref.parsed("pymrio_parquet", "load_all", "folder")


if __name__ == "__main__":
    main()
