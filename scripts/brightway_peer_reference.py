#!/usr/bin/env python3
"""Brightway's GWP100 results on the ecoinvent-format peer fixture (issue 18 item 5), written to
Tests/Fixtures/lca/brightway-peer/reference.json for Tests/LCIImportTests/BrightwayPeerTests.swift.

The peer path is Brightway's own: in a throwaway project (a temporary BRIGHTWAY2_DIR), bw2io's `bw2setup()` builds
biosphere3 from the ecoinvent 3.9 elementary flows bw2io ships; ecoinvent's "IPCC 2021 / climate change / global
warming potential (GWP100)" is written from bw2io's lcia_39_ecoinvent.zip (that method only); the fixture's
datasets are imported with `SingleOutputEcospold2Importer` (biosphere exchanges linked to biosphere3 by flow
uuid, technosphere exchanges by activityLinkId); `bw2calc.LCA` gives, per activity and per unit of its
reference product, the score, the life-cycle inventory per elementary flow and its characterised value.

    python3 -m venv /tmp/bw18 && /tmp/bw18/bin/pip install bw2io==0.9.17 bw2calc==3.1.0 bw2data==4.8
    /tmp/bw18/bin/python scripts/brightway_peer_fixture.py
    /tmp/bw18/bin/python scripts/brightway_peer_reference.py

Deterministic up to the last bits of the sparse solve: numbers are written with repr (17 significant digits).
"""
import json
import os
import sys
import tempfile
import zipfile
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "Tests/Fixtures/lca/brightway-peer"
METHOD = ("IPCC 2021", "climate change", "global warming potential (GWP100)")


def setup_project(bd, bi):
    """biosphere3 and the one method in the current (throwaway) project."""
    bi.create_default_biosphere3()
    lcia = Path(bi.__file__).parent / "data" / "lcia" / "lcia_39_ecoinvent.zip"
    with zipfile.ZipFile(lcia) as z:
        data = [m for m in json.load(z.open("data.json")) if tuple(m["name"]) == METHOD]
    assert len(data) == 1, f"{METHOD} not in {lcia.name}"
    data[0]["name"] = METHOD
    # bw2data 4.8 takes a flow key as a tuple; the zip's JSON has lists (bw2io's create_default_lcia_methods
    # fails the same way on them).
    for cf in data[0]["exchanges"]:
        cf["input"] = tuple(cf["input"])
    imp = bi.importers.base_lcia.LCIAImporter("lcia_39_ecoinvent.zip")
    imp.data = data
    imp.write_methods(overwrite=True)
    return lcia.name


def import_fixture(bd, bi):
    imp = bi.SingleOutputEcospold2Importer(str(FIXTURE / "ecospold2" / "datasets"), "yuheng-peer", use_mp=False)
    imp.apply_strategies()
    unlinked = list(imp.unlinked)
    if unlinked:
        print("unlinked:", unlinked, file=sys.stderr)
        raise SystemExit(f"{len(unlinked)} exchanges not linked")
    imp.write_database()
    return len(imp.data), sum(len(ds["exchanges"]) for ds in imp.data)


def results(bd, bc):
    cfs = {bd.get_node(id=i)["code"]: cf for i, cf in bd.Method(METHOD).load()}
    out = []
    for act in sorted(bd.Database("yuheng-peer"), key=lambda a: a["name"]):
        lca = bc.LCA({act: 1}, method=METHOD)
        lca.lci()
        lca.lcia()
        inventory = lca.inventory.sum(axis=1).A1
        characterised = lca.characterized_inventory.sum(axis=1).A1
        flows = {}
        for node_id, row in lca.dicts.biosphere.items():
            if inventory[row] != 0:
                node = bd.get_node(id=node_id)
                flows[node["code"]] = {"name": node["name"], "categories": list(node["categories"]),
                                       "amount": float(inventory[row]), "kg_co2e": float(characterised[row])}
        out.append({"activity_id": act["activity"], "name": act["name"], "reference_product": act["reference product"],
                    "unit": act["unit"], "score": float(lca.score), "flows": flows})
    used = {code for r in out for code in r["flows"]}
    return out, {code: cfs.get(code, 0.0) for code in sorted(used)}


def main():
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["BRIGHTWAY2_DIR"] = tmp
        import bw2calc as bc
        import bw2data as bd
        import bw2io as bi

        bd.projects.set_current("yuheng-brightway-peer")
        lcia_file = setup_project(bd, bi)
        datasets, exchanges = import_fixture(bd, bi)
        processes, factors = results(bd, bc)
        reference = {
            "source": "scripts/brightway_peer_reference.py on Tests/Fixtures/lca/brightway-peer/ecospold2",
            "import_path": "bw2io.SingleOutputEcospold2Importer, biosphere linked by flow uuid to bw2io's biosphere3 (ecoinvent 3.9)",
            "method": list(METHOD), "method_file": f"bw2io/data/lcia/{lcia_file}", "unit": bd.Method(METHOD).metadata["unit"],
            "versions": {p: version(p) for p in ("bw2io", "bw2calc", "bw2data", "numpy", "scipy")},
            "imported": {"datasets": datasets, "exchanges": exchanges},
            "factors": factors,
            "processes": processes,
        }
    (FIXTURE / "reference.json").write_text(json.dumps(reference, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    for p in processes:
        print(f"{p['name']:40s} {p['score']:.17g} {reference['unit']} per {p['unit']}")


if __name__ == "__main__":
    main()
